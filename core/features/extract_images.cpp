// extract_image_features: dataset or file list -> image feature file.
#include "core/data/coco_captions.h"
#include "core/data/image/clip_preprocess.h"
#include "core/data/file_util.h"
#include "core/data/manifest.h"
#include "core/features/extract_common.h"
#include "core/features/feature_file.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>

namespace plumage::features {
namespace {

struct ImageList {
  std::vector<ImageItem> items;
  std::vector<std::string> class_names;
  DatasetInfo dataset;
  std::string sizes_hash;  // file sizes: a replaced image invalidates the cache
  std::vector<std::string> warnings;
  std::vector<SkippedImage> missing;          // COCO: listed, not on disk
  std::map<std::string, std::string> extra;   // metadata of the source
};

// A COCO captions file: every listed image found on disk, with its COCO id;
// all count as training images (the converter pairs training images only).
void list_coco(const ImageExtractRequest& r, ImageList& list) {
  data::CocoReadOptions co;
  co.mode = data::ReadMode::Lenient;
  co.image_dir = r.coco_image_dir;
  const data::CocoCaptions coco = data::read_coco_captions(r.coco_captions, co);
  for (const auto& w : coco.warnings) list.warnings.push_back(w.to_string());
  if (coco.image_dir.empty() || !std::filesystem::is_directory(coco.image_dir))
    throw data::DataError(r.coco_captions, 0,
                          coco.notes.empty() ? std::string("image folder not found") : coco.notes.front());
  for (const auto& im : coco.images) {
    const std::string path = coco.image_path(im);
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) list.items.push_back({path, im.id, -1, true});
    else list.missing.push_back({im.id, path, "file not found"});
  }
  list.dataset.root = r.coco_captions;
  list.dataset.kind = "coco";
  list.extra["pairs_only"] = "true";
  list.extra["coco_captions"] = r.coco_captions;
  list.extra["coco_captions_hash"] = data::sha256_tag(data::read_file_bytes(r.coco_captions));
  list.extra["coco_image_dir"] = coco.image_dir;
  if (list.items.empty())
    throw data::DataError(r.coco_captions, 0,
                          "none of its " + std::to_string(coco.images.size()) + " images is in " + coco.image_dir);
}

ImageList list_images(const ImageExtractRequest& r) {
  ImageList list;
  if (!r.coco_captions.empty()) {
    list_coco(r, list);
  } else if (!r.dataset_root.empty()) {
    data::ReadOptions ro;
    ro.mode = data::ReadMode::Lenient;  // listing problems become warnings; those entries are left out
    ro.check_files_exist = false;       // a missing or unreadable image is reported as skipped instead
    const data::Dataset ds = data::open_dataset(r.dataset_root, ro);
    for (const auto& w : ds.warnings) list.warnings.push_back(w.to_string());
    list.class_names = ds.class_names();
    for (const auto& im : ds.images) list.items.push_back({ds.image_path(im), im.id, im.label, im.is_train});
    list.dataset.root = r.dataset_root;
    list.dataset.kind = ds.kind;
  } else {
    int64_t id = 1;
    for (const std::string& f : r.image_files) list.items.push_back({f, id++, -1, false});
    list.dataset.kind = "files";
  }
  if (list.items.empty()) throw std::runtime_error("no images to encode");
  std::string listing, sizes;
  for (const auto& it : list.items) {
    listing += std::to_string(it.image_id) + "\t" + it.path + "\t" + std::to_string(it.label) + "\t" +
               (it.is_train ? "1" : "0") + "\n";
    std::error_code ec;
    const auto size = std::filesystem::file_size(it.path, ec);
    sizes += ec ? std::string("-\n") : std::to_string(size) + "\n";
  }
  list.dataset.images_hash = data::sha256_tag(listing);
  list.dataset.image_count = static_cast<int64_t>(list.items.size() + list.missing.size());
  list.sizes_hash = data::sha256_tag(sizes);
  return list;
}

std::string precision_name(c10::ScalarType t) {
  return t == c10::ScalarType::Half ? "fp16" : t == c10::ScalarType::BFloat16 ? "bf16" : "fp32";
}

}  // namespace

ExtractReport extract_image_features(const ImageExtractRequest& r) {
  if (r.out_path.empty()) throw std::invalid_argument("no output file given");
  ExtractReport report;
  report.out_path = r.out_path;
  detail::require_utf8("model path", r.model_path);
  detail::require_utf8("dataset path", r.dataset_root);
  detail::require_utf8("COCO captions path", r.coco_captions);
  detail::require_utf8("COCO image folder", r.coco_image_dir);
  const ImageList list = list_images(r);
  for (const auto& it : list.items) detail::require_utf8("image path", it.path);
  report.warnings = list.warnings;
  for (const auto& m : list.missing) report.missing.push_back(m.path);
  const clip::ClipModel model = detail::load_model(r.model_path, r.device);
  const int resolution = static_cast<int>(model.config().image_resolution);
  const std::string preprocess = data::clip_preprocess_description(resolution);
  const std::string precision = precision_name(model.dtype());
  nlohmann::json key{{"format_version", kFormatVersion},
                     {"kind", "image"},
                     {"weights", model.source().weights_hash},
                     {"preprocess", preprocess},
                     {"images", list.dataset.images_hash},
                     {"sizes", list.sizes_hash},
                     {"precision", precision}};
  if (!list.extra.empty()) key["source"] = list.extra;  // COCO: the captions file's hash
  report.cache_key = data::sha256_tag(key.dump());
  if (!r.force && detail::up_to_date(r.out_path, report.cache_key)) {
    report.up_to_date = true;
    report.rows = read_feature_info(r.out_path).rows;
    return report;
  }

  ImageEncodeOptions eo;
  eo.batch_size = r.batch_size;
  eo.threads = r.threads;
  eo.progress = r.progress;
  eo.cancel = r.cancel;
  EncodedImages enc = encode_images(model, list.items, eo);
  report.seconds = enc.seconds;
  report.skipped = enc.skipped;  // unreadable; missing files are in report.missing
  if (enc.cancelled) {
    report.cancelled = true;
    return report;
  }
  const auto n = static_cast<int64_t>(enc.kept.size());
  if (n == 0) throw std::runtime_error("none of the " + std::to_string(list.items.size()) + " images could be read");
  ImageFeatureSet set;
  set.features = enc.features;
  set.labels = at::empty({n}, at::kLong);
  set.is_train = at::empty({n}, at::kByte);
  set.image_ids = at::empty({n}, at::kLong);
  int64_t* labels = set.labels.data_ptr<int64_t>();
  uint8_t* is_train = set.is_train.data_ptr<uint8_t>();
  int64_t* ids = set.image_ids.data_ptr<int64_t>();
  for (int64_t i = 0; i < n; ++i) {
    const ImageItem& it = list.items[enc.kept[static_cast<size_t>(i)]];
    labels[i] = it.label;
    is_train[i] = it.is_train ? 1 : 0;
    ids[i] = it.image_id;
  }
  set.model = detail::model_info(model, r.model_path);
  set.preprocess = nlohmann::json{{"description", preprocess},
                                  {"resolution", resolution},
                                  {"mean", {data::kClipMean[0], data::kClipMean[1], data::kClipMean[2]}},
                                  {"std", {data::kClipStd[0], data::kClipStd[1], data::kClipStd[2]}}}
                       .dump();
  set.dataset = list.dataset;
  set.class_names = list.class_names;
  set.skipped = list.missing;  // listed but not on disk, then unreadable ones
  set.skipped.insert(set.skipped.end(), enc.skipped.begin(), enc.skipped.end());
  set.extra_metadata = list.extra;
  set.cache_key = report.cache_key;
  set.extra_metadata["precision"] = precision;
  set.extra_metadata["device"] = model.device().str();
  write_image_features(r.out_path, set);
  report.rows = n;
  report.items_per_second = enc.seconds > 0 ? list.items.size() / enc.seconds : 0;
  return report;
}

}  // namespace plumage::features

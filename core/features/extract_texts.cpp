// extract_text_features: Reed captions, LLM descriptions, COCO captions, a
// plain text file or class prompts -> text feature file.
#include "core/data/coco_captions.h"
#include "core/data/description_import.h"
#include "core/data/descriptions.h"
#include "core/data/file_util.h"
#include "core/data/manifest.h"
#include "core/data/reed_captions.h"
#include "core/data/tokenizer/tokenizer.h"
#include "core/engine/train/configs.h"
#include "core/features/class_prompts.h"
#include "core/features/extract_common.h"
#include "core/features/feature_file.h"
#include "core/features/text_pipeline.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

namespace plumage::features {
namespace {

struct TextRow {
  std::string text;
  int64_t label = -1;
  int64_t image_id = -1;
  int64_t text_index = 0;
};

struct TextList {
  std::vector<TextRow> rows;
  std::vector<std::string> class_names;
  DatasetInfo dataset;
  std::vector<std::string> warnings;
  // What one row is: "variant" or "field" (descriptions), "caption", "line", "prompt".
  std::string text_unit;
  std::string paired_images_hash;  // Coco: cache key of the paired image file
};

data::Dataset open_dataset_lenient(const std::string& root, TextList& list) {
  data::ReadOptions ro;
  ro.mode = data::ReadMode::Lenient;
  ro.check_files_exist = false;  // texts need the listing, not the pixels
  data::Dataset ds = data::open_dataset(root, ro);
  for (const auto& w : ds.warnings) list.warnings.push_back(w.to_string());
  list.class_names = ds.class_names();
  list.dataset.root = root;
  list.dataset.kind = ds.kind;
  list.dataset.image_count = static_cast<int64_t>(ds.images.size());
  return ds;
}

void list_reed(const TextExtractRequest& r, TextList& list) {
  if (r.dataset_root.empty()) throw std::invalid_argument("Reed captions need the dataset (--dataset ROOT)");
  const data::Dataset ds = open_dataset_lenient(r.dataset_root, list);
  data::CaptionReadOptions co;
  co.mode = data::ReadMode::Lenient;
  const data::ImageCaptions caps = data::read_reed_captions(ds, r.input, co);
  for (const auto& w : caps.warnings) list.warnings.push_back(w.to_string());
  for (size_t i = 0; i < ds.images.size(); ++i)
    for (size_t c = 0; c < caps.per_image[i].size(); ++c)
      list.rows.push_back({caps.per_image[i][c], ds.images[i].label, ds.images[i].id, static_cast<int64_t>(c)});
  list.text_unit = "caption";
}

void list_descriptions(const TextExtractRequest& r, TextList& list) {
  std::map<std::string, int64_t> label_of;
  if (!r.dataset_root.empty()) {
    const data::Dataset ds = open_dataset_lenient(r.dataset_root, list);
    for (size_t c = 0; c < ds.classes.size(); ++c) label_of[ds.classes[c].name] = static_cast<int64_t>(c);
  }
  // A Plumage file, or a published phrase list (Menon & Vondrick, CuPL) matched
  // to the dataset's classes by name, as the GUI's Add Dataset does.
  const data::DescriptionsFileKind kind =
      data::descriptions_kind_from_string(r.descriptions_format).value_or(data::DescriptionsFileKind::Auto);
  const data::OpenedDescriptions opened = data::open_descriptions(r.input, kind, list.class_names);
  if (opened.import) {
    for (const auto& p : opened.import->problems) list.warnings.push_back(p.to_string());
    for (const auto& c : opened.import->classes_without_entry)
      list.warnings.push_back(r.input + ": no description for class " + c);
  }
  const data::DescriptionStore& store = opened.store;
  if (r.dataset_root.empty()) {
    for (const auto& c : store.classes) {
      label_of[c.class_name] = static_cast<int64_t>(list.class_names.size());
      list.class_names.push_back(c.class_name);
    }
  }
  for (const auto& c : store.classes) {
    const auto it = label_of.find(c.class_name);
    if (it == label_of.end())
      throw std::runtime_error(r.input + ": class \"" + c.class_name + "\" is not a class of " + r.dataset_root);
    int64_t index = 0;
    for (const data::DescriptionVariant* v : c.usable_variants()) {
      if (r.description_segments) {
        for (const std::string& s : v->segments()) list.rows.push_back({s, it->second, -1, index++});
      } else {
        list.rows.push_back({v->joined_text(), it->second, -1, index++});
      }
    }
  }
  list.text_unit = r.description_segments ? "field" : "variant";
}

void list_coco(const TextExtractRequest& r, TextList& list) {
  data::CocoReadOptions co;
  co.mode = data::ReadMode::Lenient;
  const data::CocoCaptions coco = data::read_coco_captions(r.input, co);
  for (const auto& w : coco.warnings) list.warnings.push_back(w.to_string());
  // Only the captions of the images the paired image file holds: a missing
  // or unreadable image leaves its captions out, the others keep their ids.
  std::set<int64_t> keep;
  if (!r.paired_images.empty()) {
    const ImageFeatureSet images = read_image_features(r.paired_images);
    const at::Tensor ids = images.image_ids.contiguous();
    keep.insert(ids.data_ptr<int64_t>(), ids.data_ptr<int64_t>() + ids.numel());
    list.paired_images_hash = images.cache_key;
  }
  std::map<int64_t, int64_t> per_image;
  for (const auto& c : coco.captions)
    if (r.paired_images.empty() || keep.count(c.image_id))
      list.rows.push_back({c.caption, -1, c.image_id, per_image[c.image_id]++});
  list.dataset.root = coco.json_path;
  list.dataset.kind = "coco";
  list.text_unit = "caption";
  list.dataset.image_count = static_cast<int64_t>(coco.images.size());
}

void list_file(const TextExtractRequest& r, TextList& list) {
  const std::vector<std::string> lines = data::split_lines(data::read_file_bytes(r.input));
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string t = data::trim(lines[i]);
    if (!t.empty()) list.rows.push_back({t, -1, -1, static_cast<int64_t>(i)});
  }
  list.text_unit = "line";
}

void list_prompts(const TextExtractRequest& r, TextList& list) {
  if (r.dataset_root.empty()) throw std::invalid_argument("class prompts need the dataset (--dataset ROOT)");
  open_dataset_lenient(r.dataset_root, list);
  const std::vector<ClassText> texts =
      r.attribute_prompts ? attribute_class_prompts(list.class_names, r.dataset_root, r.attributes_per_prompt)
      : !r.input.empty()  ? descriptor_prompts(list.class_names, r.input)
                       : template_prompts(list.class_names, r.templates.empty() ? train::ZeroShotConfig{}.templates
                                                                                : r.templates);
  std::map<int64_t, int64_t> per_class;
  for (const ClassText& t : texts) list.rows.push_back({t.text, t.label, -1, per_class[t.label]++});
  list.text_unit = r.attribute_prompts ? "attribute_prompt" : "prompt";
}

at::Tensor column(const std::vector<TextRow>& rows, int64_t TextRow::*field) {
  at::Tensor t = at::empty({static_cast<int64_t>(rows.size())}, at::kLong);
  int64_t* p = t.data_ptr<int64_t>();
  for (size_t i = 0; i < rows.size(); ++i) p[i] = rows[i].*field;
  return t;
}

}  // namespace

ExtractReport extract_text_features(const TextExtractRequest& r) {
  if (r.out_path.empty()) throw std::invalid_argument("no output file given");
  ExtractReport report;
  report.out_path = r.out_path;
  detail::require_utf8("model path", r.model_path);
  detail::require_utf8("vocabulary path", r.vocab_path);
  detail::require_utf8("input path", r.input);
  detail::require_utf8("dataset path", r.dataset_root);
  detail::require_utf8("paired image file", r.paired_images);
  TextList list;
  switch (r.source) {
    case TextSource::Reed: list_reed(r, list); break;
    case TextSource::Descriptions: list_descriptions(r, list); break;
    case TextSource::Coco: list_coco(r, list); break;
    case TextSource::File: list_file(r, list); break;
    case TextSource::Prompts: list_prompts(r, list); break;
  }
  report.warnings = list.warnings;
  if (list.rows.empty())
    throw std::runtime_error((r.input.empty() ? r.dataset_root : r.input) + ": no texts to encode");

  const std::string vocab = find_vocabulary(r.model_path, r.vocab_path);
  const data::ClipTokenizer tokenizer = data::ClipTokenizer::load(vocab);
  const clip::ClipModel model = detail::load_model(r.model_path, r.device);
  std::string listing;
  for (const auto& row : list.rows)
    listing += std::to_string(row.label) + "\t" + std::to_string(row.image_id) + "\t" +
               std::to_string(row.text_index) + "\t" + row.text + "\n";
  const std::string texts_hash = data::sha256_tag(listing);
  report.cache_key = data::sha256_tag(nlohmann::json{{"format_version", kFormatVersion},
                                                     {"kind", "text"},
                                                     {"weights", model.source().weights_hash},
                                                     {"vocab", data::sha256_tag(data::read_file_bytes(
                                                                   tokenizer.source()))},
                                                     {"texts", texts_hash},
                                                     {"class_names", list.class_names},
                                                     {"tokens", r.with_tokens ? (r.tokens_half ? "fp16" : "fp32") : ""},
                                                     {"dtype", c10::toString(model.dtype())}}
                                          .dump());
  if (!r.force && detail::up_to_date(r.out_path, report.cache_key)) {
    report.up_to_date = true;
    report.rows = read_feature_info(r.out_path).rows;
    return report;
  }

  std::vector<std::string> texts;
  texts.reserve(list.rows.size());
  for (const auto& row : list.rows) texts.push_back(row.text);
  const int64_t context = model.config().context_length;
  // Counted before encoding: the file's header, written before any row, records it.
  const size_t truncated = count_truncated(tokenizer, texts, context);
  const at::Tensor labels = column(list.rows, &TextRow::label), image_ids = column(list.rows, &TextRow::image_id),
                   text_index = column(list.rows, &TextRow::text_index);
  TextFeatureSet header;
  header.model = detail::model_info(model, r.model_path);
  header.source = to_string(r.source);
  header.texts = texts;
  header.class_names = list.class_names;
  header.dataset = list.dataset;
  header.cache_key = report.cache_key;
  header.extra_metadata["input"] = r.input;
  header.extra_metadata["texts_hash"] = texts_hash;
  header.extra_metadata["text_unit"] = list.text_unit;
  header.extra_metadata["truncated_texts"] = std::to_string(truncated);
  header.extra_metadata["context_length"] = std::to_string(context);
  header.extra_metadata["vocabulary"] = vocab;
  if (r.with_tokens) header.extra_metadata["token_dtype"] = r.tokens_half ? "float16" : "float32";
  if (!r.paired_images.empty()) {
    header.extra_metadata["paired_images"] = r.paired_images;
    header.extra_metadata["paired_images_key"] = list.paired_images_hash;
  }
  train::TextFeatureShape shape;
  shape.rows = static_cast<int64_t>(texts.size());
  shape.dim = model.config().embed_dim;
  if (r.with_tokens) {
    shape.context = context;
    shape.token_width = model.config().text_width;
    shape.token_dtype = r.tokens_half ? at::kHalf : at::kFloat;
  }
  // Rows go to the file batch by batch (memory: one batch, whatever the row count).
  const auto writer = open_text_feature_writer(r.out_path, header, shape);
  TextEncodeOptions eo;
  eo.batch_size = r.batch_size;
  eo.with_tokens = r.with_tokens;
  eo.tokens_half = r.tokens_half;
  eo.progress = r.progress;
  eo.cancel = r.cancel;
  eo.sink = [&](int64_t first, const at::Tensor& features, const at::Tensor& tokens, const at::Tensor& lengths) {
    const int64_t n = features.size(0);
    train::TextFeatureSet rows;
    rows.features = features;
    rows.labels = labels.narrow(0, first, n);
    rows.image_ids = image_ids.narrow(0, first, n);
    rows.text_index = text_index.narrow(0, first, n);
    rows.tokens = tokens;
    rows.lengths = lengths;
    writer->append(rows);
  };
  EncodedTexts enc = encode_texts(model, tokenizer, texts, eo);
  report.seconds = enc.seconds;
  if (enc.cancelled) {
    report.cancelled = true;  // the writer removes its temporary file: nothing written
    return report;
  }
  if (truncated > 0)
    report.warnings.push_back(std::to_string(truncated) + " of " + std::to_string(texts.size()) +
                              " texts are longer than " + std::to_string(context) + " tokens and were truncated");
  writer->commit();
  report.rows = static_cast<int64_t>(list.rows.size());
  report.items_per_second = enc.seconds > 0 ? list.rows.size() / enc.seconds : 0;
  return report;
}

}  // namespace plumage::features

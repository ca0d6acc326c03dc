// train_converter, checkpoints and the conversion diagnostics shared by all
// converters.
#include "core/engine/train/converter.h"

#include "core/engine/heap_reuse.h"
#include "core/engine/safetensors.h"
#include "core/engine/train/converters_closed_form.h"
#include "core/engine/train/device.h"
#include "core/engine/train/json.h"
#include "core/engine/train/qformer.h"
#include "core/engine/train/ratio_plan.h"
#include "core/engine/train/rng.h"
#include "core/json/parse_limited.h"

#include <ATen/ATen.h>

#include <chrono>
#include <stdexcept>
#include <unordered_map>

namespace plumage::train {

namespace {

constexpr uint64_t kPairSplitStream = 3;

at::Tensor long_tensor(const std::vector<int64_t>& v) { return at::tensor(c10::ArrayRef<int64_t>(v), at::kLong); }

std::vector<int64_t> to_vector(const at::Tensor& t) {
  const at::Tensor c = t.to(at::kLong).contiguous();
  return std::vector<int64_t>(c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel());
}

}  // namespace

ConverterPairs converter_pairs(const ConverterConfig& cfg, const ImageFeatureSet& images, const TextFeatureSet& texts) {
  std::unordered_map<int64_t, int64_t> row_of_id;
  const std::vector<int64_t> ids = to_vector(images.image_ids);
  for (size_t r = 0; r < ids.size(); ++r) row_of_id[ids[r]] = static_cast<int64_t>(r);
  // A set without a split (is_train undefined) counts as all training images.
  const std::vector<int64_t> train_flag =
      images.is_train.defined() ? to_vector(images.is_train) : std::vector<int64_t>(ids.size(), 1);
  const std::vector<int64_t> tids = to_vector(texts.image_ids);
  ConverterPairs p;
  std::vector<int64_t> text_rows, image_rows, distinct;
  std::unordered_map<int64_t, bool> seen;
  bool any_paired = false;
  for (size_t t = 0; t < tids.size(); ++t) {
    const int64_t id = tids[t];
    if (id < 0) continue;  // class-level texts have no paired image
    auto it = row_of_id.find(id);
    if (it == row_of_id.end())
      throw std::invalid_argument(texts.path + ": text row " + std::to_string(t) + " refers to image id " +
                                  std::to_string(id) + ", which is not in " + images.path);
    any_paired = true;
    if (train_flag[static_cast<size_t>(it->second)] == 0) {
      if (!cfg.include_test_images) {
        ++p.test_pairs_left_out;
        continue;
      }
      ++p.test_image_pairs;
    }
    text_rows.push_back(static_cast<int64_t>(t));
    image_rows.push_back(it->second);
    if (!seen[it->second]) {
      seen[it->second] = true;
      distinct.push_back(it->second);
    }
  }
  if (!any_paired)
    throw std::invalid_argument(texts.path + ": no text is paired with an image (all image_ids are -1 or absent)");
  if (text_rows.empty())
    throw std::invalid_argument(texts.path + ": every text is paired with a test-split image of " + images.path +
                                " (is_train = 0); converters train on training images only unless asked to "
                                "include test images");
  // Split by image id, not row: the same pairs whatever the row order of the file.
  const auto id_of = [&](int64_t row) { return ids[static_cast<size_t>(row)]; };
  std::sort(distinct.begin(), distinct.end(), [&](int64_t a, int64_t b) { return id_of(a) < id_of(b); });
  Rng(cfg.seed, kPairSplitStream).shuffle(distinct);
  const auto n = static_cast<int64_t>(distinct.size());
  int64_t v = 0;
  if (cfg.val_fraction > 0 && n >= 2) v = std::min<int64_t>(std::max<int64_t>(1, round_count(cfg.val_fraction, n)), n - 1);
  std::unordered_map<int64_t, bool> is_val;
  for (int64_t i = 0; i < v; ++i) is_val[distinct[i]] = true;
  std::vector<int64_t> tr_t, tr_i, va_t, va_i;
  for (size_t i = 0; i < text_rows.size(); ++i) {
    const bool val = is_val.count(image_rows[i]) > 0;
    (val ? va_t : tr_t).push_back(text_rows[i]);
    (val ? va_i : tr_i).push_back(image_rows[i]);
  }
  p.train_text = long_tensor(tr_t);
  p.train_image = long_tensor(tr_i);
  p.val_text = long_tensor(va_t);
  p.val_image = long_tensor(va_i);
  return p;
}

SeparatePairs separate_validation_pairs(const ConverterConfig& cfg, const ImageFeatureSet& ti, const TextFeatureSet& tt,
                                        const ImageFeatureSet& vi, const TextFeatureSet& vt) {
  ConverterConfig all = cfg;
  all.val_fraction = 0;  // every pair of each set on its side
  SeparatePairs out;
  out.train = converter_pairs(all, ti, tt);
  const ConverterPairs b = converter_pairs(all, vi, vt);
  if (vi.dim() != ti.dim())
    throw std::invalid_argument(vi.path + ": image features have width " + std::to_string(vi.dim()) + ", " +
                                ti.path + " has " + std::to_string(ti.dim()));
  if (vt.dim() != tt.dim() || vt.has_tokens() != tt.has_tokens() ||
      (tt.has_tokens() && (vt.tokens.size(1) != tt.tokens.size(1) || vt.tokens.size(2) != tt.tokens.size(2))))
    throw std::invalid_argument(vt.path + ": its text features (width, per-token features) differ from " + tt.path +
                                "'s; encode both with the same model and options");
  std::unordered_map<int64_t, bool> seen;
  for (int64_t id : to_vector(ti.image_ids)) seen[id] = true;
  for (int64_t id : to_vector(vi.image_ids))
    if (seen.count(id))
      throw std::invalid_argument(vi.path + ": image id " + std::to_string(id) + " is also in " + ti.path +
                                  "; validation images must not be training images");
  out.val.images = &vi;
  out.val.texts = &vt;
  out.val.text_rows = at::cat({b.train_text, b.val_text});
  out.val.image_rows = at::cat({b.train_image, b.val_image});
  out.train.test_image_pairs += b.test_image_pairs;
  out.train.test_pairs_left_out += b.test_pairs_left_out;
  return out;
}

namespace {

at::Tensor prepared_images(const ConverterConfig& cfg, const ImageFeatureSet& images) {
  return cfg.normalize ? l2_rows(images.features) : images.features;
}

}  // namespace

at::Tensor Converter::convert_all(const TextFeatureSet& texts) const {
  return convert(texts, at::arange(texts.size(), at::kLong));
}

ConversionDiagnostics conversion_diagnostics(const at::Tensor& converted_in, const at::Tensor& image_rows_in,
                                             const at::Tensor& image_features, bool normalize) {
  ConversionDiagnostics d;
  const int64_t n = converted_in.size(0);
  d.pairs = n;
  if (n == 0) return d;
  at::NoGradGuard no_grad;
  const at::Tensor converted = converted_in.to(at::kCPU, at::kFloat);
  const at::Tensor image_rows = image_rows_in.to(at::kLong);
  const at::Tensor paired = image_features.index_select(0, image_rows).to(at::kFloat);
  const at::Tensor cn = l2_rows(converted), pn = l2_rows(paired);
  d.cosine = (cn * pn).sum(1).mean().item<double>();
  d.mse = normalize ? (cn - pn).pow(2).mean().item<double>() : (converted - paired).pow(2).mean().item<double>();
  // Gallery: distinct images; rank of the true image by cosine.
  const auto uniq = at::_unique(image_rows, /*sorted=*/true, /*return_inverse=*/true);
  const at::Tensor gallery_rows = std::get<0>(uniq), target = std::get<1>(uniq);
  d.images = gallery_rows.size(0);
  const at::Tensor gallery = l2_rows(image_features.index_select(0, gallery_rows).to(at::kFloat));
  int64_t hit1 = 0, hit5 = 0;
  const int64_t chunk = 1024;
  for (int64_t s = 0; s < n; s += chunk) {
    const int64_t len = std::min(chunk, n - s);
    const at::Tensor sims = at::mm(cn.narrow(0, s, len), gallery.t());
    const at::Tensor true_sim = sims.gather(1, target.narrow(0, s, len).unsqueeze(1));
    const at::Tensor rank = sims.gt(true_sim).sum(1);  // images scored strictly higher
    hit1 += rank.lt(1).sum().item<int64_t>();
    hit5 += rank.lt(5).sum().item<int64_t>();
  }
  d.r_at_1 = static_cast<double>(hit1) / static_cast<double>(n);
  d.r_at_5 = static_cast<double>(hit5) / static_cast<double>(n);
  // The gap between the (normalized) image and converted-text centroids.
  d.modality_gap = (pn.mean(0) - cn.mean(0)).norm().item<double>();
  return d;
}

TrainedConverter train_converter(const ConverterConfig& cfg, const ImageFeatureSet& images, const TextFeatureSet& texts,
                                 const std::string& checkpoint_path, const MetricCallback& on_metric,
                                 const std::atomic<bool>* cancel, const ConverterTrainingData& record,
                                 const ConverterPairs* given_pairs, const ValidationPairs* val) {
  const auto t0 = std::chrono::steady_clock::now();
  const HeapReuse heap;
  const ClipModelId image_model = clip_model_of(images.metadata), text_model = clip_model_of(texts.metadata);
  if (const std::string why = clip_model_mismatch(images.path, image_model, texts.path, text_model); !why.empty())
    throw std::invalid_argument(why);
  const ConverterPairs p = given_pairs ? *given_pairs : converter_pairs(cfg, images, texts);
  if (val && (!val->images || !val->texts)) throw std::invalid_argument("validation pairs without their files");
  const ImageFeatureSet& val_images = val ? *val->images : images;
  const TextFeatureSet& val_texts = val ? *val->texts : texts;
  const at::Tensor &tr_t = p.train_text, &tr_i = p.train_image;
  const at::Tensor &va_t = val ? val->text_rows : p.val_text, &va_i = val ? val->image_rows : p.val_image;
  const at::Tensor img = prepared_images(cfg, images);
  const at::Tensor val_img = val ? prepared_images(cfg, val_images) : img;
  // The record of what it is trained on; the caller's part (file hashes) kept.
  ConverterTrainingData data = record;
  data.split = cfg.include_test_images ? "train+test" : "train";
  data.train_pairs = tr_t.size(0);
  data.val_pairs = va_t.size(0);
  data.test_image_pairs = p.test_image_pairs;
  data.test_pairs_left_out = p.test_pairs_left_out;
  if (data.image_file.empty()) data.image_file = images.path;
  if (data.text_file.empty()) data.text_file = texts.path;
  data.model = image_model.name.empty() ? text_model.name : image_model.name;
  data.weights_hash = image_model.weights_hash.empty() ? text_model.weights_hash : image_model.weights_hash;
  TrainedConverter out;
  if (cfg.kind == ConverterKind::QFormer) {
    out = train_qformer(cfg, images, texts, tr_t, tr_i, val_images, val_texts, va_t, va_i, data, checkpoint_path,
                        on_metric, cancel);
  } else {
    if (cancel && cancel->load()) throw Cancelled();
    const at::Tensor t = texts.features.index_select(0, tr_t);
    out.converter = fit_closed_form(cfg, cfg.normalize ? l2_rows(t) : t, img.index_select(0, tr_i));
    out.result.config = cfg;
    out.result.training_data = data;
  }
  out.result.train = conversion_diagnostics(out.converter->convert(texts, tr_t), tr_i, img, cfg.normalize);
  out.result.val = conversion_diagnostics(out.converter->convert(val_texts, va_t), va_i, val_img, cfg.normalize);
  auto emit = [&](const std::string& key, double v) {
    out.result.history.push_back({0, key, v});
    if (on_metric) on_metric(0, key, v);
  };
  emit("val_cosine", out.result.val.cosine);
  emit("val_r1", out.result.val.r_at_1);
  emit("val_r5", out.result.val.r_at_5);
  emit("train_cosine", out.result.train.cosine);
  out.result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!checkpoint_path.empty()) save_converter(checkpoint_path, *out.converter, out.result);
  return out;
}

void save_converter(const std::string& path, const Converter& c, const ConverterResult& result) {
  std::map<std::string, std::string> meta = {{"plumage.kind", "converter"},
                                             {"converter", to_string(c.kind())},
                                             {"config", nlohmann::json(c.config()).dump()},
                                             {"result", nlohmann::json(result).dump()}};
  if (const auto* q = dynamic_cast<const QFormerConverter*>(&c)) {
    meta["qformer.token_width"] = std::to_string(q->model().token_width);
    meta["qformer.out_dim"] = std::to_string(q->model().out_dim);
  }
  st::save(path, c.state(), meta);
}

std::unique_ptr<Converter> load_converter(const std::string& path, ConverterResult* result_out) {
  st::File f(path);
  if (f.meta("plumage.kind") != "converter")
    throw std::invalid_argument(path + ": not a Plumage converter checkpoint (metadata 'plumage.kind' is '" +
                                f.meta("plumage.kind") + "')");
  ConverterConfig cfg;
  ConverterResult result;
  try {
    cfg = jsonio::parse(f.meta("config"), "metadata 'config'", jsonio::kData).get<ConverterConfig>();
    if (!f.meta("result").empty()) result = jsonio::parse(f.meta("result"), "metadata 'result'", jsonio::kData).get<ConverterResult>();
  } catch (const std::exception& e) {
    throw std::invalid_argument(path + ": metadata 'config'/'result': " + e.what());
  }
  if (result_out) *result_out = result;
  const std::map<std::string, at::Tensor> tensors = f.tensors();
  if (cfg.kind != ConverterKind::QFormer) return closed_form_from_state(cfg, tensors, path);
  int64_t width = 0, out_dim = 0;
  try {
    width = std::stoll(f.meta("qformer.token_width"));
    out_dim = std::stoll(f.meta("qformer.out_dim"));
  } catch (const std::exception&) {
    throw std::invalid_argument(path + ": metadata 'qformer.token_width'/'qformer.out_dim' missing or not a number");
  }
  auto q = std::make_unique<QFormerConverter>(cfg, width, out_dim, resolve_device("auto"));
  q->load_state(tensors, path);
  return q;
}

}  // namespace plumage::train

#include "engine/train/feature_sets.h"

#include "engine/safetensors.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

namespace plumage::train {

namespace {

std::string shape_str(at::IntArrayRef s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? "," : "") + std::to_string(s[i]);
  return out + "]";
}

[[noreturn]] void fail(const std::string& path, const std::string& msg) { throw FeatureFileError(path + ": " + msg); }

at::Tensor need(const st::File& f, const std::string& name) {
  if (!f.contains(name)) fail(f.path(), "missing tensor '" + name + "'");
  return f.tensor(name);
}

at::Tensor as_float(const st::File& f, const std::string& name, at::Tensor t) {
  const auto dt = t.scalar_type();
  if (dt != at::kFloat && dt != at::kHalf && dt != at::kBFloat16 && dt != at::kDouble)
    fail(f.path(), "tensor '" + name + "' must be floating point, got " + std::string(c10::toString(dt)));
  return t.to(at::kFloat).contiguous();
}

at::Tensor as_long(const st::File& f, const std::string& name, at::Tensor t) {
  const auto dt = t.scalar_type();
  if (dt != at::kLong && dt != at::kInt)
    fail(f.path(), "tensor '" + name + "' must be int64 (or int32), got " + std::string(c10::toString(dt)));
  return t.to(at::kLong).contiguous();
}

void expect_1d(const st::File& f, const std::string& name, const at::Tensor& t, int64_t n) {
  if (t.dim() != 1 || t.size(0) != n)
    fail(f.path(), "tensor '" + name + "' has shape " + shape_str(t.sizes()) + ", expected [" + std::to_string(n) + "]");
}

void check_labels(const std::string& path, const std::string& name, const at::Tensor& labels, int64_t num_classes) {
  if (labels.numel() == 0) return;
  const int64_t lo = labels.min().item<int64_t>(), hi = labels.max().item<int64_t>();
  if (lo < 0 || (num_classes >= 0 && hi >= num_classes)) {
    const auto bad = (labels < 0).logical_or(labels >= (num_classes >= 0 ? num_classes : INT64_MAX)).nonzero();
    const int64_t row = bad.size(0) ? bad[0][0].item<int64_t>() : 0;
    fail(path, "tensor '" + name + "' row " + std::to_string(row) + " has label " +
                   std::to_string(labels[row].item<int64_t>()) + " outside [0, " +
                   (num_classes >= 0 ? std::to_string(num_classes) : std::string("inf")) + ")");
  }
}

void check_kind(const st::File& f, const std::string& expected) {
  const std::string kind = f.meta("kind");
  if (!kind.empty() && kind != expected)
    fail(f.path(), "metadata 'kind' is '" + kind + "', expected '" + expected + "'");
}

}  // namespace

ImageFeatureSet load_image_features(const std::string& path) {
  st::File f(path);
  check_kind(f, "image");
  ImageFeatureSet s;
  s.path = path;
  s.features = as_float(f, "features", need(f, "features"));
  if (s.features.dim() != 2) fail(path, "tensor 'features' has shape " + shape_str(s.features.sizes()) + ", expected [N,E]");
  const int64_t n = s.features.size(0);
  s.labels = as_long(f, "labels", need(f, "labels"));
  expect_1d(f, "labels", s.labels, n);
  s.image_ids = as_long(f, "image_ids", need(f, "image_ids"));
  expect_1d(f, "image_ids", s.image_ids, n);
  at::Tensor tr = need(f, "is_train");
  if (tr.scalar_type() != at::kByte && tr.scalar_type() != at::kBool)
    fail(path, "tensor 'is_train' must be uint8, got " + std::string(c10::toString(tr.scalar_type())));
  s.is_train = tr.to(at::kByte).contiguous();
  expect_1d(f, "is_train", s.is_train, n);

  const std::string names = f.meta("class_names");
  if (names.empty()) fail(path, "metadata 'class_names' is missing");
  try {
    s.class_names = nlohmann::json::parse(names).get<std::vector<std::string>>();
  } catch (const std::exception& e) {
    fail(path, std::string("metadata 'class_names' is not a JSON list of strings: ") + e.what());
  }
  if (s.class_names.empty()) fail(path, "metadata 'class_names' is empty");
  check_labels(path, "labels", s.labels, s.num_classes());
  s.model = f.meta("model");
  s.dataset = f.meta("dataset");
  return s;
}

TextFeatureSet load_text_features(const std::string& path, int64_t num_classes) {
  st::File f(path);
  check_kind(f, "text");
  TextFeatureSet s;
  s.path = path;
  s.features = as_float(f, "features", need(f, "features"));
  if (s.features.dim() != 2) fail(path, "tensor 'features' has shape " + shape_str(s.features.sizes()) + ", expected [M,E]");
  const int64_t m = s.features.size(0);
  s.labels = as_long(f, "labels", need(f, "labels"));
  expect_1d(f, "labels", s.labels, m);
  check_labels(path, "labels", s.labels, num_classes);
  s.image_ids = as_long(f, "image_ids", need(f, "image_ids"));
  expect_1d(f, "image_ids", s.image_ids, m);
  if (m && s.image_ids.min().item<int64_t>() < -1) fail(path, "tensor 'image_ids' holds ids below -1");
  s.text_index = f.contains("text_index") ? as_long(f, "text_index", f.tensor("text_index")) : at::arange(m, at::kLong);
  expect_1d(f, "text_index", s.text_index, m);
  const bool has_tokens = f.contains("tokens"), has_lengths = f.contains("lengths");
  if (has_tokens != has_lengths) fail(path, "'tokens' and 'lengths' must come together");
  if (has_tokens) {
    // Kept in the stored dtype when it is float32: the mapping is not copied.
    s.tokens = f.tensor("tokens");
    if (s.tokens.scalar_type() != at::kFloat) s.tokens = as_float(f, "tokens", s.tokens);
    if (s.tokens.dim() != 3 || s.tokens.size(0) != m)
      fail(path, "tensor 'tokens' has shape " + shape_str(s.tokens.sizes()) + ", expected [" + std::to_string(m) + ",T,W]");
    s.lengths = as_long(f, "lengths", f.tensor("lengths"));
    expect_1d(f, "lengths", s.lengths, m);
    if (m) {
      const int64_t lo = s.lengths.min().item<int64_t>(), hi = s.lengths.max().item<int64_t>();
      if (lo < 1 || hi > s.tokens.size(1))
        fail(path, "tensor 'lengths' must lie in [1, " + std::to_string(s.tokens.size(1)) + "], found [" +
                       std::to_string(lo) + ", " + std::to_string(hi) + "]");
    }
  }
  s.source = f.meta("source");
  s.texts_json = f.meta("texts", "[]");
  s.model = f.meta("model");
  return s;
}

void save_image_features(const std::string& path, const ImageFeatureSet& s) {
  st::save(path,
           {{"features", s.features}, {"labels", s.labels}, {"is_train", s.is_train}, {"image_ids", s.image_ids}},
           {{"kind", "image"},
            {"class_names", nlohmann::json(s.class_names).dump()},
            {"model", s.model},
            {"dataset", s.dataset}});
}

void save_text_features(const std::string& path, const TextFeatureSet& s) {
  st::NamedTensors t = {{"features", s.features},
                        {"labels", s.labels},
                        {"image_ids", s.image_ids},
                        {"text_index", s.text_index.defined() ? s.text_index : at::arange(s.size(), at::kLong)}};
  if (s.tokens.defined()) {
    t.emplace_back("tokens", s.tokens);
    t.emplace_back("lengths", s.lengths);
  }
  st::save(path, t, {{"kind", "text"}, {"source", s.source}, {"model", s.model}, {"texts", s.texts_json}});
}

PlanInputs plan_inputs(const ImageFeatureSet& images, const TextFeatureSet* texts) {
  auto vec = [](const at::Tensor& t) {
    at::Tensor c = t.to(at::kLong).contiguous();
    return std::vector<int64_t>(c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel());
  };
  PlanInputs in;
  in.num_classes = images.num_classes();
  in.labels = vec(images.labels);
  in.image_ids = vec(images.image_ids);
  at::Tensor tr = images.is_train.to(at::kByte).contiguous();
  in.is_train.assign(tr.data_ptr<uint8_t>(), tr.data_ptr<uint8_t>() + tr.numel());
  if (texts) {
    in.text_labels = vec(texts->labels);
    in.text_image_ids = vec(texts->image_ids);
  }
  return in;
}

}  // namespace plumage::train

#include "features/feature_file.h"

#include "data/file_util.h"
#include "engine/build_info.h"
#include "engine/safetensors.h"

#include <ATen/ATen.h>

#include <unordered_set>

namespace plumage::features {
namespace {

std::string tensor_desc(const at::Tensor& t) {
  std::string s = std::string(c10::toString(t.scalar_type())) + " [";
  for (int64_t i = 0; i < t.dim(); ++i) s += (i ? "," : "") + std::to_string(t.size(i));
  return s + "]";
}

void check_tensor(const at::Tensor& t, const char* name, at::ScalarType dtype, int64_t rank, int64_t rows,
                  const std::string& where) {
  if (!t.defined()) throw FeatureFileError(where + ": tensor \"" + name + "\" is missing");
  if (t.scalar_type() != dtype || t.dim() != rank || (rows >= 0 && t.size(0) != rows))
    throw FeatureFileError(where + ": tensor \"" + name + "\" is " + tensor_desc(t) + ", expected " +
                           c10::toString(dtype) + " with rank " + std::to_string(rank) +
                           (rows >= 0 ? " and " + std::to_string(rows) + " rows" : ""));
}

void check_finite(const at::Tensor& t, const char* name, const std::string& where) {
  if (t.numel() > 0 && !at::isfinite(t.to(at::kFloat)).all().item<bool>())
    throw FeatureFileError(where + ": tensor \"" + name + "\" contains NaN or infinite values");
}

void check_range(const at::Tensor& t, const char* name, int64_t lo, int64_t hi, const std::string& where) {
  if (t.numel() == 0) return;
  const int64_t mn = t.min().item<int64_t>(), mx = t.max().item<int64_t>();
  if (mn < lo || mx > hi)
    throw FeatureFileError(where + ": tensor \"" + name + "\" has values in [" + std::to_string(mn) + ", " +
                           std::to_string(mx) + "], expected [" + std::to_string(lo) + ", " + std::to_string(hi) +
                           "]");
}

std::map<std::string, std::string> common_metadata(FeatureKind kind, const ModelInfo& model,
                                                   const std::vector<std::string>& class_names,
                                                   const DatasetInfo& dataset, const std::string& cache_key,
                                                   const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> m = extra;
  m["format"] = kFormatName;
  m["format_version"] = kFormatVersion;
  m["kind"] = to_string(kind);
  m["model"] = model_to_json(model);
  m["class_names"] = strings_to_json(class_names);
  m["dataset"] = dataset_to_json(dataset);
  if (!cache_key.empty()) m["cache_key"] = cache_key;
  m["created"] = data::utc_now_iso8601();
  m["plumage_version"] = version();
  return m;
}

// Metadata the structs carry themselves; the rest is extra_metadata.
const std::unordered_set<std::string> kKnownKeys = {
    "format", "format_version", "kind",  "model",     "class_names", "dataset",
    "cache_key", "preprocess",  "skipped", "source", "texts"};

std::map<std::string, std::string> extra_of(const std::map<std::string, std::string>& all) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : all)
    if (!kKnownKeys.count(k)) out[k] = v;
  return out;
}

}  // namespace

void validate(const ImageFeatureSet& s, const std::string& where) {
  check_tensor(s.features, "features", at::kFloat, 2, -1, where);
  const int64_t n = s.features.size(0);
  check_tensor(s.labels, "labels", at::kLong, 1, n, where);
  check_tensor(s.is_train, "is_train", at::kByte, 1, n, where);
  check_tensor(s.image_ids, "image_ids", at::kLong, 1, n, where);
  check_finite(s.features, "features", where);
  const int64_t max_label = s.class_names.empty() ? std::numeric_limits<int64_t>::max()
                                                  : static_cast<int64_t>(s.class_names.size()) - 1;
  check_range(s.labels, "labels", -1, max_label, where);  // -1: image without a class
  check_range(s.is_train.to(at::kLong), "is_train", 0, 1, where);
  if (n > 0 && std::get<0>(at::_unique(s.image_ids)).numel() != n)
    throw FeatureFileError(where + ": tensor \"image_ids\" has duplicate ids");
}

void validate(const TextFeatureSet& s, const std::string& where) {
  check_tensor(s.features, "features", at::kFloat, 2, -1, where);
  const int64_t m = s.features.size(0);
  check_tensor(s.labels, "labels", at::kLong, 1, m, where);
  check_tensor(s.image_ids, "image_ids", at::kLong, 1, m, where);
  check_tensor(s.text_index, "text_index", at::kLong, 1, m, where);
  check_finite(s.features, "features", where);
  const int64_t max_label = s.class_names.empty() ? std::numeric_limits<int64_t>::max()
                                                  : static_cast<int64_t>(s.class_names.size()) - 1;
  check_range(s.labels, "labels", -1, max_label, where);
  check_range(s.text_index, "text_index", 0, std::numeric_limits<int64_t>::max(), where);
  if (static_cast<int64_t>(s.texts.size()) != m)
    throw FeatureFileError(where + ": " + std::to_string(s.texts.size()) + " texts for " + std::to_string(m) +
                           " rows");
  if (s.source.empty()) throw FeatureFileError(where + ": the text source is empty");
  if (s.tokens.defined() != s.lengths.defined())
    throw FeatureFileError(where + ": \"tokens\" and \"lengths\" go together");
  if (s.tokens.defined()) {
    if (s.tokens.dim() != 3 || s.tokens.size(0) != m ||
        (s.tokens.scalar_type() != at::kFloat && s.tokens.scalar_type() != at::kHalf))
      throw FeatureFileError(where + ": tensor \"tokens\" is " + tensor_desc(s.tokens) +
                             ", expected float32/float16 [" + std::to_string(m) + ",L,W]");
    check_tensor(s.lengths, "lengths", at::kLong, 1, m, where);
    check_range(s.lengths, "lengths", 1, s.tokens.size(1), where);
  }
}

void write_image_features(const std::string& path, const ImageFeatureSet& s) {
  validate(s, path);
  auto meta = common_metadata(FeatureKind::Image, s.model, s.class_names, s.dataset, s.cache_key, s.extra_metadata);
  meta["preprocess"] = s.preprocess;
  meta["skipped"] = skipped_to_json(s.skipped);
  st::save(path,
           {{"features", s.features}, {"labels", s.labels}, {"is_train", s.is_train}, {"image_ids", s.image_ids}},
           meta);
}

void write_text_features(const std::string& path, const TextFeatureSet& s) {
  validate(s, path);
  auto meta = common_metadata(FeatureKind::Text, s.model, s.class_names, s.dataset, s.cache_key, s.extra_metadata);
  meta["source"] = s.source;
  meta["texts"] = strings_to_json(s.texts);
  st::NamedTensors tensors = {
      {"features", s.features}, {"labels", s.labels}, {"image_ids", s.image_ids}, {"text_index", s.text_index}};
  if (s.tokens.defined()) {
    tensors.emplace_back("tokens", s.tokens);
    tensors.emplace_back("lengths", s.lengths);
  }
  st::save(path, tensors, meta);
}

ImageFeatureSet read_image_features(const std::string& path) {
  const FeatureFileInfo info = read_feature_info(path);
  if (info.kind != FeatureKind::Image)
    throw FeatureFileError(path + ": is a " + to_string(info.kind) + " feature file, expected image features");
  st::File f(path);
  ImageFeatureSet s;
  s.features = f.tensor("features");
  s.labels = f.tensor("labels");
  s.is_train = f.tensor("is_train");
  s.image_ids = f.tensor("image_ids");
  s.model = info.model;
  s.preprocess = info.preprocess;
  s.dataset = info.dataset;
  s.class_names = info.class_names;
  s.skipped = info.skipped;
  s.cache_key = info.cache_key;
  s.extra_metadata = extra_of(info.metadata);
  validate(s, path);
  return s;
}

TextFeatureSet read_text_features(const std::string& path) {
  const FeatureFileInfo info = read_feature_info(path);
  if (info.kind != FeatureKind::Text)
    throw FeatureFileError(path + ": is a " + to_string(info.kind) + " feature file, expected text features");
  st::File f(path);
  TextFeatureSet s;
  s.features = f.tensor("features");
  s.labels = f.tensor("labels");
  s.image_ids = f.tensor("image_ids");
  s.text_index = f.tensor("text_index");
  if (info.has_tokens) {
    s.tokens = f.tensor("tokens");
    s.lengths = f.tensor("lengths");
  }
  s.model = info.model;
  s.source = info.source;
  s.texts = strings_from_json(info.metadata.at("texts"), path + ": metadata \"texts\"");
  s.class_names = info.class_names;
  s.dataset = info.dataset;
  s.cache_key = info.cache_key;
  s.extra_metadata = extra_of(info.metadata);
  validate(s, path);
  return s;
}

}  // namespace plumage::features

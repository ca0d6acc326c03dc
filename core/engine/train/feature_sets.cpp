#include "core/engine/train/feature_sets.h"

#include "core/engine/safetensors.h"
#include "core/json/parse_limited.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <initializer_list>
#include <limits>
#include <memory>
#include <type_traits>

namespace plumage::train {

namespace {

constexpr int64_t kNoBound = std::numeric_limits<int64_t>::max();

template <class S>
constexpr bool kIsText = std::is_same_v<std::remove_const_t<S>, TextFeatureSet>;

[[noreturn]] void fail(const std::string& path, const std::string& msg) { throw FeatureFileError(path + ": " + msg); }

std::string shape_str(const std::vector<int64_t>& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? "," : "") + std::to_string(s[i]);
  return out + "]";
}

const std::string* meta(const st::Header& h, const std::string& key) {
  const auto it = h.metadata.find(key);
  return it == h.metadata.end() ? nullptr : &it->second;
}

// Tensor `name` with one of `dtypes` and shape [rows, <rest>] (`rows` < 0:
// any); `rest` names the further dimensions, e.g. "E" or "L,W".
const st::TensorInfo& need(const st::Header& h, const std::string& path, const std::string& name,
                           std::initializer_list<st::DType> dtypes, int64_t rows, const std::string& rest = "") {
  const st::TensorInfo* t = h.find(name);
  if (!t) fail(path, "missing tensor '" + name + "'");
  if (std::find(dtypes.begin(), dtypes.end(), t->dtype) == dtypes.end()) {
    std::string want;
    for (st::DType d : dtypes) want += (want.empty() ? "" : " or ") + std::string(st::dtype_name(d));
    fail(path, "tensor '" + name + "' is " + st::dtype_name(t->dtype) + ", expected " + want);
  }
  const size_t rank = rest.empty() ? 1 : 2 + std::count(rest.begin(), rest.end(), ',');
  if (t->shape.size() != rank || (rows >= 0 && t->shape[0] != rows))
    fail(path, "tensor '" + name + "' has shape " + shape_str(t->shape) + ", expected [" +
                   (rows >= 0 ? std::to_string(rows) : std::string("N")) + (rest.empty() ? "" : "," + rest) + "]");
  return *t;
}

// The tensors of a set by name: one list for reading, checking and writing.
template <class S>
auto fields(S& s) {
  using Entry = std::pair<const char*, decltype(&s.features)>;
  if constexpr (kIsText<S>)
    return std::vector<Entry>{{"features", &s.features},     {"labels", &s.labels}, {"image_ids", &s.image_ids},
                              {"text_index", &s.text_index}, {"tokens", &s.tokens}, {"lengths", &s.lengths}};
  else
    return std::vector<Entry>{
        {"features", &s.features}, {"labels", &s.labels}, {"is_train", &s.is_train}, {"image_ids", &s.image_ids}};
}

// Every row of `t` must lie in [lo, end).
void check_range(const std::string& where, const std::string& name, const char* what, const at::Tensor& t, int64_t lo,
                 int64_t end) {
  if (t.numel() == 0 || (t.min().item<int64_t>() >= lo && t.max().item<int64_t>() < end)) return;
  const int64_t row = (t < lo).logical_or(t >= end).nonzero()[0][0].item<int64_t>();
  fail(where, "tensor '" + name + "' row " + std::to_string(row) + " has " + what + " " +
                  std::to_string(t[row].item<int64_t>()) + " outside [" + std::to_string(lo) + ", " +
                  (end == kNoBound ? std::string("inf") : std::to_string(end)) + ")");
}

// In chunks of rows: a mapped file's pooled features (1.2 GB for COCO's 591k
// captions) are never held as one temporary. Token features are checked per
// batch where they are gathered (qformer_batch), not here: reading every byte
// of a 47 GB token file on open would cost a full pass over the disk.
void check_finite(const std::string& where, const at::Tensor& features) {
  constexpr int64_t kChunkRows = 16384;
  for (int64_t s = 0; s < features.size(0); s += kChunkRows) {
    const at::Tensor chunk = features.narrow(0, s, std::min(kChunkRows, features.size(0) - s));
    if (chunk.numel() == 0 || at::isfinite(chunk).all().item<bool>()) continue;
    const int64_t row = s + at::isfinite(chunk).logical_not().any(1).nonzero()[0][0].item<int64_t>();
    fail(where, "tensor 'features' row " + std::to_string(row) + " holds NaN or infinite values");
  }
}

template <class S>
void check_values(const S& s, const std::string& where, int64_t min_label) {
  check_finite(where, s.features);
  const int64_t classes = s.class_names.empty() ? kNoBound : static_cast<int64_t>(s.class_names.size());
  check_range(where, "labels", "label", s.labels, min_label, classes);
  if constexpr (kIsText<S>) {
    check_range(where, "image_ids", "id", s.image_ids, -1, kNoBound);
    check_range(where, "text_index", "index", s.text_index, 0, kNoBound);
    if (s.tokens.defined()) check_range(where, "lengths", "length", s.lengths, 1, s.tokens.size(1) + 1);
  } else {
    check_range(where, "is_train", "value", s.is_train, 0, 2);
    const at::Tensor sorted = std::get<0>(s.image_ids.sort());
    const at::Tensor same = sorted.slice(0, 1).eq(sorted.slice(0, 0, -1)).nonzero();
    if (same.size(0))
      fail(where, "tensor 'image_ids' has duplicate id " + std::to_string(sorted[same[0][0]].item<int64_t>()));
  }
}

st::DType dtype_of(const at::Tensor& t, const std::string& name, const std::string& where) {
  try {
    return st::dtype_of(t.scalar_type());
  } catch (const st::SafetensorsError&) {
    fail(where, "tensor '" + name + "' is " + c10::toString(t.scalar_type()) + ", which a feature file cannot hold");
  }
}

template <class S>
st::NamedTensors tensors_of(const S& s) {
  st::NamedTensors out;
  for (const auto& [name, t] : fields(s))
    if (t->defined()) out.emplace_back(name, *t);
  return out;
}

void set_or_erase(std::map<std::string, std::string>& m, const std::string& key, const std::string& value) {
  if (value.empty()) m.erase(key);
  else m[key] = value;
}

template <class S>
std::map<std::string, std::string> metadata_of(const S& s) {
  auto m = s.metadata;
  m["format"] = kFeatureFormatName;
  m["format_version"] = kFeatureFormatVersion;
  m["kind"] = kIsText<S> ? "text" : "image";
  m["class_names"] = nlohmann::json(s.class_names).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  set_or_erase(m, "model", s.model);
  set_or_erase(m, "dataset", s.dataset);
  if constexpr (kIsText<S>) {
    m["source"] = s.source;
    set_or_erase(m, "texts", s.texts_json);
  }
  return m;
}

// The header the set would be written with, checked as a file's would be.
template <class S>
void check_set(const S& s, const std::string& where) {
  st::Header h;
  h.metadata = metadata_of(s);
  for (const auto& [name, t] : tensors_of(s)) h.tensors.push_back({name, dtype_of(t, name, where), t.sizes().vec()});
  check_feature_layout(h, kIsText<S> ? FeatureKind::Text : FeatureKind::Image, where);
  check_values(s, where, -1);
}

template <class S>
void save_set(const std::string& path, const S& s) {
  check_set(s, path);
  st::save(path, tensors_of(s), metadata_of(s));
}

std::unique_ptr<st::File> open(const std::string& path) {
  try {
    return std::make_unique<st::File>(path);
  } catch (const st::SafetensorsError& e) {
    throw FeatureFileError(e.what());
  }
}

template <class S>
S read_set(const std::string& path, int64_t min_label) {
  const auto f = open(path);
  S s;
  const FeatureKind kind = kIsText<S> ? FeatureKind::Text : FeatureKind::Image;
  s.class_names = check_feature_layout(f->header(), kind, path).class_names;
  for (auto& [name, t] : fields(s))  // views of the mapping: not copied
    if (f->contains(name)) *t = f->tensor(name);
  s.path = path;
  s.model = f->meta("model");
  s.dataset = f->meta("dataset");
  s.metadata = f->metadata();
  if constexpr (kIsText<S>) {
    s.source = f->meta("source");
    s.texts_json = f->meta("texts");
  }
  check_values(s, path, min_label);
  return s;
}

}  // namespace

std::string to_string(FeatureKind k) { return k == FeatureKind::Image ? "image" : "text"; }

ClipModelId clip_model_of(const std::map<std::string, std::string>& metadata) {
  const auto it = metadata.find("model");
  if (it == metadata.end()) return {};
  const nlohmann::json j = nlohmann::json::parse(it->second, nullptr, false);
  if (!j.is_object()) return {it->second, ""};  // a plain name from elsewhere
  auto str = [&](const char* key) {
    const auto v = j.find(key);
    return v != j.end() && v->is_string() ? v->get<std::string>() : std::string();
  };
  return {str("name"), str("weights_hash")};
}

std::string describe(const ClipModelId& m) {
  if (m.weights_hash.empty()) return m.name.empty() ? "unknown model" : m.name + " (no weights hash)";
  return (m.name.empty() ? std::string("model") : m.name) + " (weights " + m.weights_hash.substr(0, 12) + ")";
}

std::string clip_model_mismatch(const std::string& file_a, const ClipModelId& a, const std::string& file_b,
                                const ClipModelId& b) {
  if (a.weights_hash.empty() || b.weights_hash.empty() || a.weights_hash == b.weights_hash) return "";
  return file_a + " comes from CLIP " + describe(a) + " but " + file_b + " from CLIP " + describe(b) +
         "; use features made with one CLIP model";
}

std::vector<std::string> json_strings(const std::string& text, const std::string& path, const std::string& key) {
  nlohmann::json j;
  try {
    j = jsonio::parse(text, "metadata '" + key + "'", jsonio::kData);
  } catch (const jsonio::Error& e) {
    fail(path, e.what());
  }
  if (!j.is_array()) fail(path, "metadata '" + key + "' is not a JSON list of strings");
  std::vector<std::string> out;
  out.reserve(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_string()) fail(path, "metadata '" + key + "' entry " + std::to_string(i) + " is not a string");
    out.push_back(j[i].get<std::string>());
  }
  return out;
}

FeatureLayout check_feature_layout(const st::Header& h, std::optional<FeatureKind> kind, const std::string& path) {
  using st::DType;
  const std::string* format = meta(h, "format");
  if (!format || *format != kFeatureFormatName)
    fail(path, "metadata 'format' is " + (format ? "'" + *format + "'" : std::string("missing")) + ", expected '" +
                   kFeatureFormatName + "' (a Plumage feature file)");
  const std::string* file_kind = meta(h, "kind");
  if (!file_kind) fail(path, "metadata 'kind' is missing");
  FeatureLayout l;
  l.kind = *file_kind == "text" ? FeatureKind::Text : FeatureKind::Image;
  if ((*file_kind != "image" && *file_kind != "text") || (kind && l.kind != *kind))
    fail(path, "metadata 'kind' is '" + *file_kind + "', expected " +
                   (kind ? "'" + to_string(*kind) + "'" : std::string("'image' or 'text'")));
  const st::TensorInfo& features = need(h, path, "features", {DType::F32}, -1, "E");
  l.rows = features.shape[0];
  l.dim = features.shape[1];
  need(h, path, "labels", {DType::I64}, l.rows);
  need(h, path, "image_ids", {DType::I64}, l.rows);
  if (l.kind == FeatureKind::Image) {
    need(h, path, "is_train", {DType::U8}, l.rows);
  } else {
    need(h, path, "text_index", {DType::I64}, l.rows);
    l.has_tokens = h.find("tokens") != nullptr;
    if (l.has_tokens != (h.find("lengths") != nullptr)) fail(path, "'tokens' and 'lengths' must come together");
    if (l.has_tokens) {
      const st::TensorInfo& tokens = need(h, path, "tokens", {DType::F32, DType::F16}, l.rows, "L,W");
      need(h, path, "lengths", {DType::I64}, l.rows);
      l.token_width = tokens.shape[2];
    }
    const std::string* source = meta(h, "source");
    if (!source || source->empty()) fail(path, "metadata 'source' is missing");
    if (const std::string* texts = meta(h, "texts")) {
      const size_t n = json_strings(*texts, path, "texts").size();
      if (static_cast<int64_t>(n) != l.rows)
        fail(path, "metadata 'texts' has " + std::to_string(n) + " entries for " + std::to_string(l.rows) + " rows");
    }
  }
  if (const std::string* names = meta(h, "class_names")) l.class_names = json_strings(*names, path, "class_names");
  return l;
}

ImageFeatureSet read_image_set(const std::string& path) { return read_set<ImageFeatureSet>(path, -1); }
TextFeatureSet read_text_set(const std::string& path) { return read_set<TextFeatureSet>(path, -1); }

FeatureLayout read_feature_layout(const std::string& path, std::map<std::string, std::string>* metadata) {
  const auto f = open(path);
  if (metadata) *metadata = f->metadata();
  return check_feature_layout(f->header(), std::nullopt, path);
}

bool is_pairs_only(const std::map<std::string, std::string>& metadata) {
  const auto it = metadata.find("pairs_only");
  return it != metadata.end() && it->second == "true";
}

ImageFeatureSet load_image_features(const std::string& path) {
  // The header's metadata only (the layout is checked below): say why before the labels fail.
  if (is_pairs_only(open(path)->metadata()))
    throw FeatureFileError(path + " holds image-caption pairs without classes (pairs only, e.g. COCO); "
                                  "adapters, sweeps and zero-shot need class labels: use it to train a converter");
  ImageFeatureSet s = read_set<ImageFeatureSet>(path, 0);
  if (s.class_names.empty())
    fail(path, std::string("metadata 'class_names' is ") + (s.metadata.count("class_names") ? "empty" : "missing"));
  return s;
}

TextFeatureSet load_text_features(const std::string& path, int64_t num_classes) {
  TextFeatureSet s = read_set<TextFeatureSet>(path, 0);
  if (num_classes >= 0) check_range(path, "labels", "label", s.labels, 0, num_classes);
  // Tokens stay as stored (a view of the mapping): consumers widen per batch.
  return s;
}

ImageFeatureSet load_pair_image_features(const std::string& path) {
  ImageFeatureSet s = read_set<ImageFeatureSet>(path, -1);
  if (s.class_names.empty() && !is_pairs_only(s.metadata))
    fail(path, std::string("metadata 'class_names' is ") + (s.metadata.count("class_names") ? "empty" : "missing") +
                   " and the file is not marked pairs only (metadata 'pairs_only')");
  return s;
}

TextFeatureSet load_pair_text_features(const std::string& path) {
  // Tokens stay as stored (memory-mapped); each batch is widened when it is
  // gathered, so COCO's ~47 GB of fp16 tokens are never widened whole.
  return read_set<TextFeatureSet>(path, -1);
}

void validate(const ImageFeatureSet& s, const std::string& where) { check_set(s, where); }
void validate(const TextFeatureSet& s, const std::string& where) { check_set(s, where); }
void save_image_features(const std::string& path, const ImageFeatureSet& s) { save_set(path, s); }
void save_text_features(const std::string& path, const TextFeatureSet& s) { save_set(path, s); }

std::map<std::string, std::string> text_file_metadata(const TextFeatureSet& s) { return metadata_of(s); }
void check_text_values(const TextFeatureSet& rows, const std::string& where) { check_values(rows, where, -1); }

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

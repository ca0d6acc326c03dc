#include "core/features/feature_file.h"

#include "core/data/file_util.h"
#include "core/engine/build_info.h"
#include "core/engine/train/feature_sets.h"

#include <type_traits>
#include <unordered_set>

namespace plumage::features {
namespace {

// Metadata the structs carry themselves; the rest is extra_metadata.
const std::unordered_set<std::string> kKnownKeys = {
    "format", "format_version", "kind",  "model",     "class_names", "dataset",
    "cache_key", "preprocess",  "skipped", "source", "texts"};

using EngineImages = train::ImageFeatureSet;
using EngineTexts = train::TextFeatureSet;

template <class S>
constexpr bool kIsText = std::is_same_v<S, TextFeatureSet> || std::is_same_v<S, EngineTexts>;

std::map<std::string, std::string> extra_of(const std::map<std::string, std::string>& all) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : all)
    if (!kKnownKeys.count(k)) out[k] = v;
  return out;
}

// The fields both layers' structs share: tensors and class names.
template <class To, class From>
To with_tensors(const From& a) {
  To b;
  b.features = a.features;
  b.labels = a.labels;
  b.image_ids = a.image_ids;
  b.class_names = a.class_names;
  if constexpr (kIsText<To>) {
    b.text_index = a.text_index;
    b.tokens = a.tokens;
    b.lengths = a.lengths;
  } else {
    b.is_train = a.is_train;
  }
  return b;
}

// The engine's view of a set, with the keys this layer owns in `metadata`.
template <class To, class From>
To to_engine(const From& s) {
  To t = with_tensors<To>(s);
  t.model = model_to_json(s.model);
  t.dataset = dataset_to_json(s.dataset);
  t.metadata = s.extra_metadata;
  if (!s.cache_key.empty()) t.metadata["cache_key"] = s.cache_key;
  t.metadata["created"] = data::utc_now_iso8601();  // provenance
  t.metadata["plumage_version"] = version();
  if constexpr (kIsText<From>) {
    t.source = s.source;
    t.texts_json = strings_to_json(s.texts);
  } else {
    t.metadata["preprocess"] = s.preprocess;
    t.metadata["skipped"] = skipped_to_json(s.skipped);
  }
  return t;
}

// The metadata this layer owns, into a FeatureFileInfo or a feature set.
template <class Out>
void read_owned(const std::map<std::string, std::string>& metadata, const std::string& path, Out& out) {
  const auto meta = [&](const char* key) {
    const auto it = metadata.find(key);
    return it == metadata.end() ? std::string() : it->second;
  };
  if (!metadata.count("model")) throw FeatureFileError(path + ": metadata 'model' is missing");
  out.model = model_from_json(meta("model"), path + ": metadata 'model'");
  if (!meta("dataset").empty()) out.dataset = dataset_from_json(meta("dataset"), path + ": metadata 'dataset'");
  out.cache_key = meta("cache_key");
  if constexpr (!std::is_same_v<Out, TextFeatureSet>) {
    out.preprocess = meta("preprocess");
    if (!meta("skipped").empty()) out.skipped = skipped_from_json(meta("skipped"), path + ": metadata 'skipped'");
  }
  if constexpr (!std::is_same_v<Out, ImageFeatureSet>) out.source = meta("source");
}

// A set the engine read, with the metadata this layer owns parsed.
template <class To, class From>
To from_engine(const From& t) {
  To s = with_tensors<To>(t);
  read_owned(t.metadata, t.path, s);
  s.extra_metadata = extra_of(t.metadata);
  if constexpr (kIsText<To>) {
    if (t.texts_json.empty()) throw FeatureFileError(t.path + ": metadata 'texts' is missing");
    s.texts = train::json_strings(t.texts_json, t.path, "texts");
  }
  return s;
}

}  // namespace

void validate(const ImageFeatureSet& s, const std::string& where) {
  train::validate(to_engine<EngineImages>(s), where);
}

void validate(const TextFeatureSet& s, const std::string& where) {
  train::validate(to_engine<EngineTexts>(s), where);
}

void write_image_features(const std::string& path, const ImageFeatureSet& s) {
  train::save_image_features(path, to_engine<EngineImages>(s));
}

void write_text_features(const std::string& path, const TextFeatureSet& s) {
  train::save_text_features(path, to_engine<EngineTexts>(s));
}

std::unique_ptr<train::ChunkedTextFeatureWriter> open_text_feature_writer(const std::string& path,
                                                                          const TextFeatureSet& header,
                                                                          const train::TextFeatureShape& shape) {
  return std::make_unique<train::ChunkedTextFeatureWriter>(path, to_engine<EngineTexts>(header), shape);
}

FeatureFileInfo read_feature_info(const std::string& path) {
  FeatureFileInfo info;
  static_cast<train::FeatureLayout&>(info) = train::read_feature_layout(path, &info.metadata);
  info.path = path;
  read_owned(info.metadata, path, info);
  return info;
}

ImageFeatureSet read_image_features(const std::string& path) {
  return from_engine<ImageFeatureSet>(train::read_image_set(path));
}

TextFeatureSet read_text_features(const std::string& path) {
  return from_engine<TextFeatureSet>(train::read_text_set(path));
}

}  // namespace plumage::features

// Feature files (safetensors): the one reader, validator and writer of the
// format (README.md, "Feature files"); core/features builds on it. Beyond the
// header's layout (feature_file_format.h): features finite, labels >= -1 and
// below the class count when class_names is given, is_train 0/1, image_ids
// unique (images) or >= -1 (texts), text_index >= 0, lengths in [1,L].
// Every violation throws FeatureFileError naming the file and the tensor or key.
#pragma once

#include "core/engine/train/feature_file_format.h"
#include "core/engine/train/ratio_plan.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace plumage::train {

struct ImageFeatureSet {
  std::string path;
  at::Tensor features;  // [N,E] float32 (CPU)
  at::Tensor labels;    // [N] int64
  at::Tensor is_train;  // [N] uint8
  at::Tensor image_ids; // [N] int64
  std::vector<std::string> class_names;
  std::string model, dataset;  // metadata as stored (JSON when core/features wrote it)
  // Read: every metadata entry of the file. Written too, under the fields' keys.
  std::map<std::string, std::string> metadata;

  int64_t size() const { return features.size(0); }
  int64_t dim() const { return features.size(1); }
  int64_t num_classes() const { return static_cast<int64_t>(class_names.size()); }
};

struct TextFeatureSet {
  std::string path;
  at::Tensor features;    // [M,E] float32
  at::Tensor labels;      // [M] int64
  at::Tensor image_ids;   // [M] int64, -1 = class-level text
  at::Tensor text_index;  // [M] int64
  // [M,T,W] float32 or float16 as stored, or undefined. Read from a file it is a
  // view of the memory map (never widened whole): gather rows, then convert.
  at::Tensor tokens;
  at::Tensor lengths;     // [M] int64, or undefined
  std::string source, model, dataset;
  std::vector<std::string> class_names;
  std::string texts_json;  // metadata 'texts' (the strings, as stored); "" when absent
  std::map<std::string, std::string> metadata;  // as in ImageFeatureSet

  int64_t size() const { return features.size(0); }
  int64_t dim() const { return features.size(1); }
  bool has_tokens() const { return tokens.defined(); }
};

// Reads and checks a file against the format (tensors kept as stored).
ImageFeatureSet read_image_set(const std::string& path);
TextFeatureSet read_text_set(const std::string& path);
// Only the header (no tensor data is touched); `metadata` receives all of it.
FeatureLayout read_feature_layout(const std::string& path, std::map<std::string, std::string>* metadata = nullptr);

// For training: the format, and a class for every row (labels >= 0); images
// need class_names, `num_classes` >= 0 also bounds text labels. Tokens keep
// their stored dtype and stay memory-mapped.
ImageFeatureSet load_image_features(const std::string& path);
TextFeatureSet load_text_features(const std::string& path, int64_t num_classes = -1);

// Pairs-only image sets (metadata 'pairs_only' = "true", e.g. COCO from
// encode-coco): images without classes whose ids pair them with captions.
// load_image_features refuses them, saying why (adapters need labels); the
// converter loads them with these, which need no classes and allow text
// labels of -1, pairs being matched by image id.
bool is_pairs_only(const std::map<std::string, std::string>& metadata);
ImageFeatureSet load_pair_image_features(const std::string& path);
TextFeatureSet load_pair_text_features(const std::string& path);

// The format's checks on a set in memory; `where` names the file.
void validate(const ImageFeatureSet& set, const std::string& where);
void validate(const TextFeatureSet& set, const std::string& where);

// Validate, then write atomically: the tensors, format, kind, the fields'
// keys and `set.metadata`.
void save_image_features(const std::string& path, const ImageFeatureSet& set);
void save_text_features(const std::string& path, const TextFeatureSet& set);

// For writers that stream rows (feature_writer.h): the metadata a set is
// written with, and the format's checks on the values of some rows.
std::map<std::string, std::string> text_file_metadata(const TextFeatureSet& s);
void check_text_values(const TextFeatureSet& rows, const std::string& where);

// The rows of both sets as the plan maker needs them (`texts` may be null).
PlanInputs plan_inputs(const ImageFeatureSet& images, const TextFeatureSet* texts);

}  // namespace plumage::train

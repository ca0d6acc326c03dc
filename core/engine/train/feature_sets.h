// Feature files (safetensors) as the training jobs see them, with validation.
//
// Image features: `features` [N,E] float, `labels` [N] int64 (0-based class),
// `is_train` [N] uint8, `image_ids` [N] int64; metadata kind=image,
// class_names (JSON list), model, dataset.
// Text features: `features` [M,E] float, `labels` [M] int64, `image_ids` [M]
// int64 (-1 for class-level texts), `text_index` [M] int64; optional `tokens`
// [M,T,W] and `lengths` [M] (Q-Former input); metadata kind=text, source, texts.
//
// Every violation throws FeatureFileError naming the file and the tensor or
// key (missing tensor, wrong dtype, shape mismatch, label out of range, ...).
#pragma once

#include "engine/train/ratio_plan.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace plumage::train {

class FeatureFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ImageFeatureSet {
  std::string path;
  at::Tensor features;  // [N,E] float32 (CPU)
  at::Tensor labels;    // [N] int64
  at::Tensor is_train;  // [N] uint8
  at::Tensor image_ids; // [N] int64
  std::vector<std::string> class_names;
  std::string model, dataset;

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
  at::Tensor tokens;      // [M,T,W] float32, or undefined
  at::Tensor lengths;     // [M] int64, or undefined
  std::string source, model;
  std::string texts_json = "[]";  // metadata 'texts' (the strings, as stored)

  int64_t size() const { return features.size(0); }
  int64_t dim() const { return features.size(1); }
  bool has_tokens() const { return tokens.defined(); }
};

// Loads and validates. Half/bfloat16 features are converted to float32;
// int32 labels/ids are widened to int64.
ImageFeatureSet load_image_features(const std::string& path);
// `num_classes` >= 0 additionally checks every label is below it.
TextFeatureSet load_text_features(const std::string& path, int64_t num_classes = -1);

// Writers (used by tests and by tools that make feature sets).
void save_image_features(const std::string& path, const ImageFeatureSet& set);
void save_text_features(const std::string& path, const TextFeatureSet& set);

// The rows of both sets as the plan maker needs them (`texts` may be null).
PlanInputs plan_inputs(const ImageFeatureSet& images, const TextFeatureSet* texts);

}  // namespace plumage::train

// Feature files: every embedding set Plumage computes or imports is one
// safetensors file (README.md, "Feature files"; the tensors are listed in
// engine/train/feature_sets.h, the one implementation of the format). This
// layer adds the metadata it owns (model, dataset, skipped, preprocess,
// cache_key). Readers and writers validate everything (dtypes, shapes, label
// ranges, finite values, metadata) and throw FeatureFileError naming the file
// and the key.
#pragma once

#include "core/engine/train/feature_writer.h"
#include "core/features/feature_file_info.h"

#include <ATen/core/Tensor.h>

#include <memory>

namespace plumage::features {

struct ImageFeatureSet {
  at::Tensor features;   // [N,E] float32
  at::Tensor labels;     // [N] int64, 0-based class index (-1: no class)
  at::Tensor is_train;   // [N] uint8
  at::Tensor image_ids;  // [N] int64
  ModelInfo model;
  std::string preprocess;  // JSON describing the preprocessing
  DatasetInfo dataset;
  std::vector<std::string> class_names;
  std::vector<SkippedImage> skipped;
  std::string cache_key;
  std::map<std::string, std::string> extra_metadata;  // kept as is
};

struct TextFeatureSet {
  at::Tensor features;    // [M,E] float32
  at::Tensor labels;      // [M] int64, -1 when the text has no class
  at::Tensor image_ids;   // [M] int64, -1 for class-level texts
  at::Tensor text_index;  // [M] int64: position of the text within its image / class
  at::Tensor tokens;      // optional [M,L,W]
  at::Tensor lengths;     // optional [M] int64: tokens up to and including EOT
  ModelInfo model;
  std::string source;               // "reed", "llm", "coco", "file"
  std::vector<std::string> texts;   // texts[i] is row i's text
  std::vector<std::string> class_names;
  DatasetInfo dataset;              // when the texts belong to a dataset
  std::string cache_key;
  std::map<std::string, std::string> extra_metadata;
};

// Validate, then write atomically (temporary file + rename).
void write_image_features(const std::string& path, const ImageFeatureSet& set);
void write_text_features(const std::string& path, const TextFeatureSet& set);

// A text feature file written in chunks of rows (memory: one chunk; see
// engine/train/feature_writer.h). `header` gives everything but the tensors
// (texts, model, source, class names, ...); append the rows' tensors, then
// commit(). What write_text_features would write for the same rows.
std::unique_ptr<train::ChunkedTextFeatureWriter> open_text_feature_writer(const std::string& path,
                                                                          const TextFeatureSet& header,
                                                                          const train::TextFeatureShape& shape);

ImageFeatureSet read_image_features(const std::string& path);
TextFeatureSet read_text_features(const std::string& path);

// The checks the writers and readers apply; `where` names the file.
void validate(const ImageFeatureSet& set, const std::string& where);
void validate(const TextFeatureSet& set, const std::string& where);

}  // namespace plumage::features

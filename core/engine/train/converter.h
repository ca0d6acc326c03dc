// Text -> image-like feature converters behind one interface: identity,
// mean-shift across the modality gap, Gaussian noise injection, closed-form
// ridge regression, and the Q-Former (train/qformer.h).
//
// A checkpoint is one safetensors file: the converter's tensors plus metadata
// "plumage.kind" = "converter", "converter" = kind name, "config" = the
// ConverterConfig as JSON, "result" = the ConverterResult as JSON; a Q-Former
// checkpoint also holds its optimizer state ("optim.*") and "step"/"epoch".
#pragma once

#include "core/engine/train/configs.h"
#include "core/engine/train/feature_sets.h"
#include "core/engine/train/results.h"

#include <ATen/core/Tensor.h>

#include <memory>
#include <string>

namespace plumage::train {

class Converter {
 public:
  virtual ~Converter() = default;
  virtual ConverterKind kind() const = 0;
  const ConverterConfig& config() const { return config_; }

  // Converts text rows [rows] of `texts` into image-like features [n,E] on the
  // CPU. Uses `texts.features` (pooled) or, for the Q-Former, `texts.tokens`.
  virtual at::Tensor convert(const TextFeatureSet& texts, const at::Tensor& rows) const = 0;
  // All rows.
  at::Tensor convert_all(const TextFeatureSet& texts) const;

  // Tensors that define the converter (written to the checkpoint).
  virtual std::vector<std::pair<std::string, at::Tensor>> state() const = 0;

 protected:
  explicit Converter(ConverterConfig config) : config_(std::move(config)) {}
  ConverterConfig config_;
};

struct TrainedConverter {
  std::unique_ptr<Converter> converter;
  ConverterResult result;
};

// The image-text pairs a converter trains on: text rows with image_id >= 0
// paired with the image row of that id, whose image is in the training split
// (is_train = 1) unless config.include_test_images; split by image (in the
// order of their ids, so the row order of the file does not matter) into
// train/validation (config.val_fraction, seeded). Throws when no pair is left.
struct ConverterPairs {
  at::Tensor train_text, train_image, val_text, val_image;  // [n] int64 rows
  int64_t test_image_pairs = 0;     // pairs kept whose image is a test image
  int64_t test_pairs_left_out = 0;  // pairs dropped because their image is a test image
};
ConverterPairs converter_pairs(const ConverterConfig& config, const ImageFeatureSet& images,
                               const TextFeatureSet& texts);

// Validation pairs from files of their own (COCO val2017 beside train2017)
// instead of a fraction of the training images: every pair of the training
// files trains and every pair of the validation files validates (image ids
// must not repeat across them; same widths). The sets stay apart, never
// joined: a memory-mapped token file may be larger than memory.
struct ValidationPairs {
  const ImageFeatureSet* images = nullptr;  // the validation files
  const TextFeatureSet* texts = nullptr;
  at::Tensor text_rows, image_rows;  // rows of *texts and *images, one per pair
};
struct SeparatePairs {
  ConverterPairs train;  // rows of the training sets; no validation rows
  ValidationPairs val;
};
SeparatePairs separate_validation_pairs(const ConverterConfig& config, const ImageFeatureSet& train_images,
                                        const TextFeatureSet& train_texts, const ImageFeatureSet& val_images,
                                        const TextFeatureSet& val_texts);

// Fits (closed form) or trains (Q-Former) a converter on converter_pairs
// (or on `pairs` when given, e.g. separate_validation_pairs' train; then
// `val`, when given, validates instead of the pairs' own validation rows);
// the diagnostics of both splits are in the result, and what it was trained
// on in result.training_data (`record` gives the caller's part: file hashes).
// Features of two different CLIP models (known weights hashes) are refused.
// When `checkpoint_path` is not empty the converter is saved there (the
// Q-Former after every epoch, so a run can be resumed with config.resume_from).
TrainedConverter train_converter(const ConverterConfig& config, const ImageFeatureSet& images,
                                 const TextFeatureSet& texts, const std::string& checkpoint_path = "",
                                 const MetricCallback& on_metric = {},
                                 const std::atomic<bool>* cancel = nullptr,
                                 const ConverterTrainingData& record = {},
                                 const ConverterPairs* pairs = nullptr, const ValidationPairs* val = nullptr);

void save_converter(const std::string& path, const Converter& converter, const ConverterResult& result);
// Loads any converter checkpoint; `result_out` receives the stored result.
std::unique_ptr<Converter> load_converter(const std::string& path, ConverterResult* result_out = nullptr);

// Diagnostics of `converted` [n,E] (text rows `text_rows` of the pairs)
// against the paired image rows `image_rows` [n] of `image_features`. The
// gallery is the distinct image rows. `normalize` applies L2 normalization to
// both sides before the MSE (cosine/retrieval are scale-free anyway).
ConversionDiagnostics conversion_diagnostics(const at::Tensor& converted, const at::Tensor& image_rows,
                                             const at::Tensor& image_features, bool normalize);

}  // namespace plumage::train

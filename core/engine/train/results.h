// Results of the training jobs: plain structs, torch-free.
// JSON conversion: train/json.h.
#pragma once

#include "core/engine/train/configs.h"
#include "core/engine/train/ratio_plan.h"

#include <cstdint>
#include <string>
#include <vector>

namespace plumage::train {

// One point of a metric stream (as delivered to the MetricCallback).
struct MetricPoint {
  int epoch = 0;
  std::string key;
  double value = 0.0;
};

// Classification metrics on one split. Accuracies are fractions in [0, 1].
struct EvalResult {
  int64_t count = 0;
  double top1 = 0.0;
  double top5 = 0.0;
  double mean_per_class = 0.0;        // mean over classes that have samples
  std::vector<double> per_class;      // top-1 per class (NaN-free: 0 when absent)
  std::vector<int64_t> class_count;   // samples per class
  // confusion[t][p]: samples of true class t predicted as p.
  std::vector<std::vector<int64_t>> confusion;
  // Top-1 class of every sample, in evaluation order (for tests over images;
  // not part of the JSON form).
  std::vector<int64_t> predicted;
};

struct AdapterResult {
  EvalResult test;
  EvalResult val;  // count 0 when there is no validation split
  int best_epoch = 0;   // epoch whose weights were kept (1-based)
  int epochs_run = 0;
  int64_t train_image_samples = 0;
  int64_t train_text_samples = 0;  // per epoch
  double seconds = 0.0;
  std::vector<MetricPoint> history;  // train_loss, val_top1, test_top1 per epoch
};

// How well converted text features match the true image embeddings.
struct ConversionDiagnostics {
  int64_t pairs = 0;      // text rows evaluated
  int64_t images = 0;     // distinct images in the retrieval gallery
  double cosine = 0.0;    // mean cosine(converted text, paired image)
  double mse = 0.0;       // mean squared error per dimension (after the converter's normalization)
  double r_at_1 = 0.0;    // text->image retrieval over the gallery
  double r_at_5 = 0.0;
  double modality_gap = 0.0;  // ||mean(normalized images) - mean(normalized converted texts)||
};

// What a converter was trained on, kept in its checkpoint (metadata
// "result"), so leakage and CLIP-model mismatches can be checked later.
// A checkpoint written before this record has split "" (unknown).
struct ConverterTrainingData {
  std::string split;  // "train" (training-split images only) or "train+test"
  int64_t train_pairs = 0, val_pairs = 0;
  int64_t test_image_pairs = 0;     // pairs used whose image is in the test split
  int64_t test_pairs_left_out = 0;  // pairs not used because their image is in the test split
  std::string image_file, text_file;  // as given
  std::string image_hash, text_hash;  // content hashes ("" when the caller did not compute them)
  std::string model;         // CLIP model name of the features ("" when unknown)
  std::string weights_hash;  // CLIP weights hash of the features ("" when unknown)
};

struct ConverterResult {
  ConverterConfig config;
  ConverterTrainingData training_data;
  ConversionDiagnostics train;
  ConversionDiagnostics val;
  int epochs_run = 0;                // Q-Former; 0 for closed-form converters
  int64_t steps = 0;
  double seconds = 0.0;
  std::vector<MetricPoint> history;  // train_loss, val_cosine, val_r1, val_r5 per epoch
};

struct ZeroShotResult {
  EvalResult test;
  int64_t texts_used = 0;
};

struct LinearProbeResult {
  std::vector<double> weight_decays;
  std::vector<double> val_top1;  // per weight decay
  double chosen_weight_decay = 0.0;
  AdapterResult chosen;          // test metrics of the selected model
};

}  // namespace plumage::train

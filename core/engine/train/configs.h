// Training job configurations: plain structs with defaults, torch-free so the
// GUI and the experiment store can include them. JSON conversion: train/json.h.
//
// Every job function (train/jobs.h) takes one of these, a MetricCallback and a
// cancellation flag, and returns a result struct (train/results.h).
#pragma once

#include "core/engine/train/ratio_plan.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace plumage::train {

// Receives the metric stream: (epoch, key, value). Epoch is 1-based for
// per-epoch metrics and 0 for job-level ones. Called on the job's thread.
using MetricCallback = std::function<void(int epoch, const std::string& key, double value)>;

// Thrown by a job when its cancellation flag becomes true. Jobs check the flag
// before every batch, so they stop within one batch.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

enum class OptimizerKind { Adam, AdamW, SGD };
enum class AdapterHead { Linear, Residual };
enum class ConverterKind { Identity, MeanShift, Noise, Ridge, QFormer };
enum class Pooling { Mean, First };

const char* to_string(OptimizerKind k);
const char* to_string(AdapterHead h);
const char* to_string(ConverterKind k);
const char* to_string(Pooling p);
// "adam"/"adamw"/"sgd", "linear"/"residual",
// "identity"/"meanshift"/"noise"/"ridge"/"qformer", "mean"/"first".
OptimizerKind parse_optimizer_kind(const std::string& s);
AdapterHead parse_adapter_head(const std::string& s);
ConverterKind parse_converter_kind(const std::string& s);
Pooling parse_pooling(const std::string& s);

// "auto" (CUDA when available), "cpu", "cuda", "cuda:N".
using DeviceName = std::string;

// Stage 2: a classifier on (optionally L2-normalized) embeddings.
struct AdapterConfig {
  bool l2_normalize = true;
  AdapterHead head = AdapterHead::Linear;
  // Residual (CLIP-Adapter style): x + residual_ratio * (MLP(x) - x), with
  // MLP = Linear(E, E/bottleneck_reduction) -> ReLU -> Linear(.., E) -> ReLU.
  int bottleneck_reduction = 4;
  double residual_ratio = 0.2;
  // Initialize the classifier from zero-shot class weights (L2-normalized
  // class text features times init_scale) when the job is given them.
  bool init_from_zero_shot = false;
  double init_scale = 10.0;
  double label_smoothing = 0.0;
  OptimizerKind optimizer = OptimizerKind::Adam;
  int epochs = 100;
  int batch_size = 256;
  double lr = 1e-3;
  double weight_decay = 0.0;
  double momentum = 0.9;  // SGD only
  // Stop when validation top-1 has not improved for this many epochs (0: off).
  int early_stopping_patience = 0;
  // Return the weights of the epoch with the best validation top-1 (needs a
  // validation split); otherwise the last epoch's weights.
  bool select_best_on_val = true;
  // Evaluate on the test split after every epoch (the metric stream); the
  // final test evaluation happens regardless.
  bool eval_test_every_epoch = true;
  uint64_t seed = 0;  // weight init and batch order
  DeviceName device = "auto";
};

// Stage 1: the Q-Former converter's architecture and training.
struct QFormerConfig {
  int num_queries = 32;
  int num_layers = 6;
  int hidden = 256;
  int heads = 8;
  int ffn = 1024;
  double dropout = 0.1;
  int cross_attention_every = 1;  // cross-attend in layers 0, k, 2k, ...
  bool pre_norm = true;
  Pooling pooling = Pooling::Mean;
  // Loss weights.
  double w_cosine = 1.0;
  double w_mse = 0.0;
  double w_infonce = 1.0;
  double init_temperature = 0.07;  // learnable; logit scale capped at 100
  // Optimization (AdamW with linear warmup then cosine decay to min_lr).
  int epochs = 10;
  int batch_size = 128;
  double lr = 1e-4;
  double min_lr = 0.0;
  double weight_decay = 0.05;
  int warmup_steps = 200;
  double grad_clip = 1.0;  // max global grad norm (0: off)
  bool amp = true;         // bf16 autocast on CUDA when the LibTorch version supports it
};

struct ConverterConfig {
  ConverterKind kind = ConverterKind::Ridge;
  // L2-normalize text and image embeddings before fitting/converting.
  bool normalize = true;
  double noise_sigma = 0.04;   // Noise: std of the Gaussian added to the text embedding
  double ridge_lambda = 1e-2;  // Ridge: L2 penalty (times the number of pairs)
  QFormerConfig qformer;
  // Held-out pairs for the diagnostics, split by image (all texts of an image
  // are on one side).
  double val_fraction = 0.1;
  // Pairs come from training-split images only (is_train = 1), so an adapter
  // evaluated on the test split never sees a converter fitted on its images.
  // true: test images too (recorded in the checkpoint as split "train+test").
  bool include_test_images = false;
  uint64_t seed = 0;
  DeviceName device = "auto";
  // Q-Former: resume from this checkpoint (weights, optimizer, step); "" = fresh.
  std::string resume_from;
};

// Zero-shot / descriptor baselines: class weights are the mean of the
// L2-normalized text features of each class (one per template or descriptor).
struct ZeroShotConfig {
  std::vector<std::string> templates = {"a photo of a {}, a type of bird."};
  DeviceName device = "auto";
};

// Logistic regression on image features with a weight-decay sweep, selected
// on the validation split.
struct LinearProbeConfig {
  std::vector<double> weight_decays = {0.0, 1e-5, 1e-4, 1e-3, 1e-2};
  AdapterConfig adapter;  // optimizer, epochs, lr, ... (weight_decay is swept)
  double val_fraction = 0.1;
  uint64_t seed = 0;
};

}  // namespace plumage::train

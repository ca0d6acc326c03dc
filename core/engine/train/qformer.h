// The Q-Former converter (BLIP-2 style): learned query tokens pass through
// layers of self-attention over the queries, cross-attention from the queries
// to the CLIP text token features (every k-th layer, key padding mask from the
// token lengths), and a feed-forward block; pre- or post-norm. The query
// outputs are pooled (mean or first) and projected to the image embedding size.
// Internal to the converter jobs (converter.h is the public face).
#pragma once

#include "core/engine/train/configs.h"
#include "core/engine/train/converter.h"

#include <ATen/core/Generator.h>
#include <c10/core/Device.h>
#include <c10/util/Optional.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

#include <memory>
#include <vector>

namespace plumage::train {

// Dropout with an explicit generator on the CPU (bit-identical reruns), the
// device's default generator elsewhere.
struct DropoutRng {
  double p = 0.0;
  bool training = false;
  c10::optional<at::Generator> cpu;
  at::Tensor operator()(const at::Tensor& x) const;
};

struct QFormerLayerImpl : torch::nn::Module {
  QFormerLayerImpl(const QFormerConfig& c, int64_t token_width, bool cross);
  torch::nn::LayerNorm ln_self{nullptr}, ln_cross{nullptr}, ln_ffn{nullptr};
  torch::nn::Linear qkv{nullptr}, self_out{nullptr};
  torch::nn::Linear cross_q{nullptr}, cross_kv{nullptr}, cross_out{nullptr};
  torch::nn::Linear ff1{nullptr}, ff2{nullptr};
  bool has_cross = false;
};

struct QFormerImpl : torch::nn::Module {
  QFormerImpl(const QFormerConfig& c, int64_t token_width, int64_t out_dim);
  // tokens [B,T,W] float, lengths [B] int64 -> [B,out_dim].
  at::Tensor forward(const at::Tensor& tokens, const at::Tensor& lengths, const DropoutRng& drop);
  // Deterministic init (normal(0, 0.02) weights, zero biases, unit norms)
  // from a local generator.
  void reset(uint64_t seed);

  QFormerConfig cfg;
  int64_t token_width, out_dim;
  // On the CPU, project only the valid token positions (see forward); tests
  // turn it off to check that the result is the same.
  bool pack_tokens = true;
  at::Tensor queries;      // [Nq,H]
  at::Tensor logit_scale;  // scalar, log(1/temperature)
  torch::nn::LayerNorm ln_tokens{nullptr}, ln_final{nullptr};
  std::vector<std::shared_ptr<QFormerLayerImpl>> layers;
  torch::nn::Linear proj{nullptr};
};

class QFormerConverter : public Converter {
 public:
  QFormerConverter(const ConverterConfig& config, int64_t token_width, int64_t out_dim, c10::Device device);
  ConverterKind kind() const override { return ConverterKind::QFormer; }
  at::Tensor convert(const TextFeatureSet& texts, const at::Tensor& rows) const override;
  std::vector<std::pair<std::string, at::Tensor>> state() const override;
  void load_state(const std::map<std::string, at::Tensor>& tensors, const std::string& source);

  // Optimizer state and epoch ("optim.*", "train.epoch") written with the
  // weights so that training can resume; set by the trainer, read on load.
  std::vector<std::pair<std::string, at::Tensor>> training_state;

  QFormerImpl& model() { return *model_; }
  const QFormerImpl& model() const { return *model_; }
  c10::Device device() const { return device_; }

 private:
  std::shared_ptr<QFormerImpl> model_;
  c10::Device device_;
};

// Batched inputs for the Q-Former: token rows of `texts` on `device`.
void qformer_batch(const TextFeatureSet& texts, const at::Tensor& rows, c10::Device device, at::Tensor& tokens,
                   at::Tensor& lengths);

// Trains on pairs (text rows, image rows); validation pairs (rows of
// `val_images`/`val_texts`, which may be the training sets) give the
// per-epoch diagnostics. Writes the checkpoint after every epoch when
// `checkpoint_path` is set (with `data`, what it trains on); resumes from
// config.resume_from.
TrainedConverter train_qformer(const ConverterConfig& config, const ImageFeatureSet& images, const TextFeatureSet& texts,
                               const at::Tensor& train_text_rows, const at::Tensor& train_image_rows,
                               const ImageFeatureSet& val_images, const TextFeatureSet& val_texts,
                               const at::Tensor& val_text_rows, const at::Tensor& val_image_rows,
                               const ConverterTrainingData& data, const std::string& checkpoint_path, const MetricCallback& on_metric,
                               const std::atomic<bool>* cancel);

}  // namespace plumage::train

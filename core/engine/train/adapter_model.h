// The stage-2 classifier's parameters, forward pass and training step.
// Internal to the training jobs (adapter.cpp, baselines.cpp).
//
// The linear head takes a fast path with hand-written gradients (softmax
// cross-entropy has a closed-form gradient) into preallocated buffers, so a
// step is the two matrix products plus one pass over the logits (CPU:
// xent_kernels.h) or a few small elementwise kernels (GPU); the residual
// (CLIP-Adapter) head uses autograd.
#pragma once

#include "core/engine/train/configs.h"
#include "core/engine/train/optim.h"

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <utility>
#include <vector>

namespace plumage::train {

// The linear head's initial weight [C,E] and bias [C] on the CPU: nn.Linear's
// uniform draws from `gen` (weight, then bias), or, with init_from_zero_shot,
// the L2-normalized class weights times init_scale and a zero bias.
std::pair<at::Tensor, at::Tensor> initial_linear_head(const AdapterConfig& config, int64_t dim, int64_t num_classes,
                                                      const at::Tensor& class_weights, at::Generator& gen);

class AdapterModel {
 public:
  // `class_weights` [C,E] (may be undefined) initializes the classifier when
  // config.init_from_zero_shot is set. Random init draws from a local
  // generator seeded with `seed`, as torch.nn.Linear does (uniform +-1/sqrt(fan_in)).
  AdapterModel(const AdapterConfig& config, int64_t dim, int64_t num_classes, c10::Device device,
               const at::Tensor& class_weights, uint64_t seed);

  // Logits [n,C] for features [n,E] (already normalized if the config says so).
  at::Tensor logits(const at::Tensor& x) const;
  // How many rows of x [n,E] the model classifies as y [n] (top-1, argmax's
  // tie rule), with the logits in `buf` (resized as needed, reused across
  // epochs).
  int64_t count_correct(const at::Tensor& x, const at::Tensor& y, at::Tensor& buf) const;
  // One optimizer step on a batch; adds the batch's summed loss to `loss_sum`
  // (a device scalar: no host sync per step). `y` is [B,1] int64.
  void train_step(const at::Tensor& x, const at::Tensor& y, at::Tensor& loss_sum);

  std::vector<at::Tensor> snapshot() const;
  void restore(const std::vector<at::Tensor>& saved);

  const at::Tensor& weight() const { return w_; }  // [C,E]
  const at::Tensor& bias() const { return b_; }    // [C]

 private:
  at::Tensor residual(const at::Tensor& x) const;
  bool cpu_kernels() const;  // linear head on the CPU: the fused kernels

  AdapterConfig cfg_;
  int64_t dim_, classes_;
  at::Tensor w_, b_;    // classifier [C,E] as nn.Linear (x w^T: the products' fastest layout here), [C]
  at::Tensor a1_, a2_;  // residual bottleneck [E,H], [H,E]
  ParamOptimizer opt_;
  // Fast-path buffers, sized for the largest batch.
  at::Tensor logits_buf_, probs_buf_, grad_w_, grad_b_, neg_target_;
};

}  // namespace plumage::train

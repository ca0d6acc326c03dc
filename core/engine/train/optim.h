// Optimizers for the training loops: Adam, AdamW (decoupled weight decay) and
// SGD with momentum, with exactly torch.optim's update rules (PyTorch 1.13
// defaults: betas 0.9/0.999, eps 1e-8, no amsgrad, no nesterov, dampening 0).
//
// Owned here rather than torch::optim so that (a) on the CPU the update is one
// fused pass over each parameter (no temporaries: the adapter's Adam step costs
// about as much as its matrix products otherwise), and (b) the state is plain
// named tensors, which makes checkpoints and resume trivial.
#pragma once

#include "core/engine/train/configs.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace plumage::train {

class ParamOptimizer {
 public:
  struct Options {
    OptimizerKind kind = OptimizerKind::Adam;
    double lr = 1e-3;
    double weight_decay = 0.0;
    double momentum = 0.9;  // SGD
    double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  };
  explicit ParamOptimizer(Options options) : o_(options) {}

  // Registers a parameter (updated in place). `decay` false exempts it from
  // weight decay (biases, norms, temperature).
  void add(const std::string& name, at::Tensor param, bool decay = true);
  // One update with `grads` (aligned with the registered parameters; an
  // undefined gradient skips that parameter).
  void step(const std::vector<at::Tensor>& grads);
  // One update with each parameter's .grad().
  void step_from_autograd();

  void set_lr(double lr) { o_.lr = lr; }
  double lr() const { return o_.lr; }
  int64_t steps() const { return step_; }
  const std::vector<at::Tensor>& params() const { return params_; }

  // State as named tensors ("<prefix><param>.exp_avg", ..., "<prefix>step").
  std::vector<std::pair<std::string, at::Tensor>> state(const std::string& prefix) const;
  // Restores what state() wrote; throws std::invalid_argument on a mismatch.
  void load_state(const std::vector<std::pair<std::string, at::Tensor>>& tensors, const std::string& prefix);

 private:
  void update(size_t i, const at::Tensor& grad);
  // The same rules as multi-tensor (_foreach) kernels over a group sharing one
  // weight decay: on CUDA a few launches for all parameters instead of ~8 each.
  void update_multi(const std::vector<size_t>& idx, const std::vector<at::Tensor>& grads, double weight_decay);

  Options o_;
  int64_t step_ = 0;
  std::vector<std::string> names_;
  std::vector<at::Tensor> params_;
  std::vector<bool> decay_;
  std::vector<at::Tensor> m_, v_;  // Adam moments, or SGD momentum buffer in m_
};

// Scales the parameters' gradients so their total L2 norm is at most
// max_norm (torch.nn.utils.clip_grad_norm_), without a host synchronization.
void clip_grad_norm(const std::vector<at::Tensor>& params, double max_norm);

}  // namespace plumage::train

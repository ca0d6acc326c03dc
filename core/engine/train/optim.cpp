#include "core/engine/train/optim.h"
#include "core/engine/train/optim_kernels.h"

#include <ATen/ATen.h>
#include <torch/version.h>

#include <cmath>
#include <map>
#include <stdexcept>

namespace plumage::train {

namespace {

bool fusable(const at::Tensor& t) { return t.device().is_cpu() && t.scalar_type() == at::kFloat && t.is_contiguous(); }

}  // namespace

void ParamOptimizer::add(const std::string& name, at::Tensor param, bool decay) {
  names_.push_back(name);
  params_.push_back(param);
  decay_.push_back(decay);
  m_.push_back(at::zeros_like(param));
  v_.push_back(o_.kind == OptimizerKind::SGD ? at::Tensor() : at::zeros_like(param));
}

void ParamOptimizer::step(const std::vector<at::Tensor>& grads) {
  if (grads.size() != params_.size()) throw std::invalid_argument("optimizer: gradient count differs from parameter count");
  ++step_;
  std::vector<size_t> rest;
  for (size_t i = 0; i < params_.size(); ++i) {
    if (!grads[i].defined()) continue;
    if (fusable(params_[i]) && fusable(grads[i])) update(i, grads[i]);
    else rest.push_back(i);
  }
  // Weight-decayed and exempt parameters form two groups of one rule each.
  for (bool decay : {true, false}) {
    std::vector<size_t> group;
    for (size_t i : rest)
      if (decay_[i] == decay) group.push_back(i);
    if (!group.empty()) update_multi(group, grads, decay ? o_.weight_decay : 0.0);
  }
}

void ParamOptimizer::update_multi(const std::vector<size_t>& idx, const std::vector<at::Tensor>& all_grads, double wd) {
  at::NoGradGuard no_grad;
  std::vector<at::Tensor> p, g, m, v;
  for (size_t i : idx) {
    p.push_back(params_[i]);
    g.push_back(all_grads[i]);
    m.push_back(m_[i]);
    if (v_[i].defined()) v.push_back(v_[i]);
  }
  const double lr = o_.lr;
  if (o_.kind == OptimizerKind::SGD) {
    const std::vector<at::Tensor> d = wd != 0 ? at::_foreach_add(g, p, wd) : g;
    at::_foreach_mul_(m, o_.momentum);
    at::_foreach_add_(m, d);
    at::_foreach_add_(p, m, -lr);
    return;
  }
  const bool decoupled = o_.kind == OptimizerKind::AdamW;
  const double bc1 = 1.0 - std::pow(o_.beta1, static_cast<double>(step_));
  const double bc2 = 1.0 - std::pow(o_.beta2, static_cast<double>(step_));
  if (decoupled && wd != 0) at::_foreach_mul_(p, 1.0 - lr * wd);
  const std::vector<at::Tensor> d = (!decoupled && wd != 0) ? at::_foreach_add(g, p, wd) : g;
  at::_foreach_mul_(m, o_.beta1);
  at::_foreach_add_(m, d, 1.0 - o_.beta1);
  at::_foreach_mul_(v, o_.beta2);
  at::_foreach_addcmul_(v, d, d, 1.0 - o_.beta2);
  std::vector<at::Tensor> denom = at::_foreach_sqrt(v);
  at::_foreach_div_(denom, std::sqrt(bc2));
  at::_foreach_add_(denom, o_.eps);
  at::_foreach_addcdiv_(p, m, denom, -lr / bc1);
}

void clip_grad_norm(const std::vector<at::Tensor>& params, double max_norm) {
  std::vector<at::Tensor> grads;
  for (const auto& p : params)
    if (p.grad().defined()) grads.push_back(p.grad());
  if (grads.empty()) return;
  at::NoGradGuard no_grad;
  const at::Tensor total = at::stack(at::_foreach_norm(grads, 2)).norm();
  const at::Tensor coef = (max_norm / (total + 1e-6)).clamp_max(1.0);
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
  at::_foreach_mul_(grads, coef);
#else
  for (auto& g : grads) g.mul_(coef);
#endif
}

void ParamOptimizer::step_from_autograd() {
  std::vector<at::Tensor> grads;
  grads.reserve(params_.size());
  for (auto& p : params_) grads.push_back(p.grad());
  step(grads);
}

// One fused pass for a contiguous float32 CPU parameter (step() checked that).
void ParamOptimizer::update(size_t i, const at::Tensor& grad_in) {
  at::NoGradGuard no_grad;
  at::Tensor p = params_[i];
  const at::Tensor g = grad_in.contiguous();
  const double wd = decay_[i] ? o_.weight_decay : 0.0;
  const double lr = o_.lr;
  if (o_.kind == OptimizerKind::SGD) {
    kernels::sgd(p.data_ptr<float>(), g.data_ptr<float>(), m_[i].data_ptr<float>(), p.numel(), static_cast<float>(lr),
                 static_cast<float>(wd), static_cast<float>(o_.momentum));
    return;
  }
  const bool decoupled = o_.kind == OptimizerKind::AdamW;
  const double bc1 = 1.0 - std::pow(o_.beta1, static_cast<double>(step_));
  const double bc2 = 1.0 - std::pow(o_.beta2, static_cast<double>(step_));
  kernels::AdamStep s{static_cast<float>(o_.beta1),
                      static_cast<float>(o_.beta2),
                      static_cast<float>(o_.eps),
                      static_cast<float>(lr / bc1),
                      static_cast<float>(1.0 / std::sqrt(bc2)),
                      static_cast<float>(decoupled ? 0.0 : wd),
                      static_cast<float>(decoupled ? 1.0 - lr * wd : 1.0)};
  kernels::adam(p.data_ptr<float>(), g.data_ptr<float>(), m_[i].data_ptr<float>(), v_[i].data_ptr<float>(), p.numel(), s);
}

std::vector<std::pair<std::string, at::Tensor>> ParamOptimizer::state(const std::string& prefix) const {
  std::vector<std::pair<std::string, at::Tensor>> out;
  for (size_t i = 0; i < params_.size(); ++i) {
    out.emplace_back(prefix + names_[i] + (o_.kind == OptimizerKind::SGD ? ".momentum" : ".exp_avg"), m_[i]);
    if (v_[i].defined()) out.emplace_back(prefix + names_[i] + ".exp_avg_sq", v_[i]);
  }
  out.emplace_back(prefix + "step", at::tensor(step_, at::kLong));
  return out;
}

void ParamOptimizer::load_state(const std::vector<std::pair<std::string, at::Tensor>>& tensors, const std::string& prefix) {
  std::map<std::string, at::Tensor> by_name(tensors.begin(), tensors.end());
  auto take = [&](const std::string& key, at::Tensor& into) {
    auto it = by_name.find(prefix + key);
    if (it == by_name.end()) throw std::invalid_argument("optimizer state: missing '" + prefix + key + "'");
    if (it->second.sizes() != into.sizes())
      throw std::invalid_argument("optimizer state: '" + prefix + key + "' has the wrong shape");
    at::NoGradGuard no_grad;
    into.copy_(it->second);
  };
  for (size_t i = 0; i < params_.size(); ++i) {
    take(names_[i] + (o_.kind == OptimizerKind::SGD ? ".momentum" : ".exp_avg"), m_[i]);
    if (v_[i].defined()) take(names_[i] + ".exp_avg_sq", v_[i]);
  }
  auto it = by_name.find(prefix + "step");
  if (it == by_name.end()) throw std::invalid_argument("optimizer state: missing '" + prefix + "step'");
  step_ = it->second.item<int64_t>();
}

}  // namespace plumage::train

#include "engine/train/optim.h"
#include "engine/train/optim_kernels.h"

#include <ATen/ATen.h>

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
  for (size_t i = 0; i < params_.size(); ++i)
    if (grads[i].defined()) update(i, grads[i]);
}

void ParamOptimizer::step_from_autograd() {
  std::vector<at::Tensor> grads;
  grads.reserve(params_.size());
  for (auto& p : params_) grads.push_back(p.grad());
  step(grads);
}

void ParamOptimizer::update(size_t i, const at::Tensor& grad_in) {
  at::NoGradGuard no_grad;
  at::Tensor p = params_[i];
  const at::Tensor g = grad_in.contiguous();
  const double wd = decay_[i] ? o_.weight_decay : 0.0;
  const double lr = o_.lr;

  if (o_.kind == OptimizerKind::SGD) {
    if (fusable(p) && fusable(g) && fusable(m_[i])) {
      kernels::sgd(p.data_ptr<float>(), g.data_ptr<float>(), m_[i].data_ptr<float>(), p.numel(), static_cast<float>(lr),
                   static_cast<float>(wd), static_cast<float>(o_.momentum));
      return;
    }
    at::Tensor d = wd != 0 ? g.add(p, wd) : g;
    m_[i].mul_(o_.momentum).add_(d);
    p.add_(m_[i], -lr);
    return;
  }

  const bool decoupled = o_.kind == OptimizerKind::AdamW;
  const double bc1 = 1.0 - std::pow(o_.beta1, static_cast<double>(step_));
  const double bc2 = 1.0 - std::pow(o_.beta2, static_cast<double>(step_));
  const double step_size = lr / bc1;
  const double bc2_sqrt = std::sqrt(bc2);
  if (fusable(p) && fusable(g) && fusable(m_[i]) && fusable(v_[i])) {
    kernels::AdamStep s{static_cast<float>(o_.beta1),
               static_cast<float>(o_.beta2),
               static_cast<float>(o_.eps),
               static_cast<float>(step_size),
               static_cast<float>(1.0 / bc2_sqrt),
               static_cast<float>(decoupled ? 0.0 : wd),
               static_cast<float>(decoupled ? 1.0 - lr * wd : 1.0)};
    kernels::adam(p.data_ptr<float>(), g.data_ptr<float>(), m_[i].data_ptr<float>(), v_[i].data_ptr<float>(), p.numel(), s);
    return;
  }
  // Same rule with tensor ops (CUDA, other dtypes).
  if (decoupled && wd != 0) p.mul_(1.0 - lr * wd);
  at::Tensor d = (!decoupled && wd != 0) ? g.add(p, wd) : g;
  m_[i].mul_(o_.beta1).add_(d, 1.0 - o_.beta1);
  v_[i].mul_(o_.beta2).addcmul_(d, d, 1.0 - o_.beta2);
  at::Tensor denom = (v_[i].sqrt() / bc2_sqrt).add_(o_.eps);
  p.addcdiv_(m_[i], denom, -step_size);
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

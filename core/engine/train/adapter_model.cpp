#include "engine/train/adapter_model.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace plumage::train {

namespace {

at::Tensor uniform(at::Generator& gen, std::vector<int64_t> shape, double bound) {
  return at::empty(shape, at::kFloat).uniform_(-bound, bound, gen);
}

ParamOptimizer::Options optimizer_options(const AdapterConfig& c) {
  ParamOptimizer::Options o;
  o.kind = c.optimizer;
  o.lr = c.lr;
  o.weight_decay = c.weight_decay;
  o.momentum = c.momentum;
  return o;
}

}  // namespace

std::pair<at::Tensor, at::Tensor> initial_linear_head(const AdapterConfig& config, int64_t dim, int64_t num_classes,
                                                      const at::Tensor& class_weights, at::Generator& gen) {
  const double bound = 1.0 / std::sqrt(static_cast<double>(dim));
  // Same draw order as nn.Linear(E, C): weight [C,E] then bias [C].
  at::Tensor w = uniform(gen, {num_classes, dim}, bound);
  at::Tensor b = uniform(gen, {num_classes}, bound);
  if (config.init_from_zero_shot) {
    if (!class_weights.defined())
      throw std::invalid_argument("adapter: init_from_zero_shot is set but no zero-shot class weights were given");
    if (class_weights.dim() != 2 || class_weights.size(0) != num_classes || class_weights.size(1) != dim)
      throw std::invalid_argument("adapter: zero-shot class weights must be [" + std::to_string(num_classes) + "," +
                                  std::to_string(dim) + "]");
    const at::Tensor cw = class_weights.to(at::kCPU, at::kFloat);
    w = cw / cw.norm(2, {1}, true).clamp_min(1e-12) * config.init_scale;
    b = at::zeros({num_classes});
  }
  return {w, b};
}

AdapterModel::AdapterModel(const AdapterConfig& config, int64_t dim, int64_t num_classes, c10::Device device,
                           const at::Tensor& class_weights, uint64_t seed)
    : cfg_(config), dim_(dim), classes_(num_classes), opt_(optimizer_options(config)) {
  if (dim <= 0 || num_classes <= 0) throw std::invalid_argument("adapter: empty feature dimension or class count");
  if (config.batch_size <= 0) throw std::invalid_argument("adapter: batch_size must be positive");
  at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(seed);
  const double bound = 1.0 / std::sqrt(static_cast<double>(dim));
  auto [w, b] = initial_linear_head(config, dim, num_classes, class_weights, gen);
  w_ = w.t().contiguous().to(device);
  b_ = b.to(device);
  if (config.head == AdapterHead::Residual) {
    if (config.bottleneck_reduction <= 0 || dim / config.bottleneck_reduction < 1)
      throw std::invalid_argument("adapter: bottleneck_reduction must be in [1, dim]");
    const int64_t hidden = dim / config.bottleneck_reduction;
    a1_ = uniform(gen, {hidden, dim}, bound).t().contiguous().to(device);
    a2_ = uniform(gen, {dim, hidden}, 1.0 / std::sqrt(static_cast<double>(hidden))).t().contiguous().to(device);
    for (auto* p : {&w_, &b_, &a1_, &a2_}) p->requires_grad_(true);
    opt_.add("adapter.down", a1_);
    opt_.add("adapter.up", a2_);
  } else {
    const auto opts = at::TensorOptions().dtype(at::kFloat).device(device);
    logits_buf_ = at::empty({config.batch_size, num_classes}, opts);
    probs_buf_ = at::empty({config.batch_size, num_classes}, opts);
    grad_w_ = at::empty({dim, num_classes}, opts);
    grad_b_ = at::empty({num_classes}, opts);
    neg_target_ = at::full({config.batch_size, 1}, -(1.0 - config.label_smoothing), opts);
  }
  opt_.add("classifier.weight", w_);
  opt_.add("classifier.bias", b_, /*decay=*/true);
}

at::Tensor AdapterModel::residual(const at::Tensor& x) const {
  const at::Tensor h = at::relu(at::mm(at::relu(at::mm(x, a1_)), a2_));
  return x * (1.0 - cfg_.residual_ratio) + h * cfg_.residual_ratio;
}

at::Tensor AdapterModel::logits(const at::Tensor& x) const {
  at::NoGradGuard no_grad;
  if (cfg_.head == AdapterHead::Residual) return at::addmm(b_, residual(x), w_);
  return at::addmm(b_, x, w_);
}

void AdapterModel::logits_out(at::Tensor& out, const at::Tensor& x) const {
  at::NoGradGuard no_grad;
  if (cfg_.head == AdapterHead::Residual) {
    out = logits(x);
    return;
  }
  at::addmm_out(out, b_, x, w_);
}

void AdapterModel::train_step(const at::Tensor& x, const at::Tensor& y, at::Tensor& loss_sum) {
  const int64_t B = x.size(0);
  const double eps = cfg_.label_smoothing;
  if (cfg_.head == AdapterHead::Residual) {
    const at::Tensor lg = at::addmm(b_, residual(x), w_);
    const at::Tensor loss = at::cross_entropy_loss(lg, y.view({B}), {}, at::Reduction::Mean, -100, eps);
    loss.backward();
    opt_.step_from_autograd();
    for (auto& p : opt_.params()) p.mutable_grad().reset();
    at::NoGradGuard no_grad;
    loss_sum.add_(loss.detach() * static_cast<double>(B));
    return;
  }
  // Softmax cross-entropy with label smoothing eps: target q = (1-eps) onehot + eps/C;
  // loss = -sum q log p; d loss / d logits = p - q (averaged over the batch).
  at::Tensor lg = logits_buf_.narrow(0, 0, B);
  at::addmm_out(lg, b_, x, w_);
  at::Tensor g;
  if (eps == 0.0) {
    // One softmax pass gives the gradient; the loss needs log p only at the
    // targets. A target probability that underflows (a sample loss above
    // -log(FLT_MIN) = 87.3) is counted as 87.3; the gradient stays exact.
    at::Tensor probs = probs_buf_.narrow(0, 0, B);
    g = at::_softmax_out(probs, lg, 1, false);
    loss_sum.sub_(g.gather(1, y).clamp_min_(std::numeric_limits<float>::min()).log_().sum());
  } else {
    at::Tensor logp = probs_buf_.narrow(0, 0, B);
    at::_log_softmax_out(logp, lg, 1, false);
    loss_sum.sub_(logp.gather(1, y).sum() * (1.0 - eps) + logp.sum() * (eps / static_cast<double>(classes_)));
    g = logp.exp_();
  }
  g.scatter_add_(1, y, neg_target_.narrow(0, 0, B));
  if (eps != 0.0) g.sub_(eps / static_cast<double>(classes_));
  g.mul_(1.0 / static_cast<double>(B));
  at::mm_out(grad_w_, x.t(), g);
  at::sum_out(grad_b_, g, {0});
  opt_.step({grad_w_, grad_b_});
}

std::vector<at::Tensor> AdapterModel::snapshot() const {
  std::vector<at::Tensor> out;
  for (const auto& p : opt_.params()) out.push_back(p.detach().clone());
  return out;
}

void AdapterModel::restore(const std::vector<at::Tensor>& saved) {
  at::NoGradGuard no_grad;
  const auto& ps = opt_.params();
  for (size_t i = 0; i < ps.size(); ++i) ps[i].copy_(saved[i]);
}

}  // namespace plumage::train

#include "core/engine/train/adapter_model.h"

#include "core/engine/train/adapter_common.h"
#include "core/engine/train/xent_kernels.h"

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
  w_ = w.contiguous().to(device);
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
    grad_w_ = at::empty({num_classes, dim}, opts);
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

bool AdapterModel::cpu_kernels() const { return cfg_.head == AdapterHead::Linear && w_.is_cpu(); }

at::Tensor AdapterModel::logits(const at::Tensor& x) const {
  at::NoGradGuard no_grad;
  if (cfg_.head == AdapterHead::Residual) return at::addmm(b_, residual(x), w_.t());
  // The CPU kernels add the bias after the product; so does this, so the
  // final evaluation rounds exactly as the per-epoch counts did.
  if (cpu_kernels()) return at::mm(x, w_.t()).add_(b_);
  return at::addmm(b_, x, w_.t());
}

int64_t AdapterModel::count_correct(const at::Tensor& x, const at::Tensor& y, at::Tensor& buf) const {
  at::NoGradGuard no_grad;
  if (!cpu_kernels()) {
    buf = cfg_.head == AdapterHead::Residual ? logits(x) : at::addmm_out(buf, b_, x, w_.t());
    return count_top1(buf, y);
  }
  at::mm_out(buf, x, w_.t());
  const at::Tensor yc = y.contiguous();
  return kernels::count_top1(buf.data_ptr<float>(), b_.data_ptr<float>(), yc.data_ptr<int64_t>(), x.size(0),
                             classes_);
}

void AdapterModel::train_step(const at::Tensor& x, const at::Tensor& y, at::Tensor& loss_sum) {
  const int64_t B = x.size(0);
  const double eps = cfg_.label_smoothing;
  if (cfg_.head == AdapterHead::Residual) {
    const at::Tensor lg = at::addmm(b_, residual(x), w_.t());
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
  at::Tensor g = probs_buf_.narrow(0, 0, B);
  if (cpu_kernels()) {
    // One pass for the softmax, the loss, the gradient and its column sums.
    at::mm_out(lg, x, w_.t());
    const int64_t* labels = y.data_ptr<int64_t>();
    for (int64_t i = 0; i < B; ++i)
      if (labels[i] < 0 || labels[i] >= classes_)
        throw std::out_of_range("adapter: label " + std::to_string(labels[i]) + " is outside [0, " +
                                std::to_string(classes_) + ")");
    const double loss = kernels::softmax_xent_grad(lg.data_ptr<float>(), b_.data_ptr<float>(), labels, B, classes_,
                                                   static_cast<float>(eps), g.data_ptr<float>(),
                                                   grad_b_.data_ptr<float>());
    *loss_sum.data_ptr<float>() += static_cast<float>(loss);
  } else {
    at::addmm_out(lg, b_, x, w_.t());
    if (eps == 0.0) {
      // One softmax pass gives the gradient; the loss needs log p only at the
      // targets. A target probability that underflows (a sample loss above
      // -log(FLT_MIN) = 87.3) is counted as 87.3; the gradient stays exact.
      at::_softmax_out(g, lg, 1, false);
      loss_sum.sub_(g.gather(1, y).clamp_min_(std::numeric_limits<float>::min()).log_().sum());
    } else {
      at::_log_softmax_out(g, lg, 1, false);
      loss_sum.sub_(g.gather(1, y).sum() * (1.0 - eps) + g.sum() * (eps / static_cast<double>(classes_)));
      g.exp_();
    }
    g.scatter_add_(1, y, neg_target_.narrow(0, 0, B));
    if (eps != 0.0) g.sub_(eps / static_cast<double>(classes_));
    g.mul_(1.0 / static_cast<double>(B));
    at::sum_out(grad_b_, g, {0});
  }
  at::mm_out(grad_w_, g.t(), x);
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

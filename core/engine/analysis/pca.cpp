#include "core/engine/analysis/pca.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <stdexcept>
#include <string>

namespace plumage::analysis {

Pca2d pca_2d(const at::Tensor& features) {
  if (!features.defined() || features.dim() != 2)
    throw std::invalid_argument("pca_2d: features must be a 2-D tensor [N,E]");
  const int64_t n = features.size(0), e = features.size(1);
  if (n < 2) throw std::invalid_argument("pca_2d: need at least 2 rows, got " + std::to_string(n));
  if (e < 2) throw std::invalid_argument("pca_2d: need at least 2 columns, got " + std::to_string(e));
  at::NoGradGuard no_grad;
  // Double precision: float32 SVD loses the small components on wide data.
  const at::Tensor x = features.to(at::kCPU, at::kDouble);
  if (!at::isfinite(x).all().item<bool>()) throw std::invalid_argument("pca_2d: features contain NaN or Inf");
  const at::Tensor mean = x.mean(0);
  const at::Tensor centred = x - mean;
  const auto svd = at::linalg_svd(centred, /*full_matrices=*/false);
  const at::Tensor s = std::get<1>(svd), vh = std::get<2>(svd);
  at::Tensor comps = vh.narrow(0, 0, 2).clone();
  // Deterministic signs: the largest-magnitude entry of each component is positive.
  const at::Tensor idx = comps.abs().argmax(1, /*keepdim=*/true);
  const at::Tensor sign = at::where(comps.gather(1, idx).lt(0), at::full({2, 1}, -1.0, comps.options()),
                                    at::full({2, 1}, 1.0, comps.options()));
  comps = comps * sign;
  const at::Tensor var = s.pow(2);
  const double total = var.sum().item<double>();
  Pca2d out;
  out.mean = mean.to(at::kFloat);
  out.components = comps.to(at::kFloat);
  out.coords = at::mm(centred, comps.t()).to(at::kFloat);
  if (total > 0.0) {
    out.explained[0] = var[0].item<double>() / total;
    out.explained[1] = (s.size(0) > 1 ? var[1].item<double>() : 0.0) / total;
  }
  return out;
}

at::Tensor pca_project(const Pca2d& pca, const at::Tensor& features) {
  if (!features.defined() || features.dim() != 2 || features.size(1) != pca.components.size(1))
    throw std::invalid_argument("pca_project: features must be [M," + std::to_string(pca.components.size(1)) + "]");
  at::NoGradGuard no_grad;
  return at::mm(features.to(at::kCPU, at::kFloat) - pca.mean, pca.components.t());
}

}  // namespace plumage::analysis

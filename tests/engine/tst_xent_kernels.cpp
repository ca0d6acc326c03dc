// The CPU softmax cross-entropy and top-1 kernels (xent_kernels.cpp) against
// ATen in double precision: loss, gradient and bias gradient with and without
// label smoothing, class counts that are not a multiple of the vector width,
// extreme and non-finite logits, and argmax's tie and NaN rules.
#include "core/engine/train/xent_kernels.h"
#include "lite_test.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <limits>
#include <string>

using namespace plumage::train;

namespace {

struct Xent {
  double loss;
  at::Tensor grad, grad_bias;
};

Xent kernel_xent(const at::Tensor& z, const at::Tensor& bias, const at::Tensor& y, double eps) {
  const int64_t B = z.size(0), C = z.size(1);
  Xent r;
  r.grad = at::empty({B, C});
  r.grad_bias = at::empty({C});
  r.loss = kernels::softmax_xent_grad(z.data_ptr<float>(), bias.data_ptr<float>(), y.data_ptr<int64_t>(), B, C,
                                      static_cast<float>(eps), r.grad.data_ptr<float>(), r.grad_bias.data_ptr<float>());
  return r;
}

// The same in double precision with ATen: summed loss, (softmax - q) / B, column sums.
Xent reference_xent(const at::Tensor& z, const at::Tensor& bias, const at::Tensor& y, double eps) {
  const at::Tensor l = z.to(at::kDouble) + bias.to(at::kDouble);
  const int64_t B = l.size(0), C = l.size(1);
  Xent r;
  r.loss = at::cross_entropy_loss(l, y, {}, at::Reduction::Sum, -100, eps).item<double>();
  const at::Tensor q = at::one_hot(y, C).to(at::kDouble) * (1.0 - eps) + eps / static_cast<double>(C);
  r.grad = (at::softmax(l, 1) - q) / static_cast<double>(B);
  r.grad_bias = r.grad.sum(0);
  return r;
}

double max_abs(const at::Tensor& a, const at::Tensor& b) {
  return (a.to(at::kDouble) - b.to(at::kDouble)).abs().max().item<double>();
}

int64_t reference_top1(const at::Tensor& z, const at::Tensor& bias, const at::Tensor& y) {
  return (z + bias).argmax(1).eq(y).sum().item<int64_t>();
}

int64_t kernel_top1(const at::Tensor& z, const at::Tensor& bias, const at::Tensor& y) {
  return kernels::count_top1(z.data_ptr<float>(), bias.data_ptr<float>(), y.data_ptr<int64_t>(), z.size(0), z.size(1));
}

}  // namespace

PLUMAGE_TEST(softmax_xent_matches_aten) {
  at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(5);
  for (int64_t C : {5, 16, 203}) {
    const int64_t B = 37;
    const at::Tensor z = at::randn({B, C}, gen) * 4.0, bias = at::randn({C}, gen);
    const at::Tensor y = at::randint(0, C, {B}, gen, at::kLong);
    for (double eps : {0.0, 0.1}) {
      const Xent got = kernel_xent(z, bias, y, eps), ref = reference_xent(z, bias, y, eps);
      const std::string what = "C=" + std::to_string(C) + " eps=" + std::to_string(eps);
      QVERIFY2(std::abs(got.loss - ref.loss) < 1e-5 * std::abs(ref.loss), what + " loss " + std::to_string(got.loss) +
                                                                              " vs " + std::to_string(ref.loss));
      QVERIFY2(max_abs(got.grad, ref.grad) < 1e-8, what + " grad " + std::to_string(max_abs(got.grad, ref.grad)));
      QVERIFY2(max_abs(got.grad_bias, ref.grad_bias) < 1e-7, what + " grad_bias");
    }
  }
}

PLUMAGE_TEST(softmax_xent_is_exact_for_extreme_logits) {
  // Sample losses near 2,000: exp underflows to 0 for most classes, and the
  // loss still comes from the log-sum-exp rather than a clamped log p.
  at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(6);
  const at::Tensor z = at::randn({8, 40}, gen) * 500.0, bias = at::zeros({40});
  const at::Tensor y = at::randint(0, 40, {8}, gen, at::kLong);
  const Xent got = kernel_xent(z, bias, y, 0.0), ref = reference_xent(z, bias, y, 0.0);
  QVERIFY(ref.loss > 1000.0);
  QVERIFY2(std::abs(got.loss - ref.loss) < 1e-5 * ref.loss, std::to_string(got.loss) + " vs " + std::to_string(ref.loss));
  QVERIFY2(max_abs(got.grad, ref.grad) < 1e-7, std::to_string(max_abs(got.grad, ref.grad)));
}

PLUMAGE_TEST(softmax_xent_nan_logit_gives_nan_loss) {
  at::Tensor z = at::zeros({4, 20});
  z[2][7] = std::numeric_limits<float>::quiet_NaN();
  const at::Tensor y = at::zeros({4}, at::kLong);
  QVERIFY(std::isnan(kernel_xent(z, at::zeros({20}), y, 0.0).loss));
}

PLUMAGE_TEST(top1_kernel_follows_argmax) {
  at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(7);
  for (int64_t C : {3, 16, 203}) {
    // Small integers: many rows have tied maxima.
    const at::Tensor z = at::randint(0, 4, {500, C}, gen, at::kFloat), bias = at::zeros({C});
    const at::Tensor y = at::randint(0, C, {500}, gen, at::kLong);
    QCOMPARE(kernel_top1(z, bias, y), reference_top1(z, bias, y));
    const at::Tensor r = at::randn({500, C}, gen), b = at::randn({C}, gen);
    QCOMPARE(kernel_top1(r, b, y), reference_top1(r, b, y));
    // The label's own class, to count hits too.
    const at::Tensor pred = (r + b).argmax(1);
    QCOMPARE(kernel_top1(r, b, pred), int64_t{500});
    // Labels no class can have are misses (and never read past the row).
    const at::Tensor outside = pred.clone();
    outside[0] = -1;
    outside[1] = C;
    QCOMPARE(kernel_top1(r, b, outside), int64_t{498});
  }
}

PLUMAGE_TEST(top1_kernel_nan_and_inf_rows) {
  const float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
  // Rows: first NaN wins over a later +inf; first +inf of two; all -inf (argmax 0); NaN after the max.
  const at::Tensor z = at::tensor({0.f, inf, nan, nan, inf, 1.f, 0.f, inf, inf, 2.f, -inf, -inf, -inf, -inf, -inf,
                                   5.f, 1.f, nan, 0.f, 0.f})
                           .view({4, 5});
  const at::Tensor bias = at::zeros({5});
  for (int64_t a = 0; a < 5; ++a)
    for (int64_t b = 0; b < 5; ++b) {
      const at::Tensor y = at::tensor({a, b, a, b}, at::kLong);
      QCOMPARE(kernel_top1(z, bias, y), reference_top1(z, bias, y));
    }
}

// The engine's optimizers against torch::optim: the fused CPU loops
// (optim_kernels.cpp, built with ISA clones) and the multi-tensor (_foreach)
// path used on CUDA (here: float64 parameters on the CPU) must follow
// torch.optim's Adam, AdamW and SGD rules step for step. Also the training
// loop's top-1 count against argmax, ties included.
#include "core/engine/train/adapter_common.h"
#include "core/engine/train/optim.h"
#include "lite_test.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/optim/sgd.h>

#include <memory>

using namespace plumage::train;

namespace {

constexpr int kSteps = 25;

// The parameter after kSteps updates with the same gradient sequence, once by
// ParamOptimizer (dtype selects the path: float = fused loop, double = multi-tensor
// ops) and once by the matching torch::optim optimizer in double precision.
struct Pair {
  at::Tensor ours, reference;
};

Pair run(OptimizerKind kind, double wd, at::ScalarType dtype) {
  at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(11);
  // 1,003 elements: not a multiple of any vector width, so loop tails run too.
  const at::Tensor start = at::randn({17, 59}, gen, at::kDouble);
  std::vector<at::Tensor> grads;
  for (int i = 0; i < kSteps; ++i) grads.push_back(at::randn({17, 59}, gen, at::kDouble) * (1.0 + i % 3));

  ParamOptimizer::Options o;
  o.kind = kind;
  o.lr = 0.01;
  o.weight_decay = wd;
  o.momentum = 0.8;
  ParamOptimizer ours(o);
  at::Tensor p = start.to(dtype).contiguous();
  ours.add("w", p, /*decay=*/true);

  torch::Tensor q = start.clone().set_requires_grad(true);
  std::unique_ptr<torch::optim::Optimizer> ref;
  if (kind == OptimizerKind::Adam)
    ref = std::make_unique<torch::optim::Adam>(std::vector<torch::Tensor>{q},
                                               torch::optim::AdamOptions(0.01).weight_decay(wd));
  else if (kind == OptimizerKind::AdamW)
    ref = std::make_unique<torch::optim::AdamW>(std::vector<torch::Tensor>{q},
                                                torch::optim::AdamWOptions(0.01).weight_decay(wd));
  else
    ref = std::make_unique<torch::optim::SGD>(std::vector<torch::Tensor>{q},
                                              torch::optim::SGDOptions(0.01).momentum(0.8).weight_decay(wd));
  for (const auto& g : grads) {
    ours.step({g.to(dtype)});
    q.mutable_grad() = g.clone();
    ref->step();
  }
  return {p.to(at::kDouble), q.detach()};
}

double max_abs_diff(const Pair& r) { return (r.ours - r.reference).abs().max().item<double>(); }

}  // namespace

PLUMAGE_TEST(fused_float_updates_follow_torch_optim) {
  for (auto kind : {OptimizerKind::Adam, OptimizerKind::AdamW, OptimizerKind::SGD})
    for (double wd : {0.0, 0.05}) {
      const Pair r = run(kind, wd, at::kFloat);
      // float32 state against a float64 reference: rounding reaches ~3e-6 over
      // 25 steps; a wrong rule (bias correction, decay) is off by ~lr = 1e-2.
      QVERIFY2(max_abs_diff(r) < 1e-5, "kind " + std::to_string(static_cast<int>(kind)) + " wd " +
                                           std::to_string(wd) + ": " + std::to_string(max_abs_diff(r)));
    }
}

PLUMAGE_TEST(multi_tensor_updates_follow_torch_optim) {
  for (auto kind : {OptimizerKind::Adam, OptimizerKind::AdamW, OptimizerKind::SGD})
    for (double wd : {0.0, 0.05}) {
      const Pair r = run(kind, wd, at::kDouble);
      QVERIFY2(max_abs_diff(r) < 1e-12, std::to_string(max_abs_diff(r)));
    }
}

PLUMAGE_TEST(updates_move_the_parameters) {
  at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(11);
  const at::Tensor start = at::randn({17, 59}, gen, at::kDouble);
  const Pair r = run(OptimizerKind::Adam, 0.0, at::kFloat);
  QVERIFY((r.ours - start).abs().max().item<double>() > 0.1);
}

PLUMAGE_TEST(top1_count_matches_argmax_with_ties) {
  // Row 0: tie between classes 0 and 1, label 1 -> argmax picks 0: wrong.
  // Row 1: tie between 1 and 2, label 1 -> right. Row 2: clear max, right.
  const at::Tensor logits = at::tensor({1.f, 1.f, 0.f, 0.f, 2.f, 2.f, 3.f, 0.f, 0.f}).view({3, 3});
  const at::Tensor y = at::tensor({int64_t{1}, int64_t{1}, int64_t{0}});
  QCOMPARE(plumage::train::count_top1(logits, y), int64_t{2});
  QCOMPARE(plumage::train::count_top1(logits.narrow(0, 2, 1), y.narrow(0, 2, 1)), int64_t{1});  // no ties
  const at::Tensor r = at::randn({50, 7});
  const at::Tensor labels = at::randint(0, 7, {50}, at::kLong);
  QCOMPARE(plumage::train::count_top1(r, labels), r.argmax(1).eq(labels).sum().item<int64_t>());
}

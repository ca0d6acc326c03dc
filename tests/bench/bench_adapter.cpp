// Adapter training speed on CUB-sized synthetic features (5,994 x 768 train,
// 5,794 test, 200 classes, batch 256, 100 epochs, Adam, test top-1 every
// epoch), against the time of the job's matrix products alone (the floor).
// The Python baselines are tests/bench/compare/adapter_torch.py (same data
// generator, same sizes); run both with the same --threads.
//
//   bench_adapter [--threads 1] [--blas-threads N (default: --threads)] [--epochs 100] [--repeats 3]
#include "bench_cub_synthetic.h"
#include "bench_threads.h"
#include "core/engine/train/jobs.h"
#include "core/engine/train/ratio_plan.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

using namespace plumage::train;

namespace {

constexpr int64_t kTrain = plumage::bench::kCubTrain, kTest = plumage::bench::kCubTest, kDim = plumage::bench::kCubDim,
                  kClasses = plumage::bench::kCubClasses, kBatch = 256;

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

double floor_seconds(const ImageFeatureSet& s, int epochs) {
  const at::Tensor xtr = s.features.narrow(0, 0, kTrain), xte = s.features.narrow(0, kTrain, kTest).contiguous();
  const at::Tensor w = at::randn({kClasses, kDim}) * 0.01, g = at::randn({kBatch, kClasses});
  std::vector<at::Tensor> xs, gs;
  for (int64_t b = 0; b < kTrain; b += kBatch) {
    const int64_t len = std::min(kBatch, kTrain - b);
    xs.push_back(xtr.narrow(0, b, len).contiguous());
    gs.push_back(g.narrow(0, 0, len).contiguous());
  }
  const double t = now();
  for (int e = 0; e < epochs; ++e) {
    for (size_t i = 0; i < xs.size(); ++i) {
      at::mm(xs[i], w.t());
      at::mm(gs[i].t(), xs[i]);
    }
    at::mm(xte, w.t());
  }
  return now() - t;
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 1, blas_threads = 0, epochs = 100, repeats = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--blas-threads")) blas_threads = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--epochs")) epochs = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--repeats")) repeats = std::atoi(argv[i + 1]);
    else { std::fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
  }
  const int blas = plumage::bench::set_threads(threads, blas_threads > 0 ? blas_threads : threads);
  std::printf("machine: %u cores, LibTorch threads %d, BLAS threads %d\n", std::thread::hardware_concurrency(),
              at::get_num_threads(), blas);
  std::printf("adapter: %lldx%lld train, %lld test, %lld classes, batch %lld, %d epochs, Adam\n",
              static_cast<long long>(kTrain), static_cast<long long>(kDim), static_cast<long long>(kTest),
              static_cast<long long>(kClasses), static_cast<long long>(kBatch), epochs);
  const ImageFeatureSet s = plumage::bench::cub_synthetic(false).images;
  RatioPlanConfig pc;
  pc.val_fraction = 0;
  const RatioPlan plan = make_ratio_plan(pc, plan_inputs(s, nullptr));
  AdapterConfig cfg;
  cfg.l2_normalize = false;  // normalized once above, as in the Python version
  cfg.epochs = epochs;
  cfg.batch_size = static_cast<int>(kBatch);
  cfg.lr = 1e-3;
  cfg.optimizer = OptimizerKind::Adam;
  cfg.eval_test_every_epoch = true;
  cfg.device = "cpu";
  AdapterInputs in;
  in.images = &s;

  double best_floor = 1e30, best_train = 1e30, acc = 0;
  for (int r = 0; r < repeats; ++r) {
    best_floor = std::min(best_floor, floor_seconds(s, epochs));
    const double t = now();
    const AdapterResult res = train_adapter(cfg, plan, in);
    best_train = std::min(best_train, now() - t);
    acc = res.test.top1;
  }
  std::printf("c++ floor (matmuls only)      %7.3f s\n", best_floor);
  std::printf("c++ plumage train_adapter     %7.3f s   test top1 %.4f   (%.1f%% above floor)\n", best_train, acc,
              100.0 * (best_train / best_floor - 1.0));
  std::printf("(best of %d; compare: /usr/bin/python3 tests/bench/compare/adapter_torch.py --threads %d --blas-threads %d)\n",
              repeats, threads, blas);
  return 0;
}

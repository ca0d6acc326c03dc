// A full results-table sweep on CUB-sized synthetic features: 11 image ratios
// (100 % .. 0 %) x {image only, + Reed-like captions, + LLM-like descriptions}
// x 3 seeds, 100 epochs each (Adam, batch 256, validation model selection,
// test top-1 every epoch), trained with train_adapters_batched; and, for
// comparison, the first few runs trained one at a time with train_adapter
// (extrapolated to the whole sweep). The image-only column has no samples at
// 0 % images, so the table has 96 trainable runs of its 99 cells.
//
//   bench_sweep [--device cpu|cuda] [--threads N] [--epochs 100] [--seeds 3] [--sequential 3]
#include "bench_cub_synthetic.h"
#include "core/engine/train/adapter_batched.h"
#include "core/engine/train/device.h"
#include "core/engine/train/jobs.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

using namespace plumage::train;

namespace {

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

struct Cell {
  const char* column;
  double ratio;
  uint64_t seed;
};

}  // namespace

int main(int argc, char** argv) {
  int threads = 1, epochs = 100, seeds = 3, sequential = 3;
  std::string device = "cpu";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--epochs")) epochs = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--seeds")) seeds = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--sequential")) sequential = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--device")) device = argv[i + 1];
    else { std::fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
  }
  at::set_num_threads(threads);
  const auto s = plumage::bench::cub_synthetic(true);
  const PlanInputs inputs = plan_inputs(s.images, &s.texts);

  std::vector<RatioPlan> plans;
  std::vector<Cell> cells;
  for (int seed = 1; seed <= seeds; ++seed)
    for (int step = 10; step >= 0; --step) {
      RatioPlanConfig pc;
      pc.image_ratio = step / 10.0;
      pc.seed = static_cast<uint64_t>(seed);
      pc.text_source = TextSource::Reed;
      const RatioPlan reed = make_ratio_plan(pc, inputs);
      if (step > 0) {
        plans.push_back(image_only(reed));
        cells.push_back({"image only", pc.image_ratio, pc.seed});
      }
      plans.push_back(reed);
      cells.push_back({"+ Reed", pc.image_ratio, pc.seed});
      pc.text_source = TextSource::Llm;
      plans.push_back(make_ratio_plan(pc, inputs));
      cells.push_back({"+ LLM", pc.image_ratio, pc.seed});
    }
  std::vector<AdapterRunSpec> specs;
  for (size_t i = 0; i < plans.size(); ++i) {
    AdapterRunSpec r;
    r.plan = &plans[i];
    if (plans[i].config.text_source != TextSource::None) r.text_features = s.texts.features;
    r.seed = cells[i].seed;
    specs.push_back(r);
  }
  AdapterConfig cfg;
  cfg.epochs = epochs;
  cfg.batch_size = 256;
  cfg.lr = 1e-3;
  cfg.optimizer = OptimizerKind::Adam;
  cfg.device = device;

  const c10::Device dev = resolve_device(device);
  std::printf("machine: %u cores, LibTorch threads %d, device %s\n", std::thread::hardware_concurrency(),
              at::get_num_threads(), dev.str().c_str());
  std::printf("sweep: %zu runs (11 ratios x 3 columns x %d seeds, less image-only at 0%%), %d epochs, batch 256, Adam, "
              "5,994 x 768 train images, 59,940 captions, 1,000 descriptions, 5,794 test\n",
              specs.size(), seeds, epochs);
  {  // warm-up: device context, BLAS handles, allocator
    AdapterConfig w = cfg;
    w.epochs = 1;
    train_adapters_batched(w, s.images, {specs.begin(), specs.begin() + 2});
  }
  double t = now();
  const auto results = train_adapters_batched(cfg, s.images, specs);
  const double batched = now() - t;
  std::printf("batched sweep (train_adapters_batched)   %8.3f s for %zu runs\n", batched, specs.size());

  if (sequential > 0) {
    sequential = std::min<int>(sequential, static_cast<int>(specs.size()));
    t = now();
    double gap = 0;
    for (int i = 0; i < sequential; ++i) {
      AdapterConfig one = cfg;
      one.seed = specs[i].seed;
      AdapterInputs in;
      in.images = &s.images;
      in.text_features = specs[i].text_features;
      const AdapterResult r = train_adapter(one, plans[i], in);
      gap = std::max(gap, std::abs(r.test.top1 - results[i].test.top1));
    }
    const double per_run = (now() - t) / sequential;
    std::printf("one run at a time (train_adapter)        %8.3f s per run -> %.1f s for the sweep (from %d runs; "
                "max test top-1 difference to the batched runs %.4f)\n",
                per_run, per_run * static_cast<double>(specs.size()), sequential, gap);
  }
  std::printf("mean test top-1 over seeds, by image ratio:\n%-11s", "");
  for (int step = 10; step >= 0; --step) std::printf(" %5d%%", step * 10);
  std::printf("\n");
  for (const char* column : {"image only", "+ Reed", "+ LLM"}) {
    std::printf("%-11s", column);
    for (int step = 10; step >= 0; --step) {
      double sum = 0;
      int n = 0;
      for (size_t i = 0; i < cells.size(); ++i)
        if (!std::strcmp(cells[i].column, column) && std::abs(cells[i].ratio - step / 10.0) < 1e-9) {
          sum += results[i].test.top1;
          ++n;
        }
      if (n) std::printf(" %6.3f", sum / n);
      else std::printf(" %6s", "-");
    }
    std::printf("\n");
  }
  return 0;
}

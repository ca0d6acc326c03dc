// Model-only CLIP encoding throughput: a ViT-B/16-shaped model with random
// weights at 224 px (or a checkpoint given with --model), images/s and
// texts/s. CPU runs fp32; on CUDA fp16 (or --dtype bf16/fp32).
// Python baseline: tests/bench/compare/clip_encode_torch.py (same model).
//
//   bench_clip_encode [--threads N] [--batch B] [--iters K] [--device cpu|cuda]
//                     [--dtype fp32|fp16|bf16] [--model WEIGHTS] [--no-text]
#include "core/engine/build_info.h"
#include "core/engine/clip/clip_model.h"
#include "bench_vit_b16.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

using namespace plumage;
using Clock = std::chrono::steady_clock;

namespace {


double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "bench_clip_encode: " << why << "\n"
            << "usage: bench_clip_encode [--threads N] [--batch B] [--iters K] [--device cpu|cuda] "
               "[--dtype fp32|fp16|bf16] [--model WEIGHTS] [--no-text]\n";
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 0, batch = 8, iters = 0;
  std::string device_name = "cpu", dtype_name, model_path;
  bool text = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(a + " needs a value");
      return argv[++i];
    };
    if (a == "--threads") threads = std::stoi(value());
    else if (a == "--batch") batch = std::stoi(value());
    else if (a == "--iters") iters = std::stoi(value());
    else if (a == "--device") device_name = value();
    else if (a == "--dtype") dtype_name = value();
    else if (a == "--model") model_path = value();
    else if (a == "--no-text") text = false;
    else usage("unknown argument " + a);
  }
  if (threads > 0) at::set_num_threads(threads);
  const c10::Device device(device_name);
  if (dtype_name.empty()) dtype_name = device.is_cuda() ? "fp16" : "fp32";
  const c10::ScalarType dtype = dtype_name == "fp16" ? at::kHalf : dtype_name == "bf16" ? at::kBFloat16 : at::kFloat;
  if (iters <= 0) iters = device.is_cuda() ? 50 : 3;

  std::cout << version_line("bench_clip_encode") << "\n"
            << "machine: " << std::thread::hardware_concurrency() << " logical cores; LibTorch intra-op threads: "
            << at::get_num_threads() << "\n";

  clip::LoadOptions opts;
  opts.compute_hash = false;
  const auto t_load = Clock::now();
  clip::ClipModel model = model_path.empty() ? clip::make_clip(bench_vit_b16(), clip::random_clip_weights(bench_vit_b16(), 0), opts)
                                             : clip::load_clip(model_path, opts);
  model.to(device, dtype);
  const clip::ClipConfig& c = model.config();
  std::cout << "model: " << (model_path.empty() ? "random weights, " : model_path + ", ") << clip::describe(c) << "\n"
            << "device: " << device.str() << ", dtype " << dtype_name << ", batch " << batch << ", " << iters
            << " timed batches (setup " << seconds_since(t_load) << " s)\n";

  const int64_t r = c.image_resolution;
  const at::Tensor pixels = at::randn({batch, 3, r, r}).to(device, dtype);
  model.encode_image(pixels).cpu();  // warm-up (allocator, kernels)
  auto t0 = Clock::now();
  for (int i = 0; i < iters; ++i) model.encode_image(pixels).cpu();  // .cpu() waits for the device
  const double img_s = seconds_since(t0);
  std::cout << "encode_image: " << batch * iters / img_s << " images/s (" << 1000.0 * img_s / (batch * iters)
            << " ms/image)\n";

  if (text) {
    // Full-length texts (EOT at the last position): the worst case.
    at::Tensor ids = at::randint(1, 49000, {batch, c.context_length}, at::kLong);
    ids.select(1, 0).fill_(49406);
    ids.select(1, c.context_length - 1).fill_(49407);
    model.encode_text(ids).cpu();
    t0 = Clock::now();
    for (int i = 0; i < iters; ++i) model.encode_text(ids).cpu();
    const double txt_s = seconds_since(t0);
    std::cout << "encode_text (77 tokens): " << batch * iters / txt_s << " texts/s\n";
  }
  return 0;
}

// Images/s of the image feature pipeline on the shared CUB subset:
//   (a) JPEG decode + CLIP preprocessing alone (224 px),
//   (b) end to end with a ViT-B/16-shaped CLIP (random weights, 224 px),
// with T decode workers and T LibTorch intra-op threads. Compare with
// compare/encode_pipeline_torch.py run with the same --threads.
//
//   bench_encode_pipeline [--threads T] [--images N] [--e2e-images M] [--batch B]
//                         [--device cpu|cuda] [--precision fp32|fp16|bf16] [--dataset ROOT]
#include "core/data/cub.h"
#include "core/engine/build_info.h"
#include "core/engine/clip/clip_model.h"
#include "bench_vit_b16.h"
#include "core/features/image_pipeline.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

using namespace plumage;

namespace {


double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 1, images = 512, e2e_images = 64, batch = 32;
  std::string device = "cpu", precision = "fp32";
  std::string root = std::string(PLUMAGE_SHARED_DATA_DIR) + "/cub200-subset";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--threads") threads = std::atoi(v.c_str());
    else if (k == "--images") images = std::atoi(v.c_str());
    else if (k == "--e2e-images") e2e_images = std::atoi(v.c_str());
    else if (k == "--batch") batch = std::atoi(v.c_str());
    else if (k == "--device") device = v;
    else if (k == "--precision") precision = v;
    else if (k == "--dataset") root = v;
    else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      return 2;
    }
  }
  at::set_num_threads(threads);
  std::printf("bench_encode_pipeline: %s\n", version_line("bench").c_str());
  std::printf("machine: %u hardware threads; decode workers %d, LibTorch intra-op threads %d; batch %d\n",
              std::thread::hardware_concurrency(), threads, at::get_num_threads(), batch);

  const data::Dataset ds = data::read_cub(root);
  std::vector<features::ImageItem> all;
  for (const auto& im : ds.images) all.push_back({ds.image_path(im), im.id, im.label, im.is_train});
  auto first = [&](int n) {
    std::vector<features::ImageItem> v;
    for (int i = 0; i < n; ++i) v.push_back(all[static_cast<size_t>(i) % all.size()]);
    return v;
  };

  // (a) decode + preprocess alone (one warm-up pass over a few files first).
  features::preprocess_only(first(16), 224, threads, batch);
  const auto pre_items = first(images);
  auto t0 = std::chrono::steady_clock::now();
  double checksum = 0;
  const size_t decoded = features::preprocess_only(pre_items, 224, threads, batch, &checksum);
  const double pre_s = seconds_since(t0);
  std::printf("(a) decode+preprocess 224 px: %zu images in %.2f s = %.1f images/s (checksum %.3f)\n", decoded, pre_s,
              decoded / pre_s, checksum);

  // (b) end to end with ViT-B/16 (random weights).
  clip::LoadOptions lo;
  lo.device = c10::Device(device);
  lo.dtype = precision == "fp16" ? at::kHalf : precision == "bf16" ? at::kBFloat16 : at::kFloat;
  lo.compute_hash = false;
  const clip::ClipModel model = clip::make_clip(bench_vit_b16(), clip::random_clip_weights(bench_vit_b16(), 0), lo);
  features::ImageEncodeOptions eo;
  eo.batch_size = batch;
  eo.threads = threads;
  features::encode_images(model, first(std::min(batch, e2e_images)), eo);  // warm-up
  t0 = std::chrono::steady_clock::now();
  const auto enc = features::encode_images(model, first(e2e_images), eo);
  const double e2e_s = seconds_since(t0);
  std::printf("(b) end to end ViT-B/16 %s %s: %zu images in %.2f s = %.2f images/s (feature norm %.3f)\n",
              device.c_str(), precision.c_str(), enc.kept.size(), e2e_s, enc.kept.size() / e2e_s,
              enc.features.norm().item<double>());
  return 0;
}

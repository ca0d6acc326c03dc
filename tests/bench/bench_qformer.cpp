// Q-Former training steps/s (hidden 256, 4 layers, 8 heads, 32 queries,
// 77x512 token inputs, batch 128) through train_converter, against the
// identical architecture in tests/bench/compare/qformer_torch.py.
//
//   bench_qformer [--threads 1] [--blas-threads N (default: --threads)] [--epochs 3] [--device cpu|cuda] [--steps-per-epoch 4]
//   (the first epoch is warm-up; on CUDA the forward runs under bf16 autocast,
//   as qformer_torch.py --device cuda does)
#include "bench_threads.h"
#include "core/engine/train/converter.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

using namespace plumage::train;

int main(int argc, char** argv) {
  int threads = 1, blas_threads = 0, epochs = 3, steps_per_epoch = 4;
  std::string device = "cpu";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--blas-threads")) blas_threads = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--epochs")) epochs = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--device")) device = argv[i + 1];
    else if (!std::strcmp(argv[i], "--steps-per-epoch")) steps_per_epoch = std::atoi(argv[i + 1]);
    else { std::fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
  }
  if (epochs < 2) epochs = 2;
  const int blas = plumage::bench::set_threads(threads, blas_threads > 0 ? blas_threads : threads);
  const int64_t T = 77, W = 512, E = 512, B = 128, pool = B * steps_per_epoch;
  at::Generator g = at::make_generator<at::CPUGeneratorImpl>(0);
  ImageFeatureSet images;
  images.features = at::randn({pool, E}, g);
  images.labels = at::zeros({pool}, at::kLong);
  images.is_train = at::ones({pool}, at::kByte);
  images.image_ids = at::arange(pool, at::kLong);
  images.class_names = {"x"};
  TextFeatureSet texts;
  texts.tokens = at::randn({pool, T, W}, g);
  texts.lengths = at::randint(5, T + 1, {pool}, g, at::kLong);
  texts.features = at::zeros({pool, W});
  texts.labels = at::zeros({pool}, at::kLong);
  texts.image_ids = at::arange(pool, at::kLong);
  texts.text_index = at::arange(pool, at::kLong);

  ConverterConfig c;
  c.kind = ConverterKind::QFormer;
  c.device = device;
  c.val_fraction = 0.0;
  c.normalize = false;
  QFormerConfig& q = c.qformer;
  q.num_queries = 32;
  q.num_layers = 4;
  q.hidden = 256;
  q.heads = 8;
  q.ffn = 1024;
  q.dropout = 0.1;
  q.batch_size = static_cast<int>(B);
  q.epochs = epochs;
  q.lr = 1e-4;
  q.weight_decay = 0.05;
  q.w_cosine = 1.0;
  q.w_infonce = 1.0;

  std::vector<double> stamps;
  train_converter(c, images, texts, "", [&](int e, const std::string& key, double) {
    if (e > 0 && key == "train_loss") stamps.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count());
  });
  const double steps = static_cast<double>((epochs - 1) * (pool / B));
  std::printf("machine: %u cores, LibTorch threads %d, BLAS threads %d, device %s\n",
              std::thread::hardware_concurrency(), at::get_num_threads(), blas, device.c_str());
  std::printf("qformer: hidden 256, 4 layers, 8 heads, 32 queries, 77x512 tokens, batch 128\n");
  std::printf("c++ qformer %.3f steps/s (%.0f steps after a %lld-step warm-up epoch)\n", steps / (stamps.back() - stamps.front()),
              steps, static_cast<long long>(pool / B));
  std::printf("(compare: /usr/bin/python3 tests/bench/compare/qformer_torch.py --threads %d --device %s --steps %.0f "
              "--warmup %lld)\n", threads, device.c_str(), steps, static_cast<long long>(pool / B));
  return 0;
}

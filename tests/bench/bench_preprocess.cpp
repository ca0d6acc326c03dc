// Decode + CLIP preprocessing throughput at R = 224 on cub200-subset, one
// thread, in images per second per core; decode alone for comparison.
// The Python baseline (PIL + torchvision, one thread) is
// tests/bench/compare/preprocess_pil.py.
//
// usage: bench_preprocess [DATASET_ROOT] [--resolution R] [--limit N]
#include "core/data/image/clip_preprocess.h"
#include "core/data/cub.h"
#include "core/data/file_util.h"
#include "core/data/image/image_decode.h"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

using namespace plumage::data;

int main(int argc, char** argv) {
  std::string root;
  int res = 224;
  std::size_t limit = 0;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--resolution") && i + 1 < argc) res = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--limit") && i + 1 < argc) limit = std::strtoul(argv[++i], nullptr, 10);
    else root = argv[i];
  }
  if (root.empty()) {
    const char* env = std::getenv("PLUMAGE_SHARED_DATA");
    root = std::string(env && *env ? env : PLUMAGE_SHARED_DATA_DIR) + "/cub200-subset";
  }
  Dataset ds = read_cub(root);
  std::vector<std::string> files;
  for (const auto& r : ds.images) files.push_back(ds.image_path(r));
  if (limit && limit < files.size()) files.resize(limit);
  // Read every file into memory first so both timings exclude disk I/O
  // (the Python baseline does the same).
  std::vector<std::string> bytes;
  for (const auto& f : files) bytes.push_back(read_file_bytes(f));

  std::cout << "machine: " << std::thread::hardware_concurrency() << " hardware threads; benchmark uses 1 thread\n"
            << "images: " << files.size() << " from " << root << ", resolution " << res << "\n";
  // Rates use process CPU time (std::clock): on a shared, busy machine wall
  // time measures the neighbours; CPU time of one thread is "per core".
  auto cpu = [] { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; };
  std::vector<float> out(static_cast<std::size_t>(3) * res * res);
  double checksum = 0;
  for (int pass = 0; pass < 2; ++pass) {  // first pass warms caches; second is reported
    double t0 = cpu();
    std::size_t px = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) px += decode_image_bytes(bytes[i], files[i]).pixels.size();
    const double t_decode = cpu() - t0;
    t0 = cpu();
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      clip_preprocess(decode_image_bytes(bytes[i], files[i]), res, out.data());
      checksum += out[0];
    }
    const double t_full = cpu() - t0;
    if (pass == 1) {
      std::cout << "decode only:          " << bytes.size() / t_decode << " images/s per core, CPU time (" << px / 3 / bytes.size()
                << " px/image)\n"
                << "decode + preprocess:  " << bytes.size() / t_full << " images/s per core, CPU time\n"
                << "(checksum " << checksum << ")\n";
    }
  }
  return 0;
}

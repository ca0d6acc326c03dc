// Features that stream from disk (issue 14, item 2), on a synthetic token file
// far larger than the memory the process may use:
//  1. writes an fp16 token file of --gb GB with the chunked feature writer;
//  2. hashes it as run keys do (FileHashCache: streaming), against
//     `sha256sum` on the same file, then again from the persistent cache;
//  3. trains a small Q-Former for --steps steps of --batch rows drawn across
//     the whole memory-mapped file, and the same steps from the same rows
//     held in memory as float32 (what load_text_features made before);
//  4. (--job 1) one epoch over every row through core/experiment's
//     train_converter_job, the path of `plumage-cli train-converter` and the
//     GUI's dialog (its loaders once widened the whole token file).
// Reports time, steps/s and peak RssAnon (anonymous resident memory, sampled
// from /proc/self/status every 10 ms: heap and tensors, not the page cache
// or the mapped file's pages, which the kernel can drop at any time).
// "cold" runs first evict the file from the page cache (fadvise DONTNEED).
//
//   bench_stream [--dir /tmp] [--gb 8] [--steps 100] [--batch 128] [--threads 1] [--hash 1] [--job 0]
#include "bench_threads.h"
#include "core/engine/train/feature_writer.h"
#include "core/engine/train/qformer.h"
#include "core/experiment/converter_job.h"
#include "core/experiment/file_hash_cache.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

using namespace plumage::train;
namespace fs = std::filesystem;

namespace {

long status_kb(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const size_t n = std::strlen(key);
  while (std::getline(in, line))
    if (line.compare(0, n, key) == 0) return std::atol(line.c_str() + n + 1);
  return -1;
}

// Peak RssAnon while alive.
class AnonPeak {
 public:
  AnonPeak() : peak_(status_kb("RssAnon")), thread_([this] {
    while (!stop_) {
      peak_ = std::max(peak_.load(), status_kb("RssAnon"));
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }) {}
  double stop_mb() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    return std::max(peak_.load(), status_kb("RssAnon")) / 1024.0;
  }
  ~AnonPeak() { stop_mb(); }

 private:
  std::atomic<long> peak_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

void evict(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  ::close(fd);
}

ConverterConfig small_qformer(int64_t batch) {
  ConverterConfig c;
  c.kind = ConverterKind::QFormer;
  c.device = "cpu";
  c.val_fraction = 0.0;
  c.normalize = false;
  QFormerConfig& q = c.qformer;
  q.num_queries = 16;
  q.num_layers = 2;
  q.hidden = 128;
  q.heads = 4;
  q.ffn = 512;
  q.dropout = 0.0;
  q.batch_size = static_cast<int>(batch);
  q.epochs = 1;
  q.warmup_steps = 0;
  return c;
}

// Seconds and final loss of one epoch over `rows` (in batch order as the trainer shuffles them).
std::pair<double, double> train(const ImageFeatureSet& images, const TextFeatureSet& texts, const at::Tensor& text_rows,
                                const at::Tensor& image_rows, int64_t batch) {
  const at::Tensor none = at::empty({0}, at::kLong);
  double loss = 0;
  const double t0 = now();
  train_qformer(small_qformer(batch), images, texts, text_rows, image_rows, images, texts, none, none,
                ConverterTrainingData{}, "",
                [&](int, const std::string& key, double v) { if (key == "train_loss") loss = v; }, nullptr);
  return {now() - t0, loss};
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = "/tmp";
  double gb = 8;
  int64_t steps = 100, B = 128;
  int threads = 1, hash = 1, job = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
    else if (!std::strcmp(argv[i], "--gb")) gb = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--steps")) steps = std::atoll(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--batch")) B = std::atoll(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--hash")) hash = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--job")) job = std::atoi(argv[i + 1]);
    else { std::fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
  }
  plumage::bench::set_threads(threads, threads);
  const int64_t T = 77, W = 512, E = 512, chunk = 512;
  const int64_t rows = static_cast<int64_t>(gb * (1ull << 30) / (T * W * 2)) / chunk * chunk;
  const std::string work = dir + "/bench_stream." + std::to_string(::getpid());
  fs::create_directories(work);
  const std::string path = work + "/tokens.safetensors";
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // lines as they come, also into a log
  std::printf("machine: %u cores, LibTorch threads %d; %lld rows x %lldx%lld fp16 tokens\n",
              std::thread::hardware_concurrency(), at::get_num_threads(), static_cast<long long>(rows),
              static_cast<long long>(T), static_cast<long long>(W));

  // 1. Write: a few random chunks, cycled (the content does not matter for speed).
  at::Generator g = at::make_generator<at::CPUGeneratorImpl>(0);
  {
    std::vector<at::Tensor> pieces;
    for (int i = 0; i < 2; ++i) pieces.push_back(at::randn({chunk, T, W}, g).to(at::kHalf));
    const at::Tensor lengths = at::randint(5, T + 1, {chunk}, g, at::kLong);
    TextFeatureSet header;
    header.source = "file";
    header.class_names = {"x"};
    TextFeatureShape shape{rows, E, T, W, at::kHalf};
    AnonPeak peak;
    const double t0 = now();
    ChunkedTextFeatureWriter w(path, header, shape);
    for (int64_t s = 0; s < rows; s += chunk) {
      TextFeatureSet r;
      r.features = at::randn({chunk, E}, g);
      r.labels = at::zeros({chunk}, at::kLong);
      r.image_ids = at::arange(s, s + chunk, at::kLong);
      r.text_index = at::zeros({chunk}, at::kLong);
      r.tokens = pieces[(s / chunk) % pieces.size()];
      r.lengths = lengths;
      w.append(r);
    }
    w.commit();
    const double secs = now() - t0;
    std::printf("write: %.2f GB in %.1f s (%.0f MB/s), peak RssAnon %.0f MB (chunks of %lld rows)\n",
                fs::file_size(path) / 1e9, secs, fs::file_size(path) / 1e6 / secs, peak.stop_mb(),
                static_cast<long long>(chunk));
  }
  const double file_gb = fs::file_size(path) / 1e9;

  // 2. Hash (--hash 0 skips it).
  if (hash) {
    const std::string cache = work + "/hashes.json";
    evict(path);
    AnonPeak peak;
    double t0 = now();
    const std::string h = plumage::experiment::FileHashCache(cache).hash(path);
    const double ours = now() - t0, ours_mb = peak.stop_mb();
    evict(path);
    t0 = now();
    const std::string cmd = "sha256sum '" + path + "' > '" + work + "/sum.txt'";
    const int rc = std::system(cmd.c_str());
    const double theirs = now() - t0;
    std::string sum;
    std::ifstream(work + "/sum.txt") >> sum;
    t0 = now();
    const std::string again = plumage::experiment::FileHashCache(cache).hash(path);
    const double cached = now() - t0;
    std::printf("hash (cold cache): FileHashCache %.1f s (%.0f MB/s), peak RssAnon %.0f MB; sha256sum %.1f s (%.0f MB/s)%s\n",
                ours, file_gb * 1e3 / ours, ours_mb, theirs, file_gb * 1e3 / theirs,
                rc == 0 && "sha256:" + sum == h ? ", same hash" : ", HASHES DIFFER");
    std::printf("hash again, new FileHashCache on the same cache file: %.4f s%s\n", cached,
                again == h ? "" : " (DIFFERENT HASH)");
  }

  // 3. Train.
  {
    AnonPeak load_peak;
    const TextFeatureSet mapped = load_text_features(path, 1);
    const int64_t n = steps * B;
    const at::Tensor text_rows = at::randperm(rows, g, at::kLong).narrow(0, 0, n);
    ImageFeatureSet images;
    images.features = at::randn({n, E}, g);
    images.labels = at::zeros({n}, at::kLong);
    images.is_train = at::ones({n}, at::kByte);
    images.image_ids = at::arange(n, at::kLong);
    images.class_names = {"x"};
    const at::Tensor image_rows = at::arange(n, at::kLong);
    std::printf("load_text_features: tokens %s, peak RssAnon %.0f MB\n", c10::toString(mapped.tokens.scalar_type()),
                load_peak.stop_mb());
    // Warm-up (allocator, threads), then the mapped runs.
    train(images, mapped, text_rows.narrow(0, 0, 2 * B), image_rows.narrow(0, 0, 2 * B), B);
    evict(path);
    AnonPeak peak;
    const auto cold = train(images, mapped, text_rows, image_rows, B);
    const double cold_mb = peak.stop_mb();
    AnonPeak peak2;
    const auto warm = train(images, mapped, text_rows, image_rows, B);
    const double warm_mb = peak2.stop_mb();
    // The same rows in memory, widened to float32.
    TextFeatureSet mem;
    mem.path = "in-memory";
    mem.tokens = mapped.tokens.index_select(0, text_rows).to(at::kFloat);
    mem.lengths = mapped.lengths.index_select(0, text_rows);
    mem.features = mapped.features.index_select(0, text_rows);
    mem.labels = mapped.labels.index_select(0, text_rows);
    mem.image_ids = mapped.image_ids.index_select(0, text_rows);
    mem.text_index = mapped.text_index.index_select(0, text_rows);
    const auto memory = train(images, mem, at::arange(n, at::kLong), image_rows, B);
    std::printf("qformer (hidden 128, 2 layers, 4 heads, 16 queries), %lld steps of batch %lld:\n",
                static_cast<long long>(steps), static_cast<long long>(B));
    std::printf("  mapped fp16, cold page cache: %.2f steps/s, peak RssAnon %.0f MB, loss %.9g\n", steps / cold.first,
                cold_mb, cold.second);
    std::printf("  mapped fp16, warm page cache: %.2f steps/s, peak RssAnon %.0f MB, loss %.9g\n", steps / warm.first,
                warm_mb, warm.second);
    std::printf("  in memory fp32 (%.2f GB):       %.2f steps/s, loss %.9g\n", mem.tokens.nbytes() / 1e9,
                steps / memory.first, memory.second);
    std::printf("  ratio mapped/memory: cold %.3f, warm %.3f\n", memory.first / cold.first, memory.first / warm.first);
    std::printf("VmHWM %ld MB (includes the mapped file's resident pages)\n", status_kb("VmHWM") / 1024);
  }

  // 4. The job path: pairs-only images whose ids are the texts' rows, one epoch.
  if (job) {
    ImageFeatureSet images;
    images.features = at::randn({rows, E}, g);
    images.labels = at::full({rows}, -1, at::kLong);
    images.is_train = at::ones({rows}, at::kByte);
    images.image_ids = at::arange(rows, at::kLong);
    images.metadata["pairs_only"] = "true";
    const std::string image_path = work + "/images.safetensors";
    save_image_features(image_path, images);
    plumage::experiment::ConverterJobParams p;
    p.config = small_qformer(B);
    p.config.val_fraction = 0.01;
    p.image_path = image_path;
    p.text_path = path;
    p.output_path = work + "/qformer.safetensors";
    p.name = "bench";
    AnonPeak peak;
    const double t0 = now();
    const auto out = plumage::experiment::train_converter_job(p);
    const double secs = now() - t0;
    std::printf("train_converter_job, one epoch over %lld pairs (batch %lld): %.1f s, peak RssAnon %.0f MB "
                "(the token file is %.2f GB fp16, %.2f GB as fp32); val cosine %.3f\n",
                static_cast<long long>(out.result.train.pairs), static_cast<long long>(B), secs, peak.stop_mb(),
                file_gb, 2 * file_gb, out.result.val.cosine);
  }
  fs::remove_all(work);
  return 0;
}

#include "core/features/image_pipeline.h"

#include "core/data/image/clip_preprocess.h"
#include "core/engine/clip/clip_model.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

namespace plumage::features {
namespace {

constexpr size_t kSlots = 3;  // batches being decoded or encoded at once

using Clock = std::chrono::steady_clock;

// Decoded batches in a ring of buffers, filled by workers, drained in order.
class BatchRing {
 public:
  BatchRing(const std::vector<ImageItem>& items, int resolution, size_t batch, const std::atomic<bool>* cancel)
      : items_(items),
        resolution_(resolution),
        batch_(batch),
        pixels_per_image_(size_t(3) * resolution * resolution),
        batches_((items.size() + batch - 1) / batch),
        remaining_(batches_),
        cancel_(cancel) {
    for (size_t b = 0; b < batches_; ++b) remaining_[b] = batch_size_of(b);
    for (size_t s = 0; s < std::min(kSlots, batches_); ++s) {
      slots_[s].pixels.resize(batch_ * pixels_per_image_);
      slots_[s].error.resize(batch_);
    }
  }

  size_t batches() const { return batches_; }
  size_t batch_size_of(size_t b) const { return std::min(batch_, items_.size() - b * batch_); }

  // Worker loop: take the next image, wait for its batch's slot, decode.
  void work() {
    for (;;) {
      const size_t i = next_.fetch_add(1);
      if (i >= items_.size() || cancelled()) return;
      const size_t b = i / batch_;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait(lock, [&] { return b < consumed_ + kSlots || stop_ || cancelled(); });
        if (stop_ || cancelled()) return;
      }
      Slot& slot = slots_[b % kSlots];
      const size_t row = i % batch_;
      slot.error[row].clear();
      try {
        data::clip_preprocess_file(items_[i].path, resolution_, slot.pixels.data() + row * pixels_per_image_);
      } catch (const std::exception& e) {
        slot.error[row] = e.what();
        if (slot.error[row].empty()) slot.error[row] = "unreadable image";
      }
      std::lock_guard<std::mutex> lock(mutex_);
      if (--remaining_[b] == 0) cv_.notify_all();
    }
  }

  // Waits until batch b is decoded; false when cancelled first.
  bool wait_for(size_t b) {
    std::unique_lock<std::mutex> lock(mutex_);
    while (remaining_[b] != 0) {
      if (cancelled()) return false;
      cv_.wait_for(lock, std::chrono::milliseconds(50));
    }
    return !cancelled();
  }

  float* pixels(size_t b) { return slots_[b % kSlots].pixels.data(); }
  const std::string& error(size_t b, size_t row) const { return slots_[b % kSlots].error[row]; }
  size_t pixels_per_image() const { return pixels_per_image_; }

  // Batch b is no longer needed: its slot may be refilled.
  void release(size_t b) {
    std::lock_guard<std::mutex> lock(mutex_);
    consumed_ = b + 1;
    cv_.notify_all();
  }
  void stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
    cv_.notify_all();
  }

 private:
  struct Slot {
    std::vector<float> pixels;
    std::vector<std::string> error;  // empty: decoded
  };
  bool cancelled() const { return cancel_ && cancel_->load(); }

  const std::vector<ImageItem>& items_;
  const int resolution_;
  const size_t batch_;
  const size_t pixels_per_image_;
  const size_t batches_;
  std::vector<size_t> remaining_;  // images still to decode, per batch
  Slot slots_[kSlots];
  std::atomic<size_t> next_{0};
  size_t consumed_ = 0;
  bool stop_ = false;
  std::mutex mutex_;
  std::condition_variable cv_;
  const std::atomic<bool>* cancel_;
};

int worker_count(int requested) {
  if (requested > 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

// Runs `ring`'s workers for the lifetime of this object.
class Workers {
 public:
  Workers(BatchRing& ring, int n) : ring_(ring) {
    for (int t = 0; t < n; ++t) threads_.emplace_back([&ring] { ring.work(); });
  }
  ~Workers() {
    ring_.stop();
    for (auto& t : threads_) t.join();
  }

 private:
  BatchRing& ring_;
  std::vector<std::thread> threads_;
};

}  // namespace

EncodedImages encode_images(const clip::ClipModel& model, const std::vector<ImageItem>& items,
                            const ImageEncodeOptions& options) {
  const auto start = Clock::now();
  EncodedImages out;
  const int resolution = static_cast<int>(model.config().image_resolution);
  const int64_t embed = model.config().embed_dim;
  out.features = at::empty({static_cast<int64_t>(items.size()), embed}, at::kFloat);
  if (items.empty()) return out;
  const size_t batch = static_cast<size_t>(std::max(1, options.batch_size));
  BatchRing ring(items, resolution, batch, options.cancel);
  Workers workers(ring, std::min<int>(worker_count(options.threads), static_cast<int>(items.size())));
  c10::InferenceMode guard;
  int64_t rows = 0;
  Progress progress;
  progress.total = items.size();
  for (size_t b = 0; b < ring.batches(); ++b) {
    if (!ring.wait_for(b)) {
      out.cancelled = true;
      break;
    }
    // Compact the decoded images to the front of the buffer.
    const size_t n = ring.batch_size_of(b);
    float* pixels = ring.pixels(b);
    std::vector<size_t> ok;
    for (size_t r = 0; r < n; ++r) {
      const size_t item = b * batch + r;
      if (!ring.error(b, r).empty()) {
        out.skipped.push_back({items[item].image_id, items[item].path, ring.error(b, r)});
        continue;
      }
      if (ok.size() != r)
        std::memmove(pixels + ok.size() * ring.pixels_per_image(), pixels + r * ring.pixels_per_image(),
                     ring.pixels_per_image() * sizeof(float));
      ok.push_back(item);
    }
    if (!ok.empty()) {
      const at::Tensor input = at::from_blob(pixels, {static_cast<int64_t>(ok.size()), 3, resolution, resolution},
                                             at::TensorOptions().dtype(at::kFloat));
      const at::Tensor f = model.encode_image(input).to(at::kCPU, at::kFloat);
      out.features.narrow(0, rows, static_cast<int64_t>(ok.size())).copy_(f);
      rows += static_cast<int64_t>(ok.size());
      out.kept.insert(out.kept.end(), ok.begin(), ok.end());
    }
    ring.release(b);
    progress.done += n;
    progress.skipped = out.skipped.size();
    progress.elapsed_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    progress.items_per_second = progress.elapsed_seconds > 0 ? progress.done / progress.elapsed_seconds : 0;
    if (options.progress) options.progress(progress);
  }
  out.features = out.features.narrow(0, 0, rows).clone();
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return out;
}

size_t preprocess_only(const std::vector<ImageItem>& items, int resolution, int threads, int batch_size,
                       double* checksum) {
  if (items.empty()) return 0;
  const size_t batch = static_cast<size_t>(std::max(1, batch_size));
  BatchRing ring(items, resolution, batch, nullptr);
  Workers workers(ring, std::min<int>(worker_count(threads), static_cast<int>(items.size())));
  size_t decoded = 0;
  double sum = 0;
  for (size_t b = 0; b < ring.batches(); ++b) {
    ring.wait_for(b);
    for (size_t r = 0; r < ring.batch_size_of(b); ++r) {
      if (!ring.error(b, r).empty()) continue;
      ++decoded;
      sum += ring.pixels(b)[r * ring.pixels_per_image()];
    }
    ring.release(b);
  }
  if (checksum) *checksum = sum;
  return decoded;
}

}  // namespace plumage::features

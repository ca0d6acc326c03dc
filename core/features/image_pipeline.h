// Image encoding pipeline: decode + CLIP preprocessing on a pool of worker
// threads, overlapped with batched inference on the model's device.
//
// Workers fill a ring of batch buffers ahead of the model (three batches in
// flight), so the model never waits for JPEG decoding once the pipeline is
// primed, and memory stays bounded. Unreadable images are reported and
// skipped, never fatal. Progress is reported after every batch; setting the
// cancel flag stops the workers and the model loop within one batch.
#pragma once

#include "core/features/feature_file_info.h"
#include "core/features/progress.h"

#include <ATen/core/Tensor.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace plumage::clip {
class ClipModel;
}

namespace plumage::features {

struct ImageItem {
  std::string path;
  int64_t image_id = -1;
  int64_t label = -1;
  bool is_train = true;
};

struct ImageEncodeOptions {
  int batch_size = 64;
  int threads = 0;  // decode + preprocess workers; 0: one per hardware thread
  ProgressFn progress;
  const std::atomic<bool>* cancel = nullptr;
};

struct EncodedImages {
  at::Tensor features;       // [kept, E] float32 on the CPU
  std::vector<size_t> kept;  // index into the items of each row
  std::vector<SkippedImage> skipped;
  bool cancelled = false;
  double seconds = 0;
};

// Encodes every item with `model` (on its device and dtype).
EncodedImages encode_images(const clip::ClipModel& model, const std::vector<ImageItem>& items,
                            const ImageEncodeOptions& options = {});

// The same decode + preprocess work without a model (benchmarks): returns
// how many images decoded; `checksum` sums the pixels so nothing is elided.
size_t preprocess_only(const std::vector<ImageItem>& items, int resolution, int threads, int batch_size,
                       double* checksum = nullptr);

}  // namespace plumage::features

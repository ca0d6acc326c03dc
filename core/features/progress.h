// Progress of an encoding job, as the pipelines report it after each batch.
// Torch-free: the GUI's and the CLI's progress displays include it.
#pragma once

#include <cstddef>
#include <functional>

namespace plumage::features {

struct Progress {
  size_t done = 0;   // items finished (encoded or skipped)
  size_t total = 0;
  size_t skipped = 0;
  double items_per_second = 0;
  double elapsed_seconds = 0;
};
using ProgressFn = std::function<void(const Progress&)>;

}  // namespace plumage::features

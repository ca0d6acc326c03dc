#include "core/engine/build_info.h"

#include "plumage_version.h"

#include <torch/cuda.h>
#include <torch/version.h>

namespace plumage {

std::string version() { return PLUMAGE_VERSION; }

std::string torch_version() {
  return std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
         std::to_string(TORCH_VERSION_PATCH);
}

bool cuda_available() { return torch::cuda::is_available(); }

int cuda_device_count() { return static_cast<int>(torch::cuda::device_count()); }

std::string version_line(const std::string& program) {
  std::string cuda = cuda_available() ? "yes, " + std::to_string(cuda_device_count()) + " device(s)" : "no";
  return program + " " + version() + " (LibTorch " + torch_version() + ", CUDA: " + cuda + ")";
}

}  // namespace plumage

#include "core/experiment/runtime.h"

#include "core/engine/build_info.h"
#include "core/engine/train/device.h"

#include <ATen/Parallel.h>

namespace plumage::experiment {

std::string resolve_device(const std::string& requested) {
  const c10::Device d = train::resolve_device(requested);
  if (d.is_cuda() && !d.has_index()) return "cuda:0";
  return d.str();
}

bool cuda_available() { return plumage::cuda_available(); }
std::string plumage_version() { return plumage::version(); }
std::string torch_version() { return plumage::torch_version(); }
std::string version_line(const std::string& program) { return plumage::version_line(program); }

void set_threads(int n) {
  if (n > 0) at::set_num_threads(n);
}

}  // namespace plumage::experiment

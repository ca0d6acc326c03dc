#include "core/engine/train/device.h"

#include <ATen/Context.h>

#include <stdexcept>

namespace plumage::train {

c10::Device resolve_device(const std::string& name) {
  const bool cuda = at::globalContext().hasCUDA();
  if (name.empty() || name == "auto") return cuda ? c10::Device(c10::kCUDA, 0) : c10::Device(c10::kCPU);
  if (name == "cpu") return c10::Device(c10::kCPU);
  if (name.rfind("cuda", 0) == 0) {
    if (!cuda) throw std::invalid_argument("device '" + name + "' requested but this build/machine has no CUDA");
    try {
      return c10::Device(name);
    } catch (const std::exception&) {
      throw std::invalid_argument("invalid device name '" + name + "'");
    }
  }
  throw std::invalid_argument("unknown device '" + name + "' (expected auto, cpu, cuda or cuda:N)");
}

}  // namespace plumage::train

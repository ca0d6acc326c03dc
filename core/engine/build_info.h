// What this build is: version, LibTorch version, available devices.
// Torch-free header so the UI can include it.
#pragma once
#include <string>

namespace plumage {

std::string version();          // Plumage version, e.g. "0.1.0"
std::string torch_version();    // LibTorch version this binary was built against
bool cuda_available();          // CUDA LibTorch and at least one device
int cuda_device_count();
// One line: "plumage 0.1.0 (LibTorch 1.13.0, CUDA: no)".
std::string version_line(const std::string& program);

}  // namespace plumage

// What this build and machine offer, and the one place where a device name
// is resolved: "auto" becomes "cuda:0" when CUDA is there and "cpu"
// otherwise; "cuda" becomes "cuda:0". Every run records the resolved name, so
// the same hardware is recorded the same way from the GUI and the CLI.
#pragma once

#include <string>

namespace plumage::experiment {

// "cpu", "cuda:N". Throws std::invalid_argument for unknown names, or for
// CUDA when this build or machine has none.
std::string resolve_device(const std::string& requested);

bool cuda_available();
std::string plumage_version();  // e.g. "0.1.0"
std::string torch_version();    // LibTorch version this binary was built against
// One line: "plumage 0.1.0 (LibTorch 1.13.0, CUDA: no)".
std::string version_line(const std::string& program);

// LibTorch intra-op threads for this process (n <= 0: leave the default).
void set_threads(int n);

}  // namespace plumage::experiment

// libFuzzer entry point for the safetensors header parser. The input is the
// start of a file; the declared file size is the input size, so every offset
// check is exercised against real bounds.
#include "core/engine/safetensors_header.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    plumage::st::Header h = plumage::st::parse_header(data, size, size, "fuzz");
    // Touch what a reader would use.
    for (const auto& t : h.tensors) (void)(t.end - t.begin);
  } catch (const plumage::st::SafetensorsError&) {
  }
  return 0;
}

// libFuzzer entry point for the image probe (core/data/image/image_probe.cpp):
// the JPEG marker walk and PNG chunk walk that run on every image before it is
// decoded. It must never crash, read out of bounds or report a size it did not
// read; a problem is an error string.
#include "core/data/image/image_probe.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const plumage::data::ImageProbe p = plumage::data::probe_image_bytes(bytes);
  if (p.error.empty() && (p.format == "jpeg" || p.format == "png") && (p.width <= 0 || p.height <= 0)) __builtin_trap();
  if (p.width < 0 || p.height < 0 || p.channels < 0) __builtin_trap();
  return 0;
}

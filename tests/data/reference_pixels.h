// Reads `real_pixels` and the image list from the CLIP reference
// safetensors (kept in its own file so only it includes LibTorch headers).
#pragma once

#include <string>
#include <vector>

namespace plumage::test {

struct ReferencePixels {
  std::vector<std::string> images;  // relative to cub200-subset
  int count = 0, resolution = 0;
  std::vector<float> pixels;        // [count, 3, R, R]
};

ReferencePixels read_reference_pixels(const std::string& path);

}  // namespace plumage::test

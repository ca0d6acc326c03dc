// Decoding JPEG (libjpeg, jpeg_decode.h) and PNG and whatever else OpenCV
// reads to 8-bit RGB.
// Grayscale, CMYK and alpha images become RGB (alpha is dropped, as PIL's
// convert("RGB") does). EXIF orientation is ignored, as in PIL and the CLIP
// reference pipeline. Corrupt or truncated files throw DataError naming the
// file — never a crash and never a silently half-grey image.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace plumage::data {

struct RgbImage {
  int width = 0, height = 0;
  std::vector<uint8_t> pixels;  // row-major, interleaved R,G,B
  int source_channels = 0;      // channels in the file (1 gray, 3, 4 CMYK/RGBA)
};

RgbImage decode_image_file(const std::string& path);
// `name` is used in error messages.
RgbImage decode_image_bytes(const std::string& bytes, const std::string& name);

}  // namespace plumage::data

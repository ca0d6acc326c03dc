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

// Pillow's decompression-bomb limit (Image.MAX_IMAGE_PIXELS): a 335-byte
// JPEG can declare 20000 x 20000 pixels and cost 1.2 GB to decode.
constexpr std::uint64_t kMaxImagePixels = 89'478'485;

struct DecodeOptions {
  // Images declaring more pixels (width x height, from the header, checked
  // before any pixel is decoded) are refused with DataError.
  std::uint64_t max_pixels = kMaxImagePixels;
};

struct RgbImage {
  int width = 0, height = 0;
  std::vector<uint8_t> pixels;  // row-major, interleaved R,G,B
  int source_channels = 0;      // channels in the file (1 gray, 3, 4 CMYK/RGBA)
};

RgbImage decode_image_file(const std::string& path, const DecodeOptions& options = {});
// `name` is used in error messages.
RgbImage decode_image_bytes(const std::string& bytes, const std::string& name,
                            const DecodeOptions& options = {});

}  // namespace plumage::data

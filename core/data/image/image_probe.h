// Reads an image's format and size from its header and checks that the file
// is structurally complete, without decoding pixels.
//
// Why: OpenCV (libjpeg) decodes a truncated JPEG "successfully", filling the
// missing part with grey and only printing a warning. Walking the marker
// segments (JPEG) or chunks (PNG) to the end-of-image marker catches that.
#pragma once

#include <string>

namespace plumage::data {

struct ImageProbe {
  std::string format;    // "jpeg", "png", or "other"
  int width = 0, height = 0;
  int channels = 0;      // components in the file (1 gray, 3 YCbCr/RGB, 4 CMYK/RGBA); 0 if unknown
  std::string error;     // non-empty: truncated or corrupt structure
};

// Never throws; a problem is described in `error`.
ImageProbe probe_image_bytes(const std::string& bytes);

}  // namespace plumage::data

#include "core/data/image/clip_preprocess.h"

#include "core/data/diagnostics.h"
#include "core/data/image/resample.h"

#include <stdexcept>

namespace plumage::data {

namespace {
// Python's int(round(d / 2.0)) for a non-negative integer d: halves go to even.
int half_round_even(int d) {
  const int q = d / 2;
  if (d % 2 == 0) return q;
  return q % 2 == 0 ? q : q + 1;
}
}  // namespace

ClipResizePlan clip_resize_plan(int w, int h, int r) {
  if (w <= 0 || h <= 0 || r <= 0) throw std::invalid_argument("clip_resize_plan: sizes must be positive");
  ClipResizePlan p;
  p.resolution = r;
  // torchvision: short side -> R, long side -> int(R * long / short) (truncation).
  if (w <= h) {
    p.resized_width = r;
    p.resized_height = static_cast<int>(static_cast<long long>(r) * h / w);
  } else {
    p.resized_height = r;
    p.resized_width = static_cast<int>(static_cast<long long>(r) * w / h);
  }
  p.crop_top = half_round_even(p.resized_height - r);
  p.crop_left = half_round_even(p.resized_width - r);
  return p;
}

std::vector<uint8_t> clip_resize_crop(const RgbImage& image, int r) {
  if (image.width <= 0 || image.height <= 0 || image.pixels.size() != static_cast<std::size_t>(image.width) * image.height * 3)
    throw std::invalid_argument("clip_resize_crop: empty or inconsistent image");
  const ClipResizePlan p = clip_resize_plan(image.width, image.height, r);
  std::vector<uint8_t> out(static_cast<std::size_t>(r) * r * 3);
  resample_bicubic_pil(image.pixels.data(), image.width, image.height, 3, p.resized_width, p.resized_height,
                       {p.crop_left, p.crop_top, r, r}, out.data());
  return out;
}

void clip_preprocess(const RgbImage& image, int r, float* out) {
  // 256-entry tables reproduce ToTensor (x / 255 in float) then Normalize.
  static const auto lut = [] {
    std::array<std::array<float, 256>, 3> t{};
    for (int c = 0; c < 3; ++c)
      for (int v = 0; v < 256; ++v) t[c][v] = (static_cast<float>(v) / 255.0f - kClipMean[c]) / kClipStd[c];
    return t;
  }();
  const std::vector<uint8_t> rgb = clip_resize_crop(image, r);
  const std::size_t plane = static_cast<std::size_t>(r) * r;
  for (std::size_t i = 0; i < plane; ++i) {
    out[i] = lut[0][rgb[3 * i]];
    out[plane + i] = lut[1][rgb[3 * i + 1]];
    out[2 * plane + i] = lut[2][rgb[3 * i + 2]];
  }
}

void clip_preprocess_file(const std::string& path, int r, float* out) {
  clip_preprocess(decode_image_file(path), r, out);
}

std::string clip_preprocess_description(int r) {
  return "pil-bicubic-antialias short-side " + std::to_string(r) + ", center-crop " + std::to_string(r) +
         ", clip-mean-std";
}

}  // namespace plumage::data

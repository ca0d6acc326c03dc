// Antialiased bicubic resampling that reproduces Pillow's Image.resize(...,
// BICUBIC) bit for bit (libImaging/Resample.c): separable, horizontal pass
// then vertical, filter support scaled by the downscale factor, a = -0.5,
// weights normalized then converted to fixed point with 22 fractional bits,
// rounding and clipping to 8 bits after each pass.
//
// Output may be restricted to a window of the resized image (e.g. the CLIP
// center crop): each output pixel depends only on its own weights, so
// computing just the window gives exactly the pixels of the full resize.
#pragma once

#include <cstdint>
#include <vector>

namespace plumage::data {

struct ResampleWindow {
  int x = 0, y = 0, width = 0, height = 0;  // within the out_w x out_h resized image
};

// src: in_h rows of in_w pixels with `channels` interleaved 8-bit samples.
// dst: window.height rows of window.width pixels, same channel layout.
void resample_bicubic_pil(const uint8_t* src, int in_w, int in_h, int channels, int out_w, int out_h,
                          const ResampleWindow& window, uint8_t* dst);

// Pillow's bicubic kernel (a = -0.5), exposed for tests.
double pil_bicubic_kernel(double x);

}  // namespace plumage::data

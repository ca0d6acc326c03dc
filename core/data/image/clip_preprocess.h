// CLIP image preprocessing, matching OpenAI's Python pipeline
// (torchvision Resize(R, BICUBIC) on a PIL image, CenterCrop(R), ToTensor,
// Normalize(CLIP mean, std)):
//   1. resize so the shorter side is R with Pillow's antialiased bicubic;
//      the longer side becomes int(R * long / short);
//   2. center crop R x R at top = int(round((h - R) / 2.0)),
//      left = int(round((w - R) / 2.0)) (Python's round: halves to even);
//   3. scale to [0, 1], subtract the mean and divide by the std per channel;
//   4. write float32 CHW (3 x R x R) into a caller-provided buffer.
// No LibTorch here: callers wrap the buffer in a tensor.
#pragma once

#include "core/data/image/image_decode.h"

#include <array>
#include <string>

namespace plumage::data {

constexpr std::array<float, 3> kClipMean = {0.48145466f, 0.4578275f, 0.40821073f};
constexpr std::array<float, 3> kClipStd = {0.26862954f, 0.26130258f, 0.27577711f};

struct ClipResizePlan {
  int resized_width = 0, resized_height = 0;
  int crop_left = 0, crop_top = 0;
  int resolution = 0;
};

// The resize and crop geometry for an image of w x h at resolution R.
ClipResizePlan clip_resize_plan(int width, int height, int resolution);

// Resized and center-cropped 8-bit RGB (R x R x 3), before normalization.
std::vector<uint8_t> clip_resize_crop(const RgbImage& image, int resolution);

// Full preprocessing into out_chw (3 * R * R floats).
void clip_preprocess(const RgbImage& image, int resolution, float* out_chw);

// Decode + preprocess; throws DataError for unreadable or corrupt files.
void clip_preprocess_file(const std::string& path, int resolution, float* out_chw);

// A human-readable description stored with feature files.
std::string clip_preprocess_description(int resolution);

}  // namespace plumage::data

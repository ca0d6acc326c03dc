// CUB-sized synthetic features shared by the adapter benchmarks: 5,994 train
// and 5,794 test images x 768, 200 classes (Gaussian clusters, L2-normalized),
// and optionally text features of both kinds the sweeps use: Reed-like
// captions (10 per training image: its feature plus noise) and LLM-like class
// descriptions (5 per class: the class centre plus noise). The same generator
// as tests/bench/compare/adapter_torch.py for the images.
#pragma once

#include "core/engine/train/feature_sets.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <string>
#include <vector>

namespace plumage::bench {

constexpr int64_t kCubTrain = 5994, kCubTest = 5794, kCubDim = 768, kCubClasses = 200;

struct CubSynthetic {
  train::ImageFeatureSet images;
  train::TextFeatureSet texts;  // empty unless asked for
};

inline CubSynthetic cub_synthetic(bool with_texts) {
  at::Generator g = at::make_generator<at::CPUGeneratorImpl>(0);
  const at::Tensor centres = at::randn({kCubClasses, kCubDim}, g);
  const at::Tensor ytr = at::arange(kCubTrain, at::kLong) % kCubClasses;
  const at::Tensor yte = at::arange(kCubTest, at::kLong) % kCubClasses;
  const at::Tensor xtr = centres.index_select(0, ytr) + 2.0 * at::randn({kCubTrain, kCubDim}, g);
  const at::Tensor xte = centres.index_select(0, yte) + 2.0 * at::randn({kCubTest, kCubDim}, g);
  auto norm = [](const at::Tensor& x) { return x / x.norm(2, {1}, true); };
  CubSynthetic s;
  s.images.features = at::cat({norm(xtr), norm(xte)});
  s.images.labels = at::cat({ytr, yte});
  s.images.is_train = at::cat({at::ones({kCubTrain}, at::kByte), at::zeros({kCubTest}, at::kByte)});
  s.images.image_ids = at::arange(kCubTrain + kCubTest, at::kLong);
  for (int64_t c = 0; c < kCubClasses; ++c) s.images.class_names.push_back(std::to_string(c));
  if (!with_texts) return s;
  constexpr int64_t kCaptions = 10, kDescriptions = 5;
  const at::Tensor cap_rows = at::arange(kCubTrain, at::kLong).repeat_interleave(kCaptions);
  const at::Tensor captions = xtr.index_select(0, cap_rows) + 2.0 * at::randn({kCubTrain * kCaptions, kCubDim}, g);
  const at::Tensor desc_labels = at::arange(kCubClasses, at::kLong).repeat_interleave(kDescriptions);
  const at::Tensor descriptions =
      centres.index_select(0, desc_labels) + 2.0 * at::randn({kCubClasses * kDescriptions, kCubDim}, g);
  s.texts.features = at::cat({captions, descriptions});
  s.texts.labels = at::cat({ytr.index_select(0, cap_rows), desc_labels});
  s.texts.image_ids = at::cat({cap_rows, at::full({kCubClasses * kDescriptions}, -1, at::kLong)});
  s.texts.text_index = at::arange(s.texts.features.size(0), at::kLong);
  s.texts.source = "synthetic";
  return s;
}

}  // namespace plumage::bench

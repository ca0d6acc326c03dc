// Building blocks of the synthetic feature files the experiment UI tests
// write (experiment_fixtures.cpp, tst_train_converter.cpp): separable image
// features around given class centres, and the rows of captions tied to them.
#pragma once

#include "core/engine/train/feature_sets.h"

#include <cstdint>

namespace plumage::test {

// `perClass` images per class around `centres` [classes,dim] (noise 0.3); the
// first `trainPerClass` of each class are training images; image ids are
// class * idBase + i + 1; class names "00<c>.Bird_<c>" (1-based).
train::ImageFeatureSet syntheticImages(const at::Tensor& centres, int perClass, int trainPerClass, int64_t idBase);

// `perImage` caption rows per image (labels, image ids, caption index); the
// caller sets the features (and tokens).
train::TextFeatureSet captionRows(const train::ImageFeatureSet& images, int perImage);

}  // namespace plumage::test

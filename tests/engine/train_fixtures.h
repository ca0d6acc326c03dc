// Synthetic feature sets for the training-engine tests: Gaussian class
// clusters with a known Bayes accuracy, captions per image, class-level
// descriptions. Small, seeded, built in memory (and written to files where a
// test needs the loaders).
#pragma once

#include "core/engine/train/feature_sets.h"

#include <cstdint>

namespace plumage::test {

struct SyntheticOptions {
  int classes = 10;
  int train_per_class = 30;
  int test_per_class = 20;
  int dim = 32;
  // Cluster centres are orthogonal unit vectors scaled by `separation`;
  // samples add N(0, spread^2) per dimension.
  double separation = 4.0;
  double spread = 0.3;
  // Fraction of labels (train and test) replaced by a different random class.
  // With well separated clusters the Bayes accuracy is exactly the fraction
  // of unflipped test labels (Synthetic::bayes_test_accuracy).
  double label_noise = 0.0;
  int captions_per_image = 0;  // Reed-like texts: image feature + noise
  int descriptions_per_class = 0;  // LLM-like texts: centre + noise
  double text_noise = 0.5;
  uint64_t seed = 1;
};

struct Synthetic {
  train::ImageFeatureSet images;
  train::TextFeatureSet texts;
  double bayes_test_accuracy = 1.0;
};

Synthetic make_synthetic(const SyntheticOptions& options);

}  // namespace plumage::test

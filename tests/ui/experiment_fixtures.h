// Tiny synthetic feature files for the setup/runs tests: a few separable
// classes in a small embedding space, with Reed-style captions (texts tied
// to images) so every text source and ratio works. Seconds, not minutes.
#pragma once

#include <QString>

namespace plumage::test {

struct TinyFeatures {
  QString image;  // image features (train + test)
  QString reed;   // text features: 2 captions per image
  int classes = 0;
  int trainPerClass = 0;
};

// Writes the files into `dir` (created if needed).
TinyFeatures writeTinyFeatures(const QString& dir, int classes = 4, int trainPerClass = 12, int testPerClass = 6,
                               int dim = 16);

// Rewrites the feature file `path` as made by CLIP `modelName` whose weights
// hash is `weightsHash` (metadata 'model' as core/features writes it).
void stampClipModel(const QString& path, const QString& modelName, const QString& weightsHash);

}  // namespace plumage::test

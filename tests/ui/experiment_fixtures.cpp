#include "experiment_fixtures.h"

#include "engine/train/feature_sets.h"

#include <ATen/ATen.h>

#include <QDir>

#include <string>
#include <vector>

namespace plumage::test {

TinyFeatures writeTinyFeatures(const QString& dir, int classes, int trainPerClass, int testPerClass, int dim) {
  QDir().mkpath(dir);
  at::manual_seed(7);
  const int perClass = trainPerClass + testPerClass;
  const int n = classes * perClass;
  // Class centres far apart, small noise: separable.
  const at::Tensor centres = at::randn({classes, dim}) * 3.0;
  std::vector<int64_t> labels, isTrain, ids;
  for (int c = 0; c < classes; ++c)
    for (int i = 0; i < perClass; ++i) {
      labels.push_back(c);
      isTrain.push_back(i < trainPerClass ? 1 : 0);
      ids.push_back(int64_t(c) * 1000 + i + 1);
    }
  train::ImageFeatureSet img;
  img.labels = at::tensor(labels, at::kLong);
  img.features = centres.index_select(0, img.labels) + at::randn({n, dim}) * 0.3;
  img.is_train = at::tensor(isTrain, at::kLong).to(at::kByte);
  img.image_ids = at::tensor(ids, at::kLong);
  for (int c = 0; c < classes; ++c) img.class_names.push_back("00" + std::to_string(c + 1) + ".Bird_" + std::to_string(c + 1));
  img.model = "synthetic";
  img.dataset = "tiny";
  TinyFeatures out;
  out.image = dir + QStringLiteral("/tiny_image.safetensors");
  train::save_image_features(out.image.toStdString(), img);

  // Two captions per image, near the image's class centre.
  std::vector<int64_t> tLabels, tIds, tIndex;
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < 2; ++k) {
      tLabels.push_back(labels[size_t(i)]);
      tIds.push_back(ids[size_t(i)]);
      tIndex.push_back(k);
    }
  train::TextFeatureSet txt;
  txt.labels = at::tensor(tLabels, at::kLong);
  txt.image_ids = at::tensor(tIds, at::kLong);
  txt.text_index = at::tensor(tIndex, at::kLong);
  txt.features = centres.index_select(0, txt.labels) + at::randn({int64_t(tLabels.size()), dim}) * 0.5;
  txt.source = "reed";
  txt.model = "synthetic";
  out.reed = dir + QStringLiteral("/tiny_reed.safetensors");
  train::save_text_features(out.reed.toStdString(), txt);
  out.classes = classes;
  out.trainPerClass = trainPerClass;
  return out;
}

}  // namespace plumage::test

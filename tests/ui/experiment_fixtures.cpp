#include "experiment_fixtures.h"

#include "core/engine/train/feature_sets.h"
#include "synthetic_features.h"

#include <ATen/ATen.h>

#include <QDir>
#include <QFile>

#include <nlohmann/json.hpp>

namespace plumage::test {

TinyFeatures writeTinyFeatures(const QString& dir, int classes, int trainPerClass, int testPerClass, int dim) {
  QDir().mkpath(dir);
  at::manual_seed(7);
  const int perClass = trainPerClass + testPerClass;
  // Class centres far apart, small noise: separable.
  const at::Tensor centres = at::randn({classes, dim}) * 3.0;
  train::ImageFeatureSet img = syntheticImages(centres, perClass, trainPerClass, 1000);
  TinyFeatures out;
  out.image = dir + QStringLiteral("/tiny_image.safetensors");
  train::save_image_features(out.image.toStdString(), img);

  // Two captions per image, near the image's class centre.
  train::TextFeatureSet txt = captionRows(img, 2);
  txt.features = centres.index_select(0, txt.labels) + at::randn({txt.labels.size(0), dim}) * 0.5;
  out.reed = dir + QStringLiteral("/tiny_reed.safetensors");
  train::save_text_features(out.reed.toStdString(), txt);
  out.classes = classes;
  out.trainPerClass = trainPerClass;
  return out;
}

void stampClipModel(const QString& path, const QString& modelName, const QString& weightsHash) {
  const std::string model = nlohmann::json{{"name", modelName.toStdString()},
                                           {"format", "openai-state-dict"},
                                           {"weights_hash", weightsHash.toStdString()}}
                                .dump();
  const std::string src = path.toStdString(), tmp = src + ".stamped";
  if (train::read_feature_layout(src).kind == train::FeatureKind::Image) {
    train::ImageFeatureSet s = train::read_image_set(src);
    s.model = model;
    train::save_image_features(tmp, s);
  } else {
    train::TextFeatureSet s = train::read_text_set(src);
    s.model = model;
    train::save_text_features(tmp, s);
  }
  QFile::remove(path);
  QFile::rename(QString::fromStdString(tmp), path);
}

}  // namespace plumage::test

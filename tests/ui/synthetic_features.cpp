#include "synthetic_features.h"

#include <ATen/ATen.h>

#include <string>
#include <vector>

namespace plumage::test {

train::ImageFeatureSet syntheticImages(const at::Tensor& centres, int perClass, int trainPerClass, int64_t idBase) {
  const int classes = static_cast<int>(centres.size(0));
  std::vector<int64_t> labels, isTrain, ids;
  for (int c = 0; c < classes; ++c)
    for (int i = 0; i < perClass; ++i) {
      labels.push_back(c);
      isTrain.push_back(i < trainPerClass ? 1 : 0);
      ids.push_back(int64_t(c) * idBase + i + 1);
    }
  const int64_t n = int64_t(labels.size());
  train::ImageFeatureSet img;
  img.labels = at::tensor(labels, at::kLong);
  img.features = centres.index_select(0, img.labels) + at::randn({n, centres.size(1)}) * 0.3;
  img.is_train = at::tensor(isTrain, at::kLong).to(at::kByte);
  img.image_ids = at::tensor(ids, at::kLong);
  for (int c = 0; c < classes; ++c)
    img.class_names.push_back("00" + std::to_string(c + 1) + ".Bird_" + std::to_string(c + 1));
  img.model = "synthetic";
  img.dataset = "tiny";
  return img;
}

train::TextFeatureSet captionRows(const train::ImageFeatureSet& images, int perImage) {
  const at::Tensor rows = at::arange(images.size(), at::kLong).repeat_interleave(perImage);
  train::TextFeatureSet txt;
  txt.labels = images.labels.index_select(0, rows);
  txt.image_ids = images.image_ids.index_select(0, rows);
  txt.text_index = at::arange(perImage, at::kLong).repeat(images.size());
  txt.source = "reed";
  txt.model = "synthetic";
  return txt;
}

}  // namespace plumage::test

#include "experiment_fixture.h"

#include "core/engine/train/feature_sets.h"

#include <ATen/ATen.h>

#include <fstream>

namespace plumage::test {
using nlohmann::json;

Fixture write_fixture(const std::string& dir, int classes, int train_per_class, int test_per_class, int dim) {
  at::manual_seed(7);
  Fixture f;
  f.dir = dir;
  const at::Tensor centers = at::randn({classes, dim}) * 2.0;
  train::ImageFeatureSet img;
  const int per = train_per_class + test_per_class;
  const int n = classes * per;
  img.labels = at::arange(classes, at::kLong).repeat_interleave(per);
  std::vector<uint8_t> split;
  for (int c = 0; c < classes; ++c) {
    for (int i = 0; i < per; ++i) split.push_back(i < train_per_class ? 1 : 0);
  }
  img.is_train = at::tensor(split).to(at::kByte);
  img.image_ids = at::arange(1, n + 1, at::kLong);
  img.features = centers.index_select(0, img.labels) + at::randn({n, dim});
  for (int c = 0; c < classes; ++c) {
    char name[64];
    std::snprintf(name, sizeof name, "%03d.Class_%c", c + 1, 'A' + c);
    img.class_names.push_back(name);
  }
  img.model = "fixture";
  img.dataset = "fixture";
  f.image = dir + "/image.safetensors";
  train::save_image_features(f.image, img);
  f.class0 = img.class_names[0];

  // Reed-style: two captions per train image.
  std::vector<int64_t> labels, ids;
  for (int64_t row = 0; row < n; ++row) {
    if (split[static_cast<size_t>(row)] == 0) continue;
    for (int k = 0; k < 2; ++k) {
      labels.push_back(img.labels[row].item<int64_t>());
      ids.push_back(row + 1);
    }
  }
  train::TextFeatureSet reed;
  reed.labels = at::tensor(labels);
  reed.image_ids = at::tensor(ids);
  reed.text_index = at::arange(static_cast<int64_t>(labels.size()), at::kLong);
  reed.features = centers.index_select(0, reed.labels) + 1.5 * at::randn({static_cast<int64_t>(labels.size()), dim});
  reed.source = "reed";
  reed.model = "fixture";
  json texts = json::array();
  for (size_t i = 0; i < labels.size(); ++i) texts.push_back("caption " + std::to_string(i));
  reed.texts_json = texts.dump();
  f.reed = dir + "/reed.safetensors";
  train::save_text_features(f.reed, reed);

  // Class-level descriptions: three per class.
  auto class_level = [&](const std::string& path, const std::string& source, int per_class, double noise) {
    train::TextFeatureSet t;
    t.labels = at::arange(classes, at::kLong).repeat_interleave(per_class);
    t.image_ids = at::full({classes * per_class}, -1, at::kLong);
    t.text_index = at::arange(classes * per_class, at::kLong);
    t.features = centers.index_select(0, t.labels) + noise * at::randn({classes * per_class, dim});
    t.source = source;
    t.model = "fixture";
    json tx = json::array();
    for (int i = 0; i < classes * per_class; ++i) tx.push_back(source + " " + std::to_string(i));
    t.texts_json = tx.dump();
    train::save_text_features(path, t);
  };
  f.llm = dir + "/llm.safetensors";
  class_level(f.llm, "llm", 3, 1.0);
  f.class_text = dir + "/class_text.safetensors";
  class_level(f.class_text, "templates", 1, 0.5);
  return f;
}

json adapter_config(const Fixture& f, int epochs) {
  return json{{"name", "fixture adapter"},
              {"features", {{"image", f.image}, {"text", {{"reed", f.reed}, {"llm", f.llm}}}, {"class_text", f.class_text}}},
              {"text_source", "reed"},
              {"image_ratio", 0.5},
              {"sampling", "per-class"},
              {"adapter", {{"epochs", epochs}, {"batch_size", 16}, {"lr", 0.01}}},
              {"seed", 0},
              {"device", "cpu"}};
}

json thesis_sweep(const Fixture& f, const std::vector<double>& ratios, int seeds, int epochs) {
  json base = adapter_config(f, epochs);
  base.erase("name");
  json seed_list = json::array();
  for (int s = 0; s < seeds; ++s) seed_list.push_back(s);
  return json{{"name", "fixture-thesis"},
              {"base", base},
              {"grid", {{"image_ratio", ratios}, {"text_source", {"none", "reed", "llm"}}, {"seed", seed_list}}},
              {"exclude", json::array({json{{"image_ratio", 1.0}, {"text_source", {"reed", "llm"}}},
                                       json{{"image_ratio", 0.0}, {"text_source", "none"}}})},
              {"table", {{"rows", "image_ratio"}, {"columns", "text_source"}, {"metric", "test_top1"}}}};
}

void write_json(const std::string& path, const json& j) {
  std::ofstream out(path);
  out << j.dump(2) << "\n";
}

std::string with_clip_model(const std::string& src, const std::string& dst, const std::string& model_name,
                            const std::string& weights_hash) {
  // The "model" metadata as core/features writes it.
  const std::string model =
      json{{"name", model_name}, {"path", model_name + ".pt"}, {"format", "openai-state-dict"},
           {"weights_hash", weights_hash}}
          .dump();
  if (train::read_feature_layout(src).kind == train::FeatureKind::Image) {
    train::ImageFeatureSet s = train::read_image_set(src);
    s.model = model;
    train::save_image_features(dst, s);
  } else {
    train::TextFeatureSet s = train::read_text_set(src);
    s.model = model;
    train::save_text_features(dst, s);
  }
  return dst;
}

}  // namespace plumage::test

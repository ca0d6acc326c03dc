#include "core/experiment/ratio_preview.h"

#include "core/engine/train/feature_sets.h"

namespace plumage::experiment {

PlanPreviewInputs load_plan_inputs(const std::string& image_path, const std::string& text_path) {
  PlanPreviewInputs d;
  const train::ImageFeatureSet images = train::load_image_features(image_path);
  d.class_names = images.class_names;
  if (text_path.empty()) {
    d.inputs = train::plan_inputs(images, nullptr);
  } else {
    const train::TextFeatureSet texts = train::load_text_features(text_path, images.num_classes());
    d.inputs = train::plan_inputs(images, &texts);
    d.has_texts = true;
  }
  return d;
}

RatioPlanConfig ratio_plan_config(const nlohmann::json& cfg, const std::vector<std::string>& class_names) {
  RatioPlanConfig pc;
  if (cfg.contains("image_ratio")) pc.image_ratio = cfg.at("image_ratio").get<double>();
  if (cfg.contains("per_class_ratios"))
    pc.per_class_ratios = train::per_class_ratios_from_json(cfg.at("per_class_ratios"), class_names, pc.image_ratio);
  if (cfg.contains("sampling")) pc.sampling = train::parse_sampling_mode(cfg.at("sampling").get<std::string>());
  if (cfg.contains("text_source")) pc.text_source = train::parse_text_source(cfg.at("text_source").get<std::string>());
  if (cfg.contains("caption_use")) pc.caption_use = train::parse_caption_use(cfg.at("caption_use").get<std::string>());
  if (cfg.contains("val_fraction")) pc.val_fraction = cfg.at("val_fraction").get<double>();
  if (cfg.contains("seed")) pc.seed = cfg.at("seed").get<uint64_t>();
  return pc;
}

}  // namespace plumage::experiment

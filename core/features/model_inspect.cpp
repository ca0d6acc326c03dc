#include "core/features/model_inspect.h"

#include "core/engine/clip/clip_model.h"

namespace plumage::features {

ModelInspection inspect_model(const std::string& weights, const std::string& config_path) {
  clip::LoadOptions opts;
  opts.config_path = config_path;
  clip::ClipModel model;
  try {
    model = clip::load_clip(weights, opts);
  } catch (const clip::ClipLoadError& e) {
    throw ModelLoadError(e.what());
  }
  const clip::ClipConfig& c = model.config();
  const clip::WeightsSource& s = model.source();
  ModelInspection m;
  m.path = s.path;
  m.format = clip::to_string(s.format);
  m.architecture = clip::vit_name(c);
  m.config_json = c.to_json();
  m.config_source = s.config_source;
  m.stored_dtype = s.stored_dtype;
  m.weights_hash = s.weights_hash;
  m.parameters = s.parameter_count;
  for (const auto& [name, t] : model.named_parameters())
    if (name.rfind("visual.", 0) == 0) m.vision_parameters += t.numel();
  m.logit_scale = model.logit_scale();
  m.embed_dim = c.embed_dim;
  m.image_resolution = c.image_resolution;
  m.vision_patch_size = c.vision_patch_size;
  m.vision_grid = c.vision_grid();
  m.vision_width = c.vision_width;
  m.vision_layers = c.vision_layers;
  m.vision_heads = c.vision_heads;
  m.vision_mlp_width = c.vision_mlp_width;
  m.text_width = c.text_width;
  m.text_layers = c.text_layers;
  m.text_heads = c.text_heads;
  m.text_mlp_width = c.text_mlp_width;
  m.context_length = c.context_length;
  m.vocab_size = c.vocab_size;
  m.activation = clip::to_string(c.activation);
  m.layer_norm_eps = c.layer_norm_eps;
  return m;
}

}  // namespace plumage::features

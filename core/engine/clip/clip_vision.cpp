#include "core/engine/clip/clip_towers.h"

#include <ATen/ATen.h>

namespace plumage::clip::detail {

VisionTransformer::VisionTransformer(const Weights& w, const ClipConfig& c)
    : patch(c.vision_patch_size) {
  const std::string p = "visual.";
  class_embedding = register_parameter("class_embedding", take(w, p + "class_embedding"), false);
  positional_embedding =
      register_parameter("positional_embedding", take(w, p + "positional_embedding"), false);
  proj = register_parameter("proj", take(w, p + "proj"), false);
  conv1 = register_module("conv1", std::make_shared<WeightBias>(w, p + "conv1.", false));
  ln_pre = register_module("ln_pre", std::make_shared<LayerNorm>(w, p + "ln_pre.", c.layer_norm_eps));
  transformer = register_module(
      "transformer", std::make_shared<Transformer>(w, p + "transformer.", c.vision_layers,
                                                   c.vision_heads, c.activation, c.layer_norm_eps));
  ln_post = register_module("ln_post", std::make_shared<LayerNorm>(w, p + "ln_post.", c.layer_norm_eps));
}

at::Tensor VisionTransformer::forward(const at::Tensor& pixels) const {
  const int64_t n = pixels.size(0), width = class_embedding.size(0);
  // [N,W,g,g] -> [N,g*g,W]
  at::Tensor patches = at::conv2d(pixels, conv1->weight, {}, {patch, patch}).flatten(2).transpose(1, 2);
  at::Tensor cls = class_embedding.view({1, 1, width}).expand({n, 1, width});
  at::Tensor x = at::cat({cls, patches}, 1).add_(positional_embedding);
  x = ln_pre->forward(x);
  x = transformer->forward(std::move(x), /*causal=*/false);
  return at::matmul(ln_post->forward(x.select(1, 0)), proj);
}

}  // namespace plumage::clip::detail

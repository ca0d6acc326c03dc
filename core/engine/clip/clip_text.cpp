#include "core/engine/clip/clip_towers.h"

#include <ATen/ATen.h>

namespace plumage::clip::detail {

ClipNet::ClipNet(const Weights& w, const ClipConfig& c) : config(c) {
  // Registration order = OpenAI's state-dict order.
  positional_embedding = register_parameter("positional_embedding", take(w, "positional_embedding"), false);
  text_projection = register_parameter("text_projection", take(w, "text_projection"), false);
  logit_scale = register_parameter("logit_scale", take(w, "logit_scale"), false);
  visual = register_module("visual", std::make_shared<VisionTransformer>(w, c));
  transformer = register_module(
      "transformer", std::make_shared<Transformer>(w, "transformer.", c.text_layers, c.text_heads,
                                                   c.activation, c.layer_norm_eps));
  token_embedding = register_module("token_embedding", std::make_shared<WeightBias>(w, "token_embedding.", false));
  ln_final = register_module("ln_final", std::make_shared<LayerNorm>(w, "ln_final.", c.layer_norm_eps));
}

at::Tensor ClipNet::text_tokens(const at::Tensor& ids) const {
  const int64_t len = ids.size(1);
  at::Tensor x = at::embedding(token_embedding->weight, ids);  // [N,L,W]
  x.add_(positional_embedding.narrow(0, 0, len));
  x = transformer->forward(std::move(x), /*causal=*/true);
  return ln_final->forward(x);
}

at::Tensor ClipNet::text_pool(const at::Tensor& tokens, const at::Tensor& eot) const {
  const int64_t n = tokens.size(0), len = tokens.size(1), width = tokens.size(2);
  at::Tensor rows = at::arange(n, eot.options()).mul_(len).add_(eot);
  return at::matmul(tokens.reshape({n * len, width}).index_select(0, rows), text_projection);
}

}  // namespace plumage::clip::detail

// The training forward of CLIP: the same computation as clip_layers.cpp /
// clip_vision.cpp / clip_text.cpp, written out of place so autograd can
// differentiate it (those modules add into their activations in place and
// run under inference mode). Weights are taken by OpenAI name.
#include "core/engine/clip/clip_train.h"

#include <ATen/ATen.h>
#include <torch/version.h>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace plumage::clip::detail {
namespace {

using W = std::map<std::string, at::Tensor>;

const at::Tensor& get(const W& w, const std::string& name) {
  auto it = w.find(name);
  if (it == w.end()) throw std::invalid_argument("CLIP training: tensor '" + name + "' is missing");
  return it->second;
}

at::Tensor layer_norm(const W& w, const std::string& p, const at::Tensor& x, double eps) {
  const at::Tensor& g = get(w, p + "weight");
  return at::layer_norm(x, {g.size(0)}, g, get(w, p + "bias"), eps);
}

at::Tensor attention(const W& w, const std::string& p, const at::Tensor& x, int64_t heads, bool causal) {
  const int64_t n = x.size(0), len = x.size(1), width = x.size(2), hd = width / heads;
  at::Tensor qkv = at::linear(x, get(w, p + "in_proj_weight"), get(w, p + "in_proj_bias"))
                       .view({n, len, 3, heads, hd})
                       .permute({2, 0, 3, 1, 4});
  at::Tensor q = qkv[0], k = qkv[1], v = qkv[2];
#if TORCH_VERSION_MAJOR >= 2
  at::Tensor out = at::scaled_dot_product_attention(q, k, v, {}, 0.0, causal);
#else
  at::Tensor scores = at::matmul(q * (1.0 / std::sqrt(static_cast<double>(hd))), k.transpose(-2, -1));
  if (causal)
    scores = scores + at::full({len, len}, -std::numeric_limits<float>::infinity(), scores.options()).triu_(1);
  at::Tensor out = at::matmul(at::softmax(scores, -1), v);
#endif
  return at::linear(out.transpose(1, 2).reshape({n, len, width}), get(w, p + "out_proj.weight"),
                    get(w, p + "out_proj.bias"));
}

at::Tensor mlp(const W& w, const std::string& p, const at::Tensor& x, Activation act) {
  at::Tensor h = at::linear(x, get(w, p + "c_fc.weight"), get(w, p + "c_fc.bias"));
  h = act == Activation::QuickGelu ? h * at::sigmoid(h * 1.702) : at::gelu(h);
  return at::linear(h, get(w, p + "c_proj.weight"), get(w, p + "c_proj.bias"));
}

at::Tensor transformer(const W& w, const std::string& p, at::Tensor x, int64_t layers, int64_t heads,
                       const ClipConfig& c, bool causal) {
  for (int64_t i = 0; i < layers; ++i) {
    const std::string b = p + "resblocks." + std::to_string(i) + ".";
    x = x + attention(w, b + "attn.", layer_norm(w, b + "ln_1.", x, c.layer_norm_eps), heads, causal);
    x = x + mlp(w, b + "mlp.", layer_norm(w, b + "ln_2.", x, c.layer_norm_eps), c.activation);
  }
  return x;
}

}  // namespace

at::Tensor train_encode_image(const W& w, const ClipConfig& c, const at::Tensor& pixels) {
  const int64_t n = pixels.size(0), patch = c.vision_patch_size;
  const at::Tensor& cls_emb = get(w, "visual.class_embedding");
  const int64_t width = cls_emb.size(0);
  at::Tensor patches = at::conv2d(pixels, get(w, "visual.conv1.weight"), {}, {patch, patch}).flatten(2).transpose(1, 2);
  at::Tensor x = at::cat({cls_emb.view({1, 1, width}).expand({n, 1, width}), patches}, 1) +
                 get(w, "visual.positional_embedding");
  x = layer_norm(w, "visual.ln_pre.", x, c.layer_norm_eps);
  x = transformer(w, "visual.transformer.", x, c.vision_layers, c.vision_heads, c, false);
  return at::matmul(layer_norm(w, "visual.ln_post.", x.select(1, 0), c.layer_norm_eps), get(w, "visual.proj"));
}

at::Tensor train_encode_text(const W& w, const ClipConfig& c, const at::Tensor& ids) {
  const at::Tensor eot = ids.argmax(-1);
  // Causal attention: positions after the batch's last EOT change nothing.
  const int64_t len = eot.max().item<int64_t>() + 1;
  const at::Tensor x_ids = ids.narrow(1, 0, len);
  at::Tensor x = at::embedding(get(w, "token_embedding.weight"), x_ids) +
                 get(w, "positional_embedding").narrow(0, 0, len);
  x = transformer(w, "transformer.", x, c.text_layers, c.text_heads, c, true);
  x = layer_norm(w, "ln_final.", x, c.layer_norm_eps);
  const int64_t n = x.size(0), width = x.size(2);
  const at::Tensor rows = at::arange(n, eot.options()) * len + eot;
  at::Tensor pooled = x.reshape({n * len, width}).index_select(0, rows);
  return at::matmul(pooled, get(w, "text_projection"));
}

at::Tensor clip_loss(const at::Tensor& image_features, const at::Tensor& text_features, const at::Tensor& logit_scale) {
  const at::Tensor a = image_features / image_features.norm(2, -1, true);
  const at::Tensor b = text_features / text_features.norm(2, -1, true);
  // OpenAI clamps the temperature at 100.
  const at::Tensor logits = at::matmul(a, b.t()) * logit_scale.clamp_max(std::log(100.0)).exp();
  const at::Tensor target = at::arange(logits.size(0), logits.options().dtype(at::kLong));
  return (at::cross_entropy_loss(logits, target) + at::cross_entropy_loss(logits.t(), target)) * 0.5;
}

}  // namespace plumage::clip::detail

#include "core/engine/clip/clip_layers.h"

#include <ATen/ATen.h>
#include <torch/version.h>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace plumage::clip::detail {

const at::Tensor& take(const Weights& w, const std::string& name) {
  auto it = w.find(name);
  if (it == w.end()) throw std::out_of_range("CLIP: tensor '" + name + "' is missing");
  return it->second;
}

WeightBias::WeightBias(const Weights& w, const std::string& prefix, bool has_bias) {
  weight = register_parameter("weight", take(w, prefix + "weight"), false);
  if (has_bias) bias = register_parameter("bias", take(w, prefix + "bias"), false);
}

at::Tensor WeightBias::linear(const at::Tensor& x) const { return at::linear(x, weight, bias); }

LayerNorm::LayerNorm(const Weights& w, const std::string& prefix, double eps_) : eps(eps_) {
  weight = register_parameter("weight", take(w, prefix + "weight"), false);
  bias = register_parameter("bias", take(w, prefix + "bias"), false);
}

at::Tensor LayerNorm::forward(const at::Tensor& x) const {
  return at::layer_norm(x, {weight.size(0)}, weight, bias, eps);
}

SelfAttention::SelfAttention(const Weights& w, const std::string& prefix, int64_t heads_)
    : heads(heads_) {
  in_proj_weight = register_parameter("in_proj_weight", take(w, prefix + "in_proj_weight"), false);
  in_proj_bias = register_parameter("in_proj_bias", take(w, prefix + "in_proj_bias"), false);
  out_proj = register_module("out_proj", std::make_shared<WeightBias>(w, prefix + "out_proj.", true));
}

namespace {

#if TORCH_VERSION_MAJOR < 2
// Additive mask hiding later positions, as OpenAI's build_attention_mask.
at::Tensor causal_mask(int64_t length, const at::TensorOptions& options) {
  return at::full({length, length}, -std::numeric_limits<float>::infinity(), options).triu_(1);
}
#endif

}  // namespace

at::Tensor SelfAttention::forward(const at::Tensor& x, bool causal) const {
  const int64_t n = x.size(0), len = x.size(1), width = x.size(2), head_dim = width / heads;
  // One projection for q, k and v, then [3, N, H, L, D] views of it.
  at::Tensor qkv = at::linear(x, in_proj_weight, in_proj_bias)
                       .view({n, len, 3, heads, head_dim})
                       .permute({2, 0, 3, 1, 4});
  at::Tensor q = qkv[0], k = qkv[1], v = qkv[2];
#if TORCH_VERSION_MAJOR >= 2
  at::Tensor out = at::scaled_dot_product_attention(q, k, v, {}, 0.0, causal);
#else
  // Scale q before the product, as nn.MultiheadAttention does.
  q = q * (1.0 / std::sqrt(static_cast<double>(head_dim)));
  at::Tensor scores = at::matmul(q, k.transpose(-2, -1));  // [N,H,L,L]
  if (causal) scores.add_(causal_mask(len, scores.options()));
  at::Tensor out = at::matmul(at::softmax(scores, -1), v);
#endif
  return out_proj->linear(out.transpose(1, 2).reshape({n, len, width}));
}

Mlp::Mlp(const Weights& w, const std::string& prefix, Activation act_) : act(act_) {
  c_fc = register_module("c_fc", std::make_shared<WeightBias>(w, prefix + "c_fc.", true));
  c_proj = register_module("c_proj", std::make_shared<WeightBias>(w, prefix + "c_proj.", true));
}

at::Tensor Mlp::forward(const at::Tensor& x) const {
  at::Tensor h = c_fc->linear(x);
  if (act == Activation::QuickGelu) {
    h.mul_(at::sigmoid(h * 1.702));  // QuickGELU: x * sigmoid(1.702 x)
  } else {
    h = at::gelu(h);  // exact (erf) GELU, as nn.GELU() and HF "gelu"
  }
  return c_proj->linear(h);
}

ResidualAttentionBlock::ResidualAttentionBlock(const Weights& w, const std::string& prefix,
                                               int64_t heads, Activation act, double eps) {
  // Registration order = OpenAI's state-dict order.
  attn = register_module("attn", std::make_shared<SelfAttention>(w, prefix + "attn.", heads));
  ln_1 = register_module("ln_1", std::make_shared<LayerNorm>(w, prefix + "ln_1.", eps));
  mlp = register_module("mlp", std::make_shared<Mlp>(w, prefix + "mlp.", act));
  ln_2 = register_module("ln_2", std::make_shared<LayerNorm>(w, prefix + "ln_2.", eps));
}

at::Tensor ResidualAttentionBlock::forward(at::Tensor x, bool causal) const {
  // In place: x is always a fresh activation owned by this forward pass.
  x.add_(attn->forward(ln_1->forward(x), causal));
  x.add_(mlp->forward(ln_2->forward(x)));
  return x;
}

Transformer::Transformer(const Weights& w, const std::string& prefix, int64_t layers,
                         int64_t heads, Activation act, double eps) {
  auto list = register_module("resblocks", torch::nn::ModuleList());
  for (int64_t i = 0; i < layers; ++i) {
    blocks.push_back(std::make_shared<ResidualAttentionBlock>(
        w, prefix + "resblocks." + std::to_string(i) + ".", heads, act, eps));
    list->push_back(blocks.back());
  }
}

at::Tensor Transformer::forward(at::Tensor x, bool causal) const {
  for (const auto& block : blocks) x = block->forward(std::move(x), causal);
  return x;
}

}  // namespace plumage::clip::detail

// Transformer building blocks shared by CLIP's vision and text towers.
// Parameter names follow OpenAI's model (nn.MultiheadAttention layout:
// attn.in_proj_weight / in_proj_bias / out_proj), so named_parameters() of
// the assembled model is a state dict in OpenAI naming. Modules take their
// tensors from a name->tensor table the loader has already checked.
#pragma once

#include "core/engine/clip/clip_config.h"

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace plumage::clip::detail {

using Weights = std::map<std::string, at::Tensor>;

// The tensor `name` from `w`; throws std::out_of_range naming it if absent.
const at::Tensor& take(const Weights& w, const std::string& name);

// A weight and an optional bias under one prefix (Linear, Conv, Embedding).
struct WeightBias : torch::nn::Module {
  WeightBias(const Weights& w, const std::string& prefix, bool has_bias);
  at::Tensor linear(const at::Tensor& x) const;  // x @ weight.T + bias
  at::Tensor weight, bias;
};

struct LayerNorm : torch::nn::Module {
  LayerNorm(const Weights& w, const std::string& prefix, double eps);
  at::Tensor forward(const at::Tensor& x) const;
  at::Tensor weight, bias;
  double eps;
};

// Multi-head self-attention over batch-first input [N,L,W], all heads in
// batched matmuls (scaled_dot_product_attention where LibTorch has it).
struct SelfAttention : torch::nn::Module {
  SelfAttention(const Weights& w, const std::string& prefix, int64_t heads);
  at::Tensor forward(const at::Tensor& x, bool causal) const;
  at::Tensor in_proj_weight, in_proj_bias;
  std::shared_ptr<WeightBias> out_proj;
  int64_t heads;
};

struct Mlp : torch::nn::Module {
  Mlp(const Weights& w, const std::string& prefix, Activation act);
  at::Tensor forward(const at::Tensor& x) const;
  std::shared_ptr<WeightBias> c_fc, c_proj;
  Activation act;
};

// Pre-norm block: x + attn(ln_1(x)), then + mlp(ln_2(x)).
struct ResidualAttentionBlock : torch::nn::Module {
  ResidualAttentionBlock(const Weights& w, const std::string& prefix, int64_t heads,
                         Activation act, double eps);
  at::Tensor forward(at::Tensor x, bool causal) const;
  std::shared_ptr<LayerNorm> ln_1, ln_2;
  std::shared_ptr<SelfAttention> attn;
  std::shared_ptr<Mlp> mlp;
};

struct Transformer : torch::nn::Module {
  Transformer(const Weights& w, const std::string& prefix, int64_t layers, int64_t heads,
              Activation act, double eps);
  at::Tensor forward(at::Tensor x, bool causal) const;
  std::vector<std::shared_ptr<ResidualAttentionBlock>> blocks;
};

}  // namespace plumage::clip::detail

// CLIP's two towers and the model that holds them, in OpenAI's layout.
#pragma once

#include "core/engine/clip/clip_layers.h"

namespace plumage::clip::detail {

// Patch conv (no bias) -> [class token; patches] + positions -> ln_pre ->
// transformer -> ln_post on the class token -> proj.
struct VisionTransformer : torch::nn::Module {
  VisionTransformer(const Weights& w, const ClipConfig& c);
  // pixels [N,3,R,R] in the model's dtype/device -> [N,E]
  at::Tensor forward(const at::Tensor& pixels) const;
  std::shared_ptr<WeightBias> conv1;
  at::Tensor class_embedding, positional_embedding, proj;
  std::shared_ptr<LayerNorm> ln_pre, ln_post;
  std::shared_ptr<Transformer> transformer;
  int64_t patch;
};

// Root module: `visual` plus the text tower and logit_scale at top level,
// exactly where OpenAI's CLIP class keeps them.
struct ClipNet : torch::nn::Module {
  ClipNet(const Weights& w, const ClipConfig& c);
  // ids [N,L] int64 -> ln_final output [N,L,W] (causal attention).
  at::Tensor text_tokens(const at::Tensor& ids) const;
  // Pooled at the EOT position (argmax of ids) and projected: [N,E].
  at::Tensor text_pool(const at::Tensor& tokens, const at::Tensor& eot) const;

  ClipConfig config;
  std::shared_ptr<VisionTransformer> visual;
  std::shared_ptr<WeightBias> token_embedding;
  at::Tensor positional_embedding, text_projection, logit_scale;
  std::shared_ptr<Transformer> transformer;
  std::shared_ptr<LayerNorm> ln_final;
};

}  // namespace plumage::clip::detail

// The ViT-B/16 CLIP shape the encoding benchmarks use (random weights).
#pragma once
#include "core/engine/clip/clip_config.h"

inline plumage::clip::ClipConfig bench_vit_b16() {
  plumage::clip::ClipConfig c;
  c.embed_dim = 512;
  c.image_resolution = 224;
  c.vision_patch_size = 16;
  c.vision_width = 768;
  c.vision_layers = 12;
  c.vision_heads = 12;
  c.vision_mlp_width = 3072;
  c.context_length = 77;
  c.vocab_size = 49408;
  c.text_width = 512;
  c.text_heads = 8;
  c.text_layers = 12;
  c.text_mlp_width = 2048;
  c.activation = plumage::clip::Activation::QuickGelu;
  return c;
}

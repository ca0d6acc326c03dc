#include "core/experiment/converter_presets.h"

namespace plumage::experiment {
namespace {

ConverterPreset small() {
  ConverterPreset p{"qformer-small", "Q-Former, small (hidden 256, 4 layers, 16 queries): trains on a CPU", {}};
  ConverterConfig& c = p.config;
  c.kind = ConverterKind::QFormer;
  QFormerConfig& q = c.qformer;
  q.hidden = 256;
  q.ffn = 1024;
  q.num_layers = 4;
  q.heads = 4;
  q.num_queries = 16;
  q.cross_attention_every = 1;
  q.epochs = 10;
  q.batch_size = 128;
  q.lr = 3e-4;
  q.warmup_steps = 200;
  return p;
}

// BLIP-2 (Li et al., 2023) Q-Former: BERT-base sized (hidden 768, 12 layers,
// 12 heads, FFN 3072), 32 queries, cross-attention in every other layer.
// Trained from scratch here (BLIP-2 starts from BERT weights), so pre-norm
// is kept for stability; the optimizer follows BLIP-2's stage 1 (AdamW, wd
// 0.05, warmup 2000 steps, cosine decay to 1e-5) at a GPU-sized batch.
ConverterPreset blip2() {
  ConverterPreset p{"qformer-blip2",
                    "Q-Former, BLIP-2 shape (hidden 768, 12 layers, 12 heads, 32 queries, cross-attention every "
                    "other layer): COCO train2017 on a GPU",
                    {}};
  ConverterConfig& c = p.config;
  c.kind = ConverterKind::QFormer;
  QFormerConfig& q = c.qformer;
  q.hidden = 768;
  q.ffn = 3072;
  q.num_layers = 12;
  q.heads = 12;
  q.num_queries = 32;
  q.cross_attention_every = 2;
  q.dropout = 0.1;
  q.epochs = 10;
  q.batch_size = 256;
  q.lr = 1e-4;
  q.min_lr = 1e-5;
  q.weight_decay = 0.05;
  q.warmup_steps = 2000;
  return p;
}

}  // namespace

const std::vector<ConverterPreset>& converter_presets() {
  static const std::vector<ConverterPreset> presets = {small(), blip2()};
  return presets;
}

const ConverterPreset* find_converter_preset(const std::string& name) {
  for (const ConverterPreset& p : converter_presets())
    if (p.name == name) return &p;
  return nullptr;
}

std::string converter_preset_names() {
  std::string out;
  for (const ConverterPreset& p : converter_presets()) out += (out.empty() ? "" : ", ") + p.name;
  return out;
}

}  // namespace plumage::experiment

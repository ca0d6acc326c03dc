// Named Q-Former converter settings, offered by `train-converter --preset`
// and the GUI's Train Converter dialog: a small one that trains on a CPU in
// minutes, and the study's stage 1, BLIP-2's Q-Former shape (hidden 768, 12
// layers, 12 heads, 32 queries, cross-attention every other layer) for COCO
// train2017. Torch-free.
#pragma once

#include "core/experiment/engine_types.h"

#include <string>
#include <vector>

namespace plumage::experiment {

struct ConverterPreset {
  std::string name;         // "qformer-small", "qformer-blip2"
  std::string description;  // English, one line
  ConverterConfig config;   // kind QFormer; only `qformer` differs from the defaults
};

const std::vector<ConverterPreset>& converter_presets();
// nullptr when no preset has that name.
const ConverterPreset* find_converter_preset(const std::string& name);
// "qformer-small, qformer-blip2" (for messages and --help).
std::string converter_preset_names();

}  // namespace plumage::experiment

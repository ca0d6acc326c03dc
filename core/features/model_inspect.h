// `plumage-cli model inspect`: what a CLIP checkpoint is (format,
// architecture, parameter counts, stored dtype, weights hash) without
// encoding anything. Torch-free; the loading is in the .cpp.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace plumage::features {

struct ModelInspection {
  std::string path;           // the file the tensors were read from
  std::string format;         // clip::to_string(WeightFormat): "openai-torchscript", ...
  std::string architecture;   // "ViT-B/16", ...
  std::string config_json;    // the architecture as ClipConfig::to_json writes it
  std::string config_source;  // "tensor shapes", "safetensors metadata", ".../config.json", ...
  std::string stored_dtype;
  std::string weights_hash;                       // xxh64 (hex)
  int64_t parameters = 0, vision_parameters = 0;  // text and shared: the difference
  double logit_scale = 0;                         // stored (log-space)

  int64_t embed_dim = 0, image_resolution = 0, vision_patch_size = 0, vision_grid = 0;
  int64_t vision_width = 0, vision_layers = 0, vision_heads = 0, vision_mlp_width = 0;
  int64_t text_width = 0, text_layers = 0, text_heads = 0, text_mlp_width = 0;
  int64_t context_length = 0, vocab_size = 0;
  std::string activation;  // "quick_gelu" / "gelu"
  double layer_norm_eps = 0;
};

// The checkpoint could not be loaded (clip::ClipLoadError's message, naming
// the file): the CLI's "bad input" exit code.
struct ModelLoadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Loads the checkpoint (a file or a Hugging Face / open_clip model directory;
// `config_path` overrides the architecture when not empty). Throws
// ModelLoadError when it cannot be loaded.
ModelInspection inspect_model(const std::string& weights, const std::string& config_path = {});

}  // namespace plumage::features

// A CLIP checkpoint checked on the spot (the GUI's "Real experiment" dialog):
// what `plumage-cli model inspect` reads, as one result with the failure as a
// message instead of an exception. Torch-free, so ui/ may include it.
#pragma once

#include <cstdint>
#include <string>

namespace plumage::experiment {

struct ClipCheckpointCheck {
  bool ok = false;
  std::string error;         // why it cannot be loaded (names the file); empty when ok
  std::string architecture;  // "ViT-B/16", ...
  std::string format;        // "openai-torchscript", "open_clip", "huggingface", ...
  std::string stored_dtype;
  std::string weights_hash;  // xxh64 (hex), the id every feature file records
  int64_t parameters = 0, embed_dim = 0, image_resolution = 0;
  // One line: "ViT-B/16, 149.6 M parameters, fp16 (openai-torchscript), weights xxh64:0123456789ab".
  std::string summary() const;
};

// Loads the checkpoint (a file, or a Hugging Face / open_clip model folder)
// as inspect_model does. Never throws for bad input.
ClipCheckpointCheck check_clip_checkpoint(const std::string& path);

}  // namespace plumage::experiment

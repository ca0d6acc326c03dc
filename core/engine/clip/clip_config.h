// CLIP architecture description and weight-format names. Torch-free so the
// UI and the CLI can show what a checkpoint is without pulling in LibTorch.
#pragma once

#include <cstdint>
#include <string>

namespace plumage::clip {

// Activation inside the transformer MLPs. OpenAI's weights were trained with
// QuickGELU (x * sigmoid(1.702 x)); most open_clip / LAION models use GELU.
enum class Activation { QuickGelu, Gelu };

// How a checkpoint stores its tensors. All map onto the same model.
enum class WeightFormat {
  OpenAiTorchScript,  // OpenAI .pt release (TorchScript archive), read as a parameter container
  OpenAiStateDict,    // state dict in OpenAI / open_clip naming (safetensors or torch.save)
  HuggingFace,        // transformers CLIPModel (safetensors or pytorch_model.bin, + config.json)
};

// The numbers OpenAI's build_model derives from tensor shapes, plus what only
// a config can tell (head counts when width/64 is wrong, the activation).
struct ClipConfig {
  int64_t embed_dim = 0;          // joint embedding size (projection output)
  int64_t image_resolution = 0;   // input pixels per side
  int64_t vision_patch_size = 0;
  int64_t vision_width = 0;
  int64_t vision_layers = 0;
  int64_t vision_heads = 0;
  int64_t vision_mlp_width = 0;   // hidden size of the MLP (4 x width in every OpenAI model)
  int64_t context_length = 0;     // text positions (77 for every released CLIP)
  int64_t vocab_size = 0;
  int64_t text_width = 0;
  int64_t text_heads = 0;
  int64_t text_layers = 0;
  int64_t text_mlp_width = 0;
  Activation activation = Activation::QuickGelu;
  double layer_norm_eps = 1e-5;

  int64_t vision_grid() const { return vision_patch_size ? image_resolution / vision_patch_size : 0; }
  // Tokens the vision transformer sees: one per patch plus the class token.
  int64_t vision_tokens() const { return vision_grid() * vision_grid() + 1; }

  // Throws std::invalid_argument naming the first inconsistent field
  // (non-positive sizes, width not divisible by heads, resolution not a
  // multiple of the patch).
  void validate() const;

  // JSON in OpenAI's build_model names (embed_dim, image_resolution,
  // vision_layers, ..., transformer_width, transformer_heads) plus
  // vision_heads, activation and layer_norm_eps.
  std::string to_json() const;
  // Reads the same keys; keys absent from the JSON keep the values in `base`.
  // Throws std::invalid_argument on malformed JSON or wrong value types.
  static ClipConfig from_json(const std::string& json, const ClipConfig& base);
  static ClipConfig from_json(const std::string& json);

  bool operator==(const ClipConfig& o) const;
  bool operator!=(const ClipConfig& o) const { return !(*this == o); }
};

std::string to_string(Activation a);      // "quick_gelu" / "gelu"
std::string to_string(WeightFormat f);    // "openai-torchscript" / "openai-state-dict" / "huggingface"
// Human-readable one-liner, e.g. "ViT-B/16 (224 px): vision 768x12 ..."
std::string describe(const ClipConfig& c);
// The conventional name for the vision tower: "ViT-B/16", "ViT-L/14@336", or
// "ViT-64w2l/16" for shapes that match no released model.
std::string vit_name(const ClipConfig& c);

}  // namespace plumage::clip

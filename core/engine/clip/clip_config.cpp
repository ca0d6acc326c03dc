#include "core/engine/clip/clip_config.h"
#include "core/json/parse_limited.h"

#include <nlohmann/json.hpp>

#include <sstream>
#include <stdexcept>

namespace plumage::clip {

namespace {

void require_positive(int64_t v, const char* name) {
  if (v <= 0)
    throw std::invalid_argument(std::string("CLIP config: ") + name + " must be positive, got " +
                                std::to_string(v));
}

}  // namespace

void ClipConfig::validate() const {
  require_positive(embed_dim, "embed_dim");
  require_positive(image_resolution, "image_resolution");
  require_positive(vision_patch_size, "vision_patch_size");
  require_positive(vision_width, "vision_width");
  require_positive(vision_layers, "vision_layers");
  require_positive(vision_heads, "vision_heads");
  require_positive(vision_mlp_width, "vision_mlp_width");
  require_positive(context_length, "context_length");
  require_positive(vocab_size, "vocab_size");
  require_positive(text_width, "transformer_width");
  require_positive(text_heads, "transformer_heads");
  require_positive(text_layers, "transformer_layers");
  require_positive(text_mlp_width, "transformer_mlp_width");
  if (image_resolution % vision_patch_size != 0)
    throw std::invalid_argument("CLIP config: image_resolution " + std::to_string(image_resolution) +
                                " is not a multiple of vision_patch_size " +
                                std::to_string(vision_patch_size));
  if (vision_width % vision_heads != 0)
    throw std::invalid_argument("CLIP config: vision_width " + std::to_string(vision_width) +
                                " is not divisible by vision_heads " + std::to_string(vision_heads));
  if (text_width % text_heads != 0)
    throw std::invalid_argument("CLIP config: transformer_width " + std::to_string(text_width) +
                                " is not divisible by transformer_heads " +
                                std::to_string(text_heads));
  if (!(layer_norm_eps > 0))
    throw std::invalid_argument("CLIP config: layer_norm_eps must be positive");
}

std::string ClipConfig::to_json() const {
  nlohmann::ordered_json j;
  j["embed_dim"] = embed_dim;
  j["image_resolution"] = image_resolution;
  j["vision_layers"] = vision_layers;
  j["vision_width"] = vision_width;
  j["vision_heads"] = vision_heads;
  j["vision_patch_size"] = vision_patch_size;
  j["vision_mlp_width"] = vision_mlp_width;
  j["context_length"] = context_length;
  j["vocab_size"] = vocab_size;
  j["transformer_width"] = text_width;
  j["transformer_heads"] = text_heads;
  j["transformer_layers"] = text_layers;
  j["transformer_mlp_width"] = text_mlp_width;
  j["activation"] = to_string(activation);
  j["layer_norm_eps"] = layer_norm_eps;
  return j.dump();
}

ClipConfig ClipConfig::from_json(const std::string& text, const ClipConfig& base) {
  nlohmann::json j;
  try {
    j = jsonio::parse(text, "CLIP config", jsonio::kConfig);
  } catch (const jsonio::Error& e) {
    throw std::invalid_argument(e.what());
  }
  if (!j.is_object()) throw std::invalid_argument("CLIP config: expected a JSON object");
  ClipConfig c = base;
  auto read_int = [&](const char* key, int64_t& out) {
    auto it = j.find(key);
    if (it == j.end()) return;
    if (!it->is_number_integer())
      throw std::invalid_argument(std::string("CLIP config: '") + key + "' must be an integer");
    out = it->get<int64_t>();
  };
  read_int("embed_dim", c.embed_dim);
  read_int("image_resolution", c.image_resolution);
  read_int("vision_layers", c.vision_layers);
  read_int("vision_width", c.vision_width);
  read_int("vision_heads", c.vision_heads);
  read_int("vision_patch_size", c.vision_patch_size);
  read_int("vision_mlp_width", c.vision_mlp_width);
  read_int("context_length", c.context_length);
  read_int("vocab_size", c.vocab_size);
  read_int("transformer_width", c.text_width);
  read_int("transformer_heads", c.text_heads);
  read_int("transformer_layers", c.text_layers);
  read_int("transformer_mlp_width", c.text_mlp_width);
  if (auto it = j.find("activation"); it != j.end()) {
    const std::string a = it->is_string() ? it->get<std::string>() : "";
    if (a == "quick_gelu") c.activation = Activation::QuickGelu;
    else if (a == "gelu") c.activation = Activation::Gelu;
    else throw std::invalid_argument("CLIP config: 'activation' must be \"quick_gelu\" or \"gelu\"");
  }
  if (auto it = j.find("layer_norm_eps"); it != j.end()) {
    if (!it->is_number()) throw std::invalid_argument("CLIP config: 'layer_norm_eps' must be a number");
    c.layer_norm_eps = it->get<double>();
  }
  return c;
}

ClipConfig ClipConfig::from_json(const std::string& json) { return from_json(json, ClipConfig{}); }

bool ClipConfig::operator==(const ClipConfig& o) const {
  return embed_dim == o.embed_dim && image_resolution == o.image_resolution &&
         vision_patch_size == o.vision_patch_size && vision_width == o.vision_width &&
         vision_layers == o.vision_layers && vision_heads == o.vision_heads &&
         vision_mlp_width == o.vision_mlp_width && text_mlp_width == o.text_mlp_width &&
         context_length == o.context_length && vocab_size == o.vocab_size &&
         text_width == o.text_width && text_heads == o.text_heads && text_layers == o.text_layers &&
         activation == o.activation && layer_norm_eps == o.layer_norm_eps;
}

std::string to_string(Activation a) { return a == Activation::QuickGelu ? "quick_gelu" : "gelu"; }

std::string to_string(WeightFormat f) {
  switch (f) {
    case WeightFormat::OpenAiTorchScript: return "openai-torchscript";
    case WeightFormat::OpenAiStateDict: return "openai-state-dict";
    case WeightFormat::HuggingFace: return "huggingface";
  }
  return "unknown";
}

std::string vit_name(const ClipConfig& c) {
  std::string size;
  if (c.vision_width == 768 && c.vision_layers == 12) size = "B";
  else if (c.vision_width == 1024 && c.vision_layers == 24) size = "L";
  else if (c.vision_width == 1280 && c.vision_layers == 32) size = "H";
  else if (c.vision_width == 1664 && c.vision_layers == 48) size = "bigG";
  else size = std::to_string(c.vision_width) + "w" + std::to_string(c.vision_layers) + "l";
  std::string name = "ViT-" + size + "/" + std::to_string(c.vision_patch_size);
  if (c.image_resolution != 224) name += "@" + std::to_string(c.image_resolution);
  return name;
}

std::string describe(const ClipConfig& c) {
  std::ostringstream os;
  os << vit_name(c) << ": embed " << c.embed_dim << "; vision " << c.vision_width << " wide, "
     << c.vision_layers << " layers, " << c.vision_heads << " heads, patch " << c.vision_patch_size
     << ", " << c.image_resolution << " px; text " << c.text_width << " wide, " << c.text_layers
     << " layers, " << c.text_heads << " heads, context " << c.context_length << ", vocab "
     << c.vocab_size << "; " << to_string(c.activation);
  return os.str();
}

}  // namespace plumage::clip

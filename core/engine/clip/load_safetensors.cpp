// Safetensors checkpoints: OpenAI / open_clip state dicts (OpenAI naming,
// config from the file's metadata or open_clip_config.json beside it) and
// Hugging Face CLIPModel files (config.json beside them).
#include "core/engine/clip/checkpoint.h"
#include "core/engine/clip/clip_model.h"
#include "core/engine/safetensors.h"
#include "core/engine/clip/load_huggingface.h"

#include <filesystem>

namespace plumage::clip::detail {

namespace fs = std::filesystem;

namespace {

bool has_prefix(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

// Strips a prefix every tensor shares ("module." from DataParallel training).
std::map<std::string, at::Tensor> strip_common_prefix(std::map<std::string, at::Tensor> in) {
  for (const std::string prefix : {"module.", "model."}) {
    bool all = !in.empty();
    for (const auto& [name, t] : in) {
      (void)t;
      if (!has_prefix(name, prefix)) all = false;
    }
    if (!all) continue;
    std::map<std::string, at::Tensor> out;
    for (auto& [name, t] : in) out[name.substr(prefix.size())] = t;
    return out;
  }
  return in;
}

std::string beside(const std::string& path, const std::string& name) {
  return (fs::path(path).parent_path() / name).string();
}

}  // namespace

Checkpoint from_state_dict(const std::string& path, std::map<std::string, at::Tensor> tensors,
                           const std::string& metadata_config) {
  tensors = strip_common_prefix(std::move(tensors));
  std::vector<std::string> names;
  for (const auto& [name, t] : tensors) {
    (void)t;
    names.push_back(name);
  }

  Checkpoint ck;
  ck.path = path;
  if (looks_like_huggingface(names)) {
    ck.format = WeightFormat::HuggingFace;
    map_huggingface(tensors, ck);
    const std::string cfg = beside(path, "config.json");
    if (fs::exists(cfg)) {
      ck.config = read_config_file(cfg, infer_config(ck));
      ck.config_source = cfg;
    }
    return ck;
  }
  if (tensors.count("visual.attnpool.positional_embedding") || tensors.count("visual.layer1.0.conv1.weight"))
    throw ClipLoadError(path + ": a ResNet CLIP (visual.attnpool / visual.layer*); only ViT CLIP models are supported");
  const bool openai = tensors.count("visual.conv1.weight") || tensors.count("token_embedding.weight") ||
                      tensors.count("visual.class_embedding");
  if (!openai)
    throw ClipLoadError(path + ": not a CLIP checkpoint in a known layout (neither OpenAI/open_clip naming, "
                        "e.g. 'visual.conv1.weight', nor Hugging Face naming, e.g. 'vision_model.*')");
  ck.format = WeightFormat::OpenAiStateDict;
  ck.tensors = std::move(tensors);
  const std::string open_clip_cfg = beside(path, "open_clip_config.json");
  if (!metadata_config.empty()) {
    ck.config_source = path + " (metadata 'config')";
    ck.config = parse_config_json(metadata_config, ck.config_source, infer_config(ck));
  } else if (fs::exists(open_clip_cfg)) {
    ck.config_source = open_clip_cfg;
    ck.config = read_config_file(open_clip_cfg, infer_config(ck));
  }
  return ck;
}

Checkpoint read_safetensors(const std::string& path) {
  std::unique_ptr<st::File> file;
  std::map<std::string, at::Tensor> tensors;
  try {
    file = std::make_unique<st::File>(path);
    tensors = file->tensors();
  } catch (const std::exception& e) {
    // The safetensors reader already names the file and what is wrong.
    throw ClipLoadError(e.what());
  }
  Checkpoint ck = from_state_dict(path, std::move(tensors), file->meta("config"));
  ck.container = "safetensors";
  return ck;
}

}  // namespace plumage::clip::detail

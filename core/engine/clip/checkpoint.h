// Internal: a checkpoint read from disk and mapped to OpenAI naming, before
// it becomes a model. Each format has its own reader (load_*.cpp); the
// checks that turn tensors into a model are shared (checkpoint.cpp).
#pragma once

#include "core/engine/clip/clip_layers.h"

#include <c10/util/Optional.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace plumage::clip::detail {

struct Checkpoint {
  std::string path;
  WeightFormat format = WeightFormat::OpenAiStateDict;
  std::string container;  // "safetensors", "torchscript" or "torch.save"
  Weights tensors;  // OpenAI names, stored dtype, on the CPU
  // The name a canonical tensor has in the file (for error messages).
  std::function<std::string(const std::string&)> source_name = [](const std::string& n) { return n; };
  // Architecture stated by the file or a config beside it, if any, with the
  // fields it states; shape-derived fields are checked against the tensors.
  c10::optional<ClipConfig> config;
  std::string config_source;
  std::set<std::string> stored_dtypes;
};

struct TensorSpec {
  std::string name;
  std::vector<int64_t> shape;
};

// Every tensor of the model in OpenAI naming with its shape, in model order.
std::vector<TensorSpec> tensor_specs(const ClipConfig& c);

// The architecture from tensor shapes, as OpenAI's build_model derives it
// (heads = width / 64, QuickGELU). Throws ClipLoadError naming the file and
// the tensor when a tensor it needs is missing or malformed.
ClipConfig infer_config(const Checkpoint& ck);

// Config from a JSON file: OpenAI build_model names, an open_clip model
// config (with or without "model_cfg") or a Hugging Face CLIP config.json.
// `base` supplies what the file leaves out.
ClipConfig read_config_file(const std::string& path, const ClipConfig& base);
// The same from JSON text; `origin` names it in errors.
ClipConfig parse_config_json(const std::string& text, const std::string& origin, const ClipConfig& base);

// Format readers. Each fills tensors in OpenAI naming and the config it finds.
// PyTorch zip archives: TorchScript (.pt) or torch.save (.pt/.bin).
Checkpoint read_torch_zip(const std::string& path);
Checkpoint read_safetensors(const std::string& path);  // OpenAI/open_clip or HF, by tensor names
// Tensors of a state dict (any naming) -> checkpoint, config from
// `metadata_config` or the config files beside `path`.
Checkpoint from_state_dict(const std::string& path, std::map<std::string, at::Tensor> tensors,
                           const std::string& metadata_config);

// The architecture: shape inference, then what the checkpoint states
// (checked against the shapes), then the file at `override_path` if any.
ClipConfig resolve_config(const Checkpoint& ck, const std::string& override_path);

// Final config (file config merged over shape inference, checked against
// shapes), then every tensor checked against tensor_specs: missing, wrong
// shape and unexpected tensors are errors naming the file and tensor.
// Returns the fp32 contiguous weights ready for ClipNet.
Weights check_and_convert(Checkpoint& ck, const ClipConfig& config);

std::string shape_string(at::IntArrayRef shape);
std::string dtype_name(c10::ScalarType t);

}  // namespace plumage::clip::detail

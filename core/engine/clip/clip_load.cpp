// load_clip: detect the format from the file's bytes, read, check, build.
#include "core/engine/clip/checkpoint.h"
#include "core/engine/clip/clip_model.h"
#include "core/engine/clip/clip_towers.h"
#include "core/engine/clip/xxhash64.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace plumage::clip {

namespace fs = std::filesystem;
using detail::Checkpoint;

namespace {

// A Hugging Face / open_clip model directory -> its weights file.
std::string resolve_path(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw ClipLoadError(path + ": no such file or directory");
  if (!fs::is_directory(path, ec)) return path;
  for (const char* name : {"model.safetensors", "open_clip_model.safetensors", "pytorch_model.bin",
                           "open_clip_pytorch_model.bin"}) {
    const fs::path p = fs::path(path) / name;
    if (fs::exists(p, ec)) return p.string();
  }
  if (fs::exists(fs::path(path) / "model.safetensors.index.json", ec))
    throw ClipLoadError(path + ": sharded checkpoints (model.safetensors.index.json) are not supported");
  throw ClipLoadError(path + ": directory holds no model.safetensors, open_clip_model.safetensors, "
                      "pytorch_model.bin or open_clip_pytorch_model.bin");
}

Checkpoint read_any(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ClipLoadError(path + ": cannot open");
  unsigned char head[9] = {};
  in.read(reinterpret_cast<char*>(head), sizeof head);
  const auto got = in.gcount();
  if (got >= 4 && std::memcmp(head, "PK\x03\x04", 4) == 0) return detail::read_torch_zip(path);
  // safetensors: u64 little-endian header length, then the JSON header.
  if (got == 9 && head[8] == '{') return detail::read_safetensors(path);
  if (got >= 1 && head[0] == 0x80)
    throw ClipLoadError(path + ": a legacy torch.save() pickle; convert it to safetensors "
                        "(safetensors.torch.save_file(state_dict, ...))");
  throw ClipLoadError(path + ": unknown weight format (expected an OpenAI TorchScript .pt archive or "
                      "a safetensors file; " + std::to_string(got) + " bytes read)");
}

// Hash of the architecture and every fp32 parameter, format-independent.
std::string hash_weights(const ClipConfig& config, const std::vector<detail::TensorSpec>& specs,
                         const detail::Weights& w) {
  Xxh64 h;
  h.update(config.to_json());
  for (const auto& spec : specs) {
    const at::Tensor& t = w.at(spec.name);
    h.update(spec.name);
    h.update("\0", 1);
    h.update(t.sizes().data(), t.sizes().size() * sizeof(int64_t));
    h.update(t.data_ptr(), t.numel() * t.element_size());
  }
  return h.hex();
}

}  // namespace

ClipModel build_clip(Checkpoint& ck, const ClipConfig& config, const LoadOptions& options,
                     std::string config_source) {
  detail::Weights weights = detail::check_and_convert(ck, config);
  ClipModel model;
  model.net_ = std::make_shared<detail::ClipNet>(weights, config);
  auto src = std::make_shared<WeightsSource>();
  src->path = ck.path;
  src->format = ck.format;
  src->container = ck.container;
  src->config_source = std::move(config_source);
  for (const auto& d : ck.stored_dtypes) src->stored_dtype += (src->stored_dtype.empty() ? "" : "+") + d;
  for (const auto& [name, t] : weights) {
    (void)name;
    src->parameter_count += t.numel();
  }
  if (options.compute_hash) src->weights_hash = hash_weights(config, detail::tensor_specs(config), weights);
  model.source_ = std::move(src);
  weights.clear();
  if (options.device != c10::Device(c10::kCPU) || options.dtype != at::kFloat)
    model.to(options.device, options.dtype);
  return model;
}

ClipModel load_clip(const std::string& requested, const LoadOptions& options) {
  const std::string path = resolve_path(requested);
  Checkpoint ck = read_any(path);
  const ClipConfig config = detail::resolve_config(ck, options.config_path);
  std::string config_source = "tensor shapes (as OpenAI build_model)";
  if (!options.config_path.empty()) config_source = options.config_path;
  else if (ck.config) config_source = ck.config_source;
  return build_clip(ck, config, options, config_source);
}

ClipModel make_clip(const ClipConfig& config, const std::map<std::string, at::Tensor>& state_dict,
                    const LoadOptions& options) {
  Checkpoint ck;
  ck.path = "<state dict>";
  ck.tensors = state_dict;
  try {
    config.validate();
  } catch (const std::invalid_argument& e) {
    throw ClipLoadError(e.what());
  }
  return build_clip(ck, config, options, "given");
}

std::map<std::string, at::Tensor> random_clip_weights(const ClipConfig& config, uint64_t seed) {
  config.validate();
  at::Generator gen = at::detail::createCPUGenerator(seed);
  std::map<std::string, at::Tensor> w;
  for (const auto& spec : detail::tensor_specs(config)) {
    const std::string& n = spec.name;
    const bool is_ln = n.find("ln_") != std::string::npos;
    const bool is_bias = n.size() > 4 && n.compare(n.size() - 4, 4, "bias") == 0;
    at::Tensor t;
    if (n == "logit_scale") t = at::full({}, std::log(1.0 / 0.07));
    else if (is_ln && !is_bias) t = at::ones(spec.shape);
    else if (is_bias) t = at::zeros(spec.shape);
    else {
      // OpenAI's initialize_parameters scale: std ~ width^-0.5 for projections,
      // 0.02 for embeddings; close enough for benchmarks and tests.
      const double std_dev = spec.shape.size() >= 2 ? 1.0 / std::sqrt(static_cast<double>(spec.shape.back())) : 0.02;
      t = at::normal(0.0, std_dev, spec.shape, gen);
      if (n.find("embedding") != std::string::npos) t.mul_(0.02 / std_dev);
    }
    w[n] = t;
  }
  return w;
}

}  // namespace plumage::clip

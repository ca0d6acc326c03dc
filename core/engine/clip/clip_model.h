// Native CLIP (ViT variants) in LibTorch: the public API.
//
//   auto model = plumage::clip::load_clip("ViT-B-16.pt");      // any known format
//   model.to(c10::Device("cuda"), at::kHalf);                   // optional
//   at::Tensor img = model.encode_image(pixels);                // [N,3,R,R] -> [N,E]
//   at::Tensor txt = model.encode_text(ids);                    // [N,77] int64 -> [N,E]
//   auto tok = model.encode_text_tokens(ids);                   // + per-token [N,77,W]
//
// The weight format is detected from the file's content (see clip_config.h,
// WeightFormat). Weights are held in fp32 after loading; `to` moves them.
// Encoding runs under inference mode; a ClipModel is cheap to copy (shared
// weights) and its encode_* calls may run concurrently from several threads.
#pragma once

#include "core/engine/clip/clip_config.h"

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace plumage::clip {

struct LoadOptions {
  // JSON file that overrides the architecture found in or beside the weights:
  // OpenAI build_model names (as ClipConfig::to_json writes), an open_clip
  // model config (open_clip_config.json or its "model_cfg"), or a Hugging Face
  // config.json. Empty: use what the checkpoint carries, else infer.
  std::string config_path;
  // Where and in which precision to put the model after loading. fp16/bf16
  // need a CUDA device; the CPU runs fp32.
  c10::Device device = c10::Device(c10::kCPU);
  c10::ScalarType dtype = c10::ScalarType::Float;
  // Compute the content hash of the weights (a few hundred ms for ViT-L).
  bool compute_hash = true;
};

// Per-token text output, the Q-Former's input.
struct TextEncoding {
  at::Tensor features;  // [N,E] float32: projected ln_final output at the EOT position
  at::Tensor tokens;    // [N,L,W] float32: ln_final output for every position
  at::Tensor lengths;   // [N] int64: tokens up to and including EOT (argmax(ids) + 1)
};

// Where the weights came from, for `model inspect`, cache keys and metadata.
struct WeightsSource {
  std::string path;            // the file the tensors were read from
  WeightFormat format = WeightFormat::OpenAiStateDict;
  std::string container;       // "safetensors", "torchscript" or "torch.save"
  std::string config_source;   // "tensor shapes", "safetensors metadata", ".../config.json", ...
  std::string stored_dtype;    // dtype(s) of the stored floating tensors, e.g. "float16"
  int64_t parameter_count = 0;
  // xxh64 (hex) of the architecture JSON and every fp32 parameter in OpenAI
  // naming: the same weights give the same hash whichever format holds them.
  std::string weights_hash;
};

namespace detail {
struct ClipNet;
struct Checkpoint;
}

class ClipModel {
 public:
  const ClipConfig& config() const;
  const WeightsSource& source() const;
  c10::Device device() const;
  c10::ScalarType dtype() const;

  // Moves the weights. Throws std::invalid_argument for fp16/bf16 on the CPU
  // or for a dtype that is not floating point.
  void to(c10::Device device, c10::ScalarType dtype);

  // pixels: [N,3,R,R], any floating dtype and device, already normalized
  // with CLIP's mean/std, R = config().image_resolution. Returns [N,E]
  // float32 on the model's device (raw, not L2-normalized).
  at::Tensor encode_image(const at::Tensor& pixels) const;

  // ids: [N,L] integer token ids, L <= context_length, SOT ... EOT then zero
  // padding (EOT is the largest id, so argmax finds it). Returns [N,E]
  // float32 on the model's device (raw, not L2-normalized). Positions after
  // the last EOT in the batch are not computed (causal attention makes them
  // irrelevant to the pooled feature).
  at::Tensor encode_text(const at::Tensor& ids) const;

  // As encode_text, plus the per-token ln_final output over all L positions.
  TextEncoding encode_text_tokens(const at::Tensor& ids) const;

  // exp(logit_scale) * cosine(image_i, text_j): [Ni,Nt] float32.
  at::Tensor logits(const at::Tensor& image_features, const at::Tensor& text_features) const;
  // The stored (log-space) logit_scale as a double.
  double logit_scale() const;

  // Parameters in OpenAI naming ("visual.conv1.weight", ...), in model order.
  std::vector<std::pair<std::string, at::Tensor>> named_parameters() const;

 private:
  friend ClipModel build_clip(detail::Checkpoint&, const ClipConfig&, const LoadOptions&, std::string);
  std::shared_ptr<detail::ClipNet> net_;
  std::shared_ptr<WeightsSource> source_;
};

// Loads a CLIP checkpoint in any supported format (WeightFormat), detected
// from the file's bytes and tensor names. `path` may also be a directory
// holding a Hugging Face model (model.safetensors + config.json).
// Throws ClipLoadError naming the file (and the tensor, when one is at fault).
ClipModel load_clip(const std::string& path, const LoadOptions& options = {});

struct ClipLoadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A model from a state dict in OpenAI naming (any floating dtype, CPU), with
// the given architecture; the same checks as load_clip. For tests,
// benchmarks and weights produced in memory.
ClipModel make_clip(const ClipConfig& config, const std::map<std::string, at::Tensor>& state_dict,
                    const LoadOptions& options = {});

// Random weights for `config` in OpenAI naming (layer norms at 1/0, matrices
// ~N(0, 1/fan_in)), reproducible from `seed`: for benchmarks and tests.
std::map<std::string, at::Tensor> random_clip_weights(const ClipConfig& config, uint64_t seed = 0);

// Internal: builds the model from a checked checkpoint (clip_load.cpp).
ClipModel build_clip(detail::Checkpoint& ck, const ClipConfig& config, const LoadOptions& options,
                     std::string config_source);

}  // namespace plumage::clip

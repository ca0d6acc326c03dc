// OpenAI .pt releases are TorchScript archives whose traced graph hard-codes
// CUDA devices and fp16. They are read here only as a parameter container:
// loaded onto the CPU, parameters and buffers taken by name, graph unused.
#include "core/engine/clip/checkpoint.h"
#include "core/engine/clip/clip_model.h"

#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/serialization/import.h>

namespace plumage::clip::detail {

namespace {

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

}  // namespace

Checkpoint read_torchscript(const std::string& path) {
  torch::jit::Module module;
  try {
    module = torch::jit::load(path, c10::Device(c10::kCPU));
  } catch (const c10::Error& e) {
    // torch.save() state dicts (open_clip .pt/.bin, HF pytorch_model.bin) are
    // zip archives too; LibTorch 1.13's unpickler cannot rebuild their
    // OrderedDict, so they are not read: safetensors versions exist for both.
    throw ClipLoadError(path + ": cannot read as a TorchScript archive (truncated, or a torch.save() "
                        "state dict? those are not supported: use the model's safetensors file): " +
                        first_line(e.what_without_backtrace()));
  }
  Checkpoint ck;
  ck.path = path;
  ck.format = WeightFormat::OpenAiTorchScript;
  ck.container = "torchscript";
  for (const auto& p : module.named_parameters(/*recurse=*/true)) ck.tensors[p.name] = p.value.detach();
  for (const auto& b : module.named_buffers(/*recurse=*/true)) ck.tensors[b.name] = b.value.detach();
  // Integers OpenAI's build_model also drops from the state dict.
  for (const char* key : {"input_resolution", "context_length", "vocab_size"}) ck.tensors.erase(key);
  if (ck.tensors.empty()) throw ClipLoadError(path + ": TorchScript archive holds no parameters");
  return ck;
}

}  // namespace plumage::clip::detail

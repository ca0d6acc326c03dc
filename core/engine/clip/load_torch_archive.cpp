// PyTorch zip checkpoints: OpenAI's .pt releases (TorchScript archives whose
// traced graph is never loaded: only the module's parameters and buffers are
// read, by dotted name) and torch.save state dicts (open_clip .pt, Hugging
// Face pytorch_model.bin). torch::jit::load is not used: it treats an
// archive as a program.
#include "core/engine/clip/checkpoint.h"
#include "core/engine/clip/clip_model.h"
#include "core/engine/clip/torch_archive.h"

namespace plumage::clip::detail {

Checkpoint read_torch_zip(const std::string& path) {
  TorchArchive archive = read_torch_archive(path);
  if (!archive.torchscript) {
    Checkpoint ck = from_state_dict(path, std::move(archive.tensors), "");
    ck.container = "torch.save";
    return ck;
  }
  Checkpoint ck;
  ck.path = path;
  ck.format = WeightFormat::OpenAiTorchScript;
  ck.container = "torchscript";
  ck.tensors = std::move(archive.tensors);
  // Integers OpenAI's build_model also drops from the state dict.
  for (const char* key : {"input_resolution", "context_length", "vocab_size"}) ck.tensors.erase(key);
  return ck;
}

}  // namespace plumage::clip::detail

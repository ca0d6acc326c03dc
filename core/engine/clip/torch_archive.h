// PyTorch zip checkpoints (torch.save state dicts, TorchScript archives) read
// as data: the zip container (zip_archive.h), the restricted unpickler
// (pickle_reader.h), and here the step that turns the tensors the pickle
// describes into CPU tensors over the memory-mapped storage records.
#pragma once

#include <ATen/core/Tensor.h>

#include <map>
#include <string>

namespace plumage::clip::detail {

struct TorchArchive {
  bool torchscript = false;  // torch.jit.save output (has code/), else torch.save
  // By dotted name, stored dtype, on the CPU; views of the file's mapping
  // where the record is aligned for its dtype (PyTorch aligns to 64 bytes).
  std::map<std::string, at::Tensor> tensors;
};

// Throws ClipLoadError naming the file and the archive entry at fault.
TorchArchive read_torch_archive(const std::string& path);

}  // namespace plumage::clip::detail

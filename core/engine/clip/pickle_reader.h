// A restricted unpickler for the data.pkl of PyTorch checkpoints: it accepts
// only what a state dict needs (cf. torch.load(weights_only=True)) and
// refuses any other global, so a checkpoint is read as data, never run.
// Torch-free so it can be fuzzed on its own; torch_archive.h turns its
// description of tensors into tensors.
//
// Accepted globals: collections.OrderedDict, torch._utils._rebuild_tensor_v2,
// torch._utils._rebuild_parameter, torch.<Float|Half|BFloat16|Double|Long|
// Int|Short|Char|Byte|Bool>Storage, and (TorchScript archives only)
// __torch__.* module classes, kept as opaque objects whose BUILD state is
// walked for tensors.
#pragma once

#include "core/engine/clip/zip_archive.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace plumage::clip::pt {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };
const char* dtype_name(DType d);  // "float32", ...
size_t dtype_size(DType d);

// A storage named by a persistent id ('storage', torch.FloatStorage, key,
// location, numel): its bytes are the archive record data/<key>.
struct StorageRef {
  DType dtype = DType::F32;
  uint64_t numel = 0;  // elements, as declared
};

// One tensor found in the unpickled object, checked against its storage:
// every element shape and stride reach lies inside the declared storage.
struct TensorRef {
  std::string name;  // dotted path: dict keys and module attributes
  std::string storage_key;
  std::vector<int64_t> shape, stride;
  int64_t storage_offset = 0;  // in elements
};

struct PickleContents {
  std::vector<TensorRef> tensors;  // in pickle order
  std::map<std::string, StorageRef> storages;
};

// Limits far above what a checkpoint needs (a ViT-L/14 data.pkl has ~20k
// values); together they bound memory for hostile input under 256 MB.
constexpr size_t kMaxPickleBytes = 64u << 20;
constexpr size_t kMaxPickleValues = 1'000'000;
constexpr size_t kMaxPickleItems = 2'000'000;  // container slots, all containers together
constexpr size_t kMaxPickleMemo = 1'000'000;
constexpr size_t kMaxPickleStack = 1'000'000;
constexpr size_t kMaxPickleString = 1u << 20;
constexpr int kMaxTensorDims = 64;
constexpr int kMaxNesting = 64;

// Unpickles `size` bytes and collects the tensors of the result: a dict
// (OrderedDict; a {"state_dict": ...} wrapper is unwrapped) or, when
// `torchscript`, a __torch__ module object. Throws FormatError naming
// `source` (file and entry) and the byte offset or tensor at fault.
PickleContents read_pickle(const uint8_t* data, size_t size, const std::string& source, bool torchscript);

}  // namespace plumage::clip::pt

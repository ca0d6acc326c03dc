// Safetensors header parsing and validation, free of LibTorch so it can be
// fuzzed on its own and used where only metadata is needed.
//
// Validation follows the reference implementation: bounded size, UTF-8 JSON
// object, known dtypes, sorted contiguous non-overlapping offsets that exactly
// cover the data, shape x dtype size == byte length, no duplicate keys. Every
// violation throws SafetensorsError naming the file and the tensor.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace plumage::st {

class SafetensorsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };

const char* dtype_name(DType d);
size_t dtype_size(DType d);

struct TensorInfo {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  uint64_t begin = 0;  // byte offsets relative to the start of the data section
  uint64_t end = 0;
};

struct Header {
  std::map<std::string, std::string> metadata;  // "__metadata__"
  std::vector<TensorInfo> tensors;              // sorted by begin offset
  uint64_t data_offset = 0;                     // 8 + header length

  const TensorInfo* find(const std::string& name) const;
};

// Largest header accepted (as the reference implementation).
constexpr uint64_t kMaxHeaderBytes = 100'000'000;

// Parses and validates a header. `bytes` holds at least the first
// min(file_size, 8 + header length) bytes of the file; `source` names the file
// in messages. Pure function: this is what the fuzzer drives.
Header parse_header(const uint8_t* bytes, size_t size, uint64_t file_size,
                    const std::string& source);

}  // namespace plumage::st

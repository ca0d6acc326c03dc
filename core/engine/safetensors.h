// Safetensors reader and writer: the format of every feature file,
// checkpoint and reference file in Plumage.
//
// Reading validates the header (safetensors_header.h); files are memory-mapped: an aligned tensor
// is a copy-on-write view of the mapping (no copy at all), a misaligned one
// is copied once.
#pragma once

#include "core/engine/safetensors_header.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace plumage::st {

// A read-only view of a safetensors file.
class File {
 public:
  explicit File(const std::string& path);
  ~File();
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  const std::string& path() const { return path_; }
  const Header& header() const { return header_; }
  bool contains(const std::string& name) const { return header_.find(name) != nullptr; }
  std::vector<std::string> names() const;
  const std::map<std::string, std::string>& metadata() const { return header_.metadata; }
  // Metadata value or `fallback` when the key is absent.
  std::string meta(const std::string& key, const std::string& fallback = "") const;

  // The named tensor on the CPU with its stored dtype. Throws SafetensorsError
  // when the tensor does not exist.
  at::Tensor tensor(const std::string& name) const;
  // Every tensor, by name.
  std::map<std::string, at::Tensor> tensors() const;

 private:
  struct Mapping;
  std::string path_;
  std::shared_ptr<Mapping> map_;
  Header header_;
};

// The safetensors dtype that holds `s`; throws SafetensorsError for a scalar
// type the format has no dtype for (complex, quantized, ...).
DType dtype_of(at::ScalarType s);

// Tensors to write, in the order given. Tensors may be on any device and of
// any layout; they are written contiguous, from the CPU.
using NamedTensors = std::vector<std::pair<std::string, at::Tensor>>;

// Writes a safetensors file atomically (temporary file + rename). The header
// is padded with spaces to a multiple of 8 bytes so tensor data is aligned.
void save(const std::string& path, const NamedTensors& tensors,
          const std::map<std::string, std::string>& metadata = {});

// A tensor to be written: its dtype and full shape, known before its data.
struct TensorSpec {
  std::string name;
  DType dtype;
  std::vector<int64_t> shape;
};

// Writes a safetensors file whose rows arrive in chunks: peak memory is one
// chunk, whatever the number of rows. Every tensor's first dimension is the
// same row count; append() gives the next rows of every tensor (converted to
// its declared dtype). The bytes equal save()'s for the same data. The file
// appears (temporary file + rename) only on commit(); a writer destroyed
// before that leaves nothing behind.
class ChunkedWriter {
 public:
  ChunkedWriter(const std::string& path, std::vector<TensorSpec> tensors,
                const std::map<std::string, std::string>& metadata = {});
  ~ChunkedWriter();
  ChunkedWriter(const ChunkedWriter&) = delete;
  ChunkedWriter& operator=(const ChunkedWriter&) = delete;

  // The next rows: every declared tensor once, with equal first dimensions.
  void append(const NamedTensors& rows);
  int64_t rows_written() const { return written_; }
  int64_t rows() const { return rows_; }
  // Throws unless all rows were appended.
  void commit();

 private:
  std::string path_, tmp_;
  int fd_ = -1;
  std::vector<TensorSpec> specs_;
  std::vector<uint64_t> base_;  // file offset of each tensor's data
  int64_t rows_ = 0, written_ = 0;
};

// Serializes to memory (used by save and by tests).
std::string serialize(const NamedTensors& tensors,
                      const std::map<std::string, std::string>& metadata = {});

}  // namespace plumage::st

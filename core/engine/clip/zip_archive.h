// A bounded reader for the zip container of PyTorch checkpoints (torch.save
// and torch.jit.save archives). Torch-free so it can be fuzzed on its own.
//
// Why not libzip: core/engine must build on a GPU server that has nothing but
// PyTorch's LibTorch, and PyTorch writes every record STORED (uncompressed),
// 64-byte aligned. So the reader needs only the central directory, zip64
// fields and hard limits; entry data is then used in place (memory-mapped),
// never copied or inflated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace plumage::clip::pt {

// Any malformed archive or pickle; the message names the file (and entry).
class FormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ZipEntry {
  std::string name;
  uint16_t method = 0;       // 0 = stored
  uint64_t data_offset = 0;  // of the entry's bytes within the file
  uint64_t size = 0;         // uncompressed size (== stored size when method 0)
  uint64_t compressed_size = 0;
};

// Limits no PyTorch checkpoint comes near (ViT-L/14: ~700 entries).
constexpr size_t kMaxZipEntries = 200'000;
constexpr size_t kMaxZipNameBytes = 4096;

// Parses the central directory of a whole zip file held in `bytes` (the file
// is `size` bytes). Every entry's local header and data must lie inside the
// file, before the central directory, without overlapping another entry;
// names are unique. `source` names the file in messages.
std::vector<ZipEntry> parse_zip(const uint8_t* bytes, uint64_t size, const std::string& source);

}  // namespace plumage::clip::pt

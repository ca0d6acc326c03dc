// XXH64 (Yann Collet's xxHash, 64-bit), streaming. Fast enough to hash a
// ViT-L's 1.7 GB of weights in well under a second; used for cache keys.
// Torch-free.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace plumage::clip {

class Xxh64 {
 public:
  explicit Xxh64(uint64_t seed = 0);
  void update(const void* data, size_t size);
  void update(const std::string& s) { update(s.data(), s.size()); }
  uint64_t digest() const;
  std::string hex() const;  // 16 lowercase hex digits

 private:
  uint64_t v_[4];
  uint64_t seed_;
  uint64_t total_ = 0;
  unsigned char buf_[32];
  size_t buf_len_ = 0;
};

}  // namespace plumage::clip

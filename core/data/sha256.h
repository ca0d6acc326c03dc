// SHA-256 through OpenSSL's libcrypto (SHA extensions where the CPU has them:
// hashing runs at disk speed, ~5x a portable C loop). Streaming: a file of any
// size is hashed with a fixed buffer (feature files reach 47 GB).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace plumage::data {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(const void* data, std::size_t size);
  // "sha256:<64 lowercase hex>"; the object is spent afterwards.
  std::string final_tag();

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

// sha256_tag of a file's content, read in 1 MiB pieces. Throws DataError
// naming the file when it cannot be read.
std::string sha256_file_tag(const std::string& path);

}  // namespace plumage::data

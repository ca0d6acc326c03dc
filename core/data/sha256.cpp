// SHA-256 (FIPS 180-4) of strings and files: fingerprints of prompt
// templates, JSON and input files (run keys hash feature files of tens of GB).
#include "core/data/sha256.h"

#include "core/data/diagnostics.h"
#include "core/data/file_util.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace plumage::data {

struct Sha256::Ctx {
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  ~Ctx() { EVP_MD_CTX_free(md); }
};

Sha256::Sha256() : ctx_(std::make_unique<Ctx>()) {
  if (!ctx_->md || EVP_DigestInit_ex(ctx_->md, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256: OpenSSL could not start a digest");
}

Sha256::~Sha256() = default;

void Sha256::update(const void* data, std::size_t size) {
  if (size > 0 && EVP_DigestUpdate(ctx_->md, data, size) != 1) throw std::runtime_error("SHA-256: digest update failed");
}

std::string Sha256::final_tag() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_DigestFinal_ex(ctx_->md, digest, &n) != 1 || n != 32) throw std::runtime_error("SHA-256: digest failed");
  static const char* hex = "0123456789abcdef";
  std::string out = "sha256:";
  for (unsigned int i = 0; i < n; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xf];
  }
  return out;
}

std::string sha256_tag(const std::string& bytes) {
  Sha256 h;
  h.update(bytes.data(), bytes.size());
  return h.final_tag();
}

std::string sha256_file_tag(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw DataError(path, 0, std::string("cannot open file: ") + std::strerror(errno));
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);  // read once, front to back: read further ahead
  constexpr std::size_t kBuffer = std::size_t{1} << 20;
  const std::unique_ptr<unsigned char[]> buf(new unsigned char[kBuffer]);
  Sha256 h;
  for (;;) {
    const ssize_t n = ::read(fd, buf.get(), kBuffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      throw DataError(path, 0, std::string("read error: ") + std::strerror(err));
    }
    if (n == 0) break;
    h.update(buf.get(), static_cast<std::size_t>(n));
  }
  ::close(fd);
  return h.final_tag();
}

}  // namespace plumage::data

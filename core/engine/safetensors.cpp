#include "core/engine/safetensors.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace plumage::st {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& source, const std::string& what) {
  throw SafetensorsError(source + ": " + what);
}

struct ScalarRow {
  DType dtype;
  at::ScalarType scalar;
};

constexpr ScalarRow kScalars[] = {
    {DType::F64, at::kDouble}, {DType::F32, at::kFloat}, {DType::F16, at::kHalf}, {DType::BF16, at::kBFloat16},
    {DType::I64, at::kLong},   {DType::I32, at::kInt},   {DType::I16, at::kShort}, {DType::I8, at::kChar},
    {DType::U8, at::kByte},    {DType::BOOL, at::kBool},
};

at::ScalarType scalar_of(DType d) {
  for (const auto& r : kScalars)
    if (r.dtype == d) return r.scalar;
  return at::kFloat;
}

const ScalarRow* row_by_scalar(at::ScalarType s) {
  for (const auto& r : kScalars)
    if (r.scalar == s) return &r;
  return nullptr;
}

}  // namespace

DType dtype_of(at::ScalarType s) {
  const ScalarRow* r = row_by_scalar(s);
  if (!r) throw SafetensorsError("dtype " + std::string(c10::toString(s)) + " cannot be stored in safetensors");
  return r->dtype;
}

// ---------------------------------------------------------------- reading

struct File::Mapping {
  void* addr = nullptr;
  size_t size = 0;
  ~Mapping() {
    if (addr && addr != MAP_FAILED) munmap(addr, size);
  }
};

File::File(const std::string& path) : path_(path), map_(std::make_shared<Mapping>()) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(path, std::string("cannot open: ") + std::strerror(errno));
  struct stat sb {};
  if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
    ::close(fd);
    fail(path, "not a regular file");
  }
  const auto file_size = static_cast<uint64_t>(sb.st_size);
  if (file_size < 8) {
    ::close(fd);
    fail(path, "file is shorter than the 8-byte header length");
  }
  // Private writable mapping: tensors may be modified in place by callers
  // without touching the file (copy-on-write). MAP_NORESERVE: without it the
  // kernel reserves commit charge for the whole file as if every page could
  // be copied, and refuses to map a file larger than RAM + swap (a 47 GB
  // token file on a 24 GiB machine); only pages actually written take memory.
  void* addr = mmap(nullptr, file_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_NORESERVE, fd, 0);
  ::close(fd);
  if (addr == MAP_FAILED) fail(path, std::string("cannot map: ") + std::strerror(errno));
  map_->addr = addr;
  map_->size = file_size;
  header_ = parse_header(static_cast<const uint8_t*>(addr), file_size, file_size, path);
}

File::~File() = default;

std::vector<std::string> File::names() const {
  std::vector<std::string> out;
  for (const auto& t : header_.tensors) out.push_back(t.name);
  return out;
}

std::string File::meta(const std::string& key, const std::string& fallback) const {
  auto it = header_.metadata.find(key);
  return it == header_.metadata.end() ? fallback : it->second;
}

at::Tensor File::tensor(const std::string& name) const {
  const TensorInfo* t = header_.find(name);
  if (!t) fail(path_, "no tensor named '" + name + "'");
  const size_t elem = dtype_size(t->dtype);
  auto options = at::TensorOptions().dtype(scalar_of(t->dtype)).device(at::kCPU);
  if (t->end == t->begin) return at::empty(t->shape, options);
  uint8_t* ptr = static_cast<uint8_t*>(map_->addr) + header_.data_offset + t->begin;
  if (reinterpret_cast<uintptr_t>(ptr) % elem == 0) {
    auto keep = map_;  // the tensor keeps the mapping alive
    return at::from_blob(ptr, t->shape, [keep](void*) {}, options);
  }
  at::Tensor out = at::empty(t->shape, options);
  std::memcpy(out.data_ptr(), ptr, t->end - t->begin);
  return out;
}

std::map<std::string, at::Tensor> File::tensors() const {
  std::map<std::string, at::Tensor> out;
  for (const auto& t : header_.tensors) out.emplace(t.name, tensor(t.name));
  return out;
}

// ---------------------------------------------------------------- writing

namespace {

struct Prepared {
  std::string header;  // including the 8-byte length prefix and padding
  std::vector<at::Tensor> data;
};

// The header bytes (length prefix, JSON, padding) for tensors of these
// dtypes and shapes, laid out in order. One function for save() and
// ChunkedWriter, so both write the same bytes.
std::string header_bytes(const std::vector<TensorSpec>& specs, const std::map<std::string, std::string>& metadata) {
  json root = json::object();
  if (!metadata.empty()) root["__metadata__"] = metadata;
  uint64_t offset = 0;
  for (const auto& s : specs) {
    if (s.name == "__metadata__") throw SafetensorsError("tensor name '__metadata__' is reserved");
    if (root.contains(s.name)) throw SafetensorsError("duplicate tensor name '" + s.name + "'");
    uint64_t bytes = dtype_size(s.dtype);
    for (int64_t d : s.shape) {
      if (d < 0) throw SafetensorsError("tensor '" + s.name + "' has a negative dimension");
      bytes *= static_cast<uint64_t>(d);
    }
    root[s.name] = {{"dtype", dtype_name(s.dtype)}, {"shape", s.shape}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  std::string text = root.dump();
  while ((text.size() + 8) % 8 != 0) text.push_back(' ');
  std::string out(8, '\0');
  uint64_t n = text.size();
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
  return out + text;
}

Prepared prepare(const NamedTensors& tensors, const std::map<std::string, std::string>& metadata) {
  Prepared p;
  std::vector<TensorSpec> specs;
  for (const auto& [name, tensor] : tensors) {
    if (!tensor.defined()) throw SafetensorsError("tensor '" + name + "' is undefined");
    const ScalarRow* r = row_by_scalar(tensor.scalar_type());
    if (!r)
      throw SafetensorsError("tensor '" + name + "': dtype " +
                             std::string(c10::toString(tensor.scalar_type())) + " cannot be stored");
    at::Tensor c = tensor.detach().to(at::kCPU).contiguous();
    specs.push_back({name, r->dtype, c.sizes().vec()});
    p.data.push_back(std::move(c));
  }
  p.header = header_bytes(specs, metadata);
  return p;
}

void write_all(int fd, const void* data, size_t size, const std::string& path) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t w = ::write(fd, p, size);
    if (w < 0) {
      if (errno == EINTR) continue;
      fail(path, std::string("write failed: ") + std::strerror(errno));
    }
    p += w;
    size -= static_cast<size_t>(w);
  }
}

}  // namespace

std::string serialize(const NamedTensors& tensors, const std::map<std::string, std::string>& metadata) {
  Prepared p = prepare(tensors, metadata);
  std::string out = std::move(p.header);
  for (const auto& t : p.data)
    out.append(static_cast<const char*>(t.data_ptr()), t.numel() * t.element_size());
  return out;
}

void save(const std::string& path, const NamedTensors& tensors,
          const std::map<std::string, std::string>& metadata) {
  Prepared p = prepare(tensors, metadata);
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail(path, std::string("cannot create: ") + std::strerror(errno));
  try {
    write_all(fd, p.header.data(), p.header.size(), path);
    for (const auto& t : p.data)
      if (t.numel() > 0) write_all(fd, t.data_ptr(), t.numel() * t.element_size(), path);
    if (::fsync(fd) != 0) fail(path, std::string("fsync failed: ") + std::strerror(errno));
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    fail(path, std::string("cannot rename into place: ") + std::strerror(errno));
  }
}

// ---------------------------------------------------------------- chunked writing

ChunkedWriter::ChunkedWriter(const std::string& path, std::vector<TensorSpec> tensors,
                             const std::map<std::string, std::string>& metadata)
    : path_(path), specs_(std::move(tensors)) {
  if (specs_.empty()) fail(path, "nothing to write");
  rows_ = specs_.front().shape.empty() ? -1 : specs_.front().shape[0];
  for (const auto& t : specs_)
    if (t.shape.empty() || t.shape[0] != rows_)
      fail(path, "tensor '" + t.name + "': every tensor written in chunks needs the same number of rows (" +
                     std::to_string(rows_) + ")");
  const std::string header = header_bytes(specs_, metadata);
  uint64_t offset = header.size();
  for (const auto& t : specs_) {
    base_.push_back(offset);
    uint64_t bytes = dtype_size(t.dtype);
    for (int64_t d : t.shape) bytes *= static_cast<uint64_t>(d);
    offset += bytes;
  }
  tmp_ = path + ".tmp." + std::to_string(::getpid());
  fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) fail(path, std::string("cannot create: ") + std::strerror(errno));
  try {
    write_all(fd_, header.data(), header.size(), path);
    if (::ftruncate(fd_, static_cast<off_t>(offset)) != 0)
      fail(path, std::string("cannot size the file: ") + std::strerror(errno));
  } catch (...) {
    ::close(fd_);
    ::unlink(tmp_.c_str());
    throw;
  }
}

ChunkedWriter::~ChunkedWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(tmp_.c_str());
  }
}

void ChunkedWriter::append(const NamedTensors& rows) {
  if (fd_ < 0) fail(path_, "append after commit");
  if (rows.size() != specs_.size()) fail(path_, "append needs every tensor of the file once");
  int64_t n = -1;
  for (size_t i = 0; i < specs_.size(); ++i) {
    const TensorSpec& spec = specs_[i];
    const auto it = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.first == spec.name; });
    if (it == rows.end()) fail(path_, "append lacks tensor '" + spec.name + "'");
    const at::Tensor& t = it->second;
    std::vector<int64_t> want(spec.shape.begin() + 1, spec.shape.end());
    if (!t.defined() || t.dim() != static_cast<int64_t>(spec.shape.size()) || t.sizes().slice(1).vec() != want ||
        (n >= 0 && t.size(0) != n))
      fail(path_, "append: tensor '" + spec.name + "' has the wrong shape for this file");
    n = t.size(0);
    if (written_ + n > rows_)
      fail(path_, "append: " + std::to_string(written_ + n) + " rows is more than the " + std::to_string(rows_) +
                      " declared");
  }
  for (size_t i = 0; i < specs_.size(); ++i) {
    const TensorSpec& spec = specs_[i];
    const auto it = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.first == spec.name; });
    const at::Tensor c = it->second.detach().to(at::kCPU, scalar_of(spec.dtype)).contiguous();
    const uint64_t row_bytes = n > 0 ? c.nbytes() / static_cast<uint64_t>(n) : 0;
    const char* p = static_cast<const char*>(c.data_ptr());
    uint64_t at_byte = base_[i] + static_cast<uint64_t>(written_) * row_bytes;
    for (size_t left = c.nbytes(); left > 0;) {
      const ssize_t w = ::pwrite(fd_, p, left, static_cast<off_t>(at_byte));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) fail(path_, std::string("write failed: ") + std::strerror(errno));
      p += w;
      at_byte += static_cast<uint64_t>(w);
      left -= static_cast<size_t>(w);
    }
  }
  written_ += n;
}

void ChunkedWriter::commit() {
  if (fd_ < 0) fail(path_, "commit twice");
  if (written_ != rows_)
    fail(path_, "only " + std::to_string(written_) + " of " + std::to_string(rows_) + " rows were written");
  if (::fsync(fd_) != 0) fail(path_, std::string("fsync failed: ") + std::strerror(errno));
  ::close(fd_);
  fd_ = -1;
  if (::rename(tmp_.c_str(), path_.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp_.c_str());
    fail(path_, std::string("cannot rename into place: ") + std::strerror(err));
  }
}

}  // namespace plumage::st

#include "core/engine/safetensors.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

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
  // without touching the file (copy-on-write).
  void* addr = mmap(nullptr, file_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
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

Prepared prepare(const NamedTensors& tensors, const std::map<std::string, std::string>& metadata) {
  json root = json::object();
  if (!metadata.empty()) root["__metadata__"] = metadata;
  Prepared p;
  uint64_t offset = 0;
  for (const auto& [name, tensor] : tensors) {
    if (name == "__metadata__") throw SafetensorsError("tensor name '__metadata__' is reserved");
    if (root.contains(name)) throw SafetensorsError("duplicate tensor name '" + name + "'");
    if (!tensor.defined()) throw SafetensorsError("tensor '" + name + "' is undefined");
    const ScalarRow* r = row_by_scalar(tensor.scalar_type());
    if (!r)
      throw SafetensorsError("tensor '" + name + "': dtype " +
                             std::string(c10::toString(tensor.scalar_type())) + " cannot be stored");
    at::Tensor c = tensor.detach().to(at::kCPU).contiguous();
    const uint64_t bytes = static_cast<uint64_t>(c.numel()) * dtype_size(r->dtype);
    root[name] = {{"dtype", dtype_name(r->dtype)},
                  {"shape", c.sizes().vec()},
                  {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
    p.data.push_back(std::move(c));
  }
  std::string text = root.dump();
  while ((text.size() + 8) % 8 != 0) text.push_back(' ');
  p.header.resize(8);
  uint64_t n = text.size();
  for (int i = 0; i < 8; ++i) p.header[i] = static_cast<char>((n >> (8 * i)) & 0xff);
  p.header += text;
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

}  // namespace plumage::st

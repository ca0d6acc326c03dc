#include "core/engine/clip/torch_archive.h"

#include "core/engine/clip/clip_model.h"
#include "core/engine/clip/pickle_reader.h"
#include "core/engine/clip/zip_archive.h"

#include <ATen/ATen.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace plumage::clip::detail {

namespace {

struct Mapping {
  void* addr = nullptr;
  size_t size = 0;
  ~Mapping() {
    if (addr) munmap(addr, size);
  }
  const uint8_t* bytes() const { return static_cast<const uint8_t*>(addr); }
};

// Private writable mapping, as for safetensors: callers may modify tensors
// in place without touching the file; pages are read once, on demand.
std::shared_ptr<Mapping> map_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw ClipLoadError(path + ": cannot open: " + std::strerror(errno));
  struct stat sb {};
  if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
    ::close(fd);
    throw ClipLoadError(path + ": not a regular file");
  }
  auto m = std::make_shared<Mapping>();
  m->size = static_cast<size_t>(sb.st_size);
  if (m->size > 0) {
    void* addr = mmap(nullptr, m->size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (addr == MAP_FAILED) {
      ::close(fd);
      throw ClipLoadError(path + ": cannot map: " + std::strerror(errno));
    }
    m->addr = addr;
  }
  ::close(fd);
  return m;
}

at::ScalarType scalar_of(pt::DType d) {
  switch (d) {
    case pt::DType::F64: return at::kDouble;
    case pt::DType::F32: return at::kFloat;
    case pt::DType::F16: return at::kHalf;
    case pt::DType::BF16: return at::kBFloat16;
    case pt::DType::I64: return at::kLong;
    case pt::DType::I32: return at::kInt;
    case pt::DType::I16: return at::kShort;
    case pt::DType::I8: return at::kChar;
    case pt::DType::U8: return at::kByte;
    case pt::DType::BOOL: return at::kBool;
  }
  return at::kFloat;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

TorchArchive read_torch_archive(const std::string& path) {
  const std::shared_ptr<Mapping> map = map_file(path);
  try {
    const std::vector<pt::ZipEntry> entries = pt::parse_zip(map->bytes(), map->size, path);
    // Every record sits under one folder (the archive name): <dir>/data.pkl.
    std::map<std::string, const pt::ZipEntry*> by_name;
    std::string dir;
    for (const auto& e : entries) {
      by_name[e.name] = &e;
      if (ends_with(e.name, "/data.pkl") && e.name.find('/') == e.name.size() - 9) {
        if (!dir.empty()) throw ClipLoadError(path + ": more than one data.pkl in the archive");
        dir = e.name.substr(0, e.name.size() - 8);
      }
    }
    if (dir.empty())
      throw ClipLoadError(path + ": zip archive without <name>/data.pkl: not a PyTorch checkpoint "
                          "(or the pre-1.6 TorchScript format, which is not supported)");
    auto record = [&](const std::string& name) -> const pt::ZipEntry* {
      auto it = by_name.find(dir + name);
      if (it == by_name.end()) return nullptr;
      if (it->second->method != 0)
        throw ClipLoadError(path + ": archive entry '" + it->second->name +
                            "' is compressed; PyTorch writes records uncompressed");
      return it->second;
    };
    if (const pt::ZipEntry* order = record("byteorder")) {
      const std::string v(reinterpret_cast<const char*>(map->bytes() + order->data_offset), order->size);
      if (v != "little") throw ClipLoadError(path + ": byte order '" + v.substr(0, 16) + "' is not supported");
    }
    TorchArchive out;
    out.torchscript = record("constants.pkl") != nullptr;
    for (const auto& e : entries)
      if (e.name.rfind(dir + "code/", 0) == 0) out.torchscript = true;

    const pt::ZipEntry* pkl = record("data.pkl");
    const pt::PickleContents contents = pt::read_pickle(
        map->bytes() + pkl->data_offset, pkl->size, path + ": archive entry '" + pkl->name + "'", out.torchscript);

    // One CPU tensor per storage record, checked against its declared size.
    std::map<std::string, at::Tensor> storages;
    for (const auto& [key, s] : contents.storages) {
      const pt::ZipEntry* rec = record("data/" + key);
      const std::string where = path + ": archive entry '" + dir + "data/" + key + "'";
      if (!rec) throw ClipLoadError(where + " is missing (named by data.pkl)");
      const size_t elem = pt::dtype_size(s.dtype);
      if (rec->size / elem != s.numel || rec->size % elem != 0)
        throw ClipLoadError(where + ": " + std::to_string(rec->size) + " bytes, but data.pkl declares " +
                            std::to_string(s.numel) + " " + pt::dtype_name(s.dtype) + " elements");
      const auto options = at::TensorOptions().dtype(scalar_of(s.dtype)).device(at::kCPU);
      const int64_t n = static_cast<int64_t>(s.numel);
      uint8_t* ptr = static_cast<uint8_t*>(map->addr) + rec->data_offset;
      if (n == 0) {
        storages[key] = at::empty({0}, options);
      } else if (reinterpret_cast<uintptr_t>(ptr) % elem == 0) {
        auto keep = map;  // the tensor keeps the mapping alive
        storages[key] = at::from_blob(ptr, {n}, [keep](void*) {}, options);
      } else {  // misaligned record: copied once
        at::Tensor t = at::empty({n}, options);
        std::memcpy(t.data_ptr(), ptr, rec->size);
        storages[key] = t;
      }
    }
    for (const auto& t : contents.tensors)
      out.tensors[t.name] = storages.at(t.storage_key).as_strided(t.shape, t.stride, t.storage_offset);
    return out;
  } catch (const pt::FormatError& e) {
    throw ClipLoadError(e.what());
  }
}

}  // namespace plumage::clip::detail

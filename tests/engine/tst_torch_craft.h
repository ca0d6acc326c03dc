// Builders for hand-made PyTorch checkpoints (pickle opcodes, STORED zips)
// and access to Debian's python3-torch, for the .pt/.bin reader tests.
#pragma once

#include "lite_test.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace torch_craft {

inline void put_le(std::string& s, uint64_t v, int n) {
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
inline void patch_le(std::string& s, size_t at, uint64_t v, int n) {
  for (int i = 0; i < n; ++i) s[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

// Protocol-2 pickle opcodes, as torch.save writes them.
struct Pickle {
  std::string b = std::string("\x80\x02", 2);
  Pickle& op(char c) { b.push_back(c); return *this; }
  Pickle& raw(const std::string& s) { b += s; return *this; }
  Pickle& global(const std::string& module, const std::string& name) {
    b += "c" + module + "\n" + name + "\n";
    return *this;
  }
  Pickle& str(const std::string& s) {
    b.push_back('X');
    put_le(b, s.size(), 4);
    b += s;
    return *this;
  }
  Pickle& integer(int64_t v) {
    if (v >= INT32_MIN && v <= INT32_MAX) {
      b.push_back('J');
      put_le(b, static_cast<uint32_t>(v), 4);
    } else {
      b += "\x8a\x08";
      put_le(b, static_cast<uint64_t>(v), 8);
    }
    return *this;
  }
  Pickle& ints(const std::vector<int64_t>& v) {
    op('(');
    for (int64_t x : v) integer(x);
    return op('t');
  }
  Pickle& storage(const std::string& cls, const std::string& key, int64_t numel) {
    op('(').str("storage").global("torch", cls).str(key).str("cpu").integer(numel).op('t');
    return op('Q');  // BINPERSID
  }
  // torch._utils._rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())
  Pickle& tensor(const std::string& cls, const std::string& key, int64_t numel, int64_t offset,
                 const std::vector<int64_t>& size, const std::vector<int64_t>& stride) {
    global("torch._utils", "_rebuild_tensor_v2").op('(').storage(cls, key, numel).integer(offset);
    ints(size).ints(stride).op('\x89').global("collections", "OrderedDict").op(')').op('R');
    return op('t').op('R');
  }
  std::string done() const { return b + "."; }
};

struct TensorSpec {
  std::string name, cls, key;
  int64_t numel = 0, offset = 0;
  std::vector<int64_t> size, stride;
};

// OrderedDict([(name, tensor), ...]).
inline std::string state_dict_pickle(const std::vector<TensorSpec>& tensors) {
  Pickle p;
  p.global("collections", "OrderedDict").op(')').op('R').op('(');
  for (const auto& t : tensors) p.str(t.name).tensor(t.cls, t.key, t.numel, t.offset, t.size, t.stride);
  return p.op('u').done();
}

struct Zip {
  std::string bytes;
  std::vector<size_t> local, central;  // offsets of each entry's records
  size_t eocd = 0;
};

// A zip of STORED entries, data aligned to 64 bytes as PyTorch aligns it
// (or not, with align = false). CRCs are left zero: the reader does not use
// them. With zip64, the central directory keeps sizes and offsets only in
// zip64 extra fields and the end record points to a zip64 end record, as
// miniz writes archives over 4 GB.
inline Zip make_zip(const std::vector<std::pair<std::string, std::string>>& entries, bool align = true,
                    uint16_t method = 0, bool zip64 = false) {
  Zip z;
  std::string& b = z.bytes;
  for (const auto& [name, data] : entries) {
    z.local.push_back(b.size());
    put_le(b, 0x04034b50, 4);
    put_le(b, 20, 2);
    put_le(b, 0, 2);
    put_le(b, method, 2);
    put_le(b, 0, 8);  // time, date, crc
    put_le(b, data.size(), 4);
    put_le(b, data.size(), 4);
    put_le(b, name.size(), 2);
    size_t pad = align ? (64 - (b.size() + 2 + name.size()) % 64) % 64 : 0;
    if (pad && pad < 4) pad += 64;
    put_le(b, pad, 2);
    b += name;
    if (pad) {
      put_le(b, 0x4b46, 2);
      put_le(b, pad - 4, 2);
      b.append(pad - 4, '\0');
    }
    b += data;
  }
  const size_t cd = b.size();
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& [name, data] = entries[i];
    z.central.push_back(b.size());
    put_le(b, 0x02014b50, 4);
    put_le(b, 20, 2);
    put_le(b, 20, 2);
    put_le(b, 0, 2);
    put_le(b, method, 2);
    put_le(b, 0, 8);
    put_le(b, zip64 ? 0xffffffff : data.size(), 4);
    put_le(b, zip64 ? 0xffffffff : data.size(), 4);
    put_le(b, name.size(), 2);
    put_le(b, zip64 ? 28 : 0, 2);  // extra
    put_le(b, 0, 2 + 2 + 2 + 4);   // comment, disk, attributes
    put_le(b, zip64 ? 0xffffffff : z.local[i], 4);
    b += name;
    if (zip64) {
      put_le(b, 1, 2);
      put_le(b, 24, 2);
      put_le(b, data.size(), 8);
      put_le(b, data.size(), 8);
      put_le(b, z.local[i], 8);
    }
  }
  const size_t cd_end = b.size();
  if (zip64) {
    put_le(b, 0x06064b50, 4);
    put_le(b, 44, 8);
    put_le(b, 45, 2);
    put_le(b, 45, 2);
    put_le(b, 0, 8);  // disks
    put_le(b, entries.size(), 8);
    put_le(b, entries.size(), 8);
    put_le(b, cd_end - cd, 8);
    put_le(b, cd, 8);
    put_le(b, 0x07064b50, 4);  // locator
    put_le(b, 0, 4);
    put_le(b, cd_end, 8);
    put_le(b, 1, 4);
  }
  z.eocd = b.size();
  put_le(b, 0x06054b50, 4);
  put_le(b, 0, 4);
  put_le(b, zip64 ? 0xffff : entries.size(), 2);
  put_le(b, zip64 ? 0xffff : entries.size(), 2);
  put_le(b, zip64 ? 0xffffffff : cd_end - cd, 4);
  put_le(b, zip64 ? 0xffffffff : cd, 4);
  put_le(b, 0, 2);
  return z;
}

// A torch.save-style archive: archive/data.pkl, archive/data/<key>, version.
inline std::string torch_save_zip(const std::string& pickle, const std::vector<std::pair<std::string, std::string>>& records,
                                  bool align = true) {
  std::vector<std::pair<std::string, std::string>> entries{{"archive/data.pkl", pickle}};
  for (const auto& [key, data] : records) entries.emplace_back("archive/data/" + key, data);
  entries.emplace_back("archive/version", "3\n");
  return make_zip(entries, align).bytes;
}

// A Python 3 interpreter that can `import torch` (PLUMAGE_PYTHON, python3,
// /usr/bin/python3), or empty.
inline std::string python_with_torch() {
  static const std::string found = [] {
    std::vector<std::string> candidates;
    if (const char* env = std::getenv("PLUMAGE_PYTHON"); env && *env) candidates.emplace_back(env);
    candidates.emplace_back("python3");
    candidates.emplace_back("/usr/bin/python3");
    for (const auto& c : candidates)
      if (std::system((c + " -c 'import torch' >/dev/null 2>&1").c_str()) == 0) return c;
    return std::string();
  }();
  return found;
}

inline std::string require_python_torch() {
  const std::string py = python_with_torch();
  if (py.empty()) QSKIP("python3 with torch (Debian python3-torch, install-deps.sh --bench) is not installed");
  return py;
}

}  // namespace torch_craft

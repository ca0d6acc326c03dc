#include "core/engine/safetensors_header.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <unordered_set>

namespace plumage::st {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& source, const std::string& what) {
  throw SafetensorsError(source + ": " + what);
}

struct DTypeRow {
  DType dtype;
  const char* name;
  size_t size;
};

constexpr DTypeRow kDTypes[] = {
    {DType::F64, "F64", 8}, {DType::F32, "F32", 4}, {DType::F16, "F16", 2}, {DType::BF16, "BF16", 2},
    {DType::I64, "I64", 8}, {DType::I32, "I32", 4}, {DType::I16, "I16", 2}, {DType::I8, "I8", 1},
    {DType::U8, "U8", 1},   {DType::BOOL, "BOOL", 1},
};

const DTypeRow& row(DType d) {
  for (const auto& r : kDTypes)
    if (r.dtype == d) return r;
  return kDTypes[1];
}

const DTypeRow* row_by_name(const std::string& name) {
  for (const auto& r : kDTypes)
    if (name == r.name) return &r;
  return nullptr;
}

uint64_t read_u64_le(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// A SAX pass that checks structure only: duplicate keys at any level (keys
// of each open object hashed) and nesting deeper than a safetensors header
// can need (root object -> tensor object -> shape array). Linear in the
// header: the former parse callback searched each object's keys linearly,
// and nlohmann's callback parser also rescans the parent object whenever a
// child object ends, so a header of 100k tensors took minutes.
class StructureCheck : public nlohmann::json_sax<json> {
 public:
  explicit StructureCheck(const std::string& source) : source_(source) {}
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    open();
    keys_.emplace_back();
    return true;
  }
  bool key(string_t& k) override {
    if (!keys_.back().insert(k).second) fail(source_, "duplicate key '" + k + "' in header");
    return true;
  }
  bool end_object() override {
    keys_.pop_back();
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    open();
    return true;
  }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    fail(source_, std::string("header is not valid JSON: ") + e.what());
  }

 private:
  void open() {
    if (depth_ > 3) fail(source_, "header JSON is nested deeper than a safetensors header allows");
    ++depth_;
  }
  const std::string& source_;
  int depth_ = 0;
  std::vector<std::unordered_set<std::string>> keys_;
};

// Parses JSON rejecting duplicate keys at any level and nesting deeper than a
// safetensors header can need: the SAX check first (it stops at the first
// problem, before any value is built), then a plain parse.
json parse_strict_json(const char* begin, const char* end, const std::string& source) {
  StructureCheck check(source);
  json::sax_parse(begin, end, &check);
  try {
    return json::parse(begin, end);
  } catch (const json::exception& e) {
    fail(source, std::string("header is not valid JSON: ") + e.what());
  }
}

uint64_t as_u64(const json& v, const std::string& source, const std::string& tensor, const char* field) {
  if (!v.is_number_unsigned())
    fail(source, "tensor '" + tensor + "': " + field + " must hold non-negative integers");
  return v.get<uint64_t>();
}

}  // namespace

const char* dtype_name(DType d) { return row(d).name; }
size_t dtype_size(DType d) { return row(d).size; }

const TensorInfo* Header::find(const std::string& name) const {
  for (const auto& t : tensors)
    if (t.name == name) return &t;
  return nullptr;
}

Header parse_header(const uint8_t* bytes, size_t size, uint64_t file_size, const std::string& source) {
  if (file_size < 8 || size < 8) fail(source, "file is shorter than the 8-byte header length");
  const uint64_t n = read_u64_le(bytes);
  if (n > kMaxHeaderBytes)
    fail(source, "header length " + std::to_string(n) + " exceeds the limit of " +
                     std::to_string(kMaxHeaderBytes) + " bytes");
  if (n > file_size - 8)
    fail(source, "header length " + std::to_string(n) + " runs past the end of the file (" +
                     std::to_string(file_size) + " bytes)");
  if (size < 8 + n) fail(source, "header is truncated");
  if (n < 2 || bytes[8] != '{') fail(source, "header does not start with a JSON object '{'");

  const char* text = reinterpret_cast<const char*>(bytes + 8);
  json root = parse_strict_json(text, text + n, source);
  if (!root.is_object()) fail(source, "header is not a JSON object");

  Header h;
  h.data_offset = 8 + n;
  const uint64_t data_size = file_size - h.data_offset;

  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string& name = it.key();
    const json& v = it.value();
    if (name == "__metadata__") {
      if (!v.is_object()) fail(source, "__metadata__ must be an object of strings");
      for (auto m = v.begin(); m != v.end(); ++m) {
        if (!m.value().is_string())
          fail(source, "__metadata__ key '" + m.key() + "' must be a string");
        h.metadata[m.key()] = m.value().get<std::string>();
      }
      continue;
    }
    if (!v.is_object()) fail(source, "tensor '" + name + "': entry is not an object");
    auto dt = v.find("dtype");
    auto sh = v.find("shape");
    auto off = v.find("data_offsets");
    if (dt == v.end() || sh == v.end() || off == v.end())
      fail(source, "tensor '" + name + "': needs dtype, shape and data_offsets");
    if (!dt->is_string()) fail(source, "tensor '" + name + "': dtype must be a string");
    const DTypeRow* r = row_by_name(dt->get<std::string>());
    if (!r) fail(source, "tensor '" + name + "': unsupported dtype '" + dt->get<std::string>() + "'");
    if (!sh->is_array()) fail(source, "tensor '" + name + "': shape must be an array");
    if (!off->is_array() || off->size() != 2)
      fail(source, "tensor '" + name + "': data_offsets must be [begin, end]");

    TensorInfo t;
    t.name = name;
    t.dtype = r->dtype;
    uint64_t count = 1;
    for (const auto& d : *sh) {
      const uint64_t dim = as_u64(d, source, name, "shape");
      if (dim > static_cast<uint64_t>(INT64_MAX))
        fail(source, "tensor '" + name + "': dimension " + std::to_string(dim) + " is too large");
      if (__builtin_mul_overflow(count, dim, &count))
        fail(source, "tensor '" + name + "': shape overflows the element count");
      t.shape.push_back(static_cast<int64_t>(dim));
    }
    uint64_t bytes_needed = 0;
    if (__builtin_mul_overflow(count, static_cast<uint64_t>(r->size), &bytes_needed))
      fail(source, "tensor '" + name + "': shape overflows the byte count");
    t.begin = as_u64((*off)[0], source, name, "data_offsets");
    t.end = as_u64((*off)[1], source, name, "data_offsets");
    if (t.end < t.begin) fail(source, "tensor '" + name + "': data_offsets end before they begin");
    if (t.end > data_size)
      fail(source, "tensor '" + name + "': data_offsets [" + std::to_string(t.begin) + ", " +
                       std::to_string(t.end) + "] run past the end of the file");
    if (t.end - t.begin != bytes_needed)
      fail(source, "tensor '" + name + "': shape x dtype size is " + std::to_string(bytes_needed) +
                       " bytes but data_offsets cover " + std::to_string(t.end - t.begin));
    h.tensors.push_back(std::move(t));
  }

  std::sort(h.tensors.begin(), h.tensors.end(), [](const TensorInfo& a, const TensorInfo& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  uint64_t cursor = 0;
  for (const auto& t : h.tensors) {
    if (t.begin != cursor)
      fail(source, "tensor '" + t.name + "': data_offsets " +
                       (t.begin < cursor ? "overlap the previous tensor" : "leave a gap before this tensor"));
    cursor = t.end;
  }
  if (cursor != data_size)
    fail(source, "data section is " + std::to_string(data_size) + " bytes but tensors cover " +
                     std::to_string(cursor) + " (trailing bytes or truncated file)");
  return h;
}

}  // namespace plumage::st

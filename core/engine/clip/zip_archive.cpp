#include "core/engine/clip/zip_archive.h"

#include <algorithm>
#include <unordered_set>

namespace plumage::clip::pt {
namespace {

constexpr uint32_t kEocdSig = 0x06054b50, kZip64LocatorSig = 0x07064b50, kZip64EocdSig = 0x06064b50;
constexpr uint32_t kCentralSig = 0x02014b50, kLocalSig = 0x04034b50;
constexpr uint64_t kEocdSize = 22, kCentralSize = 46, kLocalSize = 30;

[[noreturn]] void fail(const std::string& source, const std::string& what) {
  throw FormatError(source + ": " + what);
}

uint64_t le(const uint8_t* p, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// The end-of-central-directory record: the last signature whose comment
// ends exactly at the end of the file.
uint64_t find_eocd(const uint8_t* b, uint64_t size, const std::string& source) {
  if (size < kEocdSize) fail(source, "not a zip archive (shorter than its end record; truncated?)");
  const uint64_t lowest = size > kEocdSize + 0xffff ? size - kEocdSize - 0xffff : 0;
  for (uint64_t pos = size - kEocdSize;; --pos) {
    if (le(b + pos, 4) == kEocdSig && pos + kEocdSize + le(b + pos + 20, 2) == size) return pos;
    if (pos == lowest) break;
  }
  fail(source, "not a zip archive or truncated (no end-of-central-directory record)");
}

struct Directory {
  uint64_t entries = 0, offset = 0, size = 0, end_limit = 0;
};

Directory read_directory(const uint8_t* b, uint64_t size, const std::string& source) {
  const uint64_t eocd = find_eocd(b, size, source);
  const uint8_t* e = b + eocd;
  if (le(e + 4, 2) != 0 || le(e + 6, 2) != 0 || le(e + 8, 2) != le(e + 10, 2))
    fail(source, "multi-disk zip archives are not supported");
  Directory d{le(e + 10, 2), le(e + 16, 4), le(e + 12, 4), eocd};
  const bool zip64 = d.entries == 0xffff || d.offset == 0xffffffff || d.size == 0xffffffff;
  if (zip64) {
    if (eocd < 20 || le(b + eocd - 20, 4) != kZip64LocatorSig)
      fail(source, "zip64 end record expected before the end record but missing");
    const uint64_t at = le(b + eocd - 20 + 8, 8);
    if (at > eocd - 20 || eocd - 20 - at < 56 || le(b + at, 4) != kZip64EocdSig)
      fail(source, "zip64 end record out of place or malformed");
    const uint8_t* z = b + at;
    if (le(z + 16, 4) != 0 || le(z + 20, 4) != 0 || le(z + 24, 8) != le(z + 32, 8))
      fail(source, "multi-disk zip archives are not supported");
    d = {le(z + 32, 8), le(z + 48, 8), le(z + 40, 8), at};
  }
  if (d.entries > kMaxZipEntries)
    fail(source, "zip archive declares " + std::to_string(d.entries) + " entries (limit " +
                     std::to_string(kMaxZipEntries) + ")");
  if (d.offset > d.end_limit || d.size > d.end_limit - d.offset)
    fail(source, "zip central directory lies outside the file (truncated?)");
  return d;
}

// Zip64 extra field (id 1): the 64-bit values of the fields set to all ones.
void apply_zip64_extra(const uint8_t* extra, uint64_t len, ZipEntry& z, uint64_t& local,
                       bool need_size, bool need_csize, bool need_local, const std::string& where) {
  uint64_t i = 0;
  while (i + 4 <= len) {
    const uint64_t id = le(extra + i, 2), n = le(extra + i + 2, 2);
    if (i + 4 + n > len) fail(where, "extra field runs past its header");
    if (id == 1) {
      uint64_t k = i + 4;
      auto take = [&](uint64_t& v) {
        if (k + 8 > i + 4 + n) fail(where, "zip64 extra field too short");
        v = le(extra + k, 8);
        k += 8;
      };
      if (need_size) take(z.size);
      if (need_csize) take(z.compressed_size);
      if (need_local) take(local);
      return;
    }
    i += 4 + n;
  }
  if (need_size || need_csize || need_local) fail(where, "zip64 sizes announced but no zip64 extra field");
}

}  // namespace

std::vector<ZipEntry> parse_zip(const uint8_t* b, uint64_t size, const std::string& source) {
  const Directory d = read_directory(b, size, source);
  std::vector<ZipEntry> out;
  std::vector<std::pair<uint64_t, uint64_t>> spans;  // [local header, data end) per entry
  std::unordered_set<std::string> names;
  out.reserve(static_cast<size_t>(d.entries));
  uint64_t p = d.offset;
  const uint64_t end = d.offset + d.size;
  for (uint64_t i = 0; i < d.entries; ++i) {
    const std::string where = source + ": zip entry " + std::to_string(i);
    if (end - p < kCentralSize || le(b + p, 4) != kCentralSig)
      fail(where, "central directory record malformed or truncated");
    const uint8_t* c = b + p;
    const uint64_t name_len = le(c + 28, 2), extra_len = le(c + 30, 2), comment_len = le(c + 32, 2);
    if (name_len == 0 || name_len > kMaxZipNameBytes)
      fail(where, "name length " + std::to_string(name_len) + " out of range (1.." +
                      std::to_string(kMaxZipNameBytes) + ")");
    if (end - p - kCentralSize < name_len + extra_len + comment_len)
      fail(where, "central directory record runs past the directory");
    ZipEntry z;
    z.name.assign(reinterpret_cast<const char*>(c + kCentralSize), name_len);
    const std::string at = source + ": zip entry '" + z.name + "'";
    if (le(c + 8, 2) & 1) fail(at, "encrypted entries are not supported");
    z.method = static_cast<uint16_t>(le(c + 10, 2));
    z.compressed_size = le(c + 20, 4);
    z.size = le(c + 24, 4);
    uint64_t local = le(c + 42, 4);
    apply_zip64_extra(c + kCentralSize + name_len, extra_len, z, local, z.size == 0xffffffff,
                      z.compressed_size == 0xffffffff, local == 0xffffffff, at);
    if (!names.insert(z.name).second) fail(at, "duplicate entry name");
    // The local header: only its name and extra lengths are used (sizes may
    // be deferred to a data descriptor); the name must match.
    if (local > d.offset || d.offset - local < kLocalSize || le(b + local, 4) != kLocalSig)
      fail(at, "local header outside the file or malformed");
    const uint64_t lname = le(b + local + 26, 2), lextra = le(b + local + 28, 2);
    z.data_offset = local + kLocalSize + lname + lextra;
    if (lname != name_len || z.data_offset > d.offset ||
        std::string(reinterpret_cast<const char*>(b + local + kLocalSize), lname) != z.name)
      fail(at, "local header does not match the central directory");
    if (z.compressed_size > d.offset - z.data_offset)
      fail(at, "data (" + std::to_string(z.compressed_size) + " bytes) runs past the entries' area of the " +
                   std::to_string(size) + "-byte file (truncated?)");
    if (z.method == 0 && z.size != z.compressed_size)
      fail(at, "stored entry whose sizes disagree");
    spans.emplace_back(local, z.data_offset + z.compressed_size);
    out.push_back(std::move(z));
    p += kCentralSize + name_len + extra_len + comment_len;
  }
  std::sort(spans.begin(), spans.end());
  for (size_t i = 1; i < spans.size(); ++i)
    if (spans[i].first < spans[i - 1].second)
      fail(source, "zip entries overlap (at byte " + std::to_string(spans[i].first) + ")");
  return out;
}

}  // namespace plumage::clip::pt

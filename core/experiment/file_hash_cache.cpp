#include "core/experiment/file_hash_cache.h"

#include "core/data/file_util.h"
#include "core/data/sha256.h"
#include "core/json/parse_limited.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <stdexcept>

namespace plumage::experiment {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kFormat = "plumage.hash_cache";

FileHashCache::Stamp stamp_of(const std::string& path) {
  struct stat sb {};
  if (::stat(path.c_str(), &sb) != 0)
    throw std::runtime_error(path + ": cannot hash the file (" + std::strerror(errno) + ")");
  if (!S_ISREG(sb.st_mode)) throw std::runtime_error(path + ": cannot hash the file (not a regular file)");
  FileHashCache::Stamp s;
  s.size = static_cast<uint64_t>(sb.st_size);
  s.dev = static_cast<uint64_t>(sb.st_dev);
  s.inode = static_cast<uint64_t>(sb.st_ino);
  s.mtime_ns = static_cast<int64_t>(sb.st_mtim.tv_sec) * 1000000000 + sb.st_mtim.tv_nsec;
  return s;
}

int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool is_hash(const std::string& h) {
  return h.size() == 71 && h.rfind("sha256:", 0) == 0 &&
         std::all_of(h.begin() + 7, h.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// The entries of a cache file; throws std::runtime_error saying what is wrong.
std::map<std::string, FileHashCache::Entry> parse_cache(const std::string& text, const std::string& file) {
  const json j = jsonio::parse(text, file, jsonio::kConfig);
  if (!j.is_object() || j.value("format", "") != kFormat || !j.contains("entries") || !j["entries"].is_array())
    throw std::runtime_error(file + ": not a Plumage hash cache (expected {\"format\": \"" + kFormat +
                             "\", \"entries\": [...]})");
  std::map<std::string, FileHashCache::Entry> out;
  const json& entries = j["entries"];
  for (size_t i = 0; i < entries.size(); ++i) {
    const json& e = entries[i];
    const auto where = [&](const char* key) { return file + ": entry " + std::to_string(i) + " key '" + key + "'"; };
    for (const char* key : {"size", "dev", "inode", "mtime_ns", "used"})
      if (!e.is_object() || !e.contains(key) || !e[key].is_number_integer()) throw std::runtime_error(where(key) + " is not an integer");
    for (const char* key : {"path", "hash"})
      if (!e.contains(key) || !e[key].is_string()) throw std::runtime_error(where(key) + " is not a string");
    FileHashCache::Entry x;
    x.stamp.size = e["size"].get<uint64_t>();
    x.stamp.dev = e["dev"].get<uint64_t>();
    x.stamp.inode = e["inode"].get<uint64_t>();
    x.stamp.mtime_ns = e["mtime_ns"].get<int64_t>();
    x.used = e["used"].get<int64_t>();
    x.hash = e["hash"].get<std::string>();
    if (!is_hash(x.hash)) throw std::runtime_error(where("hash") + " is not \"sha256:<64 hex digits>\"");
    out[e["path"].get<std::string>()] = x;
  }
  return out;
}

}  // namespace

std::string FileHashCache::default_file() {
  if (const char* v = std::getenv("PLUMAGE_HASH_CACHE")) return v;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/plumage/hashes.json";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/plumage/hashes.json";
  return "";
}

FileHashCache::FileHashCache() : FileHashCache(default_file()) {}
FileHashCache::FileHashCache(std::string cache_file) : file_(std::move(cache_file)) {}

std::vector<std::string> FileHashCache::warnings() const {
  std::lock_guard<std::mutex> lk(mutex_);
  return warnings_;
}

void FileHashCache::load_locked() {
  if (loaded_) return;
  loaded_ = true;
  std::error_code ec;
  if (file_.empty() || !fs::exists(file_, ec)) return;
  try {
    for (auto& [path, e] : parse_cache(data::read_file_bytes(file_), file_)) cache_.emplace(path, e);
  } catch (const std::exception& e) {
    // A cache is only a shortcut: a bad one is ignored (and rewritten on the next store).
    warnings_.push_back(std::string("ignoring the file hash cache: ") + e.what());
    std::cerr << "warning: " << warnings_.back() << "\n";
  }
}

void FileHashCache::store_locked(const std::string& path, const Entry& e) {
  cache_[path] = e;
  if (file_.empty()) return;
  // Merge with what other processes stored since we read the file.
  std::map<std::string, Entry> all;
  std::error_code ec;
  if (fs::exists(file_, ec)) {
    try {
      all = parse_cache(data::read_file_bytes(file_), file_);
    } catch (const std::exception&) {  // warned about in load_locked, or replaced now
    }
  }
  all[path] = e;
  if (all.size() > kMaxEntries) {  // drop the least recently hashed
    std::vector<std::pair<int64_t, std::string>> by_age;
    for (const auto& [p, x] : all) by_age.emplace_back(x.used, p);
    std::sort(by_age.begin(), by_age.end());
    for (size_t i = 0; i + kMaxEntries < by_age.size(); ++i) all.erase(by_age[i].second);
  }
  json entries = json::array();
  for (const auto& [p, x] : all)
    entries.push_back({{"path", p}, {"size", x.stamp.size}, {"dev", x.stamp.dev}, {"inode", x.stamp.inode},
                       {"mtime_ns", x.stamp.mtime_ns}, {"hash", x.hash}, {"used", x.used}});
  try {
    fs::create_directories(fs::path(file_).parent_path());
    data::write_file_atomic(file_, json{{"format", kFormat}, {"version", 1}, {"entries", entries}}.dump(1));
  } catch (const std::exception& ex) {
    warnings_.push_back(std::string("cannot write the file hash cache: ") + ex.what());
    std::cerr << "warning: " << warnings_.back() << "\n";
  }
}

std::string FileHashCache::hash(const std::string& path) {
  std::error_code ec;
  const fs::path abs = fs::absolute(path, ec);
  const std::string key = ec ? path : abs.lexically_normal().string();
  const Stamp before = stamp_of(path);
  {
    std::lock_guard<std::mutex> lk(mutex_);
    load_locked();
    const auto it = cache_.find(key);
    if (it != cache_.end() && it->second.stamp == before) return it->second.hash;
  }
  std::string h;
  try {
    h = data::sha256_file_tag(path);
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": cannot hash the file (" + e.what() + ")");
  }
  // A file changed while it was read has no stable hash to remember.
  if (stamp_of(path) == before) {
    std::lock_guard<std::mutex> lk(mutex_);
    store_locked(key, Entry{before, h, now_s()});
  }
  return h;
}

}  // namespace plumage::experiment

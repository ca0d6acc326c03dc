#include "core/experiment/run_key.h"

#include "core/data/file_util.h"

#include <filesystem>

namespace plumage::experiment {
namespace fs = std::filesystem;
using nlohmann::json;

std::string FileHashCache::hash(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) throw std::runtime_error(path + ": cannot hash the file (" + ec.message() + ")");
  const long long mtime = static_cast<long long>(fs::last_write_time(path, ec).time_since_epoch().count());
  {
    std::lock_guard<std::mutex> lk(mutex_);
    auto it = cache_.find(path);
    if (it != cache_.end() && it->second.size == size && it->second.mtime == mtime) return it->second.hash;
  }
  const std::string h = data::sha256_tag(data::read_file_bytes(path));
  std::lock_guard<std::mutex> lk(mutex_);
  cache_[path] = Entry{size, mtime, h};
  return h;
}

json key_material(const json& resolved, FileHashCache& files, bool hash_files) {
  json m = resolved;
  m.erase("name");
  m.erase("description");
  m.erase("device");
  if (!hash_files) return m;
  if (m.contains("features")) {
    json& f = m["features"];
    for (const char* k : {"image", "class_text"}) {
      if (f.contains(k)) f[k] = files.hash(f[k].get<std::string>());
    }
    if (f.contains("text")) {
      for (auto& [src, p] : f["text"].items()) p = files.hash(p.get<std::string>());
    }
  }
  if (m.contains("converter") && m["converter"] != "identity") {
    m["converter"] = files.hash(m["converter"].get<std::string>());
  }
  return m;
}

std::string run_key(const json& resolved, FileHashCache& files, bool hash_files) {
  const std::string h = data::sha256_tag(key_material(resolved, files, hash_files).dump());
  return "r" + h.substr(std::string("sha256:").size(), 20);
}

std::string json_hash(const json& j) { return data::sha256_tag(j.dump()); }

}  // namespace plumage::experiment

#include "core/experiment/run_key.h"

#include "core/data/file_util.h"


namespace plumage::experiment {
using nlohmann::json;

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

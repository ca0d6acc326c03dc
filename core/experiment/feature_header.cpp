#include "core/experiment/feature_header.h"

#include "core/engine/safetensors.h"
#include "core/json/parse_limited.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace plumage::experiment {

FeatureFileInfo read_feature_file_info(const std::string& path) {
  // Mapped, not read: only the header's pages are touched. st::File throws
  // SafetensorsError (a std::runtime_error) naming the file.
  const st::File file(path);
  const st::Header& h = file.header();
  FeatureFileInfo info;
  info.metadata = h.metadata;
  for (const auto& t : h.tensors) {
    info.tensor_names.push_back(t.name);
    info.tensor_shapes[t.name] = t.shape;
  }
  auto it = h.metadata.find("class_names");
  if (it != h.metadata.end()) {
    nlohmann::json j;
    try {
      j = jsonio::parse(it->second, path + ": metadata 'class_names'", jsonio::kData);
    } catch (const jsonio::Error& e) {
      throw std::runtime_error(e.what());
    }
    if (!j.is_array()) throw std::runtime_error(path + ": metadata 'class_names' is not a JSON list");
    for (const auto& n : j) {
      if (!n.is_string()) throw std::runtime_error(path + ": metadata 'class_names' holds a non-string");
      info.class_names.push_back(n.get<std::string>());
    }
  }
  return info;
}

}  // namespace plumage::experiment

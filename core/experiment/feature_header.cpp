#include "experiment/feature_header.h"

#include "engine/safetensors_header.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace plumage::experiment {

FeatureFileInfo read_feature_file_info(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw std::runtime_error(path + ": cannot read feature file (" + ec.message() + ")");
  std::ifstream in(path, std::ios::binary);
  if (!in || size < 8) throw std::runtime_error(path + ": not a safetensors file (too short)");
  uint8_t len_bytes[8];
  in.read(reinterpret_cast<char*>(len_bytes), 8);
  uint64_t header_len = 0;
  for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | len_bytes[i];
  if (header_len > st::kMaxHeaderBytes || header_len + 8 > size) {
    throw std::runtime_error(path + ": not a safetensors file (bad header length)");
  }
  std::vector<uint8_t> bytes(8 + header_len);
  std::copy(len_bytes, len_bytes + 8, bytes.begin());
  in.read(reinterpret_cast<char*>(bytes.data() + 8), static_cast<std::streamsize>(header_len));
  if (!in) throw std::runtime_error(path + ": truncated safetensors header");
  const st::Header h = st::parse_header(bytes.data(), bytes.size(), size, path);
  FeatureFileInfo info;
  info.metadata = h.metadata;
  for (const auto& t : h.tensors) info.tensor_names.push_back(t.name);
  auto it = h.metadata.find("class_names");
  if (it != h.metadata.end()) {
    const auto j = nlohmann::json::parse(it->second, nullptr, false);
    if (!j.is_array()) throw std::runtime_error(path + ": metadata 'class_names' is not a JSON list");
    for (const auto& n : j) {
      if (!n.is_string()) throw std::runtime_error(path + ": metadata 'class_names' holds a non-string");
      info.class_names.push_back(n.get<std::string>());
    }
  }
  return info;
}

}  // namespace plumage::experiment

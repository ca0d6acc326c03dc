// What validation needs from a feature file without loading its tensors:
// the safetensors header's metadata (kind, class_names, ...). Torch-free.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace plumage::experiment {

struct FeatureFileInfo {
  std::map<std::string, std::string> metadata;
  std::vector<std::string> tensor_names;
  std::map<std::string, std::vector<int64_t>> tensor_shapes;  // by name
  std::vector<std::string> class_names;  // metadata "class_names" (a JSON list), if present
};

// Throws std::runtime_error naming the file when it is missing or not a
// valid safetensors file.
FeatureFileInfo read_feature_file_info(const std::string& path);

}  // namespace plumage::experiment

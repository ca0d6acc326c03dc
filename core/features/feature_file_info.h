// What a Plumage feature file holds, read from its safetensors header alone:
// no LibTorch, so the UI can list and check feature files cheaply. The full
// reader (tensors + validation of their values) is in feature_file.h.
//
// The format is documented in README.md, "Feature files".
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace plumage::features {

// Metadata values written into every feature file.
inline constexpr const char* kFormatName = "plumage.features";
inline constexpr const char* kFormatVersion = "1";

class FeatureFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class FeatureKind { Image, Text };
std::string to_string(FeatureKind k);  // "image" / "text"

// The CLIP model that produced the features.
struct ModelInfo {
  std::string name;          // e.g. "ViT-B/16" or the file name
  std::string path;          // weights file as given
  std::string format;        // "openai-torchscript", "openai-state-dict", "huggingface"
  std::string weights_hash;  // content hash of the weights (format-independent)
};

// The image set the features were computed from.
struct DatasetInfo {
  std::string root;         // dataset root (or "" for a list of files)
  std::string kind;         // "cub", "manifest", "files", ...
  std::string images_hash;  // sha256 of the image list (id, path, label, split)
  int64_t image_count = 0;  // images listed (rows + skipped)
};

// An image that could not be encoded (listed in metadata, not a row).
struct SkippedImage {
  int64_t image_id = -1;
  std::string path;
  std::string reason;
};

// Header-level summary of a feature file.
struct FeatureFileInfo {
  std::string path;
  FeatureKind kind = FeatureKind::Image;
  int64_t rows = 0;
  int64_t dim = 0;
  bool has_tokens = false;      // text files written with --tokens
  int64_t token_width = 0;      // W of tokens [M,L,W]
  ModelInfo model;
  DatasetInfo dataset;
  std::vector<std::string> class_names;
  std::vector<SkippedImage> skipped;  // image files
  std::string source;                 // text files: "reed", "llm", "coco", "file"
  std::string preprocess;             // image files: JSON
  std::string cache_key;
  std::map<std::string, std::string> metadata;  // everything, raw
};

// Reads and checks the header: the format marker, kind, required tensors with
// the right dtypes and consistent shapes, and the JSON metadata. Throws
// FeatureFileError naming the file and the offending key or tensor.
FeatureFileInfo read_feature_info(const std::string& path);

// Metadata <-> structs (shared by the writer and the readers).
std::string model_to_json(const ModelInfo& m);
ModelInfo model_from_json(const std::string& json, const std::string& where);
std::string dataset_to_json(const DatasetInfo& d);
DatasetInfo dataset_from_json(const std::string& json, const std::string& where);
std::string skipped_to_json(const std::vector<SkippedImage>& s);
std::vector<SkippedImage> skipped_from_json(const std::string& json, const std::string& where);
std::string strings_to_json(const std::vector<std::string>& s);
std::vector<std::string> strings_from_json(const std::string& json, const std::string& where);

}  // namespace plumage::features

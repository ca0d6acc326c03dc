// What a Plumage feature file holds, read from its safetensors header alone
// (no LibTorch in this header; no tensor data is read). The format's rules are
// engine/train's (feature_file_format.h, feature_sets.h); this layer parses
// the metadata it owns: model, dataset, skipped, preprocess, cache_key. The
// full reader is feature_file.h; the format is in README.md, "Feature files".
#pragma once

#include "core/engine/train/feature_file_format.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace plumage::features {

// Metadata values written into every feature file.
inline constexpr const char* kFormatName = train::kFeatureFormatName;
inline constexpr const char* kFormatVersion = train::kFeatureFormatVersion;

// One error type for the format, whichever layer reads it.
using FeatureFileError = train::FeatureFileError;

using train::FeatureKind;
using train::to_string;

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

// Header-level summary of a feature file: the layout (kind, rows, dim,
// tokens, class_names) and the metadata.
struct FeatureFileInfo : train::FeatureLayout {
  std::string path;
  ModelInfo model;
  DatasetInfo dataset;
  std::vector<SkippedImage> skipped;  // image files
  std::string source;                 // text files: "reed", "llm", "coco", "file"
  std::string preprocess;             // image files: JSON
  std::string cache_key;
  std::map<std::string, std::string> metadata;  // everything, raw
};

// Reads and checks the header (train::read_feature_layout) and the metadata
// above. Throws FeatureFileError naming the file and the key or tensor.
// (Defined in feature_file.cpp, next to the readers that share its parsing.)
FeatureFileInfo read_feature_info(const std::string& path);

// Metadata <-> structs (shared by the writer and the readers).
std::string model_to_json(const ModelInfo& m);
ModelInfo model_from_json(const std::string& json, const std::string& where);
std::string dataset_to_json(const DatasetInfo& d);
DatasetInfo dataset_from_json(const std::string& json, const std::string& where);
std::string skipped_to_json(const std::vector<SkippedImage>& s);
std::vector<SkippedImage> skipped_from_json(const std::string& json, const std::string& where);
std::string strings_to_json(const std::vector<std::string>& s);

}  // namespace plumage::features

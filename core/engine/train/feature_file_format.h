// The feature-file rules a safetensors header alone can check (no LibTorch):
// metadata 'format' and 'kind', each kind's tensors with their dtypes, ranks
// and row counts, 'tokens' with 'lengths', and the metadata 'class_names',
// 'source' and 'texts'. feature_sets.h adds the checks on the values (both
// are implemented in feature_sets.cpp). The format: README.md, "Feature files".
#pragma once

#include "core/engine/safetensors_header.h"

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace plumage::train {

inline constexpr const char* kFeatureFormatName = "plumage.features";
inline constexpr const char* kFeatureFormatVersion = "1";

// Every violation of the format; the message names the file and the tensor or key.
class FeatureFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class FeatureKind { Image, Text };
std::string to_string(FeatureKind k);  // "image" / "text"

// What a header that passed check_feature_layout describes.
struct FeatureLayout {
  FeatureKind kind = FeatureKind::Image;
  int64_t rows = 0;
  int64_t dim = 0;
  bool has_tokens = false;  // text files written with --tokens
  int64_t token_width = 0;  // W of tokens [M,L,W]
  std::vector<std::string> class_names;  // metadata 'class_names'; empty when absent
};

// Checks the header of `path`; `kind` unset accepts either kind.
FeatureLayout check_feature_layout(const st::Header& h, std::optional<FeatureKind> kind, const std::string& path);

// The CLIP model that made a file, from its metadata 'model': a JSON object
// {"name", "weights_hash", ...} as core/features writes it. Files made
// elsewhere may hold a plain name or nothing: fields are "" when unknown.
struct ClipModelId {
  std::string name;
  std::string weights_hash;
};
ClipModelId clip_model_of(const std::map<std::string, std::string>& metadata);
// "ViT-B/16 (weights 0123456789ab)", "unknown model" when nothing is known.
std::string describe(const ClipModelId& m);
// "" when `a` and `b` may come from one model (same weights hash, or either
// unknown); else why not, naming both files and both models.
std::string clip_model_mismatch(const std::string& file_a, const ClipModelId& a, const std::string& file_b,
                                const ClipModelId& b);

// Metadata `key` of `path` as a JSON list of strings.
std::vector<std::string> json_strings(const std::string& text, const std::string& path, const std::string& key);

}  // namespace plumage::train

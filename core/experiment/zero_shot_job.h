// Zero-shot classification of the test images from class prompts, for
// `plumage-cli zero-shot`: class texts from a class-level text feature file,
// or encoded on the spot with a CLIP model from prompt templates or a
// descriptors file (the same encoder as encode-texts). Torch-free header.
#pragma once

#include "core/experiment/engine_types.h"

#include <atomic>
#include <string>
#include <vector>

namespace plumage::experiment {

using train::ZeroShotResult;

struct ZeroShotJobParams {
  std::string image_path;        // image feature file
  std::string class_texts_path;  // class-level text features, or:
  std::string model_path;        // a CLIP model with
  std::string vocab_path;        //   its BPE vocabulary, and
  std::vector<std::string> templates;  // "{}" = the class name (empty: the default template), or
  std::string descriptors_path;  //   a descriptors JSON {class: [descriptor, ...]}
  std::string device = "auto";
  const std::atomic<bool>* cancel = nullptr;
};

// Throws std::invalid_argument for a bad request, and the loaders' errors
// (FeatureFileError, ClipLoadError, TokenizerError: std::runtime_error)
// naming the file.
ZeroShotResult zero_shot_job(const ZeroShotJobParams& params);

}  // namespace plumage::experiment

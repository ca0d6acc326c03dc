// One CLIP model per experiment: every feature file names the weights hash
// of the CLIP model that made it (metadata 'model'), and a converter
// checkpoint the hash of the features it was trained on (its training
// record). Inputs whose known hashes differ are refused before anything
// runs. An input without a hash (features made elsewhere, a converter older
// than the record) cannot be checked: it is allowed, with a note. Torch-free.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace plumage::experiment {

struct ModelInput {
  std::string role;  // what it is to the job: "features.image", "converter", ...
  std::string path;
};

// Two inputs from different CLIP models.
struct ModelMismatch {
  ModelInput a, b;              // b is the reference (the first input with a hash)
  std::string model_a, model_b;  // "ViT-B/32 (weights 0123456789ab)"
  std::string message;           // names both files and both models (not a's role)
};

struct ModelCheck {
  std::vector<ModelMismatch> mismatches;
  // Said, not refused: inputs whose model is unknown, converters trained on test images.
  std::vector<std::string> notes;
  // The model the inputs share ("" when none has a hash).
  std::string model;
};

// Reads the inputs' headers (no tensor data). Unreadable files are skipped:
// the checks that read them in full report those.
ModelCheck check_one_clip_model(const std::vector<ModelInput>& inputs);

// The inputs of a resolved experiment config (experiment_config.h): its
// feature files and its converter checkpoint.
std::vector<ModelInput> experiment_model_inputs(const nlohmann::json& resolved_config);

}  // namespace plumage::experiment

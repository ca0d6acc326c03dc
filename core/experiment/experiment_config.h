// One experiment = one run's full description, as JSON:
//
//   {
//     "name": "thesis (90, 10) + Reed",          optional, not part of the run key
//     "method": "adapter",                        adapter | linear_probe | zero_shot
//     "features": {
//       "image": "feat/cub_image.safetensors",    image feature file (train + test)
//       "text": {"reed": "feat/reed.safetensors", "llm": "feat/llm.safetensors"},
//       "class_text": "feat/prompts.safetensors"  zero_shot, adapter.init_from_zero_shot
//     },
//     "converter": "identity",                    or a converter checkpoint file
//     "text_source": "reed",                      none | reed | llm
//     "sampling": "per-class",                    per-class | global
//     "image_ratio": 0.9,                         in [0, 1]
//     "per_class_ratios": {"001.Black_footed_Albatross": 0.5},  optional overrides
//     "caption_use": "one-per-epoch",             all | one-per-epoch
//     "val_fraction": 0.1,
//     "adapter": {"epochs": 100, "lr": 0.001, ...},   engine AdapterConfig keys
//     "linear_probe": {"weight_decays": [0, 1e-4]},
//     "seed": 0,
//     "device": "auto"                            not part of the run key
//   }
//
// Relative paths are taken from the directory of the config file. Checking
// reports every problem at once, each naming its key: unknown keys, wrong
// types, ratios outside [0, 1], missing feature files, per-class ratios that
// name classes the image features do not have.
#pragma once

#include "core/experiment/config_error.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace plumage::experiment {

struct ResolveOptions {
  std::string base_dir;     // relative paths resolve against it ("" = current directory)
  bool check_files = true;  // feature files must exist and be valid (classes read from them)
};

// The config with every default filled in, paths absolute, names canonical:
// what a run stores and what its key is computed from.
struct ResolvedExperiment {
  nlohmann::json config;
  std::string method() const { return config.at("method").get<std::string>(); }
  int64_t seed() const { return config.at("seed").get<int64_t>(); }
};

// Problems of `raw` (empty = valid); `out` receives the resolved config when valid.
std::vector<std::string> check_experiment(const nlohmann::json& raw, const ResolveOptions& options,
                                          ResolvedExperiment* out = nullptr);

// check_experiment, throwing ConfigError(source, problems) when there are any.
ResolvedExperiment resolve_experiment(const nlohmann::json& raw, const ResolveOptions& options,
                                      const std::string& source);

// Reads a JSON file; throws ConfigError naming the file (and line/column of
// a syntax error).
nlohmann::json read_json_file(const std::string& path);

}  // namespace plumage::experiment

// What the Setup page's per-class ratio table previews before a launch: the
// rows of the chosen feature files (read once, on a worker) and the plan an
// experiment config makes from them, by the same code a run uses, so the
// table shows what a run will train on. Torch-free header.
#pragma once

#include "core/experiment/engine_types.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace plumage::experiment {

struct PlanPreviewInputs {
  std::vector<std::string> class_names;
  PlanInputs inputs;
  bool has_texts = false;
};

// Reads the rows of an image feature file and, when `text_path` is not empty,
// of a text feature file. Throws (FeatureFileError etc.) naming the file.
PlanPreviewInputs load_plan_inputs(const std::string& image_path, const std::string& text_path);

// The ratio-plan part of an experiment config (experiment_config.h keys
// image_ratio, per_class_ratios, sampling, text_source, caption_use,
// val_fraction, seed; missing keys keep their defaults). Per-class ratios are
// matched to `class_names`. Throws std::invalid_argument naming a bad value.
RatioPlanConfig ratio_plan_config(const nlohmann::json& experiment, const std::vector<std::string>& class_names);

}  // namespace plumage::experiment

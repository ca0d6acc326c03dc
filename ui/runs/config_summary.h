// One-line summary of a run's resolved config for the runs table
// ("+ Reed · qformer-coco · per-class · images 50% · seed 1"): method, text
// source, converter by name, sampling, ratio and seed, never a path, so runs
// of a sweep can be told apart at a glance. The files are in the tooltip.
#pragma once

#include <QString>

#include <nlohmann/json_fwd.hpp>

namespace plumage::ui {

QString summarizeConfig(const nlohmann::json& config);
// The run's input files with their full paths, one per line, for hovering.
QString configFilesTooltip(const nlohmann::json& config);

}  // namespace plumage::ui

// One-line summary of a run's resolved config for the runs table
// ("reed · per-class · images 50% · seed 1"), so runs of a sweep can be told
// apart at a glance. Reads the experiment config's keys wherever they sit.
#pragma once

#include <QString>

#include <nlohmann/json_fwd.hpp>

namespace plumage::ui {

QString summarizeConfig(const nlohmann::json& config);

}  // namespace plumage::ui

#include "core/experiment/sweep_file.h"

#include <string>

namespace plumage::experiment {
using nlohmann::json;

json compose_sweep_file(const SweepFileParts& parts) {
  json grid = parts.other_grid;
  if (parts.seeds && parts.seeds->size() > 1) grid["seed"] = json(*parts.seeds);
  if (!parts.image_ratios.empty()) grid["image_ratio"] = json(parts.image_ratios);
  if (grid.empty()) return parts.base;
  json sweep = parts.extras;
  sweep["name"] = parts.base.value("name", std::string("sweep"));
  sweep["base"] = parts.base;
  sweep["grid"] = grid;
  return sweep;
}

SweepFileParts split_sweep_file(const json& file) {
  SweepFileParts parts;
  parts.base = file.contains("base") ? file["base"] : file;
  if (!file.contains("grid") || !file["grid"].is_object()) return parts;
  for (const auto& item : file["grid"].items()) {
    if (item.key() == "seed" && item.value().is_array()) {
      parts.seeds.emplace();
      for (const auto& s : item.value())
        if (s.is_number_integer()) parts.seeds->push_back(s.get<int64_t>());
    } else if (item.key() == "image_ratio" && item.value().is_array()) {
      for (const auto& r : item.value()) parts.image_ratios.push_back(r.get<double>());
    } else {
      parts.other_grid[item.key()] = item.value();
    }
  }
  for (const char* k : {"exclude", "table", "name", "description"})
    if (file.contains(k)) parts.extras[k] = file[k];
  return parts;
}

int count_planned_runs(const json& file) {
  if (!file.contains("grid") || !file["grid"].is_object()) return 1;
  int n = 1;
  for (const auto& item : file["grid"].items()) n *= item.value().is_array() ? int(item.value().size()) : 1;
  return n;
}

}  // namespace plumage::experiment

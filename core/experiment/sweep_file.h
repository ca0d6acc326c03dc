// The sweep file the Setup page writes and reads back: the experiment as
// "base" plus a "grid" of seeds, image ratios and any other varied keys, and
// the sweep-level keys (exclude, table, name, description). One place for the
// layout so the page does not build it by hand.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace plumage::experiment {

struct SweepFileParts {
  nlohmann::json base = nlohmann::json::object();  // the experiment config
  // Composing: one run per seed, a grid list only for more than one seed.
  // Splitting: the grid's seed list (its integers), unset when it has none.
  std::optional<std::vector<int64_t>> seeds;
  std::vector<double> image_ratios;                      // empty: the base's ratio
  nlohmann::json other_grid = nlohmann::json::object();  // grid keys besides seed and image_ratio
  nlohmann::json extras = nlohmann::json::object();      // exclude, table, name, description
};

// A sweep file {extras..., name, base, grid}, named after the base; the plain
// base when nothing varies.
nlohmann::json compose_sweep_file(const SweepFileParts& parts);

// The inverse: a sweep file or a plain experiment config (all base). Extras
// are kept only with a grid. Throws nlohmann::json::exception when an
// image_ratio list holds a non-number.
SweepFileParts split_sweep_file(const nlohmann::json& file);

// Runs in the grid's product (1 without a grid).
int count_planned_runs(const nlohmann::json& file);

}  // namespace plumage::experiment

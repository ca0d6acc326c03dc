// A dataset health report: counts, per-class balance, image sizes, caption
// and description coverage, and every problem found. Backs
// `plumage-cli dataset inspect` and the GUI's dataset summary.
#pragma once

#include "core/data/dataset.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace plumage::data {

struct InspectOptions {
  std::string reed_dir;           // optional Reed captions folder
  std::string descriptions_file;  // optional descriptions store or Menon/CuPL list
  bool check_images = true;       // read every image header (size, truncation)
  // Progress: (done, total) while checking images; may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
};

struct InspectReport {
  std::string root, kind;
  std::size_t classes = 0, images = 0, train = 0, test = 0;
  std::size_t per_class_min = 0, per_class_median = 0, per_class_max = 0;
  // Image sizes from headers (only when check_images).
  std::size_t images_checked = 0, grayscale_images = 0, size_unknown = 0;
  int min_width = 0, max_width = 0, min_height = 0, max_height = 0;
  std::optional<std::size_t> images_with_captions, caption_count;
  std::optional<std::size_t> classes_with_descriptions, description_variants;
  std::vector<std::string> notes;   // informational (e.g. names in a descriptor list matching no class)
  std::vector<Diagnostic> problems;  // everything wrong; the dataset is valid when empty

  bool valid() const { return problems.empty(); }
  nlohmann::ordered_json to_json() const;
  std::string to_text() const;
};

// Reads the dataset leniently so that every problem is listed at once.
// Throws DataError only when nothing can be read (no such directory, ...).
InspectReport inspect_dataset(const std::string& path, const InspectOptions& options = {});

}  // namespace plumage::data

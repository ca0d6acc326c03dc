// The common in-memory form of an image-classification dataset, shared by
// every reader (CUB-200-2011, manifest files, the demo generator) and used by
// feature extraction, the GUI browser and the experiment runner.
//
// Ids vs. indices:
//  - ImageRecord::id is the dataset's own image id (CUB: 1-based, kept as in
//    images.txt; manifests: 1-based line order unless the file gives ids).
//  - ClassInfo::id is the dataset's own class id (CUB: 1-based from classes.txt).
//  - ImageRecord::label is the 0-based index into Dataset::classes, which
//    are ordered by class id. Training and feature files use `label`.
#pragma once

#include "core/data/diagnostics.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace plumage::data {

struct BoundingBox {
  double x = 0, y = 0, width = 0, height = 0;  // pixels, top-left origin
};

struct ClassInfo {
  int id = 0;                // dataset's class id (CUB: 1-based)
  std::string name;          // key / folder name, e.g. "001.Black_footed_Albatross"
  std::string display_name;  // "Black footed Albatross"
};

struct ImageRecord {
  int64_t id = 0;            // dataset's image id (CUB: 1-based, kept)
  std::string path;          // relative to Dataset::image_root, '/' separated
  int label = -1;            // 0-based index into Dataset::classes
  bool is_train = true;
  std::optional<BoundingBox> bbox;
};

// CUB attribute annotations (attributes.txt + attributes/image_attribute_labels.txt).
struct AttributeAnnotations {
  std::vector<std::string> names;    // names[a] for attribute id a+1
  // Row-major [images.size() x names.size()], aligned with Dataset::images.
  std::vector<uint8_t> present;      // 0/1
  std::vector<uint8_t> certainty;    // CUB certainty id 1..4; 0 = not annotated
};

// CUB part locations (parts/parts.txt + parts/part_locs.txt).
struct PartAnnotations {
  struct Location {
    float x = 0, y = 0;
    bool visible = false;
  };
  std::vector<std::string> names;    // names[p] for part id p+1
  std::vector<Location> locations;   // [images.size() x names.size()]
};

struct Dataset {
  std::string kind;        // "cub", "manifest"
  std::string root;        // the directory (or manifest file) it was read from
  std::string image_root;  // ImageRecord::path is relative to this
  std::vector<ClassInfo> classes;
  std::vector<ImageRecord> images;
  std::optional<AttributeAnnotations> attributes;
  std::optional<PartAnnotations> parts;
  // Problems found while reading in lenient mode (the entries were skipped).
  std::vector<Diagnostic> warnings;

  std::string image_path(const ImageRecord& r) const;  // image_root + '/' + path; an absolute path as it is
  std::size_t train_count() const;
  std::size_t test_count() const { return images.size() - train_count(); }
  // Images per class, indexed by label.
  std::vector<std::size_t> class_counts() const;
  // Index into classes, or -1.
  int class_index(const std::string& name) const;
  // Index into images of the image with this id, or -1.
  long image_index(int64_t id) const;
  std::vector<std::string> class_names() const;
};

struct ReadOptions {
  ReadMode mode = ReadMode::Strict;
  bool check_files_exist = true;  // stat every listed image
};

}  // namespace plumage::data

// Reader for the CUB-200-2011 layout:
//   ROOT/classes.txt               "<class id> <class dir>"
//   ROOT/images.txt                "<image id> <class dir>/<file>"
//   ROOT/image_class_labels.txt    "<image id> <class id>"
//   ROOT/train_test_split.txt      "<image id> <1 = train | 0 = test>"
//   ROOT/bounding_boxes.txt        "<image id> <x> <y> <width> <height>"
//   ROOT/images/<class dir>/<file>
// optional:
//   attributes.txt (at ROOT, where the archive puts it, or in attributes/)
//   attributes/image_attribute_labels.txt "<image> <attribute> <present> <certainty> <time>"
//   parts/parts.txt, parts/part_locs.txt  "<image> <part> <x> <y> <visible>"
//
// CRLF, trailing spaces and blank lines are accepted. Every inconsistency is
// reported with file:line: ids missing from one file, duplicates, labels that
// disagree with the folder, listed images that do not exist, non-numeric
// fields. Strict mode throws DataError listing all of them; lenient mode
// skips the affected images and returns the problems in Dataset::warnings.
#pragma once

#include "core/data/dataset.h"

#include <string>

namespace plumage::data {

// True when ROOT has images.txt and classes.txt.
bool looks_like_cub(const std::string& root);

Dataset read_cub(const std::string& root, const ReadOptions& options = {});

}  // namespace plumage::data

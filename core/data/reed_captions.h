// Reed et al. (2016) captions: TEXT_DIR/<class folder>/<image stem>.txt with
// 10 captions, one per line, for every CUB image (the "text_c10" folder).
//
// Joined to a Dataset by the image's folder and file stem. Reported (with
// file:line): images with no caption file, files with a caption count other
// than expected, undecodable bytes (invalid UTF-8, or U+FFFD artefacts of an
// earlier bad decode), and caption folders whose names resemble a dataset
// class but do not match it exactly (reported, never guessed). Folders that
// match no class at all (e.g. the other 160 classes when the dataset is a
// subset) are only counted.
#pragma once

#include "core/data/dataset.h"

#include <string>
#include <vector>

namespace plumage::data {

struct ImageCaptions {
  // per_image[i] holds the captions of Dataset::images[i] (empty when missing).
  std::vector<std::vector<std::string>> per_image;
  std::vector<Diagnostic> warnings;       // lenient mode: problems found (data kept where usable)
  std::size_t unused_folders = 0;         // caption folders matching no dataset class
  std::size_t unused_files = 0;           // caption files with no dataset image

  std::size_t images_with_captions() const;
  std::size_t caption_count() const;
};

struct CaptionReadOptions {
  ReadMode mode = ReadMode::Strict;
  std::size_t expected_per_image = 10;
};

// Strict: throws DataError listing every problem. Lenient: lines with
// undecodable bytes are kept with those bytes removed; files with the wrong
// line count are kept as they are; all of it is listed in `warnings`.
ImageCaptions read_reed_captions(const Dataset& ds, const std::string& text_dir,
                                 const CaptionReadOptions& options = {});

}  // namespace plumage::data

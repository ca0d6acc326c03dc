// MS-COCO captions (captions_train2017.json / captions_val2017.json):
//   {"images": [{"id", "file_name", "width", "height", ...}],
//    "annotations": [{"id", "image_id", "caption"}], ...}
// Parsed with a streaming (SAX) reader that keeps only these fields, so the
// 90 MB training file needs no JSON tree in memory. Used to train the
// text-to-image converter on (image, caption) pairs.
#pragma once

#include "core/data/diagnostics.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace plumage::data {

struct CocoImage {
  int64_t id = 0;
  std::string file_name;
  int width = 0, height = 0;  // 0 when absent
};

struct CocoCaption {
  int64_t id = 0;
  int64_t image_id = 0;
  std::size_t image_index = 0;  // into CocoCaptions::images
  std::string caption;
};

struct CocoCaptions {
  std::string json_path;
  std::string image_dir;  // resolved folder of the images; empty when not found
  std::vector<CocoImage> images;
  std::vector<CocoCaption> captions;  // only those whose image is known
  std::vector<Diagnostic> warnings;   // lenient mode: skipped entries
  std::vector<std::string> notes;     // information that is not an error (image folder not found, ...)

  std::string image_path(const CocoImage& im) const;  // image_dir + '/' + file_name
  // (image index, caption index) for every caption.
  std::vector<std::pair<std::size_t, std::size_t>> pairs() const;
  std::size_t images_with_captions() const;
};

struct CocoReadOptions {
  ReadMode mode = ReadMode::Strict;
  // Folder of the images. Empty: try <json dir>/../<split>, <json dir>/<split>
  // and <json dir>/../images/<split>, with <split> from the file name
  // ("captions_val2017.json" -> "val2017").
  std::string image_dir;
  bool check_files_exist = false;  // stat every image file (needs image_dir)
};

CocoCaptions read_coco_captions(const std::string& json_path, const CocoReadOptions& options = {});

}  // namespace plumage::data

// Writing a text feature file in chunks of rows, so that encoding 591k COCO
// captions with per-token outputs (47 GB in float16) needs memory for one
// chunk only. The file is the one save_text_features writes for the same
// rows, byte for byte, and appears only on commit().
#pragma once

#include "core/engine/train/feature_sets.h"

#include <c10/core/ScalarType.h>

#include <cstdint>
#include <memory>
#include <string>

namespace plumage::st {
class ChunkedWriter;
}

namespace plumage::train {

// What the file will hold: `rows` rows of pooled width `dim`; with
// `context` > 0, tokens [rows, context, token_width] stored as `token_dtype`
// (float16 or float32) and lengths.
struct TextFeatureShape {
  int64_t rows = 0, dim = 0;
  int64_t context = 0, token_width = 0;
  at::ScalarType token_dtype = at::kHalf;
};

class ChunkedTextFeatureWriter {
 public:
  // `header` gives the metadata fields (source, model, dataset, class_names,
  // texts_json, metadata); its tensors are not used. Throws FeatureFileError
  // when the layout breaks the format (e.g. 'texts' has another row count).
  ChunkedTextFeatureWriter(const std::string& path, const TextFeatureSet& header, const TextFeatureShape& shape);
  ~ChunkedTextFeatureWriter();

  // The next rows: features, labels, image_ids, text_index (and tokens,
  // lengths when the file has tokens; tokens are converted to its dtype).
  // Checked as the format requires before anything is written.
  void append(const TextFeatureSet& rows);
  // Throws unless every row was appended.
  void commit();

 private:
  std::string path_;
  std::vector<std::string> class_names_;
  bool tokens_ = false;
  std::unique_ptr<st::ChunkedWriter> out_;
};

}  // namespace plumage::train

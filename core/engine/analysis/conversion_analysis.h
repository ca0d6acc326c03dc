// Per-pair view of a converter on a feature set: which text rows pair with
// which image rows, each pair's cosine(converted text, paired image) for a
// histogram, and the aggregate ConversionDiagnostics (R@1/R@5, gap).
#pragma once

#include "core/engine/train/converter.h"

#include <ATen/core/Tensor.h>

namespace plumage::analysis {

struct TextImagePairs {
  at::Tensor text_rows;   // [n] int64: rows of the text set with image_id >= 0
  at::Tensor image_rows;  // [n] int64: the image row with that image id
};

// Pairs every text row that names an image (image_id >= 0) with that image's
// row. Throws std::invalid_argument naming the text file and row when an id
// is missing from the image set.
TextImagePairs pair_texts_with_images(const train::ImageFeatureSet& images, const train::TextFeatureSet& texts);

// cosine(a[i], b[i]) for every row; both [n,E]. Rows of zero norm give 0.
at::Tensor row_cosines(const at::Tensor& a, const at::Tensor& b);

struct ConversionAnalysis {
  TextImagePairs pairs;
  at::Tensor converted;  // [n,E] float32: converter output for pairs.text_rows
  at::Tensor cosines;    // [n] float32: cosine(converted, paired image)
  train::ConversionDiagnostics diagnostics;
};

// Runs the converter on every paired text and measures it against the paired
// images (L2-normalized first when the converter was trained normalized).
ConversionAnalysis analyze_conversion(const train::Converter& converter, const train::ImageFeatureSet& images,
                                      const train::TextFeatureSet& texts);

}  // namespace plumage::analysis

// Conversion diagnostics of one converter on one image/text feature pair:
// per-pair cosines (histogram), R@1/R@5, mean cosine, modality gap, and a
// shared 2-D PCA of image, raw-text and converted-text embeddings of chosen
// classes. Torch-free so the results page can ask for them; the work is done
// by engine/analysis in the .cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace plumage::experiment {

struct ConversionDiagnosticsParams {
  std::string image_path, text_path, converter_path;
  std::vector<int> classes;         // class indices for the projection (empty: no projection)
  int max_points_per_group = 1500;  // per modality, to keep the scatter readable
};

struct ProjectedPoints {
  std::vector<double> x, y;
  std::vector<int> class_slot;  // index into ConversionDiagnostics::class_names
};

struct ConversionDiagnostics {
  std::string converter_kind;
  int64_t pairs = 0, images = 0;
  double mean_cosine = 0, r_at_1 = 0, r_at_5 = 0, modality_gap = 0;
  std::vector<double> cosines;           // one per image-paired text
  std::vector<std::string> class_names;  // the projected classes, in request order
  ProjectedPoints image, raw_text, converted_text;
  double explained[2] = {0, 0};  // PCA variance shares
};

// Loads the three files and computes everything. Throws std::exception with a
// message naming the file on bad input (unreadable file, dimension mismatch,
// inputs from two CLIP models, class index out of range). `checkpoint` runs between the stages (load,
// convert + retrieval, projection) so a job can stop there by throwing.
ConversionDiagnostics compute_conversion_diagnostics(const ConversionDiagnosticsParams& params,
                                                     const std::function<void()>& checkpoint = {});

}  // namespace plumage::experiment

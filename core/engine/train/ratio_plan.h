// Ratio plans: which training images keep their image embedding, which are
// turned into text samples, which form the validation split, and which text
// rows stand in for each turned image. Torch-free (plain C++) so the GUI and
// the experiment store can hold, show and export plans.
//
// Rounding rule (documented, tested): k_c = round_half_up(r_c * n_c), i.e.
// std::round (half away from zero; r, n >= 0) applied after snapping the
// product to 1e-9 so that decimal ratios behave as written (0.7 * 5 = 3.5 -> 4,
// 0.1 * 5 = 0.5 -> 1, 0.5 * 3 = 1.5 -> 2). This differs from Python's round(),
// which rounds halves to even (round(0.5) == 0, round(2.5) == 2).
//
// Determinism: all choices come from std::mt19937_64 (exactly specified by the
// C++ standard) with our own unbiased integer draw and Fisher-Yates shuffle, so
// a plan depends only on (config, inputs), on every platform and device.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace plumage::train {

enum class SamplingMode { PerClass, Global };
// Where the text samples that replace turned images come from.
//   None: no text samples (the "image only" column; turned images are dropped).
//   Reed: the captions of exactly the turned images (text rows whose image_id
//         is the turned image's id).
//   Llm:  the class's description variants (text rows with image_id == -1 and
//         the class's label).
enum class TextSource { None, Reed, Llm };
// How many of a turned image's candidate texts are used.
//   All:         every candidate is a training sample every epoch.
//   OnePerEpoch: one candidate per turned image, drawn afresh each epoch.
enum class CaptionUse { All, OnePerEpoch };

const char* to_string(SamplingMode m);
const char* to_string(TextSource s);
const char* to_string(CaptionUse c);
// Parse the names above ("per-class"/"global", "none"/"reed"/"llm",
// "all"/"one-per-epoch"); throws std::invalid_argument naming the value.
SamplingMode parse_sampling_mode(const std::string& s);
TextSource parse_text_source(const std::string& s);
CaptionUse parse_caption_use(const std::string& s);

struct RatioPlanConfig {
  double image_ratio = 1.0;                // r: fraction of each class's images kept as images
  std::vector<double> per_class_ratios;    // empty, or one r_c per class (overrides image_ratio)
  SamplingMode sampling = SamplingMode::PerClass;
  TextSource text_source = TextSource::None;
  CaptionUse caption_use = CaptionUse::OnePerEpoch;
  // Validation split carved from the TRAIN images of each class before the
  // ratio is applied: v_c = round_half_up(val_fraction * n_c), at least 1 when
  // val_fraction > 0 and n_c >= 2. Validation samples are always images.
  double val_fraction = 0.1;
  uint64_t seed = 0;
};

// What a plan is made from: the image feature file's rows and the text feature
// file's rows (empty when there are no texts).
struct PlanInputs {
  int64_t num_classes = 0;
  std::vector<int64_t> labels;       // per image row, 0-based class
  std::vector<uint8_t> is_train;     // per image row
  std::vector<int64_t> image_ids;    // per image row
  std::vector<int64_t> text_labels;     // per text row
  std::vector<int64_t> text_image_ids;  // per text row (-1: class-level text)
};

struct RatioPlan {
  RatioPlanConfig config;
  int64_t num_classes = 0;
  // Image-file rows, each list sorted ascending.
  std::vector<int64_t> image_rows;  // kept as image samples
  std::vector<int64_t> text_rows;   // turned into text samples
  std::vector<int64_t> val_rows;    // validation (images)
  std::vector<int64_t> test_rows;   // is_train == 0
  // Candidate text-file rows for each entry of text_rows (CSR layout):
  // candidates of text_rows[i] are text_candidates[text_offsets[i] .. text_offsets[i+1]).
  // Empty when text_source is None.
  std::vector<int64_t> text_offsets;
  std::vector<int64_t> text_candidates;
  // Per-class counts (size num_classes).
  std::vector<int64_t> class_train;   // n_c: train images available after the validation carve
  std::vector<int64_t> class_images;  // k_c
  std::vector<int64_t> class_texts;   // n_c - k_c
  std::vector<int64_t> class_val;

  int64_t text_candidates_of(size_t i) const { return text_offsets[i + 1] - text_offsets[i]; }
};

// The rounding rule above, exposed for tests and the UI.
int64_t round_count(double ratio, int64_t n);

// Builds a plan; throws std::invalid_argument with a clear message on bad
// input (ratio outside [0,1], label out of range, size mismatch, a turned image
// without captions, a class without descriptions).
RatioPlan make_ratio_plan(const RatioPlanConfig& config, const PlanInputs& inputs);

// The same plan with text_source None (drops the text samples): the
// "image only" column of the results table from the same image/text split.
RatioPlan image_only(const RatioPlan& plan);

// Text-file rows used as samples in `epoch` (0-based), one per candidate
// (All) or one per turned image (OnePerEpoch, drawn from seed and epoch), in
// text_rows order; also the class label of each sample via `labels_out`.
std::vector<int64_t> text_samples_for_epoch(const RatioPlan& plan, const std::vector<int64_t>& image_labels,
                                            int epoch, std::vector<int64_t>* labels_out);

}  // namespace plumage::train

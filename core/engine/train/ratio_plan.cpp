#include "core/engine/train/ratio_plan.h"

#include "core/engine/train/rng.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <unordered_map>

namespace plumage::train {

namespace {
// Streams of the plan's seed, one per kind of choice, so that changing the
// ratio never changes the validation split.
constexpr uint64_t kValStream = 1;
constexpr uint64_t kSelectStream = 2;
constexpr uint64_t kEpochStreamBase = 1000;

void check_ratio(double r, const std::string& what) {
  if (!(r >= 0.0 && r <= 1.0)) throw std::invalid_argument(what + " must be in [0, 1], got " + std::to_string(r));
}
}  // namespace

const char* to_string(SamplingMode m) { return m == SamplingMode::PerClass ? "per-class" : "global"; }
const char* to_string(TextSource s) {
  switch (s) {
    case TextSource::None: return "none";
    case TextSource::Reed: return "reed";
    case TextSource::Llm: return "llm";
  }
  return "none";
}
const char* to_string(CaptionUse c) { return c == CaptionUse::All ? "all" : "one-per-epoch"; }

SamplingMode parse_sampling_mode(const std::string& s) {
  if (s == "per-class") return SamplingMode::PerClass;
  if (s == "global") return SamplingMode::Global;
  throw std::invalid_argument("unknown sampling mode '" + s + "' (expected per-class or global)");
}
TextSource parse_text_source(const std::string& s) {
  if (s == "none") return TextSource::None;
  if (s == "reed") return TextSource::Reed;
  if (s == "llm") return TextSource::Llm;
  throw std::invalid_argument("unknown text source '" + s + "' (expected none, reed or llm)");
}
CaptionUse parse_caption_use(const std::string& s) {
  if (s == "all") return CaptionUse::All;
  if (s == "one-per-epoch") return CaptionUse::OnePerEpoch;
  throw std::invalid_argument("unknown caption use '" + s + "' (expected all or one-per-epoch)");
}

int64_t round_count(double ratio, int64_t n) {
  const double x = ratio * static_cast<double>(n);
  // Snap to 1e-9 first so 0.7 * 5 (= 3.4999999999999996) counts as 3.5.
  const double snapped = std::round(x * 1e9) / 1e9;
  const auto k = static_cast<int64_t>(std::round(snapped));
  return std::clamp<int64_t>(k, 0, n);
}

RatioPlan make_ratio_plan(const RatioPlanConfig& config, const PlanInputs& in) {
  const int64_t C = in.num_classes;
  const size_t N = in.labels.size();
  if (C <= 0) throw std::invalid_argument("ratio plan: num_classes must be positive");
  if (in.is_train.size() != N || in.image_ids.size() != N)
    throw std::invalid_argument("ratio plan: labels, is_train and image_ids differ in length (" + std::to_string(N) +
                                ", " + std::to_string(in.is_train.size()) + ", " + std::to_string(in.image_ids.size()) + ")");
  if (in.text_labels.size() != in.text_image_ids.size())
    throw std::invalid_argument("ratio plan: text labels and text image ids differ in length");
  check_ratio(config.image_ratio, "image ratio");
  check_ratio(config.val_fraction, "validation fraction");
  if (!config.per_class_ratios.empty()) {
    if (static_cast<int64_t>(config.per_class_ratios.size()) != C)
      throw std::invalid_argument("ratio plan: " + std::to_string(config.per_class_ratios.size()) +
                                  " per-class ratios for " + std::to_string(C) + " classes");
    if (config.sampling == SamplingMode::Global)
      throw std::invalid_argument("ratio plan: per-class ratios need per-class sampling, not global");
    for (int64_t c = 0; c < C; ++c) check_ratio(config.per_class_ratios[c], "ratio of class " + std::to_string(c));
  }

  RatioPlan plan;
  plan.config = config;
  plan.num_classes = C;
  plan.class_train.assign(C, 0);
  plan.class_images.assign(C, 0);
  plan.class_texts.assign(C, 0);
  plan.class_val.assign(C, 0);

  std::vector<std::vector<int64_t>> by_class(C);
  for (size_t i = 0; i < N; ++i) {
    const int64_t y = in.labels[i];
    if (y < 0 || y >= C)
      throw std::invalid_argument("ratio plan: image row " + std::to_string(i) + " (id " + std::to_string(in.image_ids[i]) +
                                  ") has label " + std::to_string(y) + " outside [0, " + std::to_string(C) + ")");
    if (in.is_train[i]) by_class[y].push_back(static_cast<int64_t>(i));
    else plan.test_rows.push_back(static_cast<int64_t>(i));
  }

  // Validation carve, then the per-class pools in a seeded order.
  Rng val_rng(config.seed, kValStream);
  Rng sel_rng(config.seed, kSelectStream);
  std::vector<std::vector<int64_t>> pool(C);
  for (int64_t c = 0; c < C; ++c) {
    std::vector<int64_t> rows = by_class[c];
    val_rng.shuffle(rows);
    const auto n = static_cast<int64_t>(rows.size());
    int64_t v = 0;
    if (config.val_fraction > 0 && n >= 2) v = std::min<int64_t>(std::max<int64_t>(1, round_count(config.val_fraction, n)), n - 1);
    plan.val_rows.insert(plan.val_rows.end(), rows.begin(), rows.begin() + v);
    plan.class_val[c] = v;
    pool[c].assign(rows.begin() + v, rows.end());
    std::sort(pool[c].begin(), pool[c].end());
    sel_rng.shuffle(pool[c]);
    plan.class_train[c] = n - v;
  }

  if (config.sampling == SamplingMode::PerClass) {
    // Images are a prefix of each class's shuffled pool, so for one seed the
    // image set at a smaller ratio is a subset of the one at a larger ratio.
    for (int64_t c = 0; c < C; ++c) {
      const double r = config.per_class_ratios.empty() ? config.image_ratio : config.per_class_ratios[c];
      const int64_t k = round_count(r, plan.class_train[c]);
      plan.image_rows.insert(plan.image_rows.end(), pool[c].begin(), pool[c].begin() + k);
      plan.text_rows.insert(plan.text_rows.end(), pool[c].begin() + k, pool[c].end());
    }
  } else {
    std::vector<int64_t> all;
    for (int64_t c = 0; c < C; ++c) all.insert(all.end(), pool[c].begin(), pool[c].end());
    std::sort(all.begin(), all.end());
    sel_rng.shuffle(all);
    const int64_t k = round_count(config.image_ratio, static_cast<int64_t>(all.size()));
    plan.image_rows.assign(all.begin(), all.begin() + k);
    plan.text_rows.assign(all.begin() + k, all.end());
  }
  for (auto* v : {&plan.image_rows, &plan.text_rows, &plan.val_rows}) std::sort(v->begin(), v->end());
  for (int64_t r : plan.image_rows) ++plan.class_images[in.labels[r]];
  for (int64_t r : plan.text_rows) ++plan.class_texts[in.labels[r]];

  if (config.text_source == TextSource::None) return plan;

  // Candidate texts of each turned image.
  std::unordered_map<int64_t, std::vector<int64_t>> texts_of_image;
  std::vector<std::vector<int64_t>> texts_of_class(C);
  for (size_t t = 0; t < in.text_labels.size(); ++t) {
    const int64_t y = in.text_labels[t];
    if (y < 0 || y >= C)
      throw std::invalid_argument("ratio plan: text row " + std::to_string(t) + " has label " + std::to_string(y) +
                                  " outside [0, " + std::to_string(C) + ")");
    if (in.text_image_ids[t] >= 0) texts_of_image[in.text_image_ids[t]].push_back(static_cast<int64_t>(t));
    else texts_of_class[y].push_back(static_cast<int64_t>(t));
  }
  plan.text_offsets.push_back(0);
  for (int64_t r : plan.text_rows) {
    const std::vector<int64_t>* cands = nullptr;
    if (config.text_source == TextSource::Reed) {
      auto it = texts_of_image.find(in.image_ids[r]);
      if (it == texts_of_image.end())
        throw std::invalid_argument("ratio plan: image id " + std::to_string(in.image_ids[r]) + " (class " +
                                    std::to_string(in.labels[r]) + ") has no captions in the text features");
      cands = &it->second;
      for (int64_t t : *cands)
        if (in.text_labels[t] != in.labels[r])
          throw std::invalid_argument("ratio plan: text row " + std::to_string(t) + " of image id " +
                                      std::to_string(in.image_ids[r]) + " has label " + std::to_string(in.text_labels[t]) +
                                      " but the image has label " + std::to_string(in.labels[r]));
    } else {
      cands = &texts_of_class[in.labels[r]];
      if (cands->empty())
        throw std::invalid_argument("ratio plan: class " + std::to_string(in.labels[r]) +
                                    " has no class-level descriptions (text rows with image_id -1)");
    }
    plan.text_candidates.insert(plan.text_candidates.end(), cands->begin(), cands->end());
    plan.text_offsets.push_back(static_cast<int64_t>(plan.text_candidates.size()));
  }
  return plan;
}

RatioPlan image_only(const RatioPlan& plan) {
  RatioPlan p = plan;
  p.config.text_source = TextSource::None;
  p.text_offsets.clear();
  p.text_candidates.clear();
  return p;
}

std::vector<int64_t> text_samples_for_epoch(const RatioPlan& plan, const std::vector<int64_t>& image_labels, int epoch,
                                            std::vector<int64_t>* labels_out) {
  std::vector<int64_t> rows;
  if (labels_out) labels_out->clear();
  if (plan.config.text_source == TextSource::None || plan.text_rows.empty()) return rows;
  if (plan.text_offsets.size() != plan.text_rows.size() + 1)
    throw std::invalid_argument("ratio plan: text_offsets does not match text_rows");
  Rng rng(plan.config.seed, kEpochStreamBase + static_cast<uint64_t>(epoch));
  for (size_t i = 0; i < plan.text_rows.size(); ++i) {
    const int64_t begin = plan.text_offsets[i], count = plan.text_candidates_of(i);
    const int64_t label = image_labels.at(static_cast<size_t>(plan.text_rows[i]));
    if (plan.config.caption_use == CaptionUse::All) {
      for (int64_t j = 0; j < count; ++j) {
        rows.push_back(plan.text_candidates[begin + j]);
        if (labels_out) labels_out->push_back(label);
      }
    } else {
      rows.push_back(plan.text_candidates[begin + static_cast<int64_t>(rng.below(static_cast<uint64_t>(count)))]);
      if (labels_out) labels_out->push_back(label);
    }
  }
  return rows;
}

}  // namespace plumage::train

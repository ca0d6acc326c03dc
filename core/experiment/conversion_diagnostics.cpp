#include "core/experiment/conversion_diagnostics.h"

#include "core/engine/analysis/conversion_analysis.h"
#include "core/engine/analysis/pca.h"
#include "core/engine/train/converter.h"
#include "core/engine/train/feature_sets.h"
#include "core/experiment/clip_model_check.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <algorithm>
#include <stdexcept>

namespace plumage::experiment {
namespace {

at::Tensor l2_rows(const at::Tensor& x) { return x / x.norm(2, {1}, /*keepdim=*/true).clamp_min(1e-12); }

// Rows whose label is one of `classes`, evenly thinned to at most `cap`.
at::Tensor select_rows(const at::Tensor& labels, const at::Tensor& classes, int cap) {
  at::Tensor rows = at::nonzero(at::isin(labels, classes)).view({-1});
  if (cap > 0 && rows.size(0) > cap)
    rows = rows.index_select(0, at::linspace(0, rows.size(0) - 1, cap).round().to(at::kLong));
  return rows;
}

}  // namespace

ConversionDiagnostics compute_conversion_diagnostics(const ConversionDiagnosticsParams& p,
                                                     const std::function<void()>& checkpoint) {
  at::NoGradGuard no_grad;
  auto check = [&] {
    if (checkpoint) checkpoint();
  };
  const ModelCheck models =
      check_one_clip_model({{"images", p.image_path}, {"texts", p.text_path}, {"converter", p.converter_path}});
  if (!models.mismatches.empty()) throw std::invalid_argument(models.mismatches.front().message);
  // Pairs-only sets (COCO) have no classes: the pair diagnostics still hold,
  // the per-class projection cannot exist.
  const train::ImageFeatureSet images = train::load_pair_image_features(p.image_path);
  const bool pairs_only = images.class_names.empty();
  if (pairs_only && !p.classes.empty())
    throw std::invalid_argument(images.path +
                                ": holds image-caption pairs without classes (pairs only, e.g. COCO); the per-class "
                                "projection needs a set with classes (e.g. CUB); leave the class list empty");
  const train::TextFeatureSet texts =
      pairs_only ? train::load_pair_text_features(p.text_path)
                 : train::load_text_features(p.text_path, static_cast<int64_t>(images.class_names.size()));
  const auto converter = train::load_converter(p.converter_path);
  if (texts.features.size(1) != images.features.size(1))
    throw std::invalid_argument(texts.path + ": text features have width " +
                                std::to_string(texts.features.size(1)) + " but the image features of " +
                                images.path + " have " + std::to_string(images.features.size(1)));
  check();
  const analysis::ConversionAnalysis a = analysis::analyze_conversion(*converter, images, texts);
  check();

  ConversionDiagnostics d;
  d.converter_kind = train::to_string(converter->kind());
  d.pairs = a.diagnostics.pairs;
  d.images = a.diagnostics.images;
  d.mean_cosine = a.diagnostics.cosine;
  d.r_at_1 = a.diagnostics.r_at_1;
  d.r_at_5 = a.diagnostics.r_at_5;
  d.modality_gap = a.diagnostics.modality_gap;
  const at::Tensor cos = a.cosines.to(at::kDouble).contiguous();
  d.cosines.assign(cos.data_ptr<double>(), cos.data_ptr<double>() + cos.size(0));

  if (p.classes.empty()) return d;
  std::vector<int64_t> cls;
  for (int c : p.classes) {
    if (c < 0 || c >= static_cast<int>(images.class_names.size()))
      throw std::invalid_argument(images.path + ": class index " + std::to_string(c) +
                                  " is out of range (0-" + std::to_string(images.class_names.size() - 1) +
                                  ")");
    cls.push_back(c);
    d.class_names.push_back(images.class_names[static_cast<size_t>(c)]);
  }
  const at::Tensor class_t = at::tensor(cls, at::kLong);
  // Images of the classes; paired texts of the classes (raw and converted).
  const at::Tensor img_rows = select_rows(images.labels, class_t, p.max_points_per_group);
  const at::Tensor pair_labels = texts.labels.index_select(0, a.pairs.text_rows);
  const at::Tensor pair_sel = select_rows(pair_labels, class_t, p.max_points_per_group);
  if (img_rows.size(0) == 0 || pair_sel.size(0) == 0)
    throw std::invalid_argument(texts.path + ": the chosen classes have no images or no image-paired texts");
  const at::Tensor img = l2_rows(images.features.index_select(0, img_rows).to(at::kFloat));
  const at::Tensor raw =
      l2_rows(texts.features.index_select(0, a.pairs.text_rows.index_select(0, pair_sel)).to(at::kFloat));
  const at::Tensor conv = l2_rows(a.converted.index_select(0, pair_sel));
  // One projection fitted on all three, so the gap between them is visible.
  const analysis::Pca2d pca = analysis::pca_2d(at::cat({img, raw, conv}, 0));
  d.explained[0] = pca.explained[0];
  d.explained[1] = pca.explained[1];
  const int64_t ni = img.size(0), nt = raw.size(0);
  auto fill = [&](ProjectedPoints& g, int64_t start, int64_t len, const at::Tensor& labels) {
    const at::Tensor xy = pca.coords.narrow(0, start, len).to(at::kDouble).contiguous();
    const at::Tensor lab = labels.to(at::kLong).contiguous();
    for (int64_t i = 0; i < len; ++i) {
      g.x.push_back(xy.data_ptr<double>()[2 * i]);
      g.y.push_back(xy.data_ptr<double>()[2 * i + 1]);
      g.class_slot.push_back(
          static_cast<int>(std::find(cls.begin(), cls.end(), lab.data_ptr<int64_t>()[i]) - cls.begin()));
    }
  };
  fill(d.image, 0, ni, images.labels.index_select(0, img_rows));
  fill(d.raw_text, ni, nt, pair_labels.index_select(0, pair_sel));
  fill(d.converted_text, ni + nt, nt, pair_labels.index_select(0, pair_sel));
  return d;
}

}  // namespace plumage::experiment

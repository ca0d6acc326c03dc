// LibTorch before Qt: Qt's "slots" macro breaks ATen headers included after it.
#include "engine/analysis/conversion_analysis.h"
#include "engine/analysis/pca.h"
#include "engine/train/converter.h"
#include "engine/train/feature_sets.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include "results/diagnostics_data.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace plumage::ui::results {
namespace {

at::Tensor l2Rows(const at::Tensor& x) { return x / x.norm(2, {1}, /*keepdim=*/true).clamp_min(1e-12); }

// Rows whose label is one of `classes`, evenly thinned to at most `cap`.
at::Tensor selectRows(const at::Tensor& labels, const at::Tensor& classes, int cap) {
  at::Tensor rows = at::nonzero(at::isin(labels, classes)).view({-1});
  if (cap > 0 && rows.size(0) > cap)
    rows = rows.index_select(0, at::linspace(0, rows.size(0) - 1, cap).round().to(at::kLong));
  return rows;
}

}  // namespace

DiagnosticsData computeDiagnostics(const DiagnosticsRequest& req, const std::function<void()>& checkpoint) {
  at::NoGradGuard no_grad;
  auto check = [&] {
    if (checkpoint) checkpoint();
  };
  const train::ImageFeatureSet images = train::load_image_features(req.imagePath.toStdString());
  const train::TextFeatureSet texts =
      train::load_text_features(req.textPath.toStdString(), static_cast<int64_t>(images.class_names.size()));
  const auto converter = train::load_converter(req.converterPath.toStdString());
  if (texts.features.size(1) != images.features.size(1))
    throw std::invalid_argument(texts.path + ": text features have width " + std::to_string(texts.features.size(1)) +
                                " but the image features of " + images.path + " have " +
                                std::to_string(images.features.size(1)));
  check();
  const analysis::ConversionAnalysis a = analysis::analyze_conversion(*converter, images, texts);
  check();

  DiagnosticsData d;
  d.converterKind = QString::fromStdString(train::to_string(converter->kind()));
  d.pairs = a.diagnostics.pairs;
  d.images = a.diagnostics.images;
  d.meanCosine = a.diagnostics.cosine;
  d.rAt1 = a.diagnostics.r_at_1;
  d.rAt5 = a.diagnostics.r_at_5;
  d.modalityGap = a.diagnostics.modality_gap;
  const at::Tensor cos = a.cosines.to(at::kDouble).contiguous();
  d.cosines = QVector<double>(cos.data_ptr<double>(), cos.data_ptr<double>() + cos.size(0));

  if (req.classes.isEmpty()) return d;
  std::vector<int64_t> cls;
  for (int c : req.classes) {
    if (c < 0 || c >= static_cast<int>(images.class_names.size()))
      throw std::invalid_argument(images.path + ": class index " + std::to_string(c) + " is out of range (0-" +
                                  std::to_string(images.class_names.size() - 1) + ")");
    cls.push_back(c);
    d.classNames << QString::fromStdString(images.class_names[static_cast<size_t>(c)]);
  }
  const at::Tensor classT = at::tensor(cls, at::kLong);
  // Images of the classes; paired texts of the classes (raw and converted).
  const at::Tensor imgRows = selectRows(images.labels, classT, req.maxPointsPerGroup);
  const at::Tensor pairLabels = texts.labels.index_select(0, a.pairs.text_rows);
  const at::Tensor pairSel = selectRows(pairLabels, classT, req.maxPointsPerGroup);
  if (imgRows.size(0) == 0 || pairSel.size(0) == 0)
    throw std::invalid_argument(texts.path + ": the chosen classes have no images or no image-paired texts");
  const at::Tensor img = l2Rows(images.features.index_select(0, imgRows).to(at::kFloat));
  const at::Tensor raw = l2Rows(texts.features.index_select(0, a.pairs.text_rows.index_select(0, pairSel)).to(at::kFloat));
  const at::Tensor conv = l2Rows(a.converted.index_select(0, pairSel));
  // One projection fitted on all three, so the gap between them is visible.
  const analysis::Pca2d pca = analysis::pca_2d(at::cat({img, raw, conv}, 0));
  d.explained[0] = pca.explained[0];
  d.explained[1] = pca.explained[1];
  const int64_t ni = img.size(0), nt = raw.size(0);
  auto fill = [&](ProjectedGroup& g, int64_t start, int64_t len, const at::Tensor& labels) {
    const at::Tensor xy = pca.coords.narrow(0, start, len).to(at::kDouble).contiguous();
    const at::Tensor lab = labels.to(at::kLong).contiguous();
    for (int64_t i = 0; i < len; ++i) {
      g.x << xy.data_ptr<double>()[2 * i];
      g.y << xy.data_ptr<double>()[2 * i + 1];
      g.classSlot << static_cast<int>(std::find(cls.begin(), cls.end(), lab.data_ptr<int64_t>()[i]) - cls.begin());
    }
  };
  fill(d.image, 0, ni, images.labels.index_select(0, imgRows));
  fill(d.rawText, ni, nt, pairLabels.index_select(0, pairSel));
  fill(d.convertedText, ni + nt, nt, pairLabels.index_select(0, pairSel));
  return d;
}

}  // namespace plumage::ui::results

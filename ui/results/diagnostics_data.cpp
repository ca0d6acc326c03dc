#include "ui/results/diagnostics_data.h"

#include "core/experiment/conversion_diagnostics.h"

namespace plumage::ui::results {
namespace {

ProjectedGroup toGroup(const experiment::ProjectedPoints& p) {
  ProjectedGroup g;
  g.x = QVector<double>(p.x.begin(), p.x.end());
  g.y = QVector<double>(p.y.begin(), p.y.end());
  g.classSlot = QVector<int>(p.class_slot.begin(), p.class_slot.end());
  return g;
}

}  // namespace

DiagnosticsData computeDiagnostics(const DiagnosticsRequest& req, const std::function<void()>& checkpoint) {
  experiment::ConversionDiagnosticsParams p;
  p.image_path = req.imagePath.toStdString();
  p.text_path = req.textPath.toStdString();
  p.converter_path = req.converterPath.toStdString();
  p.classes.assign(req.classes.begin(), req.classes.end());
  p.max_points_per_group = req.maxPointsPerGroup;
  const experiment::ConversionDiagnostics c = experiment::compute_conversion_diagnostics(p, checkpoint);

  DiagnosticsData d;
  d.converterKind = QString::fromStdString(c.converter_kind);
  d.pairs = c.pairs;
  d.images = c.images;
  d.meanCosine = c.mean_cosine;
  d.rAt1 = c.r_at_1;
  d.rAt5 = c.r_at_5;
  d.modalityGap = c.modality_gap;
  d.cosines = QVector<double>(c.cosines.begin(), c.cosines.end());
  for (const std::string& name : c.class_names) d.classNames << QString::fromStdString(name);
  d.image = toGroup(c.image);
  d.rawText = toGroup(c.raw_text);
  d.convertedText = toGroup(c.converted_text);
  d.explained[0] = c.explained[0];
  d.explained[1] = c.explained[1];
  return d;
}

}  // namespace plumage::ui::results

// Conversion diagnostics of one converter on one image/text feature pair:
// per-pair cosines (histogram), R@1/R@5, mean cosine, modality gap, and a
// shared 2-D PCA of image, raw-text and converted-text embeddings of chosen
// classes, in Qt types for the results page. Computed by
// core/experiment/conversion_diagnostics.
#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>

namespace plumage::ui::results {

struct DiagnosticsRequest {
  QString imagePath, textPath, converterPath;
  QVector<int> classes;    // class indices for the projection
  int maxPointsPerGroup = 1500;  // per modality, to keep the scatter readable
};

struct ProjectedGroup {
  QVector<double> x, y;
  QVector<int> classSlot;  // index into DiagnosticsData::classNames
};

struct DiagnosticsData {
  QString converterKind;
  qint64 pairs = 0, images = 0;
  double meanCosine = 0, rAt1 = 0, rAt5 = 0, modalityGap = 0;
  QVector<double> cosines;   // one per image-paired text
  QStringList classNames;    // the projected classes, in request order
  ProjectedGroup image, rawText, convertedText;
  double explained[2] = {0, 0};  // PCA variance shares
};

// Loads the three files and computes everything. Throws std::exception with a
// message naming the file on bad input (unreadable file, dimension mismatch,
// class index out of range). `checkpoint` runs between the stages (load,
// convert + retrieval, projection) so a Job can stop there by throwing.
DiagnosticsData computeDiagnostics(const DiagnosticsRequest& request, const std::function<void()>& checkpoint = {});

}  // namespace plumage::ui::results

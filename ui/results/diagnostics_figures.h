// The conversion-diagnostics figures, drawn with the results page's figure
// style so they export (PDF/SVG/PNG) like the other thesis figures.
#pragma once

#include "ui/results/diagnostics_data.h"
#include "ui/results/figure_style.h"

class QCustomPlot;

namespace plumage::ui::results {

// Histogram of cosine(converted text, paired image): 30 bins over the
// occupied range, with the mean marked by a dashed line.
void buildCosineHistogram(QCustomPlot* plot, const DiagnosticsData& data, const FigureStyle& style);
// PCA scatter: color per class, marker per modality (circle = image,
// cross = raw text, triangle = converted text).
void buildModalityProjection(QCustomPlot* plot, const DiagnosticsData& data, const FigureStyle& style);

}  // namespace plumage::ui::results

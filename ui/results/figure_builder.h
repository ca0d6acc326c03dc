// Fills a QCustomPlot with one of the results figures, styled for export.
// The same functions draw the results page's plots and `plumage figure`.
#pragma once

#include "ui/results/figure_style.h"
#include "ui/results/results_data.h"

class QCustomPlot;

namespace plumage::ui::results {

enum class FigureKind { RatioCurve, PerClass, Confusion, ClassDifference };

// "ratio-curve", "per-class", "confusion", "class-difference" (command line, file names).
QString figureKindId(FigureKind kind);
bool figureKindFromId(const QString& id, FigureKind* kind);

// Accuracy vs image share (x from 100 down to 0 %), one line per text
// source with ± std error bars and/or a translucent 95 % confidence band of
// the mean over seeds (style.spread; no band where n = 1, as its legend
// entry says). With a sweep in parentheses
// (results.combined), its lines are overlaid dashed in the same colours; the
// legend has one entry per colour, then a solid and a dashed line naming the
// two sides ("per-class sampling", "global sampling").
void buildRatioCurve(QCustomPlot* plot, const SweepResults& results, const FigureStyle& style);
// Top-1 per class as bars (class names on the axis when they fit).
void buildPerClass(QCustomPlot* plot, const ClassAccuracy& acc, const QString& runName, const FigureStyle& style);
// Row-normalised confusion matrix (% of each true class) as a heat map.
void buildConfusion(QCustomPlot* plot, const Confusion& confusion, const FigureStyle& style);
// Per-class accuracy of run B minus run A, sorted, in percentage points.
void buildClassDifference(QCustomPlot* plot, const ClassAccuracy& a, const ClassAccuracy& b, const QString& nameA,
                          const QString& nameB, const FigureStyle& style);

// Removes every plottable, item, color scale and extra layout element.
void clearFigure(QCustomPlot* plot);

}  // namespace plumage::ui::results

// The per-class comparison as a figure: one horizontal bar per class, its
// accuracy gain of column A over column B in points, largest gain on top;
// gains and losses in two palette colours (legend names which side is better).
#pragma once

#include "core/experiment/per_class_results.h"
#include "ui/results/figure_style.h"

#include <QString>

#include <vector>

class QCustomPlot;

namespace plumage::ui::results {

void buildClassGains(QCustomPlot* plot, const std::vector<experiment::ClassGain>& gains, const QString& nameA,
                     const QString& nameB, const FigureStyle& style);

}  // namespace plumage::ui::results

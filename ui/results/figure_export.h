// Writes a QCustomPlot as a thesis figure: PDF and SVG are vector (QPdfWriter
// / QSvgGenerator painted through QCPPainter), PNG is raster at a chosen DPI.
// The page/canvas is exactly style.widthMm × style.heightMm.
#pragma once

#include "ui/results/figure_style.h"

#include <QImage>
#include <QSize>
#include <QString>

class QCustomPlot;

namespace plumage::ui::results {

enum class FigureFormat { Pdf, Svg, Png };

// From the file suffix (.pdf, .svg, .png); false for anything else.
bool figureFormatFromPath(const QString& path, FigureFormat* format);

// Writes `plot` to `path` in the format its suffix names. False with *error set.
bool exportFigure(QCustomPlot* plot, const FigureStyle& style, const QString& path, QString* error);

// The size in logical (96 dpi) pixels the figure is laid out at when drawn at
// `dpi` (mmToLogicalPx for the vector formats, which draw at 96 dpi).
QSize figureLogicalSize(const FigureStyle& style, double dpi);

// Each export places the legend for its size (legend_placement.h) and leaves
// the plot laid out as it drew it.
// The figure as it will be exported, rendered at `dpi` (preview, tests).
QImage renderFigure(QCustomPlot* plot, const FigureStyle& style, double dpi);

}  // namespace plumage::ui::results

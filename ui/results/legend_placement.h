// Where a figure's legend goes. LegendPosition::Auto: the first free corner
// of the axes (top right, top left, bottom right, bottom left), free meaning
// no data point, line segment, error bar, bar or band under the legend's box there;
// when no corner is free, outside the axes: below them (in one or two rows),
// else to their right. The axes shrink, the figure keeps its size.
// Decided for the size the figure is drawn at (export sizes differ from the
// widget's), so exportFigure places the legend again before painting.
#pragma once

#include "ui/results/figure_style.h"

#include <QLineF>
#include <QPolygonF>
#include <QRectF>
#include <QSize>
#include <QVector>

class QCustomPlot;

namespace plumage::ui::results {

// What the plot draws as data, in pixels of its current layout: line
// segments (markers and points are zero-length segments, error bars their
// bar and whiskers), filled areas (bars) and filled polygons (confidence
// bands: a graph filled to its channel graph). `pad`: half a line width plus
// the marker radius, how far ink reaches beyond its geometry.
struct DataInk {
  QVector<QLineF> lines;
  QVector<QRectF> areas;
  QVector<QPolygonF> fills;
  double pad = 0;
};
DataInk dataInk(QCustomPlot* plot);

// How many pieces of `ink` pass through `rect` (segments exactly, not sampled).
int inkHits(const DataInk& ink, const QRectF& rect);

// Lays `plot` out as it is drawn at `size` (logical px), as toPainter does.
void layoutAt(QCustomPlot* plot, const QSize& size);

// Places the legend as `style.legend` says for a figure of `size` (logical
// px) and leaves the plot laid out at that size.
void placeLegend(QCustomPlot* plot, const FigureStyle& style, const QSize& size);

// The corner whose legend box covers the fewest pieces of data ink at the
// plot's current size (ties: the order above); the legend is put there.
Qt::Alignment leastCrowdedLegendCorner(QCustomPlot* plot);

// True while the legend sits outside the axes (below or right of them).
bool legendOutsideAxes(QCustomPlot* plot);

// Puts the legend back into the axes' inset layout (undoes an outside
// placement; clearFigure calls it before it removes layout elements).
void legendIntoAxes(QCustomPlot* plot);

}  // namespace plumage::ui::results

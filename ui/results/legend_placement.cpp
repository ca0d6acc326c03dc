#include "ui/results/legend_placement.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace plumage::ui::results {

namespace {

// The layout grid that holds the legend outside the axes.
const char* const kHolder = "plumage-legend-outside";

const Qt::Alignment kCorners[] = {Qt::AlignTop | Qt::AlignRight, Qt::AlignTop | Qt::AlignLeft,
                                  Qt::AlignBottom | Qt::AlignRight, Qt::AlignBottom | Qt::AlignLeft};

bool finite(const QPointF& p) { return std::isfinite(p.x()) && std::isfinite(p.y()); }

// Liang–Barsky: does the segment a–b meet `r`?
bool segmentHitsRect(const QPointF& a, const QPointF& b, const QRectF& r) {
  double t0 = 0, t1 = 1;
  const double dx = b.x() - a.x(), dy = b.y() - a.y();
  const double p[] = {-dx, dx, -dy, dy};
  const double q[] = {a.x() - r.left(), r.right() - a.x(), a.y() - r.top(), r.bottom() - a.y()};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;  // parallel to this edge and outside it
      continue;
    }
    const double t = q[i] / p[i];
    if (p[i] < 0) t0 = std::max(t0, t);
    else t1 = std::min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

void setLegendCorner(QCustomPlot* plot, Qt::Alignment corner) {
  QCPLayoutInset* inset = plot->axisRect()->insetLayout();
  for (int i = 0; i < inset->elementCount(); ++i)
    if (inset->elementAt(i) == plot->legend) {
      inset->setInsetPlacement(i, QCPLayoutInset::ipBorderAligned);
      inset->setInsetAlignment(i, corner);
    }
  inset->update(QCPLayoutElement::upLayout);
}

// Lays the legend out `perRow` items to a row (0: one column) and returns its size.
QSize legendShape(QCPLegend* legend, int perRow) {
  legend->setWrap(perRow);
  legend->setFillOrder(perRow > 0 ? QCPLegend::foColumnsFirst : QCPLegend::foRowsFirst, true);
  return legend->minimumOuterSizeHint();
}

// [spacer, legend, spacer] below the axes (a row) or right of them (a
// column). Below, in as few rows as fit the width, while that leaves the
// axes more than half the height; else to the right while that leaves them
// more than half the width; else below in one item per row at most.
void moveLegendOutside(QCustomPlot* plot, const QSize& size) {
  QCPLegend* legend = plot->legend;
  plot->axisRect()->insetLayout()->take(legend);
  const int n = legend->itemCount();
  const auto rowsOf = [&](double maxHeight) {
    for (int rows = 1; rows <= n; ++rows) {
      const int perRow = (n + rows - 1) / rows;
      const QSize s = legendShape(legend, perRow);
      if (s.width() <= size.width() && s.height() <= maxHeight) return perRow;
    }
    return 0;
  };
  int perRow = rowsOf(0.45 * size.height());
  bool below = perRow > 0;
  if (!below) {
    const QSize column = legendShape(legend, 0);
    below = column.width() > 0.45 * size.width() || column.height() > size.height();
    if (below) perRow = std::max(1, rowsOf(size.height()));
  }
  legendShape(legend, below ? perRow : 0);
  legend->setSizeConstraintRect(QCPLayoutElement::scrOuterRect);
  legend->setMaximumSize(legend->minimumOuterSizeHint());  // its own size, centred by the spacers
  auto* holder = new QCPLayoutGrid;
  holder->setObjectName(QString::fromLatin1(kHolder));
  QCPLayoutGrid* main = plot->plotLayout();
  if (below) {
    const int row = main->rowCount();
    main->addElement(row, 0, holder);
    main->setRowStretchFactor(row, 0.001);
    holder->addElement(0, 0, new QCPLayoutElement(plot));
    holder->addElement(0, 1, legend);
    holder->addElement(0, 2, new QCPLayoutElement(plot));
  } else {
    const int col = main->columnCount();
    main->addElement(0, col, holder);
    main->setColumnStretchFactor(col, 0.001);
    holder->addElement(0, 0, new QCPLayoutElement(plot));
    holder->addElement(1, 0, legend);
    holder->addElement(2, 0, new QCPLayoutElement(plot));
  }
  holder->setMargins(QMargins(2, 2, 2, 2));
}

}  // namespace

DataInk dataInk(QCustomPlot* plot) {
  DataInk ink;
  for (int i = 0; i < plot->plottableCount(); ++i) {
    QCPAbstractPlottable* p = plot->plottable(i);
    if (!p->visible()) continue;
    ink.pad = std::max(ink.pad, p->pen().widthF() / 2);
    if (auto* g = qobject_cast<QCPGraph*>(p)) {
      const double marker = g->scatterStyle().isNone() ? 0.0 : g->scatterStyle().size() / 2;
      ink.pad = std::max(ink.pad, marker + g->pen().widthF() / 2);
      const QCPGraphDataContainer& d = *g->data();
      QPointF prev;
      bool havePrev = false;
      for (auto it = d.constBegin(); it != d.constEnd(); ++it) {
        const QPointF q = g->coordsToPixels(it->key, it->value);
        if (!finite(q) || std::isnan(it->value)) {
          havePrev = false;  // a gap in the line
          continue;
        }
        ink.lines.push_back(QLineF(q, q));
        if (havePrev && g->lineStyle() != QCPGraph::lsNone) ink.lines.push_back(QLineF(prev, q));
        prev = q;
        havePrev = true;
      }
      // A band: the area between this graph and its channel graph.
      if (QCPGraph* other = g->channelFillGraph(); other && g->brush().style() != Qt::NoBrush) {
        QPolygonF fill;
        for (const QCPGraph* edge : {g, other}) {
          QPolygonF side;
          for (auto it = edge->data()->constBegin(); it != edge->data()->constEnd(); ++it) {
            const QPointF q = edge->coordsToPixels(it->key, it->value);
            if (finite(q)) side << q;
          }
          if (edge == other) std::reverse(side.begin(), side.end());
          fill << side;
        }
        if (fill.size() >= 3) ink.fills.push_back(fill);
      }
    } else if (auto* bars = qobject_cast<QCPErrorBars*>(p)) {
      const double whisker = bars->whiskerWidth() / 2;
      for (int k = 0; k < bars->dataCount(); ++k) {
        const QCPErrorBarsData e = bars->data()->at(k);
        const double key = bars->dataMainKey(k), value = bars->dataMainValue(k);
        const bool valueError = bars->errorType() == QCPErrorBars::etValueError;
        const QPointF lo = valueError ? bars->coordsToPixels(key, value - e.errorMinus) : bars->coordsToPixels(key - e.errorMinus, value);
        const QPointF hi = valueError ? bars->coordsToPixels(key, value + e.errorPlus) : bars->coordsToPixels(key + e.errorPlus, value);
        if (!finite(lo) || !finite(hi)) continue;
        ink.lines.push_back(QLineF(lo, hi));
        for (const QPointF& end : {lo, hi}) {
          const QPointF across = valueError ? QPointF(whisker, 0) : QPointF(0, whisker);
          ink.lines.push_back(QLineF(end - across, end + across));
        }
      }
    } else if (auto* b = qobject_cast<QCPBars*>(p)) {
      for (auto it = b->data()->constBegin(); it != b->data()->constEnd(); ++it) {
        const QPointF a = b->coordsToPixels(it->key - b->width() / 2, b->baseValue());
        const QPointF c = b->coordsToPixels(it->key + b->width() / 2, it->value);
        if (finite(a) && finite(c)) ink.areas.push_back(QRectF(a, c).normalized());
      }
    }
  }
  return ink;
}

int inkHits(const DataInk& ink, const QRectF& rect) {
  const QRectF r = rect.adjusted(-ink.pad, -ink.pad, ink.pad, ink.pad);
  int hits = 0;
  for (const QLineF& l : ink.lines) hits += segmentHitsRect(l.p1(), l.p2(), r);
  for (const QRectF& a : ink.areas) hits += a.intersects(rect);
  for (const QPolygonF& f : ink.fills) hits += f.intersects(QPolygonF(rect));
  return hits;
}

void layoutAt(QCustomPlot* plot, const QSize& size) {
  plot->setViewport(QRect(QPoint(0, 0), size));
  // QCustomPlot::updateLayout's phases (it is protected).
  plot->plotLayout()->update(QCPLayoutElement::upPreparation);
  plot->plotLayout()->update(QCPLayoutElement::upMargins);
  plot->plotLayout()->update(QCPLayoutElement::upLayout);
}

bool legendOutsideAxes(QCustomPlot* plot) { return plot->legend->layout() != plot->axisRect()->insetLayout(); }

void legendIntoAxes(QCustomPlot* plot) {
  QCPLegend* legend = plot->legend;
  if (legendOutsideAxes(plot)) {
    QCPLayout* holder = legend->layout();
    if (holder) {
      holder->take(legend);
      if (holder->objectName() == QLatin1String(kHolder)) plot->plotLayout()->remove(holder);
    }
    plot->plotLayout()->simplify();
    plot->axisRect()->insetLayout()->addElement(legend, Qt::AlignTop | Qt::AlignRight);
  }
  legend->setWrap(0);
  legend->setFillOrder(QCPLegend::foRowsFirst, true);
  legend->setSizeConstraintRect(QCPLayoutElement::scrInnerRect);
  legend->setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX);
}

Qt::Alignment leastCrowdedLegendCorner(QCustomPlot* plot) {
  legendIntoAxes(plot);
  layoutAt(plot, plot->viewport().size());
  const DataInk ink = dataInk(plot);
  Qt::Alignment best = kCorners[0];
  int fewest = std::numeric_limits<int>::max();
  for (const Qt::Alignment corner : kCorners) {
    setLegendCorner(plot, corner);
    const int hits = inkHits(ink, plot->legend->outerRect());
    if (hits < fewest) best = corner, fewest = hits;
  }
  setLegendCorner(plot, best);
  return best;
}

void placeLegend(QCustomPlot* plot, const FigureStyle& style, const QSize& size) {
  legendIntoAxes(plot);
  const bool show = style.legend != LegendPosition::Hidden && plot->legend->itemCount() > 0;
  plot->legend->setVisible(show);
  layoutAt(plot, size);
  switch (style.legend) {
    case LegendPosition::TopRight: setLegendCorner(plot, kCorners[0]); return;
    case LegendPosition::TopLeft: setLegendCorner(plot, kCorners[1]); return;
    case LegendPosition::BottomRight: setLegendCorner(plot, kCorners[2]); return;
    case LegendPosition::BottomLeft:
    case LegendPosition::Hidden: setLegendCorner(plot, kCorners[3]); return;
    case LegendPosition::Auto: break;
  }
  if (!show) return;
  const DataInk ink = dataInk(plot);
  for (const Qt::Alignment corner : kCorners) {
    setLegendCorner(plot, corner);
    if (inkHits(ink, plot->legend->outerRect()) == 0) return;
  }
  moveLegendOutside(plot, size);
  layoutAt(plot, size);
}

}  // namespace plumage::ui::results

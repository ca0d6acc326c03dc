#include "ui/results/figure_style.h"

#include <QFontDatabase>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace plumage::ui::results {

const QVector<QColor>& okabeIto() {
  static const QVector<QColor> colors = {QColor(0, 114, 178),   QColor(230, 159, 0),  QColor(0, 158, 115),
                                         QColor(213, 94, 0),    QColor(86, 180, 233), QColor(204, 121, 167),
                                         QColor(240, 228, 66),  QColor(0, 0, 0)};
  return colors;
}

QColor paletteColor(int i) { return okabeIto()[i % okabeIto().size()]; }

int mmToLogicalPx(double mm) { return static_cast<int>(std::lround(mm / 25.4 * kLogicalDpi)); }
double ptToLogicalPx(double pt) { return pt * kLogicalDpi / 72.0; }

QString defaultFontFamily() {
  for (const QString& f : {QStringLiteral("Noto Sans CJK JP"), QStringLiteral("Noto Sans")})
    if (QFontDatabase::families().contains(f)) return f;
  return QFontDatabase::systemFont(QFontDatabase::GeneralFont).family();
}

QFont figureFont(const FigureStyle& style, double scale) {
  QFont f(style.fontFamily.isEmpty() ? defaultFontFamily() : style.fontFamily);
  f.setPixelSize(std::max(1, static_cast<int>(std::lround(ptToLogicalPx(style.fontPt * scale)))));
  return f;
}

Qt::Alignment leastCrowdedLegendCorner(QCustomPlot* plot) {
  // Everything drawn, as fractions of the axis rect (0,0 bottom left), reversed axes included.
  const auto frac = [](const QCPAxis* a, double v) {
    const double f = (v - a->range().lower) / a->range().size();
    return a->rangeReversed() ? 1.0 - f : f;
  };
  QVector<QPointF> ink;
  const auto add = [&](const QCPAbstractPlottable* p, double key, double value) {
    if (std::isfinite(key) && std::isfinite(value)) ink.push_back({frac(p->keyAxis(), key), frac(p->valueAxis(), value)});
  };
  for (int i = 0; i < plot->plottableCount(); ++i) {
    const QCPAbstractPlottable* p = plot->plottable(i);
    if (const auto* g = qobject_cast<const QCPGraph*>(p)) {
      const QCPGraphDataContainer& d = *g->data();
      for (auto it = d.constBegin(); it != d.constEnd(); ++it) {
        add(p, it->key, it->value);
        if (auto next = it + 1; next != d.constEnd() && g->lineStyle() != QCPGraph::lsNone)
          for (int k = 1; k < 8; ++k)  // points along the segment to the next one
            add(p, it->key + (next->key - it->key) * k / 8.0, it->value + (next->value - it->value) * k / 8.0);
      }
    } else if (const auto* bars = qobject_cast<const QCPErrorBars*>(p)) {
      for (int k = 0; k < bars->dataCount(); ++k) {
        const QCPErrorBarsData e = bars->data()->at(k);
        add(p, bars->dataMainKey(k), bars->dataMainValue(k) - e.errorMinus);
        add(p, bars->dataMainKey(k), bars->dataMainValue(k) + e.errorPlus);
      }
    }
  }
  // The legend's share of the axis rect (its laid-out size when known).
  QSizeF area = plot->axisRect()->rect().size();
  if (area.isEmpty()) area = QSizeF(plot->viewport().size()) * 0.8;
  const QSize legend = plot->legend->minimumOuterSizeHint();
  const double w = area.isEmpty() ? 0.45 : std::min(0.9, (legend.width() + 12) / area.width());
  const double h = area.isEmpty() ? 0.35 : std::min(0.9, (legend.height() + 12) / area.height());
  const Qt::Alignment corners[] = {Qt::AlignTop | Qt::AlignRight, Qt::AlignTop | Qt::AlignLeft,
                                   Qt::AlignBottom | Qt::AlignRight, Qt::AlignBottom | Qt::AlignLeft};
  Qt::Alignment best = corners[0];
  int bestCount = std::numeric_limits<int>::max();
  for (const Qt::Alignment c : corners) {
    const bool right = c & Qt::AlignRight, top = c & Qt::AlignTop;
    int count = 0;
    for (const QPointF& q : ink)
      count += (right ? q.x() >= 1 - w : q.x() <= w) && (top ? q.y() >= 1 - h : q.y() <= h);
    if (count < bestCount) {
      best = c;
      bestCount = count;
    }
  }
  return best;
}

void applyStyle(QCustomPlot* plot, const FigureStyle& style) {
  const QFont font = figureFont(style);
  const QPen axisPen(Qt::black, std::max(0.5, ptToLogicalPx(style.lineWidthPt * 0.6)));
  for (QCPAxis* axis : plot->axisRect()->axes()) {
    axis->setLabelFont(font);
    axis->setTickLabelFont(figureFont(style, 0.9));
    axis->setBasePen(axisPen);
    axis->setTickPen(axisPen);
    axis->setSubTickPen(axisPen);
  }
  if (!style.xLabel.isEmpty()) plot->xAxis->setLabel(style.xLabel);
  if (!style.yLabel.isEmpty()) plot->yAxis->setLabel(style.yLabel);
  plot->legend->setFont(figureFont(style, 0.9));
  plot->legend->setBorderPen(QPen(QColor(160, 160, 160), 0.5));
  plot->legend->setBrush(QColor(255, 255, 255, 230));
  Qt::Alignment where;
  switch (style.legend) {
    case LegendPosition::TopRight: where = Qt::AlignTop | Qt::AlignRight; break;
    case LegendPosition::TopLeft: where = Qt::AlignTop | Qt::AlignLeft; break;
    case LegendPosition::BottomRight: where = Qt::AlignBottom | Qt::AlignRight; break;
    case LegendPosition::BottomLeft:
    case LegendPosition::Hidden: where = Qt::AlignBottom | Qt::AlignLeft; break;
    case LegendPosition::Auto: where = leastCrowdedLegendCorner(plot); break;
  }
  plot->axisRect()->insetLayout()->setInsetAlignment(0, where);
  plot->legend->setVisible(style.legend != LegendPosition::Hidden && plot->legend->itemCount() > 0);
  plot->setBackground(Qt::white);
}

}  // namespace plumage::ui::results

#include "ui/results/figure_style.h"

#include "ui/results/legend_placement.h"

#include <QFontDatabase>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace plumage::ui::results {

const QVector<QColor>& okabeIto() {
  static const QVector<QColor> colors = {QColor(0, 114, 178),   QColor(230, 159, 0),  QColor(0, 158, 115),
                                         QColor(213, 94, 0),    QColor(86, 180, 233), QColor(204, 121, 167),
                                         QColor(240, 228, 66),  QColor(0, 0, 0)};
  return colors;
}

QColor paletteColor(int i) { return okabeIto()[i % okabeIto().size()]; }

QString spreadId(Spread spread) {
  switch (spread) {
    case Spread::None: return QStringLiteral("none");
    case Spread::Std: return QStringLiteral("std");
    case Spread::Ci95: return QStringLiteral("ci95");
    case Spread::Both: return QStringLiteral("both");
  }
  return {};
}

bool spreadFromId(const QString& id, Spread* spread) {
  for (Spread s : {Spread::None, Spread::Std, Spread::Ci95, Spread::Both})
    if (spreadId(s) == id) {
      *spread = s;
      return true;
    }
  return false;
}

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
  // Laid out at the widget's size here; exportFigure places it again for the export size.
  QSize size = plot->viewport().size();
  if (size.isEmpty()) size = QSize(mmToLogicalPx(style.widthMm), mmToLogicalPx(style.heightMm));
  placeLegend(plot, style, size);
  plot->setBackground(Qt::white);
}

}  // namespace plumage::ui::results

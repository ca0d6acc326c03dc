#include "results/figure_style.h"

#include <QFontDatabase>
#include <qcustomplot.h>

#include <cmath>

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
  }
  plot->axisRect()->insetLayout()->setInsetAlignment(0, where);
  plot->legend->setVisible(style.legend != LegendPosition::Hidden && plot->legend->itemCount() > 0);
  plot->setBackground(Qt::white);
}

}  // namespace plumage::ui::results

#include "ui/results/diagnostics_figures.h"

#include "ui/results/figure_builder.h"

#include <QCoreApplication>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace plumage::ui::results {

void buildCosineHistogram(QCustomPlot* plot, const DiagnosticsData& data, const FigureStyle& style) {
  clearFigure(plot);
  // 30 bins over the occupied range: good converters crowd near 1, so fixed
  // bins over [-1,1] would hide the shape.
  constexpr int kBins = 30;
  double lo = 1.0, hi = -1.0;
  for (double c : data.cosines) lo = std::min(lo, c), hi = std::max(hi, c);
  if (data.cosines.isEmpty()) lo = -1.0, hi = 1.0;
  const double width = std::max((hi - lo) / kBins, 1e-3);
  QVector<double> keys, values(kBins, 0.0);
  for (double c : data.cosines) values[std::clamp(static_cast<int>((c - lo) / width), 0, kBins - 1)] += 1.0;
  for (int b = 0; b < kBins; ++b) keys << lo + (b + 0.5) * width;
  auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
  bars->setName(QCoreApplication::translate("Figure", "Image-paired texts"));
  bars->setData(keys, values, true);
  bars->setWidth(width * 0.9);
  bars->setPen(Qt::NoPen);
  bars->setBrush(paletteColor(0));
  bars->removeFromLegend();  // one series: the axis label says what it is
  const double top = values.isEmpty() ? 1.0 : *std::max_element(values.begin(), values.end()) * 1.1;
  auto* mean = new QCPItemStraightLine(plot);
  mean->point1->setCoords(data.meanCosine, 0);
  mean->point2->setCoords(data.meanCosine, 1);
  mean->setPen(QPen(paletteColor(5), 1.0, Qt::DashLine));
  plot->xAxis->setLabel(QCoreApplication::translate("Figure", "cos(converted text, paired image)"));
  plot->yAxis->setLabel(QCoreApplication::translate("Figure", "Texts"));
  plot->xAxis->setRange(std::max(-1.0, lo - width), std::min(1.0, lo + kBins * width + width));
  plot->yAxis->setRange(0, top);
  applyStyle(plot, style);
}

namespace {

void addGroup(QCustomPlot* plot, const ProjectedGroup& g, int slot, QCPScatterStyle::ScatterShape shape) {
  QVector<double> x, y;
  for (int i = 0; i < g.x.size(); ++i)
    if (g.classSlot[i] == slot) {
      x << g.x[i];
      y << g.y[i];
    }
  QCPGraph* graph = plot->addGraph();
  graph->setData(x, y);
  graph->setLineStyle(QCPGraph::lsNone);
  graph->setScatterStyle(QCPScatterStyle(shape, paletteColor(slot), 5));
  graph->removeFromLegend();
}

}  // namespace

void buildModalityProjection(QCustomPlot* plot, const DiagnosticsData& data, const FigureStyle& style) {
  clearFigure(plot);
  for (int slot = 0; slot < data.classNames.size(); ++slot) {
    addGroup(plot, data.image, slot, QCPScatterStyle::ssCircle);
    addGroup(plot, data.rawText, slot, QCPScatterStyle::ssCross);
    addGroup(plot, data.convertedText, slot, QCPScatterStyle::ssTriangle);
  }
  // Legend swatches (graphs without data): the modalities in grey, then the class colors.
  const std::pair<QCPScatterStyle::ScatterShape, QString> modalities[] = {
      {QCPScatterStyle::ssCircle, QCoreApplication::translate("Figure", "Image")},
      {QCPScatterStyle::ssCross, QCoreApplication::translate("Figure", "Raw text")},
      {QCPScatterStyle::ssTriangle, QCoreApplication::translate("Figure", "Converted text")}};
  for (const auto& [shape, name] : modalities) {
    QCPGraph* key = plot->addGraph();
    key->setName(name);
    key->setLineStyle(QCPGraph::lsNone);
    key->setScatterStyle(QCPScatterStyle(shape, QColor(60, 60, 60), 5));
  }
  for (int slot = 0; slot < data.classNames.size(); ++slot) {
    QCPGraph* key = plot->addGraph();  // legend swatch only: no data
    key->setName(data.classNames[slot]);
    key->setLineStyle(QCPGraph::lsNone);
    key->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, paletteColor(slot), paletteColor(slot), 5));
  }
  plot->xAxis->setLabel(QCoreApplication::translate("Figure", "PC 1 (%1 %)").arg(100.0 * data.explained[0], 0, 'f', 1));
  plot->yAxis->setLabel(QCoreApplication::translate("Figure", "PC 2 (%1 %)").arg(100.0 * data.explained[1], 0, 'f', 1));
  plot->rescaleAxes();
  plot->xAxis->scaleRange(1.1);
  plot->yAxis->scaleRange(1.1);
  applyStyle(plot, style);
}

}  // namespace plumage::ui::results

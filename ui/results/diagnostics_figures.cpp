#include "results/diagnostics_figures.h"

#include "results/figure_builder.h"

#include <QCoreApplication>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace plumage::ui::results {

void buildCosineHistogram(QCustomPlot* plot, const DiagnosticsData& data, const FigureStyle& style) {
  clearFigure(plot);
  constexpr double kBin = 0.05;
  constexpr int kBins = 40;  // [-1,1]
  QVector<double> counts(kBins, 0.0);
  for (double c : data.cosines) {
    const int b = std::clamp(static_cast<int>(std::floor((c + 1.0) / kBin)), 0, kBins - 1);
    counts[b] += 1.0;
  }
  int first = 0, last = kBins - 1;
  while (first < last && counts[first] == 0) ++first;
  while (last > first && counts[last] == 0) --last;
  QVector<double> keys, values;
  for (int b = first; b <= last; ++b) {
    keys << -1.0 + (b + 0.5) * kBin;
    values << counts[b];
  }
  auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
  bars->setName(QCoreApplication::translate("Figure", "Image-paired texts"));
  bars->setData(keys, values, true);
  bars->setWidth(kBin * 0.9);
  bars->setPen(Qt::NoPen);
  bars->setBrush(paletteColor(0));
  const double top = values.isEmpty() ? 1.0 : *std::max_element(values.begin(), values.end()) * 1.1;
  auto* mean = new QCPItemStraightLine(plot);
  mean->point1->setCoords(data.meanCosine, 0);
  mean->point2->setCoords(data.meanCosine, 1);
  mean->setPen(QPen(paletteColor(5), 1.0, Qt::DashLine));
  plot->xAxis->setLabel(QCoreApplication::translate("Figure", "cos(converted text, paired image)"));
  plot->yAxis->setLabel(QCoreApplication::translate("Figure", "Texts"));
  plot->xAxis->setRange(-1.0 + first * kBin - kBin, -1.0 + (last + 1) * kBin + kBin);
  plot->yAxis->setRange(0, top);
  applyStyle(plot, style);
  plot->legend->setVisible(false);  // one series
}

namespace {

void addGroup(QCustomPlot* plot, const ProjectedGroup& g, int slot, QCPScatterStyle::ScatterShape shape,
              const QString& name, bool inLegend) {
  QVector<double> x, y;
  for (int i = 0; i < g.x.size(); ++i)
    if (g.classSlot[i] == slot) {
      x << g.x[i];
      y << g.y[i];
    }
  QCPGraph* graph = plot->addGraph();
  graph->setName(name);
  graph->setData(x, y);
  graph->setLineStyle(QCPGraph::lsNone);
  graph->setScatterStyle(QCPScatterStyle(shape, paletteColor(slot), 5));
  if (!inLegend) graph->removeFromLegend();
}

}  // namespace

void buildModalityProjection(QCustomPlot* plot, const DiagnosticsData& data, const FigureStyle& style) {
  clearFigure(plot);
  for (int slot = 0; slot < data.classNames.size(); ++slot) {
    // Legend: the modalities once (first class), then one entry per class color.
    const bool first = slot == 0;
    addGroup(plot, data.image, slot, QCPScatterStyle::ssCircle,
             first ? QCoreApplication::translate("Figure", "Image") : QString(), first);
    addGroup(plot, data.rawText, slot, QCPScatterStyle::ssCross,
             first ? QCoreApplication::translate("Figure", "Raw text") : QString(), first);
    addGroup(plot, data.convertedText, slot, QCPScatterStyle::ssTriangle,
             first ? QCoreApplication::translate("Figure", "Converted text") : QString(), first);
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

#include "ui/results/class_gains_figure.h"

#include "ui/results/figure_builder.h"

#include <QCoreApplication>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace plumage::ui::results {

void buildClassGains(QCustomPlot* plot, const std::vector<experiment::ClassGain>& gains, const QString& nameA,
                     const QString& nameB, const FigureStyle& style) {
  clearFigure(plot);
  const int n = static_cast<int>(gains.size());
  // Keys count down so the first (largest) gain is drawn at the top.
  QVector<double> kUp, vUp, kDown, vDown;
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  const int step = n <= 40 ? 1 : (n <= 100 ? 5 : 10);  // names only while they fit
  for (int i = 0; i < n; ++i) {
    const double key = n - 1 - i;
    const double g = gains[std::size_t(i)].gain;
    (g >= 0 ? kUp : kDown) << key;
    (g >= 0 ? vUp : vDown) << g;
    if (i % step == 0) ticker->addTick(key, QString::fromStdString(gains[std::size_t(i)].class_name));
  }
  std::reverse(kUp.begin(), kUp.end());
  std::reverse(vUp.begin(), vUp.end());
  std::reverse(kDown.begin(), kDown.end());
  std::reverse(vDown.begin(), vDown.end());
  for (int s = 0; s < 2; ++s) {
    auto* bars = new QCPBars(plot->yAxis, plot->xAxis);  // key axis vertical: horizontal bars
    bars->setName(QCoreApplication::translate("Figure", "%1 better").arg(s == 0 ? nameA : nameB));
    bars->setData(s == 0 ? kUp : kDown, s == 0 ? vUp : vDown, true);
    bars->setWidth(0.8);
    bars->setPen(Qt::NoPen);
    bars->setBrush(s == 0 ? paletteColor(2) : paletteColor(3));
  }
  plot->yAxis->setTicker(ticker);
  plot->yAxis->setSubTicks(false);
  plot->yAxis->grid()->setVisible(false);
  plot->yAxis->setRange(-0.7, n - 0.3);
  plot->xAxis->setLabel(QCoreApplication::translate("Figure", "Accuracy gain (points)"));
  double m = 1.0;
  for (const auto& g : gains) m = std::max(m, std::abs(g.gain));
  plot->xAxis->setRange(-m * 1.1, m * 1.1);
  applyStyle(plot, style);
}

}  // namespace plumage::ui::results

#include "ui/results/figure_builder.h"
#include "ui/common/core_texts.h"

#include "ui/results/legend_placement.h"
#include "core/experiment/paired_stats.h"

#include <QCoreApplication>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace plumage::ui::results {

namespace {
QPen linePen(const QColor& c, const FigureStyle& style) { return QPen(c, ptToLogicalPx(style.lineWidthPt)); }

// Class names on the x axis when they fit, else every n-th class index.
void classTicks(QCustomPlot* plot, const QStringList& names) {
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  if (names.size() <= 30) {
    for (int i = 0; i < names.size(); ++i) ticker->addTick(i, names[i]);
    plot->xAxis->setTickLabelRotation(names.size() > 6 ? 60 : 0);
  } else {
    const int step = names.size() <= 100 ? 10 : 25;
    for (int i = 0; i < names.size(); i += step) ticker->addTick(i, QString::number(i + 1));
  }
  plot->xAxis->setTicker(ticker);
  plot->xAxis->setSubTicks(false);
  plot->xAxis->grid()->setZeroLinePen(Qt::NoPen);  // class 0 is not a zero to mark
}

bool showsBars(const FigureStyle& s) { return s.spread == Spread::Std || s.spread == Spread::Both; }
bool showsBand(const FigureStyle& s) { return s.spread == Spread::Ci95 || s.spread == Spread::Both; }

// Draws the 95 % band of one series under its line: a translucent fill
// between mean ± half width over each run of neighbouring points that have an
// interval, and a translucent strip (an error bar as wide as the marker) at a
// point whose neighbours have none, so no interval is left out. Points with
// n < 2 get nothing (no NaN drawn). Returns whether some point had no band.
bool addBand(QCustomPlot* plot, const CurveSeries& s, const QColor& color, bool dashed, const FigureStyle& style) {
  const int m = static_cast<int>(s.x.size());
  QVector<int> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return s.x[a] < s.x[b]; });
  QVector<double> half(m, std::numeric_limits<double>::quiet_NaN());
  bool missing = false;
  for (int i = 0; i < m; ++i) {
    if (i < s.n.size()) half[i] = experiment::t_interval_half_width(s.stddev[i], static_cast<std::size_t>(std::max(0, s.n[i])));
    missing |= !std::isfinite(half[i]);
  }
  QColor fill = color;
  fill.setAlpha(dashed ? 40 : 64);
  for (int k = 0; k < m;) {
    if (!std::isfinite(half[order[k]])) {
      ++k;
      continue;
    }
    QVector<double> x, lo, hi, mean;
    for (; k < m && std::isfinite(half[order[k]]); ++k) {
      const int i = order[k];
      x << s.x[i];
      mean << s.mean[i];
      lo << s.mean[i] - half[i];
      hi << s.mean[i] + half[i];
    }
    if (x.size() >= 2) {
      QCPGraph* lower = plot->addGraph();
      lower->setObjectName(QStringLiteral("ci95-lower"));
      lower->setData(x, lo, true);
      lower->setPen(Qt::NoPen);
      lower->removeFromLegend();
      QCPGraph* upper = plot->addGraph();
      upper->setObjectName(QStringLiteral("ci95-upper"));
      upper->setData(x, hi, true);
      upper->setPen(Qt::NoPen);
      upper->setBrush(fill);
      upper->setChannelFillGraph(lower);
      upper->removeFromLegend();
    } else {
      QCPGraph* point = plot->addGraph();  // invisible: carries the strip
      point->setObjectName(QStringLiteral("ci95-point"));
      point->setData(x, mean, true);
      point->setPen(Qt::NoPen);
      point->setLineStyle(QCPGraph::lsNone);
      point->removeFromLegend();
      auto* strip = new QCPErrorBars(plot->xAxis, plot->yAxis);
      strip->setObjectName(QStringLiteral("ci95-strip"));
      strip->removeFromLegend();
      strip->setDataPlottable(point);
      strip->setData(QVector<double>{hi[0] - mean[0]});
      QPen pen(fill, ptToLogicalPx(style.fontPt * 0.6));
      pen.setCapStyle(Qt::FlatCap);
      strip->setPen(pen);
      strip->setWhiskerWidth(0);
      strip->setSymbolGap(0);
    }
  }
  return missing;
}
}  // namespace

QString figureKindId(FigureKind kind) {
  switch (kind) {
    case FigureKind::RatioCurve: return QStringLiteral("ratio-curve");
    case FigureKind::PerClass: return QStringLiteral("per-class");
    case FigureKind::Confusion: return QStringLiteral("confusion");
    case FigureKind::ClassDifference: return QStringLiteral("class-difference");
  }
  return {};
}

bool figureKindFromId(const QString& id, FigureKind* kind) {
  for (FigureKind k : {FigureKind::RatioCurve, FigureKind::PerClass, FigureKind::Confusion, FigureKind::ClassDifference})
    if (figureKindId(k) == id) {
      *kind = k;
      return true;
    }
  return false;
}

void clearFigure(QCustomPlot* plot) {
  legendIntoAxes(plot);  // an outside legend's holder is removed below with the other elements
  plot->clearPlottables();
  plot->clearItems();
  // Color scales live in the main layout's second column.
  for (int i = plot->plotLayout()->elementCount() - 1; i >= 0; --i) {
    QCPLayoutElement* e = plot->plotLayout()->elementAt(i);
    if (e && e != plot->axisRect()) plot->plotLayout()->remove(e);
  }
  plot->plotLayout()->simplify();
  plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
  plot->xAxis->setTickLabelRotation(0);
  plot->xAxis->setSubTicks(true);
  plot->xAxis->setRangeReversed(false);
  plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
  plot->yAxis->setSubTicks(true);
  plot->yAxis->setRangeReversed(false);
  plot->xAxis->grid()->setZeroLinePen(plot->yAxis->grid()->zeroLinePen());
  plot->axisRect()->setMarginGroup(QCP::msAll, nullptr);
  plot->legend->setVisible(false);
}

void buildRatioCurve(QCustomPlot* plot, const SweepResults& results, const FigureStyle& style) {
  clearFigure(plot);
  // One colour and marker per column label, whichever sweep it comes from.
  QStringList labels;
  for (const auto* curves : {&results.curves, &results.parenCurves})
    for (const CurveSeries& s : *curves)
      if (!labels.contains(s.label)) labels << s.label;
  // Bands first, so every line and marker is drawn over them.
  bool bandMissing = false;
  if (showsBand(style))
    for (const bool dashed : {false, true})
      for (const CurveSeries& s : dashed ? results.parenCurves : results.curves)
        bandMissing |= addBand(plot, s, paletteColor(static_cast<int>(labels.indexOf(s.label))), dashed, style);
  QStringList inLegend;
  for (const bool dashed : {false, true}) {
    for (const CurveSeries& s : dashed ? results.parenCurves : results.curves) {
      const int i = static_cast<int>(labels.indexOf(s.label));
      const QColor color = paletteColor(i);
      QCPGraph* g = plot->addGraph();
      g->setName(coreText(s.label));  // core's English column label, in the UI language
      // One legend entry per colour; the line styles get their own entries below.
      if (inLegend.contains(s.label)) g->removeFromLegend();
      inLegend << s.label;
      g->setData(s.x, s.mean, true);
      QPen pen = linePen(color, style);
      if (dashed) pen.setStyle(Qt::DashLine);
      g->setPen(pen);
      // Marker shapes differ too, so lines stay apart in grey-scale print.
      static const QCPScatterStyle::ScatterShape shapes[] = {QCPScatterStyle::ssCircle, QCPScatterStyle::ssSquare,
                                                             QCPScatterStyle::ssTriangle, QCPScatterStyle::ssDiamond,
                                                             QCPScatterStyle::ssCross};
      g->setScatterStyle(QCPScatterStyle(shapes[i % 5], color, Qt::white, ptToLogicalPx(style.fontPt * 0.6)));
      if (!showsBars(style)) continue;
      auto* bars = new QCPErrorBars(plot->xAxis, plot->yAxis);
      bars->removeFromLegend();
      bars->setDataPlottable(g);
      bars->setData(s.stddev);
      bars->setPen(linePen(color, style));
      bars->setWhiskerWidth(ptToLogicalPx(style.fontPt * 0.5));
      bars->setSymbolGap(0);  // the marker is drawn on top; a gap would look like a dashed bar
    }
  }
  if (results.combined) {
    // Overlaid sweeps: which side is solid and which dashed (legend swatches, no data).
    for (const bool dashed : {false, true}) {
      QCPGraph* key = plot->addGraph();
      key->setName(coreText(dashed ? results.combined->inner_name : results.combined->outer_name));
      QPen pen = linePen(QColor(60, 60, 60), style);
      if (dashed) pen.setStyle(Qt::DashLine);
      key->setPen(pen);
    }
  }
  if (showsBand(style)) {
    // What the shading is (a legend swatch, no data); where n = 1 there is none.
    QCPGraph* key = plot->addGraph();
    key->setObjectName(QStringLiteral("ci95-key"));
    key->setName(bandMissing ? QCoreApplication::translate("Figure", "95 % CI of the mean (t; none where n = 1)")
                             : QCoreApplication::translate("Figure", "95 % CI of the mean (t)"));
    key->setPen(Qt::NoPen);
    key->setBrush(QColor(60, 60, 60, 64));
  }
  plot->xAxis->setRange(-2, 102);
  plot->xAxis->setRangeReversed(true);  // 100 % images on the left, as in the thesis table
  plot->xAxis->setLabel(QCoreApplication::translate("Figure", "Image share of training data (%)"));
  const QString metric = QString::fromStdString(results.table.metric);
  plot->yAxis->setLabel(metric == QLatin1String("test_top1") ? QCoreApplication::translate("Figure", "Top-1 accuracy (%)") : metric);
  plot->rescaleAxes(true);
  plot->xAxis->setRange(-3, 103);
  const QCPRange y = plot->yAxis->range();
  double lo = y.lower, hi = y.upper;
  for (const auto* curves : {&results.curves, &results.parenCurves})
    for (const auto& s : *curves)
      for (int k = 0; k < s.x.size(); ++k) {
        // What is drawn: the mean, the std bars, the band.
        double spread = showsBars(style) ? s.stddev[k] : 0.0;
        if (showsBand(style) && k < s.n.size()) {
          const double h = experiment::t_interval_half_width(s.stddev[k], static_cast<std::size_t>(std::max(0, s.n[k])));
          if (std::isfinite(h)) spread = std::max(spread, h);
        }
        lo = std::min(lo, s.mean[k] - spread);
        hi = std::max(hi, s.mean[k] + spread);
      }
  const double pad = std::max(1.0, (hi - lo) * 0.1);
  plot->yAxis->setRange(lo - pad, hi + pad);
  applyStyle(plot, style);
}

void buildPerClass(QCustomPlot* plot, const ClassAccuracy& acc, const QString& runName, const FigureStyle& style) {
  clearFigure(plot);
  auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
  bars->setName(runName);
  QVector<double> keys(acc.accuracy.size());
  std::iota(keys.begin(), keys.end(), 0.0);
  bars->setData(keys, acc.accuracy, true);
  bars->setWidth(0.8);
  bars->setPen(Qt::NoPen);
  bars->setBrush(paletteColor(0));
  bars->removeFromLegend();  // one series: the caption names the run
  classTicks(plot, acc.classes);
  plot->xAxis->setLabel(QCoreApplication::translate("Figure", "Class"));
  plot->yAxis->setLabel(QCoreApplication::translate("Figure", "Top-1 accuracy (%)"));
  plot->xAxis->setRange(-0.7, acc.accuracy.size() - 0.3);
  plot->yAxis->setRange(0, 105);
  applyStyle(plot, style);
}

void buildConfusion(QCustomPlot* plot, const Confusion& confusion, const FigureStyle& style) {
  clearFigure(plot);
  const int n = confusion.classes.size();
  auto* map = new QCPColorMap(plot->xAxis, plot->yAxis);
  map->removeFromLegend();  // the color scale says what the colors mean
  map->data()->setSize(n, n);
  map->data()->setRange(QCPRange(0, n - 1), QCPRange(0, n - 1));
  for (int t = 0; t < n; ++t) {
    double total = 0;
    for (double v : confusion.counts[t]) total += v;
    for (int p = 0; p < n; ++p)
      map->data()->setCell(p, t, total > 0 ? 100.0 * confusion.counts[t][p] / total : 0.0);
  }
  map->setInterpolate(false);
  map->setTightBoundary(false);
  QCPColorGradient gradient(QCPColorGradient::gpCold);
  gradient.clearColorStops();
  gradient.setColorStopAt(0.0, Qt::white);
  gradient.setColorStopAt(0.5, QColor(86, 180, 233));
  gradient.setColorStopAt(1.0, QColor(0, 60, 120));
  auto* scale = new QCPColorScale(plot);
  plot->plotLayout()->addElement(0, 1, scale);
  scale->setType(QCPAxis::atRight);
  map->setColorScale(scale);  // first: it hands the scale's range and gradient to the map
  scale->setGradient(gradient);
  scale->setDataRange(QCPRange(0, 100));
  scale->axis()->setLabel(QCoreApplication::translate("Figure", "% of true class"));
  scale->axis()->setLabelFont(figureFont(style));
  scale->axis()->setTickLabelFont(figureFont(style, 0.9));
  scale->setBarWidth(static_cast<int>(ptToLogicalPx(style.fontPt)));
  auto* group = new QCPMarginGroup(plot);
  plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
  scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
  classTicks(plot, confusion.classes);
  if (n <= 30) {
    auto yt = QSharedPointer<QCPAxisTickerText>::create();
    for (int i = 0; i < n; ++i) yt->addTick(i, confusion.classes[i]);
    plot->yAxis->setTicker(yt);
    plot->yAxis->setSubTicks(false);
  }
  plot->xAxis->setLabel(QCoreApplication::translate("Figure", "Predicted class"));
  plot->yAxis->setLabel(QCoreApplication::translate("Figure", "True class"));
  plot->xAxis->setRange(-0.5, n - 0.5);
  plot->yAxis->setRange(-0.5, n - 0.5);
  plot->yAxis->setRangeReversed(true);  // first class at the top, as matrices are read
  applyStyle(plot, style);
}

void buildClassDifference(QCustomPlot* plot, const ClassAccuracy& a, const ClassAccuracy& b, const QString& nameA,
                          const QString& nameB, const FigureStyle& style) {
  clearFigure(plot);
  const int n = std::min(a.accuracy.size(), b.accuracy.size());
  QVector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int i, int j) { return b.accuracy[i] - a.accuracy[i] > b.accuracy[j] - a.accuracy[j]; });
  QVector<double> kUp, vUp, kDown, vDown;
  QStringList names;
  for (int k = 0; k < n; ++k) {
    const int c = order[k];
    const double d = b.accuracy[c] - a.accuracy[c];
    (d >= 0 ? kUp : kDown) << k;
    (d >= 0 ? vUp : vDown) << d;
    names << a.classes.value(c);
  }
  const QString better = QCoreApplication::translate("Figure", "%1 better").arg(nameB), worse = QCoreApplication::translate("Figure", "%1 better").arg(nameA);
  for (int s = 0; s < 2; ++s) {
    auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setName(s == 0 ? better : worse);
    bars->setData(s == 0 ? kUp : kDown, s == 0 ? vUp : vDown, true);
    bars->setWidth(0.8);
    bars->setPen(Qt::NoPen);
    bars->setBrush(s == 0 ? paletteColor(2) : paletteColor(3));
  }
  classTicks(plot, names);
  plot->xAxis->setLabel(QCoreApplication::translate("Figure", "Class (sorted by difference)"));
  plot->yAxis->setLabel(QCoreApplication::translate("Figure", "Accuracy difference (points)"));
  plot->xAxis->setRange(-0.7, n - 0.3);
  plot->rescaleAxes(true);
  plot->xAxis->setRange(-0.7, n - 0.3);
  const QCPRange y = plot->yAxis->range();
  const double m = std::max({std::abs(y.lower), std::abs(y.upper), 1.0}) * 1.1;
  plot->yAxis->setRange(-m, m);
  applyStyle(plot, style);
}

}  // namespace plumage::ui::results

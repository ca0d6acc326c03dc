#include "ui/runs/curve_plot_widget.h"

#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>

namespace plumage::ui {

namespace {

// Colour-blind-safe palette (Okabe–Ito), cycled over runs.
const QColor kPalette[] = {QColor(0, 114, 178),  QColor(213, 94, 0),  QColor(0, 158, 115), QColor(204, 121, 167),
                           QColor(230, 159, 0),  QColor(86, 180, 233), QColor(0, 0, 0),     QColor(240, 228, 66)};
constexpr int kPaletteSize = int(sizeof(kPalette) / sizeof(kPalette[0]));

void setupPlot(QCustomPlot* plot, const QString& yLabel) {
  plot->setMinimumHeight(140);
  plot->xAxis->setLabel(QCoreApplication::translate("CurvePlotWidget", "Epoch"));
  plot->yAxis->setLabel(yLabel);
  plot->legend->setVisible(true);
  QFont f = plot->font();
  f.setPointSizeF(f.pointSizeF() * 0.85);
  plot->legend->setFont(f);
  plot->legend->setBrush(QColor(255, 255, 255, 210));
  plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot->setNoAntialiasingOnDrag(true);
}

QString keyLabel(const QString& key) {
  if (key == QLatin1String("train_loss")) return QCoreApplication::translate("CurvePlotWidget", "train loss");
  if (key == QLatin1String("val_top1")) return QCoreApplication::translate("CurvePlotWidget", "validation");
  if (key == QLatin1String("test_top1")) return QCoreApplication::translate("CurvePlotWidget", "test");
  return key;
}

}  // namespace

CurvePlotWidget::CurvePlotWidget(QWidget* parent)
    : QWidget(parent), loss_(new QCustomPlot(this)), accuracy_(new QCustomPlot(this)),
      emptyHint_(new QLabel(this)), replotTimer_(new QTimer(this)) {
  setupPlot(loss_, tr("Train loss"));
  setupPlot(accuracy_, tr("Accuracy (%)"));
  emptyHint_->setText(tr("Select one or more runs to see their curves."));
  emptyHint_->setAlignment(Qt::AlignCenter);
  emptyHint_->setWordWrap(true);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(emptyHint_);
  layout->addWidget(loss_, 1);
  layout->addWidget(accuracy_, 1);
  replotTimer_->setSingleShot(true);
  connect(replotTimer_, &QTimer::timeout, this, &CurvePlotWidget::replot);
  updateEmptyHint();
}

bool CurvePlotWidget::isLossKey(const QString& key) { return key.contains(QLatin1String("loss")); }

void CurvePlotWidget::setRuns(const QVector<QPair<qint64, QString>>& runs) {
  QHash<qint64, RunCurves> next;
  order_.clear();
  for (const auto& [id, label] : runs) {
    order_.push_back(id);
    auto it = runs_.find(id);
    if (it != runs_.end()) {
      next.insert(id, std::move(*it));
      runs_.erase(it);
    } else {
      RunCurves c;
      c.label = label;
      next.insert(id, std::move(c));
    }
  }
  for (auto& gone : runs_)
    for (QCPGraph* g : gone.graphs) g->parentPlot()->removeGraph(g);
  runs_ = std::move(next);
  // Colours follow the selection order, and graphs are restyled to match.
  for (int i = 0; i < order_.size(); ++i) {
    RunCurves& c = runs_[order_[i]];
    c.colorIndex = i % kPaletteSize;
    for (auto g = c.graphs.begin(); g != c.graphs.end(); ++g) {
      QPen pen = g.value()->pen();
      pen.setColor(kPalette[c.colorIndex]);
      g.value()->setPen(pen);
    }
  }
  updateEmptyHint();
  scheduleReplot();
}

QVector<qint64> CurvePlotWidget::runs() const { return order_; }

QCPGraph* CurvePlotWidget::graphFor(qint64 runId, const QString& key) {
  RunCurves& c = runs_[runId];
  if (QCPGraph* g = c.graphs.value(key)) return g;
  QCustomPlot* plot = isLossKey(key) ? loss_ : accuracy_;
  QCPGraph* g = plot->addGraph();
  QPen pen(kPalette[c.colorIndex]);
  pen.setWidthF(1.6);
  if (key.startsWith(QLatin1String("val"))) pen.setStyle(Qt::DashLine);
  g->setPen(pen);
  g->setName(tr("%1 · %2").arg(c.label, keyLabel(key)));
  c.graphs.insert(key, g);
  return g;
}

bool CurvePlotWidget::isPlottedKey(const QString& key) {
  return key == QLatin1String("train_loss") || key == QLatin1String("val_top1") || key == QLatin1String("test_top1");
}

void CurvePlotWidget::appendPoints(qint64 runId, const QVector<CurvePoint>& points) {
  if (!runs_.contains(runId) || points.isEmpty()) return;
  // Points arrive grouped by key: add each key's run in one call.
  int i = 0;
  while (i < points.size()) {
    const QString& key = points[i].key;
    if (!isPlottedKey(key)) {
      for (; i < points.size() && points[i].key == key; ++i) {
      }
      continue;
    }
    QVector<double> xs, ys;
    const double scale = isLossKey(key) ? 1.0 : 100.0;
    for (; i < points.size() && points[i].key == key; ++i) {
      if (points[i].step <= 0) continue;  // epoch 0 holds job-level values, not a point of the curve
      xs.push_back(double(points[i].step));
      ys.push_back(points[i].value * scale);
    }
    if (!xs.isEmpty()) graphFor(runId, key)->addData(xs, ys, std::is_sorted(xs.begin(), xs.end()));
  }
  scheduleReplot();
}

void CurvePlotWidget::resetRun(qint64 runId) {
  auto it = runs_.find(runId);
  if (it == runs_.end()) return;
  for (QCPGraph* g : it->graphs) g->data()->clear();
  scheduleReplot();
}

int CurvePlotWidget::pointCount(qint64 runId, const QString& key) const {
  auto it = runs_.find(runId);
  if (it == runs_.end()) return 0;
  QCPGraph* g = it->graphs.value(key);
  return g ? g->dataCount() : 0;
}

void CurvePlotWidget::scheduleReplot() {
  dirty_ = true;
  if (replotTimer_->isActive()) return;
  const qint64 since = sinceReplot_.isValid() ? sinceReplot_.elapsed() : kMinReplotIntervalMs;
  replotTimer_->start(int(std::max<qint64>(0, kMinReplotIntervalMs - since)));
}

void CurvePlotWidget::flush() {
  if (!dirty_) return;
  replotTimer_->stop();
  replot();
}

void CurvePlotWidget::replot() {
  dirty_ = false;
  sinceReplot_.start();
  ++replots_;
  for (QCustomPlot* plot : {loss_, accuracy_}) {
    plot->rescaleAxes();
    // Some head room, and epochs start at 1.
    QCPRange y = plot->yAxis->range();
    const double pad = std::max(1e-6, 0.05 * y.size());
    plot->yAxis->setRange(y.lower - pad, y.upper + pad);
    QCPRange x = plot->xAxis->range();
    if (x.size() < 1) plot->xAxis->setRange(x.lower - 0.5, x.upper + 0.5);
    plot->legend->setVisible(plot->graphCount() > 0);
    plot->replot();
  }
}

void CurvePlotWidget::updateEmptyHint() {
  const bool empty = order_.isEmpty();
  emptyHint_->setVisible(empty);
  loss_->setVisible(!empty);
  accuracy_->setVisible(!empty);
}

}  // namespace plumage::ui

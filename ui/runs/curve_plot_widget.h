// Live training curves of one or more runs: train loss on the upper plot,
// validation and test accuracy (percent) on the lower one, x = epoch. Runs
// are overlaid in distinct colours (validation dashed, test solid) so two
// runs can be compared. Points are appended in batches; the plots are
// redrawn at most every kMinReplotIntervalMs (~20 times a second) however
// fast points arrive.
#pragma once

#include "ui/runs/run_rows.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPair>
#include <QVector>
#include <QWidget>

class QCPGraph;
class QCustomPlot;
class QLabel;
class QTimer;

namespace plumage::ui {

class CurvePlotWidget : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kMinReplotIntervalMs = 50;

  explicit CurvePlotWidget(QWidget* parent = nullptr);

  // The runs to draw, with their labels ("Run 12"); curves of other runs go.
  void setRuns(const QVector<QPair<qint64, QString>>& runs);
  QVector<qint64> runs() const;
  void appendPoints(qint64 runId, const QVector<CurvePoint>& points);
  void resetRun(qint64 runId);  // drops the run's points (it was restarted)

  // For tests and the screenshot mode.
  int replotCount() const { return replots_; }
  int pointCount(qint64 runId, const QString& key) const;
  QCustomPlot* lossPlot() const { return loss_; }
  QCustomPlot* accuracyPlot() const { return accuracy_; }
  // Draws now if something is pending (screenshot before the throttle fires).
  void flush();

  // Accuracy keys are fractions in the metric stream; the plot shows percent.
  static bool isLossKey(const QString& key);
  // The curves drawn: train loss, validation and test top-1 (other keys are results, not curves).
  static bool isPlottedKey(const QString& key);

 private:
  QCPGraph* graphFor(qint64 runId, const QString& key);
  void scheduleReplot();
  void replot();
  void updateEmptyHint();

  struct RunCurves {
    QString label;
    int colorIndex = 0;
    QHash<QString, QCPGraph*> graphs;
  };
  QCustomPlot* loss_;
  QCustomPlot* accuracy_;
  QLabel* emptyHint_;
  QHash<qint64, RunCurves> runs_;
  QVector<qint64> order_;
  QTimer* replotTimer_;
  QElapsedTimer sinceReplot_;
  int replots_ = 0;
  bool dirty_ = false;
};

}  // namespace plumage::ui

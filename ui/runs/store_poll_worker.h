// The thread-side half of StorePoller (store_poller.h): owns the StoreReader
// and the caches; lives on the poller's thread, driven by queued calls.
#pragma once

#include "ui/runs/run_rows.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QVector>

#include <memory>

class QTimer;

namespace plumage::store {
class StoreReader;
}

namespace plumage::ui {

class StorePollWorker : public QObject {
  Q_OBJECT
 public:
  StorePollWorker();
  ~StorePollWorker() override;

 public slots:
  void start();  // on the worker thread: creates the timer
  void stop();
  void setStorePath(const QString& path);
  void setWatchedRuns(const QVector<qint64>& runIds);
  void poll();

 signals:
  void runsChanged(const QVector<plumage::ui::RunRow>& runs);
  void metricsAppended(qint64 runId, const QVector<plumage::ui::CurvePoint>& points);
  void metricsReset(qint64 runId);
  void storeProblem(const QString& message);
  void polled();

 private:
  bool ensureReader();
  void report(const QString& problem);
  void pollMetrics(qint64 runId);

  struct Watched {
    QHash<QString, qint64> lastStep;  // per metric key
    int attempts = -1;
  };
  struct CachedResult {
    qint64 finishedMs = -1;
    double top1 = 0;
    QString inputs;  // the files the run read, as text
  };

  QString path_;
  std::unique_ptr<store::StoreReader> reader_;
  QTimer* timer_ = nullptr;
  QVector<RunRow> lastRows_;
  QHash<qint64, Watched> watched_;
  QHash<qint64, int> attempts_;
  QHash<qint64, CachedResult> results_;
  QString problem_;
  bool anyActive_ = false;
};

}  // namespace plumage::ui

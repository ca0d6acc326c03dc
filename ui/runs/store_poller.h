// Polls the workspace's run store on its own thread, so the runs page shows
// runs written by this process's runner, by a CLI sweep or by a merge alike,
// and reading SQLite never blocks the GUI thread. It emits the run list when
// it changed and, for the watched runs, only the metric points not sent yet.
//
// The store is read through store::StoreReader (WAL: reading never blocks the
// writer). Polls every kActiveIntervalMs while a run is RUNNING, else every
// kIdleIntervalMs; pollNow() asks for one at once.
#pragma once

#include "ui/runs/run_rows.h"

#include <QObject>
#include <QSet>
#include <QString>
#include <QVector>

class QThread;

namespace plumage::ui {

class StorePollWorker;

class StorePoller : public QObject {
  Q_OBJECT
 public:
  static constexpr int kActiveIntervalMs = 250;
  static constexpr int kIdleIntervalMs = 1000;

  explicit StorePoller(QObject* parent = nullptr);
  ~StorePoller() override;  // stops the thread

  // "" stops polling and clears what was shown.
  void setStorePath(const QString& path);
  QString storePath() const { return path_; }
  // Runs whose curves are wanted; newly watched runs get all their points.
  void setWatchedRuns(const QVector<qint64>& runIds);
  void pollNow();

 signals:
  void runsChanged(const QVector<plumage::ui::RunRow>& runs);
  // New points of a watched run (ordered by key, then step).
  void metricsAppended(qint64 runId, const QVector<plumage::ui::CurvePoint>& points);
  // A watched run was restarted (its earlier metrics were dropped): clear its curves.
  void metricsReset(qint64 runId);
  // "" once the store reads fine again.
  void storeProblem(const QString& message);
  // After each poll (tests wait on it).
  void polled();

 private:
  QThread* thread_;
  StorePollWorker* worker_;
  QString path_;
};

}  // namespace plumage::ui

// Runs experiments and sweeps from the GUI: plans the sweep with
// core/experiment (every combination checked), then executes it with the
// experiment runner and the engine's run function on a Job's thread, writing
// runs and metrics into the workspace's store. Progress (with ETA) goes to
// the Job; run starts/ends and metric points are forwarded as queued signals.
// One launch at a time: the store has one writer per process.
#pragma once

#include <QHash>
#include <QObject>
#include "ui/common/job.h"

#include <QPointer>
#include <QString>

#include <functional>
#include <mutex>

#include <nlohmann/json.hpp>

namespace plumage::experiment {
struct RunContext;
}
namespace plumage::store {
struct RunResult;
}

namespace plumage::ui {

class Job;

class TrainingLauncher : public QObject {
  Q_OBJECT
 public:
  // What executes one run; empty = the engine's (experiment::make_engine_run_function).
  using RunFunction = std::function<store::RunResult(experiment::RunContext&)>;

  explicit TrainingLauncher(QObject* parent = nullptr);
  ~TrainingLauncher() override;

  // Starts `config` (an experiment, or a sweep {base, grid}) with relative
  // paths taken from `baseDir`, into the store at `storePath`. Returns the
  // started Job (owned by the launcher; deleted after it ends), or nullptr
  // with *error when another launch runs.
  Job* launch(const nlohmann::json& config, const QString& baseDir, const QString& storePath, QString* error);
  bool isRunning() const;
  Job* currentJob() const { return job_; }
  // Run ids the current launch is executing now.
  QList<qint64> activeRuns() const;
  // Stops the current launch: the run in progress ends CANCELLED within one
  // batch, and the rest of the sweep stays QUEUED.
  void cancel();

  // For tests: replaces the engine's run function.
  void setRunFunction(RunFunction fn) { runFunction_ = std::move(fn); }

 signals:
  void runningChanged(bool running);
  void runStarted(qint64 runId, const QString& key);
  // status: "DONE", "FAILED", "CANCELLED"; detail: the error or a result summary.
  void runEnded(qint64 runId, const QString& status, const QString& detail);
  void metricLogged(qint64 runId, const QString& key, qint64 step, double value);
  // The launch ended: a summary ("12 done, 1 failed") or the reason it could not start.
  void launchFinished(const QString& summary, bool ok);

 private:
  QPointer<Job> job_;
  RunFunction runFunction_;
  mutable std::mutex mutex_;
  QHash<QString, qint64> runIds_;  // key → run id of the current launch (worker writes, GUI reads)
  QList<qint64> active_;
};

}  // namespace plumage::ui

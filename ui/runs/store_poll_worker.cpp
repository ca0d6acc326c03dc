#include "ui/runs/store_poll_worker.h"

#include "core/store/store_error.h"
#include "core/store/store_reader.h"
#include "ui/runs/run_inputs_text.h"
#include "ui/runs/store_poller.h"

#include <QFileInfo>
#include <QTimer>

#include <algorithm>
#include <exception>

namespace plumage::ui {

StorePollWorker::StorePollWorker() = default;
StorePollWorker::~StorePollWorker() = default;

void StorePollWorker::start() {
  if (timer_) return;
  timer_ = new QTimer(this);
  timer_->setSingleShot(true);
  connect(timer_, &QTimer::timeout, this, &StorePollWorker::poll);
}

void StorePollWorker::stop() {
  if (timer_) timer_->stop();
  reader_.reset();
}

void StorePollWorker::setStorePath(const QString& path) {
  if (path == path_) return;
  path_ = path;
  reader_.reset();
  lastRows_.clear();
  watched_.clear();
  attempts_.clear();
  results_.clear();
  problem_.clear();
  emit runsChanged({});
  if (path_.isEmpty()) {
    if (timer_) timer_->stop();
    return;
  }
  poll();
}

void StorePollWorker::setWatchedRuns(const QVector<qint64>& runIds) {
  QHash<qint64, Watched> next;
  for (qint64 id : runIds) next.insert(id, watched_.value(id));
  watched_ = std::move(next);
  for (qint64 id : runIds)
    if (watched_[id].lastStep.isEmpty()) pollMetrics(id);
}

void StorePollWorker::report(const QString& problem) {
  if (problem == problem_) return;
  problem_ = problem;
  emit storeProblem(problem);
}

bool StorePollWorker::ensureReader() {
  if (reader_) return true;
  if (!QFileInfo::exists(path_)) {
    report(tr("No runs yet: the workspace has no run store (%1).").arg(path_));
    return false;
  }
  try {
    reader_ = std::make_unique<store::StoreReader>(path_.toStdString());
    return true;
  } catch (const std::exception& e) {
    report(QString::fromUtf8(e.what()));
    return false;
  }
}

void StorePollWorker::pollMetrics(qint64 runId) {
  if (!reader_) return;
  Watched& w = watched_[runId];
  const int attempts = attempts_.value(runId, 0);
  if (w.attempts >= 0 && w.attempts != attempts) {
    // Claimed again: the store dropped the earlier attempt's metrics.
    w.lastStep.clear();
    emit metricsReset(runId);
  }
  w.attempts = attempts;
  // Re-read from the lowest key's last step: keys of one epoch may commit apart.
  qint64 after = -1;
  if (!w.lastStep.isEmpty()) after = *std::min_element(w.lastStep.cbegin(), w.lastStep.cend()) - 1;
  const auto points = reader_->metrics(runId, "", after);
  QVector<CurvePoint> fresh;
  for (const auto& p : points) {
    const QString key = QString::fromStdString(p.key);
    auto it = w.lastStep.find(key);
    if (it != w.lastStep.end() && p.step <= *it) continue;
    fresh.push_back({key, p.step, p.value});
  }
  for (const CurvePoint& p : fresh) {
    qint64& last = w.lastStep[p.key];
    last = std::max(last, p.step);
  }
  if (!fresh.isEmpty()) emit metricsAppended(runId, fresh);
}

void StorePollWorker::poll() {
  if (path_.isEmpty()) return;
  if (ensureReader()) {
    try {
      const auto runs = reader_->runs(0);
      QHash<qint64, store::SweepInfo> sweeps;
      for (auto& s : reader_->sweeps()) sweeps.insert(s.id, std::move(s));
      QHash<qint64, qint64> sweepOf;
      for (const auto& l : reader_->sweep_links()) sweepOf.insert(l.run_id, l.sweep_id);

      QVector<RunRow> rows;
      rows.reserve(int(runs.size()));
      anyActive_ = false;
      for (const auto& info : runs) {
        std::optional<store::RunResult> result;
        CachedResult& cached = results_[info.id];
        RunRow row = makeRunRow(info, nullptr);
        // Recorded when the run is planned and never changed after: read
        // until found (one indexed query while none is recorded).
        if (cached.inputs.isEmpty()) cached.inputs = describeRunInputs(reader_->run_inputs(info.id));
        row.inputs = cached.inputs;
        if (info.status == store::RunStatus::Done) {
          if (cached.finishedMs != info.finished_ms) {
            result = reader_->result(info.id);
            cached.finishedMs = info.finished_ms;
            cached.top1 = result ? top1Percent(*result) : std::numeric_limits<double>::quiet_NaN();
          }
          row.top1 = cached.top1;
        }
        if (const qint64 sid = sweepOf.value(info.id); sid > 0) {
          row.sweepId = sid;
          row.sweepName = QString::fromStdString(sweeps.value(sid).name);
        }
        anyActive_ = anyActive_ || row.isActive();
        attempts_[info.id] = info.attempts;
        rows.push_back(std::move(row));
      }
      std::sort(rows.begin(), rows.end(), [](const RunRow& a, const RunRow& b) { return a.id < b.id; });
      const bool changed = rows.size() != lastRows_.size() ||
                           !std::equal(rows.begin(), rows.end(), lastRows_.begin(),
                                       [](const RunRow& a, const RunRow& b) { return a.sameContent(b); });
      if (changed) {
        lastRows_ = rows;
        emit runsChanged(rows);
      }
      for (auto it = watched_.begin(); it != watched_.end(); ++it) pollMetrics(it.key());
      report({});
    } catch (const std::exception& e) {
      // A store replaced under us, or a newer schema: reopen on the next poll.
      reader_.reset();
      report(QString::fromUtf8(e.what()));
    }
  }
  emit polled();
  start();
  if (timer_) timer_->start(anyActive_ ? StorePoller::kActiveIntervalMs : StorePoller::kIdleIntervalMs);
}

}  // namespace plumage::ui

// What the runs page shows, as plain Qt values: one row per run of the store
// and the metric points of a run's curves. Made from store records on the
// poller's thread (store_poller.h) and handed to the GUI thread by value.
#pragma once

#include <QMetaType>
#include <QString>
#include <QVector>

#include <cmath>
#include <limits>

namespace plumage::store {
struct RunInfo;
struct RunResult;
}  // namespace plumage::store

namespace plumage::ui {

struct RunRow {
  qint64 id = 0;
  QString key;
  QString status;  // "QUEUED", "RUNNING", "DONE", "FAILED", "CANCELLED", "INTERRUPTED"
  qint64 sweepId = 0;
  QString sweepName;
  qint64 seed = 0;
  QString summary;     // one line: text source, ratio, sampling, ...
  QString summaryTip;  // the input files with full paths
  QString configJson;  // the resolved config, indented
  QString inputs;      // the files it read (run_inputs_text.h); empty when none recorded
  double top1 = std::numeric_limits<double>::quiet_NaN();  // test top-1 in percent; NaN = no result yet
  qint64 startedMs = 0, finishedMs = 0, heartbeatMs = 0;
  QString device;
  QString error;

  bool hasTop1() const { return !std::isnan(top1); }
  bool isActive() const { return status == QLatin1String("RUNNING"); }
  // Finished runs: finished - started. Running runs: until `nowMs`. -1 = never started.
  qint64 durationMs(qint64 nowMs) const;
  bool sameContent(const RunRow& o) const;
};

struct CurvePoint {
  QString key;  // "train_loss", "val_top1", "test_top1", ...
  qint64 step = 0;
  double value = 0;
};

// The row of a store run; `result` may be null (no result yet).
RunRow makeRunRow(const store::RunInfo& info, const store::RunResult* result);
// Top-1 in percent from a result's final metrics (fractions are scaled), NaN when absent.
double top1Percent(const store::RunResult& result);

}  // namespace plumage::ui

Q_DECLARE_METATYPE(plumage::ui::RunRow)
Q_DECLARE_METATYPE(plumage::ui::CurvePoint)

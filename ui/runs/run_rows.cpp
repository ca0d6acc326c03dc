#include "ui/runs/run_rows.h"

#include "ui/runs/config_summary.h"
#include "core/store/records.h"

namespace plumage::ui {

qint64 RunRow::durationMs(qint64 nowMs) const {
  if (startedMs <= 0) return -1;
  const qint64 end = finishedMs > 0 ? finishedMs : (isActive() ? nowMs : heartbeatMs);
  return end >= startedMs ? end - startedMs : -1;
}

bool RunRow::sameContent(const RunRow& o) const {
  const bool sameTop1 = (std::isnan(top1) && std::isnan(o.top1)) || top1 == o.top1;
  return id == o.id && status == o.status && sameTop1 && startedMs == o.startedMs && finishedMs == o.finishedMs &&
         heartbeatMs == o.heartbeatMs && error == o.error && sweepId == o.sweepId && sweepName == o.sweepName &&
         summary == o.summary && summaryTip == o.summaryTip && device == o.device && inputs == o.inputs;
}

double top1Percent(const store::RunResult& result) {
  const nlohmann::json& m = result.metrics;
  if (!m.is_object()) return std::numeric_limits<double>::quiet_NaN();
  for (const char* key : {"test_top1", "top1"}) {
    auto it = m.find(key);
    if (it != m.end() && it->is_number()) {
      // The engine and the runner store accuracies as fractions; tables show percent.
      return 100.0 * it->get<double>();
    }
  }
  return std::numeric_limits<double>::quiet_NaN();
}

RunRow makeRunRow(const store::RunInfo& info, const store::RunResult* result) {
  RunRow r;
  r.id = info.id;
  r.key = QString::fromStdString(info.key);
  r.status = QString::fromLatin1(store::to_string(info.status));
  r.seed = info.seed;
  r.summary = summarizeConfig(info.config);
  r.summaryTip = configFilesTooltip(info.config);
  r.configJson = info.config.is_null() ? QString() : QString::fromStdString(info.config.dump(2));
  if (result) r.top1 = top1Percent(*result);
  r.startedMs = info.started_ms;
  r.finishedMs = info.finished_ms;
  r.heartbeatMs = info.heartbeat_ms;
  r.device = QString::fromStdString(info.device);
  r.error = QString::fromStdString(info.error);
  return r;
}

}  // namespace plumage::ui

#include "ui/results/results_data.h"
#include "ui/common/core_texts.h"

#include "core/experiment/sweep_config.h"
#include "core/store/store_reader.h"

#include <QCoreApplication>

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace plumage::ui::results {

bool parseRatioLabel(const std::string& label, double* imagePercent) {
  int img = 0, txt = 0;
  if (std::sscanf(label.c_str(), "(%d, %d)", &img, &txt) != 2 || img + txt != 100) return false;
  *imagePercent = img;
  return true;
}

namespace {
// One series per table column over the rows that are image ratios.
QVector<CurveSeries> curvesOf(const experiment::ResultsTable& t) {
  QVector<CurveSeries> curves;
  for (size_t c = 0; c < t.column_labels.size(); ++c) {
    CurveSeries s;
    s.label = QString::fromStdString(t.column_labels[c]);
    for (size_t row = 0; row < t.row_labels.size(); ++row) {
      const auto& cell = t.cells[row][c];
      double x = 0;
      if (cell.values.empty() || !parseRatioLabel(t.row_labels[row], &x)) continue;
      s.x << x;
      s.mean << cell.mean();
      s.stddev << cell.stddev();
      s.n << static_cast<int>(cell.values.size());
    }
    if (!s.x.isEmpty()) curves << s;
  }
  return curves;
}
}  // namespace

SweepResults loadSweepResults(store::StoreReader& reader, const QString& sweepIdOrName, const QString& parenIdOrName) {
  SweepResults r;
  r.sweep = experiment::require_sweep(reader, sweepIdOrName.toStdString());
  if (parenIdOrName.isEmpty()) {
    r.table = experiment::sweep_results_table(reader, r.sweep);
  } else {
    const auto paren = experiment::require_sweep(reader, parenIdOrName.toStdString());
    if (paren.id == r.sweep.id) throw std::runtime_error("the sweep in parentheses is the sweep itself");
    r.combined = experiment::combined_results_table(reader, {r.sweep, {}}, {paren, {}});
    r.table = r.combined->outer;
    r.parenCurves = curvesOf(r.combined->inner);
  }
  for (auto& run : reader.runs(r.sweep.id))
    if (run.status == store::RunStatus::Done) r.doneRuns.push_back(std::move(run));
  r.curves = curvesOf(r.table);
  return r;
}

namespace {
store::RunResult requireResult(store::StoreReader& reader, int64_t runId) {
  const auto res = reader.result(runId);
  if (!res) throw std::runtime_error("run " + std::to_string(runId) + " has no results (not DONE)");
  return *res;
}

QStringList classNames(const nlohmann::json& perClass, size_t n) {
  QStringList names;
  if (perClass.is_object() && perClass.contains("classes") && perClass["classes"].is_array())
    for (const auto& c : perClass["classes"]) names << QString::fromStdString(c.is_string() ? c.get<std::string>() : c.dump());
  while (static_cast<size_t>(names.size()) < n) names << QString::number(names.size() + 1);
  return names;
}
}  // namespace

ClassAccuracy loadClassAccuracy(store::StoreReader& reader, int64_t runId) {
  const auto res = requireResult(reader, runId);
  const auto& pc = res.per_class;
  if (!pc.is_object() || !pc.contains("top1") || !pc["top1"].is_array())
    throw std::runtime_error("run " + std::to_string(runId) + ": results have no per_class.top1 array");
  ClassAccuracy a;
  for (const auto& v : pc["top1"]) {
    if (!v.is_number()) throw std::runtime_error("run " + std::to_string(runId) + ": per_class.top1 holds a non-number");
    a.accuracy << 100.0 * v.get<double>();
  }
  a.classes = classNames(pc, static_cast<size_t>(a.accuracy.size()));
  if (a.classes.size() != a.accuracy.size())
    throw std::runtime_error("run " + std::to_string(runId) + ": per_class.classes and per_class.top1 differ in length");
  return a;
}

Confusion loadConfusion(store::StoreReader& reader, int64_t runId) {
  const auto res = requireResult(reader, runId);
  const auto& m = res.confusion;
  const std::string where = "run " + std::to_string(runId) + ": confusion";
  if (!m.is_array() || m.empty()) throw std::runtime_error(where + " matrix is missing");
  Confusion c;
  for (const auto& row : m) {
    if (!row.is_array() || row.size() != m.size()) throw std::runtime_error(where + " matrix is not square");
    QVector<double> r;
    for (const auto& v : row) {
      if (!v.is_number()) throw std::runtime_error(where + " matrix holds a non-number");
      r << v.get<double>();
    }
    c.counts << r;
  }
  c.classes = classNames(res.per_class, m.size());
  if (static_cast<size_t>(c.classes.size()) != m.size())
    throw std::runtime_error(where + " matrix size differs from the class list");
  return c;
}

QString runLabel(const store::RunInfo& run) {
  QString s = QStringLiteral("#%1").arg(run.id);
  const auto src = experiment::get_dotted(run.config, "text_source");
  if (src.is_string()) s += QStringLiteral(" · ") + coreText(experiment::text_source_label(src.get<std::string>()));
  const auto ratio = experiment::get_dotted(run.config, "image_ratio");
  if (ratio.is_number()) s += QStringLiteral(" · ") + QString::fromStdString(experiment::ratio_label(ratio.get<double>()));
  s += QStringLiteral(" · ") + QCoreApplication::translate("ConfigSummary", "seed %1").arg(run.seed);
  return s;
}

}  // namespace plumage::ui::results

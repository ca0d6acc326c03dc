// What the results page and `plumage figure` show, read from a run store:
// a sweep's thesis-layout table (experiment::sweep_results_table, the same
// query as `plumage-cli runs table`), its accuracy-vs-ratio curves
// (one series per table column), and a run's per-class accuracy and confusion.
// Loaders throw std::runtime_error / store::StoreError with the reason.
#pragma once

#include "core/experiment/combined_table.h"
#include "core/experiment/results_table.h"
#include "core/store/records.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <cstdint>
#include <optional>
#include <vector>

namespace plumage::store {
class StoreReader;
}

namespace plumage::ui::results {

struct CurveSeries {
  QString label;           // the table's column label: "Image only", "+ Reed captions"
  QVector<double> x;       // image share in % (100 = images only)
  QVector<double> mean;    // metric in display units (accuracy in %)
  QVector<double> stddev;  // sample std over seeds (0 for one seed)
  QVector<int> n;          // finished seeds of each point (empty: unknown, no band)
};

struct SweepResults {
  store::SweepInfo sweep;
  experiment::ResultsTable table;
  QVector<CurveSeries> curves;  // empty when the rows are not image ratios
  std::vector<store::RunInfo> doneRuns;
  // A second sweep shown in parentheses in the table and dashed in the ratio
  // figure (e.g. global sampling beside per-class); unset when none.
  std::optional<experiment::CombinedTable> combined;
  QVector<CurveSeries> parenCurves;
};

struct ClassAccuracy {
  QStringList classes;
  QVector<double> accuracy;  // top-1 per class in %
};

struct Confusion {
  QStringList classes;
  QVector<QVector<double>> counts;  // [true][predicted]
};

// `parenIdOrName`: the sweep in parentheses / dashed (empty: none).
SweepResults loadSweepResults(store::StoreReader& reader, const QString& sweepIdOrName,
                              const QString& parenIdOrName = QString());
ClassAccuracy loadClassAccuracy(store::StoreReader& reader, int64_t runId);
Confusion loadConfusion(store::StoreReader& reader, int64_t runId);

// "#12 · + Reed captions · (90, 10) · seed 1": what a run is, for pickers (in the UI language).
QString runLabel(const store::RunInfo& run);

// Image share in % from a row label "(90, 10)"; false when it is not one.
bool parseRatioLabel(const std::string& label, double* imagePercent);

}  // namespace plumage::ui::results

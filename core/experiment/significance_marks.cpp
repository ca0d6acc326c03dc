#include "core/experiment/significance_marks.h"

#include "core/experiment/paired_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace plumage::experiment {

SignificanceMarks significance_vs(store::StoreReader& reader, const ResultsTable& table, std::size_t column,
                                  double alpha) {
  if (column >= table.column_labels.size())
    throw std::invalid_argument("significance: no column " + std::to_string(column) + " (the table has " +
                                std::to_string(table.column_labels.size()) + ")");
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  SignificanceMarks m;
  m.column = column;
  m.column_label = table.column_labels[column];
  m.alpha = alpha;
  CellSignificance none;
  none.mean_diff = none.p_value = kNaN;
  m.cells.assign(table.row_labels.size(), std::vector<CellSignificance>(table.column_labels.size(), none));
  for (std::size_t r = 0; r < table.row_labels.size(); ++r)
    for (std::size_t c = 0; c < table.column_labels.size(); ++c) {
      CellSignificance& s = m.cells[r][c];
      if (table.cells[r][c].planned == 0) s.reason = "no cell";
      else if (c == column) s.reason = "reference column";
      else if (table.cells[r][column].planned == 0) s.reason = "no reference cell in this row";
    }
  for (std::size_t c = 0; c < table.column_labels.size(); ++c) {
    if (c == column) continue;
    // The same numbers `runs compare` prints: this column minus the reference.
    for (const RowComparison& rc : compare_columns(reader, table, c, column)) {
      const auto row = std::find(table.row_labels.begin(), table.row_labels.end(), rc.row);
      CellSignificance& s = m.cells[static_cast<std::size_t>(row - table.row_labels.begin())][c];
      s.pairs = rc.test.n;
      s.mean_diff = rc.test.mean_diff;
      s.p_value = rc.test.p_value;
      s.tested = !std::isnan(rc.test.p_value);
      s.significant = s.tested && rc.test.p_value < alpha;
      if (rc.test.n < 2)
        s.reason = "fewer than 2 paired seeds (" + std::to_string(rc.test.n) + ")";
      else if (!s.tested)
        s.reason = "every paired difference is equal: no variance to test";
    }
  }
  return m;
}

const CellSignificance* significance_at(const SignificanceMarks* marks, const ResultsTable& table,
                                        const std::string& row, const std::string& column) {
  if (!marks) return nullptr;
  const auto r = std::find(table.row_labels.begin(), table.row_labels.end(), row);
  const auto c = std::find(table.column_labels.begin(), table.column_labels.end(), column);
  if (r == table.row_labels.end() || c == table.column_labels.end()) return nullptr;
  const auto ri = static_cast<std::size_t>(r - table.row_labels.begin());
  const auto ci = static_cast<std::size_t>(c - table.column_labels.begin());
  if (ri >= marks->cells.size() || ci >= marks->cells[ri].size()) return nullptr;
  return &marks->cells[ri][ci];
}

std::string significance_legend(const SignificanceMarks& marks) {
  char alpha[32];
  std::snprintf(alpha, sizeof alpha, "%g", marks.alpha);
  return std::string("† p < ") + alpha + " against " + marks.column_label +
         " in the same row (Student's paired t-test over seeds, two-sided).";
}

}  // namespace plumage::experiment

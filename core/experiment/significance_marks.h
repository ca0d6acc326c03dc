// † markers for a results table: each cell is compared with the cell of one
// reference column in the same row (e.g. "Image only"), paired by seed, with
// Student's paired t-test over seeds (two-sided, paired_stats.h); a cell is
// marked when p < alpha. Cells without a test say why, so an unmarked cell is
// never silently "not significant".
#pragma once

#include "core/experiment/results_table.h"

#include <cstddef>
#include <string>
#include <vector>

namespace plumage::store {
class StoreReader;
}

namespace plumage::experiment {

struct CellSignificance {
  bool tested = false;       // a p-value exists
  bool significant = false;  // p < alpha: the cell gets †
  std::size_t pairs = 0;     // seeds both cells finished
  double mean_diff = 0;      // this cell minus the reference, over the paired seeds (NaN without pairs)
  double p_value = 0;        // NaN when not tested
  std::string reason;        // why there is no test; "" when tested
};

struct SignificanceMarks {
  std::size_t column = 0;    // the reference column
  std::string column_label;
  double alpha = 0.05;
  std::vector<std::vector<CellSignificance>> cells;  // [row][column], the table's shape
};

// Throws std::invalid_argument for a column outside the table.
SignificanceMarks significance_vs(store::StoreReader& reader, const ResultsTable& table, std::size_t column,
                                  double alpha = 0.05);

// The marks of the cell (row label, column label) of `table`; nullptr when
// the table has no such cell or `marks` is null.
const CellSignificance* significance_at(const SignificanceMarks* marks, const ResultsTable& table,
                                        const std::string& row, const std::string& column);

// "† p < 0.05 against Image only in the same row (Student's paired t-test over
// seeds, two-sided)." Plain text: latex_escape turns † into $^\dagger$.
std::string significance_legend(const SignificanceMarks& marks);

}  // namespace plumage::experiment

// One results table from two: each cell shows the value of the first side
// with the second side's value in parentheses, "84.23 ± 0.41 (80.10 ± 0.50)"
// (the thesis shows per-class sampling with global sampling in parentheses).
// The sides are two sweeps, or two `where` filters of one sweep (e.g.
// sampling=per-class vs sampling=global); swapping them gives the reverse.
#pragma once

#include "core/experiment/results_table.h"
#include "core/experiment/significance_marks.h"

#include <string>
#include <vector>

namespace plumage::experiment {

struct CombinedCell {
  TableCell outer;  // planned == 0 where the first side has no such cell
  TableCell inner;  // the same for the side in parentheses
};

struct CombinedTable {
  ResultsTable outer, inner;            // the two single tables, as built
  std::string outer_name, inner_name;   // "per-class sampling", or the sweep's name
  std::string outer_sweep, inner_sweep; // sweep names (captions, provenance)
  std::vector<std::string> row_labels, column_labels;  // union of both sides, in table order
  std::vector<std::vector<CombinedCell>> cells;        // [row][column]
};

// Joins two tables cell by cell by row and column label. Throws
// std::runtime_error when their metric, rows key or columns key differ.
CombinedTable combine_tables(const ResultsTable& outer, const ResultsTable& inner, const std::string& outer_name,
                             const std::string& inner_name);

struct CombinedSide {
  store::SweepInfo sweep;
  TableOverrides overrides;
};

// Both sides' sweep_results_table, combined. A side is named by the value of
// "sampling" its runs share ("per-class sampling"), else by its sweep's name.
CombinedTable combined_results_table(store::StoreReader& reader, const CombinedSide& outer, const CombinedSide& inner);

// "84.23 ± 0.41 (80.10)", "— (80.10)", "84.23 (—)"; "—" when neither side has the cell.
std::string format_combined_cell(const CombinedCell& c, bool latex);
// With each side's † (or any mark) right after its value.
std::string format_combined_cell(const CombinedCell& c, bool latex, const std::string& outer_mark,
                                 const std::string& inner_mark);

// † on each side against the same reference column of its own table (each
// side's seeds pair with themselves: the two sides are not compared).
struct CombinedMarks {
  SignificanceMarks outer, inner;
};
// Throws std::invalid_argument when a side has no such column.
CombinedMarks combined_significance_vs(store::StoreReader& reader, const CombinedTable& t,
                                       const std::string& column_label_or_index, double alpha = 0.05);
// The marks of combined cell [row][column] of one side (nullptr: none).
const CellSignificance* combined_mark(const CombinedTable& t, const CombinedMarks* marks, bool inner, std::size_t row,
                                      std::size_t column);
std::string combined_significance_legend(const CombinedMarks& marks);

// "Top-1 accuracy (%) on the test set, mean ± std over 3 seeds; per-class
// sampling (global sampling in parentheses). Sweeps: A; B." (plain text).
std::string default_combined_caption(const CombinedTable& t);

// The same layouts as table_to_latex / table_to_markdown (every user text
// escaped for LaTeX); Markdown starts with a line saying which value is in
// parentheses.
// With `marks`: † per side, the test named in the caption / below the table.
std::string combined_to_latex(const CombinedTable& t, const std::string& caption, bool fragment,
                              const CombinedMarks* marks = nullptr);
std::string combined_to_markdown(const CombinedTable& t, const CombinedMarks* marks = nullptr);
// One line per cell that exists on either side: both sides' n, mean, std,
// planned and run ids, each side named in its own column; with `marks` each
// side's p-value, whether it is marked, and why a side has no test.
std::string combined_to_csv(const CombinedTable& t, const CombinedMarks* marks = nullptr);

}  // namespace plumage::experiment

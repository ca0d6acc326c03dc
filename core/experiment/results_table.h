// Results tables in the thesis layout: rows are image/text ratios
// "(100, 0)" ... "(0, 100)", columns are "Image only" and "+ <text source>",
// cells are mean ± std over seeds of a stored metric (accuracies in %, two
// decimals), "—" where no run applies. Built from a store's DONE runs.
#pragma once

#include "core/experiment/sweep_config.h"
#include "core/store/records.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace plumage::store {
class StoreReader;
}

namespace plumage::experiment {

struct SignificanceMarks;  // significance_marks.h

struct TableCell {
  int planned = 0;             // runs of the sweep in this cell (0: the cell does not apply)
  std::vector<double> values;  // metric of each DONE run, in display units
  std::vector<int64_t> run_ids;    // every run in the cell (provenance: exports carry them)
  std::vector<int64_t> value_ids;  // the run of each value
  double mean() const;
  double stddev() const;       // sample standard deviation (n - 1); 0 for one value
};

struct ResultsTable {
  std::string metric;
  bool percent = true;  // values are fractions shown ×100
  std::string row_key, column_key;
  std::vector<std::string> row_labels, column_labels;
  std::vector<std::vector<TableCell>> cells;  // [row][column]
  int runs_done = 0, runs_pending = 0, runs_failed = 0;
  int max_seeds = 0;
};

struct TableQuery {
  TableSpec spec;
  // Only runs whose config has these values at these dotted keys.
  std::map<std::string, nlohmann::json> where;
};

// Throws std::runtime_error when the sweep's runs vary in a key other than
// rows, columns and seed (e.g. sampling) without a `where` that fixes it:
// such cells would mix different experiments.
ResultsTable build_results_table(store::StoreReader& reader, int64_t sweep_id, const TableQuery& query);

// What a caller may change in a sweep's table query; empty strings keep the
// sweep's choice.
struct TableOverrides {
  std::string rows, columns, metric;
  std::map<std::string, nlohmann::json> where;
};

// The sweep with this id or name. Throws std::runtime_error listing the
// store's sweeps when there is none.
store::SweepInfo require_sweep(store::StoreReader& reader, const std::string& id_or_name);

// A sweep's table query: its config's "table" block (rows, columns, metric)
// over the defaults, then `overrides`.
TableQuery sweep_table_query(const store::SweepInfo& sweep, const TableOverrides& overrides = {});

// The one results-table query of a stored sweep, shared by `plumage-cli runs
// table` and the results page so both show the same numbers.
ResultsTable sweep_results_table(store::StoreReader& reader, const store::SweepInfo& sweep,
                                 const TableOverrides& overrides = {});

// "84.23 ± 0.41" (markdown/csv) — one value: "84.23"; no value: "—".
// One CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
std::string csv_field(const std::string& s);

std::string format_cell(const TableCell& c, bool latex);
// With `mark` ("†", or "$^\dagger$" in LaTeX) right after the value, before any n = k/N.
std::string format_cell(const TableCell& c, bool latex, const std::string& mark);

// A complete LaTeX document (booktabs) unless `fragment`, then the table
// environment only, for \input. The caption and every label are plain text,
// escaped with latex_escape.
// Per column of `row`: 0 for the best mean of the row, 1 for the second, -1
// otherwise (cells without a value, or a row with one value). Higher is
// better, except for metrics named like a loss or an error. Ties share a rank.
std::vector<int> row_ranks(const ResultsTable& t, std::size_t row);

// `mark_best`: the best value of each row in bold, the second underlined.
// `marks`: † after each significant cell, and the test named in the caption
// (LaTeX) or in a line below the table (Markdown).
std::string table_to_latex(const ResultsTable& t, const std::string& caption, bool fragment, bool mark_best = false,
                           const SignificanceMarks* marks = nullptr);
std::string table_to_markdown(const ResultsTable& t, bool mark_best = false, const SignificanceMarks* marks = nullptr);

// The booktabs frame every table shares: the document preamble (unless
// `fragment`) up to \midrule with the row key and column labels, and from
// \bottomrule to the end with the (plain-text) caption.
std::string latex_table_head(const std::string& row_key, const std::vector<std::string>& column_labels,
                             bool fragment);
std::string latex_table_tail(const std::string& caption, bool fragment);

// Plain text for LaTeX: the special characters (& % $ # _ { } ~ ^ \ < > |)
// print as themselves, control characters become spaces, "±" becomes $\pm$
// and "†" $^\dagger$ (so a plain-text caption can say "mean ± std").
std::string latex_escape(const std::string& s);

// "Top-1 accuracy (%) on the test set, mean ± std over 3 seeds. Sweep: NAME."
// (plain text: table_to_latex escapes it).
std::string default_table_caption(const ResultsTable& t, const std::string& sweep_name);
// With `marks`: per cell the reference column, paired seeds, mean difference,
// p-value, whether it is marked, and why a cell has no test.
std::string table_to_csv(const ResultsTable& t, const SignificanceMarks* marks = nullptr);
// The table as one JSON object: labels, every cell's values and run ids, and
// with `marks` each cell's test ("significance") and the legend.
std::string table_to_json(const ResultsTable& t, const SignificanceMarks* marks = nullptr);

// A text source's column label ("none" -> "Image only"); the UI translates it (ui/common/core_texts.cpp).
std::string text_source_label(const std::string& text_source);
// "(90, 10)" for an image ratio of 0.9.
std::string ratio_label(double image_ratio);

}  // namespace plumage::experiment

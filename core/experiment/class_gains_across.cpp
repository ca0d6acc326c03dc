#include "core/experiment/class_gains_across.h"

#include <algorithm>
#include <stdexcept>

namespace plumage::experiment {

std::vector<ClassGain> class_gains_across(store::StoreReader& reader, const ResultsTable& table_a, std::size_t column_a,
                                          const ResultsTable& table_b, std::size_t column_b, const std::string& row) {
  const auto cell = [&](const ResultsTable& t, std::size_t column, const char* side) -> const TableCell& {
    if (column >= t.column_labels.size())
      throw std::invalid_argument(std::string(side) + ": no column " + std::to_string(column));
    const auto r = std::find(t.row_labels.begin(), t.row_labels.end(), row);
    if (r == t.row_labels.end()) {
      std::string known;
      for (const auto& l : t.row_labels) known += (known.empty() ? "" : ", ") + l;
      throw std::invalid_argument(std::string(side) + ": no row \"" + row + "\" (rows: " + known + ")");
    }
    return t.cells[static_cast<std::size_t>(r - t.row_labels.begin())][column];
  };
  if (table_a.metric != table_b.metric)
    throw std::invalid_argument("the two tables differ in their metric: " + table_a.metric + " vs " + table_b.metric);
  const TableCell& a = cell(table_a, column_a, "sweep A");
  const TableCell& b = cell(table_b, column_b, "sweep B");
  // A one-row table holding the two cells: class_gains pairs them by seed.
  ResultsTable both;
  both.metric = table_a.metric;
  both.percent = table_a.percent;
  both.row_key = table_a.row_key;
  both.column_key = table_a.column_key;
  both.row_labels = {row};
  both.column_labels = {"A: " + table_a.column_labels[column_a], "B: " + table_b.column_labels[column_b]};
  both.cells = {{a, b}};
  return class_gains(reader, both, row, 0, 1);
}

}  // namespace plumage::experiment

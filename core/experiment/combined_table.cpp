#include "core/experiment/combined_table.h"

#include "core/experiment/paired_stats.h"
#include "core/store/store_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace plumage::experiment {

namespace {

const char* const kDash = "—";

std::string fixed2(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", x);
  return buf;
}

// `a`'s labels, then each label only `b` has right after the label that
// precedes it in `b` (both are in table order, so the union stays in order).
std::vector<std::string> merge_labels(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> out = a;
  std::string prev;
  for (const auto& l : b) {
    if (std::find(out.begin(), out.end(), l) == out.end()) {
      auto at = prev.empty() ? out.begin() : std::find(out.begin(), out.end(), prev) + 1;
      out.insert(at, l);
    }
    prev = l;
  }
  return out;
}

TableCell cell_at(const ResultsTable& t, const std::string& row, const std::string& col) {
  const auto r = std::find(t.row_labels.begin(), t.row_labels.end(), row);
  const auto c = std::find(t.column_labels.begin(), t.column_labels.end(), col);
  if (r == t.row_labels.end() || c == t.column_labels.end()) return {};
  return t.cells[static_cast<size_t>(r - t.row_labels.begin())][static_cast<size_t>(c - t.column_labels.begin())];
}

// The value of "sampling" every run of the side shares, else the sweep's name.
std::string side_name(store::StoreReader& reader, const CombinedSide& side) {
  std::string value;
  bool same = true;
  for (const auto& r : reader.runs(side.sweep.id)) {
    bool keep = true;
    for (const auto& [k, v] : side.overrides.where) keep = keep && get_dotted(r.config, k) == v;
    if (!keep) continue;
    const auto s = get_dotted(r.config, "sampling");
    const std::string v = s.is_string() ? s.get<std::string>() : "";
    if (v.empty() || (!value.empty() && v != value)) same = false;
    value = v;
  }
  return same && !value.empty() ? value + " sampling" : side.sweep.name;
}

// "key=value" for each filter of `a` that `b` lacks or sets otherwise.
std::string where_text(const std::map<std::string, nlohmann::json>& a, const std::map<std::string, nlohmann::json>& b) {
  std::string s;
  for (const auto& [k, v] : a) {
    const auto it = b.find(k);
    if (it != b.end() && it->second == v) continue;
    s += (s.empty() ? "" : ", ") + k + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
  }
  return s.empty() ? "all runs" : s;
}

std::string ids(const std::vector<int64_t>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? " " : "") + std::to_string(v[i]);
  return s;
}

// n,mean,std,planned,runs of one side (empty fields where it has no cell).
std::string csv_side(const TableCell& c) {
  if (c.planned == 0) return ",,,,";
  std::string s = std::to_string(c.values.size()) + ",";
  s += c.values.empty() ? "," : fixed2(c.mean()) + "," + fixed2(c.stddev());
  return s + "," + std::to_string(c.planned) + "," + ids(c.run_ids);
}

// vs,p,marked,note of one side (empty where it has no marks).
std::string csv_mark(const CombinedMarks& m, const CellSignificance* s, bool inner) {
  if (!s) return ",,,";
  char p[64] = "";
  if (s->tested) std::snprintf(p, sizeof p, "%.17g", s->p_value);
  return csv_field(inner ? m.inner.column_label : m.outer.column_label) + "," + p + "," + (s->significant ? "1" : "0") +
         "," + csv_field(s->reason);
}

std::string mark_text(const CellSignificance* s, bool latex) {
  return s && s->significant ? (latex ? "$^\\dagger$" : "†") : "";
}

}  // namespace

CombinedTable combine_tables(const ResultsTable& outer, const ResultsTable& inner, const std::string& outer_name,
                             const std::string& inner_name) {
  const auto differ = [&](const char* what, const std::string& a, const std::string& b) {
    if (a != b)
      throw std::runtime_error(std::string("the two tables differ in their ") + what + ": '" + a + "' (" + outer_name +
                               ") vs '" + b + "' (" + inner_name + "); a combined table needs the same");
  };
  differ("metric", outer.metric, inner.metric);
  differ("rows key", outer.row_key, inner.row_key);
  differ("columns key", outer.column_key, inner.column_key);
  CombinedTable t;
  t.outer = outer;
  t.inner = inner;
  t.outer_name = outer_name;
  t.inner_name = inner_name;
  t.row_labels = merge_labels(outer.row_labels, inner.row_labels);
  t.column_labels = merge_labels(outer.column_labels, inner.column_labels);
  t.cells.assign(t.row_labels.size(), std::vector<CombinedCell>(t.column_labels.size()));
  for (size_t r = 0; r < t.row_labels.size(); ++r)
    for (size_t c = 0; c < t.column_labels.size(); ++c)
      t.cells[r][c] = {cell_at(outer, t.row_labels[r], t.column_labels[c]),
                       cell_at(inner, t.row_labels[r], t.column_labels[c])};
  return t;
}

CombinedTable combined_results_table(store::StoreReader& reader, const CombinedSide& outer, const CombinedSide& inner) {
  const auto build = [&](const CombinedSide& s, const char* which) {
    try {
      return sweep_results_table(reader, s.sweep, s.overrides);
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(std::string(which) + " (sweep " + s.sweep.name + "): " + e.what());
    }
  };
  CombinedTable t = combine_tables(build(outer, "values"), build(inner, "values in parentheses"),
                                   side_name(reader, outer), side_name(reader, inner));
  if (t.outer_name == t.inner_name) {
    // Both sides sample alike: their sweeps, else their filters tell them apart.
    t.outer_name = outer.sweep.id != inner.sweep.id ? outer.sweep.name : where_text(outer.overrides.where, inner.overrides.where);
    t.inner_name = outer.sweep.id != inner.sweep.id ? inner.sweep.name : where_text(inner.overrides.where, outer.overrides.where);
  }
  t.outer_sweep = outer.sweep.name;
  t.inner_sweep = inner.sweep.name;
  return t;
}

std::string format_combined_cell(const CombinedCell& c, bool latex) { return format_combined_cell(c, latex, "", ""); }

std::string format_combined_cell(const CombinedCell& c, bool latex, const std::string& outer_mark,
                                 const std::string& inner_mark) {
  if (c.outer.planned == 0 && c.inner.planned == 0) return latex ? "---" : kDash;
  return format_cell(c.outer, latex, outer_mark) + " (" + format_cell(c.inner, latex, inner_mark) + ")";
}

CombinedMarks combined_significance_vs(store::StoreReader& reader, const CombinedTable& t,
                                       const std::string& column_label_or_index, double alpha) {
  const auto side = [&](const ResultsTable& table, const std::string& name) {
    try {
      return significance_vs(reader, table, find_column(table, column_label_or_index), alpha);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(name + ": " + e.what());
    }
  };
  return {side(t.outer, t.outer_name), side(t.inner, t.inner_name)};
}

const CellSignificance* combined_mark(const CombinedTable& t, const CombinedMarks* marks, bool inner, std::size_t row,
                                      std::size_t column) {
  if (!marks || row >= t.row_labels.size() || column >= t.column_labels.size()) return nullptr;
  return significance_at(inner ? &marks->inner : &marks->outer, inner ? t.inner : t.outer, t.row_labels[row],
                         t.column_labels[column]);
}

std::string combined_significance_legend(const CombinedMarks& marks) {
  std::string s = significance_legend(marks.outer);
  const std::string in_row = " in the same row";
  if (const auto at = s.find(in_row); at != std::string::npos)
    s.insert(at + in_row.size(), ", for the value and the value in parentheses each within its own side");
  return s;
}

std::string default_combined_caption(const CombinedTable& t) {
  std::string caption = t.outer.metric == "test_top1" ? "Top-1 accuracy (%) on the test set" : t.outer.metric;
  const int seeds = std::max(t.outer.max_seeds, t.inner.max_seeds);
  if (seeds > 1) caption += ", mean ± std over " + std::to_string(seeds) + " seeds";
  caption += "; " + t.outer_name + " (" + t.inner_name + " in parentheses).";
  if (t.outer_sweep == t.inner_sweep) return caption + " Sweep: " + t.outer_sweep + ".";
  return caption + " Sweeps: " + t.outer_sweep + "; " + t.inner_sweep + ".";
}

std::string combined_to_latex(const CombinedTable& t, const std::string& caption, bool fragment,
                              const CombinedMarks* marks) {
  std::ostringstream os;
  os << latex_table_head(t.outer.row_key, t.column_labels, fragment);
  for (size_t r = 0; r < t.row_labels.size(); ++r) {
    os << latex_escape(t.row_labels[r]);
    for (size_t c = 0; c < t.cells[r].size(); ++c)
      os << " & " << format_combined_cell(t.cells[r][c], true, mark_text(combined_mark(t, marks, false, r, c), true),
                                          mark_text(combined_mark(t, marks, true, r, c), true));
    os << " \\\\\n";
  }
  os << latex_table_tail(
      marks ? caption + (caption.empty() ? "" : " ") + combined_significance_legend(*marks) : caption, fragment);
  return os.str();
}

std::string combined_to_markdown(const CombinedTable& t, const CombinedMarks* marks) {
  std::ostringstream os;
  os << "Values: " << t.outer_name << " (" << t.inner_name << " in parentheses).\n\n";
  os << "| " << (t.outer.row_key == "image_ratio" ? "ratio (img, txt)" : t.outer.row_key) << " |";
  for (const auto& c : t.column_labels) os << " " << c << " |";
  os << "\n|---|";
  for (size_t i = 0; i < t.column_labels.size(); ++i) os << "---|";
  os << "\n";
  for (size_t r = 0; r < t.row_labels.size(); ++r) {
    os << "| " << t.row_labels[r] << " |";
    for (size_t c = 0; c < t.cells[r].size(); ++c)
      os << " " << format_combined_cell(t.cells[r][c], false, mark_text(combined_mark(t, marks, false, r, c), false),
                                        mark_text(combined_mark(t, marks, true, r, c), false))
         << " |";
    os << "\n";
  }
  if (marks) os << "\n" << combined_significance_legend(*marks) << "\n";
  return os.str();
}

std::string combined_to_csv(const CombinedTable& t, const CombinedMarks* marks) {
  std::ostringstream os;
  os << "row,column,value_of,n,mean,std,planned,runs,paren_of,paren_n,paren_mean,paren_std,paren_planned,paren_runs"
     << (marks ? ",vs,p,marked,note,paren_vs,paren_p,paren_marked,paren_note" : "") << "\n";
  for (size_t r = 0; r < t.row_labels.size(); ++r)
    for (size_t c = 0; c < t.column_labels.size(); ++c) {
      const CombinedCell& cell = t.cells[r][c];
      if (cell.outer.planned == 0 && cell.inner.planned == 0) continue;
      os << csv_field(t.row_labels[r]) << "," << csv_field(t.column_labels[c]) << "," << csv_field(t.outer_name) << ","
         << csv_side(cell.outer) << "," << csv_field(t.inner_name) << "," << csv_side(cell.inner);
      if (marks)
        os << "," << csv_mark(*marks, combined_mark(t, marks, false, r, c), false) << ","
           << csv_mark(*marks, combined_mark(t, marks, true, r, c), true);
      os << "\n";
    }
  return os.str();
}

}  // namespace plumage::experiment

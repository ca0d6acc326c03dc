#include "core/experiment/results_table.h"

#include "core/experiment/significance_marks.h"
#include "core/store/store_reader.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>
#include <sstream>
#include <stdexcept>

namespace plumage::experiment {
using nlohmann::json;

namespace {

const char* const kDash = "—";

std::string column_label(const std::string& key, const json& v) {
  if (key == "text_source" && v.is_string()) return text_source_label(v.get<std::string>());
  return key + " = " + (v.is_string() ? v.get<std::string>() : v.dump());
}

std::string row_label(const std::string& key, const json& v) {
  if (key == "image_ratio" && v.is_number()) return ratio_label(v.get<double>());
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// Column order: image only first, then text sources in a fixed order.
int column_rank(const json& v) {
  if (v == "none") return 0;
  if (v == "reed") return 1;
  if (v == "llm") return 2;
  return 3;
}

std::string fixed2(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", x);
  return buf;
}

// Flattened key → value of a resolved config, without paths and the seed.
void flatten(const json& j, const std::string& prefix, std::map<std::string, json>& out) {
  for (const auto& [k, v] : j.items()) {
    const std::string key = prefix.empty() ? k : prefix + "." + k;
    if (v.is_object()) flatten(v, key, out);
    else out[key] = v;
  }
}

bool significant(const SignificanceMarks* marks, std::size_t r, std::size_t c) {
  return marks && r < marks->cells.size() && c < marks->cells[r].size() && marks->cells[r][c].significant;
}

// p-values and differences in full (17 significant digits): a reader can check them.
std::string exact(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

}  // namespace

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

double TableCell::mean() const {
  if (values.empty()) return std::nan("");
  double s = 0;
  for (double v : values) s += v;
  return s / static_cast<double>(values.size());
}

double TableCell::stddev() const {
  if (values.size() < 2) return 0.0;
  const double m = mean();
  double s = 0;
  for (double v : values) s += (v - m) * (v - m);
  return std::sqrt(s / static_cast<double>(values.size() - 1));
}

std::string text_source_label(const std::string& s) {
  if (s == "none") return "Image only";
  if (s == "reed") return "+ Reed captions";
  if (s == "llm") return "+ LLM descriptions";
  return "+ " + s;
}

std::string ratio_label(double image_ratio) {
  const long img = std::lround(image_ratio * 100.0);
  return "(" + std::to_string(img) + ", " + std::to_string(100 - img) + ")";
}

std::string format_cell(const TableCell& c, bool latex) { return format_cell(c, latex, ""); }

std::string format_cell(const TableCell& c, bool latex, const std::string& mark) {
  if (c.planned == 0) return latex ? "---" : kDash;
  if (c.values.empty()) return latex ? "\\ldots" : "…";
  std::string s = fixed2(c.mean());
  if (c.values.size() > 1) s += (latex ? " $\\pm$ " : " ± ") + fixed2(c.stddev());
  s += mark;
  // A cell with fewer finished runs than planned says so: a missing seed is not hidden.
  if (static_cast<int>(c.values.size()) < c.planned)
    s += " (n = " + std::to_string(c.values.size()) + "/" + std::to_string(c.planned) + ")";
  return s;
}

ResultsTable build_results_table(store::StoreReader& reader, int64_t sweep_id, const TableQuery& query) {
  ResultsTable t;
  t.metric = query.spec.metric;
  t.row_key = query.spec.rows;
  t.column_key = query.spec.columns;
  const auto runs = reader.runs(sweep_id);
  if (runs.empty()) throw std::runtime_error("the sweep has no runs");

  struct Entry {
    json row, col;
    const store::RunInfo* run;
  };
  std::vector<Entry> entries;
  for (const auto& r : runs) {
    bool keep = true;
    for (const auto& [k, v] : query.where) keep = keep && get_dotted(r.config, k) == v;
    if (!keep) continue;
    entries.push_back({get_dotted(r.config, t.row_key), get_dotted(r.config, t.column_key), &r});
  }
  if (entries.empty()) throw std::runtime_error("no run of the sweep matches the --where filter");
  // Runs in one cell must differ in nothing but the seed: feature files and
  // converters included, or a cell would average different experiments.
  std::map<std::pair<std::string, std::string>, std::pair<const store::RunInfo*, std::map<std::string, json>>> first_in_cell;
  std::set<std::string> mixed;
  std::string example;
  for (const auto& e : entries) {
    std::map<std::string, json> flat;
    flatten(e.run->config, "", flat);
    for (const char* k : {"seed", "name"}) flat.erase(k);
    auto [it, inserted] = first_in_cell.emplace(std::make_pair(e.row.dump(), e.col.dump()), std::make_pair(e.run, flat));
    if (inserted) continue;
    const auto& ref = it->second.second;
    std::set<std::string> keys;
    for (const auto& [k, v] : flat) keys.insert(k);
    for (const auto& [k, v] : ref) keys.insert(k);
    for (const auto& k : keys) {
      const auto a = std::as_const(flat).find(k);
      const auto b = ref.find(k);
      if (a == flat.end() || b == ref.end() || a->second != b->second) {
        if (mixed.insert(k).second && example.empty())
          example = " (e.g. runs " + it->second.first->key + " and " + e.run->key + ": " + k + " = " +
                    (b == ref.end() ? "absent" : b->second.dump()) + " vs " + (a == flat.end() ? "absent" : a->second.dump()) + ")";
      }
    }
  }
  if (!mixed.empty()) {
    std::string list;
    for (const auto& k : mixed) list += (list.empty() ? "" : ", ") + k;
    throw std::runtime_error("runs that would share a cell also differ in " + list + example +
                             "; pick one value with --where KEY=VALUE, or make it the table's rows or columns, "
                             "so that no cell averages different experiments");
  }

  // Row values descending (100% images first); columns: image only, then text sources.
  std::vector<json> rows, cols;
  for (const auto& e : entries) {
    if (std::find(rows.begin(), rows.end(), e.row) == rows.end()) rows.push_back(e.row);
    if (std::find(cols.begin(), cols.end(), e.col) == cols.end()) cols.push_back(e.col);
  }
  std::sort(rows.begin(), rows.end(), [](const json& a, const json& b) { return b < a; });
  std::stable_sort(cols.begin(), cols.end(), [](const json& a, const json& b) {
    return column_rank(a) != column_rank(b) ? column_rank(a) < column_rank(b) : a < b;
  });
  for (const auto& r : rows) t.row_labels.push_back(row_label(t.row_key, r));
  for (const auto& c : cols) t.column_labels.push_back(column_label(t.column_key, c));
  t.cells.assign(rows.size(), std::vector<TableCell>(cols.size()));

  t.percent = t.metric.find("top1") != std::string::npos || t.metric.find("top5") != std::string::npos ||
              t.metric.find("mean_per_class") != std::string::npos || t.metric.find("acc") != std::string::npos;
  for (const auto& e : entries) {
    const size_t ri = static_cast<size_t>(std::find(rows.begin(), rows.end(), e.row) - rows.begin());
    const size_t ci = static_cast<size_t>(std::find(cols.begin(), cols.end(), e.col) - cols.begin());
    TableCell& cell = t.cells[ri][ci];
    ++cell.planned;
    cell.run_ids.push_back(e.run->id);
    if (e.run->status == store::RunStatus::Done) {
      const auto res = reader.result(e.run->id);
      if (!res || !res->metrics.contains(t.metric) || !res->metrics[t.metric].is_number()) {
        throw std::runtime_error("run " + e.run->key + " is DONE but has no metric '" + t.metric + "'");
      }
      const double v = res->metrics[t.metric].get<double>();
      cell.values.push_back(t.percent ? 100.0 * v : v);
      cell.value_ids.push_back(e.run->id);
      ++t.runs_done;
    } else if (e.run->status == store::RunStatus::Failed) {
      ++t.runs_failed;
    } else {
      ++t.runs_pending;
    }
    t.max_seeds = std::max(t.max_seeds, cell.planned);
  }
  return t;
}

store::SweepInfo require_sweep(store::StoreReader& reader, const std::string& id_or_name) {
  auto s = reader.find_sweep(id_or_name);
  if (!s) {
    std::string known;
    for (const auto& x : reader.sweeps()) known += "\n  " + std::to_string(x.id) + "  " + x.name;
    throw std::runtime_error("no sweep '" + id_or_name + "' in " + reader.path() +
                             (known.empty() ? " (it has none)" : "; sweeps:" + known));
  }
  return *s;
}

TableQuery sweep_table_query(const store::SweepInfo& sweep, const TableOverrides& overrides) {
  TableQuery q;
  if (sweep.config.contains("table") && sweep.config["table"].is_object()) {
    const auto& t = sweep.config["table"];
    q.spec.rows = t.value("rows", q.spec.rows);
    q.spec.columns = t.value("columns", q.spec.columns);
    q.spec.metric = t.value("metric", q.spec.metric);
  }
  if (!overrides.rows.empty()) q.spec.rows = overrides.rows;
  if (!overrides.columns.empty()) q.spec.columns = overrides.columns;
  if (!overrides.metric.empty()) q.spec.metric = overrides.metric;
  q.where = overrides.where;
  return q;
}

ResultsTable sweep_results_table(store::StoreReader& reader, const store::SweepInfo& sweep,
                                 const TableOverrides& overrides) {
  return build_results_table(reader, sweep.id, sweep_table_query(sweep, overrides));
}

std::string latex_escape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const char ch = s[i];
    const auto u = static_cast<unsigned char>(ch);
    if (u == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xB1) {
      out += "$\\pm$";  // "±" in plain text is math in LaTeX
      ++i;
      continue;
    }
    if (u == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0xA0) {
      out += "$^\\dagger$";  // "†", the significance marker
      i += 2;
      continue;
    }
    if (u < 0x20 || u == 0x7f) {
      out += ' ';  // a newline (a blank line ends a paragraph inside a tabular) or other control byte
      continue;
    }
    switch (ch) {
      case '&':
      case '%':
      case '$':
      case '#':
      case '_':
      case '{':
      case '}':
        out += '\\';
        out += ch;
        break;
      case '~':
        out += "\\textasciitilde{}";
        break;
      case '^':
        out += "\\textasciicircum{}";
        break;
      case '\\':
        out += "\\textbackslash{}";
        break;
      case '<':  // OT1 fonts would print ¡
        out += "\\textless{}";
        break;
      case '>':  // and ¿
        out += "\\textgreater{}";
        break;
      case '|':
        out += "\\textbar{}";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string default_table_caption(const ResultsTable& t, const std::string& sweep_name) {
  std::string caption = t.metric == "test_top1" ? "Top-1 accuracy (%) on the test set" : t.metric;
  if (t.max_seeds > 1) caption += ", mean ± std over " + std::to_string(t.max_seeds) + " seeds";
  return caption + ". Sweep: " + sweep_name + ".";
}

std::vector<int> row_ranks(const ResultsTable& t, std::size_t row) {
  std::vector<int> ranks(t.column_labels.size(), -1);
  if (row >= t.cells.size()) return ranks;
  const bool lower_better = t.metric.find("loss") != std::string::npos || t.metric.find("error") != std::string::npos;
  // Compare what is printed (two decimals), so equal-looking values tie.
  std::vector<std::pair<std::string, std::size_t>> shown;
  for (std::size_t c = 0; c < t.cells[row].size(); ++c)
    if (!t.cells[row][c].values.empty()) shown.emplace_back(fixed2(t.cells[row][c].mean()), c);
  if (shown.size() < 2) return ranks;
  std::vector<double> distinct;
  for (const auto& [text, c] : shown) distinct.push_back(std::stod(text));
  std::sort(distinct.begin(), distinct.end(), [&](double a, double b) { return lower_better ? a < b : a > b; });
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  for (const auto& [text, c] : shown) {
    const double v = std::stod(text);
    if (v == distinct[0]) ranks[c] = 0;
    else if (distinct.size() > 1 && v == distinct[1]) ranks[c] = 1;
  }
  return ranks;
}

std::string latex_table_head(const std::string& row_key, const std::vector<std::string>& column_labels,
                             bool fragment) {
  std::ostringstream os;
  if (!fragment) os << "\\documentclass{article}\n\\usepackage{booktabs}\n\\begin{document}\n";
  os << "\\begin{table}[t]\n\\centering\n\\begin{tabular}{l" << std::string(column_labels.size(), 'c') << "}\n"
     << "\\toprule\n"
     << (row_key == "image_ratio" ? "(image, text) \\%" : latex_escape(row_key));
  for (const auto& c : column_labels) os << " & " << latex_escape(c);
  os << " \\\\\n\\midrule\n";
  return os.str();
}

std::string latex_table_tail(const std::string& caption, bool fragment) {
  std::string out = "\\bottomrule\n\\end{tabular}\n";
  if (!caption.empty()) out += "\\caption{" + latex_escape(caption) + "}\n";
  out += "\\end{table}\n";
  if (!fragment) out += "\\end{document}\n";
  return out;
}

std::string table_to_latex(const ResultsTable& t, const std::string& caption, bool fragment, bool mark_best,
                           const SignificanceMarks* marks) {
  std::ostringstream os;
  os << latex_table_head(t.row_key, t.column_labels, fragment);
  for (size_t r = 0; r < t.row_labels.size(); ++r) {
    os << latex_escape(t.row_labels[r]);
    const std::vector<int> rank = mark_best ? row_ranks(t, r) : std::vector<int>(t.cells[r].size(), -1);
    for (std::size_t c = 0; c < t.cells[r].size(); ++c) {
      const std::string v = format_cell(t.cells[r][c], true, significant(marks, r, c) ? "$^\\dagger$" : "");
      os << " & " << (rank[c] == 0 ? "\\textbf{" + v + "}" : rank[c] == 1 ? "\\underline{" + v + "}" : v);
    }
    os << " \\\\\n";
  }
  // The caption names the test whenever cells are marked, even a caption of the user's.
  os << latex_table_tail(marks ? caption + (caption.empty() ? "" : " ") + significance_legend(*marks) : caption,
                         fragment);
  return os.str();
}

std::string table_to_markdown(const ResultsTable& t, bool mark_best, const SignificanceMarks* marks) {
  std::ostringstream os;
  os << "| " << (t.row_key == "image_ratio" ? "ratio (img, txt)" : t.row_key) << " |";
  for (const auto& c : t.column_labels) os << " " << c << " |";
  os << "\n|---|";
  for (size_t i = 0; i < t.column_labels.size(); ++i) os << "---|";
  os << "\n";
  for (size_t r = 0; r < t.row_labels.size(); ++r) {
    os << "| " << t.row_labels[r] << " |";
    const std::vector<int> rank = mark_best ? row_ranks(t, r) : std::vector<int>(t.cells[r].size(), -1);
    for (std::size_t c = 0; c < t.cells[r].size(); ++c) {
      const std::string v = format_cell(t.cells[r][c], false, significant(marks, r, c) ? "†" : "");
      os << " " << (rank[c] == 0 ? "**" + v + "**" : rank[c] == 1 ? "<u>" + v + "</u>" : v) << " |";
    }
    os << "\n";
  }
  if (marks) os << "\n" << significance_legend(*marks) << "\n";
  return os.str();
}

std::string table_to_csv(const ResultsTable& t, const SignificanceMarks* marks) {
  // One line per cell, machine-readable: mean and std as separate fields.
  std::ostringstream os;
  os << "row,column,n,mean,std,planned,runs" << (marks ? ",vs,pairs,mean_diff,p,marked,note" : "") << "\n";
  for (size_t r = 0; r < t.row_labels.size(); ++r) {
    for (size_t c = 0; c < t.column_labels.size(); ++c) {
      const TableCell& cell = t.cells[r][c];
      if (cell.planned == 0) continue;
      os << csv_field(t.row_labels[r]) << "," << csv_field(t.column_labels[c]) << "," << cell.values.size() << ",";
      if (!cell.values.empty()) os << fixed2(cell.mean()) << "," << fixed2(cell.stddev());
      else os << ",";
      os << "," << cell.planned << ",";
      for (size_t i = 0; i < cell.run_ids.size(); ++i) os << (i ? " " : "") << cell.run_ids[i];
      if (marks) {
        const CellSignificance& m = marks->cells[r][c];
        os << "," << csv_field(marks->column_label) << "," << m.pairs << "," << (std::isnan(m.mean_diff) ? "" : exact(m.mean_diff))
           << "," << (m.tested ? exact(m.p_value) : "") << "," << (m.significant ? "1" : "0") << "," << csv_field(m.reason);
      }
      os << "\n";
    }
  }
  return os.str();
}

std::string table_to_json(const ResultsTable& t, const SignificanceMarks* marks) {
  const auto number = [](double x) { return std::isnan(x) ? json(nullptr) : json(x); };
  json j = {{"metric", t.metric}, {"percent", t.percent}, {"rows_key", t.row_key}, {"columns_key", t.column_key},
            {"rows", t.row_labels}, {"columns", t.column_labels}, {"runs_done", t.runs_done},
            {"runs_pending", t.runs_pending}, {"runs_failed", t.runs_failed}};
  json cells = json::array();
  for (size_t r = 0; r < t.row_labels.size(); ++r)
    for (size_t c = 0; c < t.column_labels.size(); ++c) {
      const TableCell& cell = t.cells[r][c];
      if (cell.planned == 0) continue;
      json jc = {{"row", t.row_labels[r]}, {"column", t.column_labels[c]}, {"planned", cell.planned},
                 {"n", cell.values.size()}, {"values", cell.values}, {"value_runs", cell.value_ids},
                 {"runs", cell.run_ids}, {"text", format_cell(cell, false, significant(marks, r, c) ? "†" : "")}};
      if (!cell.values.empty()) {
        jc["mean"] = cell.mean();
        jc["std"] = cell.stddev();
      }
      if (marks) {
        const CellSignificance& m = marks->cells[r][c];
        jc["significance"] = {{"vs", marks->column_label}, {"pairs", m.pairs}, {"mean_diff", number(m.mean_diff)},
                              {"p", m.tested ? json(m.p_value) : json(nullptr)}, {"marked", m.significant},
                              {"reason", m.reason}};
      }
      cells.push_back(std::move(jc));
    }
  j["cells"] = std::move(cells);
  if (marks) {
    j["significance"] = {{"vs", marks->column_label}, {"alpha", marks->alpha}, {"test", "paired t-test over seeds"},
                         {"legend", significance_legend(*marks)}};
  }
  return j.dump(2) + "\n";
}

}  // namespace plumage::experiment

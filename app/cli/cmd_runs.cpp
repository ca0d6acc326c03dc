// plumage-cli runs ...: read a store — list sweeps and runs, results tables
// in the thesis layout (LaTeX / Markdown / CSV), long-format exports, the
// ratio plan of a run, integrity check — and merge stores.
#include "app/cli/command_registry.h"

#include "core/experiment/class_gains_across.h"
#include "core/experiment/combined_table.h"
#include "core/experiment/image_paired_tests.h"
#include "core/experiment/paired_stats.h"
#include "core/experiment/per_class_results.h"
#include "core/experiment/results_table.h"
#include "core/experiment/run_export.h"
#include "core/experiment/significance_marks.h"
#include "core/store/run_store.h"
#include "core/store/store_error.h"
#include "core/store/store_merge.h"
#include "core/store/store_reader.h"
#include "core/store/time_util.h"
#include "core/json/parse_limited.h"

#include "core/data/file_util.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

namespace plumage::cli {
namespace {

struct RunsArgs {
  std::string db, sweep, format, metric, rows, columns, caption, out, run, into;
  std::vector<std::string> where, files, compare;
  std::string paren_sweep;               // runs table: the sweep shown in parentheses
  std::string mark_vs;                   // runs table: † against this column
  std::string sweep_b;                   // runs class-gains: column B's sweep
  std::vector<std::string> paren_where;  // its filters (over --where)
  std::string row, note, tag;
  std::vector<std::string> add_tags, remove_tags;
  bool fragment = false, per_class = false, note_given = false, mark_best = false, images = false;
  int resamples = 10000;
};

void write_out(const std::string& text, const std::string& out) {
  if (out.empty() || out == "-") {
    std::cout << text;
  } else {
    data::write_file_atomic(out, text);
    std::cerr << "wrote " << out << "\n";
  }
}

// Wraps store/experiment errors into exit code 2 with their message.
template <typename F>
void guarded(F f) {
  try {
    f();
  } catch (const store::StoreError& e) {
    throw ExitError(2, e.what());
  } catch (const std::runtime_error& e) {
    if (dynamic_cast<const ExitError*>(&e)) throw;
    throw ExitError(2, e.what());
  }
}

void list_sweeps(const RunsArgs& a) {
  store::StoreReader r(a.db);
  for (const auto& s : r.sweeps()) {
    std::cout << s.id << "  " << s.name << "  created " << store::iso8601_utc(s.created_ms) << "  ";
    for (const auto& [st, n] : r.status_counts(s.id)) std::cout << n << " " << st << "  ";
    if (!s.tags.empty()) {
      std::cout << "tags:";
      for (const auto& t : s.tags) std::cout << " " << t;
      std::cout << "  ";
    }
    if (!s.note.empty()) std::cout << "note: " << s.note.substr(0, s.note.find('\n'));
    std::cout << "\n";
  }
}

void list_runs(const RunsArgs& a) {
  store::StoreReader r(a.db);
  const int64_t sweep = a.sweep.empty() ? 0 : experiment::require_sweep(r, a.sweep).id;
  for (const auto& run : r.runs(sweep)) {
    if (!a.tag.empty() && std::find(run.tags.begin(), run.tags.end(), a.tag) == run.tags.end()) continue;
    std::cout << run.id << "  " << run.key << "  " << store::to_string(run.status) << "  seed " << run.seed;
    if (run.config.contains("image_ratio")) std::cout << "  ratio " << run.config["image_ratio"].dump();
    if (run.config.contains("text_source")) std::cout << "  text " << run.config["text_source"].get<std::string>();
    if (auto res = r.result(run.id); res && res->metrics.contains("test_top1")) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "  test_top1 %.2f%%", 100.0 * res->metrics["test_top1"].get<double>());
      std::cout << buf;
    }
    if (!run.error.empty()) std::cout << "  error: " << run.error;
    if (!run.tags.empty()) {
      std::cout << "  tags:";
      for (const auto& t : run.tags) std::cout << " " << t;
    }
    if (!run.note.empty()) std::cout << "  note: " << run.note.substr(0, run.note.find('\n'));
    std::cout << "\n";
  }
}

void add_where(const std::vector<std::string>& where, const char* option, experiment::TableOverrides& o) {
  for (const auto& w : where) {
    const auto eq = w.find('=');
    if (eq == std::string::npos || eq == 0) throw ExitError(2, std::string(option) + " " + w + ": expected KEY=VALUE");
    const std::string v = w.substr(eq + 1);
    // A JSON value when it parses (within the limits), else the text itself.
    nlohmann::json value(v);
    try {
      value = jsonio::parse(v, "--where", jsonio::kConfig);
    } catch (const jsonio::Error&) {
    }
    o.where[w.substr(0, eq)] = value;
  }
}

experiment::TableOverrides table_overrides(const RunsArgs& a) {
  experiment::TableOverrides o{a.rows, a.columns, a.metric, {}};
  add_where(a.where, "--where", o);
  return o;
}

// --paren-sweep / --paren-where: each cell "value (value of the other side)".
void combined_table(const RunsArgs& a) {
  if (a.mark_best) throw ExitError(2, "--mark-best is for single tables, not with --paren-sweep/--paren-where");
  store::StoreReader r(a.db);
  experiment::CombinedSide outer{experiment::require_sweep(r, a.sweep), table_overrides(a)};
  experiment::CombinedSide inner{a.paren_sweep.empty() ? outer.sweep : experiment::require_sweep(r, a.paren_sweep),
                                 outer.overrides};
  add_where(a.paren_where, "--paren-where", inner.overrides);
  if (inner.sweep.id == outer.sweep.id && inner.overrides.where == outer.overrides.where)
    throw ExitError(2, "--paren-sweep/--paren-where: the side in parentheses is the same runs as the values");
  if (a.format == "json") throw ExitError(2, "--format json is for single tables, not with --paren-sweep/--paren-where");
  const auto t = experiment::combined_results_table(r, outer, inner);
  std::optional<experiment::CombinedMarks> marks;
  if (!a.mark_vs.empty()) {
    try {
      marks = experiment::combined_significance_vs(r, t, a.mark_vs);
    } catch (const std::invalid_argument& e) {
      throw ExitError(2, std::string("--mark-vs: ") + e.what());
    }
  }
  const experiment::CombinedMarks* m = marks ? &*marks : nullptr;
  const std::string caption = a.caption.empty() ? experiment::default_combined_caption(t) : a.caption;
  if (a.format == "latex") write_out(experiment::combined_to_latex(t, caption, a.fragment, m), a.out);
  else if (a.format == "markdown") write_out(experiment::combined_to_markdown(t, m), a.out);
  else write_out(experiment::combined_to_csv(t, m), a.out);
  const int pending = t.outer.runs_pending + t.inner.runs_pending, failed = t.outer.runs_failed + t.inner.runs_failed;
  if (pending > 0 || failed > 0)
    std::cerr << "note: " << pending << " run(s) not finished and " << failed
              << " failed are not in the table (cells show … where no seed finished)\n";
}

void table(const RunsArgs& a) {
  if (!a.paren_sweep.empty() || !a.paren_where.empty()) return combined_table(a);
  store::StoreReader r(a.db);
  const store::SweepInfo s = experiment::require_sweep(r, a.sweep);
  const auto t = experiment::sweep_results_table(r, s, table_overrides(a));
  std::optional<experiment::SignificanceMarks> marks;
  if (!a.mark_vs.empty()) {
    try {
      marks = experiment::significance_vs(r, t, experiment::find_column(t, a.mark_vs));
    } catch (const std::invalid_argument& e) {
      throw ExitError(2, std::string("--mark-vs: ") + e.what());
    }
  }
  const experiment::SignificanceMarks* m = marks ? &*marks : nullptr;
  const std::string caption = a.caption.empty() ? experiment::default_table_caption(t, s.name) : a.caption;
  std::string text;
  if (a.format == "latex") {
    text = experiment::table_to_latex(t, caption, a.fragment, a.mark_best, m);
  } else if (a.format == "markdown") {
    text = experiment::table_to_markdown(t, a.mark_best, m);
  } else if (a.format == "json") {
    text = experiment::table_to_json(t, m);
  } else {
    text = experiment::table_to_csv(t, m);
  }
  write_out(text, a.out);
  if (t.runs_pending > 0 || t.runs_failed > 0) {
    std::cerr << "note: " << t.runs_pending << " run(s) not finished and " << t.runs_failed
              << " failed are not in the table (cells show … where no seed finished)\n";
  }
}

std::string number(double v, const char* fmt = "%.2f") {
  if (std::isnan(v)) return "nan";
  char buf[48];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

// The tests over test images (core/experiment/image_paired_tests.h).
std::string image_level(store::StoreReader& r, const experiment::ResultsTable& t, std::size_t ca, std::size_t cb,
                        const RunsArgs& a) {
  const auto rows = experiment::compare_columns_by_image(r, t, ca, cb, a.resamples);
  std::ostringstream os;
  if (a.format == "csv") {
    os << "row,seed,images,a_only,b_only,mcnemar_p,bootstrap_seeds,bootstrap_mean_diff,bootstrap_ci95_low,"
          "bootstrap_ci95_high,bootstrap_p\n";
    for (const auto& rc : rows)
      for (std::size_t i = 0; i < rc.seeds.size(); ++i) {
        const auto& m = rc.per_seed[i];
        os << experiment::csv_field(rc.row) << "," << rc.seeds[i] << "," << m.images << "," << m.a_only << ","
           << m.b_only << "," << number(m.p_value, "%.10g") << "," << rc.pooled.seeds << ","
           << number(rc.pooled.mean_diff, "%.10g") << "," << number(rc.pooled.ci_low, "%.10g") << ","
           << number(rc.pooled.ci_high, "%.10g") << "," << number(rc.pooled.p_value, "%.10g") << "\n";
      }
    return os.str();
  }
  os << "Over test images: McNemar's exact test per seed (images right in A only / B only), and a paired bootstrap\n"
        "over images pooling the seeds (" << a.resamples
     << " resamples; the mean over seeds of acc(A) - acc(B), percentile 95% CI)\n";
  for (const auto& rc : rows) {
    os << rc.row;
    if (rc.seeds.empty()) {
      os << "  no per-image predictions stored (runs made before they were recorded)\n";
      continue;
    }
    for (std::size_t i = 0; i < rc.seeds.size(); ++i) {
      const auto& m = rc.per_seed[i];
      os << "  seed " << rc.seeds[i] << ": " << m.a_only << "/" << m.b_only << " p=" << number(m.p_value, "%.4f")
         << (m.p_value < 0.05 ? " †" : "");
    }
    const double scale = t.percent ? 100.0 : 1.0;
    os << "  |  bootstrap (" << rc.pooled.images << " images x " << rc.pooled.seeds << " seeds): diff "
       << number(scale * rc.pooled.mean_diff) << " [" << number(scale * rc.pooled.ci_low) << ", "
       << number(scale * rc.pooled.ci_high) << "] p=" << number(rc.pooled.p_value, "%.4f")
       << (rc.pooled.p_value < 0.05 ? " †" : "") << "\n";
  }
  return os.str();
}

// Two columns of the results table, paired by seed at each row (core/experiment/paired_stats.h).
void compare(const RunsArgs& a) {
  store::StoreReader r(a.db);
  const store::SweepInfo s = experiment::require_sweep(r, a.sweep);
  const auto t = experiment::sweep_results_table(r, s, table_overrides(a));
  std::size_t ca = 0, cb = 0;
  try {
    ca = experiment::find_column(t, a.compare.at(0));
    cb = experiment::find_column(t, a.compare.at(1));
  } catch (const std::invalid_argument& e) {
    throw ExitError(2, std::string("--columns-compared: ") + e.what());
  }
  const auto rows = experiment::compare_columns(r, t, ca, cb);
  std::ostringstream os;
  if (a.format == "csv") {
    os << "row,a,b,n,seeds,mean_diff,sd_diff,ci95_low,ci95_high,t,p\n";
    for (const auto& rc : rows) {
      std::string seeds;
      for (const int64_t x : rc.seeds) seeds += (seeds.empty() ? "" : " ") + std::to_string(x);
      os << experiment::csv_field(rc.row) << "," << experiment::csv_field(t.column_labels[ca]) << ","
         << experiment::csv_field(t.column_labels[cb]) << ","
         << rc.test.n << "," << seeds << "," << number(rc.test.mean_diff, "%.10g") << ","
         << number(rc.test.sd_diff, "%.10g") << "," << number(rc.test.ci_low, "%.10g") << ","
         << number(rc.test.ci_high, "%.10g") << "," << number(rc.test.t, "%.10g") << ","
         << number(rc.test.p_value, "%.10g") << "\n";
    }
  } else {
    os << t.column_labels[ca] << " minus " << t.column_labels[cb] << " (" << t.metric << (t.percent ? ", points" : "")
       << "), paired by seed; Student's paired t-test, two-sided; 95% CI of the mean difference\n";
    for (const auto& rc : rows) {
      os << rc.row << "  n=" << rc.test.n << "  diff " << number(rc.test.mean_diff) << "  [" << number(rc.test.ci_low)
         << ", " << number(rc.test.ci_high) << "]  t=" << number(rc.test.t, "%.3f") << "  p=" << number(rc.test.p_value, "%.4f")
         << (rc.test.p_value < 0.05 ? "  †" : "") << (rc.test.n < 2 ? "  (fewer than 2 paired seeds: no test)" : "")
         << "\n";
    }
    os << "† p < 0.05\n";
  }
  if (a.images) os << (a.format == "csv" ? "\n" : "\n") << image_level(r, t, ca, cb, a);
  write_out(os.str(), a.out);
}

// A note and tags on a run (--run) or a sweep (--sweep).
void annotate(const RunsArgs& a) {
  if (a.run.empty() == a.sweep.empty()) throw ExitError(2, "runs annotate: give --run ID or --sweep ID|NAME");
  int64_t id = 0;
  {
    store::StoreReader r(a.db);
    if (!a.sweep.empty()) {
      id = experiment::require_sweep(r, a.sweep).id;
    } else {
      const bool numeric = a.run.find_first_not_of("0123456789") == std::string::npos;
      const auto run = numeric ? r.run(std::stoll(a.run)) : r.run_by_key(a.run);
      if (!run) throw ExitError(2, a.db + ": no run " + a.run);
      id = run->id;
    }
  }
  store::RunStore s(a.db);
  try {
    s.annotate(a.sweep.empty() ? store::RunStore::Target::Run : store::RunStore::Target::Sweep, id,
               a.note_given ? std::optional<std::string>(a.note) : std::nullopt, a.add_tags, a.remove_tags);
  } catch (const std::invalid_argument& e) {
    throw ExitError(2, e.what());
  }
}

// Classes ranked by what column A gains over column B at one row.
void class_gains(const RunsArgs& a) {
  store::StoreReader r(a.db);
  const store::SweepInfo s = experiment::require_sweep(r, a.sweep);
  const auto t = experiment::sweep_results_table(r, s, table_overrides(a));
  try {
    if (!a.sweep_b.empty()) {
      const auto tb = experiment::sweep_results_table(r, experiment::require_sweep(r, a.sweep_b), table_overrides(a));
      const std::size_t ca = experiment::find_column(t, a.compare.at(0)), cb = experiment::find_column(tb, a.compare.at(1));
      return write_out(experiment::class_gains_csv(experiment::class_gains_across(r, t, ca, tb, cb, a.row)), a.out);
    }
    const std::size_t ca = experiment::find_column(t, a.compare.at(0)), cb = experiment::find_column(t, a.compare.at(1));
    write_out(experiment::class_gains_csv(experiment::class_gains(r, t, a.row, ca, cb)), a.out);
  } catch (const std::invalid_argument& e) {
    throw ExitError(2, e.what());
  }
}

void export_runs(const RunsArgs& a) {
  store::StoreReader r(a.db);
  const int64_t sweep = a.sweep.empty() ? 0 : experiment::require_sweep(r, a.sweep).id;
  if (a.per_class) {
    if (a.format != "csv") throw ExitError(2, "--per-class is written as CSV (--format csv)");
    write_out(experiment::export_per_class_csv(r, sweep), a.out);
    return;
  }
  write_out(a.format == "jsonl" ? experiment::export_runs_jsonl(r, sweep) : experiment::export_runs_csv(r, sweep), a.out);
}

void plan(const RunsArgs& a) {
  store::StoreReader r(a.db);
  write_out(experiment::export_plan(r, a.run, a.format == "csv"), a.out);
}

void inputs(const RunsArgs& a) {
  store::StoreReader r(a.db);
  write_out(experiment::export_inputs(r, a.run, a.format == "json"), a.out);
}

void check(const RunsArgs& a) {
  store::StoreReader r(a.db);
  const std::string ok = r.integrity_check();
  std::cout << "integrity: " << ok << "\nschema version: " << r.schema_version() << "\n";
  for (const auto& [st, n] : r.status_counts()) std::cout << st << ": " << n << "\n";
  std::cout << "metric rows: " << r.metric_row_count() << "\n";
  if (ok != "ok") throw ExitError(1, a.db + ": integrity check failed");
}

void merge(const RunsArgs& a) {
  store::RunStore into(a.into);
  for (const auto& f : a.files) {
    const auto rep = store::merge_store(into, f);
    std::cout << f << ": " << rep.runs_added << " runs added, " << rep.runs_replaced << " replaced, " << rep.runs_kept
              << " kept, " << rep.metric_rows << " metric rows, " << rep.sweeps_added << " sweeps added\n";
  }
}

const CommandRegistrar kRegister(71, [](CLI::App& app) {
  CLI::App* runs = app.add_subcommand("runs", "Read an experiment store: sweeps, runs, results tables, exports; merge stores");
  runs->require_subcommand(1);
  auto add_db = [](CLI::App* c, RunsArgs& a) {
    c->add_option("--db", a.db, "Store file")->required()->check(CLI::ExistingFile);
  };

  auto s = std::make_shared<RunsArgs>();
  CLI::App* sweeps = runs->add_subcommand("sweeps", "List the sweeps of a store with their run counts");
  add_db(sweeps, *s);
  sweeps->callback([s] { guarded([&] { list_sweeps(*s); }); });

  auto l = std::make_shared<RunsArgs>();
  CLI::App* list = runs->add_subcommand("list", "List runs (of one sweep) with status and result");
  add_db(list, *l);
  list->add_option("--sweep", l->sweep, "Sweep id or name");
  list->add_option("--tag", l->tag, "Only runs with this tag");
  list->callback([l] { guarded([&] { list_runs(*l); }); });

  auto t = std::make_shared<RunsArgs>();
  t->format = "markdown";
  CLI::App* tab = runs->add_subcommand("table", "Results table in the thesis layout (rows: ratios, columns: text sources)");
  add_db(tab, *t);
  tab->add_option("--sweep", t->sweep, "Sweep id or name")->required();
  tab->add_option("--format", t->format, "latex, markdown, csv or json (json: single tables)")
      ->check(CLI::IsMember({"latex", "markdown", "csv", "json"}))
      ->capture_default_str();
  tab->add_option("--metric", t->metric, "Result metric (default: the sweep's table.metric or test_top1)");
  tab->add_option("--rows", t->rows, "Config key of the rows (default image_ratio)");
  tab->add_option("--columns", t->columns, "Config key of the columns (default text_source)");
  tab->add_option("--where", t->where, "Only runs with KEY=VALUE (dotted keys; repeatable)");
  tab->add_option("--caption", t->caption, "LaTeX caption (plain text: escaped for LaTeX; ± becomes $\\pm$)");
  tab->add_flag("--fragment", t->fragment, "LaTeX: the table environment only (for \\input), not a document");
  tab->add_flag("--mark-best", t->mark_best, "Bold the best value of each row, underline the second (LaTeX, Markdown)");
  tab->add_option("--mark-vs", t->mark_vs,
                  "Mark with † each cell that differs from this column's cell in the same row (label or number, e.g. "
                  "\"Image only\"): Student's paired t-test over seeds, p < 0.05; CSV/JSON carry each cell's p-value");
  tab->add_option("--paren-sweep", t->paren_sweep,
                  "Combined table: this sweep's value in parentheses after each cell's value, e.g. the global-sampling "
                  "sweep after the per-class one (swap the two for the reverse)");
  tab->add_option("--paren-where", t->paren_where,
                  "Combined table: the runs in parentheses are those with KEY=VALUE (over --where; repeatable), "
                  "e.g. --where sampling=per-class --paren-where sampling=global for one sweep with both");
  tab->add_option("-o,--out", t->out, "Output file (default: stdout)");
  tab->callback([t] { guarded([&] { table(*t); }); });

  auto cmp = std::make_shared<RunsArgs>();
  cmp->format = "text";
  CLI::App* cm = runs->add_subcommand(
      "compare", "Two columns of a results table, paired by seed at each row: mean difference, 95% CI, paired t-test");
  add_db(cm, *cmp);
  cm->add_option("--sweep", cmp->sweep, "Sweep id or name")->required();
  cm->add_option("--columns-compared", cmp->compare, "The two columns, by label or number (A minus B)")
      ->required()
      ->expected(2);
  cm->add_option("--format", cmp->format, "text or csv")->check(CLI::IsMember({"text", "csv"}))->capture_default_str();
  cm->add_option("--metric", cmp->metric, "Result metric (default: the sweep's table.metric or test_top1)");
  cm->add_option("--rows", cmp->rows, "Config key of the rows (default image_ratio)");
  cm->add_option("--columns", cmp->columns, "Config key of the columns (default text_source)");
  cm->add_option("--where", cmp->where, "Only runs with KEY=VALUE (dotted keys; repeatable)");
  cm->add_flag("--images", cmp->images,
               "Also test over test images: McNemar per seed and a paired bootstrap over images pooling the seeds");
  cm->add_option("--resamples", cmp->resamples, "Bootstrap resamples (with --images)")
      ->check(CLI::Range(100, 1000000))->capture_default_str();
  cm->add_option("-o,--out", cmp->out, "Output file (default: stdout)");
  cm->callback([cmp] { guarded([&] { compare(*cmp); }); });

  auto an = std::make_shared<RunsArgs>();
  CLI::App* ann = runs->add_subcommand("annotate", "Set a run's or a sweep's note, add or remove tags");
  add_db(ann, *an);
  ann->add_option("--run", an->run, "Run id or key");
  ann->add_option("--sweep", an->sweep, "Sweep id or name");
  auto* note_opt = ann->add_option("--note", an->note, "The note (replaces the old one; \"\" clears it)");
  ann->add_option("--tag", an->add_tags, "Add a tag (repeatable; no spaces or commas)");
  ann->add_option("--untag", an->remove_tags, "Remove a tag (repeatable)");
  ann->callback([an, note_opt] {
    an->note_given = note_opt->count() > 0;
    guarded([&] { annotate(*an); });
  });

  auto g = std::make_shared<RunsArgs>();
  CLI::App* cg = runs->add_subcommand(
      "class-gains", "Classes ranked by the accuracy column A gains over column B at one row, mean over paired seeds (CSV)");
  add_db(cg, *g);
  cg->add_option("--sweep", g->sweep, "Sweep id or name")->required();
  cg->add_option("--row", g->row, "Row label, e.g. \"(50, 50)\"")->required();
  cg->add_option("--columns-compared", g->compare, "The two columns, by label or number (A minus B)")->required()->expected(2);
  cg->add_option("--sweep-b", g->sweep_b,
                 "Column B from this sweep (id or name) instead of --sweep; runs paired by seed, e.g. per-class "
                 "against global sampling");
  cg->add_option("--rows", g->rows, "Config key of the rows (default image_ratio)");
  cg->add_option("--columns", g->columns, "Config key of the columns (default text_source)");
  cg->add_option("--where", g->where, "Only runs with KEY=VALUE (dotted keys; repeatable)");
  cg->add_option("-o,--out", g->out, "Output file (default: stdout)");
  cg->callback([g] { guarded([&] { class_gains(*g); }); });

  auto e = std::make_shared<RunsArgs>();
  e->format = "csv";
  CLI::App* exp = runs->add_subcommand("export", "Every run in long format with config columns and final metrics");
  add_db(exp, *e);
  exp->add_option("--sweep", e->sweep, "Sweep id or name (default: all runs)");
  exp->add_option("--format", e->format, "csv or jsonl")->check(CLI::IsMember({"csv", "jsonl"}))->capture_default_str();
  exp->add_flag("--per-class", e->per_class, "Per-class test accuracy in long format: run_id,key,seed,class,accuracy,n");
  exp->add_option("-o,--out", e->out, "Output file (default: stdout)");
  exp->callback([e] { guarded([&] { export_runs(*e); }); });

  auto p = std::make_shared<RunsArgs>();
  p->format = "json";
  CLI::App* pl = runs->add_subcommand("plan", "The image/text ratio plan a run used");
  add_db(pl, *p);
  pl->add_option("--run", p->run, "Run id or key")->required();
  pl->add_option("--format", p->format, "json (full plan) or csv (per-class counts)")
      ->check(CLI::IsMember({"json", "csv"}))->capture_default_str();
  pl->add_option("-o,--out", p->out, "Output file (default: stdout)");
  pl->callback([p] { guarded([&] { plan(*p); }); });

  auto in = std::make_shared<RunsArgs>();
  in->format = "text";
  CLI::App* inp = runs->add_subcommand(
      "inputs", "The files a run read: feature files and converter, with content hash, CLIP model, rows");
  add_db(inp, *in);
  inp->add_option("--run", in->run, "Run id or key")->required();
  inp->add_option("--format", in->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  inp->add_option("-o,--out", in->out, "Output file (default: stdout)");
  inp->callback([in] { guarded([&] { inputs(*in); }); });

  auto c = std::make_shared<RunsArgs>();
  CLI::App* chk = runs->add_subcommand("check", "PRAGMA integrity_check and run counts");
  add_db(chk, *c);
  chk->callback([c] { guarded([&] { check(*c); }); });

  auto m = std::make_shared<RunsArgs>();
  CLI::App* mg = runs->add_subcommand("merge", "Merge stores into one (idempotent: runs matched by key)");
  mg->add_option("--into", m->into, "Target store (created if missing)")->required();
  mg->add_option("files", m->files, "Stores to merge")->required()->check(CLI::ExistingFile);
  mg->callback([m] { guarded([&] { merge(*m); }); });
});

}  // namespace
}  // namespace plumage::cli

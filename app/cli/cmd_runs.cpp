// plumage-cli runs ...: read a store — list sweeps and runs, results tables
// in the thesis layout (LaTeX / Markdown / CSV), long-format exports, the
// ratio plan of a run, integrity check — and merge stores.
#include "app/cli/command_registry.h"

#include "core/experiment/results_table.h"
#include "core/experiment/run_export.h"
#include "core/store/run_store.h"
#include "core/store/store_error.h"
#include "core/store/store_merge.h"
#include "core/store/store_reader.h"
#include "core/store/time_util.h"
#include "core/json/parse_limited.h"

#include "core/data/file_util.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <map>

namespace plumage::cli {
namespace {

struct RunsArgs {
  std::string db, sweep, format, metric, rows, columns, caption, out, run, into;
  std::vector<std::string> where, files;
  bool fragment = false;
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
    std::cout << "\n";
  }
}

void list_runs(const RunsArgs& a) {
  store::StoreReader r(a.db);
  const int64_t sweep = a.sweep.empty() ? 0 : experiment::require_sweep(r, a.sweep).id;
  for (const auto& run : r.runs(sweep)) {
    std::cout << run.id << "  " << run.key << "  " << store::to_string(run.status) << "  seed " << run.seed;
    if (run.config.contains("image_ratio")) std::cout << "  ratio " << run.config["image_ratio"].dump();
    if (run.config.contains("text_source")) std::cout << "  text " << run.config["text_source"].get<std::string>();
    if (auto res = r.result(run.id); res && res->metrics.contains("test_top1")) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "  test_top1 %.2f%%", 100.0 * res->metrics["test_top1"].get<double>());
      std::cout << buf;
    }
    if (!run.error.empty()) std::cout << "  error: " << run.error;
    std::cout << "\n";
  }
}

void table(const RunsArgs& a) {
  store::StoreReader r(a.db);
  const store::SweepInfo s = experiment::require_sweep(r, a.sweep);
  experiment::TableOverrides o{a.rows, a.columns, a.metric, {}};
  for (const auto& w : a.where) {
    const auto eq = w.find('=');
    if (eq == std::string::npos || eq == 0) throw ExitError(2, "--where " + w + ": expected KEY=VALUE");
    const std::string v = w.substr(eq + 1);
    // A JSON value when it parses (within the limits), else the text itself.
    nlohmann::json value(v);
    try {
      value = jsonio::parse(v, "--where", jsonio::kConfig);
    } catch (const jsonio::Error&) {
    }
    o.where[w.substr(0, eq)] = value;
  }
  const auto t = experiment::sweep_results_table(r, s, o);
  const std::string caption = a.caption.empty() ? experiment::default_table_caption(t, s.name) : a.caption;
  std::string text;
  if (a.format == "latex") {
    text = experiment::table_to_latex(t, caption, a.fragment);
  } else if (a.format == "markdown") {
    text = experiment::table_to_markdown(t);
  } else {
    text = experiment::table_to_csv(t);
  }
  write_out(text, a.out);
  if (t.runs_pending > 0 || t.runs_failed > 0) {
    std::cerr << "note: " << t.runs_pending << " run(s) not finished and " << t.runs_failed
              << " failed are not in the table (cells show … where no seed finished)\n";
  }
}

void export_runs(const RunsArgs& a) {
  store::StoreReader r(a.db);
  const int64_t sweep = a.sweep.empty() ? 0 : experiment::require_sweep(r, a.sweep).id;
  write_out(a.format == "jsonl" ? experiment::export_runs_jsonl(r, sweep) : experiment::export_runs_csv(r, sweep), a.out);
}

void plan(const RunsArgs& a) {
  store::StoreReader r(a.db);
  write_out(experiment::export_plan(r, a.run, a.format == "csv"), a.out);
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
  list->callback([l] { guarded([&] { list_runs(*l); }); });

  auto t = std::make_shared<RunsArgs>();
  t->format = "markdown";
  CLI::App* tab = runs->add_subcommand("table", "Results table in the thesis layout (rows: ratios, columns: text sources)");
  add_db(tab, *t);
  tab->add_option("--sweep", t->sweep, "Sweep id or name")->required();
  tab->add_option("--format", t->format, "latex, markdown or csv")->check(CLI::IsMember({"latex", "markdown", "csv"}))
      ->capture_default_str();
  tab->add_option("--metric", t->metric, "Result metric (default: the sweep's table.metric or test_top1)");
  tab->add_option("--rows", t->rows, "Config key of the rows (default image_ratio)");
  tab->add_option("--columns", t->columns, "Config key of the columns (default text_source)");
  tab->add_option("--where", t->where, "Only runs with KEY=VALUE (dotted keys; repeatable)");
  tab->add_option("--caption", t->caption, "LaTeX caption (plain text: escaped for LaTeX; ± becomes $\\pm$)");
  tab->add_flag("--fragment", t->fragment, "LaTeX: the table environment only (for \\input), not a document");
  tab->add_option("-o,--out", t->out, "Output file (default: stdout)");
  tab->callback([t] { guarded([&] { table(*t); }); });

  auto e = std::make_shared<RunsArgs>();
  e->format = "csv";
  CLI::App* exp = runs->add_subcommand("export", "Every run in long format with config columns and final metrics");
  add_db(exp, *e);
  exp->add_option("--sweep", e->sweep, "Sweep id or name (default: all runs)");
  exp->add_option("--format", e->format, "csv or jsonl")->check(CLI::IsMember({"csv", "jsonl"}))->capture_default_str();
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

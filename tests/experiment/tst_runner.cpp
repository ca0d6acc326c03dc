// The runner's bookkeeping (with test run functions), the real engine run
// function on the fixture, results tables and exports.
#include "tst_experiment_classes.h"

#include "experiment_fixture.h"
#include "runner_test_util.h"
#include "core/experiment/combined_table.h"
#include "core/experiment/engine_run.h"
#include "core/experiment/image_paired_tests.h"
#include "core/experiment/paired_stats.h"
#include "core/experiment/per_class_results.h"
#include "core/experiment/results_table.h"
#include "core/experiment/run_export.h"
#include "core/experiment/runner.h"
#include "core/experiment/sweep_job.h"
#include "core/store/run_store.h"
#include "core/store/store_error.h"
#include "core/store/store_reader.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <algorithm>
#include <array>
#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

using namespace plumage;
using namespace plumage::experiment;
using nlohmann::json;

namespace runner_test {

QTemporaryDir g_dir;
plumage::test::Fixture g_fix;

SweepPlan small_plan(int seeds, int epochs) {
  FileHashCache files;
  return plan_sweep(plumage::test::thesis_sweep(g_fix, {1.0, 0.5, 0.0}, seeds, epochs), ResolveOptions{}, "t", files);
}

std::string db_path(const char* name) { return g_dir.path().toStdString() + "/" + name; }

RunnerOptions quiet() {
  RunnerOptions o;
  o.device = "cpu";
  o.code_version = "test";
  o.torch_version = "n/a";
  return o;
}

}  // namespace runner_test

using namespace runner_test;

void TestRunner::initTestCase() {
  QVERIFY(g_dir.isValid());
  g_fix = plumage::test::write_fixture(g_dir.path().toStdString());
}

void TestRunner::failuresAreRecordedAndTheSweepGoesOn() {
  const SweepPlan plan = small_plan();
  const std::string db = db_path("fail.sqlite");
  int calls = 0;
  auto fn = [&](RunContext& ctx) -> store::RunResult {
    ++calls;
    ctx.log_metric(1, "train_loss", 0.5);
    if (ctx.config->at("text_source") == "llm") throw std::runtime_error("NaN loss: train_loss = nan at epoch 1");
    store::RunResult r;
    r.metrics = {{"test_top1", 0.5}};
    return r;
  };
  store::RunStore s(db);
  const auto out = run_sweep(s, plan, fn, quiet());
  QCOMPARE(out.planned, 12);
  QCOMPARE(out.failed, 4);  // llm at 0.5 and 0.0, two seeds each
  QCOMPARE(out.done, 8);
  QCOMPARE(calls, 12);
  store::StoreReader r(db);
  for (const auto& run : r.runs(out.sweep_id)) {
    if (run.config["text_source"] == "llm") {
      QCOMPARE(run.status, store::RunStatus::Failed);
      QCOMPARE(run.error, std::string("NaN loss: train_loss = nan at epoch 1"));
    } else {
      QCOMPARE(run.status, store::RunStatus::Done);
    }
  }
  // Running the sweep again re-runs only the failed runs.
  calls = 0;
  const auto again = run_sweep(s, plan, fn, quiet());
  QCOMPARE(again.already_done, 8);
  QCOMPARE(calls, 4);
}

void TestRunner::cancellationStopsTheSweep() {
  const SweepPlan plan = small_plan();
  const std::string db = db_path("cancel.sqlite");
  std::atomic<bool> cancel{false};
  int calls = 0;
  auto fn = [&](RunContext& ctx) -> store::RunResult {
    if (++calls == 3) {
      cancel = true;  // as if the user pressed Ctrl-C during the third run
      if (ctx.cancel->load()) throw RunCancelled();
    }
    return store::RunResult{};
  };
  store::RunStore s(db);
  RunnerOptions o = quiet();
  o.cancel = &cancel;
  const auto out = run_sweep(s, plan, fn, o);
  QCOMPARE(out.done, 2);
  QCOMPARE(out.cancelled, 1);
  QCOMPARE(calls, 3);
  store::StoreReader r(db);
  QCOMPARE(r.status_counts(out.sweep_id).at("CANCELLED"), 1);
  QCOMPARE(r.status_counts(out.sweep_id).at("QUEUED"), 9);
}

void TestRunner::parallelJobsRunEveryRunOnce() {
  const SweepPlan plan = small_plan();
  const std::string db = db_path("jobs.sqlite");
  std::mutex m;
  std::map<std::string, int> seen;
  auto fn = [&](RunContext& ctx) -> store::RunResult {
    {
      std::lock_guard<std::mutex> lk(m);
      ++seen[ctx.key];
    }
    for (int e = 1; e <= 50; ++e) ctx.log_metric(e, "train_loss", 1.0 / e);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return store::RunResult{};
  };
  store::RunStore s(db);
  RunnerOptions o = quiet();
  o.jobs = 3;
  o.heartbeat_interval = std::chrono::milliseconds(2);
  const auto out = run_sweep(s, plan, fn, o);
  QCOMPARE(out.done, 12);
  QCOMPARE(seen.size(), size_t(12));
  for (const auto& [k, n] : seen) QCOMPARE(n, 1);
  store::StoreReader r(db);
  QCOMPARE(r.metric_row_count(), 12LL * 50);
}

void TestRunner::realEngineRunStoresMetricsPlanAndResult() {
  FileHashCache files;
  const SweepPlan plan = plan_sweep(plumage::test::adapter_config(g_fix, 8), ResolveOptions{}, "one", files);
  QCOMPARE(plan.runs.size(), size_t(1));
  const std::string db = db_path("engine.sqlite");
  store::RunStore s(db);
  const auto out = run_sweep(s, plan, make_engine_run_function(), quiet());
  QCOMPARE(out.done, 1);
  store::StoreReader r(db);
  const auto run = r.runs(out.sweep_id).at(0);
  QCOMPARE(run.status, store::RunStatus::Done);
  QCOMPARE(r.metrics(run.id, "train_loss").size(), size_t(8));  // one per epoch
  const auto res = r.result(run.id);
  QVERIFY(res.has_value());
  const double top1 = res->metrics["test_top1"].get<double>();
  QVERIFY2(top1 > 0.5, "the fixture's clusters are separable; the adapter should learn them");
  QCOMPARE(res->per_class["classes"].size(), size_t(4));
  QCOMPARE(res->confusion.size(), size_t(4));
  QVERIFY(run.plan.contains("class_images"));
  const std::string csv = export_plan(r, run.key, true);
  QVERIFY2(csv.rfind("class,train,images,texts,val\n" + g_fix.class0 + ",", 0) == 0, csv.c_str());

  // A missing file fails the run with the reason; the store says so.
  json bad = plumage::test::adapter_config(g_fix, 8);
  const std::string moved = g_fix.dir + "/llm-moved.safetensors";
  bad["text_source"] = "llm";
  std::filesystem::copy_file(g_fix.llm, moved);
  bad["features"]["text"]["llm"] = moved;
  const SweepPlan p2 = plan_sweep(bad, ResolveOptions{}, "bad", files);
  std::filesystem::remove(moved);
  const auto o2 = run_sweep(s, p2, make_engine_run_function(), quiet());
  QCOMPARE(o2.failed, 1);
  store::StoreReader r2(db);
  const std::string err = r2.runs(o2.sweep_id).at(0).error;
  QVERIFY2(err.find("missing file: " + moved) != std::string::npos, err.c_str());
}

void TestRunner::batchingGroupsRunsByKey() {
  const SweepPlan plan = small_plan();  // 12 runs: none x2 ratios, reed x2, llm x2, two seeds each
  const std::string db = db_path("batch.sqlite");
  std::mutex m;
  std::vector<size_t> group_sizes;
  int alone = 0;
  auto fn = [&](RunContext&) -> store::RunResult {
    std::lock_guard<std::mutex> lk(m);
    ++alone;
    store::RunResult r;
    r.metrics = {{"test_top1", 0.25}};
    return r;
  };
  RunnerOptions o = quiet();
  o.batching.max_group = 2;
  // Text runs group by source; image-only runs go alone.
  o.batching.key = [](const json& c) { return c["text_source"] == "none" ? std::string() : c["text_source"].get<std::string>(); };
  bool mixed_sources = false;
  o.batching.run = [&](std::vector<RunContext>& group) {
    {
      std::lock_guard<std::mutex> lk(m);
      group_sizes.push_back(group.size());
    }
    std::vector<BatchOutcome> out(group.size());
    for (size_t i = 0; i < group.size(); ++i) {
      if (group[i].config->at("text_source") != group[0].config->at("text_source")) mixed_sources = true;
      group[i].log_metric(1, "train_loss", 0.5);
      if (group[i].config->at("image_ratio") == 0.0 && group[i].config->at("seed") == 1) out[i].error = "NaN loss: x";
      else out[i].result.metrics = {{"test_top1", 0.5}};
    }
    return out;
  };
  store::RunStore s(db);
  const auto out = run_sweep(s, plan, fn, o);
  QVERIFY(!mixed_sources);
  QCOMPARE(alone, 4);
  std::sort(group_sizes.begin(), group_sizes.end());
  QCOMPARE(group_sizes, (std::vector<size_t>{2, 2, 2, 2}));  // 4 reed runs -> 2 + 2, same for llm
  QCOMPARE(out.done, 10);
  QCOMPARE(out.failed, 2);  // the seed-1 runs at 0 % images, one per source
  store::StoreReader r(db);
  for (const auto& run : r.runs(out.sweep_id)) {
    const bool failing = run.config["image_ratio"] == 0.0 && run.config["seed"] == 1;
    QCOMPARE(run.status, failing ? store::RunStatus::Failed : store::RunStatus::Done);
    if (failing) QCOMPARE(run.error, std::string("NaN loss: x"));
  }

  // A group that throws fails (or cancels) every run in it.
  const std::string db2 = db_path("batch-throw.sqlite");
  o.batching.run = [](std::vector<RunContext>&) -> std::vector<BatchOutcome> { throw std::runtime_error("out of memory: test"); };
  store::RunStore s2(db2);
  const auto out2 = run_sweep(s2, plan, fn, o);
  QCOMPARE(out2.failed, 8);
  QCOMPARE(out2.done, 4);
  o.batching.run = [](std::vector<RunContext>&) -> std::vector<BatchOutcome> { throw RunCancelled(); };
  const auto out3 = run_sweep(s2, plan, fn, o);
  QCOMPARE(out3.cancelled, 8);
}

void TestRunner::batchedEngineSweepMatchesRunsAlone() {
  const SweepPlan plan = small_plan(2, 6);
  store::RunStore alone(db_path("engine-alone.sqlite")), batched(db_path("engine-batched.sqlite"));
  const auto a = run_sweep(alone, plan, make_engine_run_function(), quiet());
  RunnerOptions o = quiet();
  const EngineRunner engine = make_engine_runner(/*batch_on_cpu=*/true);
  o.batching = engine.batching;
  int groups = 0;
  auto inner = o.batching.run;
  o.batching.run = [&](std::vector<RunContext>& g) {
    ++groups;
    return inner(g);
  };
  const auto b = run_sweep(batched, plan, engine.run, o);
  QCOMPARE(groups, 1);  // every run of the sweep differs only in its plan
  QCOMPARE(a.done, 12);
  QCOMPARE(b.done, 12);
  store::StoreReader ra(db_path("engine-alone.sqlite")), rb(db_path("engine-batched.sqlite"));
  const auto runs_a = ra.runs(a.sweep_id), runs_b = rb.runs(b.sweep_id);
  QCOMPARE(runs_a.size(), runs_b.size());
  for (size_t i = 0; i < runs_a.size(); ++i) {
    QCOMPARE(runs_a[i].key, runs_b[i].key);
    QCOMPARE(runs_a[i].plan, runs_b[i].plan);
    const auto ma = ra.result(runs_a[i].id)->metrics, mb = rb.result(runs_b[i].id)->metrics;
    for (const char* k : {"test_top1", "test_top5", "test_mean_per_class", "val_top1"})
      QVERIFY2(std::abs(ma[k].get<double>() - mb[k].get<double>()) < 1e-9, (runs_a[i].key + " " + k).c_str());
    QCOMPARE(ma["best_epoch"], mb["best_epoch"]);
    QCOMPARE(ra.metrics(runs_a[i].id, "train_loss").size(), rb.metrics(runs_b[i].id, "train_loss").size());
  }
}

// Runs that differ in a feature file never share a cell; a cell missing a
// seed says n = 2/3 in LaTeX, Markdown and CSV, and every cell knows its runs.
void TestRunner::tableNeverMixesInputsAndMarksMissingSeeds() {
  auto fn = [](RunContext& ctx) -> store::RunResult {
    if (ctx.config->at("image_ratio") == 0.5 && ctx.config->at("text_source") == "reed" && ctx.config->at("seed") == 1)
      throw std::runtime_error("NaN loss: test");
    store::RunResult r;
    r.metrics = {{"test_top1", 0.25 + 0.01 * ctx.config->at("seed").get<int>()}};
    return r;
  };
  json two_files = plumage::test::thesis_sweep(g_fix, {1.0, 0.5}, 3, 2);
  two_files["name"] = "two-reed-files";
  two_files["grid"]["features.text.reed"] = {g_fix.reed, g_fix.llm};
  FileHashCache files;
  const SweepPlan mixed = plan_sweep(two_files, ResolveOptions{}, "t2", files);
  const std::string db = db_path("table-mixed.sqlite");
  {
    store::RunStore s(db);
    run_sweep(s, mixed, fn, quiet());
  }
  store::StoreReader r(db);
  const int64_t sweep = r.find_sweep("two-reed-files")->id;
  try {
    build_results_table(r, sweep, TableQuery{});
    QFAIL("runs with different text feature files were averaged into one cell");
  } catch (const std::runtime_error& e) {
    QVERIFY2(std::string(e.what()).find("features.text.reed") != std::string::npos, e.what());
  }
  // One file at a time: a table each, nothing averaged across them.
  TableQuery one;
  one.where["features.text.reed"] = g_fix.reed;
  const ResultsTable t = build_results_table(r, sweep, one);
  QCOMPARE(t.cells[1][1].planned, 3);  // (50, 50), + Reed: seeds 0, 1, 2 of this file only
  QCOMPARE(t.cells[1][1].values.size(), size_t(2));  // seed 1 failed
  QCOMPARE(t.cells[1][1].run_ids.size(), size_t(3));
  for (const int64_t id : t.cells[1][1].run_ids) QCOMPARE(r.run(id)->config["features"]["text"]["reed"], json(g_fix.reed));
  const std::string latex = table_to_latex(t, "c", true), md = table_to_markdown(t), csv = table_to_csv(t);
  QVERIFY2(format_cell(t.cells[1][1], true).find("(n = 2/3)") != std::string::npos, format_cell(t.cells[1][1], true).c_str());
  QVERIFY2(latex.find("(n = 2/3)") != std::string::npos, latex.c_str());
  QVERIFY2(md.find("(n = 2/3)") != std::string::npos, md.c_str());
  QVERIFY2(format_cell(t.cells[0][0], false).find("n =") == std::string::npos, "a complete cell is marked");
  std::string ids;
  for (const int64_t id : t.cells[1][1].run_ids) ids += (ids.empty() ? "" : " ") + std::to_string(id);
  QVERIFY2(csv.find("\"(50, 50)\",+ Reed captions,2,") != std::string::npos || csv.find("(50, 50),+ Reed captions,2,") != std::string::npos,
           csv.c_str());
  QVERIFY2(csv.find(",3," + ids + "\n") != std::string::npos, csv.c_str());

  // + Reed vs image only, paired by seed: at (50, 50) only seeds 0 and 2 have both.
  const auto cmp = compare_columns(r, t, find_column(t, "+ Reed captions"), find_column(t, "Image only"));
  QCOMPARE(cmp.size(), size_t(1));  // (100, 0) has no + Reed cell
  QCOMPARE(cmp[0].row, std::string("(50, 50)"));
  QCOMPARE(cmp[0].seeds, (std::vector<int64_t>{0, 2}));
  QVERIFY(std::abs(cmp[0].test.mean_diff) < 1e-9);  // the fake results depend on the seed only
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, find_column(t, "+ GPT-5"));
}

namespace {

// A store with the thesis grid twice: sweep "pc_sweep" (per-class sampling,
// ratios 1, 0.5, 0), sweep "gl_sweep" (global sampling, ratios 1, 0.5: no
// (0, 100) row) and one sweep "both" with sampling as a grid axis. Results
// are fake but distinct per sampling, ratio, source and seed; one global run
// fails so a cell says n = 1/2.
std::string combined_store() {
  const std::string db = db_path("combined.sqlite");
  if (std::filesystem::exists(db)) return db;
  auto fn = [](RunContext& ctx) -> store::RunResult {
    const json& c = *ctx.config;
    const bool global = c.at("sampling") == "global";
    if (global && c.at("image_ratio") == 0.5 && c.at("text_source") == "reed" && c.at("seed") == 1)
      throw std::runtime_error("NaN loss: test");
    const std::string src = c.at("text_source").get<std::string>();
    store::RunResult r;
    r.metrics = {{"test_top1", 0.3 + 0.2 * c.at("image_ratio").get<double>() + (global ? 0.05 : 0.0) +
                                    (src == "reed" ? 0.03 : src == "llm" ? 0.07 : 0.0) +
                                    0.011 * c.at("seed").get<int>()}};
    return r;
  };
  FileHashCache files;
  store::RunStore s(db);
  json pc = plumage::test::thesis_sweep(g_fix, {1.0, 0.5, 0.0}, 2, 2);
  pc["name"] = "pc_sweep";
  pc["base"]["sampling"] = "per-class";
  run_sweep(s, plan_sweep(pc, ResolveOptions{}, "c1", files), fn, quiet());
  json gl = plumage::test::thesis_sweep(g_fix, {1.0, 0.5}, 2, 2);
  gl["name"] = "gl_sweep";
  gl["base"]["sampling"] = "global";
  run_sweep(s, plan_sweep(gl, ResolveOptions{}, "c2", files), fn, quiet());
  json both = plumage::test::thesis_sweep(g_fix, {1.0, 0.5, 0.0}, 2, 2);
  both["name"] = "both";
  both["grid"]["sampling"] = {"per-class", "global"};
  run_sweep(s, plan_sweep(both, ResolveOptions{}, "c3", files), fn, quiet());
  return db;
}

const TableCell* single_cell(const ResultsTable& t, const std::string& row, const std::string& col) {
  const auto r = std::find(t.row_labels.begin(), t.row_labels.end(), row);
  const auto c = std::find(t.column_labels.begin(), t.column_labels.end(), col);
  if (r == t.row_labels.end() || c == t.column_labels.end()) return nullptr;
  const TableCell& cell = t.cells[size_t(r - t.row_labels.begin())][size_t(c - t.column_labels.begin())];
  return cell.planned > 0 ? &cell : nullptr;
}

}  // namespace

// Every cell of the per-class (global) table, and of its reverse, is the two
// single tables' cells: values, run ids and the text each single table prints.
void TestRunner::combinedTableMatchesItsSingleTables() {
  const std::string db = combined_store();
  store::StoreReader r(db);
  const auto pc = require_sweep(r, "pc_sweep"), gl = require_sweep(r, "gl_sweep");
  const ResultsTable single_pc = sweep_results_table(r, pc), single_gl = sweep_results_table(r, gl);
  for (const bool reverse : {false, true}) {
    const CombinedSide a{reverse ? gl : pc, {}}, b{reverse ? pc : gl, {}};
    const CombinedTable t = combined_results_table(r, a, b);
    const ResultsTable& out = reverse ? single_gl : single_pc;
    const ResultsTable& in = reverse ? single_pc : single_gl;
    QCOMPARE(QString::fromStdString(t.outer_name), QString(reverse ? "global sampling" : "per-class sampling"));
    QCOMPARE(t.row_labels, (std::vector<std::string>{"(100, 0)", "(50, 50)", "(0, 100)"}));
    QCOMPARE(t.column_labels, (std::vector<std::string>{"Image only", "+ Reed captions", "+ LLM descriptions"}));
    const std::string md = combined_to_markdown(t), tex = combined_to_latex(t, "", true), csv = combined_to_csv(t);
    int both_sides = 0, one_side = 0, none = 0;
    for (size_t ri = 0; ri < t.row_labels.size(); ++ri)
      for (size_t ci = 0; ci < t.column_labels.size(); ++ci) {
        const std::string& row = t.row_labels[ri];
        const std::string& col = t.column_labels[ci];
        const CombinedCell& cell = t.cells[ri][ci];
        const TableCell* so = single_cell(out, row, col);
        const TableCell* si = single_cell(in, row, col);
        const std::string where = row + " / " + col;
        QVERIFY2((cell.outer.planned > 0) == (so != nullptr) && (cell.inner.planned > 0) == (si != nullptr), where.c_str());
        if (so) QVERIFY2(cell.outer.values == so->values && cell.outer.run_ids == so->run_ids, where.c_str());
        if (si) QVERIFY2(cell.inner.values == si->values && cell.inner.run_ids == si->run_ids, where.c_str());
        const std::string shown = format_combined_cell(cell, false);
        if (!so && !si) {
          QCOMPARE(QString::fromStdString(shown), QString("—"));
          ++none;
          continue;
        }
        const std::string expect = (so ? format_cell(*so, false) : "—") + " (" + (si ? format_cell(*si, false) : "—") + ")";
        QCOMPARE(QString::fromStdString(shown), QString::fromStdString(expect));
        (so && si ? both_sides : one_side)++;
        QVERIFY2(md.find("| " + shown + " |") != std::string::npos, md.c_str());
        QVERIFY2(tex.find(format_combined_cell(cell, true)) != std::string::npos, tex.c_str());
        // CSV: both sides' run ids (provenance) on the cell's line.
        std::string ids_o, ids_i;
        for (const int64_t id : so ? so->run_ids : std::vector<int64_t>{}) ids_o += (ids_o.empty() ? "" : " ") + std::to_string(id);
        for (const int64_t id : si ? si->run_ids : std::vector<int64_t>{}) ids_i += (ids_i.empty() ? "" : " ") + std::to_string(id);
        const std::string line_start = "\"" + row + "\"," + col + ",";
        const size_t at = csv.find(line_start);
        QVERIFY2(at != std::string::npos, csv.c_str());
        const std::string line = csv.substr(at, csv.find('\n', at) - at);
        QVERIFY2(line.find("," + ids_o + ",") != std::string::npos && line.substr(line.size() - ids_i.size()) == ids_i,
                 line.c_str());
      }
    QCOMPARE(both_sides, 4);  // (100, 0) image only; (50, 50) all three
    QCOMPARE(one_side, 2);    // (0, 100) + Reed / + LLM: per-class only
    QCOMPARE(none, 3);
    QVERIFY2(md.find("(n = 1/2)") != std::string::npos, md.c_str());  // the failed global seed shows
    QVERIFY2(md.find(reverse ? "— (" : " (—)") != std::string::npos, md.c_str());
  }

  // One sweep with both samplings, split by --where/--paren-where: the same
  // numbers as the two sweeps.
  const auto both = require_sweep(r, "both");
  CombinedSide a{both, {}}, b{both, {}};
  a.overrides.where["sampling"] = "per-class";
  b.overrides.where["sampling"] = "global";
  const CombinedTable split = combined_results_table(r, a, b);
  const CombinedTable two = combined_results_table(r, {pc, {}}, {gl, {}});
  QCOMPARE(split.row_labels, two.row_labels);
  for (size_t ri = 0; ri < split.row_labels.size(); ++ri)
    for (size_t ci = 0; ci < split.column_labels.size(); ++ci) {
      const CombinedCell &x = split.cells[ri][ci], &y = two.cells[ri][ci];
      QCOMPARE(x.outer.values, y.outer.values);
      if (y.inner.planned > 0) QCOMPARE(x.inner.values, y.inner.values);
    }
  QCOMPARE(QString::fromStdString(split.inner_name), QString("global sampling"));
  // Without a filter the sweep's runs mix samplings: refused, naming the key and the side.
  try {
    combined_results_table(r, a, {both, {}});
    QFAIL("a side mixing samplings was accepted");
  } catch (const std::runtime_error& e) {
    QVERIFY2(std::string(e.what()).find("sampling") != std::string::npos &&
                 std::string(e.what()).find("parentheses") != std::string::npos, e.what());
  }
  // Tables of another metric do not combine.
  ResultsTable other = single_gl;
  other.metric = "val_top1";
  QVERIFY_THROWS_EXCEPTION(std::runtime_error, combine_tables(single_pc, other, "a", "b"));

  // The CLI writes what the core builds, in each format.
  const auto cli = [&](const QStringList& extra) {
    QProcess p;
    p.start(PLUMAGE_CLI_PATH, QStringList{"runs", "table", "--db", QString::fromStdString(db)} + extra);
    p.waitForFinished(60000);
    return std::make_pair(p.exitCode(), p.readAllStandardOutput().toStdString() + p.readAllStandardError().toStdString());
  };
  auto [rc, text] = cli({"--sweep", "pc_sweep", "--paren-sweep", "gl_sweep", "--format", "csv"});
  QCOMPARE(rc, 0);
  QVERIFY2(text.find(combined_to_csv(two)) == 0, text.c_str());
  std::tie(rc, text) = cli({"--sweep", "both", "--where", "sampling=per-class", "--paren-where", "sampling=global"});
  QCOMPARE(rc, 0);
  QVERIFY2(text.find(combined_to_markdown(split)) == 0, text.c_str());
  std::tie(rc, text) = cli({"--sweep", "pc_sweep", "--paren-sweep", "gl_sweep", "--format", "latex"});
  QVERIFY2(text.find(combined_to_latex(two, default_combined_caption(two), false)) == 0, text.c_str());
  std::tie(rc, text) = cli({"--sweep", "pc_sweep", "--paren-where", "bad"});
  QCOMPARE(rc, 2);
  QVERIFY2(text.find("--paren-where bad: expected KEY=VALUE") != std::string::npos, text.c_str());
}

// The combined table's LaTeX document compiles (pdflatex + booktabs: the
// --latex group of packaging/install-deps.sh), with user text that needs escaping.
void TestRunner::combinedTableLatexCompiles() {
  const QString pdflatex = QStandardPaths::findExecutable("pdflatex");
  if (pdflatex.isEmpty()) QSKIP("pdflatex not installed (packaging/install-deps.sh --latex): LaTeX compile check skipped");
  store::StoreReader r(combined_store());
  CombinedTable t = combined_results_table(r, {require_sweep(r, "pc_sweep"), {}}, {require_sweep(r, "gl_sweep"), {}});
  t.outer_name = "per_class & 100% {x} #1";
  t.inner_sweep = "gl_sweep ~^ $y$ \\pm";
  t.column_labels[1] = "+ Reed_c <b>|";
  const std::string tex = combined_to_latex(t, default_combined_caption(t), false);
  QTemporaryDir dir;
  std::ofstream(dir.path().toStdString() + "/combined.tex") << tex;
  QProcess p;
  p.setWorkingDirectory(dir.path());
  p.start(pdflatex, {"-interaction=nonstopmode", "-halt-on-error", "combined.tex"});
  QVERIFY(p.waitForFinished(60000));
  QVERIFY2(p.exitCode() == 0, (tex + "\n" + p.readAllStandardOutput().toStdString()).c_str());
  QVERIFY(QFileInfo(dir.path() + "/combined.pdf").size() > 0);
}

void TestRunner::tableNumbersEqualStoredResults() {
  const SweepPlan plan = small_plan(3, 6);
  const std::string db = db_path("table.sqlite");
  {
    store::RunStore s(db);
    QCOMPARE(run_sweep(s, plan, make_engine_run_function(), quiet()).done, 18);
  }
  store::StoreReader r(db);
  const int64_t sweep = r.find_sweep("fixture-thesis")->id;
  TableQuery q;
  const ResultsTable t = build_results_table(r, sweep, q);
  QCOMPARE(t.row_labels, (std::vector<std::string>{"(100, 0)", "(50, 50)", "(0, 100)"}));
  QCOMPARE(t.column_labels, (std::vector<std::string>{"Image only", "+ Reed captions", "+ LLM descriptions"}));
  // Recompute every cell from the stored results.
  const std::vector<double> ratios = {1.0, 0.5, 0.0};
  const std::vector<std::string> sources = {"none", "reed", "llm"};
  const std::string latex = table_to_latex(t, "caption", false);
  const std::string md = table_to_markdown(t);
  for (size_t ri = 0; ri < 3; ++ri) {
    for (size_t ci = 0; ci < 3; ++ci) {
      std::vector<double> v;
      for (const auto& run : r.runs(sweep)) {
        if (run.config["image_ratio"] == ratios[ri] && run.config["text_source"] == sources[ci]) {
          v.push_back(100.0 * r.result(run.id)->metrics["test_top1"].get<double>());
        }
      }
      const TableCell& cell = t.cells[ri][ci];
      if (v.empty()) {
        QCOMPARE(cell.planned, 0);
        QCOMPARE(format_cell(cell, false), std::string("—"));
        continue;
      }
      QCOMPARE(v.size(), size_t(3));
      double mean = (v[0] + v[1] + v[2]) / 3, var = 0;
      for (double x : v) var += (x - mean) * (x - mean);
      char expect[64];
      std::snprintf(expect, sizeof expect, "%.2f $\\pm$ %.2f", mean, std::sqrt(var / 2));
      QCOMPARE(format_cell(cell, true), std::string(expect));
      QVERIFY2(latex.find(expect) != std::string::npos, latex.c_str());
      std::snprintf(expect, sizeof expect, "%.2f ± %.2f", mean, std::sqrt(var / 2));
      QVERIFY2(md.find(expect) != std::string::npos, md.c_str());
    }
  }
  QVERIFY(latex.find("\\usepackage{booktabs}") != std::string::npos);
  QVERIFY(latex.find("(100, 0) & ") != std::string::npos && latex.find("---") != std::string::npos);

  // Best per row in bold, second underlined, where asked (LaTeX, Markdown).
  const std::string marked_tex = table_to_latex(t, "caption", true, true), marked_md = table_to_markdown(t, true);
  QVERIFY(latex.find("\\textbf{") == std::string::npos && md.find("**") == std::string::npos);
  for (size_t ri = 0; ri < t.row_labels.size(); ++ri) {
    const std::vector<int> rank = row_ranks(t, ri);
    double best = -1;
    for (const auto& cell : t.cells[ri])
      if (!cell.values.empty()) best = std::max(best, cell.mean());
    for (size_t ci = 0; ci < rank.size(); ++ci) {
      const TableCell& cell = t.cells[ri][ci];
      if (cell.values.empty()) {
        QCOMPARE(rank[ci], -1);
        continue;
      }
      char shown[32], best_shown[32];
      std::snprintf(shown, sizeof shown, "%.2f", cell.mean());
      std::snprintf(best_shown, sizeof best_shown, "%.2f", best);
      const bool is_best = std::string(shown) == best_shown;
      QCOMPARE(rank[ci] == 0, is_best && std::count_if(t.cells[ri].begin(), t.cells[ri].end(),
                                                      [](const TableCell& x) { return !x.values.empty(); }) > 1);
      if (rank[ci] == 0) {
        QVERIFY2(marked_tex.find("\\textbf{" + format_cell(cell, true) + "}") != std::string::npos, marked_tex.c_str());
        QVERIFY2(marked_md.find("**" + format_cell(cell, false) + "**") != std::string::npos, marked_md.c_str());
      }
      if (rank[ci] == 1)
        QVERIFY2(marked_tex.find("\\underline{" + format_cell(cell, true) + "}") != std::string::npos, marked_tex.c_str());
    }
  }

  // Per-class answers: the long export has one line per run and class, and the
  // class gains equal the stored per-class accuracies averaged over paired seeds.
  const std::string per_class = export_per_class_csv(r, sweep);
  QCOMPARE(std::count(per_class.begin(), per_class.end(), '\n'), std::ptrdiff_t(1 + 18 * 4));
  const auto gains = class_gains(r, t, "(50, 50)", find_column(t, "+ Reed captions"), find_column(t, "Image only"));
  QCOMPARE(gains.size(), size_t(4));
  for (size_t i = 1; i < gains.size(); ++i) QVERIFY(gains[i - 1].gain >= gains[i].gain);
  for (const ClassGain& g : gains) {
    QCOMPARE(g.seeds, size_t(3));
    double a = 0, b = 0;
    for (const auto& run : r.runs(sweep)) {
      if (run.config["image_ratio"] != 0.5) continue;
      const json pc = r.result(run.id)->per_class;
      const auto& names = pc["classes"];
      const size_t k = size_t(std::find(names.begin(), names.end(), json(g.class_name)) - names.begin());
      (run.config["text_source"] == "reed" ? a : run.config["text_source"] == "none" ? b : a) +=
          run.config["text_source"] == "llm" ? 0.0 : 100.0 * pc["top1"][k].get<double>() / 3.0;
    }
    QVERIFY2(std::abs(g.accuracy_a - a) < 1e-9 && std::abs(g.accuracy_b - b) < 1e-9, g.class_name.c_str());
  }
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, class_gains(r, t, "(33, 67)", 0, 1));
  const QString pdflatex = QStandardPaths::findExecutable("pdflatex");
  if (pdflatex.isEmpty()) {
    qInfo("pdflatex not installed: LaTeX compile check skipped");
    return;
  }
  const std::string tex = g_dir.path().toStdString() + "/table.tex";
  std::ofstream(tex) << latex;
  QProcess p;
  p.setWorkingDirectory(g_dir.path());
  p.start(pdflatex, {"-interaction=nonstopmode", "-halt-on-error", QString::fromStdString(tex)});
  QVERIFY(p.waitForFinished(60000));
  QCOMPARE(p.exitCode(), 0);
}

void TestRunner::exportsHaveConfigColumns() {
  store::StoreReader r(db_path("table.sqlite"));
  const int64_t sweep = r.find_sweep("fixture-thesis")->id;
  const std::string csv = export_runs_csv(r, sweep);
  const std::string header = csv.substr(0, csv.find('\n'));
  for (const char* col : {"run_id", "key", "status", "seed", "config.image_ratio", "config.text_source",
                          "config.adapter.epochs", "metric.test_top1", "device", "torch_version"}) {
    QVERIFY2(header.find(col) != std::string::npos, col);
  }
  QCOMPARE(std::count(csv.begin(), csv.end(), '\n'), 19L);  // header + 18 runs
  const std::string jl = export_runs_jsonl(r, sweep);
  std::istringstream lines(jl);
  int n = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    const json j = json::parse(line);
    QVERIFY(j["config"].contains("image_ratio"));
    QVERIFY(j["metrics"]["test_top1"].is_number());
  }
  QCOMPARE(n, 18);
}

namespace {

void exec_sql(const std::string& db, const std::string& sql) {
  SQLite::Database d(db, SQLite::OPEN_READWRITE, 10000);
  d.exec(sql);
}

long long count(const std::string& db, const std::string& where) {
  SQLite::Database d(db, SQLite::OPEN_READONLY, 10000);
  SQLite::Statement q(d, "SELECT COUNT(*) FROM runs WHERE " + where);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

}  // namespace

void TestRunner::fullStoreFailsTheRunAndStopsTheSweep() {
  const SweepPlan plan = small_plan();
  const std::string db = db_path("full.sqlite");
  store::RunStore s(db);
  register_sweep(s, plan);
  // SQLite's size cap stands in for a full disk: a few pages left, far
  // fewer than the metrics of one run need.
  s.writer().call_void([](SQLite::Database& d) {
    SQLite::Statement q(d, "PRAGMA page_count");
    q.executeStep();
    d.exec("PRAGMA max_page_count = " + std::to_string(q.getColumn(0).getInt64() + 3));
  });
  int calls = 0;
  auto fn = [&](RunContext& ctx) -> store::RunResult {
    ++calls;
    for (int step = 0; step < 3000; ++step) ctx.log_metric(step, "train_loss", 1.0 / (step + 1));
    return store::RunResult{};
  };
  try {
    run_sweep(s, plan, fn, quiet());
    QFAIL("a sweep whose metrics did not fit ended normally");
  } catch (const store::StoreWriteError& e) {
    QVERIFY2(std::string(e.what()).find("full") != std::string::npos, e.what());
  }
  QCOMPARE(calls, 1);  // no run starts after the store refused a write
  QCOMPARE(count(db, "status = 'DONE'"), 0LL);
  QCOMPARE(count(db, "status = 'RUNNING'"), 0LL);
  QCOMPARE(count(db, "status = 'FAILED' AND error LIKE '%metric rows failed%full%'"), 1LL);
}

void TestRunner::failedHeartbeatFailsTheRun() {
  const SweepPlan plan = small_plan();
  const std::string db = db_path("heartbeat.sqlite");
  store::RunStore s(db);
  exec_sql(db,
           "CREATE TRIGGER heartbeat_refused BEFORE UPDATE OF heartbeat_ms ON runs "
           "WHEN OLD.status = 'RUNNING' AND NEW.status = 'RUNNING' "
           "BEGIN SELECT RAISE(ABORT, 'heartbeat refused (test)'); END");
  auto fn = [&](RunContext& ctx) -> store::RunResult {
    for (int step = 0; step < 400; ++step) {  // stops at the metric after the failed heartbeat
      ctx.log_metric(step, "train_loss", 1.0);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return store::RunResult{};
  };
  RunnerOptions o = quiet();
  o.heartbeat_interval = std::chrono::milliseconds(10);
  const auto t0 = std::chrono::steady_clock::now();
  QVERIFY_THROWS_EXCEPTION(store::StoreWriteError, run_sweep(s, plan, fn, o));
  QVERIFY2(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1), "the run trained on without heartbeats");
  QCOMPARE(count(db, "status = 'DONE'"), 0LL);
  QCOMPARE(count(db, "status = 'RUNNING'"), 0LL);
  QCOMPARE(count(db, "status = 'FAILED' AND error LIKE '%heartbeat of run%heartbeat refused (test)%'"), 1LL);
}

void TestRunner::refusedResultLeavesNoRunRunning() {
  const SweepPlan plan = small_plan();
  const std::string db = db_path("result.sqlite");
  store::RunStore s(db);
  exec_sql(db, "CREATE TRIGGER results_refused BEFORE INSERT ON results "
               "BEGIN SELECT RAISE(ABORT, 'no room for results (test)'); END");
  auto fn = [](RunContext& ctx) -> store::RunResult {
    ctx.log_metric(1, "train_loss", 0.5);
    store::RunResult r;
    r.metrics = {{"test_top1", 0.5}};
    return r;
  };
  try {
    run_sweep(s, plan, fn, quiet());
    QFAIL("a sweep whose result was refused ended normally");
  } catch (const store::StoreWriteError& e) {
    QVERIFY2(std::string(e.what()).find("the result of run") != std::string::npos, e.what());
  }
  QCOMPARE(count(db, "status = 'RUNNING'"), 0LL);
  QCOMPARE(count(db, "status = 'DONE'"), 0LL);
  QCOMPARE(count(db, "status = 'FAILED' AND error LIKE '%no room for results (test)%'"), 1LL);
  QCOMPARE(count(db, "status = 'QUEUED'"), 11LL);
}

// The GUI's Setup page runs sweeps through execute_sweep: the store's
// refusal must reach its event and end callbacks and end the job as an error.
void TestRunner::sweepJobReportsAStoreFailureAsAnError() {
  const SweepPlan plan = small_plan();
  const std::string db = db_path("sweep-job.sqlite");
  store::RunStore s(db);
  exec_sql(db, "CREATE TRIGGER results_refused BEFORE INSERT ON results "
               "BEGIN SELECT RAISE(ABORT, 'no room for results (test)'); END");
  SweepJobParams p;
  p.device = "cpu";
  p.jobs = 2;
  p.run_function = [](RunContext& ctx) -> store::RunResult {
    ctx.log_metric(1, "train_loss", 0.5);
    return store::RunResult{};
  };
  std::mutex m;
  std::vector<std::string> failures;
  int started = 0, ended = 0;
  p.on_event = [&](const RunEvent& e) {
    if (e.kind == RunEvent::Failed) failures.push_back(e.detail);
  };
  p.on_run_start = [&](RunContext&) {
    std::lock_guard<std::mutex> lk(m);
    ++started;
  };
  p.on_run_end = [&](const RunContext&) {
    std::lock_guard<std::mutex> lk(m);
    ++ended;
  };
  try {
    execute_sweep(s, plan, p);
    QFAIL("a sweep job whose results were refused succeeded");
  } catch (const store::StoreWriteError& e) {
    QVERIFY2(std::string(e.what()).find("no room for results (test)") != std::string::npos, e.what());
  }
  QVERIFY(!failures.empty() && failures.size() <= 2);
  for (const std::string& f : failures)
    QVERIFY2(f.find("no room for results (test)") != std::string::npos, f.c_str());
  QCOMPARE(ended, started);
  QCOMPARE(count(db, "status IN ('DONE', 'RUNNING')"), 0LL);
}

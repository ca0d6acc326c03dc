// TestRunner's statistics and provenance cases: paired tests over seeds and
// over test images (against SciPy), and the files every run records.
#include "tst_experiment_classes.h"

#include "experiment_fixture.h"
#include "runner_test_util.h"
#include "core/experiment/combined_table.h"
#include "core/experiment/engine_run.h"
#include "core/experiment/image_paired_tests.h"
#include "core/experiment/paired_stats.h"
#include "core/experiment/results_table.h"
#include "core/experiment/run_export.h"
#include "core/experiment/runner.h"
#include "core/experiment/significance_marks.h"
#include "core/store/run_store.h"
#include "core/store/store_reader.h"

#include <QProcess>
#include <QtTest>

#include <array>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

using namespace plumage;
using namespace plumage::experiment;
using namespace runner_test;
using nlohmann::json;

// Paired t-test and confidence interval against SciPy (ttest_rel, t.ppf):
// recorded values, and SciPy itself when python3-scipy is installed.
void TestRunner::pairedStatisticsEqualScipy() {
  const std::vector<std::pair<std::vector<double>, std::vector<double>>> cases = {
      {{85.07, 84.80, 85.31}, {84.23, 83.90, 84.95}},
      {{57.47, 58.10, 56.92, 57.80, 58.33}, {81.88, 81.20, 82.05, 81.77, 81.49}},
      {{1.0, 2.0}, {0.5, 2.25}}};
  // scipy 1.10.1 (Debian 12): mean_diff, sd_diff, t, p, ci_low, ci_high
  const std::vector<std::array<double, 6>> recorded = {
      {0.6999999999999934, 0.29597297173896975, 4.096440151864601, 0.0547442737343878, -0.03523762078324655,
       1.4352376207832334},
      {-23.953999999999997, 0.8589121026042172, -62.3611801145052, 3.960498171173806e-07, -25.020480235425154,
       -22.88751976457484},
      {0.125, 0.5303300858899106, 0.3333333333333333, 0.7951672353008665, -4.639826776162035, 4.889826776162035}};
  const auto close = [](double x, double ref) { return std::abs(x - ref) <= 1e-9 * std::max(1.0, std::abs(ref)); };
  const auto check = [&](size_t i, const std::array<double, 6>& ref) {
    const PairedTest p = paired_t_test(cases[i].first, cases[i].second);
    const std::array<double, 6> got = {p.mean_diff, p.sd_diff, p.t, p.p_value, p.ci_low, p.ci_high};
    for (size_t k = 0; k < 6; ++k)
      QVERIFY2(close(got[k], ref[k]), (std::to_string(i) + "/" + std::to_string(k) + ": " + std::to_string(got[k]) +
                                       " vs " + std::to_string(ref[k])).c_str());
  };
  for (size_t i = 0; i < cases.size(); ++i) check(i, recorded[i]);
  QVERIFY(close(student_t_cdf(-2.5, 3), 0.04385332350403277));
  QVERIFY(close(student_t_quantile(0.975, 2), 4.302652729911275));
  QVERIFY(close(student_t_quantile(0.001, 7), -4.785289628649169));
  QVERIFY(close(student_t_cdf(0.3, 30.5), 0.6168938258484776));
  // Degenerate inputs: no test, no crash.
  QVERIFY(std::isnan(paired_t_test({1.0}, {0.5}).p_value));
  QVERIFY(std::isnan(paired_t_test({1.0, 2.0}, {0.0, 1.0}).t));  // every difference equal
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, paired_t_test({1.0}, {}));

  // SciPy itself, when it is installed (packaging/install-deps.sh --bench).
  QProcess py;
  py.start("/usr/bin/python3", {QString(PLUMAGE_COMPARE_DIR) + "/paired_stats_scipy.py"});
  if (!py.waitForStarted(5000)) {
    qInfo("python3 not available: SciPy cross-check skipped (recorded values checked)");
    return;
  }
  json in = json::array();
  for (const auto& [a, b] : cases) in.push_back({a, b});
  py.write(QByteArray::fromStdString(in.dump()));
  py.closeWriteChannel();
  QVERIFY(py.waitForFinished(60000));
  if (py.exitCode() != 0) {
    qInfo("python3-scipy not installed: SciPy cross-check skipped (recorded values checked): %s",
          py.readAllStandardError().left(200).constData());
    return;
  }
  const json got = json::parse(py.readAllStandardOutput().toStdString());
  for (size_t i = 0; i < cases.size(); ++i)
    check(i, {got[i]["mean_diff"].get<double>(), got[i]["sd_diff"].get<double>(), got[i]["t"].get<double>(),
              got[i]["p"].get<double>(), got[i]["ci_low"].get<double>(), got[i]["ci_high"].get<double>()});
}

// The figures' 95 % bands over seeds: mean ± t_{0.975, n-1} · s / √n.
// Quantiles: scipy.stats.t.ppf(0.975, df) (SciPy 1.10.1); half widths: that
// quantile times statistics.stdev(values) / sqrt(n).
void TestRunner::tIntervalEqualsScipy() {
  const std::vector<std::pair<double, double>> ppf = {{1, 12.706204736174698},
                                                      {2, 4.302652729911275},
                                                      {4, 2.7764451051977987},
                                                      {9, 2.2621571627409915},
                                                      {29, 2.045229642132703}};
  for (const auto& [df, ref] : ppf) {
    const double q = student_t_quantile(0.975, df);
    QVERIFY2(std::abs(q - ref) <= 1e-9, (std::to_string(df) + ": " + std::to_string(q)).c_str());
    qInfo("t.ppf(0.975, %g): |ours - SciPy| = %.3g", df, std::abs(q - ref));
  }
  // Closed forms (df 1: tan(pi (p - 1/2)); df 2: (2p - 1) / sqrt(2p(1 - p))) to 1e-12: SciPy's
  // df = 2 value above is itself 1.6e-10 off the exact 4.302652729749464.
  QVERIFY(std::abs(student_t_quantile(0.975, 1) - std::tan(M_PI * 0.475)) <= 1e-12);
  QVERIFY(std::abs(student_t_quantile(0.975, 2) - 0.95 / std::sqrt(2 * 0.975 * 0.025)) <= 1e-12);
  const std::vector<std::pair<std::vector<double>, double>> cases = {
      {{85.07, 84.80, 85.31}, 0.6338203256116267},
      {{57.47, 58.10, 56.92, 57.80, 58.33}, 0.6872248489156103},
      {{1.0, 2.0}, 6.353102368087349}};
  for (const auto& [values, ref] : cases) {
    double mean = 0, ss = 0;
    for (double v : values) mean += v / static_cast<double>(values.size());
    for (double v : values) ss += (v - mean) * (v - mean);
    const double sd = std::sqrt(ss / static_cast<double>(values.size() - 1));
    const double half = t_interval_half_width(sd, values.size());
    QVERIFY2(std::abs(half - ref) <= 1e-9, std::to_string(half).c_str());
  }
  // One seed has no interval (the figure draws no band there), nor has bad input.
  QVERIFY(std::isnan(t_interval_half_width(0.5, 1)));
  QVERIFY(std::isnan(t_interval_half_width(0.5, 0)));
  QVERIFY(std::isnan(t_interval_half_width(-1.0, 3)));
  QCOMPARE(t_interval_half_width(0.0, 3), 0.0);
}

// Provenance: every run records the files it read (path, content hash, kind,
// CLIP model, rows), and the exports carry them.
void TestRunner::runsRecordTheFilesTheyRead() {
  const std::string dir = g_dir.path().toStdString();
  const std::string image =
      plumage::test::with_clip_model(g_fix.image, dir + "/prov_image.safetensors", "ViT-B/16", "0123456789abcdef");
  const std::string reed =
      plumage::test::with_clip_model(g_fix.reed, dir + "/prov_reed.safetensors", "ViT-B/16", "0123456789abcdef");
  json sweep = plumage::test::thesis_sweep(g_fix, {1.0, 0.5}, 1, 2);
  sweep["base"]["features"]["image"] = image;
  sweep["base"]["features"]["text"]["reed"] = reed;
  FileHashCache files;
  const SweepPlan plan = plan_sweep(sweep, ResolveOptions{}, "prov", files);
  const std::string db = db_path("provenance.sqlite");
  auto fn = [](RunContext&) -> store::RunResult {
    store::RunResult r;
    r.metrics = {{"test_top1", 0.5}};
    return r;
  };
  {
    store::RunStore s(db);
    QCOMPARE(run_sweep(s, plan, fn, quiet()).done, static_cast<int>(plan.runs.size()));
  }
  store::StoreReader r(db);
  const auto runs = r.runs();
  QCOMPARE(runs.size(), plan.runs.size());
  int with_reed = 0;
  for (const auto& run : runs) {
    std::map<std::string, store::FeatureSetInfo> by_role;
    for (auto& [role, f] : r.run_inputs(run.id)) by_role[role] = f;
    // Every file of the config, none other.
    std::set<std::string> roles;
    for (const auto& [role, f] : by_role) roles.insert(role);
    std::set<std::string> want{"features.image"};
    for (const auto& [src, p] : run.config["features"]["text"].items()) want.insert("features.text." + src);
    if (run.config["features"].contains("class_text")) want.insert("features.class_text");
    QCOMPARE(roles, want);
    const store::FeatureSetInfo& img = by_role.at("features.image");
    QCOMPARE(img.path, image);
    QCOMPARE(img.content_hash, files.hash(image));
    QCOMPARE(img.kind, std::string("image"));
    QCOMPARE(img.weights_hash, std::string("0123456789abcdef"));
    QVERIFY2(img.model.find("ViT-B/16") != std::string::npos, img.model.c_str());
    QCOMPARE(img.rows, static_cast<int64_t>(4 * (10 + 6)));  // the fixture's train + test images
    if (by_role.count("features.text.reed")) {
      ++with_reed;
      const store::FeatureSetInfo& t = by_role.at("features.text.reed");
      QCOMPARE(t.kind, std::string("text"));
      QCOMPARE(t.content_hash, files.hash(reed));
      QCOMPARE(t.rows, static_cast<int64_t>(4 * 10 * 2));  // two captions per training image
    }
  }
  QVERIFY(with_reed > 0);
  // One feature set per file, shared by the runs.
  QCOMPARE(r.feature_sets().size(), size_t(4));  // image, reed, llm, class text
  // Exports and `runs inputs` carry them.
  std::istringstream lines(export_runs_jsonl(r, 0));
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    const json j = json::parse(line);
    QVERIFY(j["inputs"].is_array() && !j["inputs"].empty());
    ++n;
  }
  QCOMPARE(n, static_cast<int>(runs.size()));
  const std::string text = export_inputs(r, runs.front().key, false);
  QVERIFY2(text.find(image) != std::string::npos && text.find("ViT-B/16") != std::string::npos, text.c_str());
}

// Tests over test images: McNemar's exact p equals SciPy's binomtest; the
// bootstrap behaves at its edges; real runs store per-image predictions that
// agree with their accuracy and pair image by image.
void TestRunner::imageLevelTestsEqualScipyAndPairByImage() {
  const std::vector<std::pair<int64_t, int64_t>> cases = {{0, 0},     {3, 4},       {10, 2},  {0, 7},
                                                          {120, 95}, {1500, 1410}, {31, 12}};
  // scipy 1.10.1 (Debian 12): binomtest(b, b + c, 0.5).pvalue
  const std::vector<double> recorded = {1.0, 1.0, 0.03857421875, 0.015625, 0.10145232764870683, 0.09895771162174942,
                                        0.005401572654591291};
  const auto close = [](double x, double ref) { return std::abs(x - ref) <= 1e-9 * std::max(1.0, std::abs(ref)); };
  const auto mcnemar_of = [](int64_t b, int64_t c) {
    // b images right in A only, c in B only, and 5 right in both.
    std::vector<uint8_t> xa, xb;
    for (int64_t i = 0; i < b; ++i) xa.push_back(1), xb.push_back(0);
    for (int64_t i = 0; i < c; ++i) xa.push_back(0), xb.push_back(1);
    for (int i = 0; i < 5; ++i) xa.push_back(1), xb.push_back(1);
    return mcnemar_exact(xa, xb);
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    const McNemarTest m = mcnemar_of(cases[i].first, cases[i].second);
    QCOMPARE(m.a_only, cases[i].first);
    QCOMPARE(m.b_only, cases[i].second);
    QVERIFY2(close(m.p_value, recorded[i]), (std::to_string(i) + ": " + std::to_string(m.p_value)).c_str());
  }
  QProcess py;
  py.start("/usr/bin/python3", {QString(PLUMAGE_COMPARE_DIR) + "/mcnemar_scipy.py"});
  if (py.waitForStarted(5000)) {
    json in = json::array();
    for (const auto& [b, c] : cases) in.push_back({b, c});
    py.write(QByteArray::fromStdString(in.dump()));
    py.closeWriteChannel();
    QVERIFY(py.waitForFinished(60000));
    if (py.exitCode() == 0) {
      const json got = json::parse(py.readAllStandardOutput().toStdString());
      for (size_t i = 0; i < cases.size(); ++i)
        QVERIFY(close(mcnemar_of(cases[i].first, cases[i].second).p_value, got[i].get<double>()));
    } else {
      qInfo("python3-scipy not installed: SciPy cross-check skipped (recorded values checked)");
    }
  }

  // Bootstrap edges: no difference; a certain one; the same numbers twice.
  const std::vector<std::vector<uint8_t>> same = {{1, 0, 1, 1}, {0, 1, 1, 0}};
  BootstrapTest none = paired_bootstrap(same, same, 500);
  QCOMPARE(none.mean_diff, 0.0);
  QCOMPARE(none.ci_low, 0.0);
  QCOMPARE(none.ci_high, 0.0);
  QCOMPARE(none.p_value, 1.0);
  const std::vector<std::vector<uint8_t>> right(2, std::vector<uint8_t>(40, 1)), wrong(2, std::vector<uint8_t>(40, 0));
  const BootstrapTest all = paired_bootstrap(right, wrong, 500);
  QCOMPARE(all.mean_diff, 1.0);
  QCOMPARE(all.ci_low, 1.0);
  QCOMPARE(all.p_value, 0.0);
  std::vector<std::vector<uint8_t>> noisy_a(3), noisy_b(3);
  for (int s = 0; s < 3; ++s)
    for (int i = 0; i < 200; ++i) {
      noisy_a[s].push_back(static_cast<uint8_t>((i * 7 + s) % 10 < 6));
      noisy_b[s].push_back(static_cast<uint8_t>((i * 3 + s) % 10 < 5));
    }
  const BootstrapTest b1 = paired_bootstrap(noisy_a, noisy_b, 2000, 7), b2 = paired_bootstrap(noisy_a, noisy_b, 2000, 7);
  QCOMPARE(b1.ci_low, b2.ci_low);
  QVERIFY(b1.ci_low <= b1.mean_diff && b1.mean_diff <= b1.ci_high);
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, paired_bootstrap(noisy_a, wrong, 100));

  // Real runs: predictions stored, consistent with the accuracy, paired by image.
  const SweepPlan plan = small_plan(2, 4);
  const std::string db = db_path("images.sqlite");
  {
    store::RunStore s(db);
    QCOMPARE(run_sweep(s, plan, make_engine_run_function(), quiet()).done, 12);
  }
  store::StoreReader r(db);
  for (const auto& run : r.runs()) {
    const auto res = r.result(run.id);
    const json& p = res->predictions;
    QVERIFY2(p.is_object(), run.key.c_str());
    const auto ids = p["image_ids"].get<std::vector<int64_t>>();
    const auto labels = p["labels"].get<std::vector<int64_t>>(), pred = p["predicted"].get<std::vector<int64_t>>();
    QCOMPARE(ids.size(), size_t(4 * 6));  // the fixture's test images
    int right_count = 0;
    for (size_t i = 0; i < ids.size(); ++i) right_count += labels[i] == pred[i];
    QVERIFY(close(right_count / 24.0, res->metrics["test_top1"].get<double>()));
  }
  const ResultsTable t = build_results_table(r, r.find_sweep("fixture-thesis")->id, TableQuery{});
  const auto rows = compare_columns_by_image(r, t, find_column(t, "+ Reed captions"), find_column(t, "+ LLM descriptions"), 1000);
  QCOMPARE(rows.size(), size_t(2));  // (50, 50) and (0, 100): the rows where both exist
  for (const auto& rc : rows) {
    QCOMPARE(rc.seeds, (std::vector<int64_t>{0, 1}));
    QCOMPARE(rc.pooled.images, size_t(24));
    for (const auto& m : rc.per_seed) QCOMPARE(m.images, int64_t(24));
  }
  // The CLI prints both tests.
  QProcess cli;
  cli.start(QString(PLUMAGE_CLI_PATH), {"runs", "compare", "--db", QString::fromStdString(db), "--sweep", "fixture-thesis",
                                        "--columns-compared", "+ Reed captions", "+ LLM descriptions", "--images",
                                        "--resamples", "500"});
  QVERIFY(cli.waitForFinished(60000));
  const QString out = QString::fromUtf8(cli.readAllStandardOutput());
  QVERIFY2(cli.exitCode() == 0 && out.contains("McNemar") && out.contains("bootstrap (24 images x 2 seeds)"),
           qPrintable(out + cli.readAllStandardError()));
}

namespace {
std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}
}  // namespace

// † markers: "+ LLM" beats image only by ~5 points at every seed, "+ Reed"
// differs by noise only, and at (25, 75) only one Reed seed finished. Marks
// sit exactly where compare_columns' p-value is below 0.05, every format
// carries them, and the CLI prints the same JSON.
void TestRunner::significanceMarksFollowThePairedTest() {
  auto fn = [](RunContext& ctx) -> store::RunResult {
    const json& c = *ctx.config;
    const int seed = c.at("seed").get<int>();
    const std::string src = c.at("text_source").get<std::string>();
    if (src == "reed" && c.at("image_ratio") == 0.25 && seed > 0) throw std::runtime_error("NaN loss: test");
    const double jitter_llm[] = {0.002, -0.001, 0.003}, jitter_reed[] = {0.004, -0.006, 0.001};
    store::RunResult r;
    r.metrics = {{"test_top1", 0.5 + 0.1 * c.at("image_ratio").get<double>() + 0.013 * seed +
                                    (src == "llm" ? 0.05 + jitter_llm[seed] : src == "reed" ? jitter_reed[seed] : 0.0)}};
    return r;
  };
  json sweep = plumage::test::thesis_sweep(g_fix, {1.0, 0.5, 0.25}, 3, 2);
  sweep["name"] = "marks";
  FileHashCache files;
  const std::string db = db_path("marks.sqlite");
  {
    store::RunStore s(db);
    run_sweep(s, plan_sweep(sweep, ResolveOptions{}, "m1", files), fn, quiet());
  }
  store::StoreReader r(db);
  const ResultsTable t = sweep_results_table(r, require_sweep(r, "marks"));
  QCOMPARE(t.row_labels, (std::vector<std::string>{"(100, 0)", "(50, 50)", "(25, 75)"}));
  const std::size_t img = find_column(t, "Image only"), reed = find_column(t, "+ Reed captions"),
                    llm = find_column(t, "+ LLM descriptions");
  const SignificanceMarks m = significance_vs(r, t, img);
  QCOMPARE(m.column_label, std::string("Image only"));
  // The p-values are compare_columns' (checked against SciPy above), bit for bit.
  const auto llm_cmp = compare_columns(r, t, llm, img), reed_cmp = compare_columns(r, t, reed, img);
  QCOMPARE(llm_cmp.size(), size_t(2));
  for (std::size_t i = 0; i < 2; ++i) {
    const CellSignificance& s = m.cells[i + 1][llm];
    QVERIFY(s.tested && s.significant);
    QCOMPARE(s.pairs, size_t(3));
    QCOMPARE(s.p_value, llm_cmp[i].test.p_value);
    QCOMPARE(s.mean_diff, llm_cmp[i].test.mean_diff);
    QVERIFY(s.p_value < 1e-3);
  }
  const CellSignificance& reed50 = m.cells[1][reed];
  QVERIFY(reed50.tested && !reed50.significant);
  QCOMPARE(reed50.p_value, reed_cmp[0].test.p_value);
  QVERIFY(reed50.p_value > 0.5);
  const CellSignificance& reed25 = m.cells[2][reed];  // one finished seed: no test, and it says so
  QVERIFY(!reed25.tested && !reed25.significant);
  QCOMPARE(reed25.pairs, size_t(1));
  QVERIFY2(reed25.reason.find("fewer than 2 paired seeds") != std::string::npos, reed25.reason.c_str());
  QCOMPARE(m.cells[1][img].reason, std::string("reference column"));
  QCOMPARE(m.cells[0][llm].reason, std::string("no cell"));

  // Every format: exactly the two + LLM cells, and the test named.
  const std::string tex = table_to_latex(t, "Accuracy.", true, false, &m), md = table_to_markdown(t, false, &m),
                    csv = table_to_csv(t, &m);
  QCOMPARE(count_of(tex, "$^\\dagger$"), size_t(3));  // two cells and the caption
  QVERIFY2(tex.find("\\caption{Accuracy. $^\\dagger$ p \\textless{} 0.05 against Image only in the same row "
                    "(Student's paired t-test over seeds, two-sided).}") != std::string::npos,
           tex.c_str());
  QVERIFY2(tex.find(format_cell(t.cells[1][llm], true, "$^\\dagger$")) != std::string::npos, tex.c_str());
  QCOMPARE(count_of(md, "†"), size_t(3));  // two cells and the legend line
  QCOMPARE(count_of(table_to_markdown(t), "†"), size_t(0));
  QVERIFY2(md.find("Student's paired t-test over seeds") != std::string::npos, md.c_str());
  char p[64];
  std::snprintf(p, sizeof p, "%.17g", m.cells[1][llm].p_value);
  QVERIFY2(csv.find(std::string(",Image only,3,") ) != std::string::npos && csv.find(std::string(",") + p + ",1,\n") != std::string::npos,
           csv.c_str());
  QVERIFY2(csv.find(",Image only,1,") != std::string::npos && csv.find("fewer than 2 paired seeds (1)") != std::string::npos,
           csv.c_str());
  const json j = json::parse(table_to_json(t, &m));
  int marked = 0;
  for (const auto& cell : j["cells"]) {
    const json& s = cell["significance"];
    if (s["marked"].get<bool>()) {
      ++marked;
      QCOMPARE(cell["column"].get<std::string>(), std::string("+ LLM descriptions"));
      QVERIFY(cell["text"].get<std::string>().find("†") != std::string::npos);
    }
    if (cell["row"] == "(50, 50)" && cell["column"] == "+ Reed captions")
      QCOMPARE(s["p"].get<double>(), reed50.p_value);
    if (cell["row"] == "(25, 75)" && cell["column"] == "+ Reed captions") QVERIFY(s["p"].is_null());
  }
  QCOMPARE(marked, 2);

  // The combined table marks each side within itself.
  const CombinedTable ct = combine_tables(t, t, "a", "b");
  const CombinedMarks cm = combined_significance_vs(r, ct, "Image only");
  QCOMPARE(combined_mark(ct, &cm, true, 1, llm)->p_value, m.cells[1][llm].p_value);
  const std::string cmd = combined_to_markdown(ct, &cm);
  QCOMPARE(count_of(cmd, "†"), size_t(5));  // both sides of two cells, and the legend
  QVERIFY(combined_to_csv(ct, &cm).find(std::string(",") + p + ",1,") != std::string::npos);
  QVERIFY(combined_to_latex(ct, "", true, &cm).find("paired t-test") != std::string::npos);

  // The CLI prints the same JSON, and names the columns when one is unknown.
  QProcess cli;
  cli.start(PLUMAGE_CLI_PATH, {"runs", "table", "--db", QString::fromStdString(db), "--sweep", "marks", "--format",
                               "json", "--mark-vs", "Image only"});
  QVERIFY(cli.waitForFinished(60000));
  QCOMPARE(cli.exitCode(), 0);
  QCOMPARE(cli.readAllStandardOutput().toStdString(), table_to_json(t, &m));
  cli.start(PLUMAGE_CLI_PATH, {"runs", "table", "--db", QString::fromStdString(db), "--sweep", "marks", "--mark-vs", "+ GPT-5"});
  QVERIFY(cli.waitForFinished(60000));
  QCOMPARE(cli.exitCode(), 2);
  const QString err = QString::fromUtf8(cli.readAllStandardError());
  QVERIFY2(err.contains("--mark-vs") && err.contains("+ LLM descriptions"), qPrintable(err));
}

// plumage-cli end to end: bad configs refused before anything runs; a sweep
// killed with SIGKILL (several times, mid-run and mid-write) and resumed; a
// Slurm array executed locally task by task and merged.
#include "tst_experiment_classes.h"

#include "experiment_fixture.h"
#include "core/store/run_store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <chrono>
#include <functional>
#include <thread>

using nlohmann::json;

namespace {

QTemporaryDir g_dir;
plumage::test::Fixture g_fix;

struct Result {
  int code = -1;
  QString out, err;
};

Result cli(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
           const QString& program = PLUMAGE_CLI_PATH) {
  QProcess p;
  p.setProcessEnvironment(env);
  p.start(program, args);
  p.waitForFinished(120000);
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
          p.readAllStandardError()};
}

long long query(const std::string& db, const std::string& sql) {
  SQLite::Database d(db, SQLite::OPEN_READONLY, 10000);
  SQLite::Statement q(d, sql);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

QString write_config(const std::string& name, const json& j) {
  const std::string path = g_fix.dir + "/" + name;
  plumage::test::write_json(path, j);
  return QString::fromStdString(path);
}

std::string tmp(const char* name) { return g_dir.path().toStdString() + "/" + name; }

}  // namespace

void TestSweepCli::initTestCase() {
  QVERIFY(g_dir.isValid());
  g_fix = plumage::test::write_fixture(g_dir.path().toStdString());
  QVERIFY2(std::filesystem::exists(PLUMAGE_CLI_PATH), PLUMAGE_CLI_PATH);
}

void TestSweepCli::badConfigsAreRejectedBeforeAnyRun() {
  struct Case {
    const char* name;
    std::function<void(json&)> spoil;
    std::string expect;
  };
  const std::vector<Case> cases = {
      {"unknown-key.json", [](json& j) { j["base"]["adapter"]["epoch"] = 3; }, "adapter.epoch: unknown key"},
      {"ratio.json", [](json& j) { j["grid"]["image_ratio"] = {1.0, 1.1}; }, "image_ratio: 1.1 is outside [0, 1]"},
      {"missing-file.json", [](json& j) { j["base"]["features"]["image"] = "gone.safetensors"; },
       "features.image: file not found: " + g_fix.dir + "/gone.safetensors"},
      {"class.json", [](json& j) { j["base"]["per_class_ratios"] = {{"042.Phoenix", 0.5}}; },
       "per_class_ratios.042.Phoenix: no class '042.Phoenix' in features.image"},
  };
  for (const auto& c : cases) {
    json j = plumage::test::thesis_sweep(g_fix, {1.0, 0.5}, 1, 3);
    c.spoil(j);
    const std::string db = tmp((std::string(c.name) + ".sqlite").c_str());
    const Result r = cli({"sweep", "--config", write_config(c.name, j), "--db", QString::fromStdString(db)});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.toStdString().find(c.expect) != std::string::npos, qPrintable(r.err));
    QVERIFY2(!std::filesystem::exists(db), "a store was created for a rejected config");
  }
}

void TestSweepCli::sigkillMidSweepThenResumeCompletes() {
  constexpr int kEpochs = 300;
  const json sweep = plumage::test::thesis_sweep(g_fix, {1.0, 0.75, 0.5, 0.25, 0.0}, 2, kEpochs);
  const QString cfg = write_config("crash.json", sweep);
  const std::string db = tmp("crash.sqlite");
  const QStringList args = {"sweep", "--config", cfg, "--db", QString::fromStdString(db), "--device", "cpu",
                            "--heartbeat", "0.1"};
  constexpr long long kRuns = 24;  // 5 ratios × 3 sources × 2 seeds − 6 excluded corners
  long long done_before = 0;
  // Three kills: at the start of the sweep, a little later, and later still.
  for (int kill_round = 0; kill_round < 3; ++kill_round) {
    QProcess p;
    p.start(PLUMAGE_CLI_PATH, kill_round == 0 ? args : args + QStringList{"--resume"});
    QVERIFY(p.waitForStarted());
    const auto t0 = std::chrono::steady_clock::now();
    long long done = 0;
    while (std::chrono::steady_clock::now() - t0 < std::chrono::seconds(60)) {
      if (std::filesystem::exists(db)) {
        try {
          done = query(db, "SELECT COUNT(*) FROM runs WHERE status = 'DONE'");
        } catch (const std::exception&) {
          done = 0;  // schema not created yet
        }
        if (done >= done_before + 2 + kill_round) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(17 * kill_round));
    // Kill while a run is RUNNING (runs take milliseconds here; between two
    // runs there would be nothing to interrupt).
    for (int i = 0; i < 500 && query(db, "SELECT COUNT(*) FROM runs WHERE status = 'RUNNING'") == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
    QVERIFY(p.waitForFinished());
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);
    done_before = query(db, "SELECT COUNT(*) FROM runs WHERE status = 'DONE'");
    QVERIFY2(done_before < kRuns, "the sweep finished before the kill; make the runs longer");
    QCOMPARE(query(db, "SELECT COUNT(*) FROM runs"), kRuns);
  }
  // Without --resume a started sweep is not silently continued.
  Result refused = cli(args);
  QCOMPARE(refused.code, 2);
  QVERIFY2(refused.err.contains("--resume"), qPrintable(refused.err));

  // What the last kill left RUNNING is marked INTERRUPTED on resume (the run
  // may have ended in the instant between the check above and the kill).
  const long long left_running = query(db, "SELECT COUNT(*) FROM runs WHERE status = 'RUNNING'");
  Result resumed = cli(args + QStringList{"--resume"});
  QVERIFY2(resumed.code == 0, qPrintable(resumed.out + resumed.err));
  if (left_running > 0) QVERIFY2(resumed.out.contains("marked INTERRUPTED"), qPrintable(resumed.out));
  QCOMPARE(query(db, "SELECT COUNT(*) FROM runs"), kRuns);
  QCOMPARE(query(db, "SELECT COUNT(*) FROM runs WHERE status = 'DONE'"), kRuns);
  QCOMPARE(query(db, "SELECT COUNT(DISTINCT key) FROM runs"), kRuns);
  QCOMPARE(query(db, "SELECT COUNT(*) FROM results"), kRuns);
  // One row per (run, key, step), and every run has exactly its epochs.
  QCOMPARE(query(db, "SELECT COUNT(*) FROM (SELECT 1 FROM metrics GROUP BY run_id, key, step HAVING COUNT(*) > 1)"), 0LL);
  QCOMPARE(query(db, "SELECT COUNT(*) FROM metrics WHERE key = 'train_loss'"), kRuns * kEpochs);
  QCOMPARE(query(db, "SELECT COUNT(*) FROM (SELECT run_id FROM metrics WHERE key = 'train_loss' GROUP BY run_id "
                     "HAVING COUNT(*) = " + std::to_string(kEpochs) + ")"), kRuns);
  SQLite::Database d(db, SQLite::OPEN_READONLY);
  QCOMPARE(d.execAndGet("PRAGMA integrity_check").getString(), std::string("ok"));
  QVERIFY(query(db, "SELECT MAX(attempts) FROM runs") >= 2);  // interrupted runs were re-run
}

void TestSweepCli::slurmArrayRunLocallyThenMerged() {
  const json sweep = plumage::test::thesis_sweep(g_fix, {1.0, 0.5, 0.0}, 2, 5);
  const QString cfg = write_config("slurm.json", sweep);
  const QString dir = QString::fromStdString(tmp("slurm"));
  Result emit = cli({"sweep", "--config", cfg, "--emit-slurm", dir, "--chunk", "5", "--gres", "gpu:a100:1", "--time",
                     "00:30:00"});
  QVERIFY2(emit.code == 0, qPrintable(emit.err));
  const QString script = dir + "/plumage-sweep.sbatch";
  QVERIFY(QFile::exists(script));
  Result syntax = cli({"-n", script}, QProcessEnvironment::systemEnvironment(), "bash");
  QVERIFY2(syntax.code == 0, qPrintable(syntax.err));
  QFile f(script);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QString text = f.readAll();
  QVERIFY(text.contains("#SBATCH --array=0-2\n"));
  QVERIFY(text.contains("#SBATCH --gres=gpu:a100:1\n"));
  QVERIFY(text.contains("#SBATCH --time=00:30:00\n"));

  QStringList stores;
  for (int task = 0; task < 3; ++task) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("SLURM_ARRAY_TASK_ID", QString::number(task));
    env.insert("PLUMAGE_CLI", PLUMAGE_CLI_PATH);
    env.insert("TMPDIR", QString::fromStdString(tmp("")));
    Result r = cli({script}, env, "bash");
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    const QString store = dir + QString("/stores/task-%1.sqlite").arg(task, 4, 10, QChar('0'));
    QVERIFY2(QFile::exists(store), qPrintable(store));
    stores << store;
  }
  const QString merged = QString::fromStdString(tmp("merged.sqlite"));
  Result m1 = cli(QStringList{"runs", "merge", "--into", merged} + stores);
  QVERIFY2(m1.code == 0, qPrintable(m1.err));
  QCOMPARE(query(merged.toStdString(), "SELECT COUNT(*) FROM runs WHERE status = 'DONE'"), 12LL);
  QCOMPARE(query(merged.toStdString(), "SELECT COUNT(*) FROM sweeps"), 1LL);
  QCOMPARE(query(merged.toStdString(), "SELECT COUNT(*) FROM sweep_runs"), 12LL);
  const long long metric_rows = query(merged.toStdString(), "SELECT COUNT(*) FROM metrics");
  Result m2 = cli(QStringList{"runs", "merge", "--into", merged} + stores);  // idempotent
  QVERIFY(m2.out.contains("0 runs added, 0 replaced, 5 kept"));
  QCOMPARE(query(merged.toStdString(), "SELECT COUNT(*) FROM metrics"), metric_rows);

  // The same sweep on one machine gives the same table (CPU runs are deterministic).
  const QString single = QString::fromStdString(tmp("single.sqlite"));
  Result s = cli({"sweep", "--config", cfg, "--db", single, "--jobs", "2"});
  QVERIFY2(s.code == 0, qPrintable(s.out + s.err));
  Result t1 = cli({"runs", "table", "--db", merged, "--sweep", "fixture-thesis", "--format", "markdown"});
  Result t2 = cli({"runs", "table", "--db", single, "--sweep", "fixture-thesis", "--format", "markdown"});
  QVERIFY2(t1.code == 0, qPrintable(t1.err));
  QCOMPARE(t1.out, t2.out);
  QVERIFY2(t1.out.contains("| (100, 0) |") && t1.out.contains("| — |"), qPrintable(t1.out));
  Result latex = cli({"runs", "table", "--db", merged, "--sweep", "1", "--format", "latex"});
  QVERIFY(latex.out.contains("\\toprule") && latex.out.contains("\\end{document}"));
  // The default caption's ± is math, not escaped text.
  QVERIFY2(latex.out.contains("mean $\\pm$ std over 2 seeds. Sweep: fixture-thesis.}"), qPrintable(latex.out));
}

// train-adapter --plan-out: written atomically (no temporary file left), the
// stored plan exactly; a destination that cannot be written is exit code 2
// with a message naming it, not a silent loss.
void TestSweepCli::trainAdapterPlanOutIsWrittenAtomically() {
  const QString store = QString::fromStdString(tmp("plan-out.sqlite"));
  const QString plan = QString::fromStdString(tmp("plan-out")) + "/plan.json";
  QVERIFY(QDir().mkpath(QString::fromStdString(tmp("plan-out"))));
  const QStringList base = {"train-adapter",
                            "--images",
                            QString::fromStdString(g_fix.image),
                            "--texts",
                            QString::fromStdString(g_fix.reed),
                            "--text-source",
                            "reed",
                            "--image-ratio",
                            "0.5",
                            "--epochs",
                            "2",
                            "--device",
                            "cpu",
                            "--store",
                            store,
                            "--quiet"};
  Result r = cli(base + QStringList{"--plan-out", plan});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  QFile f(plan);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const json written = json::parse(f.readAll().toStdString());
  SQLite::Database d(store.toStdString(), SQLite::OPEN_READONLY);
  QCOMPARE(written.dump(), json::parse(d.execAndGet("SELECT plan FROM runs").getString()).dump());
  QCOMPARE(QDir(QString::fromStdString(tmp("plan-out"))).entryList(QDir::Files), QStringList{"plan.json"});

  const QString bad = QString::fromStdString(tmp("no-such-folder")) + "/plan.json";
  Result e = cli(base + QStringList{"--plan-out", bad});
  QCOMPARE(e.code, 2);
  QVERIFY2(e.err.contains("cannot write --plan-out: " + bad + ".tmp-"), qPrintable(e.err));
}

void TestSweepCli::storeWriteFailureExitsWithTheReason() {
  struct Case {
    const char* name;
    const char* jobs;
    const char* trigger;  // the store refuses this write
    const char* reason;
  };
  const std::vector<Case> cases = {
      {"results-jobs2", "2",
       "CREATE TRIGGER refuse BEFORE INSERT ON results BEGIN SELECT RAISE(ABORT, 'no room for results'); END",
       "no room for results"},
      {"metrics-jobs1", "1",
       "CREATE TRIGGER refuse BEFORE INSERT ON metrics BEGIN SELECT RAISE(ABORT, 'no room for metrics'); END",
       "no room for metrics"},
  };
  const QString cfg = write_config("refused.json", plumage::test::thesis_sweep(g_fix, {1.0, 0.5}, 2, 3));
  for (const Case& c : cases) {
    const std::string db = tmp((std::string(c.name) + ".sqlite").c_str());
    { plumage::store::RunStore schema(db); }
    {
      SQLite::Database d(db, SQLite::OPEN_READWRITE);
      d.exec(c.trigger);
    }
    const Result r = cli({"sweep", "--config", cfg, "--db", QString::fromStdString(db), "--device", "cpu", "--jobs",
                          c.jobs});
    // A clean exit (not abort, not 0) that says why.
    QVERIFY2(r.code == 1, qPrintable(c.name + QString(": exit ") + QString::number(r.code) + "\n" + r.err));
    QVERIFY2(r.err.contains("plumage-cli: the store refused a write; the sweep stopped: " + QString::fromStdString(db)),
             qPrintable(r.err));
    QVERIFY2(r.err.contains(c.reason), qPrintable(r.err));
    QCOMPARE(query(db, "SELECT COUNT(*) FROM runs WHERE status IN ('DONE', 'RUNNING')"), 0LL);
    const long long failed =
        query(db, "SELECT COUNT(*) FROM runs WHERE status = 'FAILED' AND error LIKE '%" + std::string(c.reason) + "%'");
    QVERIFY2(failed >= 1 && failed <= std::stoi(c.jobs), c.name);
  }
  // train-adapter (one experiment through the same runner) maps it alike.
  const std::string db = tmp("refused-train.sqlite");
  { plumage::store::RunStore schema(db); }
  {
    SQLite::Database d(db, SQLite::OPEN_READWRITE);
    d.exec(cases[1].trigger);
  }
  const Result r = cli({"train-adapter", "--images", QString::fromStdString(g_fix.image), "--epochs", "2", "--device",
                        "cpu", "--store", QString::fromStdString(db), "--quiet"});
  QVERIFY2(r.code == 1, qPrintable("exit " + QString::number(r.code) + "\n" + r.err));
  QVERIFY2(r.err.contains("plumage-cli: the store refused a write: ") && r.err.contains(cases[1].reason),
           qPrintable(r.err));
  QCOMPARE(query(db, "SELECT COUNT(*) FROM runs WHERE status = 'FAILED'"), 1LL);
}

// Issue 15, item 2: deep JSON given to the CLI is an input error (exit 2)
// naming the file, before a store exists.
void TestSweepCli::deepJsonInputsExitTwo() {
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  const std::string path = tmp("deep-sweep.json");
  std::ofstream(path) << "{\"grid\": " << deep << "}";
  const std::string db = tmp("deep.sqlite");
  Result r = cli({"sweep", "--config", QString::fromStdString(path), "--db", QString::fromStdString(db)});
  QCOMPARE(r.code, 2);
  QVERIFY2(r.err.contains(QString::fromStdString(path) + ": line 1, column 73: JSON nested deeper than 64 levels at byte 72"),
           qPrintable(r.err));
  QVERIFY(!std::filesystem::exists(db));
  const std::string adapter = tmp("deep-adapter.json");
  std::ofstream(adapter) << deep;
  r = cli({"train-adapter", "--config", QString::fromStdString(adapter), "--images", "x.safetensors"});
  QCOMPARE(r.code, 2);
  QVERIFY2(r.err.contains(QString::fromStdString(adapter) + ":1: JSON nested deeper than 64 levels at byte 64"),
           qPrintable(r.err));
}

namespace {

// The fixture's files as made by two CLIP models (different weights hashes).
struct TwoModels {
  std::string b16_image, b16_reed, b32_image, b32_reed;
};

TwoModels two_models() {
  using plumage::test::with_clip_model;
  const std::string a = "aaaa1111bbbb2222", b = "cccc3333dddd4444";
  return {with_clip_model(g_fix.image, tmp("b16_image.safetensors"), "ViT-B/16", a),
          with_clip_model(g_fix.reed, tmp("b16_reed.safetensors"), "ViT-B/16", a),
          with_clip_model(g_fix.image, tmp("b32_image.safetensors"), "ViT-B/32", b),
          with_clip_model(g_fix.reed, tmp("b32_reed.safetensors"), "ViT-B/32", b)};
}

// The refusal names both files and both models.
void expect_mix_named(const Result& r, const std::string& one, const std::string& other) {
  QCOMPARE(r.code, 2);
  const std::string err = r.err.toStdString();
  for (const std::string& s : {one, other, std::string("ViT-B/16"), std::string("ViT-B/32")})
    QVERIFY2(err.find(s) != std::string::npos, qPrintable("'" + QString::fromStdString(s) + "' not in: " + r.err));
}

}  // namespace

// Image features of one CLIP model with text features (or a converter) of
// another: refused with exit code 2 before anything runs, in a sweep,
// train-adapter and train-converter.
void TestSweepCli::mixedClipModelsAreRefused() {
  const TwoModels m = two_models();
  // sweep
  json sweep = plumage::test::thesis_sweep(g_fix, {1.0, 0.5}, 1, 2);
  sweep["base"]["features"]["image"] = m.b16_image;
  sweep["base"]["features"]["text"]["reed"] = m.b32_reed;
  sweep["base"]["features"]["text"].erase("llm");
  sweep["grid"]["text_source"] = {"none", "reed"};
  const std::string db = tmp("mixed-sweep.sqlite");
  Result r = cli({"sweep", "--config", write_config("mixed-sweep.json", sweep), "--db", QString::fromStdString(db)});
  expect_mix_named(r, m.b32_reed, m.b16_image);
  QVERIFY2(!std::filesystem::exists(db), "a store was created for a refused sweep");

  // train-adapter with raw text features
  const QString store = QString::fromStdString(tmp("mixed.sqlite"));
  const QStringList adapter = {"train-adapter", "--image-ratio", "0.5", "--epochs", "2", "--device", "cpu",
                               "--store",       store,           "--quiet"};
  r = cli(adapter + QStringList{"--images", QString::fromStdString(m.b16_image), "--texts",
                                QString::fromStdString(m.b32_reed)});
  expect_mix_named(r, m.b32_reed, m.b16_image);

  // train-converter
  const std::string conv = tmp("mixed-conv.safetensors");
  const QStringList converter = {"train-converter", "--kind", "ridge", "--device", "cpu", "--store", store, "--quiet"};
  r = cli(converter + QStringList{"--images", QString::fromStdString(m.b16_image), "--texts",
                                  QString::fromStdString(m.b32_reed), "--out", QString::fromStdString(conv)});
  expect_mix_named(r, m.b32_reed, m.b16_image);
  QVERIFY(!std::filesystem::exists(conv));

  // train-adapter with a converter trained on the other model's features
  const std::string conv32 = tmp("b32-conv.safetensors");
  r = cli(converter + QStringList{"--images", QString::fromStdString(m.b32_image), "--texts",
                                  QString::fromStdString(m.b32_reed), "--out", QString::fromStdString(conv32)});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  r = cli(adapter + QStringList{"--images", QString::fromStdString(m.b16_image), "--texts",
                                QString::fromStdString(m.b16_reed), "--converter", QString::fromStdString(conv32)});
  expect_mix_named(r, conv32, m.b16_image);
  // ... and with its own model's features it runs.
  r = cli(adapter + QStringList{"--images", QString::fromStdString(m.b32_image), "--texts",
                                QString::fromStdString(m.b32_reed), "--converter", QString::fromStdString(conv32)});
  QVERIFY2(r.code == 0, qPrintable(r.err));
}

// The checkpoint says what it was trained on: training images only by
// default, test images only with --include-test-images; the files' hashes.
void TestSweepCli::converterRecordsItsTrainingData() {
  const QString store = QString::fromStdString(tmp("record.sqlite"));
  const QStringList base = {"train-converter", "--kind", "ridge", "--device", "cpu", "--store", store, "--quiet",
                            "--json", "--images", QString::fromStdString(g_fix.image), "--texts",
                            QString::fromStdString(g_fix.reed)};
  Result r = cli(base + QStringList{"--out", QString::fromStdString(tmp("clean.safetensors"))});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  json j = json::parse(r.out.toStdString());
  QCOMPARE(j["training_data"]["split"].get<std::string>(), std::string("train"));
  QCOMPARE(j["config"]["include_test_images"].get<bool>(), false);
  QVERIFY(j["training_data"]["image_hash"].get<std::string>().rfind("sha256:", 0) == 0);
  QVERIFY(j["training_data"]["text_hash"].get<std::string>().rfind("sha256:", 0) == 0);
  QCOMPARE(j["training_data"]["image_file"].get<std::string>(), std::filesystem::absolute(g_fix.image).string());
  QVERIFY(j["training_data"]["train_pairs"].get<int64_t>() > 0);
  // A note says the fixture's files carry no CLIP weights hash.
  QVERIFY2(r.err.contains("records no CLIP weights hash"), qPrintable(r.err));

  r = cli(base + QStringList{"--out", QString::fromStdString(tmp("leaky.safetensors")), "--include-test-images"});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  j = json::parse(r.out.toStdString());
  QCOMPARE(j["training_data"]["split"].get<std::string>(), std::string("train+test"));
  QCOMPARE(j["config"]["include_test_images"].get<bool>(), true);
  // Choosing it for an adapter says so.
  r = cli({"train-adapter", "--images", QString::fromStdString(g_fix.image), "--texts", QString::fromStdString(g_fix.reed),
           "--converter", QString::fromStdString(tmp("leaky.safetensors")), "--image-ratio", "0.5", "--epochs", "2",
           "--device", "cpu", "--store", store, "--quiet"});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  QVERIFY2(r.err.contains("was trained on test images too"), qPrintable(r.err));
}

// Experiment and sweep configs: every problem rejected with its key named.
#include "tst_experiment_classes.h"

#include "experiment_fixture.h"
#include "core/data/file_util.h"
#include "core/data/sha256.h"
#include "core/experiment/experiment_config.h"
#include "core/experiment/sweep_config.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>

using namespace plumage::experiment;
using nlohmann::json;

namespace {

QTemporaryDir g_dir;
plumage::test::Fixture g_fix;

// All problems of `j` joined, for QVERIFY2 messages.
std::string problems_of(const json& j) {
  std::string all;
  for (const auto& p : check_experiment(j, ResolveOptions{})) all += p + "\n";
  return all;
}

bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

void TestConfig::initTestCase() {
  QVERIFY(g_dir.isValid());
  g_fix = plumage::test::write_fixture(g_dir.path().toStdString());
}

void TestConfig::validConfigResolves() {
  const auto r = resolve_experiment(plumage::test::adapter_config(g_fix), ResolveOptions{}, "cfg");
  QCOMPARE(r.method(), std::string("adapter"));
  QCOMPARE(r.config["image_ratio"].get<double>(), 0.5);
  QCOMPARE(r.config["caption_use"].get<std::string>(), std::string("one-per-epoch"));
  QCOMPARE(r.config["adapter"]["epochs"].get<int>(), 20);
  QCOMPARE(r.config["adapter"]["optimizer"].get<std::string>(), std::string("adam"));  // default filled in
  QVERIFY(!r.config["adapter"].contains("seed"));
}

void TestConfig::unknownKeysAreNamed() {
  json j = plumage::test::adapter_config(g_fix);
  j["imag_ratio"] = 0.5;
  j["adapter"]["lrr"] = 0.1;
  const std::string p = problems_of(j);
  QVERIFY2(mentions(p, "imag_ratio: unknown key"), p.c_str());
  QVERIFY2(mentions(p, "adapter.lrr: unknown key"), p.c_str());
  try {
    resolve_experiment(j, ResolveOptions{}, "exp.json");
    QFAIL("accepted unknown keys");
  } catch (const ConfigError& e) {
    QCOMPARE(e.problems.size(), size_t(2));
    QVERIFY2(mentions(e.what(), "exp.json: adapter.lrr"), e.what());
  }
}

void TestConfig::ratioOutsideRangeIsNamed() {
  json j = plumage::test::adapter_config(g_fix);
  j["image_ratio"] = 1.5;
  QVERIFY2(mentions(problems_of(j), "image_ratio: 1.5 is outside [0, 1]"), problems_of(j).c_str());
  j["image_ratio"] = -0.1;
  QVERIFY(mentions(problems_of(j), "image_ratio: -0.1 is outside [0, 1]"));
  j["image_ratio"] = 0.5;
  j["val_fraction"] = 1.0;
  QVERIFY(mentions(problems_of(j), "val_fraction: 1 is outside [0, 1)"));
}

void TestConfig::missingFeatureFileIsNamed() {
  json j = plumage::test::adapter_config(g_fix);
  j["features"]["text"]["reed"] = g_fix.dir + "/nope.safetensors";
  const std::string p = problems_of(j);
  QVERIFY2(mentions(p, "features.text.reed: file not found: " + g_fix.dir + "/nope.safetensors"), p.c_str());
  j = plumage::test::adapter_config(g_fix);
  j["features"]["image"] = "relative/missing.safetensors";
  ResolveOptions o;
  o.base_dir = "/somewhere";
  const auto q = check_experiment(j, o);
  QVERIFY(!q.empty() && mentions(q[0], "features.image: file not found: /somewhere/relative/missing.safetensors"));
}

void TestConfig::perClassMapWithUnknownClassIsNamed() {
  json j = plumage::test::adapter_config(g_fix);
  j["per_class_ratios"] = {{g_fix.class0, 0.2}, {"Class B", 0.4}, {"999.Dodo", 0.1}};
  const std::string p = problems_of(j);
  QVERIFY2(mentions(p, "per_class_ratios.999.Dodo: no class '999.Dodo' in features.image"), p.c_str());
  QVERIFY2(mentions(p, "per_class_ratios.Class B: no class 'Class B' in features.image (did you mean '002.Class_B'?)"),
           p.c_str());
  QVERIFY(!mentions(p, g_fix.class0));
  j["per_class_ratios"] = {{g_fix.class0, 1.2}};
  QVERIFY(mentions(problems_of(j), "per_class_ratios." + g_fix.class0 + ": must be a number in [0, 1]"));
}

void TestConfig::runKeysAreStable() {
  FileHashCache files;
  const json a = plumage::test::adapter_config(g_fix);
  const auto ra = resolve_experiment(a, ResolveOptions{}, "a");
  json b = a;
  b["name"] = "another name";
  b["device"] = "cuda";
  b["adapter"]["optimizer"] = "adam";  // the default, written out
  const auto rb = resolve_experiment(b, ResolveOptions{}, "b");
  QCOMPARE(run_key(ra.config, files), run_key(rb.config, files));
  json c = a;
  c["seed"] = 1;
  QVERIFY(run_key(resolve_experiment(c, ResolveOptions{}, "c").config, files) != run_key(ra.config, files));
  // The key follows file content, not the path: a copy of the features gives the same key.
  const std::string copy = g_fix.dir + "/copy.safetensors";
  std::filesystem::copy_file(g_fix.image, copy, std::filesystem::copy_options::overwrite_existing);
  json d = a;
  d["features"]["image"] = copy;
  QCOMPARE(run_key(resolve_experiment(d, ResolveOptions{}, "d").config, files), run_key(ra.config, files));
  QCOMPARE(run_key(ra.config, files).size(), size_t(21));
}

namespace {

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Replaces the hash every entry of a cache file holds: a later hash() that
// returns it was served from the file without reading the data.
const std::string kPlanted = "sha256:" + std::string(64, 'a');
void plant(const std::string& cache) {
  std::ifstream in(cache);
  json j = json::parse(in);
  for (auto& e : j["entries"]) e["hash"] = kPlanted;
  std::ofstream(cache, std::ios::trunc) << j.dump();
}

}  // namespace

void TestConfig::fileHashesStreamAndPersistAcrossProcesses() {
  namespace fs = std::filesystem;
  const std::string dir = g_dir.path().toStdString() + "/hash_cache";
  fs::create_directories(dir);
  const std::string cache = dir + "/hashes.json", file = dir + "/data.bin";
  std::string bytes(3 * (size_t{1} << 20) + 123, '\0');  // more than one 1 MiB read
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 131 + (i >> 11));
  write_bytes(file, bytes);
  QCOMPARE(plumage::data::sha256_tag("abc"),
           std::string("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));  // FIPS 180-2
  // Streaming equals one-shot, whatever the pieces.
  plumage::data::Sha256 pieces;
  for (size_t at = 0, step = 1; at < bytes.size(); at += step, step = step * 7 % 1000 + 1)
    pieces.update(bytes.data() + at, std::min(step, bytes.size() - at));
  QCOMPARE(pieces.final_tag(), plumage::data::sha256_tag(bytes));

  QCOMPARE(FileHashCache(cache).hash(file), plumage::data::sha256_tag(bytes));
  QVERIFY(fs::exists(cache));
  plant(cache);
  QCOMPARE(FileHashCache(cache).hash(file), kPlanted);  // a new process: from the file
  QCOMPARE(FileHashCache(cache).hash(dir + "/../hash_cache/data.bin"), kPlanted);  // by absolute path

  // Invalidated by a new mtime ...
  fs::last_write_time(file, fs::last_write_time(file) + std::chrono::seconds(5));
  QCOMPARE(FileHashCache(cache).hash(file), plumage::data::sha256_tag(bytes));
  // ... a new size ...
  plant(cache);
  bytes += "x";
  const auto mtime = fs::last_write_time(file);
  write_bytes(file, bytes);
  fs::last_write_time(file, mtime);
  QCOMPARE(FileHashCache(cache).hash(file), plumage::data::sha256_tag(bytes));
  // ... and a new inode (same size and mtime: the file was replaced by a copy).
  plant(cache);
  write_bytes(file + ".new", bytes);
  fs::last_write_time(file + ".new", mtime);
  fs::last_write_time(file, mtime);
  fs::rename(file + ".new", file);
  QCOMPARE(FileHashCache(cache).hash(file), plumage::data::sha256_tag(bytes));

  // A corrupt cache file is ignored with a warning, then rewritten.
  write_bytes(cache, "{\"format\": \"plumage.hash_cache\", \"entries\": [{\"path\": 3");
  FileHashCache corrupt(cache);
  QCOMPARE(corrupt.hash(file), plumage::data::sha256_tag(bytes));
  QCOMPARE(corrupt.warnings().size(), size_t(1));
  QVERIFY2(mentions(corrupt.warnings()[0], "ignoring the file hash cache") && mentions(corrupt.warnings()[0], cache),
           corrupt.warnings()[0].c_str());
  FileHashCache again(cache);
  QCOMPARE(again.hash(file), plumage::data::sha256_tag(bytes));
  QVERIFY(again.warnings().empty());
  QVERIFY_THROWS_EXCEPTION(std::runtime_error, FileHashCache(cache).hash(dir + "/missing.bin"));
}

void TestConfig::sweepExpandsGridWithExclusions() {
  FileHashCache files;
  const json sweep = plumage::test::thesis_sweep(g_fix, {1.0, 0.5, 0.0}, 2, 5);
  const SweepPlan plan = plan_sweep(sweep, ResolveOptions{}, "sweep.json", files);
  // 3 ratios × 3 sources × 2 seeds = 18, minus (1.0: reed, llm) ×2 and (0.0: none) ×2 = 12.
  QCOMPARE(plan.runs.size(), size_t(12));
  QCOMPARE(plan.name, std::string("fixture-thesis"));
  std::set<std::string> keys;
  for (const auto& r : plan.runs) keys.insert(r.key);
  QCOMPARE(keys.size(), size_t(12));
  QCOMPARE(plan.runs[0].assignment["image_ratio"].get<double>(), 1.0);
  // Planning again gives the same keys in the same order.
  const SweepPlan again = plan_sweep(sweep, ResolveOptions{}, "sweep.json", files);
  for (size_t i = 0; i < plan.runs.size(); ++i) QCOMPARE(again.runs[i].key, plan.runs[i].key);
}

void TestConfig::badGridCombinationIsNamed() {
  FileHashCache files;
  json sweep = plumage::test::thesis_sweep(g_fix, {1.0, 1.2}, 1, 5);
  sweep["grid"]["adapter.momentm"] = {0.9};
  sweep["grid"]["seed"] = json::array();
  try {
    plan_sweep(sweep, ResolveOptions{}, "sweep.json", files);
    QFAIL("bad sweep accepted");
  } catch (const ConfigError& e) {
    QVERIFY2(mentions(e.what(), "grid.seed: must be a non-empty list"), e.what());
  }
  sweep["grid"]["seed"] = {0};
  try {
    plan_sweep(sweep, ResolveOptions{}, "sweep.json", files);
    QFAIL("bad sweep accepted");
  } catch (const ConfigError& e) {
    const std::string w = e.what();
    QVERIFY2(mentions(w, "image_ratio=1.2") && mentions(w, "image_ratio: 1.2 is outside [0, 1]"), w.c_str());
    QVERIFY2(mentions(w, "adapter.momentm: unknown key"), w.c_str());
  }
}

void TestConfig::syntaxErrorNamesLine() {
  const std::string path = g_fix.dir + "/broken.json";
  std::ofstream(path) << "{\n  \"seed\": 1,\n  \"image_ratio\": ,\n}\n";
  try {
    read_json_file(path);
    QFAIL("broken JSON accepted");
  } catch (const ConfigError& e) {
    QVERIFY2(mentions(e.what(), path + ": line 3"), e.what());
  }
}

// Issue 15, item 2: a sweep file, preset or task file nested 100k deep is
// refused while it is read, naming the file, line and byte (it used to
// parse and overflow the stack in the first copy or dump).
void TestConfig::deepConfigFilesAreRefused() {
  const std::string path = g_fix.dir + "/deep-sweep.json";
  std::ofstream(path) << "{\n  \"grid\": " << std::string(100'000, '[') << std::string(100'000, ']') << "}\n";
  FileHashCache files;
  for (int kind = 0; kind < 2; ++kind) {
    try {
      if (kind == 0) plan_sweep_file(path, files, /*check_files=*/false);
      else read_json_file(path);
      QFAIL("deep JSON accepted");
    } catch (const ConfigError& e) {
      QVERIFY2(mentions(e.what(), path + ": line 2, column 74: JSON nested deeper than 64 levels at byte 75"), e.what());
    }
  }
}

void TestConfig::presetsExpand() {
  // The feature files of the presets are made in a workspace, so check the
  // configs without them.
  FileHashCache files;
  const std::string dir = PLUMAGE_PRESETS_DIR;
  const SweepPlan per_class = plan_sweep_file(dir + "/thesis-per-class.json", files, /*check_files=*/false);
  QCOMPARE(per_class.runs.size(), size_t(90));  // 11 ratios × 3 sources × 3 seeds − 9 corners
  QCOMPARE(per_class.runs[0].experiment.config["sampling"].get<std::string>(), std::string("per-class"));
  QCOMPARE(per_class.runs[0].experiment.config["features"]["image"].get<std::string>(),
           dir + "/features/cub-image.safetensors");
  const SweepPlan global = plan_sweep_file(dir + "/thesis-global.json", files, false);
  QCOMPARE(global.runs.size(), size_t(90));
  QCOMPARE(global.runs[0].experiment.config["sampling"].get<std::string>(), std::string("global"));
  const SweepPlan baselines = plan_sweep_file(dir + "/baselines.json", files, false);
  QCOMPARE(baselines.runs.size(), size_t(4));  // zero-shot once, linear probe × 3 seeds
  // Name vs name + attributes vs descriptors, one zero-shot run each.
  const SweepPlan prompts = plan_sweep_file(dir + "/zero-shot-prompts.json", files, false);
  QCOMPARE(prompts.runs.size(), size_t(3));
  QCOMPARE(prompts.runs[1].experiment.config["features"]["class_text"].get<std::string>(),
           dir + "/features/cub-attribute-prompts.safetensors");
}

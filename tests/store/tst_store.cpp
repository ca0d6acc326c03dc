// Store basics: schema, run life cycle, metrics upsert, stale runs, merge,
// network-filesystem detection.
#include "tst_store_classes.h"

#include "store_test_util.h"
#include "core/store/filesystem_check.h"
#include "core/store/run_store.h"
#include "core/store/schema.h"
#include "core/store/store_error.h"
#include "core/store/store_merge.h"
#include "core/store/store_reader.h"
#include "core/store/time_util.h"

#include <SQLiteCpp/Database.h>

#include <QtTest>

#include <future>
#include <thread>

using namespace plumage::store;
using plumage::test::exec_sql;
using plumage::test::query_int;
using plumage::test::store_path;

namespace {

RunClaim local_claim() { return RunClaim{"cpu", "0.1.0", "1.13.0"}; }

// A sweep of `n` runs keyed k0..k{n-1}; returns run ids.
std::vector<int64_t> add_runs(RunStore& s, int n, const std::string& prefix = "k") {
  const int64_t sweep = s.ensure_sweep("sweep", {{"grid", n}}, "hash-" + prefix);
  std::vector<int64_t> ids;
  for (int i = 0; i < n; ++i) {
    ids.push_back(s.ensure_run(sweep, i, prefix + std::to_string(i), i % 3, {{"i", i}}));
  }
  return ids;
}

void complete(RunStore& s, int64_t id, double acc) {
  QVERIFY(s.claim_run(id, local_claim()));
  for (int step = 0; step < 5; ++step) s.log_metric(id, "loss", step, 1.0 / (step + 1));
  RunResult r;
  r.metrics = {{"test_top1", acc}};
  s.finish_run(id, r);
}

}  // namespace

void TestStore::freshStoreHasCurrentSchema() {
  QTemporaryDir dir;
  const std::string path = store_path(dir);
  { RunStore s(path); }
  { RunStore s(path); }  // reopening migrates nothing twice
  StoreReader r(path);
  QCOMPARE(r.schema_version(), current_schema_version());
  QCOMPARE(query_int(path, "SELECT COUNT(*) FROM schema_version"), (long long)current_schema_version());
  QCOMPARE(query_int(path, "SELECT COUNT(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), 1LL);
  QCOMPARE(r.integrity_check(), std::string("ok"));
}

void TestStore::newerSchemaIsRefused() {
  QTemporaryDir dir;
  const std::string path = store_path(dir);
  { RunStore s(path); }
  exec_sql(path, "INSERT INTO schema_version(version, applied_ms) VALUES (99, 0)");
  try {
    RunStore s(path);
    QFAIL("a store from a newer Plumage was opened");
  } catch (const StoreError& e) {
    QVERIFY2(std::string(e.what()).find("newer") != std::string::npos, e.what());
  }
  QVERIFY_THROWS_EXCEPTION(StoreError, StoreReader r(path));
}

void TestStore::runLifeCycle() {
  QTemporaryDir dir;
  const std::string path = store_path(dir);
  RunStore s(path);
  const auto ids = add_runs(s, 3);
  // Re-planning the same sweep finds the same runs.
  QCOMPARE(add_runs(s, 3), ids);
  complete(s, ids[0], 81.5);
  QVERIFY(s.claim_run(ids[1], local_claim()));
  s.log_metric(ids[1], "loss", 0, 2.0);
  s.end_run(ids[1], RunStatus::Failed, "loss became NaN at epoch 3");
  s.set_plan(ids[2], {{"image", 10}, {"text", 90}});
  s.flush();

  StoreReader r(path);
  const auto sweep = r.find_sweep("sweep");
  QVERIFY(sweep.has_value());
  const auto runs = r.runs(sweep->id);
  QCOMPARE(runs.size(), size_t(3));
  QCOMPARE(runs[0].status, RunStatus::Done);
  QCOMPARE(runs[0].device, std::string("cpu"));
  QCOMPARE(runs[0].torch_version, std::string("1.13.0"));
  QCOMPARE(runs[0].attempts, 1);
  QVERIFY(runs[0].finished_ms >= runs[0].started_ms && runs[0].started_ms > 0);
  QCOMPARE(r.result(ids[0])->metrics["test_top1"].get<double>(), 81.5);
  QCOMPARE(r.metrics(ids[0], "loss").size(), size_t(5));
  QCOMPARE(r.metrics(ids[0], "loss", 2).size(), size_t(2));  // polling from step 2 on
  QCOMPARE(runs[1].status, RunStatus::Failed);
  QCOMPARE(runs[1].error, std::string("loss became NaN at epoch 3"));
  QCOMPARE(runs[2].status, RunStatus::Queued);
  QCOMPARE(runs[2].plan["text"].get<int>(), 90);
  const auto counts = r.status_counts(sweep->id);
  QCOMPARE(counts.at("DONE"), 1);
  QCOMPARE(counts.at("FAILED"), 1);
  QCOMPARE(counts.at("QUEUED"), 1);

  // A failed run is runnable again; its old metrics go with the new attempt.
  QVERIFY(s.claim_run(ids[1], local_claim()));
  s.flush();
  QCOMPARE(r.metric_row_count(ids[1]), 0LL);
  QCOMPARE(r.run(ids[1])->attempts, 2);
  QVERIFY(r.run(ids[1])->error.empty());
}

void TestStore::metricsUpsertOneRowPerStep() {
  QTemporaryDir dir;
  const std::string path = store_path(dir);
  RunStore s(path);
  const auto ids = add_runs(s, 1);
  QVERIFY(s.claim_run(ids[0], local_claim()));
  s.log_metric(ids[0], "acc", 7, 0.1);
  s.flush();
  s.log_metric(ids[0], "acc", 7, 0.2);  // written again: replaces, never duplicates
  s.log_metric(ids[0], "acc", 7, 0.3);
  s.flush();
  StoreReader r(path);
  const auto m = r.metrics(ids[0], "acc");
  QCOMPARE(m.size(), size_t(1));
  QCOMPARE(m[0].value, 0.3);
}

void TestStore::claimRefusesDoneAndRunningRuns() {
  QTemporaryDir dir;
  RunStore s(store_path(dir));
  const auto ids = add_runs(s, 2);
  complete(s, ids[0], 50);
  QVERIFY(!s.claim_run(ids[0], local_claim()));
  QVERIFY(s.claim_run(ids[1], local_claim()));
  QVERIFY(!s.claim_run(ids[1], local_claim()));
}

void TestStore::staleHeartbeatMarksInterrupted() {
  QTemporaryDir dir;
  const std::string path = store_path(dir);
  {
    RunStore s(path);
    add_runs(s, 3);
  }
  const long long now = now_ms();
  // Run 1: another host, heartbeat 10 minutes old → abandoned.
  exec_sql(path, "UPDATE runs SET status='RUNNING', host='node17', pid=1, heartbeat_ms=" +
                     std::to_string(now - 600000) + " WHERE key='k0'");
  // Run 2: another host, fresh heartbeat → still running there.
  exec_sql(path, "UPDATE runs SET status='RUNNING', host='node17', pid=1, heartbeat_ms=" + std::to_string(now) +
                     " WHERE key='k1'");
  RunStore s(path);
  QCOMPARE(s.recovered_runs(), 1);
  StoreReader r(path);
  QCOMPARE(r.run_by_key("k0")->status, RunStatus::Interrupted);
  QVERIFY2(r.run_by_key("k0")->error.find("no heartbeat") != std::string::npos, r.run_by_key("k0")->error.c_str());
  QCOMPARE(r.run_by_key("k1")->status, RunStatus::Running);
  QCOMPARE(r.run_by_key("k2")->status, RunStatus::Queued);
}

void TestStore::mountinfoParsing() {
  const std::string mountinfo =
      "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
      "40 22 0:35 / /home rw,relatime shared:20 - nfs4 server:/export/home rw,vers=4.2\n"
      "41 40 0:36 / /home/me/local\\040disk rw - xfs /dev/sdb1 rw\n"
      "42 22 0:37 / /mnt/remote rw,nosuid - fuse.sshfs me@host:/data rw\n"
      "43 22 0:38 / /mnt/share rw - cifs //srv/share rw\n";
  QCOMPARE(filesystem_type_from_mountinfo(mountinfo, "/tmp/x.sqlite"), std::string("ext4"));
  QCOMPARE(filesystem_type_from_mountinfo(mountinfo, "/home/me/runs.sqlite"), std::string("nfs4"));
  QCOMPARE(filesystem_type_from_mountinfo(mountinfo, "/home/me/local disk/runs.sqlite"), std::string("xfs"));
  QCOMPARE(filesystem_type_from_mountinfo(mountinfo, "/homework/x"), std::string("ext4"));
  QCOMPARE(filesystem_type_from_mountinfo(mountinfo, "/mnt/remote"), std::string("fuse.sshfs"));
  QCOMPARE(filesystem_type_from_mountinfo(mountinfo, "/mnt/share/a/b"), std::string("cifs"));
}

void TestStore::networkFilesystemTypes() {
  for (const char* t : {"nfs", "nfs4", "cifs", "smb3", "9p", "fuse.sshfs", "ceph", "lustre"}) {
    QVERIFY2(is_network_filesystem_type(t), t);
  }
  for (const char* t : {"ext4", "xfs", "btrfs", "tmpfs", "overlay", "zfs"}) {
    QVERIFY2(!is_network_filesystem_type(t), t);
  }
  QTemporaryDir dir;
  const std::string path = store_path(dir);
  const std::string type = filesystem_type_of(path);
  if (is_network_filesystem_type(type)) {
    QVERIFY_THROWS_EXCEPTION(StoreError, RunStore s(path));
  } else {
    require_local_filesystem(path);  // must not throw on a local temp dir
  }
}

// Notes and tags: set and edited, refused when malformed, read back, carried
// by merge (tags united, differing notes both kept), and added to a v1 store.
void TestStore::notesAndTagsAreStoredMigratedAndMerged() {
  QTemporaryDir dir;
  const std::string a = store_path(dir, "a.sqlite"), b = store_path(dir, "b.sqlite"), v1 = store_path(dir, "v1.sqlite");
  int64_t run = 0, sweep = 0;
  {
    RunStore sa(a);
    run = add_runs(sa, 2, "k")[0];
    sweep = StoreReader(a).sweeps().at(0).id;
    sa.annotate(RunStore::Target::Run, run, std::string("baseline for chapter 4"), {"thesis", "ch4", "thesis"}, {});
    sa.annotate(RunStore::Target::Run, run, std::nullopt, {"keep"}, {"ch4"});
    sa.annotate(RunStore::Target::Sweep, sweep, std::string("first full sweep"), {"final"}, {});
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sa.annotate(RunStore::Target::Run, run, std::nullopt, {"two words"}, {}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sa.annotate(RunStore::Target::Run, 9999, std::string("x"), {}, {}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             sa.annotate(RunStore::Target::Run, run, std::string(70000, 'x'), {}, {}));
  }
  {
    StoreReader r(a);
    const auto info = r.run(run);
    QCOMPARE(info->note, std::string("baseline for chapter 4"));
    QCOMPARE(info->tags, (std::vector<std::string>{"keep", "thesis"}));
    QCOMPARE(r.sweeps().at(0).note, std::string("first full sweep"));
    QCOMPARE(r.sweeps().at(0).tags, std::vector<std::string>{"final"});
  }
  {
    RunStore sb(b);
    const int64_t other = add_runs(sb, 1, "k")[0];  // the same run key "k0" as in a
    sb.annotate(RunStore::Target::Run, other, std::string("rerun on the GPU box"), {"gpu"}, {});
  }
  {
    RunStore target(b);
    merge_store(target, a);
    target.flush();
  }
  StoreReader rb(b);
  const auto merged = rb.run_by_key("k0");
  QCOMPARE(merged->tags, (std::vector<std::string>{"gpu", "keep", "thesis"}));
  QCOMPARE(merged->note, std::string("rerun on the GPU box\n---\nbaseline for chapter 4"));

  // A store made before notes existed gains empty ones when opened for writing.
  {
    RunStore s(v1);
    add_runs(s, 1, "old");
  }
  exec_sql(v1, "ALTER TABLE runs DROP COLUMN note; ALTER TABLE runs DROP COLUMN tags; "
               "ALTER TABLE sweeps DROP COLUMN note; ALTER TABLE sweeps DROP COLUMN tags; "
               "ALTER TABLE feature_sets DROP COLUMN weights_hash; ALTER TABLE feature_sets DROP COLUMN row_count; "
               "ALTER TABLE feature_sets DROP COLUMN details; ALTER TABLE results DROP COLUMN predictions; "
               "DELETE FROM schema_version WHERE version >= 2");
  QVERIFY_THROWS_EXCEPTION(std::exception, StoreReader(v1).runs());
  { RunStore s(v1); }
  StoreReader rv(v1);
  QCOMPARE(rv.schema_version(), current_schema_version());
  QCOMPARE(rv.runs().size(), size_t(1));
  QVERIFY(rv.runs()[0].tags.empty() && rv.runs()[0].note.empty());
}

void TestStore::mergeIsIdempotent() {
  QTemporaryDir dir;
  const std::string a = store_path(dir, "a.sqlite"), b = store_path(dir, "b.sqlite"),
                    into = store_path(dir, "all.sqlite");
  {
    RunStore sa(a);
    auto ids = add_runs(sa, 4, "k");
    for (int64_t id : ids) complete(sa, id, 70.0 + static_cast<double>(id));
    const int64_t fs = sa.ensure_feature_set({0, 0, "/f/img.safetensors", "sha256:ab", "image", "ViT-B/32"});
    sa.link_feature_set(ids[0], "image", fs);
    sa.add_artifact(ids[0], "adapter", "/a/adapter.safetensors", "sha256:cd");
    sa.add_artifact(ids[2], "converter", "/a/ridge.safetensors", "sha256:ef");
    sa.add_artifact(ids[2], "adapter", "/a/adapter2.safetensors", "sha256:01");
  }
  {
    RunStore sb(b);
    auto ids = add_runs(sb, 2, "m");
    complete(sb, ids[0], 60);
  }
  RunStore target(into);
  const MergeReport r1 = merge_store(target, a);
  QCOMPARE(r1.runs_added, 4);
  QCOMPARE(r1.metric_rows, 20LL);
  const MergeReport r2 = merge_store(target, b);
  QCOMPARE(r2.runs_added, 2);
  const MergeReport again = merge_store(target, a);
  QCOMPARE(again.runs_added, 0);
  QCOMPARE(again.runs_kept, 4);
  target.flush();
  StoreReader r(into);
  QCOMPARE(r.runs().size(), size_t(6));
  QCOMPARE(r.sweeps().size(), size_t(2));
  QCOMPARE(r.metric_row_count(), 25LL);
  const auto k0 = r.run_by_key("k0");
  QCOMPARE(r.artifacts(k0->id).size(), size_t(1));
  // By kind across runs, newest run first.
  const auto adapters = r.artifacts_of_kind("adapter");
  QCOMPARE(adapters.size(), size_t(2));
  QCOMPARE(adapters[0].path, std::string("/a/adapter2.safetensors"));
  QCOMPARE(adapters[1].run_id, k0->id);
  QCOMPARE(r.artifacts_of_kind("converter").size(), size_t(1));
  QVERIFY(r.artifacts_of_kind("figure").empty());
  QCOMPARE(r.run_feature_sets(k0->id).count("image"), size_t(1));
  QCOMPARE(r.status_counts().at("DONE"), 5);
  QCOMPARE(r.status_counts().at("QUEUED"), 1);
  QCOMPARE(r.integrity_check(), std::string("ok"));
  QVERIFY_THROWS_EXCEPTION(StoreError, merge_store(target, into));
}

void TestStore::mergeReplacesUnfinishedWithDone() {
  QTemporaryDir dir;
  const std::string a = store_path(dir, "a.sqlite"), into = store_path(dir, "all.sqlite");
  {
    RunStore t(into);
    auto ids = add_runs(t, 2);
    QVERIFY(t.claim_run(ids[0], local_claim()));
    t.log_metric(ids[0], "loss", 0, 9.0);
    t.end_run(ids[0], RunStatus::Failed, "out of memory");
  }
  {
    RunStore sa(a);
    auto ids = add_runs(sa, 2);
    complete(sa, ids[0], 77);
  }
  RunStore t(into);
  const MergeReport rep = merge_store(t, a);
  QCOMPARE(rep.runs_replaced, 1);
  QCOMPARE(rep.runs_kept, 1);
  t.flush();
  StoreReader r(into);
  const auto k0 = r.run_by_key("k0");
  QCOMPARE(k0->status, RunStatus::Done);
  QCOMPARE(r.metrics(k0->id, "loss").size(), size_t(5));
  QCOMPARE(r.result(k0->id)->metrics["test_top1"].get<double>(), 77.0);
}

void TestStore::readerRejectsMissingFile() {
  QTemporaryDir dir;
  try {
    StoreReader r(store_path(dir, "nope.sqlite"));
    QFAIL("opened a missing store");
  } catch (const StoreError& e) {
    QVERIFY(std::string(e.what()).find("nope.sqlite") != std::string::npos);
  }
}

void TestStore::fullDiskFailsTheRunNotSilently() {
  QTemporaryDir dir;
  const std::string path = store_path(dir);
  RunStore s(path);
  const auto ids = add_runs(s, 1);
  QVERIFY(s.claim_run(ids[0], local_claim()));
  // SQLite's size cap on the write connection stands in for a full disk.
  s.writer().call_void([](SQLite::Database& db) { db.exec("PRAGMA max_page_count = 1"); });
  for (int step = 0; step < 5000; ++step) s.log_metric(ids[0], "loss", step, 1.0);
  s.flush();
  try {
    s.check_run(ids[0]);
    QFAIL("a metric batch that did not fit was not reported");
  } catch (const StoreWriteError& e) {
    const std::string what = e.what();
    QVERIFY2(what.find(path) != std::string::npos && what.find("metric rows") != std::string::npos &&
                 what.find("full") != std::string::npos,
             e.what());
  }
  // The run cannot end DONE with its curve missing.
  QVERIFY_THROWS_EXCEPTION(StoreWriteError, s.finish_run(ids[0], RunResult{}));
  QCOMPARE(query_int(path, "SELECT COUNT(*) FROM results"), 0LL);
  QCOMPARE(query_int(path, "SELECT COUNT(*) FROM runs WHERE status = 'DONE'"), 0LL);
  // Once there is room again, the run ends FAILED with the reason.
  s.writer().call_void([](SQLite::Database& db) { db.exec("PRAGMA max_page_count = 1073741823"); });
  s.end_run(ids[0], RunStatus::Failed, "metrics lost");
  StoreReader r(path);
  QCOMPARE(r.run(ids[0])->status, RunStatus::Failed);
  QCOMPARE(query_int(path, "SELECT COUNT(*) FROM metrics"), 0LL);
  QVERIFY(s.writer_stats().failed >= 10);  // every batch of 512 rows, each one reported
}

void TestStore::lockedStoreIsRetriedThenReported() {
  QTemporaryDir dir;
  const std::string path = store_path(dir);
  StoreOptions o;
  o.busy_timeout = std::chrono::milliseconds(100);
  o.writer.retries = 4;
  o.writer.retry_backoff = std::chrono::milliseconds(50);  // gives up after about 1.25 s
  RunStore s(path, o);
  const auto ids = add_runs(s, 2);
  QVERIFY(s.claim_run(ids[0], local_claim()));
  QVERIFY(s.claim_run(ids[1], local_claim()));
  // Another connection holds the write lock for `hold`, then commits.
  auto lock_for = [&](std::chrono::milliseconds hold) {
    std::promise<void> locked;
    auto taken = locked.get_future();
    std::thread t([&path, hold, &locked] {
      SQLite::Database other(path, SQLite::OPEN_READWRITE, 0);
      other.exec("BEGIN IMMEDIATE");
      locked.set_value();
      std::this_thread::sleep_for(hold);
      other.exec("COMMIT");
    });
    taken.wait();
    return t;
  };
  // Held for less than the retries cover: everything lands.
  std::thread brief = lock_for(std::chrono::milliseconds(300));
  for (int step = 0; step < 100; ++step) s.log_metric(ids[0], "loss", step, 1.0);
  s.heartbeat(ids[0]);
  s.flush();
  brief.join();
  QVERIFY(!s.run_failure(ids[0]));
  QCOMPARE(query_int(path, "SELECT COUNT(*) FROM metrics"), 100LL);
  QVERIFY(s.writer_stats().retries > 0);
  // Held past them: the heartbeat's failure is left with its run, naming why.
  std::thread stuck = lock_for(std::chrono::milliseconds(2500));
  s.heartbeat(ids[1]);
  const auto t0 = std::chrono::steady_clock::now();
  while (!s.run_failure(ids[1]) && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(10))
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  stuck.join();
  QVERIFY(!s.run_failure(ids[0]));
  try {
    s.check_run(ids[1]);
    QFAIL("a heartbeat that never got the lock was not reported");
  } catch (const StoreWriteError& e) {
    const std::string what = e.what();
    QVERIFY2(what.find("heartbeat of run " + std::to_string(ids[1])) != std::string::npos &&
                 what.find("locked") != std::string::npos && what.find("5 tries") != std::string::npos,
             e.what());
  }
  QVERIFY_THROWS_EXCEPTION(StoreWriteError, s.finish_run(ids[1], RunResult{}));
  QCOMPARE(query_int(path, "SELECT COUNT(*) FROM runs WHERE status = 'DONE'"), 0LL);
}

void TestStore::finishingATakenOverRunFails() {
  QTemporaryDir dir;
  const std::string path = store_path(dir);
  RunStore s(path);
  const auto ids = add_runs(s, 2);
  QVERIFY(s.claim_run(ids[0], local_claim()));
  QVERIFY(s.claim_run(ids[1], local_claim()));
  s.log_metric(ids[0], "loss", 0, 1.0);
  s.flush();
  // While this process stood still, another host took run 0 over and
  // another process marked run 1 INTERRUPTED.
  exec_sql(path, "UPDATE runs SET host = 'node17', pid = 4242 WHERE id = " + std::to_string(ids[0]));
  exec_sql(path, "UPDATE runs SET status = 'INTERRUPTED', error = 'interrupted: no heartbeat' WHERE id = " +
                     std::to_string(ids[1]));
  RunResult late;
  late.metrics = {{"test_top1", 0.9}};
  try {
    s.finish_run(ids[0], late);
    QFAIL("a run taken over by another process was finished over it");
  } catch (const RunNotOwned& e) {
    const std::string what = e.what();
    QVERIFY2(what.find("run " + std::to_string(ids[0]) + " is no longer this process's") != std::string::npos &&
                 what.find("RUNNING in pid 4242 on node17") != std::string::npos,
             e.what());
  }
  QVERIFY_THROWS_EXCEPTION(RunNotOwned, s.end_run(ids[1], RunStatus::Failed, "late"));
  // Its late metrics and heartbeats are dropped, and the run is told why.
  s.log_metric(ids[0], "loss", 1, 5.0);
  s.heartbeat(ids[0]);
  s.flush();
  QVERIFY_THROWS_EXCEPTION(RunNotOwned, s.check_run(ids[0]));
  StoreReader r(path);
  QCOMPARE(r.run(ids[0])->status, RunStatus::Running);
  QCOMPARE(r.run(ids[0])->host, std::string("node17"));
  QVERIFY(!r.result(ids[0]).has_value());
  QCOMPARE(r.metric_row_count(ids[0]), 1LL);
  QCOMPARE(r.run(ids[1])->status, RunStatus::Interrupted);
  QCOMPARE(r.run(ids[1])->error, std::string("interrupted: no heartbeat"));
}

// Issue 15, item 2: a store may come from elsewhere (merge inputs); a JSON
// column nested 100k deep reads as discarded, like invalid JSON, instead of
// a tree that overflows the stack when copied or dumped.
void TestStore::readerRefusesDeepJson() {
  QTemporaryDir dir;
  const std::string path = store_path(dir);
  {
    RunStore s(path);
    add_runs(s, 1);
  }
  exec_sql(path, "UPDATE runs SET config = '" + std::string(100000, '[') + std::string(100000, ']') + "'");
  StoreReader r(path);
  const auto runs = r.runs();
  QCOMPARE(runs.size(), size_t(1));
  QVERIFY(runs[0].config.is_discarded());
  QCOMPARE(runs[0].key, std::string("k0"));
  QVERIFY(runs[0].plan.is_null() || !runs[0].plan.is_discarded());
}

// What a run read: every column survives the store, a merge and an upgrade
// from schema 2.
void TestStore::runInputsKeepModelRowsAndTrainingRecord() {
  QTemporaryDir dir;
  const std::string a = store_path(dir, "a.sqlite"), into = store_path(dir, "all.sqlite"),
                    v2 = store_path(dir, "v2.sqlite");
  FeatureSetInfo img;
  img.path = "/f/img.safetensors";
  img.content_hash = "sha256:ab";
  img.kind = "image";
  img.model = "ViT-B/16 (weights 0123456789ab)";
  img.weights_hash = "0123456789abcdef";
  img.rows = 11788;
  FeatureSetInfo conv;
  conv.path = "/c/qformer.safetensors";
  conv.content_hash = "sha256:cd";
  conv.kind = "converter";
  conv.weights_hash = img.weights_hash;
  conv.rows = 591753;
  conv.details = {{"training_data", {{"split", "train"}, {"train_pairs", 591753}}}};
  int64_t run = 0;
  {
    RunStore s(a);
    run = add_runs(s, 1)[0];
    s.link_feature_set(run, "features.image", s.ensure_feature_set(img));
    s.link_feature_set(run, "converter", s.ensure_feature_set(conv));
    QCOMPARE(s.ensure_feature_set(img), s.ensure_feature_set(img));  // one row per (path, hash)
    QVERIFY(s.claim_run(run, local_claim()));
    RunResult res;
    res.metrics = {{"test_top1", 0.5}};
    res.predictions = {{"image_ids", {3, 9}}, {"labels", {0, 1}}, {"predicted", {0, 0}}};
    s.finish_run(run, res);
  }
  auto check = [&](const std::string& path, int64_t run_id) {
    StoreReader r(path);
    const auto inputs = r.run_inputs(run_id);
    QCOMPARE(inputs.size(), size_t(2));
    QCOMPARE(inputs[0].first, std::string("converter"));  // by role
    QCOMPARE(inputs[0].second.details["training_data"]["train_pairs"].get<int64_t>(), int64_t(591753));
    QCOMPARE(inputs[0].second.rows, int64_t(591753));
    QCOMPARE(inputs[1].first, std::string("features.image"));
    QCOMPARE(inputs[1].second.model, img.model);
    QCOMPARE(inputs[1].second.weights_hash, img.weights_hash);
    QCOMPARE(inputs[1].second.rows, int64_t(11788));
    QVERIFY(inputs[1].second.details.is_null());
    QCOMPARE(r.result(run_id)->predictions["image_ids"], nlohmann::json({3, 9}));  // per-image predictions kept
  };
  check(a, run);
  {
    RunStore target(into);
    merge_store(target, a);
  }
  check(into, StoreReader(into).run_by_key("k0")->id);

  // A store of schema 2 gains the columns (unknown values) when opened for writing.
  {
    RunStore s(v2);
    const int64_t id = add_runs(s, 1, "old")[0];
    s.link_feature_set(id, "features.image", s.ensure_feature_set(img));
  }
  exec_sql(v2, "ALTER TABLE feature_sets DROP COLUMN weights_hash; ALTER TABLE feature_sets DROP COLUMN row_count; "
               "ALTER TABLE feature_sets DROP COLUMN details; ALTER TABLE results DROP COLUMN predictions; "
               "DELETE FROM schema_version WHERE version >= 3");
  QVERIFY_THROWS_EXCEPTION(std::exception, StoreReader(v2).feature_sets());
  { RunStore s(v2); }
  StoreReader rv(v2);
  QCOMPARE(rv.schema_version(), 3);
  const auto sets = rv.feature_sets();
  QCOMPARE(sets.size(), size_t(1));
  QCOMPARE(sets[0].rows, int64_t(-1));
  QVERIFY(sets[0].weights_hash.empty());
  QCOMPARE(sets[0].model, img.model);
}

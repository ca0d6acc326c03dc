// Crash safety and concurrency: a child process holding the store is killed
// with SIGKILL (mid-run, mid-batch), and a reader polls while the writer
// writes. The parent never holds a connection across fork().
#include "tst_store_classes.h"

#include "store_test_util.h"
#include "core/store/run_store.h"
#include "core/store/store_reader.h"
#include "core/store/time_util.h"

#include <QtTest>

#include <algorithm>
#include <atomic>
#include <map>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace plumage::store;
using plumage::test::exec_sql;
using plumage::test::query_int;
using plumage::test::store_path;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

int64_t plan_one_run(const std::string& path) {
  RunStore s(path);
  const int64_t sweep = s.ensure_sweep("crash", {{"n", 1}}, "crash");
  return s.ensure_run(sweep, 0, "run-0", 0, {{"x", 1}});
}

// Child: claims `run_id` and streams metric "x" at steps 0,1,2,... forever
// in batches of `batch`; only a SIGKILL ends it.
[[noreturn]] void stream_metrics_forever(const std::string& path, int64_t run_id, size_t batch) {
  StoreOptions o;
  o.writer.metric_batch = batch;
  o.writer.flush_interval = std::chrono::minutes(10);  // only full batches are written
  RunStore s(path, o);
  if (!s.claim_run(run_id, RunClaim{"cpu", "test", "none"})) _exit(3);
  for (int64_t step = 0;; ++step) {
    s.log_metric(run_id, "x", step, static_cast<double>(step));
    if (step % 200 == 0) std::this_thread::sleep_for(std::chrono::microseconds(300));
  }
}

}  // namespace

void TestStoreCrash::deadProcessRunIsInterrupted() {
  QTemporaryDir dir;
  const std::string path = store_path(dir);
  const int64_t id = plan_one_run(path);
  const pid_t child = fork();
  if (child == 0) {
    RunStore s(path);
    if (!s.claim_run(id, RunClaim{"cpu", "test", "none"})) _exit(3);
    s.log_metric(id, "loss", 0, 1.0);
    s.flush();
    raise(SIGKILL);
    _exit(4);
  }
  int status = 0;
  waitpid(child, &status, 0);
  QVERIFY(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  // The heartbeat is fresh, but the process is gone: interrupted at once.
  RunStore s(path);
  QCOMPARE(s.recovered_runs(), 1);
  StoreReader r(path);
  QCOMPARE(r.run(id)->status, RunStatus::Interrupted);
  QVERIFY2(r.run(id)->error.find("process") != std::string::npos, r.run(id)->error.c_str());
}

void TestStoreCrash::sigkillDuringMetricBatchLosesWholeBatchesOnly() {
  constexpr size_t kBatch = 1000;
  for (int round = 0; round < 4; ++round) {
    QTemporaryDir dir;
    const std::string path = store_path(dir);
    const int64_t id = plan_one_run(path);
    const pid_t child = fork();
    if (child == 0) stream_metrics_forever(path, id, kBatch);
    // Let a few batches land, then kill at a different moment each round.
    const auto t0 = Clock::now();
    while (ms_since(t0) < 10000) {
      if (query_int(path, "SELECT COUNT(*) FROM metrics") >= static_cast<long long>(3 * kBatch)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(3 + 7 * round));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    QVERIFY(WIFSIGNALED(status));

    const long long rows = query_int(path, "SELECT COUNT(*) FROM metrics");
    QVERIFY2(rows >= static_cast<long long>(3 * kBatch), "child never wrote three batches");
    // Batches are transactions: whole batches survive, never a part of one.
    QCOMPARE(rows % static_cast<long long>(kBatch), 0LL);
    QCOMPARE(query_int(path, "SELECT MAX(step) + 1 FROM metrics"), rows);
    QCOMPARE(query_int(path, "SELECT COUNT(DISTINCT step) FROM metrics"), rows);
    {
      RunStore s(path);
      QCOMPARE(s.recovered_runs(), 1);
      StoreReader r(path);
      QCOMPARE(r.integrity_check(), std::string("ok"));
      QCOMPARE(r.run(id)->status, RunStatus::Interrupted);
      // Resume: the run starts over and ends with exactly one row per step.
      QVERIFY(s.claim_run(id, RunClaim{"cpu", "test", "none"}));
      for (int64_t step = 0; step < 2500; ++step) s.log_metric(id, "x", step, 1.0);
      s.finish_run(id, RunResult{});
    }
    QCOMPARE(query_int(path, "SELECT COUNT(*) FROM metrics"), 2500LL);
    QCOMPARE(query_int(path, "SELECT COUNT(*) FROM runs WHERE status = 'DONE'"), 1LL);
  }
}

void TestStoreCrash::readerPollsWhileWriterWrites() {
  QTemporaryDir dir;
  const std::string path = store_path(dir);
  constexpr int kRuns = 20, kSteps = 1500, kKeys = 3;
  StoreOptions o;
  o.writer.metric_batch = 256;
  o.writer.flush_interval = std::chrono::milliseconds(50);
  RunStore s(path, o);
  const int64_t sweep = s.ensure_sweep("poll", {{"n", kRuns}}, "poll");
  std::vector<int64_t> ids;
  for (int i = 0; i < kRuns; ++i) ids.push_back(s.ensure_run(sweep, i, "p" + std::to_string(i), 0, {{"i", i}}));

  std::atomic<bool> done{false};
  std::atomic<int> reader_errors{0};
  std::atomic<long long> polls{0};
  std::string first_error;
  double max_poll_ms = 0;
  std::thread reader([&] {
    try {
      StoreReader r(path);
      std::map<int64_t, int64_t> seen;  // run → last step read
      while (!done.load()) {
        const auto t0 = Clock::now();
        try {
          r.status_counts(sweep);
          for (const RunInfo& run : r.runs(sweep)) {
            if (run.status != RunStatus::Running && run.status != RunStatus::Done) continue;
            auto pts = r.metrics(run.id, "loss", seen.count(run.id) ? seen[run.id] : -1);
            if (!pts.empty()) seen[run.id] = pts.back().step;
          }
        } catch (const std::exception& e) {
          if (reader_errors++ == 0) first_error = e.what();
        }
        max_poll_ms = std::max(max_poll_ms, ms_since(t0));
        ++polls;
      }
    } catch (const std::exception& e) {
      ++reader_errors;
      first_error = e.what();
    }
  });

  double max_log_ms = 0, max_sync_ms = 0;
  const auto start = Clock::now();
  for (int64_t id : ids) {
    auto t0 = Clock::now();
    QVERIFY(s.claim_run(id, RunClaim{"cpu", "test", "none"}));
    max_sync_ms = std::max(max_sync_ms, ms_since(t0));
    for (int step = 0; step < kSteps; ++step) {
      for (const char* key : {"loss", "train_acc", "val_acc"}) {
        const auto l0 = Clock::now();
        s.log_metric(id, key, step, step * 0.001);
        max_log_ms = std::max(max_log_ms, ms_since(l0));
      }
      if (step % 100 == 0) s.heartbeat(id);
    }
    t0 = Clock::now();
    s.finish_run(id, RunResult{});
    max_sync_ms = std::max(max_sync_ms, ms_since(t0));
  }
  s.flush();
  const double total_ms = ms_since(start);
  done = true;
  reader.join();

  const WriterStats st = s.writer_stats();
  const long long rows = static_cast<long long>(kRuns) * kSteps * kKeys;
  std::printf("store concurrency: %lld metric rows in %.0f ms (%.0f rows/s incl. run bookkeeping), %lld batches, "
              "max batch %.1f ms; runner: max log_metric %.3f ms, max claim/finish wait %.1f ms; "
              "reader: %lld polls, max poll %.1f ms, errors %d; 1 writer thread + 1 reader thread\n",
              rows, total_ms, rows / (total_ms / 1000.0), static_cast<long long>(st.batches), st.max_batch_ms,
              max_log_ms, max_sync_ms, polls.load(), max_poll_ms, reader_errors.load());
  QVERIFY2(reader_errors == 0, first_error.c_str());
  QCOMPARE(st.failed, 0LL);
  QCOMPARE(st.metric_rows, rows);
  QVERIFY(polls > 10);
  // Logging never waits for the disk: no call took as long as one batch
  // write (with a floor for scheduler noise on a loaded 2-core machine).
  QVERIFY2(max_log_ms < std::max(100.0, st.max_batch_ms), "log_metric blocked");
  QCOMPARE(query_int(path, "SELECT COUNT(*) FROM metrics"), rows);
}

void TestStoreCrash::stoppedLiveProcessKeepsItsRuns() {
  QTemporaryDir dir;
  const std::string path = store_path(dir);
  const int64_t id = plan_one_run(path);
  int claimed[2];
  QVERIFY(pipe(claimed) == 0);
  const pid_t child = fork();
  if (child == 0) {
    RunStore s(path);
    if (!s.claim_run(id, RunClaim{"cpu", "test", "none"})) _exit(3);
    if (write(claimed[1], "c", 1) != 1) _exit(4);
    for (;;) pause();
  }
  char c = 0;
  QVERIFY(read(claimed[0], &c, 1) == 1);
  close(claimed[0]);
  close(claimed[1]);
  kill(child, SIGSTOP);  // Ctrl-Z: the process lives but its heartbeat stops
  exec_sql(path, "UPDATE runs SET heartbeat_ms = " + std::to_string(now_ms() - 600000) +
                     " WHERE id = " + std::to_string(id));
  {
    StoreOptions o;
    o.stale_heartbeat = std::chrono::minutes(1);
    RunStore s(path, o);
    QCOMPARE(s.recovered_runs(), 0);
    QVERIFY(!s.claim_run(id, RunClaim{"cpu", "test", "none"}));
  }
  {
    StoreReader r(path);
    QCOMPARE(r.run(id)->status, RunStatus::Running);
    QCOMPARE(r.run(id)->pid, static_cast<int64_t>(child));
  }
  // Once that process is gone, the same stale run is taken at once.
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  RunStore s(path);
  QCOMPARE(s.recovered_runs(), 1);
  StoreReader r(path);
  QCOMPARE(r.run(id)->status, RunStatus::Interrupted);
  QVERIFY2(r.run(id)->error.find("process " + std::to_string(child)) != std::string::npos, r.run(id)->error.c_str());
}

void TestStoreCrash::reusedPidDoesNotKeepADeadRun() {
  QTemporaryDir dir;
  const std::string path = store_path(dir);
  const int64_t id = plan_one_run(path);
  // Claimed an hour ago under the pid this test has now (a restarted
  // container hands out the same pids), heartbeat fresh: the claimant is
  // gone, whoever holds its pid today.
  const int64_t now = now_ms();
  exec_sql(path, "UPDATE runs SET status = 'RUNNING', host = '" + host_name() + "', pid = " + std::to_string(getpid()) +
                     ", started_ms = " + std::to_string(now - 3600000) + ", heartbeat_ms = " + std::to_string(now) +
                     " WHERE id = " + std::to_string(id));
  {
    RunStore s(path);
    QCOMPARE(s.recovered_runs(), 1);
    StoreReader r(path);
    QCOMPARE(r.run(id)->status, RunStatus::Interrupted);
    // A run this process claims itself is its own while it lives, even for
    // a second store object of the same file.
    QVERIFY(s.claim_run(id, RunClaim{"cpu", "test", "none"}));
    RunStore again(path);
    QCOMPARE(again.recovered_runs(), 0);
  }
  StoreReader r(path);
  QCOMPARE(r.run(id)->status, RunStatus::Running);
}

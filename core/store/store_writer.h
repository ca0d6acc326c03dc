// The single write connection of a store, owned by one thread. Everything
// that writes goes through its FIFO queue: jobs run one after another, each
// in its own transaction; metric points are appended to batches that are
// written in one transaction each, when a batch is full, when it is older
// than the flush interval, or when a job queued after it needs to run. So a
// caller logging metrics never waits for the disk, and a caller waiting for
// a job waits at most for the batches queued before it.
//
// A transaction that finds the database locked (SQLITE_BUSY/LOCKED after the
// busy timeout) is retried with a doubling backoff. A write that still fails
// is never only counted: a caller waiting for it gets a StoreWriteError, and
// a queued write that belongs to a run (a metric batch, a heartbeat) leaves
// its error with that run (run_failure) for the runner to act on.
#pragma once

#include "core/store/records.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace SQLite {
class Database;
}

namespace plumage::store {

struct WriterOptions {
  size_t metric_batch = 512;
  std::chrono::milliseconds flush_interval{200};
  int retries = 4;                               // extra tries of a locked transaction
  std::chrono::milliseconds retry_backoff{100};  // before the first retry; doubles
};

struct WriterStats {
  int64_t batches = 0;          // metric transactions committed
  int64_t metric_rows = 0;      // metric rows written
  int64_t jobs = 0;             // other transactions committed
  double max_batch_ms = 0;      // slowest metric transaction
  double total_write_ms = 0;    // time spent inside transactions
  int64_t failed = 0;           // jobs or batches that raised (after retries)
  int64_t retries = 0;          // transactions retried because the database was locked
  std::string last_error;
};

class StoreWriter {
 public:
  using Job = std::function<void(SQLite::Database&)>;
  // Why this process may not write metrics of `run_id` ("" = it may); rows
  // of such a run are dropped and the reason is left with the run.
  using MetricGuard = std::function<std::string(SQLite::Database&, int64_t run_id)>;

  StoreWriter(std::unique_ptr<SQLite::Database> db, WriterOptions options, MetricGuard guard = {});
  ~StoreWriter();  // writes everything queued, then stops the thread
  StoreWriter(const StoreWriter&) = delete;
  StoreWriter& operator=(const StoreWriter&) = delete;

  // Queues `job` (run in a transaction on the writer thread) and returns at
  // once. If it fails, the error is left with `run_id` (0 = no run).
  void post(Job job, int64_t run_id = 0, std::string what = "a write");

  // Queues `job` and waits for it; its exception, if any, is rethrown here
  // (and also left with `run_id` when that is set).
  template <typename R>
  R call(std::function<R(SQLite::Database&)> job, int64_t run_id = 0, std::string what = "a write");
  void call_void(Job job, int64_t run_id = 0, std::string what = "a write");

  // Never blocks on the database: appends to the current batch.
  void add_metric(int64_t run_id, const std::string& key, int64_t step, double value);

  // Returns once everything queued before this call is committed.
  void flush();

  WriterStats stats() const;

  // The first write of `run_id` that failed since it was cleared (null: none).
  // Safe from any thread, including inside a job.
  std::exception_ptr run_failure(int64_t run_id) const;
  void clear_run_failure(int64_t run_id);

 private:
  struct MetricRow {
    int64_t run_id;
    std::string key;
    int64_t step;
    double value;
  };
  using Done = std::function<void(std::exception_ptr)>;
  struct Entry {
    Job job;                        // empty for a metric batch
    Done done;                      // told the outcome after COMMIT / ROLLBACK
    std::vector<MetricRow> metrics;
    std::chrono::steady_clock::time_point since;
    int64_t run_id = 0;             // whose failure it is (metric batches: each row's run)
    std::string what;               // for messages: "the result of run 4"
  };

  void loop();
  bool ready_locked(std::chrono::steady_clock::time_point now) const;
  void write_entry(Entry& e);
  void write_once(Entry& e);
  void write_metrics(Entry& e);
  void enqueue(Job job, Done done, int64_t run_id, std::string what);
  void record_failure(int64_t run_id, std::exception_ptr error);

  std::unique_ptr<SQLite::Database> db_;
  std::string path_;
  WriterOptions options_;
  MetricGuard guard_;
  std::map<int64_t, std::exception_ptr> run_failures_;  // guarded by mutex_
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Entry> queue_;
  bool stopping_ = false;
  WriterStats stats_;
  std::thread thread_;
};

template <typename R>
R StoreWriter::call(std::function<R(SQLite::Database&)> job, int64_t run_id, std::string what) {
  // The answer is handed over only after COMMIT, so the caller never acts
  // on a write that could still roll back.
  auto promise = std::make_shared<std::promise<R>>();
  auto value = std::make_shared<R>();
  auto future = promise->get_future();
  enqueue([value, job = std::move(job)](SQLite::Database& db) { *value = job(db); },
          [promise, value](std::exception_ptr error) {
            if (error) promise->set_exception(error);
            else promise->set_value(std::move(*value));
          },
          run_id, std::move(what));
  return future.get();
}

}  // namespace plumage::store

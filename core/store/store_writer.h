// The single write connection of a store, owned by one thread. Everything
// that writes goes through its FIFO queue: jobs run one after another, each
// in its own transaction; metric points are appended to batches that are
// written in one transaction each, when a batch is full, when it is older
// than the flush interval, or when a job queued after it needs to run. So a
// caller logging metrics never waits for the disk, and a caller waiting for
// a job waits at most for the batches queued before it.
#pragma once

#include "core/store/records.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <future>
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
};

struct WriterStats {
  int64_t batches = 0;          // metric transactions committed
  int64_t metric_rows = 0;      // metric rows written
  int64_t jobs = 0;             // other transactions committed
  double max_batch_ms = 0;      // slowest metric transaction
  double total_write_ms = 0;    // time spent inside transactions
  int64_t failed = 0;           // jobs or batches that raised
  std::string last_error;
};

class StoreWriter {
 public:
  using Job = std::function<void(SQLite::Database&)>;

  StoreWriter(std::unique_ptr<SQLite::Database> db, WriterOptions options);
  ~StoreWriter();  // writes everything queued, then stops the thread
  StoreWriter(const StoreWriter&) = delete;
  StoreWriter& operator=(const StoreWriter&) = delete;

  // Queues `job` (run in a transaction on the writer thread) and returns at once.
  void post(Job job);

  // Queues `job` and waits for it; its exception, if any, is rethrown here.
  template <typename R>
  R call(std::function<R(SQLite::Database&)> job);
  void call_void(Job job);

  // Never blocks on the database: appends to the current batch.
  void add_metric(int64_t run_id, const std::string& key, int64_t step, double value);

  // Returns once everything queued before this call is committed.
  void flush();

  WriterStats stats() const;

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
  };

  void loop();
  bool ready_locked(std::chrono::steady_clock::time_point now) const;
  void write_entry(Entry& e);
  void enqueue(Job job, Done done);

  std::unique_ptr<SQLite::Database> db_;
  WriterOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Entry> queue_;
  bool stopping_ = false;
  WriterStats stats_;
  std::thread thread_;
};

template <typename R>
R StoreWriter::call(std::function<R(SQLite::Database&)> job) {
  // The answer is handed over only after COMMIT, so the caller never acts
  // on a write that could still roll back.
  auto promise = std::make_shared<std::promise<R>>();
  auto value = std::make_shared<R>();
  auto future = promise->get_future();
  enqueue([value, job = std::move(job)](SQLite::Database& db) { *value = job(db); },
          [promise, value](std::exception_ptr error) {
            if (error) promise->set_exception(error);
            else promise->set_value(std::move(*value));
          });
  return future.get();
}

}  // namespace plumage::store

#include "core/store/store_writer.h"

#include "core/store/store_error.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <set>
#include <sqlite3.h>

namespace plumage::store {
namespace {

// Another connection holds the lock: worth waiting and trying again.
bool is_transient(const SQLite::Exception& e) {
  const int code = e.getErrorCode() & 0xff;
  return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

}  // namespace

StoreWriter::StoreWriter(std::unique_ptr<SQLite::Database> db, WriterOptions options, MetricGuard guard)
    : db_(std::move(db)), path_(db_->getFilename()), options_(options), guard_(std::move(guard)) {
  if (options_.metric_batch == 0) options_.metric_batch = 1;
  if (options_.retries < 0) options_.retries = 0;
  thread_ = std::thread([this] { loop(); });
}

StoreWriter::~StoreWriter() {
  {
    std::lock_guard<std::mutex> lk(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void StoreWriter::enqueue(Job job, Done done, int64_t run_id, std::string what) {
  {
    std::lock_guard<std::mutex> lk(mutex_);
    queue_.push_back(
        Entry{std::move(job), std::move(done), {}, std::chrono::steady_clock::now(), run_id, std::move(what)});
  }
  wake_.notify_one();
}

void StoreWriter::post(Job job, int64_t run_id, std::string what) {
  enqueue(std::move(job), {}, run_id, std::move(what));
}

void StoreWriter::call_void(Job job, int64_t run_id, std::string what) {
  auto promise = std::make_shared<std::promise<void>>();
  auto future = promise->get_future();
  enqueue(
      std::move(job),
      [promise](std::exception_ptr error) {
        if (error) promise->set_exception(error);
        else promise->set_value();
      },
      run_id, std::move(what));
  future.get();
}

std::exception_ptr StoreWriter::run_failure(int64_t run_id) const {
  std::lock_guard<std::mutex> lk(mutex_);
  const auto it = run_failures_.find(run_id);
  return it == run_failures_.end() ? nullptr : it->second;
}

void StoreWriter::clear_run_failure(int64_t run_id) {
  std::lock_guard<std::mutex> lk(mutex_);
  run_failures_.erase(run_id);
}

void StoreWriter::record_failure(int64_t run_id, std::exception_ptr error) {
  if (run_id <= 0 || !error) return;
  std::lock_guard<std::mutex> lk(mutex_);
  run_failures_.emplace(run_id, error);  // the first failure is the cause; keep it
}

void StoreWriter::flush() {
  call_void([](SQLite::Database&) {});
}

void StoreWriter::add_metric(int64_t run_id, const std::string& key, int64_t step, double value) {
  bool full = false;
  {
    std::lock_guard<std::mutex> lk(mutex_);
    if (queue_.empty() || queue_.back().job || queue_.back().metrics.size() >= options_.metric_batch) {
      queue_.push_back(Entry{{}, {}, {}, std::chrono::steady_clock::now(), 0, "metrics"});
      queue_.back().metrics.reserve(options_.metric_batch);
    }
    queue_.back().metrics.push_back(MetricRow{run_id, key, step, value});
    full = queue_.back().metrics.size() >= options_.metric_batch;
  }
  if (full) wake_.notify_one();
}

WriterStats StoreWriter::stats() const {
  std::lock_guard<std::mutex> lk(mutex_);
  return stats_;
}

bool StoreWriter::ready_locked(std::chrono::steady_clock::time_point now) const {
  if (queue_.empty()) return false;
  if (stopping_ || queue_.size() > 1 || queue_.front().job) return true;
  const Entry& only = queue_.front();
  return only.metrics.size() >= options_.metric_batch || now - only.since >= options_.flush_interval;
}

void StoreWriter::loop() {
  for (;;) {
    std::deque<Entry> work;
    {
      std::unique_lock<std::mutex> lk(mutex_);
      for (;;) {
        const auto now = std::chrono::steady_clock::now();
        if (ready_locked(now)) break;
        if (stopping_ && queue_.empty()) return;
        if (queue_.empty()) {
          wake_.wait(lk);
        } else {
          wake_.wait_until(lk, queue_.front().since + options_.flush_interval);
        }
      }
      work.swap(queue_);
      // A trailing batch that is neither full nor due keeps filling up.
      if (!stopping_ && work.size() > 1 && !work.back().job &&
          work.back().metrics.size() < options_.metric_batch &&
          std::chrono::steady_clock::now() - work.back().since < options_.flush_interval) {
        queue_.push_back(std::move(work.back()));
        work.pop_back();
      }
    }
    for (Entry& e : work) write_entry(e);
  }
}

// One transaction; throws what went wrong (after ROLLBACK).
void StoreWriter::write_once(Entry& e) {
  db_->exec("BEGIN IMMEDIATE");
  try {
    if (e.job) e.job(*db_);
    else write_metrics(e);
    db_->exec("COMMIT");
  } catch (...) {
    db_->tryExec("ROLLBACK");
    throw;
  }
}

void StoreWriter::write_metrics(Entry& e) {
  std::set<int64_t> skip;
  if (guard_) {
    std::set<int64_t> runs;
    for (const MetricRow& m : e.metrics) runs.insert(m.run_id);
    for (int64_t run : runs) {
      const std::string why = guard_(*db_, run);
      if (why.empty()) continue;
      skip.insert(run);
      record_failure(run, std::make_exception_ptr(RunNotOwned(path_ + ": metrics not written: " + why)));
    }
  }
  SQLite::Statement ins(*db_,
      "INSERT INTO metrics(run_id, key, step, value) VALUES (?, ?, ?, ?) "
      "ON CONFLICT(run_id, key, step) DO UPDATE SET value = excluded.value");
  for (const MetricRow& m : e.metrics) {
    if (skip.count(m.run_id)) continue;
    ins.bind(1, static_cast<int64_t>(m.run_id));
    ins.bind(2, m.key);
    ins.bind(3, static_cast<int64_t>(m.step));
    ins.bind(4, m.value);
    ins.exec();
    ins.reset();
  }
}

void StoreWriter::write_entry(Entry& e) {
  const auto t0 = std::chrono::steady_clock::now();
  std::string error;
  std::exception_ptr failure;
  for (int attempt = 0;; ++attempt) {
    try {
      write_once(e);
      break;
    } catch (const SQLite::Exception& ex) {
      if (is_transient(ex) && attempt < options_.retries) {
        {
          std::lock_guard<std::mutex> lk(mutex_);
          ++stats_.retries;
        }
        std::this_thread::sleep_for(options_.retry_backoff * (int64_t{1} << std::min(attempt, 16)));
        continue;
      }
      const std::string what =
          e.job ? e.what : std::to_string(e.metrics.size()) + " metric rows";
      error = path_ + ": writing " + what + " failed" +
              (attempt > 0 ? " (after " + std::to_string(attempt + 1) + " tries)" : std::string()) + ": " +
              ex.what();
      failure = std::make_exception_ptr(StoreWriteError(error));
      break;
    } catch (const std::exception& ex) {
      error = ex.what();
      failure = std::current_exception();
      break;
    } catch (...) {
      error = "unknown error";
      failure = std::current_exception();
      break;
    }
  }
  if (failure) {
    if (e.job) {
      record_failure(e.run_id, failure);
    } else {
      std::set<int64_t> runs;
      for (const MetricRow& m : e.metrics) runs.insert(m.run_id);
      for (int64_t run : runs) record_failure(run, failure);
    }
  }
  if (e.done) e.done(failure);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::lock_guard<std::mutex> lk(mutex_);
  stats_.total_write_ms += ms;
  if (!error.empty()) {
    ++stats_.failed;
    stats_.last_error = error;
  } else if (e.job) {
    ++stats_.jobs;
  } else {
    ++stats_.batches;
    stats_.metric_rows += static_cast<int64_t>(e.metrics.size());
    if (ms > stats_.max_batch_ms) stats_.max_batch_ms = ms;
  }
}

}  // namespace plumage::store

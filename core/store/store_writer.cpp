#include "core/store/store_writer.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace plumage::store {

StoreWriter::StoreWriter(std::unique_ptr<SQLite::Database> db, WriterOptions options)
    : db_(std::move(db)), options_(options) {
  if (options_.metric_batch == 0) options_.metric_batch = 1;
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

void StoreWriter::enqueue(Job job, Done done) {
  {
    std::lock_guard<std::mutex> lk(mutex_);
    queue_.push_back(Entry{std::move(job), std::move(done), {}, std::chrono::steady_clock::now()});
  }
  wake_.notify_one();
}

void StoreWriter::post(Job job) { enqueue(std::move(job), {}); }

void StoreWriter::call_void(Job job) {
  auto promise = std::make_shared<std::promise<void>>();
  auto future = promise->get_future();
  enqueue(std::move(job), [promise](std::exception_ptr error) {
    if (error) promise->set_exception(error);
    else promise->set_value();
  });
  future.get();
}

void StoreWriter::flush() {
  call_void([](SQLite::Database&) {});
}

void StoreWriter::add_metric(int64_t run_id, const std::string& key, int64_t step, double value) {
  bool full = false;
  {
    std::lock_guard<std::mutex> lk(mutex_);
    if (queue_.empty() || queue_.back().job || queue_.back().metrics.size() >= options_.metric_batch) {
      queue_.push_back(Entry{{}, {}, {}, std::chrono::steady_clock::now()});
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

void StoreWriter::write_entry(Entry& e) {
  const auto t0 = std::chrono::steady_clock::now();
  std::string error;
  std::exception_ptr failure;
  try {
    db_->exec("BEGIN IMMEDIATE");
    try {
      if (e.job) {
        e.job(*db_);
      } else {
        SQLite::Statement ins(*db_,
            "INSERT INTO metrics(run_id, key, step, value) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(run_id, key, step) DO UPDATE SET value = excluded.value");
        for (const MetricRow& m : e.metrics) {
          ins.bind(1, static_cast<int64_t>(m.run_id));
          ins.bind(2, m.key);
          ins.bind(3, static_cast<int64_t>(m.step));
          ins.bind(4, m.value);
          ins.exec();
          ins.reset();
        }
      }
      db_->exec("COMMIT");
    } catch (...) {
      db_->tryExec("ROLLBACK");
      throw;
    }
  } catch (const std::exception& ex) {
    error = ex.what();
    failure = std::current_exception();
  } catch (...) {
    error = "unknown error";
    failure = std::current_exception();
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

// A prefetching reader: one background thread makes the batches in order,
// one ahead of the trainer (gathers the rows from the memory-mapped token
// file, converts them, copies them to the device), so the device does not
// wait on the disk or on the conversion. One thread for the whole run, not
// one per batch: starting a thread (and its OpenMP team) per step cost more
// than a small step.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace plumage::train {

template <class T>
class Prefetcher {
 public:
  // `make(i)` for i in [0, n), in order, on the background thread; or, when
  // not `background`, in take() on the caller's thread (for batches so small
  // that handing them between threads costs more than making them).
  Prefetcher(int64_t n, std::function<T(int64_t)> make, bool background = true)
      : n_(n), make_(std::move(make)), background_(background) {
    if (n_ > 0 && background_) worker_ = std::thread([this] { run(); });
  }
  ~Prefetcher() {
    {
      std::lock_guard<std::mutex> lk(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    if (worker_.joinable()) worker_.join();  // never leave a thread using the caller's data
  }
  Prefetcher(const Prefetcher&) = delete;
  Prefetcher& operator=(const Prefetcher&) = delete;

  // The next item, in order; rethrows what `make` threw for it.
  T take() {
    if (!background_) return make_(next_++);
    std::unique_lock<std::mutex> lk(mutex_);
    cv_.wait(lk, [this] { return slot_.has_value() || error_; });
    if (!slot_) std::rethrow_exception(error_);
    T out = std::move(*slot_);
    slot_.reset();
    lk.unlock();
    cv_.notify_all();
    return out;
  }

 private:
  void run() {
    for (int64_t i = 0; i < n_; ++i) {
      std::optional<T> item;
      std::exception_ptr error;
      try {
        item = make_(i);
      } catch (...) {
        error = std::current_exception();
      }
      std::unique_lock<std::mutex> lk(mutex_);
      cv_.wait(lk, [this] { return !slot_.has_value() || stop_; });
      if (stop_) return;
      if (error) {
        error_ = error;
        cv_.notify_all();
        return;
      }
      slot_ = std::move(item);
      cv_.notify_all();
    }
  }

  int64_t n_ = 0, next_ = 0;
  std::function<T(int64_t)> make_;
  bool background_ = true;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::optional<T> slot_;
  std::exception_ptr error_;
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace plumage::train

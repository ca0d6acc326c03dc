// Client-side rate limits shared by all workers of a batch: requests per
// minute and tokens per minute over a sliding 60 s window, plus a global pause
// when the server answers 429 with Retry-After (the limit is per account, so
// every worker should wait, not only the one that was told).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

namespace plumage::llm {

struct RateLimits {
  double requests_per_minute = 0;  // 0 = no limit
  double tokens_per_minute = 0;    // 0 = no limit
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RateLimiter(RateLimits limits, std::chrono::duration<double> window = std::chrono::seconds(60));

  // Earliest time a request estimated at `tokens` may start, given the
  // requests already admitted. A request larger than the whole token budget is
  // admitted once the window is empty (otherwise it could never run).
  Clock::time_point next_allowed(Clock::time_point now, long long tokens);

  // Blocks until the request may start and records it; returns a ticket for
  // settle(), or -1 when `should_stop` returned true while waiting.
  long long acquire(long long estimated_tokens, const std::function<bool()>& should_stop);
  // Replaces the estimate with the tokens the server reported.
  void settle(long long ticket, long long actual_tokens);
  // Nobody starts a request before `until`.
  void pause_until(Clock::time_point until);

  // Records a request admitted at `now` without waiting (for tests).
  long long admit(Clock::time_point now, long long tokens);

 private:
  struct Entry {
    long long ticket;
    Clock::time_point at;
    long long tokens;
  };
  void expire(Clock::time_point now);

  RateLimits limits_;
  Clock::duration window_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Entry> entries_;
  long long tokens_in_window_ = 0;
  long long next_ticket_ = 0;
  Clock::time_point paused_until_{};
};

}  // namespace plumage::llm

#include "core/llm/rate_limiter.h"

#include <algorithm>

namespace plumage::llm {

RateLimiter::RateLimiter(RateLimits limits, std::chrono::duration<double> window)
    : limits_(limits), window_(std::chrono::duration_cast<Clock::duration>(window)) {}

void RateLimiter::expire(Clock::time_point now) {
  while (!entries_.empty() && entries_.front().at + window_ <= now) {
    tokens_in_window_ -= entries_.front().tokens;
    entries_.pop_front();
  }
}

RateLimiter::Clock::time_point RateLimiter::next_allowed(Clock::time_point now, long long tokens) {
  expire(now);
  Clock::time_point t = std::max(now, paused_until_);
  if (limits_.requests_per_minute > 0) {
    const auto cap = static_cast<std::size_t>(std::max(1.0, limits_.requests_per_minute));
    if (entries_.size() >= cap) t = std::max(t, entries_[entries_.size() - cap].at + window_);
  }
  if (limits_.tokens_per_minute > 0 && !entries_.empty()) {
    const auto budget = static_cast<long long>(limits_.tokens_per_minute);
    // Walk forward until enough of the window has expired to fit `tokens`.
    long long in_window = tokens_in_window_;
    std::size_t i = 0;
    while (in_window + tokens > budget && i < entries_.size()) {
      in_window -= entries_[i].tokens;
      t = std::max(t, entries_[i].at + window_);
      ++i;
    }
  }
  return t;
}

long long RateLimiter::admit(Clock::time_point now, long long tokens) {
  expire(now);
  entries_.push_back({next_ticket_, now, tokens});
  tokens_in_window_ += tokens;
  return next_ticket_++;
}

long long RateLimiter::acquire(long long estimated_tokens, const std::function<bool()>& should_stop) {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    if (should_stop && should_stop()) return -1;
    const auto now = Clock::now();
    const auto at = next_allowed(now, estimated_tokens);
    if (at <= now) return admit(now, estimated_tokens);
    // Wake at least every 100 ms to notice cancellation.
    cv_.wait_until(lock, std::min(at, now + std::chrono::milliseconds(100)));
  }
}

void RateLimiter::settle(long long ticket, long long actual_tokens) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& e : entries_) {
    if (e.ticket == ticket) {
      tokens_in_window_ += actual_tokens - e.tokens;
      e.tokens = actual_tokens;
      break;
    }
  }
  cv_.notify_all();
}

void RateLimiter::pause_until(Clock::time_point until) {
  std::lock_guard<std::mutex> lock(mu_);
  paused_until_ = std::max(paused_until_, until);
}

}  // namespace plumage::llm

// How often and how long to wait before asking again after a transient
// failure (429, 5xx, timeout, dropped connection): exponential backoff with
// jitter, and the server's Retry-After when it sent one.
#pragma once

#include <chrono>
#include <optional>
#include <random>

namespace plumage::llm {

struct RetryPolicy {
  int max_attempts = 5;             // requests per round, first one included
  int max_validation_retries = 1;   // extra rounds after an answer that did not validate
  double base_delay_s = 1.0;        // first backoff
  double max_delay_s = 60.0;        // backoff cap
  double jitter = 0.5;              // fraction of the delay that is randomised away
  double max_retry_after_s = 300;   // longer Retry-After: give up on this attempt chain

  // Requests one (class, variant) job can send at most.
  int max_requests_per_job() const { return max_attempts * (1 + max_validation_retries); }
};

// Delay before attempt `attempt` (2 = first retry). A server Retry-After wins
// over the computed backoff (never shorter than it). `u01` is uniform in [0,1).
double backoff_delay_s(const RetryPolicy& p, int attempt, std::optional<double> retry_after_s, double u01);

}  // namespace plumage::llm

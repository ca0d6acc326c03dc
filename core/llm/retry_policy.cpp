#include "core/llm/retry_policy.h"

#include <algorithm>
#include <cmath>

namespace plumage::llm {

double backoff_delay_s(const RetryPolicy& p, int attempt, std::optional<double> retry_after_s, double u01) {
  const int exponent = std::max(0, attempt - 2);
  double d = std::min(p.max_delay_s, p.base_delay_s * std::pow(2.0, std::min(exponent, 30)));
  // Jitter spreads retries of many workers so they do not hit the server in step.
  d *= 1.0 - p.jitter * std::clamp(u01, 0.0, 1.0);
  if (retry_after_s) d = std::max(d, *retry_after_s);
  return std::max(0.0, d);
}

}  // namespace plumage::llm

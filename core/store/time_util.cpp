#include "core/store/time_util.h"

#include <ctime>

namespace plumage::store {

std::string iso8601_utc(int64_t unix_ms) {
  if (unix_ms <= 0) return "";
  std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace plumage::store

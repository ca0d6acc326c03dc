// Wall-clock time as stored in the store: Unix milliseconds.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace plumage::store {

inline int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// "2026-11-27T15:06:10Z" for a Unix-milliseconds time; "" for 0.
std::string iso8601_utc(int64_t unix_ms);

}  // namespace plumage::store

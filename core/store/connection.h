// Opening SQLite connections with the store's settings. Internal to
// core/store (callers use RunStore / StoreReader).
#pragma once

#include <memory>
#include <string>

namespace SQLite {
class Database;
}

namespace plumage::store {

constexpr int kBusyTimeoutMs = 10000;

// Read-write, created if missing; WAL, synchronous=NORMAL, foreign keys on.
// A write waits up to `busy_timeout_ms` for another connection's lock.
std::unique_ptr<SQLite::Database> open_write_connection(const std::string& path,
                                                        int busy_timeout_ms = kBusyTimeoutMs);

// Read-only; never writes, so it never takes the write lock.
std::unique_ptr<SQLite::Database> open_read_connection(const std::string& path);

}  // namespace plumage::store

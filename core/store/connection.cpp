#include "core/store/connection.h"

#include "core/store/store_error.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <filesystem>

namespace plumage::store {

std::unique_ptr<SQLite::Database> open_write_connection(const std::string& path, int busy_timeout_ms) {
  std::unique_ptr<SQLite::Database> db;
  try {
    db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE,
                                            busy_timeout_ms);
    SQLite::Statement wal(*db, "PRAGMA journal_mode=WAL");
    if (!wal.executeStep() || wal.getColumn(0).getString() != "wal") {
      throw StoreError(path + ": could not switch the store to WAL mode");
    }
    db->exec("PRAGMA synchronous=NORMAL");
    db->exec("PRAGMA foreign_keys=ON");
  } catch (const SQLite::Exception& e) {
    throw StoreError(path + ": cannot open the store for writing: " + e.what());
  }
  return db;
}

std::unique_ptr<SQLite::Database> open_read_connection(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw StoreError(path + ": no such store file");
  try {
    auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READONLY, kBusyTimeoutMs);
    return db;
  } catch (const SQLite::Exception& e) {
    throw StoreError(path + ": cannot open the store for reading: " + e.what());
  }
}

}  // namespace plumage::store

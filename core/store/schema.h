// Store schema: a version table plus forward-only migrations. Migration i
// takes a store from version i to i+1 inside one transaction, so a store is
// always at a whole version, and an older Plumage refuses a newer store
// instead of misreading it.
#pragma once

namespace SQLite {
class Database;
}

namespace plumage::store {

// Version a fully migrated store has.
int current_schema_version();

// Version recorded in `db` (0 for an empty database).
int schema_version(SQLite::Database& db);

// Brings `db` to current_schema_version(). Throws StoreError when the store
// is newer than this program.
void migrate(SQLite::Database& db, const char* store_path);

}  // namespace plumage::store

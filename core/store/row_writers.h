// Writing feature_sets and results rows: one statement each for the run
// store and for merge, so both carry every column.
#pragma once

#include "core/store/records.h"

#include <cstdint>

namespace SQLite {
class Database;
class Statement;
}

namespace plumage::store {

// Binds metrics, per_class, confusion and predictions of `r` to the
// parameters first..first+3 (JSON text; NULL for null or discarded values).
void bind_result_columns(SQLite::Statement& q, int first, const RunResult& r);

// INSERT of `f` with `dataset_id` (0 = none) and `created_ms`; the caller
// reads the new id with getLastInsertRowid.
void insert_feature_set(SQLite::Database& db, const FeatureSetInfo& f, int64_t dataset_id, int64_t created_ms);

}  // namespace plumage::store

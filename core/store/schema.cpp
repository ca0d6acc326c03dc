#include "core/store/schema.h"

#include "core/store/store_error.h"
#include "core/store/time_util.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <string>
#include <vector>

namespace plumage::store {
namespace {

// Times are Unix milliseconds (INTEGER); JSON columns hold compact JSON text.
const char* const kV1 = R"SQL(
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  root TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  num_classes INTEGER,
  created_ms INTEGER NOT NULL,
  UNIQUE (name, root)
);
CREATE TABLE feature_sets (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  path TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  kind TEXT NOT NULL,
  model TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL,
  UNIQUE (path, content_hash)
);
CREATE TABLE experiments (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL DEFAULT '',
  config TEXT NOT NULL,
  config_hash TEXT NOT NULL UNIQUE,
  created_ms INTEGER NOT NULL
);
CREATE TABLE sweeps (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  config TEXT NOT NULL,
  config_hash TEXT NOT NULL UNIQUE,
  created_ms INTEGER NOT NULL
);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  experiment_id INTEGER REFERENCES experiments(id) ON DELETE SET NULL,
  status TEXT NOT NULL DEFAULT 'QUEUED'
    CHECK (status IN ('QUEUED','RUNNING','DONE','FAILED','CANCELLED','INTERRUPTED')),
  seed INTEGER NOT NULL DEFAULT 0,
  config TEXT NOT NULL,
  plan TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL,
  started_ms INTEGER,
  finished_ms INTEGER,
  heartbeat_ms INTEGER,
  device TEXT,
  code_version TEXT,
  torch_version TEXT,
  host TEXT,
  pid INTEGER,
  error TEXT
);
CREATE INDEX runs_status ON runs(status);
CREATE TABLE sweep_runs (
  sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (sweep_id, run_id)
) WITHOUT ROWID;
CREATE INDEX sweep_runs_run ON sweep_runs(run_id);
CREATE TABLE run_feature_sets (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  feature_set_id INTEGER NOT NULL REFERENCES feature_sets(id),
  PRIMARY KEY (run_id, role)
) WITHOUT ROWID;
CREATE TABLE metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  step INTEGER NOT NULL,
  value REAL,
  PRIMARY KEY (run_id, key, step)
) WITHOUT ROWID;
CREATE TABLE results (
  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  metrics TEXT NOT NULL,
  per_class TEXT,
  confusion TEXT
);
CREATE TABLE artifacts (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  path TEXT NOT NULL,
  content_hash TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL,
  UNIQUE (run_id, kind, path)
);
)SQL";

// v2: a note and tags on every run and sweep (tags: a JSON list of strings).
constexpr const char* kV2 = R"SQL(
ALTER TABLE runs ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE sweeps ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE sweeps ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
)SQL";

// v3: what a run read, in full: the CLIP weights hash of each input, its
// rows, and a converter's training record (JSON); and each result's
// per-image predictions on the test split (JSON), for tests over images.
constexpr const char* kV3 = R"SQL(
ALTER TABLE results ADD COLUMN predictions TEXT;
ALTER TABLE feature_sets ADD COLUMN weights_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE feature_sets ADD COLUMN row_count INTEGER NOT NULL DEFAULT -1;
ALTER TABLE feature_sets ADD COLUMN details TEXT;
)SQL";

// Append new migrations here; never edit a released one.
const std::vector<const char*>& migrations() {
  static const std::vector<const char*> m = {kV1, kV2, kV3};
  return m;
}

}  // namespace

int current_schema_version() { return static_cast<int>(migrations().size()); }

int schema_version(SQLite::Database& db) {
  if (!db.tableExists("schema_version")) return 0;
  SQLite::Statement q(db, "SELECT MAX(version) FROM schema_version");
  if (!q.executeStep() || q.getColumn(0).isNull()) return 0;
  return q.getColumn(0).getInt();
}

void migrate(SQLite::Database& db, const char* store_path) {
  // IMMEDIATE: two processes opening a fresh store must not both migrate.
  db.exec("BEGIN IMMEDIATE");
  try {
    db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_ms INTEGER NOT NULL)");
    int v = schema_version(db);
    if (v > current_schema_version()) {
      throw StoreError(std::string(store_path) + ": store schema version " + std::to_string(v) +
                       " is newer than this Plumage understands (" +
                       std::to_string(current_schema_version()) + "); update Plumage");
    }
    for (; v < current_schema_version(); ++v) {
      db.exec(migrations()[static_cast<size_t>(v)]);
      SQLite::Statement ins(db,
          "INSERT INTO schema_version(version, applied_ms) VALUES (?, ?)");
      ins.bind(1, v + 1);
      ins.bind(2, static_cast<int64_t>(now_ms()));
      ins.exec();
    }
    db.exec("COMMIT");
  } catch (...) {
    db.tryExec("ROLLBACK");
    throw;
  }
}

}  // namespace plumage::store

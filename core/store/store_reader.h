// The read side of the experiment store: its own read-only connection, so
// the GUI or a table export can poll while a runner writes. In WAL mode a
// reader sees the last committed state and never blocks the writer.
#pragma once

#include "core/store/records.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace plumage::store {

struct SweepRunLink {
  int64_t sweep_id = 0;
  int64_t run_id = 0;
  int position = 0;
};

class StoreReader {
 public:
  // Throws StoreError when the file is missing, not a store, or at another
  // schema version than this program's.
  explicit StoreReader(const std::string& path);
  ~StoreReader();
  StoreReader(const StoreReader&) = delete;
  StoreReader& operator=(const StoreReader&) = delete;

  const std::string& path() const { return path_; }
  int schema_version();

  std::vector<SweepInfo> sweeps();
  // By numeric id or by name (the newest sweep of that name).
  std::optional<SweepInfo> find_sweep(const std::string& id_or_name);
  std::vector<SweepRunLink> sweep_links();

  // Runs of a sweep in sweep order, or all runs (sweep_id 0) by id.
  std::vector<RunInfo> runs(int64_t sweep_id = 0);
  std::optional<RunInfo> run(int64_t run_id);
  std::optional<RunInfo> run_by_key(const std::string& key);
  std::map<std::string, int> status_counts(int64_t sweep_id = 0);

  // Metric points of a run, ordered by key then step; `key` "" = all keys;
  // only steps > after_step (for polling).
  std::vector<MetricPoint> metrics(int64_t run_id, const std::string& key = "", int64_t after_step = -1);
  int64_t metric_row_count(int64_t run_id = 0);  // 0 = all runs
  std::optional<RunResult> result(int64_t run_id);
  std::vector<ArtifactInfo> artifacts(int64_t run_id);
  // Every artifact of `kind` ("converter", ...), newest run first: one query
  // where listing them run by run would be one per run.
  std::vector<ArtifactInfo> artifacts_of_kind(const std::string& kind);
  std::vector<DatasetInfo> datasets();
  std::vector<FeatureSetInfo> feature_sets();
  // role → feature set id
  std::map<std::string, int64_t> run_feature_sets(int64_t run_id);
  // What a run read (role, e.g. "features.image", "converter"), by role.
  std::vector<std::pair<std::string, FeatureSetInfo>> run_inputs(int64_t run_id);

  // "ok", or SQLite's list of problems.
  std::string integrity_check();

 private:
  std::string path_;
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace plumage::store

// The write side of the experiment store. One RunStore per process and store
// file: it owns the single write connection (through StoreWriter's thread).
// Opening it migrates the schema and marks runs left RUNNING by a dead
// process as INTERRUPTED. Readers (the GUI, `runs table`) use StoreReader.
//
// Writes about a run go through only while this process owns it (RUNNING,
// this host, this pid): a process stopped for minutes whose run was taken
// over meanwhile gets RunNotOwned instead of overwriting the new owner's
// work. A write the database refuses surfaces as StoreWriteError, either at
// once (synchronous calls) or through run_failure() (queued ones).
#pragma once

#include "core/store/records.h"
#include "core/store/store_writer.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace plumage::store {

struct StoreOptions {
  // A RUNNING run whose heartbeat is older than this is taken as abandoned.
  // Runs of a process on this host are judged by its pid instead: taken at
  // once when it is dead, never while it lives (stopped with Ctrl-Z, say).
  std::chrono::milliseconds stale_heartbeat{std::chrono::minutes(2)};
  // How long one write waits for another process's lock before it is retried.
  std::chrono::milliseconds busy_timeout{std::chrono::seconds(10)};
  WriterOptions writer;
};

class RunStore {
 public:
  // Creates the file (and its directory) if needed. Throws StoreError on a
  // network filesystem, an unreadable file or a newer schema.
  explicit RunStore(const std::string& path, StoreOptions options = {});
  ~RunStore();  // writes everything still queued
  RunStore(const RunStore&) = delete;
  RunStore& operator=(const RunStore&) = delete;

  const std::string& path() const { return path_; }
  // How many RUNNING runs were marked INTERRUPTED when this store opened.
  int recovered_runs() const { return recovered_; }

  // Insert-or-find by config hash; returns the id.
  int64_t ensure_sweep(const std::string& name, const nlohmann::json& config, const std::string& config_hash);
  int64_t ensure_experiment(const std::string& name, const nlohmann::json& config, const std::string& config_hash);
  // Adds a QUEUED run unless one with `key` exists; links it to `sweep_id`
  // (0 = no sweep) at `position`. Returns the run id either way.
  int64_t ensure_run(int64_t sweep_id, int position, const std::string& key, int64_t seed,
                     const nlohmann::json& config, int64_t experiment_id = 0);

  // Takes a runnable run (QUEUED, INTERRUPTED, FAILED, CANCELLED) to RUNNING
  // for this process, dropping metrics and results of earlier attempts.
  // False when the run is DONE or RUNNING (another process has it).
  bool claim_run(int64_t run_id, const RunClaim& claim);
  void set_plan(int64_t run_id, const nlohmann::json& plan);
  // Queued, returns at once; a failure (or a lost run) is left with the run.
  void heartbeat(int64_t run_id);
  // Queued into the current batch, returns at once; upserts (run, key, step).
  // Rows of a run this process no longer owns are dropped (see run_failure).
  void log_metric(int64_t run_id, const std::string& key, int64_t step, double value);
  // DONE with its results, after every metric logged before it. Throws
  // (writing nothing) when one of the run's queued writes failed, or
  // RunNotOwned when the run is no longer this process's.
  void finish_run(int64_t run_id, const RunResult& result);
  // FAILED / CANCELLED / INTERRUPTED with the reason; RunNotOwned as above.
  void end_run(int64_t run_id, RunStatus status, const std::string& error);

  // The first queued write of the run (metric batch, heartbeat, plan,
  // artifact) that failed since it was claimed; null when none did.
  std::exception_ptr run_failure(int64_t run_id) const;
  // Rethrows run_failure(run_id), if any.
  void check_run(int64_t run_id) const;

  int64_t add_artifact(int64_t run_id, const std::string& kind, const std::string& path,
                       const std::string& content_hash);
  int64_t ensure_dataset(const DatasetInfo& d);            // by (name, root)
  int64_t ensure_feature_set(const FeatureSetInfo& f);     // by (path, content_hash)
  void link_feature_set(int64_t run_id, const std::string& role, int64_t feature_set_id);

  // Notes and tags on a run or a sweep (store/annotations.h): `note` replaces
  // the note when given; tags are added, then removed; the list stays sorted
  // and unique. Throws std::invalid_argument for an unknown id or a bad tag.
  enum class Target { Run, Sweep };
  void annotate(Target target, int64_t id, const std::optional<std::string>& note,
                const std::vector<std::string>& add_tags, const std::vector<std::string>& remove_tags);

  void flush();  // returns once everything queued is committed
  WriterStats writer_stats() const { return writer_->stats(); }
  StoreWriter& writer() { return *writer_; }

 private:
  int recover_abandoned_runs(std::chrono::milliseconds stale);
  // Throws RunNotOwned unless the run is RUNNING for this host and pid
  // (`strict` false: unless it is RUNNING for another process).
  void require_owned(SQLite::Database& db, int64_t run_id, bool strict = true) const;

  std::string path_;
  std::string host_;
  std::unique_ptr<StoreWriter> writer_;
  int recovered_ = 0;
};

// This machine's host name (recorded with each claimed run).
std::string host_name();

}  // namespace plumage::store

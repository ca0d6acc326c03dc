#include "core/store/store_merge.h"

#include "core/store/annotations.h"
#include "core/store/row_writers.h"

#include "core/store/run_store.h"
#include "core/store/store_error.h"
#include "core/store/store_reader.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <map>
#include <vector>

namespace plumage::store {
namespace {

using Db = SQLite::Database;

struct SourceRun {
  RunInfo run;
  std::vector<MetricPoint> metrics;
  std::optional<RunResult> result;
  std::vector<ArtifactInfo> artifacts;
  std::map<std::string, int64_t> feature_sets;  // role → source feature set id
  int64_t experiment_id = 0;
};

struct Source {
  std::vector<SweepInfo> sweeps;
  std::vector<SweepRunLink> links;
  std::vector<DatasetInfo> datasets;
  std::vector<FeatureSetInfo> feature_sets;
  std::vector<SourceRun> runs;
};

Source read_source(const std::string& path) {
  StoreReader r(path);
  Source s;
  s.sweeps = r.sweeps();
  s.links = r.sweep_links();
  s.datasets = r.datasets();
  s.feature_sets = r.feature_sets();
  for (RunInfo& run : r.runs()) {
    SourceRun sr;
    sr.metrics = r.metrics(run.id);
    sr.result = r.result(run.id);
    sr.artifacts = r.artifacts(run.id);
    sr.feature_sets = r.run_feature_sets(run.id);
    sr.run = std::move(run);
    s.runs.push_back(std::move(sr));
  }
  return s;
}

int64_t lookup(Db& db, const std::string& sql, const std::vector<std::string>& args) {
  SQLite::Statement q(db, sql);
  for (size_t i = 0; i < args.size(); ++i) q.bind(static_cast<int>(i + 1), args[i]);
  return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

void bind_opt_text(SQLite::Statement& s, int i, const std::string& v) {
  if (v.empty()) s.bind(i);
  else s.bind(i, v);
}
void bind_opt_int(SQLite::Statement& s, int i, int64_t v) {
  if (v == 0) s.bind(i);
  else s.bind(i, static_cast<int64_t>(v));
}
void bind_json(SQLite::Statement& s, int i, const nlohmann::json& j) {
  if (j.is_null()) s.bind(i);
  else s.bind(i, j.dump());
}

// Writes every column of `r` into run `id` (existing row).
void write_run_row(Db& db, int64_t id, const RunInfo& r) {
  SQLite::Statement u(db,
      "UPDATE runs SET status = ?, seed = ?, config = ?, plan = ?, attempts = ?, created_ms = ?, started_ms = ?, "
      "finished_ms = ?, heartbeat_ms = ?, device = ?, code_version = ?, torch_version = ?, host = ?, pid = ?, "
      "error = ? WHERE id = ?");
  u.bind(1, to_string(r.status));
  u.bind(2, static_cast<int64_t>(r.seed));
  bind_json(u, 3, r.config);
  bind_json(u, 4, r.plan);
  u.bind(5, r.attempts);
  u.bind(6, static_cast<int64_t>(r.created_ms));
  bind_opt_int(u, 7, r.started_ms);
  bind_opt_int(u, 8, r.finished_ms);
  bind_opt_int(u, 9, r.heartbeat_ms);
  bind_opt_text(u, 10, r.device);
  bind_opt_text(u, 11, r.code_version);
  bind_opt_text(u, 12, r.torch_version);
  bind_opt_text(u, 13, r.host);
  bind_opt_int(u, 14, r.pid);
  bind_opt_text(u, 15, r.error);
  u.bind(16, static_cast<int64_t>(id));
  u.exec();
}

int64_t copy_run_data(Db& db, int64_t id, const SourceRun& sr, const std::map<int64_t, int64_t>& fs_map) {
  for (const char* sql : {"DELETE FROM metrics WHERE run_id = ?", "DELETE FROM results WHERE run_id = ?",
                          "DELETE FROM artifacts WHERE run_id = ?", "DELETE FROM run_feature_sets WHERE run_id = ?"}) {
    SQLite::Statement d(db, sql);
    d.bind(1, static_cast<int64_t>(id));
    d.exec();
  }
  SQLite::Statement m(db, "INSERT INTO metrics(run_id, key, step, value) VALUES (?, ?, ?, ?)");
  for (const MetricPoint& p : sr.metrics) {
    m.bind(1, static_cast<int64_t>(id));
    m.bind(2, p.key);
    m.bind(3, static_cast<int64_t>(p.step));
    if (std::isnan(p.value)) m.bind(4);
    else m.bind(4, p.value);
    m.exec();
    m.reset();
  }
  if (sr.result) {
    SQLite::Statement r(db,
        "INSERT INTO results(run_id, metrics, per_class, confusion, predictions) VALUES (?, ?, ?, ?, ?)");
    r.bind(1, static_cast<int64_t>(id));
    bind_result_columns(r, 2, *sr.result);
    r.exec();
  }
  for (const ArtifactInfo& a : sr.artifacts) {
    SQLite::Statement q(db,
        "INSERT INTO artifacts(run_id, kind, path, content_hash, created_ms) VALUES (?, ?, ?, ?, ?)");
    q.bind(1, static_cast<int64_t>(id));
    q.bind(2, a.kind);
    q.bind(3, a.path);
    q.bind(4, a.content_hash);
    q.bind(5, static_cast<int64_t>(a.created_ms));
    q.exec();
  }
  for (const auto& [role, src_fs] : sr.feature_sets) {
    auto it = fs_map.find(src_fs);
    if (it == fs_map.end()) continue;
    SQLite::Statement q(db, "INSERT INTO run_feature_sets(run_id, role, feature_set_id) VALUES (?, ?, ?)");
    q.bind(1, static_cast<int64_t>(id));
    q.bind(2, role);
    q.bind(3, static_cast<int64_t>(it->second));
    q.exec();
  }
  return static_cast<int64_t>(sr.metrics.size());
}

// Notes and tags travel with their run or sweep: tags united, differing notes both kept.
void merge_annotations(Db& db, const std::string& table, int64_t id, const std::string& note,
                       const std::vector<std::string>& tags) {
  if (note.empty() && tags.empty()) return;
  SQLite::Statement q(db, "SELECT note, tags FROM " + table + " WHERE id = ?");
  q.bind(1, static_cast<int64_t>(id));
  if (!q.executeStep()) return;
  const std::vector<std::string> have = unite_tags(parse_tags(q.getColumn(1).getString()), tags);
  SQLite::Statement u(db, "UPDATE " + table + " SET note = ?, tags = ? WHERE id = ?");
  u.bind(1, merge_notes(q.getColumn(0).getString(), note));
  u.bind(2, nlohmann::json(have).dump());
  u.bind(3, static_cast<int64_t>(id));
  u.exec();
}

}  // namespace

MergeReport merge_store(RunStore& into, const std::string& from_path) {
  std::error_code ec;
  if (std::filesystem::equivalent(into.path(), from_path, ec)) {
    throw StoreError(from_path + ": cannot merge a store into itself");
  }
  const Source src = read_source(from_path);
  return into.writer().call<MergeReport>([&](Db& db) {
    MergeReport rep;
    std::map<int64_t, int64_t> dataset_map, fs_map, sweep_map, run_map;
    for (const DatasetInfo& d : src.datasets) {
      int64_t id = lookup(db, "SELECT id FROM datasets WHERE name = ? AND root = ?", {d.name, d.root});
      if (id == 0) {
        SQLite::Statement q(db, "INSERT INTO datasets(name, root, kind, num_classes, created_ms) VALUES (?, ?, ?, ?, 0)");
        q.bind(1, d.name);
        q.bind(2, d.root);
        q.bind(3, d.kind);
        q.bind(4, static_cast<int64_t>(d.num_classes));
        q.exec();
        id = db.getLastInsertRowid();
      }
      dataset_map[d.id] = id;
    }
    for (const FeatureSetInfo& f : src.feature_sets) {
      int64_t id = lookup(db, "SELECT id FROM feature_sets WHERE path = ? AND content_hash = ?", {f.path, f.content_hash});
      if (id == 0) {
        auto dm = dataset_map.find(f.dataset_id);
        insert_feature_set(db, f, dm == dataset_map.end() ? 0 : dm->second, 0);
        id = db.getLastInsertRowid();
      }
      fs_map[f.id] = id;
    }
    for (const SweepInfo& s : src.sweeps) {
      int64_t id = lookup(db, "SELECT id FROM sweeps WHERE config_hash = ?", {s.config_hash});
      if (id == 0) {
        SQLite::Statement q(db, "INSERT INTO sweeps(name, config, config_hash, created_ms) VALUES (?, ?, ?, ?)");
        q.bind(1, s.name);
        q.bind(2, s.config.dump());
        q.bind(3, s.config_hash);
        q.bind(4, static_cast<int64_t>(s.created_ms));
        q.exec();
        id = db.getLastInsertRowid();
        ++rep.sweeps_added;
      }
      merge_annotations(db, "sweeps", id, s.note, s.tags);
      sweep_map[s.id] = id;
    }
    for (const SourceRun& sr : src.runs) {
      int64_t id = lookup(db, "SELECT id FROM runs WHERE key = ?", {sr.run.key});
      std::string target_status;
      if (id != 0) target_status = lookup(db, "SELECT 1 FROM runs WHERE id = ? AND status = 'DONE'",
                                          {std::to_string(id)}) ? "DONE" : "other";
      if (id == 0) {
        SQLite::Statement q(db, "INSERT INTO runs(key, config, created_ms) VALUES (?, '{}', 0)");
        q.bind(1, sr.run.key);
        q.exec();
        id = db.getLastInsertRowid();
        write_run_row(db, id, sr.run);
        rep.metric_rows += copy_run_data(db, id, sr, fs_map);
        ++rep.runs_added;
      } else if (target_status != "DONE" && sr.run.status == RunStatus::Done) {
        write_run_row(db, id, sr.run);
        rep.metric_rows += copy_run_data(db, id, sr, fs_map);
        ++rep.runs_replaced;
      } else {
        ++rep.runs_kept;
      }
      merge_annotations(db, "runs", id, sr.run.note, sr.run.tags);
      run_map[sr.run.id] = id;
    }
    SQLite::Statement link(db, "INSERT OR IGNORE INTO sweep_runs(sweep_id, run_id, position) VALUES (?, ?, ?)");
    for (const SweepRunLink& l : src.links) {
      auto s = sweep_map.find(l.sweep_id);
      auto r = run_map.find(l.run_id);
      if (s == sweep_map.end() || r == run_map.end()) continue;
      link.bind(1, static_cast<int64_t>(s->second));
      link.bind(2, static_cast<int64_t>(r->second));
      link.bind(3, l.position);
      link.exec();
      link.reset();
    }
    return rep;
  });
}

}  // namespace plumage::store

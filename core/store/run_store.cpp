#include "core/store/run_store.h"

#include "core/store/annotations.h"

#include "core/store/connection.h"
#include "core/store/row_writers.h"
#include "core/store/filesystem_check.h"
#include "core/store/process_probe.h"
#include "core/store/schema.h"
#include "core/store/store_error.h"
#include "core/store/time_util.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <filesystem>
#include <unistd.h>
#include <vector>

namespace plumage::store {
namespace {

using Db = SQLite::Database;

int64_t find_id(Db& db, const char* sql, const std::string& a, const std::string& b = {}) {
  SQLite::Statement q(db, sql);
  q.bind(1, a);
  if (q.getBindParameterCount() > 1) q.bind(2, b);
  return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

void bind_text_or_null(SQLite::Statement& s, int i, const std::string& v) {
  if (v.empty()) s.bind(i);
  else s.bind(i, v);
}

// Why run `id` is not this process's (host, pid) to write; "" when it is.
// `strict`: only RUNNING for us will do; otherwise only a run RUNNING for
// another process is refused (a plan or artifact may describe a queued run).
std::string ownership_problem(Db& db, int64_t id, const std::string& host, int64_t pid, bool strict = true) {
  SQLite::Statement q(db, "SELECT status, host, pid FROM runs WHERE id = ?");
  q.bind(1, static_cast<int64_t>(id));
  if (!q.executeStep()) return "run " + std::to_string(id) + " does not exist";
  const std::string status = q.getColumn(0).getString();
  const std::string owner_host = q.getColumn(1).isNull() ? "" : q.getColumn(1).getString();
  const int64_t owner_pid = q.getColumn(2).isNull() ? 0 : q.getColumn(2).getInt64();
  if (status == "RUNNING" && owner_host == host && owner_pid == pid) return "";
  if (!strict && status != "RUNNING") return "";
  return "run " + std::to_string(id) + " is no longer this process's (pid " + std::to_string(pid) + " on " + host +
         "): it is " + status + (status == "RUNNING" ? " in pid " + std::to_string(owner_pid) + " on " + owner_host : "") +
         ", taken over or ended by another process";
}

}  // namespace

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

RunStore::RunStore(const std::string& path, StoreOptions options) : path_(path), host_(host_name()) {
  require_local_filesystem(path);
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  auto db = open_write_connection(path, static_cast<int>(options.busy_timeout.count()));
  migrate(*db, path.c_str());
  writer_ = std::make_unique<StoreWriter>(std::move(db), options.writer, [host = host_](Db& d, int64_t run_id) {
    return ownership_problem(d, run_id, host, getpid());
  });
  recovered_ = recover_abandoned_runs(options.stale_heartbeat);
}

RunStore::~RunStore() = default;

void RunStore::require_owned(Db& db, int64_t run_id, bool strict) const {
  const std::string why = ownership_problem(db, run_id, host_, getpid(), strict);
  if (!why.empty()) throw RunNotOwned(path_ + ": " + why);
}

std::exception_ptr RunStore::run_failure(int64_t run_id) const { return writer_->run_failure(run_id); }

void RunStore::check_run(int64_t run_id) const {
  if (auto e = writer_->run_failure(run_id)) std::rethrow_exception(e);
}

int RunStore::recover_abandoned_runs(std::chrono::milliseconds stale) {
  const std::string me = host_name();
  const int64_t now = now_ms();
  return writer_->call<int>([&](Db& db) {
    struct Candidate {
      int64_t id;
      std::string reason;
    };
    std::vector<Candidate> dead;
    SQLite::Statement q(db, "SELECT id, heartbeat_ms, host, pid, started_ms FROM runs WHERE status = 'RUNNING'");
    while (q.executeStep()) {
      const int64_t id = q.getColumn(0).getInt64();
      const int64_t hb = q.getColumn(1).isNull() ? 0 : q.getColumn(1).getInt64();
      const std::string host = q.getColumn(2).isNull() ? "" : q.getColumn(2).getString();
      const int64_t pid = q.getColumn(3).isNull() ? 0 : q.getColumn(3).getInt64();
      const int64_t started = q.getColumn(4).isNull() ? 0 : q.getColumn(4).getInt64();
      if (host == me) {
        // Here the process tells, not the heartbeat: a live one (stopped
        // with Ctrl-Z, say) keeps its runs however old its heartbeat is.
        if (!claimant_alive(pid, started)) {
          dead.push_back({id, "interrupted: process " + std::to_string(pid) + " on " + host +
                                  " ended while the run was RUNNING"});
        }
      } else if (now - hb > stale.count()) {
        dead.push_back({id, "interrupted: no heartbeat since " + iso8601_utc(hb) + " (host " + host +
                                ", pid " + std::to_string(pid) + ")"});
      }
    }
    SQLite::Statement upd(db,
        "UPDATE runs SET status = 'INTERRUPTED', error = ?, finished_ms = ? WHERE id = ? AND status = 'RUNNING'");
    for (const Candidate& c : dead) {
      upd.bind(1, c.reason);
      upd.bind(2, static_cast<int64_t>(now));
      upd.bind(3, static_cast<int64_t>(c.id));
      upd.exec();
      upd.reset();
    }
    return static_cast<int>(dead.size());
  });
}

namespace {
// Sweeps and experiments are both "a named config, deduplicated by its hash".
// `table` is one of the two fixed table names, never user input.
int64_t ensure_config_row(Db& db, const std::string& table, const std::string& name,
                          const nlohmann::json& config, const std::string& config_hash) {
  const std::string select = "SELECT id FROM " + table + " WHERE config_hash = ?";
  if (int64_t id = find_id(db, select.c_str(), config_hash)) return id;
  SQLite::Statement ins(db, "INSERT INTO " + table + "(name, config, config_hash, created_ms) VALUES (?, ?, ?, ?)");
  ins.bind(1, name);
  ins.bind(2, config.dump());
  ins.bind(3, config_hash);
  ins.bind(4, static_cast<int64_t>(now_ms()));
  ins.exec();
  return db.getLastInsertRowid();
}
}  // namespace

int64_t RunStore::ensure_sweep(const std::string& name, const nlohmann::json& config,
                               const std::string& config_hash) {
  return writer_->call<int64_t>(
      [&](Db& db) { return ensure_config_row(db, "sweeps", name, config, config_hash); });
}

int64_t RunStore::ensure_experiment(const std::string& name, const nlohmann::json& config,
                                    const std::string& config_hash) {
  return writer_->call<int64_t>(
      [&](Db& db) { return ensure_config_row(db, "experiments", name, config, config_hash); });
}

int64_t RunStore::ensure_run(int64_t sweep_id, int position, const std::string& key, int64_t seed,
                             const nlohmann::json& config, int64_t experiment_id) {
  return writer_->call<int64_t>([&](Db& db) {
    int64_t id = find_id(db, "SELECT id FROM runs WHERE key = ?", key);
    if (id == 0) {
      SQLite::Statement ins(db,
          "INSERT INTO runs(key, experiment_id, status, seed, config, created_ms) VALUES (?, ?, 'QUEUED', ?, ?, ?)");
      ins.bind(1, key);
      if (experiment_id > 0) ins.bind(2, static_cast<int64_t>(experiment_id));
      else ins.bind(2);
      ins.bind(3, static_cast<int64_t>(seed));
      ins.bind(4, config.dump());
      ins.bind(5, static_cast<int64_t>(now_ms()));
      ins.exec();
      id = db.getLastInsertRowid();
    }
    if (sweep_id > 0) {
      SQLite::Statement link(db, "INSERT OR IGNORE INTO sweep_runs(sweep_id, run_id, position) VALUES (?, ?, ?)");
      link.bind(1, static_cast<int64_t>(sweep_id));
      link.bind(2, static_cast<int64_t>(id));
      link.bind(3, position);
      link.exec();
    }
    return id;
  });
}

bool RunStore::claim_run(int64_t run_id, const RunClaim& claim) {
  const std::string host = host_;
  return writer_->call<bool>([&](Db& db) {
    const int64_t now = now_ms();
    SQLite::Statement upd(db,
        "UPDATE runs SET status = 'RUNNING', attempts = attempts + 1, started_ms = ?, heartbeat_ms = ?, "
        "finished_ms = NULL, error = NULL, device = ?, code_version = ?, torch_version = ?, host = ?, pid = ? "
        "WHERE id = ? AND status IN ('QUEUED', 'INTERRUPTED', 'FAILED', 'CANCELLED')");
    upd.bind(1, static_cast<int64_t>(now));
    upd.bind(2, static_cast<int64_t>(now));
    bind_text_or_null(upd, 3, claim.device);
    bind_text_or_null(upd, 4, claim.code_version);
    bind_text_or_null(upd, 5, claim.torch_version);
    upd.bind(6, host);
    upd.bind(7, static_cast<int64_t>(getpid()));
    upd.bind(8, static_cast<int64_t>(run_id));
    if (upd.exec() != 1) return false;
    // A new attempt starts clean: no metric, result or write failure of an
    // earlier one survives.
    writer_->clear_run_failure(run_id);
    for (const char* sql : {"DELETE FROM metrics WHERE run_id = ?", "DELETE FROM results WHERE run_id = ?",
                            "DELETE FROM artifacts WHERE run_id = ?"}) {
      SQLite::Statement del(db, sql);
      del.bind(1, static_cast<int64_t>(run_id));
      del.exec();
    }
    return true;
  });
}

void RunStore::set_plan(int64_t run_id, const nlohmann::json& plan) {
  writer_->call_void(
      [this, run_id, text = plan.dump()](Db& db) {
        require_owned(db, run_id, false);
        SQLite::Statement upd(db, "UPDATE runs SET plan = ? WHERE id = ?");
        upd.bind(1, text);
        upd.bind(2, static_cast<int64_t>(run_id));
        upd.exec();
      },
      run_id, "the plan of run " + std::to_string(run_id));
}

void RunStore::heartbeat(int64_t run_id) {
  const int64_t now = now_ms();
  writer_->post(
      [this, run_id, now](Db& db) {
        require_owned(db, run_id);
        SQLite::Statement upd(db, "UPDATE runs SET heartbeat_ms = ? WHERE id = ?");
        upd.bind(1, static_cast<int64_t>(now));
        upd.bind(2, static_cast<int64_t>(run_id));
        upd.exec();
      },
      run_id, "the heartbeat of run " + std::to_string(run_id));
}

void RunStore::log_metric(int64_t run_id, const std::string& key, int64_t step, double value) {
  writer_->add_metric(run_id, key, step, value);
}

void RunStore::finish_run(int64_t run_id, const RunResult& result) {
  writer_->call_void([&](Db& db) {
    // Every write queued before this one has run: a failed metric batch or
    // heartbeat of the run means it cannot end DONE.
    if (auto failed = writer_->run_failure(run_id)) std::rethrow_exception(failed);
    require_owned(db, run_id);
    SQLite::Statement res(db,
        "INSERT INTO results(run_id, metrics, per_class, confusion, predictions) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(run_id) DO UPDATE SET metrics = excluded.metrics, per_class = excluded.per_class, "
        "confusion = excluded.confusion, predictions = excluded.predictions");
    res.bind(1, static_cast<int64_t>(run_id));
    bind_result_columns(res, 2, result);
    res.exec();
    SQLite::Statement upd(db,
        "UPDATE runs SET status = 'DONE', finished_ms = ?, heartbeat_ms = ?, error = NULL WHERE id = ?");
    const int64_t now = now_ms();
    upd.bind(1, static_cast<int64_t>(now));
    upd.bind(2, static_cast<int64_t>(now));
    upd.bind(3, static_cast<int64_t>(run_id));
    upd.exec();
  }, 0, "the result of run " + std::to_string(run_id));
}

void RunStore::end_run(int64_t run_id, RunStatus status, const std::string& error) {
  writer_->call_void([&](Db& db) {
    require_owned(db, run_id);
    SQLite::Statement upd(db, "UPDATE runs SET status = ?, finished_ms = ?, error = ? WHERE id = ?");
    upd.bind(1, to_string(status));
    upd.bind(2, static_cast<int64_t>(now_ms()));
    upd.bind(3, error);
    upd.bind(4, static_cast<int64_t>(run_id));
    upd.exec();
  }, 0, "the end (" + std::string(to_string(status)) + ") of run " + std::to_string(run_id));
}

int64_t RunStore::add_artifact(int64_t run_id, const std::string& kind, const std::string& path,
                               const std::string& content_hash) {
  return writer_->call<int64_t>([&](Db& db) {
    require_owned(db, run_id, false);
    SQLite::Statement ins(db,
        "INSERT INTO artifacts(run_id, kind, path, content_hash, created_ms) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(run_id, kind, path) DO UPDATE SET content_hash = excluded.content_hash");
    ins.bind(1, static_cast<int64_t>(run_id));
    ins.bind(2, kind);
    ins.bind(3, path);
    ins.bind(4, content_hash);
    ins.bind(5, static_cast<int64_t>(now_ms()));
    ins.exec();
    SQLite::Statement q(db, "SELECT id FROM artifacts WHERE run_id = ? AND kind = ? AND path = ?");
    q.bind(1, static_cast<int64_t>(run_id));
    q.bind(2, kind);
    q.bind(3, path);
    return q.executeStep() ? q.getColumn(0).getInt64() : int64_t{0};
  }, run_id, "an artifact of run " + std::to_string(run_id));
}

int64_t RunStore::ensure_dataset(const DatasetInfo& d) {
  return writer_->call<int64_t>([&](Db& db) {
    if (int64_t id = find_id(db, "SELECT id FROM datasets WHERE name = ? AND root = ?", d.name, d.root)) return id;
    SQLite::Statement ins(db,
        "INSERT INTO datasets(name, root, kind, num_classes, created_ms) VALUES (?, ?, ?, ?, ?)");
    ins.bind(1, d.name);
    ins.bind(2, d.root);
    ins.bind(3, d.kind);
    ins.bind(4, static_cast<int64_t>(d.num_classes));
    ins.bind(5, static_cast<int64_t>(now_ms()));
    ins.exec();
    return db.getLastInsertRowid();
  });
}

int64_t RunStore::ensure_feature_set(const FeatureSetInfo& f) {
  return writer_->call<int64_t>([&](Db& db) {
    if (int64_t id = find_id(db, "SELECT id FROM feature_sets WHERE path = ? AND content_hash = ?", f.path,
                             f.content_hash)) {
      return id;
    }
    insert_feature_set(db, f, f.dataset_id, now_ms());
    return db.getLastInsertRowid();
  });
}

void RunStore::link_feature_set(int64_t run_id, const std::string& role, int64_t feature_set_id) {
  writer_->call_void([&](Db& db) {
    SQLite::Statement ins(db,
        "INSERT INTO run_feature_sets(run_id, role, feature_set_id) VALUES (?, ?, ?) "
        "ON CONFLICT(run_id, role) DO UPDATE SET feature_set_id = excluded.feature_set_id");
    ins.bind(1, static_cast<int64_t>(run_id));
    ins.bind(2, role);
    ins.bind(3, static_cast<int64_t>(feature_set_id));
    ins.exec();
  });
}

void RunStore::flush() { writer_->flush(); }

void RunStore::annotate(Target target, int64_t id, const std::optional<std::string>& note,
                        const std::vector<std::string>& add_tags, const std::vector<std::string>& remove_tags) {
  if (note && note->size() > kMaxNoteBytes)
    throw std::invalid_argument("a note is limited to " + std::to_string(kMaxNoteBytes) + " bytes");
  for (const auto& t : add_tags) check_tag(t);
  const std::string table = target == Target::Run ? "runs" : "sweeps";
  const std::string what = (target == Target::Run ? "run " : "sweep ") + std::to_string(id);
  writer_->call_void([&](Db& db) {
    SQLite::Statement q(db, "SELECT note, tags FROM " + table + " WHERE id = ?");
    q.bind(1, static_cast<int64_t>(id));
    if (!q.executeStep()) throw std::invalid_argument(path_ + ": no " + what);
    const std::vector<std::string> tags = parse_tags(q.getColumn(1).getString());
    const std::string new_note = note ? *note : q.getColumn(0).getString();
    SQLite::Statement u(db, "UPDATE " + table + " SET note = ?, tags = ? WHERE id = ?");
    u.bind(1, new_note);
    u.bind(2, nlohmann::json(edit_tags(tags, add_tags, remove_tags)).dump());
    u.bind(3, static_cast<int64_t>(id));
    u.exec();
  }, 0, "the note and tags of " + what);
}

}  // namespace plumage::store

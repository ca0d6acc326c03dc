#include "core/store/store_reader.h"

#include "core/store/annotations.h"
#include "core/store/connection.h"
#include "core/store/schema.h"
#include "core/store/store_error.h"
#include "core/json/parse_limited.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <limits>

namespace plumage::store {
namespace {

const char* const kRunColumns =
    "r.id, r.key, r.status, r.seed, r.config, r.plan, r.attempts, r.created_ms, r.started_ms, "
    "r.finished_ms, r.heartbeat_ms, r.device, r.code_version, r.torch_version, r.host, r.pid, r.error, r.note, r.tags";

std::string text(const SQLite::Column& c) { return c.isNull() ? std::string() : c.getString(); }
int64_t integer(const SQLite::Column& c) { return c.isNull() ? 0 : c.getInt64(); }
nlohmann::json json_column(const SQLite::Column& c) {
  if (c.isNull()) return nullptr;
  // A store may come from elsewhere (merge inputs): a value over the limits
  // reads as discarded, like invalid JSON.
  try {
    return jsonio::parse(c.getString(), "store", jsonio::kData);
  } catch (const jsonio::Error&) {
    return nlohmann::json(nlohmann::json::value_t::discarded);
  }
}

std::vector<std::string> tag_list(const SQLite::Column& c) { return c.isNull() ? std::vector<std::string>{} : parse_tags(c.getString()); }

RunInfo read_run(SQLite::Statement& q) {
  RunInfo r;
  r.id = q.getColumn(0).getInt64();
  r.key = q.getColumn(1).getString();
  r.status = parse_run_status(q.getColumn(2).getString()).value_or(RunStatus::Queued);
  r.seed = integer(q.getColumn(3));
  r.config = json_column(q.getColumn(4));
  r.plan = json_column(q.getColumn(5));
  r.attempts = static_cast<int>(integer(q.getColumn(6)));
  r.created_ms = integer(q.getColumn(7));
  r.started_ms = integer(q.getColumn(8));
  r.finished_ms = integer(q.getColumn(9));
  r.heartbeat_ms = integer(q.getColumn(10));
  r.device = text(q.getColumn(11));
  r.code_version = text(q.getColumn(12));
  r.torch_version = text(q.getColumn(13));
  r.host = text(q.getColumn(14));
  r.pid = integer(q.getColumn(15));
  r.error = text(q.getColumn(16));
  r.note = text(q.getColumn(17));
  r.tags = tag_list(q.getColumn(18));
  return r;
}

}  // namespace

StoreReader::StoreReader(const std::string& path) : path_(path), db_(open_read_connection(path)) {
  int v = 0;
  try {
    v = store::schema_version(*db_);
  } catch (const SQLite::Exception& e) {
    throw StoreError(path + ": not a Plumage store (" + e.what() + ")");
  }
  if (v != current_schema_version()) {
    throw StoreError(path + ": store schema version " + std::to_string(v) + ", this Plumage reads version " +
                     std::to_string(current_schema_version()) +
                     (v < current_schema_version() ? " (open it once for writing to migrate it)" : ""));
  }
}

StoreReader::~StoreReader() = default;

int StoreReader::schema_version() { return store::schema_version(*db_); }

std::vector<SweepInfo> StoreReader::sweeps() {
  std::vector<SweepInfo> out;
  SQLite::Statement q(*db_, "SELECT id, name, config, config_hash, created_ms, note, tags FROM sweeps ORDER BY id");
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), json_column(q.getColumn(2)),
                   q.getColumn(3).getString(), integer(q.getColumn(4)), text(q.getColumn(5)), tag_list(q.getColumn(6))});
  }
  return out;
}

std::optional<SweepInfo> StoreReader::find_sweep(const std::string& id_or_name) {
  const bool numeric = !id_or_name.empty() && id_or_name.find_first_not_of("0123456789") == std::string::npos;
  std::optional<SweepInfo> found;
  for (SweepInfo& s : sweeps()) {
    if ((numeric && std::to_string(s.id) == id_or_name) || s.name == id_or_name) found = std::move(s);
  }
  return found;
}

std::vector<SweepRunLink> StoreReader::sweep_links() {
  std::vector<SweepRunLink> out;
  SQLite::Statement q(*db_, "SELECT sweep_id, run_id, position FROM sweep_runs ORDER BY sweep_id, position");
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getInt()});
  }
  return out;
}

std::vector<RunInfo> StoreReader::runs(int64_t sweep_id) {
  std::vector<RunInfo> out;
  std::string sql = std::string("SELECT ") + kRunColumns;
  if (sweep_id > 0) {
    sql += " FROM runs r JOIN sweep_runs s ON s.run_id = r.id WHERE s.sweep_id = ? ORDER BY s.position, r.id";
  } else {
    sql += " FROM runs r ORDER BY r.id";
  }
  SQLite::Statement q(*db_, sql);
  if (sweep_id > 0) q.bind(1, static_cast<int64_t>(sweep_id));
  while (q.executeStep()) out.push_back(read_run(q));
  return out;
}

std::optional<RunInfo> StoreReader::run(int64_t run_id) {
  SQLite::Statement q(*db_, std::string("SELECT ") + kRunColumns + " FROM runs r WHERE r.id = ?");
  q.bind(1, static_cast<int64_t>(run_id));
  if (!q.executeStep()) return std::nullopt;
  return read_run(q);
}

std::optional<RunInfo> StoreReader::run_by_key(const std::string& key) {
  SQLite::Statement q(*db_, std::string("SELECT ") + kRunColumns + " FROM runs r WHERE r.key = ?");
  q.bind(1, key);
  if (!q.executeStep()) return std::nullopt;
  return read_run(q);
}

std::map<std::string, int> StoreReader::status_counts(int64_t sweep_id) {
  std::map<std::string, int> out;
  std::string sql = sweep_id > 0
      ? "SELECT r.status, COUNT(*) FROM runs r JOIN sweep_runs s ON s.run_id = r.id WHERE s.sweep_id = ? GROUP BY r.status"
      : "SELECT status, COUNT(*) FROM runs GROUP BY status";
  SQLite::Statement q(*db_, sql);
  if (sweep_id > 0) q.bind(1, static_cast<int64_t>(sweep_id));
  while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getInt();
  return out;
}

std::vector<MetricPoint> StoreReader::metrics(int64_t run_id, const std::string& key, int64_t after_step) {
  std::vector<MetricPoint> out;
  std::string sql = "SELECT key, step, value FROM metrics WHERE run_id = ? AND step > ?";
  if (!key.empty()) sql += " AND key = ?";
  sql += " ORDER BY key, step";
  SQLite::Statement q(*db_, sql);
  q.bind(1, static_cast<int64_t>(run_id));
  q.bind(2, static_cast<int64_t>(after_step));
  if (!key.empty()) q.bind(3, key);
  while (q.executeStep()) {
    const auto v = q.getColumn(2);
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getInt64(),
                   v.isNull() ? std::numeric_limits<double>::quiet_NaN() : v.getDouble()});
  }
  return out;
}

int64_t StoreReader::metric_row_count(int64_t run_id) {
  SQLite::Statement q(*db_, run_id > 0 ? "SELECT COUNT(*) FROM metrics WHERE run_id = ?" : "SELECT COUNT(*) FROM metrics");
  if (run_id > 0) q.bind(1, static_cast<int64_t>(run_id));
  q.executeStep();
  return q.getColumn(0).getInt64();
}

std::optional<RunResult> StoreReader::result(int64_t run_id) {
  SQLite::Statement q(*db_, "SELECT metrics, per_class, confusion, predictions FROM results WHERE run_id = ?");
  q.bind(1, static_cast<int64_t>(run_id));
  if (!q.executeStep()) return std::nullopt;
  RunResult r;
  r.metrics = json_column(q.getColumn(0));
  r.per_class = json_column(q.getColumn(1));
  r.confusion = json_column(q.getColumn(2));
  r.predictions = json_column(q.getColumn(3));
  return r;
}

namespace {
constexpr const char* kArtifactQuery = "SELECT id, run_id, kind, path, content_hash, created_ms FROM artifacts ";

std::vector<ArtifactInfo> read_artifacts(SQLite::Statement& q) {
  std::vector<ArtifactInfo> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getString(),
                   q.getColumn(3).getString(), q.getColumn(4).getString(), integer(q.getColumn(5))});
  }
  return out;
}
}  // namespace

std::vector<ArtifactInfo> StoreReader::artifacts(int64_t run_id) {
  SQLite::Statement q(*db_, std::string(kArtifactQuery) + "WHERE run_id = ? ORDER BY id");
  q.bind(1, static_cast<int64_t>(run_id));
  return read_artifacts(q);
}

std::vector<ArtifactInfo> StoreReader::artifacts_of_kind(const std::string& kind) {
  SQLite::Statement q(*db_, std::string(kArtifactQuery) + "WHERE kind = ? ORDER BY run_id DESC, id");
  q.bind(1, kind);
  return read_artifacts(q);
}

std::vector<DatasetInfo> StoreReader::datasets() {
  std::vector<DatasetInfo> out;
  SQLite::Statement q(*db_, "SELECT id, name, root, kind, num_classes FROM datasets ORDER BY id");
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                   q.getColumn(3).getString(), integer(q.getColumn(4))});
  }
  return out;
}

namespace {
constexpr const char* kFeatureSetColumns =
    "fs.id, fs.dataset_id, fs.path, fs.content_hash, fs.kind, fs.model, fs.weights_hash, fs.row_count, fs.details";

FeatureSetInfo feature_set_row(SQLite::Statement& q) {
  FeatureSetInfo f;
  f.id = q.getColumn(0).getInt64();
  f.dataset_id = integer(q.getColumn(1));
  f.path = q.getColumn(2).getString();
  f.content_hash = q.getColumn(3).getString();
  f.kind = q.getColumn(4).getString();
  f.model = q.getColumn(5).getString();
  f.weights_hash = q.getColumn(6).getString();
  f.rows = q.getColumn(7).getInt64();
  f.details = json_column(q.getColumn(8));
  return f;
}
}  // namespace

std::vector<FeatureSetInfo> StoreReader::feature_sets() {
  std::vector<FeatureSetInfo> out;
  SQLite::Statement q(*db_, std::string("SELECT ") + kFeatureSetColumns + " FROM feature_sets fs ORDER BY fs.id");
  while (q.executeStep()) out.push_back(feature_set_row(q));
  return out;
}

std::vector<std::pair<std::string, FeatureSetInfo>> StoreReader::run_inputs(int64_t run_id) {
  std::vector<std::pair<std::string, FeatureSetInfo>> out;
  SQLite::Statement q(*db_, std::string("SELECT ") + kFeatureSetColumns +
                                ", r.role FROM run_feature_sets r JOIN feature_sets fs ON fs.id = r.feature_set_id "
                                "WHERE r.run_id = ? ORDER BY r.role");
  q.bind(1, static_cast<int64_t>(run_id));
  while (q.executeStep()) out.emplace_back(q.getColumn(9).getString(), feature_set_row(q));
  return out;
}

std::map<std::string, int64_t> StoreReader::run_feature_sets(int64_t run_id) {
  std::map<std::string, int64_t> out;
  SQLite::Statement q(*db_, "SELECT role, feature_set_id FROM run_feature_sets WHERE run_id = ?");
  q.bind(1, static_cast<int64_t>(run_id));
  while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
  return out;
}

std::string StoreReader::integrity_check() {
  SQLite::Statement q(*db_, "PRAGMA integrity_check");
  std::string out;
  while (q.executeStep()) {
    if (!out.empty()) out += "\n";
    out += q.getColumn(0).getString();
  }
  return out;
}

}  // namespace plumage::store

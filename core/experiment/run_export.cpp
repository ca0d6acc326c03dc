#include "core/experiment/run_export.h"

#include "core/experiment/results_table.h"

#include "core/store/store_reader.h"
#include "core/store/time_util.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace plumage::experiment {
using nlohmann::json;

namespace {

void flatten(const json& j, const std::string& prefix, std::map<std::string, json>& out) {
  for (const auto& [k, v] : j.items()) {
    const std::string key = prefix.empty() ? k : prefix + "." + k;
    if (v.is_object()) flatten(v, key, out);
    else out[key] = v;
  }
}

std::string cell_text(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

// Run columns first, then config.*, then metric.*.
std::map<std::string, json> run_row(store::StoreReader& reader, const store::RunInfo& r) {
  std::map<std::string, json> row;
  row["run_id"] = r.id;
  row["key"] = r.key;
  row["status"] = store::to_string(r.status);
  row["seed"] = r.seed;
  row["attempts"] = r.attempts;
  row["started"] = store::iso8601_utc(r.started_ms);
  row["finished"] = store::iso8601_utc(r.finished_ms);
  row["seconds"] = (r.finished_ms > r.started_ms && r.started_ms > 0)
                       ? json((r.finished_ms - r.started_ms) / 1000.0) : json(nullptr);
  row["device"] = r.device;
  row["code_version"] = r.code_version;
  row["torch_version"] = r.torch_version;
  row["host"] = r.host;
  row["error"] = r.error;
  std::string tags;
  for (const auto& t : r.tags) tags += (tags.empty() ? "" : " ") + t;
  row["tags"] = tags;
  row["note"] = r.note;
  std::map<std::string, json> cfg;
  flatten(r.config, "", cfg);
  for (auto& [k, v] : cfg) row["config." + k] = v;
  if (auto res = reader.result(r.id)) {
    for (const auto& [k, v] : res->metrics.items()) row["metric." + k] = v;
  }
  return row;
}

const std::vector<std::string> kFirst = {"run_id", "key", "status", "seed", "attempts", "started", "finished",
                                         "seconds", "device", "code_version", "torch_version", "host", "error",
                                         "tags", "note"};

}  // namespace

std::string export_runs_csv(store::StoreReader& reader, int64_t sweep_id) {
  std::vector<std::map<std::string, json>> rows;
  std::set<std::string> config_cols, metric_cols;
  for (const auto& r : reader.runs(sweep_id)) {
    rows.push_back(run_row(reader, r));
    for (const auto& [k, v] : rows.back()) {
      if (k.rfind("config.", 0) == 0) config_cols.insert(k);
      else if (k.rfind("metric.", 0) == 0) metric_cols.insert(k);
    }
  }
  std::vector<std::string> cols = kFirst;
  cols.insert(cols.end(), config_cols.begin(), config_cols.end());
  cols.insert(cols.end(), metric_cols.begin(), metric_cols.end());
  std::ostringstream os;
  for (size_t i = 0; i < cols.size(); ++i) os << (i ? "," : "") << csv_field(cols[i]);
  os << "\n";
  for (const auto& row : rows) {
    for (size_t i = 0; i < cols.size(); ++i) {
      auto it = row.find(cols[i]);
      os << (i ? "," : "") << csv_field(it == row.end() ? "" : cell_text(it->second));
    }
    os << "\n";
  }
  return os.str();
}

std::string export_runs_jsonl(store::StoreReader& reader, int64_t sweep_id) {
  std::ostringstream os;
  for (const auto& r : reader.runs(sweep_id)) {
    json j;
    j["run_id"] = r.id;
    j["key"] = r.key;
    j["status"] = store::to_string(r.status);
    j["seed"] = r.seed;
    j["attempts"] = r.attempts;
    j["started"] = store::iso8601_utc(r.started_ms);
    j["finished"] = store::iso8601_utc(r.finished_ms);
    j["device"] = r.device;
    j["code_version"] = r.code_version;
    j["torch_version"] = r.torch_version;
    j["host"] = r.host;
    j["error"] = r.error;
    j["config"] = r.config;
    j["inputs"] = run_inputs_json(reader.run_inputs(r.id));
    if (auto res = reader.result(r.id)) j["metrics"] = res->metrics;
    else j["metrics"] = nullptr;
    os << j.dump() << "\n";
  }
  return os.str();
}

namespace {
// A run by key, or by numeric id.
store::RunInfo find_run(store::StoreReader& reader, const std::string& run_id_or_key) {
  std::optional<store::RunInfo> run = reader.run_by_key(run_id_or_key);
  if (!run && !run_id_or_key.empty() && run_id_or_key.size() < 19 &&
      run_id_or_key.find_first_not_of("0123456789") == std::string::npos) {
    run = reader.run(std::stoll(run_id_or_key));
  }
  if (!run) throw std::runtime_error("no run '" + run_id_or_key + "' in " + reader.path());
  return *run;
}
}  // namespace

json run_inputs_json(const std::vector<std::pair<std::string, store::FeatureSetInfo>>& inputs) {
  json out = json::array();
  for (const auto& [role, f] : inputs) {
    json j;
    j["role"] = role;
    j["path"] = f.path;
    j["content_hash"] = f.content_hash;
    j["kind"] = f.kind;
    j["model"] = f.model;
    j["weights_hash"] = f.weights_hash;
    j["rows"] = f.rows;
    if (!f.details.is_null() && !f.details.is_discarded()) j["details"] = f.details;
    out.push_back(std::move(j));
  }
  return out;
}

std::string export_inputs(store::StoreReader& reader, const std::string& run_id_or_key, bool as_json) {
  const store::RunInfo run = find_run(reader, run_id_or_key);
  const auto inputs = reader.run_inputs(run.id);
  if (as_json) return run_inputs_json(inputs).dump(2) + "\n";
  std::ostringstream os;
  os << "run " << run.id << " (" << run.key << ")\n";
  if (inputs.empty()) os << "  no inputs recorded (a run planned before Plumage recorded them)\n";
  for (const auto& [role, f] : inputs) {
    os << "  " << role << ": " << f.path << "\n";
    os << "    " << f.kind << ", " << (f.rows >= 0 ? std::to_string(f.rows) : std::string("?"))
       << (f.kind == "converter" ? " training pairs" : " rows") << ", " << f.content_hash << "\n";
    os << "    CLIP model: " << (f.model.empty() ? std::string("unknown") : f.model) << "\n";
    if (f.details.is_object() && f.details.contains("training_data")) {
      const json& d = f.details["training_data"];
      os << "    trained on: " << d.value("split", std::string("?")) << " split, " << d.value("image_file", std::string())
         << " + " << d.value("text_file", std::string()) << "\n";
    }
  }
  return os.str();
}

std::string export_plan(store::StoreReader& reader, const std::string& run_id_or_key, bool csv) {
  const store::RunInfo found = find_run(reader, run_id_or_key);
  const store::RunInfo* run = &found;
  if (run->plan.is_null()) throw std::runtime_error("run " + run->key + " has no ratio plan (status " +
                                                    store::to_string(run->status) + ")");
  if (!csv) return run->plan.dump(2) + "\n";
  const json& p = run->plan;
  std::vector<std::string> classes;
  if (run->config.contains("features")) {
    if (auto res = reader.result(run->id); res && res->per_class.contains("classes")) {
      classes = res->per_class["classes"].get<std::vector<std::string>>();
    }
  }
  std::ostringstream os;
  os << "class,train,images,texts,val\n";
  const auto get = [&](const char* k, size_t i) -> std::string {
    return p.contains(k) && i < p[k].size() ? p[k][i].dump() : "";
  };
  const size_t n = p.contains("class_train") ? p["class_train"].size() : 0;
  for (size_t c = 0; c < n; ++c) {
    os << csv_field(c < classes.size() ? classes[c] : std::to_string(c)) << "," << get("class_train", c) << ","
       << get("class_images", c) << "," << get("class_texts", c) << "," << get("class_val", c) << "\n";
  }
  return os.str();
}

}  // namespace plumage::experiment

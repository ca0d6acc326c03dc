#include "core/experiment/sweep_config.h"

#include "core/experiment/run_inputs.h"

#include <filesystem>
#include <set>

namespace plumage::experiment {
using nlohmann::json;

namespace {

std::vector<std::string> split_dots(const std::string& key) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    size_t dot = key.find('.', start);
    parts.push_back(key.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

std::string describe(const json& assignment) {
  std::string out;
  for (const auto& [k, v] : assignment.items()) out += (out.empty() ? "" : ", ") + k + "=" + v.dump();
  return "{" + out + "}";
}

bool value_matches(const json& actual, const json& wanted) {
  if (wanted.is_array()) {
    for (const auto& w : wanted) {
      if (actual == w) return true;
    }
    return false;
  }
  return actual == wanted;
}

}  // namespace

void set_dotted(json& j, const std::string& dotted_key, const json& value) {
  json* cur = &j;
  const auto parts = split_dots(dotted_key);
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (!cur->contains(parts[i]) || !(*cur)[parts[i]].is_object()) (*cur)[parts[i]] = json::object();
    cur = &(*cur)[parts[i]];
  }
  (*cur)[parts.back()] = value;
}

json get_dotted(const json& j, const std::string& dotted_key) {
  const json* cur = &j;
  for (const auto& p : split_dots(dotted_key)) {
    if (!cur->is_object() || !cur->contains(p)) return nullptr;
    cur = &(*cur)[p];
  }
  return *cur;
}

SweepPlan plan_sweep(const json& raw, const ResolveOptions& options, const std::string& source,
                     FileHashCache& files) {
  std::vector<std::string> problems;
  SweepPlan plan;
  plan.source = source;
  plan.raw = raw;
  plan.hash = json_hash(raw);
  if (!raw.is_object()) throw ConfigError(source, {"(top level): a sweep config must be a JSON object"});

  const bool is_sweep = raw.contains("base") || raw.contains("grid");
  json base = raw;
  json grid = json::object();
  json exclude = json::array();
  if (is_sweep) {
    const std::set<std::string> known = {"name", "description", "base", "grid", "exclude", "table"};
    for (const auto& [k, v] : raw.items()) {
      if (!known.count(k)) {
        problems.push_back(k + ": unknown key (known keys of a sweep: base, description, exclude, grid, name, table)");
      }
    }
    base = raw.value("base", json::object());
    if (!base.is_object()) problems.push_back("base: must be an experiment config object");
    grid = raw.value("grid", json::object());
    if (!grid.is_object()) {
      problems.push_back("grid: must be an object {key: [values...]}");
      grid = json::object();
    }
    for (const auto& [k, v] : grid.items()) {
      if (!v.is_array() || v.empty()) problems.push_back("grid." + k + ": must be a non-empty list of values");
    }
    exclude = raw.value("exclude", json::array());
    if (!exclude.is_array()) {
      problems.push_back("exclude: must be a list of objects {key: value or [values]}");
      exclude = json::array();
    }
    for (size_t i = 0; i < exclude.size(); ++i) {
      if (!exclude[i].is_object()) {
        problems.push_back("exclude[" + std::to_string(i) + "]: must be an object {key: value or [values]}");
      }
    }
    if (raw.contains("table")) {
      const json& t = raw["table"];
      if (!t.is_object()) {
        problems.push_back("table: must be an object {rows, columns, metric}");
      } else {
        for (const auto& [k, v] : t.items()) {
          if (k != "rows" && k != "columns" && k != "metric") problems.push_back("table." + k + ": unknown key (rows, columns, metric)");
          else if (!v.is_string()) problems.push_back("table." + k + ": must be a string");
        }
        plan.table.rows = t.value("rows", plan.table.rows);
        plan.table.columns = t.value("columns", plan.table.columns);
        plan.table.metric = t.value("metric", plan.table.metric);
      }
    }
  }
  plan.name = raw.value("name", std::string());
  if (plan.name.empty()) plan.name = std::filesystem::path(source).stem().string();
  if (!problems.empty()) throw ConfigError(source, problems);

  // Cartesian product, first grid key varying slowest.
  std::vector<std::pair<std::string, json>> axes;
  for (auto it = grid.begin(); it != grid.end(); ++it) axes.emplace_back(it.key(), it.value());
  size_t total = 1;
  for (const auto& a : axes) total *= a.second.size();

  std::set<std::string> seen_problems;
  std::set<std::string> seen_keys;
  int position = 0;
  for (size_t index = 0; index < total; ++index) {
    json assignment = json::object();
    size_t rest = index;
    for (size_t a = axes.size(); a-- > 0;) {
      const size_t n = axes[a].second.size();
      assignment[axes[a].first] = axes[a].second[rest % n];
      rest /= n;
    }
    json config = base;
    for (const auto& [k, v] : assignment.items()) set_dotted(config, k, v);
    bool excluded = false;
    for (const auto& rule : exclude) {
      bool all = rule.is_object() && !rule.empty();
      for (const auto& [k, v] : rule.items()) all = all && value_matches(get_dotted(config, k), v);
      if (all) excluded = true;
    }
    if (excluded) continue;
    ResolvedExperiment exp;
    auto p = check_experiment(config, options, &exp);
    if (!p.empty()) {
      for (const auto& msg : p) {
        if (seen_problems.insert(msg).second) {
          problems.push_back(axes.empty() ? msg : "grid combination " + describe(assignment) + ": " + msg);
        }
      }
      continue;
    }
    PlannedRun run;
    run.assignment = assignment;
    run.experiment = std::move(exp);
    try {
      run.key = run_key(run.experiment.config, files, options.check_files);
    } catch (const std::exception& e) {
      if (seen_problems.insert(e.what()).second) problems.push_back(e.what());
      continue;
    }
    // Two combinations that resolve to the same run (e.g. a key a method
    // ignores) are one run.
    if (!seen_keys.insert(run.key).second) continue;
    run.position = position++;
    plan.runs.push_back(std::move(run));
  }
  if (!problems.empty()) throw ConfigError(source, problems);
  if (plan.runs.empty()) throw ConfigError(source, {"exclude: every combination of the grid is excluded"});
  if (options.check_files) describe_run_inputs(plan, files);
  return plan;
}

SweepPlan plan_sweep_file(const std::string& path, FileHashCache& files, bool check_files) {
  const json raw = read_json_file(path);
  ResolveOptions o;
  o.base_dir = std::filesystem::absolute(path).parent_path().string();
  o.check_files = check_files;
  return plan_sweep(raw, o, path, files);
}

}  // namespace plumage::experiment

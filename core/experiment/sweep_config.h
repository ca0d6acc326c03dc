// A sweep: a base experiment plus lists of values for any of its keys; the
// cartesian product of the lists becomes the runs.
//
//   {
//     "name": "thesis-per-class",
//     "base": { ...experiment config... },
//     "grid": {"image_ratio": [1.0, 0.9, 0.5], "text_source": ["none", "reed"], "seed": [0, 1, 2],
//              "adapter.lr": [0.001]},                  dotted keys reach nested fields
//     "exclude": [{"image_ratio": 1.0, "text_source": ["reed", "llm"]}],   combinations left out
//     "table": {"rows": "image_ratio", "columns": "text_source", "metric": "test_top1"}
//   }
//
// Every combination is checked before anything runs; problems name the
// combination and the key. Each run's key is the hash of its resolved
// config (run_key.h), so re-running a sweep finds its finished runs.
#pragma once

#include "core/experiment/experiment_config.h"
#include "core/experiment/run_key.h"
#include "core/store/records.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace plumage::experiment {

// A file a run reads, as the store records it (role: "features.image",
// "features.text.<source>", "features.class_text", "converter").
struct RunInput {
  std::string role;
  store::FeatureSetInfo set;
};

struct PlannedRun {
  int position = 0;
  nlohmann::json assignment;  // the grid values of this combination
  ResolvedExperiment experiment;
  std::string key;
  std::vector<RunInput> inputs;  // filled when the plan's files were hashed
};

struct TableSpec {
  std::string rows = "image_ratio";
  std::string columns = "text_source";
  std::string metric = "test_top1";
};

struct SweepPlan {
  std::string name;
  std::string source;   // file it came from
  nlohmann::json raw;   // as written
  std::string hash;     // identity of the sweep (json_hash of raw)
  TableSpec table;
  std::vector<PlannedRun> runs;
};

// Checks and expands a sweep config (raw JSON). A plain experiment config
// (no "base"/"grid") is a sweep of one run. Throws ConfigError listing every
// problem.
SweepPlan plan_sweep(const nlohmann::json& raw, const ResolveOptions& options, const std::string& source,
                     FileHashCache& files);

// read_json_file + plan_sweep with paths relative to the file's directory.
SweepPlan plan_sweep_file(const std::string& path, FileHashCache& files, bool check_files = true);

// Sets a dotted key ("adapter.lr") in `j`, creating objects on the way.
void set_dotted(nlohmann::json& j, const std::string& dotted_key, const nlohmann::json& value);
// The value at a dotted key, or null.
nlohmann::json get_dotted(const nlohmann::json& j, const std::string& dotted_key);

}  // namespace plumage::experiment

// Training one adapter (or running one experiment config) as a recorded run:
// `plumage-cli train-adapter` builds an experiment config from its flags and
// executes it exactly as the Setup page executes a single run (a sweep of one
// run, sweep_job.h), so the run, its plan, metrics and result land in the
// store with the same fields whichever side started it. Torch-free header.
#pragma once

#include "core/experiment/engine_types.h"
#include "core/experiment/runner.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <functional>
#include <string>

namespace plumage::experiment {

struct AdapterJobParams {
  std::string name;            // shown in the store ("" = "train-adapter")
  std::string image_path;      // image feature file
  std::string text_path;       // text feature file of `text_source` ("" = image only)
  std::string text_source = "reed";  // reed | llm | none
  std::string converter = "identity";  // or a converter checkpoint
  std::string sampling = "per-class";  // per-class | global
  std::string caption_use = "one-per-epoch";  // all | one-per-epoch
  double image_ratio = 1.0;
  nlohmann::json per_class_ratios;  // null, {class name or index: ratio}, or [ratio per class]
  double val_fraction = 0.1;
  uint64_t seed = 0;
  nlohmann::json adapter = nlohmann::json::object();  // AdapterConfig keys (without seed and device)
  std::string device = "auto";
};

// The experiment config (experiment_config.h) that `params` describe; paths
// are made absolute, per-class ratios given by index become class names.
// Throws std::invalid_argument / FeatureFileError naming the bad value.
nlohmann::json adapter_experiment_config(const AdapterJobParams& params);

struct ExperimentJobParams {
  std::string store_path;
  std::string base_dir;  // relative paths in the config ("" = current directory)
  std::string source = "train-adapter";  // names the config in messages
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(int epoch, const std::string& key, double value)> metric;  // after it is stored
};

struct ExperimentJobOutcome {
  int64_t run_id = 0;
  std::string key;
  bool already_done = false;  // the store held this run DONE: nothing was trained
  store::RunInfo run;         // as stored (status, config, plan, error, device, ...)
  store::RunResult result;    // final metrics, per-class accuracy, confusion
  nlohmann::json history = nlohmann::json::array();  // [{"epoch", "key", "value"}] in order
  nlohmann::json plan_counts;  // per-class and total counts of the stored plan (adapter runs)
};

// Checks, records and executes one experiment config; a config that the
// store already holds DONE (same run key) is not trained again. Throws
// ConfigError for a bad config, RunCancelled when cancelled, and
// std::runtime_error with the run's reason when it failed.
ExperimentJobOutcome run_experiment_job(const nlohmann::json& config, const ExperimentJobParams& params);

}  // namespace plumage::experiment

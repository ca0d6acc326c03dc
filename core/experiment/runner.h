// Runs the runnable runs of a sweep one after another (or `jobs` at a time
// on CPU), streaming metrics into the store, keeping a heartbeat for each
// running run, honouring a cancellation flag, and recording failures (NaN
// loss, out of memory, missing file, bad input) as FAILED with the reason
// before going on with the next run.
//
// What a run does is a RunFunction: engine_run.h provides the real one
// (adapter / linear probe / zero-shot on feature files); tests may pass
// their own to exercise the bookkeeping alone.
#pragma once

#include "core/experiment/sweep_config.h"
#include "core/store/records.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace plumage::store {
class RunStore;
}

namespace plumage::experiment {

// What a run function gets.
struct RunContext {
  int64_t run_id = 0;
  std::string key;
  const nlohmann::json* config = nullptr;        // resolved config
  const std::atomic<bool>* cancel = nullptr;     // stop within one batch when true
  std::function<void(int64_t step, const std::string& key, double value)> log_metric;
  std::function<void(const nlohmann::json& plan)> set_plan;
  std::function<void(const std::string& kind, const std::string& path)> add_artifact;
};

// Returns the run's final results; throws to fail it (RunCancelled to cancel).
using RunFunction = std::function<store::RunResult(RunContext&)>;

struct RunCancelled : std::runtime_error {
  RunCancelled() : std::runtime_error("cancelled") {}
};

struct RunEvent {
  enum Kind { Started, Finished, Failed, Cancelled, Skipped } kind;
  int index = 0;  // 1-based among the runs this call executes
  int total = 0;
  const PlannedRun* run = nullptr;
  std::string detail;  // error text, or a one-line result summary
  double seconds = 0;
};

// Runs that may train together as one batch (the adapter runs of a sweep on
// a GPU: see engine_run.h). Both functions set = batching on.
struct BatchOutcome {
  store::RunResult result;
  std::string error;  // non-empty: this run failed with this reason
};
struct RunBatching {
  // The group a run may join (runs with equal keys train together); empty:
  // the run goes alone through the RunFunction.
  std::function<std::string(const nlohmann::json& config)> key;
  // Trains a group of two or more runs; one outcome per context, in order.
  // Throws RunCancelled to cancel the whole group; any other exception fails
  // every run of the group with its message.
  std::function<std::vector<BatchOutcome>(std::vector<RunContext>& group)> run;
  size_t max_group = 128;
  bool enabled() const { return key && run; }
};

struct RunnerOptions {
  int jobs = 1;
  std::chrono::milliseconds heartbeat_interval{std::chrono::seconds(10)};
  const std::atomic<bool>* cancel = nullptr;
  std::string device;         // recorded with each run ("cpu", "cuda:0")
  std::string code_version;   // Plumage version
  std::string torch_version;  // LibTorch version (a string: the store does not link LibTorch)
  std::function<void(const RunEvent&)> on_event;  // called from worker threads, serialized
  RunBatching batching;  // optional
};

struct SweepOutcome {
  int64_t sweep_id = 0;
  int planned = 0;
  int already_done = 0;
  int done = 0;
  int failed = 0;
  int cancelled = 0;
  int busy_elsewhere = 0;  // RUNNING in another live process
};

// Records the sweep and its runs (idempotent: keys already there are found),
// then executes every run that is not DONE. A write the store refuses (a
// metric batch, heartbeat or result, after retries) ends its run FAILED with
// why when the store still takes that, stops the sweep (no new run starts,
// running ones finish) and is rethrown as store::StoreWriteError; a run taken
// over by another process meanwhile counts as failed and is left to it.
SweepOutcome run_sweep(store::RunStore& store, const SweepPlan& plan, const RunFunction& fn,
                       const RunnerOptions& options);

// Only registers the sweep and its runs (QUEUED); returns the sweep id.
int64_t register_sweep(store::RunStore& store, const SweepPlan& plan);

}  // namespace plumage::experiment

// Executing a planned sweep (or one experiment, a sweep of one run) with the
// training engine: the one call behind the Setup page's Run button,
// `plumage-cli sweep` / `run-task` / `train-adapter` and the demo job. It
// resolves and records the device, the Plumage and LibTorch versions, batches
// adapter runs on a GPU, keeps heartbeats, and streams every metric into the
// store. Torch-free header.
#pragma once

#include "core/experiment/runner.h"
#include "core/experiment/sweep_config.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <string>

namespace plumage::experiment {

struct SweepJobParams {
  // "" or "auto": each config's own device; otherwise it replaces the
  // configs' device (not part of run keys). Recorded resolved ("cpu", "cuda:0").
  std::string device;
  int jobs = 1;       // runs at once; more than one only on the CPU
  bool batch = true;  // adapter runs that differ only in their plan train together on a GPU
  std::chrono::milliseconds heartbeat_interval{std::chrono::seconds(10)};
  const std::atomic<bool>* cancel = nullptr;
  // Called from worker threads, serialized.
  std::function<void(const RunEvent&)> on_event;
  // Called on the worker thread before a run starts (it may wrap
  // ctx.log_metric to watch the metrics) and after it ends, however it ends.
  std::function<void(RunContext&)> on_run_start;
  std::function<void(const RunContext&)> on_run_end;
  // Replaces the engine (tests exercise the bookkeeping with their own).
  RunFunction run_function;
};

// The device recorded for the plan's runs: `requested` (when set and not
// "auto") or the first run's config device, resolved.
std::string sweep_device(const SweepPlan& plan, const std::string& requested);

// Applies params.device to the plan's configs and runs it into `store`.
// Throws std::invalid_argument for an impossible device or --jobs on a GPU,
// store::StoreWriteError when the store refuses a write (see run_sweep).
SweepOutcome execute_sweep(store::RunStore& store, SweepPlan plan, const SweepJobParams& params);

}  // namespace plumage::experiment

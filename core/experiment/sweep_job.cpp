#include "core/experiment/sweep_job.h"

#include "core/experiment/engine_run.h"
#include "core/experiment/runtime.h"

#include <algorithm>
#include <stdexcept>
#include <thread>

namespace plumage::experiment {

std::string sweep_device(const SweepPlan& plan, const std::string& requested) {
  std::string device = requested;
  if ((device.empty() || device == "auto") && !plan.runs.empty())
    device = plan.runs.front().experiment.config.value("device", std::string("auto"));
  return resolve_device(device.empty() ? "auto" : device);
}

SweepOutcome execute_sweep(store::RunStore& store, SweepPlan plan, const SweepJobParams& p) {
  if (!p.device.empty() && p.device != "auto")
    for (auto& r : plan.runs) r.experiment.config["device"] = p.device;
  RunnerOptions o;
  o.jobs = p.jobs;
  o.heartbeat_interval = p.heartbeat_interval;
  o.cancel = p.cancel;
  o.device = sweep_device(plan, p.device);
  o.code_version = plumage_version();
  o.torch_version = torch_version();
  o.on_event = p.on_event;
  if (p.jobs > 1) {
    if (o.device != "cpu")
      throw std::invalid_argument("several runs at once (jobs > 1) run on the CPU only (device is " + o.device + ")");
    // The runs share the cores instead of each taking them all.
    set_threads(std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / p.jobs));
  }

  RunFunction fn = p.run_function;
  RunBatching batching;
  if (!fn) {
    const EngineRunner engine = make_engine_runner();
    fn = engine.run;
    if (p.batch) batching = engine.batching;
  }
  auto started = [&p](RunContext& rc) {
    if (p.on_run_start) p.on_run_start(rc);
  };
  auto ended = [&p](const RunContext& rc) {
    if (p.on_run_end) p.on_run_end(rc);
  };
  RunFunction wrapped = [fn, started, ended](RunContext& rc) -> store::RunResult {
    started(rc);
    try {
      store::RunResult r = fn(rc);
      ended(rc);
      return r;
    } catch (...) {
      ended(rc);
      throw;
    }
  };
  if (batching.enabled()) {
    o.batching = batching;
    o.batching.run = [inner = batching.run, started, ended](std::vector<RunContext>& group) {
      for (auto& rc : group) started(rc);
      try {
        auto out = inner(group);
        for (const auto& rc : group) ended(rc);
        return out;
      } catch (...) {
        for (const auto& rc : group) ended(rc);
        throw;
      }
    };
  }
  return run_sweep(store, plan, wrapped, o);
}

}  // namespace plumage::experiment

#include "core/experiment/runner.h"

#include "core/experiment/heartbeat.h"
#include "core/store/run_store.h"
#include "core/store/store_error.h"
#include "core/store/store_reader.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace plumage::experiment {
using Clock = std::chrono::steady_clock;

int64_t register_sweep(store::RunStore& store, const SweepPlan& plan) {
  const int64_t sweep_id = store.ensure_sweep(plan.name, plan.raw, plan.hash);
  std::map<std::pair<std::string, std::string>, int64_t> set_ids;  // (path, hash) -> feature set id
  for (const PlannedRun& r : plan.runs) {
    const int64_t run_id = store.ensure_run(sweep_id, r.position, r.key, r.experiment.seed(), r.experiment.config);
    // What the run reads (provenance); the same file is one feature set.
    for (const RunInput& in : r.inputs) {
      const auto k = std::make_pair(in.set.path, in.set.content_hash);
      auto it = set_ids.find(k);
      if (it == set_ids.end()) it = set_ids.emplace(k, store.ensure_feature_set(in.set)).first;
      store.link_feature_set(run_id, in.role, it->second);
    }
  }
  return sweep_id;
}

namespace {

std::string summary(const store::RunResult& r) {
  std::string out;
  for (const char* k : {"test_top1", "val_top1"}) {
    if (r.metrics.contains(k) && r.metrics[k].is_number()) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s%s %.2f%%", out.empty() ? "" : ", ", k, 100.0 * r.metrics[k].get<double>());
      out += buf;
    }
  }
  return out;
}

}  // namespace

SweepOutcome run_sweep(store::RunStore& store, const SweepPlan& plan, const RunFunction& fn,
                       const RunnerOptions& options) {
  SweepOutcome out;
  out.planned = static_cast<int>(plan.runs.size());
  out.sweep_id = register_sweep(store, plan);
  store.flush();

  // Which runs still need work (read through a separate read connection).
  std::map<std::string, store::RunInfo> by_key;
  {
    store::StoreReader reader(store.path());
    for (auto& r : reader.runs(out.sweep_id)) by_key[r.key] = std::move(r);
  }
  std::vector<const PlannedRun*> todo;
  for (const PlannedRun& r : plan.runs) {
    const auto& info = by_key.at(r.key);
    if (info.status == store::RunStatus::Done) ++out.already_done;
    else todo.push_back(&r);
  }

  // Work items: a run alone, or a group of runs that train together.
  std::vector<std::vector<const PlannedRun*>> items;
  {
    std::map<std::string, size_t> open_group;  // batch key -> item still taking runs
    for (const PlannedRun* r : todo) {
      const std::string key = options.batching.enabled() ? options.batching.key(r->experiment.config) : "";
      auto it = key.empty() ? open_group.end() : open_group.find(key);
      if (it != open_group.end() && items[it->second].size() < std::max<size_t>(1, options.batching.max_group)) {
        items[it->second].push_back(r);
        continue;
      }
      items.push_back({r});
      if (!key.empty()) open_group[key] = items.size() - 1;
    }
  }

  std::mutex mutex;  // guards `out`, `next`, events
  size_t next = 0;
  int started = 0;
  const int total = static_cast<int>(todo.size());
  auto emit = [&](RunEvent e) {
    if (options.on_event) options.on_event(e);
  };
  HeartbeatTicker ticker(store, options.heartbeat_interval);
  auto cancelled = [&] { return options.cancel && options.cancel->load(); };

  // Claims a run for this process and announces it; 0 when another process has it.
  auto start = [&](const PlannedRun* run, int& index) -> int64_t {
    const int64_t id = by_key.at(run->key).id;
    if (!store.claim_run(id, store::RunClaim{options.device, options.code_version, options.torch_version})) {
      std::lock_guard<std::mutex> lk(mutex);
      ++out.busy_elsewhere;
      emit(RunEvent{RunEvent::Skipped, 0, total, run, "running in another process, or already done", 0});
      return 0;
    }
    {
      std::lock_guard<std::mutex> lk(mutex);
      index = ++started;
      emit(RunEvent{RunEvent::Started, index, total, run, "", 0});
    }
    ticker.add(id);
    return id;
  };
  // `alone`: a lost run stops at its next metric; in a group only a failing
  // store does (the others of the group train on).
  auto context = [&](const PlannedRun* run, int64_t id, bool alone) {
    RunContext ctx;
    ctx.run_id = id;
    ctx.key = run->key;
    ctx.config = &run->experiment.config;
    ctx.cancel = options.cancel;
    ctx.log_metric = [&store, id, alone](int64_t step, const std::string& key, double value) {
      // A queued write of this run failed: stop it now rather than train on.
      if (auto failed = store.run_failure(id)) {
        try {
          std::rethrow_exception(failed);
        } catch (const store::RunNotOwned&) {
          if (alone) throw;
        }
      }
      store.log_metric(id, key, step, value);
    };
    ctx.set_plan = [&store, id](const nlohmann::json& p) { store.set_plan(id, p); };
    ctx.add_artifact = [&store, id](const std::string& kind, const std::string& path) {
      store.add_artifact(id, kind, path, "");
    };
    return ctx;
  };
  // Records how a run ended (result for Finished, reason otherwise). A run
  // the store could not record (a failed metric batch, heartbeat or result)
  // ends FAILED with why, if the store still takes that, and the store's
  // error is rethrown: the sweep stops. A run taken over meanwhile is left
  // to its new owner.
  auto finish = [&](const PlannedRun* run, int64_t id, int index, RunEvent::Kind kind, std::string detail,
                    const store::RunResult* result, double secs) {
    ticker.remove(id);
    std::exception_ptr store_failure;
    try {
      store.check_run(id);
      if (kind == RunEvent::Finished) store.finish_run(id, *result);
      else if (kind == RunEvent::Cancelled) store.end_run(id, store::RunStatus::Cancelled, "cancelled by the user");
      else store.end_run(id, store::RunStatus::Failed, detail);
    } catch (const store::RunNotOwned& e) {
      kind = RunEvent::Failed;
      detail = e.what();
    } catch (const std::exception& e) {
      kind = RunEvent::Failed;
      detail = e.what();
      if (dynamic_cast<const store::StoreError*>(&e)) store_failure = std::current_exception();
      try {
        store.end_run(id, store::RunStatus::Failed, detail);
      } catch (const store::RunNotOwned&) {
      } catch (...) {
        // The store takes nothing more: the sweep stops with why, and the
        // next start marks the run INTERRUPTED.
        if (!store_failure) store_failure = std::current_exception();
      }
    }
    {
      std::lock_guard<std::mutex> lk(mutex);
      if (kind == RunEvent::Finished) ++out.done;
      else if (kind == RunEvent::Failed) ++out.failed;
      else ++out.cancelled;
      emit(RunEvent{kind, index, total, run, kind == RunEvent::Finished ? summary(*result) : detail, secs});
    }
    if (store_failure) std::rethrow_exception(store_failure);
  };
  // Runs `body`, mapping its exceptions to (kind, detail).
  auto guarded = [](const std::function<void()>& body, RunEvent::Kind& kind, std::string& detail) {
    try {
      body();
    } catch (const RunCancelled&) {
      kind = RunEvent::Cancelled;
      detail = "cancelled";
    } catch (const std::exception& e) {
      kind = RunEvent::Failed;
      detail = e.what();
    } catch (...) {
      kind = RunEvent::Failed;
      detail = "unknown error";
    }
  };

  auto run_alone = [&](const PlannedRun* run) {
    int index = 0;
    const int64_t id = start(run, index);
    if (!id) return;
    RunContext ctx = context(run, id, true);
    const auto t0 = Clock::now();
    RunEvent::Kind kind = RunEvent::Finished;
    std::string detail;
    store::RunResult result;
    guarded([&] { result = fn(ctx); }, kind, detail);
    finish(run, id, index, kind, detail, &result, std::chrono::duration<double>(Clock::now() - t0).count());
  };

  auto run_group = [&](const std::vector<const PlannedRun*>& group) {
    std::vector<const PlannedRun*> runs;
    std::vector<int64_t> ids;
    std::vector<int> indices;
    try {
      for (const PlannedRun* r : group) {
        int index = 0;
        if (const int64_t id = start(r, index)) {
          runs.push_back(r);
          ids.push_back(id);
          indices.push_back(index);
        }
      }
    } catch (const std::exception& e) {
      // The store refused a claim: the runs claimed so far end with why.
      for (size_t i = 0; i < runs.size(); ++i) {
        try {
          finish(runs[i], ids[i], indices[i], RunEvent::Failed, e.what(), nullptr, 0);
        } catch (const std::exception&) {
        }
      }
      throw;
    }
    if (runs.empty()) return;
    std::vector<RunContext> ctxs;
    for (size_t i = 0; i < runs.size(); ++i) ctxs.push_back(context(runs[i], ids[i], false));
    const auto t0 = Clock::now();
    RunEvent::Kind kind = RunEvent::Finished;
    std::string detail;
    std::vector<BatchOutcome> outcomes;
    guarded(
        [&] {
          outcomes = options.batching.run(ctxs);
          if (outcomes.size() != ctxs.size()) throw std::logic_error("batch run returned a wrong number of outcomes");
        },
        kind, detail);
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count() / static_cast<double>(runs.size());
    // Every run of the group is recorded before a store failure stops the sweep.
    std::exception_ptr store_failure;
    for (size_t i = 0; i < runs.size(); ++i) {
      try {
        if (kind != RunEvent::Finished) finish(runs[i], ids[i], indices[i], kind, detail, nullptr, secs);
        else if (!outcomes[i].error.empty())
          finish(runs[i], ids[i], indices[i], RunEvent::Failed, outcomes[i].error, nullptr, secs);
        else finish(runs[i], ids[i], indices[i], RunEvent::Finished, "", &outcomes[i].result, secs);
      } catch (...) {
        if (!store_failure) store_failure = std::current_exception();
      }
    }
    if (store_failure) std::rethrow_exception(store_failure);
  };

  // The first error that escapes a run's bookkeeping (the store refusing
  // writes): no worker takes another run, and run_sweep rethrows it once
  // every worker has finished its own, instead of an exception leaving a
  // thread (std::terminate).
  std::exception_ptr fatal;
  auto worker = [&] {
    for (;;) {
      const std::vector<const PlannedRun*>* item = nullptr;
      {
        std::lock_guard<std::mutex> lk(mutex);
        if (next >= items.size() || cancelled() || fatal) return;
        item = &items[next++];
      }
      try {
        if (item->size() == 1) run_alone(item->front());
        else run_group(*item);
      } catch (...) {
        std::lock_guard<std::mutex> lk(mutex);
        if (!fatal) fatal = std::current_exception();
        return;
      }
    }
  };

  const int jobs = std::max(1, std::min(options.jobs, static_cast<int>(items.size())));
  if (jobs == 1) {
    worker();
  } else {
    std::vector<std::thread> threads;
    for (int i = 0; i < jobs; ++i) threads.emplace_back(worker);
    for (auto& t : threads) t.join();
  }
  if (fatal) std::rethrow_exception(fatal);
  store.flush();
  return out;
}

}  // namespace plumage::experiment

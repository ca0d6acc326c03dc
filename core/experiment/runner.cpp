#include "experiment/runner.h"

#include "store/run_store.h"
#include "store/store_reader.h"

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
  for (const PlannedRun& r : plan.runs) {
    store.ensure_run(sweep_id, r.position, r.key, r.experiment.seed(), r.experiment.config);
  }
  return sweep_id;
}

namespace {

// Posts a heartbeat for every active run at a fixed interval.
class HeartbeatTicker {
 public:
  HeartbeatTicker(store::RunStore& store, std::chrono::milliseconds interval) : store_(store), interval_(interval) {
    thread_ = std::thread([this] { loop(); });
  }
  ~HeartbeatTicker() {
    {
      std::lock_guard<std::mutex> lk(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  void add(int64_t id) {
    std::lock_guard<std::mutex> lk(mutex_);
    active_.insert(id);
  }
  void remove(int64_t id) {
    std::lock_guard<std::mutex> lk(mutex_);
    active_.erase(id);
  }

 private:
  void loop() {
    std::unique_lock<std::mutex> lk(mutex_);
    while (!stop_) {
      wake_.wait_for(lk, interval_);
      if (stop_) break;
      for (int64_t id : active_) store_.heartbeat(id);
    }
  }
  store::RunStore& store_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::set<int64_t> active_;
  bool stop_ = false;
  std::thread thread_;
};

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

  std::mutex mutex;  // guards `out`, `next`, events
  size_t next = 0;
  int started = 0;
  const int total = static_cast<int>(todo.size());
  auto emit = [&](RunEvent e) {
    if (options.on_event) options.on_event(e);
  };
  HeartbeatTicker ticker(store, options.heartbeat_interval);
  auto cancelled = [&] { return options.cancel && options.cancel->load(); };

  auto worker = [&] {
    for (;;) {
      const PlannedRun* run = nullptr;
      int index = 0;
      {
        std::lock_guard<std::mutex> lk(mutex);
        if (next >= todo.size() || cancelled()) return;
        run = todo[next++];
      }
      const int64_t id = by_key.at(run->key).id;
      if (!store.claim_run(id, store::RunClaim{options.device, options.code_version, options.torch_version})) {
        std::lock_guard<std::mutex> lk(mutex);
        ++out.busy_elsewhere;
        emit(RunEvent{RunEvent::Skipped, 0, total, run, "running in another process, or already done", 0});
        continue;
      }
      {
        std::lock_guard<std::mutex> lk(mutex);
        index = ++started;
        emit(RunEvent{RunEvent::Started, index, total, run, "", 0});
      }
      ticker.add(id);
      RunContext ctx;
      ctx.run_id = id;
      ctx.key = run->key;
      ctx.config = &run->experiment.config;
      ctx.cancel = options.cancel;
      ctx.log_metric = [&store, id](int64_t step, const std::string& key, double value) {
        store.log_metric(id, key, step, value);
      };
      ctx.set_plan = [&store, id](const nlohmann::json& p) { store.set_plan(id, p); };
      ctx.add_artifact = [&store, id](const std::string& kind, const std::string& path) {
        store.add_artifact(id, kind, path, "");
      };
      const auto t0 = Clock::now();
      RunEvent::Kind kind = RunEvent::Finished;
      std::string detail;
      try {
        store::RunResult result = fn(ctx);
        store.finish_run(id, result);
        detail = summary(result);
      } catch (const RunCancelled&) {
        kind = RunEvent::Cancelled;
        detail = "cancelled";
        store.end_run(id, store::RunStatus::Cancelled, "cancelled by the user");
      } catch (const std::exception& e) {
        kind = RunEvent::Failed;
        detail = e.what();
        store.end_run(id, store::RunStatus::Failed, detail);
      } catch (...) {
        kind = RunEvent::Failed;
        detail = "unknown error";
        store.end_run(id, store::RunStatus::Failed, detail);
      }
      ticker.remove(id);
      const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
      std::lock_guard<std::mutex> lk(mutex);
      if (kind == RunEvent::Finished) ++out.done;
      else if (kind == RunEvent::Failed) ++out.failed;
      else ++out.cancelled;
      emit(RunEvent{kind, index, total, run, detail, secs});
    }
  };

  const int jobs = std::max(1, std::min(options.jobs, total));
  if (jobs == 1) {
    worker();
  } else {
    std::vector<std::thread> threads;
    for (int i = 0; i < jobs; ++i) threads.emplace_back(worker);
    for (auto& t : threads) t.join();
  }
  store.flush();
  return out;
}

}  // namespace plumage::experiment

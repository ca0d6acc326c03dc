// plumage-cli sweep | run-task: run a sweep (or one experiment) into a
// store, resuming where it stopped; or write it as a Slurm job array; or run
// one array task of such a job.
#include "app/cli/command_registry.h"

#include "core/experiment/clip_model_check.h"
#include "core/experiment/slurm_export.h"
#include "core/experiment/sweep_config.h"
#include "core/experiment/sweep_job.h"
#include "core/store/run_store.h"
#include "core/store/store_error.h"
#include "core/store/store_reader.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>
#include <thread>

namespace plumage::cli {
namespace {

std::atomic<bool> g_cancel{false};

extern "C" void on_interrupt(int) { g_cancel.store(true); }

struct RunArgs {
  std::string config, db, device, task;
  bool resume = false, dry_run = false, no_batch = false;
  int jobs = 1;
  double heartbeat_s = 10;
  // Slurm
  std::string slurm_dir, gres = "gpu:1", partition, time_limit = "04:00:00", mem, cli_path;
  int chunk = 1, cpus = 4;
};

std::string describe(const nlohmann::json& assignment) {
  std::string out;
  for (const auto& [k, v] : assignment.items()) out += (out.empty() ? "" : " ") + k + "=" + v.dump();
  return out;
}

void print_event(const experiment::RunEvent& e) {
  const char* what = "";
  switch (e.kind) {
    case experiment::RunEvent::Started: what = "started"; break;
    case experiment::RunEvent::Finished: what = "done"; break;
    case experiment::RunEvent::Failed: what = "FAILED"; break;
    case experiment::RunEvent::Cancelled: what = "cancelled"; break;
    case experiment::RunEvent::Skipped: what = "skipped"; break;
  }
  std::cout << "[" << e.index << "/" << e.total << "] " << e.run->key << " " << describe(e.run->assignment) << ": "
            << what;
  if (e.kind != experiment::RunEvent::Started) {
    char buf[32];
    std::snprintf(buf, sizeof buf, " in %.1f s", e.seconds);
    std::cout << (e.kind == experiment::RunEvent::Skipped ? "" : buf);
    if (!e.detail.empty()) std::cout << " (" << e.detail << ")";
  }
  std::cout << std::endl;
}

// Refuses to silently continue a sweep that already ran, unless --resume.
void check_resume(const std::string& db, const experiment::SweepPlan& plan, bool resume) {
  std::error_code ec;
  if (resume || !std::filesystem::exists(db, ec)) return;
  store::StoreReader reader(db);
  for (const auto& s : reader.sweeps()) {
    if (s.config_hash != plan.hash) continue;
    const auto counts = reader.status_counts(s.id);
    int started = 0;
    std::string list;
    for (const auto& [status, n] : counts) {
      if (status != "QUEUED") started += n;
      list += (list.empty() ? "" : ", ") + std::to_string(n) + " " + status;
    }
    if (started > 0) {
      throw ExitError(2, "sweep '" + plan.name + "' already ran in " + db + " (" + list +
                             "); pass --resume to continue it (DONE runs are kept, the others re-run)");
    }
  }
}

// A write the store refused stopped the sweep (the runs it concerns are
// FAILED with why, or INTERRUPTED at the next start if even that failed).
std::string store_stopped(const store::StoreWriteError& e) {
  return std::string("the store refused a write; the sweep stopped: ") + e.what();
}

int execute(store::RunStore& store, const experiment::SweepPlan& plan, const RunArgs& a) {
  if (store.recovered_runs() > 0) {
    std::cout << store.recovered_runs() << " run(s) left RUNNING by a process that ended were marked INTERRUPTED\n";
  }
  experiment::SweepJobParams o;
  o.device = a.device;
  o.jobs = a.jobs;
  o.batch = !a.no_batch;
  o.heartbeat_interval = std::chrono::milliseconds(static_cast<long>(a.heartbeat_s * 1000));
  o.cancel = &g_cancel;
  o.on_event = print_event;
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  experiment::SweepOutcome out;
  try {
    out = experiment::execute_sweep(store, plan, o);
  } catch (const std::invalid_argument& e) {
    throw ExitError(2, e.what());
  }
  std::cout << "sweep '" << plan.name << "' (id " << out.sweep_id << ") in " << store.path() << ": " << out.planned
            << " runs, " << out.already_done << " already done, " << out.done << " done now, " << out.failed
            << " failed, " << out.cancelled << " cancelled";
  if (out.busy_elsewhere) std::cout << ", " << out.busy_elsewhere << " running elsewhere";
  std::cout << std::endl;
  if (g_cancel.load()) return 130;
  return out.failed > 0 ? 3 : 0;
}

void run_sweep_command(const RunArgs& a) {
  experiment::FileHashCache files;
  experiment::SweepPlan plan;
  try {
    plan = experiment::plan_sweep_file(a.config, files);
  } catch (const experiment::ConfigError& e) {
    throw ExitError(2, e.what());
  }
  std::cout << "sweep '" << plan.name << "': " << plan.runs.size() << " runs\n";
  // Inputs whose CLIP model cannot be checked (no weights hash): said, not refused.
  std::set<std::string> notes;
  for (const auto& r : plan.runs)
    for (const std::string& n : experiment::check_one_clip_model(experiment::experiment_model_inputs(r.experiment.config)).notes)
      notes.insert(n);
  for (const std::string& n : notes) std::cerr << "note: " << n << "\n";
  if (!a.slurm_dir.empty()) {
    experiment::SlurmOptions o;
    o.dir = a.slurm_dir;
    o.cli_path = a.cli_path.empty() ? std::filesystem::read_symlink("/proc/self/exe").string() : a.cli_path;
    o.runs_per_task = a.chunk;
    o.gres = a.gres;
    o.partition = a.partition;
    o.time_limit = a.time_limit;
    o.cpus_per_task = a.cpus;
    o.mem = a.mem;
    o.device = a.device.empty() ? "auto" : a.device;
    const auto ex = experiment::write_slurm_array(plan, o);
    std::cout << "wrote " << ex.task_files.size() << " task files and " << ex.script_path << "\n"
              << "submit: sbatch " << experiment::shell_quote(ex.script_path) << "\n"
              << "then:   plumage-cli runs merge --into results.sqlite "
              << experiment::shell_quote(
                     (std::filesystem::path(ex.script_path).parent_path() / "stores").string())
              << "/*.sqlite\n";
    return;
  }
  if (a.dry_run) {
    for (const auto& r : plan.runs) std::cout << "  " << r.key << " " << describe(r.assignment) << "\n";
    return;
  }
  if (a.db.empty()) throw ExitError(2, "--db is required (or --dry-run / --emit-slurm)");
  try {
    check_resume(a.db, plan, a.resume);
    store::RunStore store(a.db);
    const int code = execute(store, plan, a);
    if (code != 0) throw ExitError(code, "");
  } catch (const store::StoreWriteError& e) {
    throw ExitError(1, store_stopped(e));
  } catch (const store::StoreError& e) {
    throw ExitError(2, e.what());
  }
}

void run_task_command(const RunArgs& a) {
  experiment::FileHashCache files;
  experiment::SweepPlan plan;
  try {
    plan = experiment::read_task_file(a.task, files);
  } catch (const experiment::ConfigError& e) {
    throw ExitError(2, e.what());
  }
  std::cout << "task " << a.task << ": " << plan.runs.size() << " runs of sweep '" << plan.name << "'\n";
  try {
    store::RunStore store(a.db);
    const int code = execute(store, plan, a);
    if (code != 0) throw ExitError(code, "");
  } catch (const store::StoreWriteError& e) {
    throw ExitError(1, store_stopped(e));
  } catch (const store::StoreError& e) {
    throw ExitError(2, e.what());
  }
}

const CommandRegistrar kRegister(70, [](CLI::App& app) {
  auto a = std::make_shared<RunArgs>();
  CLI::App* sweep = app.add_subcommand(
      "sweep", "Run a sweep (or one experiment config) into a store; finished runs are kept, the rest re-run");
  sweep->add_option("--config", a->config, "Sweep or experiment config (JSON)")->required()->check(CLI::ExistingFile);
  sweep->add_option("--db", a->db, "Store file (SQLite; on a local disk)");
  sweep->add_flag("--resume", a->resume, "Continue a sweep that already ran in --db");
  sweep->add_option("--jobs", a->jobs, "Runs at once (CPU only)")->check(CLI::Range(1, 256));
  sweep->add_option("--device", a->device, "auto, cpu, cuda, cuda:N (overrides the configs; not part of run keys)");
  sweep->add_option("--heartbeat", a->heartbeat_s, "Seconds between heartbeats of a running run")
      ->check(CLI::Range(0.05, 3600.0));
  sweep->add_flag("--no-batch", a->no_batch,
                  "Train every run alone (by default, on a GPU, adapter runs that differ only in ratio, text source "
                  "or seed train together as one batch)");
  sweep->add_flag("--dry-run", a->dry_run, "Check the config and list the runs; run nothing");
  sweep->add_option("--emit-slurm", a->slurm_dir, "Write task files and an sbatch array script to this directory");
  sweep->add_option("--chunk", a->chunk, "Runs per array task (with --emit-slurm)")->check(CLI::Range(1, 100000));
  sweep->add_option("--gres", a->gres, "Slurm --gres of each task (\"\" for none)")->capture_default_str();
  sweep->add_option("--partition", a->partition, "Slurm partition");
  sweep->add_option("--time", a->time_limit, "Slurm time limit per task")->capture_default_str();
  sweep->add_option("--cpus", a->cpus, "Slurm --cpus-per-task")->capture_default_str();
  sweep->add_option("--mem", a->mem, "Slurm --mem per task (e.g. 16G)");
  sweep->add_option("--cli", a->cli_path, "plumage-cli path on the cluster nodes (default: this binary)");
  sweep->callback([a] { run_sweep_command(*a); });

  auto t = std::make_shared<RunArgs>();
  t->resume = true;
  CLI::App* task = app.add_subcommand("run-task", "Run one task file of a Slurm array (see sweep --emit-slurm)");
  task->add_option("--task", t->task, "Task file written by sweep --emit-slurm")->required()->check(CLI::ExistingFile);
  task->add_option("--db", t->db, "Store file of this task (local disk)")->required();
  task->add_option("--device", t->device, "auto, cpu, cuda, cuda:N");
  task->add_option("--jobs", t->jobs, "Runs at once (CPU only)")->check(CLI::Range(1, 256));
  task->add_option("--heartbeat", t->heartbeat_s, "Seconds between heartbeats")->check(CLI::Range(0.05, 3600.0));
  task->callback([t] { run_task_command(*t); });
});

}  // namespace
}  // namespace plumage::cli

#include "core/experiment/slurm_export.h"

#include "core/data/file_util.h"

#include <cstdio>
#include <filesystem>
#include <sstream>

namespace plumage::experiment {
namespace fs = std::filesystem;
using nlohmann::json;

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

namespace {

std::string task_name(size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "task-%04zu.json", i);
  return buf;
}

std::string sanitize(const std::string& name) {
  std::string out;
  for (char c : name) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
  return out.empty() ? "sweep" : out;
}

}  // namespace

SlurmExport write_slurm_array(const SweepPlan& plan, const SlurmOptions& o) {
  if (o.runs_per_task < 1) throw std::invalid_argument("--chunk must be at least 1");
  const fs::path dir = fs::absolute(o.dir).lexically_normal();
  fs::create_directories(dir / "tasks");
  fs::create_directories(dir / "stores");
  fs::create_directories(dir / "logs");
  SlurmExport out;
  const size_t per = static_cast<size_t>(o.runs_per_task);
  const size_t tasks = (plan.runs.size() + per - 1) / per;
  for (size_t t = 0; t < tasks; ++t) {
    json task;
    task["plumage_task"] = 1;
    task["sweep"] = {{"name", plan.name}, {"hash", plan.hash}, {"raw", plan.raw}};
    task["runs"] = json::array();
    for (size_t i = t * per; i < std::min(plan.runs.size(), (t + 1) * per); ++i) {
      const PlannedRun& r = plan.runs[i];
      task["runs"].push_back({{"position", r.position}, {"key", r.key}, {"assignment", r.assignment},
                              {"config", r.experiment.config}});
    }
    const std::string path = (dir / "tasks" / task_name(t)).string();
    data::write_file_atomic(path, task.dump(1) + "\n");
    out.task_files.push_back(path);
  }

  std::ostringstream s;
  s << "#!/bin/bash\n"
    << "# Plumage sweep '" << plan.name << "': " << plan.runs.size() << " runs in " << tasks
    << " array tasks. Submit with: sbatch " << shell_quote((dir / "plumage-sweep.sbatch").string()) << "\n"
    << "# Afterwards: plumage-cli runs merge --into results.sqlite " << (dir / "stores").string() << "/*.sqlite\n"
    << "#SBATCH --job-name=plumage-" << sanitize(plan.name) << "\n"
    << "#SBATCH --array=0-" << (tasks - 1) << "\n"
    << "#SBATCH --cpus-per-task=" << o.cpus_per_task << "\n"
    << "#SBATCH --time=" << o.time_limit << "\n"
    << "#SBATCH --output=" << (dir / "logs").string() << "/task-%a.out\n";
  if (!o.gres.empty()) s << "#SBATCH --gres=" << o.gres << "\n";
  if (!o.partition.empty()) s << "#SBATCH --partition=" << o.partition << "\n";
  if (!o.mem.empty()) s << "#SBATCH --mem=" << o.mem << "\n";
  s << "set -euo pipefail\n"
    << "PLUMAGE_CLI=\"${PLUMAGE_CLI:-" << o.cli_path << "}\"\n"
    << "DIR=" << shell_quote(dir.string()) << "\n"
    << ": \"${SLURM_ARRAY_TASK_ID:?run this as a Slurm array job (sbatch), or set SLURM_ARRAY_TASK_ID}\"\n"
    << "TASK=$(printf '%04d' \"$SLURM_ARRAY_TASK_ID\")\n"
    << "# SQLite must not live on a network filesystem: write on node-local disk, copy back at the end.\n"
    << "WORK=\"${TMPDIR:-/tmp}/plumage-${SLURM_ARRAY_JOB_ID:-local}-$TASK\"\n"
    << "mkdir -p \"$WORK\" \"$DIR/stores\"\n"
    << "copy_back() {\n"
    << "  for f in store.sqlite store.sqlite-wal; do\n"
    << "    if [ -f \"$WORK/$f\" ]; then cp \"$WORK/$f\" \"$DIR/stores/.task-$TASK.${f#store.}.tmp\"; fi\n"
    << "  done\n"
    << "  if [ -f \"$DIR/stores/.task-$TASK.sqlite.tmp\" ]; then\n"
    << "    if [ -f \"$DIR/stores/.task-$TASK.sqlite-wal.tmp\" ]; then\n"
    << "      mv \"$DIR/stores/.task-$TASK.sqlite-wal.tmp\" \"$DIR/stores/task-$TASK.sqlite-wal\"\n"
    << "    fi\n"
    << "    mv \"$DIR/stores/.task-$TASK.sqlite.tmp\" \"$DIR/stores/task-$TASK.sqlite\"\n"
    << "  fi\n"
    << "  rm -rf \"$WORK\"\n"
    << "}\n"
    << "trap copy_back EXIT\n"
    << "\"$PLUMAGE_CLI\" run-task --task \"$DIR/tasks/task-$TASK.json\" --db \"$WORK/store.sqlite\" --device "
    << shell_quote(o.device) << "\n";
  out.script_path = (dir / "plumage-sweep.sbatch").string();
  data::write_file_atomic(out.script_path, s.str());
  fs::permissions(out.script_path, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add);
  return out;
}

SweepPlan read_task_file(const std::string& path, FileHashCache& files) {
  const json task = read_json_file(path);
  if (!task.is_object() || task.value("plumage_task", 0) != 1 || !task.contains("runs") || !task.contains("sweep")) {
    throw ConfigError(path, {"not a Plumage task file (expected plumage_task: 1, sweep, runs)"});
  }
  SweepPlan plan;
  plan.source = path;
  plan.name = task["sweep"].value("name", "");
  plan.hash = task["sweep"].value("hash", "");
  plan.raw = task["sweep"].value("raw", json::object());
  std::vector<std::string> problems;
  for (size_t i = 0; i < task["runs"].size(); ++i) {
    const json& r = task["runs"][i];
    const std::string where = "runs[" + std::to_string(i) + "]";
    PlannedRun run;
    run.position = r.value("position", static_cast<int>(i));
    run.assignment = r.value("assignment", json::object());
    auto p = check_experiment(r.value("config", json::object()), ResolveOptions{}, &run.experiment);
    for (const auto& msg : p) problems.push_back(where + ".config." + msg);
    if (!p.empty()) continue;
    run.key = run_key(run.experiment.config, files);
    if (run.key != r.value("key", "")) {
      problems.push_back(where + ": run key " + run.key + " differs from the planned " + r.value("key", "") +
                         " (a feature or converter file changed since the sweep was planned)");
      continue;
    }
    plan.runs.push_back(std::move(run));
  }
  if (!problems.empty()) throw ConfigError(path, problems);
  return plan;
}

}  // namespace plumage::experiment

#include "core/experiment/slurm_export.h"

#include "core/data/file_util.h"
#include "core/experiment/run_inputs.h"

#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>

namespace plumage::experiment {
namespace fs = std::filesystem;
using nlohmann::json;

std::string shell_quote(const std::string& s) {
  bool control = false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u == 0) throw std::invalid_argument("a NUL byte cannot be passed to bash");
    if (u < 0x20 || u == 0x7f) control = true;
  }
  if (!control) {
    std::string out = "'";
    for (char c : s) {
      if (c == '\'')
        out += "'\\''";
      else
        out += c;
    }
    return out + "'";
  }
  // ANSI-C quoting keeps a newline (or any control character) on one line of
  // the script: $'a\nb'. Only \\, \' and the escapes written here are special.
  std::string out = "$'";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\\' || c == '\'') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "'";
}

namespace {

std::string comment_text(const std::string& s) {
  // JSON string syntax: control characters (a newline would end the comment
  // and start a shell line) come out as \n, \u0000 and so on.
  return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
}

// A value for an #SBATCH line as sbatch's own parser reads it
// (src/sbatch/opt.c, _get_argument): whitespace ends an argument even after
// a backslash, so a value with anything but plain characters is put in
// double quotes; inside, a backslash takes the next byte literally, which
// protects '"', '\\', '\'' and '#' (an unescaped '#' starts a comment in older
// Slurm even inside quotes). Control characters cannot be written at all.
std::string sbatch_escape(const std::string& value, const std::string& option, bool filename_pattern) {
  std::string body;
  bool plain = true;
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      throw std::invalid_argument("#SBATCH --" + option +
                                  ": the value contains a control character (a newline or similar), which an "
                                  "#SBATCH line cannot hold: " +
                                  comment_text(value));
    }
    if (filename_pattern && c == '\\') {
      // Slurm reads a backslash in a filename pattern as "expand no %a", so
      // the log files of all tasks would collide.
      throw std::invalid_argument("#SBATCH --" + option +
                                  ": a backslash in the path turns off Slurm's filename "
                                  "patterns; choose a folder without one: " +
                                  comment_text(value));
    }
    if (filename_pattern && c == '%') {
      body += "%%";  // Slurm's filename patterns: %% is a literal %
      continue;
    }
    if (!(std::isalnum(u) || (u < 0x80 && std::strchr("-_./:,=+@%", c) != nullptr))) plain = false;
    if (c == '"' || c == '\\' || c == '\'' || c == '#') body += '\\';
    body += c;
  }
  return plain ? body : "\"" + body + "\"";
}

std::string task_name(size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "task-%04zu.json", i);
  return buf;
}

}  // namespace

std::string slurm_job_name(const std::string& sweep_name) {
  std::string out = "plumage-";
  for (char c : sweep_name) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x80 && (std::isalnum(u) || c == '-' || c == '_' || c == '.')) ? c : '_';
    if (out.size() >= 128) break;
  }
  return sweep_name.empty() ? out + "sweep" : out;
}

SlurmExport write_slurm_array(const SweepPlan& plan, const SlurmOptions& o) {
  if (o.runs_per_task < 1) throw std::invalid_argument("--chunk must be at least 1");
  if (plan.runs.empty()) throw std::invalid_argument("sweep '" + plan.name + "' has no runs to export");
  const fs::path dir = fs::absolute(o.dir).lexically_normal();
  // Every #SBATCH value is checked before anything is written.
  const std::string time_value = sbatch_escape(o.time_limit, "time", false);
  const std::string output_value = sbatch_escape((dir / "logs").string(), "output", true) + "/task-%a.out";
  const std::string gres_value = sbatch_escape(o.gres, "gres", false);
  const std::string partition_value = sbatch_escape(o.partition, "partition", false);
  const std::string mem_value = sbatch_escape(o.mem, "mem", false);
  const std::string cli_value = shell_quote(o.cli_path);
  const std::string device_value = shell_quote(o.device);
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

  // Every user string is data here: the sweep name appears only in comments
  // (JSON-escaped, one line) and as a sanitized job name; paths and options
  // are quoted for bash, or escaped for sbatch's #SBATCH parser.
  const std::string stores = (dir / "stores").string();
  std::ostringstream s;
  s << "#!/bin/bash\n"
    << "# Plumage sweep " << comment_text(plan.name) << ": " << plan.runs.size() << " runs in " << tasks
    << " array tasks. Submit with: sbatch " << shell_quote((dir / "plumage-sweep.sbatch").string()) << "\n"
    << "# Afterwards: plumage-cli runs merge --into results.sqlite " << shell_quote(stores) << "/*.sqlite\n"
    << "#SBATCH --job-name=" << slurm_job_name(plan.name) << "\n"
    << "#SBATCH --array=0-" << (tasks - 1) << "\n"
    << "#SBATCH --cpus-per-task=" << o.cpus_per_task << "\n"
    << "#SBATCH --time=" << time_value << "\n"
    << "#SBATCH --output=" << output_value << "\n";
  if (!o.gres.empty()) s << "#SBATCH --gres=" << gres_value << "\n";
  if (!o.partition.empty()) s << "#SBATCH --partition=" << partition_value << "\n";
  if (!o.mem.empty()) s << "#SBATCH --mem=" << mem_value << "\n";
  s << "set -euo pipefail\n"
    << "PLUMAGE_CLI_DEFAULT=" << cli_value << "\n"
    << "PLUMAGE_CLI=\"${PLUMAGE_CLI:-$PLUMAGE_CLI_DEFAULT}\"\n"
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
    << device_value << "\n";
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
  describe_run_inputs(plan, files);
  return plan;
}

}  // namespace plumage::experiment

// Scale-out: a sweep written as a Slurm job array. Each array task gets a
// task file (its share of the sweep's resolved runs) and runs
// `plumage-cli run-task` into its own store on node-local disk, copied back
// to DIR/stores/ when it ends; `plumage-cli runs merge` then joins them.
#pragma once

#include "core/experiment/sweep_config.h"

#include <string>
#include <vector>

namespace plumage::experiment {

struct SlurmOptions {
  std::string dir;                 // output directory (made absolute)
  std::string cli_path;            // plumage-cli to call on the nodes
  int runs_per_task = 1;
  std::string gres = "gpu:1";      // "" = no --gres line
  std::string partition;           // "" = cluster default
  std::string time_limit = "04:00:00";
  int cpus_per_task = 4;
  std::string mem;                 // e.g. "16G"; "" = cluster default
  std::string device = "auto";     // passed to run-task
};

struct SlurmExport {
  std::string script_path;
  std::vector<std::string> task_files;
};

// User strings reach the script only as data: the sweep name in JSON-escaped
// comments and the sanitized job name, paths and the device quoted for bash,
// #SBATCH values backslash-escaped for sbatch's parser. A control character
// in an #SBATCH value (it cannot be written on one line) is refused with
// std::invalid_argument, as is a backslash in the output folder (Slurm's
// filename patterns read it as "no patterns").
SlurmExport write_slurm_array(const SweepPlan& plan, const SlurmOptions& options);

// Reads a task file back into a SweepPlan of its runs, re-checking every
// config and key (a feature file changed since planning is an error naming it).
SweepPlan read_task_file(const std::string& path, FileHashCache& files);

// Quotes a string for bash: single quotes, or ANSI-C quoting ($'a\nb') when
// it holds control characters, so the result is always one line of script.
// Throws std::invalid_argument on a NUL byte (bash cannot hold one).
std::string shell_quote(const std::string& s);

// "plumage-" + the sweep name reduced to [A-Za-z0-9._-] (others become '_'),
// at most 128 characters: safe on an #SBATCH --job-name line.
std::string slurm_job_name(const std::string& sweep_name);

}  // namespace plumage::experiment

// Merging stores (e.g. one per Slurm array task) into one. Runs are matched
// by key, so merging the same file twice changes nothing: a run DONE in the
// target is kept; a run DONE only in the source replaces the target's
// unfinished attempt (with its metrics, results and artifacts); unfinished
// runs absent from the target are copied as they are. Sweeps, experiments,
// datasets and feature sets are matched by their natural keys. Each source
// is merged in one transaction: all of it or nothing.
#pragma once

#include <cstdint>
#include <string>

namespace plumage::store {

class RunStore;

struct MergeReport {
  int runs_added = 0;
  int runs_replaced = 0;
  int runs_kept = 0;  // already in the target and not replaced
  int64_t metric_rows = 0;
  int sweeps_added = 0;
};

MergeReport merge_store(RunStore& into, const std::string& from_path);

}  // namespace plumage::store

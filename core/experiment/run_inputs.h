// Provenance: what each planned run reads. For every feature file and the
// converter checkpoint of a run: path, content hash (the run key's), kind,
// the CLIP model that made it (described and by weights hash), its rows (a
// converter: its training pairs) and, for a converter, its training record.
// register_sweep writes them to the store (feature_sets, run_feature_sets).
// Reads headers only. Torch-free.
#pragma once

#include "core/experiment/sweep_config.h"

namespace plumage::experiment {

// Fills PlannedRun::inputs of every run; each distinct file's header is read
// once. Throws std::runtime_error naming a file that cannot be hashed.
void describe_run_inputs(SweepPlan& plan, FileHashCache& files);

// One input alone (the role is the caller's).
store::FeatureSetInfo describe_input(const std::string& path, FileHashCache& files);

}  // namespace plumage::experiment

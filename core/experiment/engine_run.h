// The real run function: an experiment config executed with the training
// engine on feature files. Inputs (feature files, converted text features)
// are loaded once per process and shared by the runs of a sweep.
#pragma once

#include "experiment/runner.h"

namespace plumage::experiment {

// Thread-safe (the --jobs workers share it). Failures become exceptions with
// a reason: "NaN loss: ...", "out of memory: ...", "missing file: ...".
RunFunction make_engine_run_function();

}  // namespace plumage::experiment

// The real run function: an experiment config executed with the training
// engine on feature files. Inputs (feature files, converted text features)
// are loaded once per process and shared by the runs of a sweep.
#pragma once

#include "core/experiment/runner.h"

namespace plumage::experiment {

// Thread-safe (the --jobs workers share it). Failures become exceptions with
// a reason: "NaN loss: ...", "out of memory: ...", "missing file: ...".
RunFunction make_engine_run_function();

// The run function plus batching (sharing one input cache): adapter runs of
// a sweep that differ only in their plan train together on a GPU
// (train::train_adapters_batched); elsewhere each run trains alone, as there
// batching buys nothing. `batch_on_cpu` batches on the CPU too (for tests).
struct EngineRunner {
  RunFunction run;
  RunBatching batching;
};
EngineRunner make_engine_runner(bool batch_on_cpu = false);

}  // namespace plumage::experiment

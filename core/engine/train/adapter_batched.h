// Many adapter runs trained together as one batched problem, for sweeps.
//
// A results table is ~100 small runs (ratios x text sources x seeds) that
// differ only in their plan and seed. Run one at a time on a GPU, each is
// bound by kernel launches, not arithmetic; stacked ([R,E,C] weights,
// batched matrix products, one optimizer update for all runs) the whole table
// costs about as many launches as one run.
//
// Every run follows train_adapter's rules exactly: the same initial weights,
// the same samples in the same shuffled order, the same loss, Adam/AdamW/SGD
// update and bias correction (per run), validation-based model selection and
// early stopping (per run), and the same metrics. Results agree with
// train_adapter up to float rounding (batched products sum in another order),
// not bit for bit. Runs with fewer batches in an epoch sit out the extra
// steps (their optimizer state does not move). The linear head only.
#pragma once

#include "core/engine/train/configs.h"
#include "core/engine/train/feature_sets.h"
#include "core/engine/train/ratio_plan.h"
#include "core/engine/train/results.h"

#include <ATen/core/Tensor.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace plumage::train {

struct AdapterRunSpec {
  const RatioPlan* plan = nullptr;
  // Converted text features [M,E] for the plan's text source (undefined when
  // the plan has none). Runs passing the same tensor share one device copy.
  at::Tensor text_features;
  uint64_t seed = 0;  // this run's AdapterConfig::seed (weight init, batch order)
};

// (run index, epoch, key, value): the metric stream of train_adapter, per run.
using RunMetricCallback = std::function<void(size_t run, int epoch, const std::string& key, double value)>;

// Throws std::invalid_argument, with train_adapter's message, when train_adapter
// would reject this run (bad plan rows, missing text features, no samples);
// lets a caller drop one bad run instead of failing the whole batch.
void check_adapter_run(const AdapterConfig& config, const ImageFeatureSet& images, const AdapterRunSpec& run);

// Trains every run with `config` (its seed replaced by each run's). Throws
// std::invalid_argument naming the run for bad input, Cancelled when `cancel`
// turns true (checked before every batch).
std::vector<AdapterResult> train_adapters_batched(const AdapterConfig& config, const ImageFeatureSet& images,
                                                  const std::vector<AdapterRunSpec>& runs,
                                                  const at::Tensor& class_weights = {},
                                                  const RunMetricCallback& on_metric = {},
                                                  const std::atomic<bool>* cancel = nullptr);

}  // namespace plumage::train

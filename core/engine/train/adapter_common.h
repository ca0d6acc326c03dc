// What the single-run and the batched adapter trainers share: input checks,
// feature normalization, and the per-epoch sample order, so that a run gets
// the same samples in the same order whichever trainer runs it.
// Internal to core/engine/train.
#pragma once

#include "core/engine/train/configs.h"
#include "core/engine/train/feature_sets.h"
#include "core/engine/train/ratio_plan.h"

#include <ATen/core/Tensor.h>

#include <atomic>
#include <cstdint>
#include <vector>

namespace plumage::train {

at::Tensor rows_tensor(const std::vector<int64_t>& rows);
// Row-wise L2 normalization when `l2` (as the adapter config asks).
at::Tensor maybe_normalize(const at::Tensor& x, bool l2);

// Checks a plan and its inputs (class count, row ranges, text features);
// throws std::invalid_argument naming what is wrong. Returns whether the plan
// trains on text samples. `who` prefixes the messages.
bool check_adapter_inputs(const char* who, const AdapterConfig& config, const RatioPlan& plan,
                          const ImageFeatureSet& images, const at::Tensor& text_features);

// The shuffled order of an epoch's n training samples (images first, then the
// epoch's text samples, as train_adapter concatenates them).
std::vector<int64_t> epoch_order(uint64_t seed, int epoch, int64_t n);

// How many rows of logits [n,C] have their largest value at the label y [n],
// exactly as argmax(1) == y counts them (the first of tied maxima wins).
int64_t count_top1(const at::Tensor& logits, const at::Tensor& y);

// Throws Cancelled when the flag is set.
void check_cancel(const std::atomic<bool>* cancel);

}  // namespace plumage::train

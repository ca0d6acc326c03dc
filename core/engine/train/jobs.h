// Stage 2 jobs and baselines: adapter training on a ratio plan, evaluation,
// zero-shot, linear probe. (Stage 1, converters: train/converter.h.)
//
// Every job takes its config, its inputs, a MetricCallback (may be empty) and
// a cancellation flag (may be null); it throws Cancelled when the flag turns
// true (checked before every batch), std::invalid_argument for bad input.
// Nothing global: CPU runs with the same config + seed give bit-identical
// results (random draws use local generators).
#pragma once

#include "core/engine/train/configs.h"
#include "core/engine/train/feature_sets.h"
#include "core/engine/train/ratio_plan.h"
#include "core/engine/train/results.h"

#include <ATen/core/Tensor.h>

#include <atomic>

namespace plumage::train {

struct AdapterInputs {
  const ImageFeatureSet* images = nullptr;  // required
  // Converted text features [M,E] aligned with the text file's rows (what the
  // plan's text_candidates index); needed when the plan's text_source != None.
  at::Tensor text_features;
  // Zero-shot class weights [C,E] for init_from_zero_shot (optional).
  at::Tensor class_weights;
};

AdapterResult train_adapter(const AdapterConfig& config, const RatioPlan& plan, const AdapterInputs& inputs,
                            const MetricCallback& on_metric = {}, const std::atomic<bool>* cancel = nullptr);

// Classification metrics of logits [n,C] against labels [n].
EvalResult evaluate_logits(const at::Tensor& logits, const at::Tensor& labels, int64_t num_classes);

// Class weights [C,E]: per class, the mean of the L2-normalized text features
// of that class (templates or descriptors), L2-normalized again. Throws when a
// class has no text. `rows` selects text rows (undefined: all).
at::Tensor class_weights_from_texts(const TextFeatureSet& texts, int64_t num_classes,
                                    const at::Tensor& rows = {});

// Zero-shot on the test images with class-level text features (templates or
// descriptors, averaged per class).
ZeroShotResult zero_shot(const ZeroShotConfig& config, const ImageFeatureSet& images, const TextFeatureSet& class_texts,
                         const MetricCallback& on_metric = {}, const std::atomic<bool>* cancel = nullptr);

// Logistic regression on image features only, with a weight-decay sweep on a
// per-class validation split carved from the training images.
LinearProbeResult linear_probe(const LinearProbeConfig& config, const ImageFeatureSet& images,
                               const MetricCallback& on_metric = {}, const std::atomic<bool>* cancel = nullptr);

}  // namespace plumage::train

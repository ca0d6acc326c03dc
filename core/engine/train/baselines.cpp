// Baselines: zero-shot from class-level text features (templates or
// descriptors averaged per class) and the linear probe on image features.
#include "core/engine/train/converters_closed_form.h"
#include "core/engine/train/device.h"
#include "core/engine/train/jobs.h"

#include <ATen/ATen.h>

#include <stdexcept>

namespace plumage::train {

at::Tensor class_weights_from_texts(const TextFeatureSet& texts, int64_t num_classes, const at::Tensor& rows_in) {
  const at::Tensor rows = rows_in.defined() ? rows_in.to(at::kLong) : at::arange(texts.size(), at::kLong);
  const at::Tensor f = l2_rows(texts.features.index_select(0, rows).to(at::kFloat));
  const at::Tensor y = texts.labels.index_select(0, rows);
  if (y.numel() && (y.min().item<int64_t>() < 0 || y.max().item<int64_t>() >= num_classes))
    throw std::invalid_argument(texts.path + ": a text label lies outside [0, " + std::to_string(num_classes) + ")");
  const at::Tensor sums = at::zeros({num_classes, f.size(1)}).index_add_(0, y, f);
  const at::Tensor counts = at::zeros({num_classes}, at::kLong).index_add_(0, y, at::ones_like(y));
  const at::Tensor missing = counts.eq(0).nonzero();
  if (missing.size(0) > 0)
    throw std::invalid_argument(texts.path + ": class " + std::to_string(missing[0][0].item<int64_t>()) +
                                " has no text to build its zero-shot weight from (" +
                                std::to_string(missing.size(0)) + " classes without text)");
  return l2_rows(sums);
}

ZeroShotResult zero_shot(const ZeroShotConfig& cfg, const ImageFeatureSet& images, const TextFeatureSet& class_texts,
                         const MetricCallback& on_metric, const std::atomic<bool>* cancel) {
  if (cancel && cancel->load()) throw Cancelled();
  if (class_texts.dim() != images.dim())
    throw std::invalid_argument(class_texts.path + ": text feature dimension " + std::to_string(class_texts.dim()) +
                                " differs from the image features' " + std::to_string(images.dim()));
  const c10::Device device = resolve_device(cfg.device);
  const at::Tensor w = class_weights_from_texts(class_texts, images.num_classes()).to(device);
  const at::Tensor test = images.is_train.eq(0).nonzero().squeeze(1);
  const at::Tensor x = l2_rows(images.features.index_select(0, test)).to(device);
  ZeroShotResult r;
  r.test = evaluate_logits(at::mm(x, w.t()), images.labels.index_select(0, test), images.num_classes());
  r.texts_used = class_texts.size();
  if (on_metric) {
    on_metric(0, "test_top1", r.test.top1);
    on_metric(0, "test_top5", r.test.top5);
    on_metric(0, "test_mean_per_class", r.test.mean_per_class);
  }
  return r;
}

LinearProbeResult linear_probe(const LinearProbeConfig& cfg, const ImageFeatureSet& images,
                               const MetricCallback& on_metric, const std::atomic<bool>* cancel) {
  if (cfg.weight_decays.empty()) throw std::invalid_argument("linear probe: no weight decays to sweep");
  if (!(cfg.val_fraction > 0)) throw std::invalid_argument("linear probe: the sweep needs a validation split (val_fraction > 0)");
  RatioPlanConfig pc;
  pc.image_ratio = 1.0;
  pc.val_fraction = cfg.val_fraction;
  pc.seed = cfg.seed;
  const RatioPlan plan = make_ratio_plan(pc, plan_inputs(images, nullptr));
  AdapterInputs in;
  in.images = &images;
  LinearProbeResult r;
  double best = -1.0;
  for (size_t i = 0; i < cfg.weight_decays.size(); ++i) {
    AdapterConfig a = cfg.adapter;
    a.head = AdapterHead::Linear;
    a.weight_decay = cfg.weight_decays[i];
    a.select_best_on_val = true;
    AdapterResult res = train_adapter(a, plan, in, {}, cancel);
    r.weight_decays.push_back(a.weight_decay);
    r.val_top1.push_back(res.val.top1);
    if (on_metric) {
      on_metric(static_cast<int>(i + 1), "probe_weight_decay", a.weight_decay);
      on_metric(static_cast<int>(i + 1), "probe_val_top1", res.val.top1);
    }
    if (res.val.top1 > best) {  // first of equals wins: the smaller decay listed first
      best = res.val.top1;
      r.chosen_weight_decay = a.weight_decay;
      r.chosen = std::move(res);
    }
  }
  if (on_metric) on_metric(0, "test_top1", r.chosen.test.top1);
  return r;
}

}  // namespace plumage::train

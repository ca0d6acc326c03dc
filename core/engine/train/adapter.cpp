// Stage 2: adapter training on a ratio plan (train_adapter).
#include "core/engine/train/adapter_common.h"
#include "core/engine/train/adapter_model.h"
#include "core/engine/train/device.h"
#include "core/engine/train/jobs.h"
#include "core/engine/train/row_gather.h"

#include <ATen/ATen.h>

#include <chrono>
#include <stdexcept>

namespace plumage::train {

namespace {

// Top-1 accuracy of the model on (x, y), with the logits in a reused buffer.
double top1_of(const AdapterModel& model, const at::Tensor& x, const at::Tensor& y, at::Tensor& logits) {
  if (x.size(0) == 0) return 0.0;
  return static_cast<double>(model.count_correct(x, y, logits)) / static_cast<double>(x.size(0));
}

}  // namespace

AdapterResult train_adapter(const AdapterConfig& cfg, const RatioPlan& plan, const AdapterInputs& in,
                            const MetricCallback& on_metric, const std::atomic<bool>* cancel) {
  const auto t0 = std::chrono::steady_clock::now();
  if (!in.images) throw std::invalid_argument("train_adapter: no image features given");
  const ImageFeatureSet& images = *in.images;
  const int64_t C = images.num_classes(), E = images.dim();
  const bool use_text = check_adapter_inputs("train_adapter", cfg, plan, images, in.text_features);

  const c10::Device device = resolve_device(cfg.device);
  const at::Tensor all = maybe_normalize(images.features, cfg.l2_normalize);
  const at::Tensor labels = images.labels.to(at::kLong);
  auto take = [&](const std::vector<int64_t>& rows, at::Tensor& x, at::Tensor& y) {
    const at::Tensor idx = rows_tensor(rows);
    x = all.index_select(0, idx).to(device).contiguous();
    y = labels.index_select(0, idx).to(device);
  };
  at::Tensor x_img, y_img, x_val, y_val, x_test, y_test;
  take(plan.image_rows, x_img, y_img);
  take(plan.val_rows, x_val, y_val);
  take(plan.test_rows, x_test, y_test);
  at::Tensor texts;
  std::vector<int64_t> image_labels;
  if (use_text) {
    texts = maybe_normalize(in.text_features.to(at::kFloat), cfg.l2_normalize).to(device);
    const at::Tensor l = labels.contiguous();
    image_labels.assign(l.data_ptr<int64_t>(), l.data_ptr<int64_t>() + l.numel());
  }
  const bool has_val = x_val.size(0) > 0;

  AdapterModel model(cfg, E, C, device, in.class_weights, cfg.seed);
  AdapterResult result;
  auto emit = [&](int epoch, const std::string& key, double value) {
    result.history.push_back({epoch, key, value});
    if (on_metric) on_metric(epoch, key, value);
  };

  double best_val = -1.0;
  int since_best = 0;
  std::vector<at::Tensor> best;
  const int64_t B = cfg.batch_size;
  at::Tensor loss_sum = at::zeros({}, at::TensorOptions().dtype(at::kFloat).device(device));
  // Reused buffers: fresh multi-megabyte allocations every epoch or step cost
  // page faults comparable to the work. Each step gathers its batch into a
  // small buffer that stays in cache for the two matrix products.
  at::Tensor x_buf = at::empty({0, E}, x_img.options()), y_buf = at::empty({0}, y_img.options());
  at::Tensor xb = at::empty({B, E}, x_img.options()), yb = at::empty({B}, y_img.options());
  at::Tensor val_logits = at::empty({0, C}, x_img.options()), test_logits = at::empty({0, C}, x_img.options());
  for (int epoch = 1; epoch <= cfg.epochs; ++epoch) {
    at::Tensor x = x_img, y = y_img;
    if (use_text) {
      std::vector<int64_t> text_labels;
      const std::vector<int64_t> rows = text_samples_for_epoch(plan, image_labels, epoch - 1, &text_labels);
      x = at::cat_out(x_buf, {x_img, texts.index_select(0, rows_tensor(rows).to(device))});
      y = at::cat_out(y_buf, {y_img, rows_tensor(text_labels).to(device)});
      result.train_text_samples = static_cast<int64_t>(rows.size());
    }
    const int64_t n = x.size(0);
    if (n == 0) throw std::invalid_argument("train_adapter: the plan leaves no training samples");
    result.train_image_samples = x_img.size(0);

    const std::vector<int64_t> order = epoch_order(cfg.seed, epoch, n);
    const bool host = device.is_cpu();
    const at::Tensor perm = host ? at::Tensor() : rows_tensor(order).to(device);
    loss_sum.zero_();
    for (int64_t s = 0; s < n; s += B) {
      check_cancel(cancel);
      const int64_t len = std::min(B, n - s);
      at::Tensor xs = xb.narrow(0, 0, len), ys = yb.narrow(0, 0, len);
      if (host) {
        kernels::gather_rows(x.data_ptr<float>(), y.data_ptr<int64_t>(), order.data() + s, len, E,
                             xs.data_ptr<float>(), ys.data_ptr<int64_t>());
      } else {
        const at::Tensor idx = perm.narrow(0, s, len);
        at::index_select_out(xs, x, 0, idx);
        at::index_select_out(ys, y, 0, idx);
      }
      model.train_step(xs, ys.unsqueeze(1), loss_sum);
    }
    result.epochs_run = epoch;
    emit(epoch, "train_loss", loss_sum.item<double>() / static_cast<double>(n));
    bool stop = false;
    if (has_val) {
      const double v = top1_of(model, x_val, y_val, val_logits);
      emit(epoch, "val_top1", v);
      if (v > best_val) {
        best_val = v;
        since_best = 0;
        result.best_epoch = epoch;
        if (cfg.select_best_on_val) best = model.snapshot();
      } else if (cfg.early_stopping_patience > 0 && ++since_best >= cfg.early_stopping_patience) {
        stop = true;
      }
    }
    if (cfg.eval_test_every_epoch) emit(epoch, "test_top1", top1_of(model, x_test, y_test, test_logits));
    if (stop) break;
  }
  if (has_val && cfg.select_best_on_val && !best.empty()) {
    model.restore(best);
  } else {
    result.best_epoch = result.epochs_run;
  }
  if (x_test.size(0) > 0) result.test = evaluate_logits(model.logits(x_test), y_test, C);
  if (has_val) result.val = evaluate_logits(model.logits(x_val), y_val, C);
  emit(0, "test_top1", result.test.top1);
  emit(0, "test_top5", result.test.top5);
  emit(0, "test_mean_per_class", result.test.mean_per_class);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace plumage::train

// Batched adapter training (train_adapters_batched): R runs as one problem.
#include "core/engine/train/adapter_batched.h"

#include "core/engine/train/adapter_common.h"
#include "core/engine/train/adapter_model.h"
#include "core/engine/train/device.h"
#include "core/engine/train/jobs.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <stdexcept>

namespace plumage::train {

namespace {

// Evaluation rows of every run: one shared [N,E] block when all runs use the
// same rows (the test split), else per-run blocks padded to the longest.
struct EvalSet {
  bool shared = false;
  at::Tensor x, y;              // shared: [N,E], [N]; per run: [R,N,E], [R,N]
  at::Tensor mask;              // per run: [R,N] (1 = real row)
  std::vector<int64_t> count;   // rows per run
};

EvalSet make_eval_set(const std::vector<const std::vector<int64_t>*>& rows, const at::Tensor& feats,
                      const at::Tensor& labels, c10::Device device) {
  EvalSet s;
  const size_t R = rows.size();
  for (const auto* r : rows) s.count.push_back(static_cast<int64_t>(r->size()));
  s.shared = std::all_of(rows.begin(), rows.end(), [&](const auto* r) { return *r == *rows.front(); });
  if (s.shared) {
    const at::Tensor idx = rows_tensor(*rows.front());
    s.x = feats.index_select(0, idx).to(device).contiguous();
    s.y = labels.index_select(0, idx).to(device);
    return s;
  }
  const int64_t n = *std::max_element(s.count.begin(), s.count.end());
  std::vector<int64_t> idx(R * static_cast<size_t>(n), 0);
  std::vector<float> mask(idx.size(), 0.0f);
  for (size_t r = 0; r < R; ++r)
    for (size_t i = 0; i < rows[r]->size(); ++i) {
      idx[r * n + i] = (*rows[r])[i];
      mask[r * n + i] = 1.0f;
    }
  const at::Tensor it = rows_tensor(idx);
  s.x = feats.index_select(0, it).view({static_cast<int64_t>(R), n, feats.size(1)}).to(device);
  s.y = labels.index_select(0, it).view({static_cast<int64_t>(R), n}).to(device);
  s.mask = at::tensor(c10::ArrayRef<float>(mask)).view({static_cast<int64_t>(R), n}).to(device);
  return s;
}

// Correct top-1 predictions per run, [R] float.
at::Tensor correct_per_run(const EvalSet& s, const at::Tensor& W, const at::Tensor& b) {
  const int64_t R = W.size(0), C = W.size(2);
  if (!s.shared) {
    if (s.x.size(1) == 0) return at::zeros({R}, W.options());
    const at::Tensor pred = at::baddbmm(b.unsqueeze(1), s.x, W).argmax(2);
    return pred.eq(s.y).to(at::kFloat).mul_(s.mask).sum(1);
  }
  const int64_t N = s.x.size(0);
  if (N == 0) return at::zeros({R}, W.options());
  // Runs in chunks so the [chunk,N,C] logits stay near 256 MB.
  const int64_t chunk = std::max<int64_t>(1, (int64_t{64} << 20) / std::max<int64_t>(1, N * C));
  std::vector<at::Tensor> parts;
  for (int64_t r0 = 0; r0 < R; r0 += chunk) {
    const int64_t len = std::min(chunk, R - r0);
    const at::Tensor lg = at::matmul(s.x, W.narrow(0, r0, len)).add_(b.narrow(0, r0, len).unsqueeze(1));
    parts.push_back(lg.argmax(2).eq(s.y.unsqueeze(0)).to(at::kFloat).sum(1));
  }
  return at::cat(parts);
}

at::Tensor run_rows(const EvalSet& s, const at::Tensor& t, size_t r) {
  if (s.shared) return t;
  return t.select(0, static_cast<int64_t>(r)).narrow(0, 0, s.count[r]);
}

// Per-step, per-run optimizer factors (one row of the epoch's table). An
// inactive run gets factors that leave its parameters and state unchanged.
enum Factor { kW1, kW2, kStep, kInvBc2, kDecoupled, kMomentum, kAddGrad, kLrActive, kFactors };

struct Sample {
  int64_t pool_row;
  int64_t label;
};

}  // namespace

void check_adapter_run(const AdapterConfig& config, const ImageFeatureSet& images, const AdapterRunSpec& run) {
  if (!run.plan) throw std::invalid_argument("train_adapter: no plan");
  const bool use_text = check_adapter_inputs("train_adapter", config, *run.plan, images, run.text_features);
  if (run.plan->image_rows.empty() && (!use_text || run.plan->text_rows.empty()))
    throw std::invalid_argument("train_adapter: the plan leaves no training samples");
}

std::vector<AdapterResult> train_adapters_batched(const AdapterConfig& cfg, const ImageFeatureSet& images,
                                                  const std::vector<AdapterRunSpec>& runs,
                                                  const at::Tensor& class_weights, const RunMetricCallback& on_metric,
                                                  const std::atomic<bool>* cancel) {
  const auto t0 = std::chrono::steady_clock::now();
  if (runs.empty()) return {};
  if (cfg.head != AdapterHead::Linear)
    throw std::invalid_argument("train_adapters_batched: only the linear head can be batched");
  const size_t R = runs.size();
  const int64_t Rn = static_cast<int64_t>(R);
  const int64_t C = images.num_classes(), E = images.dim(), N = images.size();
  std::vector<bool> use_text(R);
  for (size_t r = 0; r < R; ++r) {
    const std::string who = "train_adapters_batched (run " + std::to_string(r) + ")";
    if (!runs[r].plan) throw std::invalid_argument(who + ": no plan");
    use_text[r] = check_adapter_inputs(who.c_str(), cfg, *runs[r].plan, images, runs[r].text_features);
  }
  const c10::Device device = resolve_device(cfg.device);

  // The sample pool: normalized image rows, then each distinct text tensor.
  const at::Tensor feats = maybe_normalize(images.features.to(at::kFloat), cfg.l2_normalize);
  const at::Tensor labels = images.labels.to(at::kLong);
  const at::Tensor lc = labels.contiguous();
  const std::vector<int64_t> image_labels(lc.data_ptr<int64_t>(), lc.data_ptr<int64_t>() + lc.numel());
  std::vector<at::Tensor> pool_parts{feats};
  std::map<const void*, int64_t> text_offsets;
  std::vector<int64_t> text_offset(R, -1);
  int64_t pool_rows = N;
  for (size_t r = 0; r < R; ++r) {
    if (!use_text[r]) continue;
    const at::Tensor& t = runs[r].text_features;
    auto it = text_offsets.find(t.unsafeGetTensorImpl());
    if (it == text_offsets.end()) {
      it = text_offsets.emplace(t.unsafeGetTensorImpl(), pool_rows).first;
      pool_parts.push_back(maybe_normalize(t.to(at::kFloat), cfg.l2_normalize));
      pool_rows += t.size(0);
    }
    text_offset[r] = it->second;
  }
  const at::Tensor pool = at::cat(pool_parts).to(device).contiguous();

  std::vector<const std::vector<int64_t>*> val_rows, test_rows;
  for (const auto& run : runs) {
    val_rows.push_back(&run.plan->val_rows);
    test_rows.push_back(&run.plan->test_rows);
  }
  const EvalSet val = make_eval_set(val_rows, feats, labels, device);
  const EvalSet test = make_eval_set(test_rows, feats, labels, device);

  // Stacked parameters [R,E,C], [R,C], initialized as train_adapter does per run.
  std::vector<at::Tensor> ws, bs;
  for (const auto& run : runs) {
    at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(run.seed);
    auto [w, b] = initial_linear_head(cfg, E, C, class_weights, gen);
    ws.push_back(w.t());
    bs.push_back(b);
  }
  const auto fopts = at::TensorOptions().dtype(at::kFloat).device(device);
  at::Tensor W = at::stack(ws).to(device).contiguous(), b = at::stack(bs).to(device).contiguous();
  at::Tensor mW = at::zeros_like(W), vW = at::zeros_like(W), mb = at::zeros_like(b), vb = at::zeros_like(b);
  at::Tensor W_best = W.clone(), b_best = b.clone();

  const bool adamw = cfg.optimizer == OptimizerKind::AdamW, sgd = cfg.optimizer == OptimizerKind::SGD;
  const double beta1 = 0.9, beta2 = 0.999, adam_eps = 1e-8, eps = cfg.label_smoothing, wd = cfg.weight_decay;
  const int64_t B = cfg.batch_size;

  std::vector<AdapterResult> results(R);
  auto emit = [&](size_t r, int epoch, const std::string& key, double value) {
    results[r].history.push_back({epoch, key, value});
    if (on_metric) on_metric(r, epoch, key, value);
  };
  std::vector<int64_t> steps_taken(R, 0), since_best(R, 0);
  std::vector<double> best_val(R, -1.0);
  std::vector<bool> stopped(R, false), snapshot_taken(R, false);
  const at::Tensor neg_target = at::full({Rn, B, 1}, -(1.0 - eps), fopts);
  at::Tensor x_buf = at::empty({0, E}, fopts);
  at::Tensor logits = at::empty({Rn, B, C}, fopts), logp = at::empty_like(logits);
  at::Tensor gW = at::empty_like(W), tW1 = at::empty_like(W), tW2 = at::empty_like(W);
  at::Tensor gb = at::empty_like(b), tb1 = at::empty_like(b), tb2 = at::empty_like(b);

  for (int epoch = 1; epoch <= cfg.epochs; ++epoch) {
    // This epoch's samples per run in train_adapter's order, padded to S steps.
    std::vector<std::vector<Sample>> samples(R);
    std::vector<int64_t> steps(R, 0);
    int64_t S = 0;
    for (size_t r = 0; r < R; ++r) {
      if (stopped[r]) continue;
      const RatioPlan& plan = *runs[r].plan;
      std::vector<Sample> s;
      for (int64_t row : plan.image_rows) s.push_back({row, image_labels[static_cast<size_t>(row)]});
      if (use_text[r]) {
        std::vector<int64_t> text_labels;
        const std::vector<int64_t> rows = text_samples_for_epoch(plan, image_labels, epoch - 1, &text_labels);
        for (size_t i = 0; i < rows.size(); ++i) s.push_back({text_offset[r] + rows[i], text_labels[i]});
        results[r].train_text_samples = static_cast<int64_t>(rows.size());
      }
      results[r].train_image_samples = static_cast<int64_t>(plan.image_rows.size());
      const int64_t n = static_cast<int64_t>(s.size());
      if (n == 0)
        throw std::invalid_argument("train_adapters_batched (run " + std::to_string(r) +
                                    "): the plan leaves no training samples");
      samples[r].resize(s.size());
      const std::vector<int64_t> order = epoch_order(runs[r].seed, epoch, n);
      for (size_t i = 0; i < order.size(); ++i) samples[r][i] = s[static_cast<size_t>(order[i])];
      steps[r] = (n + B - 1) / B;
      S = std::max(S, steps[r]);
    }
    if (S == 0) break;  // every run stopped early
    const int64_t slots = S * B;
    std::vector<int64_t> idx(R * static_cast<size_t>(slots), 0), ys(idx.size(), 0);
    std::vector<float> weight(idx.size(), 0.0f), valid(idx.size(), 0.0f);
    std::vector<float> factors(static_cast<size_t>(S) * kFactors * R, 0.0f);
    for (size_t r = 0; r < R; ++r) {
      const int64_t n = static_cast<int64_t>(samples[r].size());
      for (int64_t i = 0; i < n; ++i) {
        const size_t at_ = r * slots + static_cast<size_t>(i);
        idx[at_] = samples[r][static_cast<size_t>(i)].pool_row;
        ys[at_] = samples[r][static_cast<size_t>(i)].label;
        const int64_t len = std::min(B, n - (i / B) * B);
        weight[at_] = 1.0f / static_cast<float>(len);
        valid[at_] = 1.0f;
      }
      for (int64_t s = 0; s < S; ++s) {
        float* f = &factors[(static_cast<size_t>(s) * kFactors) * R + r];
        const bool active = s < steps[r];
        auto set = [&](Factor k, double v) { f[static_cast<size_t>(k) * R] = static_cast<float>(v); };
        if (!active) {
          set(kInvBc2, 1.0);
          set(kDecoupled, 1.0);
          set(kMomentum, 1.0);
          continue;
        }
        const double t = static_cast<double>(++steps_taken[r]);
        set(kW1, 1.0 - beta1);
        set(kW2, 1.0 - beta2);
        set(kStep, cfg.lr / (1.0 - std::pow(beta1, t)));
        set(kInvBc2, 1.0 / std::sqrt(1.0 - std::pow(beta2, t)));
        set(kDecoupled, adamw ? 1.0 - cfg.lr * wd : 1.0);
        set(kMomentum, cfg.momentum);
        set(kAddGrad, 1.0);
        set(kLrActive, cfg.lr);
      }
    }
    at::index_select_out(x_buf, pool, 0, rows_tensor(idx).to(device));
    const at::Tensor x_all = x_buf.view({Rn, slots, E});
    const at::Tensor y_all = rows_tensor(ys).view({Rn, slots, 1}).to(device);
    const at::Tensor w_all = at::tensor(c10::ArrayRef<float>(weight)).view({Rn, slots, 1}).to(device);
    const at::Tensor v_all = at::tensor(c10::ArrayRef<float>(valid)).view({Rn, slots}).to(device);
    const at::Tensor f_all = at::tensor(c10::ArrayRef<float>(factors)).view({S, kFactors, Rn}).to(device);

    at::Tensor loss_sum = at::zeros({Rn}, fopts);
    for (int64_t s = 0; s < S; ++s) {
      check_cancel(cancel);
      const at::Tensor X = x_all.narrow(1, s * B, B), Y = y_all.narrow(1, s * B, B);
      const at::Tensor f = f_all.select(0, s);
      auto fac = [&](Factor k, int dims) {
        const at::Tensor v = f.select(0, k);
        return dims == 3 ? v.view({Rn, 1, 1}) : v.view({Rn, 1});
      };
      // Softmax cross-entropy with label smoothing, as AdapterModel::train_step.
      // Every large temporary has a buffer: on the CPU a fresh allocation of
      // this size costs page faults on every step.
      at::baddbmm_out(logits, b.unsqueeze(1), X, W);
      at::_log_softmax_out(logp, logits, 2, false);
      at::Tensor sample_loss = logp.gather(2, Y).squeeze(2).neg();
      if (eps != 0.0) sample_loss = sample_loss * (1.0 - eps) - logp.sum(2) * (eps / static_cast<double>(C));
      loss_sum.add_((sample_loss * v_all.narrow(1, s * B, B)).sum(1));
      at::Tensor g = at::exp_out(logits, logp);
      g.scatter_add_(2, Y, neg_target);
      if (eps != 0.0) g.sub_(eps / static_cast<double>(C));
      g.mul_(w_all.narrow(1, s * B, B));
      at::bmm_out(gW, X.transpose(1, 2), g);
      at::sum_out(gb, g, {1});

      // The optimizer rules of ParamOptimizer, with per-run factors.
      auto update = [&](at::Tensor& p, const at::Tensor& grad, at::Tensor& m, at::Tensor& v, at::Tensor& t1,
                        at::Tensor& t2, int dims) {
        const at::Tensor d = (wd != 0.0 && !adamw) ? at::add_out(t1, grad, p, wd) : grad;
        if (sgd) {
          m.mul_(fac(kMomentum, dims)).addcmul_(d, fac(kAddGrad, dims));
          p.addcmul_(m, fac(kLrActive, dims), -1.0);
          return;
        }
        if (adamw && wd != 0.0) p.mul_(fac(kDecoupled, dims));
        m.lerp_(d, fac(kW1, dims));
        v.lerp_(at::mul_out(t2, d, d), fac(kW2, dims));
        at::sqrt_out(t2, v).mul_(fac(kInvBc2, dims)).add_(adam_eps);
        p.addcmul_(at::div_out(t2, m, t2), fac(kStep, dims), -1.0);
      };
      update(W, gW, mW, vW, tW1, tW2, 3);
      update(b, gb, mb, vb, tb1, tb2, 2);
    }

    // One host copy per epoch: loss, validation and test correct counts.
    std::vector<at::Tensor> stats{loss_sum, correct_per_run(val, W, b)};
    if (cfg.eval_test_every_epoch) stats.push_back(correct_per_run(test, W, b));
    const at::Tensor host = at::stack(stats).to(at::kCPU, at::kDouble).contiguous();
    const double* h = host.data_ptr<double>();
    std::vector<uint8_t> improved(R, 0);
    for (size_t r = 0; r < R; ++r) {
      if (stopped[r]) continue;
      results[r].epochs_run = epoch;
      emit(r, epoch, "train_loss", h[r] / static_cast<double>(samples[r].size()));
      if (val.count[r] > 0) {
        const double v = h[R + r] / static_cast<double>(val.count[r]);
        emit(r, epoch, "val_top1", v);
        if (v > best_val[r]) {
          best_val[r] = v;
          since_best[r] = 0;
          results[r].best_epoch = epoch;
          improved[r] = cfg.select_best_on_val ? 1 : 0;
        } else if (cfg.early_stopping_patience > 0 && ++since_best[r] >= cfg.early_stopping_patience) {
          stopped[r] = true;
        }
      }
      if (cfg.eval_test_every_epoch)
        emit(r, epoch, "test_top1", test.count[r] > 0 ? h[2 * R + r] / static_cast<double>(test.count[r]) : 0.0);
    }
    if (std::any_of(improved.begin(), improved.end(), [](uint8_t i) { return i != 0; })) {
      const at::Tensor keep = at::tensor(c10::ArrayRef<uint8_t>(improved)).to(at::kBool).to(device);
      W_best = at::where(keep.view({Rn, 1, 1}), W, W_best);
      b_best = at::where(keep.view({Rn, 1}), b, b_best);
      for (size_t r = 0; r < R; ++r) snapshot_taken[r] = snapshot_taken[r] || improved[r];
    }
    if (std::all_of(stopped.begin(), stopped.end(), [](bool x) { return x; })) break;
  }

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (size_t r = 0; r < R; ++r) {
    const int64_t ri = static_cast<int64_t>(r);
    const bool use_best = val.count[r] > 0 && cfg.select_best_on_val && snapshot_taken[r];
    if (!use_best) results[r].best_epoch = results[r].epochs_run;
    const at::Tensor w = (use_best ? W_best : W).select(0, ri), bias = (use_best ? b_best : b).select(0, ri);
    if (test.count[r] > 0)
      results[r].test = evaluate_logits(at::addmm(bias, run_rows(test, test.x, r), w), run_rows(test, test.y, r), C);
    if (val.count[r] > 0)
      results[r].val = evaluate_logits(at::addmm(bias, run_rows(val, val.x, r), w), run_rows(val, val.y, r), C);
    emit(r, 0, "test_top1", results[r].test.top1);
    emit(r, 0, "test_top5", results[r].test.top5);
    emit(r, 0, "test_mean_per_class", results[r].test.mean_per_class);
    results[r].seconds = seconds / static_cast<double>(R);  // each run's share of the batch
  }
  return results;
}

}  // namespace plumage::train

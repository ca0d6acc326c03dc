// Q-Former training: AdamW, linear warmup + cosine decay, gradient clipping,
// bf16 autocast on CUDA, per-epoch validation and checkpoints, resume.
#include "core/engine/safetensors.h"
#include "core/engine/train/converters_closed_form.h"
#include "core/engine/train/device.h"
#include "core/engine/train/json.h"
#include "core/engine/train/optim.h"
#include "core/engine/train/prefetch.h"
#include "core/engine/train/qformer.h"
#include "core/engine/train/rng.h"
#include "core/json/parse_limited.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include <chrono>
#include <cmath>
#include <stdexcept>

namespace plumage::train {

namespace {

constexpr uint64_t kOrderStreamBase = 7000;
constexpr uint64_t kDropoutStreamBase = 9000;
constexpr int64_t kPrefetchBytes = int64_t{1} << 20;  // token bytes of a batch worth a background gather

// bf16 autocast for the forward pass on CUDA (thread-local in LibTorch).
class AutocastGuard {
 public:
  explicit AutocastGuard(bool enable) : on_(enable) {
    if (!on_) return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    at::autocast::set_autocast_dtype(at::kCUDA, at::kBFloat16);
    at::autocast::set_autocast_enabled(at::kCUDA, true);
#else
    at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
    at::autocast::set_enabled(true);
#endif
  }
  ~AutocastGuard() {
    if (!on_) return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    at::autocast::set_autocast_enabled(at::kCUDA, false);
#else
    at::autocast::set_enabled(false);
#endif
    at::autocast::clear_cache();
  }
  AutocastGuard(const AutocastGuard&) = delete;
  AutocastGuard& operator=(const AutocastGuard&) = delete;

 private:
  bool on_;
};

double scheduled_lr(const QFormerConfig& q, int64_t step, int64_t total) {
  if (q.warmup_steps > 0 && step < q.warmup_steps)
    return q.lr * static_cast<double>(step + 1) / static_cast<double>(q.warmup_steps);
  const double span = std::max<int64_t>(1, total - q.warmup_steps);
  const double progress = std::min(1.0, static_cast<double>(step - q.warmup_steps) / span);
  return q.min_lr + 0.5 * (q.lr - q.min_lr) * (1.0 + std::cos(M_PI * progress));
}

// Cosine + MSE to the paired image, and symmetric InfoNCE over the batch
// (texts of the same image are not counted as negatives).
at::Tensor qformer_loss(const QFormerConfig& q, const at::Tensor& pred, const at::Tensor& target,
                        const at::Tensor& image_rows, const at::Tensor& logit_scale) {
  const at::Tensor pn = l2_rows(pred), tn = l2_rows(target);
  at::Tensor loss = at::zeros({}, pred.options());
  if (q.w_cosine != 0) loss = loss + q.w_cosine * (1.0 - (pn * tn).sum(1)).mean();
  if (q.w_mse != 0) loss = loss + q.w_mse * at::mse_loss(pred, target);
  if (q.w_infonce != 0 && pred.size(0) > 1) {
    const int64_t B = pred.size(0);
    const at::Tensor same = image_rows.unsqueeze(1).eq(image_rows.unsqueeze(0));
    const at::Tensor eye = at::eye(B, same.options());
    const at::Tensor logits = (at::mm(pn, tn.t()) * logit_scale.exp().clamp_max(100.0))
                                  .masked_fill(same.logical_and(eye.logical_not()), -std::numeric_limits<float>::infinity());
    const at::Tensor labels = at::arange(B, image_rows.options());
    loss = loss + q.w_infonce * 0.5 * (at::cross_entropy_loss(logits, labels) + at::cross_entropy_loss(logits.t(), labels));
  }
  return loss;
}

// One training step's inputs, made by the prefetching reader.
struct QFormerBatch {
  int64_t len = 0;
  at::Tensor tok, lens, irows, target;
};

bool no_decay(const std::string& name) {
  return name == "logit_scale" || name.find("ln_") != std::string::npos ||
         (name.size() > 5 && name.compare(name.size() - 5, 5, ".bias") == 0);
}

// The architecture part of a Q-Former config (what must match to resume).
nlohmann::json architecture(const QFormerConfig& q) {
  return {q.num_queries, q.num_layers, q.hidden, q.heads, q.ffn, q.cross_attention_every, q.pre_norm, to_string(q.pooling)};
}

}  // namespace

TrainedConverter train_qformer(const ConverterConfig& cfg, const ImageFeatureSet& images, const TextFeatureSet& texts,
                               const at::Tensor& tr_t, const at::Tensor& tr_i, const ImageFeatureSet& val_images,
                               const TextFeatureSet& val_texts, const at::Tensor& va_t,
                               const at::Tensor& va_i, const ConverterTrainingData& data,
                               const std::string& checkpoint_path, const MetricCallback& on_metric,
                               const std::atomic<bool>* cancel) {
  const auto t0 = std::chrono::steady_clock::now();
  if (!texts.has_tokens())
    throw std::invalid_argument(texts.path + ": the Q-Former needs token features ('tokens' and 'lengths')");
  const QFormerConfig& q = cfg.qformer;
  if (q.epochs < 1 || q.batch_size < 1) throw std::invalid_argument("Q-Former: epochs and batch_size must be >= 1");
  const c10::Device device = resolve_device(cfg.device);
  const at::Tensor img = cfg.normalize ? l2_rows(images.features) : images.features;
  const at::Tensor val_img = &val_images == &images ? img
                             : cfg.normalize        ? l2_rows(val_images.features)
                                                    : val_images.features;
  auto conv = std::make_unique<QFormerConverter>(cfg, texts.tokens.size(2), images.dim(), device);
  QFormerImpl& model = conv->model();

  ParamOptimizer::Options oo;
  oo.kind = OptimizerKind::AdamW;
  oo.lr = q.lr;
  oo.weight_decay = q.weight_decay;
  ParamOptimizer opt(oo);
  for (auto& item : model.named_parameters(true)) opt.add(item.key(), item.value(), !no_decay(item.key()));

  TrainedConverter out;
  out.result.config = cfg;
  int start_epoch = 1;
  if (!cfg.resume_from.empty()) {
    st::File f(cfg.resume_from);
    ConverterConfig saved;
    try {
      saved = jsonio::parse(f.meta("config"), "metadata 'config'", jsonio::kData).get<ConverterConfig>();
      if (!f.meta("result").empty()) out.result = jsonio::parse(f.meta("result"), "metadata 'result'", jsonio::kData).get<ConverterResult>();
    } catch (const std::exception& e) {
      throw std::invalid_argument(cfg.resume_from + ": metadata 'config'/'result': " + e.what());
    }
    if (saved.kind != ConverterKind::QFormer || architecture(saved.qformer) != architecture(q))
      throw std::invalid_argument(cfg.resume_from + ": the checkpoint's Q-Former architecture differs from the config");
    // Its earlier epochs saw that split's pairs; mixing two would make the record false.
    if (saved.include_test_images != cfg.include_test_images)
      throw std::invalid_argument(cfg.resume_from + ": the checkpoint was trained " +
                                  (saved.include_test_images ? "with" : "without") +
                                  " test images; continue it with the same include_test_images setting");
    const auto tensors = f.tensors();
    conv->load_state(tensors, cfg.resume_from);
    opt.load_state(conv->training_state, "optim.");
    auto it = tensors.find("train.epoch");
    if (it == tensors.end()) throw std::invalid_argument(cfg.resume_from + ": checkpoint lacks 'train.epoch' (not resumable)");
    start_epoch = static_cast<int>(it->second.item<int64_t>()) + 1;
    out.result.config = cfg;
  }
  // Continuing a checkpoint older than the record: its first epochs' data is unknown.
  const bool earlier_unknown = !cfg.resume_from.empty() && out.result.training_data.split.empty();
  out.result.training_data = data;
  if (earlier_unknown) out.result.training_data.split.clear();

  // On a GPU, token features up to 2 GiB are copied over once rather than
  // batch by batch (a batch is 128 x 77 x 512 floats: copying it each step
  // costs more than the step); larger sets stay on the host.
  // (Copied as stored: float16 stays float16 on the device, widened per batch.)
  TextFeatureSet train_texts = texts;
  if (device.is_cuda() && texts.tokens.numel() * static_cast<int64_t>(texts.tokens.element_size()) <= (int64_t{2} << 30)) {
    train_texts.tokens = texts.tokens.to(device);
    train_texts.lengths = texts.lengths.to(device);
    // Batches gathered on the device skip qformer_batch's per-batch check: check once here.
    if (!at::isfinite(train_texts.tokens).all().item<bool>())
      throw FeatureFileError(texts.path + ": tensor 'tokens' holds NaN or infinite values");
  }

  const int64_t n = tr_t.size(0), B = q.batch_size;
  const int64_t total_steps = static_cast<int64_t>(q.epochs) * ((n + B - 1) / B);
  const bool amp = q.amp && device.is_cuda();
  const auto params = model.parameters(true);
  auto emit = [&](int epoch, const std::string& key, double v) {
    out.result.history.push_back({epoch, key, v});
    if (on_metric) on_metric(epoch, key, v);
  };
  for (int epoch = start_epoch; epoch <= q.epochs; ++epoch) {
    model.train();
    DropoutRng drop;
    drop.p = q.dropout;
    drop.training = true;
    // Seeded per epoch, so a resumed run continues exactly as an uninterrupted one.
    if (device.is_cpu())
      drop.cpu = at::make_generator<at::CPUGeneratorImpl>(Rng(cfg.seed, kDropoutStreamBase + epoch).next());
    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) order[i] = i;
    Rng(cfg.seed, kOrderStreamBase + static_cast<uint64_t>(epoch)).shuffle(order);
    const at::Tensor perm = at::tensor(c10::ArrayRef<int64_t>(order), at::kLong);
    at::Tensor loss_sum = at::zeros({}, at::TensorOptions().device(device));
    // The next batch is gathered and converted on a background thread while
    // this one trains, unless batches are tiny (tests): waking a thread then
    // costs more than the gather.
    const int64_t batch_bytes = B * texts.tokens.size(1) * texts.tokens.size(2) * texts.tokens.element_size();
    Prefetcher<QFormerBatch> batches((n + B - 1) / B, [&](int64_t k) {
      QFormerBatch b;
      const int64_t s = k * B;
      b.len = std::min(B, n - s);
      const at::Tensor idx = perm.narrow(0, s, b.len);
      b.irows = tr_i.index_select(0, idx);
      qformer_batch(train_texts, tr_t.index_select(0, idx), device, b.tok, b.lens);
      b.target = img.index_select(0, b.irows).to(device);
      return b;
    }, device.is_cuda() || batch_bytes >= kPrefetchBytes);
    for (int64_t s = 0; s < n; s += B) {
      if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
      const QFormerBatch batch = batches.take();
      const int64_t len = batch.len;
      const at::Tensor &tok = batch.tok, &lens = batch.lens, &irows = batch.irows, &target = batch.target;
      opt.set_lr(scheduled_lr(q, opt.steps(), total_steps));
      at::Tensor pred;
      {
        AutocastGuard autocast(amp);
        pred = model.forward(tok, lens, drop);
      }
      const at::Tensor loss = qformer_loss(q, pred.to(at::kFloat), target, irows.to(device), model.logit_scale);
      loss.backward();
      if (q.grad_clip > 0) clip_grad_norm(params, q.grad_clip);
      opt.step_from_autograd();
      for (auto& p : params) p.mutable_grad().reset();
      {
        at::NoGradGuard no_grad;
        model.logit_scale.clamp_(0.0, std::log(100.0));
        loss_sum.add_(loss.detach() * static_cast<double>(len));
      }
    }
    model.eval();
    emit(epoch, "train_loss", loss_sum.item<double>() / static_cast<double>(std::max<int64_t>(1, n)));
    emit(epoch, "lr", opt.lr());
    if (va_t.size(0) > 0) {
      const ConversionDiagnostics d = conversion_diagnostics(conv->convert(val_texts, va_t), va_i, val_img, cfg.normalize);
      emit(epoch, "val_cosine", d.cosine);
      emit(epoch, "val_r1", d.r_at_1);
      emit(epoch, "val_r5", d.r_at_5);
    }
    out.result.epochs_run = epoch;
    out.result.steps = opt.steps();
    conv->training_state = opt.state("optim.");
    conv->training_state.emplace_back("train.epoch", at::tensor(static_cast<int64_t>(epoch), at::kLong));
    if (!checkpoint_path.empty()) save_converter(checkpoint_path, *conv, out.result);
  }
  out.result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  out.converter = std::move(conv);
  return out;
}

}  // namespace plumage::train

// The CLIP training loop (clip_train.h): batches, augmentation, schedule,
// optimizer, record, and the safetensors file it leaves.
#include "core/engine/clip/clip_train.h"

#include "core/engine/safetensors.h"
#include "core/engine/train/optim.h"
#include "core/engine/train/rng.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

namespace plumage::clip {
namespace {

// Streams of the seeded draws: batch order and caption choice, augmentation.
constexpr uint64_t kOrderStream = 1000, kAugmentStream = 2000000;

void check(const ClipConfig& c, const ClipTrainData& d, const ClipTrainOptions& o) {
  c.validate();
  const int64_t r = c.image_resolution;
  if (!d.pixels.defined() || d.pixels.dim() != 4 || d.pixels.size(1) != 3 || d.pixels.size(2) != r ||
      d.pixels.size(3) != r)
    throw std::invalid_argument("CLIP training: pixels must be [N,3," + std::to_string(r) + "," + std::to_string(r) + "]");
  if (d.pixels.size(0) < 2) throw std::invalid_argument("CLIP training: needs at least 2 (image, caption) pairs");
  if (!d.captions.defined() || d.captions.dim() != 3 || d.captions.size(0) != d.pixels.size(0) ||
      d.captions.size(1) < 1 || d.captions.size(2) < 2 || d.captions.size(2) > c.context_length)
    throw std::invalid_argument("CLIP training: captions must be [N,K,L] with N = " + std::to_string(d.pixels.size(0)) +
                                " images and 2 <= L <= " + std::to_string(c.context_length));
  const int64_t lo = d.captions.min().item<int64_t>(), hi = d.captions.max().item<int64_t>();
  if (lo < 0 || hi >= c.vocab_size)
    throw std::invalid_argument("CLIP training: token id " + std::to_string(lo < 0 ? lo : hi) +
                                " is outside the vocabulary [0, " + std::to_string(c.vocab_size) + ")");
  if (o.epochs < 1 || o.batch_size < 2 || !(o.lr > 0) || o.weight_decay < 0 || o.warmup_fraction < 0 ||
      o.warmup_fraction >= 1 || o.shift < 0 || o.brightness < 0)
    throw std::invalid_argument("CLIP training: epochs >= 1, batch_size >= 2, lr > 0, weight_decay >= 0, "
                                "0 <= warmup_fraction < 1, shift >= 0 and brightness >= 0 are required");
}

// Matrices decay; gains, biases, embeddings and the temperature do not (as CLIP).
bool decays(const std::string& name, const at::Tensor& t) {
  return t.dim() >= 2 && name.find("embedding") == std::string::npos;
}

// Each image shifted by up to `shift` pixels (zero = the normalized mean fill)
// and its brightness jittered.
at::Tensor augment(const at::Tensor& pixels, const ClipTrainOptions& o, train::Rng& rng) {
  if (o.shift == 0 && o.brightness == 0) return pixels;
  const int64_t n = pixels.size(0), r = pixels.size(2), s = o.shift;
  at::Tensor padded = s > 0 ? at::constant_pad_nd(pixels, {s, s, s, s}, 0.0) : pixels;
  std::vector<at::Tensor> rows;
  rows.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const auto dy = static_cast<int64_t>(rng.below(static_cast<uint64_t>(2 * s + 1)));
    const auto dx = static_cast<int64_t>(rng.below(static_cast<uint64_t>(2 * s + 1)));
    rows.push_back(padded[i].narrow(1, dy, r).narrow(2, dx, r));
  }
  at::Tensor out = at::stack(rows);
  if (o.brightness > 0) {
    std::vector<float> gain(static_cast<size_t>(n));
    for (auto& g : gain) g = static_cast<float>(1.0 + o.brightness * (2.0 * (rng.next() >> 11) * 0x1.0p-53 - 1.0));
    out = out * at::tensor(gain).view({n, 1, 1, 1});
  }
  return out;
}

double lr_at(const ClipTrainOptions& o, int64_t step, int64_t total) {
  const auto warm = static_cast<int64_t>(std::ceil(o.warmup_fraction * static_cast<double>(total)));
  if (step < warm) return o.lr * static_cast<double>(step + 1) / static_cast<double>(warm);
  const double t = total > warm ? static_cast<double>(step - warm) / static_cast<double>(total - warm) : 1.0;
  return o.lr * 0.5 * (1.0 + std::cos(3.14159265358979323846 * t));
}

// Restores the intra-op thread count on every way out.
struct ThreadScope {
  explicit ThreadScope(int n) : before(at::get_num_threads()) {
    if (n > 0) at::set_num_threads(n);
  }
  ~ThreadScope() { at::set_num_threads(before); }
  int before;
};

}  // namespace

std::string ClipTrainRecord::to_json() const {
  return nlohmann::json{{"epochs", epochs},           {"pairs", pairs},         {"captions", captions},
                        {"first_loss", first_loss},   {"final_loss", final_loss}, {"logit_scale", logit_scale},
                        {"seconds", seconds},         {"epoch_loss", epoch_loss}}
      .dump();
}

ClipTrainResult train_clip(const ClipConfig& config, const std::map<std::string, at::Tensor>& initial,
                           const ClipTrainData& data, const ClipTrainOptions& o, const ClipTrainProgress& progress,
                           const std::atomic<bool>* cancel) {
  const auto t0 = std::chrono::steady_clock::now();
  check(config, data, o);
  ThreadScope threads(o.threads);
  at::AutoGradMode grad_on(true);

  // Trainable copies, in OpenAI naming.
  std::map<std::string, at::Tensor> w;
  train::ParamOptimizer::Options oo;
  oo.kind = train::OptimizerKind::AdamW;
  oo.lr = o.lr;
  oo.weight_decay = o.weight_decay;
  oo.beta2 = 0.98;  // CLIP's choice for small batches
  oo.eps = 1e-6;
  train::ParamOptimizer opt(oo);
  for (const auto& [name, t] : initial) {
    at::Tensor p = t.to(at::kFloat).detach().clone().contiguous();
    if (name == "logit_scale") p.fill_(o.init_logit_scale);
    p.set_requires_grad(true);
    w[name] = p;
    opt.add(name, p, decays(name, p));
  }
  const at::Tensor& logit_scale = w.at("logit_scale");

  const at::Tensor pixels = data.pixels.to(at::kFloat).contiguous();
  const at::Tensor captions = data.captions.to(at::kLong).contiguous();
  const int64_t n = pixels.size(0), k = captions.size(1);
  // The last batch is dropped when it would be tiny (a 1-row contrastive
  // batch has nothing to contrast).
  const int64_t b = std::min<int64_t>(o.batch_size, n);
  const int64_t batches = std::max<int64_t>(1, n / b + ((n % b) >= b / 2 ? 1 : 0));
  const int64_t total = static_cast<int64_t>(o.epochs) * batches;

  ClipTrainResult out;
  out.record.pairs = n;
  out.record.captions = n * k;
  int64_t step = 0;
  train::Rng aug_rng(o.seed, kAugmentStream);
  for (int epoch = 1; epoch <= o.epochs; ++epoch) {
    train::Rng rng(o.seed, kOrderStream + static_cast<uint64_t>(epoch));
    std::vector<int64_t> order(static_cast<size_t>(n)), pick(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
    rng.shuffle(order);
    for (auto& p : pick) p = static_cast<int64_t>(rng.below(static_cast<uint64_t>(k)));
    double loss_sum = 0;
    for (int64_t bi = 0; bi < batches; ++bi) {
      if (cancel && cancel->load()) {
        out.cancelled = true;
        return out;
      }
      const int64_t from = bi * b, to = bi + 1 == batches ? n : std::min(n, from + b);
      std::vector<int64_t> idx(order.begin() + from, order.begin() + to), cap(idx.size());
      for (size_t j = 0; j < idx.size(); ++j) cap[j] = pick[static_cast<size_t>(idx[j])];
      const at::Tensor rows = at::tensor(idx, at::kLong);
      const at::Tensor img = augment(pixels.index_select(0, rows), o, aug_rng);
      const at::Tensor ids = captions.index_select(0, rows)
                                 .gather(1, at::tensor(cap, at::kLong).view({-1, 1, 1}).expand({-1, 1, captions.size(2)}))
                                 .squeeze(1);
      const at::Tensor loss = detail::clip_loss(detail::train_encode_image(w, config, img),
                                                detail::train_encode_text(w, config, ids), logit_scale);
      for (auto& [name, p] : w) {
        (void)name;
        if (p.grad().defined()) p.mutable_grad().zero_();
      }
      loss.backward();
      opt.set_lr(lr_at(o, step++, total));
      {
        at::NoGradGuard no_grad;
        opt.step_from_autograd();
      }
      loss_sum += loss.item<double>();
    }
    const double mean = loss_sum / static_cast<double>(batches);
    out.record.epoch_loss.push_back(mean);
    if (epoch == 1) out.record.first_loss = mean;
    out.record.final_loss = mean;
    out.record.epochs = epoch;
    if (progress) progress(epoch, o.epochs, mean);
  }
  out.record.logit_scale = std::exp(std::min(logit_scale.item<double>(), std::log(100.0)));
  for (auto& [name, p] : w) out.state_dict[name] = p.detach();
  out.record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

void save_trained_clip(const std::string& path, const ClipConfig& config, const ClipTrainResult& result,
                       const std::string& kind, const std::map<std::string, std::string>& extra) {
  if (result.cancelled || result.state_dict.empty())
    throw std::invalid_argument(path + ": no trained weights to save (training was cancelled)");
  st::NamedTensors named(result.state_dict.begin(), result.state_dict.end());
  std::map<std::string, std::string> meta = extra;
  meta["config"] = config.to_json();
  meta["plumage.kind"] = kind;
  meta["plumage.training"] = result.record.to_json();
  st::save(path, named, meta);  // atomic: temporary file + rename
}

}  // namespace plumage::clip

#include "core/engine/train/qformer.h"

#include "core/engine/heap_reuse.h"
#include "core/engine/train/converters_closed_form.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <stdexcept>

namespace plumage::train {

namespace {

torch::nn::LayerNorm layer_norm(int64_t width) {
  return torch::nn::LayerNorm(torch::nn::LayerNormOptions({width}).eps(1e-6));
}

// Multi-head attention: q [B,Nq,H], k/v [B,T,H]; `mask` [B,1,1,T] additive or undefined.
at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t heads,
                     const at::Tensor& mask, const DropoutRng& drop) {
  const int64_t B = q.size(0), Nq = q.size(1), T = k.size(1), H = q.size(2), d = H / heads;
  const at::Tensor qh = q.view({B, Nq, heads, d}).transpose(1, 2);
  const at::Tensor kh = k.view({B, T, heads, d}).transpose(1, 2);
  const at::Tensor vh = v.view({B, T, heads, d}).transpose(1, 2);
  at::Tensor scores = at::matmul(qh, kh.transpose(-2, -1)) * (1.0 / std::sqrt(static_cast<double>(d)));
  if (mask.defined()) scores = scores + mask;
  const at::Tensor attn = drop(at::softmax(scores, -1));
  return at::matmul(attn, vh).transpose(1, 2).reshape({B, Nq, H});
}

// at::linear folds [B,N,in] inputs into one addmm with the bias fused, as
// PyTorch's nn.Linear does; the C++ frontend's Linear::forward runs matmul and
// then adds the bias in a separate pass (and backward node) for 3-D inputs.
at::Tensor linear(const torch::nn::Linear& m, const at::Tensor& x) { return at::linear(x, m->weight, m->bias); }

}  // namespace

at::Tensor DropoutRng::operator()(const at::Tensor& x) const {
  if (!training || p <= 0.0) return x;
  if (cpu && x.device().is_cpu()) {
    // As at::dropout does it: one scaled mask, one product.
    const at::Tensor keep = at::empty(x.sizes(), x.options()).bernoulli_(1.0 - p, *cpu).div_(1.0 - p);
    return x * keep;
  }
  return at::dropout(x, p, true);
}

QFormerLayerImpl::QFormerLayerImpl(const QFormerConfig& c, int64_t token_width, bool cross) : has_cross(cross) {
  const int64_t H = c.hidden;
  ln_self = register_module("ln_self", layer_norm(H));
  qkv = register_module("qkv", torch::nn::Linear(H, 3 * H));
  self_out = register_module("self_out", torch::nn::Linear(H, H));
  if (cross) {
    ln_cross = register_module("ln_cross", layer_norm(H));
    cross_q = register_module("cross_q", torch::nn::Linear(H, H));
    cross_kv = register_module("cross_kv", torch::nn::Linear(token_width, 2 * H));
    cross_out = register_module("cross_out", torch::nn::Linear(H, H));
  }
  ln_ffn = register_module("ln_ffn", layer_norm(H));
  ff1 = register_module("ff1", torch::nn::Linear(H, c.ffn));
  ff2 = register_module("ff2", torch::nn::Linear(c.ffn, H));
}

QFormerImpl::QFormerImpl(const QFormerConfig& c, int64_t token_width_, int64_t out_dim_)
    : cfg(c), token_width(token_width_), out_dim(out_dim_) {
  if (c.hidden <= 0 || c.heads <= 0 || c.hidden % c.heads != 0)
    throw std::invalid_argument("Q-Former: hidden (" + std::to_string(c.hidden) + ") must be a positive multiple of heads (" +
                                std::to_string(c.heads) + ")");
  if (c.num_queries < 1 || c.num_layers < 1 || c.ffn < 1 || c.cross_attention_every < 1)
    throw std::invalid_argument("Q-Former: num_queries, num_layers, ffn and cross_attention_every must be >= 1");
  if (!(c.dropout >= 0.0 && c.dropout < 1.0)) throw std::invalid_argument("Q-Former: dropout must be in [0, 1)");
  queries = register_parameter("queries", at::zeros({c.num_queries, c.hidden}));
  logit_scale = register_parameter("logit_scale", at::tensor(std::log(1.0 / c.init_temperature), at::kFloat));
  ln_tokens = register_module("ln_tokens", layer_norm(token_width));
  for (int l = 0; l < c.num_layers; ++l)
    layers.push_back(register_module("layer" + std::to_string(l),
                                      std::make_shared<QFormerLayerImpl>(c, token_width, l % c.cross_attention_every == 0)));
  ln_final = register_module("ln_final", layer_norm(c.hidden));
  proj = register_module("proj", torch::nn::Linear(c.hidden, out_dim));
  reset(0);
}

void QFormerImpl::reset(uint64_t seed) {
  at::NoGradGuard no_grad;
  at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(seed);
  for (auto& item : named_parameters(true)) {
    const std::string& name = item.key();
    at::Tensor& p = item.value();
    const bool is_norm = name.find("ln_") != std::string::npos;
    at::Tensor v;
    if (name == "logit_scale") v = at::tensor(std::log(1.0 / cfg.init_temperature), at::kFloat);
    else if (is_norm) v = name.size() > 7 && name.compare(name.size() - 7, 7, ".weight") == 0 ? at::ones(p.sizes()) : at::zeros(p.sizes());
    else if (name.size() > 5 && name.compare(name.size() - 5, 5, ".bias") == 0) v = at::zeros(p.sizes());
    else v = at::empty(p.sizes(), at::kFloat).normal_(0.0, 0.02, gen);
    p.copy_(v);
  }
}

at::Tensor QFormerImpl::forward(const at::Tensor& tokens_in, const at::Tensor& lengths, const DropoutRng& drop) {
  const int64_t B = tokens_in.size(0), H = cfg.hidden;
  // On the CPU only the positions inside each text's length are normalized
  // and projected to keys and values (most of a step's work for short texts):
  // the batch is cut to its longest text, the valid rows are packed, and the
  // projections are scattered back into a zero-filled [B,T,2H] tensor. A
  // padded key is masked before the softmax either way, so the attention
  // output and every gradient are the same as with all positions projected.
  // (On a GPU, finding the rows would cost a host synchronization per step.)
  const bool pack = pack_tokens && tokens_in.is_cpu();
  const at::Tensor tokens = pack ? tokens_in.narrow(1, 0, lengths.max().item<int64_t>()) : tokens_in;
  const int64_t T = tokens.size(1);
  // Key padding mask: positions >= length get -inf before the softmax.
  const at::Tensor pos = at::arange(T, lengths.options());
  const at::Tensor pad = pos.unsqueeze(0).ge(lengths.unsqueeze(1));  // [B,T]
  const at::Tensor mask =
      at::zeros({B, T}, tokens.options()).masked_fill_(pad, -std::numeric_limits<float>::infinity()).view({B, 1, 1, T});
  at::Tensor keep, mem;  // keep: flat indices b*T+t of the valid positions
  if (pack) {
    keep = pad.logical_not().view({-1}).nonzero().view({-1});
    mem = ln_tokens->forward(tokens.reshape({B * T, token_width}).index_select(0, keep));  // [valid, W]
  } else {
    mem = ln_tokens->forward(tokens);  // [B,T,W]
  }
  auto keys_values = [&](const torch::nn::Linear& kv) {
    if (!pack) return linear(kv, mem);
    const at::Tensor packed = linear(kv, mem);
    return at::zeros({B * T, packed.size(1)}, packed.options()).index_copy(0, keep, packed).view({B, T, packed.size(1)});
  };
  at::Tensor x = queries.unsqueeze(0).expand({B, cfg.num_queries, H});
  const bool pre = cfg.pre_norm;
  for (auto& L : layers) {
    {
      const at::Tensor in = pre ? L->ln_self->forward(x) : x;
      const auto qkv = linear(L->qkv, in).chunk(3, -1);
      const at::Tensor a = drop(linear(L->self_out, attention(qkv[0], qkv[1], qkv[2], cfg.heads, {}, drop)));
      x = pre ? x + a : L->ln_self->forward(x + a);
    }
    if (L->has_cross) {
      const at::Tensor in = pre ? L->ln_cross->forward(x) : x;
      const auto kv = keys_values(L->cross_kv).chunk(2, -1);
      const at::Tensor a =
          drop(linear(L->cross_out, attention(linear(L->cross_q, in), kv[0], kv[1], cfg.heads, mask, drop)));
      x = pre ? x + a : L->ln_cross->forward(x + a);
    }
    {
      const at::Tensor in = pre ? L->ln_ffn->forward(x) : x;
      const at::Tensor f = drop(linear(L->ff2, at::gelu(linear(L->ff1, in))));
      x = pre ? x + f : L->ln_ffn->forward(x + f);
    }
  }
  if (pre) x = ln_final->forward(x);
  const at::Tensor pooled = cfg.pooling == Pooling::Mean ? x.mean(1) : x.select(1, 0);
  return linear(proj, pooled);
}

QFormerConverter::QFormerConverter(const ConverterConfig& config, int64_t token_width, int64_t out_dim,
                                   c10::Device device)
    : Converter(config), model_(std::make_shared<QFormerImpl>(config.qformer, token_width, out_dim)), device_(device) {
  model_->reset(config.seed);
  model_->to(device);
}

void qformer_batch(const TextFeatureSet& texts, const at::Tensor& rows, c10::Device device, at::Tensor& tokens,
                   at::Tensor& lengths) {
  const at::Tensor idx = rows.to(texts.tokens.device(), at::kLong);  // tokens may already be on the device
  // Only this batch's rows are read and widened (float16 -> float32 is exact):
  // a memory-mapped token file is never converted whole.
  at::Tensor picked = texts.tokens.index_select(0, idx);
  const bool on_host = picked.is_cpu();
  if (on_host && device.is_cuda()) picked = picked.pin_memory();  // so the copy below is asynchronous
  tokens = picked.to(device, at::kFloat, /*non_blocking=*/device.is_cuda());
  // Finite values are checked here, batch by batch, not when the file is
  // opened (feature_sets.cpp); on the widened rows: float checks are
  // vectorized, float16 ones on the CPU are not. Tokens already on the device
  // were checked once when copied there (qformer_train.cpp).
  if (on_host && !at::isfinite(tokens).all().item<bool>()) {
    const int64_t bad = at::isfinite(tokens).logical_not().flatten(1).any(1).nonzero()[0][0].item<int64_t>();
    throw FeatureFileError(texts.path + ": tensor 'tokens' row " + std::to_string(idx[bad].item<int64_t>()) +
                           " holds NaN or infinite values");
  }
  lengths = texts.lengths.index_select(0, idx).to(device);
}

at::Tensor QFormerConverter::convert(const TextFeatureSet& texts, const at::Tensor& rows) const {
  if (!texts.has_tokens())
    throw std::invalid_argument(texts.path + ": the Q-Former converter needs token features ('tokens' and 'lengths')");
  if (texts.tokens.size(2) != model_->token_width)
    throw std::invalid_argument(texts.path + ": token width " + std::to_string(texts.tokens.size(2)) +
                                " differs from the Q-Former's " + std::to_string(model_->token_width));
  at::NoGradGuard no_grad;
  const HeapReuse heap;
  DropoutRng drop;  // eval: no dropout
  std::vector<at::Tensor> out;
  const int64_t n = rows.size(0), B = std::max(1, config_.qformer.batch_size);
  for (int64_t s = 0; s < n; s += B) {
    at::Tensor tok, len;
    qformer_batch(texts, rows.narrow(0, s, std::min(B, n - s)), device_, tok, len);
    out.push_back(model_->forward(tok, len, drop).to(at::kCPU, at::kFloat));
  }
  return out.empty() ? at::zeros({0, model_->out_dim}) : at::cat(out);
}

std::vector<std::pair<std::string, at::Tensor>> QFormerConverter::state() const {
  std::vector<std::pair<std::string, at::Tensor>> out;
  for (const auto& item : model_->named_parameters(true)) out.emplace_back("model." + item.key(), item.value().detach());
  out.insert(out.end(), training_state.begin(), training_state.end());
  return out;
}

void QFormerConverter::load_state(const std::map<std::string, at::Tensor>& tensors, const std::string& source) {
  at::NoGradGuard no_grad;
  for (auto& item : model_->named_parameters(true)) {
    auto it = tensors.find("model." + item.key());
    if (it == tensors.end()) throw std::invalid_argument(source + ": Q-Former checkpoint lacks 'model." + item.key() + "'");
    if (it->second.sizes() != item.value().sizes())
      throw std::invalid_argument(source + ": 'model." + item.key() + "' has the wrong shape for the stored config");
    item.value().copy_(it->second);
  }
  training_state.clear();
  for (const auto& [name, t] : tensors)
    if (name.rfind("optim.", 0) == 0 || name.rfind("train.", 0) == 0) training_state.emplace_back(name, t);
}

}  // namespace plumage::train

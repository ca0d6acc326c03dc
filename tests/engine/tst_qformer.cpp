// Q-Former converter: learns a nonlinear text->image relation that the ridge
// map cannot, honours the padding mask, checkpoints round-trip exactly, a
// resumed run equals an uninterrupted one, cancellation stops within a batch.
#include "core/engine/train/converter.h"
#include "core/engine/train/prefetch.h"
#include "core/engine/train/qformer.h"
#include "lite_test.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <limits>

using namespace plumage;
using namespace plumage::train;

namespace {

constexpr int64_t kT = 8, kW = 16, kE = 4;

// Token features [n,T,W] with lengths 3..T; padding holds large junk values.
// Pooled text feature = mean of the valid tokens; image = z^2 - mean(z^2) per
// dimension with z = P m: centred and uncorrelated with m (the relation is
// even in m), so no linear map predicts it.
struct Pairs {
  ImageFeatureSet images;
  TextFeatureSet texts;
};

Pairs nonlinear_pairs(int64_t n) {
  at::Generator g = at::make_generator<at::CPUGeneratorImpl>(11);
  at::Tensor tokens = at::randn({n, kT, kW}, g);
  const at::Tensor lengths = at::randint(3, kT + 1, {n}, g, at::kLong);
  const at::Tensor valid = at::arange(kT, at::kLong).unsqueeze(0).lt(lengths.unsqueeze(1)).unsqueeze(2);
  tokens = at::where(valid, tokens, at::full({}, 5.0));
  const at::Tensor m = (tokens * valid).sum(1) / lengths.unsqueeze(1).to(at::kFloat);
  const at::Tensor P = at::randn({kW, kE}, g) * std::sqrt(5.0 / static_cast<double>(kW));  // var(m) ~ 1/5
  const at::Tensor z = at::mm(m, P);
  Pairs p;
  p.images.features = z * z - (z * z).mean(0, true);
  p.images.labels = at::zeros({n}, at::kLong);
  p.images.is_train = at::ones({n}, at::kByte);
  p.images.image_ids = at::arange(n, at::kLong);
  p.images.class_names = {"only"};
  p.texts.features = m;
  p.texts.labels = at::zeros({n}, at::kLong);
  p.texts.image_ids = at::arange(n, at::kLong);
  p.texts.text_index = at::arange(n, at::kLong);
  p.texts.tokens = tokens;
  p.texts.lengths = lengths;
  p.texts.path = "synthetic-texts";
  return p;
}

ConverterConfig qformer_config(int epochs) {
  ConverterConfig c;
  c.kind = ConverterKind::QFormer;
  c.device = "cpu";
  c.val_fraction = 0.2;
  c.seed = 1;
  QFormerConfig& q = c.qformer;
  q.num_queries = 4;
  q.num_layers = 2;
  q.hidden = 32;
  q.heads = 4;
  q.ffn = 128;
  q.dropout = 0.0;
  q.epochs = epochs;
  q.batch_size = 64;
  q.lr = 3e-3;
  q.weight_decay = 0.01;
  q.warmup_steps = 20;
  q.w_infonce = 0.0;
  return c;
}

std::string tmp(const std::string& name) {
  static const std::string dir = test::temp_dir();
  return dir + "/" + name;
}

}  // namespace

PLUMAGE_TEST(qformer_beats_ridge_on_a_nonlinear_relation) {
  const Pairs p = nonlinear_pairs(2000);
  ConverterConfig ridge_cfg = qformer_config(1);
  ridge_cfg.kind = ConverterKind::Ridge;
  const auto ridge = train_converter(ridge_cfg, p.images, p.texts);
  int epochs_seen = 0;
  const auto q = train_converter(qformer_config(30), p.images, p.texts, "",
                                 [&](int e, const std::string& key, double) { if (key == "val_cosine" && e > 0) ++epochs_seen; });
  QCOMPARE(epochs_seen, 30);
  QCOMPARE(q.result.val.pairs, ridge.result.val.pairs);
  QVERIFY2(q.result.val.cosine > ridge.result.val.cosine + 0.2,
           "Q-Former " + std::to_string(q.result.val.cosine) + " vs ridge " + std::to_string(ridge.result.val.cosine));
  QVERIFY(q.result.val.r_at_1 > ridge.result.val.r_at_1);
}

PLUMAGE_TEST(padding_mask_hides_tokens_past_the_length) {
  for (bool pre : {true, false})
    for (auto pooling : {Pooling::Mean, Pooling::First}) {
      ConverterConfig c = qformer_config(1);
      c.qformer.pre_norm = pre;
      c.qformer.pooling = pooling;
      c.qformer.cross_attention_every = 2;
      c.qformer.num_layers = 3;
      QFormerConverter conv(c, kW, kE, c10::Device(c10::kCPU));
      Pairs p = nonlinear_pairs(16);
      const at::Tensor rows = at::arange(16, at::kLong);
      const at::Tensor before = conv.convert(p.texts, rows);
      const at::Tensor valid = at::arange(kT, at::kLong).unsqueeze(0).lt(p.texts.lengths.unsqueeze(1)).unsqueeze(2);
      p.texts.tokens = at::where(valid, p.texts.tokens, at::full({}, -123.0));
      QVERIFY(at::allclose(conv.convert(p.texts, rows), before, 1e-5, 1e-6));
      // (A per-token shift would vanish in the token LayerNorm: perturb per dimension.)
      p.texts.tokens = at::where(valid, p.texts.tokens + at::randn(p.texts.tokens.sizes()), p.texts.tokens);
      QVERIFY(!at::allclose(conv.convert(p.texts, rows), before, 1e-5, 1e-6));
    }
}

PLUMAGE_TEST(packed_tokens_give_the_same_output_and_gradients) {
  // Lengths 3..T, and one batch whose longest text is shorter than T, so both
  // the packing and the cut to the batch's longest text are exercised.
  for (int64_t longest : {kT, kT - 3}) {
    ConverterConfig c = qformer_config(1);
    c.qformer.cross_attention_every = 2;
    c.qformer.num_layers = 3;
    QFormerConverter conv(c, kW, kE, c10::Device(c10::kCPU));
    QFormerImpl& m = conv.model();
    Pairs p = nonlinear_pairs(24);
    const at::Tensor lengths = p.texts.lengths.clamp_max(longest);
    DropoutRng no_drop;
    std::vector<at::Tensor> outputs, grads;
    for (bool pack : {true, false}) {
      m.pack_tokens = pack;
      m.zero_grad();
      const at::Tensor out = m.forward(p.texts.tokens, lengths, no_drop);
      (out * at::linspace(-1.0, 1.0, out.numel()).view(out.sizes())).sum().backward();
      outputs.push_back(out.detach());
      std::vector<at::Tensor> g;
      for (const auto& param : m.parameters())  // (logit_scale is used by the loss only)
        if (param.grad().defined()) g.push_back(param.grad().flatten().clone());
      grads.push_back(at::cat(g));
    }
    const double out_diff = (outputs[0] - outputs[1]).abs().max().item<double>();
    const double grad_diff = (grads[0] - grads[1]).abs().max().item<double>();
    const double grad_scale = grads[1].abs().max().item<double>();
    QVERIFY2(out_diff < 1e-5, std::to_string(out_diff));
    QVERIFY2(grad_scale > 0 && grad_diff < 1e-5 * grad_scale, std::to_string(grad_diff) + " of " + std::to_string(grad_scale));
  }
}

PLUMAGE_TEST(checkpoint_round_trips_and_resume_equals_uninterrupted_run) {
  const Pairs p = nonlinear_pairs(300);
  ConverterConfig c = qformer_config(4);
  c.qformer.dropout = 0.1;  // dropout draws must resume exactly too
  const auto full = train_converter(c, p.images, p.texts, tmp("full.safetensors"));

  // The checkpoint holds the trained weights bit for bit ...
  ConverterResult stored;
  const auto loaded = load_converter(tmp("full.safetensors"), &stored);
  const auto saved_state = loaded->state(), trained_state = full.converter->state();
  size_t weights = 0;
  for (const auto& [name, t] : trained_state) {
    if (name.rfind("model.", 0) != 0) continue;
    ++weights;
    const auto it = std::find_if(saved_state.begin(), saved_state.end(), [&](const auto& e) { return e.first == name; });
    QVERIFY2(it != saved_state.end() && at::equal(it->second, t), name);
  }
  QVERIFY(weights > 10);
  // ... and so converts exactly as the trained model. One intra-op thread:
  // a multi-threaded BLAS may split a product's sums differently from call to
  // call (MKL's dynamic threading), which would be no fault of the checkpoint.
  const int threads = at::get_num_threads();
  at::set_num_threads(1);
  const at::Tensor from_file = loaded->convert_all(p.texts), in_memory = full.converter->convert_all(p.texts);
  at::set_num_threads(threads);
  QVERIFY2(at::equal(from_file, in_memory),
           "max difference " + std::to_string((from_file - in_memory).abs().max().item<double>()));
  QCOMPARE(stored.epochs_run, 4);

  // Interrupt after epoch 2 (cancel), then resume from its checkpoint.
  std::atomic<bool> cancel{false};
  QVERIFY_THROWS_WITH(train_converter(c, p.images, p.texts, tmp("part.safetensors"),
                                      [&](int e, const std::string& key, double) { if (e == 2 && key == "val_r5") cancel = true; },
                                      &cancel),
                      "cancelled");
  ConverterResult partial;
  load_converter(tmp("part.safetensors"), &partial);
  QCOMPARE(partial.epochs_run, 2);
  c.resume_from = tmp("part.safetensors");
  const auto resumed = train_converter(c, p.images, p.texts);
  QCOMPARE(resumed.result.epochs_run, 4);
  QCOMPARE(resumed.result.steps, full.result.steps);
  const auto a = full.converter->state(), b = resumed.converter->state();
  QCOMPARE(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) QVERIFY2(at::equal(a[i].second, b[i].second), a[i].first);
  QCOMPARE(resumed.result.val.cosine, full.result.val.cosine);

  c.qformer.hidden = 64;
  QVERIFY_THROWS_WITH(train_converter(c, p.images, p.texts), "architecture differs");
}

PLUMAGE_TEST(float16_tokens_train_from_the_mapped_file_as_when_widened_in_memory) {
  Pairs p = nonlinear_pairs(300);
  p.texts.tokens = p.texts.tokens.to(at::kHalf);
  p.texts.class_names = {"only"};
  p.texts.source = "file";
  save_text_features(tmp("half_tokens.safetensors"), p.texts);
  const TextFeatureSet mapped = load_text_features(tmp("half_tokens.safetensors"), 1);
  // Not widened on load: float16, one view of the file's mapping (no fp32 copy).
  QVERIFY(mapped.tokens.scalar_type() == at::kHalf);
  QCOMPARE(static_cast<int64_t>(mapped.tokens.storage().nbytes()), static_cast<int64_t>(mapped.tokens.nbytes()));
  TextFeatureSet widened = mapped;
  widened.tokens = mapped.tokens.to(at::kFloat);  // the old load path
  ConverterConfig c = qformer_config(2);
  c.qformer.dropout = 0.1;
  const int threads = at::get_num_threads();
  at::set_num_threads(1);
  const auto a = train_converter(c, p.images, mapped), b = train_converter(c, p.images, widened);
  at::set_num_threads(threads);
  QCOMPARE(a.result.history.size(), b.result.history.size());
  for (size_t i = 0; i < a.result.history.size(); ++i)
    QVERIFY2(a.result.history[i].value == b.result.history[i].value, a.result.history[i].key);
  const auto sa = a.converter->state(), sb = b.converter->state();
  for (size_t i = 0; i < sa.size(); ++i) QVERIFY2(at::equal(sa[i].second, sb[i].second), sa[i].first);
}

PLUMAGE_TEST(non_finite_tokens_are_reported_by_row_when_their_batch_is_gathered) {
  Pairs p = nonlinear_pairs(200);
  p.texts.tokens[137][2][5].fill_(std::numeric_limits<float>::quiet_NaN());
  QVERIFY_THROWS_WITH(train_converter(qformer_config(1), p.images, p.texts), "tensor 'tokens' row 137 holds NaN");
}

PLUMAGE_TEST(prefetcher_gives_items_in_order_and_rethrows) {
  for (bool background : {true, false}) {
    Prefetcher<int64_t> p(50, [](int64_t i) { return i * i; }, background);
    for (int64_t i = 0; i < 50; ++i) QCOMPARE(p.take(), i * i);
    Prefetcher<int64_t> bad(5, [](int64_t i) -> int64_t {
      if (i == 3) throw std::runtime_error("item 3 failed");
      return i;
    }, background);
    for (int64_t i = 0; i < 3; ++i) QCOMPARE(bad.take(), i);
    QVERIFY_THROWS_WITH(bad.take(), "item 3 failed");
    Prefetcher<int64_t> left(1000, [](int64_t i) { return i; }, background);  // destroyed with items untaken
    QCOMPARE(left.take(), int64_t(0));
  }
}

PLUMAGE_TEST(cancelled_before_the_first_batch) {
  const Pairs p = nonlinear_pairs(100);
  std::atomic<bool> cancel{true};
  int calls = 0;
  QVERIFY_THROWS_WITH(train_converter(qformer_config(3), p.images, p.texts, "",
                                      [&](int, const std::string&, double) { ++calls; }, &cancel),
                      "cancelled");
  QCOMPARE(calls, 0);
}

PLUMAGE_TEST(invalid_architecture_is_rejected) {
  ConverterConfig c = qformer_config(1);
  c.qformer.heads = 5;
  QVERIFY_THROWS_WITH(QFormerConverter(c, kW, kE, c10::Device(c10::kCPU)), "multiple of heads");
}

PLUMAGE_TEST_MAIN()

// Adapter training: Bayes-level accuracy on separable clusters with label
// noise, bit-identical reruns, model selection, text samples from a plan,
// cancellation, metrics.
#include "core/engine/train/jobs.h"
#include "lite_test.h"
#include "train_fixtures.h"

#include <ATen/ATen.h>

using namespace plumage;
using namespace plumage::train;

namespace {

AdapterConfig small_config() {
  AdapterConfig c;
  c.epochs = 30;
  c.batch_size = 32;
  c.lr = 1e-2;
  c.device = "cpu";
  c.seed = 4;
  return c;
}

RatioPlan plan_for(const test::Synthetic& s, double ratio, TextSource source, double val = 0.2) {
  RatioPlanConfig pc;
  pc.image_ratio = ratio;
  pc.text_source = source;
  pc.val_fraction = val;
  pc.seed = 2;
  return make_ratio_plan(pc, plan_inputs(s.images, source == TextSource::None ? nullptr : &s.texts));
}

}  // namespace

PLUMAGE_TEST(reaches_bayes_accuracy_on_clusters_with_label_noise) {
  test::SyntheticOptions o;
  o.classes = 8;
  o.train_per_class = 60;
  o.test_per_class = 100;
  o.label_noise = 0.2;
  const auto s = test::make_synthetic(o);
  QVERIFY(s.bayes_test_accuracy > 0.74 && s.bayes_test_accuracy < 0.86);
  AdapterInputs in;
  in.images = &s.images;
  const AdapterResult r = train_adapter(small_config(), plan_for(s, 1.0, TextSource::None), in);
  // The clusters are separable, so the best possible test accuracy is the
  // share of unflipped test labels; a trained adapter gets there and no further.
  QVERIFY2(std::abs(r.test.top1 - s.bayes_test_accuracy) < 0.01,
           std::to_string(r.test.top1) + " vs Bayes " + std::to_string(s.bayes_test_accuracy));
  QCOMPARE(r.test.count, int64_t{800});
  QVERIFY(r.test.top5 >= r.test.top1);
}

PLUMAGE_TEST(same_seed_gives_bit_identical_results) {
  test::SyntheticOptions o;
  o.spread = 1.5;  // overlapping clusters: accuracy depends on every step
  o.captions_per_image = 2;
  const auto s = test::make_synthetic(o);
  AdapterInputs in;
  in.images = &s.images;
  in.text_features = s.texts.features;
  const RatioPlan plan = plan_for(s, 0.5, TextSource::Reed);
  const AdapterResult a = train_adapter(small_config(), plan, in);
  const AdapterResult b = train_adapter(small_config(), plan, in);
  QCOMPARE(a.history.size(), b.history.size());
  for (size_t i = 0; i < a.history.size(); ++i) {
    QCOMPARE(a.history[i].key, b.history[i].key);
    QVERIFY2(a.history[i].value == b.history[i].value, a.history[i].key);  // exact
  }
  QCOMPARE(a.test.confusion, b.test.confusion);
  AdapterConfig other = small_config();
  other.seed = 5;
  const AdapterResult c = train_adapter(other, plan, in);
  bool differs = false;
  for (size_t i = 0; i < a.history.size() && i < c.history.size(); ++i) differs |= a.history[i].value != c.history[i].value;
  QVERIFY(differs);
}

PLUMAGE_TEST(selects_best_validation_epoch_and_stops_early) {
  test::SyntheticOptions o;
  o.spread = 1.2;
  const auto s = test::make_synthetic(o);
  AdapterInputs in;
  in.images = &s.images;
  AdapterConfig c = small_config();
  c.epochs = 60;
  c.early_stopping_patience = 5;
  const AdapterResult r = train_adapter(c, plan_for(s, 1.0, TextSource::None), in);
  double best = -1;
  int best_epoch = 0;
  for (const auto& m : r.history)
    if (m.key == "val_top1" && m.value > best) {
      best = m.value;
      best_epoch = m.epoch;
    }
  QCOMPARE(r.best_epoch, best_epoch);
  QCOMPARE(r.val.top1, best);  // the returned weights are the selected epoch's
  QVERIFY(r.epochs_run <= best_epoch + 5);
  QVERIFY(r.epochs_run < 60);
}

PLUMAGE_TEST(text_samples_follow_the_plan) {
  test::SyntheticOptions o;
  o.captions_per_image = 3;
  o.descriptions_per_class = 2;
  const auto s = test::make_synthetic(o);
  AdapterInputs in;
  in.images = &s.images;
  in.text_features = s.texts.features;
  const RatioPlan reed = plan_for(s, 0.3, TextSource::Reed);
  const AdapterResult r = train_adapter(small_config(), reed, in);
  QCOMPARE(r.train_image_samples, static_cast<int64_t>(reed.image_rows.size()));
  QCOMPARE(r.train_text_samples, static_cast<int64_t>(reed.text_rows.size()));
  QVERIFY(r.test.top1 > 0.9);
  const AdapterResult only = train_adapter(small_config(), image_only(reed), in);
  QCOMPARE(only.train_text_samples, int64_t{0});
  const AdapterResult llm = train_adapter(small_config(), plan_for(s, 0.0, TextSource::Llm), in);
  QVERIFY2(llm.test.top1 > 0.9, std::to_string(llm.test.top1));  // text-only training on class descriptions
  AdapterInputs no_text;
  no_text.images = &s.images;
  QVERIFY_THROWS_WITH(train_adapter(small_config(), reed, no_text), "no converted text features");
  QVERIFY_THROWS_WITH(train_adapter(small_config(), plan_for(s, 0.0, TextSource::None), no_text), "no training samples");
}

PLUMAGE_TEST(residual_head_zero_shot_init_and_other_optimizers_learn) {
  test::SyntheticOptions o;
  const auto s = test::make_synthetic(o);
  AdapterInputs in;
  in.images = &s.images;
  const RatioPlan plan = plan_for(s, 1.0, TextSource::None);
  AdapterConfig c = small_config();
  c.head = AdapterHead::Residual;
  c.label_smoothing = 0.1;
  QVERIFY(train_adapter(c, plan, in).test.top1 > 0.95);
  c = small_config();
  c.optimizer = OptimizerKind::SGD;
  c.lr = 0.5;
  QVERIFY(train_adapter(c, plan, in).test.top1 > 0.95);
  c = small_config();
  c.optimizer = OptimizerKind::AdamW;
  c.weight_decay = 0.01;
  c.label_smoothing = 0.1;
  QVERIFY(train_adapter(c, plan, in).test.top1 > 0.95);
  // Zero-shot init: class weights = cluster centres -> right before any step.
  c = small_config();
  c.init_from_zero_shot = true;
  c.epochs = 1;
  c.lr = 0.0;
  in.class_weights = at::eye(o.classes, o.dim);
  QVERIFY(train_adapter(c, plan, in).test.top1 > 0.95);
  in.class_weights = at::Tensor();
  QVERIFY_THROWS_WITH(train_adapter(c, plan, in), "no zero-shot class weights");
}

PLUMAGE_TEST(cancellation_stops_within_one_batch) {
  test::SyntheticOptions o;
  const auto s = test::make_synthetic(o);
  AdapterInputs in;
  in.images = &s.images;
  const RatioPlan plan = plan_for(s, 1.0, TextSource::None);
  std::atomic<bool> cancel{true};
  int calls = 0;
  QVERIFY_THROWS_WITH(train_adapter(small_config(), plan, in, [&](int, const std::string&, double) { ++calls; }, &cancel),
                      "cancelled");
  QCOMPARE(calls, 0);  // not one batch ran
  cancel = false;
  int last_epoch = 0;
  auto cb = [&](int epoch, const std::string& key, double) {
    last_epoch = epoch;
    if (key == "train_loss" && epoch == 2) cancel = true;
  };
  QVERIFY_THROWS_WITH(train_adapter(small_config(), plan, in, cb, &cancel), "cancelled");
  QCOMPARE(last_epoch, 2);  // epoch 3's first batch saw the flag
}

PLUMAGE_TEST(evaluate_logits_metrics_by_hand) {
  // 4 samples, 3 classes.
  const at::Tensor logits = at::tensor({3.f, 2.f, 1.f,   // pred 0, true 0
                                        1.f, 3.f, 2.f,   // pred 1, true 2 (top-2 hit)
                                        0.f, 1.f, 5.f,   // pred 2, true 2
                                        2.f, 1.f, 0.f})  // pred 0, true 1
                                 .view({4, 3});
  const at::Tensor labels = at::tensor({0, 2, 2, 1}, at::kLong);
  const EvalResult r = evaluate_logits(logits, labels, 3);
  QCOMPARE(r.top1, 0.5);
  QCOMPARE(r.top5, 1.0);  // C = 3 < 5: every label is in the top 3
  QCOMPARE(r.per_class, (std::vector<double>{1.0, 0.0, 0.5}));
  QCOMPARE(r.mean_per_class, 0.5);
  QCOMPARE(r.confusion, (std::vector<std::vector<int64_t>>{{1, 0, 0}, {1, 0, 0}, {0, 1, 1}}));
  QVERIFY_THROWS_WITH(evaluate_logits(logits, at::tensor({0, 1, 2, 3}, at::kLong), 3), "outside [0, 3)");
}

PLUMAGE_TEST(class_weights_and_zero_shot_from_class_texts) {
  test::SyntheticOptions o;
  o.descriptions_per_class = 3;
  o.text_noise = 0.2;
  auto s = test::make_synthetic(o);
  const at::Tensor w = class_weights_from_texts(s.texts, o.classes);
  QCOMPARE(w.sizes().vec(), (std::vector<int64_t>{o.classes, o.dim}));
  QVERIFY(at::allclose(w.norm(2, {1}), at::ones({o.classes})));
  const ZeroShotResult z = zero_shot(ZeroShotConfig{}, s.images, s.texts);
  QVERIFY(z.test.top1 > 0.95);
  QCOMPARE(z.texts_used, int64_t{3 * o.classes});
  // A class without texts is an error, not a silent zero row.
  s.texts.labels.masked_fill_(s.texts.labels.eq(3), 2);
  QVERIFY_THROWS_WITH(class_weights_from_texts(s.texts, o.classes), "class 3");
}

PLUMAGE_TEST(linear_probe_sweeps_weight_decay_on_validation) {
  test::SyntheticOptions o;
  o.spread = 1.0;
  const auto s = test::make_synthetic(o);
  LinearProbeConfig c;
  c.adapter = small_config();
  c.adapter.epochs = 15;
  c.weight_decays = {0.0, 1e-3, 1.0};
  const LinearProbeResult r = linear_probe(c, s.images);
  QCOMPARE(r.val_top1.size(), size_t{3});
  const auto best = std::max_element(r.val_top1.begin(), r.val_top1.end()) - r.val_top1.begin();
  QCOMPARE(r.chosen_weight_decay, c.weight_decays[best]);
  QVERIFY(r.chosen.test.top1 > 0.8);
}

PLUMAGE_TEST_MAIN()

// Ratio plans: exact per-class counts (incl. rounding at small n_c), the
// global mode's expectation over seeds, determinism, text candidates, JSON.
#include "core/engine/train/feature_sets.h"
#include "core/engine/train/json.h"
#include "core/engine/train/ratio_plan.h"
#include "lite_test.h"
#include "train_fixtures.h"

#include <algorithm>
#include <cmath>
#include <set>

using namespace plumage;
using namespace plumage::train;

namespace {

// Classes of sizes 1, 2, 3, 5, 7, 10, 30 (train) plus 2 test images each.
PlanInputs uneven_inputs() {
  PlanInputs in;
  const std::vector<int64_t> sizes = {1, 2, 3, 5, 7, 10, 30};
  in.num_classes = static_cast<int64_t>(sizes.size());
  int64_t id = 0;
  for (int64_t c = 0; c < in.num_classes; ++c)
    for (int64_t i = 0; i < sizes[c] + 2; ++i) {
      in.labels.push_back(c);
      in.is_train.push_back(i < sizes[c]);
      in.image_ids.push_back(id++);
    }
  return in;
}

std::vector<double> ratios() {
  std::vector<double> r;
  for (int i = 0; i <= 10; ++i) r.push_back(i / 10.0);
  return r;
}

}  // namespace

PLUMAGE_TEST(rounding_rule_is_half_up_on_decimal_ratios) {
  QCOMPARE(round_count(0.5, 1), int64_t{1});   // Python's round(0.5) would give 0
  QCOMPARE(round_count(0.5, 3), int64_t{2});   // 1.5 -> 2
  QCOMPARE(round_count(0.5, 5), int64_t{3});   // 2.5 -> 3 (Python: 2)
  QCOMPARE(round_count(0.7, 5), int64_t{4});   // 3.4999999999999996 counts as 3.5
  QCOMPARE(round_count(0.1, 5), int64_t{1});
  QCOMPARE(round_count(0.1, 4), int64_t{0});   // 0.4
  QCOMPARE(round_count(0.3, 5), int64_t{2});   // 1.5
  QCOMPARE(round_count(0.9, 5), int64_t{5});   // 4.5
  QCOMPARE(round_count(0.0, 7), int64_t{0});
  QCOMPARE(round_count(1.0, 7), int64_t{7});
  QCOMPARE(round_count(0.05, 10), int64_t{1});
}

PLUMAGE_TEST(per_class_counts_exact_for_all_ratios) {
  const PlanInputs in = uneven_inputs();
  for (double val : {0.0, 0.2}) {
    for (double r : ratios()) {
      RatioPlanConfig cfg;
      cfg.image_ratio = r;
      cfg.val_fraction = val;
      cfg.seed = 7;
      const RatioPlan p = make_ratio_plan(cfg, in);
      std::set<int64_t> seen;
      for (int64_t c = 0; c < in.num_classes; ++c) {
        const int64_t n_total = std::count(in.labels.begin(), in.labels.end(), c) - 2;
        QCOMPARE(p.class_train[c] + p.class_val[c], n_total);
        QCOMPARE(p.class_images[c], round_count(r, p.class_train[c]));
        QCOMPARE(p.class_images[c] + p.class_texts[c], p.class_train[c]);
        if (val == 0.0) QCOMPARE(p.class_val[c], int64_t{0});
        else QCOMPARE(p.class_val[c], n_total >= 2 ? std::min(std::max<int64_t>(1, round_count(val, n_total)), n_total - 1) : int64_t{0});
      }
      // Disjoint cover of the train rows; test rows are never used for training or validation.
      for (const auto* v : {&p.image_rows, &p.text_rows, &p.val_rows})
        for (int64_t row : *v) {
          QVERIFY(in.is_train[row]);
          QVERIFY(seen.insert(row).second);
        }
      QCOMPARE(static_cast<int64_t>(seen.size()), static_cast<int64_t>(std::count(in.is_train.begin(), in.is_train.end(), 1)));
      QCOMPARE(p.test_rows.size(), size_t{14});
    }
  }
}

PLUMAGE_TEST(per_class_ratios_override_global_ratio) {
  const PlanInputs in = uneven_inputs();
  RatioPlanConfig cfg;
  cfg.val_fraction = 0;
  cfg.per_class_ratios = {1.0, 0.5, 0.5, 0.1, 0.0, 0.3, 0.7};
  const RatioPlan p = make_ratio_plan(cfg, in);
  const std::vector<int64_t> expected = {1, 1, 2, 1, 0, 3, 21};
  QCOMPARE(p.class_images, expected);
  cfg.per_class_ratios.pop_back();
  QVERIFY_THROWS_WITH(make_ratio_plan(cfg, in), "6 per-class ratios for 7 classes");
}

PLUMAGE_TEST(smaller_ratio_keeps_a_subset_of_images) {
  const PlanInputs in = uneven_inputs();
  std::vector<int64_t> previous;
  for (double r : ratios()) {
    RatioPlanConfig cfg;
    cfg.image_ratio = r;
    cfg.seed = 3;
    const RatioPlan p = make_ratio_plan(cfg, in);
    QVERIFY(std::includes(p.image_rows.begin(), p.image_rows.end(), previous.begin(), previous.end()));
    previous = p.image_rows;
  }
}

PLUMAGE_TEST(global_mode_total_exact_and_class_counts_match_expectation) {
  const PlanInputs in = uneven_inputs();  // 58 train images
  const double r = 0.3;
  const int seeds = 600;
  std::vector<double> mean(in.num_classes, 0.0);
  bool differs_from_per_class = false;
  for (int s = 0; s < seeds; ++s) {
    RatioPlanConfig cfg;
    cfg.image_ratio = r;
    cfg.sampling = SamplingMode::Global;
    cfg.val_fraction = 0;
    cfg.seed = static_cast<uint64_t>(s);
    const RatioPlan p = make_ratio_plan(cfg, in);
    QCOMPARE(static_cast<int64_t>(p.image_rows.size()), round_count(r, 58));
    for (int64_t c = 0; c < in.num_classes; ++c) {
      mean[c] += static_cast<double>(p.class_images[c]) / seeds;
      if (p.class_images[c] != round_count(r, p.class_train[c])) differs_from_per_class = true;
    }
  }
  QVERIFY(differs_from_per_class);
  // Hypergeometric expectation: n_c * K / N; standard error well under 0.15 here.
  const double K = static_cast<double>(round_count(r, 58));
  const std::vector<double> sizes = {1, 2, 3, 5, 7, 10, 30};
  for (int64_t c = 0; c < in.num_classes; ++c) {
    const double expected = sizes[c] * K / 58.0;
    QVERIFY2(std::abs(mean[c] - expected) < 0.15 + 0.02 * sizes[c],
             "class " + std::to_string(c) + ": mean " + std::to_string(mean[c]) + " vs " + std::to_string(expected));
  }
}

PLUMAGE_TEST(same_seed_same_plan_other_seed_other_plan) {
  const PlanInputs in = uneven_inputs();
  RatioPlanConfig cfg;
  cfg.image_ratio = 0.5;
  cfg.seed = 11;
  const nlohmann::json a = make_ratio_plan(cfg, in), b = make_ratio_plan(cfg, in);
  QCOMPARE(a.dump(), b.dump());
  cfg.seed = 12;
  const nlohmann::json c = make_ratio_plan(cfg, in);
  QVERIFY(a.dump() != c.dump());
  // Validation split does not depend on the ratio.
  cfg.image_ratio = 0.9;
  const RatioPlan p1 = make_ratio_plan(cfg, in);
  cfg.image_ratio = 0.1;
  const RatioPlan p2 = make_ratio_plan(cfg, in);
  QCOMPARE(p1.val_rows, p2.val_rows);
}

PLUMAGE_TEST(reed_candidates_are_the_turned_images_captions) {
  test::SyntheticOptions o;
  o.classes = 4;
  o.captions_per_image = 3;
  o.descriptions_per_class = 2;
  const auto s = test::make_synthetic(o);
  const PlanInputs in = plan_inputs(s.images, &s.texts);
  RatioPlanConfig cfg;
  cfg.image_ratio = 0.4;
  cfg.text_source = TextSource::Reed;
  cfg.seed = 5;
  const RatioPlan p = make_ratio_plan(cfg, in);
  QCOMPARE(p.text_offsets.size(), p.text_rows.size() + 1);
  for (size_t i = 0; i < p.text_rows.size(); ++i) {
    QCOMPARE(p.text_candidates_of(i), int64_t{3});
    for (int64_t k = p.text_offsets[i]; k < p.text_offsets[i + 1]; ++k)
      QCOMPARE(in.text_image_ids[p.text_candidates[k]], in.image_ids[p.text_rows[i]]);
  }
  // One per epoch: one sample per turned image, chosen among its captions, reproducible.
  std::vector<int64_t> labels_e0, labels_again;
  const auto e0 = text_samples_for_epoch(p, in.labels, 0, &labels_e0);
  const auto e0_again = text_samples_for_epoch(p, in.labels, 0, &labels_again);
  const auto e1 = text_samples_for_epoch(p, in.labels, 1, nullptr);
  QCOMPARE(e0.size(), p.text_rows.size());
  QCOMPARE(e0, e0_again);
  QVERIFY(e0 != e1);
  for (size_t i = 0; i < e0.size(); ++i) {
    QCOMPARE(in.text_image_ids[e0[i]], in.image_ids[p.text_rows[i]]);
    QCOMPARE(labels_e0[i], in.labels[p.text_rows[i]]);
  }
  // All captions: every candidate once.
  cfg.caption_use = CaptionUse::All;
  const RatioPlan pa = make_ratio_plan(cfg, in);
  QCOMPARE(text_samples_for_epoch(pa, in.labels, 0, nullptr).size(), 3 * pa.text_rows.size());
  // The "image only" plan keeps the split and drops the texts.
  const RatioPlan io = image_only(p);
  QCOMPARE(io.image_rows, p.image_rows);
  QVERIFY(text_samples_for_epoch(io, in.labels, 0, nullptr).empty());
}

PLUMAGE_TEST(llm_candidates_are_the_class_descriptions) {
  test::SyntheticOptions o;
  o.classes = 3;
  o.descriptions_per_class = 4;
  const auto s = test::make_synthetic(o);
  const PlanInputs in = plan_inputs(s.images, &s.texts);
  RatioPlanConfig cfg;
  cfg.image_ratio = 0.2;
  cfg.text_source = TextSource::Llm;
  const RatioPlan p = make_ratio_plan(cfg, in);
  for (size_t i = 0; i < p.text_rows.size(); ++i) {
    QCOMPARE(p.text_candidates_of(i), int64_t{4});
    for (int64_t k = p.text_offsets[i]; k < p.text_offsets[i + 1]; ++k) {
      QCOMPARE(in.text_image_ids[p.text_candidates[k]], int64_t{-1});
      QCOMPARE(in.text_labels[p.text_candidates[k]], in.labels[p.text_rows[i]]);
    }
  }
}

PLUMAGE_TEST(bad_inputs_are_rejected_with_reasons) {
  PlanInputs in = uneven_inputs();
  RatioPlanConfig cfg;
  cfg.image_ratio = 1.5;
  QVERIFY_THROWS_WITH(make_ratio_plan(cfg, in), "image ratio must be in [0, 1]");
  cfg.image_ratio = 0.5;
  cfg.text_source = TextSource::Reed;
  QVERIFY_THROWS_WITH(make_ratio_plan(cfg, in), "has no captions");
  cfg.text_source = TextSource::Llm;
  QVERIFY_THROWS_WITH(make_ratio_plan(cfg, in), "has no class-level descriptions");
  cfg.text_source = TextSource::None;
  in.labels[3] = 9;
  QVERIFY_THROWS_WITH(make_ratio_plan(cfg, in), "has label 9 outside [0, 7)");
  in = uneven_inputs();
  in.is_train.pop_back();
  QVERIFY_THROWS_WITH(make_ratio_plan(cfg, in), "differ in length");
  QVERIFY_THROWS_WITH(parse_sampling_mode("stratified"), "unknown sampling mode 'stratified'");
}

PLUMAGE_TEST(plan_and_configs_round_trip_through_json) {
  const PlanInputs in = uneven_inputs();
  RatioPlanConfig cfg;
  cfg.image_ratio = 0.3;
  cfg.sampling = SamplingMode::Global;
  cfg.seed = 99;
  const RatioPlan p = make_ratio_plan(cfg, in);
  const nlohmann::json j = p;
  const RatioPlan back = j.get<RatioPlan>();
  QCOMPARE(nlohmann::json(back).dump(), j.dump());
  QCOMPARE(back.config.sampling, SamplingMode::Global);
  const nlohmann::json exported = plan_to_json(p, in.image_ids);
  QCOMPARE(exported["image_ids"].size(), p.image_rows.size());
  QCOMPARE(plan_counts_json(p)["images"].get<int64_t>(), static_cast<int64_t>(p.image_rows.size()));

  AdapterConfig a;
  a.optimizer = OptimizerKind::SGD;
  a.label_smoothing = 0.1;
  const AdapterConfig a2 = nlohmann::json(a).get<AdapterConfig>();
  QCOMPARE(nlohmann::json(a2).dump(), nlohmann::json(a).dump());
  ConverterConfig cc;
  cc.kind = ConverterKind::QFormer;
  cc.qformer.num_layers = 3;
  QCOMPARE(nlohmann::json(nlohmann::json(cc).get<ConverterConfig>()).dump(), nlohmann::json(cc).dump());
  // Partial objects keep defaults; bad values name the key.
  const AdapterConfig partial = nlohmann::json{{"epochs", 5}}.get<AdapterConfig>();
  QCOMPARE(partial.epochs, 5);
  QCOMPARE(partial.batch_size, 256);
  QVERIFY_THROWS_WITH(nlohmann::json({{"optimizer", "lbfgs"}}).get<AdapterConfig>(), "optimizer");
  QVERIFY_THROWS_WITH(nlohmann::json({{"epochs", "ten"}}).get<AdapterConfig>(), "epochs");
  QVERIFY_THROWS_WITH(nlohmann::json::array().get<ConverterConfig>(), "converter config must be a JSON object");
  QVERIFY_THROWS_WITH(nlohmann::json({{"qformer", {{"pooling", "max"}}}}).get<ConverterConfig>(), "pooling");

  // Results and the other configs: every field written is read back.
  LinearProbeResult lp;
  lp.weight_decays = {0.0, 1e-3};
  lp.val_top1 = {0.5, 0.75};
  lp.chosen_weight_decay = 1e-3;
  lp.chosen.best_epoch = 7;
  lp.chosen.test.top1 = 0.8;
  lp.chosen.test.per_class = {0.7, 0.9};
  lp.chosen.test.confusion = {{1, 0}, {0, 1}};
  lp.chosen.history = {{1, "train_loss", 2.5}, {1, "val_top1", 0.4}};
  const nlohmann::json lj = lp;
  QCOMPARE(nlohmann::json(lj.get<LinearProbeResult>()).dump(), lj.dump());
  QCOMPARE(lj["chosen"]["history"][1]["key"].get<std::string>(), std::string("val_top1"));
  LinearProbeConfig lc;
  lc.weight_decays = {0.1};
  lc.adapter.head = AdapterHead::Residual;
  QCOMPARE(nlohmann::json(nlohmann::json(lc).get<LinearProbeConfig>()).dump(), nlohmann::json(lc).dump());
  QCOMPARE(nlohmann::json(lc)["adapter"]["head"].get<std::string>(), std::string(to_string(AdapterHead::Residual)));
  ConverterResult cr;
  cr.config = cc;
  cr.val.cosine = 0.6;
  cr.val.r_at_5 = 0.9;
  cr.steps = 12;
  QCOMPARE(nlohmann::json(nlohmann::json(cr).get<ConverterResult>()).dump(), nlohmann::json(cr).dump());
}

PLUMAGE_TEST(per_class_ratios_from_json_by_name_index_or_array) {
  const std::vector<std::string> names = {"a", "b", "c"};
  auto r = per_class_ratios_from_json(nlohmann::json{{"b", 0.2}, {"2", 0.7}}, names, 0.5);
  QCOMPARE(r, (std::vector<double>{0.5, 0.2, 0.7}));
  r = per_class_ratios_from_json(nlohmann::json::array({0.1, 0.2, 0.3}), names, 1.0);
  QCOMPARE(r, (std::vector<double>{0.1, 0.2, 0.3}));
  QVERIFY_THROWS_WITH(per_class_ratios_from_json(nlohmann::json{{"zebra", 0.2}}, names, 0.5), "'zebra'");
  QVERIFY_THROWS_WITH(per_class_ratios_from_json(nlohmann::json::array({0.1}), names, 0.5), "1 entries for 3 classes");
}

PLUMAGE_TEST_MAIN()

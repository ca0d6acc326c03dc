// Closed-form converters (identity, mean shift, noise, ridge), their shared
// diagnostics, checkpoints, and the feature-file loaders' validation.
#include "core/engine/safetensors.h"
#include "core/engine/train/converter.h"
#include "core/engine/train/feature_sets.h"
#include "lite_test.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <fstream>

using namespace plumage;
using namespace plumage::train;

namespace {

// Image features [N,E]; one text per image: text = image R + offset + noise
// (a linear relation with a modality gap).
struct Pairs {
  ImageFeatureSet images;
  TextFeatureSet texts;
};

Pairs linear_pairs(int64_t n = 400, int64_t e = 16, double noise = 0.01) {
  at::Generator g = at::make_generator<at::CPUGeneratorImpl>(3);
  Pairs p;
  p.images.features = at::randn({n, e}, g);
  p.images.labels = at::arange(n, at::kLong) % 4;
  p.images.is_train = at::ones({n}, at::kByte);
  p.images.image_ids = at::arange(n, at::kLong) + 100;
  p.images.class_names = {"a", "b", "c", "d"};
  p.images.path = "images.safetensors";
  const at::Tensor r = at::randn({e, e}, g) / 4.0;
  p.texts.features = at::mm(p.images.features, r) + 2.0 + noise * at::randn({n, e}, g);
  p.texts.labels = p.images.labels.clone();
  p.texts.image_ids = p.images.image_ids.clone();
  p.texts.text_index = at::arange(n, at::kLong);
  p.texts.source = "synthetic";
  p.texts.path = "texts.safetensors";
  return p;
}

ConverterConfig config(ConverterKind kind) {
  ConverterConfig c;
  c.kind = kind;
  c.normalize = false;
  c.ridge_lambda = 1e-6;
  c.val_fraction = 0.25;
  c.device = "cpu";
  return c;
}

std::string tmp(const std::string& name) {
  static const std::string dir = test::temp_dir();
  return dir + "/" + name;
}

}  // namespace

PLUMAGE_TEST(ridge_recovers_a_linear_map_and_beats_identity_and_mean_shift) {
  const Pairs p = linear_pairs();
  const auto ridge = train_converter(config(ConverterKind::Ridge), p.images, p.texts);
  const auto ident = train_converter(config(ConverterKind::Identity), p.images, p.texts);
  const auto shift = train_converter(config(ConverterKind::MeanShift), p.images, p.texts);
  QCOMPARE(ridge.result.val.pairs, int64_t{100});
  QCOMPARE(ridge.result.train.pairs, int64_t{300});
  QVERIFY2(ridge.result.val.cosine > 0.99, std::to_string(ridge.result.val.cosine));
  QVERIFY(ridge.result.val.r_at_1 > 0.95);
  QVERIFY(ridge.result.val.cosine > shift.result.val.cosine);
  QVERIFY(ridge.result.val.r_at_5 >= ridge.result.val.r_at_1);
  // Mean shift closes the gap between the centroids that identity leaves.
  QVERIFY(shift.result.train.modality_gap < 0.5 * ident.result.train.modality_gap);
}

PLUMAGE_TEST(noise_converter_is_seeded_and_has_the_requested_spread) {
  Pairs p = linear_pairs(2000);
  ConverterConfig c = config(ConverterKind::Noise);
  c.noise_sigma = 0.1;
  const auto a = train_converter(c, p.images, p.texts);
  const at::Tensor x = a.converter->convert_all(p.texts), y = a.converter->convert_all(p.texts);
  QVERIFY(at::equal(x, y));
  const double sd = (x - p.texts.features).std().item<double>();
  QVERIFY2(std::abs(sd - 0.1) < 0.005, std::to_string(sd));
}

PLUMAGE_TEST(diagnostics_of_a_perfect_conversion) {
  const Pairs p = linear_pairs(50);
  const at::Tensor rows = at::arange(50, at::kLong);
  const ConversionDiagnostics d = conversion_diagnostics(p.images.features, rows, p.images.features, false);
  QVERIFY(std::abs(d.cosine - 1.0) < 1e-6);
  QCOMPARE(d.r_at_1, 1.0);
  QCOMPARE(d.mse, 0.0);
  QCOMPARE(d.images, int64_t{50});
  QVERIFY(d.modality_gap < 1e-6);
  // Swapping two conversions drops exactly those two from R@1.
  at::Tensor swapped = p.images.features.clone();
  swapped[0].copy_(p.images.features[1]);
  swapped[1].copy_(p.images.features[0]);
  QCOMPARE(conversion_diagnostics(swapped, rows, p.images.features, false).r_at_1, 48.0 / 50.0);
}

PLUMAGE_TEST(checkpoints_round_trip_exactly) {
  const Pairs p = linear_pairs();
  for (auto kind : {ConverterKind::Identity, ConverterKind::MeanShift, ConverterKind::Noise, ConverterKind::Ridge}) {
    const auto t = train_converter(config(kind), p.images, p.texts, tmp(std::string(to_string(kind)) + ".safetensors"));
    ConverterResult stored;
    const auto back = load_converter(tmp(std::string(to_string(kind)) + ".safetensors"), &stored);
    QCOMPARE(back->kind(), kind);
    QVERIFY2(at::equal(back->convert_all(p.texts), t.converter->convert_all(p.texts)), to_string(kind));
    QCOMPARE(stored.val.cosine, t.result.val.cosine);
  }
  st::save(tmp("not_a_converter.safetensors"), {{"x", at::zeros({1})}});
  QVERIFY_THROWS_WITH(load_converter(tmp("not_a_converter.safetensors")), "not a Plumage converter checkpoint");
}

PLUMAGE_TEST(pairs_need_known_images) {
  Pairs p = linear_pairs(20);
  p.texts.image_ids[3] = 999999;
  QVERIFY_THROWS_WITH(train_converter(config(ConverterKind::Ridge), p.images, p.texts), "refers to image id 999999");
  p.texts.image_ids.fill_(-1);
  QVERIFY_THROWS_WITH(train_converter(config(ConverterKind::Ridge), p.images, p.texts), "no text is paired");
  const Pairs q = linear_pairs(20);
  QVERIFY_THROWS_WITH(train_converter(config(ConverterKind::QFormer), q.images, q.texts), "needs token features");
}

PLUMAGE_TEST(feature_files_load_and_bad_files_are_named) {
  Pairs p = linear_pairs(10, 4);
  p.texts.tokens = at::randn({10, 5, 3});
  p.texts.lengths = at::full({10}, 5, at::kLong);
  save_image_features(tmp("img.safetensors"), p.images);
  save_text_features(tmp("txt.safetensors"), p.texts);
  const ImageFeatureSet img = load_image_features(tmp("img.safetensors"));
  QVERIFY(at::equal(img.features, p.images.features));
  QCOMPARE(img.class_names, p.images.class_names);
  const TextFeatureSet txt = load_text_features(tmp("txt.safetensors"), 4);
  QVERIFY(at::equal(txt.tokens, p.texts.tokens));
  QVERIFY_THROWS_WITH(load_text_features(tmp("txt.safetensors"), 3), "outside [0, 3)");
  // float16 tokens (as extraction may store them) are read as float32.
  p.texts.tokens = p.texts.tokens.to(at::kHalf);
  save_text_features(tmp("half.safetensors"), p.texts);
  QCOMPARE(load_text_features(tmp("half.safetensors")).tokens.scalar_type(), at::kFloat);
  // The writer applies the reader's checks: nothing invalid reaches the disk.
  ImageFeatureSet dup = p.images;
  dup.image_ids = at::zeros_like(dup.image_ids);
  QVERIFY_THROWS_WITH(save_image_features(tmp("dup.safetensors"), dup), "'image_ids' has duplicate id 0");
  QVERIFY(!std::ifstream(tmp("dup.safetensors")).good());

  auto write = [&](const std::string& name, st::NamedTensors t, std::map<std::string, std::string> meta) {
    st::save(tmp(name), t, meta);
    return tmp(name);
  };
  const std::string format = kFeatureFormatName;
  const std::map<std::string, std::string> meta = {{"format", format}, {"kind", "image"}, {"class_names", "[\"a\",\"b\"]"}};
  const at::Tensor f = at::zeros({3, 2}), y = at::tensor({0, 1, 1}, at::kLong), tr = at::ones({3}, at::kByte),
                   ids = at::arange(3, at::kLong);
  QVERIFY_THROWS_WITH(load_image_features(write("m.safetensors", {{"features", f}, {"labels", y}, {"is_train", tr}}, meta)),
                      "missing tensor 'image_ids'");
  QVERIFY_THROWS_WITH(load_image_features(write("s.safetensors",
                                                {{"features", f}, {"labels", y}, {"is_train", tr}, {"image_ids", at::arange(4, at::kLong)}},
                                                meta)),
                      "'image_ids' has shape [4], expected [3]");
  QVERIFY_THROWS_WITH(load_image_features(write("l.safetensors",
                                                {{"features", f}, {"labels", at::tensor({0, 2, 1}, at::kLong)}, {"is_train", tr}, {"image_ids", ids}},
                                                meta)),
                      "row 1 has label 2 outside [0, 2)");
  QVERIFY_THROWS_WITH(load_image_features(write("k.safetensors", {{"features", f}, {"labels", y}, {"is_train", tr}, {"image_ids", ids}},
                                                {{"format", format}, {"kind", "text"}, {"class_names", "[\"a\",\"b\"]"}})),
                      "metadata 'kind' is 'text'");
  QVERIFY_THROWS_WITH(load_image_features(write("c.safetensors", {{"features", f}, {"labels", y}, {"is_train", tr}, {"image_ids", ids}},
                                                {{"format", format}, {"kind", "image"}})),
                      "'class_names' is missing");
  QVERIFY_THROWS_WITH(load_text_features(write("t.safetensors",
                                               {{"features", f}, {"labels", y}, {"image_ids", ids}, {"text_index", ids}, {"tokens", at::zeros({3, 4, 2})}},
                                               {{"format", format}, {"kind", "text"}})),
                      "'tokens' and 'lengths' must come together");
  QVERIFY_THROWS_WITH(load_image_features(tmp("l.safetensors")), "l.safetensors");  // the file is named
}

PLUMAGE_TEST_MAIN()

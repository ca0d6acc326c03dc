// PCA (known dominant direction, variance shares, sign convention, errors)
// and the per-pair conversion analysis against a trained ridge converter.
#include "core/engine/analysis/conversion_analysis.h"
#include "core/engine/analysis/pca.h"
#include "core/engine/train/converter.h"
#include "lite_test.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <limits>

using namespace plumage;
using namespace plumage::analysis;

namespace {

// Rows spread 10x more along `dir` (unit, [E]) than along any other axis.
at::Tensor dominant_direction_data(const at::Tensor& dir, int64_t n, uint64_t seed) {
  at::Generator g = at::make_generator<at::CPUGeneratorImpl>(seed);
  const int64_t e = dir.size(0);
  const at::Tensor t = at::randn({n, 1}, g) * 10.0;
  return t * dir.unsqueeze(0) + 0.5 * at::randn({n, e}, g) + 3.0;  // offset: centring matters
}

at::Tensor unit_direction(int64_t e) {
  at::Tensor d = at::zeros({e});
  d[1] = -3.0;  // largest-magnitude entry negative: the sign convention must flip it
  d[2] = 1.0;
  d[4] = 2.0;
  return d / d.norm();
}

}  // namespace

PLUMAGE_TEST(pca_finds_dominant_direction) {
  const at::Tensor dir = unit_direction(8);
  const Pca2d p = pca_2d(dominant_direction_data(dir, 500, 1));
  QCOMPARE(p.coords.size(0), int64_t(500));
  QCOMPARE(p.coords.size(1), int64_t(2));
  const double align = std::abs((p.components[0] * dir).sum().item<double>());
  QVERIFY2(align > 0.99, "first component not aligned with the dominant direction");
  // Components are orthonormal.
  const at::Tensor gram = at::mm(p.components, p.components.t());
  QVERIFY(at::allclose(gram, at::eye(2), 1e-4, 1e-4));
  QVERIFY(p.explained[0] > 0.8);
  QVERIFY(p.explained[1] < p.explained[0]);
  QVERIFY(p.explained[1] > 0.0);
  QVERIFY(p.explained[0] + p.explained[1] <= 1.0 + 1e-9);
  // Coordinates are centred.
  QVERIFY(p.coords.mean(0).abs().max().item<double>() < 1e-3);
}

PLUMAGE_TEST(pca_sign_convention_is_stable) {
  const at::Tensor dir = unit_direction(8);
  const at::Tensor x = dominant_direction_data(dir, 300, 2);
  const Pca2d a = pca_2d(x);
  const Pca2d b = pca_2d(-x);  // mirrored data: same directions, same signs
  for (int c = 0; c < 2; ++c) {
    const at::Tensor comp = a.components[c];
    const int64_t i = comp.abs().argmax().item<int64_t>();
    QVERIFY(comp[i].item<double>() > 0.0);
  }
  QVERIFY(at::allclose(a.components, b.components, 1e-4, 1e-4));
  QVERIFY(at::allclose(a.coords, -b.coords, 1e-3, 1e-3));
  // Scale: coordinates scale with the data, variance shares do not.
  const Pca2d s = pca_2d(x * 5.0);
  QVERIFY(at::allclose(s.coords, a.coords * 5.0, 1e-3, 1e-2));
  QVERIFY(std::abs(s.explained[0] - a.explained[0]) < 1e-9);
  // Projecting the fitted rows reproduces the coordinates.
  QVERIFY(at::allclose(pca_project(a, x), a.coords, 1e-3, 1e-3));
}

PLUMAGE_TEST(pca_exact_two_dimensional_data) {
  // Data in a 2-D subspace: the two components explain everything.
  at::Generator g = at::make_generator<at::CPUGeneratorImpl>(5);
  const at::Tensor basis = at::randn({2, 6}, g);
  const Pca2d p = pca_2d(at::mm(at::randn({50, 2}, g), basis));
  QVERIFY(std::abs(p.explained[0] + p.explained[1] - 1.0) < 1e-6);
}

PLUMAGE_TEST(pca_rejects_bad_input) {
  QVERIFY_THROWS_WITH(pca_2d(at::zeros({5})), "2-D");
  QVERIFY_THROWS_WITH(pca_2d(at::zeros({1, 4})), "at least 2 rows");
  QVERIFY_THROWS_WITH(pca_2d(at::zeros({4, 1})), "at least 2 columns");
  at::Tensor x = at::randn({4, 3});
  x[2][1] = std::numeric_limits<float>::quiet_NaN();
  QVERIFY_THROWS_WITH(pca_2d(x), "NaN");
  const Pca2d p = pca_2d(at::randn({4, 3}));
  QVERIFY_THROWS_WITH(pca_project(p, at::randn({2, 5})), "[M,3]");
  // Constant data: no variance, zero shares, no NaN.
  const Pca2d c = pca_2d(at::ones({4, 3}));
  QCOMPARE(c.explained[0], 0.0);
  QVERIFY(at::isfinite(c.coords).all().item<bool>());
}

PLUMAGE_TEST(row_cosines_match_definition) {
  const at::Tensor a = at::tensor({1.0f, 0.0f, 0.0f, 2.0f, 0.0f, 0.0f}).view({3, 2});
  const at::Tensor b = at::tensor({1.0f, 1.0f, 0.0f, -3.0f, 1.0f, 1.0f}).view({3, 2});
  const at::Tensor c = row_cosines(a, b);
  QVERIFY(std::abs(c[0].item<double>() - std::sqrt(0.5)) < 1e-6);
  QVERIFY(std::abs(c[1].item<double>() + 1.0) < 1e-6);
  QCOMPARE(c[2].item<double>(), 0.0);  // zero row
  QVERIFY_THROWS_WITH(row_cosines(a, at::zeros({2, 2})), "same shape");
}

PLUMAGE_TEST(conversion_analysis_of_ridge_converter) {
  at::Generator g = at::make_generator<at::CPUGeneratorImpl>(3);
  const int64_t n = 200, e = 12;
  train::ImageFeatureSet images;
  images.features = at::randn({n, e}, g);
  images.labels = at::arange(n, at::kLong) % 4;
  images.is_train = at::ones({n}, at::kByte);
  images.image_ids = at::arange(n, at::kLong) + 100;
  images.class_names = {"a", "b", "c", "d"};
  images.path = "images.safetensors";
  train::TextFeatureSet texts;
  texts.features = at::mm(images.features, at::randn({e, e}, g) / 4.0) + 2.0 + 0.01 * at::randn({n, e}, g);
  texts.labels = images.labels.clone();
  texts.image_ids = images.image_ids.clone();
  texts.image_ids[0] = -1;  // a class-level text: not paired
  texts.text_index = at::arange(n, at::kLong);
  texts.path = "texts.safetensors";

  train::ConverterConfig cfg;
  cfg.kind = train::ConverterKind::Ridge;
  cfg.device = "cpu";
  const auto ridge = train::train_converter(cfg, images, texts);
  const ConversionAnalysis a = analyze_conversion(*ridge.converter, images, texts);
  QCOMPARE(a.pairs.text_rows.size(0), n - 1);
  QCOMPARE(a.pairs.text_rows[0].item<int64_t>(), int64_t(1));
  QCOMPARE(a.cosines.size(0), n - 1);
  QCOMPARE(a.diagnostics.pairs, n - 1);
  // The histogram values average to the aggregate cosine.
  QVERIFY(std::abs(a.cosines.mean().item<double>() - a.diagnostics.cosine) < 1e-5);
  QVERIFY(a.diagnostics.cosine > 0.75);
  QVERIFY(a.diagnostics.r_at_1 > 0.7);
  QVERIFY(a.diagnostics.r_at_5 >= a.diagnostics.r_at_1);

  // Identity across a modality gap: lower cosine, larger gap.
  cfg.kind = train::ConverterKind::Identity;
  const auto ident = train::train_converter(cfg, images, texts);
  const ConversionAnalysis b = analyze_conversion(*ident.converter, images, texts);
  QVERIFY(b.diagnostics.cosine < a.diagnostics.cosine);
  QVERIFY(b.diagnostics.modality_gap > a.diagnostics.modality_gap);

  texts.image_ids[5] = 999999;
  QVERIFY_THROWS_WITH(analyze_conversion(*ridge.converter, images, texts), "text row 5 refers to image id 999999");
  texts.image_ids.fill_(-1);
  QVERIFY_THROWS_WITH(analyze_conversion(*ridge.converter, images, texts), "no text row is paired");
}

PLUMAGE_TEST_MAIN()

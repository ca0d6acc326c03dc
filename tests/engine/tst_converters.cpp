// Closed-form converters (identity, mean shift, noise, ridge), their shared
// diagnostics, checkpoints, and the feature-file loaders' validation.
#include "core/engine/safetensors.h"
#include "core/engine/train/converter.h"
#include "core/engine/train/feature_sets.h"
#include "core/engine/train/json.h"
#include "lite_test.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <fstream>
#include <set>
#include <sstream>

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
  // float16 tokens (what extraction stores by default) stay float16 as
  // stored; each batch is widened when it is gathered (qformer_batch).
  p.texts.tokens = p.texts.tokens.to(at::kHalf);
  save_text_features(tmp("half.safetensors"), p.texts);
  const TextFeatureSet half = load_text_features(tmp("half.safetensors"));
  QCOMPARE(half.tokens.scalar_type(), at::kHalf);
  QVERIFY(at::equal(half.tokens.to(at::kFloat), p.texts.tokens.to(at::kFloat)));
  // So does the converter's pair loader (train-converter, the GUI's dialog).
  QCOMPARE(load_pair_text_features(tmp("half.safetensors")).tokens.scalar_type(), at::kHalf);
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

namespace {

// A CUB-shaped set: image ids and the train/test split as listed (`split`:
// id -> is_train), `captions` Reed-style texts for every image, train and
// test alike (as Reed's text_c10 has them).
Pairs cub_shaped(const std::vector<std::pair<int64_t, int>>& split, int captions) {
  const auto n = static_cast<int64_t>(split.size());
  at::Generator g = at::make_generator<at::CPUGeneratorImpl>(5);
  Pairs p;
  std::vector<int64_t> ids;
  std::vector<uint8_t> train;
  for (const auto& [id, t] : split) {
    ids.push_back(id);
    train.push_back(static_cast<uint8_t>(t));
  }
  p.images.features = at::randn({n, 8}, g);
  p.images.labels = at::arange(n, at::kLong) % 2;
  p.images.is_train = at::tensor(c10::ArrayRef<uint8_t>(train)).to(at::kByte);
  p.images.image_ids = at::tensor(c10::ArrayRef<int64_t>(ids), at::kLong);
  p.images.class_names = {"a", "b"};
  p.images.path = "cub_images.safetensors";
  const at::Tensor rows = at::arange(n, at::kLong).repeat_interleave(captions);
  p.texts.features = p.images.features.index_select(0, rows) + 0.1 * at::randn({rows.size(0), 8}, g);
  p.texts.labels = p.images.labels.index_select(0, rows);
  p.texts.image_ids = p.images.image_ids.index_select(0, rows);
  p.texts.text_index = at::arange(rows.size(0), at::kLong);
  p.texts.source = "reed";
  p.texts.path = "reed.safetensors";
  return p;
}

// The image rows of every pair (train and validation).
std::vector<int64_t> paired_image_rows(const ConverterPairs& p) {
  const at::Tensor all = at::cat({p.train_image, p.val_image}).contiguous();
  return std::vector<int64_t>(all.data_ptr<int64_t>(), all.data_ptr<int64_t>() + all.numel());
}

void check_split_use(const Pairs& p, int captions) {
  const at::Tensor is_train = p.images.is_train.to(at::kLong);
  const int64_t n_train = is_train.sum().item<int64_t>(), n_test = p.images.size() - n_train;
  QVERIFY(n_test > 0);
  ConverterConfig c = config(ConverterKind::Ridge);
  // Default: no pair has a test image.
  const ConverterPairs only_train = converter_pairs(c, p.images, p.texts);
  for (int64_t row : paired_image_rows(only_train))
    QVERIFY2(is_train[row].item<int64_t>() == 1, "test image row " + std::to_string(row) + " is in the pairs");
  QCOMPARE(only_train.train_text.size(0) + only_train.val_text.size(0), n_train * captions);
  QCOMPARE(only_train.test_pairs_left_out, n_test * captions);
  QCOMPARE(only_train.test_image_pairs, int64_t{0});
  // Asked for: the test images' pairs are in, and counted.
  c.include_test_images = true;
  const ConverterPairs all = converter_pairs(c, p.images, p.texts);
  std::set<int64_t> test_rows_seen;
  for (int64_t row : paired_image_rows(all))
    if (is_train[row].item<int64_t>() == 0) test_rows_seen.insert(row);
  QCOMPARE(static_cast<int64_t>(test_rows_seen.size()), n_test);
  QCOMPARE(all.test_image_pairs, n_test * captions);
  QCOMPARE(all.test_pairs_left_out, int64_t{0});
}

}  // namespace

PLUMAGE_TEST(converter_pairs_leave_out_test_images_unless_asked) {
  std::vector<std::pair<int64_t, int>> split;
  for (int64_t id = 1; id <= 60; ++id) split.emplace_back(id, id % 3 != 0);
  check_split_use(cub_shaped(split, 3), 3);
}

PLUMAGE_TEST(cub_split_converter_pairs_have_no_test_image_unless_asked) {
  // The real CUB split file (the shared subset: 2,290 images of 40 classes).
  const std::string path = test::shared_data("cub200-subset/train_test_split.txt");
  if (path.empty()) QSKIP("../shared/data/cub200-subset is absent");
  std::ifstream in(path);
  std::vector<std::pair<int64_t, int>> split;
  for (std::string line; std::getline(in, line);) {
    std::istringstream ls(line);
    int64_t id = 0;
    int t = 0;
    if (ls >> id >> t) split.emplace_back(id, t);
  }
  QVERIFY(split.size() > 1000);
  check_split_use(cub_shaped(split, 10), 10);
}

PLUMAGE_TEST(converter_records_its_training_data_in_the_checkpoint) {
  std::vector<std::pair<int64_t, int>> split;
  for (int64_t id = 1; id <= 40; ++id) split.emplace_back(id, id % 4 != 0);
  Pairs p = cub_shaped(split, 2);
  p.images.metadata["model"] = R"({"name":"ViT-B/16","weights_hash":"aaaa1111bbbb2222"})";
  p.texts.metadata["model"] = p.images.metadata["model"];
  ConverterTrainingData given;
  given.image_hash = "sha256:img";
  given.text_hash = "sha256:txt";
  const std::string path = tmp("recorded.safetensors");
  const auto trained = train_converter(config(ConverterKind::Ridge), p.images, p.texts, path, {}, nullptr, given);
  ConverterResult stored;
  load_converter(path, &stored);
  const ConverterTrainingData& d = stored.training_data;
  QCOMPARE(d.split, std::string("train"));
  QCOMPARE(d.train_pairs + d.val_pairs, int64_t{60});
  QCOMPARE(d.train_pairs, stored.train.pairs);
  QCOMPARE(d.test_pairs_left_out, int64_t{20});
  QCOMPARE(d.image_hash, std::string("sha256:img"));
  QCOMPARE(d.text_hash, std::string("sha256:txt"));
  QCOMPARE(d.image_file, std::string("cub_images.safetensors"));
  QCOMPARE(d.model, std::string("ViT-B/16"));
  QCOMPARE(d.weights_hash, std::string("aaaa1111bbbb2222"));
  QVERIFY(!stored.config.include_test_images);
  // An older checkpoint (no record) still loads, with the split unknown.
  nlohmann::json old_result = nlohmann::json(stored);
  old_result.erase("training_data");
  old_result["config"].erase("include_test_images");
  const std::string old = tmp("old.safetensors");
  st::save(old, trained.converter->state(),
           {{"plumage.kind", "converter"}, {"converter", "ridge"}, {"config", old_result["config"].dump()},
            {"result", old_result.dump()}});
  ConverterResult old_back;
  QVERIFY(load_converter(old, &old_back) != nullptr);
  QVERIFY(old_back.training_data.split.empty());
}

PLUMAGE_TEST(converter_refuses_features_of_two_clip_models) {
  Pairs p = linear_pairs(40);
  p.images.metadata["model"] = R"({"name":"ViT-B/16","weights_hash":"aaaa1111bbbb2222"})";
  p.texts.metadata["model"] = R"({"name":"ViT-B/32","weights_hash":"cccc3333dddd4444"})";
  QVERIFY_THROWS_WITH(train_converter(config(ConverterKind::Ridge), p.images, p.texts), "ViT-B/32");
  QVERIFY_THROWS_WITH(train_converter(config(ConverterKind::Ridge), p.images, p.texts), "images.safetensors");
  // Unknown on one side (made elsewhere): allowed.
  p.texts.metadata["model"] = "some-clip";
  QVERIFY(train_converter(config(ConverterKind::Ridge), p.images, p.texts).converter != nullptr);
}

PLUMAGE_TEST_MAIN()

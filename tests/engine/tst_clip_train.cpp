// Contrastive CLIP training (clip/clip_train.h): the training forward equals
// encode_*, the loss falls on a toy set and the trained model matches images
// to their captions, training leaves the initial weights (and encode_* on
// them) untouched, the saved file loads with its record, bad input is refused.
#include "core/engine/clip/clip_train.h"

#include "tst_clip_util.h"

#include <nlohmann/json.hpp>

using namespace plumage;

namespace {

clip::ClipConfig toy_config() {
  clip::ClipConfig c;
  c.embed_dim = 16;
  c.image_resolution = 16;
  c.vision_patch_size = 4;
  c.vision_width = 32;
  c.vision_layers = 1;
  c.vision_heads = 2;
  c.vision_mlp_width = 64;
  c.context_length = 8;
  c.vocab_size = 12;
  c.text_width = 32;
  c.text_heads = 2;
  c.text_layers = 1;
  c.text_mlp_width = 64;
  c.validate();
  return c;
}

// Four "species": a colored square in one quadrant; captions name the color
// (token 1+class) and a filler word, with SOT 10 and EOT 11.
clip::ClipTrainData toy_data(int per_class) {
  const int n = 4 * per_class;
  clip::ClipTrainData d;
  d.pixels = at::randn({n, 3, 16, 16}, at::TensorOptions().dtype(at::kFloat)) * 0.3;
  d.captions = at::zeros({n, 2, 8}, at::kLong);
  for (int i = 0; i < n; ++i) {
    const int c = i % 4;
    d.pixels[i].narrow(0, c % 3, 1).narrow(1, (c / 2) * 8, 8).narrow(2, (c % 2) * 8, 8).add_(2.0);
    for (int k = 0; k < 2; ++k) {
      auto row = d.captions[i][k];
      row[0] = 10;
      row[1] = 1 + c;
      row[2] = 5 + k;
      row[3] = 11;
    }
  }
  return d;
}

clip::ClipTrainOptions toy_options() {
  clip::ClipTrainOptions o;
  o.epochs = 100;
  o.batch_size = 8;
  o.lr = 2e-3;
  o.shift = 1;
  o.seed = 3;
  return o;
}

}  // namespace

PLUMAGE_TEST(clip_training_forward_equals_encode) {
  const auto cfg = toy_config();
  const auto w = clip::random_clip_weights(cfg, 7);
  const clip::ClipModel model = clip::make_clip(cfg, w);
  const auto d = toy_data(2);
  const at::Tensor ids = d.captions.select(1, 0);
  CLIP_REQUIRE_CLOSE(clip::detail::train_encode_image(w, cfg, d.pixels), model.encode_image(d.pixels), 1e-5);
  CLIP_REQUIRE_CLOSE(clip::detail::train_encode_text(w, cfg, ids), model.encode_text(ids), 1e-5);
}

PLUMAGE_TEST(clip_training_lowers_the_loss_and_matches_images_to_captions) {
  at::manual_seed(0);
  const auto cfg = toy_config();
  const auto initial = clip::random_clip_weights(cfg, 1);
  const auto d = toy_data(6);
  std::vector<double> seen;
  const auto r = clip::train_clip(cfg, initial, d, toy_options(),
                                  [&](int epoch, int epochs, double loss) {
                                    QCOMPARE(epochs, 100);
                                    QCOMPARE(epoch, static_cast<int>(seen.size()) + 1);
                                    seen.push_back(loss);
                                  });
  QVERIFY(!r.cancelled);
  QCOMPARE(seen.size(), size_t(100));
  QCOMPARE(r.record.epochs, 100);
  QCOMPARE(r.record.pairs, int64_t(24));
  QCOMPARE(r.record.captions, int64_t(48));
  std::cout << "    loss " << r.record.first_loss << " -> " << r.record.final_loss << "\n";
  QVERIFY(r.record.final_loss < 0.5 * r.record.first_loss);
  // The trained weights, through the ordinary inference path: nearly every
  // image's nearest class caption is its own class's (chance: 6 of 24; the
  // initial random weights get no more than chance's neighbourhood).
  const clip::ClipModel m = clip::make_clip(cfg, r.state_dict), m0 = clip::make_clip(cfg, initial);
  at::Tensor class_ids = at::zeros({4, 8}, at::kLong);
  for (int c = 0; c < 4; ++c) {
    class_ids[c][0] = 10;
    class_ids[c][1] = 1 + c;
    class_ids[c][2] = 5;
    class_ids[c][3] = 11;
  }
  const at::Tensor truth = at::arange(24, at::kLong).remainder(4);
  const auto correct = [&](const clip::ClipModel& model) {
    return model.logits(model.encode_image(d.pixels), model.encode_text(class_ids)).argmax(1).eq(truth).sum().item<int64_t>();
  };
  const int64_t trained = correct(m), untrained = correct(m0);
  std::cout << "    images matched to their class caption: " << untrained << " -> " << trained << " of 24\n";
  QVERIFY(trained >= 20);
  QVERIFY(untrained <= 12);
}

PLUMAGE_TEST(clip_training_leaves_the_initial_weights_and_encode_untouched) {
  const auto cfg = toy_config();
  const auto initial = clip::random_clip_weights(cfg, 2);
  std::map<std::string, at::Tensor> before;
  for (const auto& [name, t] : initial) before[name] = t.clone();
  const clip::ClipModel model = clip::make_clip(cfg, initial);
  const auto d = toy_data(2);
  const at::Tensor img0 = model.encode_image(d.pixels), txt0 = model.encode_text(d.captions.select(1, 0));
  auto o = toy_options();
  o.epochs = 3;
  const auto r = clip::train_clip(cfg, initial, d, o);
  for (const auto& [name, t] : initial) QVERIFY2(at::equal(t, before.at(name)), name.c_str());
  QVERIFY(at::equal(model.encode_image(d.pixels), img0));
  QVERIFY(at::equal(model.encode_text(d.captions.select(1, 0)), txt0));
  // ... while the trained copy did move.
  QVERIFY(!at::equal(r.state_dict.at("visual.proj"), initial.at("visual.proj")));
  QVERIFY(!r.state_dict.at("visual.proj").requires_grad());
}

PLUMAGE_TEST(clip_training_saves_a_loadable_file_with_its_record) {
  const auto cfg = toy_config();
  auto o = toy_options();
  o.epochs = 2;
  const auto r = clip::train_clip(cfg, clip::random_clip_weights(cfg, 4), toy_data(2), o);
  const std::string path = test::temp_dir() + "/trained.safetensors";
  clip::save_trained_clip(path, cfg, r, "demo-trained-clip", {{"plumage.demo_key", "k1"}});
  const clip::ClipModel m = clip::load_clip(path);
  QVERIFY(m.config() == cfg);
  QVERIFY(!m.source().weights_hash.empty());
  QCOMPARE(m.source().config_source.find("metadata") != std::string::npos, true);
  st::File f(path);
  QCOMPARE(f.meta("plumage.kind"), std::string("demo-trained-clip"));
  QCOMPARE(f.meta("plumage.demo_key"), std::string("k1"));
  const auto rec = nlohmann::json::parse(f.meta("plumage.training"));
  QCOMPARE(rec["epochs"].get<int>(), 2);
  QCOMPARE(rec["pairs"].get<int>(), 8);
  QCOMPARE(rec["final_loss"].get<double>(), r.record.final_loss);
  QVERIFY(rec["seconds"].get<double>() > 0);
  const at::Tensor px = toy_data(2).pixels;
  CLIP_REQUIRE_CLOSE(m.encode_image(px), clip::make_clip(cfg, r.state_dict).encode_image(px), 0.0);
}

PLUMAGE_TEST(clip_training_refuses_bad_input_and_stops_when_cancelled) {
  const auto cfg = toy_config();
  const auto w = clip::random_clip_weights(cfg, 5);
  auto d = toy_data(2);
  d.captions[0][0][4] = 12;  // outside the vocabulary of 12
  QVERIFY_THROWS_WITH(clip::train_clip(cfg, w, d, toy_options()), "token id 12 is outside the vocabulary");
  d = toy_data(2);
  d.pixels = d.pixels.narrow(2, 0, 8);
  QVERIFY_THROWS_WITH(clip::train_clip(cfg, w, d, toy_options()), "pixels must be [N,3,16,16]");
  d = toy_data(2);
  auto o = toy_options();
  o.epochs = 0;
  QVERIFY_THROWS_WITH(clip::train_clip(cfg, w, d, o), "epochs >= 1");
  std::atomic<bool> cancel{true};
  const auto r = clip::train_clip(cfg, w, d, toy_options(), {}, &cancel);
  QVERIFY(r.cancelled);
  QVERIFY(r.state_dict.empty());
  QVERIFY_THROWS_WITH(clip::save_trained_clip(test::temp_dir() + "/x.safetensors", cfg, r), "cancelled");
}

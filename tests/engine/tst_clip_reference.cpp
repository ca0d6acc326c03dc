// Native CLIP against outputs of the reference Python implementations:
// OpenAI's model (tiny random-weight ViT) and transformers' CLIPModel (hf-tiny).
#include "core/engine/clip/xxhash64.h"
#include "tst_clip_util.h"

using namespace plumage;
using clip_test::rel_err;

PLUMAGE_TEST(reference_config_from_metadata) {
  const clip::ClipModel m = clip::load_clip(clip_test::tiny_weights());
  const clip::ClipConfig& c = m.config();
  QCOMPARE(m.source().format, clip::WeightFormat::OpenAiStateDict);
  QCOMPARE(c.embed_dim, int64_t{32});
  QCOMPARE(c.image_resolution, int64_t{64});
  QCOMPARE(c.vision_patch_size, int64_t{16});
  QCOMPARE(c.vision_width, int64_t{64});
  QCOMPARE(c.vision_layers, int64_t{2});
  QCOMPARE(c.vision_heads, int64_t{1});
  QCOMPARE(c.vision_mlp_width, int64_t{256});
  QCOMPARE(c.text_width, int64_t{64});
  QCOMPARE(c.text_heads, int64_t{4});  // metadata; width/64 would say 1
  QCOMPARE(c.text_layers, int64_t{2});
  QCOMPARE(c.context_length, int64_t{77});
  QCOMPARE(c.vocab_size, int64_t{49408});
  QVERIFY(c.activation == clip::Activation::QuickGelu);
  QVERIFY(m.source().config_source.find("metadata") != std::string::npos);
  QCOMPARE(m.source().stored_dtype, std::string("float32"));
  QCOMPARE(m.source().weights_hash.size(), size_t{16});
  int64_t params = 0;
  for (const auto& [name, t] : m.named_parameters()) params += t.numel();
  QCOMPARE(m.source().parameter_count, params);
}

PLUMAGE_TEST(reference_openai_features) {
  const clip::ClipModel m = clip::load_clip(clip_test::tiny_weights());
  st::File ref(clip_test::tiny_outputs());
  const at::Tensor img_rand = m.encode_image(ref.tensor("random_pixels"));
  const at::Tensor img_real = m.encode_image(ref.tensor("real_pixels"));
  const at::Tensor txt = m.encode_text(ref.tensor("text_token_ids"));
  CLIP_REQUIRE_CLOSE(img_rand, ref.tensor("random_pixels_image_features"), 1e-4);
  CLIP_REQUIRE_CLOSE(img_real, ref.tensor("real_pixels_image_features"), 1e-4);
  CLIP_REQUIRE_CLOSE(txt, ref.tensor("text_features"), 1e-4);
  CLIP_REQUIRE_CLOSE(m.logits(img_real, txt), ref.tensor("real_image_text_logits"), 1e-4);
}

PLUMAGE_TEST(text_tokens_match_pooled_features) {
  const clip::ClipModel m = clip::load_clip(clip_test::tiny_weights());
  st::File ref(clip_test::tiny_outputs());
  const at::Tensor ids = ref.tensor("text_token_ids");
  const clip::TextEncoding enc = m.encode_text_tokens(ids);
  QCOMPARE(enc.tokens.sizes().vec(), (std::vector<int64_t>{4, 77, 64}));
  QVERIFY(at::equal(enc.lengths, ids.argmax(-1) + 1));
  CLIP_REQUIRE_CLOSE(enc.features, ref.tensor("text_features"), 1e-4);
  // Pooled features computed over the trimmed batch equal the full pass.
  CLIP_REQUIRE_CLOSE(m.encode_text(ids), enc.features, 1e-6);
  // Pooling is the ln_final output at EOT times text_projection.
  at::Tensor projection;
  for (const auto& [name, t] : m.named_parameters())
    if (name == "text_projection") projection = t;
  QVERIFY(projection.defined());
  for (int64_t i = 0; i < ids.size(0); ++i) {
    const at::Tensor row = enc.tokens[i][enc.lengths[i].item<int64_t>() - 1];
    CLIP_REQUIRE_CLOSE(at::matmul(row, projection), enc.features[i], 1e-6);
  }
  // Rows are independent: a single text gives the same features as the batch.
  CLIP_REQUIRE_CLOSE(m.encode_text(ids.narrow(0, 1, 1)), enc.features.narrow(0, 1, 1), 1e-6);
  // Shorter input (only up to the last EOT) gives the same features.
  const int64_t used = (ids.argmax(-1).max().item<int64_t>() + 1);
  CLIP_REQUIRE_CLOSE(m.encode_text(ids.narrow(1, 0, used)), enc.features, 1e-6);
}

PLUMAGE_TEST(reference_huggingface_checkpoint) {
  const std::string dir = clip_test::reference("hf-tiny");
  const clip::ClipModel m = clip::load_clip(dir);  // a directory: model.safetensors + config.json
  QCOMPARE(m.source().format, clip::WeightFormat::HuggingFace);
  QCOMPARE(m.source().stored_dtype, std::string("float16"));
  QCOMPARE(m.config().embed_dim, int64_t{32});  // top-level projection_dim, not the sub-configs' 512
  QCOMPARE(m.config().text_heads, int64_t{4});
  QCOMPARE(m.config().vision_heads, int64_t{1});
  st::File ref(dir + "/reference.safetensors");
  const at::Tensor img = m.encode_image(ref.tensor("real_pixels"));
  const at::Tensor txt = m.encode_text(ref.tensor("text_token_ids"));
  CLIP_REQUIRE_CLOSE(img, ref.tensor("real_pixels_image_features"), 1e-4);
  CLIP_REQUIRE_CLOSE(txt, ref.tensor("text_features"), 1e-4);
  CLIP_REQUIRE_CLOSE(m.logits(img, txt), ref.tensor("real_image_text_logits"), 1e-4);
}

PLUMAGE_TEST(xxh64_known_values) {
  // Values from the xxHash reference implementation.
  QCOMPARE(clip::Xxh64().hex(), std::string("ef46db3751d8e999"));
  clip::Xxh64 abc;
  abc.update("abc");
  QCOMPARE(abc.hex(), std::string("44bc2cf5ad770999"));
  // Streaming in pieces equals one update, across the 32-byte stripes.
  std::string text;
  for (int i = 0; i < 100; ++i) text += static_cast<char>('a' + i % 26);
  clip::Xxh64 whole, parts;
  whole.update(text);
  for (size_t i = 0; i < text.size(); i += 7) parts.update(text.substr(i, 7));
  QCOMPARE(whole.hex(), parts.hex());
}

PLUMAGE_TEST_MAIN()

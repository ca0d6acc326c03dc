// Bad checkpoints and bad input: clear errors naming the file and tensor.
#include "tst_clip_util.h"

#include <torch/csrc/jit/api/module.h>

#include <filesystem>
#include <functional>
#include <iterator>

using namespace plumage;
namespace fs = std::filesystem;

namespace {

std::string save_variant(const std::string& name, const std::map<std::string, at::Tensor>& w,
                         bool with_config = true) {
  const std::string path = test::temp_dir() + "/" + name;
  std::map<std::string, std::string> meta;
  if (with_config) meta["config"] = clip_test::tiny_config_json();
  st::save(path, clip_test::named(w), meta);
  return path;
}

}  // namespace

PLUMAGE_TEST(error_missing_tensor) {
  auto w = clip_test::tiny_state_dict();
  w.erase("visual.ln_post.weight");
  const std::string path = save_variant("missing.safetensors", w);
  QVERIFY_THROWS_WITH(clip::load_clip(path), "missing tensor 'visual.ln_post.weight'");
  QVERIFY_THROWS_WITH(clip::load_clip(path), "missing.safetensors");
  // A tensor shape inference needs.
  w = clip_test::tiny_state_dict();
  w.erase("text_projection");
  QVERIFY_THROWS_WITH(clip::load_clip(save_variant("no_proj.safetensors", w)), "missing tensor 'text_projection'");
}

PLUMAGE_TEST(error_missing_tensor_names_hf_name) {
  const std::string dir = clip_test::reference("hf-tiny");
  st::File f(dir + "/model.safetensors");
  std::map<std::string, at::Tensor> w;
  for (auto& [name, t] : f.tensors())
    if (name != "vision_model.post_layernorm.weight" && name != "text_model.encoder.layers.1.self_attn.k_proj.bias")
      w[name] = t;
  const std::string out = test::temp_dir() + "/hf_missing";
  fs::create_directories(out);
  fs::copy_file(dir + "/config.json", out + "/config.json");
  st::save(out + "/model.safetensors", clip_test::named(w));
  QVERIFY_THROWS_WITH(clip::load_clip(out), "missing tensor 'text_model.encoder.layers.1.self_attn.k_proj.bias'");
  w["text_model.encoder.layers.1.self_attn.k_proj.bias"] = at::zeros({64}, at::kHalf);
  st::save(out + "/model.safetensors", clip_test::named(w));
  QVERIFY_THROWS_WITH(clip::load_clip(out), "missing tensor 'vision_model.post_layernorm.weight'");
}

PLUMAGE_TEST(error_wrong_shape) {
  auto w = clip_test::tiny_state_dict();
  w["visual.ln_post.bias"] = at::zeros({63});
  const std::string path = save_variant("shape.safetensors", w);
  QVERIFY_THROWS_WITH(clip::load_clip(path), "tensor 'visual.ln_post.bias' has shape [63], expected [64]");
  QVERIFY_THROWS_WITH(clip::load_clip(path), "shape.safetensors");
  // A layer with a different width in one block.
  w = clip_test::tiny_state_dict();
  w["transformer.resblocks.1.mlp.c_fc.weight"] = at::zeros({128, 64});
  QVERIFY_THROWS_WITH(clip::load_clip(save_variant("mlp.safetensors", w)),
                      "'transformer.resblocks.1.mlp.c_fc.weight' has shape [128, 64], expected [256, 64]");
}

PLUMAGE_TEST(error_unexpected_tensor) {
  auto w = clip_test::tiny_state_dict();
  w["visual.transformer.resblocks.0.attn.extra"] = at::zeros({2});
  QVERIFY_THROWS_WITH(clip::load_clip(save_variant("extra.safetensors", w)),
                      "unexpected tensor(s) for a ViT-64w2l/16@64 CLIP: 'visual.transformer.resblocks.0.attn.extra'");
}

PLUMAGE_TEST(error_config_disagrees_with_shapes) {
  auto w = clip_test::tiny_state_dict();
  const std::string path = save_variant("plain.safetensors", w, /*with_config=*/false);
  const std::string cfg = test::temp_dir() + "/wrong_config.json";
  clip_test::write_text(cfg, R"({"embed_dim": 512, "transformer_heads": 4})");
  clip::LoadOptions opts;
  opts.config_path = cfg;
  QVERIFY_THROWS_WITH(clip::load_clip(path, opts), "wrong_config.json says embed_dim = 512");
  clip_test::write_text(cfg, R"({"transformer_heads": 5})");
  QVERIFY_THROWS_WITH(clip::load_clip(path, opts), "not divisible by transformer_heads 5");
  clip_test::write_text(cfg, R"({"transformer_heads": "four"})");
  QVERIFY_THROWS_WITH(clip::load_clip(path, opts), "'transformer_heads' must be an integer");
  clip_test::write_text(cfg, "{not json");
  QVERIFY_THROWS_WITH(clip::load_clip(path, opts), "invalid JSON");
}

PLUMAGE_TEST(error_unknown_format) {
  const std::string path = test::temp_dir() + "/notes.txt";
  clip_test::write_text(path, "these are not weights\n");
  QVERIFY_THROWS_WITH(clip::load_clip(path), "unknown weight format");
  QVERIFY_THROWS_WITH(clip::load_clip(path), "notes.txt");
  // Valid safetensors, but not a CLIP.
  const std::string other = test::temp_dir() + "/other.safetensors";
  st::save(other, {{"encoder.weight", at::zeros({2, 2})}});
  QVERIFY_THROWS_WITH(clip::load_clip(other), "not a CLIP checkpoint in a known layout");
  QVERIFY_THROWS_WITH(clip::load_clip(test::temp_dir() + "/absent.pt"), "no such file");
  QVERIFY_THROWS_WITH(clip::load_clip(test::temp_dir()), "no model.safetensors");
  // A ResNet CLIP is named as such.
  const std::string rn = test::temp_dir() + "/rn50.safetensors";
  st::save(rn, {{"visual.layer1.0.conv1.weight", at::zeros({1})}, {"token_embedding.weight", at::zeros({2, 2})}});
  QVERIFY_THROWS_WITH(clip::load_clip(rn), "ResNet");
}

PLUMAGE_TEST(error_truncated_files) {
  const std::string src = clip_test::tiny_weights();
  std::ifstream in(src, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string cut = test::temp_dir() + "/truncated.safetensors";
  clip_test::write_text(cut, bytes.substr(0, bytes.size() / 2));
  QVERIFY_THROWS_WITH(clip::load_clip(cut), "truncated.safetensors");

  // A TorchScript archive cut short.
  torch::jit::Module m(c10::QualifiedName("__torch__.Tiny"));
  m.register_parameter("logit_scale", at::ones({}), false);
  const std::string full = test::temp_dir() + "/full.pt";
  m.save(full);
  std::ifstream pin(full, std::ios::binary);
  std::string pt((std::istreambuf_iterator<char>(pin)), std::istreambuf_iterator<char>());
  const std::string pt_cut = test::temp_dir() + "/truncated.pt";
  clip_test::write_text(pt_cut, pt.substr(0, pt.size() / 2));
  QVERIFY_THROWS_WITH(clip::load_clip(pt_cut), "truncated.pt");
  // A whole archive that lacks the CLIP tensors.
  QVERIFY_THROWS_WITH(clip::load_clip(full), "missing tensor 'visual.conv1.weight'");
}

PLUMAGE_TEST(error_bad_input) {
  const clip::ClipModel m = clip::load_clip(clip_test::tiny_weights());
  QVERIFY_THROWS_WITH(m.encode_image(at::zeros({1, 3, 32, 32})), "pixels must be [N,3,64,64], got [1, 3, 32, 32]");
  QVERIFY_THROWS_WITH(m.encode_image(at::zeros({1, 3, 64, 64}, at::kLong)), "floating point");
  QVERIFY_THROWS_WITH(m.encode_text(at::full({1, 77}, 49408, at::kLong)), "outside the vocabulary");
  QVERIFY_THROWS_WITH(m.encode_text(at::zeros({1, 78}, at::kLong)), "1 <= L <= 77");
  QVERIFY_THROWS_WITH(m.encode_text(at::zeros({1, 77})), "must be integers");
  QCOMPARE(m.encode_image(at::zeros({0, 3, 64, 64})).size(0), int64_t{0});
}

namespace {

// A copy of the reference HF-tiny folder whose tensors `edit` may change.
std::string hf_variant(const std::string& name,
                       const std::function<void(std::map<std::string, at::Tensor>&)>& edit) {
  const std::string dir = clip_test::reference("hf-tiny");
  st::File f(dir + "/model.safetensors");
  std::map<std::string, at::Tensor> w;
  for (auto& [n, t] : f.tensors()) w[n] = t.clone();
  edit(w);
  const std::string out = test::temp_dir() + "/" + name;
  fs::create_directories(out);
  fs::copy_file(dir + "/config.json", out + "/config.json", fs::copy_options::overwrite_existing);
  st::save(out + "/model.safetensors", clip_test::named(w));
  return out;
}

// What load_clip throws as a ClipLoadError ("" when it throws nothing or
// something else: a raw c10::Error is exactly what must not escape).
std::string load_error(const std::string& path, const clip::LoadOptions& opts = {}) {
  try {
    clip::load_clip(path, opts);
  } catch (const clip::ClipLoadError& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("not a ClipLoadError: ") + e.what();
  }
  return "no error";
}

std::string deep_json(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

// Issue 15, item 9: t() of a 3-D projection raised a raw c10::Error.
PLUMAGE_TEST(error_hf_projection_not_a_matrix) {
  for (const char* name : {"text_projection.weight", "visual_projection.weight"}) {
    const std::string dir = hf_variant(std::string("hf_3d_") + name, [&](std::map<std::string, at::Tensor>& w) {
      const at::Tensor p = w.at(name);
      w[name] = p.reshape({1, p.size(0), p.size(1)});
    });
    const std::string msg = load_error(dir);
    QVERIFY2(msg.find(std::string("tensor '") + name + "' has shape [1, ") != std::string::npos &&
                 msg.find("expected a 2-D matrix") != std::string::npos,
             msg);
  }
  const std::string dir = hf_variant("hf_scalar_q", [](std::map<std::string, at::Tensor>& w) {
    for (const char* p : {"q", "k", "v"})
      w["text_model.encoder.layers.0.self_attn." + std::string(p) + "_proj.bias"] = at::zeros({});
  });
  const std::string msg = load_error(dir);
  QVERIFY2(msg.find("'text_model.encoder.layers.0.self_attn.q_proj.bias' has shape []") != std::string::npos, msg);
}

// Issue 15, item 2: config files nested 100k deep are refused while read,
// naming the file (HF config.json, open_clip_config.json, --config, and a
// config in the safetensors metadata).
PLUMAGE_TEST(error_deep_config_json) {
  const std::string hf = hf_variant("hf_deep_config", [](std::map<std::string, at::Tensor>&) {});
  clip_test::write_text(hf + "/config.json", R"({"model_type": "clip", "text_config": )" + deep_json(100'000) + "}");
  std::string msg = load_error(hf);
  QVERIFY2(msg.find(hf + "/config.json:1: JSON nested deeper than 64 levels at byte") == 0, msg);

  auto w = clip_test::tiny_state_dict();
  const std::string dir = test::temp_dir() + "/open_clip_deep";
  fs::create_directories(dir);
  st::save(dir + "/model.safetensors", clip_test::named(w));
  clip_test::write_text(dir + "/open_clip_config.json", R"({"model_cfg": )" + deep_json(100'000) + "}");
  msg = load_error(dir + "/model.safetensors");
  QVERIFY2(msg.find("open_clip_config.json:1: JSON nested deeper than 64 levels") != std::string::npos, msg);

  clip::LoadOptions opts;
  opts.config_path = test::temp_dir() + "/deep_override.json";
  clip_test::write_text(opts.config_path, deep_json(100'000));
  msg = load_error(clip_test::tiny_weights(), opts);
  QVERIFY2(msg.find("deep_override.json:1: JSON nested deeper than 64 levels at byte 64") != std::string::npos, msg);

  const std::string meta = test::temp_dir() + "/deep_meta.safetensors";
  st::save(meta, clip_test::named(w), {{"config", deep_json(100'000)}});
  msg = load_error(meta);
  QVERIFY2(msg.find("(metadata 'config'):1: JSON nested deeper than 64 levels") != std::string::npos, msg);
}

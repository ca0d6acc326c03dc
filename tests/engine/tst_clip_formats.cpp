// Every weight format maps onto the same model: the OpenAI-named reference
// weights are rewritten here as a Hugging Face checkpoint, a TorchScript
// archive and an open_clip state dict, and all must give identical features.
#include "tst_clip_util.h"
#include "tst_torch_craft.h"

#include "core/engine/clip/torch_archive.h"

#include <torch/csrc/jit/api/module.h>

#include <filesystem>

using namespace plumage;
namespace fs = std::filesystem;

namespace {

struct Outputs {
  at::Tensor image, text;
  std::string hash;
};

Outputs run(const clip::ClipModel& m) {
  st::File ref(clip_test::tiny_outputs());
  return {m.encode_image(ref.tensor("real_pixels")), m.encode_text(ref.tensor("text_token_ids")),
          m.source().weights_hash};
}

void require_identical(const Outputs& a, const Outputs& b) {
  CLIP_REQUIRE_CLOSE(a.image, b.image, 1e-6);
  CLIP_REQUIRE_CLOSE(a.text, b.text, 1e-6);
  QCOMPARE(a.hash, b.hash);  // the hash does not depend on the container
}

// OpenAI naming -> transformers CLIPModel naming, as transformers'
// convert_clip_original_pytorch_to_hf.py does it.
std::map<std::string, at::Tensor> to_hf(const std::map<std::string, at::Tensor>& w, int64_t layers) {
  std::map<std::string, at::Tensor> hf;
  hf["vision_model.embeddings.class_embedding"] = w.at("visual.class_embedding");
  hf["vision_model.embeddings.patch_embedding.weight"] = w.at("visual.conv1.weight");
  hf["vision_model.embeddings.position_embedding.weight"] = w.at("visual.positional_embedding");
  hf["vision_model.pre_layrnorm.weight"] = w.at("visual.ln_pre.weight");
  hf["vision_model.pre_layrnorm.bias"] = w.at("visual.ln_pre.bias");
  hf["vision_model.post_layernorm.weight"] = w.at("visual.ln_post.weight");
  hf["vision_model.post_layernorm.bias"] = w.at("visual.ln_post.bias");
  hf["visual_projection.weight"] = w.at("visual.proj").t().contiguous();
  hf["text_model.embeddings.token_embedding.weight"] = w.at("token_embedding.weight");
  hf["text_model.embeddings.position_embedding.weight"] = w.at("positional_embedding");
  hf["text_model.final_layer_norm.weight"] = w.at("ln_final.weight");
  hf["text_model.final_layer_norm.bias"] = w.at("ln_final.bias");
  hf["text_projection.weight"] = w.at("text_projection").t().contiguous();
  hf["logit_scale"] = w.at("logit_scale");
  hf["text_model.embeddings.position_ids"] = at::arange(77).unsqueeze(0);
  for (const auto& [oa, tower] : {std::pair<std::string, std::string>{"visual.transformer.resblocks.", "vision_model"},
                                  std::pair<std::string, std::string>{"transformer.resblocks.", "text_model"}}) {
    for (int64_t i = 0; i < layers; ++i) {
      const std::string o = oa + std::to_string(i) + ".";
      const std::string h = tower + ".encoder.layers." + std::to_string(i) + ".";
      const auto qkv_w = w.at(o + "attn.in_proj_weight").chunk(3, 0);
      const auto qkv_b = w.at(o + "attn.in_proj_bias").chunk(3, 0);
      const char* parts[] = {"q_proj", "k_proj", "v_proj"};
      for (int p = 0; p < 3; ++p) {
        hf[h + "self_attn." + parts[p] + ".weight"] = qkv_w[p].contiguous();
        hf[h + "self_attn." + parts[p] + ".bias"] = qkv_b[p].contiguous();
      }
      hf[h + "self_attn.out_proj.weight"] = w.at(o + "attn.out_proj.weight");
      hf[h + "self_attn.out_proj.bias"] = w.at(o + "attn.out_proj.bias");
      hf[h + "layer_norm1.weight"] = w.at(o + "ln_1.weight");
      hf[h + "layer_norm1.bias"] = w.at(o + "ln_1.bias");
      hf[h + "layer_norm2.weight"] = w.at(o + "ln_2.weight");
      hf[h + "layer_norm2.bias"] = w.at(o + "ln_2.bias");
      hf[h + "mlp.fc1.weight"] = w.at(o + "mlp.c_fc.weight");
      hf[h + "mlp.fc1.bias"] = w.at(o + "mlp.c_fc.bias");
      hf[h + "mlp.fc2.weight"] = w.at(o + "mlp.c_proj.weight");
      hf[h + "mlp.fc2.bias"] = w.at(o + "mlp.c_proj.bias");
    }
  }
  return hf;
}

// A transformers-style config.json for the tiny model, including the stale
// projection_dim in the sub-configs that real checkpoints carry.
const char* kHfConfig = R"({
  "architectures": ["CLIPModel"], "model_type": "clip", "projection_dim": 32,
  "text_config": {"hidden_act": "quick_gelu", "hidden_size": 64, "intermediate_size": 256,
                  "max_position_embeddings": 77, "num_attention_heads": 4, "num_hidden_layers": 2,
                  "projection_dim": 512, "vocab_size": 49408, "layer_norm_eps": 1e-05},
  "vision_config": {"hidden_act": "quick_gelu", "hidden_size": 64, "image_size": 64,
                    "intermediate_size": 256, "num_attention_heads": 1, "num_hidden_layers": 2,
                    "patch_size": 16, "projection_dim": 512, "layer_norm_eps": 1e-05}
})";

// Parameters registered on nested torch::jit::Modules and saved: the same
// container shape as OpenAI's released .pt files (no graph needed to load).
void save_torchscript(const std::string& path, const std::map<std::string, at::Tensor>& w) {
  auto cu = std::make_shared<torch::jit::CompilationUnit>();
  int counter = 0;
  struct Node {
    std::map<std::string, Node> children;
    std::vector<std::pair<std::string, at::Tensor>> params;
  } root;
  for (const auto& [name, t] : w) {
    Node* n = &root;
    size_t start = 0, dot;
    while ((dot = name.find('.', start)) != std::string::npos) {
      n = &n->children[name.substr(start, dot - start)];
      start = dot + 1;
    }
    n->params.emplace_back(name.substr(start), t);
  }
  std::function<torch::jit::Module(const Node&)> build = [&](const Node& node) {
    torch::jit::Module m(c10::QualifiedName("__torch__.M" + std::to_string(counter++)), cu, true);
    for (const auto& [name, t] : node.params) m.register_parameter(name, t.to(at::kHalf), false);
    for (const auto& [name, child] : node.children) m.register_module(name, build(child));
    return m;
  };
  torch::jit::Module m = build(root);
  // OpenAI's archives also hold these as 0-dim buffers (build_model drops them).
  for (const char* key : {"input_resolution", "context_length", "vocab_size"})
    m.register_buffer(key, at::scalar_tensor(int64_t{64}, at::kLong));
  m.save(path);
}

// Reads the tiny model's safetensors file (without the safetensors package)
// and torch.save()s it: as an open_clip training checkpoint ({"epoch",
// "state_dict"} with DataParallel's "module." prefix), or as is.
const char* kResave = R"(import collections, json, struct, sys, torch
src, dst, mode = sys.argv[1:4]
raw = open(src, "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
header = json.loads(raw[8:8 + n])
dtypes = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "I64": torch.int64}
sd = collections.OrderedDict()
for name, info in header.items():
    if name == "__metadata__":
        continue
    begin, end = info["data_offsets"]
    data = bytearray(raw[8 + n + begin:8 + n + end])
    sd[name] = torch.frombuffer(data, dtype=dtypes[info["dtype"]]).reshape(info["shape"]).clone()
if mode == "open_clip":
    sd = {"epoch": 3, "name": "tiny", "state_dict": collections.OrderedDict(("module." + k, v) for k, v in sd.items())}
torch.save(sd, dst)
)";

void resave_with_python(const std::string& src, const std::string& dst, const std::string& mode) {
  const std::string py = torch_craft::require_python_torch();
  const std::string script = test::temp_dir() + "/resave.py";
  clip_test::write_text(script, kResave);
  const std::string cmd = py + " " + script + " " + src + " " + dst + " " + mode;
  QVERIFY2(std::system(cmd.c_str()) == 0, cmd);
}

}  // namespace

PLUMAGE_TEST(format_huggingface_from_openai) {
  const Outputs base = run(clip::load_clip(clip_test::tiny_weights()));
  const std::string dir = test::temp_dir() + "/hf";
  fs::create_directories(dir);
  st::save(dir + "/model.safetensors", clip_test::named(to_hf(clip_test::tiny_state_dict(), 2)));
  clip_test::write_text(dir + "/config.json", kHfConfig);
  const clip::ClipModel m = clip::load_clip(dir + "/model.safetensors");
  QCOMPARE(m.source().format, clip::WeightFormat::HuggingFace);
  QCOMPARE(m.config(), clip::load_clip(clip_test::tiny_weights()).config());
  require_identical(run(m), base);
}

PLUMAGE_TEST(format_torchscript_archive) {
  // The archive stores fp16, as OpenAI's releases do; compare against the
  // same weights rounded to fp16 in a safetensors state dict.
  std::map<std::string, at::Tensor> half;
  for (const auto& [name, t] : clip_test::tiny_state_dict()) half[name] = t.to(at::kHalf);
  const std::string dir = test::temp_dir() + "/ts";
  fs::create_directories(dir);
  st::save(dir + "/half.safetensors", clip_test::named(half), {{"config", clip_test::tiny_config_json()}});
  const Outputs base = run(clip::load_clip(dir + "/half.safetensors"));

  save_torchscript(dir + "/ViT-tiny.pt", clip_test::tiny_state_dict());
  // Read as data: every parameter by its dotted module path, as OpenAI's
  // names come out of module.named_parameters(), plus the 3 int buffers.
  const auto archive = clip::detail::read_torch_archive(dir + "/ViT-tiny.pt");
  QVERIFY(archive.torchscript);
  QCOMPARE(archive.tensors.size(), half.size() + 3);
  for (const auto& [name, t] : half) QVERIFY2(at::equal(archive.tensors.at(name), t), name);
  // OpenAI's .pt carries no config: heads come from width/64 (1 here), so
  // the tiny model's 4 text heads must be supplied.
  const clip::ClipModel inferred = clip::load_clip(dir + "/ViT-tiny.pt");
  QCOMPARE(inferred.source().format, clip::WeightFormat::OpenAiTorchScript);
  QCOMPARE(inferred.source().container, std::string("torchscript"));
  QCOMPARE(inferred.config().text_heads, int64_t{1});
  QCOMPARE(inferred.source().stored_dtype, std::string("float16"));
  clip_test::write_text(dir + "/config.json", clip_test::tiny_config_json());
  clip::LoadOptions opts;
  opts.config_path = dir + "/config.json";
  const clip::ClipModel m = clip::load_clip(dir + "/ViT-tiny.pt", opts);
  QCOMPARE(m.config().text_heads, int64_t{4});
  require_identical(run(m), base);
  // And close to the fp32 reference (fp16 rounding of the weights only).
  st::File ref(clip_test::tiny_outputs());
  CLIP_REQUIRE_CLOSE(m.encode_image(ref.tensor("real_pixels")), ref.tensor("real_pixels_image_features"), 2e-2);
}

PLUMAGE_TEST(format_open_clip_state_dict) {
  const Outputs base = run(clip::load_clip(clip_test::tiny_weights()));
  const std::string dir = test::temp_dir() + "/open_clip";
  fs::create_directories(dir);
  // A DataParallel-style "module." prefix, no metadata: the config comes
  // from open_clip_config.json beside the file.
  std::map<std::string, at::Tensor> prefixed;
  for (const auto& [name, t] : clip_test::tiny_state_dict()) prefixed["module." + name] = t;
  st::save(dir + "/open_clip_model.safetensors", clip_test::named(prefixed));
  clip_test::write_text(dir + "/open_clip_config.json", R"({
    "model_cfg": {"embed_dim": 32, "quick_gelu": true,
      "vision_cfg": {"image_size": 64, "layers": 2, "width": 64, "patch_size": 16},
      "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 64, "heads": 4, "layers": 2}},
    "preprocess_cfg": {"mean": [0.48145466, 0.4578275, 0.40821073]}})");
  const clip::ClipModel m = clip::load_clip(dir);
  QCOMPARE(m.source().format, clip::WeightFormat::OpenAiStateDict);
  QVERIFY(m.source().config_source.find("open_clip_config.json") != std::string::npos);
  require_identical(run(m), base);

  // open_clip's default activation is GELU: without quick_gelu the features change.
  clip_test::write_text(dir + "/open_clip_config.json", R"({"model_cfg": {"embed_dim": 32,
      "vision_cfg": {"image_size": 64, "layers": 2, "width": 64, "patch_size": 16},
      "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 64, "heads": 4, "layers": 2}}})");
  const clip::ClipModel gelu = clip::load_clip(dir);
  QVERIFY(gelu.config().activation == clip::Activation::Gelu);
  const Outputs g = run(gelu);
  QVERIFY(clip_test::rel_err(g.image, base.image) > 1e-3);
  QVERIFY(g.hash != base.hash);
}

PLUMAGE_TEST(model_moves_and_round_trips) {
  const clip::ClipModel m = clip::load_clip(clip_test::tiny_weights());
  // named_parameters() is a state dict in OpenAI naming: it rebuilds the model.
  std::map<std::string, at::Tensor> sd;
  for (const auto& [name, t] : m.named_parameters()) sd[name] = t;
  QCOMPARE(sd.size(), clip_test::tiny_state_dict().size());
  const clip::ClipModel again = clip::make_clip(m.config(), sd);
  require_identical(run(again), run(m));
  clip::ClipModel copy = m;
  QVERIFY_THROWS_WITH(copy.to(c10::Device(c10::kCPU), at::kHalf), "CUDA");
  QVERIFY_THROWS_WITH(copy.to(c10::Device(c10::kCPU), at::kLong), "floating");
}

PLUMAGE_TEST(format_torch_save_state_dicts) {
  // torch.save() files made by python3-torch: an open_clip training
  // checkpoint (.pt) and a Hugging Face pytorch_model.bin; same features.
  const Outputs base = run(clip::load_clip(clip_test::tiny_weights()));
  const std::string dir = test::temp_dir();
  resave_with_python(clip_test::tiny_weights(), dir + "/epoch_3.pt", "open_clip");
  clip_test::write_text(dir + "/config.json", clip_test::tiny_config_json());
  clip::LoadOptions opts;
  opts.config_path = dir + "/config.json";
  const clip::ClipModel oc = clip::load_clip(dir + "/epoch_3.pt", opts);
  QCOMPARE(oc.source().format, clip::WeightFormat::OpenAiStateDict);
  QCOMPARE(oc.source().container, std::string("torch.save"));
  require_identical(run(oc), base);

  const std::string hf = dir + "/hf";
  fs::create_directories(hf);
  st::save(dir + "/hf.safetensors", clip_test::named(to_hf(clip_test::tiny_state_dict(), 2)));
  resave_with_python(dir + "/hf.safetensors", hf + "/pytorch_model.bin", "plain");
  clip_test::write_text(hf + "/config.json", kHfConfig);
  const clip::ClipModel m = clip::load_clip(hf);  // the directory: pytorch_model.bin is found
  QCOMPARE(m.source().format, clip::WeightFormat::HuggingFace);
  QCOMPARE(m.source().container, std::string("torch.save"));
  require_identical(run(m), base);
}

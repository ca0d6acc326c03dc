// Architecture from config files: OpenAI build_model names, open_clip model
// configs and Hugging Face CLIP config.json, each mapped onto ClipConfig.
#include "core/engine/clip/checkpoint.h"
#include "core/engine/clip/clip_model.h"
#include "core/json/parse_limited.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <set>

namespace plumage::clip::detail {

namespace {

using nlohmann::json;

struct Reader {
  const json& j;
  std::string where;  // "config.json: vision_config"

  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    throw ClipLoadError(where + "." + key + ": " + what);
  }
  int64_t integer(const std::string& key, int64_t fallback) const {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return fallback;
    if (!it->is_number_integer()) fail(key, "expected an integer, got " + it->dump());
    return it->get<int64_t>();
  }
  double number(const std::string& key, double fallback) const {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return fallback;
    if (!it->is_number()) fail(key, "expected a number, got " + it->dump());
    return it->get<double>();
  }
  std::string string(const std::string& key, const std::string& fallback) const {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return fallback;
    if (!it->is_string()) fail(key, "expected a string, got " + it->dump());
    return it->get<std::string>();
  }
};

Activation hf_activation(const Reader& r) {
  const std::string act = r.string("hidden_act", "quick_gelu");
  if (act == "quick_gelu") return Activation::QuickGelu;
  if (act == "gelu") return Activation::Gelu;
  r.fail("hidden_act", "unsupported activation \"" + act + "\" (quick_gelu or gelu)");
}

// transformers' CLIPConfig. Absent keys take transformers' class defaults,
// because save_pretrained may leave defaults out. projection_dim is read at
// the top level only: the sub-configs' copies are stale in real checkpoints.
ClipConfig parse_hf(const json& j, const std::string& origin, const ClipConfig& base) {
  static const json empty = json::object();
  const json& vj = j.contains("vision_config") ? j["vision_config"] : empty;
  const json& tj = j.contains("text_config") ? j["text_config"] : empty;
  Reader top{j, origin}, v{vj, origin + ": vision_config"}, t{tj, origin + ": text_config"};
  ClipConfig c = base;
  c.embed_dim = top.integer("projection_dim", 512);
  c.vision_width = v.integer("hidden_size", 768);
  c.vision_mlp_width = v.integer("intermediate_size", 3072);
  c.vision_layers = v.integer("num_hidden_layers", 12);
  c.vision_heads = v.integer("num_attention_heads", 12);
  c.image_resolution = v.integer("image_size", 224);
  c.vision_patch_size = v.integer("patch_size", 32);
  if (v.integer("num_channels", 3) != 3) v.fail("num_channels", "only 3-channel models are supported");
  c.text_width = t.integer("hidden_size", 512);
  c.text_mlp_width = t.integer("intermediate_size", 2048);
  c.text_layers = t.integer("num_hidden_layers", 12);
  c.text_heads = t.integer("num_attention_heads", 8);
  c.context_length = t.integer("max_position_embeddings", 77);
  c.vocab_size = t.integer("vocab_size", 49408);
  const Activation va = hf_activation(v), ta = hf_activation(t);
  if (va != ta) t.fail("hidden_act", "differs from vision_config.hidden_act; one activation is supported");
  c.activation = va;
  const double veps = v.number("layer_norm_eps", 1e-5), teps = t.number("layer_norm_eps", 1e-5);
  if (veps != teps) t.fail("layer_norm_eps", "differs from vision_config.layer_norm_eps");
  c.layer_norm_eps = veps;
  return c;
}

// Options of open_clip's vision_cfg / text_cfg that this model does not
// implement, with the value that means "off".
void reject_unsupported(const Reader& r, const std::set<std::string>& known,
                        const std::map<std::string, json>& off_values) {
  for (auto it = r.j.begin(); it != r.j.end(); ++it) {
    if (known.count(it.key())) continue;
    auto off = off_values.find(it.key());
    if (off == off_values.end())
      r.fail(it.key(), "unknown open_clip option (not supported by this CLIP implementation)");
    const json& val = it.value();
    const bool is_off = val.is_null() || val == off->second ||
                        (val.is_boolean() && !val.get<bool>()) ||
                        (val.is_object() && val.empty());
    if (!is_off) r.fail(it.key(), "open_clip option " + val.dump() + " is not supported");
  }
}

ClipConfig parse_open_clip(const json& root, const std::string& origin, const ClipConfig& base) {
  const json& m = root.contains("model_cfg") ? root["model_cfg"] : root;
  Reader top{m, origin};
  if (!m.contains("vision_cfg") || !m["vision_cfg"].is_object()) top.fail("vision_cfg", "missing");
  if (!m.contains("text_cfg") || !m["text_cfg"].is_object()) top.fail("text_cfg", "missing");
  Reader v{m["vision_cfg"], origin + ": vision_cfg"}, t{m["text_cfg"], origin + ": text_cfg"};
  ClipConfig c = base;
  c.embed_dim = top.integer("embed_dim", base.embed_dim);
  // open_clip uses GELU unless the model says quick_gelu (OpenAI weights).
  auto qg = m.find("quick_gelu");
  c.activation = (qg != m.end() && qg->is_boolean() && qg->get<bool>()) ? Activation::QuickGelu
                                                                        : Activation::Gelu;
  if (v.j.contains("layers") && v.j["layers"].is_array())
    v.fail("layers", "a ResNet vision tower; only ViT CLIP models are supported");
  c.vision_layers = v.integer("layers", 12);
  c.vision_width = v.integer("width", 768);
  c.vision_patch_size = v.integer("patch_size", 16);
  if (v.j.contains("image_size") && v.j["image_size"].is_array()) {
    const json& s = v.j["image_size"];
    if (s.size() != 2 || s[0] != s[1]) v.fail("image_size", "only square images are supported");
    c.image_resolution = s[0].get<int64_t>();
  } else {
    c.image_resolution = v.integer("image_size", 224);
  }
  const int64_t head_width = v.integer("head_width", 64);
  c.vision_heads = head_width > 0 ? c.vision_width / head_width : 0;
  c.vision_mlp_width = static_cast<int64_t>(c.vision_width * v.number("mlp_ratio", 4.0));
  c.context_length = t.integer("context_length", 77);
  c.vocab_size = t.integer("vocab_size", 49408);
  c.text_width = t.integer("width", 512);
  c.text_heads = t.integer("heads", 8);
  c.text_layers = t.integer("layers", 12);
  c.text_mlp_width = static_cast<int64_t>(c.text_width * t.number("mlp_ratio", 4.0));
  if (t.j.contains("hf_model_name") && !t.j["hf_model_name"].is_null())
    t.fail("hf_model_name", "a Hugging Face text tower; only CLIP's own text transformer is supported");
  reject_unsupported(v, {"layers", "width", "patch_size", "image_size", "head_width", "mlp_ratio", "patch_dropout",
                      "output_tokens", "attn_pooler_queries", "attn_pooler_heads", "timm_model_pretrained",
                      "timm_pool", "timm_proj", "timm_proj_bias", "timm_drop", "timm_drop_path"},
                     {{"ls_init_value", nullptr}, {"attentional_pool", false}, {"global_average_pool", false}, {"no_ln_pre", false},
                      {"final_ln_after_pool", false}, {"pool_type", "tok"}, {"pos_embed_type", "learnable"},
                      {"timm_model_name", nullptr}, {"input_patchnorm", false}, {"proj_bias", false},
                      {"act_kwargs", json::object()}, {"norm_kwargs", json::object()}});
  reject_unsupported(t, {"context_length", "vocab_size", "width", "heads", "layers", "mlp_ratio", "pad_id",
                      "output_tokens", "attn_mask", "hf_model_pretrained", "hf_proj_type", "hf_pooler_type",
                      "hf_tokenizer_name", "tokenizer_kwargs"},
                     {{"ls_init_value", nullptr}, {"hf_model_name", nullptr}, {"embed_cls", false}, {"no_causal_mask", false}, {"pool_type", "argmax"},
                      {"proj_bias", false}, {"proj_type", "linear"}, {"final_ln_after_pool", false},
                      {"act_kwargs", json::object()}, {"norm_kwargs", json::object()}});
  return c;
}

}  // namespace

ClipConfig parse_config_json(const std::string& text, const std::string& origin, const ClipConfig& base) {
  json j;
  try {
    j = jsonio::parse(text, origin, jsonio::kConfig);
  } catch (const jsonio::Error& e) {
    throw ClipLoadError(e.what());
  }
  if (!j.is_object()) throw ClipLoadError(origin + ": expected a JSON object");
  if (j.contains("vision_config") || j.contains("text_config") || j.value("model_type", "") == "clip")
    return parse_hf(j, origin, base);
  if (j.contains("model_cfg") || j.contains("vision_cfg")) return parse_open_clip(j, origin, base);
  try {
    return ClipConfig::from_json(text, base);
  } catch (const std::invalid_argument& e) {
    throw ClipLoadError(origin + ": " + e.what());
  }
}

ClipConfig read_config_file(const std::string& path, const ClipConfig& base) {
  std::string text;
  try {
    text = jsonio::read_bytes(path, jsonio::kConfig.max_bytes);
  } catch (const jsonio::Error& e) {
    throw ClipLoadError(path + ": cannot read config file: " + e.problem());
  }
  return parse_config_json(text, path, base);
}

}  // namespace plumage::clip::detail

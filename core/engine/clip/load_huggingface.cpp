// Hugging Face transformers CLIPModel naming -> OpenAI naming. q/k/v
// projections are concatenated into the in-projection, the two projection
// matrices are transposed (nn.Linear stores [E,W]; OpenAI multiplies x @ [W,E]).
#include "core/engine/clip/checkpoint.h"
#include "core/engine/clip/clip_model.h"
#include "core/engine/clip/load_huggingface.h"

#include <ATen/ATen.h>

#include <regex>

namespace plumage::clip::detail {

namespace {

// Per-layer renames (after "<tower>.encoder.layers.<i>.").
const std::vector<std::pair<std::string, std::string>>& layer_names() {
  static const std::vector<std::pair<std::string, std::string>> names = {
      {"self_attn.out_proj.weight", "attn.out_proj.weight"},
      {"self_attn.out_proj.bias", "attn.out_proj.bias"},
      {"layer_norm1.weight", "ln_1.weight"}, {"layer_norm1.bias", "ln_1.bias"},
      {"layer_norm2.weight", "ln_2.weight"}, {"layer_norm2.bias", "ln_2.bias"},
      {"mlp.fc1.weight", "mlp.c_fc.weight"}, {"mlp.fc1.bias", "mlp.c_fc.bias"},
      {"mlp.fc2.weight", "mlp.c_proj.weight"}, {"mlp.fc2.bias", "mlp.c_proj.bias"}};
  return names;
}

// Whole-tensor renames; "pre_layrnorm" is spelled as transformers spells it.
const std::vector<std::pair<std::string, std::string>>& top_names() {
  static const std::vector<std::pair<std::string, std::string>> names = {
      {"vision_model.embeddings.class_embedding", "visual.class_embedding"},
      {"vision_model.embeddings.patch_embedding.weight", "visual.conv1.weight"},
      {"vision_model.embeddings.position_embedding.weight", "visual.positional_embedding"},
      {"vision_model.pre_layrnorm.weight", "visual.ln_pre.weight"},
      {"vision_model.pre_layrnorm.bias", "visual.ln_pre.bias"},
      {"vision_model.post_layernorm.weight", "visual.ln_post.weight"},
      {"vision_model.post_layernorm.bias", "visual.ln_post.bias"},
      {"text_model.embeddings.token_embedding.weight", "token_embedding.weight"},
      {"text_model.embeddings.position_embedding.weight", "positional_embedding"},
      {"text_model.final_layer_norm.weight", "ln_final.weight"},
      {"text_model.final_layer_norm.bias", "ln_final.bias"},
      {"logit_scale", "logit_scale"}};
  return names;
}

const char* kVisionLayers = "vision_model.encoder.layers.";
const char* kTextLayers = "text_model.encoder.layers.";

}  // namespace

bool looks_like_huggingface(const std::vector<std::string>& names) {
  for (const auto& n : names)
    if (n.rfind("vision_model.", 0) == 0 || n.rfind("text_model.", 0) == 0) return true;
  return false;
}

std::string hf_name(const std::string& canonical) {
  for (const auto& [hf, oa] : top_names())
    if (oa == canonical) return hf;
  if (canonical == "visual.proj") return "visual_projection.weight";
  if (canonical == "text_projection") return "text_projection.weight";
  static const std::regex block(R"((visual\.)?transformer\.resblocks\.(\d+)\.(.*))");
  std::smatch m;
  if (std::regex_match(canonical, m, block)) {
    const std::string prefix = (m[1].matched ? kVisionLayers : kTextLayers) + m[2].str() + ".";
    const std::string rest = m[3].str();
    if (rest == "attn.in_proj_weight") return prefix + "self_attn.{q,k,v}_proj.weight";
    if (rest == "attn.in_proj_bias") return prefix + "self_attn.{q,k,v}_proj.bias";
    for (const auto& [hf, oa] : layer_names())
      if (oa == rest) return prefix + hf;
  }
  return canonical;
}

void map_huggingface(const std::map<std::string, at::Tensor>& in, Checkpoint& ck) {
  std::map<std::string, at::Tensor> rest = in;
  auto move = [&](const std::string& from, const std::string& to, bool transpose) {
    auto it = rest.find(from);
    if (it == rest.end()) return;
    // t() of anything but a matrix is a raw c10::Error; say which tensor.
    if (transpose && it->second.dim() != 2)
      throw ClipLoadError(ck.path + ": tensor '" + from + "' has shape " + shape_string(it->second.sizes()) +
                          ", expected a 2-D matrix");
    ck.tensors[to] = transpose ? it->second.t() : it->second;
    rest.erase(it);
  };
  for (const auto& [hf, oa] : top_names()) move(hf, oa, false);
  move("visual_projection.weight", "visual.proj", true);
  move("text_projection.weight", "text_projection", true);
  // transformers keeps these index buffers in some versions; they carry nothing.
  rest.erase("vision_model.embeddings.position_ids");
  rest.erase("text_model.embeddings.position_ids");

  for (const auto& [tower_prefix, oa_prefix] :
       {std::pair<std::string, std::string>{kVisionLayers, "visual.transformer.resblocks."},
        std::pair<std::string, std::string>{kTextLayers, "transformer.resblocks."}}) {
    for (int64_t i = 0;; ++i) {
      const std::string hp = tower_prefix + std::to_string(i) + ".";
      const std::string op = oa_prefix + std::to_string(i) + ".";
      bool any = false;
      for (const auto& [name, t] : rest) {
        (void)t;
        if (name.rfind(hp, 0) == 0) any = true;
      }
      if (!any) break;
      for (const auto& [hf, oa] : layer_names()) move(hp + hf, op + oa, false);
      for (const char* kind : {"weight", "bias"}) {
        const std::string q = hp + "self_attn.q_proj." + kind, k = hp + "self_attn.k_proj." + kind,
                          v = hp + "self_attn.v_proj." + kind;
        if (!rest.count(q) || !rest.count(k) || !rest.count(v)) {
          for (const auto& part : {q, k, v})
            if (!rest.count(part)) throw ClipLoadError(ck.path + ": missing tensor '" + part + "'");
        }
        const auto& tq = rest[q];
        // at::cat cannot join scalars (a raw c10::Error otherwise).
        if (tq.dim() == 0)
          throw ClipLoadError(ck.path + ": tensor '" + q + "' has shape [], expected a " +
                              (std::string(kind) == "weight" ? "matrix" : "vector"));
        if (tq.sizes() != rest[k].sizes() || tq.sizes() != rest[v].sizes())
          throw ClipLoadError(ck.path + ": tensors '" + q + "', '" + k + "' and '" + v +
                              "' differ in shape (" + shape_string(tq.sizes()) + ", " +
                              shape_string(rest[k].sizes()) + ", " + shape_string(rest[v].sizes()) + ")");
        ck.tensors[op + "attn.in_proj_" + kind] = at::cat({tq, rest[k], rest[v]}, 0);
        rest.erase(q);
        rest.erase(k);
        rest.erase(v);
      }
    }
  }
  // Left over: reported as unexpected by check_and_convert, under their own names.
  for (auto& [name, t] : rest) ck.tensors[name] = t;
  ck.source_name = hf_name;
}

}  // namespace plumage::clip::detail

// Tensor names and shapes of CLIP in OpenAI naming, and the architecture
// inferred from them as OpenAI's build_model does.
#include "core/engine/clip/checkpoint.h"
#include "core/engine/clip/clip_model.h"

#include <ATen/ATen.h>

#include <cmath>
#include <sstream>

namespace plumage::clip::detail {

namespace {

void add_blocks(std::vector<TensorSpec>& out, const std::string& prefix, int64_t layers,
                int64_t w, int64_t mlp) {
  for (int64_t i = 0; i < layers; ++i) {
    const std::string p = prefix + "resblocks." + std::to_string(i) + ".";
    out.push_back({p + "attn.in_proj_weight", {3 * w, w}});
    out.push_back({p + "attn.in_proj_bias", {3 * w}});
    out.push_back({p + "attn.out_proj.weight", {w, w}});
    out.push_back({p + "attn.out_proj.bias", {w}});
    out.push_back({p + "ln_1.weight", {w}});
    out.push_back({p + "ln_1.bias", {w}});
    out.push_back({p + "mlp.c_fc.weight", {mlp, w}});
    out.push_back({p + "mlp.c_fc.bias", {mlp}});
    out.push_back({p + "mlp.c_proj.weight", {w, mlp}});
    out.push_back({p + "mlp.c_proj.bias", {w}});
    out.push_back({p + "ln_2.weight", {w}});
    out.push_back({p + "ln_2.bias", {w}});
  }
}

// Number of distinct block indices under `prefix` ("visual.transformer.resblocks.").
int64_t count_blocks(const Weights& w, const std::string& prefix) {
  std::set<std::string> ids;
  for (const auto& [name, t] : w) {
    (void)t;
    if (name.rfind(prefix, 0) != 0) continue;
    const auto rest = name.substr(prefix.size());
    ids.insert(rest.substr(0, rest.find('.')));
  }
  return static_cast<int64_t>(ids.size());
}

}  // namespace

std::string shape_string(at::IntArrayRef shape) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < shape.size(); ++i) os << (i ? ", " : "") << shape[i];
  os << "]";
  return os.str();
}

std::string dtype_name(c10::ScalarType t) {
  switch (t) {
    case c10::ScalarType::Float: return "float32";
    case c10::ScalarType::Half: return "float16";
    case c10::ScalarType::BFloat16: return "bfloat16";
    case c10::ScalarType::Double: return "float64";
    default: return c10::toString(t);
  }
}

std::vector<TensorSpec> tensor_specs(const ClipConfig& c) {
  const int64_t wv = c.vision_width, wt = c.text_width, e = c.embed_dim, p = c.vision_patch_size;
  std::vector<TensorSpec> s;
  s.push_back({"positional_embedding", {c.context_length, wt}});
  s.push_back({"text_projection", {wt, e}});
  s.push_back({"logit_scale", {}});
  s.push_back({"visual.class_embedding", {wv}});
  s.push_back({"visual.positional_embedding", {c.vision_tokens(), wv}});
  s.push_back({"visual.proj", {wv, e}});
  s.push_back({"visual.conv1.weight", {wv, 3, p, p}});
  s.push_back({"visual.ln_pre.weight", {wv}});
  s.push_back({"visual.ln_pre.bias", {wv}});
  add_blocks(s, "visual.transformer.", c.vision_layers, wv, c.vision_mlp_width);
  s.push_back({"visual.ln_post.weight", {wv}});
  s.push_back({"visual.ln_post.bias", {wv}});
  add_blocks(s, "transformer.", c.text_layers, wt, c.text_mlp_width);
  s.push_back({"token_embedding.weight", {c.vocab_size, wt}});
  s.push_back({"ln_final.weight", {wt}});
  s.push_back({"ln_final.bias", {wt}});
  return s;
}

ClipConfig infer_config(const Checkpoint& ck) {
  auto need = [&](const std::string& name, int64_t dims) -> const at::Tensor& {
    auto it = ck.tensors.find(name);
    if (it == ck.tensors.end())
      throw ClipLoadError(ck.path + ": missing tensor '" + ck.source_name(name) + "'");
    if (it->second.dim() != dims)
      throw ClipLoadError(ck.path + ": tensor '" + ck.source_name(name) + "' has shape " +
                          shape_string(it->second.sizes()) + ", expected " +
                          std::to_string(dims) + " dimensions");
    return it->second;
  };
  ClipConfig c;
  const at::Tensor& conv1 = need("visual.conv1.weight", 4);
  c.vision_width = conv1.size(0);
  c.vision_patch_size = conv1.size(-1);
  c.vision_layers = count_blocks(ck.tensors, "visual.transformer.resblocks.");
  const int64_t tokens = need("visual.positional_embedding", 2).size(0);
  const auto grid = static_cast<int64_t>(std::llround(std::sqrt(static_cast<double>(tokens - 1))));
  c.image_resolution = c.vision_patch_size * grid;
  c.embed_dim = need("text_projection", 2).size(1);
  c.context_length = need("positional_embedding", 2).size(0);
  c.vocab_size = need("token_embedding.weight", 2).size(0);
  c.text_width = need("ln_final.weight", 1).size(0);
  c.text_layers = count_blocks(ck.tensors, "transformer.resblocks.");
  c.vision_heads = c.vision_width / 64;
  c.text_heads = c.text_width / 64;
  c.vision_mlp_width = c.vision_layers ? need("visual.transformer.resblocks.0.mlp.c_fc.weight", 2).size(0) : 0;
  c.text_mlp_width = c.text_layers ? need("transformer.resblocks.0.mlp.c_fc.weight", 2).size(0) : 0;
  c.activation = Activation::QuickGelu;
  return c;
}

}  // namespace plumage::clip::detail

// Shared checks between reading a checkpoint and building the model.
#include "core/engine/clip/checkpoint.h"
#include "core/engine/clip/clip_model.h"

#include <ATen/ATen.h>

namespace plumage::clip::detail {

namespace {

// Fields fixed by tensor shapes: a config that disagrees is an error, since
// the model could not hold these tensors.
void check_against_shapes(const ClipConfig& stated, const ClipConfig& shapes, const std::string& origin,
                          const std::string& path) {
  auto check = [&](const char* field, int64_t a, int64_t b, const char* tensor) {
    if (a != b)
      throw ClipLoadError(origin + " says " + field + " = " + std::to_string(a) + ", but the tensors in " +
                          path + " give " + std::to_string(b) + " (from '" + tensor + "')");
  };
  check("embed_dim", stated.embed_dim, shapes.embed_dim, "text_projection");
  check("vision_width", stated.vision_width, shapes.vision_width, "visual.conv1.weight");
  check("vision_patch_size", stated.vision_patch_size, shapes.vision_patch_size, "visual.conv1.weight");
  check("image_resolution", stated.image_resolution, shapes.image_resolution, "visual.positional_embedding");
  check("vision_layers", stated.vision_layers, shapes.vision_layers, "visual.transformer.resblocks.*");
  check("vision_mlp_width", stated.vision_mlp_width, shapes.vision_mlp_width, "visual.transformer.resblocks.0.mlp.c_fc.weight");
  check("context_length", stated.context_length, shapes.context_length, "positional_embedding");
  check("vocab_size", stated.vocab_size, shapes.vocab_size, "token_embedding.weight");
  check("transformer_width", stated.text_width, shapes.text_width, "ln_final.weight");
  check("transformer_layers", stated.text_layers, shapes.text_layers, "transformer.resblocks.*");
  check("transformer_mlp_width", stated.text_mlp_width, shapes.text_mlp_width, "transformer.resblocks.0.mlp.c_fc.weight");
}

}  // namespace

ClipConfig resolve_config(const Checkpoint& ck, const std::string& override_path) {
  const ClipConfig shapes = infer_config(ck);
  ClipConfig c = shapes;
  if (ck.config) {
    check_against_shapes(*ck.config, shapes, ck.config_source, ck.path);
    c = *ck.config;
  }
  if (!override_path.empty()) {
    c = read_config_file(override_path, c);
    check_against_shapes(c, shapes, override_path, ck.path);
  }
  try {
    c.validate();
  } catch (const std::invalid_argument& e) {
    throw ClipLoadError(ck.path + ": " + e.what());
  }
  return c;
}

Weights check_and_convert(Checkpoint& ck, const ClipConfig& config) {
  Weights out;
  for (const TensorSpec& spec : tensor_specs(config)) {
    auto it = ck.tensors.find(spec.name);
    if (it == ck.tensors.end())
      throw ClipLoadError(ck.path + ": missing tensor '" + ck.source_name(spec.name) + "'");
    at::Tensor t = it->second;
    // OpenAI stores logit_scale as a 0-dim tensor; some exports use [1].
    if (spec.name == "logit_scale" && t.dim() == 1 && t.numel() == 1) t = t.reshape({});
    if (t.sizes() != at::IntArrayRef(spec.shape))
      throw ClipLoadError(ck.path + ": tensor '" + ck.source_name(spec.name) + "' has shape " +
                          shape_string(t.sizes()) + ", expected " + shape_string(spec.shape));
    if (!at::isFloatingType(t.scalar_type()))
      throw ClipLoadError(ck.path + ": tensor '" + ck.source_name(spec.name) + "' has dtype " +
                          dtype_name(t.scalar_type()) + ", expected a floating-point type");
    ck.stored_dtypes.insert(dtype_name(t.scalar_type()));
    // contiguous fp32 copy owned by the model (the file's mapping can go).
    out[spec.name] = t.to(at::kFloat, /*non_blocking=*/false, /*copy=*/true).contiguous();
    ck.tensors.erase(it);
  }
  if (!ck.tensors.empty()) {
    std::string names;
    int shown = 0;
    for (const auto& [name, t] : ck.tensors) {
      (void)t;
      if (shown++ == 5) {
        names += ", ...";
        break;
      }
      names += (names.empty() ? "'" : ", '") + ck.source_name(name) + "'";
    }
    throw ClipLoadError(ck.path + ": " + std::to_string(ck.tensors.size()) +
                        " unexpected tensor(s) for a " + vit_name(config) + " CLIP: " + names);
  }
  return out;
}

}  // namespace plumage::clip::detail

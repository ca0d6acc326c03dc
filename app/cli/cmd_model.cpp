// plumage-cli model inspect: what a CLIP checkpoint is (format, architecture,
// parameter count, stored dtype, weights hash) without encoding anything.
#include "command_registry.h"

#include "engine/clip/clip_model.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>
#include <memory>

namespace plumage::cli {
namespace {

struct InspectArgs {
  std::string weights, config;
  bool json = false;
};

void run_inspect(const InspectArgs& a) {
  clip::LoadOptions opts;
  opts.config_path = a.config;
  clip::ClipModel model;
  try {
    model = clip::load_clip(a.weights, opts);
  } catch (const clip::ClipLoadError& e) {
    throw ExitError(2, e.what());
  }
  const clip::ClipConfig& c = model.config();
  const clip::WeightsSource& s = model.source();
  int64_t vision_params = 0;
  for (const auto& [name, t] : model.named_parameters())
    if (name.rfind("visual.", 0) == 0) vision_params += t.numel();
  if (a.json) {
    nlohmann::ordered_json j;
    j["path"] = s.path;
    j["format"] = clip::to_string(s.format);
    j["architecture"] = clip::vit_name(c);
    j["config"] = nlohmann::ordered_json::parse(c.to_json());
    j["config_source"] = s.config_source;
    j["parameters"] = s.parameter_count;
    j["vision_parameters"] = vision_params;
    j["text_parameters"] = s.parameter_count - vision_params;
    j["stored_dtype"] = s.stored_dtype;
    j["weights_hash"] = s.weights_hash;
    j["logit_scale"] = model.logit_scale();
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << "file:          " << s.path << "\n"
            << "format:        " << clip::to_string(s.format) << "\n"
            << "architecture:  " << clip::vit_name(c) << " (config from " << s.config_source << ")\n"
            << "embed dim:     " << c.embed_dim << "\n"
            << "image:         " << c.image_resolution << " px, patch " << c.vision_patch_size << ", "
            << c.vision_grid() << "x" << c.vision_grid() << " patches + class token\n"
            << "vision tower:  width " << c.vision_width << ", " << c.vision_layers << " layers, "
            << c.vision_heads << " heads, mlp " << c.vision_mlp_width << "\n"
            << "text tower:    width " << c.text_width << ", " << c.text_layers << " layers, " << c.text_heads
            << " heads, mlp " << c.text_mlp_width << ", context " << c.context_length << ", vocab "
            << c.vocab_size << "\n"
            << "activation:    " << clip::to_string(c.activation) << ", layer norm eps " << c.layer_norm_eps << "\n"
            << "parameters:    " << s.parameter_count << " (vision " << vision_params << ", text and shared "
            << s.parameter_count - vision_params << ")\n"
            << "stored dtype:  " << s.stored_dtype << "\n"
            << "logit scale:   " << model.logit_scale() << " (exp = " << std::exp(model.logit_scale()) << ")\n"
            << "weights hash:  xxh64:" << s.weights_hash << "\n";
}

const CommandRegistrar kRegister(50, [](CLI::App& app) {
  CLI::App* model = app.add_subcommand("model", "CLIP checkpoints");
  model->require_subcommand(1);
  auto args = std::make_shared<InspectArgs>();
  CLI::App* inspect = model->add_subcommand(
      "inspect", "Print a CLIP checkpoint's format (OpenAI .pt, OpenAI/open_clip safetensors, Hugging Face), "
                 "architecture, parameter count, stored dtype and weights hash");
  inspect->add_option("WEIGHTS", args->weights, "Checkpoint file, or a Hugging Face / open_clip model directory")
      ->required();
  inspect->add_option("--config", args->config,
                      "JSON config overriding the architecture (OpenAI build_model names, open_clip or HF config)")
      ->check(CLI::ExistingFile);
  inspect->add_flag("--json", args->json, "Print one JSON object");
  inspect->callback([args] { run_inspect(*args); });
});

}  // namespace
}  // namespace plumage::cli

// plumage-cli model inspect: what a CLIP checkpoint is (format, architecture,
// parameter count, stored dtype, weights hash) without encoding anything.
#include "app/cli/command_registry.h"

#include "core/features/model_inspect.h"
#include "core/json/parse_limited.h"

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
  features::ModelInspection m;
  try {
    m = features::inspect_model(a.weights, a.config);
  } catch (const features::ModelLoadError& e) {
    throw ExitError(2, e.what());
  }
  if (a.json) {
    nlohmann::ordered_json j;
    j["path"] = m.path;
    j["format"] = m.format;
    j["architecture"] = m.architecture;
    j["config"] = jsonio::parse_ordered(m.config_json, "model config", jsonio::kConfig);
    j["config_source"] = m.config_source;
    j["parameters"] = m.parameters;
    j["vision_parameters"] = m.vision_parameters;
    j["text_parameters"] = m.parameters - m.vision_parameters;
    j["stored_dtype"] = m.stored_dtype;
    j["weights_hash"] = m.weights_hash;
    j["logit_scale"] = m.logit_scale;
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << "file:          " << m.path << "\n"
            << "format:        " << m.format << "\n"
            << "architecture:  " << m.architecture << " (config from " << m.config_source << ")\n"
            << "embed dim:     " << m.embed_dim << "\n"
            << "image:         " << m.image_resolution << " px, patch " << m.vision_patch_size << ", "
            << m.vision_grid << "x" << m.vision_grid << " patches + class token\n"
            << "vision tower:  width " << m.vision_width << ", " << m.vision_layers << " layers, "
            << m.vision_heads << " heads, mlp " << m.vision_mlp_width << "\n"
            << "text tower:    width " << m.text_width << ", " << m.text_layers << " layers, " << m.text_heads
            << " heads, mlp " << m.text_mlp_width << ", context " << m.context_length << ", vocab "
            << m.vocab_size << "\n"
            << "activation:    " << m.activation << ", layer norm eps " << m.layer_norm_eps << "\n"
            << "parameters:    " << m.parameters << " (vision " << m.vision_parameters << ", text and shared "
            << m.parameters - m.vision_parameters << ")\n"
            << "stored dtype:  " << m.stored_dtype << "\n"
            << "logit scale:   " << m.logit_scale << " (exp = " << std::exp(m.logit_scale) << ")\n"
            << "weights hash:  xxh64:" << m.weights_hash << "\n";
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

// plumage-cli preprocess: CLIP preprocessing of image files into a
// safetensors file (tensor "pixels" [N, 3, R, R], float32), e.g. to compare
// with Python's pipeline or to feed another tool.
#include "command_registry.h"

#include "data/clip_preprocess.h"
#include "data/diagnostics.h"
#include "engine/safetensors.h"

#include <ATen/ops/empty.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace plumage::cli {
namespace {

struct PreprocessArgs {
  int resolution = 224;
  std::vector<std::string> images;
  std::string out;
};

void run_preprocess(const PreprocessArgs& a) {
  const int r = a.resolution;
  const auto n = static_cast<int64_t>(a.images.size());
  at::Tensor pixels = at::empty({n, 3, r, r}, at::kFloat);
  float* base = pixels.data_ptr<float>();
  for (int64_t i = 0; i < n; ++i) {
    try {
      data::clip_preprocess_file(a.images[i], r, base + i * 3 * r * r);
    } catch (const data::DataError& e) {
      throw ExitError(2, e.what());
    }
  }
  const std::map<std::string, std::string> meta = {
      {"images", nlohmann::json(a.images).dump()},
      {"preprocessing", data::clip_preprocess_description(r)},
      {"resolution", std::to_string(r)},
  };
  st::save(a.out, {{"pixels", pixels}}, meta);
  std::cout << "Wrote " << a.out << ": pixels [" << n << ", 3, " << r << ", " << r << "]\n";
}

const CommandRegistrar kRegister(21, [](CLI::App& app) {
  auto args = std::make_shared<PreprocessArgs>();
  CLI::App* cmd = app.add_subcommand(
      "preprocess", "CLIP-preprocess images (PIL-exact antialiased bicubic, center crop, CLIP mean/std) into "
                    "a safetensors file with tensor \"pixels\" [N, 3, R, R]");
  cmd->add_option("--resolution", args->resolution, "Output size R")->check(CLI::Range(8, 4096))->capture_default_str();
  cmd->add_option("IMAGE", args->images, "Image files (JPEG, PNG, ...)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--out", args->out, "Output .safetensors file")->required();
  cmd->callback([args] { run_preprocess(*args); });
});

}  // namespace
}  // namespace plumage::cli

// plumage-cli preprocess: CLIP preprocessing of image files into a
// safetensors file (tensor "pixels" [N, 3, R, R], float32), e.g. to compare
// with Python's pipeline or to feed another tool.
#include "app/cli/command_registry.h"

#include "core/data/diagnostics.h"
#include "core/features/preprocess_job.h"

#include <CLI/CLI.hpp>

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
  try {
    features::preprocess_images_to_file(a.images, r, a.out);
  } catch (const data::DataError& e) {
    throw ExitError(2, e.what());
  }
  std::cout << "Wrote " << a.out << ": pixels [" << a.images.size() << ", 3, " << r << ", " << r << "]\n";
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

// plumage-cli dataset inspect | make-demo: check a dataset on disk, or write
// the procedurally drawn demo dataset.
#include "app/cli/command_registry.h"

#include "core/data/dataset_inspect.h"
#include "core/data/demo/demo_dataset.h"
#include "core/data/diagnostics.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <iostream>
#include <memory>

namespace plumage::cli {
namespace {

struct InspectArgs {
  std::string root, reed, descriptions;
  bool json = false, lenient = false;
};

void run_inspect(const InspectArgs& a) {
  data::InspectOptions opt;
  opt.reed_dir = a.reed;
  opt.descriptions_file = a.descriptions;
  data::InspectReport rep;
  try {
    rep = data::inspect_dataset(a.root, opt);
  } catch (const data::DataError& e) {
    if (a.json) {
      nlohmann::ordered_json j;
      j["root"] = a.root;
      j["valid"] = false;
      j["warnings"] = nlohmann::ordered_json::array();
      for (const auto& d : e.problems()) j["warnings"].push_back({{"file", d.file}, {"line", d.line}, {"message", d.message}});
      std::cout << j.dump(2) << "\n";
    }
    throw ExitError(2, e.what());
  }
  if (a.json) std::cout << rep.to_json().dump(2) << "\n";
  else std::cout << rep.to_text();
  if (!rep.valid() && !a.lenient)
    throw ExitError(2, a.json ? "" : "dataset is invalid (" + std::to_string(rep.problems.size()) + " problems; --lenient accepts them as warnings)");
}

struct DemoArgs {
  std::string out;
  int classes = 20, per_class = 30;
  unsigned seed = 1;
  int size = 256;
};

void run_make_demo(const DemoArgs& a) {
  data::DemoOptions opt;
  opt.classes = a.classes;
  opt.images_per_class = a.per_class;
  opt.seed = a.seed;
  opt.image_size = a.size;
  const auto t0 = std::chrono::steady_clock::now();
  data::DemoSummary s;
  try {
    s = data::make_demo_dataset(a.out, opt);
  } catch (const data::DataError& e) {
    throw ExitError(1, e.what());
  } catch (const std::invalid_argument& e) {
    throw ExitError(2, e.what());
  }
  const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "Wrote demo dataset to " << a.out << ": " << s.classes << " classes, " << s.images << " images ("
            << s.train << " train, " << s.test << " test) in " << sec << " s\n"
            << "  captions:     " << s.reed_dir << " (10 per image)\n"
            << "  descriptions: " << s.descriptions_file << "\n"
            << "  COCO-style:   " << s.coco_file << "\n";
}

const CommandRegistrar kRegister(20, [](CLI::App& app) {
  CLI::App* ds = app.add_subcommand("dataset", "Datasets on disk: check them, or write the demo dataset");
  ds->require_subcommand(1);

  auto ia = std::make_shared<InspectArgs>();
  CLI::App* inspect = ds->add_subcommand(
      "inspect", "Check a dataset (CUB-200-2011 layout or manifest) and print classes, images, train/test counts, "
                 "per-class counts, image sizes, caption and description coverage and every problem. "
                 "Exit 0 when valid, 2 when invalid");
  inspect->add_option("ROOT", ia->root, "Dataset directory (CUB layout) or manifest file (.csv/.json)")->required();
  inspect->add_option("--reed", ia->reed, "Reed et al. captions folder (text_c10)")->check(CLI::ExistingDirectory);
  inspect->add_option("--descriptions", ia->descriptions,
                      "Descriptions file (plumage-descriptions, or a Menon & Vondrick / CuPL list)")
      ->check(CLI::ExistingFile);
  inspect->add_flag("--json", ia->json, "Print one JSON object");
  inspect->add_flag("--lenient", ia->lenient, "Report problems as warnings and exit 0");
  inspect->callback([ia] { run_inspect(*ia); });

  auto da = std::make_shared<DemoArgs>();
  CLI::App* demo = ds->add_subcommand(
      "make-demo", "Write a CUB-layout dataset of procedurally drawn birds with Reed-style captions, "
                   "per-class descriptions and a COCO-style captions file (deterministic per seed)");
  demo->add_option("OUT", da->out, "Output directory (created; must be empty or absent)")->required();
  demo->add_option("--classes", da->classes, "Number of classes")->check(CLI::Range(2, 200))->capture_default_str();
  demo->add_option("--images-per-class", da->per_class, "Images per class")->check(CLI::Range(2, 1000))->capture_default_str();
  demo->add_option("--seed", da->seed, "Random seed")->capture_default_str();
  demo->add_option("--size", da->size, "Image size in pixels (square)")->check(CLI::Range(64, 1024))->capture_default_str();
  demo->callback([da] { run_make_demo(*da); });
});

}  // namespace
}  // namespace plumage::cli

#include "app/cli/command_registry.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <vector>

namespace plumage::cli {
namespace {
std::vector<std::pair<int, CommandSetup>>& registry() {
  static std::vector<std::pair<int, CommandSetup>> r;
  return r;
}
}  // namespace

CommandRegistrar::CommandRegistrar(int order, CommandSetup setup) {
  registry().emplace_back(order, std::move(setup));
}

void setup_all_commands(CLI::App& app) {
  auto& r = registry();
  std::stable_sort(r.begin(), r.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [order, setup] : r) setup(app);
}

}  // namespace plumage::cli

// plumage-cli: the workbench's jobs without a screen. Subcommands live in
// cmd_<area>.cpp files and register themselves (command_registry.h).
#include "app/cli/command_registry.h"
#include "core/experiment/job_errors.h"
#include "core/experiment/runner.h"
#include "core/experiment/runtime.h"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
  CLI::App app{"Plumage: fine-grained classification with text-derived training data (headless)"};
  app.require_subcommand(0, 1);
  app.set_version_flag("--version", [] { return plumage::experiment::version_line("plumage-cli"); },
                       "Print version, LibTorch version and CUDA availability");
  plumage::cli::setup_all_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const plumage::cli::ExitError& e) {
    if (*e.what()) std::cerr << "plumage-cli: " << e.what() << "\n";
    return e.code;
  } catch (const plumage::experiment::InputError& e) {
    std::cerr << "plumage-cli: " << e.what() << "\n";
    return 2;
  } catch (const plumage::experiment::RunCancelled&) {
    std::cerr << "plumage-cli: cancelled\n";
    return 130;
  } catch (const std::exception& e) {
    std::cerr << "plumage-cli: error: " << e.what() << "\n";
    return 1;
  }
  if (app.get_subcommands().empty()) std::cout << app.help();
  return 0;
}

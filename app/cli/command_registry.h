// Subcommands register themselves here, one source file per area
// (cmd_<area>.cpp), so main.cpp stays a thin entry point.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>

namespace CLI {
class App;
}

namespace plumage::cli {

// Adds subcommands (with callbacks) to the application.
using CommandSetup = std::function<void(CLI::App&)>;

struct CommandRegistrar {
  // `order` sorts the help listing.
  CommandRegistrar(int order, CommandSetup setup);
};

void setup_all_commands(CLI::App& app);

// Thrown by a command to end the program with `code` after printing `message`
// to stderr (e.g. 2 for "dataset is invalid").
struct ExitError : std::runtime_error {
  ExitError(int code, const std::string& message) : std::runtime_error(message), code(code) {}
  int code;
};

}  // namespace plumage::cli

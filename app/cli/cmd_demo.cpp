// plumage-cli demo: the main job without a screen, on the built-in demo
// dataset with a small CLIP trained on the demo's own training images and
// captions; every step is cached in
// the workspace, so a second run only checks and reprints the table.
#include "app/cli/command_registry.h"

#include "core/experiment/demo_workspace.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <iostream>
#include <memory>

namespace plumage::cli {
namespace {

std::atomic<bool> g_demo_cancel{false};

extern "C" void on_demo_interrupt(int) { g_demo_cancel.store(true); }

void run_demo(const experiment::DemoWorkspaceOptions& o) {
  std::signal(SIGINT, on_demo_interrupt);
  std::signal(SIGTERM, on_demo_interrupt);
  std::cout << "demo workspace: " << o.workspace << std::endl;
  experiment::DemoWorkspaceResult r;
  try {
    r = experiment::run_demo_workspace(o, [](const std::string& line, int, int) { std::cout << line << std::endl; },
                                       &g_demo_cancel);
  } catch (const std::exception& e) {
    if (g_demo_cancel.load()) throw ExitError(130, "demo cancelled");
    throw ExitError(2, e.what());
  }
  if (r.cancelled) throw ExitError(130, "demo cancelled; run it again to continue where it stopped");
  std::cout << "\n" << r.markdown << "\n"
            << "wrote " << r.markdown_path << " and " << r.latex_path << "\n";
  std::printf("demo finished in %.1f s (%d runs: %d already done, %d done now, %d failed)\n", r.seconds,
              r.runs_planned, r.runs_already_done, r.runs_done_now, r.runs_failed);
  if (r.runs_failed > 0) throw ExitError(3, std::to_string(r.runs_failed) + " run(s) failed; see the lines above");
}

const CommandRegistrar kRegister(90, [](CLI::App& app) {
  auto o = std::make_shared<experiment::DemoWorkspaceOptions>();
  CLI::App* cmd = app.add_subcommand(
      "demo", "Run the whole pipeline headless on the built-in demo dataset (dataset, a small CLIP trained on it, features, "
              "Q-Former converter, reduced thesis sweep, tables); cached in the workspace");
  cmd->add_option("--workspace", o->workspace, "Workspace folder (created; reused when run again)");
  cmd->add_option("--converter", o->converter, "Converter trained on the caption/image pairs: qformer (a small one) or ridge")
      ->check(CLI::IsMember({"ridge", "qformer"}));
  cmd->add_option("--clip-epochs", o->clip_epochs,
                  "Epochs of contrastive CLIP training on the demo's training pairs (0: random weights, quick)")
      ->check(CLI::Range(0, 10000));
  cmd->add_option("--clip-batch-size", o->clip_batch_size, "Pairs per contrastive batch of the CLIP training")
      ->check(CLI::Range(2, 4096));
  cmd->add_option("--clip-lr", o->clip_lr, "Peak learning rate of the CLIP training")->check(CLI::Range(1e-6, 1.0));
  cmd->add_option("--threads", o->threads, "LibTorch threads (0: default)")->check(CLI::Range(0, 1024));
  cmd->callback([o] { run_demo(*o); });
});

}  // namespace
}  // namespace plumage::cli

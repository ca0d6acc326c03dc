// The headless demo: the whole research loop on the built-in demo dataset in
// one call, every step cached in a workspace folder so a second call only
// checks and reprints:
//   dataset/          procedurally drawn birds (data::make_demo_dataset)
//   model/            a random-weight CLIP-shaped model (model.safetensors)
//                     with a BPE vocabulary learned from the demo texts
//   features/         image features; Reed captions and class descriptions
//                     (with per-token outputs when the converter is a Q-Former)
//   converters/       a small Q-Former trained on the caption/image pairs
//                     (or closed-form ridge with converter = "ridge")
//   sweep.json        a reduced thesis sweep (ratios x text sources x seeds)
//   workspace.sqlite  its runs (re-running skips DONE runs)
//   results.md / results.tex   the thesis-layout table
// Random weights make the numbers meaningless as research results; the
// point is that every stage runs for real, end to end, quickly.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace plumage::experiment {

struct DemoWorkspaceOptions {
  std::string workspace = "plumage-demo";
  // Dataset.
  int classes = 20;
  int images_per_class = 30;
  int image_size = 128;
  uint64_t seed = 1;
  // Tokenizer + model.
  int bpe_merges = 400;
  int embed_dim = 64;
  int image_resolution = 64;
  int patch_size = 8;
  int width = 64;
  int layers = 2;
  // Converter and sweep.
  std::string converter = "qformer";  // "qformer" or "ridge"
  int converter_epochs = 4;            // Q-Former only
  int adapter_epochs = 100;
  std::vector<double> ratios{1.0, 0.5, 0.1, 0.0};
  std::vector<int> seeds{0, 1};
  int threads = 0;  // torch intra-op threads; 0: leave as is
};

struct DemoStep {
  std::string name;
  bool cached = false;  // already present and valid: nothing recomputed
  double seconds = 0;
  std::string detail;
};

struct DemoWorkspaceResult {
  std::vector<DemoStep> steps;
  int runs_planned = 0, runs_already_done = 0, runs_done_now = 0, runs_failed = 0;
  bool cancelled = false;
  std::string markdown;  // the table
  std::string markdown_path, latex_path;
  double seconds = 0;
};

// One progress line ("[3/8] image features: 200 images in 4.1 s").
using DemoProgressFn = std::function<void(const std::string& line)>;

// Runs (or resumes) the demo. Throws std::runtime_error subclasses naming
// the file at fault; returns with `cancelled` set when `cancel` turns true.
DemoWorkspaceResult run_demo_workspace(const DemoWorkspaceOptions& options, const DemoProgressFn& progress = {},
                                       const std::atomic<bool>* cancel = nullptr);

}  // namespace plumage::experiment

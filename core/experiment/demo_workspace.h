// The headless demo: the whole research loop on the built-in demo dataset in
// one call, every step cached in a workspace folder so a second call only
// checks and reprints:
//   dataset/          procedurally drawn birds (data::make_demo_dataset)
//   model/            a small CLIP (model.safetensors) trained contrastively
//                     on the TRAINING images and their captions, with a BPE
//                     vocabulary learned from the demo texts
//   cache/features/   image features; Reed captions and class descriptions
//                     (with per-token outputs when the converter is a Q-Former);
//                     class prompts (the zero-shot baseline)
//   converters/       a small Q-Former trained on the caption/image pairs
//                     (or closed-form ridge with converter = "ridge")
//   sweep.json        a reduced thesis sweep (ratios x text sources x seeds)
//   workspace.sqlite  its runs (re-running skips DONE runs)
//   results.md / results.tex   the thesis-layout table (written last)
// The folders are the workbench's own (ui/workspace.h: the store, the feature
// cache, the converters folder), so the workbench opens such a folder as a
// workspace, and its first-start demo workspace is made by this same call.
// The CLIP is trained on the demo's own training split (never its test
// images), so zero-shot, the adapter and the converters work on it and the
// sweep shows the study's shape; still, these are demo numbers on drawn
// birds, not research results. clip_epochs = 0 keeps random weights: the
// quick path (tests that only check that every stage runs, and the
// workbench's first start, which should be ready in seconds).
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
  int patch_size = 16;  // 4 x 4 patches: a quarter of 8 px patches' cost
  int width = 64;
  int layers = 2;
  // Contrastive training of the model (0: random weights, the quick path).
  int clip_epochs = 200;
  int clip_batch_size = 32;  // more steps for the same compute, fewer same-species pairs per batch
  double clip_lr = 2e-3;
  // Converter and sweep.
  std::string converter = "qformer";  // "qformer" or "ridge"
  int converter_epochs = 4;            // Q-Former only
  int adapter_epochs = 300;
  double adapter_lr = 0.01;  // 64-dim features, a dozen images a class: short runs need a high rate
  std::vector<double> ratios{1.0, 0.5, 0.1, 0.0};
  std::vector<int> seeds{0, 1};
  int threads = 0;  // torch intra-op threads; 0: leave as is
  // A dataset/ folder without the finished-dataset marker (a generation that
  // was interrupted) is refused, as it may be the user's; the workbench's own
  // demo workspace sets this to draw it again instead.
  bool replace_unfinished_dataset = false;
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

// One progress line ("[4/9] image features: done in 0.5 s (600 images)"),
// with the number of steps finished so far out of all steps.
using DemoProgressFn = std::function<void(const std::string& line, int steps_done, int steps_total)>;

// Where the demo's parts lie in a workspace folder (absolute paths).
struct DemoLayout {
  std::string dataset;       // <ws>/dataset (CUB layout)
  std::string captions;      // <ws>/dataset/text_c10
  std::string descriptions;  // <ws>/dataset/descriptions.json
  std::string features;      // <ws>/cache/features
  std::string converters;    // <ws>/converters
  std::string store;         // <ws>/workspace.sqlite
  std::string results;       // <ws>/results.md, written last
};
DemoLayout demo_layout(const std::string& workspace);

// True when the folder holds a finished demo dataset (its marker file).
bool has_demo_dataset(const std::string& workspace);
// True when every demo step has finished once (the results table exists).
bool demo_workspace_finished(const std::string& workspace);

// Runs (or resumes) the demo. Throws std::runtime_error subclasses naming
// the file at fault; returns with `cancelled` set when `cancel` turns true.
DemoWorkspaceResult run_demo_workspace(const DemoWorkspaceOptions& options, const DemoProgressFn& progress = {},
                                       const std::atomic<bool>* cancel = nullptr);

}  // namespace plumage::experiment

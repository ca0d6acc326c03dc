// Training a text->image converter as a recorded run: the one call behind
// the GUI's Train Converter dialog and `plumage-cli train-converter`. The
// training is a run of its own in the store (config, per-epoch metrics, final
// diagnostics, the checkpoint as an artifact of kind "converter"), so the
// Runs page and the converter chooser find it whichever side started it.
// Torch-free header.
#pragma once

#include "core/experiment/engine_types.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace plumage::experiment {

using train::ConverterResult;

struct ConverterJobParams {
  ConverterConfig config;  // kind and the options of that kind (resume_from: continue a Q-Former)
  std::string image_path;  // image feature file
  std::string text_path;   // text feature file whose texts are tied to those images
  // Optional, both or neither: validation pairs from files of their own (COCO
  // val2017 beside train2017) instead of config.val_fraction of the images.
  std::string val_image_path, val_text_path;
  std::string output_path;  // the checkpoint to write
  bool overwrite = false;   // false: an existing output is a problem
  std::string name;         // shown in the store and the converter chooser
  // (config.include_test_images: pairs of test-split images too; off by default)
  std::string store_path;   // the store the run is recorded in; "" = not recorded
};

// What can be wrong with a request before anything runs. `code` lets a UI
// word the problem in its own language; `message` is the English text and
// `args` the values it names (file, number), in order.
struct JobProblem {
  enum Code {
    NothingToTrain,     // identity converter
    NoImageFile,
    ImageFileMissing,   // args: path
    NoTextFile,
    TextFileMissing,    // args: path
    NoName,
    ResumeMissing,      // args: path
    NoOutput,
    OutputExists,       // args: file name
    RidgeLambda,
    NoiseSigma,
    QFormerSizes,
    QFormerHeads,       // args: hidden, heads
    MixedClipModels,    // args: text file, its model, image (or checkpoint) file, its model
  } code;
  std::string message;
  std::vector<std::string> args;
};

// Includes one CLIP model for the images, the texts and a checkpoint to
// continue from (reads their headers).
std::vector<JobProblem> check_converter_job(const ConverterJobParams& params);
// What cannot be checked (inputs without a CLIP weights hash): shown, not refused.
std::vector<std::string> converter_job_notes(const ConverterJobParams& params);

// Where a converter training is (for progress lines).
struct ConverterProgress {
  enum Stage { LoadingImages, LoadingTexts, Fitting, Training, Epoch, Done } stage = Done;
  std::string file = {};  // LoadingImages, LoadingTexts: the file's name
  int epoch = 0, epochs = 0;  // Training, Epoch
  double loss = 0;            // Epoch: train loss
};
// The English line for a progress step ("Epoch 3 of 10, loss 0.412").
std::string describe(const ConverterProgress& p);

struct ConverterJobCallbacks {
  std::function<void(const ConverterProgress&)> progress;
  std::function<void(int epoch, const std::string& key, double value)> metric;  // after it is stored
  const std::atomic<bool>* cancel = nullptr;
};

struct ConverterJobOutcome {
  std::string path, kind, name;
  int64_t run_id = 0;  // 0 when not recorded
  std::string run_key;
  ConverterResult result;
};

// The "job" value of a converter training's run config ("train_converter");
// the config also holds name, converter (the ConverterConfig), features
// {image, text}, output and seed.
const char* converter_run_job();

// Checks, trains (the checkpoint records what it was trained on: the files,
// their content and CLIP weights hashes, the split, the pair counts, the
// config; it goes through a temporary file, so a
// cancelled or failed training leaves none behind), records. Throws
// RunCancelled when cancelled, std::invalid_argument listing the problems of
// a bad request, FeatureFileError for bad inputs, std::exception otherwise;
// the run is marked CANCELLED or FAILED with the reason first.
ConverterJobOutcome train_converter_job(const ConverterJobParams& params, const ConverterJobCallbacks& callbacks = {});

// A Q-Former checkpoint that training can continue from: the config it was
// trained with (its architecture, loss and pair split must be kept) and the
// epochs it has run. Reads the header only. Throws CheckpointError saying
// why a file cannot be continued from.
struct ResumableCheckpoint {
  ConverterConfig config;
  int epochs = 0;
};
struct CheckpointError : std::runtime_error {
  enum Code { Unreadable, NoConfig, NotQFormer, NoTrainingState } code;
  std::string file;  // the file's name
  CheckpointError(Code c, std::string f, const std::string& what) : std::runtime_error(what), code(c), file(std::move(f)) {}
};
ResumableCheckpoint read_resumable_checkpoint(const std::string& path);

}  // namespace plumage::experiment

// Training a text->image converter from the GUI: the work a Job runs
// (core's train_converter on a pair of feature files), writing the
// checkpoint into the workspace and recording the training in the run store
// as a run of its own — config, per-epoch metrics, final diagnostics and the
// checkpoint as an artifact of kind "converter" (the store keeps artifacts
// per run, so the training is the run that owns it). Torch-free header.
#pragma once

#include "engine/train/configs.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace plumage::ui {

class JobContext;

struct ConverterTrainingRequest {
  train::ConverterConfig config;  // kind and the options of that kind
  QString imagePath;              // image feature file
  QString textPath;               // text feature file whose texts are tied to those images
  QString outputPath;             // the checkpoint to write (must not exist yet)
  QString name;                   // shown in the store and the converter chooser
  QString storePath;              // the workspace's store; "" = do not record
};

struct ConverterTrainingOutcome {
  QString path;
  QString kind;
  QString name;
  qint64 runId = 0;  // 0 when not recorded
  double valCosine = 0, valR1 = 0, valR5 = 0, trainCosine = 0;
  qint64 valPairs = 0, trainPairs = 0;
  int epochsRun = 0;
  double seconds = 0;
};

// A Q-Former checkpoint that training can continue from: the config it was
// trained with (its architecture, loss and pair split must be kept) and the
// epochs it has run.
struct ResumableCheckpoint {
  train::ConverterConfig config;
  int epochs = 0;
};

// Reads a checkpoint's header (no tensors). False with *error when the file is
// not a Q-Former checkpoint that holds its training state.
bool readResumableCheckpoint(const QString& path, ResumableCheckpoint* out, QString* error);

// What is wrong with a request before anything runs (empty = fine).
QStringList checkConverterRequest(const ConverterTrainingRequest& r);

// The "job" value of a converter training's run config in the store
// ("train_converter"); the config also holds name, converter (the
// ConverterConfig), features {image, text}, output and seed.
QString converterRunJob();

// Runs on the Job's thread: trains, saves (through a temporary file, so a
// cancelled or failed training leaves no checkpoint behind), records. Throws
// JobCancelled when cancelled, std::exception on errors.
ConverterTrainingOutcome trainConverterWork(JobContext& ctx, const ConverterTrainingRequest& r);

}  // namespace plumage::ui

Q_DECLARE_METATYPE(plumage::ui::ConverterTrainingOutcome)

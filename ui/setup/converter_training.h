// Training a text->image converter from the GUI: the Job's side of
// core/experiment's train_converter_job (which trains, writes the checkpoint
// into the workspace and records the training as a run of the store). This
// file only turns the dialog's request into the job's parameters and the
// job's problems and progress into translated text.
#pragma once

#include "core/experiment/converter_job.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace plumage::ui {

class JobContext;

struct ConverterTrainingRequest {
  experiment::ConverterConfig config;  // kind and the options of that kind
  QString imagePath;                   // image feature file
  QString textPath;                    // text feature file whose texts are tied to those images
  QString valImagePath, valTextPath;   // both or neither: validation pairs from files of their own
  QString outputPath;                  // the checkpoint to write (must not exist yet)
  QString name;                        // shown in the store and the converter chooser
  QString storePath;                   // the workspace's store; "" = do not record
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

using ResumableCheckpoint = experiment::ResumableCheckpoint;

// Reads a checkpoint's header (no tensors). False with *error when the file is
// not a Q-Former checkpoint that holds its training state.
bool readResumableCheckpoint(const QString& path, ResumableCheckpoint* out, QString* error);

// What is wrong with a request before anything runs (empty = fine), translated.
QStringList checkConverterRequest(const ConverterTrainingRequest& r);

// The "job" value of a converter training's run config in the store.
QString converterRunJob();

// Runs on the Job's thread. Throws JobCancelled when cancelled, std::exception
// on errors.
ConverterTrainingOutcome trainConverterWork(JobContext& ctx, const ConverterTrainingRequest& r);

}  // namespace plumage::ui

Q_DECLARE_METATYPE(plumage::ui::ConverterTrainingOutcome)

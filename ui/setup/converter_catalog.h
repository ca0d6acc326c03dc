// The converters a setup can choose: checkpoint files in the workspace
// (its converters folder and feature cache) and the converters the run store
// knows (artifacts of kind "converter", e.g. those trained on the setup
// page), merged so that each file appears once, with a readable label.
#pragma once

#include "ui/setup/feature_catalog.h"

#include <QString>
#include <QVector>

#include <limits>

namespace plumage::ui {

struct ConverterEntry {
  QString path;  // absolute
  QString kind;  // meanshift | noise | ridge | qformer | ... ("" when unknown)
  QString name;  // the training run's name, else the file's base name
  double valCosine = std::numeric_limits<double>::quiet_NaN();
  qint64 runId = 0;    // the store's run that produced it; 0 = not in the store
  bool exists = true;  // false: the store names a file that is gone
  // From its header: "train", "train+test", or "" (unknown; see FeatureFileEntry).
  QString trainedOn;
  bool headerRead = false;  // trainedOn came from the file's header

  // "ridge · cub-ridge · val cos 0.812" (+ "· ⚠ trained on test images" or
  // "· training data unknown", + "(file missing)").
  QString label() const;
};

// Where trained converters are written: <workspace>/converters.
QString workspaceConverterDir(const QString& workspaceRoot);
// A file name for a converter called `name` (unsafe characters replaced).
QString converterFileName(const QString& name);

// Converter artifacts recorded in the store at `storePath`, newest first. A
// missing store is empty (a new workspace); an unreadable one sets *error.
QVector<ConverterEntry> storeConverters(const QString& storePath, QString* error);

// The store's converters, then the converter checkpoints among `files` that
// the store does not name; one entry per file (compared by canonical path).
QVector<ConverterEntry> mergeConverters(const QVector<ConverterEntry>& fromStore,
                                        const QVector<FeatureFileEntry>& files);

}  // namespace plumage::ui

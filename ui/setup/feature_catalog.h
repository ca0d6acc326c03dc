// The feature files a setup can use: every *.safetensors file in the
// workspace's feature cache (and any file the user picked), classified by its
// header metadata (kind image/text, text source, converter checkpoints)
// without loading tensors.
#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

#include <limits>

namespace plumage::ui {

struct FeatureFileEntry {
  QString path;
  QString kind;    // "image", "text", "converter", or "" when unknown
  QString source;  // text files: "reed", "llm", "prompts", ...
  QString textUnit;  // text files: what one row is ("variant", "field", "caption", ...); "" in older files
  QString model;
  int classes = 0;
  bool hasTokens = false;  // text files: per-token features (what a Q-Former converter reads)
  bool pairsOnly = false;  // image files without classes, paired with captions by id (COCO): converters only
  QString problem;  // non-empty: the header could not be read
  // Converter checkpoints: validation diagnostics stored with them (NaN when absent).
  double valCosine = std::numeric_limits<double>::quiet_NaN();
  double valR1 = std::numeric_limits<double>::quiet_NaN();
  // Converter checkpoints: which images its pairs came from, "train" or
  // "train+test"; "" when the checkpoint does not say (older than the record).
  QString trainedOn;

  QString label() const;  // "cub_image.safetensors (image, 200 classes)"
};

// What a converter's label says about its training data: "" for training
// images only, else "trained on test images" / "training data unknown".
QString trainingDataWarning(const QString& trainedOn);

// Reads one file's header; `problem` is set on failure.
FeatureFileEntry describeFeatureFile(const QString& path);
// All *.safetensors under `dir` (recursively), sorted by path.
QVector<FeatureFileEntry> scanFeatureFiles(const QString& dir);
// The same over several folders (missing ones are skipped), each file once.
QVector<FeatureFileEntry> scanFeatureFiles(const QStringList& dirs);

}  // namespace plumage::ui

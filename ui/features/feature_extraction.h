// Feature extraction from the workbench: which CLIP model, which of the open
// dataset's parts (images, Reed captions, class descriptions, class prompts;
// COCO caption pairs for a converter) and where the
// feature files go (the workspace's feature cache, where the Setup page lists
// them). The steps run core/features' extraction jobs on a worker Job; an
// up-to-date file (same cache key) is kept, not recomputed.
#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

namespace plumage::ui {

class JobContext;

struct FeatureExtractionSettings {
  QString modelPath;  // CLIP weights (OpenAI .pt, safetensors, Hugging Face folder)
  bool images = true;
  bool captions = true;
  bool descriptions = true;
  bool prompts = true;  // class prompts from the zero-shot template (zero-shot baseline, adapter init)
  bool tokens = true;   // per-token text outputs, what a Q-Former converter reads (larger files)
  // Descriptions: one text per field ("Beak: ...", each within CLIP's 77 tokens)
  // instead of the whole description as one text cut at 77 tokens.
  bool descriptionsPerField = false;
  // COCO pairs (for a converter): a captions_*.json and its image folder ("":
  // found beside it) -> an image file with COCO ids (pairs only, no classes)
  // and a caption file paired with it by those ids.
  bool coco = false;
  QString cocoCaptions;
  QString cocoImages;
  QString device = QStringLiteral("auto");  // auto | cpu | cuda
  int imageBatch = 64;

  // Kept between sessions (QSettings, "features/…"): model, parts, options.
  static FeatureExtractionSettings load();
  void save() const;
};

// What the open dataset offers; empty paths are parts it does not have.
struct FeatureExtractionInputs {
  QString datasetName;
  QString datasetRoot;
  QString captionsDir;
  QString descriptionsFile;  // plumage-descriptions JSON (the workspace's copy)
  QString outputDir;         // the workspace's feature cache
};

struct FeatureExtractionStep {
  enum Kind { Images, Captions, Descriptions, Prompts, Coco } kind = Images;
  QString outPath;      // Coco: the image file
  QString textOutPath;  // Coco: the caption file
  QString title() const;  // "image features", ...
};

// The steps the settings ask for, or an empty list with *error set (no model
// file, no vocabulary beside it, nothing to extract).
QVector<FeatureExtractionStep> planFeatureExtraction(const FeatureExtractionSettings& settings,
                                                     const FeatureExtractionInputs& inputs, QString* error);

// COCO's files: "coco-<split>-<model>-<images|captions>.safetensors" in outputDir.
QString cocoOutputPath(const FeatureExtractionInputs& inputs, const QString& modelPath, const QString& captionsFile,
                       const QString& part);

// Output file of one part: "<dataset>-<model>-<part>.safetensors" in outputDir.
QString featureOutputPath(const FeatureExtractionInputs& inputs, const QString& modelPath,
                          const QString& part);

// Runs the steps in order on the calling (worker) thread with progress and
// cancellation from `ctx`. Returns one line per step ("image features: 600
// rows, written in 4.1 s"), then one line per skipped image and warning.
// Throws the extraction's error (naming the file at fault) or JobCancelled.
QStringList runFeatureExtraction(const QVector<FeatureExtractionStep>& steps,
                                 const FeatureExtractionSettings& settings,
                                 const FeatureExtractionInputs& inputs, JobContext& ctx);

}  // namespace plumage::ui

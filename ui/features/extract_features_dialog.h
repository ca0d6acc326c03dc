// "Extract Features…": choose a CLIP model and which parts of the open
// dataset to encode (images, Reed captions, class descriptions, class
// prompts for the zero-shot baseline) and, for a converter, COCO caption
// pairs (a captions file and its image folder), with the
// device and whether text files keep per-token outputs. The dialog only
// collects the settings and shows why they cannot run yet; the main window
// runs the extraction as a Job.
#pragma once

#include "ui/features/feature_extraction.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace plumage::ui {

class ExtractFeaturesDialog : public QDialog {
  Q_OBJECT
 public:
  ExtractFeaturesDialog(const FeatureExtractionInputs& inputs, const FeatureExtractionSettings& settings,
                        QWidget* parent = nullptr);

  FeatureExtractionSettings settings() const;
  // The steps the current settings give (empty while they cannot run).
  QVector<FeatureExtractionStep> steps() const { return steps_; }

 private:
  void browseModel();
  void browseCoco();
  void browseCocoImages();
  void revalidate();

  FeatureExtractionInputs inputs_;
  QVector<FeatureExtractionStep> steps_;
  QLineEdit* model_;
  QCheckBox* images_;
  QCheckBox* captions_;
  QCheckBox* descriptions_;
  QCheckBox* prompts_;
  QCheckBox* tokens_;
  QCheckBox* coco_;
  QLineEdit* cocoCaptions_;
  QLineEdit* cocoImages_;
  QComboBox* descriptionUnit_;
  QComboBox* device_;
  QSpinBox* batch_;
  QLabel* outputs_;
  QLabel* problem_;
  QDialogButtonBox* buttons_;
};

}  // namespace plumage::ui

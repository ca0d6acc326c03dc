// "Train a converter…" (setup page): choose the kind (mean shift, noise,
// ridge, Q-Former), the paired image/text feature files, the kind's main
// options and a name; the training runs on a Job (progress, cancel) and the
// dialog shows the validation diagnostics the engine returns. The checkpoint
// goes into the workspace's converters folder and is recorded in the store.
// A Q-Former can continue from an earlier checkpoint (its architecture, loss,
// pair split and optimizer state) for more epochs, into a new checkpoint.
#pragma once

#include "ui/setup/converter_training.h"
#include "ui/setup/feature_catalog.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace plumage::ui {

class Job;

class TrainConverterDialog : public QDialog {
  Q_OBJECT
 public:
  // `files`: the workspace's feature catalog; `outputDir`: where checkpoints
  // go; `storePath`: the run store ("" = record nothing).
  TrainConverterDialog(const QVector<FeatureFileEntry>& files, const QString& outputDir,
                       const QString& storePath, QWidget* parent = nullptr);
  ~TrainConverterDialog() override;

  void setKind(const QString& kind);  // meanshift | noise | ridge | qformer
  QString kind() const;
  void setName(const QString& name);
  // Selects these files (added to the choosers when not offered).
  void setFeatureFiles(const QString& image, const QString& text);

  ConverterTrainingRequest request() const;
  QStringList problems() const;  // of request(); shown under the form
  // Starts the training; false with *error when the request has problems or a training runs.
  bool startTraining(QString* error = nullptr);
  Job* job() const { return job_; }
  bool isRunning() const;
  const ConverterTrainingOutcome& outcome() const { return outcome_; }

 public slots:
  void reject() override;  // while training: cancels first, closes when it ended

 signals:
  void jobStarted(plumage::ui::Job* job);
  // The checkpoint exists and is recorded; `path` is absolute.
  void converterTrained(const QString& path);

 private:
  QWidget* makeOptionsPage(int kindIndex);
  void showOptionsPage(int index);
  void fillFiles(QComboBox* combo, const QString& kind);
  void suggestName();
  void updateState();
  void showOutcome(const ConverterTrainingOutcome& o);
  void growToFit();
  void fillResumeChoices();
  void resumeChanged();
  void presetChanged();
  bool resuming() const;  // a Q-Former continuing from a checkpoint
  bool separateValidation() const;  // validation pairs from files of their own

  QVector<FeatureFileEntry> files_;
  QString outputDir_;
  QString storePath_;
  QComboBox* kind_;
  QLineEdit* name_;
  QComboBox* image_;
  QComboBox* text_;
  QCheckBox* normalize_;
  QCheckBox* includeTest_;  // pairs of test-split images too (off by default)
  QDoubleSpinBox* valFraction_;
  QComboBox* valSource_;  // "fraction" of the images, or "files" of their own
  QComboBox* valImage_;
  QComboBox* valText_;
  QSpinBox* seed_;
  QComboBox* device_;
  QStackedWidget* options_;
  QDoubleSpinBox* sigma_;
  QDoubleSpinBox* lambda_;
  QComboBox* qPreset_;  // "" (the engine's defaults) or a converter preset's name
  QSpinBox* qCrossEvery_;
  QSpinBox* qLayers_;
  QSpinBox* qQueries_;
  QSpinBox* qHidden_;
  QSpinBox* qHeads_;
  QSpinBox* qEpochs_;
  QDoubleSpinBox* qLr_;
  QSpinBox* qBatch_;
  QComboBox* qResume_;
  QLabel* qResumeNote_;
  ResumableCheckpoint resume_;  // of qResume_'s choice, when readable
  QString resumeProblem_;
  QLabel* problems_;
  QProgressBar* progress_;
  QLabel* status_;
  QLabel* diagnostics_;
  QPushButton* train_;
  QPushButton* cancel_;
  QDialogButtonBox* buttons_;
  QPointer<Job> job_;
  ConverterTrainingOutcome outcome_;
  bool nameEdited_ = false;
  bool closeWhenDone_ = false;
};

}  // namespace plumage::ui

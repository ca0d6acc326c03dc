// The description-generation dialog: endpoint, model, key source, prompt
// template, language, fields, classes and variants; a cost estimate before
// starting; then a batch (core/llm run_batch) on a worker Job with progress,
// a log, Cancel (finish the requests in flight, keep what is paid for) and a
// second Cancel that aborts them. Results go into the workspace's own copy of
// the descriptions file, and the open dataset is reloaded so the description
// inspector shows them.
#pragma once

#include "generation_settings.h"

#include <QDialog>
#include <QPointer>
#include <QVariantMap>

#include <atomic>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace plumage::ui {

class Job;
class Workspace;

class GenerateDescriptionsDialog : public QDialog {
  Q_OBJECT
 public:
  explicit GenerateDescriptionsDialog(Workspace* workspace, QWidget* parent = nullptr);
  ~GenerateDescriptionsDialog() override;

  GenerationSettings settings() const;
  void setSettings(const GenerationSettings& s);
  // Selects the classes with these keys ("001.Black_footed_Albatross") only.
  void selectClasses(const QStringList& keys);
  // Recomputes the estimate shown; returns false (and shows why) when the settings are invalid.
  bool updateEstimate();
  void start();
  void cancel();  // first call: graceful; second: abort requests in flight
  bool isRunning() const;

  // For tests.
  QString estimateText() const;
  QString logText() const;
  QVariantMap lastReport() const { return lastReport_; }

 signals:
  void batchFinished(const QVariantMap& report);  // after the inspector's data was reloaded

 protected:
  void reject() override;

 private:
  std::vector<llm::ClassTarget> selectedTargets() const;
  void appendLog(const QString& line);
  void onJobSucceeded(const QVariant& result);
  void onJobEnded(const QString& summary);
  void setRunning(bool running);
  bool ensureWorkspaceCopy(QString* path, QString* error);

  QPointer<Workspace> workspace_;
  Job* job_ = nullptr;
  std::atomic<bool> abort_{false};
  QVariantMap lastReport_;

  QLineEdit* baseUrl_;
  QLineEdit* model_;
  QLineEdit* keyEnvVar_;
  QLabel* keyStatus_;
  QComboBox* template_;
  QComboBox* language_;
  QLineEdit* fields_;
  QSpinBox* variants_;
  QSpinBox* concurrency_;
  QSpinBox* maxTokens_;
  QDoubleSpinBox* temperature_;
  QListWidget* classes_;
  QLabel* estimate_;
  QProgressBar* progress_;
  QPlainTextEdit* log_;
  QPushButton* estimateButton_;
  QPushButton* startButton_;
  QPushButton* cancelButton_;
  QPushButton* closeButton_;
};

}  // namespace plumage::ui

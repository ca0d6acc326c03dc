// The "Setup" page: compose an experiment (or a sweep) and launch it.
// Left: the experiment form; middle: the image ratios (global slider and the
// per-class table with the engine's plan counts) and the sweep lists; right:
// the problems found by core/experiment's validator and the resolved config
// as JSON, with the launch button. Presets load into all of these.
#pragma once

#include "ui/common/job.h"
#include "ui/shell/workspace_page.h"

#include <QPointer>

#include <nlohmann/json.hpp>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QSpacerItem;
class QToolButton;
class QPushButton;
class QTimer;
class QUndoStack;

namespace plumage::ui {

class ExperimentForm;

class RatioEditor;
class RatioTableModel;
class TrainConverterDialog;
class TrainingLauncher;

class SetupPage : public WorkspacePage {
  Q_OBJECT
 public:
  explicit SetupPage(TrainingLauncher* launcher, QWidget* parent = nullptr);

  QString pageId() const override { return QStringLiteral("setup"); }
  QString pageTitle() const override { return tr("Setup"); }
  QIcon pageIcon() const override;
  void setWorkspace(Workspace* workspace) override;
  bool isBusy() const override;
  // Lists the feature files and converters again (another process, or the
  // demo's preparation, may have written new ones).
  void activated() override;

  // What launch() would run: an experiment config, or a sweep {name, base, grid, ...}.
  nlohmann::json currentConfig() const;
  // Problems of the current config (core/experiment's messages, plus the form's own).
  QStringList problems() const { return problems_; }
  // Number of runs a launch starts (product of the sweep lists).
  int plannedRuns() const;
  bool launch(QString* error = nullptr);
  // Loads a preset or any experiment/sweep JSON file; *error names the problem.
  bool loadConfigFile(const QString& path, QString* error);
  // Fills the page from a config; the feature files too when `withFeatures`
  // (else the workspace's current choices stay).
  void applyConfig(const nlohmann::json& config, bool withFeatures = false);

  ExperimentForm* form() const { return form_; }
  RatioTableModel* ratioModel() const { return ratios_; }
  RatioEditor* ratioEditor() const { return ratioEditor_; }
  // Validates now instead of after the debounce delay (tests).
  void revalidate();
  // Opens "Train a converter…" (or raises the open one); the trained
  // converter is then offered and selected in the converter chooser.
  TrainConverterDialog* openTrainConverterDialog();

 signals:
  void launched(plumage::ui::Job* job);

 private:
  void reloadFeatureFiles();
  void reloadPlanInputs();
  void pushPlanSettings();
  void scheduleValidation();
  void updateSweepLabel();
  QVector<double> sweepRatios(QString* error) const;
  nlohmann::json experimentConfig() const;
  void saveConfigDialog();
  void fillPresets();
  void rememberConfig();

  TrainingLauncher* launcher_;
  QPointer<Workspace> workspace_;
  QUndoStack* ownUndo_;
  ExperimentForm* form_;
  RatioTableModel* ratios_;
  RatioEditor* ratioEditor_;
  QComboBox* presets_;
  QLineEdit* sweepRatios_;
  QLabel* extraGrid_;
  QPushButton* clearSweep_;
  QListWidget* problemList_;
  QPlainTextEdit* json_;
  QToolButton* jsonToggle_;  // shows or hides json_ (remembered)
  QSpacerItem* jsonSpacer_;  // keeps the Run button at the bottom while json_ is hidden
  QPushButton* launch_;
  QLabel* runCount_;
  QTimer* validateTimer_;
  QPointer<Job> planJob_;
  QPointer<TrainConverterDialog> trainDialog_;
  QString loadedInputs_;      // "image|text" of the rows in the ratio model
  nlohmann::json extraGridJson_ = nlohmann::json::object();  // sweep keys from a preset besides ratios and seeds
  nlohmann::json sweepExtras_ = nlohmann::json::object();  // "exclude", "table" of a loaded sweep
  QStringList problems_;
};

}  // namespace plumage::ui

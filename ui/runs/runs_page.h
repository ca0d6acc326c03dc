// The "Runs" page: every run of the workspace's store (status, config
// summary, top-1, duration), filtered by status, sweep and text; live curves
// of the selected runs (several overlay for comparison); the reason of a
// failed run; and cancelling the launch that runs the selected run.
// Reading the store happens on StorePoller's thread.
#pragma once

#include "ui/shell/workspace_page.h"

#include <QPointer>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace plumage::ui {

class CurvePlotWidget;
class RunsFilterModel;
class RunsTableModel;
class StorePoller;
class TrainingLauncher;

class RunsPage : public WorkspacePage {
  Q_OBJECT
 public:
  explicit RunsPage(TrainingLauncher* launcher, QWidget* parent = nullptr);
  ~RunsPage() override;

  QString pageId() const override { return QStringLiteral("runs"); }
  QString pageTitle() const override { return tr("Runs"); }
  QIcon pageIcon() const override;
  void setWorkspace(Workspace* workspace) override;
  bool isBusy() const override;
  void activated() override;

  RunsTableModel* model() const { return model_; }
  RunsFilterModel* filter() const { return filter_; }
  QTableView* table() const { return table_; }
  CurvePlotWidget* curves() const { return curves_; }
  StorePoller* poller() const { return poller_; }
  // Selects these runs (their curves are shown).
  void selectRuns(const QList<qint64>& ids);
  // Clears the filters and selects exactly these runs, now or as soon as the
  // store's runs are read (a Results table cell's "Show Runs").
  void showRuns(const QList<qint64>& ids);
  QList<qint64> selectedRunIds() const;

 private:
  void onRunsChanged();
  void onSelectionChanged();
  void updateDetails();
  void updateCancel();
  void applyStatusFilter();
  bool applyPendingShow();

  TrainingLauncher* launcher_;
  QPointer<Workspace> workspace_;
  StorePoller* poller_;
  RunsTableModel* model_;
  RunsFilterModel* filter_;
  QComboBox* statusFilter_;
  QComboBox* sweepFilter_;
  QLineEdit* textFilter_;
  QTableView* table_;
  CurvePlotWidget* curves_;
  QPlainTextEdit* details_;
  QLabel* counts_;
  QPushButton* cancel_;
  QTimer* durationTimer_;
  bool firstLoad_ = true;
  bool loaded_ = false;
  QList<qint64> pendingShow_;  // showRuns before the runs were read
};

}  // namespace plumage::ui

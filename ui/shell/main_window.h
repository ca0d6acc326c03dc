// The workbench's main window: a page list on the left and the pages in a
// stacked widget (browser, descriptions, and the experiment pages), menus,
// remembered window state, and a status bar that shows running jobs.
#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QVector>

#include "ui/common/job.h"
#include "ui/shell/workspace.h"

class QListWidget;
class QMenu;
class QStackedWidget;
class QUndoGroup;

namespace plumage::ui {

struct DatasetEntry;
class JobStatusWidget;
class WorkspacePage;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  // restoreState = false gives a fixed, reproducible layout (screenshots, tests).
  explicit MainWindow(bool restoreState = true, QWidget* parent = nullptr);
  ~MainWindow() override;

  // Adds a page to the list and the View menu (Ctrl+1, Ctrl+2, ... in order).
  void addPage(WorkspacePage* page);
  WorkspacePage* page(const QString& id) const;
  QStringList pageIds() const;
  bool showPage(const QString& id);
  // Selects a class of the open dataset (key or display name) and shows the
  // Descriptions page; false (status bar says why) when it is not there.
  bool openClass(const QString& className);
  WorkspacePage* currentPage() const;

  // Opens the workspace at `dir` (closing the current one). On failure shows
  // nothing and returns false with *error set.
  bool openWorkspace(const QString& dir, QString* error);
  // The built-in demo workspace: opened at once, prepared by a job on first
  // use (or until a preparation finishes): dataset, features, converter, runs.
  void openDemoWorkspace();
  Workspace* workspace() const { return workspace_; }

  // Shows the job in the status bar until it ends (progress, ETA, cancel).
  void trackJob(Job* job);
  // True while a job runs or a page is still loading (used by --screenshot).
  bool isBusy() const;

  // Where the built-in demo workspace lives (QStandardPaths::AppLocalDataLocation/demo-workspace).
  static QString demoWorkspaceDir();

 signals:
  void workspaceChanged(plumage::ui::Workspace* workspace);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void addStandardPages();
  void createMenus();
  void createLanguageMenu(QMenu* menu);
  void rebuildRecentMenu();
  void newWorkspaceDialog();
  void openWorkspaceDialog();
  void extractFeaturesDialog();
  QString descriptionsForExtraction(const DatasetEntry& d, QString* error);
  // Registers the demo dataset of `ws` if it is still the open workspace.
  void registerDemoDataset(Workspace* ws);
  void openWorkspaceInteractive(const QString& dir);
  void addDatasetDialog();
  void setWorkspace(Workspace* ws);
  void updateTitle();
  void showAbout();
  void saveWindowState();

  QListWidget* pageList_;
  QStackedWidget* stack_;
  QVector<WorkspacePage*> pages_;
  QMenu* viewMenu_ = nullptr;
  QMenu* recentMenu_ = nullptr;
  QUndoGroup* undoGroup_;
  JobStatusWidget* jobStatus_;
  QPointer<Workspace> workspace_;
  QPointer<Job> demoJob_;
  QPointer<Job> extractJob_;
  bool restoreState_;
};

}  // namespace plumage::ui

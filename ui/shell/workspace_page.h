// Base class of the main window's pages (browser, descriptions, setup, runs,
// results). A page is told which workspace is open and reports jobs and status
// messages to the main window; it never owns the workspace.
//
// Adding a page: subclass WorkspacePage in its own file and add one line to
// MainWindow::addStandardPages().
#pragma once

#include <QIcon>
#include <QString>
#include <QWidget>

namespace plumage::ui {

class Job;
class Workspace;

class WorkspacePage : public QWidget {
  Q_OBJECT
 public:
  using QWidget::QWidget;

  virtual QString pageId() const = 0;     // stable, used by --page and settings: "browser"
  virtual QString pageTitle() const = 0;  // translated, shown in the page list
  virtual QIcon pageIcon() const { return {}; }
  // The workspace now open, or nullptr. Called whenever it changes.
  virtual void setWorkspace(Workspace* workspace) = 0;
  // True while the page is still loading what it is about to show; the
  // screenshot mode waits until every page is idle.
  virtual bool isBusy() const { return false; }
  // The page became the visible one.
  virtual void activated() {}
  // Shows a part of the page (a tab) by id, for --page PAGE/SECTION; false when unknown.
  virtual bool showSection(const QString& section) {
    Q_UNUSED(section);
    return false;
  }

 signals:
  void statusMessage(const QString& text, int timeoutMs);
  // A job the page started; the main window shows it in the status bar.
  void jobStarted(plumage::ui::Job* job);
};

}  // namespace plumage::ui

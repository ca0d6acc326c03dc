#include "ui/realdata/real_data_entry.h"

#include "ui/realdata/real_data_dialog.h"
#include "ui/shell/main_window.h"
#include "ui/shell/screenshot.h"
#include "ui/shell/workspace.h"

#include <QAction>
#include <QApplication>
#include <QDeadlineTimer>
#include <QEvent>
#include <QMenu>
#include <QPushButton>
#include <QStatusBar>
#include <QThread>

#include <cstdio>

namespace plumage::ui {
namespace {

// Owns the action and the button; retranslates them on a language change.
class RealDataEntry : public QObject {
  Q_DECLARE_TR_FUNCTIONS(RealDataEntry)
 public:
  RealDataEntry(MainWindow* window, QMenu* help) : QObject(window), window_(window) {
    action_ = help->addAction(QString(), window, [this] { open(); });
    action_->setObjectName(QStringLiteral("realExperimentAction"));
    button_ = new QPushButton(window);
    button_->setObjectName(QStringLiteral("realExperimentButton"));
    button_->setFlat(true);
    window->statusBar()->addPermanentWidget(button_);
    QObject::connect(button_, &QPushButton::clicked, this, [this] { open(); });
    QObject::connect(window, &MainWindow::workspaceChanged, this, [this](Workspace* ws) {
      if (ws) QObject::connect(ws, &Workspace::currentDatasetChanged, this, [this] { update(); });
      update();
    });
    window->installEventFilter(this);
    retranslate();
    update();
  }

  bool eventFilter(QObject* watched, QEvent* event) override {
    if (watched == window_ && event->type() == QEvent::LanguageChange) retranslate();
    return false;
  }

 private:
  void retranslate() {
    action_->setText(tr("&Real Experiment…"));
    action_->setStatusTip(tr("What the study needs beyond the demo, where it comes from, and a check of your files"));
    button_->setText(tr("Demo data: set up the real experiment…"));
    button_->setToolTip(action_->statusTip());
  }
  // Shown while the open dataset is the demo's (the built-in demo workspace or a `plumage-cli demo` folder).
  void update() {
    Workspace* ws = window_->workspace();
    const DatasetEntry* d = ws ? ws->currentDataset() : nullptr;
    button_->setVisible(d && *d == demoDatasetEntry(ws->root()));
  }
  void open() {
    RealDataDialog dlg(window_->workspace(), window_);
    dlg.exec();
  }

  MainWindow* window_;
  QAction* action_;
  QPushButton* button_;
};

}  // namespace

void installRealDataEntry(MainWindow* window, QMenu* helpMenu) { new RealDataEntry(window, helpMenu); }

int takeRealDataScreenshot(MainWindow& window, const ScreenshotRequest& request) {
  RealDataDialog dlg(window.workspace(), &window);
  dlg.resize(900, 880);  // every line without scrolling
  dlg.show();
  QDeadlineTimer deadline(request.timeoutMs);
  while (dlg.isChecking() && !deadline.hasExpired()) {
    QApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(10);
  }
  if (dlg.isChecking()) std::fprintf(stderr, "plumage: checks still running after %d ms; taking the screenshot anyway\n", request.timeoutMs);
  QApplication::processEvents();
  return writeScreenshot(&dlg, request);
}

}  // namespace plumage::ui

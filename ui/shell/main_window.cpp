#include "ui/shell/main_window.h"

#include "ui/shell/add_dataset_dialog.h"
#include "ui/browser/browser_page.h"
#include "ui/shell/dataset_session.h"
#include "ui/descriptions/descriptions_document.h"
#include "ui/descriptions/descriptions_page.h"
#include "core/experiment/runtime.h"
#include "core/experiment/demo_workspace.h"
#include "ui/runs/runs_page.h"
#include "ui/setup/setup_page.h"
#include "ui/setup/training_launcher.h"
#include "ui/features/extract_features_dialog.h"
#include "ui/common/job.h"
#include "ui/llm/generate_descriptions_dialog.h"
#include "ui/realdata/real_data_entry.h"
#include "ui/results/results_page.h"
#include "ui/shell/job_status_widget.h"
#include "ui/shell/language.h"
#include "ui/shell/workspace.h"
#include "ui/shell/workspace_page.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPair>
#include <QPointer>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QUndoGroup>
#include <QUndoStack>

namespace plumage::ui {

MainWindow::MainWindow(bool restoreState, QWidget* parent)
    : QMainWindow(parent), undoGroup_(new QUndoGroup(this)), restoreState_(restoreState) {
  setObjectName(QStringLiteral("MainWindow"));
  auto* splitter = new QSplitter(Qt::Horizontal, this);
  splitter->setObjectName(QStringLiteral("mainSplitter"));
  pageList_ = new QListWidget(splitter);
  pageList_->setObjectName(QStringLiteral("pageList"));
  pageList_->setIconSize(QSize(24, 24));
  pageList_->setMinimumWidth(120);
  pageList_->setMaximumWidth(220);
  pageList_->setAccessibleName(tr("Pages"));
  stack_ = new QStackedWidget(splitter);
  splitter->addWidget(pageList_);
  splitter->addWidget(stack_);
  splitter->setStretchFactor(1, 1);
  splitter->setCollapsible(1, false);
  setCentralWidget(splitter);
  connect(pageList_, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row < 0 || row >= pages_.size()) return;
    stack_->setCurrentIndex(row);
    pages_[row]->activated();
  });

  jobStatus_ = new JobStatusWidget(this);
  statusBar()->addPermanentWidget(jobStatus_);
  connect(jobStatus_, &JobStatusWidget::message, statusBar(), &QStatusBar::showMessage);

  createMenus();
  addStandardPages();
  pageList_->setCurrentRow(0);
  updateTitle();

  resize(1280, 800);
  if (restoreState_) {
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    QMainWindow::restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    splitter->restoreState(s.value(QStringLiteral("window/splitter")).toByteArray());
    showPage(s.value(QStringLiteral("window/page")).toString());
  }
  if (!restoreState_) splitter->setSizes({150, 1130});
}

MainWindow::~MainWindow() = default;

void MainWindow::addStandardPages() {
  // One line per page; the experiment pages (setup, runs, results) join here.
  auto* browser = new BrowserPage;
  connect(browser, &BrowserPage::addDatasetRequested, this, &MainWindow::addDatasetDialog);
  addPage(browser);
  addPage(new DescriptionsPage);
  // Experiment pages share one launcher: Setup starts runs, Runs watches and cancels them.
  auto* launcher = new TrainingLauncher(this);
  auto* setup = new SetupPage(launcher);
  connect(setup, &SetupPage::launched, this, [this] { showPage(QStringLiteral("runs")); });
  addPage(setup);
  auto* runs = new RunsPage(launcher);
  addPage(runs);
  auto* results = new results::ResultsPage;
  connect(results, &results::ResultsPage::openClassRequested, this, &MainWindow::openClass);
  // A table cell's "Show Runs": exactly its runs, selected on the Runs page.
  connect(results, &results::ResultsPage::showRunsRequested, this, [this, runs](const QList<qint64>& ids) {
    showPage(runs->pageId());
    runs->showRuns(ids);
  });
  addPage(results);
}

// A class named by the results (dataset key or display name) on the Descriptions page.
bool MainWindow::openClass(const QString& className) {
  DatasetSession* session = workspace_ ? workspace_->session() : nullptr;
  const auto dataset = session ? session->dataset() : nullptr;
  if (!dataset) {
    statusBar()->showMessage(tr("Load the workspace's dataset to open class %1.").arg(className), 8000);
    return false;
  }
  const std::string name = className.toStdString();
  const auto& classes = dataset->dataset.classes;
  for (std::size_t label = 0; label < classes.size(); ++label)
    if (classes[label].name == name || classes[label].display_name == name) {
      session->setCurrentClass(int(label));
      showPage(QStringLiteral("descriptions"));
      return true;
    }
  statusBar()->showMessage(tr("Class %1 is not in the open dataset.").arg(className), 8000);
  return false;
}

void MainWindow::addPage(WorkspacePage* page) {
  page->setParent(stack_);
  pages_.push_back(page);
  stack_->addWidget(page);
  auto* item = new QListWidgetItem(page->pageIcon(), page->pageTitle(), pageList_);
  item->setData(Qt::UserRole, page->pageId());
  item->setToolTip(page->pageTitle());
  const int n = pages_.size();
  QAction* a = viewMenu_->addAction(page->pageTitle());
  if (n <= 9) a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + n)));
  connect(a, &QAction::triggered, this, [this, id = page->pageId()] { showPage(id); });
  connect(page, &WorkspacePage::statusMessage, statusBar(), &QStatusBar::showMessage);
  connect(page, &WorkspacePage::jobStarted, this, &MainWindow::trackJob);
  page->setWorkspace(workspace_);
}

WorkspacePage* MainWindow::page(const QString& id) const {
  for (WorkspacePage* p : pages_)
    if (p->pageId() == id) return p;
  return nullptr;
}

QStringList MainWindow::pageIds() const {
  QStringList ids;
  for (WorkspacePage* p : pages_) ids << p->pageId();
  return ids;
}

bool MainWindow::showPage(const QString& id) {
  for (int i = 0; i < pages_.size(); ++i)
    if (pages_[i]->pageId() == id) {
      pageList_->setCurrentRow(i);
      return true;
    }
  return false;
}

WorkspacePage* MainWindow::currentPage() const {
  const int i = stack_->currentIndex();
  return i >= 0 && i < pages_.size() ? pages_[i] : nullptr;
}

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&New Workspace…"), QKeySequence::New, this, &MainWindow::newWorkspaceDialog);
  file->addAction(tr("&Open Workspace…"), QKeySequence::Open, this, &MainWindow::openWorkspaceDialog);
  recentMenu_ = file->addMenu(tr("Open &Recent"));
  connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
  file->addAction(tr("Open &Demo Workspace"), this, &MainWindow::openDemoWorkspace);
  file->addSeparator();
  QAction* addDataset = file->addAction(tr("&Add Dataset…"), this, &MainWindow::addDatasetDialog);
  addDataset->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
  file->addAction(tr("E&xtract Features…"), this, &MainWindow::extractFeaturesDialog);
  file->addAction(tr("&Generate Descriptions…"), this, [this] {
    if (!workspace_ || !workspace_->session() || !workspace_->session()->descriptions()) {
      QMessageBox::information(this, tr("Generate Descriptions"), tr("Open a workspace with a loaded dataset first."));
      return;
    }
    GenerateDescriptionsDialog dlg(workspace_, this);
    dlg.exec();
  });
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  QAction* undo = undoGroup_->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = undoGroup_->createRedoAction(this, tr("&Redo"));
  redo->setShortcut(QKeySequence::Redo);
  edit->addAction(undo);
  edit->addAction(redo);

  viewMenu_ = menuBar()->addMenu(tr("&View"));
  createLanguageMenu(menuBar()->addMenu(tr("&Settings"))->addMenu(tr("&Language")));
  QMenu* help = menuBar()->addMenu(tr("&Help"));
  installRealDataEntry(this, help);  // Help → Real Experiment… and the demo's status-bar button
  help->addAction(tr("&About Plumage"), this, &MainWindow::showAbout);
}

// Settings → Language: System Default / English / 日本語, saved in QSettings
// and applied at once: every open window re-translates (ui/common/retranslator.h).
void MainWindow::createLanguageMenu(QMenu* menu) {
  auto* group = new QActionGroup(menu);
  const QString saved = savedLanguageSetting().trimmed().toLower();  // "" and unknown values: the system locale
  const QString current = saved.isEmpty() || !isLanguageSetting(saved) ? QStringLiteral("system") : saved;
  // Each language is named in that language (not translated), as is customary.
  const QList<QPair<QString, QString>> choices = {
      {QStringLiteral("system"), tr("System Default (%1)").arg(nativeLanguageName(resolveLanguage(QString())))},
      {QStringLiteral("en"), nativeLanguageName(QStringLiteral("en"))},
      {QStringLiteral("ja"), nativeLanguageName(QStringLiteral("ja"))}};
  for (const auto& [code, label] : choices) {
    QAction* a = menu->addAction(label);
    a->setObjectName(QStringLiteral("languageAction_") + code);
    a->setCheckable(true);
    a->setChecked(code == current);
    group->addAction(a);
    connect(a, &QAction::triggered, this, [code = code] {
      saveLanguageSetting(code);
      installTranslations(resolveLanguage(code));
    });
  }
}

void MainWindow::rebuildRecentMenu() {
  recentMenu_->clear();
  const QStringList recent = RecentWorkspaces::list();
  for (const QString& dir : recent)
    recentMenu_->addAction(QDir::toNativeSeparators(dir), this, [this, dir] { openWorkspaceInteractive(dir); });
  if (recent.isEmpty()) recentMenu_->addAction(tr("(none)"))->setEnabled(false);
}

void MainWindow::newWorkspaceDialog() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("New Workspace: choose an empty folder"));
  if (dir.isEmpty()) return;
  QString error;
  Workspace* ws = Workspace::create(dir, &error, this);
  if (!ws) {
    QMessageBox::warning(this, tr("New Workspace"), error);
    return;
  }
  RecentWorkspaces::add(ws->root());
  setWorkspace(ws);
}

void MainWindow::openWorkspaceDialog() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Workspace"));
  if (!dir.isEmpty()) openWorkspaceInteractive(dir);
}

void MainWindow::openWorkspaceInteractive(const QString& dir) {
  QString error;
  if (!openWorkspace(dir, &error)) {
    QMessageBox::warning(this, tr("Open Workspace"), error);
    if (!Workspace::isWorkspace(dir)) RecentWorkspaces::remove(dir);
  }
}

bool MainWindow::openWorkspace(const QString& dir, QString* error) {
  Workspace* ws = Workspace::open(dir, error, this);
  if (!ws) return false;
  RecentWorkspaces::add(ws->root());
  setWorkspace(ws);
  return true;
}

void MainWindow::setWorkspace(Workspace* ws) {
  Workspace* old = workspace_;
  workspace_ = ws;
  if (ws) {
    undoGroup_->addStack(ws->undoStack());
    undoGroup_->setActiveStack(ws->undoStack());
    connect(ws, &Workspace::currentDatasetChanged, this, &MainWindow::updateTitle);
    connect(ws->session(), &DatasetSession::loadStarted, this, &MainWindow::trackJob);
  }
  for (WorkspacePage* p : pages_) p->setWorkspace(ws);
  if (ws) ws->session()->reload();
  updateTitle();
  emit workspaceChanged(ws);
  if (old) {
    undoGroup_->removeStack(old->undoStack());
    old->deleteLater();
  }
}

void MainWindow::updateTitle() {
  if (!workspace_) {
    setWindowTitle(tr("Plumage"));
    return;
  }
  const DatasetEntry* d = workspace_->currentDataset();
  setWindowTitle(d ? tr("%1 — %2 — Plumage").arg(d->name, workspace_->name())
                   : tr("%1 — Plumage").arg(workspace_->name()));
}

void MainWindow::trackJob(Job* job) { jobStatus_->track(job); }

bool MainWindow::isBusy() const {
  if (jobStatus_->runningCount() > 0) return true;
  for (WorkspacePage* p : pages_)
    if (p->isBusy()) return true;
  return false;
}

QString MainWindow::demoWorkspaceDir() {
  return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/demo-workspace");
}

void MainWindow::openDemoWorkspace() {
  const QString dir = demoWorkspaceDir();
  QString error;
  Workspace* ws = Workspace::isWorkspace(dir) ? Workspace::open(dir, &error, this) : Workspace::create(dir, &error, this);
  if (!ws) {
    statusBar()->showMessage(tr("Demo workspace unavailable: %1").arg(error));
    return;
  }
  setWorkspace(ws);
  // Its dataset may be drawn but unregistered (the workspace was switched
  // while an earlier preparation ran).
  if (experiment::has_demo_dataset(dir.toStdString())) registerDemoDataset(ws);
  if (demoJob_ || experiment::demo_workspace_finished(dir.toStdString())) return;
  // First use, or an earlier preparation was cancelled or failed: the same
  // resumable pipeline as `plumage-cli demo` (dataset, a small CLIP trained on
  // it for a minute or two, features, converter, a reduced thesis sweep), on a
  // worker. The dataset is step 1 and is registered at once, so the browser
  // fills while the rest runs.
  experiment::DemoWorkspaceOptions options;
  options.workspace = ws->root().toStdString();
  options.image_size = 256;  // shown in the browser; the model sees 64 px either way
  options.replace_unfinished_dataset = true;  // our own folder: a drawing cut short (app killed) starts over
  const QPointer<Workspace> target(ws);
  demoJob_ = new Job(tr("Preparing the demo workspace"), [this, options, target](JobContext& ctx) {
    bool registered = false;
    const auto result = experiment::run_demo_workspace(
        options,
        [&](const std::string& line, int done, int total) {
          ctx.progress(done, total, QString::fromStdString(line).trimmed());
          if (!registered && done >= 1) {
            registered = true;
            QMetaObject::invokeMethod(this, [this, target] { registerDemoDataset(target); }, Qt::QueuedConnection);
          }
        },
        ctx.cancelFlag());
    ctx.throwIfCancelled();
    if (result.cancelled) throw JobCancelled{};
    return QVariant(QString::fromStdString(result.markdown_path));
  }, this);
  connect(demoJob_, &Job::succeeded, this, [this, target] {
    // New feature files, a converter and runs: let the page on screen list them.
    if (workspace_ == target)
      if (WorkspacePage* p = currentPage()) p->activated();
  });
  connect(demoJob_, &Job::finished, demoJob_, &QObject::deleteLater);
  trackJob(demoJob_);
  demoJob_->start();
}

void MainWindow::registerDemoDataset(Workspace* ws) {
  if (!ws || ws != workspace_) return;
  const DatasetEntry entry = demoDatasetEntry(ws->root());
  for (const DatasetEntry& d : ws->datasets())
    if (d == entry) return;  // registered by an earlier, interrupted preparation
  QString error;
  if (!ws->addDataset(entry, &error)) statusBar()->showMessage(error);
}

void MainWindow::addDatasetDialog() {
  if (!workspace_) {
    QMessageBox::information(this, tr("Add Dataset"), tr("Open or create a workspace first (File menu)."));
    return;
  }
  AddDatasetDialog dlg(this);
  if (dlg.exec() != QDialog::Accepted) return;
  const DatasetEntry entry = dlg.entry();
  // Re-adding a name with another descriptions file: set the old edited copy aside, never delete it.
  for (const DatasetEntry& old : workspace_->datasets())
    if (old.name == entry.name && old.descriptions != entry.descriptions) {
      const QString copy = workspace_->descriptionsStorePath(old);
      if (QFile::exists(copy))
        QFile::rename(copy, copy + QStringLiteral(".replaced-%1").arg(QDateTime::currentSecsSinceEpoch()));
    }
  QString error;
  if (!workspace_->addDataset(entry, &error)) QMessageBox::warning(this, tr("Add Dataset"), error);
}

// The descriptions the extraction reads: the workspace's copy (it holds the
// user's edits and generated variants), written from the loaded dataset when
// the workspace has none yet.
QString MainWindow::descriptionsForExtraction(const DatasetEntry& d, QString* error) {
  const QString copy = workspace_->descriptionsStorePath(d);
  if (QFileInfo::exists(copy)) return copy;
  DescriptionsDocument* doc = workspace_->session()->descriptions();
  if (!doc || doc->store().variant_count() == 0) return {};
  try {
    doc->store().save(copy.toStdString());
  } catch (const std::exception& e) {
    *error = QString::fromStdString(e.what());
    return {};
  }
  return copy;
}

void MainWindow::extractFeaturesDialog() {
  const DatasetEntry* d = workspace_ ? workspace_->currentDataset() : nullptr;
  if (!d) {
    QMessageBox::information(this, tr("Extract Features"), tr("Open a workspace with a dataset first."));
    return;
  }
  if (extractJob_) {
    QMessageBox::information(this, tr("Extract Features"),
                             tr("Features are being extracted; wait for that job to end or cancel it."));
    return;
  }
  FeatureExtractionInputs inputs;
  inputs.datasetName = d->name;
  inputs.datasetRoot = d->root;
  inputs.captionsDir = d->captionsDir;
  QString error;
  inputs.descriptionsFile = descriptionsForExtraction(*d, &error);
  if (!error.isEmpty()) {
    QMessageBox::warning(this, tr("Extract Features"), error);
    return;
  }
  inputs.outputDir = workspace_->featureCacheDir();
  ExtractFeaturesDialog dialog(inputs, FeatureExtractionSettings::load(), this);
  if (dialog.exec() != QDialog::Accepted) return;
  const FeatureExtractionSettings settings = dialog.settings();
  settings.save();
  const QVector<FeatureExtractionStep> steps = dialog.steps();
  extractJob_ = new Job(tr("Extracting features"), [steps, settings, inputs](JobContext& ctx) {
    return QVariant(runFeatureExtraction(steps, settings, inputs, ctx));
  }, this);
  const QPointer<Workspace> target(workspace_);
  connect(extractJob_, &Job::succeeded, this, [this, target, n = steps.size()](const QVariant& result) {
    const QStringList lines = result.toStringList();
    statusBar()->showMessage(lines.mid(0, n).join(QStringLiteral("; ")), 15000);
    if (lines.size() > n)  // skipped images or warnings: say which
      QMessageBox::warning(this, tr("Extract Features"),
                           tr("Features were written, with these notes:\n\n%1").arg(lines.mid(n, 30).join(QLatin1Char('\n'))));
    if (workspace_ == target)
      if (WorkspacePage* p = currentPage()) p->activated();  // the Setup page lists the new files
  });
  connect(extractJob_, &Job::failed, this,
          [this](const QString& message) { QMessageBox::warning(this, tr("Extract Features"), message); });
  connect(extractJob_, &Job::finished, extractJob_, &QObject::deleteLater);
  trackJob(extractJob_);
  extractJob_->start();
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About Plumage"),
                     tr("<p><b>Plumage</b> %1</p><p>Fine-grained image classification with text-derived "
                        "training data.</p><p>%2</p><p>License: GPL-3.0-or-later.</p>")
                         .arg(QString::fromStdString(experiment::plumage_version()), QString::fromStdString(experiment::version_line("plumage"))));
}

void MainWindow::saveWindowState() {
  if (!restoreState_) return;
  QSettings s;
  s.setValue(QStringLiteral("window/geometry"), saveGeometry());
  s.setValue(QStringLiteral("window/state"), saveState());
  if (auto* splitter = findChild<QSplitter*>(QStringLiteral("mainSplitter")))
    s.setValue(QStringLiteral("window/splitter"), splitter->saveState());
  if (WorkspacePage* p = currentPage()) s.setValue(QStringLiteral("window/page"), p->pageId());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  saveWindowState();
  QMainWindow::closeEvent(event);
}

}  // namespace plumage::ui

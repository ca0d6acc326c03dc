#include "ui/browser/browser_page.h"

#include "ui/browser/class_list_model.h"
#include "ui/shell/dataset_session.h"
#include "ui/common/diagnostics_view.h"
#include "ui/browser/image_grid_model.h"
#include "ui/common/image_viewer.h"
#include "ui/shell/loaded_dataset.h"
#include "ui/browser/thumbnail_cache.h"
#include "ui/browser/thumbnail_delegate.h"
#include "ui/shell/workspace.h"

#include <QEvent>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace plumage::ui {

namespace {
constexpr int kThumbEdge = 128;
}

BrowserPage::BrowserPage(QWidget* parent) : WorkspacePage(parent) {
  classModel_ = new ClassListModel(this);
  classProxy_ = new ClassFilterProxy(this);
  classProxy_->setSourceModel(classModel_);
  delegate_ = new ThumbnailDelegate(kThumbEdge, this);

  // Top row: which dataset, its warnings, its state.
  datasetCombo_ = new QComboBox(this);
  datasetCombo_->setMinimumContentsLength(24);
  datasetCombo_->setToolTip(tr("Dataset of this workspace"));
  auto* addButton = new QPushButton(tr("&Add Dataset…"), this);
  connect(addButton, &QPushButton::clicked, this, &BrowserPage::addDatasetRequested);
  warningsButton_ = new QPushButton(this);
  warningsButton_->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
  warningsButton_->setVisible(false);
  stateLabel_ = new QLabel(this);
  stateLabel_->setWordWrap(true);
  auto* top = new QHBoxLayout;
  auto* datasetLabel = new QLabel(tr("&Dataset:"), this);
  datasetLabel->setBuddy(datasetCombo_);
  top->addWidget(datasetLabel);
  top->addWidget(datasetCombo_);
  top->addWidget(addButton);
  top->addWidget(warningsButton_);
  top->addWidget(stateLabel_, 1);

  // Left: classes.
  auto* left = new QWidget(this);
  search_ = new QLineEdit(left);
  search_->setPlaceholderText(tr("Search classes (Ctrl+F)"));
  search_->setClearButtonEnabled(true);
  auto* find = new QAction(this);
  find->setShortcut(QKeySequence::Find);
  find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  connect(find, &QAction::triggered, search_, [this] {
    search_->setFocus();
    search_->selectAll();
  });
  addAction(find);
  descFilter_ = new QComboBox(left);
  descFilter_->addItem(tr("All classes"));
  descFilter_->addItem(tr("With a description"));
  descFilter_->addItem(tr("Without a description"));
  descFilter_->addItem(tr("Description lacks a field"));
  classes_ = new QTableView(left);
  classes_->setModel(classProxy_);
  classes_->setSelectionBehavior(QAbstractItemView::SelectRows);
  classes_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  classes_->setSortingEnabled(true);
  classes_->sortByColumn(ClassListModel::Name, Qt::AscendingOrder);
  classes_->verticalHeader()->setVisible(false);
  classes_->verticalHeader()->setDefaultSectionSize(classes_->fontMetrics().height() + 6);
  classes_->horizontalHeader()->setSectionResizeMode(ClassListModel::Name, QHeaderView::Stretch);
  for (int c = ClassListModel::Train; c < ClassListModel::ColumnCount; ++c)
    classes_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
  classes_->setAlternatingRowColors(true);
  classes_->setWordWrap(false);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  leftLayout->addWidget(search_);
  leftLayout->addWidget(descFilter_);
  leftLayout->addWidget(classes_, 1);

  // Right: the grid and its toggles.
  auto* right = new QWidget(this);
  split_ = new QComboBox(right);
  split_->addItems({tr("Train and test"), tr("Train only"), tr("Test only")});
  boxes_ = new QCheckBox(tr("Bounding &boxes"), right);
  badges_ = new QCheckBox(tr("&Split badges"), right);
  count_ = new QLabel(right);
  auto* bar = new QHBoxLayout;
  bar->addWidget(split_);
  bar->addWidget(boxes_);
  bar->addWidget(badges_);
  bar->addStretch(1);
  bar->addWidget(count_);
  grid_ = new QListView(right);
  grid_->setViewMode(QListView::IconMode);
  grid_->setMovement(QListView::Static);
  grid_->setResizeMode(QListView::Adjust);
  grid_->setUniformItemSizes(true);
  grid_->setWrapping(true);
  grid_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  grid_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
  grid_->verticalScrollBar()->setSingleStep(kThumbEdge / 4);
  grid_->setGridSize(delegate_->cellSize());
  grid_->setItemDelegate(delegate_);
  grid_->setAccessibleName(tr("Images"));
  auto* rightLayout = new QVBoxLayout(right);
  rightLayout->setContentsMargins(0, 0, 0, 0);
  rightLayout->addLayout(bar);
  rightLayout->addWidget(grid_, 1);

  splitter_ = new QSplitter(Qt::Horizontal, this);
  splitter_->addWidget(left);
  splitter_->addWidget(right);
  splitter_->setStretchFactor(1, 1);
  splitter_->setSizes({470, 810});
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(splitter_, 1);

  QSettings s;
  boxes_->setChecked(s.value(QStringLiteral("browser/boxes"), false).toBool());
  badges_->setChecked(s.value(QStringLiteral("browser/badges"), true).toBool());
  splitter_->restoreState(s.value(QStringLiteral("browser/splitter")).toByteArray());
  delegate_->setShowBoxes(boxes_->isChecked());
  delegate_->setShowSplit(badges_->isChecked());

  connect(search_, &QLineEdit::textChanged, this, [this](const QString& t) {
    classProxy_->setSearchText(t);
    updateGridClasses();
  });
  connect(descFilter_, &QComboBox::currentIndexChanged, this, [this](int i) {
    classProxy_->setDescriptionFilter(ClassFilterProxy::DescriptionFilter(i));
    updateGridClasses();
  });
  connect(classes_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &BrowserPage::updateGridClasses);
  connect(classes_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& cur) {
    if (workspace_ && cur.isValid()) workspace_->session()->setCurrentClass(cur.data(ClassListModel::LabelRole).toInt());
  });
  connect(split_, &QComboBox::currentIndexChanged, this, [this](int i) {
    if (gridModel_) gridModel_->setSplit(ImageGridModel::Split(i));
    updateCountLabel();
  });
  connect(boxes_, &QCheckBox::toggled, this, [this](bool on) {
    delegate_->setShowBoxes(on);
    grid_->viewport()->update();
    saveUiState();
  });
  connect(badges_, &QCheckBox::toggled, this, [this](bool on) {
    delegate_->setShowSplit(on);
    grid_->viewport()->update();
    saveUiState();
  });
  connect(grid_, &QListView::activated, this, [this](const QModelIndex& i) { openViewer(i.row()); });
  connect(splitter_, &QSplitter::splitterMoved, this, [this] { saveUiState(); });
  connect(datasetCombo_, &QComboBox::activated, this, [this](int i) {
    QString error;
    if (workspace_ && !workspace_->setCurrentDataset(i, &error)) emit statusMessage(error, 0);
  });
  onDatasetChanged();
}

BrowserPage::~BrowserPage() = default;

QIcon BrowserPage::pageIcon() const { return style()->standardIcon(QStyle::SP_DirIcon); }

void BrowserPage::setWorkspace(Workspace* workspace) {
  if (workspace_) {
    workspace_->disconnect(this);
    workspace_->session()->disconnect(this);
  }
  workspace_ = workspace;
  // Thumbnails are cached inside the workspace, so the cache follows it.
  delete gridModel_;
  gridModel_ = nullptr;
  delete cache_;
  cache_ = new ThumbnailCache(workspace ? workspace->thumbnailCacheDir() : QString(), kThumbEdge, this);
  gridModel_ = new ImageGridModel(cache_, this);
  QItemSelectionModel* oldSel = grid_->selectionModel();
  grid_->setModel(gridModel_);
  delete oldSel;
  connect(grid_->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& cur) {
    if (workspace_ && cur.isValid()) workspace_->session()->setCurrentImage(gridModel_->imageIndex(cur.row()));
  });
  connect(gridModel_, &QAbstractItemModel::modelReset, this, &BrowserPage::updateCountLabel);
  if (workspace_) {
    connect(workspace_, &Workspace::datasetsChanged, this, &BrowserPage::rebuildDatasetCombo);
    connect(workspace_->session(), &DatasetSession::datasetChanged, this, &BrowserPage::onDatasetChanged);
  }
  rebuildDatasetCombo();
  onDatasetChanged();
}

void BrowserPage::rebuildDatasetCombo() {
  datasetCombo_->clear();
  if (!workspace_) return;
  for (const DatasetEntry& d : workspace_->datasets()) datasetCombo_->addItem(d.name, d.root);
  datasetCombo_->setCurrentIndex(workspace_->currentDatasetIndex());
}

// Made of several translated parts: made again on a language change.
void BrowserPage::updateStateLabel() {
  DatasetSession* session = workspace_ ? workspace_->session() : nullptr;
  auto ds = session ? session->dataset() : nullptr;
  if (!workspace_) {
    stateLabel_->setText(tr("No workspace is open (File → Open Workspace)."));
  } else if (workspace_->datasets().isEmpty()) {
    stateLabel_->setText(tr("This workspace has no dataset yet: add one with “Add Dataset…”."));
  } else if (session->isLoading()) {
    stateLabel_->setText(tr("Loading…"));
  } else if (!session->loadError().isEmpty()) {
    stateLabel_->setText(tr("<b>Cannot load this dataset:</b> %1").arg(session->loadError().toHtmlEscaped()));
  } else if (ds) {
    QString text = tr("%n class(es), %1 images (%2 train, %3 test)", "", int(ds->dataset.classes.size()))
                       .arg(ds->dataset.images.size())
                       .arg(ds->dataset.train_count())
                       .arg(ds->dataset.test_count());
    if (ds->hasCaptions) text += tr(", %1 captions").arg(ds->captionCount());
    if (!ds->descriptionsError.isEmpty())
      text += tr("; <b>descriptions not loaded:</b> %1").arg(ds->descriptionsError.toHtmlEscaped());
    stateLabel_->setText(text);
  } else {
    stateLabel_->clear();
  }
}

void BrowserPage::changeEvent(QEvent* event) {
  WorkspacePage::changeEvent(event);
  if (event->type() == QEvent::LanguageChange) updateStateLabel();
}

void BrowserPage::onDatasetChanged() {
  DatasetSession* session = workspace_ ? workspace_->session() : nullptr;
  auto ds = session ? session->dataset() : nullptr;
  classModel_->setDataset(ds, session ? session->descriptions() : nullptr);
  if (gridModel_) gridModel_->setDataset(ds);
  classes_->setColumnHidden(ClassListModel::Captions, !ds || !ds->hasCaptions);
  if (workspace_) datasetCombo_->setCurrentIndex(workspace_->currentDatasetIndex());

  updateStateLabel();

  warningsButton_->disconnect();
  const std::size_t warnings = ds ? ds->warnings.size() : 0;
  warningsButton_->setVisible(ds && (warnings > 0 || !ds->notes.isEmpty()));
  if (ds) {
    warningsButton_->setText(warnings > 0 ? tr("%n warning(s)", "", int(warnings)) : tr("Notes"));
    connect(warningsButton_, &QPushButton::clicked, this, [this, ds] {
      DiagnosticsDialog dlg(tr("Reading %1").arg(ds->entry.name), ds->warnings, ds->notes, this);
      dlg.exec();
    });
  }
  updateCountLabel();
}

void BrowserPage::updateGridClasses() {
  if (!gridModel_) return;
  QVector<int> labels;
  const QModelIndexList rows = classes_->selectionModel()->selectedRows();
  for (const QModelIndex& r : rows) labels << r.data(ClassListModel::LabelRole).toInt();
  if (labels.isEmpty() && classProxy_->rowCount() < classModel_->rowCount()) {
    // Nothing selected but the list is filtered: show the images of the classes listed.
    for (int r = 0; r < classProxy_->rowCount(); ++r)
      labels << classProxy_->index(r, 0).data(ClassListModel::LabelRole).toInt();
    if (labels.isEmpty()) labels << -1;  // nothing matches: show nothing
  }
  std::sort(labels.begin(), labels.end());
  gridModel_->setClasses(labels);
  updateCountLabel();
}

void BrowserPage::updateCountLabel() {
  if (!gridModel_) return;
  count_->setText(tr("%n image(s)", "", gridModel_->rowCount()));
}

void BrowserPage::openViewer(int row) {
  if (!workspace_ || !workspace_->session()->dataset()) return;
  if (!viewer_) {
    viewer_ = new ImageViewer(workspace_->session()->dataset(), this);
    viewer_->setAttribute(Qt::WA_DeleteOnClose);
    connect(viewer_, &ImageViewer::stepRequested, this, [this](int delta) {
      const int row = gridModel_->rowOfImage(viewer_->imageIndex()) + delta;
      if (row < 0 || row >= gridModel_->rowCount()) return;
      const QModelIndex idx = gridModel_->index(row);
      grid_->setCurrentIndex(idx);
      grid_->scrollTo(idx);
      viewer_->showImage(gridModel_->imageIndex(row));
    });
  }
  viewer_->showImage(gridModel_->imageIndex(row));
  viewer_->show();
  viewer_->raise();
}

bool BrowserPage::isBusy() const {
  if (workspace_ && workspace_->session()->isLoading()) return true;
  return isVisible() && gridModel_ && gridModel_->pendingThumbnails() > 0;
}

void BrowserPage::saveUiState() const {
  QSettings s;
  s.setValue(QStringLiteral("browser/boxes"), boxes_->isChecked());
  s.setValue(QStringLiteral("browser/badges"), badges_->isChecked());
  s.setValue(QStringLiteral("browser/splitter"), splitter_->saveState());
}

}  // namespace plumage::ui

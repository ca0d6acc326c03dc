#include "ui/runs/runs_page.h"

#include "ui/runs/curve_plot_widget.h"
#include "ui/runs/runs_filter_model.h"
#include "ui/runs/runs_table_model.h"
#include "ui/runs/store_poller.h"
#include "ui/setup/training_launcher.h"
#include "ui/shell/workspace.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace plumage::ui {

RunsPage::RunsPage(TrainingLauncher* launcher, QWidget* parent)
    : WorkspacePage(parent), launcher_(launcher), poller_(new StorePoller(this)), model_(new RunsTableModel(this)),
      filter_(new RunsFilterModel(this)) {
  setObjectName(QStringLiteral("runsPage"));
  filter_->setSourceModel(model_);

  statusFilter_ = new QComboBox(this);
  statusFilter_->addItem(tr("All statuses"), QString());
  statusFilter_->addItem(tr("Running or queued"), QStringLiteral("RUNNING,QUEUED"));
  statusFilter_->addItem(tr("Done"), QStringLiteral("DONE"));
  statusFilter_->addItem(tr("Failed"), QStringLiteral("FAILED"));
  statusFilter_->addItem(tr("Cancelled or interrupted"), QStringLiteral("CANCELLED,INTERRUPTED"));
  sweepFilter_ = new QComboBox(this);
  sweepFilter_->addItem(tr("All sweeps"), qint64(0));
  sweepFilter_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  textFilter_ = new QLineEdit(this);
  textFilter_->setPlaceholderText(tr("Filter runs (config, key, error)…"));
  textFilter_->setClearButtonEnabled(true);
  textFilter_->setObjectName(QStringLiteral("runsTextFilter"));
  counts_ = new QLabel(this);
  cancel_ = new QPushButton(style()->standardIcon(QStyle::SP_BrowserStop), tr("&Cancel Run"), this);
  cancel_->setObjectName(QStringLiteral("cancelRunButton"));
  cancel_->setToolTip(tr("Stop the run in progress (it ends CANCELLED; the rest of its sweep stays queued)"));
  auto* bar = new QHBoxLayout;
  bar->addWidget(statusFilter_);
  bar->addWidget(sweepFilter_);
  bar->addWidget(textFilter_, 1);
  bar->addWidget(counts_);
  bar->addWidget(cancel_);

  table_ = new QTableView(this);
  table_->setObjectName(QStringLiteral("runsTable"));
  table_->setModel(filter_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table_->setSortingEnabled(true);
  table_->sortByColumn(RunsTableModel::ColId, Qt::DescendingOrder);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
  table_->setAlternatingRowColors(true);
  table_->setWordWrap(false);
  QHeaderView* h = table_->horizontalHeader();
  for (int c = 0; c < RunsTableModel::ColumnCount; ++c) h->setSectionResizeMode(c, QHeaderView::ResizeToContents);
  h->setSectionResizeMode(RunsTableModel::ColSummary, QHeaderView::Stretch);

  curves_ = new CurvePlotWidget(this);
  details_ = new QPlainTextEdit(this);
  details_->setObjectName(QStringLiteral("runDetails"));
  details_->setReadOnly(true);
  details_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  details_->setPlaceholderText(tr("Select a run to see its configuration, or the reason it failed."));

  auto* right = new QSplitter(Qt::Vertical, this);
  right->addWidget(curves_);
  right->addWidget(details_);
  right->setStretchFactor(0, 3);
  right->setStretchFactor(1, 1);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(table_);
  split->addWidget(right);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  right->setSizes({470, 230});
  // The table gets the larger share: its Configuration column says what each run is.
  split->setSizes({700, 400});

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(bar);
  layout->addWidget(split, 1);

  connect(poller_, &StorePoller::runsChanged, this, [this](const QVector<RunRow>& rows) {
    model_->setRuns(rows);
    loaded_ = true;
    onRunsChanged();
  });
  connect(poller_, &StorePoller::metricsAppended, curves_, &CurvePlotWidget::appendPoints);
  connect(poller_, &StorePoller::metricsReset, curves_, &CurvePlotWidget::resetRun);
  connect(poller_, &StorePoller::storeProblem, this, [this](const QString& problem) {
    if (!problem.isEmpty()) details_->setPlaceholderText(problem);
    loaded_ = true;
  });
  connect(statusFilter_, qOverload<int>(&QComboBox::currentIndexChanged), this, &RunsPage::applyStatusFilter);
  connect(sweepFilter_, qOverload<int>(&QComboBox::currentIndexChanged), this,
          [this] { filter_->setSweep(sweepFilter_->currentData().toLongLong()); });
  connect(textFilter_, &QLineEdit::textChanged, filter_, &RunsFilterModel::setText);
  connect(filter_, &QAbstractItemModel::rowsInserted, this, &RunsPage::onRunsChanged);
  connect(filter_, &QAbstractItemModel::rowsRemoved, this, &RunsPage::onRunsChanged);
  connect(filter_, &QAbstractItemModel::modelReset, this, &RunsPage::onRunsChanged);
  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsPage::onSelectionChanged);
  connect(model_, &QAbstractItemModel::dataChanged, this, &RunsPage::updateDetails);
  connect(cancel_, &QPushButton::clicked, this, [this] {
    if (launcher_) launcher_->cancel();
    emit statusMessage(tr("Cancelling…"), 3000);
  });
  if (launcher_) {
    connect(launcher_, &TrainingLauncher::runningChanged, this, &RunsPage::updateCancel);
    connect(launcher_, &TrainingLauncher::runStarted, this, [this](qint64 id) {
      poller_->pollNow();
      // Follow a launch from the setup page when nothing else is being looked at.
      if (selectedRunIds().isEmpty()) QTimer::singleShot(300, this, [this, id] { selectRuns({id}); });
      updateCancel();
    });
    connect(launcher_, &TrainingLauncher::runEnded, this, [this](qint64, const QString& status, const QString& detail) {
      poller_->pollNow();
      if (status == QLatin1String("FAILED")) emit statusMessage(tr("Run failed: %1").arg(detail), 15000);
    });
  }

  durationTimer_ = new QTimer(this);
  durationTimer_->setInterval(1000);
  connect(durationTimer_, &QTimer::timeout, model_, &RunsTableModel::refreshDurations);
  durationTimer_->start();
  updateCancel();
  onRunsChanged();
}

RunsPage::~RunsPage() = default;

QIcon RunsPage::pageIcon() const { return style()->standardIcon(QStyle::SP_MediaPlay); }

void RunsPage::setWorkspace(Workspace* workspace) {
  workspace_ = workspace;
  loaded_ = !workspace;
  firstLoad_ = true;
  curves_->setRuns({});
  poller_->setStorePath(workspace ? workspace->storePath() : QString());
}

bool RunsPage::isBusy() const { return !loaded_; }

void RunsPage::activated() { poller_->pollNow(); }

void RunsPage::applyStatusFilter() {
  const QString s = statusFilter_->currentData().toString();
  filter_->setStatuses(s.isEmpty() ? QStringList() : s.split(QLatin1Char(',')));
}

void RunsPage::onRunsChanged() {
  // Sweep filter entries from the runs seen.
  QMap<qint64, QString> sweeps;
  QMap<QString, int> byStatus;
  for (int i = 0; i < model_->rowCount(); ++i) {
    const RunRow* r = model_->run(i);
    if (r->sweepId > 0) sweeps.insert(r->sweepId, r->sweepName);
    ++byStatus[r->status];
  }
  const qint64 current = sweepFilter_->currentData().toLongLong();
  if (sweepFilter_->count() - 1 != sweeps.size()) {
    const QSignalBlocker block(sweepFilter_);
    while (sweepFilter_->count() > 1) sweepFilter_->removeItem(1);
    for (auto it = sweeps.cbegin(); it != sweeps.cend(); ++it)
      sweepFilter_->addItem(it.value().isEmpty() ? tr("Sweep %1").arg(it.key()) : tr("%1 (#%2)").arg(it.value()).arg(it.key()),
                            it.key());
    const int i = sweepFilter_->findData(current);
    sweepFilter_->setCurrentIndex(i < 0 ? 0 : i);
  }
  QStringList parts;
  for (auto it = byStatus.cbegin(); it != byStatus.cend(); ++it) parts << QStringLiteral("%1 %2").arg(it.value()).arg(it.key().toLower());
  counts_->setText(model_->rowCount() == 0 ? tr("No runs") : tr("%n run(s): ", nullptr, model_->rowCount()) + parts.join(QStringLiteral(", ")));

  if (applyPendingShow()) return updateCancel();
  // First look at a store: the runs selected last time in this workspace, else the newest run.
  if (firstLoad_ && model_->rowCount() > 0 && selectedRunIds().isEmpty()) {
    firstLoad_ = false;
    QList<qint64> remembered;
    if (workspace_)
      for (const QJsonValue& v : workspace_->pageSettings(pageId()).value(QStringLiteral("selected")).toArray())
        if (model_->rowOf(v.toInteger()) >= 0) remembered << v.toInteger();
    if (!remembered.isEmpty()) {
      selectRuns(remembered);
      updateCancel();
      return;
    }
    const RunRow* newest = model_->run(model_->rowCount() - 1);
    for (int i = model_->rowCount() - 1; i >= 0; --i)
      if (model_->run(i)->isActive()) {
        newest = model_->run(i);
        break;
      }
    selectRuns({newest->id});
  }
  updateCancel();
}

QList<qint64> RunsPage::selectedRunIds() const {
  QList<qint64> ids;
  for (const QModelIndex& i : table_->selectionModel()->selectedRows())
    ids << i.data(RunsTableModel::RunIdRole).toLongLong();
  std::sort(ids.begin(), ids.end());
  return ids;
}

void RunsPage::selectRuns(const QList<qint64>& ids) {
  QItemSelection selection;
  for (qint64 id : ids) {
    const int row = model_->rowOf(id);
    if (row < 0) continue;
    const QModelIndex i = filter_->mapFromSource(model_->index(row, 0));
    if (i.isValid()) selection.select(i, i.siblingAtColumn(RunsTableModel::ColumnCount - 1));
  }
  table_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  if (!selection.isEmpty()) table_->scrollTo(selection.indexes().first());
}

void RunsPage::showRuns(const QList<qint64>& ids) {
  firstLoad_ = false;  // these runs, not the ones remembered from last time
  statusFilter_->setCurrentIndex(0);
  sweepFilter_->setCurrentIndex(0);
  textFilter_->clear();
  pendingShow_ = ids;
  if (!applyPendingShow()) poller_->pollNow();
}

// Selects the runs asked for once the model holds runs; says which are missing.
bool RunsPage::applyPendingShow() {
  if (pendingShow_.isEmpty()) return false;
  QList<qint64> missing;
  for (qint64 id : pendingShow_)
    if (model_->rowOf(id) < 0) missing << id;
  if (!missing.isEmpty() && (model_->rowCount() == 0 || !loaded_)) return false;  // not read yet
  const QList<qint64> ids = pendingShow_;
  pendingShow_.clear();
  selectRuns(ids);
  if (!missing.isEmpty()) {
    QStringList names;
    for (qint64 id : missing) names << QString::number(id);
    emit statusMessage(tr("Runs not in this workspace's store: %1").arg(names.join(QStringLiteral(", "))), 8000);
  }
  return true;
}

void RunsPage::onSelectionChanged() {
  const QList<qint64> ids = selectedRunIds();
  QVector<QPair<qint64, QString>> runs;
  for (qint64 id : ids) runs.push_back({id, tr("Run %1").arg(id)});
  curves_->setRuns(runs);
  poller_->setWatchedRuns(QVector<qint64>(ids.begin(), ids.end()));
  if (workspace_ && !ids.isEmpty()) {
    QJsonArray selected;
    for (qint64 id : ids) selected.append(id);
    QJsonObject settings = workspace_->pageSettings(pageId());
    if (settings.value(QStringLiteral("selected")).toArray() != selected) {
      settings[QStringLiteral("selected")] = selected;
      QString error;
      if (!workspace_->setPageSettings(pageId(), settings, &error)) emit statusMessage(error, 5000);
    }
  }
  updateDetails();
  updateCancel();
}

void RunsPage::updateDetails() {
  const QList<qint64> ids = selectedRunIds();
  if (ids.size() != 1) {
    QString text;
    if (!ids.isEmpty()) text = tr("%n runs selected: their curves are overlaid.", nullptr, ids.size()) + QLatin1Char('\n');
    for (qint64 id : ids)
      if (const RunRow* r = model_->runById(id))
        text += QStringLiteral("\n") + tr("Run %1 · %2 · top-1 %3 · %4")
                                           .arg(r->id)
                                           .arg(r->status)
                                           .arg(r->hasTop1() ? QString::number(r->top1, 'f', 2) : tr("—"))
                                           .arg(r->summary);
    if (details_->toPlainText() != text) details_->setPlainText(text);
    return;
  }
  const RunRow* r = model_->runById(ids.first());
  if (!r) return;
  QString text = tr("Run %1 · %2 · key %3 · seed %4").arg(r->id).arg(r->status, r->key).arg(r->seed);
  if (!r->device.isEmpty()) text += tr(" · %1").arg(r->device);
  if (r->hasTop1()) text += tr("\nTest top-1: %1 %").arg(r->top1, 0, 'f', 2);
  if (!r->error.isEmpty()) text += tr("\n%1: %2").arg(r->status == QLatin1String("FAILED") ? tr("Failed") : tr("Reason"), r->error);
  if (!r->inputs.isEmpty()) text += QStringLiteral("\n\n") + r->inputs;
  text += QStringLiteral("\n\n") + r->configJson;
  if (details_->toPlainText() != text) details_->setPlainText(text);
}

void RunsPage::updateCancel() {
  const bool running = launcher_ && launcher_->isRunning();
  cancel_->setEnabled(running);
}

}  // namespace plumage::ui

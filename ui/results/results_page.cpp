#include "ui/results/results_page.h"
#include "ui/common/core_texts.h"

#include "core/experiment/demo_workspace.h"

#include "ui/results/class_gains_figure.h"
#include "ui/results/class_gains_panel.h"
#include "ui/results/diagnostics_panel.h"
#include "ui/results/figure_export.h"
#include "ui/results/legend_placement.h"
#include "core/experiment/paired_stats.h"
#include "core/experiment/significance_marks.h"
#include "core/store/store_error.h"
#include "core/store/store_reader.h"
#include "ui/shell/workspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QResizeEvent>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolTip>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <exception>
#include <iterator>
#include <optional>

namespace plumage::ui::results {

namespace {
enum Tab { kRatioTab = 0, kPerClassTab, kConfusionTab, kDifferenceTab, kClassGainsTab };

// On screen: the plot widget's own size, a readable font.
FigureStyle screenStyle(Spread spread = Spread::Std) {
  FigureStyle s;
  s.spread = spread;
  s.fontPt = 9;
  s.lineWidthPt = 1.2;
  return s;
}

QCustomPlot* newPlot(const QString& name) {
  auto* p = new QCustomPlot;
  p->setObjectName(name);
  p->setMinimumSize(320, 240);
  return p;
}

// A cell's tooltip line about its † test: the p-value, or why there is none.
QString significanceTip(const experiment::CellSignificance* s, const QString& vs) {
  if (!s || s->reason == "no cell") return QString();
  if (!s->tested)
    return ResultsPage::tr("No test against %1: %2").arg(vs, QString::fromStdString(s->reason));
  return ResultsPage::tr("Against %1: difference %2, p = %3 (paired t-test, %4 seeds)%5")
      .arg(vs)
      .arg(s->mean_diff, 0, 'f', 2)
      .arg(s->p_value, 0, 'g', 4)
      .arg(s->pairs)
      .arg(s->significant ? QStringLiteral(" †") : QString());
}

QWidget* withPickers(std::initializer_list<QPair<QString, QComboBox*>> pickers, QWidget* plot) {
  auto* w = new QWidget;
  auto* v = new QVBoxLayout(w);
  auto* row = new QHBoxLayout;
  for (const auto& [label, box] : pickers) {
    row->addWidget(new QLabel(label));
    box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    row->addWidget(box);
  }
  row->addStretch(1);
  v->addLayout(row);
  v->addWidget(plot, 1);
  return w;
}
}  // namespace

ResultsPage::ResultsPage(QWidget* parent) : WorkspacePage(parent) {
  sweepBox_ = new QComboBox;
  sweepBox_->setObjectName(QStringLiteral("sweepBox"));
  sweepBox_->setMinimumContentsLength(24);
  refresh_ = new QPushButton(tr("Refresh"));
  exportOne_ = new QPushButton(tr("Export Figure…"));
  exportAll_ = new QPushButton(tr("Export All Figures…"));
  message_ = new QLabel;
  message_->setObjectName(QStringLiteral("resultsMessage"));
  message_->setWordWrap(true);
  auto* bar = new QHBoxLayout;
  bar->addWidget(new QLabel(tr("Sweep:")));
  bar->addWidget(sweepBox_);
  bar->addWidget(refresh_);
  markBest_ = new QCheckBox(tr("Mark &best per row"));
  markBest_->setObjectName(QStringLiteral("markBest"));
  markBest_->setToolTip(tr("Bold for the best value of each row, underline for the second (as runs table --mark-best)"));
  // A second row for how the table and figure mark things, so both rows fit 1280 px.
  auto* marks = new QHBoxLayout;
  marks->addWidget(markBest_);
  spread_ = new QComboBox;
  spread_->setObjectName(QStringLiteral("spreadBox"));
  spread_->addItem(tr("± std"), spreadId(Spread::Std));
  spread_->addItem(tr("95 % CI band"), spreadId(Spread::Ci95));
  spread_->addItem(tr("± std and band"), spreadId(Spread::Both));
  spread_->addItem(tr("No spread"), spreadId(Spread::None));
  // Per item, so each choice explains itself where it is picked.
  const QString band = tr("95 % confidence band of the mean over the finished seeds, mean ± t(0.975, n−1)·s/√n "
                          "(Student's t). Cells with one finished seed (n = 1) get no band.");
  spread_->setItemData(0, tr("± sample standard deviation over seeds as error bars"), Qt::ToolTipRole);
  spread_->setItemData(1, band, Qt::ToolTipRole);
  spread_->setItemData(2, band, Qt::ToolTipRole);
  spread_->setItemData(3, tr("Means only"), Qt::ToolTipRole);
  spread_->setCurrentIndex(std::max(0, spread_->findData(spreadId(loadSavedStyle().spread))));
  marks->addWidget(new QLabel(tr("Spread:")));
  marks->addWidget(spread_);
  parenBox_ = new QComboBox;
  parenBox_->setObjectName(QStringLiteral("parenSweepBox"));
  parenBox_->setToolTip(tr("Show a second sweep's values in parentheses in the table and dashed in the ratio figure, "
                           "e.g. global sampling beside per-class (as runs table --paren-sweep)"));
  bar->addWidget(new QLabel(tr("In parentheses:")));
  bar->addWidget(parenBox_);
  markVs_ = new QComboBox;
  markVs_->setObjectName(QStringLiteral("markVsBox"));
  markVs_->setToolTip(tr("Mark with † each cell whose paired difference from this column's cell in the same row is "
                         "significant (Student's paired t-test over seeds, p < 0.05; as runs table --mark-vs)"));
  markVs_->addItem(tr("(none)"), QString());
  marks->addWidget(new QLabel(tr("Mark significant vs:")));
  marks->addWidget(markVs_);
  marks->addStretch(1);
  bar->addStretch(1);
  bar->addWidget(exportOne_);
  bar->addWidget(exportAll_);

  ratioPlot_ = newPlot(QStringLiteral("ratioPlot"));
  ratioPlot_->installEventFilter(this);
  table_ = new QTableWidget;
  table_->setObjectName(QStringLiteral("resultsTable"));
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->setContextMenuPolicy(Qt::CustomContextMenu);
  significanceNote_ = new QLabel;
  significanceNote_->setObjectName(QStringLiteral("significanceNote"));
  significanceNote_->setWordWrap(true);
  significanceNote_->setVisible(false);
  auto* tableBox = new QWidget;
  auto* tableLayout = new QVBoxLayout(tableBox);
  tableLayout->setContentsMargins(0, 0, 0, 0);
  tableLayout->addWidget(table_, 1);
  tableLayout->addWidget(significanceNote_);
  auto* ratioSplit = new QSplitter(Qt::Horizontal);
  ratioSplit->addWidget(ratioPlot_);
  ratioSplit->addWidget(tableBox);
  ratioSplit->setStretchFactor(0, 3);
  ratioSplit->setStretchFactor(1, 2);

  perClassRun_ = new QComboBox;
  perClassPlot_ = newPlot(QStringLiteral("perClassPlot"));
  confusionRun_ = new QComboBox;
  confusionPlot_ = newPlot(QStringLiteral("confusionPlot"));
  confusionPlot_->setMouseTracking(true);
  runA_ = new QComboBox;
  runB_ = new QComboBox;
  diffPlot_ = newPlot(QStringLiteral("differencePlot"));

  tabs_ = new QTabWidget;
  tabs_->addTab(ratioSplit, tr("Accuracy vs Ratio"));
  tabs_->addTab(withPickers({{tr("Run:"), perClassRun_}}, perClassPlot_), tr("Per-Class Accuracy"));
  tabs_->addTab(withPickers({{tr("Run:"), confusionRun_}}, confusionPlot_), tr("Confusion Matrix"));
  tabs_->addTab(withPickers({{tr("Run A:"), runA_}, {tr("Run B:"), runB_}}, diffPlot_), tr("Run vs Run"));
  classGains_ = new ClassGainsPanel;
  classGains_->setObjectName(QStringLiteral("classGainsPanel"));
  tabs_->addTab(classGains_, tr("Class Gains"));
  connect(classGains_, &ClassGainsPanel::openClassRequested, this, &ResultsPage::openClassRequested);
  auto* diagnostics = new DiagnosticsPanel;  // converter diagnostics: independent of the sweep
  diagnostics->setObjectName(QStringLiteral("diagnosticsPanel"));
  tabs_->addTab(diagnostics, tr("Conversion Diagnostics"));

  // The demo's numbers come from a tiny model on drawn birds: said where they are shown.
  demoNote_ = new QLabel(tr("Demo workspace: these numbers come from a small CLIP trained in a minute or two on the "
                            "procedurally drawn demo birds. They show how the method behaves; they are not results "
                            "on CUB-200-2011."));
  demoNote_->setObjectName(QStringLiteral("demoNote"));
  demoNote_->setWordWrap(true);
  demoNote_->setStyleSheet(QStringLiteral("QLabel { background: #fff8e1; border: 1px solid #ffe082; padding: 4px; }"));
  demoNote_->setVisible(false);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(bar);
  layout->addLayout(marks);
  layout->addWidget(demoNote_);
  layout->addWidget(message_);
  layout->addWidget(tabs_, 1);

  connect(refresh_, &QPushButton::clicked, this, &ResultsPage::reload);
  connect(markBest_, &QCheckBox::toggled, this, [this] {
    if (results_) fillTable();
  });
  connect(spread_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
    if (!results_) return;
    buildRatioCurve(ratioPlot_, *results_, screenStyle(currentSpread()));
    ratioPlot_->replot();
  });
  connect(markVs_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
    if (results_) fillTable();
  });
  connect(table_, &QTableWidget::cellDoubleClicked, this, [this](int row, int column) {
    const QList<qint64> ids = cellRunIds(row, column);
    if (!ids.isEmpty()) emit showRunsRequested(ids);
  });
  connect(table_, &QWidget::customContextMenuRequested, this, &ResultsPage::tableMenu);
  connect(sweepBox_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ResultsPage::loadSweep);
  connect(parenBox_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ResultsPage::loadSweep);
  connect(perClassRun_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ResultsPage::showPerClass);
  connect(confusionRun_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ResultsPage::showConfusion);
  connect(runA_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ResultsPage::showDifference);
  connect(runB_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ResultsPage::showDifference);
  connect(exportOne_, &QPushButton::clicked, this, &ResultsPage::exportCurrent);
  connect(exportAll_, &QPushButton::clicked, this, &ResultsPage::exportAllDialog);
  connect(confusionPlot_, &QCustomPlot::mouseMove, this, &ResultsPage::confusionHover);
  showError(tr("Open a workspace with finished runs to see results."));
}

ResultsPage::~ResultsPage() = default;

Spread ResultsPage::currentSpread() const {
  Spread s = Spread::Std;
  spreadFromId(spread_->currentData().toString(), &s);
  return s;
}

bool ResultsPage::eventFilter(QObject* watched, QEvent* event) {
  // Before QCustomPlot's own resizeEvent, which lays the plot out at the new size.
  if (watched == ratioPlot_ && event->type() == QEvent::Resize) {
    const QSize size = static_cast<QResizeEvent*>(event)->size();
    if (!size.isEmpty() && ratioPlot_->legend->itemCount() > 0) placeLegend(ratioPlot_, screenStyle(currentSpread()), size);
  }
  return WorkspacePage::eventFilter(watched, event);
}

void ResultsPage::setWorkspace(Workspace* workspace) {
  workspace_ = workspace;
  demoNote_->setVisible(workspace && experiment::has_demo_dataset(workspace->root().toStdString()));
  classGains_->setTable(nullptr, nullptr);
  classGains_->setWorkspace(workspace);
  if (auto* diagnostics = findChild<DiagnosticsPanel*>()) diagnostics->setWorkspace(workspace);
  reader_.reset();
  results_.reset();
  if (isVisible()) reload();
  else sweepBox_->clear();
}

QIcon ResultsPage::pageIcon() const { return style()->standardIcon(QStyle::SP_FileDialogInfoView); }

bool ResultsPage::showSection(const QString& section) {
  // The tabs in their order (for --page results/<section>).
  static const char* const kSections[] = {"ratio", "per-class", "confusion", "run-vs-run", "class-gains", "diagnostics"};
  for (int i = 0; i < int(std::size(kSections)) && i < tabs_->count(); ++i)
    if (section == QLatin1String(kSections[i])) {
      tabs_->setCurrentIndex(i);
      return true;
    }
  return false;
}

void ResultsPage::activated() {
  reload();  // runs may have finished since; keeps the selected sweep
}

void ResultsPage::showError(const QString& text) {
  message_->setText(text);
  message_->setVisible(!text.isEmpty());
}

void ResultsPage::reload() {
  const QString previous = sweepBox_->currentData().toString();
  const QString previousParen = parenBox_->currentData().toString();
  const QSignalBlocker block(sweepBox_);
  const QSignalBlocker blockParen(parenBox_);
  sweepBox_->clear();
  parenBox_->clear();
  parenBox_->addItem(tr("(none)"), QString());
  classGains_->setTable(nullptr, nullptr);
  reader_.reset();
  results_.reset();
  if (!workspace_) return showError(tr("Open a workspace with finished runs to see results."));
  const QString path = workspace_->storePath();
  if (!QFileInfo::exists(path)) return showError(tr("No runs yet: start a sweep on the Setup page."));
  try {
    reader_ = std::make_unique<store::StoreReader>(path.toStdString());
    for (const auto& s : reader_->sweeps()) {
      sweepBox_->addItem(QStringLiteral("#%1 %2").arg(s.id).arg(QString::fromStdString(s.name)), QString::number(s.id));
      parenBox_->addItem(QStringLiteral("#%1 %2").arg(s.id).arg(QString::fromStdString(s.name)), QString::number(s.id));
    }
  } catch (const std::exception& e) {
    reader_.reset();
    return showError(tr("Cannot read the run store: %1").arg(QString::fromUtf8(e.what())));
  }
  if (sweepBox_->count() == 0) return showError(tr("No sweeps in this workspace yet."));
  const int i = sweepBox_->findData(previous);
  sweepBox_->setCurrentIndex(i >= 0 ? i : sweepBox_->count() - 1);
  parenBox_->setCurrentIndex(std::max(0, parenBox_->findData(previousParen)));
  loadSweep();
}

bool ResultsPage::selectSweep(const QString& idOrName) {
  if (!reader_) reload();
  if (!reader_) return false;
  const auto s = reader_->find_sweep(idOrName.toStdString());
  const int i = s ? sweepBox_->findData(QString::number(s->id)) : -1;
  if (i < 0) return false;
  if (i == sweepBox_->currentIndex()) loadSweep();
  else sweepBox_->setCurrentIndex(i);
  return results_ != nullptr;
}

void ResultsPage::loadSweep() {
  classGains_->setTable(nullptr, nullptr);
  results_.reset();
  clearFigure(ratioPlot_);
  ratioPlot_->replot();
  table_->clear();
  table_->setRowCount(0);
  if (!reader_ || sweepBox_->currentIndex() < 0) return;
  try {
    results_ = std::make_unique<SweepResults>(
        loadSweepResults(*reader_, sweepBox_->currentData().toString(), parenBox_->currentData().toString()));
  } catch (const std::exception& e) {
    fillRunPickers();
    return showError(tr("Results of this sweep cannot be shown: %1").arg(QString::fromUtf8(e.what())));
  }
  const auto& t = results_->table;
  showError(t.runs_pending + t.runs_failed > 0
                ? tr("%1 runs done, %2 pending, %3 failed: the plot and table show finished runs only.")
                      .arg(t.runs_done).arg(t.runs_pending).arg(t.runs_failed)
                : QString());
  buildRatioCurve(ratioPlot_, *results_, screenStyle(currentSpread()));
  ratioPlot_->replot();
  fillMarkVs();
  fillTable();
  fillRunPickers();
  classGains_->setTable(reader_.get(), &results_->table, results_->sweep.id);
}

// The table's columns, keeping the picked one when the new table has it.
void ResultsPage::fillMarkVs() {
  const QString previous = markVs_->currentData().toString();
  const QSignalBlocker block(markVs_);
  while (markVs_->count() > 1) markVs_->removeItem(1);
  if (results_) {
    const auto& labels = results_->combined ? results_->combined->column_labels : results_->table.column_labels;
    for (const auto& c : labels) markVs_->addItem(coreText(c), QString::fromStdString(c));
  }
  markVs_->setCurrentIndex(std::max(0, markVs_->findData(previous)));
}

QString ResultsPage::significanceLegend() const {
  return significanceNote_->isHidden() ? QString() : significanceNote_->text();
}

QList<qint64> ResultsPage::cellRunIds(int row, int column) const {
  QList<qint64> ids;
  if (const QTableWidgetItem* item = table_->item(row, column))
    for (const QString& id : item->data(Qt::UserRole).toStringList()) ids << id.toLongLong();
  return ids;
}

void ResultsPage::tableMenu(const QPoint& pos) {
  const QTableWidgetItem* item = table_->itemAt(pos);
  if (!item) return;
  const QList<qint64> ids = cellRunIds(item->row(), item->column());
  QMenu menu(this);
  QAction* show = menu.addAction(tr("Show Runs (%n)", nullptr, ids.size()));
  show->setEnabled(!ids.isEmpty());
  if (menu.exec(table_->viewport()->mapToGlobal(pos)) == show) emit showRunsRequested(ids);
}

void ResultsPage::fillTable() {
  markBest_->setEnabled(!results_->combined);  // ranks are of single tables
  significanceNote_->clear();
  significanceNote_->setVisible(false);
  if (results_->combined) return fillCombinedTable();
  const auto& t = results_->table;
  std::optional<experiment::SignificanceMarks> marks;
  const QString vs = markVs_->currentData().toString();
  if (!vs.isEmpty() && reader_) {
    try {
      marks = experiment::significance_vs(*reader_, t, experiment::find_column(t, vs.toStdString()));
      significanceNote_->setText(tr("† p < %1 against %2 in the same row (Student's paired t-test over seeds, two-sided).")
                                     .arg(marks->alpha)
                                     .arg(vs));
      significanceNote_->setVisible(true);
    } catch (const std::exception& e) {
      showError(tr("Cannot mark significant cells: %1").arg(QString::fromUtf8(e.what())));
    }
  }
  setTableLabels(t.row_labels, t.column_labels);
  for (size_t r = 0; r < t.row_labels.size(); ++r) {
    const std::vector<int> rank = experiment::row_ranks(t, r);
    for (size_t c = 0; c < t.column_labels.size(); ++c) {
      const experiment::CellSignificance* sig = marks ? &marks->cells[r][c] : nullptr;
      auto* item = new QTableWidgetItem(
          QString::fromStdString(experiment::format_cell(t.cells[r][c], false, sig && sig->significant ? "†" : "")));
      item->setTextAlignment(Qt::AlignCenter);
      if (markBest_->isChecked() && rank[c] >= 0) {
        QFont f = item->font();
        (rank[c] == 0 ? f.setBold(true) : f.setUnderline(true));
        item->setFont(f);
      }
      const experiment::TableCell& cell = t.cells[r][c];
      QStringList ids;
      for (const int64_t id : cell.run_ids) ids << QString::number(id);
      // Which runs a number comes from, so it can be traced in the Runs page.
      const QString tip = significanceTip(sig, vs);
      item->setToolTip(tr("%1 of %2 run(s) finished").arg(cell.values.size()).arg(cell.planned) +
                       (ids.isEmpty() ? QString() : QLatin1Char('\n') + tr("Runs: %1").arg(ids.join(QStringLiteral(", ")))) +
                       (tip.isEmpty() ? QString() : QLatin1Char('\n') + tip) +
                       (ids.isEmpty() ? QString() : QLatin1Char('\n') + tr("Double-click: show these runs")));
      item->setData(Qt::UserRole, QVariant::fromValue(ids));
      table_->setItem(static_cast<int>(r), static_cast<int>(c), item);
    }
  }
}

// Rows as they are (ratios); column labels from core, translated.
void ResultsPage::setTableLabels(const std::vector<std::string>& rows, const std::vector<std::string>& columns) {
  table_->setRowCount(static_cast<int>(rows.size()));
  table_->setColumnCount(static_cast<int>(columns.size()));
  QStringList cols, rowLabels;
  for (const auto& c : columns) cols << coreText(c);
  for (const auto& r : rows) rowLabels << QString::fromStdString(r);
  table_->setHorizontalHeaderLabels(cols);
  table_->setVerticalHeaderLabels(rowLabels);
}

// "value (value in parentheses)" per cell, as runs table --paren-sweep prints it.
void ResultsPage::fillCombinedTable() {
  const experiment::CombinedTable& t = *results_->combined;
  std::optional<experiment::CombinedMarks> marks;
  const QString vs = markVs_->currentData().toString();
  if (!vs.isEmpty() && reader_) {
    try {
      marks = experiment::combined_significance_vs(*reader_, t, vs.toStdString());
      significanceNote_->setText(tr("† p < %1 against %2 in the same row, for the value and the value in parentheses "
                                    "each within its own side (Student's paired t-test over seeds, two-sided).")
                                     .arg(marks->outer.alpha)
                                     .arg(vs));
      significanceNote_->setVisible(true);
    } catch (const std::exception& e) {
      showError(tr("Cannot mark significant cells: %1").arg(QString::fromUtf8(e.what())));
    }
  }
  const experiment::CombinedMarks* m = marks ? &*marks : nullptr;
  setTableLabels(t.row_labels, t.column_labels);
  const auto side = [&](const std::string& name, const experiment::TableCell& cell, const experiment::CellSignificance* sig) {
    QStringList ids;
    for (const int64_t id : cell.run_ids) ids << QString::number(id);
    const QString tip = significanceTip(sig, vs);
    return tr("%1: %2 of %3 run(s) finished").arg(coreText(name)).arg(cell.values.size()).arg(cell.planned) +
           (ids.isEmpty() ? QString() : QLatin1Char('\n') + tr("Runs: %1").arg(ids.join(QStringLiteral(", ")))) +
           (tip.isEmpty() ? QString() : QLatin1Char('\n') + tip);
  };
  const auto dagger = [](const experiment::CellSignificance* sig) { return sig && sig->significant ? "†" : ""; };
  for (size_t r = 0; r < t.row_labels.size(); ++r)
    for (size_t c = 0; c < t.column_labels.size(); ++c) {
      const experiment::CombinedCell& cell = t.cells[r][c];
      const auto* so = experiment::combined_mark(t, m, false, r, c);
      const auto* si = experiment::combined_mark(t, m, true, r, c);
      auto* item = new QTableWidgetItem(
          QString::fromStdString(experiment::format_combined_cell(cell, false, dagger(so), dagger(si))));
      item->setTextAlignment(Qt::AlignCenter);
      item->setToolTip(side(t.outer_name, cell.outer, so) + QLatin1Char('\n') + side(t.inner_name, cell.inner, si));
      QStringList ids;
      for (const auto* part : {&cell.outer, &cell.inner})
        for (const int64_t id : part->run_ids) ids << QString::number(id);
      item->setData(Qt::UserRole, QVariant::fromValue(ids));
      table_->setItem(static_cast<int>(r), static_cast<int>(c), item);
    }
}

int64_t ResultsPage::bestRunId() const {
  if (!results_ || !reader_) return 0;
  int64_t best = 0;
  double bestValue = -1e300;
  for (const auto& run : results_->doneRuns) {
    const auto res = reader_->result(run.id);
    const auto& key = results_->table.metric;
    if (!res || !res->metrics.contains(key) || !res->metrics[key].is_number()) continue;
    if (res->metrics[key].get<double>() > bestValue) bestValue = res->metrics[key].get<double>(), best = run.id;
  }
  return best;
}

void ResultsPage::fillRunPickers() {
  const int64_t best = bestRunId();
  for (QComboBox* box : {perClassRun_, confusionRun_, runA_, runB_}) {
    const QSignalBlocker block(box);
    box->clear();
    if (!results_) continue;
    for (const auto& run : results_->doneRuns) box->addItem(runLabel(run), QVariant::fromValue<qlonglong>(run.id));
    const int i = box->findData(QVariant::fromValue<qlonglong>(best));
    box->setCurrentIndex(std::max(0, i));
  }
  // Run B: by default the best run, run A: the first run of another column (image only).
  if (results_ && runA_->count() > 1) runA_->setCurrentIndex(runA_->currentIndex() == 0 ? 1 : 0);
  showPerClass();
  showConfusion();
  showDifference();
}

void ResultsPage::showPerClass() {
  clearFigure(perClassPlot_);
  if (reader_ && perClassRun_->currentIndex() >= 0) {
    try {
      buildPerClass(perClassPlot_, loadClassAccuracy(*reader_, perClassRun_->currentData().toLongLong()),
                    perClassRun_->currentText(), screenStyle());
    } catch (const std::exception& e) {
      showError(QString::fromUtf8(e.what()));
    }
  }
  perClassPlot_->replot();
}

void ResultsPage::showConfusion() {
  clearFigure(confusionPlot_);
  confusion_ = {};
  if (reader_ && confusionRun_->currentIndex() >= 0) {
    try {
      confusion_ = loadConfusion(*reader_, confusionRun_->currentData().toLongLong());
      buildConfusion(confusionPlot_, confusion_, screenStyle());
    } catch (const std::exception& e) {
      showError(QString::fromUtf8(e.what()));
    }
  }
  confusionPlot_->replot();
}

void ResultsPage::confusionHover(QMouseEvent* event) {
  const int n = confusion_.classes.size();
  if (n == 0) return;
  const QPointF pos = event->position();
  const int p = static_cast<int>(std::lround(confusionPlot_->xAxis->pixelToCoord(pos.x())));
  const int t = static_cast<int>(std::lround(confusionPlot_->yAxis->pixelToCoord(pos.y())));
  if (p < 0 || t < 0 || p >= n || t >= n || !confusionPlot_->axisRect()->rect().contains(pos.toPoint())) {
    QToolTip::hideText();
    return;
  }
  double total = 0;
  for (double v : confusion_.counts[t]) total += v;
  const double count = confusion_.counts[t][p];
  QToolTip::showText(event->globalPosition().toPoint(),
                     tr("True: %1\nPredicted: %2\n%3 images (%4 % of the true class)")
                         .arg(confusion_.classes[t], confusion_.classes[p])
                         .arg(count)
                         .arg(total > 0 ? 100.0 * count / total : 0.0, 0, 'f', 1),
                     confusionPlot_);
}

void ResultsPage::showDifference() {
  clearFigure(diffPlot_);
  if (reader_ && runA_->currentIndex() >= 0 && runB_->currentIndex() >= 0) {
    try {
      buildClassDifference(diffPlot_, loadClassAccuracy(*reader_, runA_->currentData().toLongLong()),
                           loadClassAccuracy(*reader_, runB_->currentData().toLongLong()),
                           QStringLiteral("#%1").arg(runA_->currentData().toLongLong()),
                           QStringLiteral("#%1").arg(runB_->currentData().toLongLong()), screenStyle());
    } catch (const std::exception& e) {
      showError(QString::fromUtf8(e.what()));
    }
  }
  diffPlot_->replot();
}

FigureExportDialog::Builder ResultsPage::builderFor(int tab) {
  if (!results_ || !reader_) return {};
  store::StoreReader* reader = reader_.get();
  switch (tab) {
    case kRatioTab: {
      const SweepResults r = *results_;
      return [r](QCustomPlot* p, const FigureStyle& s) { buildRatioCurve(p, r, s); };
    }
    case kPerClassTab: {
      if (perClassRun_->currentIndex() < 0) return {};
      const ClassAccuracy a = loadClassAccuracy(*reader, perClassRun_->currentData().toLongLong());
      const QString name = perClassRun_->currentText();
      return [a, name](QCustomPlot* p, const FigureStyle& s) { buildPerClass(p, a, name, s); };
    }
    case kConfusionTab: {
      if (confusion_.classes.isEmpty()) return {};
      const Confusion c = confusion_;
      return [c](QCustomPlot* p, const FigureStyle& s) { buildConfusion(p, c, s); };
    }
    case kDifferenceTab: {
      if (runA_->currentIndex() < 0 || runB_->currentIndex() < 0) return {};
      const ClassAccuracy a = loadClassAccuracy(*reader, runA_->currentData().toLongLong());
      const ClassAccuracy b = loadClassAccuracy(*reader, runB_->currentData().toLongLong());
      const QString na = QStringLiteral("#%1").arg(runA_->currentData().toLongLong());
      const QString nb = QStringLiteral("#%1").arg(runB_->currentData().toLongLong());
      return [a, b, na, nb](QCustomPlot* p, const FigureStyle& s) { buildClassDifference(p, a, b, na, nb, s); };
    }
    case kClassGainsTab: {
      const std::vector<experiment::ClassGain> g = classGains_->gains();
      if (g.empty()) return {};
      const QString na = classGains_->nameA(), nb = classGains_->nameB();
      return [g, na, nb](QCustomPlot* p, const FigureStyle& s) { buildClassGains(p, g, na, nb, s); };
    }
  }
  return {};
}

void ResultsPage::exportCurrent() {
  FigureExportDialog::Builder builder;
  try {
    builder = builderFor(tabs_->currentIndex());
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Export Figure"), QString::fromUtf8(e.what()));
    return;
  }
  if (!builder) {
    QMessageBox::information(this, tr("Export Figure"), tr("Nothing to export: choose a sweep with finished runs."));
    return;
  }
  static const FigureKind kinds[] = {FigureKind::RatioCurve, FigureKind::PerClass, FigureKind::Confusion,
                                     FigureKind::ClassDifference};
  const int tab = tabs_->currentIndex();
  const QString kind = tab == kClassGainsTab ? QStringLiteral("class-gains") : figureKindId(kinds[tab]);
  const QString name = QStringLiteral("sweep%1-%2.pdf").arg(results_->sweep.id).arg(kind);
  FigureStyle initial = loadSavedStyle();
  initial.spread = currentSpread();  // as the page shows it; saved with the style on export
  FigureExportDialog dialog(builder, initial, QDir(workspace_ ? workspace_->root() : QDir::homePath()).filePath(name), this);
  dialog.exec();
}

QStringList ResultsPage::exportAll(const QString& dir, const QString& suffix, const FigureStyle& style, QString* error) {
  QStringList written;
  if (!results_ || !reader_) {
    *error = tr("No sweep results to export.");
    return written;
  }
  QCustomPlot plot;
  const QString stem = QDir(dir).filePath(QStringLiteral("sweep%1-").arg(results_->sweep.id));
  const auto write = [&](FigureKind kind) {
    const QString path = stem + figureKindId(kind) + QLatin1Char('.') + suffix;
    if (!exportFigure(&plot, style, path, error)) return false;
    written << path;
    return true;
  };
  try {
    if (!results_->curves.isEmpty()) {
      buildRatioCurve(&plot, *results_, style);
      if (!write(FigureKind::RatioCurve)) return written;
    }
    if (const int64_t best = bestRunId()) {
      const auto info = reader_->run(best);
      buildPerClass(&plot, loadClassAccuracy(*reader_, best), info ? runLabel(*info) : QString(), style);
      if (!write(FigureKind::PerClass)) return written;
      buildConfusion(&plot, loadConfusion(*reader_, best), style);
      if (!write(FigureKind::Confusion)) return written;
    }
  } catch (const std::exception& e) {
    *error = QString::fromUtf8(e.what());
  }
  return written;
}

void ResultsPage::exportAllDialog() {
  if (!results_) {
    QMessageBox::information(this, tr("Export All Figures"), tr("Nothing to export: choose a sweep with finished runs."));
    return;
  }
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Export All Figures: choose a folder"),
                                                        workspace_ ? workspace_->root() : QDir::homePath());
  if (dir.isEmpty()) return;
  bool ok = false;
  const QString suffix = QInputDialog::getItem(this, tr("Export All Figures"), tr("Format:"),
                                               {QStringLiteral("pdf"), QStringLiteral("svg"), QStringLiteral("png")}, 0, false, &ok);
  if (!ok) return;
  QString error;
  FigureStyle style = loadSavedStyle();
  style.spread = currentSpread();
  const QStringList files = exportAll(dir, suffix, style, &error);
  if (!error.isEmpty()) QMessageBox::warning(this, tr("Export All Figures"), error);
  emit statusMessage(tr("%n figure(s) written to %1", nullptr, files.size()).arg(QDir::toNativeSeparators(dir)), 8000);
}

}  // namespace plumage::ui::results

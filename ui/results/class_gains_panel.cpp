#include "ui/results/class_gains_panel.h"
#include "ui/common/core_texts.h"

#include "core/data/dataset.h"
#include "core/experiment/class_gains_across.h"
#include "core/store/store_reader.h"
#include "ui/descriptions/descriptions_document.h"
#include "ui/results/class_gains_figure.h"
#include "ui/results/figure_export_dialog.h"
#include "ui/shell/dataset_session.h"
#include "ui/shell/workspace.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <exception>

namespace plumage::ui::results {

namespace {
FigureStyle screenStyle() {
  FigureStyle s;
  s.fontPt = 9;
  s.lineWidthPt = 1.2;
  return s;
}

bool hasValues(const experiment::ResultsTable& t, std::size_t row, std::size_t column) {
  return row < t.cells.size() && column < t.cells[row].size() && !t.cells[row][column].values.empty();
}
}  // namespace

ClassGainsPanel::ClassGainsPanel(QWidget* parent) : QWidget(parent) {
  row_ = new QComboBox;
  row_->setObjectName(QStringLiteral("classGainsRow"));
  columnA_ = new QComboBox;
  columnA_->setObjectName(QStringLiteral("classGainsColumnA"));
  columnB_ = new QComboBox;
  columnB_->setObjectName(QStringLiteral("classGainsColumnB"));
  sweepB_ = new QComboBox;
  sweepB_->setObjectName(QStringLiteral("classGainsSweepB"));
  sweepB_->setToolTip(tr("Take column B from another sweep: runs are paired by seed"));
  sweepB_->addItem(tr("this sweep"), qint64(0));
  for (QComboBox* box : {row_, columnA_, columnB_, sweepB_}) box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  exportCsv_ = new QPushButton(tr("Export CSV…"));
  exportFigure_ = new QPushButton(tr("Export Figure…"));
  message_ = new QLabel;
  message_->setWordWrap(true);
  model_ = new ClassGainsModel(this);
  view_ = new QTableView;
  view_->setObjectName(QStringLiteral("classGainsView"));
  view_->setModel(model_);
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->setSelectionMode(QAbstractItemView::SingleSelection);
  view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  view_->setWordWrap(false);
  view_->setTextElideMode(Qt::ElideRight);
  view_->verticalHeader()->setVisible(false);
  view_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  // The description is elided to a fixed width (full text on hover) so the numbers stay in view.
  view_->horizontalHeader()->setSectionResizeMode(ClassGainsModel::kDescription, QHeaderView::Interactive);
  view_->horizontalHeader()->resizeSection(ClassGainsModel::kDescription, 200);
  view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 6);
  plot_ = new QCustomPlot;
  plot_->setObjectName(QStringLiteral("classGainsPlot"));
  plot_->setMinimumSize(260, 240);

  auto* bar = new QHBoxLayout;
  bar->addWidget(new QLabel(tr("Row:")));
  bar->addWidget(row_);
  bar->addWidget(new QLabel(tr("A:")));
  bar->addWidget(columnA_);
  bar->addWidget(new QLabel(tr("minus B:")));
  bar->addWidget(columnB_);
  bar->addWidget(new QLabel(tr("B from:")));
  bar->addWidget(sweepB_);
  bar->addStretch(1);
  bar->addWidget(exportCsv_);
  bar->addWidget(exportFigure_);
  auto* split = new QSplitter(Qt::Horizontal);
  split->addWidget(view_);
  split->addWidget(plot_);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 1);
  split->setSizes({2900, 1100});
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(bar);
  layout->addWidget(message_);
  layout->addWidget(split, 1);

  for (QComboBox* box : {row_, columnA_, columnB_})
    connect(box, qOverload<int>(&QComboBox::currentIndexChanged), this, &ClassGainsPanel::compute);
  connect(sweepB_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ClassGainsPanel::sweepBChanged);
  connect(view_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
    if (index.isValid() && index.row() < model_->rows().size())
      emit openClassRequested(QString::fromStdString(model_->rows()[index.row()].gain.class_name));
  });
  connect(exportCsv_, &QPushButton::clicked, this, &ClassGainsPanel::exportCsv);
  connect(exportFigure_, &QPushButton::clicked, this, &ClassGainsPanel::exportFigure);
  compute();
}

void ClassGainsPanel::setWorkspace(Workspace* workspace) {
  if (workspace_ == workspace) return;
  if (workspace_) disconnect(workspace_->session(), nullptr, this, nullptr);
  workspace_ = workspace;
  counter_ = TokenCounter();
  counterTried_ = false;
  // Descriptions arrive when the dataset has loaded (after the results, often).
  if (workspace_) connect(workspace_->session(), &DatasetSession::datasetChanged, this, &ClassGainsPanel::compute);
}

void ClassGainsPanel::setTable(store::StoreReader* reader, const experiment::ResultsTable* table, int64_t sweepId) {
  reader_ = reader;
  table_ = table;
  sweepId_ = sweepId;
  // Cleared while the page reloads: the pickers keep their labels for the next table.
  for (QComboBox* box : {row_, columnA_, columnB_, sweepB_}) box->setEnabled(table_ != nullptr);
  if (!table_) {
    tableB_.reset();
    return compute();
  }
  {
    // The other sweeps of the store, keeping the one picked for B when it is still there.
    const qint64 oldSweepB = sweepB_->currentData().toLongLong();
    const QSignalBlocker block(sweepB_);
    while (sweepB_->count() > 1) sweepB_->removeItem(1);
    sweepName_.clear();
    try {
      for (const auto& s : reader_->sweeps()) {
        if (s.id == sweepId_) sweepName_ = QString::fromStdString(s.name);
        else if (sweepId_ != 0) sweepB_->addItem(QStringLiteral("#%1 %2").arg(s.id).arg(QString::fromStdString(s.name)), qint64(s.id));
      }
    } catch (const std::exception&) {
      // an unreadable store shows in compute()'s message
    }
    sweepB_->setCurrentIndex(std::max(0, sweepB_->findData(oldSweepB)));
    tableB_.reset();
  }
  const QSignalBlocker b1(row_), b2(columnA_), b3(columnB_);
  const QString oldRow = row_->currentText(), oldA = columnA_->currentText(), oldB = columnB_->currentText();
  row_->clear();
  columnA_->clear();
  columnB_->clear();
  {
    for (const auto& r : table_->row_labels) row_->addItem(QString::fromStdString(r));
    for (const auto& c : table_->column_labels) {
      columnA_->addItem(coreText(c));
      columnB_->addItem(coreText(c));
    }
    // Default: the last column (text added) over the first (image only) when
    // they share a finished row, else the nearest pair that does; at the
    // middle one of their shared rows.
    const int n = columnA_->count();
    QVector<int> both;
    for (int a = n - 1; a > 0 && both.isEmpty(); --a)
      for (int b = 0; b < a && both.isEmpty(); ++b) {
        for (std::size_t r = 0; r < table_->row_labels.size(); ++r)
          if (hasValues(*table_, r, std::size_t(a)) && hasValues(*table_, r, std::size_t(b))) both << int(r);
        if (!both.isEmpty()) columnA_->setCurrentIndex(a), columnB_->setCurrentIndex(b);
      }
    if (both.isEmpty()) columnA_->setCurrentIndex(n - 1), columnB_->setCurrentIndex(0);
    row_->setCurrentIndex(both.isEmpty() ? 0 : both[both.size() / 2]);
  }
  // Same labels as before (another sweep of the same layout): keep the choice.
  if (!oldRow.isEmpty() && row_->findText(oldRow) >= 0 && columnA_->findText(oldA) >= 0 && columnB_->findText(oldB) >= 0) {
    row_->setCurrentIndex(row_->findText(oldRow));
    columnA_->setCurrentIndex(columnA_->findText(oldA));
    columnB_->setCurrentIndex(columnB_->findText(oldB));
  }
  if (sweepB_->currentIndex() > 0) return sweepBChanged();  // B's columns and the shared rows
  compute();
}

// Column B's sweep changed: its table's columns for B, the rows both tables have.
void ClassGainsPanel::sweepBChanged() {
  if (!reader_ || !table_) return compute();
  const qint64 id = sweepB_->currentData().toLongLong();
  tableB_.reset();
  sweepBName_.clear();
  QString problem;
  if (id != 0) {
    try {
      const auto sweep = experiment::require_sweep(*reader_, std::to_string(id));
      tableB_ = experiment::sweep_results_table(*reader_, sweep);
      sweepBName_ = QString::fromStdString(sweep.name);
    } catch (const std::exception& e) {
      problem = QString::fromUtf8(e.what());
    }
  }
  const QString oldRow = row_->currentText(), oldB = columnB_->currentText();
  {
    const QSignalBlocker b1(row_), b2(columnB_);
    row_->clear();
    columnB_->clear();
    const experiment::ResultsTable& b = *tableB();
    for (const auto& r : table_->row_labels)
      if (std::find(b.row_labels.begin(), b.row_labels.end(), r) != b.row_labels.end()) row_->addItem(QString::fromStdString(r));
    for (const auto& c : b.column_labels) columnB_->addItem(QString::fromStdString(c));
    row_->setCurrentIndex(std::max(0, row_->findText(oldRow)));
    columnB_->setCurrentIndex(std::max(0, columnB_->findText(oldB)));
  }
  compute();
  if (!problem.isEmpty()) message_->setText(tr("Column B's sweep cannot be read: %1").arg(problem));
}

bool ClassGainsPanel::select(const QString& row, const QString& columnA, const QString& columnB) {
  const int r = row_->findText(row), a = columnA_->findText(columnA), b = columnB_->findText(columnB);
  if (r < 0 || a < 0 || b < 0) return false;
  const QSignalBlocker b1(row_), b2(columnA_), b3(columnB_);
  row_->setCurrentIndex(r);
  columnA_->setCurrentIndex(a);
  columnB_->setCurrentIndex(b);
  compute();
  return true;
}

QString ClassGainsPanel::message() const { return message_->text(); }
// With B from another sweep, each side says its sweep ("pc: + LLM descriptions").
QString ClassGainsPanel::nameA() const {
  return tableB_ && !sweepName_.isEmpty() ? sweepName_ + QStringLiteral(": ") + columnA_->currentText() : columnA_->currentText();
}
QString ClassGainsPanel::nameB() const {
  return tableB_ ? sweepBName_ + QStringLiteral(": ") + columnB_->currentText() : columnB_->currentText();
}

std::vector<experiment::ClassGain> ClassGainsPanel::gains() const {
  std::vector<experiment::ClassGain> out;
  for (const ClassGainRow& r : model_->rows()) out.push_back(r.gain);
  return out;
}

void ClassGainsPanel::compute() {
  QVector<ClassGainRow> rows;
  QString text;
  if (!reader_ || !table_ || row_->currentIndex() < 0 || columnA_->currentIndex() < 0 || columnB_->currentIndex() < 0) {
    text = tr("Choose a sweep with finished runs: the classes of two of its columns are compared here.");
  } else if (!tableB_ && columnA_->currentIndex() == columnB_->currentIndex()) {
    text = tr("Choose two different columns to compare.");
  } else {
    try {
      // A handful of stored results per seed: fast enough for the GUI thread.
      const std::string row = row_->currentText().toStdString();
      const auto a = std::size_t(columnA_->currentIndex()), b = std::size_t(columnB_->currentIndex());
      for (auto& g : tableB_ ? experiment::class_gains_across(*reader_, *table_, a, *tableB_, b, row)
                             : experiment::class_gains(*reader_, *table_, row, a, b))
        rows.push_back({std::move(g), QString(), -1});
      fillDescriptions(rows);
      int up = 0, down = 0;
      for (const auto& r : rows) up += r.gain.gain > 0, down += r.gain.gain < 0;
      text = tr("%1 classes at %2: %3 gain, %4 lose with %5 instead of %6. Double-click a class to open its descriptions.")
                 .arg(rows.size()).arg(row_->currentText()).arg(up).arg(down).arg(nameA(), nameB());
    } catch (const std::exception& e) {
      text = tr("No per-class comparison: %1").arg(QString::fromUtf8(e.what()));
    }
  }
  message_->setText(text);
  model_->setColumnNames(nameA(), nameB());
  model_->setRows(rows);
  exportCsv_->setEnabled(!rows.isEmpty());
  exportFigure_->setEnabled(!rows.isEmpty());
  buildClassGains(plot_, gains(), nameA(), nameB(), screenStyle());
  plot_->replot();
}

// The class's first usable description (the text training would start from)
// and its CLIP token count; the store names classes by dataset key or display name.
void ClassGainsPanel::fillDescriptions(QVector<ClassGainRow>& rows) {
  if (!workspace_ || !workspace_->session()) return;
  DatasetSession* session = workspace_->session();
  DescriptionsDocument* doc = session->descriptions();
  const auto dataset = session->dataset();
  if (!doc || !dataset) return;
  if (!counterTried_) {
    counterTried_ = true;
    QString error;  // no vocabulary: the Tokens column says so on hover
    counter_.load(workspace_->root(), &error);
  }
  for (ClassGainRow& row : rows) {
    QString key = QString::fromStdString(row.gain.class_name);
    for (const auto& c : dataset->dataset.classes)
      if (c.name == row.gain.class_name || c.display_name == row.gain.class_name) key = QString::fromStdString(c.name);
    const data::ClassDescriptions* d = doc->find(key);
    if (!d) continue;
    const auto usable = d->usable_variants();
    if (usable.empty()) continue;
    row.description = QString::fromStdString(usable.front()->joined_text());
    if (counter_.isLoaded()) row.tokens = counter_.count(row.description).tokens;
  }
}

void ClassGainsPanel::exportCsv() {
  const QString dir = workspace_ ? workspace_->root() : QDir::homePath();
  const QString path = QFileDialog::getSaveFileName(this, tr("Export Class Gains"), QDir(dir).filePath(QStringLiteral("class-gains.csv")),
                                                    tr("CSV files (*.csv)"));
  if (path.isEmpty()) return;
  QString error;
  if (!writeCsv(path, &error)) QMessageBox::warning(this, tr("Export Class Gains"), error);
}

bool ClassGainsPanel::writeCsv(const QString& path, QString* error) const {
  QFile f(path);
  const std::string csv = experiment::class_gains_csv(gains());
  if (f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(csv.data(), qint64(csv.size())) == qint64(csv.size()))
    return true;
  *error = tr("Cannot write %1: %2").arg(path, f.errorString());
  return false;
}

void ClassGainsPanel::exportFigure() {
  const std::vector<experiment::ClassGain> g = gains();
  if (g.empty()) return;
  const QString a = nameA(), b = nameB();
  FigureExportDialog::Builder builder = [g, a, b](QCustomPlot* plot, const FigureStyle& style) {
    buildClassGains(plot, g, a, b, style);
  };
  const QString dir = workspace_ ? workspace_->root() : QDir::homePath();
  FigureExportDialog dialog(builder, loadSavedStyle(), QDir(dir).filePath(QStringLiteral("class-gains.pdf")), this);
  dialog.exec();
}

}  // namespace plumage::ui::results

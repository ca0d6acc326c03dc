// "Class Gains" tab of the results page: for one row of the sweep's table
// (an image ratio) and two of its columns, the classes ranked by how much
// accuracy column A gains over column B (experiment::class_gains, as
// `plumage-cli runs class-gains`), each with its first description and that
// text's CLIP token count, beside a bar chart of the gains. Double-clicking a
// class asks to open it on the Descriptions page. Exports as CSV and figure.
// "B from:" takes column B from another sweep (runs paired by seed,
// experiment::class_gains_across): e.g. per-class against global sampling.
#pragma once

#include "ui/common/token_counter.h"
#include "ui/results/class_gains_model.h"

#include <QPointer>
#include <QWidget>

#include <cstdint>
#include <optional>

class QComboBox;
class QCustomPlot;
class QLabel;
class QPushButton;
class QTableView;

namespace plumage::store {
class StoreReader;
}

namespace plumage::ui {
class Workspace;
}

namespace plumage::ui::results {

class ClassGainsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ClassGainsPanel(QWidget* parent = nullptr);

  // Descriptions and token counts come from the workspace's current dataset.
  void setWorkspace(Workspace* workspace);
  // The table whose rows and columns the pickers offer; both must outlive the
  // next setTable call (the results page owns them). nullptr: nothing to show.
  // `sweepId`: the table's sweep (the "B from" picker offers the others).
  void setTable(store::StoreReader* reader, const experiment::ResultsTable* table, int64_t sweepId = 0);
  // Picks by label; false when the table has no such row/column.
  bool select(const QString& row, const QString& columnA, const QString& columnB);

  ClassGainsModel* model() const { return model_; }
  QTableView* view() const { return view_; }
  QCustomPlot* plot() const { return plot_; }
  QComboBox* rowBox() const { return row_; }
  QComboBox* columnABox() const { return columnA_; }
  QComboBox* columnBBox() const { return columnB_; }
  // Where column B comes from: 0 data = the same sweep, else a sweep id.
  QComboBox* sweepBBox() const { return sweepB_; }
  QString message() const;
  // The compared sides as CSV/figure name them: the column, and its sweep when B comes from another.
  QString nameA() const;
  QString nameB() const;
  std::vector<experiment::ClassGain> gains() const;
  // The ranking as `runs class-gains` writes it; false with *error naming the file.
  bool writeCsv(const QString& path, QString* error) const;

 signals:
  // A class (as the store names it) the user wants to see on the Descriptions page.
  void openClassRequested(const QString& className);

 private:
  void compute();
  void sweepBChanged();
  const experiment::ResultsTable* tableB() const { return tableB_ ? &*tableB_ : table_; }
  void fillDescriptions(QVector<ClassGainRow>& rows);
  void exportCsv();
  void exportFigure();

  QPointer<Workspace> workspace_;
  store::StoreReader* reader_ = nullptr;
  const experiment::ResultsTable* table_ = nullptr;
  int64_t sweepId_ = 0;
  QString sweepName_, sweepBName_;
  std::optional<experiment::ResultsTable> tableB_;  // column B's sweep, when not table_'s
  TokenCounter counter_;
  bool counterTried_ = false;
  QComboBox* row_;
  QComboBox* columnA_;
  QComboBox* columnB_;
  QComboBox* sweepB_;
  QPushButton* exportCsv_;
  QPushButton* exportFigure_;
  QLabel* message_;
  ClassGainsModel* model_;
  QTableView* view_;
  QCustomPlot* plot_;
};

}  // namespace plumage::ui::results

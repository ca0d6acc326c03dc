// Results: a sweep's accuracy-vs-image-ratio curves (± std over seeds) beside
// its thesis-layout table, per-class accuracy of a run, the confusion heat
// map (class names on hover), and run-vs-run per-class differences. Every
// plot exports as a thesis figure; "Export All Figures" writes them in one go.
// "In parentheses" picks a second sweep: the table shows "value (its value)"
// (experiment::CombinedTable) and the ratio figure overlays it dashed.
// "Class Gains" ranks the classes of two columns by accuracy gain (class_gains_panel.h).
// "Mark significant vs" puts † on cells that differ from one column's cell in
// the same row (paired t-test over seeds, as runs table --mark-vs). A table
// cell's "Show Runs" (double-click or context menu) asks for its runs.
#pragma once

#include "ui/results/figure_builder.h"
#include "ui/results/figure_export_dialog.h"
#include "ui/shell/workspace_page.h"

#include <QPointer>
#include <memory>
#include <string>
#include <vector>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QLabel;
class QPushButton;
class QTableWidget;
class QTabWidget;

namespace plumage::store {
class StoreReader;
}

namespace plumage::ui::results {

class ClassGainsPanel;

class ResultsPage : public WorkspacePage {
  Q_OBJECT
 public:
  explicit ResultsPage(QWidget* parent = nullptr);
  ~ResultsPage() override;

  QString pageId() const override { return QStringLiteral("results"); }
  QString pageTitle() const override { return tr("Results"); }
  QIcon pageIcon() const override;
  void setWorkspace(Workspace* workspace) override;
  void activated() override;
  // "class-gains": the per-class comparison tab.
  bool showSection(const QString& section) override;

  // Re-reads the store (sweeps, then the selected sweep's results).
  void reload();
  bool selectSweep(const QString& idOrName);
  // Writes every figure of the selected sweep into `dir` as `suffix` files
  // (ratio curve, per-class and confusion of its best run). Returns the paths.
  QStringList exportAll(const QString& dir, const QString& suffix, const FigureStyle& style, QString* error);

  QCustomPlot* ratioPlot() const { return ratioPlot_; }
  QCustomPlot* perClassPlot() const { return perClassPlot_; }
  QCustomPlot* confusionPlot() const { return confusionPlot_; }
  QCustomPlot* differencePlot() const { return diffPlot_; }
  QTableWidget* table() const { return table_; }
  QCheckBox* markBest() const { return markBest_; }
  // The ratio figure's spread over seeds: ± std bars, 95 % band, both, none (data: spreadId).
  QComboBox* spreadBox() const { return spread_; }
  // The sweep shown in parentheses in the table and dashed in the ratio figure ("" data: none).
  QComboBox* parenSweepBox() const { return parenBox_; }
  // "(none)" or a column label: † against that column (experiment::significance_vs).
  QComboBox* markVsBox() const { return markVs_; }
  // The test the † marks follow, or "" when no column is picked.
  QString significanceLegend() const;
  // The runs of a table cell (both sides in a combined table).
  QList<qint64> cellRunIds(int row, int column) const;
  const SweepResults* sweepResults() const { return results_.get(); }
  ClassGainsPanel* classGainsPanel() const { return classGains_; }

 signals:
  // A class the user double-clicked in the per-class comparison (store's class name).
  void openClassRequested(const QString& className);
  // "Show Runs" on a table cell: these runs, to be selected on the Runs page.
  void showRunsRequested(const QList<qint64>& runIds);

 private:
  // The ratio plot's legend is placed again for the plot's new size (as
  // exports place it for theirs), so no point hides under it on screen.
  bool eventFilter(QObject* watched, QEvent* event) override;
  void loadSweep();
  void fillTable();
  Spread currentSpread() const;
  void fillCombinedTable();
  void setTableLabels(const std::vector<std::string>& rows, const std::vector<std::string>& columns);
  void fillRunPickers();
  void fillMarkVs();
  void tableMenu(const QPoint& pos);
  void showPerClass();
  void showConfusion();
  void showDifference();
  void showError(const QString& text);
  void exportCurrent();
  void exportAllDialog();
  void confusionHover(QMouseEvent* event);
  FigureExportDialog::Builder builderFor(int tab);
  int64_t bestRunId() const;

  QPointer<Workspace> workspace_;
  std::unique_ptr<store::StoreReader> reader_;
  std::unique_ptr<SweepResults> results_;
  Confusion confusion_;
  QComboBox* sweepBox_;
  QPushButton* refresh_;
  QPushButton* exportOne_;
  QPushButton* exportAll_;
  QLabel* message_;
  QLabel* demoNote_;  // shown for a demo workspace
  QTabWidget* tabs_;
  QCustomPlot* ratioPlot_;
  QTableWidget* table_;
  QCheckBox* markBest_;  // bold the best value of each row, underline the second
  QComboBox* spread_;
  QComboBox* parenBox_;
  QComboBox* markVs_;
  QLabel* significanceNote_;  // names the test under the table
  QComboBox* perClassRun_;
  QCustomPlot* perClassPlot_;
  QComboBox* confusionRun_;
  QCustomPlot* confusionPlot_;
  QComboBox* runA_;
  QComboBox* runB_;
  QCustomPlot* diffPlot_;
  ClassGainsPanel* classGains_;
};

}  // namespace plumage::ui::results

// Results page: the table shows the same numbers as `plumage-cli runs table`
// (experiment::build_results_table), curves and error bars match the cells,
// per-class bars, confusion heat map with hover names, run-vs-run
// differences, classes ranked by gain as core's class_gains, bad stored
// results named, export of all figures.
#include "ui/results/class_gains_figure.h"
#include "ui/results/class_gains_panel.h"
#include "ui/results/figure_export.h"
#include "ui/results/legend_placement.h"
#include "ui/results/results_data.h"
#include "ui/results/results_page.h"
#include "core/experiment/class_gains_across.h"
#include "core/experiment/paired_stats.h"
#include "core/experiment/per_class_results.h"
#include "core/experiment/significance_marks.h"
#include "core/store/run_store.h"
#include "core/store/store_reader.h"
#include "results_fixture.h"
#include "ui/shell/dataset_session.h"
#include "ui/shell/main_window.h"
#include "ui/runs/runs_filter_model.h"
#include "ui/runs/runs_page.h"
#include "ui/runs/runs_table_model.h"
#include "ui/shell/workspace.h"
#include "ui_fixtures.h"

#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QDir>
#include <QLineEdit>
#include <QFileInfo>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <qcustomplot.h>

using namespace plumage;
using namespace plumage::ui;

class TestResults : public QObject {
  Q_OBJECT

  // A new workspace in `dir`, owned by the test object.
  Workspace* freshWorkspace(const QTemporaryDir& dir, QString* error) {
    return Workspace::create(dir.filePath(QStringLiteral("ws")), error, this);
  }
  // Two sweeps of 4 classes that differ in sampling: per-class, and global 4 points lower.
  static std::pair<test::SyntheticSweep, test::SyntheticSweep> writeBothSamplings(Workspace* ws) {
    return {test::writeSyntheticSweep(ws->storePath(), 4, false, QStringLiteral("pc"), QStringLiteral("per-class")),
            test::writeSyntheticSweep(ws->storePath(), 4, false, QStringLiteral("gl"), QStringLiteral("global"), -0.04)};
  }
  // The page on `ws`, shown at `size`, its sweeps loaded.
  static void showOn(results::ResultsPage& page, Workspace* ws, QSize size) {
    page.setWorkspace(ws);
    page.resize(size);
    page.show();
    page.reload();
  }

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    QString error;
    ws_ = Workspace::create(dir_.filePath(QStringLiteral("ws")), &error, this);
    QVERIFY2(ws_, qPrintable(error));
    sweep_ = test::writeSyntheticSweep(ws_->storePath());
  }

  void curvesMatchTheCliTable() {
    store::StoreReader reader(ws_->storePath().toStdString());
    const auto r = results::loadSweepResults(reader, QString::number(sweep_.sweepId));
    // The same table `plumage-cli runs table` builds for this sweep.
    const auto s = reader.find_sweep(std::to_string(sweep_.sweepId));
    const auto cli = experiment::build_results_table(reader, s->id, experiment::sweep_table_query(*s));
    QCOMPARE(experiment::table_to_markdown(r.table), experiment::table_to_markdown(cli));
    QCOMPARE(r.table.column_labels.size(), size_t(3));
    QCOMPARE(r.curves.size(), 3);
    QCOMPARE(r.curves[0].label, QStringLiteral("Image only"));
    QCOMPARE(r.curves[0].x.size(), 4);  // no (0, 100) for image only
    QCOMPARE(r.curves[1].x.size(), 5);
    QCOMPARE(r.curves[1].x.first(), 100.0);
    QCOMPARE(r.curves[1].x.last(), 0.0);
    // (100, 0) with Reed captions: seeds give 73, 75, 77 % → 75.00 ± 2.00.
    QVERIFY(std::abs(r.curves[1].mean.first() - 75.0) < 1e-9);
    QVERIFY(std::abs(r.curves[1].stddev.first() - 2.0) < 1e-9);
    QCOMPARE(int(r.doneRuns.size()), sweep_.runs);
  }

  void pageShowsPlotsAndTable() {
    results::ResultsPage page;
    page.setWorkspace(ws_);
    page.resize(1000, 700);
    page.show();
    page.reload();
    QVERIFY(page.selectSweep(QString::number(sweep_.sweepId)));
    QVERIFY(page.sweepResults());
    QCOMPARE(page.ratioPlot()->graphCount(), 3);
    QCOMPARE(page.ratioPlot()->plottableCount(), 6);  // 3 lines + 3 error bar sets
    QVERIFY(qobject_cast<QCPErrorBars*>(page.ratioPlot()->plottable(1)));
    QVERIFY(page.ratioPlot()->xAxis->rangeReversed());
    // Table cells are the CLI's formatted cells.
    QTableWidget* t = page.table();
    QCOMPARE(t->rowCount(), 5);
    QCOMPARE(t->columnCount(), 3);
    QCOMPARE(t->verticalHeaderItem(0)->text(), QStringLiteral("(100, 0)"));
    QCOMPARE(t->item(0, 1)->text(), QStringLiteral("75.00 ± 2.00"));
    QCOMPARE(t->item(4, 0)->text(), QStringLiteral("—"));
    // Best per row, when asked: the bold cell is the row's largest mean.
    QVERIFY(!t->item(1, 0)->font().bold() && !t->item(1, 1)->font().bold() && !t->item(1, 2)->font().bold());
    page.markBest()->setChecked(true);
    t = page.table();
    for (int r = 0; r < t->rowCount(); ++r) {
      int bold = -1;
      double best = -1e9;
      int bestCol = -1, filled = 0;
      for (int c = 0; c < t->columnCount(); ++c) {
        bool ok = false;
        const double v = t->item(r, c)->text().section(QLatin1Char(' '), 0, 0).toDouble(&ok);
        if (ok) ++filled;
        if (ok && v > best) best = v, bestCol = c;
        if (t->item(r, c)->font().bold()) bold = c;
      }
      if (filled > 1) QCOMPARE(t->item(r, bestCol)->font().bold(), true);
      else QCOMPARE(bold, -1);
    }
    // Per-class bars: one bar per class.
    auto* bars = qobject_cast<QCPBars*>(page.perClassPlot()->plottable(0));
    QVERIFY(bars);
    QCOMPARE(bars->dataCount(), sweep_.classes.size());
    // Confusion: a color map of classes × classes, rows normalised to %.
    auto* map = qobject_cast<QCPColorMap*>(page.confusionPlot()->plottable(0));
    QVERIFY(map);
    QCOMPARE(map->data()->keySize(), sweep_.classes.size());
    double rowSum = 0;
    for (int p = 0; p < sweep_.classes.size(); ++p) rowSum += map->data()->cell(p, 0);
    QVERIFY(std::abs(rowSum - 100.0) < 1e-6);
    // Run vs run: bars above and below zero, one per class in total.
    QCOMPARE(page.differencePlot()->plottableCount(), 2);
    int n = 0;
    for (int i = 0; i < 2; ++i) n += qobject_cast<QCPBars*>(page.differencePlot()->plottable(i))->dataCount();
    QCOMPARE(n, sweep_.classes.size());
  }

  // A second sweep in parentheses: each table cell is "per-class (global)" as
  // runs table --paren-sweep prints it, built from the two single tables; the
  // ratio plot overlays the second sweep dashed in the same colours.
  void pageShowsASecondSweepInParentheses() {
    QTemporaryDir dir;
    QString error;
    Workspace* ws = freshWorkspace(dir, &error);
    QVERIFY2(ws, qPrintable(error));
    const auto [pc, gl] = writeBothSamplings(ws);
    results::ResultsPage page;
    showOn(page, ws, QSize(1000, 700));
    QVERIFY(page.selectSweep(QString::number(pc.sweepId)));
    QCOMPARE(page.ratioPlot()->graphCount(), 3);
    QComboBox* paren = page.parenSweepBox();
    paren->setCurrentIndex(paren->findData(QString::number(gl.sweepId)));
    QVERIFY(page.sweepResults() && page.sweepResults()->combined);
    QVERIFY(!page.markBest()->isEnabled());

    store::StoreReader reader(ws->storePath().toStdString());
    const auto singlePc = experiment::sweep_results_table(reader, experiment::require_sweep(reader, "pc"));
    const auto singleGl = experiment::sweep_results_table(reader, experiment::require_sweep(reader, "gl"));
    QTableWidget* t = page.table();
    QCOMPARE(t->rowCount(), 5);
    QCOMPARE(t->columnCount(), 3);
    for (int r = 0; r < 5; ++r)
      for (int c = 0; c < 3; ++c) {
        const auto& a = singlePc.cells[size_t(r)][size_t(c)];
        const auto& b = singleGl.cells[size_t(r)][size_t(c)];
        const QString expect = a.planned == 0 && b.planned == 0
                                   ? QStringLiteral("—")
                                   : QString::fromStdString(experiment::format_cell(a, false) + " (" +
                                                            experiment::format_cell(b, false) + ")");
        QCOMPARE(t->item(r, c)->text(), expect);
      }
    QCOMPARE(t->item(0, 1)->text(), QStringLiteral("75.00 ± 2.00 (71.00 ± 2.00)"));
    QVERIFY(t->item(0, 1)->toolTip().contains(QStringLiteral("global sampling")));

    QCustomPlot* plot = page.ratioPlot();
    QCOMPARE(plot->graphCount(), 8);  // 3 solid, 3 dashed, 2 legend swatches
    for (int i = 0; i < 3; ++i) {
      QCPGraph* solid = plot->graph(i);
      QCPGraph* dashed = plot->graph(i + 3);
      QCOMPARE(solid->pen().style(), Qt::SolidLine);
      QCOMPARE(dashed->pen().style(), Qt::DashLine);
      QCOMPARE(solid->pen().color(), dashed->pen().color());
      QCOMPARE(solid->name(), dashed->name());
      QVERIFY(plot->legend->hasItemWithPlottable(solid));  // one entry per colour
      QVERIFY(!plot->legend->hasItemWithPlottable(dashed));
    }
    // The legend says which side is solid and which dashed.
    QCOMPARE(plot->legend->itemCount(), 5);
    QCOMPARE(plot->graph(6)->name(), QStringLiteral("per-class sampling"));
    QCOMPARE(plot->graph(6)->pen().style(), Qt::SolidLine);
    QCOMPARE(plot->graph(7)->name(), QStringLiteral("global sampling"));
    QCOMPARE(plot->graph(7)->pen().style(), Qt::DashLine);
    QCOMPARE(plot->graph(7)->dataCount(), 0);
    // Back to none: the single table again.
    paren->setCurrentIndex(0);
    QVERIFY(!page.sweepResults()->combined);
    QCOMPARE(page.table()->item(0, 1)->text(), QStringLiteral("75.00 ± 2.00"));
    QCOMPARE(page.ratioPlot()->graphCount(), 3);
  }

  // Class Gains tab: the classes of one row and two columns ranked exactly as
  // core's class_gains (what `plumage-cli runs class-gains` prints), a bar
  // per class, and a double-click asks to open that class.
  void classGainsMatchCoreAndOpenClasses() {
    results::ResultsPage page;
    page.setWorkspace(ws_);
    page.resize(1000, 700);
    page.show();
    page.reload();
    QVERIFY(page.selectSweep(QString::number(sweep_.sweepId)));
    QVERIFY(page.showSection(QStringLiteral("class-gains")));
    results::ClassGainsPanel* panel = page.classGainsPanel();
    const auto& table = page.sweepResults()->table;
    const std::string row = table.row_labels[2];  // (50, 50)
    QVERIFY(panel->select(QString::fromStdString(row), QString::fromStdString(table.column_labels[1]),
                          QString::fromStdString(table.column_labels[0])));
    store::StoreReader reader(ws_->storePath().toStdString());
    const auto core = experiment::class_gains(reader, table, row, 1, 0);
    const auto& rows = panel->model()->rows();
    QCOMPARE(rows.size(), sweep_.classes.size());
    QCOMPARE(int(core.size()), rows.size());
    for (int i = 0; i < rows.size(); ++i) {
      QCOMPARE(rows[i].gain.class_name, core[std::size_t(i)].class_name);
      QCOMPARE(rows[i].gain.gain, core[std::size_t(i)].gain);
      QCOMPARE(panel->model()->index(i, results::ClassGainsModel::kClass).data().toString(),
               QString::fromStdString(core[std::size_t(i)].class_name));
      if (i > 0) QVERIFY(rows[i - 1].gain.gain >= rows[i].gain.gain);
    }
    QVERIFY(core.front().gain > 0 && core.back().gain < 0);  // the synthetic sweep has both
    QCOMPARE(panel->model()->index(0, results::ClassGainsModel::kGain).data(Qt::ForegroundRole).value<QBrush>().color(),
             QColor(0x1b, 0x7a, 0x3a));
    // Same CSV as the CLI's, and the figure in every export format.
    QString error;
    const QString csv = dir_.filePath(QStringLiteral("class-gains.csv"));
    QVERIFY2(panel->writeCsv(csv, &error), qPrintable(error));
    QFile csvFile(csv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    QCOMPARE(csvFile.readAll().toStdString(), experiment::class_gains_csv(core));
    QVERIFY(!panel->writeCsv(dir_.filePath(QStringLiteral("no-such-dir/x.csv")), &error));
    QVERIFY(error.contains(QStringLiteral("no-such-dir")));
    for (const char* suffix : {"png", "svg", "pdf"}) {
      QCustomPlot figure;
      results::buildClassGains(&figure, core, QStringLiteral("A"), QStringLiteral("B"), results::FigureStyle{});
      const QString path = dir_.filePath(QStringLiteral("class-gains.") + suffix);
      QVERIFY2(results::exportFigure(&figure, results::FigureStyle{}, path, &error), qPrintable(error));
      QVERIFY2(QFileInfo(path).size() > 1000, qPrintable(path));
    }
    // One horizontal bar per class, gains and losses apart.
    QCOMPARE(panel->plot()->plottableCount(), 2);
    int bars = 0;
    for (int i = 0; i < 2; ++i) bars += qobject_cast<QCPBars*>(panel->plot()->plottable(i))->dataCount();
    QCOMPARE(bars, sweep_.classes.size());
    // Double-click on the second class: the page asks to open it.
    QSignalSpy spy(&page, &results::ResultsPage::openClassRequested);
    QTableView* view = panel->view();
    const QRect cell = view->visualRect(panel->model()->index(1, results::ClassGainsModel::kClass));
    QVERIFY(cell.isValid());
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    // A press first: item views act on a double-click only where the press was.
    QTest::mousePress(view->viewport(), Qt::LeftButton, {}, cell.center());
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), QString::fromStdString(core[1].class_name));
    // The same column twice: nothing ranked, and it says why.
    QVERIFY(panel->select(QString::fromStdString(row), QString::fromStdString(table.column_labels[0]),
                          QString::fromStdString(table.column_labels[0])));
    QCOMPARE(panel->model()->rowCount(), 0);
    QVERIFY(panel->message().contains(QStringLiteral("different columns")));
  }

  // Column B from another sweep: sweep "y" is sweep "x" with every accuracy
  // 4 points lower, so "Image only" of x over "Image only" of y gains exactly
  // 4 points in every class; the ranking, CSV and figure are core's
  // class_gains_across, and each side is named with its sweep.
  void classGainsAcrossTwoSweeps() {
    QTemporaryDir dir;
    QString error;
    Workspace* ws = freshWorkspace(dir, &error);
    QVERIFY2(ws, qPrintable(error));
    const auto x = test::writeSyntheticSweep(ws->storePath(), 5, false, QStringLiteral("x"));
    const auto y = test::writeSyntheticSweep(ws->storePath(), 5, false, QStringLiteral("y"), QString(), -0.04);
    results::ResultsPage page;
    showOn(page, ws, QSize(1000, 700));
    QVERIFY(page.selectSweep(QString::number(x.sweepId)));
    results::ClassGainsPanel* panel = page.classGainsPanel();
    QComboBox* from = panel->sweepBBox();
    QCOMPARE(from->count(), 2);  // this sweep, and y
    from->setCurrentIndex(from->findData(qint64(y.sweepId)));
    QVERIFY(panel->select(QStringLiteral("(50, 50)"), QStringLiteral("Image only"), QStringLiteral("Image only")));
    const auto& rows = panel->model()->rows();
    QCOMPARE(rows.size(), 5);
    for (const auto& r : rows) {
      QVERIFY2(std::abs(r.gain.gain - 4.0) < 1e-9, qPrintable(QString::number(r.gain.gain)));
      QCOMPARE(int(r.gain.seeds), 3);
    }
    QCOMPARE(panel->nameA(), QStringLiteral("x: Image only"));
    QCOMPARE(panel->nameB(), QStringLiteral("y: Image only"));
    store::StoreReader reader(ws->storePath().toStdString());
    const auto tx = experiment::sweep_results_table(reader, experiment::require_sweep(reader, "x"));
    const auto ty = experiment::sweep_results_table(reader, experiment::require_sweep(reader, "y"));
    const auto core = experiment::class_gains_across(reader, tx, 2, ty, 0, "(50, 50)");  // + LLM of x over image only of y
    QVERIFY(panel->select(QStringLiteral("(50, 50)"), QStringLiteral("+ LLM descriptions"), QStringLiteral("Image only")));
    QCOMPARE(int(core.size()), panel->model()->rows().size());
    for (std::size_t i = 0; i < core.size(); ++i) {
      QCOMPARE(panel->model()->rows()[int(i)].gain.class_name, core[i].class_name);
      QCOMPARE(panel->model()->rows()[int(i)].gain.gain, core[i].gain);
    }
    const QString csv = dir.filePath(QStringLiteral("across.csv"));
    QVERIFY2(panel->writeCsv(csv, &error), qPrintable(error));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll().toStdString(), experiment::class_gains_csv(core));
    QCustomPlot figure;
    results::buildClassGains(&figure, core, panel->nameA(), panel->nameB(), results::FigureStyle{});
    QVERIFY2(results::exportFigure(&figure, results::FigureStyle{}, dir.filePath(QStringLiteral("across.svg")), &error),
             qPrintable(error));
    // Rows only one sweep has are not offered; a missing row is named.
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, experiment::class_gains_across(reader, tx, 0, ty, 0, "(33, 67)"));
    // Back to one sweep: the same column twice is refused again.
    from->setCurrentIndex(0);
    QVERIFY(panel->select(QStringLiteral("(50, 50)"), QStringLiteral("Image only"), QStringLiteral("Image only")));
    QCOMPARE(panel->model()->rowCount(), 0);
    QCOMPARE(panel->nameB(), QStringLiteral("Image only"));
  }

  // The Results page's open-class request reaches the Descriptions page
  // through the main window: that class becomes the session's current one.
  void openClassShowsItOnTheDescriptionsPage() {
    QTemporaryDir tmp;
    const test::TinyCub cub = test::writeTinyCub(tmp.filePath(QStringLiteral("data")));
    const QString dir = tmp.filePath(QStringLiteral("ws"));
    QString error;
    delete Workspace::create(dir, &error);
    MainWindow window(/*restoreState=*/false);
    QVERIFY2(window.openWorkspace(dir, &error), qPrintable(error));
    QVERIFY(window.workspace()->addDataset({"tiny", cub.root, cub.captionsDir, cub.descriptions, "auto"}, &error));
    QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->session()->dataset() != nullptr, 10000);
    auto* page = qobject_cast<results::ResultsPage*>(window.page(QStringLiteral("results")));
    QVERIFY(page);
    window.showPage(QStringLiteral("results"));
    emit page->openClassRequested(QStringLiteral("002.Test_Bird_B"));
    QCOMPARE(window.currentPage()->pageId(), QStringLiteral("descriptions"));
    QCOMPARE(window.workspace()->session()->currentClass(), 1);
    window.showPage(QStringLiteral("results"));
    QVERIFY(!window.openClass(QStringLiteral("999.Not_A_Bird")));
    QCOMPARE(window.currentPage()->pageId(), QStringLiteral("results"));
  }

  // "Mark significant vs": † exactly on the cells core's significance_vs
  // marks (the paired t-test of runs compare), the test named under the
  // table, each cell's p-value or reason on hover; combined tables too.
  void tableMarksSignificantCells() {
    QTemporaryDir dir;
    QString error;
    Workspace* ws = freshWorkspace(dir, &error);
    QVERIFY2(ws, qPrintable(error));
    const auto sweep = test::writeSyntheticSweep(ws->storePath());
    results::ResultsPage page;
    showOn(page, ws, QSize(1000, 700));
    QVERIFY(page.selectSweep(QString::number(sweep.sweepId)));
    QComboBox* vs = page.markVsBox();
    QCOMPARE(vs->count(), 4);  // (none) and the three columns
    QVERIFY(page.significanceLegend().isEmpty());
    for (int r = 0; r < page.table()->rowCount(); ++r)
      for (int c = 0; c < page.table()->columnCount(); ++c)
        QVERIFY(!page.table()->item(r, c)->text().contains(QStringLiteral("†")));
    vs->setCurrentIndex(vs->findData(QStringLiteral("Image only")));
    store::StoreReader reader(ws->storePath().toStdString());
    const auto& t = page.sweepResults()->table;
    const auto marks = experiment::significance_vs(reader, t, 0);
    int marked = 0;
    for (int r = 0; r < page.table()->rowCount(); ++r)
      for (int c = 0; c < page.table()->columnCount(); ++c) {
        const auto& m = marks.cells[size_t(r)][size_t(c)];
        QTableWidgetItem* item = page.table()->item(r, c);
        QCOMPARE(item->text().contains(QStringLiteral("†")), m.significant);
        QCOMPARE(item->text(), QString::fromStdString(experiment::format_cell(t.cells[size_t(r)][size_t(c)], false,
                                                                              m.significant ? "†" : "")));
        if (m.tested) QVERIFY2(item->toolTip().contains(QStringLiteral("p = ")), qPrintable(item->toolTip()));
        marked += m.significant;
      }
    // Reed is 5 points below image only at every seed (p = 0.013): marked.
    const auto cmp = experiment::compare_columns(reader, t, 1, 0);
    QVERIFY(cmp[0].test.p_value < 0.05 && marks.cells[0][1].significant);
    QVERIFY(marked >= 4);
    QVERIFY(!page.table()->item(0, 0)->text().contains(QStringLiteral("†")));  // the reference itself
    QVERIFY(page.table()->item(4, 1)->toolTip().contains(QStringLiteral("no reference cell")));  // (0, 100)
    QVERIFY(page.significanceLegend().contains(QStringLiteral("paired t-test over seeds")));
    QVERIFY(page.significanceLegend().contains(QStringLiteral("Image only")));
    // A second sweep in parentheses: each side marked within itself.
    const auto gl = test::writeSyntheticSweep(ws->storePath(), 4, false, QStringLiteral("gl-marks"), QString(), -0.04);
    page.reload();
    QVERIFY(page.selectSweep(QString::number(sweep.sweepId)));
    page.parenSweepBox()->setCurrentIndex(page.parenSweepBox()->findData(QString::number(gl.sweepId)));
    QVERIFY(page.sweepResults()->combined);
    QCOMPARE(vs->currentData().toString(), QStringLiteral("Image only"));
    QCOMPARE(page.table()->item(0, 1)->text().count(QStringLiteral("†")), 2);
    QVERIFY(page.significanceLegend().contains(QStringLiteral("its own side")));
    vs->setCurrentIndex(0);
    QCOMPARE(page.table()->item(0, 1)->text().count(QStringLiteral("†")), 0);
    QVERIFY(page.significanceLegend().isEmpty());
  }

  // A table cell's runs: double-click switches the main window to the Runs
  // page with exactly those runs selected, even past a filter that hid them.
  void tableCellShowsItsRuns() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("ws"));
    QString error;
    {
      std::unique_ptr<Workspace> ws(Workspace::create(dir, &error));
      QVERIFY2(ws, qPrintable(error));
      test::writeSyntheticSweep(ws->storePath());
    }
    MainWindow window(/*restoreState=*/false);
    window.resize(1200, 800);
    window.show();
    QVERIFY2(window.openWorkspace(dir, &error), qPrintable(error));
    auto* runs = qobject_cast<RunsPage*>(window.page(QStringLiteral("runs")));
    auto* page = qobject_cast<results::ResultsPage*>(window.page(QStringLiteral("results")));
    QVERIFY(runs && page);
    window.showPage(QStringLiteral("runs"));
    QTRY_VERIFY_WITH_TIMEOUT(runs->model()->rowCount() > 0, 10000);
    runs->findChild<QLineEdit*>(QStringLiteral("runsTextFilter"))->setText(QStringLiteral("no-such-run"));  // hides every run
    QCOMPARE(runs->filter()->rowCount(), 0);
    window.showPage(QStringLiteral("results"));
    QTRY_VERIFY_WITH_TIMEOUT(page->sweepResults() != nullptr, 10000);
    QTableWidget* t = page->table();
    const QList<qint64> ids = page->cellRunIds(2, 1);  // (50, 50), + Reed: its three seeds
    QCOMPARE(ids.size(), 3);
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QRect cell = t->visualItemRect(t->item(2, 1));
    QTest::mousePress(t->viewport(), Qt::LeftButton, {}, cell.center());
    QTest::mouseDClick(t->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(window.currentPage()->pageId(), QStringLiteral("runs"));
    QList<qint64> want = ids;
    std::sort(want.begin(), want.end());
    QTRY_COMPARE_WITH_TIMEOUT(runs->selectedRunIds(), want, 10000);
    QVERIFY(runs->findChild<QLineEdit*>(QStringLiteral("runsTextFilter"))->text().isEmpty());
    // Another cell: its runs only, the earlier ones deselected.
    window.showPage(QStringLiteral("results"));
    QSignalSpy spy(page, &results::ResultsPage::showRunsRequested);
    const QRect other = t->visualItemRect(t->item(0, 0));
    QTest::mousePress(t->viewport(), Qt::LeftButton, {}, other.center());
    QTest::mouseDClick(t->viewport(), Qt::LeftButton, {}, other.center());
    QCOMPARE(spy.count(), 1);
    want = page->cellRunIds(0, 0);
    std::sort(want.begin(), want.end());
    QTRY_COMPARE_WITH_TIMEOUT(runs->selectedRunIds(), want, 10000);
    // A cell that cannot exist has no runs: nothing happens.
    QTest::mousePress(t->viewport(), Qt::LeftButton, {}, t->visualItemRect(t->item(4, 0)).center());
    QTest::mouseDClick(t->viewport(), Qt::LeftButton, {}, t->visualItemRect(t->item(4, 0)).center());
    QCOMPARE(spy.count(), 1);
  }

  // On screen the ratio plot's legend follows the window: at every size no
  // data point, line segment or error bar lies under it (legend_placement's
  // check, as for exports), and at some sizes it has to leave the axes.
  void onScreenLegendIsPlacedAgainOnResize() {
    // Two sweeps overlaid: five legend entries, crowded at small sizes.
    QTemporaryDir dir;
    QString error;
    Workspace* ws = freshWorkspace(dir, &error);
    QVERIFY2(ws, qPrintable(error));
    const auto [pc, gl] = writeBothSamplings(ws);
    results::ResultsPage page;
    showOn(page, ws, QSize(1400, 900));
    QVERIFY(page.selectSweep(QString::number(pc.sweepId)));
    page.parenSweepBox()->setCurrentIndex(page.parenSweepBox()->findData(QString::number(gl.sweepId)));
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QCustomPlot* plot = page.ratioPlot();
    QVERIFY(plot->legend->visible() && plot->legend->itemCount() == 5);
    int outside = 0, sizes = 0;
    QSize previous;
    for (const QSize size : {QSize(1400, 900), QSize(700, 420), QSize(1400, 900), QSize(600, 900), QSize(1600, 380),
                             QSize(900, 600), QSize(560, 380), QSize(1200, 1000)}) {
      page.resize(size);
      QCoreApplication::processEvents();
      if (plot->size() == previous) continue;
      previous = plot->size();
      ++sizes;
      plot->replot();  // lays the plot out at its new size, as painting does
      const results::DataInk ink = results::dataInk(plot);
      QVERIFY(!ink.lines.isEmpty());
      const int hits = results::inkHits(ink, plot->legend->outerRect());
      QVERIFY2(hits == 0, qPrintable(QStringLiteral("%1 pieces of data under the legend at plot size %2 x %3")
                                         .arg(hits).arg(plot->width()).arg(plot->height())));
      QVERIFY(plot->viewport().size() == plot->size());
      outside += results::legendOutsideAxes(plot);
    }
    QVERIFY(sizes >= 4);
    QVERIFY2(outside > 0, "no size made the legend leave the axes: the sizes test nothing");
  }

  void exportAllWritesEveryFigure() {
    results::ResultsPage page;
    page.setWorkspace(ws_);
    page.reload();
    QVERIFY(page.selectSweep(QString::number(sweep_.sweepId)));
    QString error;
    const QString out = dir_.filePath(QStringLiteral("all"));
    const QStringList files = page.exportAll(out, QStringLiteral("svg"), results::FigureStyle{}, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(files.size(), 3);
    for (const QString& f : files) QVERIFY2(QFileInfo(f).size() > 1000, qPrintable(f));
  }

  void malformedResultsAreNamed() {
    const QString path = dir_.filePath(QStringLiteral("bad.sqlite"));
    int64_t id = 0;
    {
      store::RunStore st(path.toStdString());
      const int64_t sw = st.ensure_sweep("bad", nlohmann::json::object(), "bad");
      id = st.ensure_run(sw, 0, "k", 1, {{"text_source", "none"}, {"image_ratio", 1.0}});
      st.claim_run(id, {"cpu", "t", "t"});
      store::RunResult r;
      r.metrics = {{"test_top1", 0.5}};
      r.per_class = {{"classes", {"a", "b"}}, {"top1", {0.5}}};
      r.confusion = {{1, 2}, {3}};
      st.finish_run(id, r);
    }
    store::StoreReader reader(path.toStdString());
    try {
      results::loadConfusion(reader, id);
      QFAIL("a ragged confusion matrix was accepted");
    } catch (const std::runtime_error& e) {
      QVERIFY2(QString(e.what()).contains(QStringLiteral("not square")), e.what());
      QVERIFY(QString(e.what()).contains(QStringLiteral("run %1").arg(id)));
    }
    try {
      results::loadClassAccuracy(reader, id);
      QFAIL("mismatched class list accepted");
    } catch (const std::runtime_error& e) {
      QVERIFY2(QString(e.what()).contains(QStringLiteral("differ in length")), e.what());
    }
  }

 private:
  QTemporaryDir dir_;
  Workspace* ws_ = nullptr;
  test::SyntheticSweep sweep_;
};

QTEST_MAIN(TestResults)
#include "tst_results.moc"

// Runs page and training worker: the runs models under
// QAbstractItemModelTester; launch -> metrics -> DONE through the worker;
// cancel mid-run ends CANCELLED; the store poller and the curves; and the
// GUI thread never stalls over 100 ms while a sweep trains.
#include "ui/runs/config_summary.h"
#include "ui/runs/curve_plot_widget.h"
#include "ui/runs/runs_filter_model.h"
#include "ui/runs/runs_page.h"
#include "ui/runs/runs_table_model.h"
#include "ui/runs/store_poller.h"
#include "ui/setup/training_launcher.h"
#include "experiment_fixtures.h"
#include "ui/common/job.h"
#include "core/store/store_reader.h"
#include "ui/shell/workspace.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace plumage;
using namespace plumage::ui;

namespace {

RunRow row(qint64 id, const QString& status, const QString& summary = {}) {
  RunRow r;
  r.id = id;
  r.status = status;
  r.summary = summary;
  r.key = QStringLiteral("r%1").arg(id);
  return r;
}

nlohmann::json tinyExperiment(const test::TinyFeatures& f, int epochs) {
  return {{"name", "tiny"},
          {"features", {{"image", f.image.toStdString()}, {"text", {{"reed", f.reed.toStdString()}}}}},
          {"text_source", "reed"},
          {"image_ratio", 0.5},
          {"adapter", {{"epochs", epochs}, {"batch_size", 16}}},
          {"device", "cpu"},
          {"seed", 0}};
}

}  // namespace

class TestRuns : public QObject {
  Q_OBJECT
 private slots:
  // Runs say what they are: names, never paths, in the Configuration column; paths on hover.
  void configurationColumnNamesTheRun() {
    const nlohmann::json adapter = {{"method", "adapter"},
                                    {"features", {{"image", "/tmp/plumage-x1/features/img.safetensors"},
                                                  {"text", {{"reed", "/tmp/plumage-x1/features/reed.safetensors"}}}}},
                                    {"text_source", "reed"},
                                    {"converter", "/tmp/plumage-x1/converters/qformer-coco.safetensors"},
                                    {"sampling", "per-class"},
                                    {"image_ratio", 0.5},
                                    {"seed", 2}};
    const QString s = summarizeConfig(adapter);
    QCOMPARE(s, QStringLiteral("+ Reed · qformer-coco · per-class · images 50% · seed 2"));
    const QString tip = configFilesTooltip(adapter);
    QVERIFY2(tip.contains("/tmp/plumage-x1/converters/qformer-coco.safetensors") &&
                 tip.contains("/tmp/plumage-x1/features/reed.safetensors"),
             qPrintable(tip));
    QCOMPARE(summarizeConfig({{"method", "adapter"}, {"text_source", "none"}, {"converter", "identity"},
                              {"sampling", "global"}, {"image_ratio", 1.0}, {"seed", 0}}),
             QStringLiteral("image only · global · images 100% · seed 0"));
    QCOMPARE(summarizeConfig({{"method", "zero_shot"}, {"features", {{"class_text", "/tmp/p/prompts.safetensors"}}}}),
             QStringLiteral("zero-shot"));
  }

  void initTestCase();
  void runsModelsPassModelTester();
  void launchStreamsMetricsAndEndsDone();
  void cancelMidRunEndsCancelled();
  void curvesReplotAtMostTwentyTimesPerSecond();
  void guiStaysResponsiveWhileASweepRuns();

 private:
  QTemporaryDir tmp_;
  test::TinyFeatures features_;
};

void TestRuns::initTestCase() {
  QVERIFY(tmp_.isValid());
  features_ = test::writeTinyFeatures(tmp_.path() + QStringLiteral("/features"));
}

void TestRuns::runsModelsPassModelTester() {
  RunsTableModel model;
  RunsFilterModel filter;
  filter.setSourceModel(&model);
  QAbstractItemModelTester t1(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  QAbstractItemModelTester t2(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setRuns({row(1, "DONE", "reed · per-class"), row(2, "RUNNING", "llm"), row(5, "FAILED", "none")});
  QCOMPARE(model.rowCount(), 3);
  // Insert in the middle, drop one, change one.
  model.setRuns({row(1, "DONE", "reed · per-class"), row(3, "QUEUED"), row(4, "QUEUED"), row(5, "DONE", "none")});
  QCOMPARE(model.rowCount(), 4);
  QCOMPARE(model.run(1)->id, 3);
  QCOMPARE(model.runById(5)->status, QStringLiteral("DONE"));
  QCOMPARE(model.rowOf(2), -1);
  filter.setStatuses({QStringLiteral("QUEUED")});
  QCOMPARE(filter.rowCount(), 2);
  filter.setStatuses({});
  filter.setText(QStringLiteral("reed"));
  QCOMPARE(filter.rowCount(), 1);
  filter.setText({});
  model.setRuns({});
  QCOMPARE(model.rowCount(), 0);
  QCOMPARE(RunsTableModel::formatDuration(65000), QStringLiteral("1:05"));
}

void TestRuns::launchStreamsMetricsAndEndsDone() {
  const QString store = tmp_.path() + QStringLiteral("/done.sqlite");
  TrainingLauncher launcher;
  QSignalSpy started(&launcher, &TrainingLauncher::runStarted);
  QSignalSpy metrics(&launcher, &TrainingLauncher::metricLogged);
  QSignalSpy ended(&launcher, &TrainingLauncher::runEnded);
  QSignalSpy finished(&launcher, &TrainingLauncher::launchFinished);
  QString error;
  Job* job = launcher.launch(tinyExperiment(features_, 5), tmp_.path(), store, &error);
  QVERIFY2(job, qPrintable(error));
  QSignalSpy progress(job, &Job::progressChanged);
  QVERIFY(launcher.isRunning());
  QVERIFY(!launcher.launch(tinyExperiment(features_, 5), tmp_.path(), store, &error));  // one at a time
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 60000);  // the signal may already have come
  QCOMPARE(finished.first().at(1).toBool(), true);
  QCOMPARE(started.count(), 1);
  const qint64 runId = started.first().at(0).toLongLong();
  QCOMPARE(ended.count(), 1);
  QCOMPARE(ended.first().at(0).toLongLong(), runId);
  QCOMPARE(ended.first().at(1).toString(), QStringLiteral("DONE"));
  int losses = 0;
  for (const auto& m : metrics) losses += m.at(1).toString() == QLatin1String("train_loss") ? 1 : 0;
  QCOMPARE(losses, 5);
  QVERIFY(progress.count() >= 1);

  // The store has it DONE with its metrics, and the poller shows it.
  store::StoreReader reader(store.toStdString());
  QCOMPARE(reader.run(runId)->status, store::RunStatus::Done);
  StorePoller poller;
  QSignalSpy runs(&poller, &StorePoller::runsChanged);
  QSignalSpy points(&poller, &StorePoller::metricsAppended);
  poller.setStorePath(store);
  poller.setWatchedRuns({runId});
  QTRY_VERIFY_WITH_TIMEOUT(!runs.isEmpty() && !runs.last().at(0).value<QVector<RunRow>>().isEmpty(), 5000);
  const RunRow r = runs.last().at(0).value<QVector<RunRow>>().first();
  QCOMPARE(r.status, QStringLiteral("DONE"));
  QVERIFY(r.hasTop1());
  // The table shows the stored test top-1 (a fraction) in percent.
  QCOMPARE(r.top1, 100.0 * reader.result(runId)->metrics.at("test_top1").get<double>());
  QTRY_VERIFY_WITH_TIMEOUT(!points.isEmpty(), 5000);
  int lossPoints = 0;
  for (const auto& batch : points)
    for (const CurvePoint& p : batch.at(1).value<QVector<CurvePoint>>()) lossPoints += p.key == QLatin1String("train_loss");
  QCOMPARE(lossPoints, 5);

  // Launching the same experiment again finds it done and skips it.
  finished.clear();
  QVERIFY(launcher.launch(tinyExperiment(features_, 5), tmp_.path(), store, &error));
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 60000);  // the signal may already have come
  QVERIFY2(finished.first().at(0).toString().contains(QStringLiteral("already done")),
           qPrintable(finished.first().at(0).toString()));
}

void TestRuns::cancelMidRunEndsCancelled() {
  const QString store = tmp_.path() + QStringLiteral("/cancel.sqlite");
  TrainingLauncher launcher;
  QSignalSpy metrics(&launcher, &TrainingLauncher::metricLogged);
  QSignalSpy ended(&launcher, &TrainingLauncher::runEnded);
  QString error;
  Job* job = launcher.launch(tinyExperiment(features_, 1000000), tmp_.path(), store, &error);
  QVERIFY2(job, qPrintable(error));
  QSignalSpy jobCancelled(job, &Job::cancelled);
  QTRY_VERIFY_WITH_TIMEOUT(metrics.count() > 0, 30000);  // the signal may already have come  // training is under way
  QElapsedTimer clock;
  clock.start();
  launcher.cancel();
  QTRY_VERIFY_WITH_TIMEOUT(jobCancelled.count() > 0, 10000);  // the signal may already have come
  QVERIFY(clock.elapsed() < 5000);
  QCOMPARE(ended.count(), 1);
  QCOMPARE(ended.first().at(1).toString(), QStringLiteral("CANCELLED"));
  store::StoreReader reader(store.toStdString());
  const auto runs = reader.runs();
  QCOMPARE(runs.size(), size_t(1));
  QCOMPARE(runs.front().status, store::RunStatus::Cancelled);
}

void TestRuns::curvesReplotAtMostTwentyTimesPerSecond() {
  CurvePlotWidget w;
  w.resize(600, 400);
  w.show();
  w.setRuns({{7, QStringLiteral("Run 7")}, {8, QStringLiteral("Run 8")}});
  QElapsedTimer clock;
  clock.start();
  int step = 0;
  while (clock.elapsed() < 1000) {
    ++step;
    w.appendPoints(7, {{QStringLiteral("train_loss"), step, 1.0 / step}});
    w.appendPoints(8, {{QStringLiteral("test_top1"), step, 0.5}, {QStringLiteral("val_top1"), step, 0.4}});
    QCoreApplication::processEvents();
  }
  const double seconds = clock.elapsed() / 1000.0;
  QCoreApplication::processEvents();
  w.flush();
  QCOMPARE(w.pointCount(7, QStringLiteral("train_loss")), step);
  QCOMPARE(w.pointCount(8, QStringLiteral("val_top1")), step);
  QVERIFY2(w.replotCount() <= int(seconds * 20) + 2, qPrintable(QString::number(w.replotCount())));
  QVERIFY(w.replotCount() >= 5);  // it does redraw while points arrive
  w.resetRun(7);
  QCOMPARE(w.pointCount(7, QStringLiteral("train_loss")), 0);
}

void TestRuns::guiStaysResponsiveWhileASweepRuns() {
  QString error;
  std::unique_ptr<Workspace> ws(Workspace::create(tmp_.path() + QStringLiteral("/ws"), &error));
  QVERIFY2(ws, qPrintable(error));
  TrainingLauncher launcher;
  RunsPage page(&launcher);
  page.resize(1100, 700);
  page.show();
  page.setWorkspace(ws.get());

  nlohmann::json sweep = {{"name", "responsiveness"},
                          {"base", tinyExperiment(features_, 40)},
                          {"grid", {{"image_ratio", {1.0, 0.5, 0.2}}, {"seed", {0, 1}}}}};
  QSignalSpy finished(&launcher, &TrainingLauncher::launchFinished);
  QSignalSpy ended(&launcher, &TrainingLauncher::runEnded);

  // Heartbeat: a 5 ms timer; the longest gap between its ticks is the worst stall.
  QElapsedTimer beat;
  qint64 maxGap = 0;
  QTimer heartbeat;
  heartbeat.setInterval(5);
  QObject::connect(&heartbeat, &QTimer::timeout, [&] {
    if (beat.isValid()) maxGap = std::max(maxGap, beat.restart());
    else beat.start();
  });
  heartbeat.start();
  QVERIFY2(launcher.launch(sweep, tmp_.path(), ws->storePath(), &error), qPrintable(error));
  // Look at the runs as they go, like a user would.
  QTRY_VERIFY_WITH_TIMEOUT(page.model()->rowCount() == 6, 20000);
  page.selectRuns({page.model()->run(0)->id, page.model()->run(1)->id});
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 120000);  // the signal may already have come
  heartbeat.stop();
  QCOMPARE(ended.count(), 6);
  for (const auto& e : ended) QCOMPARE(e.at(1).toString(), QStringLiteral("DONE"));
  QTRY_VERIFY_WITH_TIMEOUT(page.curves()->pointCount(page.model()->run(0)->id, QStringLiteral("train_loss")) == 40, 5000);
  qInfo("max event-loop stall during a 6-run sweep: %lld ms (%d cores)", maxGap, QThread::idealThreadCount());
  QVERIFY2(maxGap < 100, qPrintable(QStringLiteral("event loop stalled %1 ms").arg(maxGap)));
}

QTEST_MAIN(TestRuns)
#include "tst_runs.moc"

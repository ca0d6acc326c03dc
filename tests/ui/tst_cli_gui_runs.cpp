// One door: an adapter run and a converter training started from the CLI
// (plumage-cli train-adapter / train-converter) land in the store with the
// same fields as the same job started from the GUI (the Setup page's
// TrainingLauncher, the Train Converter dialog's work), because both go
// through the same core/experiment calls.
#include "core/store/store_reader.h"
#include "experiment_fixtures.h"
#include "ui/common/job.h"
#include "ui/setup/converter_training.h"
#include "ui/setup/training_launcher.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <set>

using namespace plumage;
using namespace plumage::ui;
using nlohmann::json;

namespace {

// Runs plumage-cli; returns its exit code, stderr into *err.
int runCli(const QStringList& args, QString* err) {
  QProcess p;
  p.start(QStringLiteral(PLUMAGE_CLI_PATH), args);
  if (!p.waitForFinished(120000)) return -1;
  if (err) *err = QString::fromUtf8(p.readAllStandardError());
  return p.exitCode();
}

store::RunInfo onlyRun(const QString& store) {
  store::StoreReader reader(store.toStdString());
  const auto runs = reader.runs();
  if (runs.size() != 1) throw std::runtime_error(store.toStdString() + ": expected one run");
  return runs.front();
}

std::set<std::string> metricKeys(const QString& store, int64_t runId) {
  store::StoreReader reader(store.toStdString());
  std::set<std::string> keys;
  for (const auto& m : reader.metrics(runId)) keys.insert(m.key);
  return keys;
}

std::set<std::string> keysOf(const json& j) {
  std::set<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.insert(k);
  return keys;
}

// Fields every run records, compared between the two sides.
void compareRecords(const QString& guiStore, const store::RunInfo& gui, const QString& cliStore,
                    const store::RunInfo& cli) {
  QCOMPARE(cli.status, store::RunStatus::Done);
  QCOMPARE(gui.status, store::RunStatus::Done);
  QCOMPARE(cli.device, gui.device);
  QCOMPARE(cli.code_version, gui.code_version);
  QCOMPARE(cli.torch_version, gui.torch_version);
  QCOMPARE(cli.host, gui.host);
  QCOMPARE(cli.attempts, gui.attempts);
  QVERIFY(cli.pid != 0 && gui.pid != 0);
  QVERIFY(cli.started_ms > 0 && cli.finished_ms >= cli.started_ms);
  QCOMPARE(keysOf(cli.config), keysOf(gui.config));
  QCOMPARE(metricKeys(cliStore, cli.id), metricKeys(guiStore, gui.id));
  store::StoreReader cr(cliStore.toStdString()), gr(guiStore.toStdString());
  QCOMPARE(keysOf(cr.result(cli.id)->metrics), keysOf(gr.result(gui.id)->metrics));
  std::set<std::string> ca, ga;
  for (const auto& a : cr.artifacts(cli.id)) ca.insert(a.kind);
  for (const auto& a : gr.artifacts(gui.id)) ga.insert(a.kind);
  QCOMPARE(ca, ga);
}

}  // namespace

class TestCliGuiRuns : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void adapterRunIsTheSameFromBothSides();
  void converterRunIsTheSameFromBothSides();

 private:
  QTemporaryDir tmp_;
  test::TinyFeatures features_;
};

void TestCliGuiRuns::initTestCase() {
  QVERIFY(tmp_.isValid());
  features_ = test::writeTinyFeatures(tmp_.path() + QStringLiteral("/features"));
}

void TestCliGuiRuns::adapterRunIsTheSameFromBothSides() {
  const QString guiStore = tmp_.path() + QStringLiteral("/gui-adapter.sqlite");
  const QString cliStore = tmp_.path() + QStringLiteral("/cli-adapter.sqlite");
  const json config = {{"name", "same run"},
                       {"features", {{"image", features_.image.toStdString()}, {"text", {{"reed", features_.reed.toStdString()}}}}},
                       {"text_source", "reed"},
                       {"image_ratio", 0.5},
                       {"adapter", {{"epochs", 4}, {"batch_size", 16}}},
                       {"device", "cpu"},
                       {"seed", 3}};
  TrainingLauncher launcher;
  QSignalSpy finished(&launcher, &TrainingLauncher::launchFinished);
  QString error;
  QVERIFY2(launcher.launch(config, tmp_.path(), guiStore, &error), qPrintable(error));
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 60000);
  QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(0).toString()));

  QString err;
  const int code = runCli({QStringLiteral("train-adapter"), QStringLiteral("--images"), features_.image,
                           QStringLiteral("--texts"), features_.reed, QStringLiteral("--text-source"),
                           QStringLiteral("reed"), QStringLiteral("--image-ratio"), QStringLiteral("0.5"),
                           QStringLiteral("--epochs"), QStringLiteral("4"), QStringLiteral("--batch-size"),
                           QStringLiteral("16"), QStringLiteral("--device"), QStringLiteral("cpu"),
                           QStringLiteral("--seed"), QStringLiteral("3"), QStringLiteral("--name"),
                           QStringLiteral("same run"), QStringLiteral("--store"), cliStore, QStringLiteral("--quiet")},
                          &err);
  QVERIFY2(code == 0, qPrintable(err));

  const store::RunInfo gui = onlyRun(guiStore), cli = onlyRun(cliStore);
  compareRecords(guiStore, gui, cliStore, cli);
  // The same experiment: the same run key, resolved config and plan.
  QCOMPARE(cli.key, gui.key);
  QCOMPARE(cli.config.dump(), gui.config.dump());
  QCOMPARE(cli.plan.dump(), gui.plan.dump());

  // Run again from the CLI into the GUI's store: found DONE, not trained again.
  QVERIFY2(runCli({QStringLiteral("train-adapter"), QStringLiteral("--images"), features_.image,
                   QStringLiteral("--texts"), features_.reed, QStringLiteral("--image-ratio"), QStringLiteral("0.5"),
                   QStringLiteral("--epochs"), QStringLiteral("4"), QStringLiteral("--batch-size"),
                   QStringLiteral("16"), QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--seed"),
                   QStringLiteral("3"), QStringLiteral("--store"), guiStore, QStringLiteral("--quiet")},
                  &err) == 0,
           qPrintable(err));
  QVERIFY2(err.contains(QStringLiteral("already done")), qPrintable(err));
  QCOMPARE(onlyRun(guiStore).id, gui.id);
}

void TestCliGuiRuns::converterRunIsTheSameFromBothSides() {
  const QString guiStore = tmp_.path() + QStringLiteral("/gui-conv.sqlite");
  const QString cliStore = tmp_.path() + QStringLiteral("/cli-conv.sqlite");
  ConverterTrainingRequest r;
  r.config.kind = experiment::ConverterKind::Ridge;
  r.imagePath = features_.image;
  r.textPath = features_.reed;
  r.outputPath = tmp_.path() + QStringLiteral("/gui-ridge.safetensors");
  r.name = QStringLiteral("ridge");
  r.storePath = guiStore;
  Job job(QStringLiteral("train"), [r](JobContext& ctx) { return QVariant::fromValue(trainConverterWork(ctx, r)); });
  job.start();
  QVERIFY(job.waitForFinished(60000));
  QVERIFY2(job.state() == Job::State::Succeeded, qPrintable(job.errorText()));

  QString err;
  const QString out = tmp_.path() + QStringLiteral("/cli-ridge.safetensors");
  const int code = runCli({QStringLiteral("train-converter"), QStringLiteral("--kind"), QStringLiteral("ridge"),
                           QStringLiteral("--images"), features_.image, QStringLiteral("--texts"), features_.reed,
                           QStringLiteral("--out"), out, QStringLiteral("--name"), QStringLiteral("ridge"),
                           QStringLiteral("--store"), cliStore, QStringLiteral("--quiet")},
                          &err);
  QVERIFY2(code == 0, qPrintable(err));
  QVERIFY(QFile::exists(out));

  const store::RunInfo gui = onlyRun(guiStore), cli = onlyRun(cliStore);
  compareRecords(guiStore, gui, cliStore, cli);
  QCOMPARE(cli.config.at("job"), gui.config.at("job"));
  QCOMPARE(cli.config.at("converter").dump(), gui.config.at("converter").dump());
  QCOMPARE(cli.config.at("name"), gui.config.at("name"));
  store::StoreReader cr(cliStore.toStdString()), gr(guiStore.toStdString());
  // Closed-form ridge on the same pairs: the same diagnostics.
  QCOMPARE(cr.result(cli.id)->metrics.at("val_cosine").get<double>(),
           gr.result(gui.id)->metrics.at("val_cosine").get<double>());
}

QTEST_MAIN(TestCliGuiRuns)
#include "tst_cli_gui_runs.moc"

// "Train a converter…" on the setup page: a ridge converter trained through
// the dialog's Job on tiny synthetic paired features (checkpoint loads, store
// run DONE with the checkpoint as a converter artifact, chooser offers it
// once and selects it), a Q-Former cancelled mid-run (CANCELLED, no file
// left), the chooser's merge of store and file entries, and request checks.
// LibTorch before Qt: Qt's "slots" macro breaks ATen headers included after it.
#include "core/engine/train/converter.h"
#include "core/engine/safetensors.h"
#include "core/engine/train/feature_sets.h"
#include "core/engine/train/json.h"
#include "synthetic_features.h"

#include <ATen/ATen.h>
#include "experiment_fixtures.h"

#include "ui/setup/converter_catalog.h"
#include "ui/setup/converter_training.h"
#include "ui/setup/experiment_form.h"
#include "ui/setup/ratio_table_model.h"
#include "core/experiment/runner.h"
#include "ui/setup/setup_page.h"
#include "ui/setup/train_converter_dialog.h"
#include "ui/setup/training_launcher.h"
#include "ui/common/job.h"
#include "core/store/store_reader.h"
#include "ui/shell/workspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <thread>

using namespace plumage;
using namespace plumage::ui;

namespace {

struct PairedFiles {
  QString image, captions, classTexts;
};

// 4 separable classes, 10 images each (8 train), 2 captions per image with
// per-token features (so a Q-Former can train), and class-level texts
// without tokens (nothing to pair).
// `idOffset` moves the image ids (a disjoint validation set drawn the same way).
PairedFiles writePairedFeatures(const QString& dir, int64_t idOffset = 0) {
  QDir().mkpath(dir);
  at::manual_seed(5);
  const int classes = 4, perClass = 10, dim = 16, width = 12, tokens = 6;
  const at::Tensor centres = at::randn({classes, dim}) * 3.0;
  train::ImageFeatureSet img = plumage::test::syntheticImages(centres, perClass, 8, 100);
  img.image_ids = img.image_ids + idOffset;
  const int64_t n = img.size();
  PairedFiles out;
  out.image = dir + QStringLiteral("/paired_image.safetensors");
  train::save_image_features(out.image.toStdString(), img);

  train::TextFeatureSet txt = plumage::test::captionRows(img, 2);
  const int64_t m = txt.labels.size(0);
  // A linear map of the image features plus an offset: what a converter should undo.
  const at::Tensor rows = at::arange(n, at::kLong).repeat_interleave(2);
  txt.features = at::mm(img.features.index_select(0, rows), at::randn({dim, dim}) / 4.0) + 1.0 +
                 0.05 * at::randn({m, dim});
  txt.tokens = at::randn({m, tokens, width});
  txt.lengths = at::randint(2, tokens + 1, {m}, at::kLong);
  out.captions = dir + QStringLiteral("/paired_reed.safetensors");
  train::save_text_features(out.captions.toStdString(), txt);

  train::TextFeatureSet cls;
  cls.labels = at::arange(classes, at::kLong);
  cls.image_ids = at::full({classes}, -1, at::kLong);
  cls.text_index = at::zeros({classes}, at::kLong);
  cls.features = at::randn({classes, dim});
  cls.source = "prompts";
  cls.model = "synthetic";
  out.classTexts = dir + QStringLiteral("/class_prompts.safetensors");
  train::save_text_features(out.classTexts.toStdString(), cls);
  return out;
}

// A fresh workspace with the paired feature files in its feature cache.
struct PairedWorkspace {
  QTemporaryDir tmp;
  std::unique_ptr<Workspace> ws;
  PairedFiles files;
  QString error;
  bool make() {
    ws.reset(Workspace::create(tmp.path() + QStringLiteral("/ws"), &error));
    if (!ws) return false;
    files = writePairedFeatures(ws->featureCacheDir());
    return true;
  }
};

int itemsForFile(const QComboBox* combo, const QString& path) {
  const QString wanted = QFileInfo(path).canonicalFilePath();
  int n = 0;
  for (int i = 0; i < combo->count(); ++i)
    if (QFileInfo(combo->itemData(i).toString()).canonicalFilePath() == wanted) ++n;
  return n;
}

}  // namespace

class TestTrainConverter : public QObject {
  Q_OBJECT
 private slots:
  void requestChecks();
  void ridgeTrainsRecordsAndIsSelected();
  void qformerCancelEndsCancelled();
  void qformerContinuesFromACheckpoint();
  void chooserMergesStoreAndFiles();
  void trainsWhileASweepWritesTheStore();
  void testImagesAreOptInAndShown();
  void mixedClipModelsAreRefused();
  void qformerPresetsFillTheForm();
  void validationFilesOfTheirOwn();
};

void TestTrainConverter::requestChecks() {
  QTemporaryDir tmp;
  const PairedFiles f = writePairedFeatures(tmp.path());
  ConverterTrainingRequest r;
  r.imagePath = f.image;
  r.textPath = f.captions;
  r.name = QStringLiteral("x");
  r.outputPath = tmp.filePath(QStringLiteral("x.safetensors"));
  r.config.kind = train::ConverterKind::Ridge;
  QVERIFY2(checkConverterRequest(r).isEmpty(), qPrintable(checkConverterRequest(r).join('\n')));
  r.config.kind = train::ConverterKind::Identity;
  QVERIFY(checkConverterRequest(r).join('\n').contains(QStringLiteral("nothing to train")));
  r.config.kind = train::ConverterKind::QFormer;
  r.config.qformer.hidden = 30;
  r.config.qformer.heads = 8;
  QVERIFY(checkConverterRequest(r).join('\n').contains(QStringLiteral("multiple of the number of heads")));
  r.config.kind = train::ConverterKind::Ridge;
  r.outputPath = f.image;  // exists
  QVERIFY(checkConverterRequest(r).join('\n').contains(QStringLiteral("already exists")));
  QCOMPARE(converterFileName(QStringLiteral(" my ridge/λ ")), QStringLiteral("my_ridge_.safetensors"));

  // The dialog: a Q-Former needs token features; class prompts have none.
  TrainConverterDialog dialog(
      {describeFeatureFile(f.image), describeFeatureFile(f.captions), describeFeatureFile(f.classTexts)},
      tmp.filePath(QStringLiteral("converters")), QString());
  dialog.setKind(QStringLiteral("qformer"));
  dialog.setFeatureFiles(f.image, f.classTexts);
  QVERIFY(dialog.problems().join('\n').contains(QStringLiteral("per-token")));
  dialog.setFeatureFiles(f.image, f.captions);
  QVERIFY2(dialog.problems().isEmpty(), qPrintable(dialog.problems().join('\n')));
  // An engine error (texts with no paired image) fails the Job with the engine's message.
  dialog.setKind(QStringLiteral("ridge"));
  dialog.setFeatureFiles(f.image, f.classTexts);
  QVERIFY(dialog.startTraining());
  QSignalSpy failed(dialog.job(), &Job::failed);
  QVERIFY(dialog.job()->waitForFinished(20000));
  QCOMPARE(dialog.job()->state(), Job::State::Failed);
  QVERIFY2(dialog.job()->errorText().contains(QStringLiteral("no text is paired")),
           qPrintable(dialog.job()->errorText()));
  QVERIFY(QDir(tmp.filePath(QStringLiteral("converters"))).entryList(QDir::Files).isEmpty());
}

void TestTrainConverter::ridgeTrainsRecordsAndIsSelected() {
  PairedWorkspace w;
  QVERIFY2(w.make(), qPrintable(w.error));
  std::unique_ptr<Workspace>& ws = w.ws;
  const PairedFiles& f = w.files;
  QString error;
  SetupPage page(nullptr);
  page.setWorkspace(ws.get());
  auto* chooser = page.form()->findChild<QComboBox*>(QStringLiteral("converterChooser"));
  QVERIFY(chooser);
  QCOMPARE(chooser->count(), 1);  // identity only

  auto* button = page.form()->findChild<QAbstractButton*>(QStringLiteral("trainConverterButton"));
  QVERIFY(button);
  button->click();
  auto* dialog = page.findChild<TrainConverterDialog*>();
  QVERIFY(dialog);
  dialog->setKind(QStringLiteral("ridge"));
  dialog->setFeatureFiles(f.image, f.captions);
  dialog->setName(QStringLiteral("tiny ridge"));
  QVERIFY2(dialog->problems().isEmpty(), qPrintable(dialog->problems().join('\n')));
  QSignalSpy started(&page, &WorkspacePage::jobStarted);
  QSignalSpy trained(dialog, &TrainConverterDialog::converterTrained);
  dialog->findChild<QPushButton*>(QStringLiteral("trainButton"))->click();
  QVERIFY(dialog->job());
  QCOMPARE(started.count(), 1);
  QSignalSpy succeeded(dialog->job(), &Job::succeeded);
  QVERIFY(dialog->job()->waitForFinished(30000));
  QCOMPARE(dialog->job()->state(), Job::State::Succeeded);
  QCOMPARE(succeeded.count(), 1);
  QCOMPARE(trained.count(), 1);

  // The checkpoint is in the workspace and loads with the diagnostics shown.
  const ConverterTrainingOutcome& o = dialog->outcome();
  const QString path = trained.at(0).at(0).toString();
  QCOMPARE(path, o.path);
  QCOMPARE(QFileInfo(path).absolutePath(), QFileInfo(workspaceConverterDir(ws->root())).absoluteFilePath());
  QVERIFY(QFileInfo::exists(path));
  QVERIFY(!QFileInfo::exists(path + QStringLiteral(".training")));
  train::ConverterResult stored;
  const auto conv = train::load_converter(path.toStdString(), &stored);
  QCOMPARE(conv->kind(), train::ConverterKind::Ridge);
  QCOMPARE(stored.val.cosine, o.valCosine);
  QVERIFY(o.valPairs > 0 && o.trainPairs > o.valPairs);
  QVERIFY2(o.valCosine > 0.5 && o.valCosine <= 1.0, qPrintable(QString::number(o.valCosine)));
  QVERIFY(o.valR5 >= o.valR1);
  const QString shown = dialog->findChild<QLabel*>(QStringLiteral("diagnostics"))->text();
  QVERIFY2(shown.contains(QString::number(o.valCosine, 'f', 3)), qPrintable(shown));
  QVERIFY(shown.contains(QStringLiteral("R@5")));

  // Recorded in the store: a DONE run owning the checkpoint as a converter artifact.
  QVERIFY(o.runId > 0);
  store::StoreReader reader(ws->storePath().toStdString());
  const auto run = reader.run(o.runId);
  QVERIFY(run);
  QCOMPARE(run->status, store::RunStatus::Done);
  QCOMPARE(QString::fromStdString(run->config.value("job", std::string())), converterRunJob());
  const auto artifacts = reader.artifacts(o.runId);
  QCOMPARE(int(artifacts.size()), 1);
  QCOMPARE(QString::fromStdString(artifacts[0].kind), QStringLiteral("converter"));
  QCOMPARE(QFileInfo(QString::fromStdString(artifacts[0].path)).canonicalFilePath(),
           QFileInfo(path).canonicalFilePath());
  QCOMPARE(reader.result(o.runId)->metrics.value("val_cosine", 0.0), o.valCosine);

  // The chooser offers it once (it is both a file and a store artifact) and selected it.
  QCOMPARE(itemsForFile(chooser, path), 1);
  QCOMPARE(QFileInfo(page.form()->converter()).canonicalFilePath(), QFileInfo(path).canonicalFilePath());
  QVERIFY2(chooser->currentText().startsWith(QStringLiteral("ridge · tiny ridge · ")),
           qPrintable(chooser->currentText()));
  // With a text source the experiment config names the chosen converter.
  page.form()->fromJson({{"method", "adapter"}, {"text_source", "reed"}});
  QCOMPARE(QString::fromStdString(page.form()->toJson().value("converter", std::string())),
           page.form()->converter());

  // Another page on the same workspace (a restart) offers it too.
  SetupPage again(nullptr);
  again.setWorkspace(ws.get());
  QCOMPARE(itemsForFile(again.form()->findChild<QComboBox*>(QStringLiteral("converterChooser")), path), 1);
  dialog->reject();
}

void TestTrainConverter::qformerCancelEndsCancelled() {
  PairedWorkspace w;
  QVERIFY2(w.make(), qPrintable(w.error));
  std::unique_ptr<Workspace>& ws = w.ws;
  const PairedFiles& f = w.files;
  QString error;
  SetupPage page(nullptr);
  page.setWorkspace(ws.get());
  TrainConverterDialog* dialog = page.openTrainConverterDialog();
  dialog->setKind(QStringLiteral("qformer"));
  dialog->setFeatureFiles(f.image, f.captions);
  for (auto [name, value] : {std::pair<const char*, int>{"qformerLayers", 1},
                             {"qformerQueries", 2},
                             {"qformerHidden", 16},
                             {"qformerHeads", 2},
                             {"qformerBatch", 16},
                             {"qformerEpochs", 5000}}) {
    auto* spin = dialog->findChild<QSpinBox*>(QString::fromLatin1(name));
    QVERIFY2(spin, name);
    spin->setValue(value);
  }
  QVERIFY2(dialog->problems().isEmpty(), qPrintable(dialog->problems().join('\n')));
  const QString out = dialog->request().outputPath;
  QVERIFY(dialog->startTraining());
  Job* job = dialog->job();
  QSignalSpy progress(job, &Job::progressChanged);
  QSignalSpy cancelled(job, &Job::cancelled);
  // Wait until at least one epoch has ended, then cancel.
  QTRY_VERIFY_WITH_TIMEOUT(std::any_of(progress.cbegin(), progress.cend(),
                                       [](const QList<QVariant>& a) {
                                         return a.at(1).toLongLong() > 0 && a.at(0).toLongLong() >= 1;
                                       }),
                           30000);
  QVERIFY(job->isRunning());
  dialog->findChild<QPushButton*>(QStringLiteral("cancelButton"))->click();
  QVERIFY(job->waitForFinished(30000));
  QCOMPARE(job->state(), Job::State::Cancelled);
  QCOMPARE(cancelled.count(), 1);
  QVERIFY(!QFileInfo::exists(out));
  QVERIFY(!QFileInfo::exists(out + QStringLiteral(".training")));
  // The store keeps the attempt as CANCELLED, with the epochs it logged.
  store::StoreReader reader(ws->storePath().toStdString());
  const auto runs = reader.runs(0);
  QCOMPARE(int(runs.size()), 1);
  QCOMPARE(runs[0].status, store::RunStatus::Cancelled);
  QVERIFY(reader.artifacts(runs[0].id).empty());
  QVERIFY(!reader.metrics(runs[0].id, "train_loss").empty());
  // Nothing new to choose.
  QCOMPARE(page.form()->findChild<QComboBox*>(QStringLiteral("converterChooser"))->count(), 1);
}

void TestTrainConverter::qformerContinuesFromACheckpoint() {
  PairedWorkspace w;
  QVERIFY2(w.make(), qPrintable(w.error));
  SetupPage page(nullptr);
  page.setWorkspace(w.ws.get());
  TrainConverterDialog* dialog = page.openTrainConverterDialog();
  dialog->setKind(QStringLiteral("qformer"));
  dialog->setFeatureFiles(w.files.image, w.files.captions);
  auto spin = [&](const char* name) { return dialog->findChild<QSpinBox*>(QString::fromLatin1(name)); };
  for (auto [name, value] : {std::pair<const char*, int>{"qformerLayers", 1},
                             {"qformerQueries", 3},
                             {"qformerHidden", 16},
                             {"qformerHeads", 2},
                             {"qformerBatch", 16},
                             {"qformerEpochs", 1}})
    spin(name)->setValue(value);
  dialog->setName(QStringLiteral("first"));
  QVERIFY(dialog->startTraining());
  QVERIFY(dialog->job()->waitForFinished(60000));
  QTRY_COMPARE(dialog->outcome().epochsRun, 1);
  const QString first = dialog->outcome().path;

  // The new checkpoint is offered; choosing it fixes the architecture.
  auto* resume = dialog->findChild<QComboBox*>(QStringLiteral("qformerResume"));
  QVERIFY(resume);
  for (const char* name : {"qformerQueries", "qformerHidden"}) spin(name)->setValue(8);
  const int at = resume->findData(first);
  QVERIFY(at > 0);
  resume->setCurrentIndex(at);
  QCOMPARE(spin("qformerQueries")->value(), 3);
  QCOMPARE(spin("qformerHidden")->value(), 16);
  QVERIFY(!spin("qformerHidden")->isEnabled());
  spin("qformerEpochs")->setValue(1);  // not more than it has trained
  QVERIFY(!dialog->problems().isEmpty());
  spin("qformerEpochs")->setValue(2);
  dialog->setName(QStringLiteral("second"));
  QVERIFY2(dialog->problems().isEmpty(), qPrintable(dialog->problems().join('\n')));
  QCOMPARE(QString::fromStdString(dialog->request().config.resume_from), first);
  QVERIFY(dialog->startTraining());
  QVERIFY(dialog->job()->waitForFinished(60000));
  QTRY_COMPARE(dialog->outcome().epochsRun, 2);
  QVERIFY(QFileInfo::exists(first));  // the checkpoint continued from is kept
  QVERIFY(dialog->outcome().path != first && QFileInfo::exists(dialog->outcome().path));
  // The store's run names what it continued from.
  store::StoreReader reader(w.ws->storePath().toStdString());
  const auto run = reader.run(dialog->outcome().runId);
  QVERIFY(run);
  QCOMPARE(QString::fromStdString(run->config["converter"]["resume_from"].get<std::string>()), first);
  QCOMPARE(run->config["converter"]["qformer"]["num_queries"].get<int>(), 3);

  // A checkpoint without training state cannot be continued.
  ResumableCheckpoint r;
  QString error;
  QVERIFY(readResumableCheckpoint(first, &r, &error));
  QCOMPARE(r.epochs, 1);
  QVERIFY(!readResumableCheckpoint(w.files.captions, &r, &error));
  QVERIFY(error.contains(QStringLiteral("paired_reed")));
}

void TestTrainConverter::chooserMergesStoreAndFiles() {
  QTemporaryDir tmp;
  const PairedFiles f = writePairedFeatures(tmp.path());
  const QString file = tmp.filePath(QStringLiteral("c/ridge.safetensors"));
  QDir().mkpath(tmp.filePath(QStringLiteral("c")));
  train::ConverterConfig cfg;
  cfg.kind = train::ConverterKind::Ridge;
  cfg.device = "cpu";
  train::train_converter(cfg, train::load_image_features(f.image.toStdString()),
                         train::load_text_features(f.captions.toStdString()), file.toStdString());
  const FeatureFileEntry fileEntry = describeFeatureFile(file);
  QCOMPARE(fileEntry.kind, QStringLiteral("converter"));
  QVERIFY(!std::isnan(fileEntry.valCosine));

  ConverterEntry known;
  known.path = tmp.filePath(QStringLiteral("c/../c/ridge.safetensors"));  // same file, other spelling
  known.name = QStringLiteral("from store");
  known.runId = 7;
  ConverterEntry gone;
  gone.path = tmp.filePath(QStringLiteral("c/deleted.safetensors"));
  gone.kind = QStringLiteral("qformer");
  gone.name = QStringLiteral("gone");
  gone.exists = false;
  const QVector<ConverterEntry> merged =
      mergeConverters({known, gone}, {fileEntry, describeFeatureFile(f.image)});
  QCOMPARE(merged.size(), 2);
  QCOMPARE(merged[0].name, QStringLiteral("from store"));
  QCOMPARE(merged[0].kind, QStringLiteral("ridge"));  // from the checkpoint's header
  QCOMPARE(merged[0].valCosine, fileEntry.valCosine);
  QCOMPARE(merged[0].label(),
           QStringLiteral("ridge · from store · val cos %1").arg(fileEntry.valCosine, 0, 'f', 3));
  QVERIFY(merged[1].label().endsWith(QStringLiteral("(file missing)")));

  ExperimentForm form;
  form.setFeatureFiles({fileEntry}, {known, gone});
  auto* chooser = form.findChild<QComboBox*>(QStringLiteral("converterChooser"));
  QCOMPARE(chooser->count(), 3);
  auto* model = qobject_cast<QStandardItemModel*>(chooser->model());
  QVERIFY(model->item(1)->isEnabled());
  QVERIFY(!model->item(2)->isEnabled());  // a missing file is shown, not choosable
  form.selectConverter(file);
  QCOMPARE(chooser->currentIndex(), 1);
}

// The store has one writer per launch; a converter training records its run
// through its own connection while a sweep's runner writes, and both end DONE.
void TestTrainConverter::trainsWhileASweepWritesTheStore() {
  PairedWorkspace w;
  QVERIFY2(w.make(), qPrintable(w.error));
  std::unique_ptr<Workspace>& ws = w.ws;
  const PairedFiles& f = w.files;
  QString error;
  std::atomic<bool> release{false};
  TrainingLauncher launcher;
  // A run that keeps logging metrics until released.
  launcher.setRunFunction([&release](experiment::RunContext& rc) {
    for (int step = 1; !release.load(); ++step) {
      if (rc.cancel && rc.cancel->load()) throw experiment::RunCancelled();
      rc.log_metric(step, "train_loss", 1.0 / step);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    store::RunResult r;
    r.metrics = {{"test_top1", 0.5}};
    return r;
  });
  SetupPage page(&launcher);
  page.setWorkspace(ws.get());
  QTRY_VERIFY_WITH_TIMEOUT(page.ratioModel()->hasInputs(), 10000);
  page.applyConfig({{"text_source", "none"}, {"device", "cpu"}, {"seed", 0}});
  QSignalSpy started(&launcher, &TrainingLauncher::runStarted);
  QSignalSpy finished(&launcher, &TrainingLauncher::launchFinished);
  QVERIFY2(page.launch(&error), qPrintable(error));
  QTRY_VERIFY_WITH_TIMEOUT(started.count() == 1, 10000);

  TrainConverterDialog* dialog = page.openTrainConverterDialog();
  dialog->setKind(QStringLiteral("ridge"));
  dialog->setFeatureFiles(f.image, f.captions);
  QVERIFY2(dialog->startTraining(&error), qPrintable(error));
  QVERIFY(dialog->job()->waitForFinished(30000));
  QVERIFY2(dialog->job()->state() == Job::State::Succeeded, qPrintable(dialog->job()->errorText()));
  QVERIFY(launcher.isRunning());  // the sweep's run was writing all along
  release = true;
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 30000);
  QVERIFY2(finished.at(0).at(1).toBool(), qPrintable(finished.at(0).at(0).toString()));

  store::StoreReader reader(ws->storePath().toStdString());
  const auto runs = reader.runs(0);
  QCOMPARE(int(runs.size()), 2);
  for (const auto& r : runs) QCOMPARE(r.status, store::RunStatus::Done);
  const auto conv = reader.run(dialog->outcome().runId);
  QVERIFY(conv);
  QCOMPARE(reader.artifacts(conv->id).size(), size_t(1));
  QVERIFY(!reader.metrics(started.at(0).at(0).toLongLong(), "train_loss").empty());
}

// The dialog pairs training images only unless the box is ticked; a
// converter trained on test images, or one whose checkpoint does not say,
// is labelled so wherever it is chosen.
void TestTrainConverter::testImagesAreOptInAndShown() {
  QTemporaryDir tmp;
  const PairedFiles f = writePairedFeatures(tmp.path());
  TrainConverterDialog dialog({describeFeatureFile(f.image), describeFeatureFile(f.captions)},
                              tmp.filePath(QStringLiteral("converters")), QString());
  auto* box = dialog.findChild<QCheckBox*>(QStringLiteral("includeTestImages"));
  QVERIFY(box);
  QVERIFY(!box->isChecked());
  QVERIFY(!dialog.request().config.include_test_images);
  box->setChecked(true);
  QVERIFY(dialog.request().config.include_test_images);

  train::ConverterConfig cfg;
  cfg.kind = train::ConverterKind::Ridge;
  cfg.device = "cpu";
  const auto images = train::load_image_features(f.image.toStdString());
  const auto texts = train::load_text_features(f.captions.toStdString());
  const QString clean = tmp.filePath(QStringLiteral("clean.safetensors"));
  const QString leaky = tmp.filePath(QStringLiteral("leaky.safetensors"));
  const auto trained = train::train_converter(cfg, images, texts, clean.toStdString());
  cfg.include_test_images = true;
  train::train_converter(cfg, images, texts, leaky.toStdString());
  // Written as before the training record existed.
  const QString old = tmp.filePath(QStringLiteral("old.safetensors"));
  {
    nlohmann::json result = trained.result;
    result.erase("training_data");
    st::save(old.toStdString(), trained.converter->state(),
             {{"plumage.kind", "converter"}, {"converter", "ridge"}, {"config", result["config"].dump()},
              {"result", result.dump()}});
  }
  const FeatureFileEntry c = describeFeatureFile(clean), l = describeFeatureFile(leaky), o = describeFeatureFile(old);
  QCOMPARE(c.trainedOn, QStringLiteral("train"));
  QCOMPARE(l.trainedOn, QStringLiteral("train+test"));
  QCOMPARE(o.trainedOn, QString());
  QVERIFY2(!c.label().contains(QStringLiteral("test images")) && !c.label().contains(QStringLiteral("unknown")),
           qPrintable(c.label()));
  QVERIFY2(l.label().contains(QStringLiteral("trained on test images")), qPrintable(l.label()));
  QVERIFY2(o.label().contains(QStringLiteral("training data unknown")), qPrintable(o.label()));
  // The Setup page's converter chooser says it too.
  const QVector<ConverterEntry> merged = mergeConverters({}, {c, l, o});
  QCOMPARE(merged.size(), 3);
  QVERIFY(!merged[0].label().contains(QStringLiteral("test images")));
  QVERIFY2(merged[1].label().contains(QStringLiteral("trained on test images")), qPrintable(merged[1].label()));
  QVERIFY2(merged[2].label().contains(QStringLiteral("training data unknown")), qPrintable(merged[2].label()));
  // An old checkpoint still loads.
  QVERIFY(train::load_converter(old.toStdString()) != nullptr);
}

void TestTrainConverter::mixedClipModelsAreRefused() {
  QTemporaryDir tmp;
  const PairedFiles f = writePairedFeatures(tmp.path());
  plumage::test::stampClipModel(f.image, QStringLiteral("ViT-B/16"), QStringLiteral("aaaa1111bbbb2222"));
  plumage::test::stampClipModel(f.captions, QStringLiteral("ViT-B/32"), QStringLiteral("cccc3333dddd4444"));
  TrainConverterDialog dialog({describeFeatureFile(f.image), describeFeatureFile(f.captions)},
                              tmp.filePath(QStringLiteral("converters")), QString());
  dialog.setKind(QStringLiteral("ridge"));
  dialog.setFeatureFiles(f.image, f.captions);
  const QString problems = dialog.problems().join('\n');
  for (const QString& s : {QFileInfo(f.image).fileName(), QFileInfo(f.captions).fileName(), QStringLiteral("ViT-B/16"),
                           QStringLiteral("ViT-B/32")})
    QVERIFY2(problems.contains(s), qPrintable(s + QStringLiteral(" not in: ") + problems));
  QVERIFY(!dialog.startTraining());
}

// The two Q-Former presets: the small CPU one and BLIP-2's shape.
void TestTrainConverter::qformerPresetsFillTheForm() {
  QTemporaryDir tmp;
  const PairedFiles f = writePairedFeatures(tmp.path());
  TrainConverterDialog dialog({describeFeatureFile(f.image), describeFeatureFile(f.captions)},
                              tmp.filePath(QStringLiteral("converters")), QString());
  dialog.setKind(QStringLiteral("qformer"));
  auto* preset = dialog.findChild<QComboBox*>(QStringLiteral("qformerPreset"));
  QVERIFY(preset);
  QVERIFY(preset->findData(QStringLiteral("qformer-small")) > 0);
  preset->setCurrentIndex(preset->findData(QStringLiteral("qformer-blip2")));
  const train::QFormerConfig q = dialog.request().config.qformer;
  QCOMPARE(q.hidden, 768);
  QCOMPARE(q.num_layers, 12);
  QCOMPARE(q.heads, 12);
  QCOMPARE(q.num_queries, 32);
  QCOMPARE(q.cross_attention_every, 2);
  QCOMPARE(q.ffn, 3072);
  QCOMPARE(q.warmup_steps, 2000);  // set by the preset, not shown
  QCOMPARE(dialog.findChild<QSpinBox*>(QStringLiteral("qformerHidden"))->value(), 768);
  preset->setCurrentIndex(preset->findData(QStringLiteral("qformer-small")));
  QCOMPARE(dialog.request().config.qformer.hidden, 256);
  QCOMPARE(dialog.request().config.qformer.cross_attention_every, 1);
  QVERIFY2(dialog.problems().isEmpty(), qPrintable(dialog.problems().join('\n')));
}

// COCO's stage 1 validates on val2017: the dialog can take validation pairs
// from files of their own instead of a fraction of the training images.
void TestTrainConverter::validationFilesOfTheirOwn() {
  QTemporaryDir tmp;
  const PairedFiles f = writePairedFeatures(tmp.path());
  const PairedFiles v = writePairedFeatures(tmp.filePath(QStringLiteral("val")), 100000);
  TrainConverterDialog dialog({describeFeatureFile(f.image), describeFeatureFile(f.captions),
                               describeFeatureFile(v.image), describeFeatureFile(v.captions)},
                              tmp.filePath(QStringLiteral("converters")), QString());
  dialog.setKind(QStringLiteral("ridge"));
  dialog.setFeatureFiles(f.image, f.captions);
  auto* source = dialog.findChild<QComboBox*>(QStringLiteral("validationSource"));
  auto* valImage = dialog.findChild<QComboBox*>(QStringLiteral("validationImageFeatures"));
  auto* valText = dialog.findChild<QComboBox*>(QStringLiteral("validationTextFeatures"));
  QVERIFY(source && valImage && valText);
  QVERIFY(!valImage->isEnabled());
  QVERIFY(dialog.request().valImagePath.isEmpty());
  source->setCurrentIndex(source->findData(QStringLiteral("files")));
  QVERIFY(valImage->isEnabled() && valText->isEnabled());
  QVERIFY2(dialog.problems().join('\n').contains(QStringLiteral("both validation files")),
           qPrintable(dialog.problems().join('\n')));
  QVERIFY(!dialog.startTraining());
  valImage->setCurrentIndex(valImage->findData(v.image));
  valText->setCurrentIndex(valText->findData(v.captions));
  QCOMPARE(dialog.request().valImagePath, v.image);
  QCOMPARE(dialog.request().valTextPath, v.captions);
  QVERIFY2(dialog.problems().isEmpty(), qPrintable(dialog.problems().join('\n')));
  QVERIFY(dialog.startTraining());
  QVERIFY(dialog.job()->waitForFinished(30000));
  QVERIFY2(dialog.job()->state() == Job::State::Succeeded, qPrintable(dialog.job()->errorText()));
  // Every training-split pair of the first files trains (8 train images x 4
  // classes x 2 captions); the validation pairs are the other files' training pairs.
  QCOMPARE(dialog.outcome().trainPairs, qint64(64));
  QCOMPARE(dialog.outcome().valPairs, qint64(64));
  QVERIFY2(dialog.outcome().valCosine > 0.5, qPrintable(QString::number(dialog.outcome().valCosine)));
  // The same files on both sides are refused by the engine (an image id in both).
  TrainConverterDialog same({describeFeatureFile(f.image), describeFeatureFile(f.captions)},
                            tmp.filePath(QStringLiteral("converters2")), QString());
  same.setKind(QStringLiteral("ridge"));
  same.setFeatureFiles(f.image, f.captions);
  auto* sameSource = same.findChild<QComboBox*>(QStringLiteral("validationSource"));
  sameSource->setCurrentIndex(sameSource->findData(QStringLiteral("files")));
  auto* sameImage = same.findChild<QComboBox*>(QStringLiteral("validationImageFeatures"));
  auto* sameText = same.findChild<QComboBox*>(QStringLiteral("validationTextFeatures"));
  sameImage->setCurrentIndex(sameImage->findData(f.image));
  sameText->setCurrentIndex(sameText->findData(f.captions));
  QVERIFY(same.startTraining());
  QVERIFY(same.job()->waitForFinished(30000));
  QCOMPARE(same.job()->state(), Job::State::Failed);
  QVERIFY2(same.job()->errorText().contains(QStringLiteral("validation images must not be training images")),
           qPrintable(same.job()->errorText()));
}

QTEST_MAIN(TestTrainConverter)
#include "tst_train_converter.moc"

// Setup page: the per-class ratio table (model test, counts equal the
// engine's plan, undo), and the page's validation and presets on a workspace
// with tiny synthetic feature files.
#include "core/engine/train/ratio_plan.h"
#include "ui/setup/setup_page.h"
#include "ui/setup/training_launcher.h"
#include "core/store/store_reader.h"
#include "ui/setup/experiment_form.h"
#include "ui/setup/ratio_table_model.h"
#include "experiment_fixtures.h"
#include "ui/shell/workspace.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace plumage;
using namespace plumage::ui;

namespace {

// Classes with 1, 3, 5, 7 and 10 train images (and 2 test each).
train::PlanInputs syntheticInputs(QStringList* names) {
  train::PlanInputs in;
  const int train[] = {1, 3, 5, 7, 10};
  in.num_classes = 5;
  int64_t id = 1;
  for (int c = 0; c < 5; ++c) {
    names->push_back(QStringLiteral("%1.Class_%2").arg(c + 1, 3, 10, QLatin1Char('0')).arg(c + 1));
    for (int i = 0; i < train[c] + 2; ++i) {
      in.labels.push_back(c);
      in.is_train.push_back(i < train[c] ? 1 : 0);
      in.image_ids.push_back(id++);
    }
  }
  return in;
}

}  // namespace

class TestSetup : public QObject {
  Q_OBJECT
 private slots:
  void ratioModelPassesModelTester();
  void perClassEditsGiveEnginePlanCounts();
  void ratioEditsUndoAndRedo();
  void globalSamplingDisablesPerClassRatios();
  void setupPageValidatesAndShowsResolvedConfig();
  void sweepPresetLoads();
  void setupIsRememberedPerWorkspace();
  void launchFromThePageRunsTheSweep();
  void classPromptsAreChosenOnlyWhenRead();
  void mixedClipModelsAreRefused();
};

void TestSetup::ratioModelPassesModelTester() {
  RatioTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  QStringList names;
  const train::PlanInputs in = syntheticInputs(&names);
  model.setInputs(names, in, false);
  QCOMPARE(model.rowCount(), 5);
  model.setGlobalRatio(0.5);
  model.setRatios({1, 3}, 0.2);
  model.resetRatios({1});
  model.setInputs(names.mid(0, 3) + QStringList{QStringLiteral("x"), QStringLiteral("y")}, in, false);
  model.setInputs({}, {}, false);
  QCOMPARE(model.rowCount(), 0);
}

void TestSetup::perClassEditsGiveEnginePlanCounts() {
  RatioTableModel model;
  QStringList names;
  const train::PlanInputs in = syntheticInputs(&names);
  train::RatioPlanConfig settings;
  settings.val_fraction = 0.0;  // n_c is exactly the train count, so the expectations below are by hand
  settings.seed = 3;
  model.setPlanSettings(settings);
  model.setInputs(names, in, false);
  model.setGlobalRatio(0.5);
  // Through the view's path (setData), as the table's editor does.
  QVERIFY(model.setData(model.index(2, RatioTableModel::ColRatio), 0.1, Qt::EditRole));
  QVERIFY(model.setData(model.index(4, RatioTableModel::ColRatio), 0.75, Qt::EditRole));
  QVERIFY(!model.setData(model.index(4, RatioTableModel::ColRatio), 1.5, Qt::EditRole));  // outside [0, 1]

  // The engine's plan for the same settings and ratios.
  train::RatioPlanConfig c = settings;
  c.image_ratio = 0.5;
  c.per_class_ratios = {0.5, 0.5, 0.1, 0.5, 0.75};
  const train::RatioPlan plan = train::make_ratio_plan(c, in);
  for (int row = 0; row < 5; ++row) {
    QCOMPARE(model.data(model.index(row, RatioTableModel::ColImages), Qt::DisplayRole).toLongLong(),
             plan.class_images[size_t(row)]);
    QCOMPARE(model.plan().class_texts[size_t(row)], plan.class_texts[size_t(row)]);
  }
  // And by hand (round half up): 1*0.5 -> 1, 3*0.5 -> 2, 5*0.1 -> 1, 7*0.5 -> 4, 10*0.75 -> 8.
  const qlonglong expected[] = {1, 2, 1, 4, 8};
  for (int row = 0; row < 5; ++row)
    QCOMPARE(model.data(model.index(row, RatioTableModel::ColImages), Qt::DisplayRole).toLongLong(), expected[row]);
  QCOMPARE(model.totalImages(), 16);
  QCOMPARE(model.overriddenCount(), 2);
  QCOMPARE(model.planConfig().per_class_ratios, c.per_class_ratios);
}

void TestSetup::ratioEditsUndoAndRedo() {
  RatioTableModel model;
  QUndoStack undo;
  model.setUndoStack(&undo);
  QStringList names;
  model.setInputs(names, syntheticInputs(&names), false);
  model.setInputs(names, syntheticInputs(&names), false);
  QSignalSpy changed(&model, &RatioTableModel::planChanged);
  model.setGlobalRatio(0.8);
  model.setGlobalRatio(0.6);  // merges with the previous slider step
  model.setRatios({0, 2, 4}, 0.3);
  QCOMPARE(undo.count(), 2);
  QCOMPARE(model.ratio(2), 0.3);
  QVERIFY(model.isOverridden(4));
  undo.undo();
  QVERIFY(!model.isOverridden(4));
  QCOMPARE(model.ratio(2), 0.6);
  undo.undo();
  QCOMPARE(model.globalRatio(), 1.0);
  undo.redo();
  undo.redo();
  QCOMPARE(model.ratio(4), 0.3);
  QCOMPARE(model.ratio(1), 0.6);
  model.resetAll();
  QCOMPARE(model.overriddenCount(), 0);
  undo.undo();
  QCOMPARE(model.overriddenCount(), 3);
  QVERIFY(changed.count() >= 6);
}

void TestSetup::globalSamplingDisablesPerClassRatios() {
  RatioTableModel model;
  QStringList names;
  const train::PlanInputs in = syntheticInputs(&names);
  model.setInputs(names, in, false);
  train::RatioPlanConfig s;
  s.sampling = train::SamplingMode::Global;
  s.val_fraction = 0.0;
  model.setPlanSettings(s);
  model.setGlobalRatio(0.5);
  QVERIFY(!(model.flags(model.index(0, RatioTableModel::ColRatio)) & Qt::ItemIsEditable));
  QVERIFY(!model.setData(model.index(0, RatioTableModel::ColRatio), 0.2, Qt::EditRole));
  QVERIFY(model.planError().isEmpty());
  // Global mode keeps round(r * N) images overall, spread by the seeded draw.
  QCOMPARE(model.totalImages(), train::round_count(0.5, 26));
}

void TestSetup::setupPageValidatesAndShowsResolvedConfig() {
  QTemporaryDir tmp;
  QString error;
  std::unique_ptr<Workspace> ws(Workspace::create(tmp.path() + QStringLiteral("/ws"), &error));
  QVERIFY2(ws, qPrintable(error));
  const test::TinyFeatures f = test::writeTinyFeatures(ws->featureCacheDir());

  SetupPage page(nullptr);
  page.setWorkspace(ws.get());
  QTRY_VERIFY_WITH_TIMEOUT(page.ratioModel()->hasInputs(), 10000);
  QTRY_VERIFY(!page.isBusy());
  page.revalidate();
  QVERIFY2(page.problems().isEmpty(), qPrintable(page.problems().join(QLatin1Char('\n'))));
  QCOMPARE(page.ratioModel()->rowCount(), f.classes);
  QCOMPARE(QString::fromStdString(page.currentConfig()["features"]["image"].get<std::string>()), f.image);

  // Reed text with all captions: every turned image brings its 2 captions.
  nlohmann::json cfg = {{"text_source", "reed"}, {"caption_use", "all"}, {"image_ratio", 0.5}, {"val_fraction", 0.0}};
  page.applyConfig(cfg);
  QTRY_VERIFY_WITH_TIMEOUT(page.ratioModel()->textSamples(0) > 0, 10000);
  for (int row = 0; row < f.classes; ++row) {
    QCOMPARE(page.ratioModel()->plan().class_images[size_t(row)], train::round_count(0.5, f.trainPerClass));
    QCOMPARE(page.ratioModel()->textSamples(row), 2 * (f.trainPerClass - train::round_count(0.5, f.trainPerClass)));
  }
  page.revalidate();
  QVERIFY2(page.problems().isEmpty(), qPrintable(page.problems().join(QLatin1Char('\n'))));

  // LLM text without an LLM feature file: core/experiment's validator names the key.
  page.applyConfig({{"text_source", "llm"}});
  page.revalidate();
  QString problems = page.problems().join(QLatin1Char('\n'));
  QVERIFY2(problems.contains(QStringLiteral("features.text.llm")), qPrintable(problems));
  QVERIFY(!page.launch(&error));
  QVERIFY(error.contains(QStringLiteral("features.text.llm")));
  // No samples at all, and a bad seed list: the form's own checks.
  page.applyConfig({{"text_source", "none"}, {"image_ratio", 0.0}});
  page.revalidate();
  problems = page.problems().join(QLatin1Char('\n'));
  QVERIFY2(problems.contains(QStringLiteral("image_ratio")), qPrintable(problems));
  // A per-class ratio for a class the features lack is reported, not silently kept.
  QSignalSpy messages(&page, &SetupPage::statusMessage);
  page.applyConfig({{"image_ratio", 1.0}, {"per_class_ratios", {{"999.No_Such_Bird", 0.5}}}});
  QVERIFY(!messages.isEmpty());
  QVERIFY(messages.last().at(0).toString().contains(QStringLiteral("999.No_Such_Bird")));
}

void TestSetup::sweepPresetLoads() {
  QTemporaryDir tmp;
  QString error;
  std::unique_ptr<Workspace> ws(Workspace::create(tmp.path() + QStringLiteral("/ws"), &error));
  QVERIFY2(ws, qPrintable(error));
  test::writeTinyFeatures(ws->featureCacheDir());
  SetupPage page(nullptr);
  page.setWorkspace(ws.get());
  QTRY_VERIFY_WITH_TIMEOUT(page.ratioModel()->hasInputs(), 10000);
  // The preset box names no preset before one is loaded, then the loaded one.
  auto* box = page.findChild<QComboBox*>(QStringLiteral("presetBox"));
  QVERIFY(box);
  QCOMPARE(box->currentData().toString(), QString());
  QVERIFY(!box->currentText().contains(QStringLiteral("baselines")));
  const int baselines = box->findText(QStringLiteral("baselines"));
  if (baselines > 0) {
    QVERIFY2(page.loadConfigFile(box->itemData(baselines).toString(), &error), qPrintable(error));
    QCOMPARE(box->currentText(), QStringLiteral("baselines"));
  }

  const QString preset = tmp.path() + QStringLiteral("/preset.json");
  QFile file(preset);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write(R"({"name": "mini-thesis",
    "base": {"features": {"image": "elsewhere/img.safetensors"}, "sampling": "per-class", "adapter": {"epochs": 3}},
    "grid": {"image_ratio": [1.0, 0.5], "text_source": ["none", "reed"], "seed": [0, 1, 2]}})");
  file.close();
  QVERIFY2(page.loadConfigFile(preset, &error), qPrintable(error));
  QCOMPARE(box->currentData().toString(), QString());  // not a shipped preset
  QCOMPARE(page.plannedRuns(), 12);
  const nlohmann::json c = page.currentConfig();
  QVERIFY(c.contains("grid"));
  QCOMPARE(c["grid"]["text_source"].size(), size_t(2));
  QCOMPARE(c["base"]["adapter"]["epochs"].get<int>(), 3);
  // The workspace's image features are kept, not the preset's path.
  QVERIFY(QString::fromStdString(c["base"]["features"]["image"].get<std::string>()).startsWith(ws->featureCacheDir()));
  QCOMPARE(page.form()->seeds().size(), 3);
  QVERIFY(!page.loadConfigFile(tmp.path() + QStringLiteral("/missing.json"), &error));
  QVERIFY(error.contains(QStringLiteral("missing.json")));
}

void TestSetup::setupIsRememberedPerWorkspace() {
  QTemporaryDir tmp;
  QString error;
  std::unique_ptr<Workspace> ws(Workspace::create(tmp.path() + QStringLiteral("/ws"), &error));
  QVERIFY2(ws, qPrintable(error));
  test::writeTinyFeatures(ws->featureCacheDir());
  nlohmann::json before;
  {
    SetupPage page(nullptr);
    page.setWorkspace(ws.get());
    QTRY_VERIFY_WITH_TIMEOUT(page.ratioModel()->hasInputs(), 10000);
    page.applyConfig({{"text_source", "reed"}, {"image_ratio", 0.5}, {"adapter", {{"epochs", 7}}}});
    page.ratioModel()->setRatios({1}, 0.25);
    page.revalidate();
    before = page.currentConfig();
  }
  SetupPage again(nullptr);
  again.setWorkspace(ws.get());
  QTRY_VERIFY_WITH_TIMEOUT(again.ratioModel()->hasInputs(), 10000);
  QTRY_VERIFY(again.ratioModel()->overriddenCount() == 1);
  QCOMPARE(again.currentConfig().dump(), before.dump());
  QCOMPARE(again.ratioModel()->ratio(1), 0.25);
}

void TestSetup::launchFromThePageRunsTheSweep() {
  QTemporaryDir tmp;
  QString error;
  std::unique_ptr<Workspace> ws(Workspace::create(tmp.path() + QStringLiteral("/ws"), &error));
  QVERIFY2(ws, qPrintable(error));
  test::writeTinyFeatures(ws->featureCacheDir());
  TrainingLauncher launcher;
  SetupPage page(&launcher);
  page.setWorkspace(ws.get());
  QTRY_VERIFY_WITH_TIMEOUT(page.ratioModel()->hasInputs(), 10000);
  page.applyConfig({{"text_source", "reed"}, {"image_ratio", 0.5}, {"device", "cpu"}, {"adapter", {{"epochs", 3}}},
                    {"seed", 0}});
  page.form()->setSeeds({0, 1});
  page.ratioModel()->setRatios({0}, 0.25);
  QCOMPARE(page.plannedRuns(), 2);
  QSignalSpy jobs(&page, &SetupPage::jobStarted);
  QSignalSpy ended(&launcher, &TrainingLauncher::runEnded);
  QSignalSpy finished(&launcher, &TrainingLauncher::launchFinished);
  QVERIFY2(page.launch(&error), qPrintable(error));
  QCOMPARE(jobs.count(), 1);
  QVERIFY(!page.launch(&error));  // one launch at a time
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 60000);  // the signal may already have come
  QCOMPARE(ended.count(), 2);
  for (const auto& e : ended) QCOMPARE(e.at(1).toString(), QStringLiteral("DONE"));
  // The runs carry the per-class ratio set in the table.
  store::StoreReader reader(ws->storePath().toStdString());
  const auto runs = reader.runs();
  QCOMPARE(runs.size(), size_t(2));
  for (const auto& r : runs) QCOMPARE(r.config.at("per_class_ratios").size(), size_t(1));
}

// A class-prompt file is offered to zero-shot and to an adapter initialized
// from zero-shot weights, never slipped into configs that do not read it.
void TestSetup::classPromptsAreChosenOnlyWhenRead() {
  ExperimentForm form;
  FeatureFileEntry image, prompts;
  image.path = QStringLiteral("/f/images.safetensors");
  image.kind = QStringLiteral("image");
  prompts.path = QStringLiteral("/f/prompts.safetensors");
  prompts.kind = QStringLiteral("text");
  prompts.source = QStringLiteral("prompts");
  form.setFeatureFiles({image, prompts});
  auto classText = [&] { return form.toJson()["features"].value("class_text", std::string()); };
  QCOMPARE(form.toJson()["method"].get<std::string>(), std::string("adapter"));
  QCOMPARE(classText(), std::string());
  auto* init = form.findChild<QCheckBox*>(QStringLiteral("initZeroShot"));
  QVERIFY(init);
  init->setChecked(true);
  QCOMPARE(classText(), std::string("/f/prompts.safetensors"));

  ExperimentForm zeroShot;
  zeroShot.setFeatureFiles({image, prompts});
  auto* method = zeroShot.findChild<QComboBox*>(QStringLiteral("methodChooser"));
  QVERIFY(method);
  QCOMPARE(zeroShot.toJson()["features"].value("class_text", std::string()), std::string());
  method->setCurrentIndex(method->findData(QStringLiteral("zero_shot")));
  QCOMPARE(zeroShot.toJson()["features"].value("class_text", std::string()), std::string("/f/prompts.safetensors"));
  // The user's choice of "(none)" afterwards stands.
  auto* chooser = zeroShot.findChild<QComboBox*>(QStringLiteral("classTextChooser"));
  chooser->setCurrentIndex(0);
  QCOMPARE(zeroShot.toJson()["features"].value("class_text", std::string()), std::string());
}


// Image features of one CLIP model with captions of another: the page names
// both files and both models and will not launch; one model again: fine.
void TestSetup::mixedClipModelsAreRefused() {
  QTemporaryDir tmp;
  QString error;
  std::unique_ptr<Workspace> ws(Workspace::create(tmp.path() + QStringLiteral("/ws"), &error));
  QVERIFY2(ws, qPrintable(error));
  const test::TinyFeatures f = test::writeTinyFeatures(ws->featureCacheDir());
  test::stampClipModel(f.image, QStringLiteral("ViT-B/16"), QStringLiteral("aaaa1111bbbb2222"));
  test::stampClipModel(f.reed, QStringLiteral("ViT-B/32"), QStringLiteral("cccc3333dddd4444"));

  TrainingLauncher launcher;
  SetupPage page(&launcher);
  page.setWorkspace(ws.get());
  QTRY_VERIFY_WITH_TIMEOUT(page.ratioModel()->hasInputs(), 10000);
  QTRY_VERIFY(!page.isBusy());
  page.applyConfig({{"text_source", "reed"}, {"image_ratio", 0.5}});
  page.revalidate();
  const QString problems = page.problems().join(QLatin1Char('\n'));
  for (const QString& s : {f.image, f.reed, QStringLiteral("ViT-B/16"), QStringLiteral("ViT-B/32")})
    QVERIFY2(problems.contains(s), qPrintable(s + QStringLiteral(" not in: ") + problems));
  QVERIFY(!page.launch(&error));
  QVERIFY(error.contains(QStringLiteral("ViT-B/32")));

  test::stampClipModel(f.reed, QStringLiteral("ViT-B/16"), QStringLiteral("aaaa1111bbbb2222"));
  page.revalidate();
  QVERIFY2(page.problems().isEmpty(), qPrintable(page.problems().join(QLatin1Char('\n'))));
}

QTEST_MAIN(TestSetup)
#include "tst_setup.moc"

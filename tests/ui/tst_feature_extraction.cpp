// "Extract Features…" (ui/features): the plan refuses what cannot run (no
// model, no vocabulary, nothing chosen) with a message; the job writes image,
// caption and description feature files into the feature cache, where the
// Setup page's catalog classifies them; a second run keeps them (up to date);
// a cancelled job writes nothing; the dialog enables only what the dataset has;
// File → Extract Features in the main window runs it on the open dataset;
// the Descriptions page's Score then rates every description text with that
// model's image features and shows the scores, sortable, worst first.
#include "ui/shell/dataset_session.h"
#include "ui/setup/feature_catalog.h"
#include "ui/features/extract_features_dialog.h"
#include "ui/features/feature_extraction.h"
#include "ui/common/html_delegate.h"
#include "ui/common/job.h"
#include "ui/descriptions/description_scores_model.h"
#include "ui/descriptions/descriptions_page.h"
#include "ui/descriptions/variant_comparison_model.h"
#include "ui/shell/main_window.h"
#include "tiny_clip_fixture.h"
#include "ui_fixtures.h"
#include "ui/shell/workspace.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace plumage::ui;

class TestFeatureExtraction : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  plumage::test::TinyCub cub_;
  QString model_;

  FeatureExtractionInputs inputs(const QString& out) const {
    return {QStringLiteral("Tiny birds"), cub_.root, cub_.captionsDir, cub_.descriptions, out};
  }

  // Runs the steps as the main window does: one Job, waited for.
  static Job::State runJob(const QVector<FeatureExtractionStep>& steps, const FeatureExtractionSettings& s,
                           const FeatureExtractionInputs& in, QStringList* lines, QString* error,
                           bool cancelAtOnce = false) {
    Job job(QStringLiteral("extract"),
            [&](JobContext& ctx) { return QVariant(runFeatureExtraction(steps, s, in, ctx)); });
    QObject::connect(&job, &Job::succeeded, [&](const QVariant& v) { *lines = v.toStringList(); });
    QObject::connect(&job, &Job::failed, [&](const QString& e) { *error = e; });
    job.start();
    if (cancelAtOnce) job.cancel();
    if (!job.waitForFinished(120000)) return Job::State::Running;
    return job.state();
  }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    cub_ = plumage::test::writeTinyCub(tmp_.filePath("cub"), 3, 4);
    model_ = plumage::test::writeTinyClip(
        tmp_.filePath("model"),
        {"this bird has a red crown and white wings", "a small bird with a long beak"});
  }

  void planRefusesWhatCannotRun() {
    const FeatureExtractionInputs in = inputs(tmp_.filePath("out"));
    FeatureExtractionSettings s;
    QString error;
    QVERIFY(planFeatureExtraction(s, in, &error).isEmpty());
    QVERIFY2(error.contains("Choose a CLIP model"), qPrintable(error));
    s.modelPath = tmp_.filePath("nowhere.pt");
    QVERIFY(planFeatureExtraction(s, in, &error).isEmpty());
    QVERIFY2(error.contains("nowhere.pt") && error.contains("no such file"), qPrintable(error));
    s.modelPath = model_;
    s.images = s.captions = s.descriptions = s.prompts = false;
    QVERIFY(planFeatureExtraction(s, in, &error).isEmpty());
    QVERIFY2(error.contains("Nothing to extract"), qPrintable(error));
    // Texts need the model's vocabulary; images do not.
    const QString bare =
        plumage::test::writeTinyClip(tmp_.filePath("bare"), {"a bird"}, /*withVocabulary=*/false);
    s.modelPath = bare;
    s.captions = true;
    QVERIFY(planFeatureExtraction(s, in, &error).isEmpty());
    QVERIFY2(error.contains("vocab"), qPrintable(error));
    s.captions = false;
    s.images = true;
    QCOMPARE(planFeatureExtraction(s, in, &error).size(), 1);
    QVERIFY(error.isEmpty());
    // Parts the dataset lacks are left out, not errors.
    FeatureExtractionInputs noCaptions = in;
    noCaptions.captionsDir.clear();
    s.modelPath = model_;
    s.captions = s.descriptions = s.prompts = true;
    const auto steps = planFeatureExtraction(s, noCaptions, &error);
    QCOMPARE(steps.size(), 3);
    QCOMPARE(steps[0].kind, FeatureExtractionStep::Images);
    QCOMPARE(steps[1].kind, FeatureExtractionStep::Descriptions);
    QCOMPARE(steps[2].kind, FeatureExtractionStep::Prompts);
    // "<dataset>-<model>-<part>.safetensors", made safe for a file name.
    QCOMPARE(steps[0].outPath, QDir(in.outputDir).filePath("Tiny_birds-model-images.safetensors"));
  }

  // COCO caption pairs: one step, two files (COCO ids, paired captions); the
  // image listed but not on disk is reported in the job's notes.
  void cocoPairsInOneStep() {
    const QString root = tmp_.filePath("coco");
    QVERIFY(QDir().mkpath(root + "/annotations") && QDir().mkpath(root + "/val2017"));
    for (const char* name : {"000000000042.png", "000000001000.png"}) {
      QImage img(36, 36, QImage::Format_RGB32);
      img.fill(name[11] == '2' ? Qt::red : Qt::blue);
      QVERIFY(img.save(root + "/val2017/" + QLatin1String(name)));
    }
    QFile captions(root + "/annotations/captions_val2017.json");
    QVERIFY(captions.open(QIODevice::WriteOnly));
    captions.write(R"({"images": [{"id": 42, "file_name": "000000000042.png"}, {"id": 7, "file_name": "000000000007.png"},
      {"id": 1000, "file_name": "000000001000.png"}],
      "annotations": [{"id": 1, "image_id": 1000, "caption": "a small bird"}, {"id": 2, "image_id": 7, "caption": "a bird"},
                      {"id": 3, "image_id": 42, "caption": "a red crown"}, {"id": 4, "image_id": 42, "caption": "white wings"}]})");
    captions.close();
    const FeatureExtractionInputs in = inputs(tmp_.filePath("coco-out"));
    QVERIFY(QDir().mkpath(in.outputDir));
    FeatureExtractionSettings s;
    s.modelPath = model_;
    s.images = s.captions = s.descriptions = s.prompts = false;
    s.coco = true;
    QString error;
    QVERIFY(planFeatureExtraction(s, in, &error).isEmpty());
    QVERIFY2(error.contains("COCO captions"), qPrintable(error));
    s.cocoCaptions = captions.fileName();
    const auto steps = planFeatureExtraction(s, in, &error);
    QCOMPARE(steps.size(), 1);
    QCOMPARE(steps[0].kind, FeatureExtractionStep::Coco);
    QCOMPARE(steps[0].outPath, QDir(in.outputDir).filePath("coco-val2017-model-images.safetensors"));
    QCOMPARE(steps[0].textOutPath, QDir(in.outputDir).filePath("coco-val2017-model-captions.safetensors"));
    QStringList lines;
    QVERIFY2(runJob(steps, s, in, &lines, &error) == Job::State::Succeeded, qPrintable(error));
    const QString all = lines.join('\n');
    QVERIFY2(all.contains("2 images") && all.contains("3 captions") && all.contains("not on disk") &&
                 all.contains("000000000007.png"),
             qPrintable(all));
    // The Setup page's catalog: pairs only, for converters.
    const FeatureFileEntry images = describeFeatureFile(steps[0].outPath);
    QVERIFY(images.pairsOnly);
    QVERIFY2(images.label().contains("pairs only"), qPrintable(images.label()));
    QCOMPARE(describeFeatureFile(steps[0].textOutPath).source, QStringLiteral("coco"));
  }

  void extractsEveryPartIntoTheFeatureCache() {
    const QString out = tmp_.filePath("features");
    QVERIFY(QDir().mkpath(out));
    const FeatureExtractionInputs in = inputs(out);
    FeatureExtractionSettings s;
    s.modelPath = model_;
    s.device = QStringLiteral("cpu");
    QString error;
    const auto steps = planFeatureExtraction(s, in, &error);
    QCOMPARE(steps.size(), 4);
    QStringList lines;
    QCOMPARE(runJob(steps, s, in, &lines, &error), Job::State::Succeeded);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // One line per step, then the extraction's warnings: the tiny vocabulary
    // makes two of the three descriptions longer than the 77-token context.
    QVERIFY2(lines.size() == 5, qPrintable(lines.join('\n')));
    QVERIFY2(lines[0].contains("12 rows"), qPrintable(lines[0]));   // 3 classes x 4 images
    QVERIFY2(lines[1].contains("120 rows"), qPrintable(lines[1]));  // 10 captions each
    QVERIFY2(lines[2].contains("3 rows"), qPrintable(lines[2]));    // 3 description variants
    QVERIFY2(lines[3].contains("3 rows"), qPrintable(lines[3]));    // 3 classes x 1 template
    QVERIFY2(lines[4].contains("truncated"), qPrintable(lines[4]));

    // The Setup page's catalog sees what the workbench needs to know.
    const QVector<FeatureFileEntry> files = scanFeatureFiles(out);
    QCOMPARE(files.size(), 4);
    QStringList kinds;
    for (const FeatureFileEntry& f : files) {
      QVERIFY2(f.problem.isEmpty(), qPrintable(f.problem));
      QCOMPARE(f.classes, 3);
      kinds << f.kind + "/" + f.source + (f.hasTokens ? "+tokens" : "");
    }
    kinds.sort();
    // Class prompts go to the zero-shot chooser, without per-token outputs.
    QCOMPARE(kinds, QStringList({"image/", "text/llm+tokens", "text/prompts", "text/reed+tokens"}));

    // Again: nothing recomputed.
    lines.clear();
    QCOMPARE(runJob(steps, s, in, &lines, &error), Job::State::Succeeded);
    for (int i = 0; i < 4; ++i) QVERIFY2(lines[i].contains("up to date"), qPrintable(lines[i]));

    // Descriptions per field: a file of its own, one row per field, and the
    // unit recorded in the file so the Setup page can say which one it holds.
    const auto whole = std::find_if(files.begin(), files.end(), [](const FeatureFileEntry& f) { return f.source == "llm"; });
    QCOMPARE(whole->textUnit, QStringLiteral("variant"));
    QVERIFY2(whole->label().contains("one text per description"), qPrintable(whole->label()));
    FeatureExtractionSettings perField = s;
    perField.images = perField.captions = perField.prompts = false;
    perField.descriptionsPerField = true;
    const auto fieldSteps = planFeatureExtraction(perField, in, &error);
    QCOMPARE(fieldSteps.size(), 1);
    QVERIFY2(fieldSteps[0].outPath.endsWith("-descriptions-fields.safetensors"), qPrintable(fieldSteps[0].outPath));
    lines.clear();
    QCOMPARE(runJob(fieldSteps, perField, in, &lines, &error), Job::State::Succeeded);
    const FeatureFileEntry fields = describeFeatureFile(fieldSteps[0].outPath);
    QCOMPARE(fields.textUnit, QStringLiteral("field"));
    QVERIFY2(fields.label().contains("one text per field"), qPrintable(fields.label()));
    QVERIFY2(!lines[0].contains("3 rows"), qPrintable(lines[0]));  // more rows than variants
  }

  void aBadModelFailsNamingTheFile() {
    const QString bad = tmp_.filePath("broken/model.safetensors");
    QVERIFY(QDir().mkpath(QFileInfo(bad).path()));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not a checkpoint");
    f.close();
    FeatureExtractionSettings s;
    s.modelPath = bad;
    s.captions = s.descriptions = s.prompts = false;
    s.device = QStringLiteral("cpu");
    const FeatureExtractionInputs in = inputs(tmp_.filePath("bad-out"));
    QString error;
    const auto steps = planFeatureExtraction(s, in, &error);
    QCOMPARE(steps.size(), 1);
    QStringList lines;
    QCOMPARE(runJob(steps, s, in, &lines, &error), Job::State::Failed);
    QVERIFY2(error.contains("model.safetensors"), qPrintable(error));
    QVERIFY(!QFileInfo::exists(steps[0].outPath));
  }

  void aCancelledJobWritesNothing() {
    // 300 images: the cancel, sent right after the start, lands while the
    // first step still decodes (microseconds against a fraction of a second).
    const plumage::test::TinyCub big = plumage::test::writeTinyCub(tmp_.filePath("big"), 3, 100);
    FeatureExtractionInputs in = inputs(tmp_.filePath("cancelled"));
    in.datasetRoot = big.root;
    in.captionsDir = big.captionsDir;
    in.descriptionsFile = big.descriptions;
    FeatureExtractionSettings s;
    s.modelPath = model_;
    s.device = QStringLiteral("cpu");
    QString error;
    const auto steps = planFeatureExtraction(s, in, &error);
    QStringList lines;
    QCOMPARE(runJob(steps, s, in, &lines, &error, /*cancelAtOnce=*/true), Job::State::Cancelled);
    for (const FeatureExtractionStep& step : steps)
      QVERIFY2(!QFileInfo::exists(step.outPath), qPrintable(step.outPath));
  }

  void dialogOffersOnlyWhatTheDatasetHas() {
    FeatureExtractionInputs in = inputs(tmp_.filePath("dialog"));
    in.captionsDir.clear();
    FeatureExtractionSettings s;
    ExtractFeaturesDialog dialog(in, s);
    QPushButton* extract = nullptr;
    for (QAbstractButton* b : dialog.findChild<QDialogButtonBox*>()->buttons())
      if (b->text().contains("Extract")) extract = qobject_cast<QPushButton*>(b);
    QVERIFY(extract);
    QVERIFY(!extract->isEnabled());  // no model yet
    QVERIFY(dialog.findChild<QLabel*>("problem")->text().contains("Choose a CLIP model"));
    int disabled = 0;
    for (QCheckBox* box : dialog.findChildren<QCheckBox*>())
      if (!box->isEnabled()) {
        ++disabled;
        QVERIFY(!box->isChecked());
      }
    QCOMPARE(disabled, 1);  // captions
    dialog.findChild<QLineEdit*>("modelPath")->setText(model_);
    QVERIFY(extract->isEnabled());
    QCOMPARE(dialog.steps().size(), 3);  // images, descriptions, class prompts
    QCOMPARE(dialog.settings().modelPath, model_);
  }

  void settingsAreRememberedWhole() {
    FeatureExtractionSettings s;
    s.modelPath = QStringLiteral("/models/ViT-B-16.pt");
    s.images = false;
    s.prompts = false;
    s.tokens = false;
    s.descriptionsPerField = true;
    s.device = QStringLiteral("cuda");
    s.imageBatch = 32;
    s.save();
    const FeatureExtractionSettings back = FeatureExtractionSettings::load();
    QCOMPARE(back.modelPath, s.modelPath);
    QCOMPARE(back.images, false);
    QCOMPARE(back.captions, true);
    QCOMPARE(back.descriptions, true);
    QCOMPARE(back.prompts, false);
    QCOMPARE(back.tokens, false);
    QCOMPARE(back.descriptionsPerField, true);
    QCOMPARE(back.device, s.device);
    QCOMPARE(back.imageBatch, 32);
  }

  void mainWindowExtractsTheOpenDataset() {
    const QString dir = tmp_.filePath("ws");
    QString error;
    {
      std::unique_ptr<Workspace> ws(Workspace::create(dir, &error));
      QVERIFY2(ws, qPrintable(error));
      QVERIFY(ws->addDataset({"tiny", cub_.root, cub_.captionsDir, cub_.descriptions, "plumage"}, &error));
    }
    FeatureExtractionSettings remembered;
    remembered.modelPath = model_;
    remembered.device = QStringLiteral("cpu");
    remembered.save();  // the dialog starts from the last settings

    MainWindow window(/*restoreState=*/false);
    QVERIFY2(window.openWorkspace(dir, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->session()->descriptions() != nullptr, 20000);
    QAction* action = nullptr;
    for (QAction* menu : window.menuBar()->actions())
      if (menu->menu())
        for (QAction* a : menu->menu()->actions())
          if (a->text() == QStringLiteral("E&xtract Features…")) action = a;
    QVERIFY(action);
    // The dialog is modal, and so is the note about the extraction's
    // warnings (the tiny vocabulary truncates descriptions): answer both from
    // a timer once they are up.
    int offeredSteps = -1;
    QString note;
    QTimer poll;
    connect(&poll, &QTimer::timeout, this, [&] {
      if (auto* dialog = window.findChild<ExtractFeaturesDialog*>(); dialog && dialog->isVisible()) {
        offeredSteps = int(dialog->steps().size());
        dialog->accept();
      }
      if (auto* box = window.findChild<QMessageBox*>(); box && box->isVisible()) {
        note = box->text();
        box->accept();
      }
    });
    poll.start(20);
    action->trigger();
    QCOMPARE(offeredSteps, 4);
    // The job runs in the background; the files land in the feature cache.
    const QString cache = window.workspace()->featureCacheDir();
    QTRY_COMPARE_WITH_TIMEOUT(scanFeatureFiles(cache).size(), 4, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(note.contains("truncated"), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(!window.isBusy(), 60000);
    // Descriptions were read from the workspace's own copy, written for it.
    const DatasetEntry entry = *window.workspace()->currentDataset();
    QVERIFY(QFileInfo::exists(window.workspace()->descriptionsStorePath(entry)));
  }

  // Score on the Descriptions page: the workspace's image features of the
  // Extract Features model (written by the test above) score every variant
  // and field; each cell shows its score, and the table sorts worst first.
  void descriptionsPageShowsSortableScores() {
    QString error;
    MainWindow window(/*restoreState=*/false);
    QVERIFY2(window.openWorkspace(tmp_.filePath("ws"), &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->session()->descriptions() != nullptr, 20000);
    auto* page = window.findChild<DescriptionsPage*>();
    QVERIFY(page);
    QPushButton* score = nullptr;
    for (auto* b : page->findChildren<QPushButton*>())
      if (b->text() == QStringLiteral("&Score with CLIP")) score = b;
    QVERIFY(score);
    QVERIFY(page->scoresModel()->rowCount() == 0);
    score->click();
    QVERIFY(page->scoreJob());
    QVERIFY(page->scoreJob()->waitForFinished(60000));
    QTRY_VERIFY_WITH_TIMEOUT(page->scoresModel()->rowCount() > 0, 10000);
    auto scores = page->scoresModel()->scores();
    QVERIFY(scores);
    QCOMPARE(scores->split, std::string("train"));
    QCOMPARE(page->scoresModel()->rowCount(), int(scores->rows.size()));
    QCOMPARE(page->scoresModel()->headerData(DescriptionScoresModel::Top1, Qt::Horizontal).toString(),
             QStringLiteral("Top-1"));
    // The class shown carries its scores beside each text, lint flags unchanged.
    window.workspace()->session()->setCurrentClass(0);
    VariantComparisonModel* vm = page->variantModel();
    const int whole = vm->rowCount() - 1;
    const QStringList line = vm->index(whole, 0).data(VariantComparisonModel::ScoreRole).toStringList();
    QCOMPARE(line.size(), 1);
    QVERIFY2(line[0].startsWith("cos ") && line[0].contains("top-1"), qPrintable(line[0]));
    QVERIFY(vm->index(whole, 0).data(MarkupRole).toString().contains(line[0].toHtmlEscaped()));

    // Worst first: top-1 ascending (ties: top-5, then cosine).
    QTableView* table = page->scoresTable();
    QAbstractItemModel* view = table->model();
    auto value = [&](int row, int col) { return view->index(row, col).data(DescriptionScoresModel::SortRole).toDouble(); };
    for (int r = 1; r < view->rowCount(); ++r) QVERIFY(value(r - 1, DescriptionScoresModel::Top1) <= value(r, DescriptionScoresModel::Top1));
    // Sorting by a column header works: cosine, highest first.
    table->sortByColumn(DescriptionScoresModel::CentroidCosine, Qt::DescendingOrder);
    for (int r = 1; r < view->rowCount(); ++r)
      QVERIFY(value(r - 1, DescriptionScoresModel::CentroidCosine) >= value(r, DescriptionScoresModel::CentroidCosine));
    // Double-click opens that class and variant above.
    int row = -1;
    for (int r = 0; r < view->rowCount() && row < 0; ++r)
      if (view->index(r, 0).data(DescriptionScoresModel::ClassKeyRole).toString() !=
          window.workspace()->session()->classKey(0))
        row = r;
    QVERIFY(row >= 0);
    emit table->doubleClicked(view->index(row, DescriptionScoresModel::Field));
    QCOMPARE(window.workspace()->session()->classKey(window.workspace()->session()->currentClass()),
             view->index(row, 0).data(DescriptionScoresModel::ClassKeyRole).toString());
  }
};

QTEST_MAIN(TestFeatureExtraction)
#include "tst_feature_extraction.moc"

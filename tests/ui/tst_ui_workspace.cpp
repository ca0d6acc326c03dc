// Workspace folder round trip, the Job worker pattern (success, failure,
// cancellation, throttled progress), undoable description edits, and the
// "Real experiment" dialog's on-the-spot checks of the study's inputs.
#include "core/data/descriptions.h"
#include "ui/shell/dataset_session.h"
#include "ui/descriptions/descriptions_document.h"
#include "ui/common/job.h"
#include "ui/shell/loaded_dataset.h"
#include "ui/realdata/real_data_dialog.h"
#include "ui_fixtures.h"
#include "ui/results/results_page.h"
#include "ui/shell/language.h"
#include "ui/shell/main_window.h"
#include "ui/shell/workspace.h"

#include <QAction>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QUndoStack>

#include <atomic>

using namespace plumage::ui;

class TestWorkspace : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
  // The Real experiment dialog remembers its choices: each test starts without any.
  void init() { QSettings().remove("realData"); }

  void createOpenRoundTrip() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath("ws");
    QString error;
    std::unique_ptr<Workspace> ws(Workspace::create(dir, &error));
    QVERIFY2(ws, qPrintable(error));
    QVERIFY(Workspace::isWorkspace(dir));
    QVERIFY(QFileInfo(ws->thumbnailCacheDir()).isDir());
    QVERIFY(QFileInfo(ws->featureCacheDir()).isDir());
    QCOMPARE(ws->storePath(), QDir(dir).filePath("workspace.sqlite"));
    DatasetEntry a{"birds", "/data/cub", "/data/text_c10", "/data/desc.json", "menon"};
    DatasetEntry b{"dogs", "/data/dogs.csv", {}, {}, "auto"};
    QVERIFY(ws->addDataset(a, &error));
    QVERIFY(ws->addDataset(b, &error));
    QVERIFY(ws->setCurrentDataset(0, &error));
    QVERIFY(ws->setPageSettings("setup", QJsonObject{{"ratio", 0.5}}, &error));
    ws.reset();

    std::unique_ptr<Workspace> again(Workspace::open(dir, &error));
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(again->datasets().size(), 2);
    QVERIFY(again->datasets()[0] == a);
    QVERIFY(again->datasets()[1] == b);
    QCOMPARE(again->currentDatasetIndex(), 0);
    QCOMPARE(again->pageSettings("setup").value("ratio").toDouble(), 0.5);
    QVERIFY(again->descriptionsStorePath(a) != again->descriptionsStorePath(b));
  }

  void createRefusesNonEmptyFolderAndExistingWorkspace() {
    QTemporaryDir tmp;
    QFile f(tmp.filePath("something.txt"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    QString error;
    QVERIFY(!Workspace::create(tmp.path(), &error));
    QVERIFY2(error.contains("not empty"), qPrintable(error));
    const QString dir = tmp.filePath("ws");
    delete Workspace::create(dir, &error);
    QVERIFY(!Workspace::create(dir, &error));
    QVERIFY2(error.contains("already holds a workspace"), qPrintable(error));
  }

  void openReportsBadSettings_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not json") << QByteArray("{\"format\": 1,") << "workspace.json: offset";
    QTest::newRow("array") << QByteArray("[1,2]") << "expected a JSON object";
    QTest::newRow("newer format") << QByteArray("{\"format\": 99}") << "key \"format\"";
    QTest::newRow("datasets not a list") << QByteArray("{\"format\": 1, \"datasets\": 3}") << "key \"datasets\"";
    QTest::newRow("dataset without root") << QByteArray("{\"format\": 1, \"datasets\": [{\"name\": \"x\"}]}")
                                          << "datasets[0]";
    // Issue 15, item 2: the JSON limits apply here too (Qt alone allowed 1024 levels).
    QTest::newRow("nested 100k deep") << "{\"format\": 1, \"pages\": " + QByteArray(100000, '[') + QByteArray(100000, ']') + "}"
                                      << "workspace.json:1: JSON nested deeper than 64 levels at byte 86";
  }
  void openReportsBadSettings() {
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QTemporaryDir tmp;
    QFile f(tmp.filePath("workspace.json"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(json);
    f.close();
    QString error;
    QVERIFY(!Workspace::open(tmp.path(), &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY(!Workspace::open(tmp.filePath("missing"), &error));
    QVERIFY2(error.contains("not a Plumage workspace"), qPrintable(error));
  }

  void openAdoptsAFolderMadeByTheCliDemo() {
    QTemporaryDir tmp;
    QString error;
    // Not a workspace, and no finished demo dataset: refused, nothing written.
    QVERIFY(QDir(tmp.path()).mkpath("dataset"));
    QVERIFY(!Workspace::open(tmp.path(), &error));
    QVERIFY2(error.contains("not a Plumage workspace"), qPrintable(error));
    QVERIFY(!Workspace::isWorkspace(tmp.path()));
    // `plumage-cli demo` marks its finished dataset; such a folder opens in place.
    QFile marker(tmp.filePath("dataset/.plumage-demo.json"));
    QVERIFY(marker.open(QIODevice::WriteOnly));
    marker.write("{}");
    marker.close();
    QFile sweep(tmp.filePath("sweep.json"));
    QVERIFY(sweep.open(QIODevice::WriteOnly));
    sweep.write("{\"name\": \"demo-thesis\"}");
    sweep.close();
    std::unique_ptr<Workspace> ws(Workspace::open(tmp.path(), &error));
    QVERIFY2(ws, qPrintable(error));
    QVERIFY(Workspace::isWorkspace(tmp.path()));
    QCOMPARE(ws->datasets().size(), 1);
    QVERIFY(ws->datasets()[0] == demoDatasetEntry(ws->root()));
    QCOMPARE(ws->datasets()[0].root, QDir(ws->root()).filePath("dataset"));
    QCOMPARE(ws->currentDatasetIndex(), 0);
    QCOMPARE(ws->featureCacheDir(), QDir(ws->root()).filePath("cache/features"));  // where the demo writes them
    QVERIFY(QFileInfo(ws->featureCacheDir()).isDir());
    QVERIFY(sweep.open(QIODevice::ReadOnly));
    QCOMPARE(sweep.readAll(), QByteArray("{\"name\": \"demo-thesis\"}"));  // the demo's files are untouched
    // The Results page says these are demo numbers; an ordinary workspace gets no note.
    {
      results::ResultsPage page;
      page.setWorkspace(ws.get());
      QVERIFY(!page.findChild<QLabel*>(QStringLiteral("demoNote"))->isHidden());
      QTemporaryDir other;
      std::unique_ptr<Workspace> plain(Workspace::create(other.filePath("ws"), &error));
      QVERIFY2(plain, qPrintable(error));
      page.setWorkspace(plain.get());
      QVERIFY(page.findChild<QLabel*>(QStringLiteral("demoNote"))->isHidden());
      page.setWorkspace(nullptr);
    }
    ws.reset();
    std::unique_ptr<Workspace> again(Workspace::open(tmp.path(), &error));  // now a plain workspace
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(again->datasets().size(), 1);
  }

  void recentList() {
    RecentWorkspaces::add("/tmp/a");
    RecentWorkspaces::add("/tmp/b");
    RecentWorkspaces::add("/tmp/a");
    QCOMPARE(RecentWorkspaces::list().mid(0, 2), QStringList({"/tmp/a", "/tmp/b"}));
    for (int i = 0; i < 20; ++i) RecentWorkspaces::add(QStringLiteral("/tmp/x%1").arg(i));
    QCOMPARE(RecentWorkspaces::list().size(), RecentWorkspaces::kMax);
    RecentWorkspaces::remove("/tmp/x19");
    QVERIFY(!RecentWorkspaces::list().contains("/tmp/x19"));
  }

  void jobSucceedsWithResultAndProgress() {
    Job job("sum", [](JobContext& ctx) {
      long long s = 0;
      for (int i = 1; i <= 1000; ++i) {
        s += i;
        ctx.progress(i, 1000, "adding");
      }
      return QVariant(s);
    });
    QSignalSpy ok(&job, &Job::succeeded);
    QSignalSpy progress(&job, &Job::progressChanged);
    QSignalSpy done(&job, &Job::finished);
    const QThread* gui = QThread::currentThread();
    bool receivedInGui = false;
    connect(&job, &Job::progressChanged, this, [&] { receivedInGui = QThread::currentThread() == gui; });
    job.start();
    QVERIFY(job.isRunning());
    QVERIFY(job.waitForFinished(5000));
    QCOMPARE(ok.count(), 1);
    QCOMPARE(done.count(), 1);
    QCOMPARE(ok.first().first().toLongLong(), 500500LL);
    QCOMPARE(job.state(), Job::State::Succeeded);
    // Throttled: far fewer reports than calls, but the final one always arrives.
    QVERIFY(progress.count() >= 1);
    QVERIFY2(progress.count() < 100, qPrintable(QString::number(progress.count())));
    QCOMPARE(progress.last().at(0).toLongLong(), 1000LL);
    QVERIFY(receivedInGui);
  }

  void jobFailureCarriesTheMessage() {
    Job job("boom", [](JobContext&) -> QVariant { throw std::runtime_error("file.txt:3: bad field"); });
    QSignalSpy failed(&job, &Job::failed);
    job.start();
    QVERIFY(job.waitForFinished(5000));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.first().first().toString(), QString("file.txt:3: bad field"));
    QCOMPARE(job.state(), Job::State::Failed);
  }

  void jobCancelsMidRun() {
    std::atomic<int> iterations{0};
    Job job("loop", [&](JobContext& ctx) {
      for (int i = 0; i < 100000; ++i) {
        ctx.throwIfCancelled();
        iterations = i;
        QThread::msleep(1);
      }
      return QVariant(true);
    });
    QSignalSpy cancelled(&job, &Job::cancelled);
    QSignalSpy ok(&job, &Job::succeeded);
    job.start();
    QTRY_VERIFY(iterations > 5);
    job.cancel();
    QVERIFY(job.waitForFinished(5000));
    QCOMPARE(cancelled.count(), 1);
    QCOMPARE(ok.count(), 0);
    QVERIFY(iterations < 100000 - 1);
    QCOMPARE(job.state(), Job::State::Cancelled);
  }

  void jobDestructorWaitsForWork() {
    std::atomic<bool> finished{false};
    {
      Job job("slow", [&](JobContext& ctx) {
        while (!ctx.cancelled()) QThread::msleep(1);
        finished = true;
        return QVariant();
      });
      job.start();
    }
    QVERIFY(finished);
  }

  void descriptionEditsAreUndoableAndSaved() {
    QTemporaryDir tmp;
    const plumage::test::TinyCub cub = plumage::test::writeTinyCub(tmp.path());
    const QString copy = tmp.filePath("copy.json");
    auto store = std::make_shared<plumage::data::DescriptionStore>(
        plumage::data::DescriptionStore::load(cub.descriptions.toStdString()));
    QUndoStack undo;
    DescriptionsDocument doc(store, copy, &undo);
    const QString cls = "001.Test_Bird_A";
    QSignalSpy changed(&doc, &DescriptionsDocument::classChanged);
    QCOMPARE(doc.find(cls)->variants.size(), std::size_t(2));
    QCOMPARE(doc.missingFields(cls), QStringList({"Eyes"}));

    const QString id = doc.addEditedVariant(cls, "v1", {{"Size", "Tiny."}, {"Eyes", "Black."}}, {});
    QCOMPARE(doc.find(cls)->variants.size(), std::size_t(3));
    QCOMPARE(*doc.variant(cls, "v1")->field("Size"), std::string("Small, sparrow sized."));  // original kept
    QCOMPARE(*doc.variant(cls, id)->field("Size"), std::string("Tiny."));
    QCOMPARE(doc.variant(cls, id)->provenance.source, std::string("manual"));
    QCOMPARE(doc.variant(cls, id)->provenance.parameters["edited_from"].get<std::string>(), std::string("v1"));
    QVERIFY(doc.missingFields(cls).isEmpty());
    // Saved at once to the workspace copy.
    auto saved = plumage::data::DescriptionStore::load(copy.toStdString());
    QCOMPARE(saved.find(cls.toStdString())->variants.size(), std::size_t(3));

    doc.setStatus(cls, "v1", plumage::data::ReviewStatus::Rejected);
    QCOMPARE(doc.variant(cls, "v1")->status, plumage::data::ReviewStatus::Rejected);
    undo.undo();
    QCOMPARE(doc.variant(cls, "v1")->status, plumage::data::ReviewStatus::None);
    undo.undo();
    QVERIFY(!doc.variant(cls, id));
    QCOMPARE(doc.find(cls)->variants.size(), std::size_t(2));
    undo.redo();
    QVERIFY(doc.variant(cls, id));
    QVERIFY(changed.count() >= 4);
    saved = plumage::data::DescriptionStore::load(copy.toStdString());
    QCOMPARE(saved.find(cls.toStdString())->variants.size(), std::size_t(3));
  }

  void sessionLoadsDatasetWithCaptionsAndDescriptions() {
    QTemporaryDir tmp;
    const plumage::test::TinyCub cub = plumage::test::writeTinyCub(tmp.path());
    QString error;
    std::unique_ptr<Workspace> ws(Workspace::create(tmp.filePath("ws"), &error));
    QVERIFY2(ws, qPrintable(error));
    QSignalSpy changed(ws->session(), &DatasetSession::datasetChanged);
    QVERIFY(ws->addDataset({"tiny", cub.root, cub.captionsDir, cub.descriptions, "auto"}, &error));
    QTRY_VERIFY_WITH_TIMEOUT(ws->session()->dataset() != nullptr, 10000);
    auto ds = ws->session()->dataset();
    QCOMPARE(int(ds->dataset.images.size()), 12);
    QVERIFY(ds->hasCaptions);
    QCOMPARE(ds->captions[0].size(), std::size_t(10));
    QCOMPARE(ds->classCounts[0].train, 2);
    QCOMPARE(ds->classCounts[0].test, 2);
    QCOMPARE(ds->classCounts[0].imagesWithCaptions, 4);
    QVERIFY(ws->session()->descriptions());
    // The workspace keeps its own copy of the descriptions; the original is untouched.
    QVERIFY(QFile::exists(ws->descriptionsStorePath(ws->datasets()[0])));
    QCOMPARE(ws->session()->currentImage(), 0);
    QCOMPARE(ws->session()->currentClass(), 0);
  }

  void sessionReportsUnusableDataset() {
    QTemporaryDir tmp;
    QString error;
    std::unique_ptr<Workspace> ws(Workspace::create(tmp.filePath("ws"), &error));
    QVERIFY(ws->addDataset({"broken", tmp.filePath("nothing-here"), {}, {}, "auto"}, &error));
    QTRY_VERIFY_WITH_TIMEOUT(!ws->session()->loadError().isEmpty(), 10000);
    QVERIFY(!ws->session()->dataset());
    QVERIFY2(ws->session()->loadError().contains("nothing-here"), qPrintable(ws->session()->loadError()));
  }

  // --- Real experiment dialog (ui/realdata): each line checks its choice on the spot.

  static void waitForChecks(const RealDataDialog& dlg) { QTRY_VERIFY_WITH_TIMEOUT(!dlg.isChecking(), 60000); }

  void realDataCubLineCountsTheSharedSubset() {
    const QString cub = plumage::test::sharedData("cub200-subset");
    if (cub.isEmpty()) QSKIP("shared data missing: cub200-subset (../shared/data or PLUMAGE_SHARED_DATA)");
    RealDataDialog dlg(nullptr);
    // On a worker: the GUI thread keeps serving its timers while 2,290 image files are read.
    int ticks = 0;
    QTimer timer;
    connect(&timer, &QTimer::timeout, [&ticks] { ++ticks; });
    timer.start(10);
    QElapsedTimer clock;
    clock.start();
    dlg.setChoice(RealDataDialog::Cub, cub);
    QVERIFY(dlg.isChecking());
    waitForChecks(dlg);
    qInfo("CUB subset checked in %lld ms; the GUI's 10 ms timer ticked %d times meanwhile", clock.elapsed(), ticks);
    QVERIFY2(ticks >= 3, qPrintable(QString("GUI timer ticked %1 times during the check").arg(ticks)));
    const QString text = dlg.resultText(RealDataDialog::Cub);
    QVERIFY2(dlg.result(RealDataDialog::Cub).state == RealDataCheck::State::Ok, qPrintable(text));
    QVERIFY2(text.contains("40 classes, 2,290 images (1,200 train, 1,090 test)"), qPrintable(text));
    QVERIFY2(text.contains("subset"), qPrintable(text));
  }

  void realDataCubAndReedLines() {
    QTemporaryDir tmp;
    const auto cub = plumage::test::writeTinyCub(tmp.path());
    RealDataDialog dlg(nullptr);
    dlg.setChoice(RealDataDialog::Reed, {});
    dlg.setChoice(RealDataDialog::Cub, {});
    // Reed's captions are matched to a CUB folder: without one, it says so.
    dlg.setChoice(RealDataDialog::Reed, cub.captionsDir);
    waitForChecks(dlg);
    QVERIFY2(dlg.resultText(RealDataDialog::Reed).contains("Choose the CUB folder first"),
             qPrintable(dlg.resultText(RealDataDialog::Reed)));
    // Choosing the CUB folder checks it and then the captions against it.
    dlg.setChoice(RealDataDialog::Cub, cub.root);
    waitForChecks(dlg);
    QVERIFY2(dlg.resultText(RealDataDialog::Cub).contains("3 classes, 12 images"), qPrintable(dlg.resultText(RealDataDialog::Cub)));
    QVERIFY2(dlg.resultText(RealDataDialog::Reed).contains("120 captions for 12 of 12 images"),
             qPrintable(dlg.resultText(RealDataDialog::Reed)));

    // A caption file with 9 lines: the error names it.
    const QString capFile = cub.captionsDir + "/002.Test_Bird_B/Test_Bird_2_1.txt";
    QFile f(capFile);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    for (int k = 0; k < 9; ++k) f.write("a bird\n");
    f.close();
    dlg.setChoice(RealDataDialog::Reed, cub.captionsDir);
    waitForChecks(dlg);
    QCOMPARE(dlg.result(RealDataDialog::Reed).state, RealDataCheck::State::Problem);
    QVERIFY2(dlg.resultText(RealDataDialog::Reed).contains("Test_Bird_2_1.txt"), qPrintable(dlg.resultText(RealDataDialog::Reed)));

    // A folder of another dataset's captions matches nothing.
    QVERIFY(QDir().mkpath(tmp.filePath("other/999.Other_Bird")));
    dlg.setChoice(RealDataDialog::Reed, tmp.filePath("other"));
    waitForChecks(dlg);
    QVERIFY2(dlg.resultText(RealDataDialog::Reed).contains("no caption file matches"), qPrintable(dlg.resultText(RealDataDialog::Reed)));

    // A broken images.txt line: the error names the file and the line.
    QFile images(cub.root + "/images.txt");
    QVERIFY(images.open(QIODevice::ReadOnly));
    QStringList lines = QString::fromUtf8(images.readAll()).split('\n');
    images.close();
    lines[1] = "2";  // no path
    QVERIFY(images.open(QIODevice::WriteOnly | QIODevice::Truncate));
    images.write(lines.join('\n').toUtf8());
    images.close();
    dlg.setChoice(RealDataDialog::Cub, cub.root);
    waitForChecks(dlg);
    QCOMPARE(dlg.result(RealDataDialog::Cub).state, RealDataCheck::State::Problem);
    QVERIFY2(dlg.resultText(RealDataDialog::Cub).contains("images.txt:2"), qPrintable(dlg.resultText(RealDataDialog::Cub)));
    // A folder that is no dataset at all.
    dlg.setChoice(RealDataDialog::Cub, tmp.filePath("nothing-here"));
    waitForChecks(dlg);
    QCOMPARE(dlg.result(RealDataDialog::Cub).state, RealDataCheck::State::Problem);
    QVERIFY2(dlg.resultText(RealDataDialog::Cub).contains("nothing-here"), qPrintable(dlg.resultText(RealDataDialog::Cub)));
  }

  void realDataCocoLine() {
    QTemporaryDir tmp;
    const QString captions = plumage::test::writeTinyCoco(tmp.filePath("coco"));
    RealDataDialog dlg(nullptr);
    dlg.setCocoImageDir({});
    dlg.setChoice(RealDataDialog::Coco, captions);  // image folder found beside it: ../val2017
    waitForChecks(dlg);
    const QString text = dlg.resultText(RealDataDialog::Coco);
    QCOMPARE(dlg.result(RealDataDialog::Coco).state, RealDataCheck::State::Warning);
    QVERIFY2(text.contains("3 images, 4 captions") && text.contains("not on disk: 1 of them") &&
                 text.contains("000000000007.png"),
             qPrintable(text));
    // Not JSON: the error names the file.
    QFile bad(tmp.filePath("captions_train2017.json"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("{\"images\": [");
    bad.close();
    dlg.setChoice(RealDataDialog::Coco, bad.fileName());
    waitForChecks(dlg);
    QCOMPARE(dlg.result(RealDataDialog::Coco).state, RealDataCheck::State::Problem);
    QVERIFY2(dlg.resultText(RealDataDialog::Coco).contains("captions_train2017.json"), qPrintable(dlg.resultText(RealDataDialog::Coco)));
  }

  void realDataClipLine() {
    QTemporaryDir tmp;
    RealDataDialog dlg(nullptr);
    QFile junk(tmp.filePath("ViT-B-16.pt"));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("not a checkpoint");
    junk.close();
    dlg.setChoice(RealDataDialog::Clip, junk.fileName());
    waitForChecks(dlg);
    QCOMPARE(dlg.result(RealDataDialog::Clip).state, RealDataCheck::State::Problem);
    QVERIFY2(dlg.resultText(RealDataDialog::Clip).contains("ViT-B-16.pt"), qPrintable(dlg.resultText(RealDataDialog::Clip)));

    const QString tiny = plumage::test::sharedData("clip/reference/tiny-clip-vit-p16.safetensors");
    if (tiny.isEmpty()) QSKIP("shared data missing: clip/reference/tiny-clip-vit-p16.safetensors");
    dlg.setChoice(RealDataDialog::Clip, tiny);
    waitForChecks(dlg);
    const QString text = dlg.resultText(RealDataDialog::Clip);
    QVERIFY2(dlg.result(RealDataDialog::Clip).state == RealDataCheck::State::Ok, qPrintable(text));
    QVERIFY2(text.contains("ViT") && text.contains("/16") && text.contains("weights xxh64:"), qPrintable(text));
    // Hugging Face: model.safetensors beside its config.json.
    const QString hf = plumage::test::sharedData("clip/reference/hf-tiny/model.safetensors");
    if (!hf.isEmpty()) {
      dlg.setChoice(RealDataDialog::Clip, hf);
      waitForChecks(dlg);
      QVERIFY2(dlg.resultText(RealDataDialog::Clip).contains("(huggingface)"), qPrintable(dlg.resultText(RealDataDialog::Clip)));
    }
    // The same file cut in half.
    QFile in(tiny);
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QByteArray bytes = in.readAll();
    QFile cut(tmp.filePath("truncated.safetensors"));
    QVERIFY(cut.open(QIODevice::WriteOnly));
    cut.write(bytes.left(bytes.size() / 2));
    cut.close();
    dlg.setChoice(RealDataDialog::Clip, cut.fileName());
    waitForChecks(dlg);
    QCOMPARE(dlg.result(RealDataDialog::Clip).state, RealDataCheck::State::Problem);
    QVERIFY2(dlg.resultText(RealDataDialog::Clip).contains("truncated.safetensors"), qPrintable(dlg.resultText(RealDataDialog::Clip)));
  }

  void realDataApiKeyLineNeverShowsTheKey() {
    RealDataDialog dlg(nullptr);
    qputenv("PLUMAGE_TEST_REAL_DATA_KEY", "sk-test-0123456789");
    dlg.setChoice(RealDataDialog::ApiKey, "PLUMAGE_TEST_REAL_DATA_KEY");
    QCOMPARE(dlg.result(RealDataDialog::ApiKey).state, RealDataCheck::State::Ok);
    QVERIFY(dlg.resultText(RealDataDialog::ApiKey).contains("PLUMAGE_TEST_REAL_DATA_KEY is set"));
    QVERIFY(!dlg.resultText(RealDataDialog::ApiKey).contains("sk-test"));
    qunsetenv("PLUMAGE_TEST_REAL_DATA_KEY");
    dlg.setChoice(RealDataDialog::ApiKey, "PLUMAGE_TEST_REAL_DATA_KEY");
    QCOMPARE(dlg.result(RealDataDialog::ApiKey).state, RealDataCheck::State::Problem);
    QVERIFY(dlg.resultText(RealDataDialog::ApiKey).contains("is not set"));
  }

  // Choices are remembered; a checked CUB (with its captions) joins the workspace.
  void realDataRemembersChoicesAndAddsCub() {
    QTemporaryDir tmp;
    const auto cub = plumage::test::writeTinyCub(tmp.path());
    QString error;
    std::unique_ptr<Workspace> ws(Workspace::create(tmp.filePath("ws"), &error));
    QVERIFY2(ws, qPrintable(error));
    {
      RealDataDialog dlg(ws.get());
      dlg.setChoice(RealDataDialog::Cub, {});
      QVERIFY(!dlg.addCubToWorkspace(&error));
      QVERIFY2(error.contains("CUB folder"), qPrintable(error));
      dlg.setChoice(RealDataDialog::Cub, cub.root);
      dlg.setChoice(RealDataDialog::Reed, cub.captionsDir);
      waitForChecks(dlg);
      QVERIFY2(dlg.addCubToWorkspace(&error), qPrintable(error));
    }
    QCOMPARE(ws->datasets().size(), 1);
    QCOMPARE(ws->currentDataset()->name, QStringLiteral("cub"));
    QCOMPARE(ws->currentDataset()->root, QFileInfo(cub.root).absoluteFilePath());
    QCOMPARE(ws->currentDataset()->captionsDir, QFileInfo(cub.captionsDir).absoluteFilePath());
    RealDataDialog again(nullptr);
    QCOMPARE(again.choice(RealDataDialog::Cub), cub.root);
    QCOMPARE(again.choice(RealDataDialog::Reed), cub.captionsDir);
    waitForChecks(again);  // and checked again at once
    QVERIFY2(again.result(RealDataDialog::Reed).ok(), qPrintable(again.resultText(RealDataDialog::Reed)));
    QString noWorkspace;
    QVERIFY(!again.addCubToWorkspace(&noWorkspace));
    QVERIFY(noWorkspace.contains("workspace"));
  }

  // The ways in: Help → Real Experiment…, and a status-bar button while the demo's dataset is open.
  void realDataEntryShowsOnTheDemo() {
    QTemporaryDir tmp;
    QString error;
    {
      std::unique_ptr<Workspace> created(Workspace::create(tmp.filePath("ws"), &error));
      QVERIFY2(created, qPrintable(error));
    }
    MainWindow window(/*restoreState=*/false);
    QVERIFY(window.findChild<QAction*>("realExperimentAction"));
    auto* button = window.findChild<QPushButton*>("realExperimentButton");
    QVERIFY(button);
    QVERIFY2(window.openWorkspace(tmp.filePath("ws"), &error), qPrintable(error));
    QVERIFY(!button->isVisibleTo(&window));
    QVERIFY(window.workspace()->addDataset(demoDatasetEntry(window.workspace()->root()), &error));
    QVERIFY(button->isVisibleTo(&window));
    const auto cub = plumage::test::writeTinyCub(tmp.path());
    QVERIFY(window.workspace()->addDataset({"mine", cub.root, {}, {}, "auto"}, &error));
    QVERIFY(!button->isVisibleTo(&window));
    // They follow a language switch at run time.
    QVERIFY(installTranslations("ja"));
    QCoreApplication::processEvents();
    QVERIFY2(window.findChild<QAction*>("realExperimentAction")->text().contains(QString::fromUtf8("実データ")),
             qPrintable(window.findChild<QAction*>("realExperimentAction")->text()));
    QVERIFY(installTranslations("en"));
    QCoreApplication::processEvents();
    QCOMPARE(button->text(), QStringLiteral("Demo data: set up the real experiment…"));
  }
};

QTEST_MAIN(TestWorkspace)
#include "tst_ui_workspace.moc"

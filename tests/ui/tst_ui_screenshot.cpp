// `plumage --screenshot FILE --page ID --workspace DIR` writes a non-blank
// PNG for each page of the browser family and exits; a bad page is an error.
// Without --workspace, the first start prepares the demo workspace (dataset,
// features, converter, runs) before the shot.
#include "ui_fixtures.h"
#include "ui/shell/workspace.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace plumage::ui;

class TestScreenshot : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  QString workspace_;

  QProcessEnvironment env() const {
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert("QT_QPA_PLATFORM", "offscreen");
    // Keep the user's settings and demo workspace out of the test.
    e.insert("XDG_CONFIG_HOME", tmp_.filePath("config"));
    e.insert("XDG_DATA_HOME", tmp_.filePath("data"));
    return e;
  }

  int run(const QStringList& args, QString* output) {
    QProcess p;
    p.setProcessEnvironment(env());
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(PLUMAGE_GUI_BINARY), args);
    if (!p.waitForFinished(300000)) {  // the first start trains the demo's CLIP
      p.kill();
      *output = "timed out";
      return -1;
    }
    *output = QString::fromUtf8(p.readAll());
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    const plumage::test::TinyCub cub = plumage::test::writeTinyCub(tmp_.path(), 3, 6);
    workspace_ = tmp_.filePath("ws");
    QString error;
    std::unique_ptr<Workspace> ws(Workspace::create(workspace_, &error));
    QVERIFY2(ws, qPrintable(error));
    QVERIFY(ws->addDataset({"tiny", cub.root, cub.captionsDir, cub.descriptions, "auto"}, &error));
  }

  void pageRendersToPng_data() {
    QTest::addColumn<QString>("page");
    QTest::newRow("browser") << "browser";
    QTest::newRow("descriptions") << "descriptions";
    QTest::newRow("real-data dialog") << "real-data";  // Help → Real Experiment…, not a page
  }
  void pageRendersToPng() {
    QFETCH(QString, page);
    const QString png = tmp_.filePath(page + ".png");
    QString output;
    const int rc = run({"--screenshot", png, "--page", page, "--workspace", workspace_}, &output);
    QVERIFY2(rc == 0, qPrintable(output));
    QString why;
    QVERIFY2(plumage::test::imageHasContent(png, &why), qPrintable(why));
    const QImage img(png);
    QVERIFY(img.width() >= 800 && img.height() >= 600);
  }

  void unknownPageIsAnError() {
    QString output;
    const int rc = run({"--screenshot", tmp_.filePath("x.png"), "--page", "nonsense", "--workspace", workspace_}, &output);
    QCOMPARE(rc, 2);
    QVERIFY2(output.contains("nonsense"), qPrintable(output));
  }

  void missingWorkspaceIsAnError() {
    QString output;
    const int rc = run({"--screenshot", tmp_.filePath("y.png"), "--workspace", tmp_.filePath("nowhere")}, &output);
    QCOMPARE(rc, 2);
    QVERIFY2(output.contains("not a Plumage workspace"), qPrintable(output));
  }

  void firstStartPreparesTheDemoWorkspace() {
    const QString png = tmp_.filePath("demo-results.png");
    QString output;
    const int rc = run({"--screenshot", png, "--page", "results"}, &output);
    QVERIFY2(rc == 0, qPrintable(output));
    QVERIFY2(!output.contains("still loading"), qPrintable(output));
    // XDG_DATA_HOME/<organization>/<application>/demo-workspace
    const QString demo = tmp_.filePath("data/Plumage/Plumage/demo-workspace");
    for (const char* f : {"workspace.json", "workspace.sqlite", "cache/features/images.safetensors",
                          "cache/features/reed.safetensors", "cache/features/descriptions.safetensors",
                          "cache/features/prompts.safetensors",
                          "converters/qformer.safetensors", "results.md"})
      QVERIFY2(QFileInfo(QDir(demo).filePath(f)).isFile(), f);
    QFile settings(QDir(demo).filePath("workspace.json"));
    QVERIFY(settings.open(QIODevice::ReadOnly));
    const QJsonArray datasets = QJsonDocument::fromJson(settings.readAll()).object().value("datasets").toArray();
    QCOMPARE(datasets.size(), 1);
    QCOMPARE(datasets[0].toObject().value("root").toString(), QDir(demo).filePath("dataset"));
    QString why;
    QVERIFY2(plumage::test::imageHasContent(png, &why), qPrintable(why));
  }

  // Every page and Results tab of the demo workspace (made by the test
  // above), at a laptop's and a desktop's size: no text is cut off
  // (--fail-on-cut-text exits 3 and lists what is cut).
  // Japanese labels are wider: every page again at the laptop size.
  void everyPageFitsAtBothSizes_data() {
    QTest::addColumn<QString>("page");
    QTest::addColumn<QString>("size");
    QTest::addColumn<QString>("language");
    for (const char* page : {"browser", "descriptions", "setup", "runs", "results/ratio", "results/per-class",
                             "results/confusion", "results/run-vs-run", "results/class-gains", "results/diagnostics"}) {
      for (const char* size : {"1280x800", "1920x1080"})
        QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(page, size))) << page << size << "en";
      QTest::newRow(qPrintable(QStringLiteral("%1 1280x800 ja").arg(page))) << page << "1280x800" << "ja";
    }
  }
  void everyPageFitsAtBothSizes() {
    QFETCH(QString, page);
    QFETCH(QString, size);
    QFETCH(QString, language);
    const QString demo = tmp_.filePath("data/Plumage/Plumage/demo-workspace");
    if (!QFileInfo(QDir(demo).filePath("results.md")).isFile()) QSKIP("the demo workspace was not made");
    const QString png = tmp_.filePath(QString(page).replace('/', '-') + "-" + size + "-" + language + ".png");
    QString output;
    const int rc = run({"--screenshot", png, "--page", page, "--size", size, "--fail-on-cut-text", "--language", language,
                        "--workspace", demo},
                       &output);
    QVERIFY2(rc == 0, qPrintable(output));
    const QStringList wh = size.split('x');
    QCOMPARE(QImage(png).size(), QSize(wh[0].toInt(), wh[1].toInt()));
  }

  // High DPI: at scale 2 the shot has twice the pixels and nothing is cut.
  void highDpiRendersAtTwiceThePixels() {
    const QString demo = tmp_.filePath("data/Plumage/Plumage/demo-workspace");
    if (!QFileInfo(QDir(demo).filePath("results.md")).isFile()) QSKIP("the demo workspace was not made");
    const QString png = tmp_.filePath("setup-2x.png");
    QString output;
    const int rc = run({"--screenshot", png, "--page", "setup", "--scale", "2", "--fail-on-cut-text", "--workspace", demo},
                       &output);
    QVERIFY2(rc == 0, qPrintable(output));
    QCOMPARE(QImage(png).size(), QSize(2560, 1600));
    QString bad;
    QCOMPARE(run({"--screenshot", png, "--size", "12x", "--workspace", demo}, &bad), 2);
    QVERIFY2(bad.contains("--size 12x"), qPrintable(bad));
    QCOMPARE(run({"--screenshot", png, "--scale", "9", "--workspace", demo}, &bad), 2);
  }
};

QTEST_MAIN(TestScreenshot)
#include "tst_ui_screenshot.moc"

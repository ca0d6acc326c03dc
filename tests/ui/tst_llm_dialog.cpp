// The description-generation dialog drives a real batch (core/llm) against a
// local fake chat-completions server: the estimate is shown before starting,
// the generated variants land in the workspace's own descriptions file and
// the inspector's data is reloaded, Cancel stops the batch early, and the API
// key (from an environment variable) reaches the server but no file or log.
#include "ui/shell/dataset_session.h"
#include "ui/descriptions/descriptions_document.h"
#include "fake_chat_server.h"
#include "ui/llm/generate_descriptions_dialog.h"
#include "llm_workspace_fixture.h"
#include "ui_fixtures.h"
#include "ui/shell/workspace.h"

#include "core/data/descriptions.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace plumage::ui;

namespace {

const char* const kKeyVar = "PLUMAGE_TEST_LLM_DIALOG_KEY";
const char* const kKey = "sk-dialog-test-7a6b5c4d3e2f1SECRET";

std::size_t llmVariants(const plumage::data::DescriptionStore& store) {
  std::size_t n = 0;
  for (const auto& c : store.classes)
    for (const auto& v : c.variants) n += v.provenance.source == "llm";
  return n;
}

QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestLlmDialog : public QObject {
  Q_OBJECT

  using Fixture = plumage::test::LlmWorkspace;
  static bool makeWorkspace(Fixture& f, int classes) { return plumage::test::makeLlmWorkspace(f, classes); }

  static GenerationSettings settingsFor(const plumage::test::FakeChatServer& server, const QString& templatePath) {
    GenerationSettings s;
    s.baseUrl = QString::fromStdString(server.base_url());
    s.model = QStringLiteral("gpt-4o-mini");
    s.keyEnvVar = QString::fromLatin1(kKeyVar);
    s.templateName = templatePath;
    // No field list: the dialog uses the one the descriptions file declares.
    s.variants = 2;
    s.concurrency = 2;
    s.maxTokens = 200;
    return s;
  }

 private slots:
  void initTestCase() { qputenv(kKeyVar, kKey); }

  void generatesIntoWorkspaceCopyAndReloads() {
    Fixture f;
    QVERIFY(makeWorkspace(f, 3));
    plumage::test::FakeChatServer server({"Size", "Coloration", "Beak", "Eyes"});
    GenerateDescriptionsDialog dlg(f.ws.get());
    dlg.setSettings(settingsFor(server, f.templatePath));
    const std::size_t before = llmVariants(f.ws->session()->descriptions()->store());

    // The estimate comes first: 3 classes x 2 variants, with a price for this model.
    QVERIFY2(dlg.updateEstimate(), qPrintable(dlg.estimateText()));
    QVERIFY2(dlg.estimateText().contains(QStringLiteral("6 request(s) to send, 0 already done")),
             qPrintable(dlg.estimateText()));
    QVERIFY2(dlg.estimateText().contains(QLatin1Char('$')), qPrintable(dlg.estimateText()));
    QVERIFY(server.requests().empty());

    QSignalSpy finished(&dlg, &GenerateDescriptionsDialog::batchFinished);
    dlg.start();
    QVERIFY(dlg.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 20000);  // the signal may already have come
    const QVariantMap report = dlg.lastReport();
    if (report.value("done").toULongLong() != 6) qWarning().noquote() << dlg.logText();
    QCOMPARE(report.value("done").toULongLong(), 6ull);
    QCOMPARE(report.value("failed").toULongLong(), 0ull);
    QVERIFY(!report.value("cancelled").toBool());
    QCOMPARE(server.requests().size(), std::size_t(6));
    // The key came from the environment variable and was sent...
    for (const auto& r : server.requests()) QCOMPARE(QString::fromStdString(r.authorization), QStringLiteral("Bearer ") + kKey);

    // ...the variants are in the workspace copy, and the inspector's data is reloaded from it.
    const QString copy = f.ws->descriptionsStorePath(f.ws->datasets()[0]);
    const auto saved = plumage::data::DescriptionStore::load(copy.toStdString());
    QCOMPARE(llmVariants(saved), before + 6);
    QTRY_VERIFY_WITH_TIMEOUT(f.ws->session()->descriptions() != nullptr, 10000);
    QCOMPARE(llmVariants(f.ws->session()->descriptions()->store()), before + 6);
    // The imported descriptions of the tiny dataset are kept next to the generated ones.
    QVERIFY(saved.find(f.ws->session()->classKey(0).toStdString())->variants.size() >= 4);

    // ...but the key is in no file of the workspace and not in the dialog's log.
    QVERIFY(!readAll(copy).contains(kKey));
    QVERIFY(!readAll(QDir(f.ws->root()).filePath(Workspace::settingsFileName())).contains(kKey));
    QVERIFY(!dlg.logText().contains(QString::fromLatin1(kKey)));
    // The settings (not the key) are remembered in the workspace.
    QVERIFY(readAll(QDir(f.ws->root()).filePath(Workspace::settingsFileName())).contains(kKeyVar));

    // A rerun has nothing left to pay for.
    QVERIFY(dlg.updateEstimate());
    QVERIFY2(dlg.estimateText().contains(QStringLiteral("0 request(s) to send, 6 already done")),
             qPrintable(dlg.estimateText()));
  }

  void cancelStopsEarlyAndKeepsWhatWasDone() {
    Fixture f;
    QVERIFY(makeWorkspace(f, 8));
    plumage::test::FakeChatServer server({"Size", "Coloration", "Beak", "Eyes"});
    server.set_reply_delay_ms(150);
    GenerateDescriptionsDialog dlg(f.ws.get());
    GenerationSettings s = settingsFor(server, f.templatePath);
    s.concurrency = 1;
    dlg.setSettings(s);
    const std::size_t before = llmVariants(f.ws->session()->descriptions()->store());
    QSignalSpy finished(&dlg, &GenerateDescriptionsDialog::batchFinished);
    dlg.start();
    QTRY_VERIFY_WITH_TIMEOUT(server.requests().size() >= 2, 10000);
    dlg.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 20000);  // the signal may already have come
    QVERIFY(!dlg.isRunning());
    const QVariantMap report = dlg.lastReport();
    QVERIFY(report.value("cancelled").toBool());
    const qulonglong done = report.value("done").toULongLong();
    QVERIFY2(done >= 1 && done < 16, qPrintable(QString::number(done)));
    QVERIFY(server.requests().size() < 16);
    // What was done before the cancel is saved; the estimate counts only the rest.
    const auto saved = plumage::data::DescriptionStore::load(f.ws->descriptionsStorePath(f.ws->datasets()[0]).toStdString());
    QCOMPARE(llmVariants(saved), before + std::size_t(done));
    QTRY_VERIFY_WITH_TIMEOUT(f.ws->session()->descriptions() != nullptr, 10000);
    QVERIFY(dlg.updateEstimate());
    QVERIFY2(dlg.estimateText().startsWith(QStringLiteral("%1 request(s) to send, %2 already done").arg(16 - done).arg(done)),
             qPrintable(dlg.estimateText()));
  }

  void badSettingsAreReportedBeforeAnyRequest() {
    Fixture f;
    QVERIFY(makeWorkspace(f, 2));
    plumage::test::FakeChatServer server({"Size", "Coloration", "Beak", "Eyes"});
    GenerateDescriptionsDialog dlg(f.ws.get());
    GenerationSettings s = settingsFor(server, f.templatePath);
    s.templateName = f.tmp.filePath(QStringLiteral("no-such-template.txt"));
    dlg.setSettings(s);
    QVERIFY(!dlg.updateEstimate());
    QVERIFY2(dlg.estimateText().contains(QStringLiteral("no-such-template")), qPrintable(dlg.estimateText()));
    dlg.start();
    QVERIFY(!dlg.isRunning());
    QVERIFY(server.requests().empty());
  }
};

QTEST_MAIN(TestLlmDialog)
#include "tst_llm_dialog.moc"

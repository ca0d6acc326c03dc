// The generation dialog's "System keychain" key source. With an in-memory
// secret store injected: a key saved through "Save Key to Keychain…" is sent
// to the (fake) server on Start and found in no file, setting or text of the
// dialog; a missing key or an unavailable keychain stops before any request,
// says why and falls back to the environment variable; Cancel during the
// read starts nothing. With the real QtKeychain store on this machine (usually
// headless, no Secret Service): a bounded, clear answer, never a hang.
#include "ui/shell/dataset_session.h"
#include "ui/descriptions/descriptions_document.h"
#include "fake_chat_server.h"
#include "ui/llm/generate_descriptions_dialog.h"
#include "llm_workspace_fixture.h"
#include "ui/llm/secret_store.h"
#include "ui/llm/system_keychain_store.h"
#include "ui_fixtures.h"
#include "ui/shell/workspace.h"

#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QInputDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <memory>

using namespace plumage::ui;
using Status = SecretResult::Status;

namespace {

const char* const kEnvVar = "PLUMAGE_TEST_KEYCHAIN_ENV_KEY";
const char* const kKeychainKey = "sk-keychain-test-91e8d7c6SECRET";
const char* const kEnvKey = "sk-env-test-5f4e3d2cOTHER";

// A secret store in memory that answers later (like a real keychain), or
// fails with `failWith`, or not at all while `hold` is set.
class MemorySecretStore : public SecretStore {
 public:
  QMap<QString, QString> entries;
  Status failWith = Status::Ok;
  int delayMs = 0;
  bool hold = false;  // answers wait until release()
  int reads = 0;

  void read(const QString& entry, QObject* context, Callback done) override {
    ++reads;
    answer(context, std::move(done), [this, entry] {
      SecretResult r = failure();
      if (failWith != Status::Ok) return r;
      if (!entries.contains(entry)) return SecretResult{Status::NotFound, {}, QStringLiteral("nothing under ") + entry};
      return SecretResult{Status::Ok, entries.value(entry), {}};
    });
  }
  void write(const QString& entry, const QString& secret, QObject* context, Callback done) override {
    answer(context, std::move(done), [this, entry, secret] {
      if (failWith != Status::Ok) return failure();
      entries[entry] = secret;
      return SecretResult{Status::Ok, {}, {}};
    });
  }
  void remove(const QString& entry, QObject* context, Callback done) override {
    answer(context, std::move(done), [this, entry] {
      if (failWith != Status::Ok) return failure();
      return entries.remove(entry) ? SecretResult{Status::Ok, {}, {}} : SecretResult{Status::NotFound, {}, QStringLiteral("none")};
    });
  }
  QString description() const override { return QStringLiteral("the test keychain"); }

  void release() {
    hold = false;
    for (auto& f : held_) f();
    held_.clear();
  }

 private:
  SecretResult failure() const { return {failWith, {}, QStringLiteral("The test keychain is not available.")}; }
  void answer(QObject* context, Callback done, std::function<SecretResult()> make) {
    QPointer<QObject> ctx(context);
    auto deliver = [ctx, done, make] {
      if (ctx) done(make());
    };
    if (hold)
      held_.push_back(deliver);
    else
      QTimer::singleShot(delayMs, context, deliver);
  }
  std::vector<std::function<void()>> held_;
};

// Every file under `dir` whose bytes contain `needle`.
QStringList filesContaining(const QString& dir, const QByteArray& needle) {
  QStringList hits;
  QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    QFile f(it.next());
    if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle)) hits << f.fileName();
  }
  return hits;
}

// Everything the dialog shows as text: labels, line edits (the key's input
// dialog included, while it exists), combo boxes, the log and the estimate.
QString everythingShown(const GenerateDescriptionsDialog& dlg) {
  QStringList parts{dlg.windowTitle(), dlg.logText(), dlg.estimateText(), dlg.keyStatusText()};
  for (const auto* l : dlg.findChildren<QLabel*>()) parts << l->text() << l->toolTip();
  for (const auto* e : dlg.findChildren<QLineEdit*>()) parts << e->text() << e->placeholderText();
  for (const auto* c : dlg.findChildren<QComboBox*>()) parts << c->currentText();
  for (const auto* d : dlg.findChildren<QInputDialog*>()) parts << d->textValue();
  parts << QString::fromUtf8(QJsonDocument(dlg.settings().toJson()).toJson());
  return parts.join(QLatin1Char('\n'));
}

QPushButton* buttonWithText(const QWidget& w, const QString& text) {
  for (auto* b : w.findChildren<QPushButton*>())
    if (b->text() == text) return b;
  return nullptr;
}

}  // namespace

class TestLlmKeychain : public QObject {
  Q_OBJECT

  using Fixture = plumage::test::LlmWorkspace;
  static bool makeWorkspace(Fixture& f, int classes) { return plumage::test::makeLlmWorkspace(f, classes); }

  static GenerationSettings keychainSettings(const plumage::test::FakeChatServer& server, const QString& templatePath) {
    GenerationSettings s;
    s.baseUrl = QString::fromStdString(server.base_url()) + QLatin1Char('/');
    s.model = QStringLiteral("gpt-4o-mini");
    s.keySource = kKeySourceKeychain;
    s.keyEnvVar = QString::fromLatin1(kEnvVar);
    s.templateName = templatePath;
    s.variants = 1;
    s.concurrency = 2;
    s.maxTokens = 200;
    return s;
  }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("plumage-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_llm_keychain"));
  }
  void init() { qunsetenv(kEnvVar); }

  void keyFromKeychainReachesServerOnly() {
    qputenv(kEnvVar, kEnvKey);  // a different key in the environment must not be used
    Fixture f;
    QVERIFY(makeWorkspace(f, 2));
    plumage::test::FakeChatServer server({"Size", "Coloration", "Beak", "Eyes"});
    MemorySecretStore store;
    store.delayMs = 20;
    GenerateDescriptionsDialog dlg(f.ws.get());
    dlg.setSecretStore(&store);
    dlg.setSettings(keychainSettings(server, f.templatePath));

    // "Save Key to Keychain…" asks in a password field, stores under the endpoint, and forgets what was typed.
    QPushButton* save = buttonWithText(dlg, QStringLiteral("Save Key to Keychain…"));
    QVERIFY(save);
    QSignalSpy saved(&dlg, &GenerateDescriptionsDialog::keychainOperationFinished);
    save->click();
    QPointer<QInputDialog> input = dlg.findChild<QInputDialog*>(QStringLiteral("saveKeyInput"));
    QVERIFY(input);
    QCOMPARE(input->textEchoMode(), QLineEdit::Password);
    input->setTextValue(QString::fromLatin1(kKeychainKey));
    input->accept();
    QVERIFY(!input || input->textValue().isEmpty());  // deleted on close; until then, emptied
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 5000);
    QCOMPARE(saved.at(0).at(0).toBool(), true);
    const QString entry = QString::fromStdString(server.base_url());  // no trailing slash
    QCOMPARE(store.entries.value(entry), QString::fromLatin1(kKeychainKey));
    QVERIFY2(dlg.keyStatusText().contains(entry), qPrintable(dlg.keyStatusText()));

    QSignalSpy finished(&dlg, &GenerateDescriptionsDialog::batchFinished);
    dlg.start();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 20000);
    QCOMPARE(dlg.lastReport().value("done").toULongLong(), 2ull);
    QCOMPARE(store.reads, 1);
    QCOMPARE(server.requests().size(), std::size_t(2));
    for (const auto& r : server.requests())
      QCOMPARE(QString::fromStdString(r.authorization), QStringLiteral("Bearer ") + kKeychainKey);

    // The key is in no file of the workspace (descriptions copy, workspace.json), ...
    QTRY_VERIFY_WITH_TIMEOUT(f.ws->session()->descriptions() != nullptr, 10000);
    QCOMPARE(filesContaining(f.tmp.path(), kKeychainKey), QStringList());
    // ... not in the application's QSettings, ...
    const QString settingsFile = QSettings().fileName();
    QFile settings(settingsFile);
    QVERIFY(!settings.exists() || (settings.open(QIODevice::ReadOnly) && !settings.readAll().contains(kKeychainKey)));
    // ... and not in anything the dialog shows (log, status, fields, the settings JSON).
    QVERIFY(!everythingShown(dlg).contains(QString::fromLatin1(kKeychainKey)));
    // The choice of source and the endpoint are remembered; the key is not.
    QFile wsJson(QDir(f.ws->root()).filePath(Workspace::settingsFileName()));
    QVERIFY(wsJson.open(QIODevice::ReadOnly));
    QVERIFY(wsJson.readAll().contains("\"key_source\": \"keychain\""));
  }

  void missingKeyStopsBeforeAnyRequest() {
    Fixture f;
    QVERIFY(makeWorkspace(f, 2));
    plumage::test::FakeChatServer server({"Size", "Coloration", "Beak", "Eyes"});
    MemorySecretStore store;
    GenerateDescriptionsDialog dlg(f.ws.get());
    dlg.setSecretStore(&store);
    GenerationSettings s = keychainSettings(server, f.templatePath);
    s.keychainEntry = QStringLiteral("my-openai-key");
    dlg.setSettings(s);
    store.entries[QStringLiteral("my-openai-key")] = QString::fromLatin1(kKeychainKey);

    // Forget Key removes the named entry; Start then says there is no key and sends nothing.
    QSignalSpy op(&dlg, &GenerateDescriptionsDialog::keychainOperationFinished);
    dlg.forgetKeyInKeychain();
    QTRY_COMPARE_WITH_TIMEOUT(op.count(), 1, 5000);
    QVERIFY(store.entries.isEmpty());
    QSignalSpy failed(&dlg, &GenerateDescriptionsDialog::keyReadFailed);
    dlg.start();
    QVERIFY(!dlg.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
    QVERIFY2(dlg.keyStatusText().contains(QStringLiteral("Save Key to Keychain")), qPrintable(dlg.keyStatusText()));
    QVERIFY(!dlg.isRunning());
    QVERIFY(server.requests().empty());
    QCOMPARE(dlg.settings().keySource, kKeySourceKeychain);  // a missing key is not a missing keychain
  }

  void unavailableKeychainFallsBackToEnvironment() {
    qputenv(kEnvVar, kEnvKey);
    Fixture f;
    QVERIFY(makeWorkspace(f, 2));
    plumage::test::FakeChatServer server({"Size", "Coloration", "Beak", "Eyes"});
    MemorySecretStore store;
    store.failWith = Status::Unavailable;
    GenerateDescriptionsDialog dlg(f.ws.get());
    dlg.setSecretStore(&store);
    dlg.setSettings(keychainSettings(server, f.templatePath));

    QSignalSpy failed(&dlg, &GenerateDescriptionsDialog::keyReadFailed);
    dlg.start();
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
    const QString message = failed.at(0).at(0).toString();
    QVERIFY2(message.contains(QStringLiteral("not available")) && message.contains(QString::fromLatin1(kEnvVar)),
             qPrintable(message));
    QVERIFY(server.requests().empty());
    QCOMPARE(dlg.settings().keySource, kKeySourceEnv);

    // Start again: the environment variable's key is used.
    QSignalSpy finished(&dlg, &GenerateDescriptionsDialog::batchFinished);
    dlg.start();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 20000);
    QCOMPARE(server.requests().size(), std::size_t(2));
    for (const auto& r : server.requests()) QCOMPARE(QString::fromStdString(r.authorization), QStringLiteral("Bearer ") + kEnvKey);
    QCOMPARE(store.reads, 1);
  }

  void cancelWhileReadingStartsNothing() {
    Fixture f;
    QVERIFY(makeWorkspace(f, 2));
    plumage::test::FakeChatServer server({"Size", "Coloration", "Beak", "Eyes"});
    MemorySecretStore store;
    GenerateDescriptionsDialog dlg(f.ws.get());
    dlg.setSecretStore(&store);
    GenerationSettings s = keychainSettings(server, f.templatePath);
    dlg.setSettings(s);
    store.entries[keychainEntryName(s)] = QString::fromLatin1(kKeychainKey);
    store.hold = true;  // a keychain waiting for the user to unlock it

    QSignalSpy finished(&dlg, &GenerateDescriptionsDialog::batchFinished);
    dlg.start();
    QVERIFY(buttonWithText(dlg, QStringLiteral("Cancel Batch"))->isEnabled());
    QVERIFY(!buttonWithText(dlg, QStringLiteral("Start"))->isEnabled());
    dlg.cancel();
    QVERIFY(buttonWithText(dlg, QStringLiteral("Start"))->isEnabled());
    store.release();  // the late answer is dropped
    QTest::qWait(100);
    QVERIFY(!dlg.isRunning());
    QCOMPARE(finished.count(), 0);
    QVERIFY(server.requests().empty());
    QVERIFY2(dlg.logText().contains(QStringLiteral("nothing was sent")), qPrintable(dlg.logText()));
  }

  // The real QtKeychain backend here: on a headless machine (no D-Bus session,
  // no Secret Service) an error that says so; where a keychain does run, a
  // clean "not found" for an entry nobody saved. Either way within the bound.
  void systemKeychainAnswersWithinItsBound() {
    SystemKeychainStore keychain(3000);
    QObject context;
    bool answered = false;
    SecretResult result;
    const QString entry = QStringLiteral("tst_llm_keychain-%1").arg(QCoreApplication::applicationPid());
    QElapsedTimer clock;
    clock.start();
    keychain.read(entry, &context, [&](const SecretResult& r) {
      answered = true;
      result = r;
    });
    QVERIFY(!answered);  // never answers inside the call
    QTRY_VERIFY_WITH_TIMEOUT(answered, 6000);
    qInfo().noquote() << "system keychain:" << int(result.status) << result.message << "after" << clock.elapsed() << "ms";
    QVERIFY2(result.status != Status::Ok, "an entry nobody saved was found");
    if (result.status != Status::NotFound) {
      QVERIFY(!result.message.isEmpty());
      QVERIFY(result.secret.isEmpty());
    }
  }

  void dialogWithSystemKeychainNeverHangs() {
    Fixture f;
    QVERIFY(makeWorkspace(f, 2));
    plumage::test::FakeChatServer server({"Size", "Coloration", "Beak", "Eyes"});
    SystemKeychainStore keychain(3000);
    GenerateDescriptionsDialog dlg(f.ws.get());
    dlg.setSecretStore(&keychain);
    GenerationSettings s = keychainSettings(server, f.templatePath);
    s.keychainEntry = QStringLiteral("tst_llm_keychain-dialog-%1").arg(QCoreApplication::applicationPid());
    dlg.setSettings(s);
    QSignalSpy failed(&dlg, &GenerateDescriptionsDialog::keyReadFailed);
    dlg.start();
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 6000);  // nothing is saved under this entry, or no keychain
    QVERIFY(!dlg.isRunning());
    QVERIFY(server.requests().empty());
    qInfo().noquote() << "dialog:" << dlg.keyStatusText();
  }
};

QTEST_MAIN(TestLlmKeychain)
#include "tst_llm_keychain.moc"

// plumage-cli describe end to end: the real executable against the local
// fake server, over the shared CUB subset's class list.
#include "fake_chat_server.h"

#include "core/data/descriptions.h"

#include <nlohmann/json.hpp>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace plumage;

namespace {

QString cub_root() {
  const QByteArray env = qgetenv("PLUMAGE_SHARED_DATA");
  const QString base = env.isEmpty() ? QString(PLUMAGE_SHARED_DATA_DIR) : QString::fromLocal8Bit(env);
  return base + "/cub200-subset";
}

const char* const kKey = "sk-cli-test-0a1b2c3d4e5f6789";

}  // namespace

class TestLlmCli : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

  struct Result {
    int code;
    QString out, err;
  };

  Result describe(const QStringList& extra, const QMap<QString, QString>& more_env = {}) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("PLUMAGE_TEST_LLM_KEY", kKey);
    for (auto it = more_env.begin(); it != more_env.end(); ++it) env.insert(it.key(), it.value());
    p.setProcessEnvironment(env);
    QStringList args = {"describe", "--dataset", cub_root(), "--fields", "Size,Coloration,Beak",
                        "--template", dir_.filePath("t.txt"), "--api-key-env", "PLUMAGE_TEST_LLM_KEY",
                        "--timeout", "5", "--model", "gpt-4o-mini"};
    p.start(PLUMAGE_CLI_PATH, args + extra);
    if (!p.waitForFinished(30000)) return {-1, {}, "timed out"};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
  }

  Result cli(const QStringList& args) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("PLUMAGE_TEST_LLM_KEY", kKey);
    p.setProcessEnvironment(env);
    p.start(PLUMAGE_CLI_PATH, args);
    if (!p.waitForFinished(30000)) return {-1, {}, "timed out"};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
  }

  static QString shared(const QString& rel) {
    const QByteArray env = qgetenv("PLUMAGE_SHARED_DATA");
    return (env.isEmpty() ? QString(PLUMAGE_SHARED_DATA_DIR) : QString::fromLocal8Bit(env)) + "/" + rel;
  }

 private slots:
  void initTestCase() {
    if (!QDir(cub_root()).exists()) QSKIP("shared CUB subset not found (set PLUMAGE_SHARED_DATA)");
    QFile t(dir_.filePath("t.txt"));
    QVERIFY(t.open(QIODevice::WriteOnly));
    t.write("[user]\nDescribe <<{{class_name}}>>.\n{{fields}}\n{{output_format}}\n");
  }

  void dryRunSendsNothing() {
    test::FakeChatServer server({"Size", "Coloration", "Beak"});
    const QString out = dir_.filePath("dry.json");
    const auto r = describe({"--base-url", QString::fromStdString(server.base_url()), "--out", out, "--dry-run"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("40 description(s) to generate"), qPrintable(r.err));
    QVERIFY(r.err.contains("estimated cost: $"));
    QVERIFY(server.requests().empty());
    QVERIFY(!QFile::exists(out));
  }

  void describesSelectedClassesThenSkipsThem() {
    test::FakeChatServer server({"Size", "Coloration", "Beak"});
    server.set_script([](const std::string& c, int attempt) {
      return c == "Laysan Albatross" && attempt == 1 ? test::Fault::Status503 : test::Fault::None;
    });
    const QString out = dir_.filePath("sel.json");
    const QStringList sel = {"--base-url", QString::fromStdString(server.base_url()), "--out", out,
                             "--classes", "1", "002.Laysan_Albatross", "Sooty Albatross", "--concurrency", "2",
                             "--verbose"};
    const auto r = describe(sel);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("described 3, failed 0, skipped 0"), qPrintable(r.out));
    QCOMPARE(server.requests().size(), std::size_t(4));  // one 503 retried
    QCOMPARE(server.requests().front().authorization, std::string("Bearer ") + kKey);
    const auto store = data::DescriptionStore::load(out.toStdString());
    QCOMPARE(store.classes.size(), std::size_t(3));
    QVERIFY(store.find("003.Sooty_Albatross") != nullptr);
    QVERIFY(!r.out.contains(kKey) && !r.err.contains(kKey));
    QVERIFY(r.err.contains("[REDACTED]"));  // the verbose trace went through redaction
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(!f.readAll().contains(kKey));

    server.reset();
    const auto again = describe(sel);
    QVERIFY2(again.code == 0, qPrintable(again.err));
    QVERIFY2(again.out.contains("described 0, failed 0, skipped 3"), qPrintable(again.out));
    QVERIFY(server.requests().empty());
  }

  // The study's protocol by name: gpt-3.5-turbo, English, five fields, no --model needed.
  void studyProtocolTemplateByName() {
    const std::vector<std::string> five = {"Size", "Coloration", "Beak", "Feet", "Eyes"};
    test::FakeChatServer server(five);
    const QString out = dir_.filePath("study.json");
    const auto r = cli({"describe", "--dataset", cub_root(), "--template", "study_five_fields_gpt35", "--base-url",
                        QString::fromStdString(server.base_url()), "--api-key-env", "PLUMAGE_TEST_LLM_KEY",
                        "--classes", "1", "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("template protocol: model gpt-3.5-turbo"), qPrintable(r.err));
    QCOMPARE(server.requests().size(), std::size_t(1));
    const nlohmann::json body = server.requests().front().body;
    QCOMPARE(body.at("model").get<std::string>(), std::string("gpt-3.5-turbo"));
    const std::string prompt = body.dump();
    for (const auto& f : five) QVERIFY2(prompt.find("- " + f) != std::string::npos, prompt.c_str());
    QVERIFY(prompt.find("Shape") == std::string::npos && prompt.find("Habitat") == std::string::npos);
    const auto store = data::DescriptionStore::load(out.toStdString());
    QCOMPARE(store.fields, five);
    QCOMPARE(store.classes.at(0).variants.at(0).provenance.model, std::string("gpt-3.5-turbo"));
    // An explicit option still wins over the protocol.
    server.reset();
    const auto r2 = cli({"describe", "--dataset", cub_root(), "--template", "study_five_fields_gpt35", "--base-url",
                         QString::fromStdString(server.base_url()), "--api-key-env", "PLUMAGE_TEST_LLM_KEY",
                         "--classes", "2", "--model", "local-model", "--out", out});
    QVERIFY2(r2.code == 0, qPrintable(r2.err));
    QCOMPARE(server.requests().front().body.at("model").get<std::string>(), std::string("local-model"));
  }

  // descriptions import / list / show / lint and encode-texts' phrase lists, from the terminal.
  void descriptionsCommands() {
    const QString menon = shared("descriptions/menon_vondrick_gpt3_descriptors_cub.json");
    if (!QFile::exists(menon)) QSKIP("shared descriptors not found");
    const QString out = dir_.filePath("menon.json");
    auto r = cli({"descriptions", "import", "--from", menon, "--dataset", cub_root(), "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("matched 40 of 40 dataset classes"), qPrintable(r.out));
    QVERIFY2(r.out.contains("160 name(s) in the file match no class"), qPrintable(r.out));
    const auto store = data::DescriptionStore::load(out.toStdString());
    QCOMPARE(store.classes.size(), std::size_t(40));
    QCOMPARE(store.find("002.Laysan_Albatross")->variants.at(0).id, std::string("menon"));
    // Importing again replaces, it does not duplicate.
    r = cli({"descriptions", "import", "--from", menon, "--dataset", cub_root(), "--out", out});
    QCOMPARE(data::DescriptionStore::load(out.toStdString()).variant_count(), std::size_t(40));

    r = cli({"descriptions", "list", out});
    QVERIFY2(r.code == 0 && r.out.contains("022.Chuck_will_Widow\t1\t1\t0\t0\t1"), qPrintable(r.out));
    r = cli({"descriptions", "show", menon, "Laysan Albatross", "--dataset", cub_root()});
    QVERIFY2(r.code == 0 && r.out.contains("a wingspan of up to 3.5 feet"), qPrintable(r.out + r.err));
    r = cli({"descriptions", "show", out, "Dodo"});
    QCOMPARE(r.code, 2);
    // A phrase list cannot be read without the dataset to match its names.
    r = cli({"descriptions", "list", menon});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("give the dataset"), qPrintable(r.err));

    // Lint on the real GPT-3 descriptors finds the wingspan GPT-3 wrote for the Laysan Albatross.
    r = cli({"descriptions", "lint", out, "--json"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const nlohmann::json lint = nlohmann::json::parse(r.out.toStdString());
    bool wingspan = false;
    for (const auto& f : lint.at("flags"))
      wingspan |= f.at("class") == "002.Laysan_Albatross" && f.at("kind") == "non_visual" &&
                  f.at("detail").get<std::string>().find("3.5 feet") != std::string::npos;
    QVERIFY2(wingspan, r.out.left(2000).toUtf8().constData());
    QCOMPARE(cli({"descriptions", "lint", out, "--strict"}).code, 1);
  }

  // Issue 15, item 8: --verbose shows curl's trace, which names the proxy
  // with its user info ("Uses proxy env variable https_proxy == ...") and
  // carries Basic credentials; the URL's own user info is a password too.
  void verboseNeverPrintsCredentials() {
    test::FakeChatServer server({"Size", "Coloration", "Beak"});
    QString url = QString::fromStdString(server.base_url());
    url.replace("http://", "http://cliuser:clipass99@");
    auto r = describe({"--base-url", url, "--out", dir_.filePath("cred.json"), "--classes", "1", "--verbose"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(!server.requests().empty());
    QVERIFY2(!r.err.contains("clipass99") && !r.out.contains("clipass99"), qPrintable(r.err));
    // A proxy that refuses the connection: the trace still names it.
    r = describe({"--base-url", "https://api.example.invalid/v1", "--out", dir_.filePath("proxy.json"), "--classes",
                  "1", "--verbose", "--max-attempts", "1"},
                 {{"https_proxy", "http://puser:proxypw77@127.0.0.1:9"}, {"HTTPS_PROXY", "http://puser:proxypw77@127.0.0.1:9"},
                  {"no_proxy", ""}, {"NO_PROXY", ""}});
    QVERIFY2(r.err.contains("[REDACTED]@127.0.0.1:9"), qPrintable(r.err));  // the proxy line was logged, redacted
    QVERIFY2(!r.err.contains("proxypw77") && !r.out.contains("proxypw77"), qPrintable(r.err));
  }

  void keyOverPlainHttpNeedsTheOption() {
    const QStringList base = {"--base-url", "http://example.org/v1", "--out", dir_.filePath("insecure.json"),
                              "--classes", "1", "--dry-run"};
    auto r = describe(base);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("refusing to send the API key over plain http to example.org"), qPrintable(r.err));
    QVERIFY2(r.err.contains("--allow-insecure-http"), qPrintable(r.err));
    r = describe(base + QStringList{"--allow-insecure-http"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
  }

  void badInputIsAClearError() {
    test::FakeChatServer server({"Size", "Coloration", "Beak"});
    const QString url = QString::fromStdString(server.base_url());
    auto r = describe({"--base-url", url, "--out", dir_.filePath("x.json"), "--classes", "Dodo"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("\"Dodo\""), qPrintable(r.err));
    r = describe({"--base-url", url, "--out", dir_.filePath("x.json"), "--max-cost", "0.000001"});
    QCOMPARE(r.code, 3);
    QVERIFY(server.requests().empty());
  }
};

QTEST_GUILESS_MAIN(TestLlmCli)
#include "tst_llm_cli.moc"

// The client and the batch against a local chat-completions server that
// injects faults (fake_chat_server.h): retries, validation, resume after
// cancel and after SIGKILL, usage accounting, and the API key never leaking.
#include "batch_test_support.h"
#include "fake_chat_server.h"

#include "core/llm/batch.h"
#include "core/llm/batch_records.h"
#include "core/llm/chat_client.h"

#include "core/data/descriptions.h"
#include "core/data/file_util.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <set>

using namespace plumage;
using namespace plumage::llm;
using plumage::test::Fault;
using plumage::test::FakeChatServer;

namespace {

// "Test Bird 7" (what the server sees) -> 7.
int bird_number(const std::string& display_name) {
  return std::atoi(display_name.substr(display_name.rfind(' ') + 1).c_str());
}

// Usage written to the store: variants and failures together.
Usage stored_usage(const data::DescriptionStore& s) {
  Usage u;
  for (const auto& c : s.classes)
    for (const auto& v : c.variants) u += detail::recorded_usage(v.provenance);
  for (const auto& f : s.failures) u += detail::recorded_usage(f.provenance);
  return u;
}

std::set<std::string> described(const data::DescriptionStore& s) {
  std::set<std::string> out;
  for (const auto& c : s.classes)
    if (!c.variants.empty()) out.insert(c.class_name);
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

class TestLlmBatch : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::string path(const char* name) const { return (dir_.path() + "/" + name).toStdString(); }

 private slots:
  void clientClassifiesEachFault() {
    FakeChatServer server(test::test_fields());
    const std::map<std::string, Fault> by_class = {
        {"ok", Fault::None},          {"429", Fault::RateLimited},   {"429ra", Fault::RateLimitedRetryAfter},
        {"500", Fault::Status500},    {"503", Fault::Status503},     {"drop", Fault::Drop},
        {"slow", Fault::Slow},        {"badbody", Fault::BadBody},   {"empty", Fault::EmptyChoices},
        {"401", Fault::Unauthorized}};
    server.set_script([&](const std::string& c, int) { return by_class.at(c); });
    ClientConfig cfg = test::fast_config(server.base_url()).client;
    ChatClient client(cfg);
    auto ask = [&](const std::string& c) {
      return client.complete({{"user", "Describe <<" + c + ">>"}}, response_format_for(test::test_fields()));
    };
    const auto ok = ask("ok");
    QVERIFY2(ok.kind == ReplyKind::Ok, ok.error.c_str());
    QVERIFY(ok.usage_reported);
    QVERIFY(validate_answer(ok.choices[0].content, ok.choices[0].finish_reason, OutputMode::JsonSchema,
                            test::test_fields()).ok);

    const auto r429 = ask("429");
    QVERIFY(r429.kind == ReplyKind::Retryable);
    QCOMPARE(r429.http_status, 429L);
    QVERIFY(!r429.retry_after_s.has_value());
    const auto r429ra = ask("429ra");
    QVERIFY(r429ra.kind == ReplyKind::Retryable);
    QCOMPARE(r429ra.retry_after_s.value_or(-1), 1.0);
    QVERIFY(ask("500").kind == ReplyKind::Retryable);
    QVERIFY(ask("503").kind == ReplyKind::Retryable);

    const auto drop = ask("drop");
    QVERIFY(drop.kind == ReplyKind::Retryable);
    QVERIFY2(drop.error.find("connection") != std::string::npos, drop.error.c_str());

    QElapsedTimer t;
    t.start();
    const auto slow = ask("slow");
    QVERIFY(slow.kind == ReplyKind::Retryable);
    QVERIFY2(slow.error.find("timed out") != std::string::npos, slow.error.c_str());
    QVERIFY(t.elapsed() < 780);  // gave up at the 400 ms timeout, not when the reply came

    const auto bad = ask("badbody");
    QVERIFY(bad.kind == ReplyKind::Retryable);
    QVERIFY(bad.error.find("not valid JSON") != std::string::npos);
    const auto empty = ask("empty");
    QVERIFY(empty.kind == ReplyKind::Retryable);
    QVERIFY(empty.usage_reported);

    const auto denied = ask("401");
    QVERIFY(denied.kind == ReplyKind::Fatal);
    QVERIFY(denied.error.find("401") != std::string::npos);
    QVERIFY2(denied.error.find(test::kTestKey) == std::string::npos, denied.error.c_str());
    QVERIFY(server.requests().back().authorization == std::string("Bearer ") + test::kTestKey);

    // Nothing listening: a connection error, not a crash.
    cfg.base_url = "http://127.0.0.1:1/v1";
    ChatClient nowhere(cfg);
    QVERIFY(nowhere.complete({{"user", "x"}}, nullptr).kind == ReplyKind::Retryable);
  }

  void batchOf40WithFaultsDescribesEveryClass() {
    FakeChatServer server(test::test_fields());
    // Faults per class (by number mod 10), served in this order, then valid answers.
    auto faults_for = [](int n) -> std::vector<Fault> {
      switch ((n - 1) % 10) {
        case 1: return {n == 2 ? Fault::RateLimitedRetryAfter : Fault::RateLimited};
        case 2: return {Fault::Status500, Fault::Status503};
        case 3: return {Fault::Drop};
        case 4: return {Fault::Slow};
        case 5: return {Fault::BadBody};
        case 6: return {Fault::ContentNotJson};
        case 7: return {Fault::ContentMissingField};
        case 8: return {Fault::EmptyChoices};
        case 9: return {Fault::Status503, Fault::ContentMissingField};
        default: return {};
      }
    };
    server.set_script([&](const std::string& c, int attempt) {
      const auto f = faults_for(bird_number(c));
      return attempt <= static_cast<int>(f.size()) ? f[static_cast<std::size_t>(attempt - 1)] : Fault::None;
    });
    const auto classes = test::test_classes(40);
    BatchConfig cfg = test::fast_config(server.base_url());
    const std::string store_path = path("batch40.json");
    std::size_t progress_calls = 0;
    BatchCallbacks cb;
    cb.on_progress = [&](const BatchProgress&) { ++progress_calls; };
    QElapsedTimer t;
    t.start();
    const BatchReport report = run_batch(store_path, classes, cfg, cb);
    qInfo("40-class batch with faults: %lld ms, %lld requests", static_cast<long long>(t.elapsed()),
          report.requests_sent);
    QVERIFY2(report.ok(), report.fatal_error.c_str());
    QCOMPARE(report.progress.done, std::size_t(40));
    QCOMPARE(report.progress.failed, std::size_t(0));
    QCOMPARE(progress_calls, std::size_t(41));  // initial + one per class

    const auto store = data::DescriptionStore::load(store_path);
    QCOMPARE(store.classes.size(), std::size_t(40));
    QVERIFY(store.failures.empty());
    for (const auto& c : store.classes) {
      QCOMPARE(c.variants.size(), std::size_t(1));
      QCOMPARE(c.variants[0].fields.size(), std::size_t(3));
      QCOMPARE(c.variants[0].provenance.model, std::string("gpt-4o-mini"));
    }
    const auto per_class = server.requests_per_class();
    int total = 0;
    for (const auto& c : classes) {
      const int n = bird_number(c.display_name);
      const int expected = 1 + static_cast<int>(faults_for(n).size());
      QCOMPARE(per_class.at(c.display_name), expected);
      QVERIFY(per_class.at(c.display_name) <= cfg.retry.max_requests_per_job());
      total += expected;
    }
    QCOMPARE(report.requests_sent, static_cast<long long>(total));

    const Usage server_usage = server.delivered_usage();
    const Usage in_store = stored_usage(store);
    QCOMPARE(in_store.prompt_tokens, server_usage.prompt_tokens);
    QCOMPARE(in_store.completion_tokens, server_usage.completion_tokens);
    QCOMPARE(in_store.requests, server_usage.requests);
    QCOMPARE(report.progress.usage.total_tokens(), server_usage.total_tokens());
    QVERIFY(report.progress.cost_usd.has_value() && *report.progress.cost_usd > 0);

    // Retry-After: 1 was honoured; the rejected answer was sent back with the reason.
    double first = -1, second = -1;
    for (const auto& r : server.requests()) {
      if (r.class_name != "Test Bird 2") continue;
      (r.attempt == 1 ? first : second) = r.at_s;
    }
    QVERIFY2(second - first >= 0.95, qPrintable(QString::number(second - first)));
    bool saw_correction = false;
    for (const auto& r : server.requests())
      if (r.class_name == "Test Bird 8" && r.attempt == 2) {
        QCOMPARE(r.body["messages"].size(), std::size_t(4));
        const std::string fix = r.body["messages"][3]["content"].get<std::string>();
        QVERIFY2(fix.find("Beak") != std::string::npos, fix.c_str());
        saw_correction = true;
      }
    QVERIFY(saw_correction);

    // A second run has nothing to do and sends nothing.
    server.reset();
    const BatchReport again = run_batch(store_path, classes, cfg);
    QCOMPARE(again.progress.skipped, std::size_t(40));
    QCOMPARE(again.requests_sent, 0LL);
    QVERIFY(server.requests().empty());
  }

  void answersThatNeverValidateAreStoredAsFailures() {
    FakeChatServer server(test::test_fields());
    server.set_script([](const std::string& c, int) {
      if (c == "Test Bird 1") return Fault::ContentNotJson;
      if (c == "Test Bird 2") return Fault::Status503;
      return Fault::None;
    });
    BatchConfig cfg = test::fast_config(server.base_url());
    const std::string store_path = path("failures.json");
    const auto report = run_batch(store_path, test::test_classes(3), cfg);
    QVERIFY(!report.ok());
    QCOMPARE(report.progress.done, std::size_t(1));
    QCOMPARE(report.progress.failed, std::size_t(2));
    const auto store = data::DescriptionStore::load(store_path);
    QCOMPARE(described(store), std::set<std::string>{"003.Test_Bird_3"});
    QCOMPARE(store.failures.size(), std::size_t(2));
    for (const auto& f : store.failures) {
      if (f.class_name == "001.Test_Bird_1") {
        QCOMPARE(f.provenance.raw_text, std::string("Sure! The bird is small and brown."));
        QVERIFY2(f.error.find("not valid JSON") != std::string::npos, f.error.c_str());
      } else {
        QCOMPARE(f.class_name, std::string("002.Test_Bird_2"));
        QVERIFY2(f.error.find("HTTP 503") != std::string::npos, f.error.c_str());
      }
    }
    const auto per_class = server.requests_per_class();
    QCOMPARE(per_class.at("Test Bird 1"), 1 + cfg.retry.max_validation_retries);
    QCOMPARE(per_class.at("Test Bird 2"), cfg.retry.max_attempts);
    QCOMPARE(stored_usage(store).total_tokens(), server.delivered_usage().total_tokens());
  }

  void fallsBackToLinesWithoutStructuredOutput() {
    FakeChatServer server(test::test_fields());
    server.set_lines_only(true);
    BatchConfig cfg = test::fast_config(server.base_url());
    cfg.concurrency = 1;
    const std::string store_path = path("lines.json");
    const auto report = run_batch(store_path, test::test_classes(3), cfg);
    QVERIFY2(report.ok(), report.fatal_error.c_str());
    const auto store = data::DescriptionStore::load(store_path);
    for (const auto& c : store.classes) {
      QCOMPARE(c.variants.size(), std::size_t(1));
      QCOMPARE(c.variants[0].provenance.parameters["output_mode"].get<std::string>(), std::string("lines"));
      QCOMPARE(*c.variants[0].field("Beak"), std::string("the Beak of " + c.display_name + "."));
    }
    QCOMPARE(report.requests_sent, 4LL);  // one rejected response_format, then plain requests
  }

  void fatalErrorStopsTheBatch() {
    FakeChatServer server(test::test_fields());
    server.set_script([](const std::string&, int) { return Fault::Unauthorized; });
    BatchConfig cfg = test::fast_config(server.base_url());
    cfg.concurrency = 2;
    const auto report = run_batch(path("fatal.json"), test::test_classes(10), cfg);
    QVERIFY(!report.fatal_error.empty());
    QVERIFY(report.fatal_error.find("401") != std::string::npos);
    QVERIFY(report.fatal_error.find(test::kTestKey) == std::string::npos);
    QVERIFY(report.requests_sent <= 2);
    QCOMPARE(report.progress.done, std::size_t(0));
  }

  void cancelThenResumeAsksOnlyForTheRest() {
    FakeChatServer server(test::test_fields());
    server.set_reply_delay_ms(40);
    BatchConfig cfg = test::fast_config(server.base_url());
    cfg.concurrency = 2;
    const auto classes = test::test_classes(12);
    const std::string store_path = path("cancel.json");
    std::atomic<bool> cancel{false};
    BatchCallbacks cb;
    cb.cancel = &cancel;
    cb.on_progress = [&](const BatchProgress& p) {
      if (p.done >= 4) cancel = true;
    };
    const auto first = run_batch(store_path, classes, cfg, cb);
    QVERIFY(first.cancelled);
    const auto after_cancel = described(data::DescriptionStore::load(store_path));
    QVERIFY(after_cancel.size() >= 4 && after_cancel.size() < 12);
    // Graceful cancel: every request that was sent was answered and saved.
    QCOMPARE(static_cast<std::size_t>(first.requests_sent), after_cancel.size());

    server.reset();
    const auto second = run_batch(store_path, classes, cfg);
    QVERIFY2(second.ok(), second.fatal_error.c_str());
    QCOMPARE(second.progress.skipped, after_cancel.size());
    for (const auto& r : server.requests()) {
      const std::string key = classes[static_cast<std::size_t>(bird_number(r.class_name) - 1)].class_name;
      QVERIFY2(!after_cancel.count(key), key.c_str());
    }
    const auto store = data::DescriptionStore::load(store_path);
    QCOMPARE(described(store).size(), std::size_t(12));
    for (const auto& c : store.classes) QCOMPARE(c.variants.size(), std::size_t(1));
  }

  void killedBatchResumesWithoutRepeatingDoneClasses() {
    FakeChatServer server(test::test_fields());
    server.set_reply_delay_ms(100);
    const std::string store_path = path("killed.json");
    const int count = 20;
    QProcess child;
    child.start(QCoreApplication::applicationFilePath(),
                {"--child-batch", QString::fromStdString(server.base_url()), QString::fromStdString(store_path),
                 QString::number(count)});
    QVERIFY(child.waitForStarted());
    // Kill it with SIGKILL once a few classes are saved.
    QElapsedTimer t;
    t.start();
    std::set<std::string> done;
    while (t.elapsed() < 10000) {
      if (QFile::exists(QString::fromStdString(store_path))) {
        done = described(data::DescriptionStore::load(store_path));
        if (done.size() >= 5) break;
      }
      QThread::msleep(10);
    }
    child.kill();
    QVERIFY(child.waitForFinished(5000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    done = described(data::DescriptionStore::load(store_path));
    QVERIFY2(done.size() >= 5 && done.size() < static_cast<std::size_t>(count), qPrintable(QString::number(done.size())));

    server.reset();
    BatchConfig cfg = test::fast_config(server.base_url());
    cfg.concurrency = 2;
    const auto classes = test::test_classes(count);
    const auto report = run_batch(store_path, classes, cfg);
    QVERIFY2(report.ok(), report.fatal_error.c_str());
    QCOMPARE(report.progress.skipped, done.size());
    QCOMPARE(static_cast<std::size_t>(report.requests_sent), count - done.size());
    for (const auto& r : server.requests()) {
      const std::string key = classes[static_cast<std::size_t>(bird_number(r.class_name) - 1)].class_name;
      QVERIFY2(!done.count(key), key.c_str());
    }
    const auto store = data::DescriptionStore::load(store_path);
    QCOMPARE(described(store).size(), static_cast<std::size_t>(count));
    for (const auto& c : store.classes) QCOMPARE(c.variants.size(), std::size_t(1));
  }

  void keyNeverReachesStoreLogsOrExports() {
    FakeChatServer server(test::test_fields());
    server.set_script([](const std::string& c, int) {
      if (c == "Test Bird 1") return Fault::EchoKeyInContent;  // a server that echoes the header back
      if (c == "Test Bird 2") return Fault::ContentNotJson;
      if (c == "Test Bird 3") return Fault::Status500;
      return Fault::None;
    });
    BatchConfig cfg = test::fast_config(server.base_url());
    cfg.client.verbose = true;  // curl's trace, with the Authorization header, goes to the log
    const std::string store_path = path("secret.json");
    const std::string log_path = path("secret.log");
    std::ofstream log(log_path);
    BatchCallbacks cb;
    cb.on_log = [&](LogLevel, const std::string& m) { log << m << "\n"; };
    auto report = run_batch(store_path, test::test_classes(4), cfg, cb);
    // And a run the server refuses, whose error quotes the key.
    server.set_script([](const std::string&, int) { return Fault::Unauthorized; });
    auto refused = run_batch(path("secret_refused.json"), test::test_classes(6), cfg, cb);
    log << refused.fatal_error << "\n";
    log.close();

    // An export of everything stored: the texts a training run or a report takes.
    const auto store = data::DescriptionStore::load(store_path);
    std::ofstream exp(path("secret_export.txt"));
    for (const auto& c : store.classes)
      for (const auto& v : c.variants) exp << c.class_name << "\t" << v.joined_text() << "\n";
    exp << store.to_json().dump(2);
    exp.close();

    // The key was really sent, and really went through the log path.
    QVERIFY(server.requests().front().authorization == std::string("Bearer ") + test::kTestKey);
    const std::string log_text = slurp(log_path);
    QVERIFY2(log_text.find("Authorization: Bearer [REDACTED]") != std::string::npos, "curl trace not logged");
    QVERIFY(store.find("001.Test_Bird_1")->variants[0].fields[0].second.find("[REDACTED]") != std::string::npos);

    const std::string secret_part = "9f8e7d6c5b4a3210SECRET";
    for (const std::string& f : {store_path, log_path, path("secret_export.txt"), path("secret_refused.json")}) {
      const std::string text = slurp(f);
      QVERIFY2(text.find(secret_part) == std::string::npos, f.c_str());
    }
    QVERIFY(report.progress.done == 2 && report.progress.failed == 2);
  }
};

int main(int argc, char** argv) {
  // The kill test runs a batch in a child process: this same executable.
  if (argc == 5 && std::string(argv[1]) == "--child-batch")
    return plumage::test::run_child_batch(argv[2], argv[3], std::atoi(argv[4]));
  QCoreApplication app(argc, argv);
  TestLlmBatch tc;
  return QTest::qExec(&tc, argc, argv);
}

#include "tst_llm_batch.moc"

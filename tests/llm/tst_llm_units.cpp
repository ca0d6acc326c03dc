// core/llm pieces that need no server: redaction, response parsing,
// validation, backoff, rate limiting, prices, templates, estimates.
#include "core/llm/batch.h"
#include "core/llm/batch_records.h"
#include "core/llm/chat_client.h"
#include "core/llm/http_transport.h"
#include "core/llm/pricing.h"
#include "core/llm/prompt_template.h"
#include "core/llm/rate_limiter.h"
#include "core/llm/retry_policy.h"
#include "core/llm/secret.h"
#include "core/llm/structured_output.h"

#include "core/data/descriptions.h"
#include "core/data/diagnostics.h"

#include <sys/resource.h>

#include <QElapsedTimer>
#include <QtTest>

using namespace plumage;
using namespace plumage::llm;

class TestLlmUnits : public QObject {
  Q_OBJECT
 private slots:
  void redactsKeyAndBearerTokens() {
    const std::string key = "sk-abc123DEF456";
    const std::string r = redact("Authorization: Bearer sk-abc123DEF456\r\nkey sk-abc123DEF456 again", key);
    QVERIFY(r.find(key) == std::string::npos);
    QVERIFY(r.find("[REDACTED]") != std::string::npos);
    // A token we were not told about, by shape.
    const std::string r2 = redact("Authorization: Bearer other-token-xyz", "");
    QVERIFY(r2.find("other-token-xyz") == std::string::npos);
    const std::string r3 = redact("GET /v1?api_key=abcdefgh12345678 HTTP/1.1", "");
    QVERIFY(r3.find("abcdefgh12345678") == std::string::npos);
    // Ordinary description text is left alone.
    QCOMPARE(redact("Basic coloration: brown. Key marks: white wingbars.", key),
             std::string("Basic coloration: brown. Key marks: white wingbars."));
    QCOMPARE(displayable_url("https://user:pw@host:8080/v1?key=x#y"), std::string("https://host:8080/v1"));
    QCOMPARE(displayable_url("http://localhost:8080/v1"), std::string("http://localhost:8080/v1"));
  }

  // A hostile reply: one huge token after "Bearer " (std::regex recursed per
  // character and overflowed the stack), and the same for api_key=.
  void redactsHugeTokensInLinearTime() {
    QElapsedTimer timer;
    timer.start();
    const std::string token(5'000'000, 'A');
    QCOMPARE(redact("Authorization: Bearer " + token + " tail", ""),
             std::string("Authorization: Bearer [REDACTED] tail"));
    QCOMPARE(redact("api_key=\"" + token + "\"", ""), std::string("api_key=\"[REDACTED]\""));
    // Near misses that a backtracking matcher would rescan.
    std::string near;
    for (int i = 0; i < 200'000; ++i) near += "Bearer ,api_key: ";
    QCOMPARE(redact(near, ""), near);
    QCOMPARE(redact("Bearer" + std::string(2'000'000, ' '), ""), "Bearer" + std::string(2'000'000, ' '));
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
    // The shapes as before: case, separators, quotes, the 8-character floor.
    QCOMPARE(redact("bearer\tabc;d", ""), std::string("bearer\t[REDACTED];d"));
    QCOMPARE(redact("ACCESS-TOKEN : 12345678x", ""), std::string("ACCESS-TOKEN : [REDACTED]"));
    QCOMPARE(redact("apikey=1234567", ""), std::string("apikey=1234567"));
    QCOMPARE(redact("x api_key=abcdefgh.ij y", "sk-longer-secret"), std::string("x api_key=[REDACTED] y"));
  }

  // Local servers take "x" or "EMPTY" as a key: those are not secrets, and
  // replacing every x in a description would wreck it.
  void placeholderKeysAreNotRedacted() {
    const std::string text = "Size: small. Beak: short, EMPTY of color; x marks the wingbar.";
    QCOMPARE(redact(text, "x"), text);
    QCOMPARE(redact(text, "EMPTY"), text);
    QCOMPARE(redact(text, "short"), text);
    QVERIFY(!looks_like_secret("EMPTY"));
    QVERIFY(looks_like_secret("sk-12345"));
    QCOMPARE(redact("key sk-12345 and sk-12345.", "sk-12345"), std::string("key [REDACTED] and [REDACTED]."));
  }

  // Error snippets are cut on a UTF-8 character boundary, never inside one.
  void snippetsKeepUtf8Whole() {
    std::string body = "x";
    for (int i = 0; i < 200; ++i) body += "\xC3\xA9";  // é: byte 120 falls inside one
    const auto r = parse_chat_response(body);
    QVERIFY(r.kind == ReplyKind::Retryable);
    const QByteArray err = QByteArray::fromStdString(r.error);
    QVERIFY2(err.endsWith("\xC3\xA9..."), err.constData());
    QCOMPARE(QString::fromUtf8(err).toUtf8(), err);  // valid UTF-8 survives the round trip unchanged
    const std::string a_hiragana_b = std::string("a") + "\xE3\x81\x82" + "b";  // "aあb"
    QCOMPARE(utf8_prefix(a_hiragana_b, 3), std::string("a"));
    QCOMPARE(utf8_prefix(a_hiragana_b, 4), std::string("a\xE3\x81\x82"));
    QCOMPARE(utf8_prefix("abc", 10), std::string("abc"));
    QCOMPARE(utf8_prefix("\xF0\x9F\x90\xA6", 2), std::string());
  }

  void coreDumpsCanBeDisabled() {
    QVERIFY(disable_core_dumps());
    rlimit lim{};
    QCOMPARE(getrlimit(RLIMIT_CORE, &lim), 0);
    QCOMPARE(static_cast<unsigned long long>(lim.rlim_cur), 0ULL);
    QCOMPARE(static_cast<unsigned long long>(lim.rlim_max), 0ULL);
  }

  void retryAfterParsing() {
    QCOMPARE(parse_retry_after("3").value(), 3.0);
    QCOMPARE(parse_retry_after(" 0.5 ").value(), 0.5);
    QVERIFY(!parse_retry_after("soon").has_value());
    QVERIFY(!parse_retry_after("").has_value());
    const auto past = parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT");
    QVERIFY(past.has_value());
    QCOMPARE(*past, 0.0);  // a date in the past means "now"
  }

  void chatUrl() {
    QCOMPARE(chat_completions_url("http://h/v1"), std::string("http://h/v1/chat/completions"));
    QCOMPARE(chat_completions_url("http://h/v1/"), std::string("http://h/v1/chat/completions"));
    QCOMPARE(chat_completions_url("http://h/v1/chat/completions"), std::string("http://h/v1/chat/completions"));
  }

  void parsesResponses() {
    const auto ok = parse_chat_response(
        R"({"choices":[{"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],)"
        R"("usage":{"prompt_tokens":12,"completion_tokens":3}})");
    QVERIFY(ok.kind == ReplyKind::Ok);
    QCOMPARE(ok.choices.size(), std::size_t(1));
    QCOMPARE(ok.choices[0].content, std::string("hi"));
    QCOMPARE(ok.usage.prompt_tokens, 12LL);
    QCOMPARE(ok.usage.completion_tokens, 3LL);

    const auto empty = parse_chat_response(R"({"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":0}})");
    QVERIFY(empty.kind == ReplyKind::Retryable);
    QVERIFY(empty.usage_reported);  // paid for even though useless
    QCOMPARE(empty.usage.prompt_tokens, 5LL);

    QVERIFY(parse_chat_response("{\"choices\": [").kind == ReplyKind::Retryable);
    QVERIFY(parse_chat_response(R"({"object":"chat.completion"})").kind == ReplyKind::Retryable);
  }

  void requestBodyCarriesSettingsButNoKey() {
    ClientConfig c;
    c.model = "m";
    c.api_key = "sk-secret-123456789";
    c.temperature = 0.3;
    c.max_tokens = 77;
    c.seed = 5;
    ChatClient client(c);
    const auto body = client.request_body({{"user", "x"}}, response_format_for({"A", "B"}));
    QCOMPARE(body["model"].get<std::string>(), std::string("m"));
    QCOMPARE(body["max_tokens"].get<int>(), 77);
    QCOMPARE(body["seed"].get<int>(), 5);
    QVERIFY(!body.contains("n"));
    QCOMPARE(body["response_format"]["json_schema"]["schema"]["required"].size(), std::size_t(2));
    QCOMPARE(body["response_format"]["json_schema"]["schema"]["additionalProperties"].get<bool>(), false);
    QVERIFY(body.dump().find("sk-secret") == std::string::npos);
  }

  void validatesAnswers() {
    const std::vector<std::string> f = {"Size", "Beak"};
    auto ok = validate_answer(R"({"Size":"small","Beak":"short"})", "stop", OutputMode::JsonSchema, f);
    QVERIFY2(ok.ok, ok.error.c_str());
    QCOMPARE(ok.fields[1].second, std::string("short"));
    QVERIFY(validate_answer("```json\n{\"Size\":\"s\",\"Beak\":\"b\"}\n```", "stop", OutputMode::JsonSchema, f).ok);

    auto missing = validate_answer(R"({"Size":"small"})", "stop", OutputMode::JsonSchema, f);
    QVERIFY(!missing.ok);
    QVERIFY(missing.error.find("Beak") != std::string::npos);
    QVERIFY(!validate_answer(R"({"Size":"small","Beak":""})", "stop", OutputMode::JsonSchema, f).ok);
    QVERIFY(!validate_answer(R"({"Size":"s","Beak":"b","Eyes":"e"})", "stop", OutputMode::JsonSchema, f).ok);
    QVERIFY(!validate_answer(R"({"Size":1,"Beak":"b"})", "stop", OutputMode::JsonSchema, f).ok);
    QVERIFY(!validate_answer("The bird is small.", "stop", OutputMode::JsonSchema, f).ok);
    QVERIFY(!validate_answer(R"(["Size","Beak"])", "stop", OutputMode::JsonSchema, f).ok);
    auto cut = validate_answer(R"({"Size":"s","Beak":"b"})", "length", OutputMode::JsonSchema, f);
    QVERIFY(!cut.ok);
    QVERIFY(cut.error.find("cut off") != std::string::npos);

    QVERIFY(validate_answer("Here you go:\n**Size**: small\n- Beak: short, conical", "stop", OutputMode::Lines, f).ok);
    QVERIFY(!validate_answer("Size: small", "stop", OutputMode::Lines, f).ok);
  }

  void backoffGrowsCapsAndHonoursRetryAfter() {
    RetryPolicy p;
    p.base_delay_s = 1;
    p.max_delay_s = 8;
    p.jitter = 0.5;
    QCOMPARE(backoff_delay_s(p, 2, std::nullopt, 0.0), 1.0);
    QCOMPARE(backoff_delay_s(p, 3, std::nullopt, 0.0), 2.0);
    QCOMPARE(backoff_delay_s(p, 4, std::nullopt, 0.0), 4.0);
    QCOMPARE(backoff_delay_s(p, 10, std::nullopt, 0.0), 8.0);
    QCOMPARE(backoff_delay_s(p, 3, std::nullopt, 0.999999), 2.0 * (1 - 0.5 * 0.999999));
    QCOMPARE(backoff_delay_s(p, 2, 30.0, 0.0), 30.0);  // the server knows best
    QCOMPARE(backoff_delay_s(p, 4, 0.5, 0.0), 4.0);    // never shorter than our backoff either
    QCOMPARE(p.max_requests_per_job(), 10);
  }

  void rateLimiterWindows() {
    using C = RateLimiter::Clock;
    const C::time_point t0 = C::now();
    RateLimiter rpm(RateLimits{2, 0});
    QVERIFY(rpm.next_allowed(t0, 1) == t0);
    rpm.admit(t0, 1);
    rpm.admit(t0 + std::chrono::seconds(1), 1);
    QVERIFY(rpm.next_allowed(t0 + std::chrono::seconds(2), 1) == t0 + std::chrono::seconds(60));
    QVERIFY(rpm.next_allowed(t0 + std::chrono::seconds(61), 1) == t0 + std::chrono::seconds(61));

    RateLimiter tpm(RateLimits{0, 1000});
    tpm.admit(t0, 600);
    tpm.admit(t0 + std::chrono::seconds(10), 300);
    QVERIFY(tpm.next_allowed(t0 + std::chrono::seconds(11), 100) == t0 + std::chrono::seconds(11));
    QVERIFY(tpm.next_allowed(t0 + std::chrono::seconds(11), 200) == t0 + std::chrono::seconds(60));
    QVERIFY(tpm.next_allowed(t0 + std::chrono::seconds(11), 800) == t0 + std::chrono::seconds(70));
    // Larger than the whole budget: runs once the window is empty.
    QVERIFY(tpm.next_allowed(t0 + std::chrono::seconds(11), 5000) == t0 + std::chrono::seconds(70));

    RateLimiter settled(RateLimits{0, 1000});
    const auto ticket = settled.admit(t0, 900);
    settled.settle(ticket, 100);  // the server used far less than estimated
    QVERIFY(settled.next_allowed(t0, 800) == t0);

    RateLimiter paused(RateLimits{});
    paused.pause_until(t0 + std::chrono::seconds(5));
    QVERIFY(paused.next_allowed(t0, 1) == t0 + std::chrono::seconds(5));

    QCOMPARE(paused.acquire(1, [] { return true; }), -1LL);
  }

  void rateLimiterBlocksUntilTheWindowMoves() {
    // A 200 ms window stands in for the minute.
    RateLimiter limiter(RateLimits{2, 0}, std::chrono::milliseconds(200));
    QElapsedTimer t;
    t.start();
    QVERIFY(limiter.acquire(1, nullptr) >= 0);
    QVERIFY(limiter.acquire(1, nullptr) >= 0);
    QVERIFY(t.elapsed() < 180);
    QVERIFY(limiter.acquire(1, nullptr) >= 0);  // third request waits for the first to leave the window
    QVERIFY2(t.elapsed() >= 190, qPrintable(QString::number(t.elapsed())));
  }

  void prices() {
    PriceTable t = PriceTable::defaults();
    QVERIFY(t.find("gpt-4o-mini").has_value());
    QCOMPARE(t.find("gpt-4o-mini-2024-07-18")->input_per_million, t.find("gpt-4o-mini")->input_per_million);
    QCOMPARE(t.find("gpt-3.5-turbo-0125")->output_per_million, 1.5);
    QVERIFY(!t.find("gpt-4.5-preview").has_value());  // not priced as gpt-4
    QVERIFY(!t.find("llama-3-8b").has_value());
    QVERIFY(!t.cost_usd("llama-3-8b", Usage{100, 100, 1}).has_value());
    QCOMPARE(*t.cost_usd("gpt-3.5-turbo", Usage{1000000, 2000000, 1}), 0.5 + 3.0);
    t.merge_json(nlohmann::json::parse(R"({"models":{"llama-3-8b":{"input":0,"output":0}}})"), "override");
    QCOMPARE(*t.cost_usd("llama-3-8b", Usage{100, 100, 1}), 0.0);
    try {
      t.merge_json(nlohmann::json::parse(R"({"models":{"x":{"input":"cheap","output":1}}})"), "prices.json");
      QFAIL("bad price accepted");
    } catch (const data::DataError& e) {
      QVERIFY(std::string(e.what()).find("prices.json") != std::string::npos);
      QVERIFY(std::string(e.what()).find("models.x.input") != std::string::npos);
    }
  }

  void templates() {
    const auto t = PromptTemplate::parse(
        "# c\n[system]\nExpert on {{domain}}.\n[user]\nDescribe \"{{class_name}}\" in {{language}}:\n{{fields}}\n"
        "({{field_names}})\n{{output_format}}\n",
        "t.txt");
    PromptValues v{"Black footed Albatross", "bird species", Language::Japanese, {"Size", "Beak"}, "JSON please"};
    const auto r = t.render(v);
    QCOMPARE(r.system, std::string("Expert on bird species."));
    QCOMPARE(r.user, std::string("Describe \"Black footed Albatross\" in Japanese (日本語):\n- Size\n- Beak\n"
                                 "(Size, Beak)\nJSON please"));
    QCOMPARE(t.hash().rfind("sha256:", 0), std::size_t(0));
    QVERIFY(t.hash() != PromptTemplate::parse("[user]\nx {{class_name}}\n", "u").hash());

    try {
      PromptTemplate::parse("[user]\nline one\nDescribe {{clas_name}}\n", "bad.txt");
      QFAIL("unknown placeholder accepted");
    } catch (const data::DataError& e) {
      const std::string w = e.what();
      QVERIFY2(w.find("bad.txt:3") != std::string::npos, w.c_str());
      QVERIFY(w.find("clas_name") != std::string::npos);
    }
    QVERIFY_EXCEPTION_THROWN(PromptTemplate::parse("[system]\nx\n", "nouser.txt"), data::DataError);
    QVERIFY_EXCEPTION_THROWN(PromptTemplate::parse("stray\n[user]\nx\n", "stray.txt"), data::DataError);
    QVERIFY_EXCEPTION_THROWN(PromptTemplate::parse("[user]\n{{class_name\n}}\n", "open.txt"), data::DataError);
  }

  void shippedTemplatesLoadAndRender() {
    for (const char* name : {"structured_description.txt", "structured_description_ja.txt", "study_five_fields_gpt35.txt"}) {
      const auto t = PromptTemplate::load(resolve_template_path(name));
      PromptValues v{"Cardinal", "bird species", Language::Japanese, data::default_bird_fields(),
                     output_format_instructions(OutputMode::JsonSchema, data::default_bird_fields())};
      const auto r = t.render(v);
      QVERIFY2(r.user.find("Cardinal") != std::string::npos, name);
      QVERIFY(r.user.find("日本語") != std::string::npos);
      QVERIFY(r.user.find("{{") == std::string::npos);
    }
  }

  void protocolSection() {
    // The study's protocol ships as a template chosen by name (".txt" optional).
    const auto study = PromptTemplate::load(resolve_template_path("study_five_fields_gpt35"));
    QCOMPARE(study.protocol().model, std::string("gpt-3.5-turbo"));
    QCOMPARE(study.protocol().fields, (std::vector<std::string>{"Size", "Coloration", "Beak", "Feet", "Eyes"}));
    QCOMPARE(study.protocol().language, std::string("en"));
    QVERIFY(PromptTemplate::load(resolve_template_path("structured_description.txt")).protocol().empty());
    const auto t = PromptTemplate::parse("[protocol]\nmodel: m\ntemperature: 0.2\n[user]\n{{class_name}}\n", "p.txt");
    QCOMPARE(*t.protocol().temperature, 0.2);
    QVERIFY(t.render({"X", "d", Language::English, {}, ""}).user == "X");  // the section is not prompt text
    for (const char* bad : {"[protocol]\nmodel: m\ncolour: red\n[user]\nx\n", "[protocol]\nlanguage: de\n[user]\nx\n",
                            "[protocol]\ntemperature: hot\n[user]\nx\n", "[protocol]\njust words\n[user]\nx\n"}) {
      try {
        PromptTemplate::parse(bad, "bad.txt");
        QFAIL(bad);
      } catch (const data::DataError& e) {
        QVERIFY2(QString(e.what()).contains("bad.txt:"), e.what());  // located at its line
      }
    }
  }

  void tokenEstimate() {
    QCOMPARE(estimate_tokens("abcdefgh"), 2LL);
    QCOMPARE(estimate_tokens("日本語"), 3LL);  // 9 bytes, 3 code points
  }

  void estimateSkipsDoneAndPrices() {
    BatchConfig c;
    c.client.model = "gpt-4o-mini";
    c.client.max_tokens = 100;
    c.prompt_template = PromptTemplate::parse("[user]\nDescribe {{class_name}}. {{output_format}}\n", "t");
    c.fields = {"Size", "Beak"};
    c.variants = 2;
    data::DescriptionStore store;
    store.fields = c.fields;
    data::DescriptionVariant v;
    v.fields = {{"Size", "s"}, {"Beak", "b"}};
    v.provenance = detail::make_provenance(c, OutputMode::JsonSchema, "p", "raw", 0, Usage{50, 40, 1}, 1);
    store.add_variant("001.A", v);
    const std::vector<ClassTarget> classes = {{"001.A", "A"}, {"002.B", "B"}};
    auto e = estimate_batch(store, classes, c);
    QCOMPARE(e.skipped_jobs, std::size_t(1));
    QCOMPARE(e.pending_jobs, std::size_t(3));
    QVERIFY(e.expected_from_history);
    QCOMPARE(e.expected_completion_tokens, 3 * 40.0);
    QCOMPARE(e.max_completion_tokens, 300.0);
    QVERIFY(e.expected_cost_usd.has_value() && *e.expected_cost_usd > 0);
    QVERIFY(*e.max_cost_usd > *e.expected_cost_usd);

    // Another language is another job.
    c.language = Language::Japanese;
    QCOMPARE(estimate_batch(store, classes, c).skipped_jobs, std::size_t(0));
    c.language = Language::English;
    // So is an edited template.
    c.prompt_template = PromptTemplate::parse("[user]\nDescribe {{class_name}} well. {{output_format}}\n", "t");
    QCOMPARE(estimate_batch(store, classes, c).skipped_jobs, std::size_t(0));

    c.client.model = "unpriced-local-model";
    QVERIFY(!estimate_batch(store, classes, c).expected_cost_usd.has_value());
  }

  // Issue 15, item 2: a reply nested 100k deep is refused while it is
  // scanned, with a message that says so (it used to parse and be taken as
  // an answer with no text).
  void deepRepliesAreRefused() {
    const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
    QElapsedTimer timer;
    timer.start();
    const auto reply = parse_chat_response(R"({"choices":)" + deep + "}");
    QCOMPARE(reply.kind, ReplyKind::Retryable);
    QVERIFY2(reply.error.find("JSON nested deeper than 64 levels at byte") != std::string::npos, reply.error.c_str());
    const auto answer = validate_answer(R"({"Size":)" + deep + "}", "stop", OutputMode::JsonSchema, {"Size"});
    QVERIFY(!answer.ok);
    QVERIFY2(answer.error.find("the answer:1: JSON nested deeper than 64 levels") == 0, answer.error.c_str());
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed()) + " ms"));
  }

  // Issue 15, item 8: curl's verbose trace names the proxy with its user
  // info and sends Basic credentials; neither may reach a log.
  void redactsUrlUserInfoAndBasicAuth() {
    const std::string proxy = redact("* Uses proxy env variable https_proxy == 'http://puser:ppass123@10.0.0.1:3128'\n", "");
    QVERIFY2(proxy.find("ppass123") == std::string::npos && proxy.find("puser") == std::string::npos, proxy.c_str());
    QCOMPARE(proxy, std::string("* Uses proxy env variable https_proxy == 'http://[REDACTED]@10.0.0.1:3128'\n"));
    QCOMPARE(redact("Proxy-Authorization: Basic cHVzZXI6cHBhc3MxMjM=\r\nHost: x", ""),
             std::string("Proxy-Authorization: Basic [REDACTED]\r\nHost: x"));
    QCOMPARE(redact("authorization:dXNlcjpwYXNz", ""), std::string("authorization:[REDACTED]"));
    QCOMPARE(redact("POST https://u:p@api.example.org/v1 and https://api.example.org/a@b", ""),
             std::string("POST https://[REDACTED]@api.example.org/v1 and https://api.example.org/a@b"));
    // Prose keeps its words; a hostile text of "://" stays linear.
    QCOMPARE(redact("Basic coloration: brown; authorization: none", ""),
             std::string("Basic coloration: brown; authorization: [REDACTED]"));
    std::string many;
    for (int i = 0; i < 300'000; ++i) many += "://a";
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(redact(many, ""), many);
    QVERIFY(timer.elapsed() < 2000);
  }

  void keyOverPlainHttpIsRefusedOffLoopback() {
    const std::string key = "sk-abcdefgh12345678";
    const std::string p = insecure_key_problem("http://user:secretpw@Example.org:8080/v1", key, false);
    QVERIFY2(p.find("refusing to send the API key over plain http to example.org") == 0, p.c_str());
    QVERIFY2(p.find("--allow-insecure-http") != std::string::npos, p.c_str());
    QVERIFY2(p.find("secretpw") == std::string::npos, p.c_str());
    QVERIFY(!insecure_key_problem("HTTP://example.org/v1", key, false).empty());
    QVERIFY(!insecure_key_problem("example.org/v1", key, false).empty());  // curl's default scheme is http
    QVERIFY(!insecure_key_problem("http://127.0.0.1.example.org/v1", key, false).empty());
    QVERIFY(insecure_key_problem("http://example.org/v1", key, true).empty());
    QVERIFY(insecure_key_problem("https://example.org/v1", key, false).empty());
    QVERIFY(insecure_key_problem("http://example.org/v1", "EMPTY", false).empty());  // a placeholder, not a secret
    QVERIFY(insecure_key_problem("http://example.org/v1", "", false).empty());
    for (const char* local : {"http://127.0.0.1:8080/v1", "http://localhost/v1", "http://[::1]:8080/v1",
                              "http://LOCALHOST:1/v1", "http://127.1.2.3/v1", "http://x:y@localhost/v1"})
      QVERIFY2(insecure_key_problem(local, key, false).empty(), local);
    // The client itself refuses before sending anything.
    ClientConfig c;
    c.base_url = "http://example.org/v1";
    c.model = "m";
    c.api_key = key;
    ChatClient client(c);
    const ChatReply r = client.complete({{"user", "hi"}}, nullptr);
    QCOMPARE(r.kind, ReplyKind::Fatal);
    QVERIFY2(r.error.find("refusing to send the API key over plain http") == 0, r.error.c_str());
  }

  void rejectsBadConfig() {
    BatchConfig c;
    c.prompt_template = PromptTemplate::parse("[user]\n{{class_name}}\n", "t");
    c.fields = {"Size"};
    QVERIFY_EXCEPTION_THROWN(validate_config(c), std::invalid_argument);  // no model
    c.client.model = "m";
    validate_config(c);
    c.variants = 0;
    QVERIFY_EXCEPTION_THROWN(validate_config(c), std::invalid_argument);
  }
};

QTEST_APPLESS_MAIN(TestLlmUnits)
#include "tst_llm_units.moc"

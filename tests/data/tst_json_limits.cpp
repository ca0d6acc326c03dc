// Hostile JSON (issue 15, item 2): the one parse door (core/json) and the
// data files that go through it. A document nested 100k deep used to parse
// and then overflow the stack in whatever copied, compared or dumped it.
#include "data_test_util.h"

#include "core/data/description_import.h"
#include "core/data/descriptions.h"
#include "core/data/diagnostics.h"
#include "core/data/manifest.h"
#include "core/json/parse_limited.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace plumage;
using plumage::test::write_text;

namespace {

// `depth` nested arrays: "[[[...]]]".
std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

class TestJsonLimits : public QObject {
  Q_OBJECT
 private slots:
  void depth_is_refused_while_scanning() {
    QElapsedTimer timer;
    timer.start();
    try {
      jsonio::parse(nested(100'000), "deep.json", jsonio::kConfig);
      QFAIL("expected jsonio::Error");
    } catch (const jsonio::Error& e) {
      QCOMPARE(e.kind(), jsonio::Error::Kind::Depth);
      // The 65th '[' (byte 64) is the one too deep.
      QCOMPARE(std::string(e.what()), std::string("deep.json:1: JSON nested deeper than 64 levels at byte 64"));
      QCOMPARE(e.byte(), std::size_t(64));
    }
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed()) + " ms"));
    // 64 levels are fine; the line of the offending byte is named.
    QCOMPARE(jsonio::parse(nested(64), "ok.json", jsonio::kConfig).size(), std::size_t(1));
    try {
      jsonio::parse("{\n\"a\":\n" + nested(70) + "}", "lines.json", jsonio::kConfig);
      QFAIL("expected jsonio::Error");
    } catch (const jsonio::Error& e) {
      QCOMPARE(e.line(), std::size_t(3));
    }
  }

  void brackets_inside_strings_do_not_count() {
    const std::string text = "{\"a\": \"" + std::string(1000, '[') + "\\\"" + std::string(1000, '{') + "\"}";
    const nlohmann::json j = jsonio::parse(text, "s.json", jsonio::kConfig);
    QCOMPARE(j.at("a").get<std::string>().size(), std::size_t(2001));
  }

  void size_is_refused_before_parsing() {
    const jsonio::Limits small{100};
    try {
      jsonio::parse("[" + std::string(200, ' ') + "]", "big.json", small);
      QFAIL("expected jsonio::Error");
    } catch (const jsonio::Error& e) {
      QCOMPARE(e.kind(), jsonio::Error::Kind::Size);
      QVERIFY2(QString(e.what()).contains("big.json: JSON of 202 bytes is larger than the limit of 100 bytes"),
               e.what());
    }
    // A file: its size is checked before it is read.
    QTemporaryDir dir;
    const std::string path = dir.filePath("big.json").toStdString();
    std::ofstream(path) << "[" << std::string(200, ' ') << "]";
    try {
      jsonio::read_file(path, small);
      QFAIL("expected jsonio::Error");
    } catch (const jsonio::Error& e) {
      QVERIFY2(QString(e.what()).contains("file of 202 bytes is larger than the limit of 100 bytes"), e.what());
    }
    // Syntax errors keep their line and say "invalid JSON".
    try {
      jsonio::parse("{\n\"a\": }", "bad.json", jsonio::kConfig);
      QFAIL("expected jsonio::Error");
    } catch (const jsonio::Error& e) {
      QCOMPARE(e.kind(), jsonio::Error::Kind::Syntax);
      QVERIFY2(QString(e.what()).startsWith("bad.json:2: invalid JSON"), e.what());
    }
    // A number out of range is nlohmann's out_of_range, not a parse_error:
    // still this door's error, never a stray exception.
    try {
      jsonio::parse("[1e99999]", "num.json", jsonio::kConfig);
      QFAIL("expected jsonio::Error");
    } catch (const jsonio::Error& e) {
      QCOMPARE(e.kind(), jsonio::Error::Kind::Syntax);
      QVERIFY2(QString(e.what()).startsWith("num.json: invalid JSON ("), e.what());
    }
  }

  void deep_descriptions_file_is_a_data_error() {
    QTemporaryDir dir;
    // The deep value sits where a field string belongs.
    write_text(dir.path().toStdString(), "d.json",
               R"({"format":"plumage-descriptions","version":1,"classes":[{"class":"a","variants":[{"fields":{"Beak":)" +
                   nested(100'000) + "}}]}]}");
    try {
      data::DescriptionStore::load(dir.filePath("d.json").toStdString());
      QFAIL("expected DataError");
    } catch (const data::DataError& e) {
      QVERIFY2(QString(e.what()).contains("d.json:1: JSON nested deeper than 64 levels at byte"), e.what());
    }
  }

  void deep_phrase_list_is_a_data_error() {
    QTemporaryDir dir;
    write_text(dir.path().toStdString(), "c.json", R"({"Laysan Albatross": )" + nested(100'000) + "}");
    data::DescriptionStore store;
    try {
      data::import_phrase_lists(dir.filePath("c.json").toStdString(), data::PhraseListKind::CuPL,
                                {"002.Laysan_Albatross"}, store);
      QFAIL("expected DataError");
    } catch (const data::DataError& e) {
      QVERIFY2(QString(e.what()).contains("c.json:1: JSON nested deeper than 64 levels"), e.what());
    }
  }

  void deep_manifest_is_a_data_error() {
    QTemporaryDir dir;
    write_text(dir.path().toStdString(), "m.json", R"({"classes": ["a"], "images": )" + nested(100'000) + "}");
    try {
      data::read_manifest(dir.filePath("m.json").toStdString());
      QFAIL("expected DataError");
    } catch (const data::DataError& e) {
      QVERIFY2(QString(e.what()).contains("m.json:1: JSON nested deeper than 64 levels"), e.what());
    }
  }
};

int run_json_limits_tests(int argc, char** argv) {
  TestJsonLimits t;
  return QTest::qExec(&t, argc, argv);
}

#include "tst_json_limits.moc"

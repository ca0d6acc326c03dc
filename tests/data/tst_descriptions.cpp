// Descriptions store: JSON round trip, malformed files, Menon/CuPL import,
// class-name matching, parsing of structured LLM answers.
#include "data_test_util.h"

#include "core/data/class_names.h"
#include "core/data/description_import.h"
#include "core/data/descriptions.h"
#include "core/data/file_util.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <fstream>

using namespace plumage::data;
using plumage::test::write_text;

class TestDescriptions : public QObject {
  Q_OBJECT
 private slots:
  void sha256_known_vectors() {
    QCOMPARE(sha256_tag(""), std::string("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(sha256_tag("abc"), std::string("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    // 56 bytes: padding spills into a second block.
    QCOMPARE(sha256_tag("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
             std::string("sha256:248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
  }

  void round_trip_keeps_everything() {
    QTemporaryDir dir;
    DescriptionStore s;
    s.title = "test";
    s.fields = default_bird_fields();
    DescriptionVariant v;
    v.set_field("Size", "Large");
    v.set_field("Beak", "Long and hooked");
    v.set_field("Eyes", "Dark");
    v.sentences = {"a seabird"};
    v.status = ReviewStatus::Approved;
    v.provenance.source = "llm";
    v.provenance.model = "m";
    v.provenance.prompt_template = "Describe {class}";
    v.provenance.prompt = "Describe Albatross";
    v.provenance.created = "2026-01-01T00:00:00Z";
    v.provenance.raw_text = "Size: Large\nBeak: Long and hooked\nEyes: Dark";
    v.provenance.parameters["temperature"] = 0.5;
    s.add_variant("001.Black_footed_Albatross", v);
    s.add_variant("001.Black_footed_Albatross", v);  // same id is renamed
    s.failures.push_back({"002.Laysan_Albatross", "no fields", {}});
    const std::string path = dir.filePath("d.json").toStdString();
    s.save(path);
    auto t = DescriptionStore::load(path);
    QCOMPARE(t.title, std::string("test"));
    QCOMPARE(t.fields, s.fields);
    QCOMPARE(t.classes.size(), std::size_t(1));
    const auto& c = t.classes[0];
    QCOMPARE(c.variants.size(), std::size_t(2));
    QVERIFY(c.variants[0].id != c.variants[1].id);
    const auto& w = c.variants[0];
    // Field order is preserved, not alphabetized.
    QCOMPARE(w.fields[0].first, std::string("Size"));
    QCOMPARE(w.fields[1].first, std::string("Beak"));
    QCOMPARE(w.fields[2].first, std::string("Eyes"));
    QCOMPARE(w.status, ReviewStatus::Approved);
    QCOMPARE(w.provenance.raw_text, v.provenance.raw_text);
    QCOMPARE(w.provenance.prompt_template_hash, sha256_tag("Describe {class}"));
    QCOMPARE(w.provenance.parameters["temperature"].get<double>(), 0.5);
    QCOMPARE(w.joined_text(), std::string("Size: Large. Beak: Long and hooked. Eyes: Dark. a seabird"));
    QCOMPARE(t.failures.size(), std::size_t(1));
    QCOMPARE(t.failures[0].error, std::string("no fields"));
    QVERIFY(!std::filesystem::exists(path + ".tmp"));
  }

  void usable_variants_prefer_approved() {
    ClassDescriptions c;
    c.variants.resize(3);
    c.variants[0].status = ReviewStatus::Rejected;
    QCOMPARE(c.usable_variants().size(), std::size_t(2));
    c.variants[2].status = ReviewStatus::Approved;
    QCOMPARE(c.usable_variants().size(), std::size_t(1));
    QCOMPARE(c.usable_variants()[0], &c.variants[2]);
  }

  void malformed_files_name_the_key_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("not json") << "{\"format\": " << "d.json:1: invalid JSON";
    QTest::newRow("wrong format") << R"({"format":"x","version":1})" << "format: expected \"plumage-descriptions\"";
    QTest::newRow("newer version") << R"({"format":"plumage-descriptions","version":9})" << "this program reads up to 1";
    QTest::newRow("bad status")
        << R"({"format":"plumage-descriptions","version":1,"classes":[{"class":"a","variants":[{"status":"ok"}]}]})"
        << "classes[0].variants[0].status: unknown status \"ok\"";
    QTest::newRow("field not string")
        << R"({"format":"plumage-descriptions","version":1,"classes":[{"class":"a","variants":[{"fields":{"Beak":3}}]}]})"
        << "classes[0].variants[0].fields.Beak: expected a string";
    QTest::newRow("duplicate class")
        << R"({"format":"plumage-descriptions","version":1,"classes":[{"class":"a"},{"class":"a"}]})"
        << "classes[1].class: duplicate class \"a\"";
    QTest::newRow("missing class")
        << R"({"format":"plumage-descriptions","version":1,"classes":[{"display_name":"a"}]})"
        << "classes[0].class: missing";
  }
  void malformed_files_name_the_key() {
    QFETCH(QString, json);
    QFETCH(QString, message);
    QTemporaryDir dir;
    write_text(dir.path().toStdString(), "d.json", json.toStdString());
    try {
      DescriptionStore::load(dir.filePath("d.json").toStdString());
      QFAIL("expected DataError");
    } catch (const DataError& e) {
      QVERIFY2(QString(e.what()).contains(message), e.what());
    }
  }

  void class_name_matching() {
    ClassNameMatcher m({"001.Black_footed_Albatross", "009.Brewer_Blackbird", "022.Chuck_will_Widow",
                        "034.Gray_crowned_Rosy_Finch", "100.Brown_Pelican"});
    QCOMPARE(m.match("Black-footed Albatross").value(), std::size_t(0));
    QCOMPARE(m.match("black footed albatross").value(), std::size_t(0));
    QCOMPARE(m.match("BLACK_FOOTED_ALBATROSS").value(), std::size_t(0));
    QCOMPARE(m.match("Brewer's Blackbird").value(), std::size_t(1));
    QCOMPARE(m.match("Brewer\xE2\x80\x99s Blackbird").value(), std::size_t(1));
    QCOMPARE(m.match("Chuck-will's-widow").value(), std::size_t(2));
    QCOMPARE(m.match("Gray-crowned-Rosy Finch").value(), std::size_t(3));
    QCOMPARE(m.match("Graycrowned Rosy Finch").value(), std::size_t(3));
    QVERIFY(!m.match("Pelican").has_value());
    QVERIFY(!m.match("").has_value());
    QCOMPARE(display_name_from_class_dir("001.Black_footed_Albatross"), std::string("Black footed Albatross"));
  }

  void menon_import_maps_all_subset_classes() {
    const std::string menon = plumage::test::shared_data("descriptions/menon_vondrick_gpt3_descriptors_cub.json");
    const std::string classes = plumage::test::shared_data("cub200-subset/classes.txt");
    if (menon.empty() || classes.empty()) QSKIP("shared data (descriptions, cub200-subset) not available");
    std::vector<std::string> names;
    for (const auto& line : split_lines(read_file_bytes(classes))) {
      auto f = split_fields(line);
      if (f.size() == 2) names.push_back(f[1]);
    }
    QCOMPARE(names.size(), std::size_t(40));
    DescriptionStore store;
    auto r = import_phrase_lists(menon, PhraseListKind::MenonVondrick, names, store);
    QCOMPARE(r.matched, std::size_t(40));
    QVERIFY(r.classes_without_entry.empty());
    QCOMPARE(r.unmatched_names.size(), std::size_t(160));  // the other 160 CUB classes
    QVERIFY(r.problems.empty());
    const auto* c = store.find("022.Chuck_will_Widow");
    QVERIFY(c);
    QCOMPARE(c->variants.size(), std::size_t(1));
    QCOMPARE(c->variants[0].provenance.source, std::string("menon_vondrick"));
    QVERIFY(!c->variants[0].sentences.empty());
    // Importing again replaces the variant instead of duplicating it.
    import_phrase_lists(menon, PhraseListKind::MenonVondrick, names, store);
    QCOMPARE(store.find("022.Chuck_will_Widow")->variants.size(), std::size_t(1));
  }

  void cupl_import_reports_problems() {
    QTemporaryDir dir;
    write_text(dir.path().toStdString(), "c.json",
               R"({"Laysan Albatross": ["A photo of a Laysan albatross, a large seabird."],
                   "Dodo": ["extinct"], "Sooty Albatross": "not a list", "Brown Pelican": [1]})");
    DescriptionStore store;
    auto r = import_phrase_lists(dir.filePath("c.json").toStdString(), PhraseListKind::CuPL,
                                 {"002.Laysan_Albatross", "003.Sooty_Albatross"}, store);
    QCOMPARE(r.matched, std::size_t(1));
    QCOMPARE(r.unmatched_names, std::vector<std::string>{"Dodo"});
    QCOMPARE(r.classes_without_entry, std::vector<std::string>{"003.Sooty_Albatross"});
    QCOMPARE(r.problems.size(), std::size_t(2));
    QVERIFY(QString::fromStdString(r.problems[0].message).contains("Sooty Albatross\": expected a list of strings"));
    QCOMPARE(store.find("002.Laysan_Albatross")->variants[0].id, std::string("cupl"));
  }

  void parse_structured_answer() {
    const std::string raw =
        "Here is the description:\n"
        "**Size:** Medium, about 20 cm.\n"
        "- Beak: short and conical\n"
        "  with a yellow base\n"
        "\n"
        "3. coloration - bright red overall\n"
        "Tail: long\n";
    auto p = parse_structured_text(raw, {"Size", "Coloration", "Beak", "Eyes", "Tail"});
    QCOMPARE(p.fields.size(), std::size_t(4));
    QCOMPARE(p.fields[0], std::make_pair(std::string("Size"), std::string("Medium, about 20 cm.")));
    QCOMPARE(p.fields[1].second, std::string("short and conical with a yellow base"));
    QCOMPARE(p.fields[2], std::make_pair(std::string("Coloration"), std::string("bright red overall")));
    QCOMPARE(p.unparsed, std::vector<std::string>{"Here is the description:"});
    QCOMPARE(p.missing, std::vector<std::string>{"Eyes"});
  }
};

int run_descriptions_tests(int argc, char** argv) {
  TestDescriptions t;
  return QTest::qExec(&t, argc, argv);
}

#include "tst_descriptions.moc"

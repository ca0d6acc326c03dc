// Descriptions store: JSON round trip, malformed files, Menon/CuPL import,
// class-name matching, parsing of structured LLM answers.
#include "data_test_util.h"

#include "core/data/class_names.h"
#include "core/data/description_import.h"
#include "core/data/description_lint.h"
#include "core/data/descriptions.h"
#include "core/data/file_util.h"
#include "core/data/tokenizer/tokenizer.h"

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

  // --- one reader for every descriptions layout --------------------------------

  void open_descriptions_detects_the_layout() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    DescriptionStore plumage_file;
    plumage_file.find_or_add("002.Laysan_Albatross").variants.push_back({});
    plumage_file.save(d + "/p.json");
    write_text(d, "menon.json", R"({"Laysan Albatross": ["a seabird", "white with black wings"]})");
    write_text(d, "cupl.json", R"({"Laysan Albatross": ["A Laysan albatross is a large seabird.", "It is white."]})");
    const std::vector<std::string> names = {"002.Laysan_Albatross"};
    auto p = open_descriptions(d + "/p.json", DescriptionsFileKind::Auto, {});
    QCOMPARE(int(p.kind), int(DescriptionsFileKind::Plumage));
    QVERIFY(!p.import);
    auto m = open_descriptions(d + "/menon.json", DescriptionsFileKind::Auto, names);
    QCOMPARE(int(m.kind), int(DescriptionsFileKind::MenonVondrick));
    QVERIFY(m.import && m.import->matched == 1);
    QCOMPARE(m.store.find("002.Laysan_Albatross")->variants[0].id, std::string("menon"));
    auto c = open_descriptions(d + "/cupl.json", DescriptionsFileKind::Auto, names);
    QCOMPARE(int(c.kind), int(DescriptionsFileKind::CuPL));
    QCOMPARE(c.store.find("002.Laysan_Albatross")->variants[0].id, std::string("cupl"));
    // A phrase list names classes by display name: without a dataset it cannot be matched.
    try {
      open_descriptions(d + "/menon.json", DescriptionsFileKind::Auto, {});
      QFAIL("a phrase list without class names was accepted");
    } catch (const DataError& e) {
      QVERIFY2(QString(e.what()).contains("give the dataset"), e.what());
    }
    QVERIFY(!descriptions_kind_from_string("menon2"));
  }

  // --- lint ---------------------------------------------------------------------

  static DescriptionVariant structured(const std::string& id, std::vector<std::pair<std::string, std::string>> f) {
    DescriptionVariant v;
    v.id = id;
    v.fields = std::move(f);
    return v;
  }

  static bool has_flag(const std::vector<LintFlag>& flags, const std::string& cls, const std::string& variant,
                       LintKind kind, const std::string& field, const std::string& detail_part) {
    return std::any_of(flags.begin(), flags.end(), [&](const LintFlag& f) {
      return f.class_name == cls && f.variant_id == variant && f.kind == kind && f.field == field &&
             f.detail.find(detail_part) != std::string::npos;
    });
  }

  void lint_flags_planted_problems() {
    DescriptionStore s;
    s.fields = {"Size", "Coloration", "Beak", "Feet", "Eyes"};
    auto& a = s.find_or_add("001.Black_footed_Albatross", "Black-footed Albatross");
    a.variants.push_back(structured("v1", {{"Size", "Large seabird with a wingspan of 2.1 m and about 3.1 kg."},
                                           {"Coloration", "Dark brown overall."},
                                           {"Beak", "Dark, hooked."},
                                           {"Feet", "Black webbed feet."},
                                           {"Eyes", ""}}));
    // Another class's name in this class's text, a missing field, and habitat words.
    a.variants.push_back(structured("v2", {{"Size", "Smaller than a Laysan Albatross."},
                                           {"Coloration", "Brown; lives in the open ocean of the North Pacific."},
                                           {"Beak", "Dark."},
                                           {"Feet", "Black."}}));
    a.variants.push_back(structured("v3", {{"Size", "Smaller than a Laysan Albatross."},
                                           {"Coloration", "Brown; lives in the open ocean of the North Pacific."},
                                           {"Beak", "Dark."},
                                           {"Feet", "Black."}}));
    auto& song = s.find_or_add("133.Song_Sparrow", "Song Sparrow");
    song.variants.push_back(structured("v1", {{"Size", "Small."}, {"Coloration", "The Song Sparrow is streaked brown."},
                                              {"Beak", "Short, conical."}, {"Feet", "Pink."}, {"Eyes", "Dark."}}));
    s.find_or_add("002.Laysan_Albatross", "Laysan Albatross");
    const auto flags = lint_descriptions(s, LintRules::builtin());
    const std::string bfa = "001.Black_footed_Albatross";
    QVERIFY(has_flag(flags, bfa, "v1", LintKind::NonVisual, "Size", "\"2.1 m\" (a length)"));
    QVERIFY(has_flag(flags, bfa, "v1", LintKind::NonVisual, "Size", "\"3.1 kg\" (a weight)"));
    QVERIFY(has_flag(flags, bfa, "v1", LintKind::EmptyField, "Eyes", "empty"));
    QVERIFY(has_flag(flags, bfa, "v2", LintKind::MissingField, "Eyes", "missing"));
    QVERIFY(has_flag(flags, bfa, "v2", LintKind::NamesOtherClass, "Size", "002.Laysan_Albatross"));
    QVERIFY(has_flag(flags, bfa, "v2", LintKind::NonVisual, "Coloration", "(habitat)"));
    QVERIFY(has_flag(flags, bfa, "v2", LintKind::NonVisual, "Coloration", "\"pacific\" (range)"));
    QVERIFY(has_flag(flags, bfa, "v3", LintKind::NearDuplicate, "", "variant v2"));
    QVERIFY(!has_flag(flags, bfa, "v2", LintKind::NearDuplicate, "", ""));
    // "Song" in the Song Sparrow's own name is not a behaviour word; nothing else is wrong there.
    QVERIFY2(std::none_of(flags.begin(), flags.end(), [](const LintFlag& f) { return f.class_name == "133.Song_Sparrow"; }),
             "the Song Sparrow's own name was flagged");
    // "webbed feet" is a body part, not a length: no number before it.
    QVERIFY(!has_flag(flags, bfa, "v1", LintKind::NonVisual, "Feet", ""));
    // One class at a time (the Descriptions page): the same flags for that class, others' names still known.
    LintOptions one;
    one.only_class = bfa;
    const auto only = lint_descriptions(s, LintRules::builtin(), one);
    QCOMPARE(only.size(), size_t(std::count_if(flags.begin(), flags.end(), [&](const LintFlag& f) { return f.class_name == bfa; })));
    QVERIFY(has_flag(only, bfa, "v2", LintKind::NamesOtherClass, "Size", "002.Laysan_Albatross"));
  }

  void lint_flags_fields_beyond_the_context() {
    const std::string vocab = plumage::test::shared_data("clip/bpe_simple_vocab_16e6.txt.gz");
    if (vocab.empty()) QSKIP("shared data (CLIP vocabulary) not available");
    const ClipTokenizer tok = ClipTokenizer::load(vocab);
    std::string long_text;
    for (int i = 0; i < 88; ++i) long_text += "grey ";  // 88 words -> 90+ tokens with the field name
    DescriptionStore s;
    s.fields = {"Size", "Beak"};
    s.find_or_add("001.Black_footed_Albatross").variants.push_back(structured("v1", {{"Size", long_text}, {"Beak", "Dark."}}));
    LintOptions opt;
    opt.tokenizer = &tok;
    const auto flags = lint_descriptions(s, LintRules::builtin(), opt);
    QVERIFY(has_flag(flags, "001.Black_footed_Albatross", "v1", LintKind::TooLong, "Size", "tokens (CLIP reads 77)"));
    QVERIFY(!has_flag(flags, "001.Black_footed_Albatross", "v1", LintKind::TooLong, "Beak", ""));
    QVERIFY(has_flag(flags, "001.Black_footed_Albatross", "v1", LintKind::TooLong, "", "whole description"));
    // Without a tokenizer nothing about length is claimed.
    const auto no_tok = lint_descriptions(s, LintRules::builtin());
    QVERIFY(!has_flag(no_tok, "001.Black_footed_Albatross", "v1", LintKind::TooLong, "Size", ""));
  }

  void lint_rules_are_data_with_located_errors() {
    const LintRules r = LintRules::parse("# c\n[habitat]\nreef\n", "mine.txt");
    QCOMPARE(r.habitat, std::vector<std::string>{"reef"});
    DescriptionStore s;
    s.find_or_add("001.A").variants.push_back(structured("v1", {{"Size", "Seen on a reef."}}));
    QCOMPARE(lint_descriptions(s, r).size(), std::size_t(1));
    QCOMPARE(lint_descriptions(s, LintRules::parse("", "empty.txt")).size(), std::size_t(0));
    try {
      LintRules::parse("[habitat]\nreef\n[colour]\nred\n", "bad.txt");
      QFAIL("unknown section accepted");
    } catch (const DataError& e) {
      QVERIFY2(QString(e.what()).contains("bad.txt:3"), e.what());
    }
    QVERIFY_EXCEPTION_THROWN(LintRules::parse("reef\n", "w.txt"), DataError);
    // The built-in lists are the shipped data file, parsed.
    QVERIFY(!LintRules::builtin().length_units.empty() && !LintRules::builtin().habitat.empty());
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

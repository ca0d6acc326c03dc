// Reed captions (issue item 3) and COCO captions (item 5): joins, pairs and
// every malformed-input case with its message.
#include "data_test_util.h"

#include "core/data/coco_captions.h"
#include "core/data/reed_captions.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

using namespace plumage::data;
using plumage::test::write_text;

namespace {

Dataset two_image_dataset() {
  Dataset ds;
  ds.kind = "cub";
  ds.classes = {{1, "001.Black_footed_Albatross", "Black footed Albatross"}, {2, "002.Laysan_Albatross", "Laysan Albatross"}};
  ds.images = {{1, "001.Black_footed_Albatross/Black_Footed_Albatross_0001_1.jpg", 0, true, {}},
               {2, "002.Laysan_Albatross/Laysan_Albatross_0002_2.jpg", 1, false, {}}};
  return ds;
}

std::string ten_lines(const std::string& prefix) {
  std::string s;
  for (int i = 0; i < 10; ++i) s += prefix + " caption " + std::to_string(i) + "\n";
  return s;
}

QString all(const std::vector<Diagnostic>& list) {
  QString s;
  for (const auto& d : list) s += QString::fromStdString(d.to_string()) + "\n";
  return s;
}

}  // namespace

class TestCaptions : public QObject {
  Q_OBJECT
 private slots:
  void reed_valid() {
    QTemporaryDir tmp;
    const std::string d = tmp.path().toStdString();
    write_text(d, "001.Black_footed_Albatross/Black_Footed_Albatross_0001_1.txt", ten_lines("a"));
    write_text(d, "002.Laysan_Albatross/Laysan_Albatross_0002_2.txt", ten_lines("b"));
    write_text(d, "002.Laysan_Albatross/Laysan_Albatross_0099_9.txt", ten_lines("x"));  // image not in dataset
    write_text(d, "150.Sage_Thrasher/Sage_Thrasher_0001_1.txt", ten_lines("c"));        // class not in dataset
    auto caps = read_reed_captions(two_image_dataset(), d);
    QCOMPARE(caps.images_with_captions(), std::size_t(2));
    QCOMPARE(caps.caption_count(), std::size_t(20));
    QCOMPARE(caps.per_image[1][3], std::string("b caption 3"));
    QCOMPARE(caps.unused_folders, std::size_t(1));
    QCOMPARE(caps.unused_files, std::size_t(1));
  }

  void reed_malformed_data() {
    QTest::addColumn<QString>("case_name");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing file") << "missing" << "Laysan_Albatross_0002_2.txt: missing caption file for image 2";
    QTest::newRow("nine lines") << "nine" << "Laysan_Albatross_0002_2.txt: has 9 caption lines, expected 10";
    QTest::newRow("invalid utf8") << "bytes" << "Laysan_Albatross_0002_2.txt:4: undecodable bytes (not valid UTF-8)";
    QTest::newRow("U+FFFD") << "fffd" << "Laysan_Albatross_0002_2.txt:2: contains U+FFFD replacement characters";
    QTest::newRow("folder mismatch") << "folder"
                                     << "002.laysan_albatross: caption folder name does not match dataset class folder \"002.Laysan_Albatross\"";
  }
  void reed_malformed() {
    QFETCH(QString, case_name);
    QFETCH(QString, message);
    QTemporaryDir tmp;
    const std::string d = tmp.path().toStdString();
    write_text(d, "001.Black_footed_Albatross/Black_Footed_Albatross_0001_1.txt", ten_lines("a"));
    std::string b = ten_lines("b");
    std::string folder = "002.Laysan_Albatross";
    if (case_name == "nine") b = b.substr(0, b.rfind("b caption 9"));
    if (case_name == "bytes") b.replace(b.find("caption 3"), 1, "\xC3\x28");
    if (case_name == "fffd") b.replace(b.find("caption 1"), 1, "\xEF\xBF\xBD");
    if (case_name == "folder") folder = "002.laysan_albatross";
    if (case_name != "missing") write_text(d, folder + "/Laysan_Albatross_0002_2.txt", b);
    else std::filesystem::create_directories(d + "/" + folder);
    try {
      read_reed_captions(two_image_dataset(), d);
      QFAIL("strict read accepted malformed captions");
    } catch (const DataError& e) {
      QVERIFY2(all(e.problems()).contains(message), qPrintable(all(e.problems())));
    }
    auto caps = read_reed_captions(two_image_dataset(), d, {ReadMode::Lenient, 10});
    QVERIFY2(all(caps.warnings).contains(message), qPrintable(all(caps.warnings)));
    QCOMPARE(caps.per_image[0].size(), std::size_t(10));  // the good file is unaffected
    if (case_name == "bytes" || case_name == "fffd") {
      QCOMPARE(caps.per_image[1].size(), std::size_t(10));  // line kept, bad bytes removed
      for (const auto& c : caps.per_image[1]) QVERIFY(c.find("\xEF\xBF\xBD") == std::string::npos);
    }
    if (case_name == "folder" || case_name == "missing") QVERIFY(caps.per_image[1].empty());
    if (case_name == "folder") QVERIFY(all(caps.warnings).contains("no caption folder for class folder 002.Laysan_Albatross"));
  }

  void coco_pairs_and_paths() {
    QTemporaryDir tmp;
    const std::string d = tmp.path().toStdString();
    write_text(d, "annotations/captions_val2017.json", R"({"info": {"year": 2017, "nested": [1, {"id": "x"}]},
      "images": [{"id": 5, "file_name": "000000000005.jpg", "width": 640, "height": 480, "license": 3},
                 {"id": 7, "file_name": "000000000007.jpg"}],
      "licenses": [{"id": 1, "name": "x"}],
      "annotations": [{"id": 1, "image_id": 5, "caption": "A bird on a branch. "},
                      {"id": 2, "image_id": 5, "caption": "A small bird."},
                      {"id": 3, "image_id": 7, "caption": "Two dogs."}]})");
    write_text(d, "val2017/000000000005.jpg", "x");
    write_text(d, "val2017/000000000007.jpg", "x");
    auto c = read_coco_captions(d + "/annotations/captions_val2017.json", {ReadMode::Strict, "", true});
    QCOMPARE(c.images.size(), std::size_t(2));
    QCOMPARE(c.images[0].width, 640);
    QCOMPARE(c.captions.size(), std::size_t(3));
    QCOMPARE(c.captions[0].caption, std::string("A bird on a branch."));
    auto pairs = c.pairs();
    QCOMPARE(pairs[2].first, std::size_t(1));
    QCOMPARE(c.images_with_captions(), std::size_t(2));
    QVERIFY(c.notes.empty());
    QCOMPARE(std::filesystem::path(c.image_path(c.images[1])).lexically_normal(),
             std::filesystem::path(d + "/val2017/000000000007.jpg").lexically_normal());
  }

  void coco_malformed_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("message");
    const QString img = R"("images": [{"id": 1, "file_name": "a.jpg"}])";
    QTest::newRow("syntax") << R"({"images": [)" << "invalid JSON at byte";
    QTest::newRow("not an object") << R"([1, 2])" << "expected a JSON object with images and annotations";
    QTest::newRow("unknown image id") << "{" + img + R"(, "annotations": [{"id": 1, "image_id": 9, "caption": "x"}]})"
                                      << "annotations[0]: image_id 9 is not in images";
    QTest::newRow("caption not a string") << "{" + img + R"(, "annotations": [{"id": 1, "image_id": 1, "caption": 4}]})"
                                          << "annotations[0].caption: expected a string";
    QTest::newRow("missing caption") << "{" + img + R"(, "annotations": [{"id": 1, "image_id": 1}]})"
                                     << "annotations[0]: missing \"caption\"";
    QTest::newRow("empty caption") << "{" + img + R"(, "annotations": [{"id": 1, "image_id": 1, "caption": "  "}]})"
                                   << "annotations[0]: empty caption";
    QTest::newRow("duplicate image") << R"({"images": [{"id": 1, "file_name": "a.jpg"}, {"id": 1, "file_name": "b.jpg"}], "annotations": []})"
                                     << "images: duplicate image id 1";
    QTest::newRow("image without file name") << R"({"images": [{"id": 1}], "annotations": []})"
                                             << "images[0]: missing \"file_name\"";
    QTest::newRow("string image id") << "{" + img + R"(, "annotations": [{"id": 1, "image_id": "1", "caption": "x"}]})"
                                     << "annotations[0].image_id: expected an integer";
    QTest::newRow("no annotations") << "{" + img + "}" << "no \"annotations\" list";
  }
  void coco_malformed() {
    QFETCH(QString, json);
    QFETCH(QString, message);
    QTemporaryDir tmp;
    const std::string d = tmp.path().toStdString();
    write_text(d, "captions_x.json", json.toStdString());
    try {
      read_coco_captions(d + "/captions_x.json");
      QFAIL("strict read accepted malformed COCO file");
    } catch (const DataError& e) {
      QVERIFY2(all(e.problems()).contains(message), qPrintable(all(e.problems())));
    }
  }

  void coco_missing_image_folder_is_a_note() {
    QTemporaryDir tmp;
    const std::string d = tmp.path().toStdString();
    write_text(d, "captions_train2017.json", R"({"images": [], "annotations": []})");
    auto c = read_coco_captions(d + "/captions_train2017.json");
    QVERIFY(c.image_dir.empty());
    QCOMPARE(c.notes.size(), std::size_t(1));
    QVERIFY(QString::fromStdString(c.notes[0]).contains("train2017"));
  }
};

int run_captions_tests(int argc, char** argv) {
  TestCaptions t;
  return QTest::qExec(&t, argc, argv);
}

#include "tst_captions.moc"

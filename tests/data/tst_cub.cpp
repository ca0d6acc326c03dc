// CUB-200-2011 reader and manifest datasets: the real subset, and every
// malformed-input case of the issue (item 1) on fixtures made at run time.
#include "data_test_util.h"

#include "core/data/cub.h"
#include "core/data/diagnostics.h"
#include "core/data/file_util.h"
#include "core/data/manifest.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

using namespace plumage::data;
using plumage::test::write_text;

namespace {

// A valid 2-class, 4-image CUB layout (image files are placeholders: the
// reader only checks that they exist). `edit` may overwrite one file.
struct CubFixture {
  QTemporaryDir tmp;
  std::string root;
  CubFixture() : root(tmp.path().toStdString()) {
    write("classes.txt", "1 001.Black_footed_Albatross\r\n2 002.Laysan_Albatross  \n\n");
    write("images.txt",
          "1 001.Black_footed_Albatross/a_1.jpg\n2 001.Black_footed_Albatross/a_2.jpg\n"
          "3 002.Laysan_Albatross/b_1.jpg\n4 002.Laysan_Albatross/b_2.jpg\n");
    write("image_class_labels.txt", "1 1\n2 1\n3 2\n4 2\n");
    write("train_test_split.txt", "1 1\n2 0\n3 1\n4 0\n");
    write("bounding_boxes.txt", "1 1.0 2.0 30.5 40.0\n2 0 0 10 10\n3 5 5 5 5\n4 1 1 1 1\n");
    for (const char* p : {"001.Black_footed_Albatross/a_1.jpg", "001.Black_footed_Albatross/a_2.jpg",
                          "002.Laysan_Albatross/b_1.jpg", "002.Laysan_Albatross/b_2.jpg"})
      write(std::string("images/") + p, "x");
  }
  void write(const std::string& rel, const std::string& text) { write_text(root, rel, text); }
};

QString problems_text(const DataError& e) {
  QString s;
  for (const auto& d : e.problems()) s += QString::fromStdString(d.to_string()) + "\n";
  return s;
}

}  // namespace

class TestCub : public QObject {
  Q_OBJECT
 private slots:
  void reads_valid_fixture() {
    CubFixture f;
    Dataset ds = read_cub(f.root);
    QCOMPARE(ds.classes.size(), std::size_t(2));
    QCOMPARE(ds.classes[1].id, 2);
    QCOMPARE(ds.classes[1].name, std::string("002.Laysan_Albatross"));  // trailing spaces dropped
    QCOMPARE(ds.classes[0].display_name, std::string("Black footed Albatross"));
    QCOMPARE(ds.images.size(), std::size_t(4));
    QCOMPARE(ds.images[2].id, int64_t(3));
    QCOMPARE(ds.images[2].label, 1);  // class id 2 -> label 1
    QCOMPARE(ds.train_count(), std::size_t(2));
    QVERIFY(ds.images[0].bbox.has_value());
    QCOMPARE(ds.images[0].bbox->width, 30.5);
    QVERIFY(ds.warnings.empty());
    QVERIFY(!ds.attributes && !ds.parts);
  }

  void malformed_inputs_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("message");
    QTest::newRow("id missing from labels")
        << "image_class_labels.txt" << "1 1\n2 1\n3 2\n" << "images.txt:4: image 4 has no entry in image_class_labels.txt";
    QTest::newRow("id only in split file")
        << "train_test_split.txt" << "1 1\n2 0\n3 1\n4 0\n9 1\n" << "train_test_split.txt:5: image id 9 is not in images.txt";
    QTest::newRow("label disagrees with folder")
        << "image_class_labels.txt" << "1 1\n2 2\n3 2\n4 2\n"
        << "image_class_labels.txt:2: image 2 is labeled class 2 (002.Laysan_Albatross) but lies in folder 001.Black_footed_Albatross";
    QTest::newRow("listed image does not exist")
        << "images.txt" << "1 001.Black_footed_Albatross/a_1.jpg\n2 001.Black_footed_Albatross/a_2.jpg\n"
                           "3 002.Laysan_Albatross/b_1.jpg\n4 002.Laysan_Albatross/nope.jpg\n"
        << "images.txt:4: image file not found: images/002.Laysan_Albatross/nope.jpg";
    QTest::newRow("duplicate id")
        << "images.txt" << "1 001.Black_footed_Albatross/a_1.jpg\n2 001.Black_footed_Albatross/a_2.jpg\n"
                           "3 002.Laysan_Albatross/b_1.jpg\n4 002.Laysan_Albatross/b_2.jpg\n"
                           "2 002.Laysan_Albatross/b_3.jpg\n"
        << "images.txt:5: duplicate id 2 (first on line 2)";
    QTest::newRow("non-numeric id") << "train_test_split.txt" << "1 1\n2 0\nthree 1\n4 0\n"
                                    << "train_test_split.txt:3: id \"three\" is not a positive integer";
    QTest::newRow("non-numeric field") << "bounding_boxes.txt" << "1 1 2 3 4\n2 0 0 10 10\n3 5 5 five 5\n4 1 1 1 1\n"
                                       << "bounding_boxes.txt:3: \"five\" is not a number";
    QTest::newRow("bad split value") << "train_test_split.txt" << "1 1\n2 0\n3 2\n4 0\n"
                                     << "train_test_split.txt:3: split must be 1 (train) or 0 (test), found 2";
    QTest::newRow("unknown class id") << "image_class_labels.txt" << "1 1\n2 1\n3 7\n4 2\n"
                                      << "image_class_labels.txt:3: class id 7 is not in classes.txt";
    QTest::newRow("wrong field count") << "image_class_labels.txt" << "1 1\n2 1 1\n3 2\n4 2\n"
                                       << "image_class_labels.txt:2: expected 2 fields (image id, class id), found 3";
    QTest::newRow("missing file") << "train_test_split.txt" << "<delete>" << "train_test_split.txt: file not found";
  }
  void malformed_inputs() {
    QFETCH(QString, file);
    QFETCH(QString, content);
    QFETCH(QString, message);
    CubFixture f;
    if (content == "<delete>") std::filesystem::remove(f.root + "/" + file.toStdString());
    else f.write(file.toStdString(), content.toStdString());
    // Strict: an error naming file:line.
    try {
      read_cub(f.root);
      QFAIL("strict read accepted malformed input");
    } catch (const DataError& e) {
      QVERIFY2(problems_text(e).contains(message), qPrintable(problems_text(e)));
    }
    // Lenient: the same message as a warning; the affected image is skipped, the rest kept.
    Dataset ds = read_cub(f.root, {ReadMode::Lenient, true});
    QString w;
    for (const auto& d : ds.warnings) w += QString::fromStdString(d.to_string()) + "\n";
    QVERIFY2(w.contains(message), qPrintable(w));
    QVERIFY(ds.images.size() <= 4);
    for (const auto& r : ds.images) QVERIFY(r.label >= 0 && r.label < 2);
  }

  void attributes_at_root_and_parts() {
    CubFixture f;
    f.write("attributes.txt", "1 has_bill_shape::curved_(up_or_down)\n2 has_wing_color::blue\n");
    std::string labels;
    for (int img = 1; img <= 4; ++img)
      for (int a = 1; a <= 2; ++a)
        labels += std::to_string(img) + " " + std::to_string(a) + " " + (a == img % 2 + 1 ? "1" : "0") + " 3 1.5\n";
    f.write("attributes/image_attribute_labels.txt", labels);
    f.write("parts/parts.txt", "1 back\n2 left eye\n");
    f.write("parts/part_locs.txt", "1 1 10.0 20.0 1\n1 2 0 0 0\n3 2 5.5 6.5 1\n");
    Dataset ds = read_cub(f.root);
    QVERIFY(ds.attributes.has_value());
    QCOMPARE(ds.attributes->names.size(), std::size_t(2));
    QCOMPARE(int(ds.attributes->present[0 * 2 + 1]), 1);  // image 1: attribute 2
    QCOMPARE(int(ds.attributes->present[1 * 2 + 0]), 1);  // image 2: attribute 1
    QCOMPARE(int(ds.attributes->certainty[3]), 3);
    QVERIFY(ds.parts.has_value());
    QCOMPARE(ds.parts->names[1], std::string("left eye"));
    QCOMPARE(ds.parts->locations[2 * 2 + 1].x, 5.5f);
    QVERIFY(ds.parts->locations[2 * 2 + 1].visible);

    f.write("attributes/image_attribute_labels.txt", "1 1 1 3 1.5\n1 9 1 3 1.5\n");
    try {
      read_cub(f.root);
      QFAIL("accepted out-of-range attribute");
    } catch (const DataError& e) {
      QVERIFY2(problems_text(e).contains("image_attribute_labels.txt:2: attribute id, is_present or certainty out of range"),
               qPrintable(problems_text(e)));
    }
  }

  void reads_shared_subset() {
    const std::string root = plumage::test::shared_data("cub200-subset");
    if (root.empty()) QSKIP("shared data cub200-subset not available");
    Dataset ds = read_cub(root);
    QCOMPARE(ds.classes.size(), std::size_t(40));
    QCOMPARE(ds.images.size(), std::size_t(2290));
    QCOMPARE(ds.train_count(), std::size_t(1200));
    QCOMPARE(ds.test_count(), std::size_t(1090));
    QVERIFY(ds.warnings.empty());
    for (auto c : ds.class_counts()) QVERIFY(c > 0);
  }

  void manifest_csv_and_json() {
    QTemporaryDir tmp;
    const std::string d = tmp.path().toStdString();
    for (const char* p : {"img/a.jpg", "img/b.jpg", "img/c d.jpg"}) write_text(d, p, "x");
    write_text(d, "m.csv", "split,path,class,x,y,width,height\r\ntrain,img/a.jpg,Pug,1,2,3,4\n"
                           "test,\"img/c d.jpg\",\"Shiba, Inu\",,,,\n\ntrain,img/b.jpg,Pug,,,,\n");
    Dataset ds = read_manifest(d + "/m.csv");
    QCOMPARE(ds.classes.size(), std::size_t(2));
    QCOMPARE(ds.classes[0].name, std::string("Pug"));  // sorted by name
    QCOMPARE(ds.images.size(), std::size_t(3));
    QCOMPARE(ds.images[1].path, std::string("img/c d.jpg"));
    QCOMPARE(ds.images[1].label, 1);
    QVERIFY(!ds.images[1].is_train);
    QVERIFY(ds.images[0].bbox && ds.images[0].bbox->height == 4.0);
    QCOMPARE(ds.image_path(ds.images[0]), d + "/img/a.jpg");

    write_text(d, "m.json", R"({"image_root": "img", "classes": ["Shiba", "Pug"],
      "images": [{"path": "a.jpg", "class": "Pug", "split": "train", "id": 10},
                 {"path": "b.jpg", "class": "Shiba", "split": "test", "bbox": [0, 0, 5, 5]}]})");
    Dataset dj = open_dataset(d + "/m.json");
    QCOMPARE(dj.classes[0].name, std::string("Shiba"));  // listed order
    QCOMPARE(dj.images[0].id, int64_t(10));
    QCOMPARE(dj.images[0].label, 1);
    QCOMPARE(dj.images[1].id, int64_t(2));
  }

  void manifest_malformed_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing column") << "m.csv" << "path,class\na.jpg,Pug\n" << "m.csv:1: header has no \"split\" column";
    QTest::newRow("bad split") << "m.csv" << "path,class,split\na.jpg,Pug,val\n"
                               << "m.csv:2: split must be \"train\" or \"test\", found \"val\"";
    QTest::newRow("missing image") << "m.csv" << "path,class,split\na.jpg,Pug,train\nzz.jpg,Pug,test\n"
                                   << "m.csv:3: image file not found: zz.jpg";
    QTest::newRow("column count") << "m.csv" << "path,class,split\na.jpg,Pug\n" << "m.csv:2: expected 3 columns, found 2";
    QTest::newRow("unterminated quote") << "m.csv" << "path,class,split\n\"a.jpg,Pug,train\n" << "m.csv:2: unterminated quoted field";
    QTest::newRow("json unknown class") << "m.json" << R"({"classes":["A"],"images":[{"path":"a.jpg","class":"B","split":"train"}]})"
                                        << "m.json: images[0]: class \"B\" is not in the classes list";
    QTest::newRow("json bad bbox") << "m.json" << R"([{"path":"a.jpg","class":"B","split":"train","bbox":[1,2]}])"
                                   << "m.json: images[0].bbox: expected [x, y, width, height]";
    QTest::newRow("duplicate path") << "m.csv" << "path,class,split\na.jpg,Pug,train\na.jpg,Pug,test\n"
                                    << "m.csv:3: duplicate path a.jpg";
  }
  void manifest_malformed() {
    QFETCH(QString, name);
    QFETCH(QString, content);
    QFETCH(QString, message);
    QTemporaryDir tmp;
    const std::string d = tmp.path().toStdString();
    write_text(d, "a.jpg", "x");
    write_text(d, name.toStdString(), content.toStdString());
    try {
      read_manifest(d + "/" + name.toStdString());
      QFAIL("accepted malformed manifest");
    } catch (const DataError& e) {
      QVERIFY2(problems_text(e).contains(message), qPrintable(problems_text(e)));
    }
  }

  // Absolute image paths in a manifest are used as they are (they were
  // joined to the root as "root//abs/x.jpg", and every image was skipped).
  void manifest_absolute_image_paths() {
    QTemporaryDir tmp, elsewhere;
    const std::string d = tmp.path().toStdString();
    const std::string abs = elsewhere.path().toStdString() + "/far/a.jpg";
    write_text(elsewhere.path().toStdString(), "far/a.jpg", "x");
    write_text(d, "img/b.jpg", "x");
    write_text(d, "m.csv", "split,path,class\ntrain," + abs + ",Pug\ntest,img/b.jpg,Pug\n");
    const Dataset ds = read_manifest(d + "/m.csv");
    QVERIFY(ds.warnings.empty());
    QCOMPARE(ds.images.size(), std::size_t(2));
    QCOMPARE(ds.image_path(ds.images[0]), abs);
    QVERIFY(QFile::exists(QString::fromStdString(ds.image_path(ds.images[0]))));
    QCOMPARE(ds.image_path(ds.images[1]), d + "/img/b.jpg");
    write_text(
        d, "m.json",
        R"({"image_root": "img", "images": [{"path": ")" + abs +
            R"(", "class": "Pug", "split": "train"}, {"path": "b.jpg", "class": "Pug", "split": "test"}]})");
    const Dataset dj = read_manifest(d + "/m.json");
    QCOMPARE(dj.image_path(dj.images[0]), abs);
    QCOMPARE(dj.image_path(dj.images[1]), d + "/img/b.jpg");
  }

  // write_file_atomic: the content lands whole, no temporary file is left,
  // and (traced with strace, where it runs) the file is fsync'd before the
  // rename and its folder after it.
  void atomic_write_syncs_file_and_folder() {
    QTemporaryDir tmp;
    const std::string d = tmp.path().toStdString();
    write_file_atomic(d + "/a.txt", "old");
    write_file_atomic(d + "/a.txt", "new content");
    QCOMPARE(read_file_bytes(d + "/a.txt"), std::string("new content"));
    QCOMPARE(QDir(tmp.path()).entryList(QDir::Files), QStringList{"a.txt"});
    try {
      write_file_atomic(d + "/missing/b.txt", "x");
      QFAIL("wrote into a missing folder");
    } catch (const DataError& e) {
      QVERIFY2(QString(e.what()).contains("missing/b.txt.tmp-") &&
                   QString(e.what()).contains("cannot create file"),
               e.what());
    }

    const QString strace = QStandardPaths::findExecutable("strace");
    if (strace.isEmpty()) QSKIP("strace not installed: fsync order not traced");
    const QString log = tmp.filePath("trace.log");
    const QString target = tmp.filePath("traced.txt");
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("PLUMAGE_TEST_ATOMIC_WRITE", target);
    p.setProcessEnvironment(env);
    p.start(strace,
            {"-f", "-s", "4096", "-e", "trace=openat,open,fsync,fdatasync,rename,renameat,renameat2,close",
             "-o", log, QCoreApplication::applicationFilePath()});
    QVERIFY(p.waitForFinished(60000));
    if (p.exitCode() != 0) QSKIP(qPrintable("strace cannot trace here: " + p.readAllStandardError()));
    QCOMPARE(read_file_bytes(target.toStdString()), std::string("payload\n"));
    QFile f(log);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).split('\n');
    // openat(..., "<target>.tmp-...", ...) = FD; fsync(FD); rename(tmp, target);
    // openat(..., "<folder>", O_RDONLY|O_DIRECTORY...) = DFD; fsync(DFD).
    QString tmp_fd, dir_fd;
    int tmp_synced = -1, renamed = -1, dir_synced = -1;
    const QRegularExpression fd_of(QStringLiteral("= (\\d+)$"));
    for (int i = 0; i < lines.size(); ++i) {
      const QString& l = lines[i];
      const auto m = fd_of.match(l);
      if (l.contains("open") && l.contains(target + ".tmp-") && m.hasMatch()) tmp_fd = m.captured(1);
      if (l.contains("open") && l.contains("\"" + tmp.path() + "\"") && l.contains("O_DIRECTORY") &&
          m.hasMatch())
        dir_fd = m.captured(1);
      if (!tmp_fd.isEmpty() && l.contains("fsync(" + tmp_fd + ")") && tmp_synced < 0 && renamed < 0)
        tmp_synced = i;
      if (l.contains("rename") && l.contains(target + ".tmp-") && l.contains(" = 0")) renamed = i;
      if (!dir_fd.isEmpty() && renamed >= 0 && l.contains("fsync(" + dir_fd + ")")) dir_synced = i;
    }
    QVERIFY2(tmp_synced >= 0 && renamed > tmp_synced, qPrintable(lines.join('\n')));
    QVERIFY2(dir_synced > renamed, qPrintable(lines.join('\n')));
  }

  void open_dataset_rejects_unknown_directory() {
    QTemporaryDir tmp;
    QVERIFY_THROWS_EXCEPTION(DataError, open_dataset(tmp.path().toStdString()));
  }
};

int run_cub_tests(int argc, char** argv) {
  TestCub t;
  return QTest::qExec(&t, argc, argv);
}

#include "tst_cub.moc"

// The demo dataset generator: what it writes must pass every reader in
// strict mode, and be identical for the same seed.
#include "data_test_util.h"

#include "core/data/coco_captions.h"
#include "core/data/cub.h"
#include "core/data/dataset_inspect.h"
#include "core/data/demo/demo_dataset.h"
#include "core/data/descriptions.h"
#include "core/data/file_util.h"
#include "core/data/image/image_decode.h"
#include "core/data/reed_captions.h"

#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace plumage::data;

class TestDemo : public QObject {
  Q_OBJECT
 private slots:
  void demo_passes_all_readers() {
    QTemporaryDir tmp;
    const std::string root = tmp.path().toStdString() + "/demo";
    DemoOptions opt;
    opt.classes = 6;
    opt.images_per_class = 4;
    opt.image_size = 96;
    opt.seed = 7;
    DemoSummary s = make_demo_dataset(root, opt);
    QCOMPARE(s.images, std::size_t(24));
    Dataset ds = read_cub(root);  // strict
    QCOMPARE(ds.classes.size(), std::size_t(6));
    QCOMPARE(ds.images.size(), std::size_t(24));
    QCOMPARE(ds.train_count(), std::size_t(12));
    QVERIFY(ds.attributes.has_value());
    std::set<std::string> names;
    for (const auto& c : ds.classes) names.insert(c.display_name);
    QCOMPARE(names.size(), std::size_t(6));
    for (const auto& r : ds.images) {
      QVERIFY(r.bbox && r.bbox->width > 10 && r.bbox->height > 10);
      RgbImage im = decode_image_file(ds.image_path(r));
      QCOMPARE(im.height, 96);
      QVERIFY(r.bbox->x + r.bbox->width <= im.width + 0.5);
    }
    ImageCaptions caps = read_reed_captions(ds, s.reed_dir);  // strict: 10 valid lines each
    QCOMPARE(caps.caption_count(), std::size_t(240));
    std::set<std::string> distinct(caps.per_image[0].begin(), caps.per_image[0].end());
    QCOMPARE(distinct.size(), std::size_t(10));
    CocoCaptions coco = read_coco_captions(s.coco_file, {ReadMode::Strict, "", true});
    QCOMPARE(coco.images.size(), std::size_t(24));
    QCOMPARE(coco.images_with_captions(), std::size_t(24));
    QVERIFY(!coco.image_dir.empty());
    DescriptionStore store = DescriptionStore::load(s.descriptions_file);
    QCOMPARE(store.classes.size(), std::size_t(6));
    QVERIFY(store.classes[0].variants[0].field("Beak"));
    InspectOptions io;
    io.reed_dir = s.reed_dir;
    io.descriptions_file = s.descriptions_file;
    InspectReport rep = inspect_dataset(root, io);
    QVERIFY2(rep.valid(), rep.to_text().c_str());
    QCOMPARE(*rep.classes_with_descriptions, std::size_t(6));
    QCOMPARE(*rep.images_with_captions, std::size_t(24));
  }

  void deterministic_per_seed() {
    QTemporaryDir tmp;
    const std::string a = tmp.path().toStdString() + "/a", b = tmp.path().toStdString() + "/b",
                      c = tmp.path().toStdString() + "/c";
    DemoOptions opt;
    opt.classes = 3;
    opt.images_per_class = 2;
    opt.image_size = 64;
    make_demo_dataset(a, opt);
    make_demo_dataset(b, opt);
    opt.seed = 2;
    make_demo_dataset(c, opt);
    for (const char* f : {"images.txt", "classes.txt", "bounding_boxes.txt", "descriptions.json"})
      QCOMPARE(read_file_bytes(a + "/" + f), read_file_bytes(b + "/" + f));
    Dataset ds = read_cub(a);
    const std::string img = "/images/" + ds.images[1].path;
    QCOMPARE(read_file_bytes(a + img), read_file_bytes(b + img));
    QVERIFY(read_file_bytes(a + "/classes.txt") != read_file_bytes(c + "/classes.txt") ||
            read_file_bytes(a + "/bounding_boxes.txt") != read_file_bytes(c + "/bounding_boxes.txt"));
    // Refuses to overwrite an existing dataset.
    QVERIFY_THROWS_EXCEPTION(DataError, make_demo_dataset(a, opt));
  }
};

int run_demo_tests(int argc, char** argv) {
  TestDemo t;
  return QTest::qExec(&t, argc, argv);
}

#include "tst_demo.moc"

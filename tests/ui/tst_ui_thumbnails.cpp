// Thumbnails: decoded on the pool and delivered by signal, cached on disk
// (a second cache reads them back with the original size), unreadable files
// reported, newest requests served first.
#include "ui/browser/thumbnail_cache.h"
#include "ui_fixtures.h"

#include <QDirIterator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace plumage::ui;

class TestThumbnails : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  plumage::test::TinyCub cub_;
  QStringList images_;

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    cub_ = plumage::test::writeTinyCub(tmp_.path(), 2, 6);
    QDirIterator it(cub_.root + "/images", {"*.jpg"}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) images_ << it.next();
    images_.sort();
    QCOMPARE(images_.size(), 12);
  }

  void poolDeliversEveryThumbnail() {
    const QString disk = tmp_.filePath("thumbs");
    {
      ThumbnailCache cache(disk, 64);
      QSignalSpy ready(&cache, &ThumbnailCache::ready);
      for (const QString& p : images_) QVERIFY(cache.thumbnail(p).isNull());
      QCOMPARE(cache.pendingCount(), 12);
      QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 12, 10000);
      QCOMPARE(cache.pendingCount(), 0);
      for (const QString& p : images_) {
        const QPixmap pm = cache.thumbnail(p);
        QVERIFY(!pm.isNull());
        QVERIFY(pm.width() <= 64 && pm.height() <= 64);
        QVERIFY(cache.originalSize(p).width() >= 160);
      }
    }
    int files = 0;
    QDirIterator it(disk, {"*.jpg"}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
      it.next();
      ++files;
    }
    QCOMPARE(files, 12);
    // A new cache (new session) reads them back from disk, original size included.
    ThumbnailCache again(disk, 64);
    QSignalSpy ready(&again, &ThumbnailCache::ready);
    again.thumbnail(images_[0]);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 5000);
    QCOMPARE(again.originalSize(images_[0]), QSize(160, 120));
    QSize orig;
    QString error;
    const QImage fromDisk = loadThumbnail(images_[0], 64, disk, &orig, &error);
    QVERIFY2(!fromDisk.isNull(), qPrintable(error));
    QCOMPARE(orig, QSize(160, 120));
  }

  void unreadableImagesAreReported() {
    const QString bad = tmp_.filePath("broken.jpg");
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not a jpeg at all");
    f.close();
    ThumbnailCache cache(QString(), 64);
    QSignalSpy failed(&cache, &ThumbnailCache::failed);
    cache.thumbnail(bad);
    cache.thumbnail(tmp_.filePath("missing.jpg"));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, 5000);
    QVERIFY(!cache.errorFor(bad).isEmpty());
    QCOMPARE(cache.errorFor(tmp_.filePath("missing.jpg")), QString("file not found"));
    // A failed image is not requested again on every repaint.
    QVERIFY(cache.thumbnail(bad).isNull());
    QCOMPARE(cache.pendingCount(), 0);
  }

  void queueIsBoundedAndClearable() {
    ThumbnailCache cache(QString(), 32);
    QStringList many;
    for (int i = 0; i < ThumbnailCache::kMaxQueued + 100; ++i) many << images_[i % images_.size()] + QStringLiteral("?%1").arg(i);
    QSignalSpy failed(&cache, &ThumbnailCache::failed);
    for (const QString& p : many) cache.thumbnail(p);
    cache.clearQueue();
    QTRY_COMPARE_WITH_TIMEOUT(cache.pendingCount(), 0, 5000);
    QVERIFY(failed.count() <= many.size());
  }
};

QTEST_MAIN(TestThumbnails)
#include "tst_ui_thumbnails.moc"

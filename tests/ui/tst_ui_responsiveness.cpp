// Browsing an 11,788-image dataset (the size of CUB-200-2011; made of
// symlinks to the shared subset's images, nothing copied) must stay smooth:
// the first thumbnails appear within 0.5 s of the dataset being shown, and
// scrolling through the whole grid never stalls the event loop over 100 ms.
// Prints the measured numbers.
#include "ui/browser/browser_page.h"
#include "ui/shell/dataset_session.h"
#include "ui/browser/image_grid_model.h"
#include "ui/shell/loaded_dataset.h"
#include "ui/browser/thumbnail_cache.h"
#include "ui_fixtures.h"
#include "ui/shell/workspace.h"

#include <QElapsedTimer>
#include <QListView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QThreadPool>
#include <QTimer>

#include <cstdio>

using namespace plumage::ui;

class TestResponsiveness : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void browsingElevenThousandImages() {
    QTemporaryDir tmp;
    const int kImages = 11788;
    QElapsedTimer setup;
    setup.start();
    const QString root = plumage::test::writeSymlinkedCub(tmp.path(), kImages);
    std::printf("fixture (symlinks) written in %lld ms\n", setup.elapsed());
    if (root.isEmpty()) QSKIP("shared data missing: cub200-subset");
    QString error;
    std::unique_ptr<Workspace> ws(Workspace::create(tmp.filePath("ws"), &error));
    QVERIFY2(ws, qPrintable(error));

    BrowserPage page;
    page.resize(1280, 800);
    page.setWorkspace(ws.get());
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));

    QElapsedTimer load;
    load.start();
    QVERIFY(ws->addDataset({"large", root, {}, {}, "auto"}, &error));
    QTRY_VERIFY_WITH_TIMEOUT(ws->session()->dataset() != nullptr, 60000);
    const qint64 loadMs = load.elapsed();
    QCOMPARE(page.gridModel()->rowCount(), kImages);

    // First thumbnails: from the grid being filled to the first decoded cell painted.
    QElapsedTimer first;
    first.start();
    QSignalSpy changed(page.gridModel(), &QAbstractItemModel::dataChanged);
    QTRY_VERIFY_WITH_TIMEOUT(changed.count() >= 1, 5000);
    QCoreApplication::processEvents();  // the repaint of the changed cells
    const qint64 firstMs = first.elapsed();
    QTRY_VERIFY_WITH_TIMEOUT(page.gridModel()->pendingThumbnails() == 0, 10000);
    const qint64 screenMs = first.elapsed();

    // Scroll through everything at a steady pace while a heartbeat timer measures stalls.
    QScrollBar* bar = page.grid()->verticalScrollBar();
    const int range = bar->maximum();
    QVERIFY(range > 0);
    const int durationMs = 6000;
    qint64 maxGap = 0, gaps = 0, gapSum = 0;
    QElapsedTimer clock, sinceBeat;
    clock.start();
    sinceBeat.start();
    QTimer beat;
    beat.setInterval(5);
    connect(&beat, &QTimer::timeout, this, [&] {
      const qint64 g = sinceBeat.restart();
      maxGap = std::max(maxGap, g);
      gapSum += g;
      ++gaps;
    });
    QTimer scroll;
    scroll.setInterval(16);
    connect(&scroll, &QTimer::timeout, this, [&] {
      bar->setValue(int(double(range) * std::min<qint64>(clock.elapsed(), durationMs) / durationMs));
    });
    QSignalSpy delivered(page.thumbnails(), &ThumbnailCache::ready);
    beat.start();
    scroll.start();
    QTRY_VERIFY_WITH_TIMEOUT(bar->value() == range, durationMs + 20000);
    QTest::qWait(100);
    beat.stop();
    scroll.stop();
    const qint64 scrollMs = clock.elapsed();

    std::printf("machine: %d cores (QThread::idealThreadCount), thumbnail decoding on %d pool thread(s)\n",
                QThread::idealThreadCount(), std::max(1, QThread::idealThreadCount() - 1));
    std::printf("dataset: %d images (symlinked CUB layout), lenient load %lld ms\n", kImages, loadMs);
    std::printf("first thumbnail painted: %lld ms; first screen complete: %lld ms (cold disk cache)\n", firstMs, screenMs);
    std::printf("scroll through %d rows of pixels in %lld ms: max event-loop gap %lld ms, mean %.1f ms over %lld beats, "
                "%d thumbnails delivered while scrolling\n",
                range, scrollMs, maxGap, gaps ? double(gapSum) / double(gaps) : 0.0, gaps, int(delivered.count()));
    std::printf("test body done after %lld ms\n", setup.elapsed());
    QVERIFY2(firstMs < 500, qPrintable(QString("first thumbnail after %1 ms").arg(firstMs)));
    QVERIFY2(maxGap <= 100, qPrintable(QString("event loop stalled %1 ms").arg(maxGap)));
  }
};

QTEST_MAIN(TestResponsiveness)
#include "tst_ui_responsiveness.moc"

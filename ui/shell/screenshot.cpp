#include "ui/shell/screenshot.h"

#include "ui/common/job.h"
#include "ui/descriptions/descriptions_page.h"
#include "ui/realdata/real_data_entry.h"
#include "ui/shell/cut_text_check.h"
#include "ui/shell/main_window.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QPixmap>
#include <QThread>

#include <cstdio>

namespace plumage::ui {

bool waitUntilIdle(MainWindow& window, int timeoutMs) {
  QDeadlineTimer deadline(timeoutMs);
  int idleRounds = 0;
  // Several consecutive idle polls: a finished job often starts the next load.
  while (idleRounds < 5) {
    if (deadline.hasExpired()) return false;
    QApplication::processEvents(QEventLoop::AllEvents, 20);
    idleRounds = window.isBusy() ? 0 : idleRounds + 1;
    QThread::msleep(10);
  }
  QApplication::processEvents();
  return true;
}

int writeScreenshot(QWidget* widget, const ScreenshotRequest& request) {
  const QList<CutText> cut = findCutTexts(widget);
  for (const CutText& c : cut) std::fprintf(stderr, "plumage: cut text: %s\n", qPrintable(c.describe()));
  const QImage image = widget->grab().toImage();
  const QFileInfo out(request.file);
  if (!out.absoluteDir().exists() && !QDir().mkpath(out.absolutePath())) {
    std::fprintf(stderr, "plumage: cannot create folder %s\n", qPrintable(out.absolutePath()));
    return 1;
  }
  if (image.isNull() || !image.save(request.file, "PNG")) {
    std::fprintf(stderr, "plumage: cannot write %s\n", qPrintable(request.file));
    return 1;
  }
  std::printf("%s\n", qPrintable(QDir::toNativeSeparators(out.absoluteFilePath())));
  return request.failOnCutText && !cut.isEmpty() ? 3 : 0;
}

int takeScreenshot(MainWindow& window, const ScreenshotRequest& request) {
  if (request.page == QLatin1String("real-data")) return takeRealDataScreenshot(window, request);  // a dialog, not a page
  // "results/class-gains": a page, then a part of it (a tab).
  const QString pageId = request.page.section(QLatin1Char('/'), 0, 0);
  const QString section = request.page.section(QLatin1Char('/'), 1);
  if (!pageId.isEmpty() && !window.showPage(pageId)) {
    std::fprintf(stderr, "plumage: --page %s: no such page (pages: %s)\n", qPrintable(pageId),
                 qPrintable(window.pageIds().join(QStringLiteral(", "))));
    return 2;
  }
  if (!section.isEmpty() && !window.page(pageId)->showSection(section)) {
    std::fprintf(stderr, "plumage: --page %s: page %s has no section %s\n", qPrintable(request.page), qPrintable(pageId),
                 qPrintable(section));
    return 2;
  }
  window.resize(request.size);
  window.show();
  if (!waitUntilIdle(window, request.timeoutMs))
    std::fprintf(stderr, "plumage: still loading after %d ms; taking the screenshot anyway\n", request.timeoutMs);
  // Checked once the page holds its content: a page whose minimum width grew pushes the window wider.
  if (window.size() != request.size) {
    std::fprintf(stderr, "plumage: --size %dx%d: the window needs at least %dx%d\n", request.size.width(),
                 request.size.height(), window.width(), window.height());
    return 2;
  }
  if (!request.scoreModel.isEmpty()) {
    auto* page = qobject_cast<DescriptionsPage*>(window.page(QStringLiteral("descriptions")));
    if (page) page->scoreDescriptions(request.scoreModel, request.scoreImages);
    if (!page || !page->scoreJob()) {
      std::fprintf(stderr, "plumage: --score-descriptions: no descriptions to score\n");
      return 2;
    }
    QString error;
    QObject::connect(page->scoreJob(), &Job::failed, page, [&error](const QString& e) { error = e; });
    if (!page->scoreJob()->waitForFinished(request.timeoutMs) || !error.isEmpty()) {
      std::fprintf(stderr, "plumage: --score-descriptions: %s\n", qPrintable(error.isEmpty() ? QStringLiteral("timed out") : error));
      return 1;
    }
    waitUntilIdle(window, request.timeoutMs);
  }
  return writeScreenshot(&window, request);
}

}  // namespace plumage::ui

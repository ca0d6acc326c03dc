// plumage: the Qt workbench.
#include "core/experiment/runtime.h"
#include "ui/shell/language.h"
#include "ui/shell/main_window.h"
#include "ui/results/figure_command.h"
#include "ui/shell/screenshot.h"
#include "ui/shell/workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char** argv) {
  // `plumage figure ...` writes a results figure without a window.
  const bool figure = argc > 1 && std::strcmp(argv[1], "figure") == 0;
  if (figure && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  // --version must work without a display; --screenshot renders offscreen.
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--version") == 0) {
      std::printf("%s\n", plumage::experiment::version_line("plumage").c_str());
      return 0;
    }
    if (std::strcmp(argv[i], "--screenshot") == 0 && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
      qputenv("QT_QPA_PLATFORM", "offscreen");
    // High-DPI shots: the scale factor must be set before the application starts.
    if (std::strcmp(argv[i], "--scale") == 0 && i + 1 < argc) {
      const double scale = std::atof(argv[i + 1]);
      if (!(scale >= 1.0 && scale <= 4.0)) {
        std::fprintf(stderr, "plumage: --scale %s: expected a number from 1 to 4\n", argv[i + 1]);
        return 2;
      }
      qputenv("QT_SCALE_FACTOR", argv[i + 1]);
    }
  }
  QApplication app(argc, argv);
  QApplication::setApplicationName("Plumage");
  QApplication::setOrganizationName("Plumage");
  QApplication::setApplicationVersion(QString::fromStdString(plumage::experiment::plumage_version()));
  // UI language: --language, else the saved setting, else the system locale.
  QString language = plumage::ui::savedLanguageSetting();
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--language") != 0) continue;
    language = QString::fromLocal8Bit(argv[i + 1]);
    if (!plumage::ui::isLanguageSetting(language)) {
      std::fprintf(stderr, "plumage: --language %s: expected ja, en or system\n", argv[i + 1]);
      return 2;
    }
  }
  plumage::ui::installTranslations(plumage::ui::resolveLanguage(language));
  if (figure) return plumage::ui::results::runFigureCommand(QApplication::arguments());

  QCommandLineParser parser;
  parser.setApplicationDescription(
      QApplication::translate("main", "Workbench for fine-grained image classification with text-derived training data"));
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption workspaceOpt(QStringLiteral("workspace"),
                                  QApplication::translate("main", "Open the workspace in <dir>."),
                                  QStringLiteral("dir"));
  QCommandLineOption screenshotOpt(QStringLiteral("screenshot"),
                                   QApplication::translate("main", "Render the window to <file> (PNG) and exit."),
                                   QStringLiteral("file"));
  QCommandLineOption pageOpt(QStringLiteral("page"),
                             QApplication::translate("main", "Page to show: browser, descriptions, setup, runs, results; a Results tab as results/<tab> (ratio, per-class, confusion, run-vs-run, class-gains, diagnostics)."),
                             QStringLiteral("page"));
  QCommandLineOption languageOpt(QStringLiteral("language"),
                                 QApplication::translate("main", "UI language: ja, en or system (saved for next time)."),
                                 QStringLiteral("lang"));
  QCommandLineOption scoreOpt(
      QStringList{QStringLiteral("score-descriptions")},
      QApplication::translate("main", "With --screenshot: first score the descriptions with <model>,<image features>."),
      QStringLiteral("model,features"));
  QCommandLineOption sizeOpt(QStringLiteral("size"),
                             QApplication::translate("main", "With --screenshot: window size, e.g. 1920x1080 (default 1280x800)."),
                             QStringLiteral("WxH"));
  QCommandLineOption scaleOpt(QStringLiteral("scale"),
                              QApplication::translate("main", "Device pixel ratio, e.g. 2 for a high-DPI screenshot."),
                              QStringLiteral("factor"));
  QCommandLineOption cutOpt(QStringLiteral("fail-on-cut-text"),
                            QApplication::translate("main", "With --screenshot: exit with status 3 when some text is cut off."));
  parser.addOptions({workspaceOpt, screenshotOpt, pageOpt, languageOpt, scoreOpt, sizeOpt, scaleOpt, cutOpt});
  parser.process(app);

  const bool screenshot = parser.isSet(screenshotOpt);
  // Saved for the next start, except for one-off screenshots.
  if (parser.isSet(languageOpt) && !screenshot) plumage::ui::saveLanguageSetting(parser.value(languageOpt));
  plumage::ui::MainWindow window(/*restoreState=*/!screenshot);

  // Which workspace: the one asked for, else the last one used, else the demo.
  QString error;
  if (parser.isSet(workspaceOpt)) {
    if (!window.openWorkspace(parser.value(workspaceOpt), &error)) {
      std::fprintf(stderr, "plumage: %s\n", qPrintable(error));
      return 2;
    }
  } else {
    const QStringList recent = plumage::ui::RecentWorkspaces::list();
    if (screenshot || recent.isEmpty() || !window.openWorkspace(recent.first(), &error))
      window.openDemoWorkspace();
  }

  if (screenshot) {
    plumage::ui::ScreenshotRequest request;
    request.file = parser.value(screenshotOpt);
    request.page = parser.value(pageOpt);
    request.failOnCutText = parser.isSet(cutOpt);
    if (parser.isSet(sizeOpt)) {
      const QStringList wh = parser.value(sizeOpt).split(QLatin1Char('x'));
      bool okW = false, okH = false;
      const int w = wh.size() == 2 ? wh[0].toInt(&okW) : 0, h = wh.size() == 2 ? wh[1].toInt(&okH) : 0;
      if (!okW || !okH || w < 320 || h < 240 || w > 7680 || h > 4320) {
        std::fprintf(stderr, "plumage: --size %s: expected WIDTHxHEIGHT, e.g. 1920x1080\n", qPrintable(parser.value(sizeOpt)));
        return 2;
      }
      request.size = QSize(w, h);
    }
    if (parser.isSet(scoreOpt)) {
      const QStringList parts = parser.value(scoreOpt).split(QLatin1Char(','));
      if (parts.size() != 2) {
        std::fprintf(stderr, "plumage: --score-descriptions wants MODEL,IMAGE_FEATURES\n");
        return 2;
      }
      request.scoreModel = parts[0];
      request.scoreImages = parts[1];
    }
    return plumage::ui::takeScreenshot(window, request);
  }
  if (parser.isSet(pageOpt) && !window.showPage(parser.value(pageOpt)))
    std::fprintf(stderr, "plumage: --page %s: no such page\n", qPrintable(parser.value(pageOpt)));
  window.show();
  return app.exec();
}

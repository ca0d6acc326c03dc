// plumage: the Qt workbench.
#include "engine/build_info.h"
#include "main_window.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>

int main(int argc, char** argv) {
  // --version must work without a display.
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--version") {
      std::printf("%s\n", plumage::version_line("plumage").c_str());
      return 0;
    }
  }
  QApplication app(argc, argv);
  QApplication::setApplicationName("Plumage");
  QApplication::setOrganizationName("Plumage");
  QApplication::setApplicationVersion(QString::fromStdString(plumage::version()));

  QCommandLineParser parser;
  parser.setApplicationDescription("Workbench for fine-grained image classification with text-derived training data");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.process(app);

  plumage::ui::MainWindow window;
  window.show();
  return app.exec();
}

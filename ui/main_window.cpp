#include "main_window.h"

#include "engine/build_info.h"

#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

namespace plumage::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("Plumage"));
  auto* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
  auto* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About Plumage"), this, &MainWindow::showAbout);

  auto* intro = new QLabel(tr("Plumage %1").arg(QString::fromStdString(version())), this);
  intro->setAlignment(Qt::AlignCenter);
  setCentralWidget(intro);
  statusBar()->showMessage(QString::fromStdString(version_line("plumage")));

  QSettings settings;
  if (!restoreGeometry(settings.value("window/geometry").toByteArray())) resize(1200, 800);
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About Plumage"),
                     tr("<p><b>Plumage</b> %1</p><p>Fine-grained image classification with text-derived "
                        "training data.</p><p>%2</p><p>License: GPL-3.0-or-later.</p>")
                         .arg(QString::fromStdString(version()),
                              QString::fromStdString(version_line("plumage"))));
}

}  // namespace plumage::ui

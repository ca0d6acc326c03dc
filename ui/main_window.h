#pragma once
#include <QMainWindow>

namespace plumage::ui {

// The workbench's main window.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);

 private:
  void showAbout();
};

}  // namespace plumage::ui

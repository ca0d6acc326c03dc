// Help → Real Experiment: what the study needs beyond the demo (CUB, Reed's
// captions, COCO, a CLIP checkpoint, an LLM API key), where each comes from
// and how much disk it takes, with a chooser per line whose choice is checked
// on the spot (RealDataChecks on a worker) and remembered in QSettings. A
// checked CUB folder can be added to the open workspace.
#pragma once

#include "ui/realdata/real_data_checks.h"

#include <QDialog>
#include <QPointer>
#include <QVector>

class QLabel;
class QLineEdit;
class QPushButton;

namespace plumage::ui {

class Job;
class Workspace;

class RealDataDialog : public QDialog {
  Q_OBJECT
 public:
  enum Item { Cub, Reed, Coco, Clip, ApiKey, ItemCount };

  // `workspace` may be null: then nothing can be added.
  explicit RealDataDialog(Workspace* workspace, QWidget* parent = nullptr);
  ~RealDataDialog() override;

  // Sets a line's choice and checks it at once (as choosing it in the file dialog does).
  void setChoice(Item item, const QString& path);
  // COCO's image folder (empty: the one found beside the captions file).
  void setCocoImageDir(const QString& dir);
  QString choice(Item item) const;
  RealDataCheck result(Item item) const;
  // The text shown on the item's result line.
  QString resultText(Item item) const;
  // True while a line's check runs (tests, screenshots).
  bool isChecking() const;
  // Registers the checked CUB folder (with the Reed folder when that checked
  // too) in the workspace; false with *error set otherwise.
  bool addCubToWorkspace(QString* error);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  struct Line {
    QLabel* title = nullptr;
    QLabel* source = nullptr;
    QLineEdit* path = nullptr;
    QLineEdit* extra = nullptr;  // COCO: the image folder
    QPushButton* browse = nullptr;
    QPushButton* browseExtra = nullptr;
    QLabel* status = nullptr;
    QPointer<Job> job;
    RealDataCheck result;
  };
  void retranslateUi();
  void buildLine(Item item);
  void browse(Item item, bool extra);
  void check(Item item);
  void showResult(Item item, const RealDataCheck& r);
  void remember() const;
  void updateAddButton();

  QPointer<Workspace> workspace_;
  QVector<Line> lines_;
  QLabel* intro_;
  QLabel* nextSteps_;
  QLabel* addStatus_;
  QPushButton* addCub_;
  QPushButton* close_;
};

}  // namespace plumage::ui

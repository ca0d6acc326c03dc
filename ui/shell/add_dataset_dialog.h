// File → Add Dataset: a CUB-layout folder (or manifest), optionally a Reed
// captions folder and a descriptions file. "Check" reads everything with the
// datasets code on a worker and lists what it found and every warning; the
// dataset can be added once a check succeeded for the current inputs.
#pragma once

#include "ui/shell/workspace.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace plumage::ui {

class DiagnosticsView;
class Job;

class AddDatasetDialog : public QDialog {
  Q_OBJECT
 public:
  explicit AddDatasetDialog(QWidget* parent = nullptr);
  ~AddDatasetDialog() override;

  DatasetEntry entry() const;
  void setEntry(const DatasetEntry& e);  // pre-fill (tests, "edit")
  // Starts the check; the result shows in the dialog.
  void check();
  bool checkedOk() const { return checkedOk_; }
  Job* checkJob() const { return job_; }

 private:
  QPushButton* browseButton(QLineEdit* target, bool directory, const QString& title);
  void inputsChanged();
  void onChecked(const QVariant& result);

  QLineEdit* name_;
  QLineEdit* root_;
  QLineEdit* captions_;
  QLineEdit* descriptions_;
  QComboBox* format_;
  QPushButton* checkButton_;
  QProgressBar* progress_;
  QLabel* summary_;
  DiagnosticsView* warnings_;
  QDialogButtonBox* buttons_;
  QPointer<Job> job_;
  bool checkedOk_ = false;
  bool nameEdited_ = false;
};

}  // namespace plumage::ui

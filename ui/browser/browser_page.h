// The dataset browser: class list (search, description filter, counts) on
// the left, the thumbnail grid of the selected classes on the right, with
// split filter and overlay toggles; double click (or Enter) opens the image
// viewer. The selection is shared with the description inspector through
// the workspace's DatasetSession.
#pragma once

#include "ui/shell/workspace_page.h"

#include <QPointer>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QSplitter;
class QTableView;

namespace plumage::ui {

class ClassFilterProxy;
class ClassListModel;
class ImageGridModel;
class ImageViewer;
class ThumbnailCache;
class ThumbnailDelegate;

class BrowserPage : public WorkspacePage {
  Q_OBJECT
 public:
  explicit BrowserPage(QWidget* parent = nullptr);
  ~BrowserPage() override;

  QString pageId() const override { return QStringLiteral("browser"); }
  QString pageTitle() const override { return tr("Browse"); }
  QIcon pageIcon() const override;
  void setWorkspace(Workspace* workspace) override;
  bool isBusy() const override;

  // For tests and measurements.
  QListView* grid() const { return grid_; }
  QTableView* classTable() const { return classes_; }
  ImageGridModel* gridModel() const { return gridModel_; }
  ThumbnailCache* thumbnails() const { return cache_; }

 signals:
  void addDatasetRequested();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void onDatasetChanged();
  void updateStateLabel();
  void rebuildDatasetCombo();
  void updateGridClasses();
  void updateCountLabel();
  void openViewer(int row);
  void saveUiState() const;

  QPointer<Workspace> workspace_;
  ThumbnailCache* cache_ = nullptr;
  ClassListModel* classModel_;
  ClassFilterProxy* classProxy_;
  ImageGridModel* gridModel_ = nullptr;
  ThumbnailDelegate* delegate_;
  QComboBox* datasetCombo_;
  QPushButton* warningsButton_;
  QLabel* stateLabel_;
  QLineEdit* search_;
  QComboBox* descFilter_;
  QTableView* classes_;
  QComboBox* split_;
  QCheckBox* boxes_;
  QCheckBox* badges_;
  QLabel* count_;
  QListView* grid_;
  QSplitter* splitter_;
  QPointer<ImageViewer> viewer_;
};

}  // namespace plumage::ui

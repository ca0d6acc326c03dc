// The open dataset of a workspace at run time: loads it on a worker whenever
// the workspace's current dataset changes, holds the result and the editable
// descriptions, and carries the selection (class, image) that the browser and
// the description inspector share.
#pragma once

#include "ui/shell/loaded_dataset.h"

#include <QObject>
#include <QPointer>

#include <memory>

namespace plumage::ui {

class DescriptionsDocument;
class Job;
class Workspace;

class DatasetSession : public QObject {
  Q_OBJECT
 public:
  explicit DatasetSession(Workspace* workspace);
  ~DatasetSession() override;

  // Loads the workspace's current dataset (cancelling a load in progress).
  void reload();
  bool isLoading() const;
  std::shared_ptr<const LoadedDataset> dataset() const { return dataset_; }
  DescriptionsDocument* descriptions() const { return descriptions_; }
  QString loadError() const { return error_; }

  int currentImage() const { return currentImage_; }  // index into dataset()->dataset.images, or -1
  int currentClass() const { return currentClass_; }  // label, or -1
  void setCurrentImage(int index);
  void setCurrentClass(int label);
  // Class key ("001.Black_footed_Albatross") of a label, for the descriptions.
  QString classKey(int label) const;

 signals:
  void loadStarted(plumage::ui::Job* job);
  void datasetChanged();  // loaded, failed or cleared: read dataset() / loadError()
  void currentImageChanged(int index);
  void currentClassChanged(int label);

 private:
  void onLoaded(const QVariant& result);

  Workspace* workspace_;
  QPointer<Job> job_;
  std::shared_ptr<const LoadedDataset> dataset_;
  DescriptionsDocument* descriptions_ = nullptr;
  QString error_;
  int currentImage_ = -1;
  int currentClass_ = -1;
};

}  // namespace plumage::ui

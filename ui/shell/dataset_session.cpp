#include "ui/shell/dataset_session.h"

#include "ui/descriptions/descriptions_document.h"
#include "ui/common/job.h"
#include "ui/shell/workspace.h"

#include <QUndoStack>

namespace plumage::ui {

DatasetSession::DatasetSession(Workspace* workspace) : QObject(workspace), workspace_(workspace) {}

DatasetSession::~DatasetSession() {
  if (job_) job_->cancel();
}

bool DatasetSession::isLoading() const { return job_ && job_->isRunning(); }

void DatasetSession::reload() {
  if (job_) {
    job_->cancel();
    job_->disconnect(this);
    job_->deleteLater();  // ~Job waits for its thread; cancellation makes that short
  }
  // Edits refer to the old dataset's descriptions: their undo history ends here.
  workspace_->undoStack()->clear();
  delete descriptions_;
  descriptions_ = nullptr;
  dataset_.reset();
  error_.clear();
  currentImage_ = -1;
  currentClass_ = -1;
  const DatasetEntry* entry = workspace_->currentDataset();
  if (!entry) {
    emit datasetChanged();
    return;
  }
  LoadOptions options;
  options.descriptionsCopy = workspace_->descriptionsStorePath(*entry);
  const DatasetEntry e = *entry;
  job_ = new Job(tr("Loading %1").arg(e.name), [e, options](JobContext& ctx) {
    return QVariant::fromValue(loadDataset(e, options, &ctx));
  }, this);
  connect(job_, &Job::succeeded, this, &DatasetSession::onLoaded);
  connect(job_, &Job::failed, this, [this](const QString& error) {
    error_ = error;
    emit datasetChanged();
  });
  emit datasetChanged();  // now empty and loading
  job_->start();
  emit loadStarted(job_);
}

void DatasetSession::onLoaded(const QVariant& result) {
  auto loaded = result.value<std::shared_ptr<LoadedDataset>>();
  if (!loaded) return;
  const DatasetEntry* entry = workspace_->currentDataset();
  descriptions_ = new DescriptionsDocument(loaded->descriptions, entry ? workspace_->descriptionsStorePath(*entry) : QString(),
                                           workspace_->undoStack(), this);
  dataset_ = loaded;
  emit datasetChanged();
  if (!loaded->dataset.images.empty()) setCurrentImage(0);
}

void DatasetSession::setCurrentImage(int index) {
  if (!dataset_ || index < -1 || index >= int(dataset_->dataset.images.size())) return;
  if (index == currentImage_) return;
  currentImage_ = index;
  emit currentImageChanged(index);
  if (index >= 0) setCurrentClass(dataset_->dataset.images[std::size_t(index)].label);
}

void DatasetSession::setCurrentClass(int label) {
  if (!dataset_ || label < -1 || label >= int(dataset_->dataset.classes.size()) || label == currentClass_) return;
  currentClass_ = label;
  emit currentClassChanged(label);
}

QString DatasetSession::classKey(int label) const {
  if (!dataset_ || label < 0 || label >= int(dataset_->dataset.classes.size())) return {};
  return QString::fromStdString(dataset_->dataset.classes[std::size_t(label)].name);
}

}  // namespace plumage::ui

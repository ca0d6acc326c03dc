#include "ui/browser/image_grid_model.h"

#include "ui/shell/loaded_dataset.h"
#include "ui/browser/thumbnail_cache.h"

#include <QFileInfo>
#include <QPixmap>
#include <QRectF>

namespace plumage::ui {

ImageGridModel::ImageGridModel(ThumbnailCache* cache, QObject* parent) : QAbstractListModel(parent), cache_(cache) {
  flush_.setSingleShot(true);
  flush_.setInterval(16);  // about one frame
  connect(&flush_, &QTimer::timeout, this, &ImageGridModel::flushChanged);
  connect(cache, &ThumbnailCache::ready, this, &ImageGridModel::onThumbnail);
  connect(cache, &ThumbnailCache::failed, this, &ImageGridModel::onThumbnail);
}

void ImageGridModel::setDataset(std::shared_ptr<const LoadedDataset> dataset) {
  dataset_ = std::move(dataset);
  labels_.clear();
  rebuild();
}

void ImageGridModel::setClasses(const QVector<int>& labels) {
  if (labels == labels_) return;
  labels_ = labels;
  rebuild();
}

void ImageGridModel::setSplit(Split split) {
  if (split == split_) return;
  split_ = split;
  rebuild();
}

void ImageGridModel::rebuild() {
  beginResetModel();
  rows_.clear();
  rowOfPath_.clear();
  changedMin_ = changedMax_ = -1;
  // Requests for images no longer shown would only delay the new ones.
  if (cache_) cache_->clearQueue();
  if (dataset_) {
    const auto& images = dataset_->dataset.images;
    QVector<bool> wanted;
    if (!labels_.isEmpty()) {
      wanted.fill(false, int(dataset_->dataset.classes.size()));
      for (int l : labels_)
        if (l >= 0 && l < wanted.size()) wanted[l] = true;
    }
    for (int i = 0; i < int(images.size()); ++i) {
      const auto& r = images[std::size_t(i)];
      if (!wanted.isEmpty() && (r.label < 0 || !wanted[r.label])) continue;
      if (split_ == Split::Train && !r.is_train) continue;
      if (split_ == Split::Test && r.is_train) continue;
      rowOfPath_.insert(dataset_->imagePaths[i], rows_.size());
      rows_.push_back(i);
    }
  }
  endResetModel();
}

int ImageGridModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : rows_.size(); }

QVariant ImageGridModel::data(const QModelIndex& index, int role) const {
  if (!dataset_ || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const int i = rows_[index.row()];
  const auto& rec = dataset_->dataset.images[std::size_t(i)];
  const QString& path = dataset_->imagePaths[i];
  switch (role) {
    case Qt::DisplayRole:
      return QFileInfo(path).completeBaseName();
    case Qt::DecorationRole:
      // Asking is what schedules the decode; the view asks only for visible items.
      return cache_ ? QVariant(cache_->thumbnail(path)) : QVariant();
    case Qt::ToolTipRole:
      return tr("%1\n%2 — %3 — id %4")
          .arg(QString::fromStdString(rec.path), dataset_->className(rec.label),
               rec.is_train ? tr("train") : tr("test"))
          .arg(rec.id);
    case ImageIndexRole:
      return i;
    case IsTrainRole:
      return rec.is_train;
    case BoundingBoxRole:
      return rec.bbox ? QVariant(QRectF(rec.bbox->x, rec.bbox->y, rec.bbox->width, rec.bbox->height)) : QVariant();
    case OriginalSizeRole:
      return cache_ ? QVariant(cache_->originalSize(path)) : QVariant();
    case LoadErrorRole:
      return cache_ ? QVariant(cache_->errorFor(path)) : QVariant();
  }
  return {};
}

int ImageGridModel::rowOfImage(int imageIndex) const {
  if (!dataset_ || imageIndex < 0 || imageIndex >= dataset_->imagePaths.size()) return -1;
  return rowOfPath_.value(dataset_->imagePaths[imageIndex], -1);
}

int ImageGridModel::pendingThumbnails() const { return cache_ ? cache_->pendingCount() : 0; }

void ImageGridModel::onThumbnail(const QString& path) {
  const int row = rowOfPath_.value(path, -1);
  if (row < 0) return;
  changedMin_ = changedMin_ < 0 ? row : std::min(changedMin_, row);
  changedMax_ = std::max(changedMax_, row);
  if (!flush_.isActive()) flush_.start();
}

void ImageGridModel::flushChanged() {
  if (changedMin_ < 0 || changedMax_ >= rows_.size()) {
    changedMin_ = changedMax_ = -1;
    return;
  }
  const QModelIndex a = index(changedMin_), b = index(changedMax_);
  changedMin_ = changedMax_ = -1;
  emit dataChanged(a, b, {Qt::DecorationRole, OriginalSizeRole, LoadErrorRole});
}

}  // namespace plumage::ui

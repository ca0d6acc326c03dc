// The browser's thumbnail grid: one row per shown image (a subset of the
// dataset chosen by classes and split). Thumbnails come from a ThumbnailCache;
// until one is ready the decoration is empty and the delegate draws a
// placeholder. Arrivals are coalesced into one dataChanged per frame so a
// burst of finished thumbnails costs the view one repaint, not hundreds.
#pragma once

#include <QAbstractListModel>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QVector>

#include <memory>

namespace plumage::ui {

struct LoadedDataset;
class ThumbnailCache;

class ImageGridModel : public QAbstractListModel {
  Q_OBJECT
 public:
  enum Role {
    ImageIndexRole = Qt::UserRole + 1,  // int: index into dataset.images
    IsTrainRole,                        // bool
    BoundingBoxRole,                    // QRectF in original pixels (invalid when none)
    OriginalSizeRole,                   // QSize of the full image (invalid until the thumbnail is made)
    LoadErrorRole,                      // QString: why the image could not be read
  };
  enum class Split { All, Train, Test };

  explicit ImageGridModel(ThumbnailCache* cache, QObject* parent = nullptr);

  void setDataset(std::shared_ptr<const LoadedDataset> dataset);
  // Images of these class labels (empty = every class), in dataset order.
  void setClasses(const QVector<int>& labels);
  void setSplit(Split split);
  Split split() const { return split_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

  int imageIndex(int row) const { return row >= 0 && row < rows_.size() ? rows_[row] : -1; }
  int rowOfImage(int imageIndex) const;  // -1 when not shown
  // Rows whose thumbnails are requested but not delivered.
  int pendingThumbnails() const;

 private:
  void rebuild();
  void onThumbnail(const QString& path);
  void flushChanged();

  QPointer<ThumbnailCache> cache_;
  std::shared_ptr<const LoadedDataset> dataset_;
  QVector<int> labels_;
  Split split_ = Split::All;
  QVector<int> rows_;              // image indices shown
  QHash<QString, int> rowOfPath_;  // path -> row, for thumbnail arrivals
  int changedMin_ = -1, changedMax_ = -1;
  QTimer flush_;
};

}  // namespace plumage::ui

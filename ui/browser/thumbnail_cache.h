// Thumbnails for the dataset browser: decoded on a thread pool with
// QImageReader::setScaledSize (only the needed resolution is decoded), cached
// on disk in the workspace (JPEG, keyed by path + size + mtime + edge) and in
// memory as QPixmaps. Requests are served newest first, so when the user
// scrolls quickly the images now on screen come before the ones scrolled past;
// stale requests beyond a bound are dropped and simply asked for again if
// they come back into view.
#pragma once

#include <QCache>
#include <QHash>
#include <QObject>
#include <QPixmap>
#include <QSize>
#include <QString>
#include <QThreadPool>

#include <deque>
#include <memory>
#include <mutex>

namespace plumage::ui {

class ThumbnailCache : public QObject {
  Q_OBJECT
 public:
  // `diskCacheDir` may be empty (no disk cache). `edge` is the longest side in pixels.
  explicit ThumbnailCache(QString diskCacheDir, int edge = 128, QObject* parent = nullptr);
  ~ThumbnailCache() override;

  int edge() const { return edge_; }
  // The thumbnail when it is ready (null pixmap otherwise, and then it is
  // requested: ready(path) follows). Call from the GUI thread.
  QPixmap thumbnail(const QString& path);
  // Size of the full image, once its thumbnail was made (invalid before).
  QSize originalSize(const QString& path) const;
  // Drops every queued request (e.g. when the view shows other images).
  void clearQueue();
  // Requests queued or being decoded.
  int pendingCount() const;
  // Paths whose image could not be read, with the reason.
  QString errorFor(const QString& path) const { return errors_.value(path); }

  static constexpr int kMaxQueued = 400;

 signals:
  void ready(const QString& path);
  void failed(const QString& path, const QString& reason);

 private:
  struct Shared;  // queue state shared with the pool's tasks (outlives this object if needed)
  void deliver(const QString& path, const QImage& image, QSize original, const QString& error);

  QString diskDir_;
  int edge_;
  QThreadPool pool_;
  std::shared_ptr<Shared> shared_;
  QCache<QString, QPixmap> pixmaps_;
  QHash<QString, QSize> originals_;
  QHash<QString, QString> errors_;
  QHash<QString, bool> inFlight_;  // requested and not yet delivered (GUI thread only)
};

// Reads one image at thumbnail size, through the disk cache when `diskDir` is
// set. Thread-safe. Returns a null image and sets *error when unreadable.
QImage loadThumbnail(const QString& path, int edge, const QString& diskDir, QSize* original, QString* error);

}  // namespace plumage::ui

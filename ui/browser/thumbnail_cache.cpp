#include "ui/browser/thumbnail_cache.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QImageWriter>
#include <QRunnable>
#include <QSaveFile>

namespace plumage::ui {

namespace {
const char* const kOriginalKey = "plumage-original";

QString diskPath(const QString& dir, const QFileInfo& fi, int edge) {
  const QByteArray key = fi.absoluteFilePath().toUtf8() + '|' + QByteArray::number(fi.size()) + '|' +
                         QByteArray::number(fi.lastModified().toMSecsSinceEpoch()) + '|' + QByteArray::number(edge);
  const QString h = QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex());
  return dir + QLatin1Char('/') + h.left(2) + QLatin1Char('/') + h + QStringLiteral(".jpg");
}

QSize parseSize(const QString& s) {
  const QStringList p = s.split(QLatin1Char('x'));
  if (p.size() != 2) return {};
  bool okW = false, okH = false;
  const QSize r(p[0].toInt(&okW), p[1].toInt(&okH));
  return okW && okH && r.isValid() ? r : QSize();
}
}  // namespace

QImage loadThumbnail(const QString& path, int edge, const QString& diskDir, QSize* original, QString* error) {
  const QFileInfo fi(path);
  if (!fi.isFile()) {
    *error = QObject::tr("file not found");
    return {};
  }
  QString cached;
  if (!diskDir.isEmpty()) {
    cached = diskPath(diskDir, fi, edge);
    QImageReader cr(cached);
    QImage img = cr.read();
    const QSize orig = parseSize(cr.text(QString::fromLatin1(kOriginalKey)));
    if (!img.isNull() && orig.isValid()) {
      *original = orig;
      return img;
    }
  }
  QImageReader reader(path);
  reader.setAutoTransform(true);
  const QSize full = reader.size();
  if (!full.isValid()) {
    *error = reader.errorString();
    return {};
  }
  const QSize scaled = full.scaled(edge, edge, Qt::KeepAspectRatio);
  if (scaled.width() < full.width()) reader.setScaledSize(scaled.expandedTo(QSize(1, 1)));
  QImage img = reader.read();
  if (img.isNull()) {
    *error = reader.errorString();
    return {};
  }
  *original = full;
  if (!cached.isEmpty()) {
    // A cache write that fails (full disk, read-only workspace) costs only speed.
    QDir().mkpath(QFileInfo(cached).absolutePath());
    img.setText(QString::fromLatin1(kOriginalKey), QStringLiteral("%1x%2").arg(full.width()).arg(full.height()));
    QSaveFile out(cached);
    if (out.open(QIODevice::WriteOnly)) {
      QImageWriter w(&out, "jpg");
      w.setQuality(88);
      if (w.write(img)) out.commit();
    }
  }
  return img;
}

struct ThumbnailCache::Shared {
  std::mutex mutex;
  std::deque<QString> stack;  // front = newest request
};

ThumbnailCache::ThumbnailCache(QString diskCacheDir, int edge, QObject* parent)
    : QObject(parent), diskDir_(std::move(diskCacheDir)), edge_(edge), shared_(std::make_shared<Shared>()) {
  // Leave one core to the GUI thread where there is more than one.
  pool_.setMaxThreadCount(std::max(1, QThread::idealThreadCount() - 1));
  pixmaps_.setMaxCost(96 * 1024);  // KiB: about 2,000 thumbnails of 128 px
}

ThumbnailCache::~ThumbnailCache() {
  clearQueue();
  pool_.clear();
  pool_.waitForDone();
}

QPixmap ThumbnailCache::thumbnail(const QString& path) {
  if (QPixmap* p = pixmaps_.object(path)) return *p;
  if (errors_.contains(path) || inFlight_.contains(path)) return {};
  inFlight_.insert(path, true);
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->stack.push_front(path);
    while (shared_->stack.size() > std::size_t(kMaxQueued)) {
      inFlight_.remove(shared_->stack.back());
      shared_->stack.pop_back();
    }
  }
  std::shared_ptr<Shared> shared = shared_;
  const QString dir = diskDir_;
  const int edge = edge_;
  pool_.start([this, shared, dir, edge] {
    QString next;
    {
      std::lock_guard<std::mutex> lock(shared->mutex);
      if (shared->stack.empty()) return;  // dropped or cleared meanwhile
      next = shared->stack.front();
      shared->stack.pop_front();
    }
    QSize original;
    QString error;
    const QImage img = loadThumbnail(next, edge, dir, &original, &error);
    // The destructor waits for the pool, so `this` is alive here; the call is queued to the GUI thread.
    QMetaObject::invokeMethod(
        this, [this, next, img, original, error] { deliver(next, img, original, error); }, Qt::QueuedConnection);
  });
  return {};
}

void ThumbnailCache::deliver(const QString& path, const QImage& image, QSize original, const QString& error) {
  inFlight_.remove(path);
  if (image.isNull()) {
    errors_.insert(path, error);
    emit failed(path, error);
    return;
  }
  auto* pm = new QPixmap(QPixmap::fromImage(image));
  pixmaps_.insert(path, pm, std::max<qsizetype>(1, qsizetype(pm->width()) * pm->height() * 4 / 1024));
  originals_.insert(path, original);
  emit ready(path);
}

QSize ThumbnailCache::originalSize(const QString& path) const { return originals_.value(path); }

void ThumbnailCache::clearQueue() {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  for (const QString& p : shared_->stack) inFlight_.remove(p);
  shared_->stack.clear();
}

int ThumbnailCache::pendingCount() const { return inFlight_.size(); }

}  // namespace plumage::ui

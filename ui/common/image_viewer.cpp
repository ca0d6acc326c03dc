#include "ui/common/image_viewer.h"

#include "ui/shell/loaded_dataset.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QImageReader>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace plumage::ui {

void ImageCanvas::setImage(const QImage& image, const QRectF& box) {
  image_ = image;
  box_ = box;
  message_.clear();
  update();
}

void ImageCanvas::setShowBox(bool on) {
  showBox_ = on;
  update();
}

void ImageCanvas::setMessage(const QString& text) {
  image_ = {};
  message_ = text;
  update();
}

void ImageCanvas::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().color(QPalette::Dark));
  if (image_.isNull()) {
    p.setPen(palette().color(QPalette::BrightText));
    p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, message_);
    return;
  }
  const QSize s = image_.size().scaled(size(), Qt::KeepAspectRatio);
  const QRect target((width() - s.width()) / 2, (height() - s.height()) / 2, s.width(), s.height());
  p.setRenderHint(QPainter::SmoothPixmapTransform);
  p.drawImage(target, image_);
  if (showBox_ && box_.isValid()) {
    const double k = double(target.width()) / image_.width();
    p.setPen(QPen(QColor(0xff, 0xd0, 0x00), 2));
    p.drawRect(QRectF(target.x() + box_.x() * k, target.y() + box_.y() * k, box_.width() * k, box_.height() * k));
  }
}

ImageViewer::ImageViewer(std::shared_ptr<const LoadedDataset> dataset, QWidget* parent)
    : QDialog(parent), dataset_(std::move(dataset)) {
  setWindowTitle(tr("Image"));
  auto* split = new QSplitter(Qt::Horizontal, this);
  canvas_ = new ImageCanvas(split);
  auto* side = new QWidget(split);
  auto* sideLayout = new QVBoxLayout(side);
  info_ = new QLabel(side);
  info_->setWordWrap(true);
  info_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  showBox_ = new QCheckBox(tr("Show &bounding box"), side);
  showBox_->setChecked(QSettings().value(QStringLiteral("viewer/showBox"), true).toBool());
  captions_ = new QListWidget(side);
  captions_->setWordWrap(true);
  captions_->setAlternatingRowColors(true);
  sideLayout->addWidget(info_);
  sideLayout->addWidget(showBox_);
  sideLayout->addWidget(new QLabel(tr("Captions:"), side));
  sideLayout->addWidget(captions_, 1);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 1);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  QPushButton* prev = buttons->addButton(tr("◀ &Previous"), QDialogButtonBox::ActionRole);
  QPushButton* next = buttons->addButton(tr("&Next ▶"), QDialogButtonBox::ActionRole);
  prev->setAutoDefault(false);
  next->setAutoDefault(false);
  connect(prev, &QPushButton::clicked, this, [this] { emit stepRequested(-1); });
  connect(next, &QPushButton::clicked, this, [this] { emit stepRequested(+1); });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(showBox_, &QCheckBox::toggled, this, [this](bool on) {
    canvas_->setShowBox(on);
    QSettings().setValue(QStringLiteral("viewer/showBox"), on);
  });
  canvas_->setShowBox(showBox_->isChecked());
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(split, 1);
  layout->addWidget(buttons);
  resize(960, 600);

  connect(&watcher_, &QFutureWatcher<QImage>::finished, this, [this] {
    const QImage img = watcher_.result();
    if (img.isNull()) {
      canvas_->setMessage(tr("Cannot read this image."));
      return;
    }
    const auto& rec = dataset_->dataset.images[std::size_t(index_)];
    canvas_->setImage(img, rec.bbox ? QRectF(rec.bbox->x, rec.bbox->y, rec.bbox->width, rec.bbox->height) : QRectF());
  });
}

void ImageViewer::showImage(int imageIndex) {
  if (!dataset_ || imageIndex < 0 || imageIndex >= int(dataset_->dataset.images.size())) return;
  index_ = imageIndex;
  const auto& rec = dataset_->dataset.images[std::size_t(imageIndex)];
  const QString path = dataset_->imagePaths[imageIndex];
  setWindowTitle(tr("%1 — %2").arg(QString::fromStdString(rec.path), dataset_->className(rec.label)));
  info_->setText(tr("<b>%1</b><br>%2<br>id %3 · %4")
                     .arg(dataset_->className(rec.label).toHtmlEscaped(), QString::fromStdString(rec.path).toHtmlEscaped())
                     .arg(rec.id)
                     .arg(rec.is_train ? tr("train") : tr("test")));
  captions_->clear();
  const auto& caps = dataset_->captions[std::size_t(imageIndex)];
  for (const std::string& c : caps) captions_->addItem(QString::fromStdString(c));
  if (caps.empty()) captions_->addItem(dataset_->hasCaptions ? tr("(no captions for this image)") : tr("(no captions folder)"));
  canvas_->setMessage(tr("Loading…"));
  watcher_.setFuture(QtConcurrent::run([path] {
    QImageReader r(path);
    r.setAutoTransform(true);
    return r.read();
  }));
}

void ImageViewer::keyPressEvent(QKeyEvent* event) {
  switch (event->key()) {
    case Qt::Key_Left:
    case Qt::Key_PageUp:
      emit stepRequested(-1);
      return;
    case Qt::Key_Right:
    case Qt::Key_PageDown:
      emit stepRequested(+1);
      return;
    case Qt::Key_B:
      showBox_->toggle();
      return;
  }
  QDialog::keyPressEvent(event);
}

}  // namespace plumage::ui

// Full-size view of one dataset image (opened by double click in the
// browser): the image fitted to the window with an optional bounding-box
// overlay, its class, split and id, and its Reed captions. Left/Right (or
// Page Up/Down) step through the images shown in the grid. The image is
// decoded on a worker thread.
#pragma once

#include <QDialog>
#include <QFutureWatcher>
#include <QImage>

#include <memory>

class QCheckBox;
class QLabel;
class QListWidget;

namespace plumage::ui {

struct LoadedDataset;

// Paints an image scaled to fit, with an optional rectangle in image pixels.
class ImageCanvas : public QWidget {
  Q_OBJECT
 public:
  using QWidget::QWidget;
  void setImage(const QImage& image, const QRectF& box);
  void setShowBox(bool on);
  void setMessage(const QString& text);
  QSize sizeHint() const override { return {640, 480}; }

 protected:
  void paintEvent(QPaintEvent*) override;

 private:
  QImage image_;
  QRectF box_;
  bool showBox_ = true;
  QString message_;
};

class ImageViewer : public QDialog {
  Q_OBJECT
 public:
  ImageViewer(std::shared_ptr<const LoadedDataset> dataset, QWidget* parent = nullptr);
  void showImage(int imageIndex);
  int imageIndex() const { return index_; }

 signals:
  // The user asked for the next (+1) or previous (-1) image of the grid.
  void stepRequested(int delta);

 protected:
  void keyPressEvent(QKeyEvent* event) override;

 private:
  std::shared_ptr<const LoadedDataset> dataset_;
  int index_ = -1;
  ImageCanvas* canvas_;
  QLabel* info_;
  QListWidget* captions_;
  QCheckBox* showBox_;
  QFutureWatcher<QImage> watcher_;
};

}  // namespace plumage::ui

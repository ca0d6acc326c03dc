// Paints one cell of the thumbnail grid: the thumbnail centred in a fixed
// cell (a neutral placeholder until it is decoded, a cross when the image is
// unreadable), optionally the bounding box scaled onto it, and a train/test
// badge.
#pragma once

#include <QStyledItemDelegate>

namespace plumage::ui {

class ThumbnailDelegate : public QStyledItemDelegate {
  Q_OBJECT
 public:
  ThumbnailDelegate(int edge, QObject* parent = nullptr);
  void setShowBoxes(bool on) { showBoxes_ = on; }
  void setShowSplit(bool on) { showSplit_ = on; }
  bool showBoxes() const { return showBoxes_; }
  bool showSplit() const { return showSplit_; }
  QSize cellSize() const;

  void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

 private:
  int edge_;
  bool showBoxes_ = false;
  bool showSplit_ = true;
};

}  // namespace plumage::ui

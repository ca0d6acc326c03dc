#include "ui/browser/thumbnail_delegate.h"

#include "ui/browser/image_grid_model.h"

#include <QApplication>
#include <QPainter>
#include <QPixmap>

namespace plumage::ui {

namespace {
constexpr int kPad = 4;
}

ThumbnailDelegate::ThumbnailDelegate(int edge, QObject* parent) : QStyledItemDelegate(parent), edge_(edge) {}

QSize ThumbnailDelegate::cellSize() const { return {edge_ + 2 * kPad, edge_ + 2 * kPad}; }

QSize ThumbnailDelegate::sizeHint(const QStyleOptionViewItem&, const QModelIndex&) const { return cellSize(); }

void ThumbnailDelegate::paint(QPainter* p, const QStyleOptionViewItem& option, const QModelIndex& index) const {
  p->save();
  const QRect cell = option.rect;
  const QPalette& pal = option.palette;
  if (option.state & QStyle::State_Selected) p->fillRect(cell, pal.highlight());
  const QRect area = cell.adjusted(kPad, kPad, -kPad, -kPad);
  const QPixmap pm = qvariant_cast<QPixmap>(index.data(Qt::DecorationRole));
  if (pm.isNull()) {
    const QString error = index.data(ImageGridModel::LoadErrorRole).toString();
    p->fillRect(area, pal.color(QPalette::Midlight));
    if (!error.isEmpty()) {
      p->setPen(QPen(QColor(0xc0, 0x30, 0x30), 2));
      p->drawLine(area.topLeft(), area.bottomRight());
      p->drawLine(area.topRight(), area.bottomLeft());
    }
  } else {
    const QSize s = pm.deviceIndependentSize().toSize().scaled(area.size(), Qt::KeepAspectRatio);
    const QRect target(area.x() + (area.width() - s.width()) / 2, area.y() + (area.height() - s.height()) / 2,
                       s.width(), s.height());
    p->setRenderHint(QPainter::SmoothPixmapTransform);
    p->drawPixmap(target, pm);
    const QRectF box = index.data(ImageGridModel::BoundingBoxRole).toRectF();
    const QSize orig = index.data(ImageGridModel::OriginalSizeRole).toSize();
    if (showBoxes_ && box.isValid() && orig.isValid()) {
      const double sx = double(target.width()) / orig.width(), sy = double(target.height()) / orig.height();
      p->setPen(QPen(QColor(0xff, 0xd0, 0x00), 1.5));
      p->setBrush(Qt::NoBrush);
      p->drawRect(QRectF(target.x() + box.x() * sx, target.y() + box.y() * sy, box.width() * sx, box.height() * sy));
    }
  }
  if (showSplit_) {
    const bool train = index.data(ImageGridModel::IsTrainRole).toBool();
    const QString text = train ? tr("train") : tr("test");
    QFont f = option.font;
    f.setPointSizeF(f.pointSizeF() * 0.8);
    p->setFont(f);
    const QFontMetrics fm(f);
    const QRect badge(area.left() + 2, area.bottom() - fm.height() - 2, fm.horizontalAdvance(text) + 8, fm.height() + 1);
    p->setPen(Qt::NoPen);
    p->setBrush(train ? QColor(0x2e, 0x7d, 0x32, 220) : QColor(0x15, 0x65, 0xc0, 220));
    p->drawRoundedRect(badge, 3, 3);
    p->setPen(Qt::white);
    p->drawText(badge, Qt::AlignCenter, text);
  }
  if (option.state & QStyle::State_HasFocus) {
    p->setPen(QPen(pal.color(QPalette::Highlight), 2));
    p->setBrush(Qt::NoBrush);
    p->drawRect(cell.adjusted(1, 1, -1, -1));
  }
  p->restore();
}

}  // namespace plumage::ui

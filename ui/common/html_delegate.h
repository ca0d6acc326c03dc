// Item delegate that renders an index's MarkupRole (HTML) with word wrap, so
// tables can show highlighted description texts with rows sized to fit.
#pragma once

#include <QStyledItemDelegate>

namespace plumage::ui {

// Role carrying the HTML to render; models that use HtmlDelegate provide it.
constexpr int MarkupRole = Qt::UserRole + 100;

class HtmlDelegate : public QStyledItemDelegate {
  Q_OBJECT
 public:
  using QStyledItemDelegate::QStyledItemDelegate;
  void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

}  // namespace plumage::ui

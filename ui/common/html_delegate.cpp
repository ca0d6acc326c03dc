#include "ui/common/html_delegate.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QPainter>
#include <QTextDocument>

namespace plumage::ui {

namespace {
constexpr int kMargin = 4;

void setUp(QTextDocument& doc, const QStyleOptionViewItem& option, const QModelIndex& index, int width) {
  doc.setDefaultFont(option.font);
  doc.setDocumentMargin(kMargin);
  doc.setHtml(index.data(MarkupRole).toString());
  doc.setTextWidth(width);
}
}  // namespace

void HtmlDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
  QStyleOptionViewItem opt = option;
  initStyleOption(&opt, index);
  opt.text.clear();  // the style draws background, selection and focus only
  const QWidget* w = option.widget;
  QStyle* style = w ? w->style() : QApplication::style();
  style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, w);

  QTextDocument doc;
  setUp(doc, option, index, option.rect.width());
  QAbstractTextDocumentLayout::PaintContext ctx;
  const bool selected = option.state & QStyle::State_Selected;
  ctx.palette.setColor(QPalette::Text, option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
  const QVariant fg = index.data(Qt::ForegroundRole);
  if (!selected && fg.canConvert<QBrush>()) ctx.palette.setColor(QPalette::Text, fg.value<QBrush>().color());
  painter->save();
  painter->translate(option.rect.topLeft());
  painter->setClipRect(option.rect.translated(-option.rect.topLeft()));
  doc.documentLayout()->draw(painter, ctx);
  painter->restore();
}

QSize HtmlDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
  QTextDocument doc;
  // Views that size rows to contents pass the column width in option.rect.
  const int width = option.rect.width() > 0 ? option.rect.width() : 320;
  setUp(doc, option, index, width);
  return {int(doc.idealWidth()), int(doc.size().height())};
}

}  // namespace plumage::ui

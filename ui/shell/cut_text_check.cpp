#include "ui/shell/cut_text_check.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QComboBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QStyle>
#include <QTabBar>
#include <QTextDocument>
#include <QToolButton>
#include <QListView>
#include <QTableView>
#include <QTreeView>

#include <algorithm>

namespace plumage::ui {
namespace {

QString whereOf(const QWidget* w) {
  QStringList parts;
  for (const QWidget* p = w; p && parts.size() < 4; p = p->parentWidget())
    if (!p->objectName().isEmpty()) parts.prepend(p->objectName());
  return QString::fromLatin1(w->metaObject()->className()) +
         (parts.isEmpty() ? QString() : QStringLiteral(" (") + parts.join(QLatin1Char('/')) + QLatin1Char(')'));
}

// The width of the part of `w` that is on screen (clipped by its ancestors).
int shownWidth(const QWidget* w) { return std::min(w->width(), w->visibleRegion().boundingRect().width()); }

// Widest line of plain or rich text in `fm`.
int textWidth(const QString& text, const QFontMetrics& fm, const QFont& font) {
  if (Qt::mightBeRichText(text)) {
    QTextDocument doc;
    doc.setDefaultFont(font);
    doc.setHtml(text);
    doc.setDocumentMargin(0);
    return int(std::ceil(doc.idealWidth()));
  }
  int widest = 0;
  for (const QString& line : text.split(QLatin1Char('\n'))) widest = std::max(widest, fm.horizontalAdvance(line));
  return widest;
}

// A tooltip that carries the whole text: the text is elided on purpose.
bool tooltipHolds(const QString& tooltip, const QString& text) {
  if (tooltip.isEmpty()) return false;
  QTextDocument doc;
  doc.setHtml(tooltip);
  const QString plain = Qt::mightBeRichText(tooltip) ? doc.toPlainText() : tooltip;
  return plain.simplified().contains(text.simplified().remove(QChar(0x2026)));
}

void checkLabel(QLabel* l, QList<CutText>& out) {
  if (l->text().isEmpty() || !l->pixmap().isNull()) return;
  const int avail = shownWidth(l);
  if (l->wordWrap()) {
    // Wrapped: it is cut when the wrapped text is taller than the label.
    if (l->hasHeightForWidth() && l->heightForWidth(l->width()) > l->height() + 1)
      out.push_back({whereOf(l), l->text(), l->heightForWidth(l->width()), l->height()});
    return;
  }
  const int needed = l->sizeHint().width();
  if (needed > avail + 1 && !tooltipHolds(l->toolTip(), l->text())) out.push_back({whereOf(l), l->text(), needed, avail});
}

void checkButton(QAbstractButton* b, QList<CutText>& out) {
  if (b->text().isEmpty()) return;
  if (auto* t = qobject_cast<QToolButton*>(b); t && t->toolButtonStyle() == Qt::ToolButtonIconOnly) return;
  const int needed = b->sizeHint().width(), avail = shownWidth(b);
  if (needed > avail + 1 && !tooltipHolds(b->toolTip(), QString(b->text()).remove(QLatin1Char('&'))))
    out.push_back({whereOf(b), b->text(), needed, avail});
}

void checkCombo(QComboBox* c, QList<CutText>& out) {
  const QString text = c->currentText();
  if (text.isEmpty() || c->isEditable()) return;
  // The frame, the arrow and the margins: what the style adds around the text.
  const int overhead = c->style()->pixelMetric(QStyle::PM_ComboBoxFrameWidth, nullptr, c) * 2 + 28 +
                       (c->itemIcon(c->currentIndex()).isNull() ? 0 : c->iconSize().width() + 4);
  const int needed = c->fontMetrics().horizontalAdvance(text) + overhead, avail = shownWidth(c);
  if (needed > avail + 1 && !tooltipHolds(c->itemData(c->currentIndex(), Qt::ToolTipRole).toString(), text) &&
      !tooltipHolds(c->toolTip(), text))
    out.push_back({whereOf(c), text, needed, avail});
}

void checkGroupBox(QGroupBox* g, QList<CutText>& out) {
  if (g->title().isEmpty()) return;
  const int needed = g->fontMetrics().horizontalAdvance(QString(g->title()).remove(QLatin1Char('&'))) + 16;
  if (needed > shownWidth(g) + 1) out.push_back({whereOf(g), g->title(), needed, shownWidth(g)});
}

void checkTabBar(QTabBar* t, QList<CutText>& out) {
  for (int i = 0; i < t->count(); ++i) {
    if (!t->isTabVisible(i)) continue;
    const QString text = QString(t->tabText(i)).remove(QLatin1Char('&'));
    const QRect r = t->tabRect(i);
    const int needed = t->fontMetrics().horizontalAdvance(text) + 12;
    if (!t->rect().contains(r) || needed > r.width() + 1)
      out.push_back({whereOf(t), text, needed, t->rect().intersected(r).width()});
  }
}

void checkHeader(QHeaderView* h, QList<CutText>& out) {
  if (!h->model() || h->orientation() != Qt::Horizontal) return;
  const int margin = h->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, h) * 2 + 4;
  const int viewWidth = h->viewport()->width();
  for (int logical = 0; logical < h->count(); ++logical) {
    if (h->isSectionHidden(logical)) continue;
    const int x = h->sectionViewportPosition(logical), w = h->sectionSize(logical);
    if (x < 0 || x + w > viewWidth) continue;  // scrolled out of view
    const QString text = h->model()->headerData(logical, Qt::Horizontal, Qt::DisplayRole).toString();
    if (text.isEmpty()) continue;
    const int indicator = h->isSortIndicatorShown() && h->sortIndicatorSection() == logical ? 14 : 0;
    const int needed = textWidth(text, h->fontMetrics(), h->font()) + margin + indicator;
    if (needed > w + 1 &&
        !tooltipHolds(h->model()->headerData(logical, Qt::Horizontal, Qt::ToolTipRole).toString(), text))
      out.push_back({whereOf(h) + QStringLiteral(" column %1").arg(logical), text, needed, w});
  }
}

bool wordWraps(const QAbstractItemView* v) {
  if (const auto* t = qobject_cast<const QTableView*>(v)) return t->wordWrap();
  if (const auto* t = qobject_cast<const QTreeView*>(v)) return t->wordWrap();
  if (const auto* l = qobject_cast<const QListView*>(v)) return l->wordWrap();
  return false;
}

void checkCells(QAbstractItemView* v, QList<CutText>& out) {
  QAbstractItemModel* m = v->model();
  if (!m) return;
  const QRect port = v->viewport()->rect();
  const auto* tree = qobject_cast<QTreeView*>(v);
  int reported = 0;
  // Top-level rows on screen (enough for the flat tables and lists the pages show).
  for (int row = 0; row < m->rowCount() && reported < 20; ++row) {
    for (int col = 0; col < m->columnCount(); ++col) {
      const QModelIndex i = m->index(row, col);
      const QRect r = v->visualRect(i);
      if (r.isEmpty() || !port.intersects(r)) continue;
      if (r.left() < port.left() || r.right() > port.right()) continue;  // partly scrolled out
      const QString text = i.data(Qt::DisplayRole).toString();
      if (text.isEmpty()) continue;
      QFont font = v->font();
      if (const QVariant f = i.data(Qt::FontRole); f.isValid()) font = f.value<QFont>();
      const QFontMetrics fm(font);
      // The delegate's text margins (QCommonStyle: focus frame margin + 1 on each side).
      int needed = textWidth(text, fm, font) + 2 * (v->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, v) + 1);
      if (!i.data(Qt::DecorationRole).isNull()) needed += v->iconSize().isValid() ? v->iconSize().width() + 4 : 20;
      if (i.data(Qt::CheckStateRole).isValid()) needed += 20;
      if (tree && col == 0 && r.left() <= 0) needed += tree->indentation();
      bool cut = needed > r.width() + 1;
      if (cut && wordWraps(v) && text.contains(QLatin1Char(' '))) {
        const int h = fm.boundingRect(QRect(0, 0, std::max(1, r.width() - 6), 100000), Qt::TextWordWrap, text).height();
        cut = h > r.height() + 1;
      }
      if (cut && !tooltipHolds(i.data(Qt::ToolTipRole).toString(), text)) {
        out.push_back({whereOf(v) + QStringLiteral(" row %1 column %2").arg(row).arg(col), text, needed, r.width()});
        ++reported;
      }
    }
  }
}

}  // namespace

QString CutText::describe() const {
  return QStringLiteral("%1: \"%2\" needs %3 px, has %4").arg(where, text.left(80)).arg(needed).arg(available);
}

QList<CutText> findCutTexts(QWidget* root) {
  QList<CutText> out;
  QList<QWidget*> widgets = root->findChildren<QWidget*>();
  widgets.prepend(root);
  for (QWidget* w : widgets) {
    if (!w->isVisible() || w->visibleRegion().isEmpty()) continue;
    if (auto* l = qobject_cast<QLabel*>(w)) checkLabel(l, out);
    else if (auto* b = qobject_cast<QAbstractButton*>(w)) checkButton(b, out);
    else if (auto* c = qobject_cast<QComboBox*>(w)) checkCombo(c, out);
    else if (auto* t = qobject_cast<QTabBar*>(w)) checkTabBar(t, out);
    else if (auto* h = qobject_cast<QHeaderView*>(w)) checkHeader(h, out);
    else if (auto* v = qobject_cast<QAbstractItemView*>(w)) checkCells(v, out);
    if (auto* g = qobject_cast<QGroupBox*>(w)) checkGroupBox(g, out);
    // A page that scrolls sideways hides its right edge.
    if (auto* s = qobject_cast<QScrollArea*>(w); s && s->horizontalScrollBar()->isVisible())
      out.push_back({whereOf(s), QStringLiteral("(scrolls sideways)"), s->widget() ? s->widget()->width() : 0,
                     s->viewport()->width()});
  }
  return out;
}

}  // namespace plumage::ui

#include "ui/descriptions/caption_list_model.h"

#include "ui/common/html_delegate.h"

namespace plumage::ui {

QString tokenBadgeHtml(const TextTokens& t) {
  if (!t.known) return QStringLiteral("<span style=\"color:#888;font-size:small\">[? tokens]</span>");
  const bool over = t.tokens > t.context;
  return QStringLiteral("<span style=\"color:%1;font-size:small\">[%2/%3]</span>")
      .arg(over ? QStringLiteral("#c62828") : QStringLiteral("#666"))
      .arg(t.tokens)
      .arg(t.context);
}

CaptionListModel::CaptionListModel(QObject* parent) : QAbstractListModel(parent) {}

void CaptionListModel::setCaptions(const QStringList& captions, const TokenCounter* counter) {
  beginResetModel();
  captions_ = captions;
  counter_ = counter;
  tokens_.clear();
  for (const QString& c : captions_) tokens_.push_back(counter_ ? counter_->count(c) : TextTokens{});
  endResetModel();
}

void CaptionListModel::setMarkupOptions(bool colors, bool bodyParts) {
  colors_ = colors;
  bodyParts_ = bodyParts;
  if (!captions_.isEmpty()) emit dataChanged(index(0), index(captions_.size() - 1), {MarkupRole});
}

void CaptionListModel::refresh() { setCaptions(captions_, counter_); }

int CaptionListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : captions_.size(); }

QVariant CaptionListModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const QString& text = captions_[index.row()];
  const TextTokens& t = tokens_[index.row()];
  switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
      return text;
    case TokensRole:
      return t.known ? QVariant(t.tokens) : QVariant();
    case MarkupRole: {
      MarkupOptions o;
      o.highlightColors = colors_;
      o.highlightBodyParts = bodyParts_;
      o.truncatedAt = t.truncatedAt;
      return markupHtml(text, o) + QStringLiteral(" ") + tokenBadgeHtml(t);
    }
  }
  return {};
}

}  // namespace plumage::ui

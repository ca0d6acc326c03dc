// The Reed captions of one image, each with its CLIP token count and the
// highlighted/truncated markup (MarkupRole) for the description inspector.
#pragma once

#include "ui/common/text_markup.h"
#include "ui/common/token_counter.h"

#include <QAbstractListModel>
#include <QStringList>
#include <QVector>

namespace plumage::ui {

class CaptionListModel : public QAbstractListModel {
  Q_OBJECT
 public:
  enum Role { TokensRole = Qt::UserRole + 1 };
  explicit CaptionListModel(QObject* parent = nullptr);

  // `counter` may be unloaded (then counts read “?”); it must outlive the model.
  void setCaptions(const QStringList& captions, const TokenCounter* counter);
  void setMarkupOptions(bool colors, bool bodyParts);
  // Recount (e.g. after the tokenizer loaded).
  void refresh();

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

 private:
  QStringList captions_;
  QVector<TextTokens> tokens_;
  const TokenCounter* counter_ = nullptr;
  bool colors_ = true, bodyParts_ = true;
};

// "12/77 tokens" badge HTML shared by the inspector's models.
QString tokenBadgeHtml(const TextTokens& t);

}  // namespace plumage::ui

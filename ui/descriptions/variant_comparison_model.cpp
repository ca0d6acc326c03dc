#include "ui/descriptions/variant_comparison_model.h"

#include "ui/descriptions/caption_list_model.h"
#include "ui/descriptions/description_scores_model.h"
#include "ui/descriptions/descriptions_document.h"
#include "ui/common/html_delegate.h"
#include "ui/common/text_markup.h"

#include "core/data/description_lint.h"

#include <QBrush>
#include <QColor>

namespace plumage::ui {

VariantComparisonModel::VariantComparisonModel(QObject* parent) : QAbstractTableModel(parent) {}

void VariantComparisonModel::setClass(DescriptionsDocument* doc, const QString& className, const TokenCounter* counter) {
  if (doc_) doc_->disconnect(this);
  doc_ = doc;
  class_ = className;
  counter_ = counter;
  if (doc_)
    connect(doc_, &DescriptionsDocument::classChanged, this, [this](const QString& c) {
      if (c == class_) refresh();
    });
  refresh();
}

void VariantComparisonModel::setMarkupOptions(bool colors, bool bodyParts) {
  colors_ = colors;
  bodyParts_ = bodyParts;
  if (!rows_.isEmpty() && !columns_.isEmpty())
    emit dataChanged(index(0, 0), index(rows_.size() - 1, columns_.size() - 1), {MarkupRole});
}

void VariantComparisonModel::setScores(std::shared_ptr<const experiment::DescriptionScores> scores) {
  scores_ = std::move(scores);
  refresh();
}

void VariantComparisonModel::refresh() {
  beginResetModel();
  rebuild();
  endResetModel();
}

void VariantComparisonModel::rebuild() {
  rows_.clear();
  columns_.clear();
  cells_.clear();
  fieldRows_ = declaredRows_ = 0;
  hasSentences_ = false;
  lintSummary_.clear();
  const data::ClassDescriptions* cls = doc_ ? doc_->find(class_) : nullptr;
  if (!cls || cls->variants.empty()) return;

  for (const std::string& f : doc_->store().fields) rows_ << QString::fromStdString(f);
  declaredRows_ = rows_.size();
  for (const auto& v : cls->variants) {
    for (const auto& [name, text] : v.fields)
      if (!rows_.contains(QString::fromStdString(name))) rows_ << QString::fromStdString(name);
    if (!v.sentences.empty()) hasSentences_ = true;
    columns_ << QString::fromStdString(v.id);
  }
  // Declared fields no variant fills stay as rows: the gap is what a reviewer must see.
  fieldRows_ = rows_.size();
  if (hasSentences_) rows_ << tr("Descriptors / sentences");
  rows_ << tr("Whole text");

  auto counted = [this](const QString& encoded) { return counter_ ? counter_->count(encoded) : TextTokens{}; };
  cells_.resize(rows_.size());
  for (int r = 0; r < rows_.size(); ++r) cells_[r].resize(columns_.size());
  for (int c = 0; c < columns_.size(); ++c) {
    const data::DescriptionVariant& v = cls->variants[std::size_t(c)];
    for (int r = 0; r < fieldRows_; ++r) {
      Cell& cell = cells_[r][c];
      const std::string* text = v.field(rows_[r].toStdString());
      if (!text || text->empty()) {
        cell.missing = r < declaredRows_ && !v.fields.empty();
        continue;
      }
      const QString shown = QString::fromStdString(*text);
      const QString prefix = rows_[r] + QStringLiteral(": ");  // segments() encodes "Field: text"
      cell.texts << shown;
      cell.tokens << counted(prefix + shown);
      cell.prefix << int(prefix.size());
    }
    if (hasSentences_) {
      Cell& cell = cells_[fieldRows_][c];
      for (const std::string& s : v.sentences) {
        cell.texts << QString::fromStdString(s);
        cell.tokens << counted(cell.texts.last());
        cell.prefix << 0;
      }
    }
    Cell& whole = cells_[rows_.size() - 1][c];
    whole.texts << QString::fromStdString(v.joined_text());
    whole.tokens << counted(whole.texts.last());
    whole.prefix << 0;
  }
  attachLintFlags();
  attachScores();
}

// Each text's score beside it: fields by name, sentences as "sentence N", the whole text as "(all)".
void VariantComparisonModel::attachScores() {
  for (auto& row : cells_)
    for (Cell& cell : row) cell.scores = QStringList(cell.texts.size(), QString());
  if (!scores_) return;
  const std::string cls = class_.toStdString();
  for (const experiment::DescriptionScore& s : scores_->rows) {
    if (s.class_name != cls) continue;
    const int c = columns_.indexOf(QString::fromStdString(s.variant_id));
    if (c < 0) continue;
    const QString field = QString::fromStdString(s.field);
    int r = -1, line = 0;
    if (s.field == experiment::kWholeText) {
      r = rows_.size() - 1;
    } else if (const int f = rows_.indexOf(field); f >= 0 && f < fieldRows_) {
      r = f;
    } else if (hasSentences_ && field.startsWith(QLatin1String("sentence "))) {
      r = fieldRows_;
      line = field.mid(9).toInt() - 1;
    }
    if (r < 0) continue;
    Cell& cell = cells_[r][c];
    if (line >= 0 && line < cell.scores.size()) cell.scores[line] = scoreSummary(s);
  }
}

void VariantComparisonModel::attachLintFlags() {
  // Only the class shown is linted (every class's name is still checked).
  // Length is left to the token badges, and a missing field is already its
  // own cell state.
  data::LintOptions opt;
  opt.only_class = class_.toStdString();
  for (const data::LintFlag& f : data::lint_descriptions(doc_->store(), data::LintRules::builtin(), opt)) {
    if (f.kind == data::LintKind::MissingField) continue;
    const int c = columns_.indexOf(QString::fromStdString(f.variant_id));
    if (c < 0) continue;
    const QString field = QString::fromStdString(f.field);
    int r = rows_.indexOf(field);
    if (r < 0 || r >= fieldRows_) r = field.startsWith(QLatin1String("sentence ")) && hasSentences_ ? fieldRows_ : rows_.size() - 1;
    const QString detail = QString::fromStdString(f.detail);
    cells_[r][c].lint << detail;
    lintSummary_ << tr("%1, %2: %3").arg(columns_[c], field.isEmpty() ? tr("whole text") : field, detail);
  }
}

QString VariantComparisonModel::variantId(int column) const {
  return column >= 0 && column < columns_.size() ? columns_[column] : QString();
}

int VariantComparisonModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : rows_.size(); }
int VariantComparisonModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : columns_.size(); }

QVariant VariantComparisonModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const Cell& cell = cells_[index.row()][index.column()];
  switch (role) {
    case Qt::DisplayRole:
      if (cell.missing) return tr("(missing)");
      return cell.texts.join(QLatin1Char('\n'));
    case Qt::ToolTipRole:
      if (cell.missing) return tr("(missing)");
      return cell.texts.join(QLatin1Char('\n')) +
             (cell.lint.isEmpty() ? QString() : QStringLiteral("\n\n") + tr("Flagged: %1").arg(cell.lint.join(QStringLiteral("; "))));
    case VariantIdRole:
      return columns_[index.column()];
    case MissingRole:
      return cell.missing;
    case LintRole:
      return cell.lint;
    case ScoreRole:
      return cell.scores;
    case MaxTokensRole: {
      int m = -1;
      for (const TextTokens& t : cell.tokens)
        if (t.known) m = std::max(m, t.tokens);
      return m >= 0 ? QVariant(m) : QVariant();
    }
    case Qt::BackgroundRole:
      if (cell.missing) return QBrush(QColor(0xff, 0xf0, 0xd8));
      if (!cell.lint.isEmpty()) return QBrush(QColor(0xff, 0xeb, 0xee));
      return {};
    case MarkupRole: {
      if (cell.missing) return QStringLiteral("<i style=\"color:#b05000\">%1</i>").arg(tr("missing field").toHtmlEscaped());
      QStringList parts;
      for (int i = 0; i < cell.texts.size(); ++i) {
        MarkupOptions o;
        o.highlightColors = colors_;
        o.highlightBodyParts = bodyParts_;
        const TextTokens& t = cell.tokens[i];
        // The cut is counted in the encoded text; the shown text starts after its prefix.
        o.truncatedAt = t.truncatedAt < 0 ? -1 : std::max(0, t.truncatedAt - cell.prefix[i]);
        QString part = markupHtml(cell.texts[i], o) + QStringLiteral(" ") + tokenBadgeHtml(t);
        if (i < cell.scores.size() && !cell.scores[i].isEmpty())
          part += QStringLiteral(" <span style=\"color:#1565c0\">[%1]</span>").arg(cell.scores[i].toHtmlEscaped());
        parts << part;
      }
      for (const QString& l : cell.lint)
        parts << QStringLiteral("<span style=\"color:#c62828\">⚑ %1</span>").arg(l.toHtmlEscaped());
      return parts.join(QStringLiteral("<br>"));
    }
  }
  return {};
}

QVariant VariantComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation == Qt::Vertical) {
    if (section < 0 || section >= rows_.size()) return {};
    // The rows after the fields are ours: named at call time, in the language in use.
    if (role == Qt::DisplayRole && section >= fieldRows_)
      return section == rows_.size() - 1 ? tr("Whole text") : tr("Descriptors / sentences");
    if (role == Qt::DisplayRole) return rows_[section];
    if (role == Qt::ToolTipRole && section < declaredRows_) return tr("Declared field");
    return {};
  }
  if (section < 0 || section >= columns_.size()) return {};
  const data::DescriptionVariant* v = doc_ ? doc_->variant(class_, columns_[section]) : nullptr;
  if (!v) return {};
  const QString source = QString::fromStdString(v->provenance.model.empty() ? v->provenance.source : v->provenance.model);
  switch (role) {
    case Qt::DisplayRole: {
      QString mark;
      if (v->status == data::ReviewStatus::Approved) mark = QStringLiteral(" ✓");
      if (v->status == data::ReviewStatus::Rejected) mark = QStringLiteral(" ✗");
      return QStringLiteral("%1%2\n%3").arg(columns_[section], mark, source);
    }
    case Qt::ToolTipRole:
      return tr("Variant %1 — %2 — review: %3")
          .arg(columns_[section], source, QString::fromStdString(data::to_string(v->status)));
    case Qt::ForegroundRole:
      if (v->status == data::ReviewStatus::Approved) return QBrush(QColor(0x2e, 0x7d, 0x32));
      if (v->status == data::ReviewStatus::Rejected) return QBrush(QColor(0xc6, 0x28, 0x28));
      return {};
    case VariantIdRole:
      return columns_[section];
  }
  return {};
}

}  // namespace plumage::ui

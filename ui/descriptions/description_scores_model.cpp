#include "ui/descriptions/description_scores_model.h"

#include <QBrush>
#include <QColor>

#include <algorithm>
#include <numeric>

namespace plumage::ui {

DescriptionScoresModel::DescriptionScoresModel(QObject* parent) : QAbstractTableModel(parent) {}

QString DescriptionScoresModel::flagKey(const std::string& cls, const std::string& variant, const std::string& field) {
  return QString::fromStdString(cls) + QChar(0x1f) + QString::fromStdString(variant) + QChar(0x1f) +
         QString::fromStdString(field);
}

void DescriptionScoresModel::setScores(std::shared_ptr<const experiment::DescriptionScores> scores,
                                       QHash<QString, QStringList> flags, QHash<QString, QString> displayNames) {
  beginResetModel();
  scores_ = std::move(scores);
  flags_ = std::move(flags);
  displayNames_ = std::move(displayNames);
  worstRank_.clear();
  if (scores_) {
    // The core's worst-first order, as a rank per row: sorting by any column keeps it for ties.
    std::vector<experiment::DescriptionScore> sorted = scores_->rows;
    experiment::sort_worst_first(sorted);
    QHash<QString, int> rank;
    for (int i = 0; i < int(sorted.size()); ++i)
      rank.insert(flagKey(sorted[size_t(i)].class_name, sorted[size_t(i)].variant_id, sorted[size_t(i)].field), i);
    for (const auto& r : scores_->rows) worstRank_ << rank.value(flagKey(r.class_name, r.variant_id, r.field));
  }
  endResetModel();
}

int DescriptionScoresModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !scores_ ? 0 : int(scores_->rows.size());
}
int DescriptionScoresModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString scoreSummary(const experiment::DescriptionScore& s) {
  return DescriptionScoresModel::tr("cos %1 · top-1 %2% · top-5 %3%")
      .arg(s.centroid_cosine, 0, 'f', 3)
      .arg(s.top1 * 100, 0, 'f', 0)
      .arg(s.top5 * 100, 0, 'f', 0);
}

QString confusionText(const experiment::DescriptionScore& s) {
  QStringList parts;
  for (const auto& c : s.confused_with)
    parts << QStringLiteral("%1 (%2)").arg(QString::fromStdString(c.class_name)).arg(c.images);
  return parts.join(QStringLiteral("; "));
}

QVariant DescriptionScoresModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const experiment::DescriptionScore& s = scores_->rows[size_t(index.row())];
  const QString field = QString::fromStdString(s.field);
  const QStringList flags =
      flags_.value(flagKey(s.class_name, s.variant_id, s.field == experiment::kWholeText ? std::string() : s.field));
  switch (role) {
    case Qt::DisplayRole:
      switch (index.column()) {
        case Class: {
          const QString key = QString::fromStdString(s.class_name);
          return displayNames_.value(key, key);
        }
        case Variant: return QString::fromStdString(s.variant_id);
        case Field: return field == QLatin1String(experiment::kWholeText) ? tr("(whole text)") : field;
        case CentroidCosine: return QString::number(s.centroid_cosine, 'f', 3);
        case Top1: return QStringLiteral("%1%").arg(s.top1 * 100, 0, 'f', 0);
        case Top5: return QStringLiteral("%1%").arg(s.top5 * 100, 0, 'f', 0);
        case ConfusedWith: return confusionText(s);
        case Flags: return flags.isEmpty() ? QString() : QStringLiteral("⚑ ") + flags.join(QStringLiteral("; "));
        case Text: return QString::fromStdString(s.text);
      }
      return {};
    case SortRole:
      switch (index.column()) {
        case CentroidCosine: return s.centroid_cosine;
        case Top1: return s.top1 + 1e-9 * worstRank_.value(index.row());  // ties: worst-first order
        case Top5: return s.top5 + 1e-9 * worstRank_.value(index.row());
        case Flags: return int(flags.size());
        default: return data(index, Qt::DisplayRole);
      }
    case Qt::ToolTipRole:
      if (index.column() == Text || index.column() == Flags) return data(index, Qt::DisplayRole);
      return tr("%1 training images of this class (scores use training images only)").arg(s.images);
    case Qt::ForegroundRole:
      if (index.column() == Flags) return QBrush(QColor(0xc6, 0x28, 0x28));
      if (s.status == "rejected") return QBrush(QColor(0x90, 0x90, 0x90));
      return {};
    case ClassKeyRole: return QString::fromStdString(s.class_name);
    case VariantIdRole: return QString::fromStdString(s.variant_id);
  }
  return {};
}

QVariant DescriptionScoresModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return {};
  if (role == Qt::DisplayRole) {
    switch (section) {
      case Class: return tr("Class");
      case Variant: return tr("Variant");
      case Field: return tr("Field");
      case CentroidCosine: return tr("Centroid cos");
      case Top1: return tr("Top-1");
      case Top5: return tr("Top-5");
      case ConfusedWith: return tr("Confused with");
      case Flags: return tr("Flags");
      case Text: return tr("Text");
    }
  }
  if (role == Qt::ToolTipRole) {
    switch (section) {
      case CentroidCosine: return tr("Cosine between the text and the mean of the class's training image features");
      case Top1:
      case Top5:
        return tr("Training images of the class whose own class ranks first / in the first five when this text "
                  "alone stands for the class (other classes: their usable descriptions)");
      case ConfusedWith: return tr("Classes ranked first instead, with how many training images each took");
    }
  }
  return {};
}

}  // namespace plumage::ui

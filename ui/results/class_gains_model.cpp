#include "ui/results/class_gains_model.h"

#include <QBrush>
#include <QColor>

namespace plumage::ui::results {

namespace {
// Dark enough to read on a light row, not a traffic-light glare.
const QColor kGainUp(0x1b, 0x7a, 0x3a);
const QColor kGainDown(0xb3, 0x26, 0x1e);
constexpr int kDescriptionChars = 60;
constexpr int kClipContext = 77;
}  // namespace

void ClassGainsModel::setRows(QVector<ClassGainRow> rows) {
  beginResetModel();
  rows_ = std::move(rows);
  endResetModel();
}

void ClassGainsModel::setColumnNames(const QString& a, const QString& b) {
  nameA_ = a;
  nameB_ = b;
  emit headerDataChanged(Qt::Horizontal, kAccuracyA, kAccuracyB);
}

int ClassGainsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : rows_.size(); }

int ClassGainsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : kColumnCount; }

QVariant ClassGainsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rows_.size()) return {};
  const ClassGainRow& r = rows_[index.row()];
  const experiment::ClassGain& g = r.gain;
  if (role == Qt::DisplayRole) {
    switch (index.column()) {
      case kClass: return QString::fromStdString(g.class_name);
      case kAccuracyA: return QString::number(g.accuracy_a, 'f', 2);
      case kAccuracyB: return QString::number(g.accuracy_b, 'f', 2);
      case kGain: return (g.gain > 0 ? QStringLiteral("+") : QString()) + QString::number(g.gain, 'f', 2);
      case kImages: return QString::number(g.test_images);
      case kSeeds: return QString::number(g.seeds);
      case kDescription:
        return r.description.size() > kDescriptionChars ? r.description.left(kDescriptionChars - 1) + QChar(0x2026)
                                                        : r.description;
      case kTokens: return r.tokens >= 0 ? QString::number(r.tokens) : QStringLiteral("—");
    }
  }
  if (role == Qt::UserRole && index.column() == kGain) return g.gain;  // the number, for tests and sorting
  if (role == Qt::ToolTipRole) {
    if (index.column() == kDescription && !r.description.isEmpty()) return r.description;
    if (index.column() == kTokens && r.tokens < 0)
      return tr("No CLIP vocabulary found: set one on the Descriptions page to count tokens.");
    if (index.column() == kTokens && r.tokens > kClipContext)
      return tr("Longer than CLIP's %1-token context: a single encoding cuts the text.").arg(kClipContext);
    if (index.column() == kClass) return tr("Double-click to open the class on the Descriptions page");
  }
  if (role == Qt::ForegroundRole && index.column() == kGain && g.gain != 0)
    return QBrush(g.gain > 0 ? kGainUp : kGainDown);
  if (role == Qt::TextAlignmentRole && index.column() != kClass && index.column() != kDescription)
    return int(Qt::AlignRight | Qt::AlignVCenter);
  return {};
}

QVariant ClassGainsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  // Short headers keep the numbers narrow; the full column names are on hover.
  if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && (section == kAccuracyA || section == kAccuracyB))
    return tr("Accuracy of %1 (%)").arg(section == kAccuracyA ? nameA_ : nameB_);
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
  switch (section) {
    case kClass: return tr("Class");
    case kAccuracyA: return tr("A (%)");
    case kAccuracyB: return tr("B (%)");
    case kGain: return tr("Gain (A − B)");
    case kImages: return tr("Test images");
    case kSeeds: return tr("Seeds");
    case kDescription: return tr("Description");
    case kTokens: return tr("Tokens");
  }
  return {};
}

}  // namespace plumage::ui::results

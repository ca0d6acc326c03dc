#include "ui/browser/class_list_model.h"

#include "ui/descriptions/descriptions_document.h"
#include "ui/shell/loaded_dataset.h"

#include <QBrush>
#include <QColor>
#include <QGuiApplication>
#include <QPalette>

namespace plumage::ui {

ClassListModel::ClassListModel(QObject* parent) : QAbstractTableModel(parent) {}

void ClassListModel::setDataset(std::shared_ptr<const LoadedDataset> dataset, DescriptionsDocument* descriptions) {
  beginResetModel();
  if (descriptions_) descriptions_->disconnect(this);
  dataset_ = std::move(dataset);
  descriptions_ = descriptions;
  if (descriptions_) connect(descriptions_, &DescriptionsDocument::classChanged, this, &ClassListModel::refreshClass);
  endResetModel();
}

int ClassListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !dataset_ ? 0 : int(dataset_->dataset.classes.size());
}

int ClassListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ClassListModel::data(const QModelIndex& index, int role) const {
  if (!dataset_ || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const int row = index.row();
  const auto& cls = dataset_->dataset.classes[std::size_t(row)];
  const ClassCounts& counts = dataset_->classCounts[row];
  const QString key = QString::fromStdString(cls.name);
  const data::ClassDescriptions* desc = descriptions_ ? descriptions_->find(key) : nullptr;
  const int variants = desc ? int(desc->variants.size()) : 0;
  auto missing = [&] { return descriptions_ && variants > 0 ? descriptions_->missingFields(key) : QStringList(); };

  switch (role) {
    case LabelRole: return row;
    case HasDescriptionRole: return variants > 0;
    case MissingFieldsRole: return missing();
    case Qt::TextAlignmentRole:
      return index.column() == Name ? QVariant() : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    case Qt::ToolTipRole:
      if (index.column() == Description && variants > 0) {
        const QStringList m = missing();
        return m.isEmpty() ? tr("%n description variant(s); every declared field present", "", variants)
                           : tr("%n description variant(s); missing: %1", "", variants).arg(m.join(QStringLiteral(", ")));
      }
      // The whole name where a narrow column elides it, then the folder key (the search matches both).
      if (index.column() == Name && dataset_->className(row) != key) return dataset_->className(row) + QLatin1Char('\n') + key;
      return key;
    case Qt::ForegroundRole:
      if (index.column() == Description && variants > 0 && !missing().isEmpty()) return QBrush(QColor(0xb0, 0x50, 0x00));
      if (index.column() == Description && variants == 0) return QGuiApplication::palette().brush(QPalette::PlaceholderText);
      return {};
    case Qt::DisplayRole:
    case Qt::EditRole:
      break;
    default:
      return {};
  }
  const bool edit = role == Qt::EditRole;  // EditRole gives sortable numbers
  switch (index.column()) {
    case Name: return dataset_->className(row);
    case Train: return counts.train;
    case Test: return counts.test;
    case Captions:
      if (!dataset_->hasCaptions) return edit ? QVariant(-1) : QVariant(QStringLiteral("—"));
      return edit ? QVariant(counts.imagesWithCaptions)
                  : QVariant(QStringLiteral("%1/%2").arg(counts.imagesWithCaptions).arg(counts.train + counts.test));
    case Description: {
      if (edit) return variants;
      if (variants == 0) return tr("none");
      const QStringList m = missing();
      return m.isEmpty() ? tr("%n variant(s)", "", variants) : tr("%n variant(s), lacks %1", "", variants).arg(m.size());
    }
  }
  return {};
}

QVariant ClassListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
  switch (section) {
    case Name: return tr("Class");
    case Train: return tr("Train");
    case Test: return tr("Test");
    case Captions: return tr("Captioned");
    case Description: return tr("Description");
  }
  return {};
}

void ClassListModel::refreshClass(const QString& className) {
  if (!dataset_) return;
  const int row = dataset_->dataset.class_index(className.toStdString());
  if (row >= 0) emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ClassFilterProxy::setSearchText(const QString& text) {
  search_ = text.trimmed();
  invalidateFilter();
}

void ClassFilterProxy::setDescriptionFilter(DescriptionFilter f) {
  filter_ = f;
  invalidateFilter();
}

bool ClassFilterProxy::filterAcceptsRow(int row, const QModelIndex& parent) const {
  const QModelIndex idx = sourceModel()->index(row, ClassListModel::Name, parent);
  if (!search_.isEmpty()) {
    const QString name = idx.data(Qt::DisplayRole).toString();
    const QString key = idx.data(Qt::ToolTipRole).toString();
    if (!name.contains(search_, Qt::CaseInsensitive) && !key.contains(search_, Qt::CaseInsensitive)) return false;
  }
  switch (filter_) {
    case DescriptionFilter::Any: return true;
    case DescriptionFilter::Described: return idx.data(ClassListModel::HasDescriptionRole).toBool();
    case DescriptionFilter::NotDescribed: return !idx.data(ClassListModel::HasDescriptionRole).toBool();
    case DescriptionFilter::MissingFields:
      return idx.data(ClassListModel::HasDescriptionRole).toBool() &&
             !idx.data(ClassListModel::MissingFieldsRole).toStringList().isEmpty();
  }
  return true;
}

bool ClassFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const {
  if (left.column() == ClassListModel::Name) return left.row() < right.row();  // dataset order (class id)
  return left.data(Qt::EditRole).toInt() < right.data(Qt::EditRole).toInt();
}

}  // namespace plumage::ui

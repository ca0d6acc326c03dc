// Table of the dataset's classes for the browser: name, train/test image
// counts, images with captions, and whether the class has a description (and
// which declared fields its description lacks). Sort and search through a
// ClassFilterProxy.
#pragma once

#include <QAbstractTableModel>
#include <QPointer>
#include <QSortFilterProxyModel>

#include <memory>

namespace plumage::ui {

class DescriptionsDocument;
struct LoadedDataset;

class ClassListModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Name, Train, Test, Captions, Description, ColumnCount };
  enum Role { LabelRole = Qt::UserRole + 1, HasDescriptionRole, MissingFieldsRole };

  explicit ClassListModel(QObject* parent = nullptr);
  void setDataset(std::shared_ptr<const LoadedDataset> dataset, DescriptionsDocument* descriptions);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  void refreshClass(const QString& className);

  std::shared_ptr<const LoadedDataset> dataset_;
  QPointer<DescriptionsDocument> descriptions_;
};

// Search (case-insensitive, over display name and class key) and a
// description filter on top of ClassListModel.
class ClassFilterProxy : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  enum class DescriptionFilter { Any, Described, NotDescribed, MissingFields };
  using QSortFilterProxyModel::QSortFilterProxyModel;
  void setSearchText(const QString& text);
  void setDescriptionFilter(DescriptionFilter f);

 protected:
  bool filterAcceptsRow(int row, const QModelIndex& parent) const override;
  bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

 private:
  QString search_;
  DescriptionFilter filter_ = DescriptionFilter::Any;
};

}  // namespace plumage::ui

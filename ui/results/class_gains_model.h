// Table model of the per-class comparison: experiment::class_gains rows
// (class, accuracy A, accuracy B, gain, test images, seeds) in core's order
// (largest gain first), with the class's first description text and its CLIP
// token count beside it. Gains are coloured: green up, red down.
#pragma once

#include "core/experiment/per_class_results.h"

#include <QAbstractTableModel>
#include <QString>
#include <QVector>

#include <vector>

namespace plumage::ui::results {

struct ClassGainRow {
  experiment::ClassGain gain;
  QString description;  // first usable description of the class; empty when none
  int tokens = -1;      // CLIP tokens of `description`; -1 when unknown
};

class ClassGainsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { kClass = 0, kAccuracyA, kAccuracyB, kGain, kImages, kSeeds, kDescription, kTokens, kColumnCount };

  using QAbstractTableModel::QAbstractTableModel;

  void setRows(QVector<ClassGainRow> rows);
  void setColumnNames(const QString& a, const QString& b);
  const QVector<ClassGainRow>& rows() const { return rows_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  QVector<ClassGainRow> rows_;
  QString nameA_, nameB_;
};

}  // namespace plumage::ui::results

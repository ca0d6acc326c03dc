// Every scored description text of the open dataset in one sortable table
// (core/experiment/description_scores.h): class, variant, field, centroid
// cosine, own-class top-1 / top-5 on the training images, the classes it is
// confused with, and the lint's flags. Sorted by SortRole it puts the worst
// first (top-1, then top-5, then cosine, ascending).
#pragma once

#include "core/experiment/description_scores.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QVector>
#include <QStringList>

#include <memory>

namespace plumage::ui {

class DescriptionScoresModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Class, Variant, Field, Top1, Top5, CentroidCosine, Flags, ConfusedWith, Text, ColumnCount };
  enum Role {
    SortRole = Qt::UserRole + 1,  // numbers as numbers; ties broken worst-first
    ClassKeyRole,                 // QString: dataset class key
    VariantIdRole,                // QString
  };

  explicit DescriptionScoresModel(QObject* parent = nullptr);
  // `flags`: lint findings keyed by flagKey(class, variant, field) (field "" = whole text).
  void setScores(std::shared_ptr<const experiment::DescriptionScores> scores, QHash<QString, QStringList> flags,
                 QHash<QString, QString> displayNames = {});
  std::shared_ptr<const experiment::DescriptionScores> scores() const { return scores_; }
  static QString flagKey(const std::string& cls, const std::string& variant, const std::string& field);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  std::shared_ptr<const experiment::DescriptionScores> scores_;
  QHash<QString, QStringList> flags_;
  QHash<QString, QString> displayNames_;
  QVector<int> worstRank_;  // row -> its place in worst-first order, for sort ties
};

// "cos 0.213 · top-1 12% · top-5 40%", and the class most often taken instead.
QString scoreSummary(const experiment::DescriptionScore& s);
QString confusionText(const experiment::DescriptionScore& s);

}  // namespace plumage::ui

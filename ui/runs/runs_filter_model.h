// Filters of the runs table: by status (any, active, done, failed or
// cancelled/interrupted, ...), by sweep, and by a text that must occur in the
// run's summary, sweep name, key or error. Sorts by the model's SortRole.
#pragma once

#include <QSortFilterProxyModel>
#include <QStringList>

namespace plumage::ui {

class RunsFilterModel : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  explicit RunsFilterModel(QObject* parent = nullptr);

  // Statuses to show; empty = all.
  void setStatuses(const QStringList& statuses);
  // Sweep id to show; 0 = all.
  void setSweep(qint64 sweepId);
  void setText(const QString& text);

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

 private:
  QStringList statuses_;
  qint64 sweep_ = 0;
  QString text_;
};

}  // namespace plumage::ui

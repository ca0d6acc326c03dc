// Table model of the store's runs for the runs page: id, status, sweep,
// config summary, top-1, duration, started. Rows are merged by run id on each
// update so selection and scroll position survive live refreshes.
#pragma once

#include "ui/runs/run_rows.h"

#include <QAbstractTableModel>
#include <QVector>

namespace plumage::ui {

class RunsTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { ColId, ColStatus, ColSweep, ColSummary, ColTop1, ColDuration, ColStarted, ColumnCount };
  enum Role { RunIdRole = Qt::UserRole + 1, StatusRole, SortRole };

  explicit RunsTableModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  // Replaces the content with `rows` (sorted by id), emitting row inserts,
  // removals and dataChanged for what differs.
  void setRuns(const QVector<RunRow>& rows);
  const RunRow* run(int row) const;
  const RunRow* runById(qint64 id) const;
  int rowOf(qint64 id) const;
  // Running runs' durations grow: refreshes that column (called by a timer).
  void refreshDurations();

  // "12 s", "3:05", "1:02:07".
  static QString formatDuration(qint64 ms);

 private:
  QVector<RunRow> rows_;
};

}  // namespace plumage::ui

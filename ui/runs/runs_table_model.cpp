#include "ui/runs/runs_table_model.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>

#include <algorithm>

namespace plumage::ui {

namespace {
QColor statusColor(const QString& s) {
  if (s == QLatin1String("DONE")) return QColor(0x2e, 0x7d, 0x32);
  if (s == QLatin1String("RUNNING")) return QColor(0x15, 0x65, 0xc0);
  if (s == QLatin1String("FAILED")) return QColor(0xc6, 0x28, 0x28);
  if (s == QLatin1String("CANCELLED") || s == QLatin1String("INTERRUPTED")) return QColor(0xef, 0x6c, 0x00);
  return QColor(0x61, 0x61, 0x61);
}
}  // namespace

RunsTableModel::RunsTableModel(QObject* parent) : QAbstractTableModel(parent) {}

int RunsTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : rows_.size(); }
int RunsTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString RunsTableModel::formatDuration(qint64 ms) {
  if (ms < 0) return {};
  const qint64 s = ms / 1000;
  if (s < 60) return tr("%1 s").arg(ms < 10000 ? QString::number(ms / 1000.0, 'f', 1) : QString::number(s));
  const qint64 h = s / 3600, m = (s / 60) % 60, sec = s % 60;
  if (h == 0) return QStringLiteral("%1:%2").arg(m).arg(sec, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(sec, 2, 10, QLatin1Char('0'));
}

QVariant RunsTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rows_.size() || index.column() >= ColumnCount) return {};
  const RunRow& r = rows_[index.row()];
  const qint64 now = QDateTime::currentMSecsSinceEpoch();
  if (role == RunIdRole) return r.id;
  if (role == StatusRole) return r.status;
  if (role == Qt::DisplayRole || role == SortRole) {
    const bool sort = role == SortRole;
    switch (index.column()) {
      case ColId: return r.id;
      case ColStatus: return r.status;
      case ColSweep: return r.sweepId > 0 ? (r.sweepName.isEmpty() ? QString::number(r.sweepId) : r.sweepName) : QString();
      case ColSummary: return r.summary;
      case ColTop1:
        if (!r.hasTop1()) return sort ? QVariant(-1.0) : QVariant();
        return sort ? QVariant(r.top1) : QVariant(QString::number(r.top1, 'f', 2));
      case ColDuration: {
        const qint64 d = r.durationMs(now);
        return sort ? QVariant(d) : QVariant(formatDuration(d));
      }
      case ColStarted:
        if (r.startedMs <= 0) return sort ? QVariant(qint64(0)) : QVariant();
        return sort ? QVariant(r.startedMs)
                    : QVariant(QDateTime::fromMSecsSinceEpoch(r.startedMs).toString(QStringLiteral("MM-dd HH:mm")));
    }
  }
  if (role == Qt::ForegroundRole && index.column() == ColStatus) return QBrush(statusColor(r.status));
  if (role == Qt::TextAlignmentRole && (index.column() == ColId || index.column() == ColTop1 || index.column() == ColDuration))
    return int(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::ToolTipRole) {
    if (!r.error.isEmpty()) return tr("%1: %2").arg(r.status, r.error);
    if (index.column() == ColSummary)
      return r.summaryTip.isEmpty() ? r.summary : r.summary + QLatin1Char('\n') + r.summaryTip;
    if (!r.device.isEmpty()) return tr("Run %1 on %2, seed %3").arg(r.id).arg(r.device).arg(r.seed);
  }
  return {};
}

QVariant RunsTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
  switch (section) {
    case ColId: return tr("Run");
    case ColStatus: return tr("Status");
    case ColSweep: return tr("Sweep");
    case ColSummary: return tr("Configuration");
    case ColTop1: return tr("Top-1 %");
    case ColDuration: return tr("Duration");
    case ColStarted: return tr("Started");
  }
  return {};
}

void RunsTableModel::setRuns(const QVector<RunRow>& incoming) {
  // Both lists are sorted by id: walk them together.
  int i = 0, j = 0;
  while (i < rows_.size() || j < incoming.size()) {
    if (j >= incoming.size() || (i < rows_.size() && rows_[i].id < incoming[j].id)) {
      // Gone from the store (merge rewrote it, file replaced): remove the run of rows.
      int end = i;
      while (end < rows_.size() && (j >= incoming.size() || rows_[end].id < incoming[j].id)) ++end;
      beginRemoveRows({}, i, end - 1);
      rows_.erase(rows_.begin() + i, rows_.begin() + end);
      endRemoveRows();
    } else if (i >= rows_.size() || incoming[j].id < rows_[i].id) {
      int end = j;
      while (end < incoming.size() && (i >= rows_.size() || incoming[end].id < rows_[i].id)) ++end;
      beginInsertRows({}, i, i + (end - j) - 1);
      rows_.insert(i, end - j, RunRow{});
      std::copy(incoming.begin() + j, incoming.begin() + end, rows_.begin() + i);
      endInsertRows();
      i += end - j;
      j = end;
    } else {
      if (!rows_[i].sameContent(incoming[j])) {
        rows_[i] = incoming[j];
        emit dataChanged(index(i, 0), index(i, ColumnCount - 1));
      }
      ++i;
      ++j;
    }
  }
}

const RunRow* RunsTableModel::run(int row) const { return row >= 0 && row < rows_.size() ? &rows_[row] : nullptr; }

int RunsTableModel::rowOf(qint64 id) const {
  auto it = std::lower_bound(rows_.begin(), rows_.end(), id, [](const RunRow& r, qint64 v) { return r.id < v; });
  return it != rows_.end() && it->id == id ? int(it - rows_.begin()) : -1;
}

const RunRow* RunsTableModel::runById(qint64 id) const { return run(rowOf(id)); }

void RunsTableModel::refreshDurations() {
  for (int i = 0; i < rows_.size(); ++i)
    if (rows_[i].isActive()) emit dataChanged(index(i, ColDuration), index(i, ColDuration), {Qt::DisplayRole});
}

}  // namespace plumage::ui

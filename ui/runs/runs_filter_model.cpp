#include "ui/runs/runs_filter_model.h"

#include "ui/runs/runs_table_model.h"

namespace plumage::ui {

RunsFilterModel::RunsFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
  setSortRole(RunsTableModel::SortRole);
  setDynamicSortFilter(true);
}

void RunsFilterModel::setStatuses(const QStringList& statuses) {
  if (statuses == statuses_) return;
  statuses_ = statuses;
  invalidateFilter();
}

void RunsFilterModel::setSweep(qint64 sweepId) {
  if (sweepId == sweep_) return;
  sweep_ = sweepId;
  invalidateFilter();
}

void RunsFilterModel::setText(const QString& text) {
  const QString t = text.trimmed();
  if (t == text_) return;
  text_ = t;
  invalidateFilter();
}

bool RunsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
  const auto* model = qobject_cast<const RunsTableModel*>(sourceModel());
  if (!model) return true;
  const RunRow* r = model->run(sourceRow);
  if (!r) return false;
  if (!statuses_.isEmpty() && !statuses_.contains(r->status)) return false;
  if (sweep_ > 0 && r->sweepId != sweep_) return false;
  if (text_.isEmpty()) return true;
  for (const QString* field : {&r->summary, &r->sweepName, &r->key, &r->error, &r->status})
    if (field->contains(text_, Qt::CaseInsensitive)) return true;
  return QString::number(r->id) == text_;
}

}  // namespace plumage::ui

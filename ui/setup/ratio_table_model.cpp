#include "ui/setup/ratio_table_model.h"

#include "ui/setup/ratio_commands.h"

#include <QFont>
#include <QUndoStack>

#include <cmath>
#include <exception>

namespace plumage::ui {

RatioTableModel::RatioTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void RatioTableModel::setInputs(const QStringList& classNames, const experiment::PlanInputs& inputs, bool hasTexts) {
  const QVector<QPair<QString, double>> kept = pending_.isEmpty() ? overrides() : pending_;
  pending_.clear();
  beginResetModel();
  classNames_ = classNames;
  inputs_ = inputs;
  hasTexts_ = hasTexts;
  overrides_ = QVector<double>(classNames.size(), qQNaN());
  endResetModel();
  setOverrides(kept);
  recompute();
}

void RatioTableModel::setPlanSettings(const experiment::RatioPlanConfig& settings) {
  settings_ = settings;
  recompute();
  if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

experiment::RatioPlanConfig RatioTableModel::planConfig() const {
  experiment::RatioPlanConfig c = settings_;
  c.image_ratio = global_;
  c.per_class_ratios.clear();
  if (perClassEditable() && overriddenCount() > 0)
    for (int i = 0; i < overrides_.size(); ++i) c.per_class_ratios.push_back(ratio(i));
  return c;
}

double RatioTableModel::ratio(int row) const {
  if (row < 0 || row >= overrides_.size()) return global_;
  return std::isnan(overrides_[row]) ? global_ : overrides_[row];
}

bool RatioTableModel::isOverridden(int row) const {
  return row >= 0 && row < overrides_.size() && !std::isnan(overrides_[row]);
}

int RatioTableModel::overriddenCount() const {
  int n = 0;
  for (double v : overrides_) n += std::isnan(v) ? 0 : 1;
  return n;
}

QVector<QPair<QString, double>> RatioTableModel::overrides() const {
  QVector<QPair<QString, double>> out;
  for (int i = 0; i < overrides_.size(); ++i)
    if (!std::isnan(overrides_[i])) out.push_back({classNames_[i], overrides_[i]});
  return out;
}

QStringList RatioTableModel::setOverrides(const QVector<QPair<QString, double>>& values) {
  QStringList unknown;
  if (classNames_.isEmpty()) {
    pending_ = values;  // applied when the classes are known (setInputs)
    return unknown;
  }
  overrides_.fill(qQNaN());
  for (const auto& [name, r] : values) {
    const int row = classNames_.indexOf(name);
    if (row < 0)
      unknown << name;
    else
      overrides_[row] = r;
  }
  recompute();
  if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
  return unknown;
}

void RatioTableModel::setGlobalRatio(double r) {
  if (r == global_) return;
  if (undo_)
    undo_->push(new SetGlobalRatioCommand(this, global_, r));
  else
    applyGlobalRatio(r);
}

void RatioTableModel::setRatios(const QVector<int>& rows, double r) {
  QVector<int> valid;
  for (int row : rows)
    if (row >= 0 && row < overrides_.size()) valid.push_back(row);
  if (valid.isEmpty()) return;
  if (undo_)
    undo_->push(new SetClassRatiosCommand(this, valid, r));
  else
    applyRatios(valid, QVector<double>(valid.size(), r));
}

void RatioTableModel::resetAll() {
  QVector<int> rows;
  for (int i = 0; i < overrides_.size(); ++i)
    if (isOverridden(i)) rows.push_back(i);
  if (!rows.isEmpty()) resetRatios(rows);
}

QVector<double> RatioTableModel::rawRatios(const QVector<int>& rows) const {
  QVector<double> out;
  for (int row : rows) out.push_back(overrides_.value(row, qQNaN()));
  return out;
}

void RatioTableModel::applyRatios(const QVector<int>& rows, const QVector<double>& values) {
  for (int i = 0; i < rows.size() && i < values.size(); ++i)
    if (rows[i] >= 0 && rows[i] < overrides_.size()) overrides_[rows[i]] = values[i];
  recompute();
  if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void RatioTableModel::applyGlobalRatio(double r) {
  global_ = r;
  recompute();
  if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void RatioTableModel::recompute() {
  planError_.clear();
  plan_ = {};
  textSamples_ = QVector<qint64>(classNames_.size(), 0);
  totalImages_ = totalTexts_ = 0;
  if (classNames_.isEmpty()) {
    emit planChanged();
    return;
  }
  experiment::RatioPlanConfig c = planConfig();
  const bool wantTexts = c.text_source != experiment::TextSource::None;
  if (wantTexts && !hasTexts_) c.text_source = experiment::TextSource::None;
  try {
    plan_ = experiment::make_ratio_plan(c, inputs_);
  } catch (const std::exception& e) {
    planError_ = QString::fromUtf8(e.what());
    emit planChanged();
    return;
  }
  for (int64_t k : plan_.class_images) totalImages_ += k;
  if (wantTexts && !hasTexts_) {
    planError_ = tr("Choose a text feature file to count the text samples.");
  } else if (wantTexts) {
    // Per epoch: every candidate (All) or one per turned image (OnePerEpoch).
    for (size_t i = 0; i < plan_.text_rows.size(); ++i) {
      const int64_t cls = inputs_.labels[size_t(plan_.text_rows[i])];
      const qint64 n = c.caption_use == experiment::CaptionUse::All ? plan_.text_candidates_of(i) : 1;
      textSamples_[int(cls)] += n;
      totalTexts_ += n;
    }
  }
  emit planChanged();
}

int RatioTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : classNames_.size(); }
int RatioTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RatioTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= classNames_.size() || index.column() >= ColumnCount) return {};
  const int row = index.row();
  const bool planned = size_t(row) < plan_.class_images.size();
  const bool textsKnown = settings_.text_source == experiment::TextSource::None || hasTexts_;
  if (role == OverriddenRole) return isOverridden(row);
  if (role == Qt::DisplayRole || role == Qt::EditRole) {
    switch (index.column()) {
      case ColClass: return classNames_[row];
      case ColTrain: return planned ? QVariant(qlonglong(plan_.class_train[row] + plan_.class_val[row])) : QVariant();
      case ColRatio:
        if (role == Qt::EditRole) return ratio(row);
        return QStringLiteral("%1 %").arg(ratio(row) * 100.0, 0, 'f', 1);
      case ColImages: return planned ? QVariant(qlonglong(plan_.class_images[row])) : QVariant();
      case ColTexts: return planned && textsKnown ? QVariant(textSamples_[row]) : QVariant();
    }
  }
  if (role == Qt::TextAlignmentRole && index.column() != ColClass) return int(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::FontRole && index.column() == ColRatio && isOverridden(row)) {
    QFont f;
    f.setBold(true);
    return f;
  }
  if (role == Qt::ToolTipRole) {
    switch (index.column()) {
      case ColClass: return classNames_[row];  // whole, where the column elides it
      case ColTrain:
        if (planned)
          return tr("%1 training images: %2 for the ratio plan, %3 held out for validation")
              .arg(plan_.class_train[row] + plan_.class_val[row])
              .arg(plan_.class_train[row])
              .arg(plan_.class_val[row]);
        break;
      case ColRatio:
        return isOverridden(row) ? tr("Set for this class (global ratio: %1 %)").arg(global_ * 100.0, 0, 'f', 1)
                                 : tr("Follows the global ratio");
      case ColTexts:
        if (settings_.text_source == experiment::TextSource::None && planned)
          return tr("Image only: the %1 other images of this class are left out").arg(plan_.class_texts[row]);
        if (planned) return tr("%1 images turned into text samples").arg(plan_.class_texts[row]);
        break;
    }
  }
  return {};
}

bool RatioTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (role != Qt::EditRole || index.column() != ColRatio || !perClassEditable()) return false;
  bool ok = false;
  const double r = value.toDouble(&ok);
  if (!ok || !(r >= 0.0 && r <= 1.0)) return false;
  setRatios({index.row()}, r);
  return true;
}

Qt::ItemFlags RatioTableModel::flags(const QModelIndex& index) const {
  Qt::ItemFlags f = QAbstractTableModel::flags(index);
  if (index.isValid() && index.column() == ColRatio && perClassEditable()) f |= Qt::ItemIsEditable;
  return f;
}

QVariant RatioTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return QAbstractTableModel::headerData(section, orientation, role);
  if (role == Qt::DisplayRole) {
    switch (section) {
      case ColClass: return tr("Class");
      case ColTrain: return tr("Train");
      case ColRatio: return tr("Ratio");
      case ColImages: return tr("Images");
      case ColTexts: return tr("Texts");
    }
  }
  if (role == Qt::ToolTipRole) {
    switch (section) {
      case ColTrain: return tr("Training images of the class (including the validation split)");
      case ColRatio: return tr("Image ratio r of the class (bold: set for this class)");
      case ColImages: return tr("Training images kept as image samples (k = round(r · n))");
      case ColTexts: return tr("Text samples per epoch that replace the other images");
    }
  }
  return {};
}

}  // namespace plumage::ui

// The per-class image-ratio table of the setup page: class, train images,
// image ratio (editable; a class either follows the global ratio or has its
// own), and the image and text sample counts that result. Counts come from
// the engine's plan code (experiment::make_ratio_plan) on the real feature-file
// rows, so what the table shows is what a run trains on.
//
// Edits go through a QUndoStack (when one is set): single cells, "set to"
// over a selection, reset to global, and the global ratio itself.
#pragma once

#include "core/experiment/engine_types.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <QStringList>
#include <QVector>

#include <QUndoStack>

namespace plumage::ui {

class RatioTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { ColClass, ColTrain, ColRatio, ColImages, ColTexts, ColumnCount };
  enum Role { OverriddenRole = Qt::UserRole + 1 };

  explicit RatioTableModel(QObject* parent = nullptr);

  // The dataset: class names and the rows of the feature files (texts may be
  // absent). Keeps per-class ratios whose class names still exist.
  void setInputs(const QStringList& classNames, const experiment::PlanInputs& inputs, bool hasTexts);
  bool hasInputs() const { return !classNames_.isEmpty(); }
  const QStringList& classNames() const { return classNames_; }

  // Sampling, text source, caption use, validation fraction and seed of the
  // plan (its ratios are the model's).
  void setPlanSettings(const experiment::RatioPlanConfig& settings);
  experiment::RatioPlanConfig planConfig() const;  // with the ratios filled in

  void setUndoStack(QUndoStack* stack) { undo_ = stack; }

  double globalRatio() const { return global_; }
  void setGlobalRatio(double ratio);  // undoable
  // Per-class ratio of `rows` (undoable); NaN resets them to the global ratio.
  void setRatios(const QVector<int>& rows, double ratio);
  void resetRatios(const QVector<int>& rows) { setRatios(rows, qQNaN()); }
  void resetAll();
  double ratio(int row) const;  // effective
  bool isOverridden(int row) const;
  int overriddenCount() const;
  // Per-class ratios can be set only with per-class sampling.
  bool perClassEditable() const { return settings_.sampling == experiment::SamplingMode::PerClass; }

  // Explicit per-class ratios by class name (what an experiment config stores).
  QVector<QPair<QString, double>> overrides() const;
  // Sets per-class ratios from names (no undo); unknown names are returned.
  // Before the classes are known the ratios wait for setInputs().
  QStringList setOverrides(const QVector<QPair<QString, double>>& overrides);

  // The last plan and its problem ("" = fine).
  const experiment::RatioPlan& plan() const { return plan_; }
  QString planError() const { return planError_; }
  qint64 totalImages() const { return totalImages_; }
  qint64 totalTexts() const { return totalTexts_; }
  qint64 textSamples(int row) const { return row >= 0 && row < textSamples_.size() ? textSamples_[row] : 0; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role) override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  // Used by the undo commands: applies without recording.
  void applyRatios(const QVector<int>& rows, const QVector<double>& values);
  void applyGlobalRatio(double ratio);
  QVector<double> rawRatios(const QVector<int>& rows) const;

 signals:
  void planChanged();

 private:
  void recompute();

  QStringList classNames_;
  experiment::PlanInputs inputs_;
  bool hasTexts_ = false;
  experiment::RatioPlanConfig settings_;
  double global_ = 1.0;
  QVector<double> overrides_;  // NaN = follows the global ratio
  QVector<QPair<QString, double>> pending_;
  experiment::RatioPlan plan_;
  QString planError_;
  QVector<qint64> textSamples_;
  qint64 totalImages_ = 0, totalTexts_ = 0;
  QPointer<QUndoStack> undo_;
};

}  // namespace plumage::ui

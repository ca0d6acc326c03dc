// Undo commands of the per-class ratio table (ratio_table_model.h).
#pragma once

#include <QPointer>
#include <QUndoCommand>
#include <QVector>

namespace plumage::ui {

class RatioTableModel;

// Per-class ratios of some rows (NaN = follow the global ratio).
class SetClassRatiosCommand : public QUndoCommand {
 public:
  SetClassRatiosCommand(RatioTableModel* model, QVector<int> rows, double ratio);
  void undo() override;
  void redo() override;

 private:
  QPointer<RatioTableModel> model_;
  QVector<int> rows_;
  QVector<double> before_;
  QVector<double> after_;
};

// The global ratio; consecutive slider steps merge into one undo step.
class SetGlobalRatioCommand : public QUndoCommand {
 public:
  static constexpr int kId = 0x504c5201;
  SetGlobalRatioCommand(RatioTableModel* model, double before, double after);
  void undo() override;
  void redo() override;
  int id() const override { return kId; }
  bool mergeWith(const QUndoCommand* other) override;

 private:
  QPointer<RatioTableModel> model_;
  double before_, after_;
};

}  // namespace plumage::ui

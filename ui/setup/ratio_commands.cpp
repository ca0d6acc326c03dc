#include "ui/setup/ratio_commands.h"

#include "ui/setup/ratio_table_model.h"

#include <QCoreApplication>

#include <cmath>

namespace plumage::ui {

SetClassRatiosCommand::SetClassRatiosCommand(RatioTableModel* model, QVector<int> rows, double ratio)
    : model_(model), rows_(std::move(rows)), before_(model->rawRatios(rows_)), after_(rows_.size(), ratio) {
  if (std::isnan(ratio))
    setText(rows_.size() == 1
                ? QCoreApplication::translate("RatioCommands", "Reset class ratio")
                : QCoreApplication::translate("RatioCommands", "Reset %1 class ratios").arg(rows_.size()));
  else
    setText(rows_.size() == 1 ? QCoreApplication::translate("RatioCommands", "Set class ratio to %1%")
                                    .arg(ratio * 100, 0, 'g', 3)
                              : QCoreApplication::translate("RatioCommands", "Set %1 class ratios to %2%")
                                    .arg(rows_.size())
                                    .arg(ratio * 100, 0, 'g', 3));
}

void SetClassRatiosCommand::undo() {
  if (model_) model_->applyRatios(rows_, before_);
}
void SetClassRatiosCommand::redo() {
  if (model_) model_->applyRatios(rows_, after_);
}

SetGlobalRatioCommand::SetGlobalRatioCommand(RatioTableModel* model, double before, double after)
    : model_(model), before_(before), after_(after) {
  setText(QCoreApplication::translate("RatioCommands", "Set image ratio to %1%").arg(after * 100, 0, 'g', 3));
}

void SetGlobalRatioCommand::undo() {
  if (model_) model_->applyGlobalRatio(before_);
}
void SetGlobalRatioCommand::redo() {
  if (model_) model_->applyGlobalRatio(after_);
}

bool SetGlobalRatioCommand::mergeWith(const QUndoCommand* other) {
  const auto* o = static_cast<const SetGlobalRatioCommand*>(other);
  if (o->model_ != model_) return false;
  after_ = o->after_;
  setText(
      QCoreApplication::translate("RatioCommands", "Set image ratio to %1%").arg(after_ * 100, 0, 'g', 3));
  return true;
}

}  // namespace plumage::ui

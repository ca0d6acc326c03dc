// Loads what the per-class ratio table needs from the feature files (class
// names and rows, through core/experiment's ratio preview). Runs on a Job's
// thread (it reads the tensors); the result travels as a QVariant holding a
// PlanInputsData.
#pragma once

#include "core/experiment/ratio_preview.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace plumage::ui {

struct PlanInputsData {
  QString imagePath, textPath;
  QStringList classNames;
  experiment::PlanInputs inputs;
  bool hasTexts = false;
};

// Throws (with the file and the problem) on bad files.
PlanInputsData loadPlanInputs(const QString& imagePath, const QString& textPath);

}  // namespace plumage::ui

Q_DECLARE_METATYPE(plumage::ui::PlanInputsData)

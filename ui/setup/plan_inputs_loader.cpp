#include "ui/setup/plan_inputs_loader.h"

namespace plumage::ui {

PlanInputsData loadPlanInputs(const QString& imagePath, const QString& textPath) {
  experiment::PlanPreviewInputs in = experiment::load_plan_inputs(imagePath.toStdString(), textPath.toStdString());
  PlanInputsData d;
  d.imagePath = imagePath;
  d.textPath = textPath;
  for (const std::string& n : in.class_names) d.classNames << QString::fromStdString(n);
  d.inputs = std::move(in.inputs);
  d.hasTexts = in.has_texts;
  return d;
}

}  // namespace plumage::ui

#include "plan_inputs_loader.h"

#include "engine/train/feature_sets.h"

namespace plumage::ui {

PlanInputsData loadPlanInputs(const QString& imagePath, const QString& textPath) {
  PlanInputsData d;
  d.imagePath = imagePath;
  d.textPath = textPath;
  const train::ImageFeatureSet images = train::load_image_features(imagePath.toStdString());
  for (const std::string& n : images.class_names) d.classNames << QString::fromStdString(n);
  if (textPath.isEmpty()) {
    d.inputs = train::plan_inputs(images, nullptr);
  } else {
    const train::TextFeatureSet texts = train::load_text_features(textPath.toStdString(), images.num_classes());
    d.inputs = train::plan_inputs(images, &texts);
    d.hasTexts = true;
  }
  return d;
}

}  // namespace plumage::ui

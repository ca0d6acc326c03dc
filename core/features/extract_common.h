// Shared by the image and text extraction jobs (internal to core/features).
#pragma once

#include "core/engine/clip/clip_model.h"
#include "core/features/extract_jobs.h"
#include "core/features/image_pipeline.h"
#include "core/features/feature_file_info.h"

#include <string>

namespace plumage::features::detail {

// Loads the model onto the requested device in the requested precision.
clip::ClipModel load_model(const std::string& path, const DeviceChoice& choice);

ModelInfo model_info(const clip::ClipModel& model, const std::string& path);

// True when `out_path` is a valid feature file whose cache key is `key`.
bool up_to_date(const std::string& out_path, const std::string& key);

}  // namespace plumage::features::detail

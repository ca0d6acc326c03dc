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

// Throws std::invalid_argument unless `value` (a path or name that the
// feature file records in its JSON metadata) is valid UTF-8: checked before
// any work, not found when the metadata is written after all the encoding.
void require_utf8(const char* what, const std::string& value);

// True when `out_path` is a valid feature file whose cache key is `key`.
bool up_to_date(const std::string& out_path, const std::string& key);

}  // namespace plumage::features::detail

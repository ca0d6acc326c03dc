#include "core/experiment/model_check.h"

#include "core/features/model_inspect.h"

#include <cstdio>

namespace plumage::experiment {

std::string ClipCheckpointCheck::summary() const {
  if (!ok) return error;
  char params[32];
  std::snprintf(params, sizeof params, "%.1f M", double(parameters) / 1e6);
  return architecture + ", " + params + " parameters, " + stored_dtype + " (" + format + "), weights xxh64:" +
         weights_hash.substr(0, 12);
}

ClipCheckpointCheck check_clip_checkpoint(const std::string& path) {
  ClipCheckpointCheck c;
  try {
    const features::ModelInspection m = features::inspect_model(path);
    c.architecture = m.architecture;
    c.format = m.format;
    c.stored_dtype = m.stored_dtype;
    c.weights_hash = m.weights_hash;
    c.parameters = m.parameters;
    c.embed_dim = m.embed_dim;
    c.image_resolution = m.image_resolution;
    c.ok = true;
  } catch (const std::exception& e) {
    // ModelLoadError names the file; anything else (I/O, limits) may not.
    const std::string what = e.what();
    c.error = what.find(path) == std::string::npos ? path + ": " + what : what;
  }
  return c;
}

}  // namespace plumage::experiment

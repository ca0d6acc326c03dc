// Stable run keys. A run's key is a hash of what determines its numbers: the
// resolved config without presentation fields (name, description) and
// without the device, and with every input file replaced by the SHA-256 of
// its content. So the same experiment gets the same key on a laptop and on a
// cluster node whatever the paths, and regenerated features give new keys.
#pragma once

#include "core/experiment/file_hash_cache.h"

#include <nlohmann/json.hpp>

#include <string>

namespace plumage::experiment {

// What the key is computed from (also stored for inspection). Without
// `hash_files` the paths stay as they are (for checking configs whose
// feature files do not exist yet, e.g. presets; such keys are not stable).
nlohmann::json key_material(const nlohmann::json& resolved, FileHashCache& files, bool hash_files = true);
// "r" + 20 hex digits of SHA-256(key_material.dump()).
std::string run_key(const nlohmann::json& resolved, FileHashCache& files, bool hash_files = true);
// SHA-256 ("sha256:<hex>") of canonical JSON text, for sweep identities.
std::string json_hash(const nlohmann::json& j);

}  // namespace plumage::experiment

// Long-format exports of runs: one row per run with its status, config
// (flattened dotted columns: image_ratio, adapter.lr, ...), final metrics
// (metric.<name>) and provenance (device, code and LibTorch versions, times).
// Also the ratio plan of one run and the files it read.
#pragma once

#include "core/store/records.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace plumage::store {
class StoreReader;
}

namespace plumage::experiment {

// sweep_id 0 = every run of the store.
std::string export_runs_csv(store::StoreReader& reader, int64_t sweep_id);
std::string export_runs_jsonl(store::StoreReader& reader, int64_t sweep_id);

// The stored plan of a run (by id or key): JSON as stored, or CSV with one
// line per class (class, train, images, texts, val). Throws when the run is
// unknown or has no plan yet.
std::string export_plan(store::StoreReader& reader, const std::string& run_id_or_key, bool csv);

// What a run read (StoreReader::run_inputs) as a JSON list of objects
// {role, path, content_hash, kind, model, weights_hash, rows[, details]};
// `runs export --format jsonl` carries it per run.
nlohmann::json run_inputs_json(const std::vector<std::pair<std::string, store::FeatureSetInfo>>& inputs);
// `runs inputs`: the same for one run (id or key), as text or JSON.
std::string export_inputs(store::StoreReader& reader, const std::string& run_id_or_key, bool as_json);

}  // namespace plumage::experiment

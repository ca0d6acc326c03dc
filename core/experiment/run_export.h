// Long-format exports of runs: one row per run with its status, config
// (flattened dotted columns: image_ratio, adapter.lr, ...), final metrics
// (metric.<name>) and provenance (device, code and LibTorch versions, times).
// Also the ratio plan of one run.
#pragma once

#include <cstdint>
#include <string>

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

}  // namespace plumage::experiment

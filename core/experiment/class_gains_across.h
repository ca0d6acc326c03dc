// Per-class gains between two sweeps: column A of one sweep's table against
// column B of another's (e.g. "+ LLM" with per-class sampling against "+ LLM"
// with global sampling) at the row both tables have, runs paired by seed as
// in class_gains (per_class_results.h).
#pragma once

#include "core/experiment/per_class_results.h"

namespace plumage::experiment {

// Throws std::invalid_argument naming the side that lacks the row or column,
// or when no seed finished in both cells.
std::vector<ClassGain> class_gains_across(store::StoreReader& reader, const ResultsTable& table_a, std::size_t column_a,
                                          const ResultsTable& table_b, std::size_t column_b, const std::string& row);

}  // namespace plumage::experiment

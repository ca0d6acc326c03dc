// Per-class answers from the store: every finished run's test accuracy per
// class in long format, and, for two columns of a results table at one row
// (e.g. "+ Reed" vs "image only" at (50, 50)), the classes ranked by how much
// accuracy the first gains over the second, averaged over the seeds both
// finished. Which classes gain from text, which lose.
#pragma once

#include "core/experiment/results_table.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace plumage::store {
class StoreReader;
}

namespace plumage::experiment {

// CSV: run_id,key,seed,class,accuracy,n (accuracy in percent, n test images
// of the class). sweep_id 0 = every run of the store. Runs without a stored
// per-class result (not finished, or baselines that keep none) are left out.
std::string export_per_class_csv(store::StoreReader& reader, int64_t sweep_id);

struct ClassGain {
  std::string class_name;
  double accuracy_a = 0, accuracy_b = 0;  // percent, mean over the paired seeds
  double gain = 0;                        // accuracy_a - accuracy_b
  int64_t test_images = 0;
  std::size_t seeds = 0;
};

// The classes of `row` ranked by gain (largest first; ties by name). Throws
// std::invalid_argument naming the row or when no seed finished in both cells.
std::vector<ClassGain> class_gains(store::StoreReader& reader, const ResultsTable& table, const std::string& row,
                                   std::size_t column_a, std::size_t column_b);

std::string class_gains_csv(const std::vector<ClassGain>& gains);

}  // namespace plumage::experiment

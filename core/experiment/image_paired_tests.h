// Tests over test images for two columns of a results table, on the per-image
// predictions every run stores (RunResult::predictions). Two runs with the
// same seed classify the same test images, so they are paired image by image:
//   - per seed, McNemar's exact test: of the images exactly one run gets
//     right (A only: b, B only: c), b ~ Binomial(b + c, 1/2) under "equally
//     accurate"; two-sided p = min(1, 2 P(X <= min(b, c))), which equals
//     SciPy's binomtest(b, b + c, 0.5) (tests/bench/compare);
//   - pooling the seeds, a paired bootstrap over images: the same resample of
//     test images (with replacement) is applied to every seed, the statistic
//     is the mean over seeds of accuracy(A) - accuracy(B), and the interval is
//     the bootstrap percentile interval. Seeds are not independent samples of
//     images (they share them), so resampling images, not seeds, is what
//     carries the test-set uncertainty; p = min(1, 2 min(P*(d <= 0), P*(d >= 0))).
// The seed-level test (paired t over seeds) is in paired_stats.h.
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

struct McNemarTest {
  int64_t images = 0;          // paired images
  int64_t a_only = 0, b_only = 0;  // right in one run only
  double p_value = 1;          // exact, two-sided
};
// a_correct[i], b_correct[i]: image i classified right (0/1) by A and by B.
McNemarTest mcnemar_exact(const std::vector<uint8_t>& a_correct, const std::vector<uint8_t>& b_correct);
// Two-sided exact binomial test of k successes in n trials with p = 1/2.
double binomial_two_sided_half(int64_t k, int64_t n);

struct BootstrapTest {
  std::size_t images = 0, seeds = 0;
  int resamples = 0;
  double mean_diff = 0;            // mean over seeds of acc(A) - acc(B), as a fraction
  double ci_low = 0, ci_high = 0;  // percentile interval
  double p_value = 1;
};
// a[s][i], b[s][i]: correctness of image i in seed s (same images in every seed).
BootstrapTest paired_bootstrap(const std::vector<std::vector<uint8_t>>& a, const std::vector<std::vector<uint8_t>>& b,
                               int resamples = 10000, uint64_t rng_seed = 0, double confidence = 0.95);

struct RowImageComparison {
  std::string row;
  std::vector<int64_t> seeds;         // seeds both columns finished with predictions
  std::vector<McNemarTest> per_seed;  // one per seed
  BootstrapTest pooled;
};
// Rows whose runs lack predictions (stored before they were recorded) are
// left out of `seeds`; a row with none has no tests (seeds empty). Throws
// std::runtime_error naming the runs when two paired runs hold different test images.
std::vector<RowImageComparison> compare_columns_by_image(store::StoreReader& reader, const ResultsTable& table,
                                                         std::size_t column_a, std::size_t column_b,
                                                         int resamples = 10000, double confidence = 0.95);

}  // namespace plumage::experiment

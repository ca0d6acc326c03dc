// Paired comparisons over seeds: runs with the same seed share their data
// splits and sampled subsets, so two columns of a results table (e.g. "+ Reed"
// and "image only" at one ratio) are compared seed by seed, not as two
// independent samples. The test is Student's paired t-test (two-sided), with
// the mean difference's confidence interval from the t distribution; the
// numbers equal SciPy's scipy.stats.ttest_rel and t.ppf (tests/experiment).
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

struct PairedTest {
  std::size_t n = 0;        // pairs
  double mean_diff = 0;     // mean of a - b
  double sd_diff = 0;       // sample standard deviation of the differences
  double ci_low = 0, ci_high = 0;  // confidence interval of the mean difference
  double t = 0;             // NaN when n < 2 or every difference is equal
  double p_value = 1;       // two-sided; NaN when t is
};

// a[i] and b[i] are one pair. Throws std::invalid_argument for different lengths.
PairedTest paired_t_test(const std::vector<double>& a, const std::vector<double>& b, double confidence = 0.95);

// Student's t distribution with `df` degrees of freedom.
double student_t_cdf(double t, double df);
double student_t_quantile(double p, double df);  // 0 < p < 1

// Half width of the t confidence interval of a mean over n values with sample
// standard deviation sd: t_{(1+confidence)/2, n-1} * sd / sqrt(n), as
// scipy.stats.t.interval(confidence, n - 1, loc=mean, scale=sd / sqrt(n)).
// NaN for n < 2: one value has no interval (figures draw no band there).
double t_interval_half_width(double sd, std::size_t n, double confidence = 0.95);

// Two columns of a results table, row by row, paired by seed.
struct RowComparison {
  std::string row;
  std::vector<int64_t> seeds;  // the seeds both columns finished
  PairedTest test;
};
std::vector<RowComparison> compare_columns(store::StoreReader& reader, const ResultsTable& table, std::size_t column_a,
                                           std::size_t column_b, double confidence = 0.95);

// Column index by label ("+ Reed captions") or 0-based number; throws naming the known labels.
std::size_t find_column(const ResultsTable& table, const std::string& label_or_index);

}  // namespace plumage::experiment

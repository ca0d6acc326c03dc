#include "core/experiment/image_paired_tests.h"

#include "core/store/store_reader.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <stdexcept>

namespace plumage::experiment {

double binomial_two_sided_half(int64_t k, int64_t n) {
  if (n <= 0) return 1.0;
  const int64_t lo = std::min(k, n - k);
  if (2 * lo >= n) return 1.0;  // k is the centre: every outcome is as likely or less
  // P(X <= lo) summed in log space (n may be thousands).
  const double log_half_n = static_cast<double>(n) * std::log(0.5);
  const double lgn = std::lgamma(static_cast<double>(n) + 1);
  double cdf = 0;
  for (int64_t i = 0; i <= lo; ++i)
    cdf += std::exp(lgn - std::lgamma(static_cast<double>(i) + 1) - std::lgamma(static_cast<double>(n - i) + 1) +
                    log_half_n);
  return std::min(1.0, 2.0 * cdf);
}

McNemarTest mcnemar_exact(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  if (a.size() != b.size()) throw std::invalid_argument("McNemar: the two runs have different numbers of images");
  McNemarTest t;
  t.images = static_cast<int64_t>(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] && !b[i]) ++t.a_only;
    if (!a[i] && b[i]) ++t.b_only;
  }
  t.p_value = binomial_two_sided_half(std::min(t.a_only, t.b_only), t.a_only + t.b_only);
  return t;
}

BootstrapTest paired_bootstrap(const std::vector<std::vector<uint8_t>>& a, const std::vector<std::vector<uint8_t>>& b,
                               int resamples, uint64_t rng_seed, double confidence) {
  if (a.size() != b.size() || a.empty()) throw std::invalid_argument("bootstrap: need the same seeds on both sides");
  const std::size_t n = a.front().size();
  for (std::size_t s = 0; s < a.size(); ++s)
    if (a[s].size() != n || b[s].size() != n) throw std::invalid_argument("bootstrap: seeds hold different images");
  if (resamples < 1) throw std::invalid_argument("bootstrap: resamples must be >= 1");
  BootstrapTest t;
  t.images = n;
  t.seeds = a.size();
  t.resamples = resamples;
  if (n == 0) return t;
  // Per image, the difference averaged over seeds: a resample's statistic is
  // then the mean of these over the drawn images.
  std::vector<double> d(n, 0.0);
  for (std::size_t s = 0; s < a.size(); ++s)
    for (std::size_t i = 0; i < n; ++i) d[i] += (static_cast<double>(a[s][i]) - static_cast<double>(b[s][i]));
  for (double& x : d) x /= static_cast<double>(a.size());
  double sum = 0;
  for (double x : d) sum += x;
  t.mean_diff = sum / static_cast<double>(n);
  std::mt19937_64 rng(rng_seed);
  std::uniform_int_distribution<std::size_t> pick(0, n - 1);
  std::vector<double> stats(static_cast<std::size_t>(resamples));
  int64_t le0 = 0, ge0 = 0;
  for (int r = 0; r < resamples; ++r) {
    double s = 0;
    for (std::size_t i = 0; i < n; ++i) s += d[pick(rng)];
    const double m = s / static_cast<double>(n);
    stats[static_cast<std::size_t>(r)] = m;
    if (m <= 0) ++le0;
    if (m >= 0) ++ge0;
  }
  std::sort(stats.begin(), stats.end());
  const double alpha = 1.0 - confidence;
  auto quantile = [&](double q) {
    const double pos = q * static_cast<double>(resamples - 1);
    const std::size_t lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, stats.size() - 1);
    return stats[lo] + (pos - static_cast<double>(lo)) * (stats[hi] - stats[lo]);
  };
  t.ci_low = quantile(alpha / 2);
  t.ci_high = quantile(1 - alpha / 2);
  t.p_value = std::min(1.0, 2.0 * static_cast<double>(std::min(le0, ge0)) / static_cast<double>(resamples));
  return t;
}

namespace {

struct Predictions {
  int64_t run_id = 0;
  std::map<int64_t, uint8_t> correct;  // image id -> right
};

// A run's per-image correctness; empty when it stored no predictions.
Predictions load(store::StoreReader& reader, int64_t run_id) {
  Predictions p;
  p.run_id = run_id;
  const auto res = reader.result(run_id);
  if (!res || !res->predictions.is_object()) return p;
  const auto& j = res->predictions;
  const auto ids = j.value("image_ids", std::vector<int64_t>{});
  const auto labels = j.value("labels", std::vector<int64_t>{});
  const auto pred = j.value("predicted", std::vector<int64_t>{});
  if (ids.size() != labels.size() || ids.size() != pred.size())
    throw std::runtime_error(reader.path() + ": run " + std::to_string(run_id) +
                             ": predictions hold lists of different lengths");
  for (std::size_t i = 0; i < ids.size(); ++i) p.correct[ids[i]] = labels[i] == pred[i] ? 1 : 0;
  return p;
}

}  // namespace

std::vector<RowImageComparison> compare_columns_by_image(store::StoreReader& reader, const ResultsTable& table,
                                                         std::size_t column_a, std::size_t column_b, int resamples,
                                                         double confidence) {
  std::vector<RowImageComparison> out;
  auto by_seed = [&](const TableCell& cell) {
    std::map<int64_t, Predictions> m;
    for (const int64_t id : cell.value_ids) {
      const auto run = reader.run(id);
      if (!run) continue;
      Predictions p = load(reader, id);
      if (!p.correct.empty()) m[run->seed] = std::move(p);
    }
    return m;
  };
  for (std::size_t r = 0; r < table.row_labels.size(); ++r) {
    const TableCell& ca = table.cells[r][column_a];
    const TableCell& cb = table.cells[r][column_b];
    if (ca.planned == 0 || cb.planned == 0) continue;  // a cell that cannot exist
    const auto ma = by_seed(ca), mb = by_seed(cb);
    RowImageComparison rc;
    rc.row = table.row_labels[r];
    std::vector<std::vector<uint8_t>> a, b;
    std::vector<int64_t> images;  // the ids every pair shares, from the first pair
    for (const auto& [seed, pa] : ma) {
      const auto it = mb.find(seed);
      if (it == mb.end()) continue;
      const Predictions& pb = it->second;
      std::vector<int64_t> ids;
      for (const auto& [id, c] : pa.correct) ids.push_back(id);
      std::vector<int64_t> ids_b;
      for (const auto& [id, c] : pb.correct) ids_b.push_back(id);
      if (ids != ids_b || (!images.empty() && ids != images))
        throw std::runtime_error(reader.path() + ": runs " + std::to_string(pa.run_id) + " and " +
                                 std::to_string(pb.run_id) + " (row " + rc.row +
                                 ") were tested on different images; they cannot be paired");
      images = ids;
      std::vector<uint8_t> xa, xb;
      for (const int64_t id : ids) {
        xa.push_back(pa.correct.at(id));
        xb.push_back(pb.correct.at(id));
      }
      rc.seeds.push_back(seed);
      rc.per_seed.push_back(mcnemar_exact(xa, xb));
      a.push_back(std::move(xa));
      b.push_back(std::move(xb));
    }
    if (!a.empty()) rc.pooled = paired_bootstrap(a, b, resamples, 0, confidence);
    out.push_back(std::move(rc));
  }
  return out;
}

}  // namespace plumage::experiment

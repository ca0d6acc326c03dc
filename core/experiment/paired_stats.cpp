#include "core/experiment/paired_stats.h"

#include "core/store/store_reader.h"

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

namespace plumage::experiment {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Continued fraction of the regularized incomplete beta function (modified
// Lentz), converging for x < (a + 1) / (a + b + 2).
double beta_continued_fraction(double a, double b, double x) {
  constexpr double tiny = 1e-300, eps = 1e-16;
  double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0);
  if (std::fabs(d) < tiny) d = tiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 10000; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
    d = 1.0 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < eps) break;
  }
  return h;
}

// I_x(a, b).
double regularized_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  if (x < (a + 1.0) / (a + b + 2.0)) return std::exp(log_front) * beta_continued_fraction(a, b, x) / a;
  return 1.0 - std::exp(log_front) * beta_continued_fraction(b, a, 1.0 - x) / b;
}

}  // namespace

double student_t_cdf(double t, double df) {
  if (std::isnan(t) || !(df > 0)) return kNaN;
  if (std::isinf(t)) return t > 0 ? 1.0 : 0.0;
  const double tail = 0.5 * regularized_beta(df / 2.0, 0.5, df / (df + t * t));  // P(T > |t|)
  return t > 0 ? 1.0 - tail : tail;
}

double student_t_quantile(double p, double df) {
  if (!(p > 0 && p < 1) || !(df > 0)) return kNaN;
  if (p == 0.5) return 0;
  // Bracket, then bisect to the last bit: the CDF is monotone.
  double lo = -1.0, hi = 1.0;
  while (student_t_cdf(lo, df) > p) lo *= 2;
  while (student_t_cdf(hi, df) < p) hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 0; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (mid == lo || mid == hi) break;
    (student_t_cdf(mid, df) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

double t_interval_half_width(double sd, std::size_t n, double confidence) {
  if (n < 2 || !(sd >= 0) || !(confidence > 0 && confidence < 1)) return kNaN;
  const double df = static_cast<double>(n - 1);
  return student_t_quantile(0.5 + confidence / 2.0, df) * sd / std::sqrt(static_cast<double>(n));
}

PairedTest paired_t_test(const std::vector<double>& a, const std::vector<double>& b, double confidence) {
  if (a.size() != b.size()) throw std::invalid_argument("paired test: the two samples differ in length");
  PairedTest r;
  r.n = a.size();
  if (r.n == 0) {
    r.mean_diff = r.sd_diff = r.ci_low = r.ci_high = r.t = r.p_value = kNaN;
    return r;
  }
  double sum = 0;
  for (std::size_t i = 0; i < r.n; ++i) sum += a[i] - b[i];
  r.mean_diff = sum / static_cast<double>(r.n);
  if (r.n < 2) {
    r.sd_diff = r.ci_low = r.ci_high = r.t = r.p_value = kNaN;
    return r;
  }
  double ss = 0;
  for (std::size_t i = 0; i < r.n; ++i) ss += (a[i] - b[i] - r.mean_diff) * (a[i] - b[i] - r.mean_diff);
  const double df = static_cast<double>(r.n - 1);
  r.sd_diff = std::sqrt(ss / df);
  const double se = r.sd_diff / std::sqrt(static_cast<double>(r.n));
  const double q = student_t_quantile(0.5 + confidence / 2.0, df);
  r.ci_low = r.mean_diff - q * se;
  r.ci_high = r.mean_diff + q * se;
  if (se == 0) {
    r.t = r.p_value = kNaN;  // every pair differs by the same amount: no variance to test against
    return r;
  }
  r.t = r.mean_diff / se;
  r.p_value = 2.0 * student_t_cdf(-std::fabs(r.t), df);
  return r;
}

std::size_t find_column(const ResultsTable& table, const std::string& label_or_index) {
  for (std::size_t c = 0; c < table.column_labels.size(); ++c)
    if (table.column_labels[c] == label_or_index) return c;
  if (!label_or_index.empty() && label_or_index.find_first_not_of("0123456789") == std::string::npos) {
    const std::size_t c = std::stoul(label_or_index);
    if (c < table.column_labels.size()) return c;
  }
  std::string known;
  for (std::size_t c = 0; c < table.column_labels.size(); ++c)
    known += (c ? ", " : "") + std::to_string(c) + " = \"" + table.column_labels[c] + "\"";
  throw std::invalid_argument("no column \"" + label_or_index + "\" (columns: " + known + ")");
}

std::vector<RowComparison> compare_columns(store::StoreReader& reader, const ResultsTable& table, std::size_t column_a,
                                           std::size_t column_b, double confidence) {
  std::vector<RowComparison> out;
  auto by_seed = [&](const TableCell& cell) {
    std::map<int64_t, double> m;
    for (std::size_t i = 0; i < cell.values.size() && i < cell.value_ids.size(); ++i)
      if (const auto run = reader.run(cell.value_ids[i])) m[run->seed] = cell.values[i];
    return m;
  };
  for (std::size_t r = 0; r < table.row_labels.size(); ++r) {
    const TableCell& ca = table.cells[r][column_a];
    const TableCell& cb = table.cells[r][column_b];
    if (ca.planned == 0 || cb.planned == 0) continue;  // a cell that cannot exist
    const auto ma = by_seed(ca), mb = by_seed(cb);
    RowComparison rc;
    rc.row = table.row_labels[r];
    std::vector<double> a, b;
    for (const auto& [seed, v] : ma)
      if (const auto it = mb.find(seed); it != mb.end()) {
        rc.seeds.push_back(seed);
        a.push_back(v);
        b.push_back(it->second);
      }
    rc.test = paired_t_test(a, b, confidence);
    out.push_back(std::move(rc));
  }
  return out;
}

}  // namespace plumage::experiment

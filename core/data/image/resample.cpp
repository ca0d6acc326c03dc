#include "core/data/image/resample.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace plumage::data {

namespace {

constexpr int kPrecisionBits = 32 - 8 - 2;  // as Pillow's PRECISION_BITS
constexpr double kSupport = 2.0;            // bicubic

// Fixed-point weights for one axis: for output i, inputs first[i] .. first[i]+count[i]-1.
struct AxisWeights {
  int ksize = 0;
  std::vector<int> first, count;
  std::vector<int32_t> w;  // [out_size x ksize]
};

// Pillow's precompute_coeffs + normalize_coeffs_8bpc, for outputs [o0, o1).
AxisWeights axis_weights(int in_size, int out_size, int o0, int o1) {
  AxisWeights a;
  const double scale = static_cast<double>(in_size) / out_size;
  const double filterscale = std::max(scale, 1.0);
  const double support = kSupport * filterscale;
  a.ksize = static_cast<int>(std::ceil(support)) * 2 + 1;
  const int n = o1 - o0;
  a.first.resize(n);
  a.count.resize(n);
  a.w.assign(static_cast<std::size_t>(n) * a.ksize, 0);
  std::vector<double> k(a.ksize);
  const double ss = 1.0 / filterscale;
  for (int i = 0; i < n; ++i) {
    const int xx = o0 + i;
    const double center = (xx + 0.5) * scale;
    int xmin = static_cast<int>(center - support + 0.5);  // truncation, as in C
    if (xmin < 0) xmin = 0;
    int xmax = static_cast<int>(center + support + 0.5);
    if (xmax > in_size) xmax = in_size;
    xmax -= xmin;
    double ww = 0.0;
    for (int x = 0; x < xmax; ++x) {
      k[x] = pil_bicubic_kernel((x + xmin - center + 0.5) * ss);
      ww += k[x];
    }
    for (int x = 0; x < xmax; ++x) {
      const double v = ww != 0.0 ? k[x] / ww : k[x];
      a.w[static_cast<std::size_t>(i) * a.ksize + x] =
          static_cast<int32_t>(v < 0 ? -0.5 + v * (1 << kPrecisionBits) : 0.5 + v * (1 << kPrecisionBits));
    }
    a.first[i] = xmin;
    a.count[i] = xmax;
  }
  return a;
}

inline uint8_t clip8(int32_t v) {
  v >>= kPrecisionBits;  // arithmetic shift, as Pillow's lookup index
  return static_cast<uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v);
}

// Horizontal pass over rows [r0, r1) of src into tmp (rows r1-r0, window width).
void horizontal(const uint8_t* src, int in_w, int channels, int r0, int r1, const AxisWeights& a, uint8_t* tmp) {
  const int out_n = static_cast<int>(a.first.size());
  const int32_t half = 1 << (kPrecisionBits - 1);
  for (int r = r0; r < r1; ++r) {
    const uint8_t* row = src + static_cast<std::size_t>(r) * in_w * channels;
    uint8_t* out = tmp + static_cast<std::size_t>(r - r0) * out_n * channels;
    for (int i = 0; i < out_n; ++i) {
      const int32_t* w = &a.w[static_cast<std::size_t>(i) * a.ksize];
      const uint8_t* p = row + static_cast<std::size_t>(a.first[i]) * channels;
      const int cnt = a.count[i];
      if (channels == 3) {
        int32_t s0 = half, s1 = half, s2 = half;
        for (int x = 0; x < cnt; ++x) {
          s0 += p[3 * x] * w[x];
          s1 += p[3 * x + 1] * w[x];
          s2 += p[3 * x + 2] * w[x];
        }
        out[3 * i] = clip8(s0);
        out[3 * i + 1] = clip8(s1);
        out[3 * i + 2] = clip8(s2);
      } else {
        for (int c = 0; c < channels; ++c) {
          int32_t s = half;
          for (int x = 0; x < cnt; ++x) s += p[channels * x + c] * w[x];
          out[channels * i + c] = clip8(s);
        }
      }
    }
  }
}

}  // namespace

double pil_bicubic_kernel(double x) {
  constexpr double a = -0.5;
  if (x < 0.0) x = -x;
  if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
  if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
  return 0.0;
}

void resample_bicubic_pil(const uint8_t* src, int in_w, int in_h, int channels, int out_w, int out_h,
                          const ResampleWindow& win, uint8_t* dst) {
  if (in_w <= 0 || in_h <= 0 || out_w <= 0 || out_h <= 0 || channels <= 0 || win.x < 0 || win.y < 0 ||
      win.width <= 0 || win.height <= 0 || win.x + win.width > out_w || win.y + win.height > out_h)
    throw std::invalid_argument("resample_bicubic_pil: bad sizes or window");
  const bool need_h = out_w != in_w, need_v = out_h != in_h;
  const std::size_t row_bytes = static_cast<std::size_t>(win.width) * channels;

  // Rows of the (horizontally resized) image that the vertical pass reads.
  AxisWeights v;
  int r0 = win.y, r1 = win.y + win.height;
  if (need_v) {
    v = axis_weights(in_h, out_h, win.y, win.y + win.height);
    r0 = v.first.front();
    r1 = 0;
    for (std::size_t i = 0; i < v.first.size(); ++i) r1 = std::max(r1, v.first[i] + v.count[i]);
  }
  thread_local std::vector<uint8_t> tmp;
  tmp.resize(static_cast<std::size_t>(r1 - r0) * row_bytes);
  if (need_h) {
    horizontal(src, in_w, channels, r0, r1, axis_weights(in_w, out_w, win.x, win.x + win.width), tmp.data());
  } else {
    for (int r = r0; r < r1; ++r)
      std::copy_n(src + (static_cast<std::size_t>(r) * in_w + win.x) * channels, row_bytes,
                  tmp.data() + static_cast<std::size_t>(r - r0) * row_bytes);
  }
  if (!need_v) {
    std::copy_n(tmp.data(), static_cast<std::size_t>(win.height) * row_bytes, dst);
    return;
  }
  // Vertical pass: accumulate whole rows so the inner loop vectorizes.
  thread_local std::vector<int32_t> acc;
  acc.resize(row_bytes);
  const int32_t half = 1 << (kPrecisionBits - 1);
  for (int i = 0; i < win.height; ++i) {
    std::fill(acc.begin(), acc.end(), half);
    const int32_t* w = &v.w[static_cast<std::size_t>(i) * v.ksize];
    for (int k = 0; k < v.count[i]; ++k) {
      const uint8_t* row = tmp.data() + static_cast<std::size_t>(v.first[i] + k - r0) * row_bytes;
      const int32_t wk = w[k];
      int32_t* a = acc.data();
      for (std::size_t x = 0; x < row_bytes; ++x) a[x] += row[x] * wk;
    }
    uint8_t* out = dst + static_cast<std::size_t>(i) * row_bytes;
    for (std::size_t x = 0; x < row_bytes; ++x) out[x] = clip8(acc[x]);
  }
}

}  // namespace plumage::data

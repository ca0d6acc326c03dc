#include "core/engine/train/xent_kernels.h"

#include "core/engine/train/isa_clones.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace plumage::train::kernels {

namespace {

// The loops work on 16-float vectors (GCC/Clang vector extensions: one zmm
// register with AVX-512, two ymm with AVX2, four xmm with SSE2). Reductions
// keep 16 partial results and combine them in a fixed order, and row tails are
// padded to a full vector with values that leave the result unchanged, so
// every ISA clone computes bit-identical results.
// The helpers must be inlined into each clone: called, they would be compiled
// for the baseline ISA and pass 64-byte vectors through memory.
#if defined(__GNUC__)
#define PLUMAGE_INLINE inline __attribute__((always_inline))
#else
#define PLUMAGE_INLINE inline
#endif

constexpr int kW = 16;
using vf = float __attribute__((vector_size(kW * sizeof(float))));
using vu = uint32_t __attribute__((vector_size(kW * sizeof(float))));

PLUMAGE_INLINE vf splat(float c) { return vf{} + c; }

PLUMAGE_INLINE vf load(const float* p) {
  vf v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// The first n (< kW) values at p, the other lanes set to pad.
PLUMAGE_INLINE vf load_part(const float* p, int64_t n, float pad) {
  float b[kW];
  for (int k = 0; k < kW; ++k) b[k] = k < n ? p[k] : pad;
  return load(b);
}

PLUMAGE_INLINE void store(float* p, vf v) { std::memcpy(p, &v, sizeof v); }

PLUMAGE_INLINE void store_part(float* p, vf v, int64_t n) {
  float b[kW];
  std::memcpy(b, &v, sizeof v);
  for (int64_t k = 0; k < n; ++k) p[k] = b[k];
}

PLUMAGE_INLINE float lanes_max(vf v) {
  float m = v[0];
  for (int k = 1; k < kW; ++k) m = v[k] > m ? v[k] : m;
  return m;
}

PLUMAGE_INLINE float lanes_sum(vf v) {
  float s = v[0];
  for (int k = 1; k < kW; ++k) s += v[k];
  return s;
}

// exp(x) for x <= 0 (Cephes' expf: x = n ln2 + r, |r| <= ln2/2, degree-5
// polynomial, 2^n put into the exponent bits; about 1 ulp). A NaN stays NaN.
PLUMAGE_INLINE vf exp_nonpositive(vf x) {
  const vf lo = splat(-87.0f);              // below this the result is < 2^-125: return 0
  constexpr float kRound = 12582912.0f;     // 1.5 * 2^23: adding it rounds to an integer
  const vf xc = x < lo ? lo : x;
  const vf t = xc * 1.44269504088896341f + kRound;
  const vf n = t - kRound;
  vf r = xc - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  vf p = splat(1.9875691500e-4f);
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const vf e = p * (r * r) + r + 1.0f;
  vu bits;
  std::memcpy(&bits, &t, sizeof bits);
  bits = (bits - 0x4B400000u + 127u) << 23;  // the low mantissa bits of t hold n: 2^n
  vf scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return x < lo ? splat(0.0f) : e * scale;
}

// Max of z + bias over a row (NaNs skipped), and with kCheck whether the row is
// all finite (v * 0 is NaN exactly for inf and NaN; the cross-entropy pass
// needs no such check: a NaN reaches its loss through exp). The tail is
// padded with the row's first value.
template <bool kCheck>
PLUMAGE_INLINE float row_max(const float* z, const float* bias, int64_t C, bool* finite) {
  vf acc = splat(-std::numeric_limits<float>::infinity()), bad = splat(0.0f);
  int64_t j = 0;
  for (; j + kW <= C; j += kW) {
    const vf v = load(z + j) + load(bias + j);
    acc = v > acc ? v : acc;
    if (kCheck) bad += v * 0.0f;
  }
  if (j < C) {
    const vf v = load_part(z + j, C - j, z[0]) + load_part(bias + j, C - j, bias[0]);
    acc = v > acc ? v : acc;
    if (kCheck) bad += v * 0.0f;
  }
  if (kCheck) *finite = lanes_sum(bad) == 0.0f;
  return lanes_max(acc);
}

// Sum of z + bias over a row.
PLUMAGE_INLINE float row_sum(const float* z, const float* bias, int64_t C) {
  vf acc = splat(0.0f);
  int64_t j = 0;
  for (; j + kW <= C; j += kW) acc += load(z + j) + load(bias + j);
  if (j < C) acc += load_part(z + j, C - j, 0.0f) + load_part(bias + j, C - j, 0.0f);
  return lanes_sum(acc);
}

// out_j = exp(z_j + bias_j - m); returns their sum. The tail is padded with
// -inf, whose exp adds 0.
PLUMAGE_INLINE float row_exp(const float* z, const float* bias, float m, int64_t C, float* out) {
  vf acc = splat(0.0f);
  int64_t j = 0;
  for (; j + kW <= C; j += kW) {
    const vf e = exp_nonpositive(load(z + j) + load(bias + j) - m);
    store(out + j, e);
    acc += e;
  }
  if (j < C) {
    const vf e = exp_nonpositive(load_part(z + j, C - j, -std::numeric_limits<float>::infinity()) +
                                 load_part(bias + j, C - j, 0.0f) - m);
    store_part(out + j, e, C - j);
    acc += e;
  }
  return lanes_sum(acc);
}

PLUMAGE_ISA_CLONES double xent_loop(const float* __restrict z, const float* __restrict bias,
                                    const int64_t* __restrict y, int64_t B, int64_t C, float eps,
                                    float* __restrict grad, float* __restrict grad_bias) {
  const float inv_b = 1.0f / static_cast<float>(B);
  const float smooth = eps / static_cast<float>(C) * inv_b;  // eps/C, already divided by B
  const float hit = (1.0f - eps) * inv_b;
  for (int64_t j = 0; j < C; ++j) grad_bias[j] = 0.0f;
  double loss = 0.0;
  for (int64_t i = 0; i < B; ++i) {
    const float* zi = z + i * C;
    float* gi = grad + i * C;
    const int64_t yi = y[i];
    const float m = row_max<false>(zi, bias, C, nullptr);
    const float s = row_exp(zi, bias, m, C, gi);
    // -sum_j q_j log p_j = logsumexp - sum_j q_j l_j, since sum_j q_j = 1.
    const double lse = static_cast<double>(m) + std::log(static_cast<double>(s));
    double target = (1.0 - eps) * static_cast<double>(zi[yi] + bias[yi]);
    if (eps != 0.0f) target += eps / static_cast<double>(C) * static_cast<double>(row_sum(zi, bias, C));
    loss += lse - target;
    // Elementwise from here: the vector body and the scalar tail round alike.
    const float scale = inv_b / s;
    int64_t j = 0;
    for (; j + kW <= C; j += kW) {
      const vf g = load(gi + j) * scale - smooth;
      store(gi + j, g);
      store(grad_bias + j, load(grad_bias + j) + g);
    }
    for (; j < C; ++j) {
      const float g = gi[j] * scale - smooth;
      gi[j] = g;
      grad_bias[j] += g;
    }
    gi[yi] -= hit;
    grad_bias[yi] -= hit;
  }
  return loss;
}

// Whether any of z_j + bias_j, j < n, equals m.
PLUMAGE_INLINE bool any_equal(const float* z, const float* bias, int64_t n, float m) {
  int64_t j = 0;
  for (; j + kW <= n; j += kW) {
    const vf v = load(z + j) + load(bias + j);
    vu eq;
    const auto mask = v == m;
    std::memcpy(&eq, &mask, sizeof eq);
    uint32_t any = 0;
    for (int k = 0; k < kW; ++k) any |= eq[k];
    if (any) return true;
  }
  for (; j < n; ++j)
    if (z[j] + bias[j] == m) return true;
  return false;
}

PLUMAGE_ISA_CLONES int64_t top1_loop(const float* __restrict z, const float* __restrict bias,
                                     const int64_t* __restrict y, int64_t N, int64_t C) {
  int64_t hits = 0;
  for (int64_t i = 0; i < N; ++i) {
    const float* zi = z + i * C;
    const int64_t yi = y[i];
    if (yi < 0 || yi >= C) continue;  // no class argmax could name: a miss, as argmax == y would say
    bool finite = true;
    const float m = row_max<true>(zi, bias, C, &finite);
    if (finite) {
      // A hit: the label's logit is the maximum and no earlier one is.
      hits += zi[yi] + bias[yi] == m && !any_equal(zi, bias, yi, m);
      continue;
    }
    // inf or NaN in the row: argmax takes the first NaN, else the first maximum.
    int64_t pred = -1;
    for (int64_t j = 0; j < C; ++j) {
      const float v = zi[j] + bias[j];
      if (v != v) {
        pred = j;
        break;
      }
      if (pred < 0 && v == m) pred = j;
    }
    hits += pred == yi;
  }
  return hits;
}

}  // namespace

double softmax_xent_grad(const float* z, const float* bias, const int64_t* y, int64_t B, int64_t C, float eps,
                         float* grad, float* grad_bias) {
  return xent_loop(z, bias, y, B, C, eps, grad, grad_bias);
}

int64_t count_top1(const float* z, const float* bias, const int64_t* y, int64_t N, int64_t C) {
  return top1_loop(z, bias, y, N, C);
}

}  // namespace plumage::train::kernels

#include "engine/train/optim_kernels.h"

#include <cmath>

// x86-64 builds target the baseline ISA (SSE2); GCC's function clones add
// AVX2 and AVX-512 versions picked at load time, which run the Adam loop about
// twice as fast. The file is compiled with -ffp-contract=off, so every clone
// rounds the same way and results do not depend on the machine's ISA.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define PLUMAGE_ISA_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define PLUMAGE_ISA_CLONES
#endif

namespace plumage::train::kernels {

namespace {

PLUMAGE_ISA_CLONES void adam_loop(float* __restrict p, const float* __restrict g, float* __restrict m,
                                  float* __restrict v, int64_t n, AdamStep s) {
  const float one_b1 = 1.0f - s.beta1, one_b2 = 1.0f - s.beta2;
  for (int64_t i = 0; i < n; ++i) {
    const float pi = p[i] * s.decoupled;
    const float gi = g[i] + s.l2 * pi;
    const float mi = m[i] * s.beta1 + one_b1 * gi;
    const float vi = v[i] * s.beta2 + one_b2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] = pi - s.step_size * (mi / (std::sqrt(vi) * s.inv_bc2_sqrt + s.eps));
  }
}

PLUMAGE_ISA_CLONES void sgd_loop(float* __restrict p, const float* __restrict g, float* __restrict buf, int64_t n,
                                 float lr, float wd, float momentum) {
  for (int64_t i = 0; i < n; ++i) {
    const float gi = g[i] + wd * p[i];
    const float bi = momentum * buf[i] + gi;
    buf[i] = bi;
    p[i] -= lr * bi;
  }
}

}  // namespace

void adam(float* p, const float* g, float* m, float* v, int64_t n, const AdamStep& s) { adam_loop(p, g, m, v, n, s); }

void sgd(float* p, const float* g, float* buf, int64_t n, float lr, float weight_decay, float momentum) {
  sgd_loop(p, g, buf, n, lr, weight_decay, momentum);
}

}  // namespace plumage::train::kernels

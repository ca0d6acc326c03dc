#include "core/engine/train/optim_kernels.h"

#include "core/engine/train/isa_clones.h"

#include <cmath>

// The Adam loop's AVX2/AVX-512 clones run about twice as fast as the SSE2
// baseline (see isa_clones.h for why results stay the same on every ISA).

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

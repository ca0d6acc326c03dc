// The CPU optimizer updates as plain loops over float arrays (torch.optim's
// Adam/AdamW and SGD rules). Kept apart from optim.cpp, without LibTorch, so
// this one file can be compiled with -fno-math-errno (sqrt must not set errno,
// or GCC cannot vectorize the loop) and with per-ISA clones, without touching
// the flags or the precompiled header of the rest of the engine.
#pragma once

#include <cstdint>

namespace plumage::train::kernels {

struct AdamStep {
  float beta1, beta2, eps;
  float step_size;     // lr / (1 - beta1^t)
  float inv_bc2_sqrt;  // 1 / sqrt(1 - beta2^t)
  float l2;            // Adam's L2 weight decay added to the gradient (0 for AdamW)
  float decoupled;     // AdamW's parameter scale 1 - lr * wd (1 for Adam)
};

// One Adam/AdamW update of n parameters in place.
void adam(float* p, const float* g, float* m, float* v, int64_t n, const AdamStep& s);

// One SGD-with-momentum update (dampening 0, no nesterov) in place.
void sgd(float* p, const float* g, float* buf, int64_t n, float lr, float weight_decay, float momentum);

}  // namespace plumage::train::kernels

// The linear head's per-step softmax cross-entropy gradient and its per-epoch
// top-1 count as single passes over row-major float logits, for the CPU.
// ATen does the same work in about ten separate operators (softmax, gather,
// log, scatter, scale, column sum, max, compare, ...), each a pass over the
// batch plus dispatch: on one core that was about 5 % of an adapter run.
// LibTorch-free, compiled like optim_kernels.cpp (see isa_clones.h).
#pragma once

#include <cstdint>

namespace plumage::train::kernels {

// For logits l = z + bias ([B,C] z, [C] bias), integer labels y in [0,C) and
// label smoothing eps (target q = (1-eps) onehot(y) + eps/C):
//   grad[B,C]   = (softmax(l) - q) / B        (d mean loss / d logits)
//   grad_bias[C] = column sums of grad
// Returns the summed (not averaged) loss, sum_i -sum_j q_ij log softmax(l_i)_j,
// from the log-sum-exp, so it is finite wherever the logits are. A NaN logit
// gives a NaN loss.
double softmax_xent_grad(const float* z, const float* bias, const int64_t* y, int64_t B, int64_t C, float eps,
                         float* grad, float* grad_bias);

// How many rows i have argmax_j (z_ij + bias_j) == y_i, with argmax's rules:
// the first of tied maxima, or the first NaN where a row has one. A label
// outside [0,C) is a miss.
int64_t count_top1(const float* z, const float* bias, const int64_t* y, int64_t N, int64_t C);

}  // namespace plumage::train::kernels

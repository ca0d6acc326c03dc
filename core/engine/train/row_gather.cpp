#include "core/engine/train/row_gather.h"

#include <cstring>

namespace plumage::train::kernels {

void gather_rows(const float* src, const int64_t* labels, const int64_t* idx, int64_t n, int64_t dim, float* dst,
                 int64_t* dst_labels) {
  // Measured on the 2-core EPYC VM: 8 rows ahead into L2 (prefetcht1) copied a
  // batch about 30 % faster than no prefetch; prefetcht0 or prefetchnta did not help.
  constexpr int64_t kAhead = 8;
  constexpr int64_t kLine = 64 / 4;    // floats per cache line
  const size_t bytes = static_cast<size_t>(dim) * sizeof(float);
  auto prefetch = [&](int64_t i) {
#if defined(__GNUC__)
    const float* row = src + idx[i] * dim;
    for (int64_t c = 0; c < dim; c += kLine) __builtin_prefetch(row + c, 0, 2);
#endif
  };
  for (int64_t i = 0; i < n && i < kAhead; ++i) prefetch(i);
  for (int64_t i = 0; i < n; ++i) {
    if (i + kAhead < n) prefetch(i + kAhead);
    std::memcpy(dst + i * dim, src + idx[i] * dim, bytes);
    dst_labels[i] = labels[idx[i]];
  }
}

}  // namespace plumage::train::kernels

// Copying a shuffled batch's feature rows and labels into contiguous buffers
// on the CPU. ATen's index_select copies row by row at memory latency: the
// rows are random, 3 KB apart from any the hardware prefetcher could guess.
// Prefetching the rows a few ahead keeps several loads in flight.
#pragma once

#include <cstdint>

namespace plumage::train::kernels {

// dst[i,:] = src[idx[i],:] for i < n (rows of `dim` floats), and
// dst_labels[i] = labels[idx[i]]. The indices must be valid rows of src.
void gather_rows(const float* src, const int64_t* labels, const int64_t* idx, int64_t n, int64_t dim, float* dst,
                 int64_t* dst_labels);

}  // namespace plumage::train::kernels

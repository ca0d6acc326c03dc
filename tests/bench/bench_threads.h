// Thread counts for the CPU benchmarks. LibTorch's at::set_num_threads does
// not reach OpenBLAS's own pthread pool (Debian's libopenblas0-pthread), which
// otherwise uses every core: "--threads 1" would then mean one LibTorch thread
// but several BLAS threads. The compare/ scripts set the same through
// OPENBLAS_NUM_THREADS, so both sides run with the same counts.
#pragma once

#include <ATen/Parallel.h>

#include <dlfcn.h>

namespace plumage::bench {

// Sets LibTorch's intra-op threads and, when the BLAS is OpenBLAS, its pool.
// Returns the BLAS thread count in effect, or -1 when it cannot be told.
inline int set_threads(int threads, int blas_threads) {
  at::set_num_threads(threads);
  using SetFn = void (*)(int);
  using GetFn = int (*)();
  auto set = reinterpret_cast<SetFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  auto get = reinterpret_cast<GetFn>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  if (set && blas_threads > 0) set(blas_threads);
  return get ? get() : -1;
}

}  // namespace plumage::bench

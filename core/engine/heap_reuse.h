// Keeps freed memory in the heap while a training job runs.
//
// glibc's malloc serves blocks above its mmap threshold (128 KiB at first,
// rising with use) with fresh mmap()s and returns them on free, and trims the
// heap's top whenever it exceeds the trim threshold. A training step allocates
// and frees tens of MiB of activations; with the defaults the kernel unmaps
// and zero-fills those pages again every step (about 6 % of a CPU Q-Former
// step at 1 thread). While any HeapReuse is alive, blocks up to 32 MiB come
// from the heap and the heap is not trimmed; when the last one ends, the
// thresholds go to the values glibc's own adjustment reaches (mmap 32 MiB,
// trim 64 MiB) and the memory the job freed is returned. No-op without glibc.
#pragma once

namespace plumage {

class HeapReuse {
 public:
  HeapReuse();
  ~HeapReuse();
  HeapReuse(const HeapReuse&) = delete;
  HeapReuse& operator=(const HeapReuse&) = delete;
};

}  // namespace plumage

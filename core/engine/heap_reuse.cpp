#include "core/engine/heap_reuse.h"

#include <mutex>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace plumage {

namespace {
std::mutex g_mutex;
int g_active = 0;
constexpr int kMmapThreshold = 32 << 20;  // glibc's largest dynamic mmap threshold on 64-bit
}  // namespace

HeapReuse::HeapReuse() {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_active++ > 0) return;
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

HeapReuse::~HeapReuse() {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (--g_active > 0) return;
#if defined(__GLIBC__)
  mallopt(M_TRIM_THRESHOLD, 2 * kMmapThreshold);
  malloc_trim(0);
#endif
}

}  // namespace plumage

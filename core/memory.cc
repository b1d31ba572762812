#include "core/memory.h"

#include <malloc.h>
#include <unistd.h>

#include <cstdio>

#ifdef RINGKV_WITH_MIMALLOC
#include <mimalloc.h>
#elif defined(__SANITIZE_ADDRESS__)
// From ASan's allocator interface (its header is not always installed).
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#endif

namespace ringkv::core {

namespace memory_internal {
std::atomic<int64_t> g_counted_bytes{0};
bool g_counting = false;
}  // namespace memory_internal

bool MemoryCountingActive() { return memory_internal::g_counting; }

size_t UsedMemoryBytes() {
  if (memory_internal::g_counting) {
    int64_t n = memory_internal::g_counted_bytes.load(std::memory_order_relaxed);
    return n > 0 ? static_cast<size_t>(n) : 0;
  }
#if defined(RINGKV_WITH_MIMALLOC)
  // Unit tests and benchmarks link mimalloc without the counting wrappers: what it has committed stands in
  // (glibc's mallinfo would describe an allocator nothing uses).
  return AllocatorFiguresNow().active;
#elif defined(__SANITIZE_ADDRESS__)
  return __sanitizer_get_current_allocated_bytes();
#else
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;
#endif
}

size_t ResidentBytes() {
  FILE* f = fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  long pages_total = 0, pages_rss = 0;
  if (fscanf(f, "%ld %ld", &pages_total, &pages_rss) != 2) pages_rss = 0;
  fclose(f);
  return static_cast<size_t>(pages_rss) * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

void ReleaseFreeMemory(bool force) {
#ifdef RINGKV_WITH_MIMALLOC
  mi_collect(force);
#else
  (void)force;
  malloc_trim(0);
#endif
}

AllocatorFigures AllocatorFiguresNow() {
  AllocatorFigures f;
#ifdef RINGKV_WITH_MIMALLOC
  size_t elapsed_ms, user_ms, system_ms, rss, peak_rss, commit, peak_commit, faults;
  mi_process_info(&elapsed_ms, &user_ms, &system_ms, &rss, &peak_rss, &commit, &peak_commit, &faults);
  f.active = f.resident = commit;
  f.allocated = memory_internal::g_counting ? UsedMemoryBytes() : commit;
#else
  f.allocated = UsedMemoryBytes();
  struct mallinfo2 mi = mallinfo2();
  f.active = f.resident = mi.arena + mi.hblkhd;
#endif
  return f;
}

const char* AllocatorName() {
#ifdef RINGKV_WITH_MIMALLOC
  return "mimalloc";
#else
  return "libc";
#endif
}

std::string AllocatorStatsText() {
#ifdef RINGKV_WITH_MIMALLOC
  std::string out;
  mi_stats_print_out([](const char* msg, void* arg) { static_cast<std::string*>(arg)->append(msg); }, &out);
  return out;
#else
  return "Stats not supported for the current allocator";
#endif
}

}  // namespace ringkv::core

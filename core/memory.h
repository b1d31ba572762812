// Memory accounting: used_memory as Redis reports it, the bytes the server has allocated and not freed
// (not what the allocator keeps mapped), and giving freed memory back to the system. In the server binary
// every allocation is counted as it happens (core/alloc_counting.cc replaces malloc and operator new with
// counting wrappers around mimalloc, as Redis's zmalloc counts around jemalloc); elsewhere (unit tests,
// sanitizer builds) the allocator's own figure stands in.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

namespace ringkv::core {

namespace memory_internal {
// Bytes allocated minus bytes freed, by usable size; updated by the counting allocator (any thread).
extern std::atomic<int64_t> g_counted_bytes;
// Set by the counting allocator's static initialiser: the count above is live.
extern bool g_counting;
}  // namespace memory_internal

// used_memory: the bytes in use.
size_t UsedMemoryBytes();
// Whether UsedMemoryBytes() counts every allocation (the server binary) or asks the allocator.
bool MemoryCountingActive();
// The process's resident set size (used_memory_rss).
size_t ResidentBytes();
// Returns free pages to the system: force=false only what the allocator's purge delay has already
// released (cheap), force=true everything it can at once (MEMORY PURGE).
void ReleaseFreeMemory(bool force);
// What the allocator holds, as Redis's allocator_* figures (jemalloc's stats.allocated / active / resident):
// allocated is used_memory; active and resident are the memory the allocator has committed from the
// system (mimalloc does not tell pages in use from dirty free ones, so the two are equal), or malloc's arenas.
struct AllocatorFigures {
  size_t allocated = 0;
  size_t active = 0;
  size_t resident = 0;
};
AllocatorFigures AllocatorFiguresNow();
// The allocator's name (INFO mem_allocator, MEMORY DOCTOR): "mimalloc", or "libc" where it is not linked.
const char* AllocatorName();
// The allocator's statistics as text (MEMORY MALLOC-STATS); "Stats not supported for the current
// allocator" where there are none.
std::string AllocatorStatsText();

}  // namespace ringkv::core

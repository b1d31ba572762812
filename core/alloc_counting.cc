// The counting allocator of the server binary (linked into `ringkv` only, never into the libraries, the
// tests or the sanitizer build): malloc and operator new, and their families, go to mimalloc and add the
// usable size of each block to the count behind used_memory (core/memory.h); free and delete subtract it.
// Redis's zmalloc does the same around jemalloc. Counting the usable size makes the count exact whatever
// size classes round to, and a relaxed atomic keeps it right when a helper thread frees. Defining these
// symbols in the executable takes precedence over libc's (and libmimalloc's own override): the whole
// process, libraries included, allocates through here.
#include <errno.h>
#include <mimalloc.h>

#include <cstddef>
#include <new>

#include "core/memory.h"

namespace {

using ringkv::core::memory_internal::g_counted_bytes;

inline void* Counted(void* p) {
  if (p != nullptr) g_counted_bytes.fetch_add(static_cast<int64_t>(mi_usable_size(p)), std::memory_order_relaxed);
  return p;
}

inline void Uncount(void* p) {
  if (p != nullptr) g_counted_bytes.fetch_sub(static_cast<int64_t>(mi_usable_size(p)), std::memory_order_relaxed);
}

inline void* NewOrThrow(void* p) {
  if (p == nullptr) throw std::bad_alloc();
  return Counted(p);
}

const bool kCountingOn = (ringkv::core::memory_internal::g_counting = true);

}  // namespace

extern "C" {

void* malloc(size_t n) { return Counted(mi_malloc(n)); }
void* calloc(size_t n, size_t size) { return Counted(mi_calloc(n, size)); }
void free(void* p) {
  Uncount(p);
  mi_free(p);
}
void* realloc(void* p, size_t n) {
  const size_t old = p != nullptr ? mi_usable_size(p) : 0;
  void* q = mi_realloc(p, n);
  if (q == nullptr) return nullptr;  // p is untouched
  g_counted_bytes.fetch_add(static_cast<int64_t>(mi_usable_size(q)) - static_cast<int64_t>(old),
                            std::memory_order_relaxed);
  return q;
}
void* reallocarray(void* p, size_t n, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(n, size, &total)) {
    errno = ENOMEM;
    return nullptr;
  }
  return realloc(p, total);
}
int posix_memalign(void** out, size_t alignment, size_t n) {
  int r = mi_posix_memalign(out, alignment, n);
  if (r == 0) Counted(*out);
  return r;
}
void* aligned_alloc(size_t alignment, size_t n) { return Counted(mi_aligned_alloc(alignment, n)); }
void* memalign(size_t alignment, size_t n) { return Counted(mi_memalign(alignment, n)); }
void* valloc(size_t n) { return Counted(mi_valloc(n)); }
void* pvalloc(size_t n) { return Counted(mi_pvalloc(n)); }
size_t malloc_usable_size(void* p) { return mi_usable_size(p); }

}  // extern "C"

void* operator new(size_t n) { return NewOrThrow(mi_malloc(n)); }
void* operator new[](size_t n) { return NewOrThrow(mi_malloc(n)); }
void* operator new(size_t n, const std::nothrow_t&) noexcept { return Counted(mi_malloc(n)); }
void* operator new[](size_t n, const std::nothrow_t&) noexcept { return Counted(mi_malloc(n)); }
void* operator new(size_t n, std::align_val_t a) {
  return NewOrThrow(mi_malloc_aligned(n, static_cast<size_t>(a)));
}
void* operator new[](size_t n, std::align_val_t a) {
  return NewOrThrow(mi_malloc_aligned(n, static_cast<size_t>(a)));
}
void* operator new(size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return Counted(mi_malloc_aligned(n, static_cast<size_t>(a)));
}
void* operator new[](size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return Counted(mi_malloc_aligned(n, static_cast<size_t>(a)));
}

void operator delete(void* p) noexcept { free(p); }
void operator delete[](void* p) noexcept { free(p); }
void operator delete(void* p, size_t) noexcept { free(p); }
void operator delete[](void* p, size_t) noexcept { free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { free(p); }
void operator delete(void* p, std::align_val_t) noexcept { free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { free(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { free(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { free(p); }

#include "ds/intset.h"

#include <malloc.h>

#include <bit>
#include <cstdlib>
#include <cstring>
#include <new>

namespace ringkv::ds {

namespace {

// Fields are little-endian on every host (the RDB format); a big-endian host swaps on each access.
template <class T>
T FromLittle(T v) {
  if constexpr (std::endian::native == std::endian::big) {
    T out;
    const auto* in = reinterpret_cast<const unsigned char*>(&v);
    auto* o = reinterpret_cast<unsigned char*>(&out);
    for (size_t i = 0; i < sizeof(T); ++i) o[i] = in[sizeof(T) - 1 - i];
    return out;
  }
  return v;
}

void* Allocate(size_t bytes) {
  void* p = std::malloc(bytes);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace

uint32_t Intset::Load32(size_t off) const {
  uint32_t v;
  std::memcpy(&v, bytes() + off, sizeof v);
  return FromLittle(v);
}

void Intset::Store32(size_t off, uint32_t v) {
  v = FromLittle(v);
  std::memcpy(bytes() + off, &v, sizeof v);
}

int64_t Intset::GetAt(uint32_t i, uint32_t width) const {
  const uint8_t* p = bytes() + kHeaderBytes + size_t{i} * width;
  if (width == 2) {
    int16_t v;
    std::memcpy(&v, p, sizeof v);
    return FromLittle(v);
  }
  if (width == 4) {
    int32_t v;
    std::memcpy(&v, p, sizeof v);
    return FromLittle(v);
  }
  int64_t v;
  std::memcpy(&v, p, sizeof v);
  return FromLittle(v);
}

void Intset::SetAt(uint32_t i, uint32_t width, int64_t v) {
  uint8_t* p = bytes() + kHeaderBytes + size_t{i} * width;
  if (width == 2) {
    const int16_t x = FromLittle(static_cast<int16_t>(v));
    std::memcpy(p, &x, sizeof x);
  } else if (width == 4) {
    const int32_t x = FromLittle(static_cast<int32_t>(v));
    std::memcpy(p, &x, sizeof x);
  } else {
    const int64_t x = FromLittle(v);
    std::memcpy(p, &x, sizeof x);
  }
}

Intset* Intset::New() {
  auto* is = static_cast<Intset*>(Allocate(kHeaderBytes));
  is->Store32(0, 2);
  is->Store32(4, 0);
  return is;
}

void Intset::Free(Intset* is) { std::free(is); }

Intset* Intset::Copy(const Intset* is) {
  const size_t n = is->BlobBytes();
  void* p = Allocate(n);
  std::memcpy(p, is, n);
  return static_cast<Intset*>(p);
}

Intset* Intset::FromBlob(const void* p, size_t size) {
  if (!Validate(p, size, true)) return nullptr;
  void* copy = Allocate(size);
  std::memcpy(copy, p, size);
  return static_cast<Intset*>(copy);
}

size_t Intset::AllocatedBytes() const { return malloc_usable_size(const_cast<Intset*>(this)); }

// Invariant 3: the block is resized to exactly the new blob size.
Intset* Intset::Resize(Intset* is, uint32_t length, uint32_t width) {
  void* p = std::realloc(is, kHeaderBytes + size_t{length} * width);
  if (p == nullptr) throw std::bad_alloc();
  return static_cast<Intset*>(p);
}

namespace {

// Binary search over n little-endian elements of type T at base: the position of v (true) or where it would
// go (false). One instantiation per width keeps the width test out of the loop.
template <class T>
bool SearchElements(const uint8_t* base, uint32_t n, int64_t v, uint32_t* pos) {
  auto at = [base](uint32_t i) {
    T x;
    std::memcpy(&x, base + size_t{i} * sizeof(T), sizeof x);
    return static_cast<int64_t>(FromLittle(x));
  };
  if (n == 0 || v < at(0)) {
    *pos = 0;
    return false;
  }
  // Appends (ascending loads) are common: answered without the search.
  if (v > at(n - 1)) {
    *pos = n;
    return false;
  }
  uint32_t lo = 0, hi = n;  // invariant 2: the answer lies in [lo, hi)
  while (lo < hi) {
    const uint32_t mid = lo + (hi - lo) / 2;
    const int64_t cur = at(mid);
    if (cur < v) {
      lo = mid + 1;
    } else if (cur > v) {
      hi = mid;
    } else {
      *pos = mid;
      return true;
    }
  }
  *pos = lo;
  return false;
}

}  // namespace

bool Intset::Search(int64_t v, uint32_t* pos) const {
  const uint8_t* base = bytes() + kHeaderBytes;
  switch (encoding()) {
    case 2: return SearchElements<int16_t>(base, size(), v, pos);
    case 4: return SearchElements<int32_t>(base, size(), v, pos);
    default: return SearchElements<int64_t>(base, size(), v, pos);
  }
}

bool Intset::Contains(int64_t v) const {
  uint32_t pos;
  // A value wider than the encoding cannot be present (invariant 1).
  return WidthOf(v) <= encoding() && Search(v, &pos);
}

// Invariant 1: v is outside the range of every present element (it needs a wider type than all of them), so
// it goes first when negative and last otherwise. The rewrite runs back to front so that each element is
// read before its wider slot overwrites it.
Intset* Intset::WidenAndAdd(Intset* is, int64_t v) {
  const uint32_t old_width = is->encoding();
  const uint32_t new_width = WidthOf(v);
  const uint32_t n = is->size();
  const uint32_t prepend = v < 0 ? 1 : 0;
  is = Resize(is, n + 1, new_width);
  for (uint32_t i = n; i-- > 0;) is->SetAt(i + prepend, new_width, is->GetAt(i, old_width));
  is->SetAt(prepend ? 0 : n, new_width, v);
  is->Store32(0, new_width);
  is->Store32(4, n + 1);
  return is;
}

Intset* Intset::Add(Intset* is, int64_t v, bool* added) {
  if (WidthOf(v) > is->encoding()) {
    if (added != nullptr) *added = true;
    return WidenAndAdd(is, v);
  }
  uint32_t pos;
  if (is->Search(v, &pos)) {
    if (added != nullptr) *added = false;
    return is;
  }
  const uint32_t n = is->size();
  const uint32_t width = is->encoding();
  is = Resize(is, n + 1, width);
  uint8_t* at = is->bytes() + kHeaderBytes + size_t{pos} * width;
  std::memmove(at + width, at, size_t{n - pos} * width);
  is->SetAt(pos, width, v);
  is->Store32(4, n + 1);
  if (added != nullptr) *added = true;
  return is;
}

Intset* Intset::RemoveAt(Intset* is, uint32_t i) {
  const uint32_t n = is->size();
  const uint32_t width = is->encoding();
  uint8_t* at = is->bytes() + kHeaderBytes + size_t{i} * width;
  std::memmove(at, at + width, size_t{n - i - 1} * width);
  is->Store32(4, n - 1);
  return Resize(is, n - 1, width);
}

Intset* Intset::Remove(Intset* is, int64_t v, bool* removed) {
  uint32_t pos;
  const bool found = WidthOf(v) <= is->encoding() && is->Search(v, &pos);
  if (removed != nullptr) *removed = found;
  return found ? RemoveAt(is, pos) : is;
}

bool Intset::Validate(const void* p, size_t size, bool deep) {
  if (size < kHeaderBytes) return false;
  const auto* is = static_cast<const Intset*>(p);
  const uint32_t width = is->encoding();
  if (width != 2 && width != 4 && width != 8) return false;
  const uint64_t n = is->size();
  // Computed in 64 bits: a u32 count times 8 cannot overflow, so a lying header cannot wrap the check.
  if (kHeaderBytes + n * width != size) return false;
  if (n == 0) return false;
  if (!deep) return true;
  int64_t prev = is->GetAt(0, width);
  for (uint32_t i = 1; i < n; ++i) {
    const int64_t cur = is->GetAt(i, width);
    if (cur <= prev) return false;
    prev = cur;
  }
  return true;
}

std::string Intset::CheckInvariants() const {
  const uint32_t width = encoding();
  if (width != 2 && width != 4 && width != 8) return "bad encoding " + std::to_string(width);
  const uint32_t n = size();
  for (uint32_t i = 0; i < n; ++i) {
    const int64_t v = GetAt(i, width);
    if (WidthOf(v) > width) return "element wider than the encoding at " + std::to_string(i);
    if (i > 0 && GetAt(i - 1, width) >= v) return "not strictly increasing at " + std::to_string(i);
  }
  if (AllocatedBytes() < BlobBytes()) return "block smaller than the blob";
  return "";
}

}  // namespace ringkv::ds

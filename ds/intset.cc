#include "ds/intset.h"

#include <malloc.h>

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <new>

namespace ringkv::ds {

namespace {

// Fields are little-endian on every host (the RDB format and this layout); a big-endian host swaps on each
// access.
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

template <class T>
T LoadLittle(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return FromLittle(v);
}

template <class T>
void StoreLittle(uint8_t* p, T v) {
  v = FromLittle(v);
  std::memcpy(p, &v, sizeof v);
}

// Element i of Redis's intset bytes (header first) of the given encoding, sign-extended.
int64_t RedisElement(const uint8_t* blob, uint32_t i, uint32_t encoding) {
  const uint8_t* p = blob + Intset::kRedisHeaderBytes + size_t{i} * encoding;
  if (encoding == 2) return LoadLittle<int16_t>(p);
  if (encoding == 4) return LoadLittle<int32_t>(p);
  return LoadLittle<int64_t>(p);
}

// The largest offset a width holds.
uint64_t MaxOffset(uint32_t width) { return width == 8 ? UINT64_MAX : (uint64_t{1} << (8 * width)) - 1; }

void* Allocate(size_t bytes) {
  void* p = std::malloc(bytes);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace

uint32_t Intset::Load32(size_t off) const { return LoadLittle<uint32_t>(bytes() + off); }

void Intset::Store32(size_t off, uint32_t v) { StoreLittle(bytes() + off, v); }

int64_t Intset::base() const { return LoadLittle<int64_t>(bytes() + 8); }

void Intset::SetBase(int64_t v) { StoreLittle(bytes() + 8, v); }

uint64_t Intset::OffsetAt(uint32_t i, uint32_t width) const {
  const uint8_t* p = bytes() + kHeaderBytes + size_t{i} * width;
  switch (width) {
    case 1: return *p;
    case 2: return LoadLittle<uint16_t>(p);
    case 4: return LoadLittle<uint32_t>(p);
    default: return LoadLittle<uint64_t>(p);
  }
}

void Intset::SetOffsetAt(uint32_t i, uint32_t width, uint64_t d) {
  uint8_t* p = bytes() + kHeaderBytes + size_t{i} * width;
  switch (width) {
    case 1: *p = static_cast<uint8_t>(d); break;
    case 2: StoreLittle(p, static_cast<uint16_t>(d)); break;
    case 4: StoreLittle(p, static_cast<uint32_t>(d)); break;
    default: StoreLittle(p, d);
  }
}

Intset* Intset::New() {
  auto* is = static_cast<Intset*>(Allocate(kHeaderBytes));
  std::memset(static_cast<void*>(is), 0, kHeaderBytes);
  is->SetWidth(1);
  is->SetRedisEncoding(2);
  return is;
}

void Intset::Free(Intset* is) { std::free(is); }

Intset* Intset::Copy(const Intset* is) {
  const size_t n = kHeaderBytes + size_t{is->size()} * is->width();
  void* p = Allocate(n);
  std::memcpy(p, is, n);
  return static_cast<Intset*>(p);
}

Intset* Intset::FromBlob(const void* p, size_t size) {
  if (!Validate(p, size, true)) return nullptr;
  const auto* blob = static_cast<const uint8_t*>(p);
  const uint32_t encoding = LoadLittle<uint32_t>(blob);
  const uint32_t n = LoadLittle<uint32_t>(blob + 4);
  // Validate: n > 0 and the elements increase, so the first is the minimum and the last the maximum.
  const int64_t base = RedisElement(blob, 0, encoding);
  const uint64_t ubase = static_cast<uint64_t>(base);
  const uint32_t width = OffsetWidthOf(static_cast<uint64_t>(RedisElement(blob, n - 1, encoding)) - ubase);
  auto* is = static_cast<Intset*>(Allocate(kHeaderBytes + size_t{n} * width));
  std::memset(static_cast<void*>(is), 0, kHeaderBytes);
  is->SetWidth(width);
  is->SetRedisEncoding(encoding);
  is->Store32(4, n);
  is->SetBase(base);
  for (uint32_t i = 0; i < n; ++i) {
    is->SetOffsetAt(i, width, static_cast<uint64_t>(RedisElement(blob, i, encoding)) - ubase);
  }
  return is;
}

void Intset::WriteRedisBlob(uint8_t* out) const {
  const uint32_t encoding = RedisEncoding();
  const uint32_t n = size();
  StoreLittle(out, encoding);
  StoreLittle(out + 4, n);
  uint8_t* p = out + kRedisHeaderBytes;
  // Invariant 4: every element fits the encoding, so the narrowing casts keep the value.
  for (uint32_t i = 0; i < n; ++i, p += encoding) {
    const int64_t v = Get(i);
    if (encoding == 2) {
      StoreLittle(p, static_cast<int16_t>(v));
    } else if (encoding == 4) {
      StoreLittle(p, static_cast<int32_t>(v));
    } else {
      StoreLittle(p, v);
    }
  }
}

size_t Intset::AllocatedBytes() const { return malloc_usable_size(const_cast<Intset*>(this)); }

// Invariant 5: the block is resized to exactly the new size.
Intset* Intset::Resize(Intset* is, uint32_t length, uint32_t width) {
  void* p = std::realloc(is, kHeaderBytes + size_t{length} * width);
  if (p == nullptr) throw std::bad_alloc();
  return static_cast<Intset*>(p);
}

namespace {

// Binary search over n little-endian unsigned offsets of type T at first: the position of d (true) or where
// it would go (false). One instantiation per width keeps the width test out of the loop.
template <class T>
bool SearchOffsets(const uint8_t* first, uint32_t n, uint64_t d, uint32_t* pos) {
  auto at = [first](uint32_t i) { return static_cast<uint64_t>(LoadLittle<T>(first + size_t{i} * sizeof(T))); };
  if (n == 0 || d < at(0)) {
    *pos = 0;
    return false;
  }
  // Appends (ascending loads) are common: answered without the search.
  if (d > at(n - 1)) {
    *pos = n;
    return false;
  }
  uint32_t lo = 0, hi = n;  // invariant 1: the answer lies in [lo, hi)
  while (lo < hi) {
    const uint32_t mid = lo + (hi - lo) / 2;
    const uint64_t cur = at(mid);
    if (cur < d) {
      lo = mid + 1;
    } else if (cur > d) {
      hi = mid;
    } else {
      *pos = mid;
      return true;
    }
  }
  *pos = lo;
  return false;
}

// Adds delta to n little-endian offsets of type T at first (the rebase of offsets that keep their width).
// Blocks of 16 bytes with a fixed count let GCC's -O2 (which does not vectorize loops of unknown length)
// turn each block into vector adds.
template <class T>
void AddToOffsets(uint8_t* first, uint32_t n, uint64_t delta) {
  const auto d = static_cast<T>(delta);
  constexpr uint32_t kBlock = 16 / sizeof(T);
  uint32_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    T block[kBlock];
    std::memcpy(block, first + size_t{i} * sizeof(T), sizeof block);
    for (uint32_t k = 0; k < kBlock; ++k) block[k] = FromLittle(static_cast<T>(FromLittle(block[k]) + d));
    std::memcpy(first + size_t{i} * sizeof(T), block, sizeof block);
  }
  for (; i < n; ++i) {
    uint8_t* p = first + size_t{i} * sizeof(T);
    StoreLittle(p, static_cast<T>(LoadLittle<T>(p) + d));
  }
}

}  // namespace

bool Intset::Search(uint64_t d, uint32_t* pos) const {
  const uint8_t* first = bytes() + kHeaderBytes;
  switch (width()) {
    case 1: return SearchOffsets<uint8_t>(first, size(), d, pos);
    case 2: return SearchOffsets<uint16_t>(first, size(), d, pos);
    case 4: return SearchOffsets<uint32_t>(first, size(), d, pos);
    default: return SearchOffsets<uint64_t>(first, size(), d, pos);
  }
}

bool Intset::Contains(int64_t v) const {
  // Invariants 2 and 3: nothing lies below the base or beyond the width's largest offset.
  if (empty() || v < base()) return false;
  const uint64_t d = static_cast<uint64_t>(v) - static_cast<uint64_t>(base());
  uint32_t pos;
  return d <= MaxOffset(width()) && Search(d, &pos);
}

// Invariant 2: v is below every element, so it goes first with offset 0 and every old offset grows by
// old_base - v; the width grows if the new largest offset (max - v) needs it. The rewrite runs back to front
// so that each offset is read before its (shifted, possibly wider) slot overwrites it.
Intset* Intset::RebaseAndAdd(Intset* is, int64_t v) {
  const uint32_t n = is->size();
  const uint32_t old_width = is->width();
  const uint64_t delta = static_cast<uint64_t>(is->base()) - static_cast<uint64_t>(v);
  const uint64_t top = is->OffsetAt(n - 1, old_width) + delta;  // max - v: fits in uint64 as max > v
  const uint32_t new_width = std::max(old_width, OffsetWidthOf(top));
  is = Resize(is, n + 1, new_width);
  uint8_t* first = is->bytes() + kHeaderBytes;
  if (new_width == old_width) {
    // The common case (descending inserts): a memmove and a loop the compiler can vectorize.
    std::memmove(first + new_width, first, size_t{n} * new_width);
    switch (new_width) {
      case 1: AddToOffsets<uint8_t>(first + 1, n, delta); break;
      case 2: AddToOffsets<uint16_t>(first + 2, n, delta); break;
      case 4: AddToOffsets<uint32_t>(first + 4, n, delta); break;
      default: AddToOffsets<uint64_t>(first + 8, n, delta);
    }
  } else {
    for (uint32_t i = n; i-- > 0;) is->SetOffsetAt(i + 1, new_width, is->OffsetAt(i, old_width) + delta);
  }
  is->SetOffsetAt(0, new_width, 0);
  is->SetWidth(new_width);
  is->SetBase(v);
  is->Store32(4, n + 1);
  return is;
}

// Invariant 3: d is beyond every present offset (it needs a wider width than all of them), so it goes last.
// The rewrite runs back to front so that each offset is read before its wider slot overwrites it.
Intset* Intset::WidenAndAdd(Intset* is, uint64_t d) {
  const uint32_t n = is->size();
  const uint32_t old_width = is->width();
  const uint32_t new_width = OffsetWidthOf(d);
  is = Resize(is, n + 1, new_width);
  for (uint32_t i = n; i-- > 0;) is->SetOffsetAt(i, new_width, is->OffsetAt(i, old_width));
  is->SetOffsetAt(n, new_width, d);
  is->SetWidth(new_width);
  is->Store32(4, n + 1);
  return is;
}

Intset* Intset::Add(Intset* is, int64_t v, bool* added) {
  const uint32_t n = is->size();
  bool inserted = true;
  if (n == 0) {
    // An empty set takes v as its base, so the offsets that follow start from 0 whatever the magnitude.
    is = Resize(is, 1, is->width());
    is->SetBase(v);
    is->SetOffsetAt(0, is->width(), 0);
    is->Store32(4, 1);
  } else if (v < is->base()) {
    is = RebaseAndAdd(is, v);
  } else {
    const uint64_t d = static_cast<uint64_t>(v) - static_cast<uint64_t>(is->base());
    const uint32_t width = is->width();
    uint32_t pos;
    if (d > MaxOffset(width)) {
      is = WidenAndAdd(is, d);
    } else if (is->Search(d, &pos)) {
      inserted = false;
    } else {
      is = Resize(is, n + 1, width);
      uint8_t* at = is->bytes() + kHeaderBytes + size_t{pos} * width;
      std::memmove(at + width, at, size_t{n - pos} * width);
      is->SetOffsetAt(pos, width, d);
      is->Store32(4, n + 1);
    }
  }
  if (inserted && WidthOf(v) > is->RedisEncoding()) is->SetRedisEncoding(WidthOf(v));
  if (added != nullptr) *added = inserted;
  return is;
}

Intset* Intset::RemoveAt(Intset* is, uint32_t i) {
  const uint32_t n = is->size();
  const uint32_t width = is->width();
  uint8_t* at = is->bytes() + kHeaderBytes + size_t{i} * width;
  std::memmove(at, at + width, size_t{n - i - 1} * width);
  is->Store32(4, n - 1);
  return Resize(is, n - 1, width);
}

Intset* Intset::Remove(Intset* is, int64_t v, bool* removed) {
  bool found = false;
  uint32_t pos = 0;
  if (!is->empty() && v >= is->base()) {
    const uint64_t d = static_cast<uint64_t>(v) - static_cast<uint64_t>(is->base());
    found = d <= MaxOffset(is->width()) && is->Search(d, &pos);
  }
  if (removed != nullptr) *removed = found;
  return found ? RemoveAt(is, pos) : is;
}

bool Intset::Validate(const void* p, size_t size, bool deep) {
  if (size < kRedisHeaderBytes) return false;
  const auto* blob = static_cast<const uint8_t*>(p);
  const uint32_t encoding = LoadLittle<uint32_t>(blob);
  if (encoding != 2 && encoding != 4 && encoding != 8) return false;
  const uint64_t n = LoadLittle<uint32_t>(blob + 4);
  // Computed in 64 bits: a u32 count times 8 cannot overflow, so a lying header cannot wrap the check.
  if (kRedisHeaderBytes + n * encoding != size) return false;
  if (n == 0) return false;
  if (!deep) return true;
  int64_t prev = RedisElement(blob, 0, encoding);
  for (uint32_t i = 1; i < n; ++i) {
    const int64_t cur = RedisElement(blob, i, encoding);
    if (cur <= prev) return false;
    prev = cur;
  }
  return true;
}

std::string Intset::CheckInvariants() const {
  const uint32_t w = width();
  if (w != 1 && w != 2 && w != 4 && w != 8) return "bad width " + std::to_string(w);
  const uint32_t enc = RedisEncoding();
  if (enc != 2 && enc != 4 && enc != 8) return "bad redis encoding " + std::to_string(enc);
  if (bytes()[2] != 0 || bytes()[3] != 0) return "reserved bytes not 0";
  const uint32_t n = size();
  for (uint32_t i = 1; i < n; ++i) {
    if (OffsetAt(i - 1, w) >= OffsetAt(i, w)) return "offsets not strictly increasing at " + std::to_string(i);
  }
  if (n > 0) {
    // Invariant 2: base + the largest offset must not wrap past INT64_MAX (every element >= base).
    const uint64_t room = static_cast<uint64_t>(INT64_MAX) - static_cast<uint64_t>(base());
    if (OffsetAt(n - 1, w) > room) return "largest element wraps below the base";
    if (WidthOf(Min()) > enc || WidthOf(Max()) > enc) return "element wider than the redis encoding";
  }
  if (AllocatedBytes() < kHeaderBytes + size_t{n} * w) return "block smaller than the layout";
  return "";
}

}  // namespace ringkv::ds

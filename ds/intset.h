// Intset: a sorted set of distinct 64-bit integers kept in Redis 7.0's intset byte layout, the small encoding
// of sets whose members are all integers. Keeping Redis's bytes in memory means the RDB writer copies the
// blob as is, and RESTORE/RDB loading can check untrusted bytes with Validate() and adopt them with a copy.
//
// Layout (every field little-endian, whatever the host):
//   u32 encoding   bytes per element: 2 (int16), 4 (int32) or 8 (int64)
//   u32 length     number of elements
//   length elements of `encoding` bytes each, two's complement, strictly increasing
//
// Invariants (CheckInvariants() verifies them; Validate() checks the same on foreign bytes):
//  1. encoding is 2, 4 or 8, and every element fits in it. The width only grows: an Add that needs a wider
//     element rewrites every element at the new width (the new element is then the smallest or the largest,
//     so it goes first or last), and a Remove never narrows it again, as in Redis.
//  2. Elements are strictly increasing: sorted and unique, so Find is a binary search.
//  3. The allocation holds exactly BlobBytes() = 8 + length * encoding usable bytes or more; every Add and
//     Remove reallocates to the new size (the allocator keeps the block in place while it stays within its
//     size class, so most calls do not move it).
//
// Ownership: an Intset is its own heap block, one malloc'd blob whose first byte is the header: there is no
// wrapper object. Calls that change the length may move the block, so they take the old pointer and return
// the new one (like realloc); the old pointer is invalid afterwards. Free() releases it. Single-threaded.
#pragma once

#include <absl/random/distributions.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace ringkv::ds {

class Intset {
 public:
  static constexpr size_t kHeaderBytes = 8;
  // Redis caps set-max-intset-entries at 2^30 "due to intset internals" (the length is a u32 and the blob
  // size must stay far from overflow); callers clamp their threshold to it.
  static constexpr size_t kMaxEntries = size_t{1} << 30;

  // An empty intset of encoding 2 (int16), as Redis's intsetNew.
  static Intset* New();
  static void Free(Intset* is);
  // A byte-for-byte copy (COPY).
  static Intset* Copy(const Intset* is);
  // A copy of size bytes that Validate(p, size, true) accepts (RESTORE, RDB loading); nullptr otherwise.
  static Intset* FromBlob(const void* p, size_t size);

  // Adds v. Returns the intset (possibly moved); *added (may be null) says whether v was absent. O(length)
  // for the memmove (or the widening rewrite), O(log length) to find the place.
  [[nodiscard]] static Intset* Add(Intset* is, int64_t v, bool* added);
  // Removes v. Returns the intset (possibly moved); *removed (may be null) says whether v was present.
  [[nodiscard]] static Intset* Remove(Intset* is, int64_t v, bool* removed);
  // Removes the element at position i (< size()). Returns the intset (possibly moved).
  [[nodiscard]] static Intset* RemoveAt(Intset* is, uint32_t i);

  bool Contains(int64_t v) const;
  uint32_t size() const { return Load32(4); }
  bool empty() const { return size() == 0; }
  uint32_t encoding() const { return Load32(0); }
  // The element at position i < size(), in increasing order.
  int64_t Get(uint32_t i) const { return GetAt(i, encoding()); }
  int64_t Min() const { return Get(0); }            // size() > 0
  int64_t Max() const { return Get(size() - 1); }   // size() > 0
  // A uniformly random element; size() > 0.
  template <class Rng>
  int64_t Random(Rng& rng) const {
    return Get(absl::Uniform<uint32_t>(rng, 0, size()));
  }

  // The Redis bytes: header and elements, BlobBytes() long (what the RDB writer saves).
  const uint8_t* data() const { return reinterpret_cast<const uint8_t*>(this); }
  size_t BlobBytes() const { return kHeaderBytes + size_t{size()} * encoding(); }
  // Bytes the allocator handed out for the block (MEMORY USAGE).
  size_t AllocatedBytes() const;

  // Redis's intsetValidateIntegrity: the header is readable, the encoding is 2, 4 or 8, the size is exactly
  // header + length * encoding, and length is not 0 (an empty intset is never saved); with deep, also that
  // the elements are strictly increasing. It does not require the encoding to be the narrowest possible.
  static bool Validate(const void* p, size_t size, bool deep);
  // Invariants 1 and 2 of this intset; "" or the first violation. O(length): for tests.
  std::string CheckInvariants() const;

  // The width Redis gives v: 2, 4 or 8.
  static uint32_t WidthOf(int64_t v) {
    if (v < INT32_MIN || v > INT32_MAX) return 8;
    if (v < INT16_MIN || v > INT16_MAX) return 4;
    return 2;
  }

  Intset() = delete;
  Intset(const Intset&) = delete;
  Intset& operator=(const Intset&) = delete;

 private:
  uint8_t* bytes() { return reinterpret_cast<uint8_t*>(this); }
  const uint8_t* bytes() const { return reinterpret_cast<const uint8_t*>(this); }
  uint32_t Load32(size_t off) const;
  void Store32(size_t off, uint32_t v);
  int64_t GetAt(uint32_t i, uint32_t width) const;
  void SetAt(uint32_t i, uint32_t width, int64_t v);
  // Position of v (true) or where it would go (false).
  bool Search(int64_t v, uint32_t* pos) const;
  static Intset* Resize(Intset* is, uint32_t length, uint32_t width);
  static Intset* WidenAndAdd(Intset* is, int64_t v);
};

}  // namespace ringkv::ds

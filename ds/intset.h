// Intset: a sorted set of distinct 64-bit integers, the small encoding of sets whose members are all
// integers. In memory it is frame-of-reference (a base and narrow unsigned offsets), not Redis's intset
// bytes: Redis sizes every element by the largest |value|, so 100 ids near 1e8 take 4 bytes each, while here
// they take 1 byte each (offsets from the smallest id within a range of 256). WriteRedisBlob() produces
// Redis's bytes in one O(length) pass (RDB/DUMP), and FromBlob() checks untrusted Redis bytes with Validate()
// before converting them.
//
// Layout (every field little-endian, whatever the host), kHeaderBytes = 16:
//   u8  width          bytes per offset: 1, 2, 4 or 8
//   u8  redis_encoding the width Redis's intset would have: 2, 4 or 8 (see invariant 4)
//   u16 reserved       0
//   u32 length         number of elements
//   i64 base
//   length offsets of `width` bytes each, unsigned; element i = base + offset_i, computed in uint64 with
//   wrap-around, so a width of 8 holds any int64 range (INT64_MIN and INT64_MAX together).
//
// Invariants (CheckInvariants() verifies them):
//  1. Offsets are strictly increasing, so elements are sorted and unique and Find is a binary search on
//     (v - base) as unsigned, for v >= base.
//  2. base <= every element: base is the minimum at the time it was last set (an Add below it rebases: every
//     offset grows by old_base - v, one pass; an Add to an empty set takes v as base). Removing the minimum
//     keeps the old base.
//  3. width holds the largest offset. The width only grows, as Redis's encoding: an Add whose offset needs a
//     wider one rewrites every offset at the new width in one pass (the new element is then the largest, so
//     it goes last); a Remove never narrows. New() is width 1, base 0.
//  4. redis_encoding is what Redis's intset holding the same history would use: the widest WidthOf() of any
//     element ever added (or the encoding of the blob FromBlob() adopted); it never narrows either. Keeping
//     it makes WriteRedisBlob() byte-identical to Redis's DUMP/RDB payload, also after SREM of a wide member.
//  5. The allocation holds exactly kHeaderBytes + length * width usable bytes or more; every Add and Remove
//     reallocates to the new size (the allocator keeps the block in place within its size class).
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
  static constexpr size_t kHeaderBytes = 16;
  // Bytes of the header of Redis's intset encoding (u32 encoding, u32 length).
  static constexpr size_t kRedisHeaderBytes = 8;
  // Redis caps set-max-intset-entries at 2^30 "due to intset internals" (the length is a u32 and the blob
  // size must stay far from overflow); callers clamp their threshold to it.
  static constexpr size_t kMaxEntries = size_t{1} << 30;

  // An empty intset: width 1, base 0, Redis encoding 2 (int16, as Redis's intsetNew).
  static Intset* New();
  static void Free(Intset* is);
  // A byte-for-byte copy (COPY).
  static Intset* Copy(const Intset* is);
  // Redis's intset bytes (size bytes) that Validate(p, size, true) accepts, converted to this layout
  // (RESTORE, RDB loading); nullptr otherwise. The Redis encoding is kept (invariant 4).
  static Intset* FromBlob(const void* p, size_t size);

  // Adds v. Returns the intset (possibly moved); *added (may be null) says whether v was absent. O(length)
  // for the memmove (or the rebase/widening rewrite), O(log length) to find the place.
  [[nodiscard]] static Intset* Add(Intset* is, int64_t v, bool* added);
  // Removes v. Returns the intset (possibly moved); *removed (may be null) says whether v was present.
  [[nodiscard]] static Intset* Remove(Intset* is, int64_t v, bool* removed);
  // Removes the element at position i (< size()). Returns the intset (possibly moved).
  [[nodiscard]] static Intset* RemoveAt(Intset* is, uint32_t i);

  bool Contains(int64_t v) const;
  uint32_t size() const { return Load32(4); }
  bool empty() const { return size() == 0; }
  // Bytes per offset in memory: 1, 2, 4 or 8 (not Redis-visible).
  uint32_t width() const { return bytes()[0]; }
  // The frame's base (not Redis-visible): <= every element.
  int64_t base() const;
  // The encoding Redis's intset would have (2, 4 or 8): the u32 that opens WriteRedisBlob()'s bytes.
  uint32_t RedisEncoding() const { return bytes()[1]; }
  // The element at position i < size(), in increasing order.
  int64_t Get(uint32_t i) const {
    return static_cast<int64_t>(static_cast<uint64_t>(base()) + OffsetAt(i, width()));
  }
  int64_t Min() const { return Get(0); }            // size() > 0
  int64_t Max() const { return Get(size() - 1); }   // size() > 0
  // A uniformly random element; size() > 0.
  template <class Rng>
  int64_t Random(Rng& rng) const {
    return Get(absl::Uniform<uint32_t>(rng, 0, size()));
  }

  // Bytes of Redis's intset encoding of the elements (what the RDB writer saves): 8 + length * RedisEncoding().
  size_t RedisBlobBytes() const { return kRedisHeaderBytes + size_t{size()} * RedisEncoding(); }
  // Writes RedisBlobBytes() bytes of Redis's layout to out: u32 encoding, u32 length, the elements as
  // little-endian two's complement of `encoding` bytes, increasing. O(length).
  void WriteRedisBlob(uint8_t* out) const;
  // Bytes the allocator handed out for the block (MEMORY USAGE).
  size_t AllocatedBytes() const;

  // Redis's intsetValidateIntegrity, on Redis's bytes: the header is readable, the encoding is 2, 4 or 8, the
  // size is exactly 8 + length * encoding, and length is not 0 (an empty intset is never saved); with deep,
  // also that the elements are strictly increasing. It does not require the encoding to be the narrowest.
  static bool Validate(const void* p, size_t size, bool deep);
  // The invariants of this intset; "" or the first violation. O(length): for tests.
  std::string CheckInvariants() const;

  // The width Redis gives v: 2, 4 or 8.
  static uint32_t WidthOf(int64_t v) {
    if (v < INT32_MIN || v > INT32_MAX) return 8;
    if (v < INT16_MIN || v > INT16_MAX) return 4;
    return 2;
  }
  // The offset width that holds d: 1, 2, 4 or 8.
  static uint32_t OffsetWidthOf(uint64_t d) {
    if (d > UINT32_MAX) return 8;
    if (d > UINT16_MAX) return 4;
    if (d > UINT8_MAX) return 2;
    return 1;
  }

  Intset() = delete;
  Intset(const Intset&) = delete;
  Intset& operator=(const Intset&) = delete;

 private:
  uint8_t* bytes() { return reinterpret_cast<uint8_t*>(this); }
  const uint8_t* bytes() const { return reinterpret_cast<const uint8_t*>(this); }
  uint32_t Load32(size_t off) const;
  void Store32(size_t off, uint32_t v);
  void SetBase(int64_t v);
  void SetWidth(uint32_t w) { bytes()[0] = static_cast<uint8_t>(w); }
  void SetRedisEncoding(uint32_t e) { bytes()[1] = static_cast<uint8_t>(e); }
  uint64_t OffsetAt(uint32_t i, uint32_t width) const;
  void SetOffsetAt(uint32_t i, uint32_t width, uint64_t d);
  // Position of the offset d (true) or where it would go (false); d must fit width().
  bool Search(uint64_t d, uint32_t* pos) const;
  static Intset* Resize(Intset* is, uint32_t length, uint32_t width);
  // Adds v < base(): v becomes the base and the first element.
  static Intset* RebaseAndAdd(Intset* is, int64_t v);
  // Adds v whose offset d needs a wider width than width(): it becomes the last element.
  static Intset* WidenAndAdd(Intset* is, uint64_t d);
};

}  // namespace ringkv::ds

// Listpack: a sequence of strings and integers in one contiguous allocation, in Redis 7.0's exact byte format
// (its listpack.c), so an RDB writer emits it with one memcpy and RESTORE adopts received bytes once Validate
// accepted them. Small hashes and sorted sets are one listpack; every quicklist node of a list is one.
//
// Format (multi-byte numbers little-endian unless said otherwise):
//   <total bytes: u32> <count: u16> <entry>* <0xFF>
//   count is the number of entries while that is below 65535; 65535 means "unknown: walk and count".
//   entry = <encoding and data ("body")> <backlen>
//     0xxxxxxx                                int 0..127
//     10LLLLLL <L bytes>                      string of 0..63 bytes
//     110vvvvv vvvvvvvv                       int -4096..4095, 13-bit two's complement, high bits first
//     1110LLLL LLLLLLLL <L bytes>             string of 64..4095 bytes, 12-bit length, high bits first
//     11110000 <u32 L> <L bytes>              string of 4096 bytes or more
//     11110001 <2 bytes> / 11110010 <3> / 11110011 <4> / 11110100 <8>   int16 / int24 / int32 / int64
//   backlen = the body's size in 1..5 bytes, written so a reader moving right to left can decode it: the
//   last byte holds the low 7 bits, every byte but the leftmost has its top bit set. The body sizes where
//   backlen grows are Redis's (127 -> 1 byte, below 16383 -> 2, below 2097151 -> 3, below 268435455 -> 4;
//   note 16383 itself takes 3 bytes), see BacklenBytes.
//
// Invariants (relied on where marked "(invariant N)"):
//  1. Canonical entries. An entry this class writes is an int exactly when StringToInt64 (Redis's
//     lpStringToInt64, the same rules as string2ll) accepts the bytes, in the narrowest int encoding that holds
//     the value; otherwise a string in the narrowest string encoding. So "10" is stored as an int and reads
//     back as "10", while "010", " 1", "-0" and "+1" stay strings; the same operations give the same bytes as
//     Redis. Bytes adopted from outside (FromBytes after Validate) may hold non-canonical entries (a "10"
//     string, a 64-bit encoding of 5): Redis accepts those too, and every reader here copes with them.
//  2. Header. total bytes is the used size; count is the number of entries when that is below 65535 and has
//     been known since it last was, else 65535. Mutations move a known count as Redis does; an unknown count
//     stays unknown until Length() walks the entries and finds fewer than 65535 (and stores it).
//  3. Positions are byte offsets of an entry's first byte (>= 6); kNoPos (0) means "none" (0 is the header,
//     never an entry). A position, and every Entry::str view, is valid until the next mutation; a mutation
//     returns the position the caller continues from, as Redis's functions return the new pointer.
// Ownership: a Listpack owns one malloc'ed block holding exactly size_bytes() used bytes (the allocator may
// round the block up), reallocated by each mutation that changes the size: grown before moving bytes, shrunk
// after, as Redis does (mimalloc and jemalloc keep a block in place within its size class). Entry views point
// into that block. A moved-from Listpack holds nothing and may only be destroyed or assigned to.
// Costs: Get/Next/Prev O(1); Seek, Find, Length (when unknown) O(n); every insert, replace or delete moves the
// bytes after the position (one memmove) and may realloc once; batches share one realloc and one memmove.
#pragma once

#include <absl/functional/function_ref.h>
#include <absl/random/bit_gen_ref.h>

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "ds/numconv.h"

namespace ringkv::ds {

namespace listpack_internal {

inline constexpr uint32_t kHeaderBytes = 6;
inline constexpr uint8_t kEof = 0xFF;
inline constexpr uint32_t kCountUnknown = 65535;

inline uint32_t Load32(const uint8_t* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}
inline uint32_t Load16(const uint8_t* p) { return uint32_t{p[0]} | (uint32_t{p[1]} << 8); }

// How many bytes the backlen of a body of `body` bytes takes (Redis's thresholds, off-by-one ones included).
inline uint32_t BacklenBytes(uint64_t body) {
  if (body <= 127) return 1;
  if (body < 16383) return 2;
  if (body < 2097151) return 3;
  if (body < 268435455) return 4;
  return 5;
}

// Writes the backlen of `body` into out (5 bytes of room), leftmost byte first; returns its length.
inline uint32_t EncodeBacklen(uint64_t body, uint8_t* out) {
  const uint32_t n = BacklenBytes(body);
  // The rightmost byte carries the low 7 bits; each byte left of it the next 7; all but the leftmost are
  // marked with the top bit (the reader, going right to left, stops after an unmarked byte).
  for (uint32_t i = 0; i < n; ++i) {
    const uint8_t seven = static_cast<uint8_t>((body >> (7 * (n - 1 - i))) & 127);
    out[i] = i == 0 ? seven : static_cast<uint8_t>(seven | 128);
  }
  return n;
}

// Decodes the backlen whose LAST byte is at `last`, reading leftwards (at most 5 bytes: the caller guarantees
// they are readable). UINT64_MAX when the marks say more than 5 bytes.
inline uint64_t DecodeBacklen(const uint8_t* last) {
  uint64_t v = 0;
  for (uint32_t shift = 0;; shift += 7, --last) {
    if (shift > 28) return UINT64_MAX;
    v |= uint64_t{last[0] & 127u} << shift;
    if ((last[0] & 128) == 0) return v;
  }
}

// The body size of the entry at p (encoding byte(s) and data), trusting the entry is whole. An unknown
// encoding byte (0xF5..0xFE: never in a validated listpack) counts as 1.
inline uint64_t BodyBytes(const uint8_t* p) {
  const uint8_t b = p[0];
  if (b < 0x80) return 1;
  if ((b & 0xC0) == 0x80) return 1 + uint64_t{b & 0x3Fu};
  if ((b & 0xE0) == 0xC0) return 2;
  if ((b & 0xF0) == 0xE0) return 2 + ((uint64_t{b & 0x0Fu} << 8) | p[1]);
  switch (b) {
    case 0xF0: return 5 + uint64_t{Load32(p + 1)};
    case 0xF1: return 3;
    case 0xF2: return 4;
    case 0xF3: return 5;
    case 0xF4: return 9;
    default: return 1;
  }
}
// The whole entry's size (body and backlen). Small ints and short strings, most entries, take the first two
// branches: their body is at most 64 bytes, so their backlen is one byte.
inline uint64_t EntryBytes(const uint8_t* p) {
  const uint8_t b = p[0];
  if (b < 0x80) return 2;
  if ((b & 0xC0) == 0x80) return (b & 0x3Fu) + 2u;
  const uint64_t body = BodyBytes(p);
  return body + BacklenBytes(body);
}

}  // namespace listpack_internal

class Listpack {
 public:
  using Pos = uint32_t;
  static constexpr Pos kNoPos = 0;
  // Redis's LISTPACK_MAX_SAFETY_SIZE: no listpack grows past 1 GiB (far from the u32 header's limit). Callers
  // check SafeToAdd before adding bytes that come from a client and convert to the big encoding otherwise.
  static constexpr size_t kMaxSafetyBytes = size_t{1} << 30;
  // The buffer Entry::View needs to render an int.
  static constexpr size_t kIntBufBytes = kInt64BufBytes;
  // The size of an empty listpack (header and terminator).
  static constexpr size_t kEmptyBytes = listpack_internal::kHeaderBytes + 1;

  // One entry, decoded: an int (is_int, int_value) or a string (str, pointing into the listpack: valid until
  // its next mutation). Random* fill arrays of these.
  struct Entry {
    std::string_view str;
    int64_t int_value = 0;
    bool is_int = false;

    // The entry as text: str, or the int's decimal digits written into buf (kIntBufBytes).
    std::string_view View(char* buf) const {
      if (!is_int) return str;
      return {buf, Int64ToChars(int_value, buf)};
    }
    std::string ToString() const {
      char buf[kIntBufBytes];
      return std::string(View(buf));
    }
    // Redis's lpCompare: equal bytes for a string entry; for an int entry, s parses (StringToInt64) to the
    // same value, which is the same as comparing the int's digits with s (invariant 1 makes them canonical).
    bool Equals(std::string_view s) const {
      if (!is_int) return str == s;
      int64_t v;
      return StringToInt64(s, &v) && v == int_value;
    }
  };

  enum class Where { kBefore, kAfter };

  // An empty listpack (7 bytes).
  Listpack();
  ~Listpack();
  Listpack(Listpack&& o) noexcept : lp_(o.lp_) { o.lp_ = nullptr; }
  Listpack& operator=(Listpack&& o) noexcept;
  Listpack(const Listpack&) = delete;
  Listpack& operator=(const Listpack&) = delete;

  // A copy of bytes that Validate accepted (RESTORE, the RDB loader); copying anything else is undefined.
  static Listpack FromBytes(std::string_view validated);
  // Takes ownership of a malloc'ed listpack (validated, or written by Release); Release gives it back and
  // leaves this object moved-from. For callers that keep the raw pointer (e.g. in a Value) themselves.
  static Listpack Adopt(uint8_t* malloced);
  uint8_t* Release() {
    uint8_t* p = lp_;
    lp_ = nullptr;
    return p;
  }
  Listpack Clone() const;

  // --- the bytes ---
  const uint8_t* bytes() const { return lp_; }
  size_t size_bytes() const { return listpack_internal::Load32(lp_); }
  std::string_view view() const { return {reinterpret_cast<const char*>(lp_), size_bytes()}; }
  // The block's real size (malloc_usable_size): what MEMORY USAGE reports for it.
  size_t AllocatedBytes() const;
  // Redis's lpSafeToAdd: false when adding add_bytes would take the listpack past kMaxSafetyBytes.
  bool SafeToAdd(size_t add_bytes) const { return size_bytes() + add_bytes <= kMaxSafetyBytes; }
  // The exact number of bytes s would take as an entry (body and backlen) by the rules of invariant 1.
  static size_t EncodedBytes(std::string_view s);

  // --- size ---
  bool empty() const { return lp_[listpack_internal::kHeaderBytes] == listpack_internal::kEof; }
  // O(1) while the header count is known; otherwise walks the entries, and stores the count when it is below
  // 65535 (Redis's lpLength: so this const read may write the header's count field).
  uint32_t Length() const;

  // --- navigation (positions: invariant 3) ---
  Pos First() const { return empty() ? kNoPos : listpack_internal::kHeaderBytes; }
  Pos Last() const { return PrevOf(static_cast<Pos>(size_bytes() - 1)); }
  Pos Next(Pos p) const {
    assert(p >= listpack_internal::kHeaderBytes && p < size_bytes() - 1);
    const Pos q = p + static_cast<Pos>(listpack_internal::EntryBytes(lp_ + p));
    return lp_[q] == listpack_internal::kEof ? kNoPos : q;
  }
  Pos Prev(Pos p) const { return PrevOf(p); }
  // The entry at index (0 first, -1 last), or kNoPos out of range. Walks from the nearer end when the count
  // is known (Redis's lpSeek), else from the head for index >= 0 and from the tail for index < 0.
  Pos Seek(int64_t index) const;
  Entry Get(Pos p) const {
    assert(p >= listpack_internal::kHeaderBytes && p < size_bytes() - 1);
    return Decode(lp_ + p);
  }

  // --- insertion (each returns the position of the first entry written) ---
  Pos Append(std::string_view s);
  Pos Prepend(std::string_view s);
  Pos Insert(Pos p, std::string_view s, Where where);
  // Several entries in one realloc and one memmove (a hash's field and value, a sorted set's member and
  // score). Views may point into this listpack (they are copied first), for every insert function.
  Pos AppendBatch(std::span<const std::string_view> items);
  Pos AppendBatch(std::initializer_list<std::string_view> items) { return AppendBatch(std::span(items)); }
  Pos InsertBatch(Pos p, std::span<const std::string_view> items, Where where);
  Pos InsertBatch(Pos p, std::initializer_list<std::string_view> items, Where where) {
    return InsertBatch(p, std::span(items), where);
  }
  // Replaces the entry at p; returns p (the entry's position does not move).
  Pos Replace(Pos p, std::string_view s);

  // --- deletion ---
  // Deletes the entry at p; returns the position of the entry that followed it, kNoPos if it was the last.
  Pos Delete(Pos p);
  // Deletes up to count entries from p on (fewer if the end comes first); returns what Delete does.
  Pos DeleteRangeWithEntry(Pos p, uint32_t count);
  // Deletes up to count entries from index on (negative from the end); nothing when index is out of range.
  void DeleteRange(int64_t index, uint32_t count);
  // Redis's lpMerge: first's entries then second's, in the larger one's block (the other is freed).
  static Listpack Merge(Listpack first, Listpack second);

  // --- search ---
  // Redis's lpFind: the first entry at or after start, comparing every (skip+1)-th entry (start, start+skip+1,
  // ...) with s as Entry::Equals does; kNoPos if none. skip 1 searches the fields of field/value pairs.
  Pos Find(Pos start, std::string_view s, uint32_t skip) const;

  // --- random picks (HRANDFIELD, ZRANDMEMBER). Entries are grouped by group_size (2: field/value pairs,
  // 1: single elements); `firsts` gets each picked group's first entry and, when not null, `seconds` its
  // second (group_size >= 2). Views are valid until the next mutation. ---
  // A uniformly random group (Redis's lpRandomPair); kNoPos when there is no whole group.
  Pos RandomGroup(absl::BitGenRef gen, uint32_t group_size) const;
  // count groups picked independently (repeats possible), in the order picked (lpRandomPairs). The listpack
  // must hold at least one whole group.
  void RandomGroups(absl::BitGenRef gen, uint32_t count, uint32_t group_size, Entry* firsts,
                    Entry* seconds) const;
  // min(count, groups) distinct groups, each set of that size equally likely, in listpack order
  // (lpRandomPairsUnique); returns how many were written.
  uint32_t RandomGroupsUnique(absl::BitGenRef gen, uint32_t count, uint32_t group_size, Entry* firsts,
                              Entry* seconds) const;

  // --- validation (Redis's lpValidateIntegrity) ---
  // Shallow: the header's total equals bytes.size() (at least 7) and the last byte is the terminator. Deep:
  // also every entry's encoding is known, its body and backlen lie inside the bytes and the backlen decodes
  // to the body's size, the entries end exactly at the terminator, a known count matches, and on_entry (if
  // given) accepts each entry in order (it sees an entry only after the entry itself was checked). Reads
  // nothing outside bytes, whatever they hold.
  static bool Validate(std::string_view bytes, bool deep);
  static bool Validate(std::string_view bytes, bool deep, absl::FunctionRef<bool(const Entry&)> on_entry);

 private:
  explicit Listpack(uint8_t* lp) : lp_(lp) {}
  Pos PrevOf(Pos p) const {
    assert(p >= listpack_internal::kHeaderBytes && p < size_bytes());
    if (p == listpack_internal::kHeaderBytes) return kNoPos;
    const uint64_t body = listpack_internal::DecodeBacklen(lp_ + p - 1);
    return p - static_cast<Pos>(body + listpack_internal::BacklenBytes(body));
  }
  static Entry Decode(const uint8_t* p);

  uint8_t* lp_;
};

inline Listpack::Entry Listpack::Decode(const uint8_t* p) {
  using listpack_internal::Load32;
  const uint8_t b = p[0];
  Entry e;
  if (b < 0x80) {
    e.is_int = true;
    e.int_value = b;
  } else if ((b & 0xC0) == 0x80) {
    e.str = {reinterpret_cast<const char*>(p + 1), size_t{b & 0x3Fu}};
  } else if ((b & 0xE0) == 0xC0) {
    // Sign-extend the 13-bit value: shift it to the top of an int64 and back.
    const uint64_t u = (uint64_t{b & 0x1Fu} << 8) | p[1];
    e.is_int = true;
    e.int_value = static_cast<int64_t>(u << 51) >> 51;
  } else if ((b & 0xF0) == 0xE0) {
    e.str = {reinterpret_cast<const char*>(p + 2), (size_t{b & 0x0Fu} << 8) | p[1]};
  } else if (b == 0xF0) {
    e.str = {reinterpret_cast<const char*>(p + 5), size_t{Load32(p + 1)}};
  } else {
    uint64_t u = 0;
    uint32_t bits = 0;
    switch (b) {
      case 0xF1: bits = 16; break;
      case 0xF2: bits = 24; break;
      case 0xF3: bits = 32; break;
      case 0xF4: bits = 64; break;
      default:
        // Not an encoding (validation refuses it): Redis's lpGet reports 12345678900000000 + the byte.
        e.is_int = true;
        e.int_value = 12345678900000000LL + b;
        return e;
    }
    for (uint32_t i = 0; i < bits / 8; ++i) u |= uint64_t{p[1 + i]} << (8 * i);
    e.is_int = true;
    e.int_value = static_cast<int64_t>(u << (64 - bits)) >> (64 - bits);
  }
  return e;
}

}  // namespace ringkv::ds

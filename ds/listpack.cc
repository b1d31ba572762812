// Listpack mutations, search, random picks and validation. The format and invariants are in listpack.h.
#include "ds/listpack.h"

#include <absl/container/inlined_vector.h>
#include <absl/random/distributions.h>
#include <malloc.h>

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace ringkv::ds {

using namespace listpack_internal;

namespace {

void Store32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
  p[2] = static_cast<uint8_t>(v >> 16);
  p[3] = static_cast<uint8_t>(v >> 24);
}
void Store16(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}

// Out of memory is fatal, as in Redis (zmalloc's OOM handler aborts).
uint8_t* Reallocate(uint8_t* p, size_t n) {
  void* q = std::realloc(p, n);
  if (q == nullptr) {
    std::fprintf(stderr, "listpack: out of memory allocating %zu bytes\n", n);
    std::abort();
  }
  return static_cast<uint8_t*>(q);
}

// An element ready to be written: its leading bytes (a whole int encoding, or a string's encoding and
// length), the string's payload, and its backlen.
struct Encoded {
  uint8_t head[9];
  uint8_t back[5];
  uint8_t head_len = 0;
  uint8_t back_len = 0;
  uint32_t data_len = 0;
  const char* data = nullptr;

  size_t size() const { return size_t{head_len} + data_len + back_len; }
};

// The narrowest int encoding of v (invariant 1).
void EncodeInt(int64_t v, Encoded* e) {
  uint8_t* h = e->head;
  const uint64_t u = static_cast<uint64_t>(v);  // two's complement bytes
  uint32_t width = 0;                            // bytes of value after the encoding byte
  if (v >= 0 && v <= 127) {
    h[0] = static_cast<uint8_t>(v);
    e->head_len = 1;
    return;
  } else if (v >= -4096 && v <= 4095) {
    const uint64_t t = u & 0x1FFF;
    h[0] = static_cast<uint8_t>(0xC0 | (t >> 8));
    h[1] = static_cast<uint8_t>(t);
    e->head_len = 2;
    return;
  } else if (v >= -32768 && v <= 32767) {
    h[0] = 0xF1;
    width = 2;
  } else if (v >= -8388608 && v <= 8388607) {
    h[0] = 0xF2;
    width = 3;
  } else if (v >= INT32_MIN && v <= INT32_MAX) {
    h[0] = 0xF3;
    width = 4;
  } else {
    h[0] = 0xF4;
    width = 8;
  }
  for (uint32_t i = 0; i < width; ++i) h[1 + i] = static_cast<uint8_t>(u >> (8 * i));
  e->head_len = static_cast<uint8_t>(1 + width);
}

void Encode(std::string_view s, Encoded* e) {
  int64_t v;
  if (StringToInt64(s, &v)) {
    EncodeInt(v, e);
  } else {
    const size_t n = s.size();
    uint8_t* h = e->head;
    if (n < 64) {
      h[0] = static_cast<uint8_t>(0x80 | n);
      e->head_len = 1;
    } else if (n < 4096) {
      h[0] = static_cast<uint8_t>(0xE0 | (n >> 8));
      h[1] = static_cast<uint8_t>(n);
      e->head_len = 2;
    } else {
      h[0] = 0xF0;
      Store32(h + 1, static_cast<uint32_t>(n));
      e->head_len = 5;
    }
    e->data = s.data();
    e->data_len = static_cast<uint32_t>(n);
  }
  e->back_len = static_cast<uint8_t>(EncodeBacklen(uint64_t{e->head_len} + e->data_len, e->back));
}

uint8_t* Write(const Encoded& e, uint8_t* dst) {
  std::memcpy(dst, e.head, e.head_len);
  dst += e.head_len;
  if (e.data_len != 0) std::memcpy(dst, e.data, e.data_len);
  dst += e.data_len;
  std::memcpy(dst, e.back, e.back_len);
  return dst + e.back_len;
}

// Moves a known count by delta (an insert past 65534 entries makes it unknown, as Redis's u16 store of 65535
// does); leaves an unknown count alone (invariant 2).
void AdjustCount(uint8_t* lp, int64_t delta) {
  const uint32_t c = Load16(lp + 4);
  if (c == kCountUnknown) return;
  const int64_t n = int64_t{c} + delta;
  assert(n >= 0);
  Store16(lp + 4, n >= kCountUnknown ? kCountUnknown : static_cast<uint32_t>(n));
}

// Replaces the `remove` bytes at offset `at` by the n elements, moving the count by count_delta. Grows the
// block before moving the tail right, shrinks it after moving the tail left. Returns the (maybe moved) block.
uint8_t* Splice(uint8_t* lp, uint32_t at, uint64_t remove, const Encoded* els, size_t n, int64_t count_delta) {
  const uint64_t old_bytes = Load32(lp);
  uint64_t add = 0;
  for (size_t i = 0; i < n; ++i) add += els[i].size();
  const uint64_t new_bytes = old_bytes - remove + add;
  // Callers keep below kMaxSafetyBytes with SafeToAdd; past u32 the header could not say the size at all.
  if (new_bytes > UINT32_MAX) {
    std::fprintf(stderr, "listpack: %llu bytes do not fit the header\n", static_cast<unsigned long long>(new_bytes));
    std::abort();
  }
  if (new_bytes > old_bytes) lp = Reallocate(lp, new_bytes);
  if (add != remove) std::memmove(lp + at + add, lp + at + remove, old_bytes - at - remove);
  uint8_t* dst = lp + at;
  for (size_t i = 0; i < n; ++i) dst = Write(els[i], dst);
  if (new_bytes < old_bytes) lp = Reallocate(lp, new_bytes);
  Store32(lp, static_cast<uint32_t>(new_bytes));
  if (count_delta != 0) AdjustCount(lp, count_delta);
  return lp;
}

}  // namespace

Listpack::Listpack() : lp_(Reallocate(nullptr, kEmptyBytes)) {
  Store32(lp_, kEmptyBytes);
  Store16(lp_ + 4, 0);
  lp_[kHeaderBytes] = kEof;
}

Listpack::~Listpack() { std::free(lp_); }

Listpack& Listpack::operator=(Listpack&& o) noexcept {
  if (this != &o) {
    std::free(lp_);
    lp_ = o.lp_;
    o.lp_ = nullptr;
  }
  return *this;
}

Listpack Listpack::FromBytes(std::string_view validated) {
  assert(validated.size() >= kEmptyBytes && Load32(reinterpret_cast<const uint8_t*>(validated.data())) ==
                                                validated.size());
  uint8_t* p = Reallocate(nullptr, validated.size());
  std::memcpy(p, validated.data(), validated.size());
  return Listpack(p);
}

Listpack Listpack::Adopt(uint8_t* malloced) { return Listpack(malloced); }

Listpack Listpack::Clone() const { return FromBytes(view()); }

size_t Listpack::AllocatedBytes() const { return malloc_usable_size(lp_); }

size_t Listpack::EncodedBytes(std::string_view s) {
  Encoded e;
  Encode(s, &e);
  return e.size();
}

uint32_t Listpack::Length() const {
  const uint32_t c = Load16(lp_ + 4);
  if (c != kCountUnknown) return c;
  uint32_t n = 0;
  for (Pos p = First(); p != kNoPos; p = Next(p)) ++n;
  if (n < kCountUnknown) Store16(lp_ + 4, n);
  return n;
}

Listpack::Pos Listpack::Seek(int64_t index) const {
  bool forward = true;
  const uint32_t count = Load16(lp_ + 4);
  if (count != kCountUnknown) {
    if (index < 0) index += count;
    if (index < 0 || index >= int64_t{count}) return kNoPos;
    // Past the middle, walk from the tail (with the index in its negative form).
    if (index > int64_t{count} / 2) {
      forward = false;
      index -= count;
    }
  } else if (index < 0) {
    forward = false;
  }
  if (forward) {
    Pos p = First();
    for (; index > 0 && p != kNoPos; --index) p = Next(p);
    return p;
  }
  Pos p = Last();
  for (; index < -1 && p != kNoPos; ++index) p = Prev(p);
  return p;
}

// --- insertion ---

Listpack::Pos Listpack::InsertBatch(Pos p, std::span<const std::string_view> items, Where where) {
  assert(p >= kHeaderBytes && p < size_bytes() && (where == Where::kBefore || lp_[p] != kEof));
  const uint32_t at = where == Where::kAfter ? p + static_cast<uint32_t>(EntryBytes(lp_ + p)) : p;
  const char* begin = reinterpret_cast<const char*>(lp_);
  const char* end = begin + size_bytes();
  for (std::string_view s : items) {
    if (!s.empty() && s.data() < end && s.data() + s.size() > begin) {
      // A view into this listpack would move under the memmove: copy every item into one buffer first.
      std::string scratch;
      for (std::string_view t : items) scratch.append(t);
      absl::InlinedVector<std::string_view, 4> copies;
      size_t off = 0;
      for (std::string_view t : items) {
        copies.emplace_back(scratch.data() + off, t.size());
        off += t.size();
      }
      return InsertBatch(p, copies, where);
    }
  }
  absl::InlinedVector<Encoded, 4> els(items.size());
  for (size_t i = 0; i < items.size(); ++i) Encode(items[i], &els[i]);
  lp_ = Splice(lp_, at, 0, els.data(), els.size(), static_cast<int64_t>(items.size()));
  return at;
}

Listpack::Pos Listpack::Insert(Pos p, std::string_view s, Where where) {
  return InsertBatch(p, std::span<const std::string_view>(&s, 1), where);
}

Listpack::Pos Listpack::AppendBatch(std::span<const std::string_view> items) {
  // Inserting before the terminator: the same splice with the terminator's offset as the position.
  return InsertBatch(static_cast<Pos>(size_bytes() - 1), items, Where::kBefore);
}

Listpack::Pos Listpack::Append(std::string_view s) { return AppendBatch(std::span<const std::string_view>(&s, 1)); }

Listpack::Pos Listpack::Prepend(std::string_view s) { return Insert(kHeaderBytes, s, Where::kBefore); }

Listpack::Pos Listpack::Replace(Pos p, std::string_view s) {
  assert(p >= kHeaderBytes && p < size_bytes() - 1);
  const char* begin = reinterpret_cast<const char*>(lp_);
  if (!s.empty() && s.data() < begin + size_bytes() && s.data() + s.size() > begin) {
    const std::string copy(s);
    return Replace(p, copy);
  }
  Encoded e;
  Encode(s, &e);
  lp_ = Splice(lp_, p, EntryBytes(lp_ + p), &e, 1, 0);
  return p;
}

// --- deletion ---

Listpack::Pos Listpack::Delete(Pos p) {
  assert(p >= kHeaderBytes && p < size_bytes() - 1);
  lp_ = Splice(lp_, p, EntryBytes(lp_ + p), nullptr, 0, -1);
  return lp_[p] == kEof ? kNoPos : p;
}

Listpack::Pos Listpack::DeleteRangeWithEntry(Pos p, uint32_t count) {
  assert(p >= kHeaderBytes && p < size_bytes() - 1);
  if (count == 0) return p;
  Pos tail = p;
  uint32_t deleted = 0;
  while (deleted < count && lp_[tail] != kEof) {
    tail += static_cast<Pos>(EntryBytes(lp_ + tail));
    ++deleted;
  }
  lp_ = Splice(lp_, p, tail - p, nullptr, 0, -int64_t{deleted});
  return lp_[p] == kEof ? kNoPos : p;
}

void Listpack::DeleteRange(int64_t index, uint32_t count) {
  if (count == 0) return;
  const Pos p = Seek(index);
  if (p == kNoPos) return;
  const uint32_t known = Load16(lp_ + 4);
  if (known != kCountUnknown) {
    if (index < 0) index += known;
    // Everything from p to the end goes: cut at p without walking the entries (Redis does the same, so the
    // count it stores is the index).
    if (int64_t{known} - index <= int64_t{count}) {
      lp_[p] = kEof;
      Store32(lp_, p + 1);
      Store16(lp_ + 4, static_cast<uint32_t>(index));
      lp_ = Reallocate(lp_, p + 1);
      return;
    }
  }
  DeleteRangeWithEntry(p, count);
}

Listpack Listpack::Merge(Listpack first, Listpack second) {
  const size_t first_bytes = first.size_bytes(), second_bytes = second.size_bytes();
  const uint64_t count = uint64_t{first.Length()} + second.Length();
  const size_t total = first_bytes + second_bytes - kEmptyBytes;
  assert(total <= UINT32_MAX);
  uint8_t* out;
  if (first_bytes >= second_bytes) {
    // Grow first and copy second's entries over first's terminator.
    out = Reallocate(first.Release(), total);
    std::memcpy(out + first_bytes - 1, second.lp_ + kHeaderBytes, second_bytes - kHeaderBytes);
  } else {
    // Grow second, move its entries right by first's entries, and put first's header and entries in front.
    out = Reallocate(second.Release(), total);
    std::memmove(out + first_bytes - 1, out + kHeaderBytes, second_bytes - kHeaderBytes);
    std::memcpy(out, first.lp_, first_bytes - 1);
  }
  Store32(out, static_cast<uint32_t>(total));
  Store16(out + 4, count < kCountUnknown ? static_cast<uint32_t>(count) : kCountUnknown);
  return Listpack(out);
}

// --- search ---

Listpack::Pos Listpack::Find(Pos start, std::string_view s, uint32_t skip) const {
  if (start == kNoPos) return kNoPos;
  // Whether s reads as an int is worked out at the first int entry met, once (0: not yet, 1: yes, -1: no).
  int s_is_int = 0;
  int64_t s_int = 0;
  const uint8_t* p = lp_ + start;
  uint32_t to_skip = 0;
  for (uint8_t b = p[0]; b != kEof; b = p[0]) {
    if (to_skip > 0) {
      --to_skip;
      p += EntryBytes(p);
      continue;
    }
    to_skip = skip;
    if ((b & 0xC0) == 0x80) {
      // A string of at most 63 bytes (the usual field or member): its length is in the byte just read.
      const size_t len = b & 0x3Fu;
      if (len == s.size() && std::memcmp(p + 1, s.data(), len) == 0) return static_cast<Pos>(p - lp_);
      p += len + 2;
      continue;
    }
    const Entry e = Decode(p);
    if (e.is_int) {
      if (s_is_int == 0) s_is_int = StringToInt64(s, &s_int) ? 1 : -1;
      if (s_is_int == 1 && e.int_value == s_int) return static_cast<Pos>(p - lp_);
    } else if (e.str.size() == s.size() && std::memcmp(e.str.data(), s.data(), s.size()) == 0) {
      return static_cast<Pos>(p - lp_);
    }
    p += EntryBytes(p);
  }
  return kNoPos;
}

// --- random picks ---

Listpack::Pos Listpack::RandomGroup(absl::BitGenRef gen, uint32_t group_size) const {
  assert(group_size > 0);
  const uint32_t groups = Length() / group_size;
  if (groups == 0) return kNoPos;
  const uint32_t r = absl::Uniform<uint32_t>(gen, 0, groups);
  return Seek(int64_t{r} * group_size);
}

void Listpack::RandomGroups(absl::BitGenRef gen, uint32_t count, uint32_t group_size, Entry* firsts,
                            Entry* seconds) const {
  assert(group_size > 0 && (seconds == nullptr || group_size >= 2));
  const uint32_t groups = Length() / group_size;
  assert(groups > 0);
  if (count == 0 || groups == 0) return;
  // Draw all the group indexes, sort them, and fill the picks in one walk, each in its drawn slot.
  struct Pick {
    uint32_t group;
    uint32_t slot;
  };
  absl::InlinedVector<Pick, 64> picks(count);
  for (uint32_t i = 0; i < count; ++i) picks[i] = {absl::Uniform<uint32_t>(gen, 0, groups), i};
  std::sort(picks.begin(), picks.end(), [](const Pick& a, const Pick& b) { return a.group < b.group; });
  Pos p = First();
  uint32_t at_group = 0;
  for (const Pick& pick : picks) {
    for (; at_group < pick.group; ++at_group) {
      for (uint32_t i = 0; i < group_size; ++i) p = Next(p);
    }
    firsts[pick.slot] = Get(p);
    if (seconds != nullptr) seconds[pick.slot] = Get(Next(p));
  }
}

uint32_t Listpack::RandomGroupsUnique(absl::BitGenRef gen, uint32_t count, uint32_t group_size, Entry* firsts,
                                      Entry* seconds) const {
  assert(group_size > 0 && (seconds == nullptr || group_size >= 2));
  const uint32_t groups = Length() / group_size;
  count = std::min(count, groups);
  // Selection sampling: take the group at hand with probability (still wanted) / (still unseen), which makes
  // every set of `count` groups equally likely in one walk and always ends with exactly `count` picked.
  uint32_t picked = 0;
  Pos p = First();
  for (uint32_t seen = 0; picked < count; ++seen) {
    if (absl::Uniform<uint32_t>(gen, 0, groups - seen) < count - picked) {
      firsts[picked] = Get(p);
      if (seconds != nullptr) seconds[picked] = Get(Next(p));
      ++picked;
    }
    for (uint32_t i = 0; i < group_size && p != kNoPos; ++i) p = Next(p);
  }
  return picked;
}

// --- validation ---

namespace {

// How many leading bytes tell an entry's body size (encoding byte and length bytes); 0 for no encoding.
uint32_t SizeFieldBytes(uint8_t b) {
  if (b < 0xE0) return 1;               // 7-bit int, 6-bit string, 13-bit int
  if (b < 0xF0) return 2;               // 12-bit string
  if (b == 0xF0) return 5;              // 32-bit string
  if (b >= 0xF1 && b <= 0xF4) return 1;  // 16/24/32/64-bit int
  return 0;
}

}  // namespace

bool Listpack::Validate(std::string_view bytes, bool deep) {
  return Validate(bytes, deep, [](const Entry&) { return true; });
}

bool Listpack::Validate(std::string_view bytes, bool deep, absl::FunctionRef<bool(const Entry&)> on_entry) {
  const uint8_t* lp = reinterpret_cast<const uint8_t*>(bytes.data());
  const uint64_t size = bytes.size();
  if (size < kEmptyBytes || Load32(lp) != size || lp[size - 1] != kEof) return false;
  if (!deep) return true;
  // Offsets, all checked against `last` (the terminator's offset) before the byte is read: an offset past
  // it is never dereferenced, and sizes are 64-bit so no sum wraps.
  const uint64_t last = size - 1;
  const uint32_t header_count = Load16(lp + 4);
  uint64_t count = 0;
  uint64_t p = kHeaderBytes;
  while (lp[p] != kEof) {
    const uint32_t field = SizeFieldBytes(lp[p]);
    if (field == 0 || p + field > last) return false;
    const uint64_t body = BodyBytes(lp + p);
    const uint32_t back = BacklenBytes(body);
    if (p + body + back > last) return false;
    // The backlen is decoded as a backwards reader would (it may read up to 5 bytes, all at or after offset
    // p + 2 - 5 >= 3 since an entry has at least 2 bytes, so inside the buffer), and must give the body.
    if (DecodeBacklen(lp + p + body + back - 1) != body) return false;
    if (!on_entry(Decode(lp + p))) return false;
    ++count;
    p += body + back;
  }
  if (p != last) return false;
  return header_count == kCountUnknown || header_count == count;
}

}  // namespace ringkv::ds

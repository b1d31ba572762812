// Bit primitives: see bitops.h for the numbering convention and the Redis semantics reproduced.
#include "ds/bitops.h"

#include <cstring>

namespace ringkv::ds {
namespace {

__extension__ typedef unsigned __int128 U128;

uint64_t LoadWord(const uint8_t* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof(w));  // An unaligned load; the compiler emits a plain mov.
  return w;
}

// Four independent accumulators so consecutive popcounts do not wait on one another. Always inlined, so each
// caller below compiles it (and __builtin_popcountll) for its own target.
__attribute__((always_inline)) inline uint64_t PopCountLoop(const uint8_t* p, size_t n) {
  uint64_t c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    c0 += static_cast<uint64_t>(__builtin_popcountll(LoadWord(p + i)));
    c1 += static_cast<uint64_t>(__builtin_popcountll(LoadWord(p + i + 8)));
    c2 += static_cast<uint64_t>(__builtin_popcountll(LoadWord(p + i + 16)));
    c3 += static_cast<uint64_t>(__builtin_popcountll(LoadWord(p + i + 24)));
  }
  for (; i + 8 <= n; i += 8) c0 += static_cast<uint64_t>(__builtin_popcountll(LoadWord(p + i)));
  uint64_t tail = 0;
  for (; i < n; ++i) tail = (tail << 8) | p[i];
  return c0 + c1 + c2 + c3 + static_cast<uint64_t>(__builtin_popcountll(tail));
}

uint64_t PopCountPortable(const uint8_t* p, size_t n) { return PopCountLoop(p, n); }

#if defined(__x86_64__)
// Baseline x86-64 has no POPCNT instruction, so the default build would call libgcc's table version;
// this copy is compiled for POPCNT and chosen at run time when the CPU has it (every x86-64 of the last
// fifteen years does).
__attribute__((target("popcnt"))) uint64_t PopCountHardware(const uint8_t* p, size_t n) {
  return PopCountLoop(p, n);
}
#endif

// Index of the first 1 bit of a non-zero byte, counting from its most significant bit.
int FirstSetBitInByte(uint8_t x) { return __builtin_clz(static_cast<unsigned>(x)) - 24; }

// The bytes a `bits`-wide field at offset_bits touches, as one big-endian integer, and where the field sits
// in it. At most 9 bytes (7 bits of lead-in plus 64), hence 128-bit arithmetic.
struct FieldWindow {
  uint64_t first_byte;
  int nbytes;
  int low_pad;  // Bits of the window below the field's least significant bit.
};

FieldWindow WindowOf(uint64_t offset_bits, int bits) {
  const int lead = static_cast<int>(offset_bits & 7);
  const int nbytes = (lead + bits + 7) / 8;
  return FieldWindow{offset_bits >> 3, nbytes, nbytes * 8 - lead - bits};
}

U128 FieldMask(int bits) { return (U128{1} << bits) - 1; }

}  // namespace

uint64_t PopCount(const uint8_t* p, size_t n) {
#if defined(__x86_64__)
  static const bool has_popcnt = __builtin_cpu_supports("popcnt");
  if (has_popcnt) return PopCountHardware(p, n);
#endif
  return PopCountPortable(p, n);
}

int64_t BitPos(const uint8_t* p, size_t n, int bit) {
  // Bytes with nothing of interest: all zeros when looking for a 1, all ones when looking for a 0.
  const uint8_t skip_byte = bit ? 0x00 : 0xff;
  const uint64_t skip_word = bit ? 0 : ~uint64_t{0};
  size_t i = 0;
  // Whole words first: long runs of the uninteresting value are the common case for bitmaps.
  while (i + 8 <= n && LoadWord(p + i) == skip_word) i += 8;
  for (; i < n; ++i) {
    if (p[i] != skip_byte) {
      const uint8_t x = bit ? p[i] : static_cast<uint8_t>(~p[i]);
      return static_cast<int64_t>(i * 8) + FirstSetBitInByte(x);
    }
  }
  // Redis pads the string with zero bits on the right, so a 0 is always "found" just past the end.
  return bit ? -1 : static_cast<int64_t>(n * 8);
}

uint64_t PopCountBits(const uint8_t* p, size_t n, int64_t start_bit, int64_t end_bit) {
  const int64_t total_bits = static_cast<int64_t>(n) * 8;
  if (start_bit < 0) start_bit = 0;
  if (end_bit >= total_bits) end_bit = total_bits - 1;
  if (start_bit > end_bit) return 0;
  const size_t first = static_cast<size_t>(start_bit >> 3);
  const size_t last = static_cast<size_t>(end_bit >> 3);
  uint64_t count = PopCount(p + first, last - first + 1);
  // Take back the bits of the edge bytes that lie outside the range.
  const uint8_t before_start = static_cast<uint8_t>(0xff00u >> (start_bit & 7));
  const uint8_t after_end = static_cast<uint8_t>((1u << (7 - (end_bit & 7))) - 1);
  count -= static_cast<uint64_t>(__builtin_popcount(p[first] & before_start));
  count -= static_cast<uint64_t>(__builtin_popcount(p[last] & after_end));
  return count;
}

int64_t BitPosBits(const uint8_t* p, size_t n, int bit, int64_t start_bit, int64_t end_bit) {
  const int64_t total_bits = static_cast<int64_t>(n) * 8;
  if (start_bit < 0) start_bit = 0;
  if (end_bit >= total_bits) end_bit = total_bits - 1;
  if (start_bit > end_bit) return -1;
  const size_t first = static_cast<size_t>(start_bit >> 3);
  const size_t last = static_cast<size_t>(end_bit >> 3);
  const uint8_t from_start = static_cast<uint8_t>(0xffu >> (start_bit & 7));
  const uint8_t up_to_end = static_cast<uint8_t>(0xff00u >> ((end_bit & 7) + 1));
  // In-range bits of one edge byte that hold the wanted value.
  auto wanted = [bit](uint8_t byte, uint8_t in_range) {
    return static_cast<uint8_t>((bit ? byte : ~byte) & in_range);
  };

  const uint8_t head = wanted(p[first], first == last ? from_start & up_to_end : from_start);
  if (head != 0) return static_cast<int64_t>(first * 8) + FirstSetBitInByte(head);
  if (first == last) return -1;

  if (last - first > 1) {
    const size_t mid_bytes = last - first - 1;
    const int64_t pos = BitPos(p + first + 1, mid_bytes, bit);
    if (pos != -1 && pos != static_cast<int64_t>(mid_bytes * 8)) {
      return static_cast<int64_t>((first + 1) * 8) + pos;
    }
  }

  const uint8_t tail = wanted(p[last], up_to_end);
  if (tail != 0) return static_cast<int64_t>(last * 8) + FirstSetBitInByte(tail);
  return -1;
}

uint64_t GetUnsignedBitfield(const uint8_t* p, uint64_t offset_bits, int bits) {
  const FieldWindow w = WindowOf(offset_bits, bits);
  U128 acc = 0;
  for (int i = 0; i < w.nbytes; ++i) acc = (acc << 8) | p[w.first_byte + static_cast<uint64_t>(i)];
  return static_cast<uint64_t>((acc >> w.low_pad) & FieldMask(bits));
}

uint64_t GetUnsignedBitfield(const uint8_t* p, size_t n, uint64_t offset_bits, int bits) {
  const FieldWindow w = WindowOf(offset_bits, bits);
  U128 acc = 0;
  for (int i = 0; i < w.nbytes; ++i) {
    const uint64_t at = w.first_byte + static_cast<uint64_t>(i);
    acc = (acc << 8) | (at < n ? p[at] : 0);
  }
  return static_cast<uint64_t>((acc >> w.low_pad) & FieldMask(bits));
}

namespace {
// Two's complement: a set top bit of the field extends into all higher bits.
int64_t SignExtend(uint64_t u, int bits) {
  if (bits < 64 && (u >> (bits - 1)) & 1) u |= ~uint64_t{0} << bits;
  return static_cast<int64_t>(u);
}
}  // namespace

int64_t GetSignedBitfield(const uint8_t* p, uint64_t offset_bits, int bits) {
  return SignExtend(GetUnsignedBitfield(p, offset_bits, bits), bits);
}

int64_t GetSignedBitfield(const uint8_t* p, size_t n, uint64_t offset_bits, int bits) {
  return SignExtend(GetUnsignedBitfield(p, n, offset_bits, bits), bits);
}

void SetUnsignedBitfield(uint8_t* p, uint64_t offset_bits, int bits, uint64_t value) {
  const FieldWindow w = WindowOf(offset_bits, bits);
  U128 acc = 0;
  for (int i = 0; i < w.nbytes; ++i) acc = (acc << 8) | p[w.first_byte + static_cast<uint64_t>(i)];
  const U128 mask = FieldMask(bits) << w.low_pad;
  acc = (acc & ~mask) | ((U128{value} << w.low_pad) & mask);
  for (int i = w.nbytes - 1; i >= 0; --i) {
    p[w.first_byte + static_cast<uint64_t>(i)] = static_cast<uint8_t>(acc);
    acc >>= 8;
  }
}

void SetSignedBitfield(uint8_t* p, uint64_t offset_bits, int bits, int64_t value) {
  // Only the low `bits` bits are stored, which is the two's complement encoding of an in-range value.
  SetUnsignedBitfield(p, offset_bits, bits, static_cast<uint64_t>(value));
}

int CheckUnsignedBitfieldOverflow(uint64_t value, int64_t incr, int bits, BitfieldOverflow owtype,
                                  uint64_t* limit) {
  const uint64_t max = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  // Redis keeps both headrooms in int64 (converted with wrap-around); for fields up to 63 bits and an
  // in-range value they are exact.
  const int64_t max_incr = static_cast<int64_t>(max - value);
  const int64_t min_incr = static_cast<int64_t>(0 - value);
  int direction = 0;
  if (value > max || (incr > 0 && incr > max_incr)) {
    direction = 1;
  } else if (incr < 0 && incr < min_incr) {
    direction = -1;
  } else {
    return 0;
  }
  if (limit != nullptr) {
    if (owtype == BitfieldOverflow::kWrap) {
      uint64_t wrapped = value + static_cast<uint64_t>(incr);
      if (bits < 64) wrapped &= max;
      *limit = wrapped;
      return 1;  // Redis's wrap path reports 1 for underflow too.
    }
    if (owtype == BitfieldOverflow::kSat) *limit = direction > 0 ? max : 0;
  }
  return direction;
}

int CheckSignedBitfieldOverflow(int64_t value, int64_t incr, int bits, BitfieldOverflow owtype, int64_t* limit) {
  const int64_t max = bits == 64 ? INT64_MAX : static_cast<int64_t>((uint64_t{1} << (bits - 1)) - 1);
  const int64_t min = -max - 1;
  // As in Redis these may wrap when value is outside the field's range; they are only consulted in ways
  // that keep the results Redis gives (e.g. SET i8 to INT64_MIN reports an overflow, not an underflow).
  const int64_t max_incr = static_cast<int64_t>(static_cast<uint64_t>(max) - static_cast<uint64_t>(value));
  const int64_t min_incr = static_cast<int64_t>(static_cast<uint64_t>(min) - static_cast<uint64_t>(value));
  int direction = 0;
  if (value > max || (bits != 64 && incr > max_incr) || (value >= 0 && incr > 0 && incr > max_incr)) {
    direction = 1;
  } else if (value < min || (bits != 64 && incr < min_incr) || (value < 0 && incr < 0 && incr < min_incr)) {
    direction = -1;
  } else {
    return 0;
  }
  if (limit != nullptr) {
    if (owtype == BitfieldOverflow::kWrap) {
      uint64_t sum = static_cast<uint64_t>(value) + static_cast<uint64_t>(incr);
      if (bits < 64) {
        const uint64_t high = ~uint64_t{0} << bits;
        const uint64_t sign = uint64_t{1} << (bits - 1);
        sum = (sum & sign) ? (sum | high) : (sum & ~high);
      }
      *limit = static_cast<int64_t>(sum);
      return 1;  // Redis's wrap path reports 1 for underflow too.
    }
    if (owtype == BitfieldOverflow::kSat) *limit = direction > 0 ? max : min;
  }
  return direction;
}

}  // namespace ringkv::ds

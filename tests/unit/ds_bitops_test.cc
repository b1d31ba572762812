// Bit primitives against Redis 7.0: BITCOUNT / BITPOS / BITFIELD replies of a real redis-server 7.0.15
// (noted next to each case), plus bit-by-bit reference implementations over random buffers.
#include "ds/bitops.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace ringkv::ds {
namespace {

const uint8_t* Bytes(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

int RefBit(const uint8_t* p, uint64_t i) { return (p[i >> 3] >> (7 - (i & 7))) & 1; }

uint64_t RefPopCountBits(const uint8_t* p, int64_t start, int64_t end) {
  uint64_t c = 0;
  for (int64_t i = start; i <= end; ++i) c += static_cast<uint64_t>(RefBit(p, static_cast<uint64_t>(i)));
  return c;
}

int64_t RefBitPosBits(const uint8_t* p, int bit, int64_t start, int64_t end) {
  for (int64_t i = start; i <= end; ++i) {
    if (RefBit(p, static_cast<uint64_t>(i)) == bit) return i;
  }
  return -1;
}

std::vector<uint8_t> RandomBytes(std::mt19937_64& rng, size_t n, int density) {
  // density 0: sparse ones, 1: random, 2: mostly ones -- long runs exercise the word-skipping paths.
  std::vector<uint8_t> v(n);
  for (auto& b : v) {
    const uint64_t r = rng();
    if (density == 0) b = (r % 97 == 0) ? static_cast<uint8_t>(1u << (r % 8)) : 0;
    else if (density == 1) b = static_cast<uint8_t>(r);
    else b = (r % 97 == 0) ? static_cast<uint8_t>(~(1u << (r % 8))) : 0xff;
  }
  return v;
}

TEST(BitopsTest, PopCountFoobar) {
  const std::string s = "foobar";
  EXPECT_EQ(PopCount(Bytes(s), s.size()), 26u);  // BITCOUNT s
  EXPECT_EQ(PopCount(Bytes(s) + 1, 1), 6u);      // BITCOUNT s 1 1
  EXPECT_EQ(PopCount(Bytes(s), 0), 0u);
}

TEST(BitopsTest, PopCountMatchesReferenceAtEveryAlignment) {
  std::mt19937_64 rng(1);
  const auto buf = RandomBytes(rng, 300, 1);
  for (size_t off = 0; off < 9; ++off) {
    for (size_t n = 0; n + off <= buf.size(); n += 7) {
      uint64_t ref = 0;
      for (size_t i = 0; i < n; ++i) ref += static_cast<uint64_t>(__builtin_popcount(buf[off + i]));
      ASSERT_EQ(PopCount(buf.data() + off, n), ref) << off << " " << n;
    }
  }
}

TEST(BitopsTest, PopCountBitsMatchesRealServer) {
  const std::string s = "foobar";  // 48 bits.
  EXPECT_EQ(PopCountBits(Bytes(s), s.size(), 0, 47), 26u);   // BITCOUNT s 0 -1 BIT
  EXPECT_EQ(PopCountBits(Bytes(s), s.size(), 5, 30), 17u);   // BITCOUNT s 5 30 BIT
  EXPECT_EQ(PopCountBits(Bytes(s), s.size(), 38, 43), 4u);   // BITCOUNT s -10 -5 BIT
  EXPECT_EQ(PopCountBits(Bytes(s), s.size(), 43, 38), 0u);   // Empty range.
  EXPECT_EQ(PopCountBits(Bytes(s), s.size(), -3, 100), 26u); // Clamped.
  EXPECT_EQ(PopCountBits(Bytes(s), 0, 0, 0), 0u);
}

TEST(BitopsTest, PopCountBitsMatchesReference) {
  std::mt19937_64 rng(2);
  const auto buf = RandomBytes(rng, 64, 1);
  const int64_t nbits = static_cast<int64_t>(buf.size()) * 8;
  for (int64_t start = 0; start < nbits; start += 3) {
    for (int64_t end = start; end < nbits; end += 5) {
      ASSERT_EQ(PopCountBits(buf.data(), buf.size(), start, end), RefPopCountBits(buf.data(), start, end))
          << start << ".." << end;
    }
  }
}

TEST(BitopsTest, BitPosMatchesRealServer) {
  const std::string o = "\xff\xf0\x00";
  const std::string f = "\xff\xff\xff";
  EXPECT_EQ(BitPos(Bytes(o), 3, 0), 12);   // BITPOS o 0
  EXPECT_EQ(BitPos(Bytes(o), 3, 1), 0);    // BITPOS o 1
  EXPECT_EQ(BitPos(Bytes(o) + 2, 1, 1), -1);  // BITPOS o 1 2 (the command adds 2*8 when found)
  EXPECT_EQ(BitPos(Bytes(f), 3, 0), 24);   // BITPOS f 0: past the end, the zero padding.
  EXPECT_EQ(BitPos(Bytes(f), 3, 1), 0);
  EXPECT_EQ(BitPos(Bytes(f) + 2, 1, 0), 8);  // BITPOS f 0 2 -> 2*8 + 8 = 24.
  EXPECT_EQ(BitPos(nullptr, 0, 0), 0);
  EXPECT_EQ(BitPos(nullptr, 0, 1), -1);
}

TEST(BitopsTest, BitPosMatchesReferenceOnRunsAndAlignments) {
  std::mt19937_64 rng(3);
  for (int density = 0; density < 3; ++density) {
    for (int round = 0; round < 50; ++round) {
      const auto buf = RandomBytes(rng, 1 + rng() % 200, density);
      const size_t off = std::min<size_t>(rng() % 8, buf.size() - 1);  // Misaligns the start.
      const size_t n = buf.size() - off;
      const int64_t nbits = static_cast<int64_t>(n) * 8;
      for (int bit = 0; bit <= 1; ++bit) {
        int64_t ref = RefBitPosBits(buf.data() + off, bit, 0, nbits - 1);
        if (ref == -1 && bit == 0) ref = nbits;
        ASSERT_EQ(BitPos(buf.data() + off, n, bit), ref) << density << " " << round << " bit " << bit;
      }
    }
  }
}

TEST(BitopsTest, BitPosBitsMatchesRealServer) {
  const std::string o = "\xff\xf0\x00";
  const std::string f = "\xff\xff\xff";
  EXPECT_EQ(BitPosBits(Bytes(o), 3, 0, 7, 15), 12);   // BITPOS o 0 7 15 BIT
  EXPECT_EQ(BitPosBits(Bytes(o), 3, 0, 7, 11), -1);   // BITPOS o 0 7 11 BIT
  EXPECT_EQ(BitPosBits(Bytes(o), 3, 0, 12, 23), 12);  // BITPOS o 0 12 100 BIT (end clamped by the caller)
  EXPECT_EQ(BitPosBits(Bytes(o), 3, 1, 3, 7), 3);     // BITPOS o 1 3 7 BIT
  EXPECT_EQ(BitPosBits(Bytes(o), 3, 0, 0, 23), 12);   // BITPOS o 0 0 -1 BIT
  EXPECT_EQ(BitPosBits(Bytes(o), 3, 0, 0, 7), -1);    // BITPOS o 0 0 7 BIT
  EXPECT_EQ(BitPosBits(Bytes(o), 3, 1, 19, 23), -1);  // BITPOS o 1 -5 -1 BIT
  EXPECT_EQ(BitPosBits(Bytes(f), 3, 0, 7, 15), -1);   // BITPOS f 0 7 15 BIT: no zero padding in BIT mode.
  EXPECT_EQ(BitPosBits(Bytes(f), 3, 0, 0, 23), -1);
  EXPECT_EQ(BitPosBits(Bytes(f), 3, 1, 3, 7), 3);
  EXPECT_EQ(BitPosBits(Bytes(f), 3, 1, 19, 23), 19);  // BITPOS f 1 -5 -1 BIT
  EXPECT_EQ(BitPosBits(Bytes(f), 3, 1, 20, 19), -1);  // Empty range.
}

TEST(BitopsTest, BitPosBitsMatchesReference) {
  std::mt19937_64 rng(4);
  for (int density = 0; density < 3; ++density) {
    const auto buf = RandomBytes(rng, 48, density);
    const int64_t nbits = static_cast<int64_t>(buf.size()) * 8;
    for (int64_t start = 0; start < nbits; start += 3) {
      for (int64_t end = start; end < nbits; end += 7) {
        for (int bit = 0; bit <= 1; ++bit) {
          ASSERT_EQ(BitPosBits(buf.data(), buf.size(), bit, start, end), RefBitPosBits(buf.data(), bit, start, end))
              << density << " " << start << ".." << end << " bit " << bit;
        }
      }
    }
  }
}

TEST(BitopsTest, BitfieldLayoutMatchesRedisExample) {
  // bitops.c's example and the real server: SET u5 at offset 7 to 23 gives 00000001|01110000.
  uint8_t buf[2] = {0, 0};
  SetUnsignedBitfield(buf, 7, 5, 23);
  EXPECT_EQ(buf[0], 0x01);
  EXPECT_EQ(buf[1], 0x70);
  EXPECT_EQ(GetUnsignedBitfield(buf, 0, 8), 1u);    // GET u8 0
  EXPECT_EQ(GetUnsignedBitfield(buf, 8, 8), 112u);  // GET u8 8
  EXPECT_EQ(GetSignedBitfield(buf, 7, 5), -9);      // GET i5 7
  EXPECT_EQ(GetUnsignedBitfield(buf, 7, 5), 23u);
}

TEST(BitopsTest, Bitfield64BitsAtOddOffset) {
  // SET i64 3 -2, then GET i64 3 / u63 3 / u8 0 / u8 64 on the real server.
  uint8_t buf[9] = {};
  SetSignedBitfield(buf, 3, 64, -2);
  EXPECT_EQ(GetSignedBitfield(buf, 3, 64), -2);
  EXPECT_EQ(GetUnsignedBitfield(buf, 3, 63), 9223372036854775807u);
  EXPECT_EQ(GetUnsignedBitfield(buf, 0, 8), 31u);
  EXPECT_EQ(GetUnsignedBitfield(buf, 64, 8), 192u);
}

TEST(BitopsTest, SizedGetterReadsPastTheEndAsZero) {
  const uint8_t buf[2] = {0xff, 0xff};
  EXPECT_EQ(GetUnsignedBitfield(buf, 2, 12, 8), 0xf0u);
  EXPECT_EQ(GetUnsignedBitfield(buf, 2, 16, 8), 0u);
  EXPECT_EQ(GetSignedBitfield(buf, 2, 8, 16), -256);  // 0xff00 as i16.
  EXPECT_EQ(GetUnsignedBitfield(nullptr, 0, 1000, 63), 0u);
}

TEST(BitopsTest, BitfieldRoundTripsAgainstBitByBitReference) {
  std::mt19937_64 rng(5);
  std::vector<uint8_t> buf(32);
  for (int round = 0; round < 20000; ++round) {
    for (auto& b : buf) b = static_cast<uint8_t>(rng());
    const auto before = buf;
    const int bits = 1 + static_cast<int>(rng() % 64);
    const uint64_t offset = rng() % (buf.size() * 8 - static_cast<uint64_t>(bits) + 1);
    const uint64_t value = rng();
    SetUnsignedBitfield(buf.data(), offset, bits, value);
    for (uint64_t i = 0; i < buf.size() * 8; ++i) {
      int expect = RefBit(before.data(), i);
      if (i >= offset && i < offset + static_cast<uint64_t>(bits)) {
        expect = static_cast<int>((value >> (bits - 1 - static_cast<int>(i - offset))) & 1);
      }
      ASSERT_EQ(RefBit(buf.data(), i), expect) << "bit " << i << " offset " << offset << " bits " << bits;
    }
    const uint64_t mask = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
    ASSERT_EQ(GetUnsignedBitfield(buf.data(), offset, bits), value & mask);
    ASSERT_EQ(GetUnsignedBitfield(buf.data(), buf.size(), offset, bits), value & mask);
  }
}

// One BITFIELD SET or INCRBY as the command runs it: the value stored, or failed when OVERFLOW FAIL refuses it.
struct OpResult {
  bool failed;
  int64_t stored;
};

OpResult SignedOp(int64_t old, int64_t arg, bool is_set, int bits, BitfieldOverflow ow) {
  int64_t limit = 0;
  const int64_t value = is_set ? arg : old;
  const int64_t incr = is_set ? 0 : arg;
  const int overflow = CheckSignedBitfieldOverflow(value, incr, bits, ow, &limit);
  if (overflow && ow == BitfieldOverflow::kFail) return {true, 0};
  return {false, overflow ? limit : static_cast<int64_t>(static_cast<uint64_t>(value) + static_cast<uint64_t>(incr))};
}

OpResult UnsignedOp(uint64_t old, int64_t arg, bool is_set, int bits, BitfieldOverflow ow) {
  uint64_t limit = 0;
  const uint64_t value = is_set ? static_cast<uint64_t>(arg) : old;
  const int64_t incr = is_set ? 0 : arg;
  const int overflow = CheckUnsignedBitfieldOverflow(value, incr, bits, ow, &limit);
  if (overflow && ow == BitfieldOverflow::kFail) return {true, 0};
  return {false, static_cast<int64_t>(overflow ? limit : value + static_cast<uint64_t>(incr))};
}

TEST(BitopsTest, OverflowSemanticsMatchRealServer) {
  using O = BitfieldOverflow;
  // BITFIELD k OVERFLOW SAT SET i8 0 -9223372036854775808 -> GET i8 0 is 127 (Redis's quirk).
  EXPECT_EQ(SignedOp(0, INT64_MIN, true, 8, O::kSat).stored, 127);
  EXPECT_EQ(SignedOp(0, INT64_MIN, true, 8, O::kWrap).stored, 0);
  EXPECT_TRUE(SignedOp(0, INT64_MIN, true, 8, O::kFail).failed);
  EXPECT_EQ(SignedOp(0, INT64_MAX, true, 8, O::kSat).stored, 127);
  // Unsigned SET -1 overflows (the value is seen as 2^64-1): SAT and WRAP both store 255.
  EXPECT_EQ(UnsignedOp(0, -1, true, 8, O::kSat).stored, 255);
  EXPECT_EQ(UnsignedOp(0, -1, true, 8, O::kWrap).stored, 255);
  EXPECT_EQ(UnsignedOp(0, 300, true, 8, O::kWrap).stored, 44);
  // INCRBY u8 by -1 from 0.
  EXPECT_EQ(UnsignedOp(0, -1, false, 8, O::kSat).stored, 0);
  EXPECT_EQ(UnsignedOp(0, -1, false, 8, O::kWrap).stored, 255);
  EXPECT_TRUE(UnsignedOp(0, -1, false, 8, O::kFail).failed);
  // INCRBY i8 by -200 from 0.
  EXPECT_EQ(SignedOp(0, -200, false, 8, O::kSat).stored, -128);
  EXPECT_EQ(SignedOp(0, -200, false, 8, O::kWrap).stored, 56);
  // i8 INCRBY by the int64 extremes.
  EXPECT_EQ(SignedOp(0, INT64_MAX, false, 8, O::kSat).stored, 127);
  EXPECT_EQ(SignedOp(0, INT64_MIN, false, 8, O::kSat).stored, -128);
  EXPECT_EQ(SignedOp(0, INT64_MIN, false, 8, O::kWrap).stored, 0);
  // i64 at its limits.
  EXPECT_EQ(SignedOp(INT64_MAX, 1, false, 64, O::kWrap).stored, INT64_MIN);
  EXPECT_EQ(SignedOp(INT64_MIN, -1, false, 64, O::kSat).stored, INT64_MIN);
  EXPECT_EQ(SignedOp(INT64_MAX, 1, false, 64, O::kSat).stored, INT64_MAX);
  EXPECT_EQ(SignedOp(0, INT64_MAX, false, 64, O::kSat).stored, INT64_MAX);
  // u63 wraps to 0.
  EXPECT_EQ(UnsignedOp(9223372036854775807u, 1, false, 63, O::kWrap).stored, 0);
}

TEST(BitopsTest, OverflowReturnCodes) {
  using O = BitfieldOverflow;
  uint64_t ulimit = 99;
  EXPECT_EQ(CheckUnsignedBitfieldOverflow(10, 5, 8, O::kSat, &ulimit), 0);
  EXPECT_EQ(ulimit, 99u);  // Untouched when it fits.
  EXPECT_EQ(CheckUnsignedBitfieldOverflow(250, 10, 8, O::kSat, &ulimit), 1);
  EXPECT_EQ(ulimit, 255u);
  EXPECT_EQ(CheckUnsignedBitfieldOverflow(5, -10, 8, O::kSat, &ulimit), -1);
  EXPECT_EQ(ulimit, 0u);
  EXPECT_EQ(CheckUnsignedBitfieldOverflow(5, -10, 8, O::kWrap, &ulimit), 1);  // WRAP reports 1 both ways.
  EXPECT_EQ(ulimit, 251u);
  EXPECT_EQ(CheckUnsignedBitfieldOverflow(5, -10, 8, O::kWrap, nullptr), -1);
  ulimit = 99;
  EXPECT_EQ(CheckUnsignedBitfieldOverflow(5, -10, 8, O::kFail, &ulimit), -1);
  EXPECT_EQ(ulimit, 99u);
  EXPECT_EQ(CheckUnsignedBitfieldOverflow(255, 0, 8, O::kFail, nullptr), 0);
  EXPECT_EQ(CheckUnsignedBitfieldOverflow(0, 255, 8, O::kFail, nullptr), 0);
  EXPECT_EQ(CheckUnsignedBitfieldOverflow(1, 1, 1, O::kFail, nullptr), 1);

  int64_t slimit = 99;
  EXPECT_EQ(CheckSignedBitfieldOverflow(-128, 255, 8, O::kFail, &slimit), 0);
  EXPECT_EQ(CheckSignedBitfieldOverflow(127, -255, 8, O::kFail, &slimit), 0);
  EXPECT_EQ(CheckSignedBitfieldOverflow(-128, -1, 8, O::kSat, &slimit), -1);
  EXPECT_EQ(slimit, -128);
  EXPECT_EQ(CheckSignedBitfieldOverflow(-128, -1, 8, O::kWrap, &slimit), 1);
  EXPECT_EQ(slimit, 127);
  EXPECT_EQ(CheckSignedBitfieldOverflow(0, 0, 1, O::kFail, nullptr), 0);
  EXPECT_EQ(CheckSignedBitfieldOverflow(0, 1, 1, O::kSat, &slimit), 1);  // i1 holds -1..0.
  EXPECT_EQ(slimit, 0);
  EXPECT_EQ(CheckSignedBitfieldOverflow(0, -2, 1, O::kWrap, &slimit), 1);
  EXPECT_EQ(slimit, 0);
}

TEST(BitopsTest, WrapAgreesWithModularArithmetic) {
  std::mt19937_64 rng(6);
  for (int round = 0; round < 100000; ++round) {
    const int bits = 1 + static_cast<int>(rng() % 63);
    const uint64_t mask = (uint64_t{1} << bits) - 1;
    const uint64_t value = rng() & mask;
    const int64_t incr = static_cast<int64_t>(rng()) >> (rng() % 64);
    uint64_t limit = 0;
    const int of = CheckUnsignedBitfieldOverflow(value, incr, bits, BitfieldOverflow::kWrap, &limit);
    const uint64_t expect = (value + static_cast<uint64_t>(incr)) & mask;
    ASSERT_EQ(of ? limit : value + static_cast<uint64_t>(incr), expect);
    // Signed: the in-range value of the field, then the wrapped sum sign-extended from `bits`.
    const int sbits = 1 + static_cast<int>(rng() % 64);
    const int64_t smax = sbits == 64 ? INT64_MAX : static_cast<int64_t>((uint64_t{1} << (sbits - 1)) - 1);
    const int64_t smin = -smax - 1;
    int64_t sval = static_cast<int64_t>(rng()) >> (64 - sbits);  // In [smin, smax].
    ASSERT_TRUE(sval >= smin && sval <= smax);
    int64_t slimit = 0;
    const int sof = CheckSignedBitfieldOverflow(sval, incr, sbits, BitfieldOverflow::kWrap, &slimit);
    uint64_t sum = static_cast<uint64_t>(sval) + static_cast<uint64_t>(incr);
    if (sbits < 64) {
      sum &= (uint64_t{1} << sbits) - 1;
      if (sum >> (sbits - 1)) sum |= ~uint64_t{0} << sbits;
    }
    ASSERT_EQ(sof ? slimit : sval + incr, static_cast<int64_t>(sum)) << sval << " + " << incr << " i" << sbits;
  }
}

}  // namespace
}  // namespace ringkv::ds

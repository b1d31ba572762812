// Bit-level primitives behind BITCOUNT, BITPOS and BITFIELD, with Redis 7.0's semantics (bitops.c
// redisPopcount, redisBitpos, get/setUnsignedBitfield, check*BitfieldOverflow). Pure functions on caller-owned
// byte buffers; the command layer does argument parsing, index normalisation and string growth.
//
// Bit numbering is Redis's (SETBIT's): bit 0 is the most significant bit of byte 0, bit 8 the MSB of byte 1.
// A BITFIELD integer is stored most significant bit first from its offset, so byte-aligned fields are
// big-endian.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ringkv::ds {

// Number of set bits in p[0..n). Word-at-a-time with hardware popcount where the CPU has it.
uint64_t PopCount(const uint8_t* p, size_t n);

// redisBitpos: position (from bit 0 of p) of the first bit equal to `bit` (0 or 1) in p[0..n).
// Not found: -1 when looking for 1, but n*8 when looking for 0 -- Redis treats the string as padded with
// zero bits on the right. The caller decides what that means: BITPOS without an explicit end reports it,
// with an explicit end (BYTE mode) turns it into -1. n == 0 gives -1 for bit 1 and 0 for bit 0.
int64_t BitPos(const uint8_t* p, size_t n, int bit);

// BITCOUNT ... BIT: set bits among bit indexes [start_bit, end_bit] (inclusive). The caller normalises
// negative indexes as Redis does; here indexes are clamped to [0, n*8-1] and an empty range counts 0.
uint64_t PopCountBits(const uint8_t* p, size_t n, int64_t start_bit, int64_t end_bit);

// BITPOS ... BIT (Redis 7.0): the first bit equal to `bit` among indexes [start_bit, end_bit] (inclusive,
// clamped as above), as an absolute bit index into p, or -1 when there is none -- for 0 as well as 1,
// because in BIT mode the end is always explicit and Redis never pads past it.
int64_t BitPosBits(const uint8_t* p, size_t n, int bit, int64_t start_bit, int64_t end_bit);

// BITFIELD reads and writes of a `bits`-wide integer (1..64) at bit offset `offset_bits`.
// The unsized forms require p to hold every byte the field touches ((offset_bits + bits - 1) / 8 + 1 bytes):
// SET and INCRBY grow the string first, as Redis does. The sized getters read bytes at or past n as zero,
// which is what BITFIELD GET (and BITFIELD_RO) does on a short or missing string.
uint64_t GetUnsignedBitfield(const uint8_t* p, uint64_t offset_bits, int bits);
int64_t GetSignedBitfield(const uint8_t* p, uint64_t offset_bits, int bits);
uint64_t GetUnsignedBitfield(const uint8_t* p, size_t n, uint64_t offset_bits, int bits);
int64_t GetSignedBitfield(const uint8_t* p, size_t n, uint64_t offset_bits, int bits);
// Stores the low `bits` bits of value; other bits of the touched bytes are left as they were.
void SetUnsignedBitfield(uint8_t* p, uint64_t offset_bits, int bits, uint64_t value);
void SetSignedBitfield(uint8_t* p, uint64_t offset_bits, int bits, int64_t value);

// BITFIELD OVERFLOW modes; the numbers are Redis's BFOVERFLOW_*.
enum class BitfieldOverflow : int { kWrap = 0, kSat = 1, kFail = 2 };

// Redis's overflow checks for `value + incr` stored in a `bits`-wide field (SET checks value with incr 0).
// Return 0 when it fits, 1 on overflow, -1 on underflow, except that under kWrap with a limit pointer the
// return is always 1 for either direction (Redis's quirk; callers only test for non-zero).
// On non-zero, *limit (when not null) receives the value to store: kWrap the wrapped result, kSat the
// field's max (overflow) or min (underflow); under kFail *limit is left alone and nothing is stored.
// Quirks kept from Redis because replies depend on them:
//  - the unsigned check sees `value` as the caller's int64 reinterpreted as uint64, so SET u8 to -1 is an
//    overflow (SAT stores 255, WRAP stores 255);
//  - the signed check computes max - value with wrap-around, so SET i8 to INT64_MIN overflows (SAT stores 127).
// Unsigned fields are 1..63 bits wide in BITFIELD (u64 is refused); bits == 64 is accepted here and wraps
// without masking.
int CheckUnsignedBitfieldOverflow(uint64_t value, int64_t incr, int bits, BitfieldOverflow owtype,
                                  uint64_t* limit);
int CheckSignedBitfieldOverflow(int64_t value, int64_t incr, int bits, BitfieldOverflow owtype, int64_t* limit);

}  // namespace ringkv::ds

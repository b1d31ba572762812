#include "core/sha1.h"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace ringkv::core {
namespace {

// Runs the compression function over `blocks` 64-byte blocks at p, updating the state h[5] (A..E).
using BlocksFn = void (*)(uint32_t h[5], const uint8_t* p, size_t blocks);

uint32_t Rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

void BlocksPortable(uint32_t h[5], const uint8_t* p, size_t blocks) {
  for (; blocks > 0; --blocks, p += 64) {
    uint32_t w[80];
    for (int i = 0; i < 16; ++i) {
      w[i] = (uint32_t{p[4 * i]} << 24) | (uint32_t{p[4 * i + 1]} << 16) | (uint32_t{p[4 * i + 2]} << 8) |
             uint32_t{p[4 * i + 3]};
    }
    for (int i = 16; i < 80; ++i) w[i] = Rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; ++i) {
      uint32_t f, k;
      if (i < 20) {
        f = (b & c) | (~b & d), k = 0x5A827999;
      } else if (i < 40) {
        f = b ^ c ^ d, k = 0x6ED9EBA1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDC;
      } else {
        f = b ^ c ^ d, k = 0xCA62C1D6;
      }
      uint32_t t = Rotl(a, 5) + f + e + k + w[i];
      e = d, d = c, c = Rotl(b, 30), b = a, a = t;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
  }
}

// The initial state (FIPS 180-1).
constexpr uint32_t kInit[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};

// A message as blocks: its whole 64-byte blocks where they are, then a padded tail (the remaining bytes,
// 0x80, zeros, and the bit length as a big-endian 64-bit number): one block when that fits in 64 bytes (up
// to 55 bytes left), else two.
struct Padded {
  const uint8_t* p;
  size_t full;
  size_t tail_blocks;
  uint8_t tail[128];

  Padded(const void* data, size_t n) : p(static_cast<const uint8_t*>(data)), full(n / 64) {
    const size_t rest = n - full * 64;
    const size_t tail_len = rest < 56 ? 64 : 128;
    tail_blocks = tail_len / 64;
    if (rest > 0) std::memcpy(tail, p + full * 64, rest);
    tail[rest] = 0x80;
    std::memset(tail + rest + 1, 0, tail_len - 8 - rest - 1);
    const uint64_t bits = static_cast<uint64_t>(n) * 8;
    for (int i = 0; i < 8; ++i) tail[tail_len - 1 - i] = static_cast<uint8_t>(bits >> (8 * i));
  }
  size_t blocks() const { return full + tail_blocks; }
  const uint8_t* Block(size_t i) const { return i < full ? p + 64 * i : tail + 64 * (i - full); }
};

void StoreDigest(const uint32_t h[5], uint8_t* out) {
  for (int i = 0; i < 5; ++i) {
    out[4 * i] = static_cast<uint8_t>(h[i] >> 24);
    out[4 * i + 1] = static_cast<uint8_t>(h[i] >> 16);
    out[4 * i + 2] = static_cast<uint8_t>(h[i] >> 8);
    out[4 * i + 3] = static_cast<uint8_t>(h[i]);
  }
}

#if defined(__x86_64__)
// The SHA extensions work in groups of four rounds. The state lives in two registers: A, B, C, D in one (A
// in the top lane) and E in the top lane of another; a group's four message words sit in one register, the
// first on top. Only a group's first round takes E from outside: for group 0 the state's E added to its first
// word, for each later group the E the previous group left, which is rol(A, 30) of the state before that
// group (sha1nexte computes it and adds it). Groups 4..19 derive their words from the four groups before
// them (FIPS 180-1's w[i] = rol(w[i-3] ^ w[i-8] ^ w[i-14] ^ w[i-16], 1), four at a time: sha1msg1 xors in
// w[i-14], the xor w[i-8], sha1msg2 w[i-3] and the rotation); w holds the last four groups' words, group
// g's at g % 4, so the slot about to be overwritten holds group g-4's.
//
// The instructions are latency-bound: one message's block keeps the unit about half busy, and two
// independent messages interleaved group by group (PairShaNi) take little more time than one.
#define RINGKV_SHA_TARGET __attribute__((target("sha,sse4.1")))
#define RINGKV_SHA_INLINE RINGKV_SHA_TARGET inline __attribute__((always_inline))

// One message's state while its blocks go through.
struct ShaNiLane {
  __m128i abcd, e;          // the state
  __m128i abcd_in, e_in;    // the state before this block (added back at its end)
  __m128i before;           // ABCD before the last group
  __m128i w[4];             // the last four groups' message words
};

RINGKV_SHA_INLINE void LoadLane(ShaNiLane& l, const uint32_t h[5]) {
  l.abcd = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h)), 0x1B);
  l.e = _mm_set_epi32(static_cast<int>(h[4]), 0, 0, 0);
}

RINGKV_SHA_INLINE void StoreLane(const ShaNiLane& l, uint32_t h[5]) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(h), _mm_shuffle_epi32(l.abcd, 0x1B));
  h[4] = static_cast<uint32_t>(_mm_extract_epi32(l.e, 3));
}

// Loads block p and runs group 0.
RINGKV_SHA_INLINE void BeginBlock(ShaNiLane& l, const uint8_t* p) {
  // Reverses the 16 bytes: four big-endian words, the first on top.
  const __m128i reverse = _mm_set_epi64x(0x0001020304050607LL, 0x08090a0b0c0d0e0fLL);
  l.abcd_in = l.abcd;
  l.e_in = l.e;
  for (int i = 0; i < 4; ++i) {
    l.w[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i)), reverse);
  }
  l.before = l.abcd;
  l.abcd = _mm_sha1rnds4_epu32(l.abcd, _mm_add_epi32(l.e, l.w[0]), 0);
}

// Group g >= 1; kRoundFn is g / 5 (the round function and constant of rounds 4g..4g+3).
template <int kRoundFn>
RINGKV_SHA_INLINE void Group(ShaNiLane& l, int g) {
  if (g >= 4) {
    const __m128i x = _mm_xor_si128(_mm_sha1msg1_epu32(l.w[g & 3], l.w[(g + 1) & 3]), l.w[(g + 2) & 3]);
    l.w[g & 3] = _mm_sha1msg2_epu32(x, l.w[(g + 3) & 3]);
  }
  const __m128i in = _mm_sha1nexte_epu32(l.before, l.w[g & 3]);
  l.before = l.abcd;
  l.abcd = _mm_sha1rnds4_epu32(l.abcd, in, kRoundFn);
}

// Groups 1..19 of every lane, interleaved, then the end of the block.
template <class... Lanes>
RINGKV_SHA_INLINE void FinishBlock(Lanes&... lanes) {
#pragma GCC unroll 5
  for (int g = 1; g < 5; ++g) (Group<0>(lanes, g), ...);
#pragma GCC unroll 5
  for (int g = 5; g < 10; ++g) (Group<1>(lanes, g), ...);
#pragma GCC unroll 5
  for (int g = 10; g < 15; ++g) (Group<2>(lanes, g), ...);
#pragma GCC unroll 5
  for (int g = 15; g < 20; ++g) (Group<3>(lanes, g), ...);
  ((lanes.e = _mm_sha1nexte_epu32(lanes.before, lanes.e_in)), ...);
  ((lanes.abcd = _mm_add_epi32(lanes.abcd, lanes.abcd_in)), ...);
}

RINGKV_SHA_TARGET void BlocksShaNi(uint32_t h[5], const uint8_t* p, size_t blocks) {
  ShaNiLane l;
  LoadLane(l, h);
  for (; blocks > 0; --blocks, p += 64) {
    BeginBlock(l, p);
    FinishBlock(l);
  }
  StoreLane(l, h);
}

// One block of each of two independent messages.
RINGKV_SHA_TARGET void PairShaNi(uint32_t h1[5], const uint8_t* p1, uint32_t h2[5], const uint8_t* p2) {
  ShaNiLane a, b;
  LoadLane(a, h1);
  LoadLane(b, h2);
  BeginBlock(a, p1);
  BeginBlock(b, p2);
  FinishBlock(a, b);
  StoreLane(a, h1);
  StoreLane(b, h2);
}

#undef RINGKV_SHA_INLINE
#undef RINGKV_SHA_TARGET

bool HasShaNi() {
  static const bool has = __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1");
  return has;
}
#else
bool HasShaNi() { return false; }
void BlocksShaNi(uint32_t h[5], const uint8_t* p, size_t blocks) { BlocksPortable(h, p, blocks); }
void PairShaNi(uint32_t h1[5], const uint8_t* p1, uint32_t h2[5], const uint8_t* p2) {
  BlocksPortable(h1, p1, 1);
  BlocksPortable(h2, p2, 1);
}
#endif

BlocksFn BlocksOf(Sha1Blocks impl) { return impl == Sha1Blocks::kShaNi ? BlocksShaNi : BlocksPortable; }

void Sha1Using(BlocksFn blocks, const void* data, size_t n, uint8_t* out) {
  uint32_t h[5];
  std::memcpy(h, kInit, sizeof h);
  const Padded m(data, n);
  if (m.full > 0) blocks(h, m.p, m.full);
  blocks(h, m.tail, m.tail_blocks);
  StoreDigest(h, out);
}

}  // namespace

bool Sha1BlocksAvailable(Sha1Blocks impl) { return impl == Sha1Blocks::kPortable || HasShaNi(); }

void Sha1With(Sha1Blocks impl, const void* data, size_t n, uint8_t* out) { Sha1Using(BlocksOf(impl), data, n, out); }

void Sha1(const void* data, size_t n, uint8_t* out) {
  static const BlocksFn blocks = HasShaNi() ? BlocksShaNi : BlocksPortable;
  Sha1Using(blocks, data, n, out);
}

void Sha1Pair(const void* data1, size_t n1, uint8_t* out1, const void* data2, size_t n2, uint8_t* out2) {
  if (!HasShaNi()) {
    uint8_t d1[kSha1Bytes];
    Sha1(data1, n1, d1);  // not into out1 yet: it may overlap data2
    Sha1(data2, n2, out2);
    std::memcpy(out1, d1, kSha1Bytes);
    return;
  }
  uint32_t h1[5], h2[5];
  std::memcpy(h1, kInit, sizeof h1);
  std::memcpy(h2, kInit, sizeof h2);
  const Padded m1(data1, n1), m2(data2, n2);
  const size_t b1 = m1.blocks(), b2 = m2.blocks();
  size_t i = 0;
  for (; i < b1 && i < b2; ++i) PairShaNi(h1, m1.Block(i), h2, m2.Block(i));
  for (size_t j = i; j < b1; ++j) BlocksShaNi(h1, m1.Block(j), 1);
  for (size_t j = i; j < b2; ++j) BlocksShaNi(h2, m2.Block(j), 1);
  StoreDigest(h1, out1);
  StoreDigest(h2, out2);
}

std::string Sha1ToHex(const uint8_t* digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(2 * kSha1Bytes, '0');
  for (size_t i = 0; i < kSha1Bytes; ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 15];
  }
  return out;
}

std::string Sha1Hex(std::string_view data) {
  uint8_t d[kSha1Bytes];
  Sha1(data.data(), data.size(), d);
  return Sha1ToHex(d);
}

}  // namespace ringkv::core

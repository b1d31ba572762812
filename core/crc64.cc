#include "core/crc64.h"

#include <array>

namespace ringkv::core {

namespace {

// The reflected algorithm shifts right, so it uses the bit-reversed polynomial.
constexpr uint64_t kReversedPoly = 0x95ac9329ac4bc9b5ULL;

// Eight tables (slicing-by-8): table[k][b] is the CRC of byte b followed by k zero bytes, so eight input
// bytes fold in with eight lookups instead of eight dependent shifts.
struct Tables {
  std::array<std::array<uint64_t, 256>, 8> t;
  constexpr Tables() : t() {
    for (uint64_t b = 0; b < 256; ++b) {
      uint64_t crc = b;
      for (int i = 0; i < 8; ++i) crc = (crc & 1) ? (crc >> 1) ^ kReversedPoly : crc >> 1;
      t[0][b] = crc;
    }
    for (int k = 1; k < 8; ++k) {
      for (int b = 0; b < 256; ++b) t[k][b] = (t[k - 1][b] >> 8) ^ t[0][t[k - 1][b] & 0xff];
    }
  }
};

constexpr Tables kTables;

}  // namespace

uint64_t Crc64(uint64_t crc, const void* data, size_t len) {
  const auto* p = static_cast<const unsigned char*>(data);
  const auto& t = kTables.t;
  while (len >= 8) {
    uint64_t x = crc;
    for (int i = 0; i < 8; ++i) x ^= static_cast<uint64_t>(p[i]) << (8 * i);
    crc = t[7][x & 0xff] ^ t[6][(x >> 8) & 0xff] ^ t[5][(x >> 16) & 0xff] ^ t[4][(x >> 24) & 0xff] ^
          t[3][(x >> 32) & 0xff] ^ t[2][(x >> 40) & 0xff] ^ t[1][(x >> 48) & 0xff] ^ t[0][x >> 56];
    p += 8;
    len -= 8;
  }
  while (len-- > 0) crc = t[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
  return crc;
}

}  // namespace ringkv::core

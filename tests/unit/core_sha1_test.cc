// SHA-1 (core/sha1.h): FIPS 180-1's test vectors, the padding edges, the SHA-extension block function
// agreeing with the portable one on every length around the block boundaries, and Sha1Pair with Sha1.
#include "core/sha1.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace ringkv::core {
namespace {

TEST(Sha1Test, KnownDigests) {
  EXPECT_EQ(Sha1Hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(Sha1Hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(Sha1Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(Sha1Hex(std::string(1000000, 'a')), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  // 55, 56 and 64 bytes: the padding edges (values from Python's hashlib).
  EXPECT_EQ(Sha1Hex(std::string(55, 'x')), "cef734ba81a024479e09eb5a75b6ddae62e6abf1");
  EXPECT_EQ(Sha1Hex(std::string(56, 'x')), "901305367c259952f4e7af8323f480d59f81335b");
  EXPECT_EQ(Sha1Hex(std::string(64, 'x')), "bb2fa3ee7afb9f54c6dfb5d021f14b1ffe40c163");
  EXPECT_EQ(Sha1Hex("return 1"), "e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
}

TEST(Sha1Test, ShaExtensionsAgreeWithPortable) {
  if (!Sha1BlocksAvailable(Sha1Blocks::kShaNi)) GTEST_SKIP() << "this CPU has no SHA extensions";
  std::string data;
  uint64_t x = 88172645463325252ULL;
  for (int i = 0; i < 300; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    data.push_back(static_cast<char>(x));
  }
  for (size_t n = 0; n <= data.size(); ++n) {
    uint8_t a[kSha1Bytes], b[kSha1Bytes];
    Sha1With(Sha1Blocks::kPortable, data.data(), n, a);
    Sha1With(Sha1Blocks::kShaNi, data.data(), n, b);
    ASSERT_EQ(std::string(reinterpret_cast<char*>(a), kSha1Bytes), std::string(reinterpret_cast<char*>(b), kSha1Bytes))
        << "length " << n;
  }
}

// Sha1Pair hashes two messages of any lengths (block counts differing too) as Sha1 hashes each, also when
// the outputs overwrite the inputs (DEBUG DIGEST's chains do that).
TEST(Sha1Test, PairAgreesWithSingle) {
  std::string data(300, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 131 + 7);
  for (size_t n1 : {0, 1, 20, 55, 56, 63, 64, 65, 119, 120, 128, 200, 300}) {
    for (size_t n2 : {0, 20, 55, 56, 64, 130, 299}) {
      uint8_t a[kSha1Bytes], b[kSha1Bytes], want_a[kSha1Bytes], want_b[kSha1Bytes];
      Sha1(data.data(), n1, want_a);
      Sha1(data.data() + 1, n2, want_b);
      Sha1Pair(data.data(), n1, a, data.data() + 1, n2, b);
      ASSERT_EQ(Sha1ToHex(a), Sha1ToHex(want_a)) << n1 << " " << n2;
      ASSERT_EQ(Sha1ToHex(b), Sha1ToHex(want_b)) << n1 << " " << n2;
    }
  }
  uint8_t x[kSha1Bytes] = {1}, y[kSha1Bytes] = {2}, want_x[kSha1Bytes], want_y[kSha1Bytes];
  Sha1(x, sizeof x, want_x);
  Sha1(y, sizeof y, want_y);
  Sha1Pair(x, sizeof x, x, y, sizeof y, y);
  EXPECT_EQ(Sha1ToHex(x), Sha1ToHex(want_x));
  EXPECT_EQ(Sha1ToHex(y), Sha1ToHex(want_y));
}

}  // namespace
}  // namespace ringkv::core

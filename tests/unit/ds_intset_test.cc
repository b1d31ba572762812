// Tests for ds::Intset: the frame-of-reference layout's transitions (an empty set takes its first element as
// base, an Add below the base rebases, an Add far above widens, INT64_MIN with INT64_MAX wraps in 8 bytes),
// Redis's bytes from WriteRedisBlob (header, sticky encoding, little-endian elements) and back through
// Validate/FromBlob, randomized Add/Remove/RemoveAt against a std::set model over several value distributions
// with the invariants checked after each step, the memory of 100 clustered ids, and corrupt Redis blobs.
#include "ds/intset.h"

#include <absl/random/random.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <set>
#include <string>
#include <vector>

namespace ringkv::ds {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// Redis's bytes of an intset.
std::string RedisBlob(const Intset* is) {
  std::string out(is->RedisBlobBytes(), '\0');
  is->WriteRedisBlob(reinterpret_cast<uint8_t*>(out.data()));
  return out;
}

// Owns an intset for a test and applies the pointer-returning calls.
class Holder {
 public:
  Holder() : is_(Intset::New()) {}
  ~Holder() { Intset::Free(is_); }
  Holder(const Holder&) = delete;
  Holder& operator=(const Holder&) = delete;
  bool Add(int64_t v) {
    bool added;
    is_ = Intset::Add(is_, v, &added);
    return added;
  }
  bool Remove(int64_t v) {
    bool removed;
    is_ = Intset::Remove(is_, v, &removed);
    return removed;
  }
  void RemoveAt(uint32_t i) { is_ = Intset::RemoveAt(is_, i); }
  const Intset* operator->() const { return is_; }
  const Intset* get() const { return is_; }
  std::string Bytes() const { return RedisBlob(is_); }

 private:
  Intset* is_;
};

std::vector<int64_t> Elements(const Intset* is) {
  std::vector<int64_t> out;
  for (uint32_t i = 0; i < is->size(); ++i) out.push_back(is->Get(i));
  return out;
}

// A blob from a header and little-endian elements of `width` bytes.
std::string Blob(uint32_t encoding, uint32_t length, const std::vector<int64_t>& elems, uint32_t width) {
  std::string b(8, '\0');
  for (int i = 0; i < 4; ++i) b[i] = static_cast<char>((encoding >> (8 * i)) & 0xff);
  for (int i = 0; i < 4; ++i) b[4 + i] = static_cast<char>((length >> (8 * i)) & 0xff);
  for (int64_t v : elems) {
    const auto u = static_cast<uint64_t>(v);
    for (uint32_t i = 0; i < width; ++i) b.push_back(static_cast<char>((u >> (8 * i)) & 0xff));
  }
  return b;
}

// WriteRedisBlob -> Validate(deep) -> FromBlob gives back the same elements, encoding and bytes, in the
// narrowest frame (base = min, width for max - min).
void ExpectRoundTrip(const Intset* is) {
  const std::string blob = RedisBlob(is);
  ASSERT_TRUE(Intset::Validate(blob.data(), blob.size(), true));
  Intset* back = Intset::FromBlob(blob.data(), blob.size());
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(back->CheckInvariants(), "");
  EXPECT_EQ(Elements(back), Elements(is));
  EXPECT_EQ(back->RedisEncoding(), is->RedisEncoding());
  EXPECT_EQ(RedisBlob(back), blob);
  EXPECT_EQ(back->base(), is->Min());
  EXPECT_EQ(back->width(), Intset::OffsetWidthOf(static_cast<uint64_t>(is->Max()) - static_cast<uint64_t>(is->Min())));
  Intset::Free(back);
}

TEST(IntsetTest, EmptyIsWidth1Base0) {
  Holder h;
  EXPECT_EQ(h->size(), 0u);
  EXPECT_EQ(h->width(), 1u);
  EXPECT_EQ(h->base(), 0);
  EXPECT_EQ(h->RedisEncoding(), 2u);
  EXPECT_EQ(h.Bytes(), Blob(2, 0, {}, 2));
  EXPECT_FALSE(h->Contains(0));
  EXPECT_FALSE(h.Remove(0));
  EXPECT_EQ(h->CheckInvariants(), "");
  // Redis refuses an empty intset from outside: it is never saved.
  const std::string blob = h.Bytes();
  EXPECT_FALSE(Intset::Validate(blob.data(), blob.size(), false));
}

TEST(IntsetTest, RedisBlobIsRedisLayout) {
  Holder h;
  EXPECT_TRUE(h.Add(5));
  EXPECT_TRUE(h.Add(-2));
  EXPECT_TRUE(h.Add(300));
  EXPECT_FALSE(h.Add(5));
  EXPECT_EQ(h.Bytes(), Blob(2, 3, {-2, 5, 300}, 2));
  EXPECT_TRUE(h.Add(70000));  // int32
  EXPECT_EQ(h.Bytes(), Blob(4, 4, {-2, 5, 300, 70000}, 4));
  EXPECT_TRUE(h.Add(-5000000000));  // int64, negative: goes first
  EXPECT_EQ(h.Bytes(), Blob(8, 5, {-5000000000, -2, 5, 300, 70000}, 8));
  // Removing the wide element never narrows the encoding again: Redis 7.0.15 DUMPs SADD s 1 5000000000,
  // SREM s 5000000000 with encoding 8, and so does this.
  EXPECT_TRUE(h.Remove(-5000000000));
  EXPECT_EQ(h->RedisEncoding(), 8u);
  EXPECT_EQ(h.Bytes(), Blob(8, 4, {-2, 5, 300, 70000}, 8));
  ExpectRoundTrip(h.get());
}

TEST(IntsetTest, FrameTransitions) {
  Holder h;
  // The first element becomes the base: a large id costs no wide offsets.
  EXPECT_TRUE(h.Add(100000000));
  EXPECT_EQ(h->base(), 100000000);
  EXPECT_EQ(h->width(), 1u);
  EXPECT_TRUE(h.Add(100000255));
  EXPECT_EQ(h->width(), 1u);
  // Far above: widen to the offset's width, appended last.
  EXPECT_TRUE(h.Add(100000256));
  EXPECT_EQ(h->width(), 2u);
  EXPECT_EQ(h->base(), 100000000);
  EXPECT_EQ(Elements(h.get()), (std::vector<int64_t>{100000000, 100000255, 100000256}));
  EXPECT_EQ(h->CheckInvariants(), "");
  // Below the base: rebase, every offset shifts, the width grows as max - v needs.
  EXPECT_TRUE(h.Add(99999990));
  EXPECT_EQ(h->base(), 99999990);
  EXPECT_EQ(h->width(), 2u);
  EXPECT_TRUE(h.Add(99000000));
  EXPECT_EQ(h->base(), 99000000);
  EXPECT_EQ(h->width(), 4u);
  EXPECT_EQ(Elements(h.get()), (std::vector<int64_t>{99000000, 99999990, 100000000, 100000255, 100000256}));
  EXPECT_EQ(h->RedisEncoding(), 4u);
  EXPECT_EQ(h->CheckInvariants(), "");
  // Removing the minimum keeps the old base; the width never narrows.
  EXPECT_TRUE(h.Remove(99000000));
  EXPECT_TRUE(h.Remove(99999990));
  EXPECT_EQ(h->base(), 99000000);
  EXPECT_EQ(h->width(), 4u);
  EXPECT_EQ(h->Min(), 100000000);
  EXPECT_FALSE(h->Contains(99000000));
  EXPECT_FALSE(h->Contains(98999999));  // below the base
  EXPECT_TRUE(h->Contains(100000256));
  EXPECT_FALSE(h->Contains(int64_t{99000000} + (int64_t{1} << 32)));  // beyond the width
  ExpectRoundTrip(h.get());
  // Emptied then refilled: the first new element is the base again.
  while (!h->empty()) h.RemoveAt(0);
  EXPECT_TRUE(h.Add(-7));
  EXPECT_EQ(h->base(), -7);
  EXPECT_EQ(Elements(h.get()), (std::vector<int64_t>{-7}));
  EXPECT_EQ(h->CheckInvariants(), "");
}

TEST(IntsetTest, FullInt64RangeWrapsInEightBytes) {
  for (bool max_first : {false, true}) {
    Holder h;
    EXPECT_TRUE(h.Add(max_first ? kMax : kMin));
    EXPECT_TRUE(h.Add(max_first ? kMin : kMax));
    EXPECT_TRUE(h.Add(0));
    EXPECT_TRUE(h.Add(-1));
    EXPECT_TRUE(h.Add(kMax - 1));
    EXPECT_TRUE(h.Add(kMin + 1));
    EXPECT_FALSE(h.Add(kMin));
    EXPECT_FALSE(h.Add(kMax));
    EXPECT_EQ(h->width(), 8u);
    EXPECT_EQ(h->base(), kMin);
    EXPECT_EQ(h->RedisEncoding(), 8u);
    EXPECT_EQ(Elements(h.get()), (std::vector<int64_t>{kMin, kMin + 1, -1, 0, kMax - 1, kMax}));
    EXPECT_EQ(h->Min(), kMin);
    EXPECT_EQ(h->Max(), kMax);
    for (int64_t v : {kMin, kMax, int64_t{0}, int64_t{-1}}) EXPECT_TRUE(h->Contains(v)) << v;
    for (int64_t v : {kMin + 2, kMax - 2, int64_t{1}, int64_t{-2}}) EXPECT_FALSE(h->Contains(v)) << v;
    EXPECT_EQ(h->CheckInvariants(), "");
    EXPECT_EQ(h.Bytes(), Blob(8, 6, {kMin, kMin + 1, -1, 0, kMax - 1, kMax}, 8));
    ExpectRoundTrip(h.get());
    EXPECT_TRUE(h.Remove(kMin));
    EXPECT_TRUE(h.Remove(kMax));
    EXPECT_EQ(h->Min(), kMin + 1);
    EXPECT_EQ(h->Max(), kMax - 1);
    EXPECT_EQ(h->CheckInvariants(), "");
  }
}

// 100 ids i*1000+j (j < 100), as perf/memory.py's sets row: one byte each after a 16-byte header.
TEST(IntsetTest, ClusteredIdsTakeOneByteEach) {
  for (int64_t i : {int64_t{0}, int64_t{20000}, int64_t{100000}}) {
    Holder h;
    for (int64_t j = 0; j < 100; ++j) ASSERT_TRUE(h.Add(i * 1000 + j));
    EXPECT_EQ(h->width(), 1u);
    EXPECT_LE(Intset::kHeaderBytes + h->size() * size_t{h->width()}, 16u + 100u);
    EXPECT_LE(h->AllocatedBytes(), 128u) << i;
    EXPECT_EQ(h->CheckInvariants(), "");
  }
  // Inserted in descending order (each Add rebases) the result is the same.
  Holder h;
  for (int64_t j = 99; j >= 0; --j) ASSERT_TRUE(h.Add(100000000 + j));
  EXPECT_EQ(h->width(), 1u);
  EXPECT_EQ(h->base(), 100000000);
  EXPECT_LE(h->AllocatedBytes(), 128u);
  EXPECT_EQ(h->CheckInvariants(), "");
}

TEST(IntsetTest, WidthBoundaries) {
  EXPECT_EQ(Intset::WidthOf(-32768), 2u);
  EXPECT_EQ(Intset::WidthOf(32767), 2u);
  EXPECT_EQ(Intset::WidthOf(-32769), 4u);
  EXPECT_EQ(Intset::WidthOf(32768), 4u);
  EXPECT_EQ(Intset::WidthOf(std::numeric_limits<int32_t>::min()), 4u);
  EXPECT_EQ(Intset::WidthOf(std::numeric_limits<int32_t>::max()), 4u);
  EXPECT_EQ(Intset::WidthOf(int64_t{std::numeric_limits<int32_t>::min()} - 1), 8u);
  EXPECT_EQ(Intset::WidthOf(int64_t{std::numeric_limits<int32_t>::max()} + 1), 8u);
  EXPECT_EQ(Intset::OffsetWidthOf(255), 1u);
  EXPECT_EQ(Intset::OffsetWidthOf(256), 2u);
  EXPECT_EQ(Intset::OffsetWidthOf(65535), 2u);
  EXPECT_EQ(Intset::OffsetWidthOf(65536), 4u);
  EXPECT_EQ(Intset::OffsetWidthOf(UINT32_MAX), 4u);
  EXPECT_EQ(Intset::OffsetWidthOf(uint64_t{UINT32_MAX} + 1), 8u);
  EXPECT_EQ(Intset::OffsetWidthOf(UINT64_MAX), 8u);
  // Every boundary value, added to sets of each width, from either side.
  const std::vector<int64_t> edges = {0,
                                      1,
                                      -1,
                                      255,
                                      256,
                                      32767,
                                      32768,
                                      -32768,
                                      -32769,
                                      65535,
                                      65536,
                                      std::numeric_limits<int32_t>::max(),
                                      int64_t{std::numeric_limits<int32_t>::max()} + 1,
                                      std::numeric_limits<int32_t>::min(),
                                      int64_t{std::numeric_limits<int32_t>::min()} - 1,
                                      kMax,
                                      kMin};
  for (int64_t first : edges) {
    for (int64_t second : edges) {
      Holder h;
      std::set<int64_t> model;
      for (int64_t v : {int64_t{7}, first, int64_t{-7}, second}) {
        EXPECT_EQ(h.Add(v), model.insert(v).second);
        EXPECT_EQ(h->CheckInvariants(), "");
      }
      EXPECT_EQ(Elements(h.get()), std::vector<int64_t>(model.begin(), model.end()));
      // Without removals Redis's encoding is the narrowest for min and max.
      EXPECT_EQ(h->RedisEncoding(), std::max(Intset::WidthOf(*model.begin()), Intset::WidthOf(*model.rbegin())));
      EXPECT_EQ(h->Min(), *model.begin());
      EXPECT_EQ(h->Max(), *model.rbegin());
      for (int64_t v : edges) EXPECT_EQ(h->Contains(v), model.count(v) == 1) << v;
      ExpectRoundTrip(h.get());
    }
  }
}

// A value from one of several distributions: small, clustered around a large base, negative, the whole
// int64 range, or the extremes.
int64_t Draw(absl::BitGen& rng, int dist) {
  switch (dist) {
    case 0: return absl::Uniform<int64_t>(rng, -200, 200);
    case 1: return 100000000 + absl::Uniform<int64_t>(rng, -300, 3000);
    case 2: return -absl::Uniform<int64_t>(rng, 0, 5000000000LL);
    case 3: return absl::Uniform<int64_t>(absl::IntervalClosed, rng, kMin, kMax);
    default: {
      const int64_t edges[] = {kMin, kMin + 1, kMax, kMax - 1, 0, -1, INT32_MIN, INT32_MAX};
      return edges[absl::Uniform<size_t>(rng, 0, std::size(edges))];
    }
  }
}

TEST(IntsetTest, RandomOperationsMatchAStdSet) {
  absl::BitGen rng;
  for (int round = 0; round < 60; ++round) {
    Holder h;
    std::set<int64_t> model;
    uint32_t encoding = 2;  // Redis's: the widest element ever added
    // Each round mostly draws from one distribution and, in some rounds, mixes in others late.
    const int main_dist = round % 4;
    const bool mixed = round % 3 == 0;
    for (int step = 0; step < 1500; ++step) {
      int dist = main_dist;
      if (mixed && step > 700 && absl::Bernoulli(rng, 0.05)) dist = absl::Uniform(rng, 0, 5);
      int64_t v = Draw(rng, dist);
      switch (absl::Uniform(rng, 0, 5)) {
        case 0:
        case 1:
          ASSERT_EQ(h.Add(v), model.insert(v).second);
          if (model.count(v) == 1) encoding = std::max(encoding, Intset::WidthOf(v));
          break;
        case 2: {
          // Remove a present element half the time.
          if (!model.empty() && absl::Bernoulli(rng, 0.5)) {
            auto it = model.begin();
            std::advance(it, absl::Uniform<size_t>(rng, 0, model.size()));
            v = *it;
          }
          ASSERT_EQ(h.Remove(v), model.erase(v) == 1);
          break;
        }
        case 3:
          if (!model.empty()) {
            const auto i = absl::Uniform<uint32_t>(rng, 0, static_cast<uint32_t>(model.size()));
            auto it = model.begin();
            std::advance(it, i);
            model.erase(it);
            h.RemoveAt(i);
          }
          break;
        default:
          ASSERT_EQ(h->Contains(v), model.count(v) == 1);
      }
      ASSERT_EQ(h->size(), model.size());
      ASSERT_EQ(h->CheckInvariants(), "") << step;
      ASSERT_EQ(Elements(h.get()), std::vector<int64_t>(model.begin(), model.end()));
      ASSERT_EQ(h->RedisEncoding(), encoding);
      if (!model.empty()) {
        ASSERT_EQ(h->Min(), *model.begin());
        ASSERT_EQ(h->Max(), *model.rbegin());
        ASSERT_LE(h->base(), *model.begin());
      }
      // Neighbours of a present element and a fresh draw.
      for (int64_t probe : {v, v - (v > kMin ? 1 : 0), v + (v < kMax ? 1 : 0), Draw(rng, dist)}) {
        ASSERT_EQ(h->Contains(probe), model.count(probe) == 1) << probe;
      }
    }
    if (!model.empty()) {
      ExpectRoundTrip(h.get());
      Intset* copy = Intset::Copy(h.get());
      EXPECT_EQ(Elements(copy), Elements(h.get()));
      EXPECT_EQ(RedisBlob(copy), h.Bytes());
      EXPECT_EQ(copy->CheckInvariants(), "");
      Intset::Free(copy);
    }
  }
}

TEST(IntsetTest, RemoveAtAndRandom) {
  Holder h;
  for (int64_t v = 0; v < 10; ++v) h.Add(v * 3);
  Intset* is = Intset::Copy(h.get());
  is = Intset::RemoveAt(is, 0);
  is = Intset::RemoveAt(is, is->size() - 1);
  is = Intset::RemoveAt(is, 3);
  EXPECT_EQ(Elements(is), (std::vector<int64_t>{3, 6, 9, 15, 18, 21, 24}));
  EXPECT_EQ(is->CheckInvariants(), "");
  Intset::Free(is);
  absl::BitGen rng;
  std::set<int64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    const int64_t v = h->Random(rng);
    ASSERT_TRUE(h->Contains(v));
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 10u);  // each of 10 missed in 1000 draws: probability ~1e-45
}

TEST(IntsetTest, ValidateRefusesCorruptBlobs) {
  const std::string good = Blob(2, 3, {1, 2, 3}, 2);
  EXPECT_TRUE(Intset::Validate(good.data(), good.size(), true));
  EXPECT_TRUE(Intset::Validate(good.data(), good.size(), false));
  // Shorter than a header.
  EXPECT_FALSE(Intset::Validate(good.data(), 7, false));
  EXPECT_FALSE(Intset::Validate(good.data(), 0, false));
  // Unknown encodings.
  for (uint32_t enc : {0u, 1u, 3u, 16u, 0xffffffffu}) {
    const std::string b = Blob(enc, 3, {1, 2, 3}, 2);
    EXPECT_FALSE(Intset::Validate(b.data(), b.size(), false)) << enc;
  }
  // Size that does not match header + length * encoding, either way, and a length that would overflow a
  // 32-bit product.
  EXPECT_FALSE(Intset::Validate(good.data(), good.size() - 1, false));
  const std::string longer = good + "xx";
  EXPECT_FALSE(Intset::Validate(longer.data(), longer.size(), false));
  const std::string lying = Blob(8, 0x80000000u, {1}, 8);
  EXPECT_FALSE(Intset::Validate(lying.data(), lying.size(), false));
  // Out of order and duplicates: only the deep check sees them.
  const std::string unsorted = Blob(4, 3, {1, 3, 2}, 4);
  EXPECT_TRUE(Intset::Validate(unsorted.data(), unsorted.size(), false));
  EXPECT_FALSE(Intset::Validate(unsorted.data(), unsorted.size(), true));
  const std::string dup = Blob(8, 2, {-9, -9}, 8);
  EXPECT_FALSE(Intset::Validate(dup.data(), dup.size(), true));
  // Elements narrower than the encoding need are fine (Redis never narrows after a removal).
  const std::string wide = Blob(8, 2, {1, 2}, 8);
  EXPECT_TRUE(Intset::Validate(wide.data(), wide.size(), true));
  // FromBlob converts only what validates deeply.
  for (const std::string& bad : {unsorted, dup, longer, lying, Blob(0, 3, {1, 2, 3}, 2), Blob(2, 0, {}, 2),
                                 Blob(8, 2, {kMax, kMin}, 8), good.substr(0, 7)}) {
    EXPECT_EQ(Intset::FromBlob(bad.data(), bad.size()), nullptr);
  }
  Intset* adopted = Intset::FromBlob(wide.data(), wide.size());
  ASSERT_NE(adopted, nullptr);
  EXPECT_EQ(Elements(adopted), (std::vector<int64_t>{1, 2}));
  adopted = Intset::Add(adopted, 3, nullptr);
  EXPECT_EQ(adopted->RedisEncoding(), 8u);  // kept from the blob, as Redis keeps it
  EXPECT_EQ(RedisBlob(adopted), Blob(8, 3, {1, 2, 3}, 8));
  EXPECT_EQ(adopted->CheckInvariants(), "");
  Intset::Free(adopted);
}

// Every single-byte corruption of a valid blob is either refused or still a valid intset by the deep check's
// rules (so a loader that validates first can never be handed an inconsistent set).
TEST(IntsetTest, ByteFlipsNeverPassAsInconsistent) {
  Holder h;
  for (int64_t v : {-70000, -3, 0, 8, 900, 70000}) h.Add(v);
  for (const std::string& good : {h.Bytes(), Blob(8, 4, {kMin, -1, 5, kMax}, 8), Blob(2, 3, {-5, 0, 9}, 2)}) {
  for (size_t i = 0; i < good.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string b = good;
      b[i] = static_cast<char>(b[i] ^ (1 << bit));
      Intset* is = Intset::FromBlob(b.data(), b.size());
      if (is == nullptr) continue;
      EXPECT_EQ(is->CheckInvariants(), "") << i << ":" << bit;
      // What was accepted converts back to the same bytes.
      EXPECT_EQ(RedisBlob(is), b) << i << ":" << bit;
      Intset::Free(is);
    }
  }
  }
}

}  // namespace
}  // namespace ringkv::ds

// Tests for ds::Intset: Redis's exact bytes (header, widths, little-endian elements), widening at every
// boundary of int16/int32/int64 in both directions, randomized operations against a std::set model with the
// invariants checked after each step, and Validate on corrupt blobs (Redis's intsetValidateIntegrity).
#include "ds/intset.h"

#include <absl/random/random.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <set>
#include <string>
#include <vector>

namespace ringkv::ds {
namespace {

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
  const Intset* operator->() const { return is_; }
  const Intset* get() const { return is_; }
  std::string Bytes() const { return std::string(reinterpret_cast<const char*>(is_->data()), is_->BlobBytes()); }

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

TEST(IntsetTest, EmptyIsAnInt16Header) {
  Holder h;
  EXPECT_EQ(h->size(), 0u);
  EXPECT_EQ(h->encoding(), 2u);
  EXPECT_EQ(h.Bytes(), Blob(2, 0, {}, 2));
  EXPECT_FALSE(h->Contains(0));
  EXPECT_EQ(h->CheckInvariants(), "");
  // Redis refuses an empty intset from outside: it is never saved.
  EXPECT_FALSE(Intset::Validate(h->data(), h->BlobBytes(), false));
}

TEST(IntsetTest, BytesAreRedisLayout) {
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
  // Removing the wide element never narrows the encoding again (as Redis).
  EXPECT_TRUE(h.Remove(-5000000000));
  EXPECT_EQ(h->encoding(), 8u);
  EXPECT_EQ(h.Bytes(), Blob(8, 4, {-2, 5, 300, 70000}, 8));
  EXPECT_TRUE(Intset::Validate(h->data(), h->BlobBytes(), true));
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
  // Every boundary value, added to sets of each width, from either side.
  const std::vector<int64_t> edges = {0,
                                      1,
                                      -1,
                                      32767,
                                      32768,
                                      -32768,
                                      -32769,
                                      std::numeric_limits<int32_t>::max(),
                                      int64_t{std::numeric_limits<int32_t>::max()} + 1,
                                      std::numeric_limits<int32_t>::min(),
                                      int64_t{std::numeric_limits<int32_t>::min()} - 1,
                                      std::numeric_limits<int64_t>::max(),
                                      std::numeric_limits<int64_t>::min()};
  for (int64_t first : edges) {
    for (int64_t second : edges) {
      Holder h;
      std::set<int64_t> model;
      for (int64_t v : {int64_t{7}, first, int64_t{-7}, second}) {
        EXPECT_EQ(h.Add(v), model.insert(v).second);
        EXPECT_EQ(h->CheckInvariants(), "");
      }
      EXPECT_EQ(Elements(h.get()), std::vector<int64_t>(model.begin(), model.end()));
      uint32_t width = 2;
      for (int64_t v : model) width = std::max(width, Intset::WidthOf(v));
      EXPECT_EQ(h->encoding(), width);
      EXPECT_EQ(h->Min(), *model.begin());
      EXPECT_EQ(h->Max(), *model.rbegin());
      for (int64_t v : edges) EXPECT_EQ(h->Contains(v), model.count(v) == 1) << v;
    }
  }
}

TEST(IntsetTest, RandomOperationsMatchAStdSet) {
  absl::BitGen rng;
  for (int round = 0; round < 40; ++round) {
    Holder h;
    std::set<int64_t> model;
    // Each round draws from a range of one width, sometimes mixing in wider values late.
    const int64_t spans[] = {100, 40000, 3000000000LL, std::numeric_limits<int64_t>::max()};
    const int64_t span = spans[round % 4];
    for (int step = 0; step < 2000; ++step) {
      int64_t v;
      if (span == std::numeric_limits<int64_t>::max()) {
        v = absl::Uniform<int64_t>(rng, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max());
      } else {
        v = absl::Uniform<int64_t>(rng, -span, span);
      }
      if (step > 1500 && step % 97 == 0) v = absl::Uniform<int64_t>(rng, -5000000000LL, 5000000000LL);
      switch (absl::Uniform(rng, 0, 4)) {
        case 0:
        case 1:
          ASSERT_EQ(h.Add(v), model.insert(v).second);
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
        default:
          ASSERT_EQ(h->Contains(v), model.count(v) == 1);
      }
      ASSERT_EQ(h->size(), model.size());
      if (step % 100 == 0) {
        ASSERT_EQ(h->CheckInvariants(), "");
        ASSERT_EQ(Elements(h.get()), std::vector<int64_t>(model.begin(), model.end()));
      }
    }
    ASSERT_EQ(Elements(h.get()), std::vector<int64_t>(model.begin(), model.end()));
    if (!model.empty()) {
      ASSERT_TRUE(Intset::Validate(h->data(), h->BlobBytes(), true));
      Intset* copy = Intset::Copy(h.get());
      EXPECT_EQ(std::memcmp(copy->data(), h->data(), h->BlobBytes()), 0);
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
  // FromBlob copies only what validates deeply.
  EXPECT_EQ(Intset::FromBlob(unsorted.data(), unsorted.size()), nullptr);
  Intset* adopted = Intset::FromBlob(wide.data(), wide.size());
  ASSERT_NE(adopted, nullptr);
  EXPECT_EQ(Elements(adopted), (std::vector<int64_t>{1, 2}));
  adopted = Intset::Add(adopted, 3, nullptr);
  EXPECT_EQ(adopted->encoding(), 8u);
  Intset::Free(adopted);
}

// Every single-byte corruption of a valid blob is either refused or still a valid intset by the deep check's
// rules (so a loader that validates first can never be handed an inconsistent set).
TEST(IntsetTest, ByteFlipsNeverPassAsInconsistent) {
  Holder h;
  for (int64_t v : {-70000, -3, 0, 8, 900, 70000}) h.Add(v);
  const std::string good = h.Bytes();
  for (size_t i = 0; i < good.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string b = good;
      b[i] = static_cast<char>(b[i] ^ (1 << bit));
      Intset* is = Intset::FromBlob(b.data(), b.size());
      if (is == nullptr) continue;
      EXPECT_EQ(is->CheckInvariants(), "") << i << ":" << bit;
      Intset::Free(is);
    }
  }
}

}  // namespace
}  // namespace ringkv::ds

// Tests for ds::StringMap: randomized sets, updates and erases against a std::map model across the move from
// the small tier to the Dict (both sides of kSmallMax), values growing and shrinking in place and across
// blocks (varint widths 1, 2 and 3 bytes), binary and empty fields, the SCAN guarantee in both tiers and
// under churn, Random over every field, deep copies, and the byte accounting.
#include "ds/string_map.h"

#include <absl/random/random.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ringkv::ds {
namespace {

std::map<std::string, std::string> Contents(const StringMap& m) {
  std::map<std::string, std::string> out;
  m.ForEach([&](const StringMap::Node* n) {
    EXPECT_TRUE(out.emplace(StringMap::FieldOf(n), StringMap::ValueOf(n)).second) << "duplicate field";
  });
  return out;
}

TEST(StringMapTest, SmallTierThenDictAtTheBoundary) {
  StringMap m;
  EXPECT_TRUE(m.empty());
  for (size_t i = 0; i < StringMap::kSmallMax; ++i) ASSERT_TRUE(m.Set("f" + std::to_string(i), "v"));
  EXPECT_TRUE(m.is_small());
  EXPECT_FALSE(m.Set("f0", "updated"));  // an update at the limit stays small
  EXPECT_TRUE(m.is_small());
  EXPECT_EQ(StringMap::ValueOf(m.Find("f0")), "updated");
  ASSERT_TRUE(m.Set("one more", "x"));
  EXPECT_FALSE(m.is_small());
  EXPECT_EQ(m.size(), StringMap::kSmallMax + 1);
  EXPECT_EQ(StringMap::ValueOf(m.Find("f0")), "updated");
  EXPECT_EQ(m.CheckInvariants(), "");
  for (size_t i = 0; i < StringMap::kSmallMax; ++i) ASSERT_TRUE(m.Erase("f" + std::to_string(i)));
  EXPECT_TRUE(m.Erase("one more"));
  EXPECT_FALSE(m.Erase("one more"));
  EXPECT_TRUE(m.empty());
  EXPECT_FALSE(m.is_small());  // never back
  EXPECT_EQ(m.CheckInvariants(), "");
}

TEST(StringMapTest, ValuesChangeSizeAcrossVarintWidths) {
  // 0, 127 (1-byte varint), 128, 16383 (2 bytes), 16384 (3 bytes): in place where the block holds the new
  // node, in a new block otherwise; the field must read back intact every time.
  for (size_t field_len : {size_t{0}, size_t{5}, size_t{127}, size_t{128}, size_t{300}}) {
    StringMap m;
    const std::string field(field_len, 'f');
    for (size_t len : {size_t{0}, size_t{1}, size_t{127}, size_t{128}, size_t{16383}, size_t{16384},
                       size_t{3}, size_t{126}, size_t{0}, size_t{20000}, size_t{2}}) {
      const std::string value(len, static_cast<char>('a' + len % 26));
      m.Set(field, value);
      const StringMap::Node* n = m.Find(field);
      ASSERT_NE(n, nullptr);
      EXPECT_EQ(StringMap::FieldOf(n), field);
      EXPECT_EQ(StringMap::ValueOf(n), value);
      EXPECT_EQ(m.size(), 1u);
      EXPECT_EQ(m.CheckInvariants(), "");
    }
  }
}

TEST(StringMapTest, BinaryAndEmptyFields) {
  StringMap m;
  const std::string zeros("\0\0\0", 3);
  EXPECT_TRUE(m.Set("", "empty field"));
  EXPECT_TRUE(m.Set(zeros, zeros));
  EXPECT_TRUE(m.Set(std::string("\0", 1), ""));
  EXPECT_EQ(m.size(), 3u);
  EXPECT_EQ(StringMap::ValueOf(m.Find("")), "empty field");
  EXPECT_EQ(StringMap::ValueOf(m.Find(zeros)), zeros);
  EXPECT_EQ(StringMap::ValueOf(m.Find(std::string("\0", 1))), "");
  EXPECT_EQ(m.Find(std::string("\0\0", 2)), nullptr);
}

TEST(StringMapTest, RandomOperationsMatchAModel) {
  absl::BitGen rng;
  for (int round = 0; round < 4; ++round) {
    StringMap m;
    std::map<std::string, std::string> model;
    // Key spaces around kSmallMax and well past it, so both tiers and the move see every operation.
    const size_t space = round < 2 ? StringMap::kSmallMax + 20 : 3000;
    for (int op = 0; op < 20000; ++op) {
      const std::string field = "field:" + std::to_string(absl::Uniform<size_t>(rng, 0, space));
      const int what = absl::Uniform<int>(rng, 0, 10);
      if (what < 6) {
        const std::string value(absl::Uniform<size_t>(rng, 0, what == 0 ? 300 : 20), 'v');
        const bool fresh = model.find(field) == model.end();
        EXPECT_EQ(m.Set(field, value), fresh);
        model[field] = value;
      } else if (what < 9) {
        EXPECT_EQ(m.Erase(field), model.erase(field) == 1);
      } else {
        const StringMap::Node* n = m.Find(field);
        auto it = model.find(field);
        ASSERT_EQ(n != nullptr, it != model.end());
        if (n != nullptr) {
          EXPECT_EQ(StringMap::ValueOf(n), it->second);
        }
      }
      ASSERT_EQ(m.size(), model.size());
    }
    EXPECT_EQ(Contents(m), model);
    EXPECT_EQ(m.CheckInvariants(), "");
    const StringMap copy(m);
    EXPECT_EQ(Contents(copy), model);
    EXPECT_EQ(copy.CheckInvariants(), "");
  }
}

TEST(StringMapTest, ScanReturnsEveryFieldPresentThroughoutOnce) {
  for (size_t n : {size_t{10}, StringMap::kSmallMax, size_t{5000}}) {
    StringMap m;
    for (size_t i = 0; i < n; ++i) m.Set("stable" + std::to_string(i), "v");
    std::map<std::string, int> seen;
    uint64_t cursor = 0;
    size_t calls = 0, churn = 0;
    do {
      cursor = m.Scan(cursor, 7, [&](const StringMap::Node* node) { ++seen[std::string(StringMap::FieldOf(node))]; });
      // Churn between calls: fields come and go, values change size (nodes are swapped).
      for (int k = 0; k < 5; ++k) m.Set("churn" + std::to_string(churn++), "x");
      m.Erase("churn" + std::to_string(churn / 2));
      m.Set("stable" + std::to_string(calls % n), std::string(calls % 50, 'z'));
      ++calls;
    } while (cursor != 0);
    if (n <= StringMap::kSmallMax) {
      EXPECT_EQ(calls, 1u);  // the small tier answers in one call
    }
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(seen["stable" + std::to_string(i)], 1) << "stable" << i;
    for (const auto& [field, times] : seen) EXPECT_EQ(times, 1) << field;
  }
}

TEST(StringMapTest, RandomReachesEveryField) {
  for (size_t n : {size_t{5}, size_t{400}}) {
    StringMap m;
    for (size_t i = 0; i < n; ++i) m.Set("f" + std::to_string(i), std::to_string(i));
    absl::BitGen rng;
    std::set<std::string> hit;
    for (size_t i = 0; i < n * 60; ++i) {
      const StringMap::Node* node = m.Random(rng);
      EXPECT_EQ(StringMap::ValueOf(node), StringMap::FieldOf(node).substr(1));
      hit.emplace(StringMap::FieldOf(node));
    }
    EXPECT_EQ(hit.size(), n);
  }
}

TEST(StringMapTest, AllocatedBytesFollowsTheNodes) {
  StringMap m;
  const size_t empty = m.AllocatedBytes();
  m.Set("field", "value");
  const size_t one = m.AllocatedBytes();
  EXPECT_GT(one, empty);
  m.Set("field", std::string(1000, 'x'));
  EXPECT_GE(m.AllocatedBytes(), one + 900);
  m.Set("field", "v");
  EXPECT_EQ(m.CheckInvariants(), "");
  m.Erase("field");
  EXPECT_EQ(m.CheckInvariants(), "");
  // A 10-byte field with a 10-byte value is one 23-byte block (flags, two 1-byte lengths, 20 bytes), which
  // the allocator rounds to its 24- or 32-byte class.
  StringMap small;
  small.Set("field:0001", "value:0001");
  EXPECT_LE(small.node_bytes(), 32u);
}

}  // namespace
}  // namespace ringkv::ds

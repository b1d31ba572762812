// Tests for ds::StringSet: randomized operations against a std::set model across the move from the small
// tier to the Dict (both sides of kSmallMax), binary and empty members, the SCAN guarantee in both tiers and
// under churn, Random over every member, deep copies, and the byte accounting.
#include "ds/string_set.h"

#include <absl/random/random.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ringkv::ds {
namespace {

std::set<std::string> Members(const StringSet& s) {
  std::set<std::string> out;
  s.ForEach([&](std::string_view m) { EXPECT_TRUE(out.emplace(m).second) << "duplicate " << m; });
  return out;
}

TEST(StringSetTest, SmallTierThenDictAtTheBoundary) {
  StringSet s;
  EXPECT_TRUE(s.empty());
  EXPECT_TRUE(s.is_small());
  for (size_t i = 0; i < StringSet::kSmallMax; ++i) ASSERT_TRUE(s.Insert("m" + std::to_string(i)));
  EXPECT_TRUE(s.is_small());
  EXPECT_FALSE(s.Insert("m0"));  // a duplicate at the limit changes nothing
  EXPECT_TRUE(s.is_small());
  EXPECT_EQ(s.CheckInvariants(), "");
  ASSERT_TRUE(s.Insert("one more"));
  EXPECT_FALSE(s.is_small());
  EXPECT_EQ(s.size(), StringSet::kSmallMax + 1);
  EXPECT_EQ(s.CheckInvariants(), "");
  // Never back: emptying it keeps the Dict.
  for (size_t i = 0; i < StringSet::kSmallMax; ++i) ASSERT_TRUE(s.Erase("m" + std::to_string(i)));
  EXPECT_TRUE(s.Erase("one more"));
  EXPECT_TRUE(s.empty());
  EXPECT_FALSE(s.is_small());
  EXPECT_EQ(s.CheckInvariants(), "");
}

TEST(StringSetTest, ReserveGoesStraightToTheDict) {
  StringSet a;
  a.Reserve(StringSet::kSmallMax);
  EXPECT_TRUE(a.is_small());
  StringSet b;
  b.Reserve(StringSet::kSmallMax + 1);
  EXPECT_FALSE(b.is_small());
  EXPECT_TRUE(b.Insert("x"));
  EXPECT_EQ(b.CheckInvariants(), "");
}

TEST(StringSetTest, BinaryAndEmptyMembers) {
  StringSet s;
  const std::string zeros("\0\0\0", 3);
  EXPECT_TRUE(s.Insert(""));
  EXPECT_TRUE(s.Insert(zeros));
  EXPECT_TRUE(s.Insert(std::string(1000, 'x')));
  EXPECT_FALSE(s.Insert(""));
  EXPECT_TRUE(s.Contains(zeros));
  EXPECT_FALSE(s.Contains(std::string("\0\0", 2)));
  EXPECT_EQ(Members(s), (std::set<std::string>{"", zeros, std::string(1000, 'x')}));
  EXPECT_TRUE(s.Erase(""));
  EXPECT_EQ(s.size(), 2u);
}

TEST(StringSetTest, RandomOperationsMatchAStdSet) {
  absl::BitGen rng;
  for (size_t key_space : {size_t{50}, size_t{200}, size_t{5000}}) {
    StringSet s;
    std::set<std::string> model;
    for (int step = 0; step < 20000; ++step) {
      const std::string m = "k" + std::to_string(absl::Uniform<size_t>(rng, 0, key_space));
      const int op = absl::Uniform(rng, 0, 10);
      if (op < 5) {
        ASSERT_EQ(s.Insert(m), model.insert(m).second);
      } else if (op < 8) {
        ASSERT_EQ(s.Erase(m), model.erase(m) == 1);
      } else {
        ASSERT_EQ(s.Contains(m), model.count(m) == 1);
      }
      ASSERT_EQ(s.size(), model.size());
      if (step % 2000 == 0) {
        ASSERT_EQ(s.CheckInvariants(), "");
      }
    }
    EXPECT_EQ(Members(s), model);
    EXPECT_EQ(s.CheckInvariants(), "");
    const StringSet copy(s);
    EXPECT_EQ(Members(copy), model);
    EXPECT_EQ(copy.CheckInvariants(), "");
  }
}

// A full scan with members added and removed between calls: every member present throughout comes back
// exactly once, others at most once; in the small tier one call returns everything with cursor 0.
TEST(StringSetTest, ScanGuaranteeAcrossChurn) {
  absl::BitGen rng;
  StringSet small;
  for (int i = 0; i < 20; ++i) small.Insert("s" + std::to_string(i));
  size_t calls = 0;
  std::set<std::string> got;
  const uint64_t next = small.Scan(0, 5, [&](std::string_view m) {
    ++calls;
    got.emplace(m);
  });
  EXPECT_EQ(next, 0u);
  EXPECT_EQ(got, Members(small));

  for (int round = 0; round < 5; ++round) {
    StringSet s;
    for (int i = 0; i < 3000; ++i) s.Insert("a" + std::to_string(i));
    std::set<std::string> stable;  // present from the first call to the last
    for (int i = 0; i < 3000; i += 2) stable.insert("a" + std::to_string(i));
    std::map<std::string, int> seen;
    uint64_t cursor = 0;
    int fresh = 0;
    do {
      cursor = s.Scan(cursor, 10, [&](std::string_view m) { ++seen[std::string(m)]; });
      // Churn: odd members come and go, new ones arrive (forcing splits), stable ones stay.
      for (int k = 0; k < 20; ++k) {
        const std::string odd = "a" + std::to_string(2 * absl::Uniform(rng, 0, 1500) + 1);
        if (absl::Bernoulli(rng, 0.5)) {
          s.Erase(odd);
        } else {
          s.Insert(odd);
        }
        s.Insert("new" + std::to_string(fresh++));
      }
    } while (cursor != 0);
    for (const std::string& m : stable) EXPECT_EQ(seen[m], 1) << m;
    for (const auto& [m, n] : seen) EXPECT_LE(n, 1) << m;
    EXPECT_EQ(s.CheckInvariants(), "");
  }
}

TEST(StringSetTest, RandomReachesEveryMemberInBothTiers) {
  absl::BitGen rng;
  for (size_t n : {size_t{1}, size_t{10}, size_t{300}}) {
    StringSet s;
    for (size_t i = 0; i < n; ++i) s.Insert("r" + std::to_string(i));
    std::map<std::string, int> hits;
    for (size_t i = 0; i < n * 200; ++i) ++hits[std::string(s.Random(rng))];
    EXPECT_EQ(hits.size(), n);
    for (const auto& [m, c] : hits) {
      EXPECT_GT(c, 100) << m;  // expected 200 each; below 100 is a ~1e-13 event per member
      EXPECT_LT(c, 320) << m;
    }
  }
}

TEST(StringSetTest, AllocatedBytesTracksMembersAndTables) {
  StringSet s;
  const size_t empty = s.AllocatedBytes();
  s.Insert(std::string(100, 'a'));
  const size_t one = s.AllocatedBytes();
  EXPECT_GE(one - empty, 104u);  // at least the member's bytes and its length header
  for (int i = 0; i < 1000; ++i) s.Insert("m" + std::to_string(i));
  const size_t big = s.AllocatedBytes();
  EXPECT_GT(big, one + 1000 * (8 + 8));  // a block (>= 8 bytes) and a slot (8 bytes) each, at least
  for (int i = 0; i < 1000; ++i) s.Erase("m" + std::to_string(i));
  EXPECT_LT(s.AllocatedBytes(), big);
  EXPECT_EQ(s.CheckInvariants(), "");
}

}  // namespace
}  // namespace ringkv::ds

// Tests for ds::StringMap: randomized sets, updates and erases against a std::map model across the move from
// the small tier to the Dict (both sides of kSmallMax), values growing and shrinking in place and across
// blocks (varint widths 1, 2 and 3 bytes), binary and empty fields, the SCAN guarantee in both tiers and
// under churn, Random over every field, deep copies, and the byte accounting.
#include "ds/string_map.h"

#include <absl/random/random.h>
#include <gtest/gtest.h>
#include <malloc.h>

#include <algorithm>
#include <cstdint>
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

// Field TTLs (invariant 5): set, replaced, kept by an update with keep_ttl and dropped by one without,
// cleared, carried by copies, and erased soonest first by EraseExpired, against a model, in both tiers and
// with values that force new nodes; a map whose TTLs are all gone keeps no index.
TEST(StringMapTest, FieldTtlsMatchAModel) {
  absl::BitGen rng;
  for (size_t space : {size_t{40}, size_t{600}}) {
    StringMap m;
    std::map<std::string, std::pair<std::string, int64_t>> model;  // field -> (value, expiry or -1)
    int64_t now = 1000;
    for (int op = 0; op < 20000; ++op) {
      const std::string field = "f" + std::to_string(absl::Uniform<size_t>(rng, 0, space));
      const int what = absl::Uniform<int>(rng, 0, 12);
      auto it = model.find(field);
      if (what < 3) {
        const std::string value(absl::Uniform<size_t>(rng, 0, what == 0 ? 200 : 12), 'v');
        const bool keep = what == 1;
        EXPECT_EQ(m.Set(field, value, keep), it == model.end());
        const int64_t ttl = (it != model.end() && keep) ? it->second.second : -1;
        model[field] = {value, ttl};
      } else if (what < 6) {
        if (it == model.end()) continue;
        const int64_t at = now + absl::Uniform<int64_t>(rng, 0, 500);
        m.SetTtl(field, at);
        it->second.second = at;
      } else if (what < 7) {
        EXPECT_EQ(m.ClearTtl(field), it != model.end() && it->second.second >= 0);
        if (it != model.end()) it->second.second = -1;
      } else if (what < 8) {
        EXPECT_EQ(m.Erase(field), model.erase(field) == 1);
      } else if (what < 9) {
        now += absl::Uniform<int64_t>(rng, 0, 60);
        std::vector<std::string> gone;
        const size_t max = absl::Uniform<size_t>(rng, 1, 8);
        const size_t n = m.EraseExpired(now, max, [&](std::string_view f) { gone.emplace_back(f); });
        EXPECT_EQ(n, gone.size());
        int64_t last = INT64_MIN;
        for (const std::string& f : gone) {
          auto g = model.find(f);
          ASSERT_NE(g, model.end()) << f;
          EXPECT_GE(g->second.second, 0);
          EXPECT_LE(g->second.second, now);
          EXPECT_GE(g->second.second, last);  // soonest first
          last = g->second.second;
          model.erase(g);
        }
        if (n < max) {
          for (const auto& [f, vt] : model) EXPECT_TRUE(vt.second < 0 || vt.second > now) << f;
        }
      } else {
        const StringMap::Node* node = m.Find(field);
        ASSERT_EQ(node != nullptr, it != model.end());
        if (node != nullptr) {
          EXPECT_EQ(StringMap::ValueOf(node), it->second.first);
          EXPECT_EQ(StringMap::HasTtl(node), it->second.second >= 0);
          if (StringMap::HasTtl(node)) {
            EXPECT_EQ(StringMap::TtlOf(node), it->second.second);
          }
        }
      }
      ASSERT_EQ(m.size(), model.size());
      int64_t min = INT64_MAX;
      size_t with_ttl = 0;
      for (const auto& [f, vt] : model) {
        if (vt.second >= 0) {
          min = std::min(min, vt.second);
          ++with_ttl;
        }
      }
      ASSERT_EQ(m.MinTtl(), min);
      ASSERT_EQ(m.ttl_count(), with_ttl);
    }
    EXPECT_EQ(m.CheckInvariants(), "");
    const StringMap copy(m);
    EXPECT_EQ(copy.CheckInvariants(), "");
    EXPECT_EQ(copy.ttl_count(), m.ttl_count());
    EXPECT_EQ(copy.MinTtl(), m.MinTtl());
    // Every TTL gone: nothing is kept for them.
    m.EraseExpired(INT64_MAX, SIZE_MAX, [](std::string_view) {});
    EXPECT_EQ(m.ttl_count(), 0u);
    EXPECT_EQ(m.MinTtl(), INT64_MAX);
    EXPECT_EQ(m.CheckInvariants(), "");
  }
}

TEST(StringMapTest, TtlGrowsTheNodeOnlyWhenTheBlockIsFull) {
  StringMap m;
  // 3 + 5 + 10 = 18 bytes: the 8 TTL bytes fit a 32-byte block (mimalloc's class), and then the node stays.
  m.Set("field", "0123456789");
  const StringMap::Node* before = m.Find("field");
  const bool room = malloc_usable_size(const_cast<StringMap::Node*>(before)) >= 26;
  m.SetTtl("field", 12345);
  EXPECT_EQ(m.Find("field") == before, room);
  EXPECT_EQ(StringMap::TtlOf(m.Find("field")), 12345);
  EXPECT_EQ(StringMap::ValueOf(m.Find("field")), "0123456789");
  // 3 + 5 + 24 = 32 bytes: no room left, a new node.
  m.Set("other", "012345678901234567890123");
  m.SetTtl("other", 7);
  EXPECT_EQ(StringMap::ValueOf(m.Find("other")), "012345678901234567890123");
  EXPECT_EQ(m.MinTtl(), 7);
  EXPECT_TRUE(m.ClearTtl("other"));
  EXPECT_FALSE(m.ClearTtl("other"));
  EXPECT_FALSE(m.ClearTtl("missing"));
  EXPECT_EQ(m.MinTtl(), 12345);
  EXPECT_EQ(m.CheckInvariants(), "");
}

TEST(StringMapTest, AllocatedBytesCountsTheTtlIndex) {
  StringMap m;
  for (int i = 0; i < 300; ++i) m.Set("f" + std::to_string(i), "v");
  const size_t without = m.AllocatedBytes();
  for (int i = 0; i < 300; ++i) m.SetTtl("f" + std::to_string(i), 1000 + i);
  const size_t with = m.AllocatedBytes();
  EXPECT_GE(with, without + 300 * sizeof(std::pair<int64_t, void*>));  // at least the index's entries
  for (int i = 0; i < 300; ++i) ASSERT_TRUE(m.ClearTtl("f" + std::to_string(i)));
  EXPECT_LE(m.AllocatedBytes(), with - 300 * sizeof(std::pair<int64_t, void*>));
  EXPECT_EQ(m.CheckInvariants(), "");
}

}  // namespace
}  // namespace ringkv::ds

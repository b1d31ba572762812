// Tests for the hash type's values (core/hash_type.h) with field TTLs: random sets (with and without
// keep_ttl), deletes, TTLs set and cleared, and expiry of due fields against a model, through every encoding
// (listpack -> listpackex at the first TTL, -> hashtable at the limits, never back); the listpackex layout
// (Redis's triplets, sorted by TTL with the fields without one last); and what a hash without TTLs costs.
#include "core/hash_type.h"

#include <absl/random/random.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ringkv::core {
namespace {

struct Model {
  std::map<std::string, std::pair<std::string, int64_t>> fields;  // field -> (value, expiry or -1)
};

std::map<std::string, std::string> Pairs(const Value& v) {
  std::map<std::string, std::string> out;
  HashForEach(v, [&](std::string_view f, std::string_view val) { out.emplace(f, val); });
  return out;
}

// The listpackex invariant: triplets whose TTL entries are non-decreasing, the zeros (no TTL) last.
void ExpectListpackExOrder(const Value& v) {
  ASSERT_EQ(v.encoding(), Encoding::kListpackEx);
  ListpackView lp(v);
  ASSERT_EQ(lp->Length() % 3, 0u);
  int64_t last = 0;
  bool seen_none = false;
  for (auto p = lp->First(); p != ds::Listpack::kNoPos;) {
    const auto t = lp->Next(lp->Next(p));
    const ds::Listpack::Entry ttl = lp->Get(t);
    ASSERT_TRUE(ttl.is_int);
    if (ttl.int_value == 0) {
      seen_none = true;
    } else {
      EXPECT_FALSE(seen_none) << "a field with a TTL after one without";
      EXPECT_GE(ttl.int_value, last);
      last = ttl.int_value;
    }
    p = lp->Next(t);
  }
}

void ExpectMatches(const Value& v, const Model& m) {
  ASSERT_EQ(HashLength(v), m.fields.size());
  std::map<std::string, std::string> want;
  int64_t min = INT64_MAX;
  for (const auto& [f, vt] : m.fields) {
    want.emplace(f, vt.first);
    int64_t at;
    ASSERT_TRUE(HashFieldTtl(v, f, &at)) << f;
    EXPECT_EQ(at, vt.second) << f;
    if (vt.second >= 0) min = std::min(min, vt.second);
  }
  EXPECT_EQ(Pairs(v), want);
  EXPECT_EQ(HashMinFieldTtl(v), min);
  EXPECT_EQ(HashHasFieldTtls(v), min != INT64_MAX);
  if (v.encoding() == Encoding::kListpackEx) ExpectListpackExOrder(v);
  if (v.encoding() == Encoding::kHashtable) {
    EXPECT_EQ(v.Ptr<ds::StringMap>()->CheckInvariants(), "");
  }
}

TEST(HashTypeTest, FieldTtlsThroughEveryEncodingMatchAModel) {
  RegisterHashEncodings();
  absl::BitGen rng;
  int rounds_with_ex = 0;
  for (int round = 0; round < 30; ++round) {
    const HashLimits limits{static_cast<size_t>(absl::Uniform<int>(rng, 2, 40)), 16};
    Value v = NewHash();
    Model m;
    int64_t now = 1000;
    bool saw_ex = false;
    for (int op = 0; op < 400; ++op) {
      const std::string field = "f" + std::to_string(absl::Uniform<int>(rng, 0, 30));
      const int what = absl::Uniform<int>(rng, 0, 10);
      auto it = m.fields.find(field);
      const Encoding before = v.encoding();
      if (what < 3) {
        // Now and then a value past max_value: the conversion before the write.
        const std::string value = absl::Uniform<int>(rng, 0, 40) == 0 ? std::string(20, 'L')
                                                                       : std::to_string(absl::Uniform<int>(rng, -5, 500));
        const bool keep = what == 2;
        EXPECT_EQ(HashSet(v, field, value, limits, keep), it == m.fields.end());
        const int64_t ttl = it != m.fields.end() && keep ? it->second.second : -1;
        m.fields[field] = {value, ttl};
      } else if (what < 5) {
        if (it == m.fields.end()) continue;
        const int64_t at = now + absl::Uniform<int64_t>(rng, 1, 300);
        HashEnableFieldTtls(v);
        HashSetFieldTtl(v, field, at);
        it->second.second = at;
      } else if (what < 6) {
        EXPECT_EQ(HashClearFieldTtl(v, field), it != m.fields.end() && it->second.second >= 0);
        if (it != m.fields.end()) it->second.second = -1;
      } else if (what < 7) {
        EXPECT_EQ(HashDelete(v, field), m.fields.erase(field) == 1);
      } else if (what < 8) {
        now += absl::Uniform<int64_t>(rng, 0, 80);
        std::vector<std::string> gone;
        HashExpireFields(v, now, SIZE_MAX, [&](std::string_view f) { gone.emplace_back(f); });
        for (const std::string& f : gone) {
          auto g = m.fields.find(f);
          ASSERT_NE(g, m.fields.end()) << f;
          EXPECT_GE(g->second.second, 0);
          EXPECT_LE(g->second.second, now);
          m.fields.erase(g);
        }
        for (const auto& [f, vt] : m.fields) EXPECT_TRUE(vt.second < 0 || vt.second > now) << f;
      } else {
        char buf[ds::kInt64BufBytes];
        std::string_view got;
        ASSERT_EQ(HashGet(v, field, buf, &got), it != m.fields.end());
        if (it != m.fields.end()) {
          EXPECT_EQ(got, it->second.first);
        }
      }
      // Never back: a hashtable stays one, a listpackex never becomes a plain listpack.
      if (before == Encoding::kHashtable) {
        EXPECT_EQ(v.encoding(), Encoding::kHashtable);
      }
      if (before == Encoding::kListpackEx) {
        EXPECT_NE(v.encoding(), Encoding::kListpack);
      }
      saw_ex = saw_ex || v.encoding() == Encoding::kListpackEx;
      if (IsListpackHash(v)) {
        EXPECT_LE(HashLength(v), limits.max_entries);
      }
      ExpectMatches(v, m);
      if (HashLength(v) == 0) {  // the command would delete the key: start afresh
        v = NewHash();
        m.fields.clear();
      }
    }
    rounds_with_ex += saw_ex;
  }
  EXPECT_GT(rounds_with_ex, 0);
}

TEST(HashTypeTest, ListpackExIsRedisTripletsSortedByTtl) {
  RegisterHashEncodings();
  const HashLimits limits{128, 64};
  Value v = NewHash();
  HashSet(v, "a", "1", limits);
  HashSet(v, "b", "x", limits);
  HashSet(v, "c", "2", limits);
  EXPECT_EQ(v.encoding(), Encoding::kListpack);
  EXPECT_FALSE(HashHasFieldTtls(v));
  HashEnableFieldTtls(v);
  EXPECT_EQ(v.encoding(), Encoding::kListpackEx);
  EXPECT_EQ(HashMinFieldTtl(v), INT64_MAX);
  HashSetFieldTtl(v, "c", 5000);
  HashSetFieldTtl(v, "a", 9000);
  // c (5000), a (9000), then b without a TTL: the bytes Redis 7.4 writes for these triplets.
  ds::Listpack want;
  for (std::string_view s : {"c", "2", "5000", "a", "1", "9000", "b", "x", "0"}) want.Append(s);
  EXPECT_EQ(ListpackView(v)->view(), want.view());
  // HSET drops a TTL (the triplet moves among the fields without one); HINCRBY's keep_ttl keeps it.
  HashSet(v, "a", "3", limits);
  HashSet(v, "c", "4", limits, /*keep_ttl=*/true);
  ds::Listpack after;
  for (std::string_view s : {"c", "4", "5000", "b", "x", "0", "a", "3", "0"}) after.Append(s);
  EXPECT_EQ(ListpackView(v)->view(), after.view());
  std::vector<std::string> gone;
  EXPECT_EQ(HashExpireFields(v, 5000, SIZE_MAX, [&](std::string_view f) { gone.emplace_back(f); }), 1u);
  EXPECT_EQ(gone, std::vector<std::string>{"c"});
  EXPECT_EQ(HashLength(v), 2u);
  EXPECT_EQ(v.encoding(), Encoding::kListpackEx);
}

TEST(HashTypeTest, ConversionCarriesTtlsAndAHashWithoutTtlsPaysNothing) {
  RegisterHashEncodings();
  const HashLimits limits{4, 64};
  Value v = NewHash();
  for (int i = 0; i < 4; ++i) HashSet(v, "f" + std::to_string(i), "v", limits);
  HashEnableFieldTtls(v);
  HashSetFieldTtl(v, "f1", 777);
  HashSet(v, "f4", "v", limits);  // past the limit: a hashtable, the TTL with it
  ASSERT_EQ(v.encoding(), Encoding::kHashtable);
  int64_t at;
  ASSERT_TRUE(HashFieldTtl(v, "f1", &at));
  EXPECT_EQ(at, 777);
  EXPECT_EQ(HashMinFieldTtl(v), 777);
  EXPECT_TRUE(HashClearFieldTtl(v, "f1"));
  EXPECT_FALSE(HashHasFieldTtls(v));
  EXPECT_EQ(v.Ptr<ds::StringMap>()->ttl_count(), 0u);
  // A hash whose fields never had a TTL holds field and value only, whatever it went through: the same
  // node bytes as one that was never a listpackex.
  Value never = NewHash();
  Value plain = NewHash();
  for (int i = 0; i < 4; ++i) HashSet(never, "f" + std::to_string(i), "v", limits);
  HashEnableFieldTtls(never);
  for (int i = 0; i < 5; ++i) HashSet(plain, "f" + std::to_string(i), "v", limits);
  HashSet(never, "f4", "v", limits);
  ASSERT_EQ(never.encoding(), Encoding::kHashtable);
  EXPECT_EQ(never.Ptr<ds::StringMap>()->node_bytes(), plain.Ptr<ds::StringMap>()->node_bytes());
}

}  // namespace
}  // namespace ringkv::core

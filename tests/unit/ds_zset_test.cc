// Tests for the two sorted-set encodings of ds/: ds::ZSet (skiplist + dict) and the listpack pair functions
// (ds/zset_listpack.h), each driven by random operations against a std::set<pair<double,string>> model:
// inserts, score updates (in place and moving), erases, rank both ways, range and lex-range ends, the three
// delete-range kinds at every boundary, ties ordered by member bytes (binary, empty, int-looking members),
// +-inf scores, deep copies, SCAN's guarantee under churn, Random over every member, and the byte accounting.
#include "ds/zset.h"

#include <absl/random/random.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ds/zset_listpack.h"

namespace ringkv::ds {
namespace {

using Model = std::set<std::pair<double, std::string>, bool (*)(const std::pair<double, std::string>&,
                                                                 const std::pair<double, std::string>&)>;

bool ModelLess(const std::pair<double, std::string>& a, const std::pair<double, std::string>& b) {
  return a.first < b.first || (a.first == b.first && CompareMembers(a.second, b.second) < 0);
}

constexpr double kInf = std::numeric_limits<double>::infinity();

std::vector<std::pair<double, std::string>> Walk(const ZSet& z) {
  std::vector<std::pair<double, std::string>> out;
  for (const ZSet::Node* n = z.First(); n != nullptr; n = n->next()) out.emplace_back(n->score(), n->member());
  return out;
}

std::vector<std::pair<double, std::string>> Walk(const Listpack& lp) {
  std::vector<std::pair<double, std::string>> out;
  char buf[Listpack::kIntBufBytes];
  for (ZlPos e = lp.First(); e != Listpack::kNoPos; e = ZlNext(lp, e)) {
    out.emplace_back(ZlScoreAt(lp, lp.Next(e)), std::string(lp.Get(e).View(buf)));
  }
  return out;
}

std::string RandomMember(absl::BitGen& rng) {
  switch (absl::Uniform(rng, 0, 6)) {
    case 0: return "";
    case 1: return std::to_string(absl::Uniform(rng, -20, 20));  // int-looking (int entries in a listpack)
    case 2: return std::string(1, static_cast<char>(absl::Uniform(rng, 0, 256)));  // binary, one byte
    case 3: return "m" + std::to_string(absl::Uniform(rng, 0, 60));
    case 4: return std::string(absl::Uniform(rng, 1, 80), 'x');  // long strings share prefixes
    default: return "k" + std::to_string(absl::Uniform(rng, 0, 300));
  }
}

double RandomScore(absl::BitGen& rng) {
  switch (absl::Uniform(rng, 0, 8)) {
    case 0: return kInf;
    case 1: return -kInf;
    case 2: return absl::Uniform(rng, -1.0, 1.0);
    case 3: return 0.1 * absl::Uniform(rng, -5, 5);
    default: return absl::Uniform(rng, -3, 4);  // many ties
  }
}

ZScoreRange RandomRange(absl::BitGen& rng) {
  ZScoreRange r;
  r.min = RandomScore(rng);
  r.max = absl::Bernoulli(rng, 0.8) ? std::max(r.min, RandomScore(rng)) : RandomScore(rng);
  r.minex = absl::Bernoulli(rng, 0.3);
  r.maxex = absl::Bernoulli(rng, 0.3);
  return r;
}

struct LexHolder {
  std::string a, b;
  ZLexRange r;
};
void RandomLex(absl::BitGen& rng, LexHolder* h) {
  h->a = RandomMember(rng);
  h->b = RandomMember(rng);
  auto bound = [&](ZLexBound* bd, const std::string& s) {
    const int k = absl::Uniform(rng, 0, 6);
    bd->kind = k == 0 ? ZLexBound::Kind::kMinusInf : k == 1 ? ZLexBound::Kind::kPlusInf : ZLexBound::Kind::kValue;
    bd->ex = bd->kind != ZLexBound::Kind::kValue || absl::Bernoulli(rng, 0.5);
    bd->value = s;
  };
  bound(&h->r.min, h->a);
  bound(&h->r.max, h->b);
}

// Model-side answers.
std::vector<std::pair<double, std::string>> InRange(const Model& m, const ZScoreRange& r) {
  std::vector<std::pair<double, std::string>> out;
  for (const auto& e : m) {
    if (r.GteMin(e.first) && r.LteMax(e.first)) out.push_back(e);
  }
  return out;
}
std::vector<std::pair<double, std::string>> InLex(const Model& m, const ZLexRange& r) {
  // Redis's lex commands assume equal scores; with mixed scores they cut the ordered list at the first
  // element failing the bound. The model reproduces that: from the first element passing min, while max holds.
  std::vector<std::pair<double, std::string>> out;
  if (r.Empty() || m.empty() || !r.GteMin(m.rbegin()->second) || !r.LteMax(m.begin()->second)) return out;
  auto it = m.begin();
  while (it != m.end() && !r.GteMin(it->second)) ++it;
  for (; it != m.end() && r.LteMax(it->second); ++it) out.push_back(*it);
  return out;
}

TEST(ZSetTest, RandomOperationsAgainstAModel) {
  absl::BitGen rng;
  for (int round = 0; round < 6; ++round) {
    ZSet z;
    Model model(ModelLess);
    std::map<std::string, double> scores;
    for (int step = 0; step < 3000; ++step) {
      const int op = absl::Uniform(rng, 0, 100);
      const std::string m = RandomMember(rng);
      if (op < 45) {
        const double s = RandomScore(rng);
        auto it = scores.find(m);
        if (it == scores.end()) {
          const ZSet::Node* n = z.Insert(m, s);
          ASSERT_EQ(n->member(), m);
          model.emplace(s, m);
          scores[m] = s;
        } else {
          const ZSet::Node* n = z.UpdateScore(z.Find(m), s);
          ASSERT_EQ(n->score(), s);
          model.erase({it->second, m});
          model.emplace(s, m);
          it->second = s;
        }
      } else if (op < 65) {
        const bool present = scores.count(m) != 0;
        ASSERT_EQ(z.Erase(m), present);
        if (present) {
          model.erase({scores[m], m});
          scores.erase(m);
        }
      } else if (op < 75) {
        const ZScoreRange r = RandomRange(rng);
        const auto want = InRange(model, r);
        const ZSet::Node* f = z.FirstInRange(r);
        const ZSet::Node* l = z.LastInRange(r);
        if (want.empty()) {
          ASSERT_EQ(f, nullptr);
          ASSERT_EQ(l, nullptr);
        } else {
          ASSERT_NE(f, nullptr);
          ASSERT_NE(l, nullptr);
          ASSERT_EQ(f->member(), want.front().second);
          ASSERT_EQ(l->member(), want.back().second);
          ASSERT_EQ(z.Rank(l) - z.Rank(f) + 1, want.size());
        }
        if (absl::Bernoulli(rng, 0.2)) {
          ASSERT_EQ(z.DeleteRangeByScore(r), want.size());
          for (const auto& e : want) {
            model.erase(e);
            scores.erase(e.second);
          }
        }
      } else if (op < 95) {
        if (model.empty()) continue;
        const uint64_t a = absl::Uniform<uint64_t>(rng, 0, model.size());
        const uint64_t b = absl::Uniform<uint64_t>(rng, a, model.size());
        auto it = std::next(model.begin(), static_cast<long>(a));
        const ZSet::Node* n = z.ByRank(a);
        ASSERT_NE(n, nullptr);
        ASSERT_EQ(n->member(), it->second);
        ASSERT_EQ(z.Rank(n), a);
        ASSERT_EQ(z.ByRank(model.size()), nullptr);
        if (absl::Bernoulli(rng, 0.1)) {
          std::vector<std::pair<double, std::string>> gone(it, std::next(model.begin(), static_cast<long>(b + 1)));
          ASSERT_EQ(z.DeleteRangeByRank(a, b), gone.size());
          for (const auto& e : gone) {
            model.erase(e);
            scores.erase(e.second);
          }
        }
      } else {
        const ZSet::Node* n = z.Find(m);
        ASSERT_EQ(n != nullptr, scores.count(m) != 0);
        if (n != nullptr) {
          ASSERT_EQ(n->score(), scores[m]);
        }
      }
      ASSERT_EQ(z.size(), model.size());
      if (step % 250 == 0) {
        ASSERT_EQ(z.CheckInvariants(), "");
      }
    }
    ASSERT_EQ(z.CheckInvariants(), "");
    const std::vector<std::pair<double, std::string>> all(model.begin(), model.end());
    ASSERT_EQ(Walk(z), all);
    ZSet copy(z);
    EXPECT_EQ(copy.CheckInvariants(), "");
    EXPECT_EQ(Walk(copy), Walk(z));
  }
}

TEST(ZSetTest, TiesOrderByMemberBytesThenLength) {
  ZSet z;
  for (const char* m : {"b", "a", "ab", "", "\xff", "B"}) z.Insert(m, 1);
  z.Insert("z", 0);
  std::vector<std::string> order;
  for (const ZSet::Node* n = z.First(); n != nullptr; n = n->next()) order.emplace_back(n->member());
  EXPECT_EQ(order, (std::vector<std::string>{"z", "", "B", "a", "ab", "b", "\xff"}));
  // An update that keeps the place is done in place; one that moves relinks.
  // Redis relinks unless both neighbours' scores are strictly on their sides; here they are.
  const ZSet::Node* q = z.Insert("q", 0.5);
  EXPECT_EQ(z.UpdateScore(q, 0.7), q);
  EXPECT_TRUE(z.Erase("q"));
  const ZSet::Node* moved = z.UpdateScore(z.Find("z"), kInf);
  EXPECT_EQ(z.Last(), moved);
  EXPECT_EQ(z.Rank(moved), 6u);
  EXPECT_EQ(z.CheckInvariants(), "");
}

// Lex ranges are only meaningful when every score is equal (Redis documents as much: with mixed scores the
// skiplist's descent and the listpack's walk may disagree). Both encodings against the model, scores all 0.
TEST(ZSetTest, LexRangesOnEqualScoresInBothEncodings) {
  absl::BitGen rng;
  for (int round = 0; round < 20; ++round) {
    ZSet z;
    Listpack lp;
    Model model(ModelLess);
    for (int i = 0; i < 120; ++i) {
      const std::string m = RandomMember(rng);
      if (z.Find(m) != nullptr) continue;
      z.Insert(m, 0);
      ZlInsert(lp, m, 0);
      model.emplace(0, m);
    }
    for (int q = 0; q < 200; ++q) {
      LexHolder h;
      RandomLex(rng, &h);
      const auto want = InLex(model, h.r);
      const ZSet::Node* f = z.FirstInLexRange(h.r);
      const ZSet::Node* l = z.LastInLexRange(h.r);
      const ZlPos lf = ZlFirstInLexRange(lp, h.r), ll = ZlLastInLexRange(lp, h.r);
      char buf[Listpack::kIntBufBytes];
      if (want.empty()) {
        ASSERT_EQ(f, nullptr);
        ASSERT_EQ(l, nullptr);
        ASSERT_EQ(lf, Listpack::kNoPos);
        ASSERT_EQ(ll, Listpack::kNoPos);
        continue;
      }
      ASSERT_NE(f, nullptr);
      ASSERT_NE(l, nullptr);
      ASSERT_EQ(f->member(), want.front().second);
      ASSERT_EQ(l->member(), want.back().second);
      ASSERT_EQ(lp.Get(lf).View(buf), want.front().second);
      ASSERT_EQ(lp.Get(ll).View(buf), want.back().second);
      if (absl::Bernoulli(rng, 0.1)) {
        ASSERT_EQ(z.DeleteRangeByLex(h.r), want.size());
        ASSERT_EQ(ZlDeleteRangeByLex(lp, h.r), want.size());
        for (const auto& e : want) model.erase(e);
        ASSERT_EQ(z.CheckInvariants(), "");
        ASSERT_EQ(Walk(z), Walk(lp));
      }
    }
  }
}

TEST(ZSetTest, ScanReturnsEveryStableMemberUnderChurn) {
  absl::BitGen rng;
  ZSet z;
  for (int i = 0; i < 3000; ++i) z.Insert("stable" + std::to_string(i), i);
  std::set<std::string> seen;
  uint64_t cursor = 0;
  int extra = 0;
  do {
    cursor = z.Scan(cursor, 20, [&](const ZSet::Node* n) { seen.emplace(n->member()); });
    for (int k = 0; k < 30; ++k) z.Insert("churn" + std::to_string(extra++), absl::Uniform(rng, 0, 100));
  } while (cursor != 0);
  for (int i = 0; i < 3000; ++i) ASSERT_TRUE(seen.count("stable" + std::to_string(i))) << i;
  EXPECT_EQ(z.CheckInvariants(), "");
}

TEST(ZSetTest, RandomReachesEveryMember) {
  absl::BitGen rng;
  ZSet z;
  for (int i = 0; i < 300; ++i) z.Insert("m" + std::to_string(i), i % 7);
  std::map<std::string, int> hits;
  for (int i = 0; i < 300 * 200; ++i) hits[std::string(z.Random(rng)->member())]++;
  EXPECT_EQ(hits.size(), 300u);
  for (const auto& [m, n] : hits) {
    EXPECT_GT(n, 200 * 0.6) << m;
    EXPECT_LT(n, 200 * 1.4) << m;
  }
}

TEST(ZSetTest, AllocatedBytesFollowsTheMembers) {
  ZSet z;
  const size_t empty = z.AllocatedBytes();
  for (int i = 0; i < 1000; ++i) z.Insert(std::string(100, 'a') + std::to_string(i), i);
  EXPECT_GT(z.AllocatedBytes(), empty + 1000 * 124);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(z.Erase(std::string(100, 'a') + std::to_string(i)));
  EXPECT_LT(z.AllocatedBytes(), empty + 4096);
  EXPECT_EQ(z.CheckInvariants(), "");
}

// ---- the listpack encoding ----

TEST(ZsetListpackTest, ScoresAreStoredAsRedisWritesThem) {
  char buf[kZlScoreBufBytes];
  EXPECT_EQ(ZlScoreText(3, buf), "3");
  EXPECT_EQ(ZlScoreText(-0.0, buf), "0");  // double2ll accepts -0
  EXPECT_EQ(ZlScoreText(1.5, buf), "1.5");
  EXPECT_EQ(ZlScoreText(0.1, buf), "0.10000000000000001");
  EXPECT_EQ(ZlScoreText(kInf, buf), "inf");
  EXPECT_EQ(ZlScoreText(-kInf, buf), "-inf");
  EXPECT_EQ(ZlScoreText(4611686018427387904.0, buf), "4611686018427387904");  // 2^62: LLONG_MAX/2 as a double
  EXPECT_EQ(ZlScoreText(1e19, buf), "1e+19");  // past it: text
  EXPECT_EQ(ZlScoreText(-4611686018427387904.0 / 2, buf), "-2305843009213693952");
  Listpack lp;
  ZlInsert(lp, "a", 7);
  ZlInsert(lp, "b", 1.5);
  // "b" 1.5 then "a" 7: the int score is an int entry, the other a string.
  ZlPos e = lp.First();
  EXPECT_EQ(lp.Get(e).str, "b");
  EXPECT_FALSE(lp.Get(lp.Next(e)).is_int);
  e = ZlNext(lp, e);
  EXPECT_TRUE(lp.Get(lp.Next(e)).is_int);
  EXPECT_EQ(ZlScoreAt(lp, lp.Next(e)), 7);
}

TEST(ZsetListpackTest, RandomOperationsAgainstAModel) {
  absl::BitGen rng;
  for (int round = 0; round < 8; ++round) {
    Listpack lp;
    Model model(ModelLess);
    std::map<std::string, double> scores;
    for (int step = 0; step < 800; ++step) {
      const int op = absl::Uniform(rng, 0, 100);
      const std::string m = RandomMember(rng);
      if (op < 50) {
        const double s = RandomScore(rng);
        double cur;
        const ZlPos p = ZlFind(lp, m, &cur);
        ASSERT_EQ(p != Listpack::kNoPos, scores.count(m) != 0);
        if (p != Listpack::kNoPos) {
          ASSERT_EQ(cur, scores[m]);
          ZlDelete(lp, p);
          model.erase({cur, m});
        }
        ZlInsert(lp, m, s);
        model.emplace(s, m);
        scores[m] = s;
      } else if (op < 65) {
        const ZlPos p = ZlFind(lp, m, nullptr);
        if (p != Listpack::kNoPos) {
          ZlDelete(lp, p);
          model.erase({scores[m], m});
          scores.erase(m);
        }
      } else if (op < 80) {
        const ZScoreRange r = RandomRange(rng);
        const auto want = InRange(model, r);
        const ZlPos f = ZlFirstInRange(lp, r), l = ZlLastInRange(lp, r);
        char buf[Listpack::kIntBufBytes];
        if (want.empty()) {
          ASSERT_EQ(f, Listpack::kNoPos);
          ASSERT_EQ(l, Listpack::kNoPos);
        } else {
          ASSERT_EQ(lp.Get(f).View(buf), want.front().second);
          ASSERT_EQ(lp.Get(l).View(buf), want.back().second);
        }
        if (absl::Bernoulli(rng, 0.2)) {
          ASSERT_EQ(ZlDeleteRangeByScore(lp, r), want.size());
          for (const auto& e : want) {
            model.erase(e);
            scores.erase(e.second);
          }
        }
      } else if (!model.empty()) {
        const auto a = absl::Uniform<uint32_t>(rng, 0, static_cast<uint32_t>(model.size()));
        const auto b = absl::Uniform<uint32_t>(rng, a, static_cast<uint32_t>(model.size()));
        std::vector<std::pair<double, std::string>> gone(std::next(model.begin(), a), std::next(model.begin(), b + 1));
        ASSERT_EQ(ZlDeleteRangeByRank(lp, a, b), gone.size());
        for (const auto& e : gone) {
          model.erase(e);
          scores.erase(e.second);
        }
      }
      ASSERT_EQ(ZlLength(lp), model.size());
      ASSERT_EQ(ZlCheckOrder(lp), "");
      ASSERT_TRUE(Listpack::Validate(lp.view(), true));
    }
    const std::vector<std::pair<double, std::string>> all(model.begin(), model.end());
    ASSERT_EQ(Walk(lp), all);
  }
}

}  // namespace
}  // namespace ringkv::ds

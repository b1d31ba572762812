// LCS against Redis 7.0: the LCS command documentation's example and replies of a real redis-server 7.0.15
// (LCS k1 k2; LCS k1 k2 IDX WITHMATCHLEN; LCS k1 k2 IDX MINMATCHLEN 2) for the same inputs.
#include "ds/lcs.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace ringkv::ds {
namespace {

constexpr uint64_t kProtoMaxBulkLen = 512ull * 1024 * 1024;

// A match as the IDX reply shows it: [[a_start, a_end], [b_start, b_end], len].
using M = std::tuple<size_t, size_t, size_t, size_t, size_t>;

std::vector<M> AsTuples(const std::vector<LcsMatch>& matches) {
  std::vector<M> out;
  for (const auto& m : matches) out.emplace_back(m.a_start, m.a_end, m.b_start, m.b_end, m.len);
  return out;
}

LcsResult Lcs(std::string_view a, std::string_view b, bool want_string, bool want_matches, uint64_t min_len = 0) {
  LcsResult r;
  LcsOptions opt;
  opt.want_string = want_string;
  opt.want_matches = want_matches;
  opt.min_match_len = min_len;
  EXPECT_EQ(ComputeLcs(a, b, opt, kProtoMaxBulkLen, &r), LcsStatus::kOk);
  return r;
}

TEST(LcsTest, DocumentationExample) {
  const LcsResult s = Lcs("ohmytext", "mynewtext", true, false);
  EXPECT_EQ(s.lcs, "mytext");
  EXPECT_EQ(s.len, 6u);
  EXPECT_TRUE(s.matches.empty());

  EXPECT_EQ(Lcs("ohmytext", "mynewtext", false, false).len, 6u);  // LCS key1 key2 LEN

  const LcsResult idx = Lcs("ohmytext", "mynewtext", false, true);  // LCS key1 key2 IDX
  EXPECT_EQ(idx.len, 6u);
  EXPECT_EQ(AsTuples(idx.matches), (std::vector<M>{{4, 7, 5, 8, 4}, {2, 3, 0, 1, 2}}));

  // LCS key1 key2 IDX MINMATCHLEN 4 WITHMATCHLEN
  EXPECT_EQ(AsTuples(Lcs("ohmytext", "mynewtext", false, true, 4).matches), (std::vector<M>{{4, 7, 5, 8, 4}}));
}

struct ServerCase {
  const char* a;
  const char* b;
  const char* lcs;
  std::vector<M> matches;        // IDX WITHMATCHLEN
  std::vector<size_t> min2_a;    // a_start of each range kept by MINMATCHLEN 2
};

TEST(LcsTest, MatchesRealServer) {
  const std::vector<ServerCase> cases = {
      {"abcbdab", "bdcaba", "bdab", {{5, 6, 3, 4, 2}, {3, 4, 0, 1, 2}}, {5, 3}},
      {"", "abc", "", {}, {}},
      {"abc", "", "", {}, {}},
      {"aaaa", "aa", "aa", {{2, 3, 0, 1, 2}}, {2}},
      {"abab", "baba", "bab", {{1, 3, 0, 2, 3}}, {1}},
      {"xyz", "abc", "", {}, {}},
      {"AGGTAB", "GXTXAYB", "GTAB", {{5, 5, 6, 6, 1}, {4, 4, 4, 4, 1}, {3, 3, 2, 2, 1}, {2, 2, 0, 0, 1}}, {}},
      {"abcaacabca", "aaabbaaacbaca", "abaaabca",
       {{8, 9, 11, 12, 2}, {7, 7, 9, 9, 1}, {6, 6, 7, 7, 1}, {3, 4, 5, 6, 2}, {0, 1, 2, 3, 2}}, {8, 3, 0}},
      {"cccaccba", "acabbaca", "acba", {{7, 7, 7, 7, 1}, {6, 6, 4, 4, 1}, {5, 5, 1, 1, 1}, {3, 3, 0, 0, 1}}, {}},
      {"bccaacccabacca", "acabccbbbcbbba", "acabcca",
       {{13, 13, 13, 13, 1}, {12, 12, 9, 9, 1}, {11, 11, 5, 5, 1}, {7, 9, 1, 3, 3}, {4, 4, 0, 0, 1}}, {7}},
      {"caacbcb", "cbbcaacbab", "caacbb", {{6, 6, 9, 9, 1}, {0, 4, 3, 7, 5}}, {0}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.a) + " / " + c.b);
    EXPECT_EQ(Lcs(c.a, c.b, true, false).lcs, c.lcs);
    const LcsResult idx = Lcs(c.a, c.b, false, true);
    EXPECT_EQ(idx.len, std::string(c.lcs).size());
    EXPECT_EQ(AsTuples(idx.matches), c.matches);
    std::vector<size_t> kept;
    for (const auto& m : Lcs(c.a, c.b, false, true, 2).matches) kept.push_back(m.a_start);
    EXPECT_EQ(kept, c.min2_a);
  }
}

TEST(LcsTest, TableLimitIsProtoMaxBulkLen) {
  // With proto-max-bulk-len 1mb the real server refuses 600x600 (601*601*4 bytes) but answers LEN for
  // 400x600 (401*601*4 = 963604 bytes).
  const uint64_t one_mb = 1024 * 1024;
  LcsResult r;
  LcsOptions len_only;
  len_only.want_string = false;
  EXPECT_EQ(ComputeLcs(std::string(600, 'x'), std::string(600, 'y'), LcsOptions(), one_mb, &r),
            LcsStatus::kTableTooLarge);
  EXPECT_EQ(ComputeLcs(std::string(600, 'x'), std::string(600, 'y'), len_only, one_mb, &r),
            LcsStatus::kTableTooLarge);
  EXPECT_EQ(ComputeLcs(std::string(400, 'x'), std::string(600, 'y'), len_only, one_mb, &r), LcsStatus::kOk);
  EXPECT_EQ(r.len, 0u);
  // The boundary is inclusive: exactly the limit is allowed.
  EXPECT_EQ(ComputeLcs(std::string(3, 'a'), std::string(3, 'a'), LcsOptions(), 4 * 16, &r), LcsStatus::kOk);
  EXPECT_EQ(r.lcs, "aaa");
  EXPECT_EQ(ComputeLcs(std::string(3, 'a'), std::string(3, 'a'), LcsOptions(), 4 * 16 - 1, &r),
            LcsStatus::kTableTooLarge);
  EXPECT_TRUE(r.lcs.empty());
}

bool IsSubsequence(std::string_view sub, std::string_view s) {
  size_t i = 0;
  for (char c : s) {
    if (i < sub.size() && sub[i] == c) ++i;
  }
  return i == sub.size();
}

TEST(LcsTest, RandomInputsAreConsistent) {
  std::mt19937_64 rng(9);
  for (int round = 0; round < 300; ++round) {
    auto gen = [&rng](size_t n) {
      std::string s(n, ' ');
      for (auto& ch : s) ch = static_cast<char>('a' + rng() % 3);
      return s;
    };
    const std::string a = gen(rng() % 40);
    const std::string b = gen(rng() % 40);
    const LcsResult full = Lcs(a, b, true, true);
    const LcsResult len_only = Lcs(a, b, false, false);
    ASSERT_EQ(full.len, len_only.len);
    ASSERT_EQ(full.lcs.size(), full.len);
    ASSERT_TRUE(IsSubsequence(full.lcs, a));
    ASSERT_TRUE(IsSubsequence(full.lcs, b));
    // Ranges come last-to-first, cover the LCS exactly, and each is a real common substring.
    std::string rebuilt;
    size_t prev_a = a.size(), prev_b = b.size();
    for (const auto& m : full.matches) {
      ASSERT_EQ(m.len, m.a_end - m.a_start + 1);
      ASSERT_EQ(m.len, m.b_end - m.b_start + 1);
      ASSERT_LT(m.a_end, prev_a);
      ASSERT_LT(m.b_end, prev_b);
      ASSERT_EQ(a.substr(m.a_start, m.len), b.substr(m.b_start, m.len));
      rebuilt.insert(0, a.substr(m.a_start, m.len));
      prev_a = m.a_start;
      prev_b = m.b_start;
    }
    ASSERT_EQ(rebuilt, full.lcs);
  }
}

}  // namespace
}  // namespace ringkv::ds

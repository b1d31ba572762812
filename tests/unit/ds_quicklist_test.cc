// ds::Quicklist against a std::deque model: random pushes, pops, replaces, range deletes, cursor inserts and
// deletes and reads in both directions, under every fill (-5..-1, counts) and compress depth, with small
// packed thresholds so PLAIN nodes take part; Verify() checks the invariants after every step. Node layouts
// that redis-server 7.0.15 was seen to reach are checked exactly (the first split of a growing list).
#include "ds/quicklist.h"

#include <gtest/gtest.h>

#include <deque>
#include <random>
#include <string>
#include <vector>

namespace ringkv::ds {
namespace {

std::string ElemString(const Quicklist::Elem& e) { return e.ToString(); }

std::vector<std::string> ReadAll(const Quicklist& ql, bool forward) {
  std::vector<std::string> out;
  Quicklist::Reader r(ql, forward ? 0 : -1, forward);
  Quicklist::Elem e;
  while (r.Next(&e)) out.push_back(ElemString(e));
  return out;
}

void ExpectSame(const Quicklist& ql, const std::deque<std::string>& model, const std::string& where) {
  std::string why;
  ASSERT_TRUE(ql.Verify(&why)) << where << ": " << why;
  ASSERT_EQ(ql.size(), model.size()) << where;
  const std::vector<std::string> fwd = ReadAll(ql, true);
  ASSERT_EQ(fwd, std::vector<std::string>(model.begin(), model.end())) << where;
  std::vector<std::string> bwd = ReadAll(ql, false);
  std::reverse(bwd.begin(), bwd.end());
  ASSERT_EQ(bwd, fwd) << where;
}

// Restores the default packed threshold after a test that changed it.
struct ThresholdGuard {
  ~ThresholdGuard() { Quicklist::SetPackedThreshold(0); }
};

std::string RandomElem(std::mt19937_64& rng, size_t big) {
  switch (rng() % 8) {
    case 0: return std::to_string(static_cast<int64_t>(rng() % 2000) - 1000);
    case 1: return std::to_string(static_cast<int64_t>(rng()));
    case 2: return std::string(rng() % 4, 'x');
    case 3: return std::string(big + rng() % 8, 'P');  // at or past a small packed threshold: PLAIN
    case 4: {
      // Compressible and not: long runs and random bytes.
      std::string s(20 + rng() % 300, 'a');
      if (rng() % 2) for (char& c : s) c = static_cast<char>(rng());
      return s;
    }
    default: return "e" + std::to_string(rng() % 500);
  }
}

void RunRandom(int fill, int compress, uint64_t seed, size_t threshold, int steps) {
  ThresholdGuard guard;
  ASSERT_TRUE(Quicklist::SetPackedThreshold(threshold));
  std::mt19937_64 rng(seed);
  Quicklist ql(fill, compress);
  std::deque<std::string> model;
  const size_t big = threshold == 0 ? 100 : threshold;
  for (int step = 0; step < steps; ++step) {
    const std::string where = "fill " + std::to_string(fill) + " compress " + std::to_string(compress) + " seed " +
                              std::to_string(seed) + " step " + std::to_string(step);
    const uint64_t op = rng() % 100;
    const int64_t n = static_cast<int64_t>(model.size());
    if (op < 35) {
      const std::string s = RandomElem(rng, big);
      const int k = 1 + static_cast<int>(rng() % 6);
      for (int i = 0; i < k; ++i) {
        if (rng() % 2) {
          ql.Push(Quicklist::End::kHead, s);
          model.push_front(s);
        } else {
          ql.Push(Quicklist::End::kTail, s);
          model.push_back(s);
        }
      }
    } else if (op < 45) {
      if (n == 0) continue;
      if (rng() % 2) {
        ASSERT_EQ(ElemString(ql.Peek(Quicklist::End::kHead)), model.front()) << where;
        ql.Pop(Quicklist::End::kHead);
        model.pop_front();
      } else {
        ASSERT_EQ(ElemString(ql.Peek(Quicklist::End::kTail)), model.back()) << where;
        ql.Pop(Quicklist::End::kTail);
        model.pop_back();
      }
    } else if (op < 55) {
      const int64_t idx = static_cast<int64_t>(rng() % (n + 3)) - (rng() % 2 ? n + 1 : 0);
      const std::string s = RandomElem(rng, big);
      const bool ok = ql.Replace(idx, s);
      const int64_t real = idx < 0 ? idx + n : idx;
      ASSERT_EQ(ok, real >= 0 && real < n) << where;
      if (ok) model[static_cast<size_t>(real)] = s;
    } else if (op < 62) {
      // Range deletes as LTRIM and LPOP/RPOP with a count use them.
      const int64_t start = rng() % 2 ? static_cast<int64_t>(rng() % (n + 2)) : -static_cast<int64_t>(rng() % (n + 2));
      const int64_t count = static_cast<int64_t>(rng() % (n + 3)) - 1;
      ql.DeleteRange(start, count);
      int64_t s0 = start < 0 ? start + n : start;
      if (count > 0 && s0 >= 0 && s0 < n) {
        int64_t extent = count;
        if (start >= 0 && extent > n - start) extent = n - start;
        if (start < 0 && extent > -start) extent = -start;
        model.erase(model.begin() + s0, model.begin() + s0 + extent);
      }
    } else if (op < 77) {
      // LINSERT: before/after the first element equal to a pivot, scanning from the head.
      if (n == 0) continue;
      const std::string pivot = model[rng() % model.size()];
      const std::string s = RandomElem(rng, big);
      const bool after = rng() % 2;
      Quicklist::Cursor c(ql, 0, true);
      Quicklist::Elem e;
      while (c.Next(&e)) {
        if (e.Equals(pivot)) {
          c.Insert(s, after);
          break;
        }
      }
      auto it = std::find(model.begin(), model.end(), pivot);
      model.insert(after ? it + 1 : it, s);
    } else if (op < 87) {
      // LREM: remove up to k elements equal to a value, from the head or the tail.
      if (n == 0) continue;
      const std::string v = model[rng() % model.size()];
      const bool forward = rng() % 2;
      const int64_t k = static_cast<int64_t>(rng() % 4);
      int64_t removed = 0;
      {
        Quicklist::Cursor c(ql, forward ? 0 : -1, forward);
        Quicklist::Elem e;
        while (c.Next(&e)) {
          if (e.Equals(v)) {
            c.DeleteCurrent();
            if (++removed == k) break;
          }
        }
      }
      int64_t left = k == 0 ? INT64_MAX : k;
      if (forward) {
        for (auto it = model.begin(); it != model.end() && left > 0;) {
          if (*it == v) {
            it = model.erase(it);
            --left;
          } else {
            ++it;
          }
        }
      } else {
        for (int64_t i = static_cast<int64_t>(model.size()) - 1; i >= 0 && left > 0; --i) {
          if (model[static_cast<size_t>(i)] == v) {
            model.erase(model.begin() + i);
            --left;
          }
        }
      }
    } else if (op < 95) {
      // A read from a random index in either direction (LRANGE, LINDEX, LPOS).
      if (n == 0) continue;
      const int64_t idx = static_cast<int64_t>(rng() % n);
      const bool forward = rng() % 2;
      Quicklist::Reader r(ql, rng() % 2 ? idx : idx - n, forward);
      Quicklist::Elem e;
      int64_t i = idx;
      for (int k = 0; k < 50 && r.Next(&e); ++k) {
        ASSERT_EQ(ElemString(e), model[static_cast<size_t>(i)]) << where;
        i += forward ? 1 : -1;
      }
    } else {
      Quicklist copy(ql);
      ExpectSame(copy, model, where + " (copy)");
    }
    ExpectSame(ql, model, where);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(QuicklistTest, RandomOpsEveryFillAndDepth) {
  uint64_t seed = 1;
  for (int fill : {-5, -4, -3, -2, -1, 1, 2, 3, 5, 16, 128}) {
    for (int compress : {0, 1, 2, 3}) {
      RunRandom(fill, compress, seed++, 0, 400);
      if (HasFatalFailure()) return;
    }
  }
}

TEST(QuicklistTest, RandomOpsWithPlainNodes) {
  uint64_t seed = 100;
  for (int fill : {-2, -1, 2, 7}) {
    for (int compress : {0, 1, 2}) {
      RunRandom(fill, compress, seed++, 40, 500);
      if (HasFatalFailure()) return;
    }
  }
}

// The first node split of a growing list, as redis-server 7.0.15 showed it (DEBUG OBJECT ql_nodes going
// from 1 to 2 after this many RPUSHes).
TEST(QuicklistTest, NodeFillMatchesRedis) {
  struct Case {
    int fill;
    std::string elem;
    size_t per_node;
  };
  const std::vector<Case> cases = {
      {-1, "a", 1361}, {-1, "ab", 1020}, {-1, std::string(63, 'x'), 62}, {-1, std::string(64, 'x'), 60},
      {5, "a", 5},     {-2, "a", 2726},  {-1, "7", 2041},
  };
  for (const Case& c : cases) {
    Quicklist ql(c.fill, 0);
    size_t pushed = 0;
    while (ql.node_count() < 2) {
      ql.Push(Quicklist::End::kTail, c.elem);
      ++pushed;
    }
    EXPECT_EQ(pushed - 1, c.per_node) << "fill " << c.fill << " elem of " << c.elem.size();
  }
}

TEST(QuicklistTest, PlainNodesFromThePackedThreshold) {
  ThresholdGuard guard;
  EXPECT_FALSE(Quicklist::SetPackedThreshold((uint64_t{1} << 32) - (uint64_t{1} << 20) + 1));
  EXPECT_TRUE(Quicklist::SetPackedThreshold(100));
  Quicklist ql(-2, 0);
  ql.Push(Quicklist::End::kTail, "a");
  ql.Push(Quicklist::End::kTail, "b");
  ql.Push(Quicklist::End::kTail, std::string(100, 'x'));
  ql.Push(Quicklist::End::kTail, "c");
  EXPECT_EQ(ql.node_count(), 3u);
  EXPECT_EQ(ql.UncompressedBytes(), 13u + 100u + 10u);  // [a b], the plain element, [c]
  EXPECT_TRUE(ql.head()->next->plain);
  // A large replace of a packed element inside a node splits it around a plain node.
  Quicklist ql2(-2, 0);
  for (const char* s : {"a", "b", "c"}) ql2.Push(Quicklist::End::kTail, s);
  ASSERT_TRUE(ql2.Replace(1, std::string(150, 'y')));
  EXPECT_EQ(ql2.node_count(), 3u);
  EXPECT_EQ(ReadAll(ql2, true), (std::vector<std::string>{"a", std::string(150, 'y'), "c"}));
  std::string why;
  EXPECT_TRUE(ql2.Verify(&why)) << why;
}

TEST(QuicklistTest, CompressesInnerNodesOnlyWhenItSaves) {
  Quicklist ql(4, 1);
  // 5 nodes of 4 compressible elements, then 5 of random bytes that LZF cannot shrink.
  for (int i = 0; i < 20; ++i) ql.Push(Quicklist::End::kTail, std::string(50, 'a' + i % 3));
  EXPECT_EQ(ql.node_count(), 5u);
  EXPECT_EQ(ql.CompressedNodes(), 3u);  // all but the head and the tail
  std::mt19937_64 rng(7);
  Quicklist noisy(4, 1);
  for (int i = 0; i < 20; ++i) {
    std::string s(50, '\0');
    for (char& c : s) c = static_cast<char>(rng());
    noisy.Push(Quicklist::End::kTail, s);
  }
  EXPECT_EQ(noisy.CompressedNodes(), 0u);
  // Reading never changes the nodes: a compressed node is decoded into the reader's own buffer.
  EXPECT_EQ(ReadAll(ql, true).size(), 20u);
  EXPECT_EQ(ql.CompressedNodes(), 3u);
  // A depth of 3 on 5 nodes: nothing to compress (fewer than 2 x depth + 1 nodes... Redis's rule is len <
  // 2 x depth: 5 >= 6 is false).
  Quicklist shallow(4, 3);
  for (int i = 0; i < 20; ++i) shallow.Push(Quicklist::End::kTail, std::string(50, 'a'));
  EXPECT_EQ(shallow.CompressedNodes(), 0u);
}

TEST(QuicklistTest, SettingsAreClamped) {
  EXPECT_EQ(Quicklist(-9, 0).fill(), -5);
  EXPECT_EQ(Quicklist(100000, 0).fill(), 32767);
  EXPECT_EQ(Quicklist(-2, -4).compress_depth(), 0);
  EXPECT_EQ(Quicklist(-2, 70000).compress_depth(), 65535);
}

}  // namespace
}  // namespace ringkv::ds

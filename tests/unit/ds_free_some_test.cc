// Freeing in slices (the loop's stepwise lazy free, core/lazyfree.h): Dict::DrainSome and the FreeSome of
// StringSet, StringMap and ZSet. Each slice is bounded (what the budget allows plus at most one segment), the
// slices together free everything exactly once, and a structure abandoned half-freed is still freed whole by
// its destructor (the ASan build checks there is no leak and no double free).
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "ds/dict.h"
#include "ds/string_map.h"
#include "ds/string_set.h"
#include "ds/zset.h"

namespace ringkv::ds {
namespace {

struct Node {
  std::string key;
};
struct Traits {
  static constexpr size_t kSegmentMaxEntries = 32;
  static std::string_view Key(const Node* n) { return n->key; }
  static uint64_t Hash(std::string_view key) { return DefaultHash(key); }
};
using TestDict = Dict<Node, Traits>;

TEST(DictDrainSome, RemovesWholeSegmentsUntilTheBudgetAndEveryNodeOnce) {
  TestDict d;
  constexpr size_t kN = 20000;
  for (size_t i = 0; i < kN; ++i) ASSERT_TRUE(d.Insert(new Node{"k" + std::to_string(i)}));
  std::unordered_set<const Node*> seen;
  size_t calls = 0;
  while (!d.empty()) {
    const size_t before = d.size();
    const size_t n = d.DrainSome(100, [&](Node* node) {
      EXPECT_TRUE(seen.insert(node).second);
      delete node;
    });
    ++calls;
    EXPECT_EQ(before - d.size(), n);
    // At least the budget (unless the dict ran out), at most the budget plus one segment.
    if (!d.empty()) {
      EXPECT_GE(n, 100u);
    }
    EXPECT_LT(n, 100u + 2 * Traits::kSegmentMaxEntries);
  }
  EXPECT_EQ(seen.size(), kN);
  EXPECT_GE(calls, kN / (100 + 2 * Traits::kSegmentMaxEntries));
  EXPECT_EQ(d.DrainSome(100, [](Node*) { ADD_FAILURE(); }), 0u);
}

TEST(DictDrainSome, AHalfDrainedDictStillClearsAndDestroys) {
  TestDict d;
  for (int i = 0; i < 5000; ++i) d.Insert(new Node{"k" + std::to_string(i)});
  size_t freed = d.DrainSome(1000, [](Node* n) { delete n; });
  EXPECT_GE(freed, 1000u);
  EXPECT_EQ(d.size(), 5000u - freed);
  d.Clear([&](Node* n) {
    delete n;
    ++freed;
  });
  EXPECT_EQ(freed, 5000u);
  EXPECT_TRUE(d.empty());
}

// Runs FreeSome with the given budget per slice until done; returns the number of slices.
template <class T>
size_t FreeInSlices(T* s, size_t budget_per_slice, size_t elements) {
  size_t slices = 0;
  for (;;) {
    size_t budget = budget_per_slice;
    const bool done = s->FreeSome(&budget);
    ++slices;
    EXPECT_LE(budget, budget_per_slice);
    if (done) break;
    EXPECT_EQ(budget, 0u) << "a slice that is not the last uses its whole budget";
    EXPECT_LT(slices, elements + 2) << "no progress";
    if (slices > elements + 2) break;
  }
  return slices;
}

TEST(FreeSome, StringSetBothTiers) {
  auto small = std::make_unique<StringSet>();
  for (int i = 0; i < 50; ++i) small->Insert("m" + std::to_string(i));
  EXPECT_EQ(FreeInSlices(small.get(), 1000, 50), 1u);
  small.reset();

  auto big = std::make_unique<StringSet>();
  for (int i = 0; i < 100000; ++i) big->Insert("member:" + std::to_string(i));
  const size_t slices = FreeInSlices(big.get(), 1000, 100000);
  EXPECT_GE(slices, 90u);  // ~100 slices of ~1000 (plus a segment)
  EXPECT_LE(slices, 101u);
  big.reset();
}

TEST(FreeSome, StringMapWithTtlFields) {
  auto m = std::make_unique<StringMap>();
  for (int i = 0; i < 30000; ++i) {
    const std::string f = "field:" + std::to_string(i);
    m->Set(f, std::string(i % 50, 'v'));
    if (i % 7 == 0) m->SetTtl(f, 4000000000000 + i);
  }
  EXPECT_GE(FreeInSlices(m.get(), 500, 30000), 50u);
  m.reset();
}

TEST(FreeSome, ZSetDictThenNodes) {
  auto z = std::make_unique<ZSet>();
  for (int i = 0; i < 50000; ++i) z->Insert("m" + std::to_string(i), i % 1000);
  const size_t slices = FreeInSlices(z.get(), 1000, 50000);
  EXPECT_GE(slices, 50u);  // the nodes alone take 50 slices; the dict a few more
  EXPECT_LE(slices, 60u);
  z.reset();
}

// Abandoned half-way (a server exiting with slices pending): the destructor frees the rest.
TEST(FreeSome, HalfFreedStructuresDestroyCleanly) {
  auto s = std::make_unique<StringSet>();
  auto m = std::make_unique<StringMap>();
  auto z = std::make_unique<ZSet>();
  for (int i = 0; i < 20000; ++i) {
    const std::string k = "k" + std::to_string(i);
    s->Insert(k);
    m->Set(k, "v");
    if (i % 3 == 0) m->SetTtl(k, 4000000000000);
    z->Insert(k, i);
  }
  for (size_t budget : {5000, 1, 100}) {
    size_t b1 = budget, b2 = budget, b3 = budget;
    EXPECT_FALSE(s->FreeSome(&b1));
    EXPECT_FALSE(m->FreeSome(&b2));
    EXPECT_FALSE(z->FreeSome(&b3));
  }
  s.reset();
  m.reset();
  z.reset();
}

}  // namespace
}  // namespace ringkv::ds

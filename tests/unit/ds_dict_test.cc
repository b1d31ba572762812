// Tests for ds::Dict: model-checked operations, the growth bound (no step moves more than S entries), the
// SCAN guarantee under heavy churn, equal-hash runs, degenerate hashes, Random and the hash's top bits.
// RINGKV_DICT_TEST_SCALE (default 1) scales the big tests, e.g. 0.3 under a sanitizer.
#include "ds/dict.h"

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <absl/random/random.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ringkv::ds {
namespace {

struct TestNode {
  std::string key;
  uint64_t id = 0;
};

struct TestTraits {
  static std::string_view Key(const TestNode* n) { return n->key; }
  static uint64_t Hash(std::string_view key) { return DefaultHash(key); }
};
// Tiny segments: a few thousand keys already mean hundreds of splits and merges.
struct SmallTraits : TestTraits {
  static constexpr size_t kSegmentMaxEntries = 32;
};
struct MidTraits : TestTraits {
  static constexpr size_t kSegmentMaxEntries = 64;
};
// Heavy collisions, but spread over the hash line: every key of one length shares one hash.
struct LengthMixedTraits : TestTraits {
  static constexpr size_t kSegmentMaxEntries = 32;
  static uint64_t Hash(std::string_view key) { return (key.size() + 1) * 0x9E3779B97F4A7C15ull; }
};
// Degenerate: tiny hash values, so every key has the same top bits (splits cannot separate them).
struct RawLengthTraits : TestTraits {
  static constexpr size_t kSegmentMaxEntries = 32;
  static uint64_t Hash(std::string_view key) { return key.size(); }
};
// The hash is the number after "h:", so tests can put entries exactly at 0 and UINT64_MAX.
struct ExplicitHashTraits : TestTraits {
  static constexpr size_t kSegmentMaxEntries = 16;
  static uint64_t Hash(std::string_view key) {
    const size_t colon = key.find(':');
    const size_t hash_end = key.find('/');
    return std::stoull(std::string(key.substr(colon + 1, hash_end - colon - 1)));
  }
};

double Scale() {
  const char* env = std::getenv("RINGKV_DICT_TEST_SCALE");
  return env == nullptr ? 1.0 : std::atof(env);
}
size_t Scaled(size_t n) { return std::max<size_t>(1, static_cast<size_t>(static_cast<double>(n) * Scale())); }

// Owns the nodes a test puts in a Dict, keyed by key, and mirrors what the Dict should hold.
class Model {
 public:
  TestNode* Make(std::string key) {
    auto node = std::make_unique<TestNode>();
    node->key = std::move(key);
    node->id = next_id_++;
    TestNode* raw = node.get();
    pending_.push_back(std::move(node));
    return raw;
  }
  // Moves a node made by Make() into the model after the Dict accepted it.
  void Adopt(TestNode* node) {
    for (auto& p : pending_) {
      if (p.get() == node) {
        live_[node->key] = std::move(p);
        p = std::move(pending_.back());
        pending_.pop_back();
        return;
      }
    }
    FAIL() << "adopting a node that was not made";
  }
  void DropPending() { pending_.clear(); }
  void Remove(const std::string& key) { live_.erase(key); }
  TestNode* Get(const std::string& key) const {
    auto it = live_.find(key);
    return it == live_.end() ? nullptr : it->second.get();
  }
  size_t size() const { return live_.size(); }
  const std::unordered_map<std::string, std::unique_ptr<TestNode>>& live() const { return live_; }

 private:
  uint64_t next_id_ = 1;
  std::vector<std::unique_ptr<TestNode>> pending_;
  std::unordered_map<std::string, std::unique_ptr<TestNode>> live_;
};

template <class D>
std::vector<TestNode*> ScanAll(const D& dict, size_t count, size_t* calls = nullptr) {
  std::vector<TestNode*> out;
  uint64_t cursor = 0;
  size_t n = 0;
  do {
    cursor = dict.Scan(cursor, count, [&](TestNode* node) { out.push_back(node); });
    ++n;
  } while (cursor != 0);
  if (calls != nullptr) *calls = n;
  return out;
}

TEST(DefaultHash, TopBitsAreUniform) {
  // The directory indexes segments by the top bits, so they must be as uniform as the low bits. Chi-square
  // over the top 12 bits (and the next 12) for keys shaped like real keyspaces; 4095 degrees of freedom
  // have a standard deviation of ~90, and the bound allows 6 of them.
  constexpr int kBits = 12;
  const size_t keys = Scaled(1 << 20);
  const double limit = 4095 + 6 * std::sqrt(2.0 * 4095);
  for (int pattern = 0; pattern < 4; ++pattern) {
    std::vector<double> top(1 << kBits), next(1 << kBits);
    for (size_t i = 0; i < keys; ++i) {
      std::string key;
      switch (pattern) {
        case 0: key = "key:" + std::to_string(i); break;
        case 1: key = std::to_string(i); break;
        case 2: key = "user:" + std::to_string(i * 4) + ":session"; break;
        default: key = std::string(8, '\0'); for (int b = 0; b < 8; ++b) key[b] = static_cast<char>((i >> (3 * b)) & 7);
      }
      const uint64_t h = DefaultHash(key);
      top[h >> (64 - kBits)] += 1;
      next[(h >> (64 - 2 * kBits)) & ((1 << kBits) - 1)] += 1;
    }
    const double expected = static_cast<double>(keys) / (1 << kBits);
    double chi_top = 0, chi_next = 0;
    for (int b = 0; b < (1 << kBits); ++b) {
      chi_top += (top[b] - expected) * (top[b] - expected) / expected;
      chi_next += (next[b] - expected) * (next[b] - expected) / expected;
    }
    EXPECT_LT(chi_top, limit) << "pattern " << pattern;
    EXPECT_LT(chi_next, limit) << "pattern " << pattern;
  }
}

TEST(Dict, EmptyDict) {
  Dict<TestNode, TestTraits> dict;
  absl::BitGen rng;
  EXPECT_EQ(dict.size(), 0u);
  EXPECT_TRUE(dict.empty());
  EXPECT_EQ(dict.Find("a"), nullptr);
  EXPECT_EQ(dict.Extract("a"), nullptr);
  EXPECT_EQ(dict.Random(rng), nullptr);
  bool called = false;
  EXPECT_EQ(dict.Scan(0, 10, [&](TestNode*) { called = true; }), 0u);
  EXPECT_EQ(dict.Scan(12345, 10, [&](TestNode*) { called = true; }), 0u);
  dict.ForEach([&](TestNode*) { called = true; });
  EXPECT_FALSE(called);
  EXPECT_EQ(dict.segment_count(), 0u);
  EXPECT_EQ(dict.MemoryBytes(), 0u);
  EXPECT_EQ(dict.CheckInvariants(), "");
}

// Reserve (an RDB's RESIZEDB hint): the keys it announced go in without one split or table growth, every
// invariant holds, and the dict then grows and shrinks as any other (SCAN still sees each key once).
TEST(Dict, ReserveTakesTheAnnouncedKeysWithoutSplits) {
  Dict<TestNode, TestTraits> dict;
  const size_t n = Scaled(200000);
  dict.Reserve(n);
  EXPECT_EQ(dict.CheckInvariants(), "");
  const size_t segments = dict.segment_count();
  constexpr size_t kS = Dict<TestNode, TestTraits>::kSegmentMaxEntries;
  EXPECT_GE(segments * kS * 7 / 10, n);
  std::vector<std::unique_ptr<TestNode>> nodes;
  for (size_t i = 0; i < n; ++i) {
    nodes.push_back(std::make_unique<TestNode>(TestNode{"key:" + std::to_string(i), i}));
    ASSERT_TRUE(dict.Insert(nodes.back().get()));
  }
  EXPECT_EQ(dict.stats().splits, 0u);
  EXPECT_EQ(dict.stats().largest_step_moves, 0u);  // no table grew either
  EXPECT_EQ(dict.segment_count(), segments);
  EXPECT_EQ(dict.CheckInvariants(), "");
  for (size_t i = n; i < 2 * n; ++i) {
    nodes.push_back(std::make_unique<TestNode>(TestNode{"key:" + std::to_string(i), i}));
    ASSERT_TRUE(dict.Insert(nodes.back().get()));
  }
  EXPECT_GT(dict.stats().splits, 0u);
  EXPECT_EQ(ScanAll(dict, 100).size(), 2 * n);
  for (size_t i = 0; i < 2 * n; i += 2) ASSERT_NE(dict.Extract(nodes[i]->key), nullptr);
  EXPECT_EQ(dict.CheckInvariants(), "");
  // No effect on a dict that holds something, or for a small n.
  const size_t before = dict.segment_count();
  dict.Reserve(10 * n);
  EXPECT_EQ(dict.segment_count(), before);
  Dict<TestNode, TestTraits> small;
  small.Reserve(10);
  EXPECT_EQ(small.segment_count(), 0u);
}

TEST(Dict, BasicOperations) {
  Dict<TestNode, TestTraits> dict;
  TestNode a{"alpha", 1}, b{"beta", 2}, a2{"alpha", 3};
  EXPECT_TRUE(dict.Insert(&a));
  EXPECT_TRUE(dict.Insert(&b));
  EXPECT_FALSE(dict.Insert(&a2));  // same key, other node: refused, the first one stays
  EXPECT_EQ(dict.size(), 2u);
  EXPECT_EQ(dict.Find("alpha"), &a);
  EXPECT_EQ(dict.Find("beta"), &b);
  EXPECT_EQ(dict.Find("gamma"), nullptr);
  EXPECT_EQ(dict.Find("alpha", Dict<TestNode, TestTraits>::HashOf("alpha")), &a);
  EXPECT_EQ(dict.Extract("alpha"), &a);
  EXPECT_EQ(dict.Extract("alpha"), nullptr);
  EXPECT_EQ(dict.size(), 1u);
  EXPECT_TRUE(dict.Insert(&a2));
  EXPECT_EQ(dict.Find("alpha"), &a2);
  EXPECT_EQ(dict.CheckInvariants(), "");
  dict.Clear([](TestNode*) {});
}

// Random insert/find/extract against an unordered_map, through phases of growth and shrinkage so segments
// split, merge and the directory doubles and halves many times.
template <class Traits>
void RunModelCheck(size_t ops, size_t key_space, bool expect_directory_halving) {
  Dict<TestNode, Traits> dict;
  Model model;
  absl::BitGen rng;
  size_t checks = 0;
  for (size_t i = 0; i < ops; ++i) {
    // Four phases: fill, churn, drain, churn. The insert probability moves with the phase.
    const size_t phase = (i * 4 / ops);
    const double p_insert = phase == 0 ? 0.8 : phase == 2 ? 0.03 : 0.5;
    const std::string key = "k" + std::to_string(absl::Uniform<size_t>(rng, 0, key_space));
    const double roll = absl::Uniform(rng, 0.0, 1.0);
    if (roll < p_insert) {
      TestNode* node = model.Make(key);
      const bool inserted = dict.Insert(node);
      ASSERT_EQ(inserted, model.Get(key) == nullptr) << key;
      if (inserted) model.Adopt(node);
      model.DropPending();
    } else if (roll < p_insert + (1 - p_insert) * 0.7) {
      TestNode* expected = model.Get(key);
      ASSERT_EQ(dict.Extract(key), expected) << key;
      if (expected != nullptr) model.Remove(key);
    } else {
      ASSERT_EQ(dict.Find(key), model.Get(key)) << key;
    }
    ASSERT_EQ(dict.size(), model.size());
    if (i % (ops / 20 + 1) == 0) {
      ++checks;
      ASSERT_EQ(dict.CheckInvariants(), "") << "after op " << i;
    }
  }
  ASSERT_EQ(dict.CheckInvariants(), "");
  for (const auto& [key, node] : model.live()) ASSERT_EQ(dict.Find(key), node.get());
  size_t visited = 0;
  dict.ForEach([&](TestNode* node) {
    ++visited;
    EXPECT_EQ(model.Get(node->key), node);
  });
  EXPECT_EQ(visited, model.size());
  EXPECT_LE(dict.stats().largest_step_moves, (Dict<TestNode, Traits>::kSegmentMaxEntries));
  EXPECT_EQ(dict.stats().full_segment_rehashes, 0u);
  EXPECT_EQ(dict.stats().overflow_inserts, 0u);
  size_t disposed = 0;
  dict.Clear([&](TestNode* node) {
    ++disposed;
    EXPECT_EQ(model.Get(node->key), node);
  });
  EXPECT_EQ(disposed, model.size());
  EXPECT_TRUE(dict.empty());
  EXPECT_EQ(dict.segment_count(), 0u);
  EXPECT_EQ(dict.Find(model.live().empty() ? "x" : model.live().begin()->first), nullptr);
  EXPECT_GT(checks, 0u);
  // Growth and shrinkage really happened.
  EXPECT_GT(dict.stats().splits, 10u);
  EXPECT_GT(dict.stats().merges, 10u);
  EXPECT_GT(dict.stats().directory_doublings, 2u);
  if (expect_directory_halving) {
    EXPECT_GT(dict.stats().directory_halvings, 0u);
  }
}

TEST(Dict, RandomOpsMatchModelSmallSegments) { RunModelCheck<SmallTraits>(400000, 20000, true); }
TEST(Dict, RandomOpsMatchModelDefaultSegments) { RunModelCheck<TestTraits>(600000, 100000, false); }

TEST(Dict, DuplicateInsertIntoFullSegmentChangesNothing) {
  Dict<TestNode, SmallTraits> dict;
  Model model;
  std::vector<TestNode*> nodes;
  for (int i = 0; i < 5000; ++i) {
    TestNode* n = model.Make("d" + std::to_string(i));
    ASSERT_TRUE(dict.Insert(n));
    model.Adopt(n);
  }
  const auto splits = dict.stats().splits;
  const size_t segments = dict.segment_count();
  // Some segments are full now (S entries); re-inserting their keys must neither split nor insert.
  for (int i = 0; i < 5000; ++i) {
    TestNode dup{"d" + std::to_string(i), 0};
    ASSERT_FALSE(dict.Insert(&dup));
  }
  EXPECT_EQ(dict.stats().splits, splits);
  EXPECT_EQ(dict.segment_count(), segments);
  EXPECT_EQ(dict.size(), 5000u);
  EXPECT_EQ(dict.CheckInvariants(), "");
  dict.Clear([](TestNode*) {});
}

TEST(Dict, GrowthIsBoundedBySegmentSize) {
  using D = Dict<TestNode, TestTraits>;
  const size_t n = std::max<size_t>(Scaled(1200000), 200000);
  D dict;
  std::vector<std::unique_ptr<TestNode>> nodes(n);
  size_t last_directory = 0;
  size_t directory_changes = 0;
  for (size_t i = 0; i < n; ++i) {
    nodes[i] = std::make_unique<TestNode>(TestNode{"key:" + std::to_string(i * 7919), i});
    ASSERT_TRUE(dict.Insert(nodes[i].get()));
    if (dict.directory_size() != last_directory) {
      last_directory = dict.directory_size();
      ++directory_changes;
    }
  }
  EXPECT_EQ(dict.size(), n);
  EXPECT_EQ(dict.CheckInvariants(), "");
  // Many splits, a directory that doubled step by step, and no step that moved more than S entries.
  const size_t min_segments = n / D::kSegmentMaxEntries;
  EXPECT_GE(dict.segment_count(), min_segments);
  EXPECT_LE(dict.segment_count(), 2 * n / (D::kSegmentMaxEntries / 2));
  EXPECT_EQ(dict.stats().splits + 1, dict.segment_count());
  EXPECT_GE(directory_changes, 8u);
  EXPECT_GE(dict.directory_size(), dict.segment_count());
  EXPECT_LE(dict.directory_size(), 8 * dict.segment_count());
  EXPECT_GT(dict.stats().largest_step_moves, 0u);
  EXPECT_LE(dict.stats().largest_step_moves, D::kSegmentMaxEntries);
  EXPECT_EQ(dict.stats().full_segment_rehashes, 0u);
  EXPECT_EQ(dict.stats().overflow_inserts, 0u);
  // Table memory per key: 8-byte slot + control byte at 37..75% load, plus the directory.
  const double bytes_per_key = static_cast<double>(dict.MemoryBytes()) / static_cast<double>(n);
  EXPECT_GT(bytes_per_key, 9.0);
  EXPECT_LT(bytes_per_key, 30.0);
  for (size_t i = 0; i < n; i += 97) ASSERT_EQ(dict.Find(nodes[i]->key), nodes[i].get());

  // Deleting everything folds the table back: merges, directory halvings, and again no big step.
  for (size_t i = 0; i < n; ++i) ASSERT_EQ(dict.Extract(nodes[i]->key), nodes[i].get());
  EXPECT_TRUE(dict.empty());
  EXPECT_EQ(dict.CheckInvariants(), "");
  EXPECT_GT(dict.stats().merges, min_segments / 2);
  EXPECT_GT(dict.stats().directory_halvings, 0u);
  EXPECT_LE(dict.segment_count(), 4u);
  EXPECT_LE(dict.stats().largest_step_moves, D::kSegmentMaxEntries);
}

// While a fork child lives (SetDictResizeAllowed(false)), segments neither split nor merge until a segment
// reaches kForceResizeRatio times its threshold; afterwards the table splits its oversized segments back
// under S as inserts reach them, and every key stays findable throughout.
TEST(Dict, ResizePausedWhileAChildLives) {
  using D = Dict<TestNode, SmallTraits>;
  struct Restore {
    ~Restore() { SetDictResizeAllowed(true); }
  } restore;
  D dict;
  std::vector<std::unique_ptr<TestNode>> nodes;
  auto add = [&](size_t count) {
    for (size_t i = 0; i < count; ++i) {
      nodes.push_back(std::make_unique<TestNode>(TestNode{"key:" + std::to_string(nodes.size()), nodes.size()}));
      ASSERT_TRUE(dict.Insert(nodes.back().get()));
    }
  };
  add(200);
  const uint64_t splits = dict.stats().splits;
  const size_t segments = dict.segment_count();
  SetDictResizeAllowed(false);
  add(20 * segments);  // every segment reaches its threshold: full ones grow their own tables instead
  EXPECT_EQ(dict.stats().splits, splits);
  EXPECT_EQ(dict.segment_count(), segments);
  EXPECT_GT(dict.stats().deferred_splits, 0u);
  // Deletes do not merge either.
  const uint64_t merges = dict.stats().merges;
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (i % 8 != 7) {
      ASSERT_EQ(dict.Extract(nodes[i]->key), nodes[i].get());
    }
  }
  EXPECT_EQ(dict.stats().merges, merges);
  EXPECT_EQ(dict.segment_count(), segments);
  EXPECT_GT(dict.stats().deferred_merges, 0u);
  EXPECT_EQ(dict.CheckInvariants(), "");
  // Past the force ratio a segment splits anyway, so a paused table's segments stay bounded.
  add(D::kForceResizeRatio * D::kSegmentMaxEntries * segments);
  EXPECT_GT(dict.stats().splits, splits);
  EXPECT_LE(dict.stats().largest_step_moves, (D::kForceResizeRatio + 1) * D::kSegmentMaxEntries);
  EXPECT_EQ(dict.CheckInvariants(), "");
  SetDictResizeAllowed(true);
  add(4 * dict.size());
  EXPECT_EQ(dict.CheckInvariants(), "");
  for (size_t i = 0; i < nodes.size(); ++i) {
    ASSERT_EQ(dict.Find(nodes[i]->key), (i % 8 != 7 && i < 200 + 20 * segments) ? nullptr : nodes[i].get());
  }
  // Resumed growth brought the segments back to at most S entries each on average (no lasting overflow).
  EXPECT_GE(dict.segment_count(), dict.size() / D::kSegmentMaxEntries);
}

TEST(Dict, ScanOfStaticDictReturnsEachKeyOnceInHashOrder) {
  using D = Dict<TestNode, MidTraits>;
  D dict;
  Model model;
  const size_t n = Scaled(100000);
  for (size_t i = 0; i < n; ++i) {
    TestNode* node = model.Make("s" + std::to_string(i));
    ASSERT_TRUE(dict.Insert(node));
    model.Adopt(node);
  }
  for (size_t count : {1, 3, 10, 64, 100, 100000}) {
    absl::flat_hash_map<const TestNode*, int> seen;
    uint64_t cursor = 0;
    uint64_t last_hash = 0;
    bool any = false;
    size_t calls = 0;
    do {
      size_t in_call = 0;
      const uint64_t next = dict.Scan(cursor, count, [&](TestNode* node) {
        const uint64_t h = MidTraits::Hash(node->key);
        EXPECT_GE(h, cursor);
        if (any) {
          EXPECT_GT(h, last_hash);  // strictly increasing: no equal hashes among these keys
        }
        last_hash = h;
        any = true;
        ++seen[node];
        ++in_call;
      });
      EXPECT_LE(in_call, count);  // no equal-hash runs here, so COUNT is a hard cap
      if (next != 0) {
        EXPECT_GT(next, cursor);
        EXPECT_GT(next, last_hash);
      }
      cursor = next;
      ++calls;
    } while (cursor != 0);
    EXPECT_EQ(seen.size(), n) << "count " << count;
    for (const auto& [node, times] : seen) ASSERT_EQ(times, 1) << node->key;
    if (count == 1) {
      EXPECT_GE(calls, n);
    }
    if (count >= 100) {
      EXPECT_LE(calls, 2 * n / std::min<size_t>(count, MidTraits::kSegmentMaxEntries / 4) + 8);
    }
  }
  // A scan started from the middle of the hash line returns exactly the entries at or after it.
  const uint64_t middle = uint64_t{1} << 63;
  size_t upper_half = 0;
  for (const auto& [key, node] : model.live()) upper_half += MidTraits::Hash(key) >= middle;
  size_t from_middle = 0;
  uint64_t c = middle;
  do {
    c = dict.Scan(c, 50, [&](TestNode* node) {
      EXPECT_GE(MidTraits::Hash(node->key), middle);
      ++from_middle;
    });
  } while (c != 0);
  EXPECT_EQ(from_middle, upper_half);
  dict.Clear([](TestNode*) {});
}

// The guarantee: start a scan, and between every two calls insert and delete keys so the table grows through
// thousands of splits and shrinks through thousands of merges. Every key present for the whole scan is
// returned exactly once; no key is ever returned twice, even one deleted and re-added meanwhile.
template <class Traits>
void RunScanUnderChurn(size_t stable_keys, size_t peak_volatile, size_t ops_per_call) {
  Dict<TestNode, Traits> dict;
  Model model;
  absl::BitGen rng;
  std::vector<std::string> volatile_live;
  std::vector<std::string> volatile_dead;  // deleted keys, some of which get re-added
  uint64_t next_volatile = 0;

  auto insert_volatile = [&]() {
    std::string key;
    if (!volatile_dead.empty() && absl::Bernoulli(rng, 0.1)) {
      const size_t i = absl::Uniform<size_t>(rng, 0, volatile_dead.size());
      key = std::move(volatile_dead[i]);
      volatile_dead[i] = std::move(volatile_dead.back());
      volatile_dead.pop_back();
    } else {
      key = "v" + std::to_string(next_volatile++);
    }
    TestNode* node = model.Make(key);
    ASSERT_TRUE(dict.Insert(node));
    model.Adopt(node);
    volatile_live.push_back(std::move(key));
  };
  auto delete_volatile = [&]() {
    if (volatile_live.empty()) return;
    const size_t i = absl::Uniform<size_t>(rng, 0, volatile_live.size());
    std::string key = std::move(volatile_live[i]);
    volatile_live[i] = std::move(volatile_live.back());
    volatile_live.pop_back();
    ASSERT_EQ(dict.Extract(key), model.Get(key));
    model.Remove(key);
    volatile_dead.push_back(std::move(key));
  };

  for (size_t i = 0; i < stable_keys; ++i) {
    TestNode* node = model.Make("stable:" + std::to_string(i));
    ASSERT_TRUE(dict.Insert(node));
    model.Adopt(node);
  }
  for (size_t i = 0; i < peak_volatile / 8; ++i) insert_volatile();

  absl::flat_hash_map<std::string, int> returned;
  uint64_t cursor = 0;
  size_t calls = 0;
  size_t ops = 0;
  const auto splits_before = dict.stats().splits;
  const auto merges_before = dict.stats().merges;
  size_t peak = 0;
  do {
    const size_t count = absl::Uniform<size_t>(absl::IntervalClosed, rng, 1, 32);
    cursor = dict.Scan(cursor, count, [&](TestNode* node) {
      ASSERT_EQ(model.Get(node->key), node) << "Scan returned a node that is not in the dict";
      ++returned[node->key];
    });
    ++calls;
    // Grow towards the peak while the cursor is in the first half of the hash line, then drain: so splits
    // happen both behind and ahead of the cursor, and merges too.
    const bool growing = cursor != 0 && cursor < (uint64_t{1} << 63);
    const double p_insert = growing ? (volatile_live.size() < peak_volatile ? 0.75 : 0.5) : 0.2;
    for (size_t i = 0; i < ops_per_call; ++i) {
      if (absl::Bernoulli(rng, p_insert)) {
        insert_volatile();
      } else {
        delete_volatile();
      }
      ++ops;
    }
    peak = std::max(peak, dict.size());
    if (calls % 4096 == 0) {
      ASSERT_EQ(dict.CheckInvariants(), "");
    }
  } while (cursor != 0);

  for (size_t i = 0; i < stable_keys; ++i) {
    auto it = returned.find("stable:" + std::to_string(i));
    ASSERT_NE(it, returned.end()) << "stable key " << i << " was never returned";
  }
  for (const auto& [key, times] : returned) ASSERT_EQ(times, 1) << key << " returned more than once";
  EXPECT_EQ(dict.CheckInvariants(), "");
  EXPECT_GT(dict.stats().splits - splits_before, 100u) << "the table did not grow during the scan";
  EXPECT_GT(dict.stats().merges - merges_before, 100u) << "the table did not shrink during the scan";
  ::testing::Test::RecordProperty("scan_calls", static_cast<int>(calls));
  ::testing::Test::RecordProperty("churn_ops", static_cast<int>(ops));
  ::testing::Test::RecordProperty("peak_size", static_cast<int>(peak));
  EXPECT_GT(ops, stable_keys);
  dict.Clear([](TestNode*) {});
}

TEST(Dict, ScanUnderChurnReturnsEveryStableKeyOnce) {
  RunScanUnderChurn<MidTraits>(Scaled(100000), Scaled(800000), 96);
}
TEST(Dict, ScanUnderChurnDefaultSegments) {
  RunScanUnderChurn<TestTraits>(Scaled(30000), Scaled(300000), 200);
}

// Several scans in flight at once (more than the cache has slots), a few writes between calls: calls are
// served from the sorted-run cache and recomputed after writes, and every scan keeps its guarantee.
TEST(Dict, InterleavedScansWithLightChurn) {
  using D = Dict<TestNode, MidTraits>;
  constexpr int kScans = 6;
  static_assert(kScans > D::kScanCacheSlots);
  D dict;
  Model model;
  absl::BitGen rng;
  const size_t stable = Scaled(40000);
  for (size_t i = 0; i < stable; ++i) {
    TestNode* node = model.Make("stable:" + std::to_string(i));
    ASSERT_TRUE(dict.Insert(node));
    model.Adopt(node);
  }
  std::vector<std::string> volatile_live;
  uint64_t next_volatile = 0;
  struct ScanState {
    uint64_t cursor = 0;
    bool done = false;
    size_t count = 1;
    absl::flat_hash_map<std::string, int> returned;
  };
  std::vector<ScanState> scans(kScans);
  for (int s = 0; s < kScans; ++s) scans[s].count = size_t{1} << (2 * s);  // 1, 4, 16, 64, 256, 1024
  int running = kScans;
  while (running > 0) {
    for (ScanState& scan : scans) {
      if (scan.done) continue;
      scan.cursor = dict.Scan(scan.cursor, scan.count, [&](TestNode* node) {
        ASSERT_EQ(model.Get(node->key), node);
        ++scan.returned[node->key];
      });
      if (scan.cursor == 0) {
        scan.done = true;
        --running;
      }
      // A write now and then: most calls find their segment unchanged, some do not.
      if (absl::Bernoulli(rng, 0.3)) {
        if (volatile_live.size() < 20000 && absl::Bernoulli(rng, 0.6)) {
          TestNode* node = model.Make("v" + std::to_string(next_volatile++));
          ASSERT_TRUE(dict.Insert(node));
          model.Adopt(node);
          volatile_live.push_back(node->key);
        } else if (!volatile_live.empty()) {
          const size_t i = absl::Uniform<size_t>(rng, 0, volatile_live.size());
          std::string key = std::move(volatile_live[i]);
          volatile_live[i] = std::move(volatile_live.back());
          volatile_live.pop_back();
          ASSERT_EQ(dict.Extract(key), model.Get(key));
          model.Remove(key);
        }
      }
    }
  }
  for (const ScanState& scan : scans) {
    for (size_t i = 0; i < stable; ++i) {
      auto it = scan.returned.find("stable:" + std::to_string(i));
      ASSERT_NE(it, scan.returned.end()) << "count " << scan.count << ": stable key " << i << " missed";
    }
    for (const auto& [key, times] : scan.returned) ASSERT_EQ(times, 1) << key;
  }
  EXPECT_GT(dict.scan_cache_hits(), dict.scan_cache_misses());
  EXPECT_GT(dict.scan_cache_misses(), 100u);
  EXPECT_EQ(dict.CheckInvariants(), "");
  dict.Clear([](TestNode*) {});
}

TEST(Dict, ScanCacheServesConsecutiveCalls) {
  // A static dict with the default segment size, scanned at COUNT 10: most calls are answered from a
  // cached sorted run instead of hashing their segment.
  Dict<TestNode, TestTraits> dict;
  Model model;
  for (int i = 0; i < 50000; ++i) {
    TestNode* node = model.Make("c" + std::to_string(i));
    ASSERT_TRUE(dict.Insert(node));
    model.Adopt(node);
  }
  size_t calls = 0;
  auto all = ScanAll(dict, 10, &calls);
  EXPECT_EQ(all.size(), 50000u);
  EXPECT_EQ(absl::flat_hash_set<TestNode*>(all.begin(), all.end()).size(), 50000u);
  EXPECT_GE(calls, 5000u);
  // One hash pass per ~K entries of each segment.
  EXPECT_LE(dict.scan_cache_misses(), 50000 / (Dict<TestNode, TestTraits>::kScanCacheEntries / 2));
  EXPECT_GE(dict.scan_cache_hits() + dict.scan_cache_misses(), calls);
  EXPECT_GT(dict.scan_cache_hits(), 10 * dict.scan_cache_misses());
  const size_t with_cache = dict.MemoryBytes();
  dict.Clear([](TestNode*) {});
  EXPECT_EQ(dict.MemoryBytes(), 0u);  // Clear drops the cache too
  EXPECT_GT(with_cache, 0u);
}

TEST(Dict, EqualHashRunsAreNeverSplitAndScanTerminates) {
  using D = Dict<TestNode, LengthMixedTraits>;
  D dict;
  Model model;
  absl::BitGen rng;
  absl::flat_hash_map<uint64_t, size_t> run_length;
  for (int i = 0; i < 3000; ++i) {
    const size_t len = absl::Uniform<size_t>(absl::IntervalClosed, rng, 1, 24);
    std::string key(len, 'a');
    for (char& c : key) c = static_cast<char>('a' + absl::Uniform(rng, 0, 26));
    TestNode* node = model.Make(key);
    if (dict.Insert(node)) {
      model.Adopt(node);
      ++run_length[LengthMixedTraits::Hash(key)];
    }
    model.DropPending();
  }
  ASSERT_EQ(dict.CheckInvariants(), "");
  EXPECT_GT(dict.stats().overflow_inserts, 0u);  // runs longer than S cannot be split apart
  for (size_t count : {1, 2, 5, 50}) {
    absl::flat_hash_set<const TestNode*> seen;
    uint64_t cursor = 0;
    size_t calls = 0;
    do {
      std::vector<uint64_t> hashes;
      const uint64_t next = dict.Scan(cursor, count, [&](TestNode* node) {
        hashes.push_back(LengthMixedTraits::Hash(node->key));
        EXPECT_TRUE(seen.insert(node).second) << "returned twice";
      });
      if (!hashes.empty()) {
        // Whole runs only: every distinct hash in the call came with all its entries, and COUNT was exceeded
        // only by the last run.
        absl::flat_hash_map<uint64_t, size_t> in_call;
        for (uint64_t h : hashes) ++in_call[h];
        for (const auto& [h, k] : in_call) EXPECT_EQ(k, run_length[h]);
        EXPECT_LT(hashes.size() - in_call[hashes.back()], count);
        if (next != 0) {
          EXPECT_GT(next, hashes.back());
        }
      }
      ASSERT_TRUE(next == 0 || next > cursor);
      cursor = next;
      ASSERT_LT(++calls, 100000u) << "scan does not terminate";
    } while (cursor != 0);
    EXPECT_EQ(seen.size(), model.size()) << "count " << count;
  }
  dict.Clear([](TestNode*) {});
}

TEST(Dict, DegenerateHashStillCorrect) {
  // All hashes are below 64: no split can separate the keys, so segments overflow (documented) but every
  // operation stays correct and the directory stays small.
  using D = Dict<TestNode, RawLengthTraits>;
  D dict;
  Model model;
  absl::BitGen rng;
  for (int i = 0; i < 20000; ++i) {
    std::string key = "x" + std::to_string(absl::Uniform(rng, 0, 4000));
    if (absl::Bernoulli(rng, 0.7)) {
      TestNode* node = model.Make(key);
      const bool inserted = dict.Insert(node);
      ASSERT_EQ(inserted, model.Get(key) == nullptr);
      if (inserted) model.Adopt(node);
      model.DropPending();
    } else {
      TestNode* expected = model.Get(key);
      ASSERT_EQ(dict.Extract(key), expected);
      if (expected) model.Remove(key);
    }
  }
  EXPECT_EQ(dict.CheckInvariants(), "");
  EXPECT_EQ(dict.size(), model.size());
  EXPECT_LE(dict.directory_size(), 1u << 12);
  EXPECT_GT(dict.stats().overflow_inserts, 0u);
  auto all = ScanAll(dict, 7);
  absl::flat_hash_set<const TestNode*> seen(all.begin(), all.end());
  EXPECT_EQ(all.size(), model.size());
  EXPECT_EQ(seen.size(), model.size());
  dict.Clear([](TestNode*) {});
}

TEST(Dict, ScanHandlesHashExtremes) {
  using D = Dict<TestNode, ExplicitHashTraits>;
  D dict;
  std::vector<std::unique_ptr<TestNode>> nodes;
  const uint64_t kMax = UINT64_MAX;
  std::vector<uint64_t> hashes = {0, 1, 2, kMax, kMax - 1, kMax - 2, uint64_t{1} << 63, (uint64_t{1} << 63) - 1};
  for (uint64_t i = 0; i < 200; ++i) hashes.push_back(i * 0x0123456789ABCDEFull);
  absl::flat_hash_set<uint64_t> unique(hashes.begin(), hashes.end());
  for (uint64_t h : unique) {
    for (int copy = 0; copy < 2; ++copy) {  // two keys per hash: runs of length 2
      nodes.push_back(std::make_unique<TestNode>(TestNode{"h:" + std::to_string(h) + "/" + std::to_string(copy), h}));
      ASSERT_TRUE(dict.Insert(nodes.back().get()));
    }
  }
  ASSERT_EQ(dict.CheckInvariants(), "");
  for (size_t count : {1, 2, 3, 1000}) {
    std::vector<uint64_t> got;
    size_t calls = 0;
    auto all = ScanAll(dict, count, &calls);
    for (TestNode* n : all) got.push_back(n->id);
    EXPECT_EQ(all.size(), nodes.size());
    EXPECT_TRUE(std::is_sorted(got.begin(), got.end()));
    EXPECT_EQ(got.back(), kMax);
  }
  // From UINT64_MAX only the entries at UINT64_MAX remain, and the scan is over.
  std::vector<uint64_t> tail;
  EXPECT_EQ(dict.Scan(kMax, 1, [&](TestNode* n) { tail.push_back(n->id); }), 0u);
  EXPECT_EQ(tail, (std::vector<uint64_t>{kMax, kMax}));
  // A run that ends one below the top returns kMax as the next cursor.
  tail.clear();
  EXPECT_EQ(dict.Scan(kMax - 1, 1, [&](TestNode* n) { tail.push_back(n->id); }), kMax);
  EXPECT_EQ(tail, (std::vector<uint64_t>{kMax - 1, kMax - 1}));
  // Cursor 0 returns the entries at hash 0 first.
  tail.clear();
  EXPECT_EQ(dict.Scan(0, 1, [&](TestNode* n) { tail.push_back(n->id); }), 1u);
  EXPECT_EQ(tail, (std::vector<uint64_t>{0, 0}));
  dict.Clear([](TestNode*) {});
}

// Draws 1,000 times the node count with Random: every node drawn, each a present one, and uniformly: each
// count is binomial around the mean (1,000, standard deviation ~32), so +-30% is about ten deviations.
template <class Traits>
void ExpectRandomIsUniform(const Dict<TestNode, Traits>& dict, Model& model, absl::BitGen& rng) {
  absl::flat_hash_map<const TestNode*, int> hits;
  const int draws = 1000 * static_cast<int>(model.size());
  for (int i = 0; i < draws; ++i) {
    TestNode* node = dict.Random(rng);
    ASSERT_NE(node, nullptr);
    ASSERT_EQ(model.Get(node->key), node) << "Random returned an absent node";
    ++hits[node];
  }
  EXPECT_EQ(hits.size(), model.size());
  for (const auto& [node, k] : hits) {
    EXPECT_LT(k, 1300) << node->key;
    EXPECT_GT(k, 700) << node->key;
  }
}

TEST(Dict, RandomReturnsPresentNodesAndCoversSmallDict) {
  Dict<TestNode, SmallTraits> dict;
  Model model;
  absl::BitGen rng;
  for (int i = 0; i < 300; ++i) {
    TestNode* node = model.Make("r" + std::to_string(i));
    ASSERT_TRUE(dict.Insert(node));
    model.Adopt(node);
  }
  for (int i = 0; i < 300; i += 3) {
    const std::string key = "r" + std::to_string(i);
    ASSERT_NE(dict.Extract(key), nullptr);
    model.Remove(key);
  }
  ASSERT_GT(dict.segment_count(), 4u);
  // Uniform over the nodes, whatever the segments' sizes (picking segments by their share of the hash space
  // alone drew some nodes 4x the mean).
  ExpectRandomIsUniform(dict, model, rng);
  // SampleSome: distinct present nodes from one segment.
  for (int i = 0; i < 1000; ++i) {
    absl::flat_hash_set<const TestNode*> sample;
    const size_t got = dict.SampleSome(rng, 5, [&](TestNode* node) {
      EXPECT_EQ(model.Get(node->key), node);
      sample.insert(node);
    });
    EXPECT_EQ(sample.size(), got);
    EXPECT_GE(got, 1u);
  }
  dict.Clear([](TestNode*) {});
  EXPECT_EQ(dict.Random(rng), nullptr);
}

// Random and SampleSome read random slots of a segment's table: tables left sparse by deletes that could
// not merge them (resizing paused) still give every node alike (the walk after the missed draws), and
// sampling from random slots reaches every node over many calls.
TEST(Dict, RandomAndSampleSomeOnSparseTables) {
  Dict<TestNode, MidTraits> dict;
  Model model;
  absl::BitGen rng;
  for (int i = 0; i < 1000; ++i) {
    TestNode* node = model.Make("s" + std::to_string(i));
    ASSERT_TRUE(dict.Insert(node));
    model.Adopt(node);
  }
  struct Restore {
    ~Restore() { SetDictResizeAllowed(true); }
  } restore;
  SetDictResizeAllowed(false);  // no merges: the tables stay as big as they were
  for (int i = 0; i < 1000; ++i) {
    if (i % 5 == 0) continue;  // a fifth survive, in every segment
    const std::string key = "s" + std::to_string(i);
    ASSERT_NE(dict.Extract(key), nullptr);
    model.Remove(key);
  }
  ASSERT_EQ(dict.size(), 200u);
  ExpectRandomIsUniform(dict, model, rng);
  absl::flat_hash_set<const TestNode*> sampled;
  for (int i = 0; i < 5000; ++i) {
    absl::flat_hash_set<const TestNode*> one;
    const size_t got = dict.SampleSome(rng, 3, [&](TestNode* node) {
      EXPECT_EQ(model.Get(node->key), node);
      one.insert(node);
      sampled.insert(node);
    });
    EXPECT_EQ(one.size(), got);
    EXPECT_GE(got, 1u);
  }
  EXPECT_EQ(sampled.size(), 200u);
}

TEST(Dict, MoveAndSwap) {
  using D = Dict<TestNode, SmallTraits>;
  Model model;
  D a;
  for (int i = 0; i < 1000; ++i) {
    TestNode* node = model.Make("m" + std::to_string(i));
    ASSERT_TRUE(a.Insert(node));
    model.Adopt(node);
  }
  D b(std::move(a));
  EXPECT_EQ(b.size(), 1000u);
  EXPECT_EQ(a.size(), 0u);  // NOLINT(bugprone-use-after-move): moved-from is specified empty
  EXPECT_EQ(a.Find("m1"), nullptr);
  EXPECT_EQ(a.CheckInvariants(), "");
  TestNode extra{"extra", 0};
  EXPECT_TRUE(a.Insert(&extra));  // a moved-from dict is usable
  EXPECT_EQ(a.Find("extra"), &extra);

  D c;
  c = std::move(b);
  EXPECT_EQ(c.size(), 1000u);
  EXPECT_EQ(b.size(), 0u);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(c.Find("m999"), model.Get("m999"));

  swap(a, c);  // SWAPDB
  EXPECT_EQ(a.size(), 1000u);
  EXPECT_EQ(c.size(), 1u);
  EXPECT_EQ(a.Find("m5"), model.Get("m5"));
  EXPECT_EQ(c.Find("extra"), &extra);
  EXPECT_EQ(a.CheckInvariants(), "");
  EXPECT_EQ(c.CheckInvariants(), "");
  a.Clear([](TestNode*) {});
  c.Clear([](TestNode*) {});
}

TEST(Dict, MemoryBytesTracksTables) {
  Dict<TestNode, TestTraits> dict;
  Model model;
  TestNode* first = model.Make("first");
  ASSERT_TRUE(dict.Insert(first));
  model.Adopt(first);
  const size_t one = dict.MemoryBytes();
  EXPECT_GT(one, 0u);
  EXPECT_LT(one, 1024u);  // the first segment starts small: a tiny dict does not pay for S slots
  for (int i = 0; i < 20000; ++i) {
    TestNode* node = model.Make("mem" + std::to_string(i));
    ASSERT_TRUE(dict.Insert(node));
    model.Adopt(node);
  }
  EXPECT_GT(dict.MemoryBytes(), 20000u * 9);
  EXPECT_LT(dict.MemoryBytes(), 20000u * 40);
  dict.Clear([](TestNode*) {});
  EXPECT_EQ(dict.MemoryBytes(), 0u);
}

}  // namespace
}  // namespace ringkv::ds

// Eviction (core/evict.h): the pool's order and replacement rules (Redis's evictionPoolPopulate); each policy's
// picks on databases built here with access bits set by hand (with fewer keys than one Dict segment holds and
// maxmemory-samples above the key count, every refill samples every key, so the picks are exact: the most
// idle, least frequent, soonest to expire first); and Perform on a server run through the dispatcher
// (tests/unit/command_harness.h), with maxmemory 1 so that it is always over the limit whatever the
// allocator reports here: the slices the time limit cuts, the loop's continuation, what it reports.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/access_bits.h"
#include "core/config.h"
#include "core/db.h"
#include "core/evict.h"
#include "core/server.h"
#include "tests/unit/command_harness.h"

namespace ringkv::core {
namespace {

std::vector<std::string> Keys(const EvictionPool& pool) {
  std::vector<std::string> out;
  for (size_t i = 0; i < pool.size(); ++i) out.push_back(pool.at(i).key);
  return out;
}

TEST(EvictionPoolTest, KeepsAscendingOrderAndTakesTheBestFirst) {
  EvictionPool pool;
  pool.Offer(5, "five", 0);
  pool.Offer(1, "one", 0);
  pool.Offer(9, "nine", 1);
  pool.Offer(3, "three", 0);
  EXPECT_EQ(Keys(pool), (std::vector<std::string>{"one", "three", "five", "nine"}));
  EvictionPool::Slot s;
  ASSERT_TRUE(pool.TakeBest(&s));
  EXPECT_EQ(s.key, "nine");
  EXPECT_EQ(s.score, 9u);
  EXPECT_EQ(s.db, 1);
  ASSERT_TRUE(pool.TakeBest(&s));
  EXPECT_EQ(s.key, "five");
  EXPECT_EQ(pool.size(), 2u);
}

TEST(EvictionPoolTest, EqualScoresGoLeftOfTheHeldOnes) {
  EvictionPool pool;
  pool.Offer(4, "first", 0);
  pool.Offer(4, "second", 0);
  // Redis inserts before the first slot whose score is not smaller: the newcomer ranks worse.
  EXPECT_EQ(Keys(pool), (std::vector<std::string>{"second", "first"}));
}

TEST(EvictionPoolTest, AFullPoolTakesOnlyBetterKeysAndDropsTheWorst) {
  EvictionPool pool;
  for (uint64_t i = 0; i < EvictionPool::kSize; ++i) pool.Offer(10 + i * 10, "k" + std::to_string(10 + i * 10), 0);
  ASSERT_EQ(pool.size(), EvictionPool::kSize);
  pool.Offer(5, "worse", 0);  // no better than the worst held: not taken
  pool.Offer(10, "tie", 0);   // equal to the worst: not taken either
  EXPECT_EQ(pool.at(0).key, "k10");
  pool.Offer(15, "better", 0);  // between k10 and k20: k10 leaves
  EXPECT_EQ(pool.at(0).key, "better");
  EXPECT_EQ(pool.at(1).key, "k20");
  pool.Offer(1000, "best", 0);  // the new best: everything moves left, "better" leaves
  EXPECT_EQ(pool.at(0).key, "k20");
  EXPECT_EQ(pool.at(EvictionPool::kSize - 1).key, "best");
  EXPECT_EQ(pool.size(), EvictionPool::kSize);
  for (size_t i = 1; i < pool.size(); ++i) EXPECT_LE(pool.at(i - 1).score, pool.at(i).score);
}

TEST(EvictionPoolTest, LongKeysAndEmptying) {
  EvictionPool pool;
  const std::string long_key(1000, 'x');
  pool.Offer(1, long_key, 3);
  pool.Offer(2, "", 0);  // the empty key is a key like any other
  EvictionPool::Slot s;
  ASSERT_TRUE(pool.TakeBest(&s));
  EXPECT_EQ(s.key, "");
  ASSERT_TRUE(pool.TakeBest(&s));
  EXPECT_EQ(s.key, long_key);
  EXPECT_EQ(s.db, 3);
  EXPECT_FALSE(pool.TakeBest(&s));
  EXPECT_EQ(pool.size(), 0u);
}

TEST(EvictionTimeLimitTest, FollowsTenacity) {
  EXPECT_EQ(Eviction::TimeLimitUs(0), 0);
  EXPECT_EQ(Eviction::TimeLimitUs(1), 50);
  EXPECT_EQ(Eviction::TimeLimitUs(10), 500);  // the default
  EXPECT_EQ(Eviction::TimeLimitUs(11), 575);
  EXPECT_EQ(Eviction::TimeLimitUs(99), static_cast<int64_t>(500.0 * std::pow(1.15, 89)));
  EXPECT_EQ(Eviction::TimeLimitUs(100), std::numeric_limits<int64_t>::max());
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class EvictionPickerTest : public ::testing::Test {
 protected:
  EvictionPickerTest() {
    config_.maxmemory_samples = 10000;  // every key of the (one-segment) tables on each refill
    for (int i = 0; i < 3; ++i) {
      dbs_.push_back(std::make_unique<Db>(i, nullptr, &access_));
      db_ptrs_.push_back(dbs_.back().get());
    }
  }

  Entry* Add(int db, const std::string& key, int64_t idle_s = 0, int64_t ttl_ms = -1) {
    Value v;
    v.SetString("value");
    Entry* e = dbs_[db]->Add(key, std::move(v), kNotifyString, "set");
    access_.Restore(e, -1, idle_s);
    if (ttl_ms >= 0) e = dbs_[db]->SetExpire(e, NowMs() + ttl_ms);
    return e;
  }
  Entry* AddLfu(int db, const std::string& key, int64_t freq) {
    Value v;
    v.SetString("value");
    Entry* e = dbs_[db]->Add(key, std::move(v), kNotifyString, "set");
    access_.Restore(e, freq, -1);
    return e;
  }
  // The picks in order, each evicted as it is picked, until none is left or n were picked.
  std::vector<std::string> PickAll(size_t n = 1000) {
    std::vector<std::string> out;
    while (out.size() < n) {
      const EvictionPicker::Victim v = picker_.Pick(db_ptrs_, NowMs(), rng_);
      if (v.entry == nullptr) break;
      out.push_back(std::to_string(v.db->index()) + ":" + std::string(v.entry->key()));
      v.db->Evict(v.entry);
    }
    return out;
  }

  Config config_;
  AccessBits access_{&config_};
  std::vector<std::unique_ptr<Db>> dbs_;
  std::vector<Db*> db_ptrs_;
  EvictionPicker picker_{&config_};
  absl::BitGen rng_;
};

TEST_F(EvictionPickerTest, NoevictionPicksNothing) {
  Add(0, "a", 100);
  config_.maxmemory_policy = kNoEviction;
  EXPECT_EQ(PickAll(), std::vector<std::string>{});
}

TEST_F(EvictionPickerTest, AllkeysLruEvictsTheMostIdleFirstAcrossDatabases) {
  config_.maxmemory_policy = kAllkeysLru;
  Add(0, "idle10", 10);
  Add(1, "idle50", 50);
  Add(0, "idle0", 0);
  Add(2, "idle30", 30, /*ttl_ms=*/100000);
  Add(1, "idle20", 20);
  EXPECT_EQ(PickAll(), (std::vector<std::string>{"1:idle50", "2:idle30", "1:idle20", "0:idle10", "0:idle0"}));
}

TEST_F(EvictionPickerTest, AllkeysLfuEvictsTheLeastFrequentFirst) {
  config_.maxmemory_policy = kAllkeysLfu;
  AddLfu(0, "hot", 200);
  AddLfu(0, "cold", 1);
  AddLfu(1, "warm", 50);
  AddLfu(0, "new", static_cast<int64_t>(AccessBits::kLfuInitVal));
  EXPECT_EQ(PickAll(), (std::vector<std::string>{"0:cold", "0:new", "1:warm", "0:hot"}));
}

TEST_F(EvictionPickerTest, VolatileTtlEvictsTheSoonestToExpireAndNeverAKeyWithoutTtl) {
  config_.maxmemory_policy = kVolatileTtl;
  Add(0, "persistent", 1000);
  Add(0, "late", 0, 500000);
  Add(1, "soon", 0, 1000);
  Add(0, "middle", 0, 50000);
  EXPECT_EQ(PickAll(), (std::vector<std::string>{"1:soon", "0:middle", "0:late"}));
  EXPECT_NE(dbs_[0]->Peek("persistent"), nullptr);
}

TEST_F(EvictionPickerTest, VolatileLruIgnoresKeysWithoutTtl) {
  config_.maxmemory_policy = kVolatileLru;
  Add(0, "old-persistent", 1000);
  Add(0, "young-volatile", 1, 100000);
  Add(0, "old-volatile", 100, 100000);
  EXPECT_EQ(PickAll(), (std::vector<std::string>{"0:old-volatile", "0:young-volatile"}));
  EXPECT_NE(dbs_[0]->Peek("old-persistent"), nullptr);
}

TEST_F(EvictionPickerTest, GhostsInThePoolAreSkipped) {
  config_.maxmemory_policy = kAllkeysLru;
  Add(0, "a", 40);
  Add(0, "b", 30);
  Add(0, "c", 20);
  Add(0, "d", 10);
  // The first pick fills the pool with every key and takes "a"; the rest stay pooled.
  EXPECT_EQ(PickAll(1), std::vector<std::string>{"0:a"});
  ASSERT_EQ(picker_.pool().size(), 3u);
  // "b" goes by other means: it is still pooled, a ghost, and the next pick skips it.
  ASSERT_TRUE(dbs_[0]->DeleteKey("b"));
  EXPECT_EQ(PickAll(), (std::vector<std::string>{"0:c", "0:d"}));
}

TEST_F(EvictionPickerTest, AKeyPersistedAfterSamplingIsAGhostForVolatilePolicies) {
  config_.maxmemory_policy = kVolatileLru;
  Add(0, "a", 40, 100000);
  Entry* b = Add(0, "b", 30, 100000);
  Add(0, "c", 20, 100000);
  EXPECT_EQ(PickAll(1), std::vector<std::string>{"0:a"});
  ASSERT_TRUE(dbs_[0]->Persist(b));  // pooled with its old score, no longer volatile
  EXPECT_EQ(PickAll(), std::vector<std::string>{"0:c"});
  EXPECT_NE(dbs_[0]->Peek("b"), nullptr);
}

TEST_F(EvictionPickerTest, APoolOfGhostsIsRefilled) {
  config_.maxmemory_policy = kAllkeysLru;
  for (int i = 0; i < 20; ++i) Add(0, "old" + std::to_string(i), 100 + i);
  EXPECT_EQ(PickAll(1), std::vector<std::string>{"0:old19"});
  dbs_[0]->Clear();  // every pooled key is now a ghost
  Add(1, "fresh", 1);
  EXPECT_EQ(PickAll(), std::vector<std::string>{"1:fresh"});
}

TEST_F(EvictionPickerTest, ScoresAreNotRefreshedOncePooled) {
  config_.maxmemory_policy = kAllkeysLru;
  Add(0, "a", 50);
  Entry* b = Add(0, "b", 40);
  Add(0, "c", 10);
  EXPECT_EQ(PickAll(1), std::vector<std::string>{"0:a"});
  access_.Touch(b);  // read since it was pooled: Redis still evicts it by its pooled idle time
  EXPECT_EQ(PickAll(1), std::vector<std::string>{"0:b"});
}

TEST_F(EvictionPickerTest, RandomPoliciesTakeEveryKeyOfTheirClass) {
  config_.maxmemory_policy = kVolatileRandom;
  Add(0, "p1");
  Add(1, "p2");
  Add(0, "v1", 0, 100000);
  Add(2, "v2", 0, 100000);
  Add(1, "v3", 0, 100000);
  std::vector<std::string> picked = PickAll();
  EXPECT_EQ(std::set<std::string>(picked.begin(), picked.end()), (std::set<std::string>{"0:v1", "2:v2", "1:v3"}));
  EXPECT_EQ(picked.size(), 3u);
  config_.maxmemory_policy = kAllkeysRandom;
  picked = PickAll();
  EXPECT_EQ(std::set<std::string>(picked.begin(), picked.end()), (std::set<std::string>{"0:p1", "1:p2"}));
}

TEST_F(EvictionPickerTest, RandomPoliciesRotateOverTheDatabases) {
  config_.maxmemory_policy = kAllkeysRandom;
  for (int db = 0; db < 3; ++db) {
    for (int i = 0; i < 5; ++i) Add(db, "k" + std::to_string(i));
  }
  // One key from each database in turn (Redis's next_db), whatever their sizes.
  std::vector<std::string> picked = PickAll(6);
  std::vector<char> dbs;
  for (const std::string& p : picked) dbs.push_back(p[0]);
  EXPECT_EQ(dbs, (std::vector<char>{'1', '2', '0', '1', '2', '0'}));
}

TEST_F(EvictionPickerTest, EvictedKeysLeaveBothTables) {
  config_.maxmemory_policy = kVolatileTtl;
  Add(0, "v", 0, 1000);
  ASSERT_EQ(dbs_[0]->expires_size(), 1u);
  EXPECT_EQ(PickAll(), std::vector<std::string>{"0:v"});
  EXPECT_EQ(dbs_[0]->size(), 0u);
  EXPECT_EQ(dbs_[0]->expires_size(), 0u);
}

// A server with n keys (2 of every 3 with a TTL), maxmemory 1 and the given policy.
class EvictionServerTest : public ::testing::Test {
 protected:
  void Start(int64_t policy, int64_t tenacity, int keys = 1000) {
    for (int i = 0; i < keys; ++i) {
      h_.Run({"SET", "k" + std::to_string(i), "v"});
      if (i % 3 != 0) h_.Run({"EXPIRE", "k" + std::to_string(i), "1000"});
    }
    Config& cfg = h_.server().config();
    cfg.maxmemory_policy = policy;
    cfg.maxmemory_eviction_tenacity = tenacity;
    cfg.maxmemory = 1;
  }
  Eviction& ev() { return h_.server().eviction(); }
  uint64_t evicted() { return h_.server().stats().evicted_keys; }

  test::CommandHarness h_;
};

TEST_F(EvictionServerTest, WithoutATimeLimitEverythingGoesInOneCallThenItFails) {
  Start(kAllkeysLru, 100);
  EXPECT_EQ(ev().Perform(), Eviction::Result::kFail);  // all evicted, still over: nothing left
  EXPECT_EQ(evicted(), 1000u);
  EXPECT_EQ(h_.db().size(), 0u);
  EXPECT_FALSE(ev().time_proc_running());
  EXPECT_EQ(h_.Run({"SET", "x", "1"}), "-OOM command not allowed when used memory > 'maxmemory'.\r\n");
  EXPECT_TRUE(ev().pre_command_oom());
  EXPECT_EQ(h_.Run({"GET", "x"}), "$-1\r\n");  // reads still run
}

TEST_F(EvictionServerTest, TheTimeLimitCutsSlicesOfSixteenThatTheLoopContinues) {
  Start(kAllkeysRandom, 0);  // a limit of 0 us: every check stops the call
  EXPECT_EQ(ev().Perform(), Eviction::Result::kRunning);
  EXPECT_EQ(evicted(), 16u);  // the clock is looked at every 16 keys
  EXPECT_TRUE(ev().time_proc_running());
  // A command meanwhile is admitted: eviction is still going, it has not failed.
  EXPECT_EQ(h_.Run({"SET", "x", "1"}), "+OK\r\n");
  EXPECT_EQ(evicted(), 32u);
  EXPECT_FALSE(ev().pre_command_oom());
  int turns = 0;
  while (ev().time_proc_running() && turns < 1000) {
    ev().BeforeSleep();
    ++turns;
  }
  EXPECT_FALSE(ev().time_proc_running());
  EXPECT_EQ(evicted(), 1001u);  // every key, x too
  EXPECT_GT(turns, 50);
  EXPECT_GT(h_.server().stats().eviction_exceeded_since_us, 0);  // still over the limit: the stretch goes on
}

TEST_F(EvictionServerTest, VolatilePoliciesFailOnceTheVolatileKeysAreGone) {
  Start(kVolatileTtl, 100);
  EXPECT_EQ(ev().Perform(), Eviction::Result::kFail);
  EXPECT_EQ(evicted(), 666u);
  EXPECT_EQ(h_.db().size(), 334u);  // the keys without a TTL
  EXPECT_EQ(h_.db().expires_size(), 0u);
}

TEST_F(EvictionServerTest, NoevictionFailsAtOnce) {
  Start(kNoEviction, 100);
  EXPECT_EQ(ev().Perform(), Eviction::Result::kFail);
  EXPECT_EQ(evicted(), 0u);
  EXPECT_EQ(h_.Run({"INCR", "n"}), "-OOM command not allowed when used memory > 'maxmemory'.\r\n");
}

TEST_F(EvictionServerTest, UnderTheLimitNothingHappensAndTheExceededTimeEnds) {
  Start(kAllkeysLru, 0);
  EXPECT_EQ(ev().Perform(), Eviction::Result::kRunning);
  EXPECT_GT(h_.server().stats().eviction_exceeded_since_us, 0);
  h_.server().config().maxmemory = int64_t{1} << 40;
  const uint64_t before = evicted();
  EXPECT_EQ(ev().Perform(), Eviction::Result::kOk);
  EXPECT_TRUE(ev().time_proc_running());  // the loop's continuation was started ...
  ev().BeforeSleep();                      // ... and finds nothing to do: it ends
  EXPECT_FALSE(ev().time_proc_running());
  EXPECT_EQ(evicted(), before);
  EXPECT_EQ(h_.server().stats().eviction_exceeded_since_us, 0);
  EXPECT_EQ(ev().CurrentExceededMs(), 0);
}

TEST_F(EvictionServerTest, EvictionsAreSignalledAsEvicted) {
  test::KeyEventRecorder rec(h_.server());
  Start(kVolatileRandom, 100, 30);
  rec.Take();
  EXPECT_EQ(ev().Perform(), Eviction::Result::kFail);
  const std::vector<std::string> events = rec.Take();
  ASSERT_EQ(events.size(), 20u);  // the keys with a TTL, each one event: no "del" besides
  for (const std::string& e : events) EXPECT_TRUE(e.ends_with(":evicted:e:evicted")) << e;
}

TEST_F(EvictionServerTest, ALongCycleIsALatencyEvent) {
  ASSERT_EQ(h_.Run({"DEBUG", "POPULATE", "200000"}), "+OK\r\n");
  Start(kAllkeysRandom, 100, 0);
  h_.server().config().latency_monitor_threshold = 1;
  EXPECT_EQ(ev().Perform(), Eviction::Result::kFail);
  EXPECT_EQ(evicted(), 200000u);
  const LatencyMonitor::Series* cycle = h_.server().latency().Find("eviction-cycle");
  ASSERT_NE(cycle, nullptr);  // 200,000 deletes in one call take well over a millisecond
  EXPECT_GE(cycle->max_ms, 1u);
}

}  // namespace
}  // namespace ringkv::core

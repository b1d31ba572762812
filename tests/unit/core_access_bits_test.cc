// AccessBits: the LRU clock and idle time with their wrap-around, the LFU layout, decay and logarithmic
// increment (Redis's evict.c arithmetic), and which lookups touch an entry when commands run through the real
// dispatcher (Redis's LOOKUP_NOTOUCH users do not).
#include "core/access_bits.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "tests/unit/command_harness.h"

namespace ringkv::core {
namespace {

using test::CommandHarness;

TEST(AccessBitsMath, LruClockIsSecondsModulo24Bits) {
  EXPECT_EQ(AccessBits::LruClockAt(0), 0u);
  EXPECT_EQ(AccessBits::LruClockAt(1999), 1u);
  EXPECT_EQ(AccessBits::LruClockAt(int64_t{1} << 24 << 10), ((int64_t{1} << 24 << 10) / 1000) & 0xFFFFFF);
  EXPECT_EQ(AccessBits::LruClockAt(int64_t{0xFFFFFF + 3} * 1000), 2u);  // wrapped
}

TEST(AccessBitsMath, IdleTimeWrapsWithTheClock) {
  EXPECT_EQ(AccessBits::LruIdleSeconds(100, 40), 60);
  EXPECT_EQ(AccessBits::LruIdleSeconds(100, 100), 0);
  // The clock wrapped after the access: idle = what was left before the wrap + what passed after it.
  EXPECT_EQ(AccessBits::LruIdleSeconds(5, AccessBits::kLruClockMax - 10), 15);
}

TEST(AccessBitsMath, LfuMinutesAndElapsedWrap) {
  EXPECT_EQ(AccessBits::LfuMinutesAt(59'999), 0u);
  EXPECT_EQ(AccessBits::LfuMinutesAt(60'000), 1u);
  EXPECT_EQ(AccessBits::LfuMinutesAt(int64_t{65536 + 7} * 60'000), 7u);
  EXPECT_EQ(AccessBits::LfuElapsedMinutes(10, 4), 6u);
  EXPECT_EQ(AccessBits::LfuElapsedMinutes(3, 65530), 8u);  // Redis's 65535 - last + now
}

TEST(AccessBitsMath, DecayOnePerPeriod) {
  const uint32_t lru = AccessBits::LfuPack(100, 10);  // counter 10, last decrement at minute 100
  EXPECT_EQ(AccessBits::LfuDecayed(lru, 100, 1), 10u);
  EXPECT_EQ(AccessBits::LfuDecayed(lru, 103, 1), 7u);
  EXPECT_EQ(AccessBits::LfuDecayed(lru, 103, 2), 9u);   // 3 minutes: one whole 2-minute period
  EXPECT_EQ(AccessBits::LfuDecayed(lru, 103, 0), 10u);  // lfu-decay-time 0: never decays
  EXPECT_EQ(AccessBits::LfuDecayed(lru, 110, 1), 0u);   // exactly down to zero
  EXPECT_EQ(AccessBits::LfuDecayed(lru, 5000, 1), 0u);  // never below zero
}

TEST(AccessBitsMath, LogarithmicIncrement) {
  // lfu-log-factor 0: every access adds exactly one, up to 255.
  uint32_t c = AccessBits::kLfuInitVal;
  for (int i = 0; i < 10; ++i) c = AccessBits::LfuLogIncr(c, 0, 0.999999);
  EXPECT_EQ(c, 15u);
  EXPECT_EQ(AccessBits::LfuLogIncr(255, 0, 0.0), 255u);
  // Below the initial value the probability is 1 whatever the factor.
  EXPECT_EQ(AccessBits::LfuLogIncr(2, 100, 0.999999), 3u);
  // Counter 105, factor 10: p = 1 / (100 * 10 + 1).
  EXPECT_EQ(AccessBits::LfuLogIncr(105, 10, 0.0009), 106u);
  EXPECT_EQ(AccessBits::LfuLogIncr(105, 10, 0.0011), 105u);
  // With the default factor 10, 100 hits reach about 10 and 1000 hits about 19 on average (single runs spread
  // widely: the last steps each take ~100+ hits), so the means of 200 runs are compared.
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  double sum100 = 0, sum1000 = 0;
  for (int run = 0; run < 200; ++run) {
    c = 0;
    for (int i = 0; i < 100; ++i) c = AccessBits::LfuLogIncr(c, 10, u(rng));
    sum100 += c;
    for (int i = 0; i < 900; ++i) c = AccessBits::LfuLogIncr(c, 10, u(rng));
    sum1000 += c;
  }
  EXPECT_GT(sum100 / 200, 9.0);
  EXPECT_LT(sum100 / 200, 10.5);
  EXPECT_GT(sum1000 / 200, 18.3);
  EXPECT_LT(sum1000 / 200, 20.3);
}

TEST(AccessBits, StampAndTouchFollowThePolicy) {
  Config cfg;
  AccessBits bits(&cfg);
  Entry* e = Entry::Create("k");
  // LRU (any policy but the LFU ones): the clock of now.
  const uint32_t before = AccessBits::LruClockAt(CommandHarness().server().NowMs());
  bits.Stamp(e);
  EXPECT_GE(AccessBits::Raw(*e), before);
  EXPECT_LE(AccessBits::Raw(*e), before + 2);
  EXPECT_LE(bits.IdleSeconds(*e), 2);
  // LFU: the minute and the initial counter; with factor 0 every touch adds one.
  cfg.maxmemory_policy = kAllkeysLfu;
  cfg.lfu_log_factor = 0;
  EXPECT_TRUE(bits.lfu());
  bits.Stamp(e);
  EXPECT_EQ(AccessBits::Raw(*e) & 255, AccessBits::kLfuInitVal);
  EXPECT_EQ(bits.Frequency(*e), 5);
  bits.Touch(e);
  bits.Touch(e);
  EXPECT_EQ(bits.Frequency(*e), 7);
  cfg.maxmemory_policy = kVolatileLfu;
  EXPECT_TRUE(bits.lfu());
  cfg.maxmemory_policy = kVolatileLru;
  EXPECT_FALSE(bits.lfu());
  Entry::Destroy(e);
}

// ---- through the dispatcher ----

Config LfuConfig() {
  Config c = CommandHarness::DefaultConfig();
  c.maxmemory_policy = kAllkeysLfu;
  c.lfu_log_factor = 0;  // deterministic: each counted access adds exactly one
  c.lfu_decay_time = 0;  // and nothing decays while the test runs
  return c;
}

TEST(AccessBitsCommands, FreqCountsTouchingLookupsOnly) {
  CommandHarness h(LfuConfig());
  EXPECT_EQ(h.Run({"SET", "k", "v"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"OBJECT", "FREQ", "k"}), ":5\r\n");
  h.Run({"GET", "k"});
  EXPECT_EQ(h.Run({"OBJECT", "FREQ", "k"}), ":6\r\n");
  // LOOKUP_NOTOUCH: inspecting a key does not count.
  for (const std::vector<std::string>& argv : std::vector<std::vector<std::string>>{
           {"EXISTS", "k"}, {"TYPE", "k"}, {"TTL", "k"}, {"PTTL", "k"}, {"EXPIRETIME", "k"},
           {"PEXPIRETIME", "k"}, {"OBJECT", "ENCODING", "k"}, {"OBJECT", "REFCOUNT", "k"},
           {"OBJECT", "FREQ", "k"}, {"DEBUG", "OBJECT", "k"}, {"KEYS", "*"}, {"SCAN", "0"}, {"RANDOMKEY"}}) {
    h.Run(argv);
  }
  EXPECT_EQ(h.Run({"OBJECT", "FREQ", "k"}), ":6\r\n");
  h.Run({"TOUCH", "k", "k"});
  EXPECT_EQ(h.Run({"OBJECT", "FREQ", "k"}), ":8\r\n");
  h.Run({"SET", "k", "w"});  // an overwrite keeps the counter and counts its own lookup
  EXPECT_EQ(h.Run({"OBJECT", "FREQ", "k"}), ":9\r\n");
  h.Run({"RENAME", "k", "k2"});  // the object moves with its counter (+1 for the lookup)
  EXPECT_EQ(h.Run({"OBJECT", "FREQ", "k2"}), ":10\r\n");
  h.Run({"COPY", "k2", "k3"});  // a copy is a new object
  EXPECT_EQ(h.Run({"OBJECT", "FREQ", "k3"}), ":5\r\n");
  EXPECT_EQ(h.Run({"OBJECT", "FREQ", "k2"}), ":11\r\n");
  EXPECT_EQ(h.Run({"OBJECT", "IDLETIME", "k2"}),
            "-ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching "
            "between policies at runtime LRU and LFU data will take some time to adjust.\r\n");
}

TEST(AccessBitsCommands, IdletimeUnderLru) {
  CommandHarness h;
  h.Run({"SET", "k", "v"});
  EXPECT_EQ(h.Run({"OBJECT", "IDLETIME", "k"}), ":0\r\n");
  EXPECT_EQ(h.Run({"OBJECT", "FREQ", "k"}),
            "-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when "
            "switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n");
  EXPECT_EQ(h.Run({"OBJECT", "IDLETIME", "missing"}), "$-1\r\n");
  EXPECT_EQ(h.Run({"OBJECT", "FREQ", "missing"}), "$-1\r\n");
}

}  // namespace
}  // namespace ringkv::core

// LatencyMonitor: one sample per second (the worst), a bounded ring of seconds, the all-time maximum, the
// threshold gate and RESET.
#include "core/latency_monitor.h"

#include <gtest/gtest.h>

#include "core/config.h"

namespace ringkv::core {
namespace {

TEST(LatencyMonitor, NothingRecordedWhileTheThresholdIsZero) {
  Config cfg;
  LatencyMonitor m(&cfg);
  m.Record("command", 500);
  EXPECT_TRUE(m.events().empty());
  cfg.latency_monitor_threshold = 100;
  m.Record("command", 99);
  EXPECT_TRUE(m.events().empty());
  m.Record("command", 100);
  ASSERT_NE(m.Find("command"), nullptr);
  EXPECT_EQ(m.Find("command")->Latest().latency_ms, 100u);
}

TEST(LatencyMonitor, OneSamplePerSecondKeepsTheWorst) {
  Config cfg;
  LatencyMonitor m(&cfg);
  m.Add("fork", 5, 1000);
  m.Add("fork", 9, 1000);
  m.Add("fork", 7, 1000);
  m.Add("fork", 3, 1001);
  const LatencyMonitor::Series* s = m.Find("fork");
  ASSERT_NE(s, nullptr);
  auto v = s->InOrder();
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].time_s, 1000);
  EXPECT_EQ(v[0].latency_ms, 9u);
  EXPECT_EQ(v[1].time_s, 1001);
  EXPECT_EQ(v[1].latency_ms, 3u);
  EXPECT_EQ(s->max_ms, 9u);
  EXPECT_EQ(s->Latest().time_s, 1001);
}

TEST(LatencyMonitor, HistoryIsBoundedAndKeepsTheNewest) {
  Config cfg;
  LatencyMonitor m(&cfg);
  const int64_t n = LatencyMonitor::kHistoryLen + 40;
  for (int64_t t = 1; t <= n; ++t) m.Add("expire-cycle", static_cast<uint32_t>(t), t);
  auto v = m.Find("expire-cycle")->InOrder();
  ASSERT_EQ(v.size(), LatencyMonitor::kHistoryLen);
  EXPECT_EQ(v.front().time_s, n - static_cast<int64_t>(LatencyMonitor::kHistoryLen) + 1);
  EXPECT_EQ(v.back().time_s, n);
  EXPECT_EQ(m.Find("expire-cycle")->max_ms, static_cast<uint32_t>(n));
}

TEST(LatencyMonitor, ResetDropsNamedOrAllEvents) {
  Config cfg;
  LatencyMonitor m(&cfg);
  m.Add("a", 1, 10);
  m.Add("b", 1, 10);
  m.Add("c", 1, 10);
  EXPECT_EQ(m.Reset({"B", "nope"}), 1u);  // names in any case, as Redis's latencyResetEvent
  EXPECT_EQ(m.Find("b"), nullptr);
  EXPECT_EQ(m.Reset({}), 2u);
  EXPECT_TRUE(m.events().empty());
}

}  // namespace
}  // namespace ringkv::core

// LATENCY GRAPH's sparkline and LATENCY DOCTOR's report: the layout redis-server 7.0.15 prints (a graph
// captured from it), the doctor's three fixed texts, its advice in Redis's order, and the advice that
// depends on a setting.
#include "core/latency_report.h"

#include <gtest/gtest.h>

#include <string>

#include "core/config.h"

namespace ringkv::core {
namespace {

TEST(LatencyReport, GraphAsRedisDrawsIt) {
  // redis-server 7.0.15: LATENCY GRAPH command after a 30 ms spike two seconds ago and a 15 ms one now.
  Config cfg;
  LatencyMonitor m(&cfg);
  m.Add("command", 30, 998);
  m.Add("command", 15, 1000);
  EXPECT_EQ(RenderLatencyGraph("command", *m.Find("command"), 1000),
            "command - high 30 ms, low 15 ms (all time high 30 ms)\n" + std::string(80, '-') +
                "\n# \n| \n| \n|_\n  \n20\nss\n");
}

TEST(LatencyReport, SparklineScalesBetweenMinAndMaxAndWrapsPastTheColumns) {
  // 0, 4/12 and 12/12 of the range: '_' in the bottom row, 'o' one row up, '#' at the top.
  EXPECT_EQ(RenderSparkline({{0, ""}, {4, ""}, {12, ""}}, 80, 4), "  #\n  |\n o|\n_||\n");
  // Equal values: all at the bottom. No labels: no spacing line.
  EXPECT_EQ(RenderSparkline({{5, ""}, {5, ""}}, 80, 2), "  \n__\n");
  // Past `columns` samples a second block follows, after an empty line.
  EXPECT_EQ(RenderSparkline({{0, "a"}, {1, "b"}, {1, "cd"}}, 2, 1), "_#\n  \nab\n\n#\n \nc\nd\n");
}

TEST(LatencyReport, DoctorsFixedTexts) {
  Config cfg;
  LatencyMonitor m(&cfg);
  DoctorInputs in;
  EXPECT_EQ(RenderLatencyDoctor(m, in, 1000).rfind("I'm sorry, Dave, I can't do that.", 0), 0u);
  in.latency_monitor_threshold_ms = 10;
  EXPECT_EQ(RenderLatencyDoctor(m, in, 1000).rfind("Dave, no latency spike was observed", 0), 0u);
  m.Add("aof-write", 20, 999);  // an event with no advice of its own
  EXPECT_EQ(RenderLatencyDoctor(m, in, 1000),
            "Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you "
            "Dave?\n\n1. aof-write: 1 latency spikes (average 20ms, mean deviation 0ms, period 1.00 sec). Worst all "
            "time event 20ms.\n\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please "
            "use the Redis community to get some help, providing this report in your help request.\n");
}

TEST(LatencyReport, DoctorsAdviceInRedisOrder) {
  Config cfg;
  LatencyMonitor m(&cfg);
  m.Add("command", 10, 990);
  m.Add("command", 30, 1000);
  m.Add("expire-cycle", 12, 1000);
  m.Add("fork", 50, 1000);
  DoctorInputs in{.latency_monitor_threshold_ms = 5, .slowlog_log_slower_than_us = -1, .hz = 10,
                  .fork_rate_gb_per_s = 12.5};
  const std::string r = RenderLatencyDoctor(m, in, 1000);
  EXPECT_NE(r.find("1. command: 2 latency spikes (average 20ms, mean deviation 10ms, period 5.00 sec). Worst all "
                   "time event 30ms.\n2. expire-cycle: 1 latency spikes"),
            std::string::npos);
  EXPECT_NE(r.find(". Fork rate is 12.50 GB/sec (poor).\n"), std::string::npos);
  const size_t vm = r.find("- If you are using a virtual machine");
  const size_t enable = r.find("'CONFIG SET slowlog-log-slower-than 5000'. If the Slow log is disabled");
  const size_t inspect = r.find("- Check your Slow Log");
  const size_t hz = r.find("'CONFIG SET hz 100'");
  const size_t large = r.find("- Deleting, expiring or evicting");
  ASSERT_NE(vm, std::string::npos);
  EXPECT_TRUE(vm < enable && enable < inspect && inspect < hz && hz < large) << r;
  EXPECT_EQ(r.find("- Deleting, expiring or evicting", large + 1), std::string::npos);  // given once
  in.hz = 100;  // already incremental: no hz advice
  EXPECT_EQ(RenderLatencyDoctor(m, in, 1000).find("'CONFIG SET hz 100'"), std::string::npos);
  // appendfsync always's advice only when the policy is always.
  m.Add("aof-fsync-always", 40, 1000);
  EXPECT_EQ(RenderLatencyDoctor(m, in, 1000).find("Your fsync policy is set to 'always'"), std::string::npos);
  in.appendfsync_always = true;
  EXPECT_NE(RenderLatencyDoctor(m, in, 1000).find("Your fsync policy is set to 'always'"), std::string::npos);
}

}  // namespace
}  // namespace ringkv::core

// LatencyHistogram: HdrHistogram's bucket layout (1..1e9, 2 significant figures), its percentiles and its
// power-of-two reporting steps, with the numbers Redis 7.0 prints for the same recordings.
#include "ds/latency_histogram.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace ringkv::ds {
namespace {

std::vector<std::pair<int64_t, uint64_t>> Steps(const LatencyHistogram& h) {
  std::vector<std::pair<int64_t, uint64_t>> out;
  h.ForEachPowerOfTwoStep(1024, [&](int64_t highest, uint64_t cumulative) { out.emplace_back(highest, cumulative); });
  return out;
}

TEST(LatencyHistogram, SmallValuesAreExactLargerOnesKnownToOnePart128) {
  for (int64_t v : {0, 1, 2, 100, 255}) EXPECT_EQ(LatencyHistogram::ValueAtIndex(LatencyHistogram::IndexOf(v)), v);
  // 1000 ns sits in [512, 1024) with width 4: Redis prints a 1 us call as 1.003.
  EXPECT_EQ(LatencyHistogram::LowestEquivalent(1000), 1000);
  EXPECT_EQ(LatencyHistogram::HighestEquivalent(1000), 1003);
  EXPECT_EQ(LatencyHistogram::HighestEquivalent(1500), 1503);
  EXPECT_EQ(LatencyHistogram::HighestEquivalent(2000), 2007);
  EXPECT_EQ(LatencyHistogram::HighestEquivalent(1024), 1031);
  // The top of the range still lands in the array.
  EXPECT_LT(LatencyHistogram::IndexOf(LatencyHistogram::kHighest), 24 * 128);
  for (int64_t v = 256; v < 5'000'000; v = v * 3 / 2 + 7) {
    const int64_t lo = LatencyHistogram::LowestEquivalent(v), hi = LatencyHistogram::HighestEquivalent(v);
    EXPECT_LE(lo, v);
    EXPECT_GE(hi, v);
    EXPECT_LE((hi - lo + 1) * 128, v) << v;
    EXPECT_EQ(LatencyHistogram::ValueAtIndex(LatencyHistogram::IndexOf(v)), lo);
  }
}

TEST(LatencyHistogram, PercentilesAsRedisPrintsThem) {
  LatencyHistogram h;
  EXPECT_EQ(h.ValueAtPercentile(50), 0);
  for (int i = 0; i < 98; ++i) h.Record(1000);  // 1 us
  h.Record(2000);
  h.Record(150'000);  // 150 us
  EXPECT_EQ(h.total(), 100u);
  EXPECT_EQ(h.ValueAtPercentile(50), 1003);
  EXPECT_EQ(h.ValueAtPercentile(99), 2007);
  EXPECT_EQ(h.ValueAtPercentile(99.9), 150'527);
  EXPECT_EQ(h.ValueAtPercentile(100), 150'527);
  EXPECT_EQ(h.ValueAtPercentile(0), 1000);  // p0 answers the lowest equivalent value
}

TEST(LatencyHistogram, RecordingsAreClampedToTheRange) {
  LatencyHistogram h;
  h.Record(0);  // a call that took 0 us: Redis records the lowest value, 1 ns (prints 0.001)
  h.Record(5'000'000'000);
  EXPECT_EQ(h.ValueAtPercentile(1), 1);
  EXPECT_EQ(h.ValueAtPercentile(100), LatencyHistogram::HighestEquivalent(LatencyHistogram::kHighest));
}

TEST(LatencyHistogram, PowerOfTwoStepsFromOneMicrosecond) {
  LatencyHistogram h;
  h.Record(5000);  // 5 us
  // Reporting levels 1024, 2048, 4096, 8192 ns: the step stands on the level's own bucket, so its bound
  // is the level plus the bucket's width - 1 (LATENCY HISTOGRAM prints 1, 2, 4, 8 us).
  std::vector<std::pair<int64_t, uint64_t>> want = {{1031, 0}, {2063, 0}, {4127, 0}, {8255, 1}};
  EXPECT_EQ(Steps(h), want);

  LatencyHistogram g;
  g.Record(1);
  g.Record(1000);
  g.Record(1000);
  g.Record(40'000);
  want = {{1031, 3}, {2063, 3}, {4127, 3}, {8255, 3}, {16511, 3}, {33023, 3}, {66047, 4}};
  EXPECT_EQ(Steps(g), want);
}

TEST(LatencyHistogram, AValuePastTheLastLevelIsReportedAtTheEndOfTheArray) {
  LatencyHistogram h;
  h.Record(LatencyHistogram::kHighest);
  std::vector<std::pair<int64_t, uint64_t>> steps = Steps(h);
  ASSERT_FALSE(steps.empty());
  EXPECT_EQ(steps.back().second, 1u);
  EXPECT_EQ(steps.back().first, (int64_t{1} << 30) - 1);
  EXPECT_EQ(steps[steps.size() - 2].second, 0u);  // 2^29 ns: the last level inside the array
}

TEST(LatencyHistogram, OnlyThePowersOfTwoReachedHoldMemory) {
  LatencyHistogram h;
  const size_t empty = h.MemoryBytes();
  for (int i = 0; i < 1000; ++i) h.Record(1000 + i % 3 * 1000);  // 1, 2 and 3 us: three powers of two
  EXPECT_EQ(h.MemoryBytes(), empty + 3 * 128 * sizeof(uint64_t));
  for (int64_t v = 1; v <= LatencyHistogram::kHighest; v *= 2) h.Record(v);
  EXPECT_LE(h.MemoryBytes(), empty + 24 * 128 * sizeof(uint64_t));
  EXPECT_EQ(h.total(), 1000u + 30u);
}

TEST(LatencyHistogram, ResetEmptiesIt) {
  LatencyHistogram h;
  h.Record(1000);
  h.Reset();
  EXPECT_EQ(h.total(), 0u);
  EXPECT_TRUE(Steps(h).empty());
}

}  // namespace
}  // namespace ringkv::ds

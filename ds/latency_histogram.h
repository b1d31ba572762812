// LatencyHistogram: the distribution of one command's durations behind INFO latencystats and LATENCY
// HISTOGRAM. It has the bucket layout of the HdrHistogram Redis 7.0 keeps per command (lowest value 1,
// highest 1e9, 2 significant figures; values in nanoseconds), so percentiles and bucket bounds come out as
// the numbers Redis prints (a 1 us call reads "1.003").
//
// How it works: values below 256 are counted one by one; above, bucket b (b >= 1) covers [128 << b,
// 256 << b) in 128 sub-buckets of width 1 << b, so every value is known to within 1/128 of itself. A
// value's slot is found with one count-leading-zeros and two shifts. The 3072 slots are kept in 24 chunks
// of 128 counts (1 KB), each allocated when a value first lands in it: a command's durations usually span a
// few powers of two, so it holds a few KB instead of HdrHistogram's 24, and recording allocates at most 24
// times in the histogram's life.
//
// Invariants: (1) total() is the sum of the counts; (2) a recorded value is clamped to [kLowest, kHighest],
// so every recording lands in a slot; (3) a chunk that was never allocated counts zero everywhere.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace ringkv::ds {

class LatencyHistogram {
 public:
  static constexpr int64_t kLowest = 1;
  static constexpr int64_t kHighest = 1'000'000'000;

  void Record(int64_t value) {
    if (value < kLowest) value = kLowest;
    if (value > kHighest) value = kHighest;
    const int index = IndexOf(value);
    std::unique_ptr<Chunk>& chunk = chunks_[static_cast<size_t>(index >> kSubHalfMagnitude)];
    if (chunk == nullptr) [[unlikely]] chunk = std::make_unique<Chunk>();
    ++(*chunk)[static_cast<size_t>(index & (kSubHalf - 1))];
    ++total_;
  }
  uint64_t total() const { return total_; }
  // The bytes it holds (itself and its allocated chunks).
  size_t MemoryBytes() const {
    size_t n = sizeof(*this);
    for (const std::unique_ptr<Chunk>& c : chunks_) n += c != nullptr ? sizeof(Chunk) : 0;
    return n;
  }
  void Reset() {
    for (std::unique_ptr<Chunk>& c : chunks_) c.reset();
    total_ = 0;
  }

  // The value at percentile p (0..100) as HdrHistogram's hdr_value_at_percentile answers it: the highest
  // value equivalent to the one that reaches the rank (p/100 * total, rounded half up, at least 1), the
  // lowest for p = 0. 0 for an empty histogram.
  int64_t ValueAtPercentile(double p) const;

  // LATENCY HISTOGRAM's buckets, as HdrHistogram's logarithmic iterator walks them from `first` by
  // factors of 2: for each reporting step, fn(highest value of the step's bucket, cumulative count up to
  // it). Steps repeat the previous cumulative count when nothing new was reached (the caller skips them, as
  // Redis does).
  template <typename Fn>
  void ForEachPowerOfTwoStep(int64_t first, Fn&& fn) const;

  // Bucket arithmetic (public for the unit tests).
  static int IndexOf(int64_t value) {
    const int bucket = BucketOf(value);
    const int sub = static_cast<int>(value >> bucket);
    return ((bucket + 1) << kSubHalfMagnitude) + (sub - kSubHalf);
  }
  static int64_t ValueAtIndex(int index) {
    int bucket = (index >> kSubHalfMagnitude) - 1;
    int sub = (index & (kSubHalf - 1)) + kSubHalf;
    if (bucket < 0) {
      sub -= kSubHalf;
      bucket = 0;
    }
    return static_cast<int64_t>(sub) << bucket;
  }
  static int64_t LowestEquivalent(int64_t value) {
    const int bucket = BucketOf(value);
    return (value >> bucket) << bucket;
  }
  static int64_t HighestEquivalent(int64_t value) {
    return LowestEquivalent(value) + (int64_t{1} << BucketOf(value)) - 1;
  }

 private:
  // 2 significant figures: 2 * 10^2 = 200 values need 256 sub-buckets at unit resolution.
  static constexpr int kSubHalfMagnitude = 7;
  static constexpr int kSubHalf = 1 << kSubHalfMagnitude;  // 128
  static constexpr int kSubCount = 2 * kSubHalf;           // 256
  static constexpr int kBuckets = 23;                      // 256 << 22 > kHighest
  static constexpr int kCountsLen = (kBuckets + 1) * kSubHalf;

  static int BucketOf(int64_t value) {
    const int bits = 64 - std::countl_zero(static_cast<uint64_t>(value) | (kSubCount - 1));
    return bits - (kSubHalfMagnitude + 1);
  }
  uint64_t CountAt(int index) const {
    const std::unique_ptr<Chunk>& chunk = chunks_[static_cast<size_t>(index >> kSubHalfMagnitude)];
    return chunk == nullptr ? 0 : (*chunk)[static_cast<size_t>(index & (kSubHalf - 1))];
  }

  using Chunk = std::array<uint64_t, kSubHalf>;
  std::array<std::unique_ptr<Chunk>, kCountsLen / kSubHalf> chunks_;
  uint64_t total_ = 0;
};

template <typename Fn>
void LatencyHistogram::ForEachPowerOfTwoStep(int64_t first, Fn&& fn) const {
  // The iterator's state: the slot it stands on, the count up to and including it, and the next reporting
  // level. A step reports once the walk reaches a slot at or past the level, standing on that slot; the
  // walk past the last slot reports what it has and ends.
  int index = -1;
  uint64_t cumulative = 0;
  int64_t value = 0, highest = 0;
  int64_t level = first;
  int64_t level_lowest = LowestEquivalent(level);
  for (;;) {
    const bool more_counts = cumulative < total_;
    const bool more_levels = index < kCountsLen && ValueAtIndex(index + 1) > level_lowest;
    if (!more_counts && !more_levels) return;
    for (;;) {
      if (value >= level_lowest) {
        level *= 2;
        level_lowest = LowestEquivalent(level);
        fn(highest, cumulative);
        break;
      }
      if (++index >= kCountsLen) {
        fn(highest, cumulative);
        break;
      }
      cumulative += CountAt(index);
      value = ValueAtIndex(index);
      highest = HighestEquivalent(value);
    }
  }
}

}  // namespace ringkv::ds

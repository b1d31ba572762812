#include "ds/latency_histogram.h"

#include <algorithm>

namespace ringkv::ds {

int64_t LatencyHistogram::ValueAtPercentile(double p) const {
  if (total_ == 0) return 0;
  const double requested = std::min(p, 100.0);
  const uint64_t rank =
      std::max<uint64_t>(1, static_cast<uint64_t>(requested / 100 * static_cast<double>(total_) + 0.5));
  uint64_t seen = 0;
  for (int i = 0; i < kCountsLen; ++i) {
    seen += CountAt(i);
    if (seen >= rank) {
      const int64_t v = ValueAtIndex(i);
      return p == 0.0 ? LowestEquivalent(v) : HighestEquivalent(v);
    }
  }
  return 0;
}

}  // namespace ringkv::ds

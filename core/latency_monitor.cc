#include "core/latency_monitor.h"

#include <chrono>

#include "absl/strings/match.h"
#include "core/config.h"

namespace ringkv::core {

std::vector<LatencyMonitor::Sample> LatencyMonitor::Series::InOrder() const {
  std::vector<Sample> out;
  for (size_t i = 0; i < kHistoryLen; ++i) {
    const Sample& s = samples[(next + i) % kHistoryLen];
    if (s.time_s != 0) out.push_back(s);
  }
  return out;
}

void LatencyMonitor::Record(std::string_view event, int64_t duration_ms) {
  const int64_t threshold = config_->latency_monitor_threshold;
  if (threshold == 0 || duration_ms < threshold) return;
  const int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  Add(event, static_cast<uint32_t>(std::min<int64_t>(duration_ms, UINT32_MAX)), now_s);
}

bool LatencyMonitor::enabled() const { return config_->latency_monitor_threshold != 0; }

void LatencyMonitor::Add(std::string_view event, uint32_t latency_ms, int64_t now_s) {
  auto it = events_.find(event);
  if (it == events_.end()) it = events_.emplace(std::string(event), Series{}).first;
  Series& s = it->second;
  if (latency_ms > s.max_ms) s.max_ms = latency_ms;
  // Invariant (1): a second already sampled keeps its worst duration.
  Sample& prev = s.samples[(s.next + kHistoryLen - 1) % kHistoryLen];
  if (prev.time_s == now_s) {
    if (latency_ms > prev.latency_ms) prev.latency_ms = latency_ms;
    return;
  }
  s.samples[s.next] = Sample{now_s, latency_ms};
  s.next = (s.next + 1) % kHistoryLen;
}

const LatencyMonitor::Series* LatencyMonitor::Find(std::string_view event) const {
  auto it = events_.find(event);
  return it == events_.end() ? nullptr : &it->second;
}

size_t LatencyMonitor::Reset(const std::vector<std::string_view>& names) {
  if (names.empty()) {
    const size_t n = events_.size();
    events_.clear();
    return n;
  }
  // Names match whatever their case, as Redis's latencyResetEvent.
  size_t n = 0;
  for (std::string_view name : names) {
    const absl::string_view want(name.data(), name.size());
    n += std::erase_if(events_, [want](const auto& kv) { return absl::EqualsIgnoreCase(kv.first, want); });
  }
  return n;
}

}  // namespace ringkv::core

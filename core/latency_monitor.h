// LatencyMonitor: the samples behind LATENCY LATEST / HISTORY / GRAPH / DOCTOR, as Redis's latency monitor
// (latency.c): per named event ("command", "fast-command", "fork", "aof-fsync-always", "expire-cycle",
// "eviction-cycle", "eviction-del" ...), the last kHistoryLen seconds in which it took at least
// latency-monitor-threshold milliseconds, and its all-time maximum.
//
// Invariants: (1) an event's history holds at most one sample per second, the worst of that second; (2) a
// history exists only for an event that was sampled at least once since the last RESET of it; (3) nothing is
// recorded while latency-monitor-threshold is 0 (the default), so the server pays one comparison per site.
// Sites call Record with the duration they measured; the monitor never reads a clock of its own except to
// stamp a sample with the current second.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ringkv::core {

struct Config;

class LatencyMonitor {
 public:
  static constexpr size_t kHistoryLen = 160;  // Redis's LATENCY_TS_LEN

  struct Sample {
    int64_t time_s = 0;       // unix seconds of the sample (0: an empty slot)
    uint32_t latency_ms = 0;  // the worst duration seen in that second
  };
  struct Series {
    std::array<Sample, kHistoryLen> samples{};  // a ring: next is the slot the next new second takes
    size_t next = 0;
    uint32_t max_ms = 0;  // all-time maximum (until RESET)
    // The samples oldest first, empty slots skipped.
    std::vector<Sample> InOrder() const;
    // The most recent sample (LATENCY LATEST); only for a series that has one.
    const Sample& Latest() const { return samples[(next + kHistoryLen - 1) % kHistoryLen]; }
  };

  // config must outlive the monitor: latency-monitor-threshold is read live.
  explicit LatencyMonitor(const Config* config) : config_(config) {}

  // A site measured duration_ms for event: recorded when the monitor is on and it reaches the threshold
  // (Redis's latencyAddSampleIfNeeded).
  void Record(std::string_view event, int64_t duration_ms);
  // Whether latency-monitor-threshold is set: a site on a hot path reads its clock only then.
  bool enabled() const;
  // Records unconditionally, stamped at now_s (tests and Record).
  void Add(std::string_view event, uint32_t latency_ms, int64_t now_s);

  // Events by name (LATENCY LATEST lists them; std::map keeps a stable order).
  const std::map<std::string, Series, std::less<>>& events() const { return events_; }
  const Series* Find(std::string_view event) const;
  // LATENCY RESET: every event (names empty) or the named ones, in any case; returns how many histories were
  // dropped.
  size_t Reset(const std::vector<std::string_view>& names);

 private:
  const Config* config_;
  std::map<std::string, Series, std::less<>> events_;
};

}  // namespace ringkv::core

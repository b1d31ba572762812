// The two texts LATENCY prints from the latency monitor's samples (core/latency_monitor.h), as Redis 7.0's
// latency.c and sparkline.c write them: LATENCY GRAPH's ASCII sparkline of one event, and LATENCY DOCTOR's
// report with its advice. The wording is Redis's (operators and tools read it); the inputs the advice
// depends on are passed in, so both are pure functions of their arguments.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/latency_monitor.h"

namespace ringkv::core {

// Redis's sparklineRender with SPARKLINE_FILL: `rows` rows of '_', 'o', '#' and '|' scaled between the
// samples' minimum and maximum, then each sample's label written downwards under it; past `columns`
// samples the graph continues in another block. samples: (value, label), oldest first.
std::string RenderSparkline(const std::vector<std::pair<double, std::string>>& samples, int columns, int rows);

// LATENCY GRAPH <event>: the header line, a rule, and the sparkline of the event's samples labelled with
// how long ago each happened (as of now_s).
std::string RenderLatencyGraph(std::string_view event, const LatencyMonitor::Series& series, int64_t now_s);

// What LATENCY DOCTOR's advice depends on besides the samples.
struct DoctorInputs {
  int64_t latency_monitor_threshold_ms = 0;
  int64_t slowlog_log_slower_than_us = 0;
  int64_t hz = 10;
  bool appendfsync_always = false;
  double fork_rate_gb_per_s = 0;
  uint64_t anon_huge_pages_bytes = 0;  // AnonHugePages of the process (transparent huge pages in use)
};
std::string RenderLatencyDoctor(const LatencyMonitor& monitor, const DoctorInputs& in, int64_t now_s);

// The process's AnonHugePages from /proc/self/smaps_rollup, 0 when unreadable.
uint64_t AnonHugePagesBytes();

}  // namespace ringkv::core

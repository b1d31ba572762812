#include "core/latency_report.h"

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "absl/strings/str_format.h"
#include "core/context.h"

namespace ringkv::core {
namespace {

constexpr int kGraphColumns = 80;  // Redis's LATENCY_GRAPH_COLS
constexpr int kGraphRows = 4;
constexpr std::string_view kFillChars = "_o#";  // three steps per row, from low to high
constexpr int kLabelMarginTop = 1;              // an empty line between the graph and the labels

// One block of at most `columns` samples from `offset` (Redis's sparklineRenderRange).
void RenderRange(const std::vector<std::pair<double, std::string>>& samples, double min, double max,
                 bool labels, int rows, size_t offset, size_t len, std::string* out) {
  const int charset_len = static_cast<int>(kFillChars.size());
  const int steps = charset_len * rows;
  double relmax = max - min;
  if (relmax == 0) relmax = 1;
  std::string chars;
  for (int row = 0;; ++row) {
    bool more = false;
    chars.assign(len, ' ');
    for (size_t j = 0; j < len; ++j) {
      const auto& [value, label] = samples[j + offset];
      // As Redis: the scaled value truncated to an integer before the division, then truncated again.
      int step = static_cast<int>(static_cast<int>((value - min) * steps) / relmax);
      step = std::clamp(step, 0, steps - 1);
      if (row < rows) {
        more = true;
        const int idx = step - (rows - row - 1) * charset_len;
        if (idx >= 0 && idx < charset_len) {
          chars[j] = kFillChars[static_cast<size_t>(idx)];
        } else if (idx >= charset_len) {
          chars[j] = '|';
        }
      } else {
        if (labels && row - rows < kLabelMarginTop) {  // the spacing line before the labels
          more = true;
          break;
        }
        const size_t label_char = static_cast<size_t>(row - rows - kLabelMarginTop);
        if (label.size() > label_char) {
          more = true;
          chars[j] = label[label_char];
        }
      }
    }
    if (!more) return;
    out->append(chars).append("\n");
  }
}

// The advice LATENCY DOCTOR may give, in the order it prints them (Redis's createLatencyReport).
enum Advice : int {
  kBetterVm, kSlowlogEnabled, kSlowlogTuning, kSlowlogInspect, kScheduler, kLocalDisk, kSsd, kDataWriteback,
  kDiskContention, kNoAppendfsync, kRelaxFsyncPolicy, kWriteLoadInfo, kHz, kLargeObjects, kMassEviction,
  kDisableThp, kAdviceCount
};

// Redis's words for each piece of advice, in the Advice order ({threshold_us}: the monitor's threshold in
// microseconds).
constexpr std::string_view kAdviceText[kAdviceCount] = {
    // kBetterVm
    "- If you are using a virtual machine, consider upgrading it with a faster one using a hypervisior that provides "
    "less latency during fork() calls. Xen is known to have poor fork() performance. Even in the context of the same "
    "VM provider, certain kinds of instances can execute fork faster than others.\n",
    // kSlowlogEnabled
    "- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis "
    "feature using the command 'CONFIG SET slowlog-log-slower-than {threshold_us}'. If the Slow log is disabled Redis "
    "is not able to log slow commands execution for you.\n",
    // kSlowlogTuning
    "- Your current Slow Log configuration only logs events that are slower than your configured latency monitor "
    "threshold. Please use 'CONFIG SET slowlog-log-slower-than {threshold_us}'.\n",
    // kSlowlogInspect
    "- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please "
    "check https://redis.io/commands/slowlog for more information.\n",
    // kScheduler
    "- The system is slow to execute Redis code paths not containing system calls. This usually means the system does "
    "not provide Redis CPU time to run for long periods. You should try to:\n"
    "  1) Lower the system load.\n"
    "  2) Use a computer / VM just for Redis if you are running other software in the same system.\n"
    "  3) Check if you have a \"noisy neighbour\" problem.\n"
    "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n"
    "  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using "
    "Jemalloc. However this may create fragmentation problems.\n",
    // kLocalDisk
    "- It is strongly advised to use local disks for persistence, especially if you are using AOF. Remote disks "
    "provided by platform-as-a-service providers are known to be slow.\n",
    // kSsd
    "- SSD disks are able to reduce fsync latency, and total time needed for snapshotting and AOF log rewriting "
    "(resulting in smaller memory usage). With extremely high write load SSD disks can be a good option. However "
    "Redis should perform reasonably with high load using normal disks. Use this advice as a last resort.\n",
    // kDataWriteback
    "- Mounting ext3/4 filesystems with data=writeback can provide a performance boost compared to data=ordered, "
    "however this mode of operation provides less guarantees, and sometimes it can happen that after a hard crash "
    "the AOF file will have a half-written command at the end and will require to be repaired before Redis "
    "restarts.\n",
    // kDiskContention
    "- Try to lower the disk contention. This is often caused by other disk intensive processes running in the same "
    "computer (including other Redis instances).\n",
    // kNoAppendfsync
    "- Assuming from the point of view of data safety this is viable in your environment, you could try to enable "
    "the 'no-appendfsync-on-rewrite' option, so that fsync will not be performed while there is a child rewriting "
    "the AOF file or producing an RDB file (the moment where there is high disk contention).\n",
    // kRelaxFsyncPolicy
    "- Your fsync policy is set to 'always'. It is very hard to get good performances with such a setup, if possible "
    "try to relax the fsync policy to 'onesec'.\n",
    // kWriteLoadInfo
    "- Latency during the AOF atomic rename operation or when the final difference is flushed to the AOF file at the "
    "end of the rewrite, sometimes is caused by very high write load, causing the AOF buffer to get very large. If "
    "possible try to send less commands to accomplish the same work, or use Lua scripts to group multiple operations "
    "into a single EVALSHA call.\n",
    // kHz
    "- In order to make the Redis keys expiring process more incremental, try to set the 'hz' configuration "
    "parameter to 100 using 'CONFIG SET hz 100'.\n",
    // kLargeObjects
    "- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you "
    "have very large objects that are often deleted, expired, or evicted, try to fragment those objects into "
    "multiple smaller objects.\n",
    // kMassEviction
    "- Sudden changes to the 'maxmemory' setting via 'CONFIG SET', or allocation of large objects via sets or sorted "
    "sets intersections, STORE option of SORT, Redis Cluster large keys migrations (RESTORE command), may create "
    "sudden memory pressure forcing the server to block trying to evict keys. \n",
    // kDisableThp
    "- I detected a non zero amount of anonymous huge pages used by your process. This creates very serious latency "
    "events in different conditions, especially when Redis is persisting on disk. To disable THP support use the "
    "command 'echo never > /sys/kernel/mm/transparent_hugepage/enabled', make sure to also add it into /etc/rc.local "
    "so that the command will be executed again after a reboot. Note that even if you have already disabled THP, you "
    "still need to restart the Redis process to get rid of the huge pages already created.\n",
};

}  // namespace

std::string RenderSparkline(const std::vector<std::pair<double, std::string>>& samples, int columns, int rows) {
  std::string out;
  if (samples.empty()) return out;
  double min = samples[0].first, max = samples[0].first;
  bool labels = false;
  for (const auto& [v, label] : samples) {
    min = std::min(min, v);
    max = std::max(max, v);
    labels = labels || !label.empty();
  }
  for (size_t j = 0; j < samples.size(); j += static_cast<size_t>(columns)) {
    const size_t len = std::min(samples.size() - j, static_cast<size_t>(columns));
    if (j != 0) out += '\n';
    RenderRange(samples, min, max, labels, rows, j, len, &out);
  }
  return out;
}

std::string RenderLatencyGraph(std::string_view event, const LatencyMonitor::Series& series, int64_t now_s) {
  std::vector<std::pair<double, std::string>> samples;
  uint32_t low = 0, high = 0;
  for (const LatencyMonitor::Sample& s : series.InOrder()) {
    if (samples.empty()) {
      low = high = s.latency_ms;
    } else {
      low = std::min(low, s.latency_ms);
      high = std::max(high, s.latency_ms);
    }
    // The label: how long ago, in the largest unit that fits.
    const int64_t ago = now_s - s.time_s;
    std::string label = ago < 60             ? absl::StrFormat("%ds", ago)
                        : ago < 3600         ? absl::StrFormat("%dm", ago / 60)
                        : ago < 3600 * 24    ? absl::StrFormat("%dh", ago / 3600)
                                             : absl::StrFormat("%dd", ago / (3600 * 24));
    samples.emplace_back(s.latency_ms, std::move(label));
  }
  std::string out = absl::StrFormat("%s - high %d ms, low %d ms (all time high %d ms)\n", event, high, low,
                                    series.max_ms);
  out.append(kGraphColumns, '-').append("\n");
  out += RenderSparkline(samples, kGraphColumns, kGraphRows);
  return out;
}

std::string RenderLatencyDoctor(const LatencyMonitor& monitor, const DoctorInputs& in, int64_t now_s) {
  if (monitor.events().empty() && in.latency_monitor_threshold_ms == 0) {
    return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use "
           "\"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep "
           "space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n";
  }
  std::string report;
  bool advise[kAdviceCount] = {};
  int advices = 0;
  auto give = [&](std::initializer_list<Advice> list) {
    for (Advice a : list) advise[a] = true;
    advices += static_cast<int>(list.size());
  };
  int eventnum = 0;
  for (const auto& [event, series] : monitor.events()) {
    if (++eventnum == 1) {
      report += "Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you "
                "Dave?\n\n";
    }
    // Redis's analyzeLatencyForEvent: integer average and mean deviation, the period since the oldest sample.
    const std::vector<LatencyMonitor::Sample> samples = series.InOrder();
    uint64_t sum = 0;
    int64_t oldest = 0;
    for (const LatencyMonitor::Sample& s : samples) {
      sum += s.latency_ms;
      if (oldest == 0 || s.time_s < oldest) oldest = s.time_s;
    }
    const uint64_t n = samples.size();
    const uint64_t avg = n != 0 ? sum / n : 0;
    uint64_t dev = 0;
    for (const LatencyMonitor::Sample& s : samples) {
      const int64_t d = static_cast<int64_t>(avg) - static_cast<int64_t>(s.latency_ms);
      dev += static_cast<uint64_t>(d < 0 ? -d : d);
    }
    const uint64_t mad = n != 0 ? dev / n : 0;
    int64_t period = n != 0 ? now_s - oldest : 0;
    if (n != 0 && period == 0) period = 1;
    absl::StrAppendFormat(&report,
                          "%d. %s: %d latency spikes (average %dms, mean deviation %dms, period %.2f sec). Worst all "
                          "time event %dms.",
                          eventnum, event, n, avg, mad, static_cast<double>(period) / static_cast<double>(n),
                          series.max_ms);
    if (EqualsIgnoreCase(event, "fork")) {
      const double rate = in.fork_rate_gb_per_s;
      std::string_view quality = rate < 10 ? "terrible" : rate < 25 ? "poor" : rate < 100 ? "good" : "excellent";
      if (rate < 25) give({kBetterVm});
      absl::StrAppendFormat(&report, " Fork rate is %.2f GB/sec (%s).", rate, quality);
    }
    if (EqualsIgnoreCase(event, "command")) {
      if (in.slowlog_log_slower_than_us < 0) {
        give({kSlowlogEnabled});
      } else if (in.slowlog_log_slower_than_us / 1000 > in.latency_monitor_threshold_ms) {
        give({kSlowlogTuning});
      }
      give({kSlowlogInspect, kLargeObjects});
    }
    if (EqualsIgnoreCase(event, "fast-command")) give({kScheduler});
    if (EqualsIgnoreCase(event, "aof-write-pending-fsync")) give({kLocalDisk, kDiskContention, kSsd, kDataWriteback});
    if (EqualsIgnoreCase(event, "aof-write-active-child")) give({kNoAppendfsync, kDataWriteback, kSsd});
    if (EqualsIgnoreCase(event, "aof-write-alone")) give({kLocalDisk, kDataWriteback, kSsd});
    if (EqualsIgnoreCase(event, "aof-fsync-always")) give({kRelaxFsyncPolicy});
    if (EqualsIgnoreCase(event, "aof-fstat") || EqualsIgnoreCase(event, "rdb-unlink-temp-file"))
      give({kDiskContention, kLocalDisk});
    if (EqualsIgnoreCase(event, "aof-rewrite-diff-write") || EqualsIgnoreCase(event, "aof-rename"))
      give({kWriteLoadInfo, kDataWriteback, kSsd, kLocalDisk});
    if (EqualsIgnoreCase(event, "expire-cycle")) give({kHz, kLargeObjects});
    if (EqualsIgnoreCase(event, "eviction-del")) give({kLargeObjects});
    if (EqualsIgnoreCase(event, "eviction-cycle")) give({kMassEviction});
    report += '\n';
  }
  if (in.anon_huge_pages_bytes > 0) give({kDisableThp});

  if (eventnum == 0 && advices == 0) {
    report += "Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest "
              "bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n";
    return report;
  }
  if (advices == 0) {
    report += "\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis "
              "community to get some help, providing this report in your help request.\n";
    return report;
  }
  report += "\nI have a few advices for you:\n\n";
  const std::string threshold_us = std::to_string(in.latency_monitor_threshold_ms * 1000);
  for (int a = 0; a < kAdviceCount; ++a) {
    if (!advise[a]) continue;
    // Two pieces of advice apply only to a setting that makes them worth giving.
    if (a == kRelaxFsyncPolicy && !in.appendfsync_always) continue;
    if (a == kHz && in.hz >= 100) continue;
    std::string text(kAdviceText[a]);
    constexpr std::string_view kThreshold = "{threshold_us}";
    if (const size_t at = text.find(kThreshold); at != std::string::npos) text.replace(at, kThreshold.size(), threshold_us);
    report += text;
  }
  return report;
}

uint64_t AnonHugePagesBytes() {
  std::ifstream in("/proc/self/smaps_rollup");
  std::string line;
  while (std::getline(in, line)) {
    unsigned long long kb = 0;
    if (std::sscanf(line.c_str(), "AnonHugePages: %llu kB", &kb) == 1) return kb * 1024;
  }
  return 0;
}

}  // namespace ringkv::core

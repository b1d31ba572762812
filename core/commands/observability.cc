// SLOWLOG, LATENCY and MONITOR: what the server tells an operator about its own speed, as Redis 7.0's
// slowlog.c, latency.c and MONITOR. The records live elsewhere (core/slowlog.h, core/latency_monitor.h,
// the commands' latency histograms in core/command.h, core/monitor.h); the dispatcher fills them as commands
// run. These handlers only read, reset and format them.
#include <algorithm>
#include <climits>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "core/command_reply.h"
#include "core/context.h"
#include "core/latency_report.h"
#include "core/server.h"

namespace ringkv::core {
namespace {

int64_t NowS(const CommandContext& ctx) { return ctx.now_ms / 1000; }

// ---- SLOWLOG ----

void SlowlogGetCommand(CommandContext& ctx) {
  // One handler serves every SLOWLOG form in Redis: extra arguments are a subcommand syntax error.
  if (ctx.argc() > 3) {
    ctx.ReplySubcommandSyntaxError();
    return;
  }
  const auto& entries = ctx.server.slowlog().entries();
  int64_t count = 10;
  if (ctx.argc() == 3) {
    if (!ctx.RangeInt64OrReply(ctx.argv[2], -1, LONG_MAX, &count, "ERR count should be greater than or equal to -1"))
      return;
    if (count == -1) count = static_cast<int64_t>(entries.size());  // -1: all of them
  }
  const size_t n = std::min(static_cast<size_t>(count), entries.size());
  ctx.rb.ArrayHeader(n);
  for (size_t i = 0; i < n; ++i) {
    const Slowlog::Entry& e = entries[i];
    ctx.rb.ArrayHeader(6);
    ctx.rb.Integer(e.id);
    ctx.rb.Integer(e.time_s);
    ctx.rb.Integer(e.duration_us);
    ctx.rb.ArrayHeader(e.argv.size());
    for (const std::string& a : e.argv) ctx.rb.Bulk(a);
    ctx.rb.Bulk(e.peer);
    ctx.rb.Bulk(e.client_name);
  }
}

void SlowlogLenCommand(CommandContext& ctx) { ctx.rb.Integer(static_cast<int64_t>(ctx.server.slowlog().size())); }

void SlowlogResetCommand(CommandContext& ctx) {
  ctx.server.slowlog().Reset();
  ctx.rb.Ok();
}

void SlowlogHelpCommand(CommandContext& ctx) {
  ctx.ReplyHelp({
      "GET [<count>]",
      "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
      "    Entries are made of:",
      "    id, timestamp, time in microseconds, arguments array, client IP and port,",
      "    client name",
      "LEN",
      "    Return the length of the slowlog.",
      "RESET",
      "    Reset the slowlog.",
  });
}

// ---- LATENCY ----

void LatencyLatestCommand(CommandContext& ctx) {
  const auto& events = ctx.server.latency().events();
  ctx.rb.ArrayHeader(events.size());
  for (const auto& [event, series] : events) {
    ctx.rb.ArrayHeader(4);
    ctx.rb.Bulk(event);
    ctx.rb.Integer(series.Latest().time_s);
    ctx.rb.Integer(series.Latest().latency_ms);
    ctx.rb.Integer(series.max_ms);
  }
}

void LatencyHistoryCommand(CommandContext& ctx) {
  const LatencyMonitor::Series* series = ctx.server.latency().Find(ctx.argv[2]);
  if (series == nullptr) {
    ctx.rb.EmptyArray();
    return;
  }
  const std::vector<LatencyMonitor::Sample> samples = series->InOrder();
  ctx.rb.ArrayHeader(samples.size());
  for (const LatencyMonitor::Sample& s : samples) {
    ctx.rb.ArrayHeader(2);
    ctx.rb.Integer(s.time_s);
    ctx.rb.Integer(s.latency_ms);
  }
}

void LatencyResetCommand(CommandContext& ctx) {
  const std::vector<std::string_view> names(ctx.argv.begin() + 2, ctx.argv.end());
  ctx.rb.Integer(static_cast<int64_t>(ctx.server.latency().Reset(names)));
}

void LatencyGraphCommand(CommandContext& ctx) {
  const LatencyMonitor::Series* series = ctx.server.latency().Find(ctx.argv[2]);
  if (series == nullptr) {
    ctx.rb.Error("ERR No samples available for event '" + std::string(ctx.argv[2]) + "'");
    return;
  }
  ctx.rb.Verbatim(RenderLatencyGraph(ctx.argv[2], *series, NowS(ctx)));
}

void LatencyDoctorCommand(CommandContext& ctx) {
  const Config& cfg = ctx.server.config();
  const DoctorInputs in{.latency_monitor_threshold_ms = cfg.latency_monitor_threshold,
                        .slowlog_log_slower_than_us = cfg.slowlog_log_slower_than_us,
                        .hz = cfg.hz,
                        .appendfsync_always = cfg.appendfsync == "always",
                        .fork_rate_gb_per_s = ctx.server.fork_rate_gb_per_s(),
                        .anon_huge_pages_bytes = AnonHugePagesBytes()};
  ctx.rb.Verbatim(RenderLatencyDoctor(ctx.server.latency(), in, NowS(ctx)));
}

// One command's cumulative distribution (Redis's fillCommandCDF): its calls and, for each power-of-two
// bucket from 1 us up that holds new calls, the bucket's bound in microseconds and the calls up to it.
void ReplyCommandCdf(io::ReplyBuilder& rb, const Command& c) {
  const ds::LatencyHistogram& h = *c.latency;
  std::vector<std::pair<int64_t, uint64_t>> buckets;
  uint64_t previous = 0;
  h.ForEachPowerOfTwoStep(1024, [&](int64_t highest_ns, uint64_t cumulative) {
    if (cumulative > previous) buckets.emplace_back(highest_ns / 1000, cumulative);
    previous = cumulative;
  });
  rb.Bulk(c.full_name);
  rb.MapHeader(2);
  rb.Bulk("calls");
  rb.Integer(static_cast<int64_t>(h.total()));
  rb.Bulk("histogram_usec");
  rb.MapHeader(buckets.size());
  for (const auto& [usec, count] : buckets) {
    rb.Integer(usec);
    rb.Integer(static_cast<int64_t>(count));
  }
}

void LatencyHistogramCommand(CommandContext& ctx) {
  // Every command with calls, or the named ones (a container names its subcommands), unknown names skipped.
  std::vector<const Command*> cmds;
  if (ctx.argc() == 2) {
    for (const Command* c : ctx.server.commands().AllByFullName())
      if (c->latency != nullptr) cmds.push_back(c);
  } else {
    for (size_t j = 2; j < ctx.argc(); ++j) {
      const Command* c = ctx.server.commands().FindByFullName(ctx.argv[j]);
      if (c == nullptr) continue;
      if (c->latency != nullptr) cmds.push_back(c);
      for (const Command* sub : SortedSubcommands(*c))
        if (sub->latency != nullptr) cmds.push_back(sub);
    }
  }
  ctx.rb.MapHeader(cmds.size());
  for (const Command* c : cmds) ReplyCommandCdf(ctx.rb, *c);
}

void LatencyHelpCommand(CommandContext& ctx) {
  ctx.ReplyHelp({
      "DOCTOR",
      "    Return a human readable latency analysis report.",
      "GRAPH <event>",
      "    Return an ASCII latency graph for the <event> class.",
      "HISTORY <event>",
      "    Return time-latency samples for the <event> class.",
      "LATEST",
      "    Return the latest latency samples for all events.",
      "RESET [<event> ...]",
      "    Reset latency data of one or more <event> classes.",
      "    (default: reset all data for all event classes)",
      "HISTOGRAM [COMMAND ...]",
      "    Return a cumulative distribution of latencies in the format of a histogram for the specified command "
      "names.",
      "    If no commands are specified then all histograms are replied.",
  });
}

// ---- MONITOR ----

void MonitorCommand(CommandContext& ctx) {
  Client& c = ctx.client;
  // A client that expects one reply per command cannot stream (Redis's CLIENT_DENY_BLOCKING: inside EXEC).
  if (!ctx.MayBlock()) {
    ctx.rb.Error("ERR MONITOR isn't allowed for DENY BLOCKING client");
    return;
  }
  // Already a monitor or a replica: Redis ignores it, without a reply.
  if (c.monitor || c.is_replica) return;
  ctx.server.monitors().Add(c);
  ctx.rb.Ok();
}

}  // namespace

void RegisterObservabilityCommands(CommandTable& t) {
  t.Add("slowlog|get", SlowlogGetCommand);
  t.Add("slowlog|len", SlowlogLenCommand);
  t.Add("slowlog|reset", SlowlogResetCommand);
  t.Add("slowlog|help", SlowlogHelpCommand);
  t.Add("latency|latest", LatencyLatestCommand);
  t.Add("latency|history", LatencyHistoryCommand);
  t.Add("latency|reset", LatencyResetCommand);
  t.Add("latency|graph", LatencyGraphCommand);
  t.Add("latency|doctor", LatencyDoctorCommand);
  t.Add("latency|histogram", LatencyHistogramCommand);
  t.Add("latency|help", LatencyHelpCommand);
  t.Add("monitor", MonitorCommand);
}

}  // namespace ringkv::core

// MEMORY: the allocator-facing subcommands. PURGE returns free pages to the system at once (the cron does
// it within seconds on its own, core/server.cc), MALLOC-STATS prints the allocator's report, USAGE measures one
// key, STATS and DOCTOR report where the memory goes (core/memory_stats.h) as Redis 7.0 lays them out.
#include <string>

#include "core/context.h"
#include "core/memory.h"
#include "core/memory_stats.h"

namespace ringkv::core {
namespace {

void MemoryHelpCommand(CommandContext& ctx) {
  ctx.ReplyHelp({
      "DOCTOR",
      "    Return memory problems reports.",
      "MALLOC-STATS",
      "    Return internal statistics report from the memory allocator.",
      "PURGE",
      "    Attempt to purge dirty pages for reclamation by the allocator.",
      "STATS",
      "    Return information about the memory usage of the server.",
      "USAGE <key> [SAMPLES <count>]",
      "    Return memory in bytes used by <key> and its value. Nested values are",
      "    sampled up to <count> times (default: 5, 0 means sample all).",
  });
}

void MemoryPurgeCommand(CommandContext& ctx) {
  ReleaseFreeMemory(/*force=*/true);
  ctx.rb.Ok();
}

// MEMORY USAGE key [SAMPLES count]: the bytes the key costs, measured rather than sampled: its entry (header,
// expire room, key), its value's allocations (EncodingOps::heap_bytes, exact for every encoding), and its
// share of the key table (and of the expires table when it has a TTL). SAMPLES is parsed and checked as Redis
// does, and ignored: nothing is estimated. Like Redis, the key is found without expiring it or touching it.
void MemoryUsageCommand(CommandContext& ctx) {
  for (size_t j = 3; j < ctx.argc(); ++j) {
    if (EqualsIgnoreCase(ctx.argv[j], "samples") && j + 1 < ctx.argc()) {
      int64_t samples;
      if (!ctx.Int64OrReply(ctx.argv[j + 1], &samples)) return;
      if (samples < 0) {
        ctx.rb.Error(kErrSyntax);
        return;
      }
      ++j;
    } else {
      ctx.rb.Error(kErrSyntax);
      return;
    }
  }
  const Entry* e = ctx.db->Peek(ctx.argv[2]);
  if (e == nullptr) {
    ctx.rb.Null();
    return;
  }
  auto share = [](size_t table_bytes, size_t entries) { return entries == 0 ? 0 : (table_bytes + entries - 1) / entries; };
  size_t usage = e->AllocatedBytes() + e->value().HeapBytes() + share(ctx.db->key_table_bytes(), ctx.db->size());
  if (e->has_expire()) usage += share(ctx.db->expire_table_bytes(), ctx.db->expires_size());
  ctx.rb.Integer(static_cast<int64_t>(usage));
}

void MemoryMallocStatsCommand(CommandContext& ctx) { ctx.rb.Verbatim(AllocatorStatsText()); }

// MEMORY STATS: Redis 7.0.15's map, field for field and in its order (its ratios are C floats, so they are
// rounded to float before they are sent as doubles). cluster.links and the slot-to-keys tables are 0: ringkv
// runs standalone.
void MemoryStatsCommand(CommandContext& ctx) {
  const MemoryOverhead mh = ComputeMemoryOverhead(ctx.server);
  io::ReplyBuilder& rb = ctx.rb;
  auto num = [&rb](std::string_view name, int64_t v) {
    rb.Bulk(name);
    rb.Integer(v);
  };
  auto ratio = [&rb](std::string_view name, double v) {
    rb.Bulk(name);
    rb.Double(static_cast<double>(static_cast<float>(v)));
  };
  auto u = [](size_t v) { return static_cast<int64_t>(v); };
  rb.MapHeader(27 + mh.dbs.size());
  num("peak.allocated", u(mh.peak_allocated));
  num("total.allocated", u(mh.total_allocated));
  num("startup.allocated", u(mh.startup_allocated));
  num("replication.backlog", u(mh.repl_backlog));
  num("clients.slaves", u(mh.clients_slaves));
  num("clients.normal", u(mh.clients_normal));
  num("cluster.links", 0);
  num("aof.buffer", u(mh.aof_buffer));
  num("lua.caches", u(mh.lua_caches));
  num("functions.caches", u(mh.functions_caches));
  for (const MemoryOverhead::DbOverhead& d : mh.dbs) {
    rb.Bulk("db." + std::to_string(d.db));
    rb.MapHeader(3);
    num("overhead.hashtable.main", u(d.main));
    num("overhead.hashtable.expires", u(d.expires));
    num("overhead.hashtable.slot-to-keys", 0);
  }
  num("overhead.total", u(mh.overhead_total));
  num("keys.count", u(mh.total_keys));
  num("keys.bytes-per-key", u(mh.bytes_per_key));
  num("dataset.bytes", u(mh.dataset));
  ratio("dataset.percentage", mh.dataset_perc);
  ratio("peak.percentage", mh.peak_perc);
  num("allocator.allocated", u(mh.allocator_allocated));
  num("allocator.active", u(mh.allocator_active));
  num("allocator.resident", u(mh.allocator_resident));
  ratio("allocator-fragmentation.ratio", mh.allocator_frag);
  num("allocator-fragmentation.bytes", mh.allocator_frag_bytes);
  ratio("allocator-rss.ratio", mh.allocator_rss);
  num("allocator-rss.bytes", mh.allocator_rss_bytes);
  ratio("rss-overhead.ratio", mh.rss_extra);
  num("rss-overhead.bytes", mh.rss_extra_bytes);
  ratio("fragmentation", mh.total_frag);
  num("fragmentation.bytes", mh.total_frag_bytes);
}

void MemoryDoctorCommand(CommandContext& ctx) { ctx.rb.Verbatim(MemoryDoctorReport(ctx.server)); }

}  // namespace

void RegisterMemoryCommands(CommandTable& t) {
  t.Add("memory|help", MemoryHelpCommand);
  t.Add("memory|purge", MemoryPurgeCommand);
  t.Add("memory|usage", MemoryUsageCommand);
  t.Add("memory|malloc-stats", MemoryMallocStatsCommand);
  t.Add("memory|stats", MemoryStatsCommand);
  t.Add("memory|doctor", MemoryDoctorCommand);
}

}  // namespace ringkv::core

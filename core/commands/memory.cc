// MEMORY: the allocator-facing subcommands. PURGE returns free pages to the system at once (the cron does
// it within seconds on its own, core/server.cc), MALLOC-STATS prints the allocator's report, USAGE measures one
// key. STATS and DOCTOR come with the cache-tier issue.
#include <string>

#include "core/context.h"
#include "core/memory.h"

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

}  // namespace

void RegisterMemoryCommands(CommandTable& t) {
  t.Add("memory|help", MemoryHelpCommand);
  t.Add("memory|purge", MemoryPurgeCommand);
  t.Add("memory|usage", MemoryUsageCommand);
  t.Add("memory|malloc-stats", MemoryMallocStatsCommand);
}

}  // namespace ringkv::core

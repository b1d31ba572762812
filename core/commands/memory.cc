// MEMORY: the allocator-facing subcommands. PURGE returns free pages to the system at once (the cron does
// it within seconds on its own, core/server.cc), MALLOC-STATS prints the allocator's report. USAGE, STATS
// and DOCTOR come with the data types and the cache-tier issue.
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

void MemoryMallocStatsCommand(CommandContext& ctx) { ctx.rb.Verbatim(AllocatorStatsText()); }

}  // namespace

void RegisterMemoryCommands(CommandTable& t) {
  t.Add("memory|help", MemoryHelpCommand);
  t.Add("memory|purge", MemoryPurgeCommand);
  t.Add("memory|malloc-stats", MemoryMallocStatsCommand);
}

}  // namespace ringkv::core

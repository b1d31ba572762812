// Where the memory goes, as Redis's getMemoryOverheadData (object.c) reports it from ringkv's own figures:
// what the server holds besides the data (start-up footprint, replication, client buffers, script caches,
// the key tables) and the data itself, with the allocator's and the process's views beside used_memory.
// INFO memory, MEMORY STATS and MEMORY DOCTOR all read one MemoryOverhead, so they agree.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ringkv::core {

class Server;

struct MemoryOverhead {
  size_t total_allocated = 0;    // used_memory
  size_t startup_allocated = 0;  // used_memory after start-up
  size_t peak_allocated = 0;
  size_t repl_backlog = 0;       // the backlog ring
  size_t clients_slaves = 0;     // the replicas' output and held streams
  size_t clients_normal = 0;     // every other client: output, input and the client itself
  size_t aof_buffer = 0;
  size_t lua_caches = 0;         // EVAL's cached scripts
  size_t functions_caches = 0;   // the function libraries' bookkeeping
  // Per database holding keys: the key table plus each entry's header (Redis: dictEntry + robj per key),
  // and the expires table plus each TTL.
  struct DbOverhead {
    int db = 0;
    size_t main = 0;
    size_t expires = 0;
  };
  std::vector<DbOverhead> dbs;
  size_t overhead_total = 0;
  size_t total_keys = 0;
  size_t bytes_per_key = 0;  // (used - startup) / keys
  size_t dataset = 0;        // used - overhead
  double dataset_perc = 0;   // of used - startup
  double peak_perc = 0;
  // The allocator and the process (core/memory.h): ratios and differences between used memory, what the
  // allocator holds and the resident set.
  size_t allocator_allocated = 0, allocator_active = 0, allocator_resident = 0, process_rss = 0;
  double total_frag = 0, allocator_frag = 0, allocator_rss = 0, rss_extra = 0;
  int64_t total_frag_bytes = 0, allocator_frag_bytes = 0, allocator_rss_bytes = 0, rss_extra_bytes = 0;
};

// O(databases + clients + replicas).
MemoryOverhead ComputeMemoryOverhead(Server& server);
// MEMORY DOCTOR's report (Redis's getMemoryDoctorReport texts and thresholds), from the same figures.
std::string MemoryDoctorReport(Server& server);

}  // namespace ringkv::core

#include "core/memory_stats.h"

#include <algorithm>

#include "core/aof.h"
#include "core/client.h"
#include "core/memory.h"
#include "core/repl/primary.h"
#include "core/repl/replication.h"
#include "core/script/function_library.h"
#include "core/script/script_cache.h"
#include "core/server.h"
#include "io/loop.h"

namespace ringkv::core {

namespace {

double Ratio(size_t a, size_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b); }
int64_t Diff(size_t a, size_t b) { return static_cast<int64_t>(a) - static_cast<int64_t>(b); }

}  // namespace

MemoryOverhead ComputeMemoryOverhead(Server& server) {
  MemoryOverhead mh;
  const size_t used = server.UsedMemory();
  mh.total_allocated = used;
  mh.startup_allocated = server.startup_memory();
  mh.peak_allocated = std::max(server.PeakMemory(), used);

  const AllocatorFigures alloc = AllocatorFiguresNow();
  mh.allocator_allocated = alloc.allocated;
  mh.allocator_active = alloc.active;
  mh.allocator_resident = alloc.resident;
  mh.process_rss = static_cast<size_t>(server.MemoryRss());
  mh.total_frag = Ratio(mh.process_rss, used);
  mh.total_frag_bytes = Diff(mh.process_rss, used);
  mh.allocator_frag = Ratio(alloc.active, alloc.allocated);
  mh.allocator_frag_bytes = Diff(alloc.active, alloc.allocated);
  mh.allocator_rss = Ratio(alloc.resident, alloc.active);
  mh.allocator_rss_bytes = Diff(alloc.resident, alloc.active);
  mh.rss_extra = Ratio(mh.process_rss, alloc.resident);
  mh.rss_extra_bytes = Diff(mh.process_rss, alloc.resident);

  size_t total = mh.startup_allocated;
  const ReplBacklog* backlog = server.replication().backlog();
  mh.repl_backlog = backlog != nullptr ? backlog->size() : 0;
  mh.clients_slaves = server.primary().OutputBytes();
  total += mh.repl_backlog + mh.clients_slaves;
  for (const auto& [id, c] : server.clients()) {
    if (c->is_replica || c->conn() == nullptr) continue;
    mh.clients_normal += sizeof(Client) + c->out().allocated_bytes() + c->conn()->input().capacity();
  }
  total += mh.clients_normal;
  mh.aof_buffer = server.aof().buffer_bytes();
  mh.lua_caches = server.scripts().body_bytes();
  mh.functions_caches = server.functions().MemoryOverhead();
  total += mh.aof_buffer + mh.lua_caches + mh.functions_caches;

  for (int i = 0; i < server.db_count(); ++i) {
    const Db& db = server.db(i);
    if (db.size() == 0) continue;
    mh.total_keys += db.size();
    MemoryOverhead::DbOverhead d;
    d.db = i;
    d.main = db.key_table_bytes() + db.size() * sizeof(Entry);
    d.expires = db.expire_table_bytes() + db.expires_size() * sizeof(int64_t);
    total += d.main + d.expires;
    mh.dbs.push_back(d);
  }

  mh.overhead_total = total;
  // The start-up figure is a snapshot: what was allocated then can have been freed since.
  mh.dataset = used > total ? used - total : 0;
  mh.peak_perc = mh.peak_allocated != 0 ? 100.0 * static_cast<double>(used) / static_cast<double>(mh.peak_allocated) : 0;
  const size_t net = used > mh.startup_allocated ? used - mh.startup_allocated : 1;
  mh.dataset_perc = 100.0 * static_cast<double>(mh.dataset) / static_cast<double>(net);
  mh.bytes_per_key = mh.total_keys != 0 ? net / mh.total_keys : 0;
  return mh;
}

std::string MemoryDoctorReport(Server& server) {
  const MemoryOverhead mh = ComputeMemoryOverhead(server);
  constexpr int64_t kTenMb = int64_t{10} << 20;
  bool empty = false, big_peak = false, high_frag = false, high_alloc_frag = false, high_alloc_rss = false,
       high_proc_rss = false, big_replica_buf = false, big_client_buf = false, many_scripts = false;
  int reports = 0;
  if (mh.total_allocated < size_t{5} << 20) {
    empty = true;
    ++reports;
  } else {
    auto flag = [&reports](bool& f, bool cond) {
      f = cond;
      reports += cond ? 1 : 0;
    };
    flag(big_peak, Ratio(mh.peak_allocated, mh.total_allocated) > 1.5);
    flag(high_frag, mh.total_frag > 1.4 && mh.total_frag_bytes > kTenMb);
    flag(high_alloc_frag, mh.allocator_frag > 1.1 && mh.allocator_frag_bytes > kTenMb);
    flag(high_alloc_rss, mh.allocator_rss > 1.1 && mh.allocator_rss_bytes > kTenMb);
    flag(high_proc_rss, mh.rss_extra > 1.1 && mh.rss_extra_bytes > kTenMb);
    size_t replicas = 0;
    for (const auto& [id, c] : server.clients()) replicas += c->is_replica ? 1 : 0;
    const size_t clients = server.clients().size() - replicas;
    flag(big_client_buf, clients != 0 && mh.clients_normal / clients > 200 * 1024);
    flag(big_replica_buf, replicas > 0 && mh.clients_slaves > size_t{10} << 20);
    flag(many_scripts, server.scripts().size() > 1000);
  }

  if (reports == 0) {
    return "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this "
           "base.\n";
  }
  if (empty) {
    return "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in "
           "these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and "
           "I will be back to our programming as soon as I finished rebooting.\n";
  }
  std::string s = "Sam, I detected a few issues in this Redis instance memory implants:\n\n";
  if (big_peak) {
    s += " * Peak memory: In the past this instance used more than 150% the memory that is currently using. The "
         "allocator is normally not able to release memory after a peak, so you can expect to see a big "
         "fragmentation ratio, however this is actually harmless and is only due to the memory peak, and if the "
         "Redis instance Resident Set Size (RSS) is currently bigger than expected, the memory will be used as "
         "soon as you fill the Redis instance with more data. If the memory peak was only occasional and you "
         "want to try to reclaim memory, please try the MEMORY PURGE command, otherwise the only other option is "
         "to shutdown and restart the instance.\n\n";
  }
  if (high_frag) {
    s += " * High total RSS: This instance has a memory fragmentation and RSS overhead greater than 1.4 (this "
         "means that the Resident Set Size of the Redis process is much larger than the sum of the logical "
         "allocations Redis performed). This problem is usually due either to a large peak memory (check if "
         "there is a peak memory entry above in the report) or may result from a workload that causes the "
         "allocator to fragment memory a lot. If the problem is a large peak memory, then there is no issue. "
         "Otherwise, make sure you are using the Jemalloc allocator and not the default libc malloc. Note: The "
         "currently used allocator is \"";
    s += AllocatorName();
    s += "\".\n\n";
  }
  if (high_alloc_frag) {
    s += " * High allocator fragmentation: This instance has an allocator external fragmentation greater than "
         "1.1. This problem is usually due either to a large peak memory (check if there is a peak memory entry "
         "above in the report) or may result from a workload that causes the allocator to fragment memory a "
         "lot. You can try enabling 'activedefrag' config option.\n\n";
  }
  if (high_alloc_rss) {
    s += " * High allocator RSS overhead: This instance has an RSS memory overhead is greater than 1.1 (this "
         "means that the Resident Set Size of the allocator is much larger than the sum what the allocator "
         "actually holds). This problem is usually due to a large peak memory (check if there is a peak memory "
         "entry above in the report), you can try the MEMORY PURGE command to reclaim it.\n\n";
  }
  if (high_proc_rss) {
    s += " * High process RSS overhead: This instance has non-allocator RSS memory overhead is greater than 1.1 "
         "(this means that the Resident Set Size of the Redis process is much larger than the RSS the allocator "
         "holds). This problem may be due to Lua scripts or Modules.\n\n";
  }
  if (big_replica_buf) {
    s += " * Big replica buffers: The replica output buffers in this instance are greater than 10MB for each "
         "replica (on average). This likely means that there is some replica instance that is struggling "
         "receiving data, either because it is too slow or because of networking issues. As a result, data "
         "piles on the master output buffers. Please try to identify what replica is not receiving data "
         "correctly and why. You can use the INFO output in order to check the replicas delays and the CLIENT "
         "LIST command to check the output buffers of each replica.\n\n";
  }
  if (big_client_buf) {
    s += " * Big client buffers: The clients output buffers in this instance are greater than 200K per client "
         "(on average). This may result from different causes, like Pub/Sub clients subscribed to channels bot "
         "not receiving data fast enough, so that data piles on the Redis instance output buffer, or clients "
         "sending commands with large replies or very large sequences of commands in the same pipeline. Please "
         "use the CLIENT LIST command in order to investigate the issue if it causes problems in your instance, "
         "or to understand better why certain clients are using a big amount of memory.\n\n";
  }
  if (many_scripts) {
    s += " * Many scripts: There seem to be many cached scripts in this instance (more than 1000). This may be "
         "because scripts are generated and `EVAL`ed, instead of being parameterized (with KEYS and ARGV), "
         "`SCRIPT LOAD`ed and `EVALSHA`ed. Unless `SCRIPT FLUSH` is called periodically, the scripts' caches "
         "may end up consuming most of your memory.\n\n";
  }
  s += "I'm here to keep you safe, Sam. I want to help you.\n";
  return s;
}

}  // namespace ringkv::core

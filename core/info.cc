#include "core/info.h"

#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_format.h"
#include "core/aof.h"
#include "core/memory.h"
#include "core/memory_stats.h"
#include "core/object.h"
#include "core/script/function_library.h"
#include "core/script/script_cache.h"
#include "core/server.h"
#include "core/repl/failover.h"
#include "core/repl/primary.h"
#include "core/repl/replica.h"
#include "core/repl/replication.h"
#include "io/loop.h"
#include "core/version.h"

namespace ringkv::core {
namespace {

// One "name:value\r\n" line.
std::string Kv(std::string_view k, std::string_view v) {
  std::string line;
  line.reserve(k.size() + v.size() + 3);
  line.append(k).append(":").append(v).append("\r\n");
  return line;
}
std::string Kv(std::string_view k, const std::string& v) { return Kv(k, std::string_view(v)); }
std::string Kv(std::string_view k, const char* v) { return Kv(k, std::string_view(v)); }
template <typename T>
  requires std::is_arithmetic_v<T>
std::string Kv(std::string_view k, T v) {
  return Kv(k, std::string_view(std::to_string(v)));
}

bool Wants(const std::vector<std::string>& sections, std::string_view name, bool in_default) {
  if (sections.empty()) return in_default;
  for (const std::string& s : sections) {
    if (s == name || s == "all" || s == "everything") return true;
    if (s == "default" && in_default) return true;
  }
  return false;
}

uint64_t TotalSystemMemory() {
  long pages = sysconf(_SC_PHYS_PAGES);
  long page = sysconf(_SC_PAGESIZE);
  return pages > 0 && page > 0 ? static_cast<uint64_t>(pages) * static_cast<uint64_t>(page) : 0;
}

}  // namespace

std::string BytesToHuman(uint64_t n) {
  double d = static_cast<double>(n);
  if (n < 1024) return absl::StrFormat("%dB", n);
  if (n < 1024ULL * 1024) return absl::StrFormat("%.2fK", d / 1024);
  if (n < 1024ULL * 1024 * 1024) return absl::StrFormat("%.2fM", d / (1024.0 * 1024));
  if (n < 1024ULL * 1024 * 1024 * 1024) return absl::StrFormat("%.2fG", d / (1024.0 * 1024 * 1024));
  return absl::StrFormat("%.2fT", d / (1024.0 * 1024 * 1024 * 1024));
}

std::string BuildInfo(Server& server, const std::vector<std::string>& sections) {
  std::string out;
  const Config& cfg = server.config();
  const Stats& st = server.stats();
  const int64_t now_ms = server.NowMs();
  auto section = [&](std::string_view title) {
    if (!out.empty()) out += "\r\n";
    out += absl::StrFormat("# %s\r\n", title);
  };
  if (Wants(sections, "server", true)) {
    section("Server");
    struct utsname un;
    uname(&un);
    char exe[4096] = "";
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) exe[n] = '\0';
    out += Kv("redis_version", kRedisVersion);
    out += Kv("ringkv_version", kRingkvVersion);
    out += Kv("redis_git_sha1", "00000000");
    out += Kv("redis_git_dirty", 0);
    out += Kv("redis_build_id", "0");
    out += Kv("redis_mode", "standalone");
    out += Kv("os", absl::StrFormat("%s %s %s", un.sysname, un.release, un.machine));
    out += Kv("arch_bits", 64);
    out += Kv("monotonic_clock", "POSIX clock_gettime");
    out += Kv("multiplexing_api", "io_uring");
    out += Kv("atomicvar_api", "c11-builtin");
    out += Kv("gcc_version", absl::StrFormat("%d.%d.%d", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__));
    out += Kv("process_id", static_cast<int>(getpid()));
    out += Kv("process_supervised", "no");
    out += Kv("run_id", server.run_id());
    out += Kv("tcp_port", cfg.port);
    out += Kv("server_time_usec", server.NowUs());
    out += Kv("uptime_in_seconds", (now_ms - server.start_time_ms()) / 1000);
    out += Kv("uptime_in_days", (now_ms - server.start_time_ms()) / 86400000);
    out += Kv("hz", cfg.hz);
    out += Kv("configured_hz", cfg.hz);
    out += Kv("lru_clock", server.lru_clock());
    out += Kv("executable", exe);
    out += Kv("config_file", cfg.config_file);
    out += Kv("io_threads_active", 0);
  }
  if (Wants(sections, "clients", true)) {
    section("Clients");
    out += Kv("connected_clients", server.clients().size());
    out += Kv("cluster_connections", 0);
    out += Kv("maxclients", cfg.maxclients);
    out += Kv("client_recent_max_input_buffer", 0);
    out += Kv("client_recent_max_output_buffer", 0);
    out += Kv("blocked_clients", server.blocking().blocked_clients());
    out += Kv("tracking_clients", server.tracking().tracking_clients());
    out += Kv("clients_in_timeout_table", server.blocking().clients_in_timeout_table());
  }
  if (Wants(sections, "memory", true)) {
    section("Memory");
    // One set of figures for INFO, MEMORY STATS and MEMORY DOCTOR (core/memory_stats.h).
    const MemoryOverhead mh = ComputeMemoryOverhead(server);
    const uint64_t used = mh.total_allocated;
    const uint64_t peak = mh.peak_allocated;
    const uint64_t rss = mh.process_rss;
    uint64_t sys = TotalSystemMemory();
    out += Kv("used_memory", used);
    out += Kv("used_memory_human", BytesToHuman(used));
    out += Kv("used_memory_rss", rss);
    out += Kv("used_memory_rss_human", BytesToHuman(rss));
    out += Kv("used_memory_peak", peak);
    out += Kv("used_memory_peak_human", BytesToHuman(peak));
    out += Kv("used_memory_peak_perc", absl::StrFormat("%.2f%%", mh.peak_perc));
    out += Kv("used_memory_overhead", mh.overhead_total);
    out += Kv("used_memory_startup", mh.startup_allocated);
    out += Kv("used_memory_dataset", mh.dataset);
    out += Kv("used_memory_dataset_perc", absl::StrFormat("%.2f%%", mh.dataset_perc));
    out += Kv("allocator_allocated", mh.allocator_allocated);
    out += Kv("allocator_active", mh.allocator_active);
    out += Kv("allocator_resident", mh.allocator_resident);
    out += Kv("total_system_memory", sys);
    out += Kv("total_system_memory_human", BytesToHuman(sys));
    // Scripts (core/script/): each Lua heap (EVAL's, the functions'), EVAL's cached bodies and the
    // libraries' bookkeeping.
    const uint64_t lua_bytes = server.scripts().engine().MemoryBytes();
    const uint64_t scripts_bytes = mh.lua_caches;
    const FunctionRegistry& functions = server.functions();
    const uint64_t functions_vm = functions.engine().MemoryBytes();
    const uint64_t functions_bytes = mh.functions_caches;
    out += Kv("used_memory_lua", lua_bytes);
    out += Kv("used_memory_vm_eval", lua_bytes);
    out += Kv("used_memory_lua_human", BytesToHuman(lua_bytes));
    out += Kv("used_memory_scripts_eval", scripts_bytes);
    out += Kv("number_of_cached_scripts", server.scripts().size());
    out += Kv("number_of_functions", functions.libraries().indexed_functions());
    out += Kv("number_of_libraries", functions.libraries().libraries().size());
    out += Kv("used_memory_vm_functions", functions_vm);
    out += Kv("used_memory_vm_total", lua_bytes + functions_vm);
    out += Kv("used_memory_vm_total_human", BytesToHuman(lua_bytes + functions_vm));
    out += Kv("used_memory_functions", functions_bytes);
    out += Kv("used_memory_scripts", scripts_bytes + functions_bytes);
    out += Kv("used_memory_scripts_human", BytesToHuman(scripts_bytes + functions_bytes));
    out += Kv("maxmemory", cfg.maxmemory);
    out += Kv("maxmemory_human", BytesToHuman(static_cast<uint64_t>(cfg.maxmemory)));
    out += Kv("maxmemory_policy", MaxmemoryPolicyNames()[static_cast<size_t>(cfg.maxmemory_policy)]);
    out += Kv("allocator_frag_ratio", absl::StrFormat("%.2f", mh.allocator_frag));
    out += Kv("allocator_frag_bytes", mh.allocator_frag_bytes);
    out += Kv("allocator_rss_ratio", absl::StrFormat("%.2f", mh.allocator_rss));
    out += Kv("allocator_rss_bytes", mh.allocator_rss_bytes);
    out += Kv("rss_overhead_ratio", absl::StrFormat("%.2f", mh.rss_extra));
    out += Kv("rss_overhead_bytes", mh.rss_extra_bytes);
    // Redis's meaning: the resident set over used_memory (below 1 when pages are swapped or not touched yet).
    out += Kv("mem_fragmentation_ratio", absl::StrFormat("%.2f", mh.total_frag));
    out += Kv("mem_fragmentation_bytes", mh.total_frag_bytes);
    out += Kv("mem_not_counted_for_evict", server.eviction().NotCountedBytes());
    out += Kv("mem_replication_backlog", mh.repl_backlog);
    out += Kv("mem_total_replication_buffers", mh.repl_backlog + mh.clients_slaves);
    out += Kv("mem_clients_slaves", mh.clients_slaves);
    out += Kv("mem_clients_normal", mh.clients_normal);
    out += Kv("mem_cluster_links", 0);
    out += Kv("mem_aof_buffer", mh.aof_buffer);
    out += Kv("mem_allocator", AllocatorName());
    out += Kv("active_defrag_running", 0);
    out += Kv("lazyfree_pending_objects", server.lazyfree().pending());
    out += Kv("lazyfreed_objects", server.lazyfree().freed());
  }
  if (Wants(sections, "persistence", true)) {
    section("Persistence");
    out += Kv("loading", server.loading().active() ? 1 : 0);
    out += Kv("async_loading", 0);
    // The running child's reports (core/fork_child.h), zero without one.
    const ForkChild* child = server.fork_child();
    const size_t keys_total = child != nullptr ? child->keys_total() : 0;
    const size_t keys_done = child != nullptr ? child->keys_processed() : 0;
    const int64_t cow_at_ms = child != nullptr ? child->cow_updated_ms() : 0;
    out += Kv("current_cow_peak", child != nullptr ? child->cow_peak() : 0);
    out += Kv("current_cow_size", child != nullptr ? child->cow_bytes() : 0);
    out += Kv("current_cow_size_age", cow_at_ms != 0 ? (ForkChild::MonotonicMs() - cow_at_ms) / 1000 : 0);
    out += Kv("current_fork_perc",
              absl::StrFormat("%.2f", keys_total != 0 ? 100.0 * static_cast<double>(keys_done) / keys_total : 0.0));
    out += Kv("current_save_keys_processed", keys_done);
    out += Kv("current_save_keys_total", keys_total);
    const RdbStatus& rdb = server.rdb_status();
    const bool rdb_child = child != nullptr && child->kind() == ChildKind::kRdb;
    out += Kv("rdb_changes_since_last_save", server.dirty() - rdb.dirty_at_save);
    out += Kv("rdb_bgsave_in_progress", rdb_child ? 1 : 0);
    out += Kv("rdb_last_save_time", rdb.last_save_s);
    out += Kv("rdb_last_bgsave_status", rdb.last_save_ok ? "ok" : "err");
    out += Kv("rdb_last_bgsave_time_sec", rdb.last_bgsave_time_s);
    out += Kv("rdb_current_bgsave_time_sec", rdb_child ? now_ms / 1000 - child->start_s() : -1);
    out += Kv("rdb_saves", rdb.saves);
    out += Kv("rdb_last_cow_size", rdb.last_cow_bytes);
    out += Kv("rdb_last_load_keys_expired", rdb.last_load_keys_expired);
    out += Kv("rdb_last_load_keys_loaded", rdb.last_load_keys_loaded);
    out += server.aof().InfoFields(/*size_block=*/false);
    out += Kv("module_fork_in_progress", 0);
    out += Kv("module_fork_last_cow_size", 0);
    out += server.aof().InfoFields(/*size_block=*/true);
    server.loading().AppendInfo(&out, server.NowMs() / 1000);
  }
  if (Wants(sections, "stats", true)) {
    section("Stats");
    const io::LoopCounters& io = server.io_counters();
    out += Kv("total_connections_received", st.total_connections_received);
    out += Kv("total_commands_processed", st.total_commands_processed);
    out += Kv("instantaneous_ops_per_sec", static_cast<int64_t>(server.InstantaneousOps()));
    out += Kv("total_net_input_bytes", io.bytes_in);
    out += Kv("total_net_output_bytes", io.bytes_out);
    out += Kv("total_net_repl_input_bytes", 0);
    out += Kv("total_net_repl_output_bytes", 0);
    out += Kv("instantaneous_input_kbps", absl::StrFormat("%.2f", server.InstantaneousKbps(true)));
    out += Kv("instantaneous_output_kbps", absl::StrFormat("%.2f", server.InstantaneousKbps(false)));
    out += Kv("instantaneous_input_repl_kbps", "0.00");
    out += Kv("instantaneous_output_repl_kbps", "0.00");
    out += Kv("rejected_connections", st.rejected_connections);
    out += Kv("sync_full", st.sync_full);
    out += Kv("sync_partial_ok", st.sync_partial_ok);
    out += Kv("sync_partial_err", st.sync_partial_err);
    out += Kv("expired_keys", st.expired_keys);
    out += Kv("expired_stale_perc", absl::StrFormat("%.2f", st.expired_stale_perc_x100 / 100.0));
    out += Kv("expired_time_cap_reached_count", st.expired_time_cap_reached_count);
    out += Kv("expire_cycle_cpu_milliseconds", st.expire_cycle_cpu_ms);
    out += Kv("evicted_keys", st.evicted_keys);
    out += Kv("evicted_clients", 0);
    out += Kv("total_eviction_exceeded_time", server.eviction().TotalExceededMs());
    out += Kv("current_eviction_exceeded_time", server.eviction().CurrentExceededMs());
    out += Kv("keyspace_hits", st.keyspace_hits);
    out += Kv("keyspace_misses", st.keyspace_misses);
    out += Kv("pubsub_channels", server.pubsub().channel_count());
    out += Kv("pubsub_patterns", server.pubsub().pattern_count());
    out += Kv("pubsubshard_channels", server.pubsub().shard_channel_count());
    out += Kv("latest_fork_usec", server.fork_child() != nullptr ? server.fork_child()->latest_fork_usec() : 0);
    out += Kv("total_forks", server.fork_child() != nullptr ? server.fork_child()->total_forks() : 0);
    out += Kv("migrate_cached_sockets", 0);
    out += Kv("slave_expires_tracked_keys", 0);
    out += Kv("active_defrag_hits", 0);
    out += Kv("active_defrag_misses", 0);
    out += Kv("active_defrag_key_hits", 0);
    out += Kv("active_defrag_key_misses", 0);
    out += Kv("total_active_defrag_time", 0);
    out += Kv("current_active_defrag_time", 0);
    out += Kv("tracking_total_keys", server.tracking().total_keys());
    out += Kv("tracking_total_items", server.tracking().total_items());
    out += Kv("tracking_total_prefixes", server.tracking().total_prefixes());
    out += Kv("unexpected_error_replies", st.unexpected_error_replies);
    out += Kv("total_error_replies", st.total_error_replies);
    out += Kv("dump_payload_sanitizations", 0);
    out += Kv("total_reads_processed", st.total_reads_processed);
    out += Kv("total_writes_processed", io.sends);
    out += Kv("io_threaded_reads_processed", 0);
    out += Kv("io_threaded_writes_processed", 0);
    out += Kv("reply_buffer_shrinks", 0);
    out += Kv("reply_buffer_expands", 0);
    // ringkv's own: how the ring is doing (names prefixed io_ so no Redis tool mistakes them).
    out += Kv("client_query_buffer_limit_disconnections", st.client_query_buffer_limit_disconnections);
    out += Kv("client_output_buffer_limit_disconnections", st.client_output_buffer_limit_disconnections);
    out += Kv("io_enters", io.enters);
    out += Kv("io_cqes", io.cqes);
    out += Kv("io_enobufs", io.enobufs);
    out += Kv("io_recv_rearms", io.recv_rearms);
    out += Kv("io_short_sends", io.short_sends);
    out += Kv("io_sq_full", io.sq_full);
    out += Kv("io_no_sqe", io.no_sqe);
    out += Kv("io_enter_errors", io.enter_errors);
    out += Kv("io_accept_errors", io.accept_errors);
    out += Kv("io_features", server.io_features());
    out += Kv("sync_dual_channel", st.sync_dual_channel);
  }
  if (Wants(sections, "replication", true)) {
    section("Replication");
    // Redis 7.0.15's order: the role, a replica's link lines, then the replicas attached to this server
    // (connected_slaves, slaveN: a replica can have its own), the failover state and the history.
    const Replica& replica = server.replica();
    if (replica.active()) {
      out += Kv("role", "slave");
      replica.AppendInfo(&out);
      out += Kv("slave_priority", server.config().replica_priority);
      out += Kv("slave_read_only", server.config().replica_read_only ? 1 : 0);
      out += Kv("replica_announced", server.config().replica_announced ? 1 : 0);
    } else {
      out += Kv("role", "master");
    }
    server.primary().AppendInfo(&out);
    out += Kv("master_failover_state", server.failover().StateName());
    out += server.replication().InfoIdentityFields();
  }
  if (Wants(sections, "cpu", true)) {
    section("CPU");
    struct rusage self, children;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    auto secs = [](const timeval& tv) { return absl::StrFormat("%.6f", tv.tv_sec + tv.tv_usec / 1e6); };
    out += Kv("used_cpu_sys", secs(self.ru_stime));
    out += Kv("used_cpu_user", secs(self.ru_utime));
    out += Kv("used_cpu_sys_children", secs(children.ru_stime));
    out += Kv("used_cpu_user_children", secs(children.ru_utime));
    out += Kv("used_cpu_sys_main_thread", secs(self.ru_stime));
    out += Kv("used_cpu_user_main_thread", secs(self.ru_utime));
  }
  if (Wants(sections, "modules", true)) {
    section("Modules");
  }
  if (Wants(sections, "commandstats", false)) {
    section("Commandstats");
    for (const Command* c : server.commands().AllByFullName()) {
      if (c->calls == 0 && c->rejected_calls == 0 && c->failed_calls == 0) continue;
      out += absl::StrFormat("cmdstat_%s:calls=%d,usec=%d,usec_per_call=%.2f,rejected_calls=%d,failed_calls=%d\r\n",
                             c->full_name, c->calls, c->usec,
                             c->calls ? static_cast<double>(c->usec) / static_cast<double>(c->calls) : 0.0,
                             c->rejected_calls, c->failed_calls);
    }
  }
  if (Wants(sections, "errorstats", true)) {
    section("Errorstats");
    std::vector<std::pair<std::string, uint64_t>> errs(st.error_counts.begin(), st.error_counts.end());
    std::sort(errs.begin(), errs.end());
    for (const auto& [code, count] : errs) out += absl::StrFormat("errorstat_%s:count=%d\r\n", code, count);
  }
  if (Wants(sections, "latencystats", false)) {
    section("Latencystats");
    // Each command's percentiles in microseconds (Redis's fillPercentileDistributionLatencies), while
    // latency-tracking is on.
    if (cfg.latency_tracking) {
      for (const Command* c : server.commands().AllByFullName()) {
        if (c->latency == nullptr) continue;
        out += "latency_percentiles_usec_" + c->full_name + ":";
        for (size_t j = 0; j < cfg.latency_tracking_info_percentiles.size(); ++j) {
          const double p = cfg.latency_tracking_info_percentiles[j];
          if (j != 0) out += ',';
          absl::StrAppendFormat(&out, "p%s=%.3f", FormatPercentile(p),
                                static_cast<double>(c->latency->ValueAtPercentile(p)) / 1000.0);
        }
        out += "\r\n";
      }
    }
  }
  if (Wants(sections, "cluster", true)) {
    section("Cluster");
    out += Kv("cluster_enabled", 0);
  }
  if (Wants(sections, "keyspace", true)) {
    section("Keyspace");
    for (int i = 0; i < server.db_count(); ++i) {
      Db& db = server.db(i);
      if (db.size() == 0) continue;
      out += absl::StrFormat("db%d:keys=%d,expires=%d,avg_ttl=%d\r\n", i, db.size(), db.expires_size(), db.avg_ttl_ms);
    }
  }
  return out;
}

}  // namespace ringkv::core

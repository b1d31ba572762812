// The directives of Redis 7.0.15 that ringkv accepts and stores but does not act on yet, so that a stock
// redis.conf (Debian's /etc/redis/redis.conf, say) loads unchanged. They are ordinary entries of the one
// directive table (ConfigDirectives()): Redis's name and alias, compiled-in default, validation and error
// text, and mutability (CONFIG SET of an immutable one fails as in Redis). CONFIG GET prints them, CONFIG SET
// checks and keeps them, CONFIG REWRITE writes them back.
//
// This file is the one place that says they have no effect: every directive here is "stored, no effect
// until <issue>" (a few: no effect by design), with the issue or the reason above its group. Nothing is
// logged when one is set. When an issue gives a directive effect, it moves to config.cc next to the code
// that reads it.
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/config.h"
#include "ds/numconv.h"

namespace ringkv::core::config_table {
namespace {

using Args = std::vector<std::string>;

constexpr int64_t kIntMax = INT_MAX, kIntMin = INT_MIN, kLongMax = LLONG_MAX, kUintMax = UINT_MAX;
constexpr int64_t kMaxOomScoreAdj = 2000;  // Redis's bound on each oom-score-adj-values element
constexpr size_t kHostnameMax = 256;       // Redis's NET_HOST_STR_LEN

// Redis's isValidAnnouncedHostname.
bool ValidHostname(const std::string& v, std::string* err) {
  if (v.size() >= kHostnameMax) {
    *err = "Hostnames must be less than " + std::to_string(kHostnameMax) + " characters";
    return false;
  }
  for (char c : v) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    if (!ok) {
      *err = "Hostnames may only contain alphanumeric characters, hyphens or dots";
      return false;
    }
  }
  return true;
}

// Redis's validateProcTitleTemplate: the template expands (sdstemplate: "{{" is a literal '{', "{name}" a
// variable, anything else with '{' is malformed) with an empty title, and the result, trimmed of spaces, is
// not empty. Variables are given the values a standalone server without TLS would print.
bool ValidProcTitleTemplate(const std::string& tmpl, const Config& cfg) {
  std::string out;
  size_t p = 0;
  while (p < tmpl.size()) {
    size_t open = tmpl.find('{', p);
    if (open == std::string::npos) {
      out += tmpl.substr(p);
      break;
    }
    out += tmpl.substr(p, open - p);
    if (open + 1 >= tmpl.size()) return false;
    if (tmpl[open + 1] == '{') {
      out += '{';
      p = open + 2;
      continue;
    }
    size_t close = tmpl.find('}', open + 1);
    if (close == std::string::npos) return false;
    std::string var = tmpl.substr(open + 1, close - open - 1);
    if (var == "title" || var == "server-mode") {
      // Redis validates with an empty title; a standalone server's mode is "".
    } else if (var == "listen-addr") {
      out += "*:" + std::to_string(cfg.port);
    } else if (var == "port") {
      out += std::to_string(cfg.port);
    } else if (var == "tls-port") {
      out += std::to_string(cfg.tls_port);
    } else if (var == "unixsocket") {
      out += cfg.unixsocket;
    } else if (var == "config-file") {
      out += cfg.config_file;
    } else {
      return false;
    }
    p = close + 1;
  }
  return out.find_first_not_of(' ') != std::string::npos;
}

// replicaof <host> <port> | replicaof no one. Immutable in Redis 7.0 (REPLICAOF is the command for that).
ConfigDirective ReplicaofDirective() {
  return ConfigDirective{
      .name = "replicaof",
      .alias = "slaveof",
      .mutable_at_runtime = false,
      .set = [](Config& cfg, const Args& args, std::string* err) {
        if (args.size() != 2) {
          *err = "wrong number of arguments";
          return false;
        }
        if (SameName(args[0], "no") && SameName(args[1], "one")) {
          cfg.replicaof_host.clear();
          cfg.replicaof_port = 0;
          return true;
        }
        char* end = nullptr;
        long port = std::strtol(args[1].c_str(), &end, 10);
        if (port < 0 || port > 65535 || *end != '\0') {
          *err = "Invalid master port";
          return false;
        }
        cfg.replicaof_host = args[0];
        cfg.replicaof_port = port;
        return true;
      },
      .get = [](const Config& cfg) {
        if (cfg.replicaof_host.empty()) return std::string();
        return cfg.replicaof_host + " " + std::to_string(cfg.replicaof_port);
      },
      .multi_arg = true,
      // A master (or a cluster node) has no replicaof line at all.
      .rewrite = [](const Config& cfg) {
        if (cfg.cluster_enabled || cfg.replicaof_host.empty()) return std::vector<ConfigLine>{};
        return OneLine("replicaof " + cfg.replicaof_host + " " + std::to_string(cfg.replicaof_port), true);
      },
  };
}

ConfigDirective OomScoreAdjValuesDirective() {
  auto print = [](const Config& cfg) {
    const auto& v = cfg.oom_score_adj_values;
    return std::to_string(v[0]) + " " + std::to_string(v[1]) + " " + std::to_string(v[2]);
  };
  return ConfigDirective{
      .name = "oom-score-adj-values",
      .alias = {},
      .mutable_at_runtime = true,
      // Three words (master, replica, background child), each a bare strtoll ("" is 0) in [-2000, 2000].
      .set = [](Config& cfg, const Args& args, std::string* err) {
        if (args.size() != cfg.oom_score_adj_values.size()) {
          *err = "wrong number of arguments";
          return false;
        }
        std::array<int64_t, 3> values;
        for (size_t i = 0; i < args.size(); ++i) {
          char* end = nullptr;
          long long v = std::strtoll(args[i].c_str(), &end, 10);
          if (*end != '\0' || v < -kMaxOomScoreAdj || v > kMaxOomScoreAdj) {
            *err = "Invalid oom-score-adj-values, elements must be between -2000 and 2000.";
            return false;
          }
          values[i] = v;
        }
        cfg.oom_score_adj_values = values;
        return true;
      },
      .get = print,
      .multi_arg = true,
      .rewrite = [print](const Config& cfg) {
        return OneLine("oom-score-adj-values " + print(cfg),
                       cfg.oom_score_adj_values != Defaults().oom_score_adj_values);
      },
  };
}

ConfigDirective PercentilesDirective() {
  auto words = [](const Config& cfg) {
    std::vector<std::string> out;
    for (double p : cfg.latency_tracking_info_percentiles) out.push_back(FormatPercentile(p));
    return out;
  };
  return ConfigDirective{
      .name = "latency-tracking-info-percentiles",
      .alias = {},
      .mutable_at_runtime = true,
      .set = [](Config& cfg, const Args& args, std::string* err) {
        std::vector<double> values;
        const bool none = args.empty() || (args.size() == 1 && args[0].empty());
        for (size_t i = 0; !none && i < args.size(); ++i) {
          double p;
          if (!ds::StringToDouble(args[i], &p)) {
            *err = "Invalid latency-tracking-info-percentiles parameters";
            return false;
          }
          if (p > 100.0 || p < 0.0) {
            *err = "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]";
            return false;
          }
          values.push_back(p);
        }
        cfg.latency_tracking_info_percentiles = std::move(values);
        return true;
      },
      .get = [words](const Config& cfg) { return Join(words(cfg), " "); },
      .multi_arg = true,
      // Always written, so that an empty list does not bring the defaults back at the next start.
      .rewrite = [words](const Config& cfg) {
        std::vector<std::string> w = words(cfg);
        return OneLine("latency-tracking-info-percentiles " + (w.empty() ? std::string("\"\"") : Join(w, " ")), true);
      },
  };
}

// shutdown-on-sigint / shutdown-on-sigterm: one or more of the SHUTDOWN flags, OR-ed together.
ConfigDirective ShutdownOnSignalDirective(std::string_view name, int64_t Config::*field) {
  static const EnumName kFlags[] = {{"default", 0}, {"save", 1}, {"nosave", 2}, {"now", 4}, {"force", 8}};
  auto print = [field](const Config& cfg) {
    std::vector<std::string> out;
    for (const EnumName& f : kFlags)
      if (f.value != 0 && (cfg.*field & f.value) == f.value) out.emplace_back(f.name);
    return out.empty() ? std::string("default") : Join(out, " ");
  };
  return ConfigDirective{
      .name = name,
      .alias = {},
      .mutable_at_runtime = true,
      .set = [field](Config& cfg, const Args& args, std::string* err) {
        int64_t flags = 0;
        bool known = !args.empty();
        for (const std::string& a : args) {
          const EnumName* found = nullptr;
          for (const EnumName& f : kFlags)
            if (SameName(a, f.name)) found = &f;
          if (found == nullptr) known = false;
          else flags |= found->value;
        }
        if (!known) {
          *err = "argument(s) must be one of the following: default, save, nosave, now, force";
          return false;
        }
        if ((flags & 1) && (flags & 2)) {
          *err = "shutdown options SAVE and NOSAVE can't be used simultaneously";
          return false;
        }
        cfg.*field = flags;
        return true;
      },
      .get = print,
      .multi_arg = true,
      .rewrite = [name, field, print](const Config& cfg) {
        return OneLine(std::string(name) + " " + print(cfg), cfg.*field != Defaults().*field);
      },
  };
}

// maxmemory-clients: bytes (memory units) or a percentage of maxmemory, kept as a negative number.
ConfigDirective MaxmemoryClientsDirective() {
  auto print = [](const Config& cfg) {
    int64_t v = cfg.maxmemory_clients;
    return v < 0 ? std::to_string(-v) + "%" : std::to_string(v);
  };
  return ConfigDirective{
      .name = "maxmemory-clients",
      .alias = {},
      .mutable_at_runtime = true,
      .set = [](Config& cfg, const Args& args, std::string* err) {
        const std::string& s = args[0];
        uint64_t bytes;
        int64_t v, pct;
        if (ParseMemoryU64(s, &bytes)) {
          // As Redis: a byte count past INT64_MAX wraps negative and then fails the percentage bound.
          v = static_cast<int64_t>(bytes);
        } else if (s.size() > 1 && s.back() == '%' &&
                   ds::StringToInt64(std::string_view(s).substr(0, s.size() - 1), &pct) && pct >= 0) {
          v = -pct;
        } else {
          *err = "argument must be a memory or percent value";
          return false;
        }
        if (v < -100) {
          *err = "percentage argument must be less or equal to 100";
          return false;
        }
        cfg.maxmemory_clients = v;
        return true;
      },
      .get = print,
      .rewrite = [](const Config& cfg) {
        int64_t v = cfg.maxmemory_clients;
        std::string value = v < 0 ? std::to_string(-v) + "%" : FormatMemory(v);
        return OneLine("maxmemory-clients " + value, v != Defaults().maxmemory_clients);
      },
  };
}

ConfigDirective WithAlias(ConfigDirective d, std::string_view alias) {
  d.alias = alias;
  return d;
}

ConfigDirective Hidden(ConfigDirective d) {
  d.hidden = true;
  return d;
}

}  // namespace

void AppendRedisCompatDirectives(std::vector<ConfigDirective>* table) {
  std::vector<ConfigDirective>& t = *table;
  const std::vector<EnumName> kYesNoLocal = {{"no", 0}, {"yes", 1}, {"local", 2}};

  // ---- Process management: stored, no effect until the process-management issue (syslog,
  // systemd/upstart supervision, SIGINT/SIGTERM shutdown options, process title, CPU affinity, OOM score,
  // crash reports, MODULE command).
  t.push_back(IntEnum("supervised", false, {{"upstart", 1}, {"systemd", 2}, {"auto", 3}, {"no", 0}},
                      &Config::supervised));
  t.push_back(Bool("always-show-logo", {}, false, &Config::always_show_logo));
  t.push_back(Bool("set-proc-title", {}, false, &Config::set_proc_title));
  {
    ConfigDirective d = String("proc-title-template", true, &Config::proc_title_template, false);
    d.set = [inner = d.set](Config& cfg, const Args& args, std::string* err) {
      if (!ValidProcTitleTemplate(args[0], cfg)) {
        *err = "template format is invalid or contains unknown variables";
        return false;
      }
      return inner(cfg, args, err);
    };
    t.push_back(std::move(d));
  }
  t.push_back(Bool("syslog-enabled", {}, false, &Config::syslog_enabled));
  t.push_back(String("syslog-ident", false, &Config::syslog_ident, false));
  t.push_back(IntEnum("syslog-facility", false,
                      {{"user", 0}, {"local0", 1}, {"local1", 2}, {"local2", 3}, {"local3", 4}, {"local4", 5},
                       {"local5", 6}, {"local6", 7}, {"local7", 8}},
                      &Config::syslog_facility));
  t.push_back(Number("socket-mark-id", {}, false, &Config::socket_mark_id, 0, kUintMax));
  t.push_back(Bool("crash-log-enabled", {}, true, &Config::crash_log_enabled));
  t.push_back(Bool("crash-memcheck-enabled", {}, true, &Config::crash_memcheck_enabled));
  t.push_back(Hidden(Bool("use-exit-on-panic", {}, true, &Config::use_exit_on_panic)));
  t.push_back(Hidden(Number("watchdog-period", {}, true, &Config::watchdog_period, 0, kIntMax)));
  t.push_back(IntEnum("oom-score-adj", true, {{"no", 0}, {"yes", 1}, {"relative", 1}, {"absolute", 2}},
                      &Config::oom_score_adj));
  t.push_back(OomScoreAdjValuesDirective());
  t.push_back(String("server_cpulist", false, &Config::server_cpulist, true));
  t.push_back(String("bio_cpulist", false, &Config::bio_cpulist, true));
  t.push_back(String("aof_rewrite_cpulist", false, &Config::aof_rewrite_cpulist, true));
  t.push_back(String("bgsave_cpulist", false, &Config::bgsave_cpulist, true));
  t.push_back(String("ignore-warnings", true, &Config::ignore_warnings, false));
  t.push_back(ShutdownOnSignalDirective("shutdown-on-sigint", &Config::shutdown_on_sigint));
  t.push_back(ShutdownOnSignalDirective("shutdown-on-sigterm", &Config::shutdown_on_sigterm));
  t.push_back(Number("shutdown-timeout", {}, true, &Config::shutdown_timeout, 0, kIntMax));
  t.push_back(IntEnum("enable-module-command", false, kYesNoLocal, &Config::enable_module_command));
  t.push_back(IntEnum("propagation-error-behavior", true, {{"ignore", 0}, {"panic", 1}, {"panic-on-replicas", 2}},
                      &Config::propagation_error_behavior));

  // ---- Stored, no effect by design: ringkv runs every command and all socket I/O on one io_uring thread,
  // allocates with mimalloc (no jemalloc background thread, defragmenter or THP switch), and its Dict grows
  // incrementally without a separate rehashing step. The values are kept for tools that read them.
  t.push_back(Number("io-threads", {}, false, &Config::io_threads, 1, 128));
  t.push_back(Bool("io-threads-do-reads", {}, false, &Config::io_threads_do_reads));
  t.push_back(Bool("jemalloc-bg-thread", {}, true, &Config::jemalloc_bg_thread));
  t.push_back(Bool("disable-thp", {}, false, &Config::disable_thp));
  t.push_back(Bool("activerehashing", {}, true, &Config::activerehashing));
  // Redis built without its own jemalloc refuses "yes"; ringkv accepts it so a tuned redis.conf loads.
  {
    // Redis refuses active defragmentation unless built with its patched jemalloc, in a config file and in
    // CONFIG SET alike; ringkv's allocator (mimalloc) cannot defragment either.
    ConfigDirective d = Bool("activedefrag", {}, true, &Config::activedefrag);
    d.set = [inner = d.set](Config& cfg, const Args& args, std::string* err) {
      Config probe = cfg;
      if (!inner(probe, args, err)) return false;
      if (probe.activedefrag) {
        *err = "Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified "
               "Jemalloc like the one shipped by default with the Redis source distribution";
        return false;
      }
      cfg.activedefrag = false;
      return true;
    };
    t.push_back(std::move(d));
  }
  t.push_back(Number("active-defrag-ignore-bytes", {}, true, &Config::active_defrag_ignore_bytes, 1, kLongMax, true));
  t.push_back(Number("active-defrag-threshold-lower", {}, true, &Config::active_defrag_threshold_lower, 0, 1000));
  t.push_back(Number("active-defrag-threshold-upper", {}, true, &Config::active_defrag_threshold_upper, 0, 1000));
  t.push_back(Number("active-defrag-cycle-min", {}, true, &Config::active_defrag_cycle_min, 1, 99));
  t.push_back(Number("active-defrag-cycle-max", {}, true, &Config::active_defrag_cycle_max, 1, 99));
  t.push_back(
      Number("active-defrag-max-scan-fields", {}, true, &Config::active_defrag_max_scan_fields, 1, kLongMax));

  // ---- Persistence: stored, no effect until the persistence issue (RDB snapshots, AOF, DUMP/RESTORE).
  t.push_back(Bool("rdbcompression", {}, true, &Config::rdbcompression));
  t.push_back(Bool("rdbchecksum", {}, false, &Config::rdbchecksum));
  t.push_back(Bool("rdb-del-sync-files", {}, true, &Config::rdb_del_sync_files));
  t.push_back(Bool("stop-writes-on-bgsave-error", {}, true, &Config::stop_writes_on_bgsave_error));
  t.push_back(Bool("rdb-save-incremental-fsync", {}, true, &Config::rdb_save_incremental_fsync));
  t.push_back(Bool("aof-rewrite-incremental-fsync", {}, true, &Config::aof_rewrite_incremental_fsync));
  t.push_back(Bool("no-appendfsync-on-rewrite", {}, true, &Config::no_appendfsync_on_rewrite));
  t.push_back(Bool("aof-load-truncated", {}, true, &Config::aof_load_truncated));
  t.push_back(Bool("aof-use-rdb-preamble", {}, true, &Config::aof_use_rdb_preamble));
  t.push_back(Bool("aof-timestamp-enabled", {}, true, &Config::aof_timestamp_enabled));
  t.push_back(Bool("aof-disable-auto-gc", {}, true, &Config::aof_disable_auto_gc));
  t.push_back(String("appenddirname", false, &Config::appenddirname, false, [](const std::string& v, std::string* e) {
    if (v.empty()) {
      *e = "appenddirname can't be empty";
      return false;
    }
    if (IsBaseName(v)) return true;
    *e = "appenddirname can't be a path, just a dirname";
    return false;
  }));
  t.push_back(Number("auto-aof-rewrite-percentage", {}, true, &Config::auto_aof_rewrite_percentage, 0, kIntMax));
  t.push_back(
      Number("auto-aof-rewrite-min-size", {}, true, &Config::auto_aof_rewrite_min_size, 0, kLongMax, true));
  t.push_back(IntEnum("sanitize-dump-payload", true, {{"no", 0}, {"yes", 1}, {"clients", 2}},
                      &Config::sanitize_dump_payload));
  t.push_back(Hidden(Number("rdb-key-save-delay", {}, true, &Config::rdb_key_save_delay, kIntMin, kIntMax)));
  t.push_back(Hidden(Number("key-load-delay", {}, true, &Config::key_load_delay, kIntMin, kIntMax)));
  // ringkv's own test knob, hidden like Redis's: microseconds the AOF waits (a ring timeout, the loop keeps
  // serving) before each fsync, so tests can see what a slow disk does to held replies and to everysec.
  t.push_back(Hidden(Number("aof-fsync-delay", {}, true, &Config::aof_fsync_delay, 0, kIntMax)));
  t.push_back(Hidden(Number("loading-process-events-interval-bytes", {}, true,
                            &Config::loading_process_events_interval_bytes, 1024, kIntMax)));

  // ---- Replication: stored, no effect until the replication issue.
  t.push_back(ReplicaofDirective());
  t.push_back(String("masterauth", true, &Config::masterauth, true));
  t.push_back(String("masteruser", true, &Config::masteruser, true));
  t.push_back(WithAlias(String("replica-announce-ip", true, &Config::replica_announce_ip, true), "slave-announce-ip"));
  t.push_back(Number("replica-announce-port", "slave-announce-port", true, &Config::replica_announce_port, 0, 65535));
  t.push_back(Bool("replica-announced", {}, true, &Config::replica_announced));
  t.push_back(Bool("replica-serve-stale-data", "slave-serve-stale-data", true, &Config::replica_serve_stale_data));
  t.push_back(Bool("replica-lazy-flush", "slave-lazy-flush", true, &Config::replica_lazy_flush));
  t.push_back(Bool("replica-ignore-maxmemory", "slave-ignore-maxmemory", true, &Config::replica_ignore_maxmemory));
  t.push_back(Bool("replica-ignore-disk-write-errors", {}, true, &Config::replica_ignore_disk_write_errors));
  t.push_back(Number("replica-priority", "slave-priority", true, &Config::replica_priority, 0, kIntMax));
  t.push_back(Bool("repl-disable-tcp-nodelay", {}, true, &Config::repl_disable_tcp_nodelay));
  t.push_back(Bool("repl-diskless-sync", {}, true, &Config::repl_diskless_sync));
  // ringkv's own: as a replica, announce `capa dual-channel`, so a ringkv primary sends the RDB of a full sync
  // on a second connection while the stream flows on the first (core/repl/primary.h): the sync converges
  // whatever the write load. A Redis primary ignores the capa.
  t.push_back(Bool("repl-dual-channel", {}, true, &Config::repl_dual_channel));
  t.push_back(Number("repl-diskless-sync-delay", {}, true, &Config::repl_diskless_sync_delay, 0, kIntMax));
  t.push_back(
      Number("repl-diskless-sync-max-replicas", {}, true, &Config::repl_diskless_sync_max_replicas, 0, kIntMax));
  t.push_back(IntEnum("repl-diskless-load", true, {{"disabled", 0}, {"on-empty-db", 1}, {"swapdb", 2}},
                      &Config::repl_diskless_load));
  t.push_back(Number("repl-ping-replica-period", "repl-ping-slave-period", true, &Config::repl_ping_replica_period, 1,
                     kIntMax));
  t.push_back(Number("repl-timeout", {}, true, &Config::repl_timeout, 1, kIntMax));
  t.push_back(Number("repl-backlog-ttl", {}, true, &Config::repl_backlog_ttl, 0, kLongMax));
  t.push_back(Number("min-replicas-max-lag", "min-slaves-max-lag", true, &Config::min_replicas_max_lag, 0, kIntMax));
  t.push_back(String("bind-source-addr", true, &Config::bind_source_addr, true));

  // ---- Cluster: stored, no effect until the cluster issue.
  t.push_back(String("cluster-config-file", false, &Config::cluster_config_file, false));
  t.push_back(String("cluster-announce-ip", true, &Config::cluster_announce_ip, true));
  t.push_back(String("cluster-announce-hostname", true, &Config::cluster_announce_hostname, true, ValidHostname));
  t.push_back(Number("cluster-port", {}, false, &Config::cluster_port, 0, 65535));
  t.push_back(Number("cluster-announce-port", {}, true, &Config::cluster_announce_port, 0, 65535));
  t.push_back(Number("cluster-announce-bus-port", {}, true, &Config::cluster_announce_bus_port, 0, 65535));
  t.push_back(Number("cluster-announce-tls-port", {}, true, &Config::cluster_announce_tls_port, 0, 65535));
  t.push_back(Number("cluster-node-timeout", {}, true, &Config::cluster_node_timeout, 0, kLongMax));
  t.push_back(Number("cluster-replica-validity-factor", "cluster-slave-validity-factor", true,
                     &Config::cluster_replica_validity_factor, 0, kIntMax));
  t.push_back(Number("cluster-migration-barrier", {}, true, &Config::cluster_migration_barrier, 0, kIntMax));
  {
    // Redis's bound is ULLONG_MAX; as with maxmemory, ringkv saturates at INT64_MAX.
    ConfigDirective d =
        Number("cluster-link-sendbuf-limit", {}, true, &Config::cluster_link_sendbuf_limit, 0, kLongMax, true);
    d.set = [inner = d.set](Config& cfg, const Args& args, std::string* err) {
      uint64_t u;
      if (ParseMemoryU64(args[0], &u) && u > static_cast<uint64_t>(kLongMax)) {
        cfg.cluster_link_sendbuf_limit = kLongMax;
        return true;
      }
      return inner(cfg, args, err);
    };
    t.push_back(std::move(d));
  }
  t.push_back(IntEnum("cluster-preferred-endpoint-type", true, {{"ip", 0}, {"hostname", 1}, {"unknown-endpoint", 2}},
                      &Config::cluster_preferred_endpoint_type));
  t.push_back(Bool("cluster-require-full-coverage", {}, true, &Config::cluster_require_full_coverage));
  t.push_back(Bool("cluster-replica-no-failover", "cluster-slave-no-failover", true,
                   &Config::cluster_replica_no_failover));
  t.push_back(Bool("cluster-allow-reads-when-down", {}, true, &Config::cluster_allow_reads_when_down));
  t.push_back(Bool("cluster-allow-pubsubshard-when-down", {}, true, &Config::cluster_allow_pubsubshard_when_down));
  t.push_back(Bool("cluster-allow-replica-migration", {}, true, &Config::cluster_allow_replica_migration));

  // ---- Memory: stored, no effect until the eviction issue gives LFU tuning, client eviction
  // (maxmemory-clients) and lazy freeing of evicted / server-deleted keys.
  t.push_back(Bool("lazyfree-lazy-eviction", {}, true, &Config::lazyfree_lazy_eviction));
  t.push_back(Bool("lazyfree-lazy-server-del", {}, true, &Config::lazyfree_lazy_server_del));
  t.push_back(MaxmemoryClientsDirective());
  t.push_back(
      Number("maxmemory-eviction-tenacity", {}, true, &Config::maxmemory_eviction_tenacity, 0, 100));
  t.push_back(Number("lfu-log-factor", {}, true, &Config::lfu_log_factor, 0, kIntMax));
  t.push_back(Number("lfu-decay-time", {}, true, &Config::lfu_decay_time, 0, kIntMax));

  // ---- Types and tracking: stored, no effect until the HyperLogLog, streams and client-side caching (CLIENT
  // TRACKING) issues. Then the latency monitor's threshold (core/latency_monitor.h) and INFO latencystats'
  // percentiles (core/info.cc).
  t.push_back(Number("hll-sparse-max-bytes", {}, true, &Config::hll_sparse_max_bytes, 0, kLongMax, true));
  t.push_back(Number("stream-node-max-bytes", {}, true, &Config::stream_node_max_bytes, 0, kLongMax, true));
  t.push_back(Number("stream-node-max-entries", {}, true, &Config::stream_node_max_entries, 0, kLongMax));
  t.push_back(Number("tracking-table-max-keys", {}, true, &Config::tracking_table_max_keys, 0, kLongMax));
  t.push_back(Number("latency-monitor-threshold", {}, true, &Config::latency_monitor_threshold, 0, kLongMax));
  t.push_back(PercentilesDirective());

  // ---- ACL: stored, no effect until the ACL issue (with the `user` lines config_file.cc keeps).
  t.push_back(String("aclfile", false, &Config::aclfile, false));
  t.push_back(Number("acllog-max-len", {}, true, &Config::acllog_max_len, 0, kLongMax));
  t.push_back(IntEnum("acl-pubsub-default", true, {{"allchannels", 1}, {"resetchannels", 0}},
                      &Config::acl_pubsub_default));

  // ---- TLS: stored, no effect until the TLS issue. (Debian builds Redis with TLS, so its redis.conf and
  // CONFIG GET have these.)
  t.push_back(Number("tls-port", {}, true, &Config::tls_port, 0, 65535));
  t.push_back(Number("tls-session-cache-size", {}, true, &Config::tls_session_cache_size, 0, kIntMax));
  t.push_back(Number("tls-session-cache-timeout", {}, true, &Config::tls_session_cache_timeout, 0, kIntMax));
  t.push_back(Bool("tls-cluster", {}, true, &Config::tls_cluster));
  t.push_back(Bool("tls-replication", {}, true, &Config::tls_replication));
  t.push_back(IntEnum("tls-auth-clients", true, {{"no", 0}, {"yes", 1}, {"optional", 2}}, &Config::tls_auth_clients));
  t.push_back(Bool("tls-prefer-server-ciphers", {}, true, &Config::tls_prefer_server_ciphers));
  t.push_back(Bool("tls-session-caching", {}, true, &Config::tls_session_caching));
  for (auto [name, field] : {std::pair{"tls-cert-file", &Config::tls_cert_file},
                             {"tls-key-file", &Config::tls_key_file},
                             {"tls-key-file-pass", &Config::tls_key_file_pass},
                             {"tls-client-cert-file", &Config::tls_client_cert_file},
                             {"tls-client-key-file", &Config::tls_client_key_file},
                             {"tls-client-key-file-pass", &Config::tls_client_key_file_pass},
                             {"tls-dh-params-file", &Config::tls_dh_params_file},
                             {"tls-ca-cert-file", &Config::tls_ca_cert_file},
                             {"tls-ca-cert-dir", &Config::tls_ca_cert_dir},
                             {"tls-protocols", &Config::tls_protocols},
                             {"tls-ciphers", &Config::tls_ciphers},
                             {"tls-ciphersuites", &Config::tls_ciphersuites}})
    t.push_back(String(name, true, field, true));
}

}  // namespace ringkv::core::config_table

namespace ringkv::core {

std::string FormatPercentile(double v) {
  char buf[128];
  int n = snprintf(buf, sizeof(buf), "%f", v);
  std::string s(buf, n > 0 ? static_cast<size_t>(n) : 0);
  if (s.find('.') != std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  return s;
}

}  // namespace ringkv::core

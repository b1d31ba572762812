// Configuration: redis.conf syntax and directive names. One table (config.cc) describes every directive
// once: its name, how to parse and print it, its default and whether CONFIG SET may change it. Start-up
// (file + command line), CONFIG GET/SET/REWRITE and INFO all go through that table.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ringkv::core {

struct OutputLimit {
  int64_t hard_bytes = 0;
  int64_t soft_bytes = 0;
  int64_t soft_seconds = 0;
};

// Values of Config::maxmemory_policy (the index into MaxmemoryPolicyNames()). noeviction is 0 so that a
// zero-initialised config never evicts.
enum MaxmemoryPolicy : int64_t {
  kNoEviction = 0,
  kVolatileLru,
  kVolatileLfu,
  kVolatileRandom,
  kVolatileTtl,
  kAllkeysLru,
  kAllkeysLfu,
  kAllkeysRandom,
};

// Keyspace notification classes, Redis's NOTIFY_* bits (notify-keyspace-events letters in brackets).
enum NotifyFlag : int {
  kNotifyKeyspace = 1 << 0,   // K: __keyspace@<db>__ channel
  kNotifyKeyevent = 1 << 1,   // E: __keyevent@<db>__ channel
  kNotifyGeneric = 1 << 2,    // g: DEL, EXPIRE, RENAME, ...
  kNotifyString = 1 << 3,     // $
  kNotifyList = 1 << 4,       // l
  kNotifySet = 1 << 5,        // s
  kNotifyHash = 1 << 6,       // h
  kNotifyZset = 1 << 7,       // z
  kNotifyExpired = 1 << 8,    // x
  kNotifyEvicted = 1 << 9,    // e
  kNotifyStream = 1 << 10,    // t
  kNotifyKeyMiss = 1 << 11,   // m: not part of A, because it fires on every read miss
  kNotifyLoaded = 1 << 12,    // module-only, no letter
  kNotifyModule = 1 << 13,    // d
  kNotifyNew = 1 << 14,       // n: not part of A (7.0)
  // A: every class but m and n.
  kNotifyAll = kNotifyGeneric | kNotifyString | kNotifyList | kNotifySet | kNotifyHash | kNotifyZset |
               kNotifyExpired | kNotifyEvicted | kNotifyStream | kNotifyModule,
};

struct Config {
  // network
  std::vector<std::string> bind = {"127.0.0.1"};
  int64_t port = 6379;  // 0: no TCP listener (unix socket only), as Redis
  std::string unixsocket;      // "" : none
  int64_t unixsocketperm = 0;  // printed in octal; 0: the umask's mode
  bool protected_mode = true;
  int64_t tcp_backlog = 511;
  int64_t tcp_keepalive = 300;
  int64_t timeout = 0;  // seconds a client may idle (0: forever)
  int64_t maxclients = 10000;
  // security
  std::string requirepass;
  int64_t enable_debug_command = 0;  // 0 no, 1 yes, 2 local (loopback clients only)
  // Redis 7.0's guard on configs that can make the server write files elsewhere (dir, dbfilename):
  // 0 no, 1 yes, 2 local. CONFIG SET of those is refused unless this allows the client.
  int64_t enable_protected_configs = 0;
  // general
  int64_t databases = 16;
  int64_t hz = 10;
  bool dynamic_hz = true;
  int64_t loglevel = 2;  // LogLevel
  std::string logfile;
  bool daemonize = false;
  std::string pidfile;
  std::string dir;  // working directory (start-up chdir); absolute once set, empty: the process's cwd
  std::string config_file;  // absolute path of the file loaded, for CONFIG REWRITE
  // limits
  int64_t proto_max_bulk_len = 512LL * 1024 * 1024;
  int64_t client_query_buffer_limit = 1024LL * 1024 * 1024;
  // Redis leaves normal clients unbounded; ringkv cuts a client whose pending replies pass 1 GB, so a client
  // that never reads cannot take the server into the OOM killer.
  OutputLimit output_limit_normal{1024LL * 1024 * 1024, 0, 0};
  OutputLimit output_limit_replica{256LL * 1024 * 1024, 64LL * 1024 * 1024, 60};
  OutputLimit output_limit_pubsub{32LL * 1024 * 1024, 8LL * 1024 * 1024, 60};
  // memory and expiry
  int64_t maxmemory = 0;
  int64_t maxmemory_policy = kNoEviction;  // MaxmemoryPolicy
  int64_t maxmemory_samples = 5;
  int64_t active_expire_effort = 1;
  bool lazyfree_lazy_expire = false;
  bool lazyfree_lazy_user_del = false;
  bool lazyfree_lazy_user_flush = false;
  // persistence (the directives exist so tools that read them work; the persistence issue gives them effect)
  // "<seconds> <changes> ..." pairs, as CONFIG GET prints: BGSAVE when `changes` writes happened and more
  // than `seconds` passed since the last save (core/bgsave.h). Redis's default.
  std::string save = "3600 1 300 100 60 10000";
  bool appendonly = false;
  std::string appendfsync = "everysec";
  std::string dbfilename = "dump.rdb";
  std::string appendfilename = "appendonly.aof";
  // io
  int64_t io_min_wait_us = 50;  // ringkv: how long one ring wait may gather completions under load
  int64_t io_recv_buffers = 512;         // ringkv: provided receive buffers shared by all connections
  int64_t io_recv_buffer_size = 16384;   // ringkv: bytes per receive buffer
  int64_t latency_tracking = 1;
  // encodings of later types (defaults are Redis 7.0's compiled-in ones, not redis.conf's examples)
  int64_t hash_max_listpack_entries = 512, hash_max_listpack_value = 64;
  int64_t set_max_intset_entries = 512, set_max_listpack_entries = 128, set_max_listpack_value = 64;
  int64_t zset_max_listpack_entries = 128, zset_max_listpack_value = 64;
  int64_t list_max_listpack_size = -2, list_compress_depth = 0;
  std::string notify_keyspace_events;  // normalized class letters ("AKE", "xE"); KeyspaceEventsFromString
  // The same as NotifyFlag bits, as set: the letters lose "n" next to "A" (as Redis's CONFIG GET does), the
  // flags keep it.
  int notify_flags = 0;
  // Read by clients and tools (redis-cli, cluster-aware clients, monitoring); stored for CONFIG GET until
  // the features behind them exist.
  bool replica_read_only = true;
  bool cluster_enabled = false;
  int64_t busy_reply_threshold_ms = 5000;  // lua-time-limit
  int64_t repl_backlog_size = 1024 * 1024;
  int64_t min_replicas_to_write = 0;

  // ---- The rest of Redis 7.0.15's directives, so that a stock redis.conf loads. ringkv stores them (CONFIG
  // GET/SET/REWRITE) and acts on none of them yet; config_redis_compat.cc says which issue gives each group
  // effect. Defaults are Redis's compiled-in ones; enums hold the index of the name in that file's tables.
  // process
  int64_t supervised = 0;  // no, upstart, systemd, auto
  bool always_show_logo = false, set_proc_title = true, syslog_enabled = false;
  std::string proc_title_template = "{title} {listen-addr} {server-mode}";
  std::string syslog_ident = "redis";
  int64_t syslog_facility = 1;  // local0
  std::string bind_source_addr, ignore_warnings;
  int64_t socket_mark_id = 0;
  bool crash_log_enabled = true, crash_memcheck_enabled = true, use_exit_on_panic = false;
  bool disable_thp = true, jemalloc_bg_thread = true, activerehashing = true;
  int64_t oom_score_adj = 0;  // no, yes/relative, absolute
  std::array<int64_t, 3> oom_score_adj_values = {0, 200, 800};
  std::string server_cpulist, bio_cpulist, aof_rewrite_cpulist, bgsave_cpulist;
  int64_t shutdown_on_sigint = 0, shutdown_on_sigterm = 0;  // bits: save 1, nosave 2, now 4, force 8
  int64_t shutdown_timeout = 10;
  int64_t enable_module_command = 0;  // no, yes, local
  int64_t io_threads = 1;
  bool io_threads_do_reads = false;
  int64_t watchdog_period = 0;
  int64_t propagation_error_behavior = 0;  // ignore, panic, panic-on-replicas
  // persistence
  bool rdbcompression = true, rdbchecksum = true, rdb_del_sync_files = false, stop_writes_on_bgsave_error = true;
  bool rdb_save_incremental_fsync = true, aof_rewrite_incremental_fsync = true, no_appendfsync_on_rewrite = false;
  bool aof_load_truncated = true, aof_use_rdb_preamble = true, aof_timestamp_enabled = false;
  bool aof_disable_auto_gc = false;
  std::string appenddirname = "appendonlydir";
  int64_t auto_aof_rewrite_percentage = 100, auto_aof_rewrite_min_size = 64LL * 1024 * 1024;
  int64_t sanitize_dump_payload = 0;  // no, yes, clients
  int64_t rdb_key_save_delay = 0, key_load_delay = 0, loading_process_events_interval_bytes = 2 * 1024 * 1024;
  int64_t aof_fsync_delay = 0;  // microseconds; ringkv's test knob (config_redis_compat.cc)
  // replication
  std::string replicaof_host;  // empty: this is a master
  int64_t replicaof_port = 0;
  std::string masterauth, masteruser, replica_announce_ip;
  bool replica_serve_stale_data = true, replica_lazy_flush = false, replica_ignore_maxmemory = true;
  bool replica_announced = true, replica_ignore_disk_write_errors = false;
  bool repl_disable_tcp_nodelay = false, repl_diskless_sync = true;
  bool repl_dual_channel = true;  // ringkv's own: a full sync from a ringkv primary takes a second channel
  int64_t repl_diskless_sync_delay = 5, repl_diskless_sync_max_replicas = 0;
  int64_t repl_diskless_load = 0;  // disabled, on-empty-db, swapdb
  int64_t repl_ping_replica_period = 10, repl_timeout = 60, repl_backlog_ttl = 3600;
  int64_t replica_priority = 100, replica_announce_port = 0, min_replicas_max_lag = 10;
  // cluster
  std::string cluster_config_file = "nodes.conf", cluster_announce_ip, cluster_announce_hostname;
  int64_t cluster_port = 0, cluster_announce_port = 0, cluster_announce_bus_port = 0, cluster_announce_tls_port = 0;
  int64_t cluster_node_timeout = 15000, cluster_replica_validity_factor = 10, cluster_migration_barrier = 1;
  int64_t cluster_link_sendbuf_limit = 0;
  int64_t cluster_preferred_endpoint_type = 0;  // ip, hostname, unknown-endpoint
  bool cluster_require_full_coverage = true, cluster_replica_no_failover = false;
  bool cluster_allow_reads_when_down = false, cluster_allow_pubsubshard_when_down = true;
  bool cluster_allow_replica_migration = true;
  // memory, eviction, defragmentation
  bool lazyfree_lazy_eviction = false, lazyfree_lazy_server_del = false;
  int64_t maxmemory_clients = 0;  // bytes, or -percent of maxmemory ("10%" is -10)
  int64_t maxmemory_eviction_tenacity = 10, lfu_log_factor = 10, lfu_decay_time = 1;
  bool activedefrag = false;
  int64_t active_defrag_ignore_bytes = 100LL * 1024 * 1024, active_defrag_threshold_lower = 10;
  int64_t active_defrag_threshold_upper = 100, active_defrag_cycle_min = 1, active_defrag_cycle_max = 25;
  int64_t active_defrag_max_scan_fields = 1000;
  // data types not there yet, client tracking
  int64_t hll_sparse_max_bytes = 3000, stream_node_max_bytes = 4096, stream_node_max_entries = 100;
  int64_t tracking_table_max_keys = 1000000;
  // observability: SLOWLOG (core/slowlog.h), the latency monitor (core/latency_monitor.h), INFO latencystats
  int64_t slowlog_log_slower_than_us = 10000;  // -1: off, 0: every command
  int64_t slowlog_max_len = 128;
  int64_t latency_monitor_threshold = 0;  // ms; 0: off
  std::vector<double> latency_tracking_info_percentiles = {50, 99, 99.9};
  // ACL: aclfile, acl-pubsub-default, and each `user` line's words after "user" (not checked beyond their
  // shape until ACLs exist)
  std::string aclfile;
  int64_t acllog_max_len = 128;
  int64_t acl_pubsub_default = 0;  // resetchannels, allchannels
  std::vector<std::vector<std::string>> acl_users;
  // TLS
  int64_t tls_port = 0, tls_session_cache_size = 20 * 1024, tls_session_cache_timeout = 300;
  int64_t tls_auth_clients = 1;  // no, yes, optional
  bool tls_cluster = false, tls_replication = false, tls_prefer_server_ciphers = false, tls_session_caching = true;
  std::string tls_cert_file, tls_key_file, tls_key_file_pass, tls_client_cert_file, tls_client_key_file;
  std::string tls_client_key_file_pass, tls_dh_params_file, tls_ca_cert_file, tls_ca_cert_dir, tls_protocols;
  std::string tls_ciphers, tls_ciphersuites;
  // `rename-command <old> <new>` lines in file order (new "" removes the command), for the server's command
  // table to apply at start-up. Not a CONFIG GET directive, as in Redis.
  std::vector<std::pair<std::string, std::string>> rename_commands;
};

// One line CONFIG REWRITE writes for a directive ("maxmemory 100mb"), and whether it is written even when
// the old file had no line for the directive (Redis's "force": the value differs from the default).
struct ConfigLine {
  std::string text;
  bool force = false;
};

struct ConfigDirective {
  std::string_view name;
  std::string_view alias;  // old name accepted too (e.g. "slaveof")
  bool mutable_at_runtime;
  // Parses args (the words after the name) into cfg; on failure returns false with a message.
  std::function<bool(Config& cfg, const std::vector<std::string>& args, std::string* err)> set;
  std::function<std::string(const Config& cfg)> get;
  // CONFIG SET splits the value on single spaces into several words (save, bind, client-output-buffer-
  // limit); every other directive takes exactly one word, in the file too.
  bool multi_arg = false;
  // Redis's PROTECTED_CONFIG: CONFIG SET refuses it unless enable-protected-configs allows the client.
  bool protected_config = false;
  // The lines CONFIG REWRITE writes; none means every line of the directive is removed from the file.
  std::function<std::vector<ConfigLine>(const Config& cfg)> rewrite;
  // Redis's HIDDEN_CONFIG (test and debug knobs): CONFIG GET finds it by its exact name only, never by a
  // pattern.
  bool hidden = false;
};

const std::vector<ConfigDirective>& ConfigDirectives();
const ConfigDirective* FindConfigDirective(std::string_view name);  // case-insensitive, aliases too

// Splits a config line like Redis's sdssplitargs (quotes, escapes). False on unbalanced quotes.
bool SplitConfigLine(std::string_view line, std::vector<std::string>* out);
// The inverse, Redis's sdscatrepr: s in double quotes with \\, \", \n, \r, \t, \a, \b and \xHH escapes.
std::string QuoteConfigValue(std::string_view s);
// A percentile as Redis prints it (latency-tracking-info-percentiles, INFO latencystats): "%f" without its
// trailing zeros, Redis's trimDoubleString (99.9 -> "99.9", 50 -> "50").
std::string FormatPercentile(double v);

// Applies config text (a file's content plus command-line directives) to cfg. On error returns false with
// Redis's FATAL CONFIG FILE ERROR text (line number, the line, the reason) in *err, without a final
// newline; the caller prints it to stderr and exits with status 1, as redis-server does.
bool LoadConfigText(const std::string& text, Config* cfg, std::string* err);
// Reads path (or stdin for "-") and the --directive args into text for LoadConfigText, as redis-server's
// main() does: "--name" starts a line, the words after it are its quoted values; a "-" as the last argument
// (or as the first one when path is empty) also reads stdin. path "" means no file. On failure *err is
// Redis's "Fatal error, can't open config file '<path>': <reason>".
bool BuildConfigText(const std::string& path, const std::vector<std::string>& cli_args, std::string* text,
                     std::string* err);

// CONFIG REWRITE: rewrites cfg.config_file keeping comments and unknown lines' order, replacing the lines of
// the directives in place, appending the non-default ones the file lacks after a "# Generated by CONFIG
// REWRITE" line and blanking duplicate lines, as Redis does (a directive back at its default keeps its
// line, with the default value). Writes a temporary file and renames it over the old one. On failure
// returns false with strerror's text in *err.
bool RewriteConfigFile(const Config& cfg, std::string* err);

// CONFIG GET: (name, value) of every directive matching any of the glob patterns (case-insensitive; aliases
// are names too, so "*" lists both "hash-max-listpack-entries" and "hash-max-ziplist-entries"). A pattern
// without glob characters is an exact lookup and reports the name as the caller spelled it. No name twice.
std::vector<std::pair<std::string, std::string>> ConfigGet(const Config& cfg,
                                                           const std::vector<std::string_view>& patterns);
// CONFIG SET: args are name value [name value ...]. All or nothing: on failure cfg is unchanged and *err is
// the whole Redis error reply ("ERR CONFIG SET failed (possibly related to argument 'x') - ..."). On success
// *changed lists the primary names whose value changed, for Server::OnConfigChanged. allow_protected says
// whether this client may change protected configs (see Config::enable_protected_configs).
bool ConfigSet(Config* cfg, const std::vector<std::string_view>& args, bool allow_protected,
               std::vector<std::string>* changed, std::string* err);

// "1gb" -> bytes as Redis's memtoull (k, kb, m, mb, g, gb; case-insensitive). False when malformed or
// negative, or above INT64_MAX.
bool ParseMemory(std::string_view s, int64_t* out);
// The policy names indexed by MaxmemoryPolicy ("noeviction" first).
const std::vector<std::string_view>& MaxmemoryPolicyNames();
// notify-keyspace-events letters -> NotifyFlag bits; -1 when a letter is not one of "Ag$lshzxeKEtmdn".
int KeyspaceEventsFromString(std::string_view classes);
// NotifyFlag bits -> the letters as Redis prints them ("A" for all classes, then K, E, m).
std::string KeyspaceEventsToString(int flags);

// Building blocks of the directive table, shared by config.cc (the directives ringkv acts on) and
// config_redis_compat.cc (the ones it only stores). Not for other callers.
namespace config_table {

struct EnumName {
  std::string_view name;
  int64_t value;
};

// yes/no. int64_t for latency_tracking, which other code reads as a number.
ConfigDirective Bool(std::string_view name, std::string_view alias, bool mut, bool Config::*field);
ConfigDirective Bool(std::string_view name, std::string_view alias, bool mut, int64_t Config::*field);
// A number in [lo, hi]. memory: accepts units ("64mb") instead of a plain integer, as Redis's MEMORY_CONFIG.
ConfigDirective Number(std::string_view name, std::string_view alias, bool mut, int64_t Config::*field, int64_t lo,
                       int64_t hi, bool memory = false);
// One word of a fixed list (case-insensitive), listed in the error in the table's order, which is Redis's.
// Several names may share a value; CONFIG GET prints the first.
ConfigDirective Enum(std::string_view name, bool mut, std::vector<EnumName> names,
                     std::function<int64_t(const Config&)> read, std::function<void(Config&, int64_t)> write);
ConfigDirective IntEnum(std::string_view name, bool mut, std::vector<EnumName> names, int64_t Config::*field);
// empty_is_null: an empty value means "not set" (pidfile, requirepass), so CONFIG REWRITE drops its lines
// instead of writing `name ""`. valid may refuse a value with a message.
ConfigDirective String(std::string_view name, bool mut, std::string Config::*field, bool empty_is_null,
                       std::function<bool(const std::string&, std::string*)> valid = nullptr);

const Config& Defaults();
bool SameName(std::string_view a, std::string_view b);  // ASCII case-insensitive
// Redis's memtoull with its quirks (see config.cc): digits then an optional unit, no sign.
bool ParseMemoryU64(std::string_view s, uint64_t* out);
std::string FormatMemory(int64_t bytes);  // "64mb": the largest unit that divides exactly, as REWRITE prints
std::string BoundsError(int64_t lo, int64_t hi);
std::vector<ConfigLine> OneLine(std::string text, bool force);  // a directive's one REWRITE line
bool IsBaseName(const std::string& s);                           // no '/' or '\\' (dbfilename and the like)
std::string Join(const std::vector<std::string>& words, std::string_view sep);

// Appends the directives of config_redis_compat.cc.
void AppendRedisCompatDirectives(std::vector<ConfigDirective>* table);
// config_unsupported.cc: refuses the settings whose lack of effect would lose data or weaken access control.
void GuardUnsupportedDirectives(std::vector<ConfigDirective>* table);
std::string UnsupportedUserLines();

}  // namespace config_table

}  // namespace ringkv::core

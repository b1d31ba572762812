// Configuration: redis.conf syntax and directive names. One table (config.cc) describes every directive
// once: its name, how to parse and print it, its default and whether CONFIG SET may change it. Start-up
// (file + command line), CONFIG GET/SET/REWRITE and INFO all go through that table.
#pragma once

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
  int64_t port = 6379;
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
  std::string save = "3600 1 300 100 60 10000";  // "<seconds> <changes> ..." pairs, as CONFIG GET prints
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
  // Read by clients and tools (redis-cli, cluster-aware clients, monitoring); stored for CONFIG GET until
  // the features behind them exist.
  bool replica_read_only = true;
  bool cluster_enabled = false;
  int64_t busy_reply_threshold_ms = 5000;  // lua-time-limit
  int64_t slowlog_log_slower_than_us = 10000;
  int64_t slowlog_max_len = 128;
  int64_t repl_backlog_size = 1024 * 1024;
  int64_t min_replicas_to_write = 0;
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
};

const std::vector<ConfigDirective>& ConfigDirectives();
const ConfigDirective* FindConfigDirective(std::string_view name);  // case-insensitive, aliases too

// Splits a config line like Redis's sdssplitargs (quotes, escapes). False on unbalanced quotes.
bool SplitConfigLine(std::string_view line, std::vector<std::string>* out);
// The inverse, Redis's sdscatrepr: s in double quotes with \\, \", \n, \r, \t, \a, \b and \xHH escapes.
std::string QuoteConfigValue(std::string_view s);

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

}  // namespace ringkv::core

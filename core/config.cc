// The directive table: each directive's parser, printer, default and CONFIG REWRITE lines, and CONFIG
// GET/SET on top of it, with Redis 7.0.15's wording of every error, because operators, clients and tests
// match on those messages. The file side (redis.conf text, include, REWRITE) is in config_file.cc; the
// Redis directives ringkv only stores (so that any redis.conf loads) are in config_redis_compat.cc.
#include "core/config.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "ds/glob.h"
#include "ds/numconv.h"

namespace ringkv::core {
namespace {

using Args = std::vector<std::string>;

constexpr int kMaxBindAddresses = 16;  // Redis's CONFIG_BINDADDR_MAX
constexpr int64_t kMaxUnixsocketperm = 0777;
constexpr int64_t kIntMax = INT_MAX, kIntMin = INT_MIN, kLongMax = LLONG_MAX;
constexpr int64_t kMinHz = 1, kMaxHz = 500;  // Redis's CONFIG_MIN_HZ / CONFIG_MAX_HZ

char LowerChar(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerChar(c);
  return out;
}

// sdssplitlen(value, " "): CONFIG SET's split of multi-word values. Empty words are kept ("a  b" has three)
// and an empty value has none.
Args SplitOnSpaces(std::string_view value) {
  Args out;
  if (value.empty()) return out;
  size_t start = 0;
  while (true) {
    size_t sp = value.find(' ', start);
    out.emplace_back(value.substr(start, sp == std::string_view::npos ? std::string_view::npos : sp - start));
    if (sp == std::string_view::npos) break;
    start = sp + 1;
  }
  return out;
}

}  // namespace

namespace config_table {

std::vector<ConfigLine> OneLine(std::string text, bool force) { return {ConfigLine{std::move(text), force}}; }

bool IsBaseName(const std::string& s) { return s.find('/') == std::string::npos && s.find('\\') == std::string::npos; }

const Config& Defaults() {
  static const Config defaults;
  return defaults;
}

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (LowerChar(a[i]) != LowerChar(b[i])) return false;
  return true;
}

// Redis's memtoull: digits then an optional unit; "k"/"m"/"g" are powers of 1000, "kb"/"mb"/"gb" of 1024.
// Quirks kept: "" and a bare unit are 0, leading zeros are fine; '+', '-', spaces and fractions are not.
bool ParseMemoryU64(std::string_view s, uint64_t* out) {
  if (!s.empty() && s[0] == '-') return false;
  size_t digits = 0;
  while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
  std::string unit = Lower(s.substr(digits));
  uint64_t mul;
  if (unit.empty() || unit == "b") mul = 1;
  else if (unit == "k") mul = 1000;
  else if (unit == "kb") mul = 1024;
  else if (unit == "m") mul = 1000 * 1000;
  else if (unit == "mb") mul = 1024 * 1024;
  else if (unit == "g") mul = 1000ULL * 1000 * 1000;
  else if (unit == "gb") mul = 1024ULL * 1024 * 1024;
  else return false;
  if (digits >= 128) return false;
  // Redis 7.0.15 does not check overflow here: strtoull saturates at ULLONG_MAX and the multiplication
  // wraps ("18446744073709551615k" is accepted). Kept, so the same inputs pass and fail.
  std::string num(s.substr(0, digits));
  *out = std::strtoull(num.c_str(), nullptr, 10) * mul;
  return true;
}

// CONFIG REWRITE prints memory in the largest unit that divides it exactly, as Redis does.
std::string FormatMemory(int64_t bytes) {
  constexpr int64_t kb = 1024, mb = kb * 1024, gb = mb * 1024;
  if (bytes != 0 && bytes % gb == 0) return std::to_string(bytes / gb) + "gb";
  if (bytes != 0 && bytes % mb == 0) return std::to_string(bytes / mb) + "mb";
  if (bytes != 0 && bytes % kb == 0) return std::to_string(bytes / kb) + "kb";
  return std::to_string(bytes);
}

std::string Join(const std::vector<std::string>& words, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out += sep;
    out += words[i];
  }
  return out;
}

std::string BoundsError(int64_t lo, int64_t hi) {
  return "argument must be between " + std::to_string(lo) + " and " + std::to_string(hi) + " inclusive";
}

// ---- builders for the generic kinds ----

namespace {

template <typename T>  // bool or int64_t (latency_tracking)
ConfigDirective BoolOf(std::string_view name, std::string_view alias, bool mut, T Config::*field) {
  return ConfigDirective{
      .name = name,
      .alias = alias,
      .mutable_at_runtime = mut,
      .set = [field](Config& cfg, const Args& args, std::string* err) {
        if (SameName(args[0], "yes")) {
          cfg.*field = 1;
        } else if (SameName(args[0], "no")) {
          cfg.*field = 0;
        } else {
          *err = "argument must be 'yes' or 'no'";
          return false;
        }
        return true;
      },
      .get = [field](const Config& cfg) { return std::string(cfg.*field ? "yes" : "no"); },
      .rewrite = [name, field](const Config& cfg) {
        const bool on = cfg.*field != 0;
        return OneLine(std::string(name) + (on ? " yes" : " no"), on != (Defaults().*field != 0));
      },
  };
}

}  // namespace

ConfigDirective Bool(std::string_view name, std::string_view alias, bool mut, bool Config::*field) {
  return BoolOf(name, alias, mut, field);
}

ConfigDirective Bool(std::string_view name, std::string_view alias, bool mut, int64_t Config::*field) {
  return BoolOf(name, alias, mut, field);
}

ConfigDirective Number(std::string_view name, std::string_view alias, bool mut, int64_t Config::*field, int64_t lo,
                       int64_t hi, bool memory) {
  return ConfigDirective{
      .name = name,
      .alias = alias,
      .mutable_at_runtime = mut,
      .set = [=](Config& cfg, const Args& args, std::string* err) {
        int64_t v;
        if (memory) {
          uint64_t u;
          if (!ParseMemoryU64(args[0], &u)) {
            *err = "argument must be a memory value";
            return false;
          }
          // Past INT64_MAX Redis's signed and size_t limits both fail the bounds check below.
          if (u > static_cast<uint64_t>(kLongMax)) {
            *err = BoundsError(lo, hi);
            return false;
          }
          v = static_cast<int64_t>(u);
        } else if (!ds::StringToInt64(args[0], &v)) {
          *err = "argument couldn't be parsed into an integer";
          return false;
        }
        if (v < lo || v > hi) {
          *err = BoundsError(lo, hi);
          return false;
        }
        cfg.*field = v;
        return true;
      },
      .get = [field](const Config& cfg) { return std::to_string(cfg.*field); },
      .rewrite = [=](const Config& cfg) {
        int64_t v = cfg.*field;
        return OneLine(std::string(name) + " " + (memory ? FormatMemory(v) : std::to_string(v)),
                       v != Defaults().*field);
      },
  };
}

ConfigDirective Enum(std::string_view name, bool mut, std::vector<EnumName> names,
                     std::function<int64_t(const Config&)> read, std::function<void(Config&, int64_t)> write) {
  auto name_of = [names](int64_t v) -> std::string {
    for (const EnumName& e : names)
      if (e.value == v) return std::string(e.name);
    return "unknown";
  };
  return ConfigDirective{
      .name = name,
      .alias = {},
      .mutable_at_runtime = mut,
      .set = [names, write](Config& cfg, const Args& args, std::string* err) {
        for (const EnumName& e : names) {
          if (SameName(args[0], e.name)) {
            write(cfg, e.value);
            return true;
          }
        }
        *err = "argument(s) must be one of the following: ";
        for (size_t i = 0; i < names.size(); ++i) *err += std::string(i ? ", " : "") + std::string(names[i].name);
        return false;
      },
      .get = [name_of, read](const Config& cfg) { return name_of(read(cfg)); },
      .rewrite = [name, name_of, read](const Config& cfg) {
        return OneLine(std::string(name) + " " + name_of(read(cfg)), read(cfg) != read(Defaults()));
      },
  };
}

ConfigDirective IntEnum(std::string_view name, bool mut, std::vector<EnumName> names, int64_t Config::*field) {
  return Enum(
      name, mut, std::move(names), [field](const Config& cfg) { return cfg.*field; },
      [field](Config& cfg, int64_t v) { cfg.*field = v; });
}

ConfigDirective String(std::string_view name, bool mut, std::string Config::*field, bool empty_is_null,
                       std::function<bool(const std::string&, std::string*)> valid) {
  return ConfigDirective{
      .name = name,
      .alias = {},
      .mutable_at_runtime = mut,
      .set = [field, valid](Config& cfg, const Args& args, std::string* err) {
        if (valid && !valid(args[0], err)) return false;
        cfg.*field = args[0];
        return true;
      },
      .get = [field](const Config& cfg) { return cfg.*field; },
      .rewrite = [name, field, empty_is_null](const Config& cfg) {
        const std::string& v = cfg.*field;
        if (empty_is_null && v.empty()) return std::vector<ConfigLine>{};
        return OneLine(std::string(name) + " " + QuoteConfigValue(v), v != Defaults().*field);
      },
  };
}

}  // namespace config_table

namespace {

using namespace config_table;

// ---- the directives that need their own parser ----

ConfigDirective BindDirective() {
  return ConfigDirective{
      .name = "bind",
      .alias = {},
      .mutable_at_runtime = true,
      .set = [](Config& cfg, const Args& args, std::string* err) {
        if (args.size() > kMaxBindAddresses) {
          *err = "Too many bind addresses specified.";
          return false;
        }
        // `bind ""` listens nowhere (unix socket only in Redis).
        if (args.size() == 1 && args[0].empty()) cfg.bind.clear();
        else cfg.bind = args;
        return true;
      },
      .get = [](const Config& cfg) { return Join(cfg.bind, " "); },
      .multi_arg = true,
      // Redis drops the line when bind is at its default; ringkv's default is an explicit loopback address
      // that operators write out on purpose, so the line is kept (rewritten in place) instead.
      .rewrite = [](const Config& cfg) {
        std::string addrs = cfg.bind.empty() ? "\"\"" : Join(cfg.bind, " ");
        return OneLine("bind " + addrs, cfg.bind != Defaults().bind);
      },
  };
}

// unixsocketperm: an octal number (strtoll base 8, so "" is 0) up to 0777, printed in octal.
ConfigDirective UnixsocketpermDirective() {
  auto octal = [](int64_t v) {
    char buf[32];
    snprintf(buf, sizeof(buf), "%llo", static_cast<unsigned long long>(v));
    return std::string(buf);
  };
  return ConfigDirective{
      .name = "unixsocketperm",
      .alias = {},
      .mutable_at_runtime = false,
      .set = [](Config& cfg, const Args& args, std::string* err) {
        char* end = nullptr;
        errno = 0;
        long long v = std::strtoll(args[0].c_str(), &end, 8);
        if (errno != 0 || *end != '\0') {
          *err = "argument couldn't be parsed as an octal number";
          return false;
        }
        // Redis checks it as an unsigned int: a negative number is out of range too.
        if (static_cast<unsigned long long>(v) > static_cast<unsigned long long>(kMaxUnixsocketperm)) {
          *err = "argument must be between 0 and 777 inclusive";
          return false;
        }
        cfg.unixsocketperm = v;
        return true;
      },
      .get = [octal](const Config& cfg) { return octal(cfg.unixsocketperm); },
      .rewrite = [octal](const Config& cfg) {
        return OneLine("unixsocketperm " + octal(cfg.unixsocketperm), cfg.unixsocketperm != Defaults().unixsocketperm);
      },
  };
}

// Redis parses save numbers with a bare strtoll: leading spaces and '+' pass, "" is 0.
bool SaveNumber(const std::string& s, long long* out) {
  char* end = nullptr;
  *out = std::strtoll(s.c_str(), &end, 10);
  return *end == '\0';
}

ConfigDirective SaveDirective() {
  return ConfigDirective{
      .name = "save",
      .alias = {},
      .mutable_at_runtime = true,
      .set = [](Config& cfg, const Args& in, std::string* err) {
        size_t n = (in.size() == 1 && in[0].empty()) ? 0 : in.size();  // save "" disables snapshots
        std::vector<std::string> pairs;
        if (n % 2 != 0) {
          *err = "Invalid save parameters";
          return false;
        }
        for (size_t j = 0; j < n; j += 2) {
          long long seconds, changes;
          if (!SaveNumber(in[j], &seconds) || !SaveNumber(in[j + 1], &changes) || seconds < 1 || changes < 0) {
            *err = "Invalid save parameters";
            return false;
          }
          // Redis keeps changes in an int.
          pairs.push_back(std::to_string(seconds) + " " + std::to_string(static_cast<int>(changes)));
        }
        cfg.save = Join(pairs, " ");
        return true;
      },
      .get = [](const Config& cfg) { return cfg.save; },
      .multi_arg = true,
      // Always written: a file without save lines would bring the defaults back at the next start.
      .rewrite = [](const Config& cfg) {
        std::vector<ConfigLine> lines;
        if (cfg.save.empty()) return OneLine("save \"\"", true);
        Args words = SplitOnSpaces(cfg.save);
        for (size_t j = 0; j + 1 < words.size(); j += 2)
          lines.push_back({"save " + words[j] + " " + words[j + 1], true});
        return lines;
      },
  };
}

OutputLimit* LimitClass(Config& cfg, std::string_view cls) {
  if (SameName(cls, "normal")) return &cfg.output_limit_normal;
  if (SameName(cls, "replica") || SameName(cls, "slave")) return &cfg.output_limit_replica;
  if (SameName(cls, "pubsub")) return &cfg.output_limit_pubsub;
  return nullptr;  // including "master", which Redis refuses here
}

ConfigDirective OutputLimitDirective() {
  struct Class {
    std::string_view get_name, rewrite_name;
    OutputLimit Config::*field;
  };
  // CONFIG GET prints Redis 7.0's client type name "slave"; CONFIG REWRITE writes "replica".
  static const Class kClasses[] = {{"normal", "normal", &Config::output_limit_normal},
                                   {"slave", "replica", &Config::output_limit_replica},
                                   {"pubsub", "pubsub", &Config::output_limit_pubsub}};
  return ConfigDirective{
      .name = "client-output-buffer-limit",
      .alias = {},
      .mutable_at_runtime = true,
      // <class> <hard> <soft> <soft-seconds> [...]: every group is checked before any is applied.
      .set = [](Config& cfg, const Args& args, std::string* err) {
        if (args.size() % 4 != 0) {
          *err = "Wrong number of arguments in buffer limit configuration.";
          return false;
        }
        Config next = cfg;
        for (size_t j = 0; j < args.size(); j += 4) {
          OutputLimit* lim = LimitClass(next, args[j]);
          if (lim == nullptr) {
            *err = "Invalid client class specified in buffer limit configuration.";
            return false;
          }
          uint64_t hard, soft;
          char* end = nullptr;
          // Redis reads the seconds into an int with a bare strtoll.
          int seconds = static_cast<int>(std::strtoll(args[j + 3].c_str(), &end, 10));
          if (!ParseMemoryU64(args[j + 1], &hard) || !ParseMemoryU64(args[j + 2], &soft) || seconds < 0 ||
              *end != '\0') {
            *err = "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
            return false;
          }
          lim->hard_bytes = static_cast<int64_t>(std::min<uint64_t>(hard, kLongMax));
          lim->soft_bytes = static_cast<int64_t>(std::min<uint64_t>(soft, kLongMax));
          lim->soft_seconds = seconds;
        }
        cfg.output_limit_normal = next.output_limit_normal;
        cfg.output_limit_replica = next.output_limit_replica;
        cfg.output_limit_pubsub = next.output_limit_pubsub;
        return true;
      },
      .get = [](const Config& cfg) {
        std::vector<std::string> parts;
        for (const Class& c : kClasses) {
          const OutputLimit& l = cfg.*c.field;
          parts.push_back(std::string(c.get_name) + " " + std::to_string(l.hard_bytes) + " " +
                          std::to_string(l.soft_bytes) + " " + std::to_string(l.soft_seconds));
        }
        return Join(parts, " ");
      },
      .multi_arg = true,
      .rewrite = [](const Config& cfg) {
        std::vector<ConfigLine> lines;
        for (const Class& c : kClasses) {
          const OutputLimit& l = cfg.*c.field;
          const OutputLimit& d = Defaults().*c.field;
          bool force = l.hard_bytes != d.hard_bytes || l.soft_bytes != d.soft_bytes || l.soft_seconds != d.soft_seconds;
          lines.push_back({"client-output-buffer-limit " + std::string(c.rewrite_name) + " " +
                               FormatMemory(l.hard_bytes) + " " + FormatMemory(l.soft_bytes) + " " +
                               std::to_string(l.soft_seconds),
                           force});
        }
        return lines;
      },
  };
}

ConfigDirective NotifyDirective() {
  return ConfigDirective{
      .name = "notify-keyspace-events",
      .alias = {},
      .mutable_at_runtime = true,
      .set = [](Config& cfg, const Args& args, std::string* err) {
        int flags = KeyspaceEventsFromString(args[0]);
        if (flags == -1) {
          *err = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
          return false;
        }
        cfg.notify_keyspace_events = KeyspaceEventsToString(flags);
        cfg.notify_flags = flags;
        return true;
      },
      .get = [](const Config& cfg) { return cfg.notify_keyspace_events; },
      .rewrite = [](const Config& cfg) {
        return OneLine("notify-keyspace-events " + QuoteConfigValue(cfg.notify_keyspace_events),
                       !cfg.notify_keyspace_events.empty());
      },
  };
}

std::string CurrentDir() {
  char buf[PATH_MAX];
  return getcwd(buf, sizeof(buf)) ? std::string(buf) : std::string();
}

ConfigDirective DirDirective() {
  return ConfigDirective{
      .name = "dir",
      .alias = {},
      .mutable_at_runtime = true,
      // Redis chdir()s here and reports chdir's error; ringkv only checks the directory is enterable and
      // stores its absolute path (relative to the previous dir, as successive chdirs would resolve it).
      // The server does the chdir at start-up and on CONFIG SET.
      .set = [](Config& cfg, const Args& args, std::string* err) {
        std::string path = args[0];
        if (!path.empty() && path[0] != '/' && !cfg.dir.empty()) path = cfg.dir + "/" + path;
        struct stat st;
        if (stat(path.c_str(), &st) != 0) {
          *err = strerror(errno);
          return false;
        }
        if (!S_ISDIR(st.st_mode)) {
          *err = strerror(ENOTDIR);
          return false;
        }
        if (access(path.c_str(), X_OK) != 0) {
          *err = strerror(errno);
          return false;
        }
        std::unique_ptr<char, decltype(&free)> abs(realpath(path.c_str(), nullptr), &free);
        if (!abs) {
          *err = strerror(errno);
          return false;
        }
        cfg.dir = abs.get();
        return true;
      },
      .get = [](const Config& cfg) { return cfg.dir.empty() ? CurrentDir() : cfg.dir; },
      .protected_config = true,
      // Always written, as an absolute path, so a restart from another directory finds the same data.
      .rewrite = [](const Config& cfg) {
        std::string d = cfg.dir.empty() ? CurrentDir() : cfg.dir;
        if (d.empty()) return std::vector<ConfigLine>{};
        return OneLine("dir " + QuoteConfigValue(d), true);
      },
  };
}

std::vector<ConfigDirective> BuildTable() {
  const std::vector<EnumName> kYesNoLocal = {{"no", 0}, {"yes", 1}, {"local", 2}};
  std::vector<ConfigDirective> t;
  // network
  t.push_back(BindDirective());
  t.push_back(Number("port", {}, true, &Config::port, 0, 65535));
  // A unix socket to listen on besides TCP (core/listeners.cc): a stale file is unlinked before bind and the
  // file is removed at shutdown. Immutable at runtime, as in Redis.
  t.push_back(String("unixsocket", false, &Config::unixsocket, true));
  // The socket file's mode, applied with chmod after bind (octal; 0 leaves the umask's mode).
  t.push_back(UnixsocketpermDirective());
  // Refuse non-loopback clients while no password is set and bind is the default (see ProtectedModeRefuses).
  t.push_back(Bool("protected-mode", {}, true, &Config::protected_mode));
  t.push_back(Number("tcp-backlog", {}, false, &Config::tcp_backlog, 0, kIntMax));
  t.push_back(Number("tcp-keepalive", {}, true, &Config::tcp_keepalive, 0, kIntMax));
  t.push_back(Number("timeout", {}, true, &Config::timeout, 0, kIntMax));
  t.push_back(Number("maxclients", {}, true, &Config::maxclients, 1, UINT_MAX));
  // security
  t.push_back(String("requirepass", true, &Config::requirepass, true));
  // DEBUG (and other kCmdProtected commands) allowed: no, yes, or from loopback clients only.
  t.push_back(IntEnum("enable-debug-command", false, kYesNoLocal, &Config::enable_debug_command));
  t.push_back(IntEnum("enable-protected-configs", false, kYesNoLocal, &Config::enable_protected_configs));
  // general
  t.push_back(Number("databases", {}, false, &Config::databases, 1, kIntMax));
  // Server cron frequency: any non-negative value is accepted and clamped to 1..500, as Redis treats hz
  // as a hint.
  {
    ConfigDirective hz = Number("hz", {}, true, &Config::hz, 0, kIntMax);
    hz.set = [inner = hz.set](Config& cfg, const Args& args, std::string* err) {
      if (!inner(cfg, args, err)) return false;
      cfg.hz = std::clamp(cfg.hz, kMinHz, kMaxHz);
      return true;
    };
    t.push_back(std::move(hz));
  }
  // Raise hz with the number of clients so timeouts stay responsive.
  t.push_back(Bool("dynamic-hz", {}, true, &Config::dynamic_hz));
  t.push_back(IntEnum("loglevel", true, {{"debug", 0}, {"verbose", 1}, {"notice", 2}, {"warning", 3}},
                      &Config::loglevel));
  t.push_back(String("logfile", false, &Config::logfile, false));  // "" logs to stdout
  t.push_back(Bool("daemonize", {}, false, &Config::daemonize));
  t.push_back(String("pidfile", false, &Config::pidfile, true));
  t.push_back(DirDirective());
  // limits: the largest bulk string a client may send, and the largest unparsed input it may accumulate.
  t.push_back(Number("proto-max-bulk-len", {}, true, &Config::proto_max_bulk_len, 1024 * 1024, kLongMax, true));
  t.push_back(Number("client-query-buffer-limit", {}, true, &Config::client_query_buffer_limit, 1024 * 1024,
                     kLongMax, true));
  t.push_back(OutputLimitDirective());
  // memory: above maxmemory (0: no limit) writes evict by maxmemory-policy or are refused (noeviction);
  // each eviction samples maxmemory-samples keys.
  {
    // Redis's bound is ULLONG_MAX; ringkv keeps bytes in an int64 and saturates there ("no limit" anyway).
    ConfigDirective mm = Number("maxmemory", {}, true, &Config::maxmemory, 0, kLongMax, true);
    mm.set = [inner = mm.set](Config& cfg, const Args& args, std::string* err) {
      uint64_t u;
      if (ParseMemoryU64(args[0], &u) && u > static_cast<uint64_t>(kLongMax)) {
        cfg.maxmemory = kLongMax;
        return true;
      }
      return inner(cfg, args, err);
    };
    t.push_back(std::move(mm));
  }
  t.push_back(IntEnum("maxmemory-policy", true,
                      {{"volatile-lru", kVolatileLru},
                       {"volatile-lfu", kVolatileLfu},
                       {"volatile-random", kVolatileRandom},
                       {"volatile-ttl", kVolatileTtl},
                       {"allkeys-lru", kAllkeysLru},
                       {"allkeys-lfu", kAllkeysLfu},
                       {"allkeys-random", kAllkeysRandom},
                       {"noeviction", kNoEviction}},
                      &Config::maxmemory_policy));
  t.push_back(Number("maxmemory-samples", {}, true, &Config::maxmemory_samples, 1, kIntMax));
  // How much CPU the active expiry cycle may spend finding expired keys (1: Redis's default effort).
  t.push_back(Number("active-expire-effort", {}, true, &Config::active_expire_effort, 1, 10));
  // Free large values of expired keys, DEL and FLUSH* on a background thread (UNLINK / ASYNC semantics).
  t.push_back(Bool("lazyfree-lazy-expire", {}, true, &Config::lazyfree_lazy_expire));
  t.push_back(Bool("lazyfree-lazy-user-del", {}, true, &Config::lazyfree_lazy_user_del));
  t.push_back(Bool("lazyfree-lazy-user-flush", {}, true, &Config::lazyfree_lazy_user_flush));
  // persistence: snapshot after <seconds> if at least <changes> writes; the AOF and how often it is fsynced.
  t.push_back(SaveDirective());
  t.push_back(Bool("appendonly", {}, true, &Config::appendonly));
  t.push_back(Enum(
      "appendfsync", true, {{"everysec", 0}, {"always", 1}, {"no", 2}},
      [](const Config& cfg) -> int64_t { return cfg.appendfsync == "always" ? 1 : cfg.appendfsync == "no" ? 2 : 0; },
      [](Config& cfg, int64_t v) { cfg.appendfsync = v == 1 ? "always" : v == 2 ? "no" : "everysec"; }));
  {
    auto base_name = [](const std::string& v, std::string* e) {
      if (IsBaseName(v)) return true;
      *e = "dbfilename can't be a path, just a filename";
      return false;
    };
    ConfigDirective dbf = String("dbfilename", true, &Config::dbfilename, false, base_name);
    dbf.protected_config = true;
    t.push_back(std::move(dbf));
  }
  t.push_back(String("appendfilename", false, &Config::appendfilename, false, [](const std::string& v, std::string* e) {
    if (v.empty()) {
      *e = "appendfilename can't be empty";
      return false;
    }
    if (IsBaseName(v)) return true;
    *e = "appendfilename can't be a path, just a filename";
    return false;
  }));
  // io (ringkv's own): how long one ring wait may hold back to gather more completions under load.
  t.push_back(Number("io-min-wait-us", {}, true, &Config::io_min_wait_us, 0, 10000));
  // io (ringkv's own): the shared provided-buffer ring every connection receives into: how many buffers
  // (rounded up to a power of two) and how big. Fixed at start-up (the ring is registered once).
  t.push_back(Number("io-recv-buffers", {}, false, &Config::io_recv_buffers, 1, 32768));
  t.push_back(Number("io-recv-buffer-size", {}, false, &Config::io_recv_buffer_size, 512, 1048576));
  // Per-command latency histograms for INFO latencystats.
  t.push_back(Bool("latency-tracking", {}, true, &Config::latency_tracking));
  // encodings: a hash, set, sorted set stays compact (listpack / intset) while it has at most *-entries
  // elements, each at most *-value bytes; list nodes hold list-max-listpack-size entries (negative: a size
  // class, -2 = 8 KB), the list-compress-depth nodes at each end stay uncompressed.
  t.push_back(Number("hash-max-listpack-entries", "hash-max-ziplist-entries", true, &Config::hash_max_listpack_entries,
                     0, kLongMax));
  t.push_back(Number("hash-max-listpack-value", "hash-max-ziplist-value", true, &Config::hash_max_listpack_value, 0,
                     kLongMax, true));
  t.push_back(Number("set-max-intset-entries", {}, true, &Config::set_max_intset_entries, 0, kLongMax));
  // Redis 7.2's listpack-encoded sets, accepted early so a 7.2 config loads.
  t.push_back(Number("set-max-listpack-entries", {}, true, &Config::set_max_listpack_entries, 0, kLongMax));
  t.push_back(Number("set-max-listpack-value", {}, true, &Config::set_max_listpack_value, 0, kLongMax, true));
  t.push_back(Number("zset-max-listpack-entries", "zset-max-ziplist-entries", true, &Config::zset_max_listpack_entries,
                     0, kLongMax));
  t.push_back(Number("zset-max-listpack-value", "zset-max-ziplist-value", true, &Config::zset_max_listpack_value, 0,
                     kLongMax, true));
  t.push_back(Number("list-max-listpack-size", "list-max-ziplist-size", true, &Config::list_max_listpack_size, kIntMin,
                     kIntMax));
  t.push_back(Number("list-compress-depth", {}, true, &Config::list_compress_depth, 0, kIntMax));
  // Which keyspace events are published (letters as in redis.conf; "" publishes none).
  t.push_back(NotifyDirective());
  // Stored for the clients and tools that read them.
  t.push_back(Bool("replica-read-only", "slave-read-only", true, &Config::replica_read_only));
  t.push_back(Bool("cluster-enabled", {}, false, &Config::cluster_enabled));
  t.push_back(Number("busy-reply-threshold", "lua-time-limit", true, &Config::busy_reply_threshold_ms, 0, kLongMax));
  t.push_back(Number("slowlog-log-slower-than", {}, true, &Config::slowlog_log_slower_than_us, -1, kLongMax));
  t.push_back(Number("slowlog-max-len", {}, true, &Config::slowlog_max_len, 0, kLongMax));
  t.push_back(Number("repl-backlog-size", {}, true, &Config::repl_backlog_size, 1, kLongMax, true));
  t.push_back(Number("min-replicas-to-write", "min-slaves-to-write", true, &Config::min_replicas_to_write, 0, kIntMax));
  // Everything else Redis 7.0.15 accepts, stored without effect yet.
  AppendRedisCompatDirectives(&t);
  GuardUnsupportedDirectives(&t);
  return t;
}

// Whether the i-th name of CONFIG SET's name/value list repeats an earlier one. Redis 7.0 compares the
// names as given: a directive and its alias ("lua-time-limit" and "busy-reply-threshold") are not
// duplicates, and the later one wins.
bool NamedEarlier(const std::vector<std::string_view>& args, size_t i) {
  for (size_t j = 0; j < i; ++j)
    if (SameName(args[2 * j], args[2 * i])) return true;
  return false;
}

}  // namespace

const std::vector<ConfigDirective>& ConfigDirectives() {
  static const std::vector<ConfigDirective> table = BuildTable();
  return table;
}

const ConfigDirective* FindConfigDirective(std::string_view name) {
  for (const ConfigDirective& d : ConfigDirectives()) {
    if (SameName(name, d.name) || (!d.alias.empty() && SameName(name, d.alias))) return &d;
  }
  return nullptr;
}

// sdssplitargs: words separated by blanks; "double quotes" with \n \r \t \b \a \xHH and \<any> escapes;
// 'single quotes' with only \' ; a closing quote must end the word. Quotes may start mid-word (a"b c" is
std::vector<std::pair<std::string, std::string>> ConfigGet(const Config& cfg,
                                                           const std::vector<std::string_view>& patterns) {
  std::vector<std::pair<std::string, std::string>> out;
  std::vector<std::string> seen;  // lower-cased names already reported
  auto add = [&](std::string_view reported, const ConfigDirective& d) {
    std::string key = Lower(reported);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) return;
    seen.push_back(std::move(key));
    out.emplace_back(std::string(reported), d.get(cfg));
  };
  for (std::string_view pat : patterns) {
    if (pat.find_first_of("[*?") == std::string_view::npos) {
      if (const ConfigDirective* d = FindConfigDirective(pat)) add(pat, *d);
      continue;
    }
    for (const ConfigDirective& d : ConfigDirectives()) {
      if (d.hidden) continue;
      if (ds::GlobMatch(pat, d.name, true)) add(d.name, d);
      if (!d.alias.empty() && ds::GlobMatch(pat, d.alias, true)) add(d.alias, d);
    }
  }
  return out;
}

bool ConfigSet(Config* cfg, const std::vector<std::string_view>& args, bool allow_protected,
               std::vector<std::string>* changed, std::string* err) {
  if (args.empty() || args.size() % 2 != 0) {
    *err = "ERR syntax error";
    return false;
  }
  const size_t n = args.size() / 2;
  std::vector<const ConfigDirective*> dirs(n, nullptr);
  // The first problem in argument order is the one reported, as Redis does.
  for (size_t i = 0; i < n; ++i) {
    std::string_view name = args[2 * i];
    const ConfigDirective* d = FindConfigDirective(name);
    std::string why;
    if (d == nullptr) {
      *err = "ERR Unknown option or number of arguments for CONFIG SET - '" + std::string(name) + "'";
      return false;
    }
    if (!d->mutable_at_runtime) why = "can't set immutable config";
    else if (d->protected_config && !allow_protected) why = "can't set protected config";
    else if (NamedEarlier(args, i))
      why = "duplicate parameter";
    if (!why.empty()) {
      *err = "ERR CONFIG SET failed (possibly related to argument '" + std::string(name) + "') - " + why;
      return false;
    }
    dirs[i] = d;
  }
  Config next = *cfg;
  for (size_t i = 0; i < n; ++i) {
    const ConfigDirective* d = dirs[i];
    std::string_view value = args[2 * i + 1];
    Args words = d->multi_arg ? SplitOnSpaces(value) : Args{std::string(value)};
    std::string why;
    if (!d->set(next, words, &why)) {
      // Reported under the name the table knows it by (the alias if that is what was used), lower case.
      std::string_view shown = SameName(args[2 * i], d->alias) ? d->alias : d->name;
      *err = "ERR CONFIG SET failed (possibly related to argument '" + std::string(shown) + "') - " + why;
      return false;
    }
  }
  changed->clear();
  for (const ConfigDirective* d : dirs) {
    if (d->get(*cfg) != d->get(next) &&
        std::find(changed->begin(), changed->end(), d->name) == changed->end())
      changed->emplace_back(d->name);
  }
  *cfg = std::move(next);
  return true;
}

// Redis's sdscatrepr: always quoted, so that SplitConfigLine reads back exactly the same bytes.
std::string QuoteConfigValue(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      default:
        if (std::isprint(c)) {
          out += static_cast<char>(c);
        } else {
          char buf[8];
          snprintf(buf, sizeof(buf), "\\x%02x", c);
          out += buf;
        }
    }
  }
  out += '"';
  return out;
}

bool ParseMemory(std::string_view s, int64_t* out) {
  uint64_t v;
  if (!ParseMemoryU64(s, &v) || v > static_cast<uint64_t>(kLongMax)) return false;
  *out = static_cast<int64_t>(v);
  return true;
}

const std::vector<std::string_view>& MaxmemoryPolicyNames() {
  static const std::vector<std::string_view> names = {"noeviction",      "volatile-lru", "volatile-lfu",
                                                       "volatile-random", "volatile-ttl", "allkeys-lru",
                                                       "allkeys-lfu",     "allkeys-random"};
  return names;
}

int KeyspaceEventsFromString(std::string_view classes) {
  int flags = 0;
  for (char c : classes) {
    switch (c) {
      case 'A': flags |= kNotifyAll; break;
      case 'g': flags |= kNotifyGeneric; break;
      case '$': flags |= kNotifyString; break;
      case 'l': flags |= kNotifyList; break;
      case 's': flags |= kNotifySet; break;
      case 'h': flags |= kNotifyHash; break;
      case 'z': flags |= kNotifyZset; break;
      case 'x': flags |= kNotifyExpired; break;
      case 'e': flags |= kNotifyEvicted; break;
      case 'K': flags |= kNotifyKeyspace; break;
      case 'E': flags |= kNotifyKeyevent; break;
      case 't': flags |= kNotifyStream; break;
      case 'm': flags |= kNotifyKeyMiss; break;
      case 'd': flags |= kNotifyModule; break;
      case 'n': flags |= kNotifyNew; break;
      default: return -1;
    }
  }
  return flags;
}

std::string KeyspaceEventsToString(int flags) {
  std::string s;
  if ((flags & kNotifyAll) == kNotifyAll) {
    s += 'A';
  } else {
    static constexpr std::pair<int, char> kClasses[] = {
        {kNotifyGeneric, 'g'}, {kNotifyString, '$'},  {kNotifyList, 'l'},    {kNotifySet, 's'},
        {kNotifyHash, 'h'},    {kNotifyZset, 'z'},    {kNotifyExpired, 'x'}, {kNotifyEvicted, 'e'},
        {kNotifyStream, 't'},  {kNotifyModule, 'd'},  {kNotifyNew, 'n'}};
    for (auto [bit, letter] : kClasses)
      if (flags & bit) s += letter;
  }
  if (flags & kNotifyKeyspace) s += 'K';
  if (flags & kNotifyKeyevent) s += 'E';
  if (flags & kNotifyKeyMiss) s += 'm';
  return s;
}

}  // namespace ringkv::core

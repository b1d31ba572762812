// The directive table, redis.conf loading and CONFIG REWRITE. Expected texts (error wording, normalized
// values, the rewritten file) were taken from a real redis-server 7.0.15 given the same input.
#include "core/config.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ringkv::core {
namespace {

std::string Get(const Config& cfg, std::string_view name) {
  auto pairs = ConfigGet(cfg, {name});
  return pairs.size() == 1 ? pairs[0].second : "<missing>";
}

// CONFIG SET as a client sends it; returns "OK" or the error reply.
std::string Set(Config* cfg, std::vector<std::string_view> args, bool allow_protected = false) {
  std::vector<std::string> changed;
  std::string err;
  return ConfigSet(cfg, args, allow_protected, &changed, &err) ? "OK" : err;
}

std::string Load(const std::string& text, Config* cfg) {
  std::string err;
  return LoadConfigText(text, cfg, &err) ? "OK" : err;
}

std::string Fatal(int line, const std::string& text, const std::string& why) {
  return "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line " +
         std::to_string(line) + "\n>>> '" + text + "'\n" + why;
}

std::vector<std::string> Split(std::string_view line) {
  std::vector<std::string> out;
  EXPECT_TRUE(SplitConfigLine(line, &out)) << line;
  return out;
}

std::vector<std::string> changed_;  // ConfigSet's list of changed names, unused by these tests

std::string SetErr(std::string_view name, std::string_view why) {
  return "ERR CONFIG SET failed (possibly related to argument '" + std::string(name) + "') - " + std::string(why);
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/ringkv-config-test-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  std::string Write(const std::string& name, const std::string& content) const {
    std::string p = path_ + "/" + name;
    std::ofstream(p) << content;
    return p;
  }
  std::string Read(const std::string& name) const {
    std::ifstream f(path_ + "/" + name);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(ConfigTest, DefaultsPrintLikeRedis) {
  Config cfg;
  EXPECT_EQ(Get(cfg, "port"), "6379");
  EXPECT_EQ(Get(cfg, "bind"), "127.0.0.1");
  EXPECT_EQ(Get(cfg, "protected-mode"), "yes");
  EXPECT_EQ(Get(cfg, "maxmemory-policy"), "noeviction");
  EXPECT_EQ(Get(cfg, "loglevel"), "notice");
  EXPECT_EQ(Get(cfg, "enable-debug-command"), "no");
  EXPECT_EQ(Get(cfg, "save"), "3600 1 300 100 60 10000");
  EXPECT_EQ(Get(cfg, "appendfsync"), "everysec");
  EXPECT_EQ(Get(cfg, "proto-max-bulk-len"), "536870912");
  EXPECT_EQ(Get(cfg, "client-output-buffer-limit"),
            "normal 1073741824 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
  EXPECT_EQ(Get(cfg, "hash-max-listpack-entries"), "512");
  EXPECT_EQ(Get(cfg, "hash-max-ziplist-entries"), "512");
  EXPECT_EQ(Get(cfg, "list-max-ziplist-size"), "-2");
  EXPECT_EQ(Get(cfg, "notify-keyspace-events"), "");
  EXPECT_EQ(Get(cfg, "requirepass"), "");
  EXPECT_EQ(Get(cfg, "latency-tracking"), "yes");
  EXPECT_EQ(Get(cfg, "slave-read-only"), "yes");
  EXPECT_EQ(Get(cfg, "cluster-enabled"), "no");
  EXPECT_EQ(Get(cfg, "lua-time-limit"), "5000");
  EXPECT_EQ(Get(cfg, "slowlog-log-slower-than"), "10000");
  EXPECT_EQ(Get(cfg, "slowlog-max-len"), "128");
  EXPECT_EQ(Get(cfg, "repl-backlog-size"), "1048576");
  EXPECT_EQ(Get(cfg, "min-slaves-to-write"), "0");
  EXPECT_EQ(Get(cfg, "io-min-wait-us"), "50");
  char cwd[4096];
  ASSERT_NE(getcwd(cwd, sizeof(cwd)), nullptr);
  EXPECT_EQ(Get(cfg, "dir"), cwd);  // unset dir is the process's working directory
}

TEST(ConfigTest, EveryDirectiveRoundTripsItsOwnValue) {
  // What CONFIG GET prints, CONFIG SET (or the file) must accept and keep unchanged.
  Config cfg;
  for (const ConfigDirective& d : ConfigDirectives()) {
    // replicaof prints "" for a master, which it refuses (Redis too): "no one" is the way back.
    if (d.name == "replicaof") continue;
    Config copy = cfg;
    std::string before = d.get(cfg);
    std::vector<std::string> args;
    if (d.multi_arg) {
      args.push_back(before);
      std::vector<std::string> words;
      ASSERT_TRUE(SplitConfigLine(before, &words));
      if (!words.empty()) args = words;
    } else {
      args.push_back(before);
    }
    std::string err;
    ASSERT_TRUE(d.set(copy, args, &err)) << d.name << ": " << err;
    EXPECT_EQ(d.get(copy), before) << d.name;
  }
}

TEST(ConfigTest, LookupIsCaseInsensitiveAndKnowsAliases) {
  ASSERT_NE(FindConfigDirective("MAXMEMORY"), nullptr);
  EXPECT_EQ(FindConfigDirective("hash-max-ziplist-value")->name, "hash-max-listpack-value");
  EXPECT_EQ(FindConfigDirective("Slave-Read-Only")->name, "replica-read-only");
  EXPECT_EQ(FindConfigDirective("lua-time-limit")->name, "busy-reply-threshold");
  EXPECT_EQ(FindConfigDirective("nope"), nullptr);
}

TEST(ConfigTest, BoolDirectives) {
  Config cfg;
  EXPECT_EQ(Set(&cfg, {"protected-mode", "NO"}), "OK");
  EXPECT_FALSE(cfg.protected_mode);
  EXPECT_EQ(Set(&cfg, {"latency-tracking", "no"}), "OK");
  EXPECT_EQ(cfg.latency_tracking, 0);
  EXPECT_EQ(Set(&cfg, {"protected-mode", "maybe"}), SetErr("protected-mode", "argument must be 'yes' or 'no'"));
  EXPECT_EQ(Set(&cfg, {"appendonly", "1"}), SetErr("appendonly", "argument must be 'yes' or 'no'"));
}

TEST(ConfigTest, IntegerDirectivesUseStrictParsingAndBounds) {
  Config cfg;
  EXPECT_EQ(Set(&cfg, {"timeout", "300"}), "OK");
  EXPECT_EQ(cfg.timeout, 300);
  for (std::string_view bad : {"abc", "+5", " 5", "05", "5 ", "1kb", "", "-0"})
    EXPECT_EQ(Set(&cfg, {"timeout", bad}), SetErr("timeout", "argument couldn't be parsed into an integer")) << bad;
  EXPECT_EQ(Set(&cfg, {"port", "70000"}), SetErr("port", "argument must be between 0 and 65535 inclusive"));
  EXPECT_EQ(Set(&cfg, {"maxclients", "0"}),
            SetErr("maxclients", "argument must be between 1 and 4294967295 inclusive"));
  EXPECT_EQ(Set(&cfg, {"active-expire-effort", "11"}),
            SetErr("active-expire-effort", "argument must be between 1 and 10 inclusive"));
  EXPECT_EQ(Set(&cfg, {"slowlog-log-slower-than", "-2"}),
            SetErr("slowlog-log-slower-than", "argument must be between -1 and 9223372036854775807 inclusive"));
  EXPECT_EQ(Set(&cfg, {"slowlog-log-slower-than", "-1"}), "OK");
  EXPECT_EQ(Set(&cfg, {"list-max-listpack-size", "-2147483649"}),
            SetErr("list-max-listpack-size", "argument must be between -2147483648 and 2147483647 inclusive"));
  EXPECT_EQ(Set(&cfg, {"io-min-wait-us", "10001"}),
            SetErr("io-min-wait-us", "argument must be between 0 and 10000 inclusive"));
}

TEST(ConfigTest, HzIsClampedNotRefused) {
  Config cfg;
  EXPECT_EQ(Set(&cfg, {"hz", "1000"}), "OK");
  EXPECT_EQ(Get(cfg, "hz"), "500");
  EXPECT_EQ(Set(&cfg, {"hz", "0"}), "OK");
  EXPECT_EQ(Get(cfg, "hz"), "1");
  EXPECT_EQ(Set(&cfg, {"hz", "-1"}), SetErr("hz", "argument must be between 0 and 2147483647 inclusive"));
  Config loaded;
  EXPECT_EQ(Load("hz 100000\n", &loaded), "OK");
  EXPECT_EQ(loaded.hz, 500);
}

TEST(ConfigTest, MemoryUnits) {
  int64_t v = 0;
  EXPECT_TRUE(ParseMemory("1gb", &v));
  EXPECT_EQ(v, 1LL << 30);
  EXPECT_TRUE(ParseMemory("1GB", &v));
  EXPECT_EQ(v, 1LL << 30);
  EXPECT_TRUE(ParseMemory("1g", &v));
  EXPECT_EQ(v, 1000000000);
  EXPECT_TRUE(ParseMemory("3k", &v));
  EXPECT_EQ(v, 3000);
  EXPECT_TRUE(ParseMemory("3kb", &v));
  EXPECT_EQ(v, 3072);
  EXPECT_TRUE(ParseMemory("2m", &v));
  EXPECT_EQ(v, 2000000);
  EXPECT_TRUE(ParseMemory("2Mb", &v));
  EXPECT_EQ(v, 2 << 20);
  EXPECT_TRUE(ParseMemory("7b", &v));
  EXPECT_EQ(v, 7);
  EXPECT_TRUE(ParseMemory("007", &v));
  EXPECT_EQ(v, 7);
  // memtoull quirks: no digits means 0.
  EXPECT_TRUE(ParseMemory("", &v));
  EXPECT_EQ(v, 0);
  EXPECT_TRUE(ParseMemory("gb", &v));
  EXPECT_EQ(v, 0);
  for (std::string_view bad : {"-1", "+1", " 1", "1.5gb", "1 gb", "1tb", "1kbb", "abc"})
    EXPECT_FALSE(ParseMemory(bad, &v)) << bad;
  EXPECT_FALSE(ParseMemory("9223372036854775808", &v));  // above INT64_MAX

  Config cfg;
  EXPECT_EQ(Set(&cfg, {"maxmemory", "100mb"}), "OK");
  EXPECT_EQ(Get(cfg, "maxmemory"), "104857600");
  EXPECT_EQ(Set(&cfg, {"maxmemory", "1.5gb"}), SetErr("maxmemory", "argument must be a memory value"));
  EXPECT_EQ(Set(&cfg, {"hash-max-listpack-value", "1kb"}), "OK");
  EXPECT_EQ(Get(cfg, "hash-max-listpack-value"), "1024");
  EXPECT_EQ(Set(&cfg, {"proto-max-bulk-len", "1000"}),
            SetErr("proto-max-bulk-len", "argument must be between 1048576 and 9223372036854775807 inclusive"));
  EXPECT_EQ(Set(&cfg, {"client-query-buffer-limit", "1mb"}), "OK");
  // Memory directives do not fall back to plain integers: "-1" is not a memory value.
  EXPECT_EQ(Set(&cfg, {"repl-backlog-size", "-1"}), SetErr("repl-backlog-size", "argument must be a memory value"));
  // Entries counts are plain integers.
  EXPECT_EQ(Set(&cfg, {"hash-max-listpack-entries", "1kb"}),
            SetErr("hash-max-listpack-entries", "argument couldn't be parsed into an integer"));
}

TEST(ConfigTest, EnumsAreCaseInsensitiveAndListTheirValuesInRedisOrder) {
  Config cfg;
  EXPECT_EQ(Set(&cfg, {"maxmemory-policy", "ALLKEYS-LRU"}), "OK");
  EXPECT_EQ(cfg.maxmemory_policy, kAllkeysLru);
  EXPECT_EQ(Get(cfg, "maxmemory-policy"), "allkeys-lru");
  EXPECT_EQ(MaxmemoryPolicyNames()[kAllkeysLru], "allkeys-lru");
  EXPECT_EQ(MaxmemoryPolicyNames()[kNoEviction], "noeviction");
  EXPECT_EQ(Set(&cfg, {"maxmemory-policy", "lru"}),
            SetErr("maxmemory-policy",
                   "argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, "
                   "volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction"));
  EXPECT_EQ(Set(&cfg, {"loglevel", "loud"}),
            SetErr("loglevel", "argument(s) must be one of the following: debug, verbose, notice, warning"));
  EXPECT_EQ(Set(&cfg, {"loglevel", "Warning"}), "OK");
  EXPECT_EQ(cfg.loglevel, 3);
  EXPECT_EQ(Set(&cfg, {"appendfsync", "ALWAYS"}), "OK");
  EXPECT_EQ(cfg.appendfsync, "always");
  EXPECT_EQ(Set(&cfg, {"appendfsync", "sometimes"}),
            SetErr("appendfsync", "argument(s) must be one of the following: everysec, always, no"));
  Config loaded;
  EXPECT_EQ(Load("enable-debug-command local\n", &loaded), "OK");
  EXPECT_EQ(loaded.enable_debug_command, 2);
  EXPECT_EQ(Load("enable-debug-command maybe\n", &loaded),
            Fatal(1, "enable-debug-command maybe", "argument(s) must be one of the following: no, yes, local"));
}

TEST(ConfigTest, StringDirectives) {
  Config cfg;
  EXPECT_EQ(Set(&cfg, {"requirepass", "s3cret"}), "OK");
  EXPECT_EQ(Get(cfg, "requirepass"), "s3cret");
  EXPECT_EQ(Set(&cfg, {"dbfilename", "x.rdb"}), SetErr("dbfilename", "can't set protected config"));
  EXPECT_EQ(Set(&cfg, {"dbfilename", "x.rdb"}, true), "OK");
  EXPECT_EQ(Set(&cfg, {"dbfilename", "a/x.rdb"}, true),
            SetErr("dbfilename", "dbfilename can't be a path, just a filename"));
  Config loaded;
  EXPECT_EQ(Load("appendfilename \"\"\n", &loaded), Fatal(1, "appendfilename \"\"", "appendfilename can't be empty"));
  EXPECT_EQ(Load("appendfilename dir/a.aof\n", &loaded),
            Fatal(1, "appendfilename dir/a.aof", "appendfilename can't be a path, just a filename"));
  EXPECT_EQ(Load("logfile \"\"\npidfile /tmp/x.pid\n", &loaded), "OK");
  EXPECT_EQ(loaded.pidfile, "/tmp/x.pid");
}

// Save points as Redis parses them: pairs of numbers, save "" disables snapshots, and the first save line
// of a file replaces the default while later ones add to it.
TEST(ConfigTest, Save) {
  Config cfg;
  EXPECT_EQ(Set(&cfg, {"save", "100 1 200 2"}), "OK");
  EXPECT_EQ(Get(cfg, "save"), "100 1 200 2");
  EXPECT_EQ(Set(&cfg, {"save", ""}), "OK");
  EXPECT_EQ(Get(cfg, "save"), "");
  for (std::string_view bad : {"100 1 200", "100 x", "0 1", "100 -1", "100 1  200 2", " "})
    EXPECT_EQ(Set(&cfg, {"save", bad}), SetErr("save", "Invalid save parameters")) << bad;
  Config loaded;
  EXPECT_EQ(Load("save 900 1\nsave 300 10\n", &loaded), "OK");
  EXPECT_EQ(loaded.save, "900 1 300 10");
  Config disabled;
  EXPECT_EQ(Load("save \"\"\n", &disabled), "OK");
  EXPECT_EQ(disabled.save, "");
  EXPECT_EQ(Load("save 1\n", &disabled), Fatal(1, "save 1", "Invalid save parameters"));
}

// Every other setting whose lack of effect would lose data or weaken access control is refused the same
// way, at start-up and by CONFIG SET, and its "off" value is accepted.
TEST(ConfigTest, UnsupportedPromisesAreRefused) {
  Config cfg;
  EXPECT_EQ(Set(&cfg, {"appendonly", "no"}), "OK");
  EXPECT_EQ(Set(&cfg, {"min-replicas-to-write", "0"}), "OK");
  EXPECT_EQ(Set(&cfg, {"min-replicas-to-write", "1"}), "OK");  // replication has it (core/repl/primary.h)
  // Every eviction policy is real (core/evict.h): any of them with a limit, in either order.
  EXPECT_EQ(Set(&cfg, {"maxmemory", "100mb"}), "OK");
  EXPECT_EQ(Set(&cfg, {"maxmemory-policy", "allkeys-lru"}), "OK");
  EXPECT_EQ(Set(&cfg, {"maxmemory-policy", "volatile-ttl"}), "OK");
  EXPECT_EQ(Set(&cfg, {"maxmemory", "1gb"}), "OK");
  EXPECT_EQ(Get(cfg, "maxmemory"), "1073741824");
  for (std::string_view line : {"aclfile /tmp/users.acl", "cluster-enabled yes", "user bob on >pw ~* +@all"}) {
    Config c;
    std::string got = Load(std::string(line) + "\n", &c);
    EXPECT_NE(got.find("not available yet"), std::string::npos) << line << ": " << got;
    EXPECT_NE(got.find(">>> '" + std::string(line.substr(0, line.find(' ')))), std::string::npos) << got;
  }
  Config off;
  EXPECT_EQ(Load("appendonly no\nreplicaof no one\ncluster-enabled no\nmaxmemory 1mb\n", &off), "OK");
}

TEST(ConfigTest, ClientOutputBufferLimit) {
  Config cfg;
  EXPECT_EQ(Set(&cfg, {"client-output-buffer-limit", "normal 1mb 2mb 3"}), "OK");
  EXPECT_EQ(Get(cfg, "client-output-buffer-limit"),
            "normal 1048576 2097152 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
  EXPECT_EQ(Set(&cfg, {"client-output-buffer-limit", "REPLICA 1 2 3 pubsub 0 0 0"}), "OK");
  EXPECT_EQ(cfg.output_limit_replica.hard_bytes, 1);
  EXPECT_EQ(cfg.output_limit_pubsub.soft_seconds, 0);
  EXPECT_EQ(Set(&cfg, {"client-output-buffer-limit", "slave 5 5 5"}), "OK");
  EXPECT_EQ(cfg.output_limit_replica.hard_bytes, 5);
  const std::string before = Get(cfg, "client-output-buffer-limit");
  EXPECT_EQ(Set(&cfg, {"client-output-buffer-limit", "master 1 1 1"}),
            SetErr("client-output-buffer-limit", "Invalid client class specified in buffer limit configuration."));
  EXPECT_EQ(Set(&cfg, {"client-output-buffer-limit", "normal 1 1"}),
            SetErr("client-output-buffer-limit", "Wrong number of arguments in buffer limit configuration."));
  EXPECT_EQ(Set(&cfg, {"client-output-buffer-limit", "normal 9 9 9 pubsub x 1 1"}),
            SetErr("client-output-buffer-limit",
                   "Error in hard, soft or soft_seconds setting in buffer limit configuration."));
  EXPECT_EQ(Set(&cfg, {"client-output-buffer-limit", "normal 1 1 -1"}),
            SetErr("client-output-buffer-limit",
                   "Error in hard, soft or soft_seconds setting in buffer limit configuration."));
  EXPECT_EQ(Get(cfg, "client-output-buffer-limit"), before);  // a bad group leaves every class alone
  EXPECT_EQ(Set(&cfg, {"client-output-buffer-limit", ""}), "OK");
  EXPECT_EQ(Get(cfg, "client-output-buffer-limit"), before);
  Config loaded;
  EXPECT_EQ(Load("client-output-buffer-limit normal 0 0 0\nclient-output-buffer-limit pubsub 1gb 1mb 1\n", &loaded),
            "OK");
  EXPECT_EQ(loaded.output_limit_normal.hard_bytes, 0);
  EXPECT_EQ(loaded.output_limit_pubsub.hard_bytes, 1LL << 30);
}

TEST(ConfigTest, NotifyKeyspaceEventsAreNormalized) {
  Config cfg;
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"KEA", "AKE"}, {"Ex", "xE"}, {"gx$", "g$x"}, {"Kglshzxetmdn", "glshzxetdnKm"}, {"g$lshzxetdKE", "AKE"},
      {"nKE", "nKE"}, {"", ""},
      // n is outside A and, as in Redis, not printed next to it.
      {"An", "A"}, {"Am", "Am"}};
  for (const auto& [in, out] : cases) {
    EXPECT_EQ(Set(&cfg, {"notify-keyspace-events", in}), "OK") << in;
    EXPECT_EQ(Get(cfg, "notify-keyspace-events"), out) << in;
  }
  EXPECT_EQ(KeyspaceEventsFromString("K$"), kNotifyKeyspace | kNotifyString);
  EXPECT_EQ(KeyspaceEventsFromString("q"), -1);
  EXPECT_EQ(KeyspaceEventsToString(kNotifyAll | kNotifyKeyevent), "AE");
  EXPECT_EQ(Set(&cfg, {"notify-keyspace-events", "q"}),
            SetErr("notify-keyspace-events", "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."));
}

TEST(ConfigTest, Bind) {
  Config cfg;
  EXPECT_EQ(Set(&cfg, {"bind", "127.0.0.1 ::1"}), "OK");
  EXPECT_EQ(cfg.bind, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_EQ(Get(cfg, "bind"), "127.0.0.1 ::1");
  EXPECT_EQ(Set(&cfg, {"bind", ""}), "OK");
  EXPECT_TRUE(cfg.bind.empty());
  EXPECT_EQ(Set(&cfg, {"bind", "a b c d e f g h i j k l m n o p q"}),
            SetErr("bind", "Too many bind addresses specified."));
  Config loaded;
  EXPECT_EQ(Load("bind 0.0.0.0 ::\n", &loaded), "OK");
  EXPECT_EQ(loaded.bind, (std::vector<std::string>{"0.0.0.0", "::"}));
}

TEST(ConfigTest, Dir) {
  TempDir tmp;
  Config cfg;
  EXPECT_EQ(Set(&cfg, {"dir", tmp.path()}), SetErr("dir", "can't set protected config"));
  EXPECT_EQ(Set(&cfg, {"dir", tmp.path()}, true), "OK");
  EXPECT_EQ(Get(cfg, "dir"), tmp.path());
  ASSERT_EQ(mkdir((tmp.path() + "/sub").c_str(), 0755), 0);
  EXPECT_EQ(Set(&cfg, {"dir", "sub"}, true), "OK");  // relative to the previous dir, as chdir would be
  EXPECT_EQ(cfg.dir, tmp.path() + "/sub");
  EXPECT_EQ(Set(&cfg, {"dir", "/nonexistent/dir"}, true), SetErr("dir", "No such file or directory"));
  tmp.Write("file", "x");
  EXPECT_EQ(Set(&cfg, {"dir", tmp.path() + "/file"}, true), SetErr("dir", "Not a directory"));
}

TEST(ConfigTest, SetIsAtomicAndReportsTheFirstProblem) {
  Config cfg;
  EXPECT_EQ(Set(&cfg, {"hz", "20", "maxmemory", "bad"}), SetErr("maxmemory", "argument must be a memory value"));
  EXPECT_EQ(cfg.hz, 10);  // nothing applied
  EXPECT_EQ(Set(&cfg, {"hz", "5", "hz", "6"}), SetErr("hz", "duplicate parameter"));
  EXPECT_EQ(Set(&cfg, {"hz", "5", "HZ", "6"}), SetErr("HZ", "duplicate parameter"));
  // Duplicates are by name as given: a directive and its alias are both applied, the later one winning.
  EXPECT_EQ(Set(&cfg, {"lua-time-limit", "5", "busy-reply-threshold", "6"}), "OK");
  EXPECT_EQ(cfg.busy_reply_threshold_ms, 6);
  EXPECT_EQ(Set(&cfg, {"hz", "5", "foo", "1"}), "ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
  EXPECT_EQ(Set(&cfg, {"foo", "1", "daemonize", "yes"}),
            "ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
  EXPECT_EQ(Set(&cfg, {"daemonize", "yes", "foo", "1"}), SetErr("daemonize", "can't set immutable config"));
  EXPECT_EQ(Set(&cfg, {"hz", "5", "maxmemory"}), "ERR syntax error");
  // The failing directive is named as the table knows it: lower case, or the alias that was used.
  EXPECT_EQ(Set(&cfg, {"HZ", "x"}), SetErr("hz", "argument couldn't be parsed into an integer"));
  EXPECT_EQ(Set(&cfg, {"Lua-Time-Limit", "x"}),
            SetErr("lua-time-limit", "argument couldn't be parsed into an integer"));
  for (std::string_view name : {"tcp-backlog", "databases", "logfile", "daemonize", "pidfile", "appendfilename",
                                "enable-debug-command", "enable-protected-configs", "cluster-enabled"})
    EXPECT_EQ(Set(&cfg, {name, "1"}), SetErr(name, "can't set immutable config")) << name;

  std::vector<std::string> changed;
  std::string err;
  ASSERT_TRUE(ConfigSet(&cfg, {"hz", "20", "maxmemory", "1mb", "timeout", "0", "slave-read-only", "no"}, false,
                        &changed, &err));
  EXPECT_EQ(changed, (std::vector<std::string>{"hz", "maxmemory", "replica-read-only"}));  // timeout unchanged
  EXPECT_EQ(cfg.hz, 20);
  EXPECT_EQ(cfg.maxmemory, 1 << 20);
}

TEST(ConfigTest, GetPatterns) {
  Config cfg;
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(ConfigGet(cfg, {"hz"}), (Pairs{{"hz", "10"}}));
  EXPECT_EQ(ConfigGet(cfg, {"HZ"}), (Pairs{{"HZ", "10"}}));  // an exact name comes back as spelled
  EXPECT_EQ(ConfigGet(cfg, {"hz", "HZ", "h?"}), (Pairs{{"hz", "10"}}));
  EXPECT_EQ(ConfigGet(cfg, {"nothing"}), Pairs{});
  EXPECT_EQ(ConfigGet(cfg, {"HASH*"}), (Pairs{{"hash-max-listpack-entries", "512"},
                                             {"hash-max-ziplist-entries", "512"},
                                             {"hash-max-listpack-value", "64"},
                                             {"hash-max-ziplist-value", "64"}}));
  EXPECT_EQ(ConfigGet(cfg, {"*ziplist-size", "list-max-ziplist-size", "list-max-l*"}),
            (Pairs{{"list-max-ziplist-size", "-2"}, {"list-max-listpack-size", "-2"}}));
  // "*" lists every name, aliases included, each once; hidden ones only answer to their exact name.
  size_t names = 0;
  for (const ConfigDirective& d : ConfigDirectives())
    if (!d.hidden) names += d.alias.empty() ? 1 : 2;
  EXPECT_EQ(ConfigGet(cfg, {"*"}).size(), names);
  EXPECT_EQ(ConfigGet(cfg, {"*", "maxmemory"}).size(), names);
}

TEST(ConfigTest, SplitConfigLineFollowsSdssplitargs) {
  EXPECT_EQ(Split("  port   6379  "), (std::vector<std::string>{"port", "6379"}));
  EXPECT_EQ(Split("requirepass \"a b\""), (std::vector<std::string>{"requirepass", "a b"}));
  EXPECT_EQ(Split("x \"\\n\\r\\t\\b\\a\\\\\\\"\\q\""), (std::vector<std::string>{"x", "\n\r\t\b\a\\\"q"}));
  EXPECT_EQ(Split("x \"\\x41\\x4a\\x4\""), (std::vector<std::string>{"x", "AJx4"}));
  EXPECT_EQ(Split("x 'it\\'s' '\\n'"), (std::vector<std::string>{"x", "it's", "\\n"}));
  EXPECT_EQ(Split("save \"\""), (std::vector<std::string>{"save", ""}));
  std::vector<std::string> out;
  EXPECT_FALSE(SplitConfigLine("a\"b c\"d", &out));  // a closing quote must end the word
  EXPECT_EQ(Split("a\"b c\""), (std::vector<std::string>{"ab c"}));
  EXPECT_FALSE(SplitConfigLine("x \"open", &out));
  EXPECT_FALSE(SplitConfigLine("x 'open", &out));
  EXPECT_FALSE(SplitConfigLine("x \"a\"b", &out));
  EXPECT_EQ(Split(""), std::vector<std::string>{});
  EXPECT_EQ(Split("   \t "), std::vector<std::string>{});
}

TEST(ConfigTest, QuoteConfigValueRoundTrips) {
  EXPECT_EQ(QuoteConfigValue("dump.rdb"), "\"dump.rdb\"");
  EXPECT_EQ(QuoteConfigValue("p\"w x"), "\"p\\\"w x\"");
  EXPECT_EQ(QuoteConfigValue(std::string("\x01\n\xff", 3)), "\"\\x01\\n\\xff\"");
  for (std::string s : {std::string("a b"), std::string("\\\"'\t"), std::string("\0x\x7f", 3), std::string()}) {
    std::vector<std::string> words;
    ASSERT_TRUE(SplitConfigLine("k " + QuoteConfigValue(s), &words));
    ASSERT_EQ(words.size(), 2u);
    EXPECT_EQ(words[1], s);
  }
}

TEST(ConfigTest, LoadSkipsCommentsAndBlankLinesAndReportsErrorsWithLineNumbers) {
  Config cfg;
  EXPECT_EQ(Load("# comment\n\n   # indented comment\r\nPORT 7000\r\n  maxmemory 1mb  \n", &cfg), "OK");
  EXPECT_EQ(cfg.port, 7000);
  EXPECT_EQ(cfg.maxmemory, 1 << 20);
  EXPECT_EQ(Load("# c\nfoo bar\n", &cfg), Fatal(2, "foo bar", "Bad directive or wrong number of arguments"));
  EXPECT_EQ(Load("port 1 2\n", &cfg), Fatal(1, "port 1 2", "wrong number of arguments"));
  EXPECT_EQ(Load("port\n", &cfg), Fatal(1, "port", "wrong number of arguments"));
  EXPECT_EQ(Load("daemonize maybe\n", &cfg), Fatal(1, "daemonize maybe", "argument must be 'yes' or 'no'"));
  EXPECT_EQ(Load("port abc\n", &cfg), Fatal(1, "port abc", "argument couldn't be parsed into an integer"));
  EXPECT_EQ(Load("port 1\n   \n  \"unbalanced\n", &cfg),
            Fatal(3, "\"unbalanced", "Unbalanced quotes in configuration line"));
  EXPECT_EQ(Load("include\n", &cfg), Fatal(1, "include", "Bad directive or wrong number of arguments"));
  // Deprecated directives Redis 7.0 still swallows.
  EXPECT_EQ(Load("list-max-ziplist-entries 512\nlist-max-ziplist-value 64\nlua-replicate-commands yes\n", &cfg), "OK");
  // Immutable directives are fine in the file.
  EXPECT_EQ(Load("databases 4\ndaemonize no\n", &cfg), "OK");
  EXPECT_EQ(cfg.databases, 4);
}

TEST(ConfigTest, LoadChecksTheLogFile) {
  Config cfg;
  EXPECT_EQ(Load("logfile /nonexistent/dir/log\n", &cfg),
            "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nCan't open the log file: No such file or directory");
}

TEST(ConfigTest, Include) {
  TempDir tmp;
  tmp.Write("inner.conf", "maxmemory 2mb\n# comment\nhz 20\n");
  std::string bad = tmp.Write("bad.conf", "port 1\nnope 1\n");
  ::mkdir((tmp.path() + "/conf.d").c_str(), 0755);
  tmp.Write("conf.d/a.conf", "timeout 5\n");
  tmp.Write("conf.d/b.conf", "tcp-keepalive 7\n");
  Config cfg;
  EXPECT_EQ(Load("port 7000\ninclude " + tmp.path() + "/inner.conf\nhz 30\n", &cfg), "OK");
  EXPECT_EQ(cfg.maxmemory, 2 << 20);
  EXPECT_EQ(cfg.hz, 30);  // the later line wins
  EXPECT_EQ(Load("include " + tmp.path() + "/conf.d/*.conf\n", &cfg), "OK");
  EXPECT_EQ(cfg.timeout, 5);
  EXPECT_EQ(cfg.tcp_keepalive, 7);
  EXPECT_EQ(Load("include " + tmp.path() + "/empty.d/*.conf\n", &cfg), "OK");  // no match is fine
  // An error inside an included file is reported at its line in that file.
  EXPECT_EQ(Load("port 1\ninclude " + bad + "\n", &cfg),
            Fatal(2, "nope 1", "Bad directive or wrong number of arguments"));
  EXPECT_EQ(Load("include /nonexistent.conf\n", &cfg),
            "Fatal error, can't open config file '/nonexistent.conf': No such file or directory");
  std::string self = tmp.Write("self.conf", "");
  tmp.Write("self.conf", "include " + self + "\n");
  EXPECT_NE(Load("include " + self + "\n", &cfg).find("include nesting too deep"), std::string::npos);
}

TEST(ConfigTest, BuildConfigTextAppendsCommandLineOptions) {
  TempDir tmp;
  std::string path = tmp.Write("a.conf", "port 7000\n");
  std::string text, err;
  ASSERT_TRUE(BuildConfigText(path, {"--maxmemory", "1mb", "--bind", "127.0.0.1", "::1", "--requirepass", "a \"b"},
                              &text, &err));
  EXPECT_EQ(text, "port 7000\n\nmaxmemory \"1mb\" \nbind \"127.0.0.1\" \"::1\" \nrequirepass \"a \\\"b\" ");
  Config cfg;
  EXPECT_EQ(Load(text, &cfg), "OK");
  EXPECT_EQ(cfg.port, 7000);
  EXPECT_EQ(cfg.bind, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_EQ(cfg.requirepass, "a \"b");

  // A lone option takes the next word even if it looks like an option; "--save" followed by an option or
  // nothing becomes save "".
  ASSERT_TRUE(BuildConfigText("", {"--requirepass", "--x", "--save", "--port", "1", "--save"}, &text, &err));
  EXPECT_EQ(text, "\nrequirepass \"--x\" \nsave \"\"\nport \"1\" \nsave \"\"");
  // "--port 6380" as one argument carries its value.
  ASSERT_TRUE(BuildConfigText("", {"--port 6380"}, &text, &err));
  EXPECT_EQ(text, "\nport 6380 ");

  // The line number of a bad option counts the file's lines.
  ASSERT_TRUE(BuildConfigText(path, {"--foo", "bar"}, &text, &err));
  EXPECT_EQ(Load(text, &cfg), Fatal(3, "foo \"bar\"", "Bad directive or wrong number of arguments"));

  EXPECT_FALSE(BuildConfigText(tmp.path() + "/missing.conf", {}, &text, &err));
  EXPECT_EQ(err, "Fatal error, can't open config file '" + tmp.path() + "/missing.conf': No such file or directory");
}

TEST(ConfigTest, RewriteKeepsTheFileAndUpdatesInPlace) {
  TempDir tmp;
  // The same input and changes given to redis-server 7.0.15 produce the same file, apart from the order of
  // the appended lines and the `user default ...` line Redis adds from its ACL state.
  std::string path = tmp.Write("r.conf",
                               "# top comment\n"
                               "port 7000\n"
                               "save \"\"\n"
                               "maxmemory 100mb\n"
                               "\n"
                               "\n"
                               "# another comment\n"
                               "hash-max-ziplist-entries 100\n"
                               "slave-read-only no\n"
                               "maxmemory 200mb\n"
                               "logfile \"\"\n"
                               "include /nonexistent.conf\n"
                               "notify-keyspace-events Ex\n");
  Config cfg;
  cfg.config_file = path;
  cfg.dir = tmp.path();
  {
    std::string text = tmp.Read("r.conf");
    // include is not loaded here (the file does not exist); drop it for the load.
    text.replace(text.find("include /nonexistent.conf\n"), 26, "");
    ASSERT_EQ(Load(text, &cfg), "OK");
  }
  EXPECT_EQ(cfg.maxmemory, 200 << 20);
  std::vector<std::string> changed;
  std::string err;
  ASSERT_TRUE(ConfigSet(&cfg,
                        {"maxmemory", "0", "hz", "20", "replica-read-only", "yes", "client-output-buffer-limit",
                         "normal 0 0 0", "requirepass", "p\"w x"},
                        false, &changed, &err))
      << err;
  // CONFIG SET refuses save points until snapshots exist; the rewrite of save lines is kept for then.
  cfg.save = "100 1 200 2";
  ASSERT_TRUE(RewriteConfigFile(cfg, &err)) << err;
  EXPECT_EQ(tmp.Read("r.conf"),
            "# top comment\n"
            "port 7000\n"
            "save 100 1\n"
            "maxmemory 0\n"
            "\n"
            "# another comment\n"
            "hash-max-listpack-entries 100\n"
            "replica-read-only yes\n"
            "\n"
            "logfile \"\"\n"
            "include /nonexistent.conf\n"
            "notify-keyspace-events \"xE\"\n"
            "\n"
            "# Generated by CONFIG REWRITE\n"
            "requirepass \"p\\\"w x\"\n"
            "hz 20\n"
            "dir \"" + tmp.path() + "\"\n"
            "client-output-buffer-limit normal 0 0 0\n"
            "save 200 2\n"
            "latency-tracking-info-percentiles 50 99 99.9\n");

  // Loading the rewritten file (without its include line and the save points a load refuses for now)
  // gives back the same configuration.
  Config reloaded;
  std::string text = tmp.Read("r.conf");
  std::string loaded = text;
  loaded.replace(loaded.find("include /nonexistent.conf\n"), 26, "");
  loaded.replace(loaded.find("save 100 1\n"), 11, "");
  loaded.replace(loaded.find("save 200 2\n"), 11, "");
  ASSERT_EQ(Load(loaded, &reloaded), "OK");
  reloaded.save = cfg.save;
  EXPECT_EQ(ConfigGet(reloaded, {"*"}), ConfigGet(cfg, {"*"}));

  // Rewriting again: the file's final newline reads as one more (empty) line, so one blank line is added
  // at the end, then the file is stable (redis-server 7.0.15 does exactly the same).
  ASSERT_TRUE(RewriteConfigFile(cfg, &err)) << err;
  EXPECT_EQ(tmp.Read("r.conf"), text + "\n");
  ASSERT_TRUE(RewriteConfigFile(cfg, &err)) << err;
  EXPECT_EQ(tmp.Read("r.conf"), text + "\n");
}

TEST(ConfigTest, RewriteRemovesUnsetStringsAndWritesMemoryUnits) {
  TempDir tmp;
  std::string path = tmp.Write("r.conf", "requirepass x\npidfile /tmp/p\nrequirepass y\n");
  Config cfg;
  cfg.config_file = path;
  cfg.dir = tmp.path();
  cfg.proto_max_bulk_len = 3LL << 30;
  cfg.client_query_buffer_limit = 1536 * 1024;
  cfg.maxmemory = 1000;
  cfg.bind = {"0.0.0.0", "::"};
  cfg.enable_debug_command = 2;
  cfg.save = "3600 1 300 100 60 10000";  // Redis's default, which CONFIG SET refuses for now
  std::string err;
  ASSERT_TRUE(RewriteConfigFile(cfg, &err)) << err;
  // requirepass and pidfile are empty: their lines go (runs of blank lines shrink to one).
  EXPECT_EQ(tmp.Read("r.conf"),
            "\n"
            "# Generated by CONFIG REWRITE\n"
            "bind 0.0.0.0 ::\n"
            "enable-debug-command local\n"
            "dir \"" + tmp.path() + "\"\n"
            "proto-max-bulk-len 3gb\n"
            "client-query-buffer-limit 1536kb\n"
            "maxmemory 1000\n"
            "save 3600 1\n"
            "save 300 100\n"
            "save 60 10000\n"
            "latency-tracking-info-percentiles 50 99 99.9\n");
}

TEST(ConfigTest, RewriteErrors) {
  Config cfg;
  std::string err;
  EXPECT_FALSE(RewriteConfigFile(cfg, &err));
  EXPECT_EQ(err, "The server is running without a config file");
  TempDir tmp;
  cfg.config_file = tmp.path() + "/new.conf";  // a missing file is created
  ASSERT_TRUE(RewriteConfigFile(cfg, &err)) << err;
  EXPECT_NE(tmp.Read("new.conf").find("# Generated by CONFIG REWRITE\n"), std::string::npos);
  cfg.config_file = tmp.path() + "/nodir/x.conf";
  EXPECT_FALSE(RewriteConfigFile(cfg, &err));
  EXPECT_EQ(err, "No such file or directory");
}

// ---- Redis 7.0.15's other directives (config_redis_compat.cc) and the file-only lines ----

// A small redis.conf of our own touching directives of every kind, with old names and odd spellings. After
// loading it, CONFIG GET of each line's name answers the line's words, as redis-server 7.0.15 does, except
// for the values it prints in another form (kPrinted).
constexpr char kManyDirectives[] = R"(# a redis.conf of my own
bind 127.0.0.1 -::1
unixsocket /tmp/ringkv-test.sock
unixsocketperm 700
supervised systemd
syslog-facility local3
proc-title-template "{title} {port} {listen-addr}"
save ""
masterauth "s3cret pass"
slave-serve-stale-data no
repl-diskless-load swapdb
repl-backlog-size 4mb
slave-announce-ip 10.1.1.1
acl-pubsub-default allchannels
rename-command FLUSHALL ""
rename-command CONFIG MYCONFIG
oom-score-adj relative
oom-score-adj-values 0 100 900
appenddirname "myaofdir"
auto-aof-rewrite-min-size 32mb
shutdown-on-sigint nosave now
shutdown-on-sigterm nosave force
lua-time-limit 6000
cluster-link-sendbuf-limit 64mb
cluster-announce-hostname node-1.example.com
latency-tracking-info-percentiles 50 90 99.99
hash-max-ziplist-entries 256
hll-sparse-max-bytes 2kb
client-output-buffer-limit normal 0 0 0
client-output-buffer-limit slave 512mb 128mb 120
maxmemory-clients 5%
propagation-error-behavior panic-on-replicas
tls-protocols "TLSv1.2 TLSv1.3"
list-max-ziplist-entries 512
lua-replicate-commands yes
sentinel
)";

TEST(ConfigTest, LoadsARedisConfWithManyDirectives) {
  const std::vector<std::pair<std::string, std::string>> kPrinted = {
      {"save", ""}, {"repl-backlog-size", "4194304"}, {"oom-score-adj", "yes"},
      {"auto-aof-rewrite-min-size", "33554432"}, {"cluster-link-sendbuf-limit", "67108864"},
      {"hll-sparse-max-bytes", "2048"},
      {"client-output-buffer-limit", "normal 0 0 0 slave 536870912 134217728 120 pubsub 33554432 8388608 60"}};
  Config cfg;
  ASSERT_EQ(Load(kManyDirectives, &cfg), "OK");
  std::istringstream lines(kManyDirectives);
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> argv = Split(line);
    if (argv.empty() || argv[0][0] == '#' || FindConfigDirective(argv[0]) == nullptr) continue;
    std::string want;
    for (size_t i = 1; i < argv.size(); ++i) want += (i > 1 ? " " : "") + argv[i];
    for (const auto& [name, value] : kPrinted)
      if (name == argv[0]) want = value;
    EXPECT_EQ(Get(cfg, argv[0]), want) << line;
  }
  EXPECT_EQ(Get(cfg, "busy-reply-threshold"), "6000");
  EXPECT_EQ(Get(cfg, "cluster-replica-no-failover"), "no");  // untouched ones keep Redis's defaults
  EXPECT_EQ(Get(cfg, "repl-timeout"), "60");
  EXPECT_EQ(Get(cfg, "active-defrag-ignore-bytes"), "104857600");
  EXPECT_EQ(cfg.rename_commands, (std::vector<std::pair<std::string, std::string>>{{"FLUSHALL", ""},
                                                                                     {"CONFIG", "MYCONFIG"}}));
}

TEST(ConfigTest, LoadsDebiansRedisConf) {
  std::ifstream f("/etc/redis/redis.conf");
  if (!f) GTEST_SKIP() << "/etc/redis/redis.conf is not there or not readable";
  if (access("/var/lib/redis", X_OK) != 0) GTEST_SKIP() << "the file's dir, /var/lib/redis, is not enterable";
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string file = ss.str();
  TempDir tmp;
  // The file as redis-server would load it, plus what a test server passes on the command line: no log
  // file (the load would create it to check it can be opened) and a private dir.
  const std::string overrides = "\nlogfile \"\"\ndir " + tmp.path() + "\n";
  Config cfg;
  ASSERT_EQ(Load(file + overrides, &cfg), "OK");
  EXPECT_EQ(Get(cfg, "daemonize"), "yes");
  EXPECT_EQ(Get(cfg, "pidfile"), "/run/redis/redis-server.pid");
  EXPECT_EQ(Get(cfg, "bind"), "127.0.0.1 -::1");
  EXPECT_EQ(Get(cfg, "client-output-buffer-limit"),
            "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
  EXPECT_EQ(Get(cfg, "oom-score-adj-values"), "0 200 800");
  EXPECT_EQ(Get(cfg, "appenddirname"), "appendonlydir");
  // Every directive line is a table directive or a line the loader handles itself.
  std::istringstream lines(file);
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> argv;
    if (!SplitConfigLine(line, &argv) || argv.empty() || argv[0][0] == '#') continue;
    EXPECT_NE(FindConfigDirective(argv[0]), nullptr) << line;
  }
  // CONFIG REWRITE of it gives a file that loads back to the same configuration.
  cfg.config_file = tmp.Write("redis.conf", file + overrides);
  std::string err;
  ASSERT_TRUE(ConfigSet(&cfg, {"maxmemory-clients", "10%", "replica-priority", "7"}, false, &changed_, &err)) << err;
  ASSERT_TRUE(RewriteConfigFile(cfg, &err)) << err;
  Config reloaded;
  ASSERT_EQ(Load(tmp.Read("redis.conf"), &reloaded), "OK");
  EXPECT_EQ(ConfigGet(reloaded, {"*"}), ConfigGet(cfg, {"*"}));
}

TEST(ConfigTest, FileOnlyDirectives) {
  Config cfg;
  for (std::string line : {"rename-command get", "rename-command get a b", "user", "loadmodule"})
    EXPECT_EQ(Load(line + "\n", &cfg), Fatal(1, line, "Bad directive or wrong number of arguments"));
  EXPECT_EQ(Load("user bob on badrule\n", &cfg),
            Fatal(1, "user bob on badrule", "Error in user declaration 'badrule': Syntax error"));
  // A well-formed user line is refused until ACL users exist (config_unsupported.cc).
  EXPECT_NE(Load("user bob off resetpass (~x +get) %R~y #abc\n", &cfg).find("ACL users are not available yet"),
            std::string::npos);
  EXPECT_TRUE(cfg.acl_users.empty());
  EXPECT_EQ(Load("loadmodule /usr/lib/redis/modules/x.so a b\n", &cfg),
            Fatal(1, "loadmodule /usr/lib/redis/modules/x.so a b",
                  "Can't load module from /usr/lib/redis/modules/x.so: modules are not supported by ringkv"));
  EXPECT_EQ(Load("mymod.opt\n", &cfg), Fatal(1, "mymod.opt", "Module config specified without value"));
  EXPECT_EQ(Load("mymod.opt 1\n", &cfg),
            Fatal(1, "mymod.opt 1",
                  "Module configuration 'mymod.opt' needs a module: modules are not supported by ringkv"));
  EXPECT_EQ(Load("sentinel\n", &cfg), "OK");
  EXPECT_EQ(Load("sentinel monitor m 127.0.0.1 6379 2\n", &cfg),
            Fatal(1, "sentinel monitor m 127.0.0.1 6379 2", "sentinel directive while not in sentinel mode"));
  // A typo still stops the start-up at its line.
  EXPECT_EQ(Load("port 7000\nmaxmemory-polcy allkeys-lru\n", &cfg),
            Fatal(2, "maxmemory-polcy allkeys-lru", "Bad directive or wrong number of arguments"));
}

TEST(ConfigTest, RedisCompatDirectivesValidateLikeRedis) {
  // CONFIG SET <name> <value> and what redis-server 7.0.15 answers: the error, or (error "") what CONFIG GET
  // prints afterwards. test_config.py runs many more against a real redis-server.
  struct Case {
    std::string_view name, value, error, get;
  };
  const std::string kHost255(255, 'a'), kHost256(256, 'a');
  const Case cases[] = {
      {"repl-timeout", "0", "argument must be between 1 and 2147483647 inclusive", ""},
      {"stream-node-max-bytes", "x", "argument must be a memory value", ""},
      {"oom-score-adj", "RELATIVE", "", "yes"},  // relative is yes's other name
      {"oom-score-adj-values", "1 2", "wrong number of arguments", ""},
      {"oom-score-adj-values", "1 2 3000", "Invalid oom-score-adj-values, elements must be between -2000 and 2000.",
       ""},
      {"oom-score-adj-values", "1  2", "", "1 0 2"},  // an empty word is 0
      {"shutdown-on-sigint", "now default", "", "now"},
      {"shutdown-on-sigint", "save nosave", "shutdown options SAVE and NOSAVE can't be used simultaneously", ""},
      {"maxmemory-clients", "0%", "", "0"},
      {"maxmemory-clients", "101%", "percentage argument must be less or equal to 100", ""},
      {"maxmemory-clients", "-1%", "argument must be a memory or percent value", ""},
      {"latency-tracking-info-percentiles", "1e1 12.3456789 99.90 0x10 -0", "", "10 12.345679 99.9 16 -0"},
      {"latency-tracking-info-percentiles", "nan", "Invalid latency-tracking-info-percentiles parameters", ""},
      {"proc-title-template", "{title}", "template format is invalid or contains unknown variables", ""},
      {"proc-title-template", "{{x", "", "{{x"},
      {"cluster-announce-hostname", "a_b", "Hostnames may only contain alphanumeric characters, hyphens or dots", ""},
      {"cluster-announce-hostname", kHost256, "Hostnames must be less than 256 characters", ""},
      {"cluster-announce-hostname", kHost255, "", kHost255},
  };
  Config cfg;
  for (const Case& c : cases) {
    std::string got = Set(&cfg, {c.name, c.value});
    if (c.error.empty()) {
      EXPECT_EQ(got, "OK") << c.name << " " << c.value;
      EXPECT_EQ(Get(cfg, c.name), c.get) << c.name << " " << c.value;
    } else {
      EXPECT_EQ(got, SetErr(c.name, c.error)) << c.name << " " << c.value;
    }
  }
  for (std::string_view name : {"supervised", "io-threads", "replicaof", "slaveof", "unixsocket", "aclfile"})
    EXPECT_EQ(Set(&cfg, {name, "x"}), SetErr(name, "can't set immutable config")) << name;
  // Immutable ones, through the file.
  const std::pair<std::string_view, std::string_view> bad_lines[] = {
      {"unixsocketperm 1000", "argument must be between 0 and 777 inclusive"},
      {"unixsocketperm 9", "argument couldn't be parsed as an octal number"},
      {"appenddirname a/b", "appenddirname can't be a path, just a dirname"},
      {"slaveof a 70000", "Invalid master port"},
      {"shutdown-on-sigterm", "argument(s) must be one of the following: default, save, nosave, now, force"},
  };
  for (auto [line, why] : bad_lines)
    EXPECT_EQ(Load(std::string(line) + "\n", &cfg), Fatal(1, std::string(line), std::string(why)));
  EXPECT_EQ(Load("replicaof 10.0.0.1 6379\n", &cfg), "OK");
  EXPECT_EQ(Get(cfg, "replicaof"), "10.0.0.1 6379");
  EXPECT_EQ(Load("replicaof NO ONE\n", &cfg), "OK");
  EXPECT_EQ(Get(cfg, "replicaof"), "");
  // Hidden (test and debug) directives answer to their exact name only.
  for (std::string_view name : {"key-load-delay", "rdb-key-save-delay", "watchdog-period", "use-exit-on-panic"}) {
    EXPECT_EQ(Get(cfg, name), name == "use-exit-on-panic" ? "no" : "0") << name;
    EXPECT_TRUE(ConfigGet(cfg, {std::string(name) + "*"}).empty()) << name;
  }
}

TEST(ConfigTest, RewriteKeepsFileOnlyLinesAndWritesRedisForms) {
  TempDir tmp;
  // include, rename-command, user and sentinel lines stay as they are (Redis 7.0.15 keeps the first ones too).
  const std::string kept =
      "rename-command get foo\ninclude " + tmp.Write("inc.conf", "hz 11\n") + "\nuser bob on nopass\nsentinel\n";
  Config cfg;
  cfg.config_file = tmp.Write("r.conf", kept + "slaveof 10.0.0.1 6379\nmymod.opt 1\n");
  cfg.dir = tmp.path();
  // user and slaveof lines are refused at load until ACLs and replication exist; the rewrite of their lines
  // is kept for then, so they are set directly.
  std::string loadable = kept;
  loadable.replace(loadable.find("user bob on nopass\n"), 19, "");
  ASSERT_EQ(Load(loadable + "save \"\"\nmaxmemory-clients 5%\nshutdown-on-sigint now nosave\n" +
                     "oom-score-adj-values 0 100 900\nstream-node-max-bytes 8kb\n" +
                     "tls-protocols \"TLSv1.2 TLSv1.3\"\n",
                 &cfg),
            "OK");
  cfg.acl_users = {{"bob", "on", "nopass"}};
  cfg.replicaof_host = "10.0.0.1";
  cfg.replicaof_port = 6379;
  std::string err;
  ASSERT_TRUE(RewriteConfigFile(cfg, &err)) << err;
  EXPECT_EQ(tmp.Read("r.conf"), kept +
                                    "replicaof 10.0.0.1 6379\n"
                                    "# ??? mymod.opt 1\n"
                                    "\n"
                                    "# Generated by CONFIG REWRITE\n"
                                    "hz 11\n"
                                    "dir \"" + tmp.path() + "\"\n"
                                    "save \"\"\n"
                                    "oom-score-adj-values 0 100 900\n"
                                    "shutdown-on-sigint nosave now\n"
                                    "maxmemory-clients 5%\n"
                                    "stream-node-max-bytes 8kb\n"
                                    "latency-tracking-info-percentiles 50 99 99.9\n"
                                    "tls-protocols \"TLSv1.2 TLSv1.3\"\n");
}

}  // namespace
}  // namespace ringkv::core

// The call context's propagation: what a command hands to the AOF and replicas, recorded by a test target.
// The expected streams were read from redis-server 7.0.15 with SYNC (a raw replica) for the same commands:
// rewrites (SET EX -> SET PXAT, INCRBYFLOAT -> SET KEEPTTL, GETEX -> PEXPIREAT/PERSIST, GETDEL -> DEL,
// EXPIRE in the past -> DEL), the DEL of a key found expired (alone after a read, wrapped in MULTI/EXEC with
// the write that found it), the client's own spelling for commands propagated as received, nothing for
// reads, SELECT or failed writes.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "core/client.h"
#include "core/config.h"
#include "core/propagation.h"
#include "core/server.h"

namespace ringkv::core {
namespace {

struct Recorder : PropagationTarget {
  std::vector<std::string> lines;  // "db: arg arg ..."
  void Feed(int db, const std::vector<std::string_view>& argv) override {
    std::string line = std::to_string(db) + ":";
    for (std::string_view a : argv) line += " " + std::string(a);
    lines.push_back(line);
  }
  std::vector<std::string> Take() {
    std::vector<std::string> out;
    out.swap(lines);
    return out;
  }
};

class PropagationTest : public ::testing::Test {
 protected:
  PropagationTest() : server_(MakeConfig()) {
    client_ = server_.CreateFakeClient();
    server_.AddPropagationTarget(&rec_);
  }
  static Config MakeConfig() {
    Config cfg;
    cfg.enable_debug_command = 1;
    cfg.save.clear();  // no save points: FLUSHALL would save dump.rdb into the working directory
    return cfg;
  }
  std::string Run(std::vector<std::string> args) {
    std::vector<std::string_view> argv(args.begin(), args.end());
    client_->argv = argv;
    server_.ExecuteCommand(client_);
    client_->argv.clear();
    std::string reply = client_->out().ToString();
    client_->out().Consume(client_->out().size());
    return reply;
  }
  static void SleepMs(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

  Server server_;
  Client* client_ = nullptr;
  Recorder rec_;
};

// "SET k v PXAT <ms>" with the time checked against the clock around the command.
void ExpectPxat(const std::string& line, const std::string& prefix, int64_t from_ms, int64_t to_ms) {
  ASSERT_EQ(line.rfind(prefix, 0), 0u) << line;
  int64_t at = std::stoll(line.substr(prefix.size()));
  EXPECT_GE(at, from_ms) << line;
  EXPECT_LE(at, to_ms) << line;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST_F(PropagationTest, WritesAreRewrittenAsRedis70Does) {
  int64_t t0 = NowMs();
  Run({"set", "a", "1", "px", "5000"});
  Run({"SET", "b", "1", "EX", "100"});
  int64_t t1 = NowMs();
  auto lines = rec_.Take();
  ASSERT_EQ(lines.size(), 2u);
  ExpectPxat(lines[0], "0: SET a 1 PXAT ", t0 + 5000, t1 + 5000);
  ExpectPxat(lines[1], "0: SET b 1 PXAT ", t0 + 100000, t1 + 100000);

  Run({"incrbyfloat", "c", "1.5"});
  Run({"getex", "b", "persist"});
  Run({"getdel", "b"});
  Run({"set", "k7", "v"});
  Run({"expire", "k7", "-1"});
  EXPECT_EQ(rec_.Take(), (std::vector<std::string>{"0: SET c 1.5 KEEPTTL", "0: PERSIST b", "0: DEL b",
                                                   "0: set k7 v", "0: DEL k7"}));
  Run({"set", "k8", "v"});
  t0 = NowMs();
  Run({"getex", "k8", "ex", "100"});
  t1 = NowMs();
  Run({"set", "k9", "9"});
  Run({"getex", "k9", "pxat", "1"});
  lines = rec_.Take();
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "0: set k8 v");
  ExpectPxat(lines[1], "0: PEXPIREAT k8 ", t0 + 100000, t1 + 100000);
  EXPECT_EQ(lines[2], "0: set k9 9");
  EXPECT_EQ(lines[3], "0: DEL k9");
}

TEST_F(PropagationTest, ReadsSelectAndFailedWritesPropagateNothing) {
  Run({"set", "s", "abc"});
  rec_.Take();
  Run({"get", "s"});
  Run({"select", "3"});
  Run({"incr", "nokey-in-3"});
  Run({"select", "0"});
  EXPECT_EQ(Run({"incr", "s"}), "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(Run({"setnx", "s", "x"}), ":0\r\n");
  Run({"exists", "s"});
  // The INCR in db 3 is the only effect, and it carries its database.
  EXPECT_EQ(rec_.Take(), (std::vector<std::string>{"3: incr nokey-in-3"}));
}

TEST_F(PropagationTest, ExpiredKeyFoundByAWriteIsWrappedWithItInMultiExec) {
  Run({"debug", "set-active-expire", "0"});
  Run({"set", "k1", "v", "px", "5"});
  Run({"set", "k2", "v", "px", "5"});
  rec_.Take();
  SleepMs(20);
  Run({"set", "k1", "v2"});
  // A read that finds its key expired propagates the DEL alone.
  EXPECT_EQ(Run({"get", "k2"}), "$-1\r\n");
  EXPECT_EQ(rec_.Take(), (std::vector<std::string>{"0: MULTI", "0: DEL k1", "0: set k1 v2", "-1: EXEC", "0: DEL k2"}));
}

TEST_F(PropagationTest, LazyfreeLazyExpirePropagatesUnlinkAndActiveExpiryFeedsAtOnce) {
  server_.config().lazyfree_lazy_expire = true;
  Run({"set", "e", "v", "px", "5"});
  rec_.Take();
  SleepMs(20);
  EXPECT_EQ(Run({"exists", "e"}), ":0\r\n");
  EXPECT_EQ(rec_.Take(), (std::vector<std::string>{"0: UNLINK e"}));
  server_.config().lazyfree_lazy_expire = false;
  Run({"select", "5"});
  Run({"set", "f", "v", "px", "5"});
  rec_.Take();
  SleepMs(20);
  // The cron's cycle runs outside any call: each DEL goes out on its own.
  server_.active_expire().SlowCycle(100000);
  EXPECT_EQ(rec_.Take(), (std::vector<std::string>{"5: DEL f"}));
}

TEST_F(PropagationTest, ServerWideWritesPropagateAsReceived) {
  Run({"set", "x", "1"});
  Run({"swapdb", "0", "1"});
  Run({"flushall"});
  Run({"flushdb"});
  EXPECT_EQ(rec_.Take(), (std::vector<std::string>{"0: set x 1", "0: swapdb 0 1", "0: flushall", "0: flushdb"}));
}

// Read from redis-server 7.0.15 with SYNC: UNLINK, DEL and the flushes go out as the client sent them,
// whatever the lazyfree-lazy-* directives say; an UNLINK that deleted nothing goes nowhere.
TEST_F(PropagationTest, LazyFreeingCommandsPropagateAsReceived) {
  Run({"set", "a", "1"});
  Run({"set", "b", "2"});
  rec_.Take();
  EXPECT_EQ(Run({"unlink", "a", "nokey"}), ":1\r\n");
  EXPECT_EQ(Run({"UNLINK", "nokey"}), ":0\r\n");
  server_.config().lazyfree_lazy_user_del = true;
  Run({"del", "b"});
  Run({"set", "c", "3"});
  Run({"flushall", "async"});
  Run({"flushdb", "sync"});
  server_.config().lazyfree_lazy_user_flush = true;
  Run({"flushall"});
  EXPECT_EQ(rec_.Take(), (std::vector<std::string>{"0: unlink a nokey", "0: del b", "0: set c 3",
                                                   "0: flushall async", "0: flushdb sync", "0: flushall"}));
}

TEST_F(PropagationTest, NothingIsBuiltWithoutATarget) {
  server_.propagator().RemoveTarget(&rec_);
  EXPECT_FALSE(server_.propagator().active());
  Run({"set", "a", "1", "ex", "10"});
  EXPECT_TRUE(rec_.Take().empty());
}

// Sets, as redis-server 7.0.15 sends them to a replica (read with SYNC): SPOP as SREM key member; SPOP with a
// count as one SREM per popped member (wrapped in MULTI/EXEC when there are several, also when the set is
// rebuilt from the few that stay) or as DEL when it takes the whole set; nothing for a count of 0 or a
// missing key; the S*STORE commands as received, also when an empty result deletes the destination, and
// nothing when there was nothing to delete; SMOVE and SREM as received.
TEST_F(PropagationTest, SetPopsAndStores) {
  auto srem_lines = [](const std::vector<std::string>& lines, const std::string& key, size_t from, size_t n) {
    for (size_t i = from; i < from + n; ++i) EXPECT_EQ(lines[i].rfind("0: SREM " + key + " ", 0), 0u) << lines[i];
  };
  Run({"sadd", "s", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"});
  Run({"spop", "s", "1"});
  Run({"spop", "s", "0"});
  Run({"spop", "nokey", "3"});
  Run({"spop", "nokey"});
  auto lines = rec_.Take();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "0: sadd s 1 2 3 4 5 6 7 8 9 10");
  srem_lines(lines, "s", 1, 1);

  Run({"spop", "s", "2"});  // drawn one by one
  lines = rec_.Take();
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "0: MULTI");
  srem_lines(lines, "s", 1, 2);
  EXPECT_EQ(lines[3], "-1: EXEC");

  Run({"spop", "s", "6"});  // 7 members: rebuilt from the one that stays
  lines = rec_.Take();
  ASSERT_EQ(lines.size(), 8u);
  EXPECT_EQ(lines[0], "0: MULTI");
  srem_lines(lines, "s", 1, 6);
  EXPECT_EQ(lines[7], "-1: EXEC");
  EXPECT_EQ(Run({"scard", "s"}), ":1\r\n");

  Run({"spop", "s"});
  lines = rec_.Take();
  ASSERT_EQ(lines.size(), 1u);
  srem_lines(lines, "s", 0, 1);
  EXPECT_EQ(Run({"exists", "s"}), ":0\r\n");

  Run({"sadd", "t", "a", "b"});
  Run({"spop", "t", "5"});
  EXPECT_EQ(rec_.Take(), (std::vector<std::string>{"0: sadd t a b", "0: DEL t"}));

  Run({"sadd", "u", "1", "2"});
  Run({"sadd", "v", "3"});
  Run({"sinterstore", "u", "u", "v"});          // empty result: u deleted, propagated as received
  Run({"sinterstore", "nokey2", "nokey", "v"});  // nothing to delete: nothing at all
  Run({"sunionstore", "w", "v"});
  Run({"sdiffstore", "w", "v", "v"});
  Run({"sadd", "a", "x"});
  Run({"smove", "a", "b", "x"});
  Run({"smove", "a", "b", "x"});  // a is gone: no change
  Run({"srem", "b", "x", "y"});
  Run({"srem", "b", "x"});
  EXPECT_EQ(rec_.Take(), (std::vector<std::string>{"0: sadd u 1 2", "0: sadd v 3", "0: sinterstore u u v",
                                                   "0: sunionstore w v", "0: sdiffstore w v v", "0: sadd a x",
                                                   "0: smove a b x", "0: srem b x y"}));
}

// Hashes, as redis-server 7.0.15 sends them to a replica (read with SYNC): HSET/HMSET as received even when no
// value changes, HSETNX only when it set, HDEL only when something went, HINCRBY as received, HINCRBYFLOAT as
// HSET key field <result text>; nothing for failed commands.
TEST_F(PropagationTest, HashWritesAndHincrbyfloat) {
  Run({"hset", "h", "a", "1", "b", "2"});
  Run({"hset", "h", "a", "1"});
  Run({"hmset", "h", "c", "3"});
  Run({"hsetnx", "h", "a", "5"});
  Run({"hsetnx", "h", "z", "5"});
  Run({"hdel", "h", "nope"});
  Run({"hdel", "h", "a", "nope"});
  Run({"hincrby", "h", "b", "5"});
  Run({"hincrby", "h", "s", "abc"});
  Run({"hincrbyfloat", "h", "f", "1.5"});
  Run({"hincrbyfloat", "h", "f", "0.1"});
  Run({"hincrbyfloat", "h", "f", "abc"});
  Run({"hincrbyfloat", "h", "z", "1"});  // z holds 5: "6"
  Run({"hdel", "h", "b", "c", "f", "z"});
  EXPECT_EQ(rec_.Take(), (std::vector<std::string>{
                             "0: hset h a 1 b 2", "0: hset h a 1", "0: hmset h c 3", "0: hsetnx h z 5",
                             "0: hdel h a nope", "0: hincrby h b 5", "0: HSET h f 1.5", "0: HSET h f 1.6",
                             "0: HSET h z 6", "0: hdel h b c f z"}));
  EXPECT_EQ(Run({"exists", "h"}), ":0\r\n");
}

// Hash-field expiry, as Redis 7.4's source propagates it: H[P]EXPIRE[AT] as HPEXPIREAT with the absolute
// time and only the fields whose TTL was set (as received when that is the whole HPEXPIREAT), nothing when
// none was; a time not after now as one HDEL per deleted field; HPERSIST as received when a TTL went; a
// command meeting expired fields, and the active cycle, as HDEL per field (wrapped with the command's own
// effect in MULTI/EXEC when there are several).
TEST_F(PropagationTest, HashFieldExpiry) {
  Run({"hset", "h", "a", "1", "b", "2", "c", "3"});
  rec_.Take();
  const int64_t before = NowMs();
  Run({"hexpire", "h", "100", "FIELDS", "2", "a", "z"});
  auto lines = rec_.Take();
  ASSERT_EQ(lines.size(), 1u);
  ASSERT_EQ(lines[0].rfind("0: HPEXPIREAT h ", 0), 0u) << lines[0];
  const int64_t at = std::stoll(lines[0].substr(16));
  EXPECT_GE(at, before + 100000);
  EXPECT_LE(at, NowMs() + 100000);
  EXPECT_EQ(lines[0], "0: HPEXPIREAT h " + std::to_string(at) + " FIELDS 1 a");
  Run({"hpexpireat", "h", "9999999999999", "FIELDS", "1", "b"});
  Run({"hpexpire", "h", "50000", "nx", "fields", "2", "a", "c"});  // a has a TTL: only c
  Run({"hexpire", "h", "100", "XX", "FIELDS", "1", "nosuch"});
  Run({"hexpire", "nokey", "100", "FIELDS", "1", "a"});
  Run({"hpersist", "h", "FIELDS", "1", "b"});
  Run({"hpersist", "h", "FIELDS", "1", "b"});
  Run({"hexpire", "h", "0", "FIELDS", "2", "a", "z"});
  lines = rec_.Take();
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "0: hpexpireat h 9999999999999 FIELDS 1 b");
  ASSERT_EQ(lines[1].rfind("0: HPEXPIREAT h ", 0), 0u) << lines[1];
  EXPECT_NE(lines[1].find(" nx fields 1 c"), std::string::npos) << lines[1];
  EXPECT_EQ(lines[2], "0: hpersist h FIELDS 1 b");
  EXPECT_EQ(lines[3], "0: HDEL h a");

  // Met by commands: a read propagates the HDELs alone, a write wraps them with itself.
  Run({"hset", "k", "a", "1", "b", "2", "c", "3"});
  Run({"hpexpire", "k", "1", "FIELDS", "2", "a", "b"});
  rec_.Take();
  SleepMs(5);
  Run({"hincrby", "k", "c", "1"});
  lines = rec_.Take();
  ASSERT_EQ(lines.size(), 5u);
  std::sort(lines.begin() + 1, lines.begin() + 3);  // a and b share their expiry: either order
  EXPECT_EQ(lines, (std::vector<std::string>{"0: MULTI", "0: HDEL k a", "0: HDEL k b", "0: hincrby k c 1",
                                             "-1: EXEC"}));
  Run({"hpexpire", "k", "1", "FIELDS", "1", "c"});
  rec_.Take();
  SleepMs(5);
  Run({"hget", "k", "c"});
  EXPECT_EQ(rec_.Take(), (std::vector<std::string>{"0: HDEL k c"}));
  EXPECT_EQ(Run({"exists", "k"}), ":0\r\n");

  // The active cycle feeds each HDEL at once.
  Run({"hset", "q", "a", "1", "b", "2"});
  Run({"hpexpire", "q", "1", "FIELDS", "2", "a", "b"});
  rec_.Take();
  SleepMs(5);
  EXPECT_EQ(server_.hash_field_expiry().Cycle(server_.NowMs()), 2u);
  lines = rec_.Take();
  ASSERT_EQ(lines.size(), 2u);
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(lines, (std::vector<std::string>{"0: HDEL q a", "0: HDEL q b"}));
  EXPECT_EQ(Run({"exists", "q"}), ":0\r\n");
}

}  // namespace
}  // namespace ringkv::core

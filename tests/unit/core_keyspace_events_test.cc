// Key-change signals: every write command, run through the real dispatcher, emits exactly the events
// (db, key, kind of change, notification class, event name) that redis-server 7.0.15 notifies for it, in the
// same order, and a command that fails or changes nothing emits none. The expectations were taken from a
// real redis-server with notify-keyspace-events "EAn" (the keyevent channel, every class, "new").
// Event strings read "db:key:change:class:event"; class is the notify-keyspace-events letter ("new" for n).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "core/db.h"
#include "tests/unit/command_harness.h"

namespace ringkv::core {
namespace {

using test::CommandHarness;
using test::KeyEventRecorder;
using Events = std::vector<std::string>;

std::string New(const std::string& key, int db = 0) { return std::to_string(db) + ":" + key + ":added:new:new"; }
std::string Str(const std::string& key, const std::string& ev, int db = 0) {
  return std::to_string(db) + ":" + key + ":written:$:" + ev;
}
std::string Gen(const std::string& key, const std::string& ev, int db = 0) {
  return std::to_string(db) + ":" + key + ":written:g:" + ev;
}
std::string Gone(const std::string& key, const std::string& ev = "del", int db = 0) {
  return std::to_string(db) + ":" + key + ":deleted:g:" + ev;
}
std::string Set(const std::string& key, const std::string& ev, int db = 0) {
  return std::to_string(db) + ":" + key + ":written:s:" + ev;
}
std::string Hash(const std::string& key, const std::string& ev, int db = 0) {
  return std::to_string(db) + ":" + key + ":written:h:" + ev;
}
std::string Expired(const std::string& key, int db = 0) {
  return std::to_string(db) + ":" + key + ":expired:x:expired";
}

class KeyspaceEventsTest : public ::testing::Test {
 protected:
  // Runs argv and returns the events it emitted.
  Events Run(const std::vector<std::string>& argv) {
    rec_.Take();
    last_reply_ = h_.Run(argv);
    return rec_.Take();
  }
  // Runs setup commands whose events are not under test.
  void Setup(const std::vector<std::vector<std::string>>& cmds) {
    for (const auto& c : cmds) h_.Run(c);
    rec_.Take();
  }
  // The command failed (error reply) and emitted nothing.
  void ExpectFailsSilently(const std::vector<std::string>& argv) {
    EXPECT_EQ(Run(argv), Events{}) << argv[0];
    EXPECT_EQ(last_reply_.substr(0, 1), "-") << argv[0] << ": " << last_reply_;
  }

  CommandHarness h_;
  KeyEventRecorder rec_{h_.server()};
  std::string last_reply_;
};

TEST_F(KeyspaceEventsTest, SetAndItsOptions) {
  EXPECT_EQ(Run({"SET", "k", "v"}), (Events{New("k"), Str("k", "set")}));
  EXPECT_EQ(Run({"SET", "k", "v2"}), (Events{Str("k", "set")}));
  EXPECT_EQ(Run({"SET", "k", "v", "NX"}), Events{});
  EXPECT_EQ(last_reply_, "$-1\r\n");
  EXPECT_EQ(Run({"SET", "m", "v", "XX"}), Events{});
  EXPECT_EQ(Run({"SET", "k", "v3", "GET"}), (Events{Str("k", "set")}));
  EXPECT_EQ(Run({"SET", "g", "v", "GET"}), (Events{New("g"), Str("g", "set")}));
  EXPECT_EQ(Run({"SET", "k", "v", "NX", "GET"}), Events{});
  EXPECT_EQ(Run({"SET", "k", "v4", "EX", "100"}), (Events{Str("k", "set"), Gen("k", "expire")}));
  EXPECT_EQ(Run({"SET", "k", "v5", "KEEPTTL"}), (Events{Str("k", "set")}));
  EXPECT_EQ(Run({"SET", "p", "v", "PXAT", "1"}), (Events{New("p"), Str("p", "set"), Gen("p", "expire")}));
  ExpectFailsSilently({"SET", "p2", "v", "EX", "0"});
  ExpectFailsSilently({"SET", "p2", "v", "EX", "1", "PX", "1"});
}

TEST_F(KeyspaceEventsTest, SetVariantsAndGetters) {
  EXPECT_EQ(Run({"SETNX", "a", "1"}), (Events{New("a"), Str("a", "set")}));
  EXPECT_EQ(Run({"SETNX", "a", "2"}), Events{});
  EXPECT_EQ(Run({"SETEX", "b", "100", "v"}), (Events{New("b"), Str("b", "set"), Gen("b", "expire")}));
  EXPECT_EQ(Run({"PSETEX", "c", "100000", "v"}), (Events{New("c"), Str("c", "set"), Gen("c", "expire")}));
  ExpectFailsSilently({"SETEX", "c", "-5", "v"});
  EXPECT_EQ(Run({"GETSET", "a", "x"}), (Events{Str("a", "set")}));
  EXPECT_EQ(Run({"GETSET", "nn", "x"}), (Events{New("nn"), Str("nn", "set")}));
  EXPECT_EQ(Run({"GETDEL", "a"}), (Events{Gone("a")}));
  EXPECT_EQ(Run({"GETDEL", "missing"}), Events{});

  Setup({{"SET", "g", "v"}});
  EXPECT_EQ(Run({"GETEX", "g"}), Events{});
  EXPECT_EQ(Run({"GETEX", "g", "EX", "100"}), (Events{Gen("g", "expire")}));
  EXPECT_EQ(Run({"GETEX", "g", "PERSIST"}), (Events{Gen("g", "persist")}));
  EXPECT_EQ(Run({"GETEX", "g", "PERSIST"}), Events{});
  EXPECT_EQ(Run({"GETEX", "g", "PXAT", "1"}), (Events{Gone("g")}));
  EXPECT_EQ(Run({"GETEX", "missing", "EX", "100"}), Events{});
  Setup({{"SET", "g", "v"}});
  ExpectFailsSilently({"GETEX", "g", "EX", "0"});
}

TEST_F(KeyspaceEventsTest, MultiKeySets) {
  Setup({{"SET", "e", "v"}});
  EXPECT_EQ(Run({"MSET", "e", "1", "f", "2"}), (Events{Str("e", "set"), New("f"), Str("f", "set")}));
  EXPECT_EQ(Run({"MSET", "a", "1", "a", "2"}), (Events{New("a"), Str("a", "set"), Str("a", "set")}));
  EXPECT_EQ(Run({"MSETNX", "f", "1", "h", "2"}), Events{});
  EXPECT_EQ(last_reply_, ":0\r\n");
  EXPECT_EQ(Run({"MSETNX", "h", "1", "i", "2"}), (Events{New("h"), Str("h", "set"), New("i"), Str("i", "set")}));
  ExpectFailsSilently({"MSET", "a", "1", "b"});
}

TEST_F(KeyspaceEventsTest, InPlaceStringEdits) {
  EXPECT_EQ(Run({"APPEND", "ap", "x"}), (Events{New("ap"), Str("ap", "append")}));
  EXPECT_EQ(Run({"APPEND", "ap", "y"}), (Events{Str("ap", "append")}));
  EXPECT_EQ(Run({"APPEND", "ap", ""}), (Events{Str("ap", "append")}));
  EXPECT_EQ(Run({"APPEND", "ap3", ""}), (Events{New("ap3"), Str("ap3", "append")}));
  EXPECT_EQ(Run({"SETRANGE", "sr", "2", "ab"}), (Events{New("sr"), Str("sr", "setrange")}));
  EXPECT_EQ(Run({"SETRANGE", "sr", "0", "z"}), (Events{Str("sr", "setrange")}));
  EXPECT_EQ(Run({"SETRANGE", "sr", "0", ""}), Events{});  // writing nothing changes nothing
  EXPECT_EQ(last_reply_, ":4\r\n");
  EXPECT_EQ(Run({"SETRANGE", "sr2", "0", ""}), Events{});
  EXPECT_EQ(last_reply_, ":0\r\n");
  ExpectFailsSilently({"SETRANGE", "sr", "-1", "x"});
  ExpectFailsSilently({"SETRANGE", "sr", "536870912", "x"});
  ExpectFailsSilently({"SETRANGE", "sr", "x", "y"});
  h_.server().config().proto_max_bulk_len = 5;  // past it, APPEND and SETRANGE refuse before changing anything
  ExpectFailsSilently({"APPEND", "ap", "abcd"});
  ExpectFailsSilently({"SETRANGE", "sr", "3", "abc"});
  ExpectFailsSilently({"SETRANGE", "new", "3", "abc"});
}

TEST_F(KeyspaceEventsTest, Counters) {
  EXPECT_EQ(Run({"INCR", "n"}), (Events{New("n"), Str("n", "incrby")}));
  EXPECT_EQ(Run({"INCR", "n"}), (Events{Str("n", "incrby")}));
  EXPECT_EQ(Run({"DECR", "n"}), (Events{Str("n", "incrby")}));
  EXPECT_EQ(Run({"INCRBY", "n", "5"}), (Events{Str("n", "incrby")}));
  EXPECT_EQ(Run({"DECRBY", "n", "5"}), (Events{Str("n", "incrby")}));
  EXPECT_EQ(Run({"INCRBYFLOAT", "n", "1.5"}), (Events{Str("n", "incrbyfloat")}));
  EXPECT_EQ(Run({"INCRBYFLOAT", "f", "1"}), (Events{New("f"), Str("f", "incrbyfloat")}));
  // Redis does not signal when the value is not a number or the result would overflow.
  Setup({{"SET", "s", "abc"}, {"SET", "big", "9223372036854775807"}});
  ExpectFailsSilently({"INCR", "s"});
  ExpectFailsSilently({"INCRBYFLOAT", "s", "1"});
  ExpectFailsSilently({"INCR", "big"});
  ExpectFailsSilently({"INCRBY", "n", "x"});
  ExpectFailsSilently({"DECRBY", "n", "-9223372036854775808"});
  ExpectFailsSilently({"INCRBYFLOAT", "n", "inf"});
}

TEST_F(KeyspaceEventsTest, BitCommands) {
  EXPECT_EQ(Run({"SETBIT", "b", "7", "1"}), (Events{New("b"), Str("b", "setbit")}));
  EXPECT_EQ(Run({"SETBIT", "b", "7", "1"}), Events{});  // the bit does not change
  EXPECT_EQ(Run({"SETBIT", "b", "7", "0"}), (Events{Str("b", "setbit")}));
  EXPECT_EQ(Run({"SETBIT", "b", "100", "0"}), (Events{Str("b", "setbit")}));  // grew: a change
  EXPECT_EQ(Run({"SETBIT", "b0", "0", "0"}), (Events{New("b0"), Str("b0", "setbit")}));
  ExpectFailsSilently({"SETBIT", "b", "-1", "1"});
  ExpectFailsSilently({"SETBIT", "b", "0", "2"});

  Setup({{"SET", "s1", "abc"}});
  EXPECT_EQ(Run({"BITOP", "AND", "d", "s1", "s1"}), (Events{New("d"), Str("d", "set")}));
  EXPECT_EQ(Run({"BITOP", "OR", "d", "s1"}), (Events{Str("d", "set")}));
  EXPECT_EQ(Run({"BITOP", "AND", "d", "missing"}), (Events{Gone("d")}));
  EXPECT_EQ(Run({"BITOP", "AND", "d2", "missing"}), Events{});
  ExpectFailsSilently({"BITOP", "NOT", "d", "s1", "s1"});
  ExpectFailsSilently({"BITOP", "NAND", "d", "s1"});

  EXPECT_EQ(Run({"BITFIELD", "bf", "SET", "u8", "0", "1"}), (Events{New("bf"), Str("bf", "setbit")}));
  EXPECT_EQ(Run({"BITFIELD", "bf", "SET", "u8", "0", "1"}), Events{});
  EXPECT_EQ(Run({"BITFIELD", "bf", "INCRBY", "u8", "0", "1", "GET", "u8", "0"}), (Events{Str("bf", "setbit")}));
  EXPECT_EQ(last_reply_, "*2\r\n:2\r\n:2\r\n");
  // Two changes, one notification (Redis notifies once per command).
  EXPECT_EQ(Run({"BITFIELD", "bf", "INCRBY", "u8", "0", "1", "INCRBY", "u8", "0", "1"}), (Events{Str("bf", "setbit")}));
  EXPECT_EQ(Run({"BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "300"}), Events{});
  // Writes that all fail change nothing here. (Redis 7.0 still creates or lengthens the key, without
  // propagating it: ringkv keeps what replicas would see.)
  EXPECT_EQ(Run({"BITFIELD", "bf2", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "300"}), Events{});
  EXPECT_EQ(h_.Run({"EXISTS", "bf2"}), ":0\r\n");
  EXPECT_EQ(Run({"BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "u8", "64", "300"}), Events{});
  EXPECT_EQ(h_.Run({"STRLEN", "bf"}), ":1\r\n");
  EXPECT_EQ(Run({"BITFIELD", "bf", "GET", "u8", "0"}), Events{});
  EXPECT_EQ(Run({"BITFIELD_RO", "bf", "GET", "u8", "0"}), Events{});
  ExpectFailsSilently({"BITFIELD", "bf", "SET", "u99", "0", "1"});
  ExpectFailsSilently({"BITFIELD_RO", "bf", "SET", "u8", "0", "1"});
}

TEST_F(KeyspaceEventsTest, DeletesAndExpireFamily) {
  Setup({{"SET", "x", "1"}, {"SET", "y", "2"}, {"SET", "z", "3"}});
  EXPECT_EQ(Run({"DEL", "x", "y", "missing"}), (Events{Gone("x"), Gone("y")}));
  EXPECT_EQ(Run({"UNLINK", "z"}), (Events{Gone("z")}));
  EXPECT_EQ(Run({"DEL", "missing"}), Events{});

  Setup({{"SET", "k", "v"}});
  EXPECT_EQ(Run({"EXPIRE", "k", "100"}), (Events{Gen("k", "expire")}));
  EXPECT_EQ(Run({"PEXPIRE", "k", "100000"}), (Events{Gen("k", "expire")}));
  EXPECT_EQ(Run({"EXPIREAT", "k", "9999999999"}), (Events{Gen("k", "expire")}));
  EXPECT_EQ(Run({"PEXPIREAT", "k", "9999999999999"}), (Events{Gen("k", "expire")}));
  EXPECT_EQ(Run({"EXPIRE", "k", "100", "NX"}), Events{});
  EXPECT_EQ(Run({"EXPIRE", "k", "100", "GT"}), Events{});
  EXPECT_EQ(Run({"EXPIRE", "missing", "100"}), Events{});
  ExpectFailsSilently({"EXPIRE", "k", "x"});
  ExpectFailsSilently({"EXPIRE", "k", "100", "BOGUS"});
  ExpectFailsSilently({"EXPIRE", "k", "9223372036854775807"});
  EXPECT_EQ(Run({"PERSIST", "k"}), (Events{Gen("k", "persist")}));
  EXPECT_EQ(Run({"PERSIST", "k"}), Events{});
  EXPECT_EQ(Run({"PERSIST", "missing"}), Events{});
  // A time already past deletes the key: "del", not "expired".
  EXPECT_EQ(Run({"EXPIRE", "k", "-1"}), (Events{Gone("k")}));
  Setup({{"SET", "k", "v"}});
  EXPECT_EQ(Run({"PEXPIREAT", "k", "1"}), (Events{Gone("k")}));
}

TEST_F(KeyspaceEventsTest, RenameMoveCopy) {
  Setup({{"SET", "a", "1"}, {"SET", "b", "2"}});
  EXPECT_EQ(Run({"RENAME", "a", "c"}), (Events{New("c"), Gone("a", "rename_from"), Gen("c", "rename_to")}));
  // Onto an existing key: it goes without a notification of its own.
  EXPECT_EQ(Run({"RENAME", "c", "b"}), (Events{New("b"), Gone("c", "rename_from"), Gen("b", "rename_to")}));
  EXPECT_EQ(Run({"RENAME", "b", "b"}), Events{});
  EXPECT_EQ(Run({"RENAMENX", "b", "b"}), Events{});
  Setup({{"SET", "c", "3"}});
  EXPECT_EQ(Run({"RENAMENX", "b", "c"}), Events{});
  EXPECT_EQ(last_reply_, ":0\r\n");
  EXPECT_EQ(Run({"RENAMENX", "b", "d"}), (Events{New("d"), Gone("b", "rename_from"), Gen("d", "rename_to")}));
  ExpectFailsSilently({"RENAME", "missing", "x"});

  Setup({{"FLUSHALL"}, {"SET", "a", "1"}, {"PEXPIRE", "a", "100000"}});
  EXPECT_EQ(Run({"MOVE", "a", "1"}), (Events{New("a", 1), Gone("a", "move_from", 0), Gen("a", "move_to", 1)}));
  EXPECT_EQ(Run({"MOVE", "a", "1"}), Events{});
  Setup({{"SET", "a", "2"}});
  EXPECT_EQ(Run({"MOVE", "a", "1"}), Events{});  // the target db has it
  ExpectFailsSilently({"MOVE", "a", "0"});
  ExpectFailsSilently({"MOVE", "a", "99"});

  Setup({{"FLUSHALL"}, {"SET", "a", "1"}, {"SET", "b", "2"}});
  EXPECT_EQ(Run({"COPY", "a", "c"}), (Events{New("c"), Gen("c", "copy_to")}));
  EXPECT_EQ(Run({"COPY", "a", "b"}), Events{});
  EXPECT_EQ(Run({"COPY", "a", "b", "REPLACE"}), (Events{New("b"), Gen("b", "copy_to")}));
  EXPECT_EQ(Run({"COPY", "a", "c", "DB", "2"}), (Events{New("c", 2), Gen("c", "copy_to", 2)}));
  EXPECT_EQ(Run({"COPY", "missing", "q"}), Events{});
  ExpectFailsSilently({"COPY", "a", "a"});
  ExpectFailsSilently({"COPY", "a", "x", "DB", "99"});
}

TEST_F(KeyspaceEventsTest, WholeDatabases) {
  Setup({{"SET", "a", "1"}, {"SELECT", "1"}, {"SET", "b", "2"}, {"SELECT", "0"}});
  EXPECT_EQ(Run({"FLUSHDB"}), (Events{"flushed:0"}));
  EXPECT_EQ(Run({"SWAPDB", "0", "1"}), (Events{"swapped:0:1"}));
  EXPECT_EQ(Run({"SWAPDB", "1", "1"}), Events{});
  ExpectFailsSilently({"SWAPDB", "0", "99"});
  Events all;
  for (int i = 0; i < h_.server().db_count(); ++i) all.push_back("flushed:" + std::to_string(i));
  EXPECT_EQ(Run({"FLUSHALL"}), all);
  ExpectFailsSilently({"FLUSHALL", "BOGUS"});
}

TEST_F(KeyspaceEventsTest, LazyAndActiveExpiry) {
  const uint64_t expired_before = h_.server().stats().expired_keys;
  // PXAT 1: a TTL long past, so the key is expired the next time anything looks.
  Setup({{"SET", "lz", "v", "PXAT", "1"}});
  EXPECT_EQ(Run({"GET", "lz"}), (Events{Expired("lz")}));
  EXPECT_EQ(last_reply_, "$-1\r\n");
  Setup({{"SET", "lz", "v", "PXAT", "1"}});
  EXPECT_EQ(Run({"DEL", "lz"}), (Events{Expired("lz")}));  // expired first, so DEL finds nothing
  EXPECT_EQ(last_reply_, ":0\r\n");
  Setup({{"SET", "ex", "v", "PXAT", "1"}, {"SET", "r", "v"}});
  EXPECT_EQ(Run({"RENAME", "r", "ex"}),
            (Events{Expired("ex"), New("ex"), Gone("r", "rename_from"), Gen("ex", "rename_to")}));
  Setup({{"SET", "ex", "v", "PXAT", "1"}});
  EXPECT_EQ(Run({"SET", "ex", "v"}), (Events{Expired("ex"), New("ex"), Str("ex", "set")}));

  // Active expiry: the server's cycle calls this slice; each expired key is signalled.
  Setup({{"FLUSHALL"}, {"SET", "a1", "v", "PXAT", "1"}, {"SET", "a2", "v", "PXAT", "1"}, {"SET", "keep", "v"}});
  Db::ExpireSlice slice = h_.db(0).ActiveExpireSlice(h_.server().NowMs(), 20);
  EXPECT_EQ(slice.expired, 2u);
  Events got = rec_.Take();
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (Events{Expired("a1"), Expired("a2")}));
  // The server still hears every expiry (expired_keys, DEL propagation).
  EXPECT_EQ(h_.server().stats().expired_keys, expired_before + 6);
}

TEST_F(KeyspaceEventsTest, DebugPopulateSignalsNewKeysOnly) {
  EXPECT_EQ(Run({"DEBUG", "POPULATE", "2", "pk"}), (Events{New("pk:0"), New("pk:1")}));
  EXPECT_EQ(Run({"DEBUG", "POPULATE", "2", "pk"}), Events{});  // existing keys are skipped
}

TEST_F(KeyspaceEventsTest, ReadsEmitNothing) {
  Setup({{"SET", "s", "abc"}, {"PEXPIRE", "s", "100000"}});
  for (const std::vector<std::string>& argv : std::vector<std::vector<std::string>>{
           {"GET", "s"}, {"MGET", "s", "x"}, {"STRLEN", "s"}, {"GETRANGE", "s", "0", "1"}, {"EXISTS", "s"},
           {"TYPE", "s"}, {"TTL", "s"}, {"PTTL", "s"}, {"EXPIRETIME", "s"}, {"OBJECT", "ENCODING", "s"},
           {"TOUCH", "s"}, {"GETBIT", "s", "1"}, {"BITCOUNT", "s"}, {"BITPOS", "s", "1"}, {"LCS", "s", "s"},
           {"KEYS", "*"}, {"SCAN", "0"}, {"RANDOMKEY"}, {"DBSIZE"}, {"DEBUG", "OBJECT", "s"}}) {
    EXPECT_EQ(Run(argv), Events{}) << argv[0];
  }
}

// The set family, against redis-server 7.0.15 with notify-keyspace-events EAn: the type's event after the
// change ("sadd", "srem", "spop", "smove" is srem + sadd), "del" after it when the last member goes, nothing
// when nothing changes; the S*STORE results "new" + "<cmd>store", or "del" for an empty result.
TEST_F(KeyspaceEventsTest, SetCommands) {
  Setup({{"SET", "str", "v"}});
  ExpectFailsSilently({"SADD", "str", "1"});
  EXPECT_EQ(Run({"SADD", "s", "1", "2"}), (Events{New("s"), Set("s", "sadd")}));
  EXPECT_EQ(Run({"SADD", "s", "2"}), Events{});
  EXPECT_EQ(Run({"SADD", "s", "2", "3"}), (Events{Set("s", "sadd")}));
  EXPECT_EQ(Run({"SREM", "s", "9"}), Events{});
  EXPECT_EQ(Run({"SREM", "s", "1", "9"}), (Events{Set("s", "srem")}));
  EXPECT_EQ(Run({"SREM", "s", "2", "3", "4"}), (Events{Set("s", "srem"), Gone("s")}));
  EXPECT_EQ(Run({"SREM", "s", "2"}), Events{});

  EXPECT_EQ(Run({"SADD", "a", "x", "y"}), (Events{New("a"), Set("a", "sadd")}));
  EXPECT_EQ(Run({"SMOVE", "a", "b", "x"}), (Events{Set("a", "srem"), New("b"), Set("b", "sadd")}));
  EXPECT_EQ(Run({"SMOVE", "a", "b", "y"}), (Events{Set("a", "srem"), Gone("a"), Set("b", "sadd")}));
  EXPECT_EQ(Run({"SMOVE", "b", "b", "x"}), Events{});
  EXPECT_EQ(Run({"SMOVE", "b", "c", "nope"}), Events{});
  Setup({{"SADD", "c", "x"}});
  EXPECT_EQ(Run({"SMOVE", "b", "c", "x"}), (Events{Set("b", "srem")}));  // c already has x
  ExpectFailsSilently({"SMOVE", "b", "str", "y"});

  Setup({{"SADD", "p", "1", "2", "3"}});
  EXPECT_EQ(Run({"SPOP", "p"}), (Events{Set("p", "spop")}));
  EXPECT_EQ(Run({"SPOP", "p", "0"}), Events{});
  EXPECT_EQ(Run({"SPOP", "p", "1"}), (Events{Set("p", "spop")}));
  EXPECT_EQ(Run({"SPOP", "p", "5"}), (Events{Set("p", "spop"), Gone("p")}));
  EXPECT_EQ(Run({"SPOP", "p"}), Events{});
  Setup({{"SADD", "p", "1", "2", "3", "4", "5", "6", "7"}});
  EXPECT_EQ(Run({"SPOP", "p", "6"}), (Events{Set("p", "spop")}));  // rebuilt from the one that stays
  Setup({{"SADD", "one", "x"}});
  EXPECT_EQ(Run({"SPOP", "one"}), (Events{Set("one", "spop"), Gone("one")}));
  ExpectFailsSilently({"SPOP", "p", "-1"});

  Setup({{"SADD", "u", "1"}});
  EXPECT_EQ(Run({"SINTERSTORE", "d", "u", "u"}), (Events{New("d"), Set("d", "sinterstore")}));
  EXPECT_EQ(Run({"SINTERSTORE", "d", "u", "u"}), (Events{Set("d", "sinterstore")}));
  EXPECT_EQ(Run({"SINTERSTORE", "d", "u", "nokey"}), (Events{Gone("d")}));
  EXPECT_EQ(Run({"SINTERSTORE", "d", "u", "nokey"}), Events{});
  EXPECT_EQ(Run({"SUNIONSTORE", "d", "u"}), (Events{New("d"), Set("d", "sunionstore")}));
  EXPECT_EQ(Run({"SDIFFSTORE", "d", "u", "u"}), (Events{Gone("d")}));
  Setup({{"SET", "d", "x"}});
  EXPECT_EQ(Run({"SUNIONSTORE", "d", "u"}), (Events{Set("d", "sunionstore")}));
  EXPECT_EQ(Run({"SDIFFSTORE", "d", "u"}), (Events{Set("d", "sdiffstore")}));
  ExpectFailsSilently({"SINTERSTORE", "d", "u", "str"});
}

TEST_F(KeyspaceEventsTest, SetReadsEmitNothing) {
  Setup({{"SADD", "s", "1", "2", "x"}, {"SADD", "t", "2"}});
  for (const std::vector<std::string>& argv : std::vector<std::vector<std::string>>{
           {"SMEMBERS", "s"}, {"SISMEMBER", "s", "1"}, {"SMISMEMBER", "s", "1", "3"}, {"SCARD", "s"},
           {"SRANDMEMBER", "s"}, {"SRANDMEMBER", "s", "-5"}, {"SINTER", "s", "t"}, {"SINTERCARD", "2", "s", "t"},
           {"SUNION", "s", "t"}, {"SDIFF", "s", "t"}, {"SSCAN", "s", "0"}, {"SPOP", "nokey", "2"}}) {
    EXPECT_EQ(Run(argv), Events{}) << argv[0];
  }
}

// The hash family, against redis-server 7.0.15 with notify-keyspace-events EAn: "hset" for HSET/HMSET/HSETNX
// (also when no value changes), "hdel" once anything went and "del" after it when the last field goes,
// "hincrby"/"hincrbyfloat", "new" first for a key they create; nothing when nothing changes or on errors.
TEST_F(KeyspaceEventsTest, HashCommands) {
  Setup({{"SET", "str", "v"}});
  ExpectFailsSilently({"HSET", "str", "f", "v"});
  EXPECT_EQ(Run({"HSET", "h", "a", "1", "b", "2"}), (Events{New("h"), Hash("h", "hset")}));
  EXPECT_EQ(Run({"HSET", "h", "a", "1"}), (Events{Hash("h", "hset")}));
  EXPECT_EQ(Run({"HMSET", "h", "c", "3"}), (Events{Hash("h", "hset")}));
  EXPECT_EQ(Run({"HSETNX", "h", "a", "9"}), Events{});
  EXPECT_EQ(Run({"HSETNX", "h", "d", "4"}), (Events{Hash("h", "hset")}));
  EXPECT_EQ(Run({"HSETNX", "n", "d", "4"}), (Events{New("n"), Hash("n", "hset")}));
  EXPECT_EQ(Run({"HDEL", "h", "nope"}), Events{});
  EXPECT_EQ(Run({"HDEL", "h", "a", "nope"}), (Events{Hash("h", "hdel")}));
  EXPECT_EQ(Run({"HINCRBY", "h", "b", "5"}), (Events{Hash("h", "hincrby")}));
  EXPECT_EQ(Run({"HINCRBY", "i", "b", "5"}), (Events{New("i"), Hash("i", "hincrby")}));
  EXPECT_EQ(Run({"HINCRBYFLOAT", "h", "f", "1.5"}), (Events{Hash("h", "hincrbyfloat")}));
  EXPECT_EQ(Run({"HINCRBYFLOAT", "j", "f", "1.5"}), (Events{New("j"), Hash("j", "hincrbyfloat")}));
  ExpectFailsSilently({"HINCRBY", "h", "f", "1"});  // 1.5 is not an integer
  ExpectFailsSilently({"HINCRBY", "h", "b", "abc"});
  ExpectFailsSilently({"HINCRBYFLOAT", "h", "f", "inf"});
  ExpectFailsSilently({"HINCRBY", "nokey", "b", "abc"});
  EXPECT_EQ(Run({"HDEL", "h", "b", "c", "d", "f", "x"}), (Events{Hash("h", "hdel"), Gone("h")}));
  EXPECT_EQ(Run({"HDEL", "h", "b"}), Events{});
}

TEST_F(KeyspaceEventsTest, HashReadsEmitNothing) {
  Setup({{"HSET", "h", "a", "1", "b", "x"}});
  for (const std::vector<std::string>& argv : std::vector<std::vector<std::string>>{
           {"HGET", "h", "a"}, {"HMGET", "h", "a", "z"}, {"HGETALL", "h"}, {"HKEYS", "h"}, {"HVALS", "h"},
           {"HLEN", "h"}, {"HEXISTS", "h", "a"}, {"HSTRLEN", "h", "a"}, {"HRANDFIELD", "h", "-5", "WITHVALUES"},
           {"HSCAN", "h", "0"}, {"HDEL", "nokey", "a"}}) {
    EXPECT_EQ(Run(argv), Events{}) << argv[0];
  }
}

// Hash-field expiry, as Redis 7.4's source notifies it (no reference server here has it): "hexpire" when
// TTLs were set, "hdel" (and "del" with the last field) when a time not after now deleted fields,
// "hpersist" when TTLs were removed, nothing when no field changed; a command meeting expired fields fires
// "hexpired", and "del" when they were the last ones.
TEST_F(KeyspaceEventsTest, HashFieldExpiry) {
  Setup({{"HSET", "h", "a", "1", "b", "2"}, {"SET", "str", "v"}});
  EXPECT_EQ(Run({"HEXPIRE", "h", "100", "FIELDS", "2", "a", "z"}), (Events{Hash("h", "hexpire")}));
  EXPECT_EQ(Run({"HEXPIRE", "h", "100", "NX", "FIELDS", "1", "a"}), Events{});
  EXPECT_EQ(Run({"HEXPIRE", "h", "100", "FIELDS", "1", "z"}), Events{});
  EXPECT_EQ(Run({"HEXPIRE", "nokey", "100", "FIELDS", "1", "z"}), Events{});
  EXPECT_EQ(Run({"HTTL", "h", "FIELDS", "2", "a", "b"}), Events{});
  EXPECT_EQ(Run({"HPERSIST", "h", "FIELDS", "2", "a", "b"}), (Events{Hash("h", "hpersist")}));
  EXPECT_EQ(Run({"HPERSIST", "h", "FIELDS", "1", "a"}), Events{});
  EXPECT_EQ(Run({"HEXPIRE", "h", "0", "FIELDS", "1", "a"}), (Events{Hash("h", "hdel")}));
  EXPECT_EQ(Run({"HEXPIRE", "h", "0", "FIELDS", "2", "b", "a"}), (Events{Hash("h", "hdel"), Gone("h")}));
  ExpectFailsSilently({"HEXPIRE", "str", "10", "FIELDS", "1", "a"});
  ExpectFailsSilently({"HEXPIRE", "h", "-1", "FIELDS", "1", "a"});

  Setup({{"HSET", "k", "a", "1", "b", "2", "c", "3"}, {"HPEXPIRE", "k", "1", "FIELDS", "2", "a", "b"}});
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(Run({"HGET", "k", "a"}), (Events{Hash("k", "hexpired")}));
  EXPECT_EQ(last_reply_, "$-1\r\n");
  Setup({{"HPEXPIRE", "k", "1", "FIELDS", "1", "c"}});
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(Run({"HLEN", "k"}), (Events{Hash("k", "hexpired"), Gone("k")}));
  EXPECT_EQ(last_reply_, ":0\r\n");
  // The active cycle finds due fields nobody reads.
  Setup({{"HSET", "q", "a", "1", "b", "2"}, {"HPEXPIRE", "q", "1", "FIELDS", "1", "a"}});
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  rec_.Take();
  EXPECT_EQ(h_.server().hash_field_expiry().Cycle(h_.server().NowMs()), 1u);
  EXPECT_EQ(rec_.Take(), (Events{Hash("q", "hexpired")}));
  EXPECT_EQ(h_.Run({"HGETALL", "q"}), "*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
}

}  // namespace
}  // namespace ringkv::core

namespace ringkv::core {
namespace {

// An entry made without expire room moves when it gets a TTL (object.h): the dict finds the new one, the value
// and access bits come along, the TTL is kept through later overwrites' room, and SCAN still sees the key once.
TEST(DbExpireRoom, SetExpireMovesAnEntryWithoutRoomOnce) {
  CommandHarness h;
  Db& db = h.db(0);
  for (int i = 0; i < 200; ++i) h.Run({"SET", "k" + std::to_string(i), "v" + std::to_string(i)});
  Entry* before = db.Peek("k7");
  ASSERT_NE(before, nullptr);
  EXPECT_FALSE(before->has_expire_room());
  h.Run({"OBJECT", "FREQ", "k7"});  // any command: the entry must survive the next steps intact
  h.Run({"EXPIRE", "k7", "100"});
  Entry* after = db.Peek("k7");
  ASSERT_NE(after, nullptr);
  EXPECT_TRUE(after->has_expire_room());
  EXPECT_TRUE(after->has_expire());
  EXPECT_EQ(h.Run({"GET", "k7"}), "$2\r\nv7\r\n");
  EXPECT_EQ(db.expires_size(), 1u);
  // PERSIST keeps the room; a second EXPIRE does not move the entry again.
  h.Run({"PERSIST", "k7"});
  EXPECT_EQ(db.Peek("k7"), after);
  EXPECT_FALSE(after->has_expire());
  h.Run({"PEXPIRE", "k7", "100000"});
  EXPECT_EQ(db.Peek("k7"), after);
  // SET EX on a new key makes room at once.
  h.Run({"SET", "fresh", "x", "EX", "100"});
  EXPECT_TRUE(db.Peek("fresh")->has_expire_room());
  // A full SCAN still returns every key exactly once.
  const std::string scan = h.Run({"SCAN", "0", "COUNT", "100000"});
  ASSERT_EQ(scan.rfind("*2\r\n$1\r\n0\r\n*201\r\n", 0), 0u) << scan.substr(0, 40);
  std::vector<std::string> seen;
  for (size_t pos = scan.find("*201\r\n") + 6; pos < scan.size();) {
    const size_t eol = scan.find("\r\n", pos);
    const size_t len = std::stoul(scan.substr(pos + 1, eol - pos - 1));
    seen.push_back(scan.substr(eol + 2, len));
    pos = eol + 2 + len + 2;
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen.size(), 201u);
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());
}

}  // namespace
}  // namespace ringkv::core

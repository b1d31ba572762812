// SORT's effects on the keyspace and what it hands to the AOF and replicas, through the real dispatcher. The
// expectations were read from redis-server 7.0.15 (keyspace notifications; SYNC as a raw replica): STORE
// fires "new" + "sortstore" for a new destination and "sortstore" alone over any old value (whose TTL goes),
// an empty result deletes the destination ("del", propagated as received) or does nothing when there is none;
// SORT ... STORE goes out as received, SORT without STORE and SORT_RO not at all; a key found expired by the
// sort or by a BY/GET lookup goes out as DEL, wrapped in MULTI/EXEC with a STORE. A listpack sorted set is
// made a skiplist by any SORT, silently.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "core/propagation.h"
#include "tests/unit/command_harness.h"

namespace ringkv::core {
namespace {

using test::CommandHarness;
using test::KeyEventRecorder;

struct Recorder : PropagationTarget {
  std::vector<std::string> lines;  // "db: arg arg ..."
  void Feed(int db, const std::vector<std::string_view>& argv) override {
    std::string line = std::to_string(db) + ":";
    for (std::string_view a : argv) line += " " + std::string(a);
    lines.push_back(line);
  }
  std::vector<std::string> Take() { return std::exchange(lines, {}); }
};

class SortTest : public ::testing::Test {
 protected:
  SortTest() : events_(h_.server()) { h_.server().AddPropagationTarget(&rec_); }
  std::string Run(const std::vector<std::string>& argv) { return h_.Run(argv); }
  void Flush() {
    events_.Take();
    rec_.Take();
  }
  int64_t Dirty() { return h_.server().dirty(); }
  static void SleepMs(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

  CommandHarness h_;
  KeyEventRecorder events_;
  Recorder rec_;
};

using Lines = std::vector<std::string>;

TEST_F(SortTest, StoreEventsDirtyAndPropagation) {
  Run({"rpush", "l", "3", "1", "2"});
  Flush();
  int64_t d0 = Dirty();
  EXPECT_EQ(Run({"sort", "l", "STORE", "d"}), ":3\r\n");
  EXPECT_EQ(events_.Take(), (Lines{"0:d:added:new:new", "0:d:written:l:sortstore"}));
  EXPECT_EQ(rec_.Take(), (Lines{"0: sort l STORE d"}));
  EXPECT_EQ(Dirty() - d0, 3);  // one per element stored
  EXPECT_EQ(Run({"lrange", "d", "0", "-1"}), "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");

  // Over a value of another type with a TTL: replaced, the TTL gone, one event. GETs count per element.
  Run({"set", "s", "x", "EX", "100"});
  Flush();
  d0 = Dirty();
  EXPECT_EQ(Run({"sort", "l", "GET", "#", "GET", "nostar", "STORE", "s"}), ":6\r\n");
  EXPECT_EQ(events_.Take(), (Lines{"0:s:written:l:sortstore"}));
  EXPECT_EQ(rec_.Take(), (Lines{"0: sort l GET # GET nostar STORE s"}));
  EXPECT_EQ(Dirty() - d0, 6);
  EXPECT_EQ(Run({"ttl", "s"}), ":-1\r\n");
  EXPECT_EQ(Run({"lrange", "s", "0", "1"}), "*2\r\n$1\r\n1\r\n$0\r\n\r\n");

  // An empty result deletes the destination, once.
  Flush();
  d0 = Dirty();
  EXPECT_EQ(Run({"sort", "missing", "STORE", "d"}), ":0\r\n");
  EXPECT_EQ(events_.Take(), (Lines{"0:d:deleted:g:del"}));
  EXPECT_EQ(rec_.Take(), (Lines{"0: sort missing STORE d"}));
  EXPECT_EQ(Dirty() - d0, 1);
  EXPECT_EQ(Run({"sort", "l", "LIMIT", "5", "1", "STORE", "d"}), ":0\r\n");
  EXPECT_TRUE(events_.Take().empty());
  EXPECT_TRUE(rec_.Take().empty());
  EXPECT_EQ(Dirty() - d0, 1);

  // Reads, SORT_RO and failures change nothing and propagate nothing.
  Run({"sort", "l"});
  Run({"sort_ro", "l", "BY", "nosort", "GET", "#"});
  Run({"sort", "l", "ALPHA", "STORE"});
  Run({"sort_ro", "l", "STORE", "d"});
  Run({"rpush", "bad", "x"});
  Flush();
  d0 = Dirty();
  EXPECT_EQ(Run({"sort", "bad", "STORE", "s"}), "-ERR One or more scores can't be converted into double\r\n");
  EXPECT_EQ(Run({"sort", "s", "STORE", "bad"}), ":6\r\n");  // s is the list stored above: numbers and ""
  Flush();
  EXPECT_EQ(Run({"set", "str", "v"}), "+OK\r\n");
  Flush();
  EXPECT_EQ(Run({"sort", "str", "STORE", "d"}),
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  EXPECT_TRUE(events_.Take().empty());
  EXPECT_TRUE(rec_.Take().empty());
}

TEST_F(SortTest, StoreOntoTheSourceAndTheStoredListsNodeOptions) {
  // The stored list keeps Redis's built-in node options (fill -2, no compression), whatever the config says.
  Run({"config", "set", "list-max-listpack-size", "2"});
  Run({"config", "set", "list-compress-depth", "1"});
  Run({"rpush", "l", "5", "4", "3", "2", "1"});
  EXPECT_EQ(Run({"sort", "l", "STORE", "l"}), ":5\r\n");
  EXPECT_EQ(Run({"lrange", "l", "0", "-1"}), "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n");
  const std::string dbg = Run({"debug", "object", "l"});
  EXPECT_NE(dbg.find(" ql_nodes:1 "), std::string::npos) << dbg;
  EXPECT_NE(dbg.find(" ql_listpack_max:-2 "), std::string::npos) << dbg;
  EXPECT_NE(dbg.find(" ql_compressed:0 "), std::string::npos) << dbg;
}

TEST_F(SortTest, KeysFoundExpiredGoAsDel) {
  Run({"rpush", "l", "1", "2"});
  Run({"set", "w_1", "5", "PX", "1"});
  Run({"set", "w_2", "6", "PX", "1"});
  Run({"set", "src", "x", "PX", "1"});
  SleepMs(5);
  Flush();
  // Found by BY lookups of a SORT without STORE: the DELs alone (two of them: in MULTI/EXEC).
  EXPECT_EQ(Run({"sort", "l", "BY", "w_*", "LIMIT", "0", "1"}), "*1\r\n$1\r\n1\r\n");
  EXPECT_EQ(rec_.Take(), (Lines{"0: MULTI", "0: DEL w_1", "0: DEL w_2", "-1: EXEC"}));
  EXPECT_EQ(events_.Take(), (Lines{"0:w_1:expired:x:expired", "0:w_2:expired:x:expired"}));
  // With a STORE: wrapped with it.
  Run({"set", "w_1", "5", "PX", "1"});
  SleepMs(5);
  Flush();
  EXPECT_EQ(Run({"sort", "l", "BY", "nosort", "GET", "w_*", "STORE", "d"}), ":2\r\n");
  EXPECT_EQ(rec_.Take(), (Lines{"0: MULTI", "0: DEL w_1", "0: sort l BY nosort GET w_* STORE d", "-1: EXEC"}));
  // The sorted key itself, expired: an empty sort.
  EXPECT_EQ(Run({"sort", "src", "STORE", "d"}), ":0\r\n");
  EXPECT_EQ(rec_.Take(), (Lines{"0: MULTI", "0: DEL src", "0: sort src STORE d", "-1: EXEC"}));
}

TEST_F(SortTest, ListpackSortedSetBecomesSkiplistSilently) {
  Run({"zadd", "z", "1", "a", "2", "b", "3", "c"});
  EXPECT_EQ(Run({"object", "encoding", "z"}), "$8\r\nlistpack\r\n");
  Flush();
  const int64_t d0 = Dirty();
  EXPECT_EQ(Run({"sort_ro", "z", "BY", "nosort", "DESC", "LIMIT", "1", "5"}), "*2\r\n$1\r\nb\r\n$1\r\na\r\n");
  EXPECT_EQ(Run({"object", "encoding", "z"}), "$8\r\nskiplist\r\n");
  EXPECT_TRUE(events_.Take().empty());
  EXPECT_TRUE(rec_.Take().empty());
  EXPECT_EQ(Dirty(), d0);
  // Even a SORT that fails on a bad score converts first.
  Run({"zadd", "z2", "1", "x"});
  EXPECT_EQ(Run({"sort", "z2"}), "-ERR One or more scores can't be converted into double\r\n");
  EXPECT_EQ(Run({"object", "encoding", "z2"}), "$8\r\nskiplist\r\n");
  // A syntax error comes before the key is read.
  Run({"zadd", "z3", "1", "x"});
  Run({"sort", "z3", "NOPE"});
  EXPECT_EQ(Run({"object", "encoding", "z3"}), "$8\r\nlistpack\r\n");
}

TEST_F(SortTest, HashFieldsMetExpiredGoFirst) {
  // ringkv's hashes expire their due fields when a command meets them (Redis 7.4's rule): a GET h_*->f of
  // SORT meets them too, and never answers an expired field.
  Run({"rpush", "l", "1", "2"});
  Run({"hset", "h_1", "f", "one", "g", "keep"});
  Run({"hset", "h_2", "f", "two"});
  Run({"hpexpire", "h_1", "1", "FIELDS", "1", "f"});
  Run({"hpexpire", "h_2", "1", "FIELDS", "1", "f"});
  SleepMs(5);
  Flush();
  EXPECT_EQ(Run({"sort", "l", "BY", "nosort", "GET", "h_*->f", "GET", "h_*->g"}), "*4\r\n$-1\r\n$4\r\nkeep\r\n$-1\r\n$-1\r\n");
  EXPECT_EQ(Run({"exists", "h_2"}), ":0\r\n");
  EXPECT_EQ(Run({"hlen", "h_1"}), ":1\r\n");
  const Lines lines = rec_.Take();
  EXPECT_EQ(lines, (Lines{"0: MULTI", "0: HDEL h_1 f", "0: HDEL h_2 f", "-1: EXEC"}));
}

}  // namespace
}  // namespace ringkv::core

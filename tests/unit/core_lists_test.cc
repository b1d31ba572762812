// The list family through the real dispatcher: the key events of each command and what it propagates, both as
// redis-server 7.0.15 does it. The events were read from redis-server with notify-keyspace-events "KEA" (plus
// "new", which Db::Add emits first for a created key), the propagated streams with SYNC (a raw replica).
// Event strings read "db:key:change:class:event" (command_harness.h).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/client.h"
#include "core/config.h"
#include "core/propagation.h"
#include "core/server.h"
#include "io/output_buffer.h"
#include "io/resp_parser.h"
#include "tests/unit/command_harness.h"

namespace ringkv::core {
namespace {

using test::CommandHarness;
using test::KeyEventRecorder;
using Events = std::vector<std::string>;

std::string New(const std::string& key) { return "0:" + key + ":added:new:new"; }
std::string L(const std::string& key, const std::string& ev) { return "0:" + key + ":written:l:" + ev; }
std::string Gone(const std::string& key) { return "0:" + key + ":deleted:g:del"; }

class ListEventsTest : public ::testing::Test {
 protected:
  Events Run(const std::vector<std::string>& argv) {
    rec_.Take();
    last_reply_ = h_.Run(argv);
    return rec_.Take();
  }
  CommandHarness h_;
  KeyEventRecorder rec_{h_.server()};
  std::string last_reply_;
};

// redis-server 7.0.15 (KEA) for this sequence notified: rpush:l lpush:l lpop:l rpop:l del:l rpush:s rpush:d
// lpop:s rpush:d lpop:s del:s rpush:d lpush:d rpop:d ltrim:d ltrim:d del:d rpush:t lrem:t lrem:t del:t rpush:u
// linsert:u lset:u lpop:u del:u rpush:v lpop:v del:v.
TEST_F(ListEventsTest, EventsInRedisOrder) {
  EXPECT_EQ(Run({"RPUSH", "l", "a", "b"}), (Events{New("l"), L("l", "rpush")}));
  EXPECT_EQ(Run({"LPUSH", "l", "z"}), (Events{L("l", "lpush")}));
  EXPECT_EQ(Run({"LPOP", "l"}), (Events{L("l", "lpop")}));
  EXPECT_EQ(Run({"RPOP", "l", "5"}), (Events{L("l", "rpop"), Gone("l")}));
  Run({"RPUSH", "s", "1", "2"});
  // A move: the push on the destination first, then the pop on the source, then "del" when it emptied.
  EXPECT_EQ(Run({"LMOVE", "s", "d", "LEFT", "RIGHT"}), (Events{New("d"), L("d", "rpush"), L("s", "lpop")}));
  EXPECT_EQ(Run({"LMOVE", "s", "d", "LEFT", "RIGHT"}), (Events{L("d", "rpush"), L("s", "lpop"), Gone("s")}));
  Run({"RPUSH", "d", "x"});
  EXPECT_EQ(Run({"RPOPLPUSH", "d", "d"}), (Events{L("d", "lpush"), L("d", "rpop")}));
  // LTRIM fires even when nothing goes.
  EXPECT_EQ(Run({"LTRIM", "d", "0", "-1"}), (Events{L("d", "ltrim")}));
  EXPECT_EQ(Run({"LTRIM", "d", "1", "0"}), (Events{L("d", "ltrim"), Gone("d")}));
  Run({"RPUSH", "t", "a", "b", "a"});
  EXPECT_EQ(Run({"LREM", "t", "0", "a"}), (Events{L("t", "lrem")}));
  EXPECT_EQ(Run({"LREM", "t", "0", "q"}), Events{});
  EXPECT_EQ(Run({"LREM", "t", "0", "b"}), (Events{L("t", "lrem"), Gone("t")}));
  Run({"RPUSH", "u", "a"});
  EXPECT_EQ(Run({"LINSERT", "u", "AFTER", "a", "b"}), (Events{L("u", "linsert")}));
  EXPECT_EQ(Run({"LINSERT", "u", "AFTER", "x", "b"}), Events{});
  EXPECT_EQ(Run({"LSET", "u", "0", "c"}), (Events{L("u", "lset")}));
  EXPECT_EQ(Run({"LSET", "u", "9", "c"}), Events{});
  EXPECT_EQ(Run({"LMPOP", "1", "u", "LEFT", "COUNT", "9"}), (Events{L("u", "lpop"), Gone("u")}));
  Run({"RPUSH", "v", "1"});
  EXPECT_EQ(Run({"BLPOP", "v", "0"}), (Events{L("v", "lpop"), Gone("v")}));
  // Nothing for pushes to a missing key with X, pops of a missing key, a count of 0, or a wrong type.
  EXPECT_EQ(Run({"LPUSHX", "nokey", "a"}), Events{});
  EXPECT_EQ(Run({"LPOP", "nokey"}), Events{});
  Run({"RPUSH", "w", "1"});
  EXPECT_EQ(Run({"LPOP", "w", "0"}), Events{});
  Run({"SET", "str", "x"});
  EXPECT_EQ(Run({"LPUSH", "str", "a"}), Events{});
  EXPECT_EQ(Run({"LMOVE", "w", "str", "LEFT", "LEFT"}), Events{});
  EXPECT_EQ(last_reply_.substr(0, 10), "-WRONGTYPE");
}

struct Recorder : PropagationTarget {
  std::vector<std::string> lines;
  void Feed(int db, const std::vector<std::string_view>& argv) override {
    std::string line = std::to_string(db) + ":";
    for (std::string_view a : argv) line += " " + std::string(a);
    lines.push_back(line);
  }
};

class ListPropagationTest : public ::testing::Test {
 protected:
  ListPropagationTest() { h_.server().AddPropagationTarget(&rec_); }
  std::vector<std::string> Take() { return std::exchange(rec_.lines, {}); }
  CommandHarness h_;
  Recorder rec_;
};

// As redis-server 7.0.15 sent them to a replica (SYNC): writes as received, an LTRIM or LREM that removes
// nothing and a pop of count 0 not at all, LMPOP and BLMPOP as LPOP/RPOP key <popped>, BLPOP/BRPOP as
// LPOP/RPOP key, BLMOVE as LMOVE with the client's words, BRPOPLPUSH as RPOPLPUSH.
TEST_F(ListPropagationTest, AsRedisSendsThem) {
  for (const auto& argv : std::vector<std::vector<std::string>>{
           {"RPUSH", "l", "a", "b", "c", "d", "e"}, {"LPOP", "l"}, {"RPOP", "l", "2"}, {"LPOP", "l", "0"},
           {"LPOP", "nokey", "2"}, {"LPUSHX", "nokey", "a"}, {"LINSERT", "l", "BEFORE", "b", "x"},
           {"LINSERT", "l", "BEFORE", "zz", "x"}, {"LSET", "l", "0", "y"}, {"LREM", "l", "0", "zz"},
           {"LTRIM", "l", "0", "-1"}, {"LTRIM", "l", "1", "-1"}, {"RPUSH", "m", "1", "2", "3"},
           {"LMOVE", "m", "n", "left", "right"}, {"RPOPLPUSH", "m", "n"}, {"LMPOP", "2", "nokey", "m", "RIGHT", "COUNT", "5"},
           {"BLPOP", "n", "0"}, {"BRPOP", "nokey", "n", "0"}, {"BLMOVE", "l", "o", "right", "LEFT", "0"},
           {"BRPOPLPUSH", "l", "o", "0"}, {"RPUSH", "p", "1", "2", "3"}, {"BLMPOP", "0", "1", "p", "LEFT", "COUNT", "2"},
           {"LPOP", "p", "5"}}) {
    h_.Run(argv);
  }
  EXPECT_EQ(Take(), (std::vector<std::string>{
                        "0: RPUSH l a b c d e", "0: LPOP l", "0: RPOP l 2", "0: LINSERT l BEFORE b x", "0: LSET l 0 y",
                        "0: LTRIM l 1 -1", "0: RPUSH m 1 2 3", "0: LMOVE m n left right", "0: RPOPLPUSH m n",
                        "0: RPOP m 1", "0: LPOP n", "0: RPOP n", "0: LMOVE l o right LEFT", "0: RPOPLPUSH l o",
                        "0: RPUSH p 1 2 3", "0: LPOP p 2", "0: LPOP p 5"}));
}

// A client served after blocking propagates the same way, after the push that served it (two separate
// units, as 7.0.15 sent "RPUSH q1 v1 v2" then "LPOP q1").
TEST_F(ListPropagationTest, ServedAfterBlocking) {
  // Clients of their own that may block (the server's fake clients deny it, as scripts' do).
  struct TestClient {
    explicit TestClient(uint64_t id) : client(id, nullptr, &out, &limits) { client.authenticated = true; }
    io::OutputBuffer out;
    io::RespLimits limits;
    Client client;
  };
  TestClient a(100), b(101);
  auto run_as = [&](TestClient& c, std::vector<std::string> args) {
    std::vector<std::string_view> argv(args.begin(), args.end());
    c.client.argv = argv;
    h_.server().ExecuteCommand(&c.client);
    c.client.argv.clear();
    std::string reply = c.out.ToString();
    c.out.Clear();
    return reply;
  };
  EXPECT_EQ(run_as(a, {"BLMOVE", "q2", "q3", "left", "right", "0"}), "");
  EXPECT_EQ(run_as(b, {"BLMPOP", "0", "1", "q4", "RIGHT", "COUNT", "5"}), "");
  EXPECT_EQ(h_.server().blocking().blocked_clients(), 2u);
  h_.Run({"RPUSH", "q2", "w"});
  h_.Run({"RPUSH", "q4", "1", "2"});
  EXPECT_EQ(a.out.ToString(), "$1\r\nw\r\n");
  EXPECT_EQ(b.out.ToString(), "*2\r\n$2\r\nq4\r\n*2\r\n$1\r\n2\r\n$1\r\n1\r\n");
  EXPECT_EQ(Take(), (std::vector<std::string>{"0: RPUSH q2 w", "0: LMOVE q2 q3 left right", "0: RPUSH q4 1 2",
                                              "0: RPOP q4 2"}));
  h_.server().blocking().Remove(a.client);
  h_.server().blocking().Remove(b.client);
}

}  // namespace
}  // namespace ringkv::core

// Sorted set commands through the real dispatcher: the key events (read from redis-server 7.0.15 with
// notify-keyspace-events "EAn"), the propagated stream (read from redis-server 7.0.15 with SYNC: ZADD INCR,
// ZINCRBY and ZPOPMIN with a count go out as received, ZMPOP and the served blocking pops as ZPOPMIN/ZPOPMAX
// key [count] with the count actually popped, nothing for a pop of 0 or of a missing key, the STOREs as
// received also when an empty result deleted the destination), dirty counts, WRONGTYPE everywhere, the
// encoding conversions and the value-level API (copies, heap bytes, free effort).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/client.h"
#include "core/config.h"
#include "core/propagation.h"
#include "core/server.h"
#include "core/zset_type.h"
#include "tests/unit/command_harness.h"

namespace ringkv::core {
namespace {

using test::CommandHarness;
using test::KeyEventRecorder;
using Events = std::vector<std::string>;

struct Recorder : PropagationTarget {
  std::vector<std::string> lines;
  void Feed(int db, const std::vector<std::string_view>& argv) override {
    std::string line = std::to_string(db) + ":";
    for (std::string_view a : argv) line += " " + std::string(a);
    lines.push_back(line);
  }
  std::vector<std::string> Take() { return std::exchange(lines, {}); }
};

std::string New(const std::string& key) { return "0:" + key + ":added:new:new"; }
std::string Z(const std::string& key, const std::string& ev) { return "0:" + key + ":written:z:" + ev; }
std::string Gone(const std::string& key) { return "0:" + key + ":deleted:g:del"; }

class ZsetCommandsTest : public ::testing::Test {
 protected:
  ZsetCommandsTest() { h_.server().AddPropagationTarget(&prop_); }
  Events Run(const std::vector<std::string>& argv) {
    rec_.Take();
    reply_ = h_.Run(argv);
    return rec_.Take();
  }
  void Setup(const std::vector<std::vector<std::string>>& cmds) {
    for (const auto& c : cmds) h_.Run(c);
    rec_.Take();
    prop_.Take();
  }

  CommandHarness h_;
  KeyEventRecorder rec_{h_.server()};
  Recorder prop_;
  std::string reply_;
};

TEST_F(ZsetCommandsTest, KeyEventsAsRedis) {
  EXPECT_EQ(Run({"zadd", "z", "1", "a", "2", "b"}), (Events{New("z"), Z("z", "zadd")}));
  EXPECT_EQ(Run({"zadd", "z", "1", "a"}), Events{});
  EXPECT_EQ(Run({"zadd", "z", "XX", "5", "nosuch"}), Events{});
  EXPECT_EQ(Run({"zincrby", "z", "1", "a"}), Events{Z("z", "zincr")});
  EXPECT_EQ(Run({"zadd", "z", "INCR", "1", "a"}), Events{Z("z", "zincr")});
  EXPECT_EQ(Run({"zadd", "n", "XX", "1", "a"}), Events{});
  EXPECT_EQ(Run({"zrem", "z", "a", "nosuch"}), Events{Z("z", "zrem")});
  EXPECT_EQ(Run({"zrem", "z", "b"}), (Events{Z("z", "zrem"), Gone("z")}));
  Setup({{"zadd", "z", "1", "a", "2", "b", "3", "c"}});
  EXPECT_EQ(Run({"zpopmin", "z"}), Events{Z("z", "zpopmin")});
  EXPECT_EQ(Run({"zpopmax", "z", "5"}), (Events{Z("z", "zpopmax"), Gone("z")}));
  Setup({{"zadd", "z", "1", "a", "2", "b", "3", "c"}});
  EXPECT_EQ(Run({"zremrangebyscore", "z", "5", "6"}), Events{});
  EXPECT_EQ(Run({"zremrangebyrank", "z", "0", "0"}), Events{Z("z", "zremrangebyrank")});
  EXPECT_EQ(Run({"zremrangebylex", "z", "-", "+"}), (Events{Z("z", "zremrangebylex"), Gone("z")}));
  Setup({{"zadd", "y", "1", "a"}});
  EXPECT_EQ(Run({"zunionstore", "d", "1", "y"}), (Events{New("d"), Z("d", "zunionstore")}));
  EXPECT_EQ(Run({"zinterstore", "d", "2", "y", "nokey"}), Events{Gone("d")});
  EXPECT_EQ(Run({"zinterstore", "d", "2", "y", "nokey"}), Events{});
  EXPECT_EQ(Run({"zrangestore", "d", "y", "0", "-1"}), (Events{New("d"), Z("d", "zrangestore")}));
  EXPECT_EQ(Run({"zdiffstore", "d", "1", "y"}), Events{Z("d", "zdiffstore")});
  EXPECT_EQ(Run({"zmpop", "1", "y", "MIN"}), (Events{Z("y", "zpopmin"), Gone("y")}));
  // Failures and reads emit nothing.
  Setup({{"set", "s", "v"}, {"zadd", "z", "1", "a"}});
  for (const std::vector<std::string>& argv : std::vector<std::vector<std::string>>{
           {"zadd", "s", "1", "a"}, {"zadd", "z", "nan", "a"}, {"zincrby", "z", "abc", "a"},
           {"zrange", "z", "0", "-1"}, {"zpopmin", "s"}, {"zunionstore", "d", "1", "s"}}) {
    EXPECT_EQ(Run(argv), Events{}) << argv[0];
  }
}

TEST_F(ZsetCommandsTest, PropagationAsRedis) {
  h_.Run({"zadd", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"});
  h_.Run({"zadd", "z", "INCR", "5", "a"});
  h_.Run({"zadd", "z", "NX", "1", "a"});  // no change: nothing
  h_.Run({"zincrby", "z", "1", "b"});
  h_.Run({"zpopmin", "z", "2"});
  h_.Run({"zpopmin", "z", "0"});
  h_.Run({"zpopmin", "nokey", "2"});
  h_.Run({"zpopmax", "z"});
  h_.Run({"zmpop", "2", "nokey", "z", "MIN", "COUNT", "10"});
  EXPECT_EQ(prop_.Take(), (std::vector<std::string>{"0: zadd z 1 a 2 b 3 c 4 d 5 e", "0: zadd z INCR 5 a",
                                                     "0: zincrby z 1 b", "0: zpopmin z 2", "0: zpopmax z",
                                                     "0: ZPOPMIN z 2"}));
  h_.Run({"zadd", "z", "1", "a", "2", "b", "3", "c"});
  EXPECT_EQ(h_.Run({"bzpopmin", "z", "0"}), "*3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\n1\r\n");
  h_.Run({"bzmpop", "0", "1", "z", "MAX", "COUNT", "5"});
  h_.Run({"zadd", "y", "1", "a"});
  h_.Run({"zunionstore", "u", "1", "y"});
  h_.Run({"zinterstore", "u", "2", "y", "nokey"});
  h_.Run({"zinterstore", "u", "2", "y", "nokey"});  // nothing to delete: nothing
  h_.Run({"zrangestore", "r", "y", "0", "-1"});
  h_.Run({"zrangestore", "r", "y", "5", "6"});
  h_.Run({"zrem", "y", "a", "b"});
  h_.Run({"zremrangebyscore", "nokey", "0", "1"});
  EXPECT_EQ(prop_.Take(), (std::vector<std::string>{"0: zadd z 1 a 2 b 3 c", "0: ZPOPMIN z", "0: ZPOPMAX z 2",
                                                     "0: zadd y 1 a", "0: zunionstore u 1 y",
                                                     "0: zinterstore u 2 y nokey", "0: zrangestore r y 0 -1",
                                                     "0: zrangestore r y 5 6", "0: zrem y a b"}));
}

TEST_F(ZsetCommandsTest, DirtyCountsAsRedis) {
  auto dirty = [&] { return h_.server().dirty(); };
  int64_t d0 = dirty();
  h_.Run({"zadd", "z", "1", "a", "2", "b", "3", "c"});
  EXPECT_EQ(dirty() - d0, 3);
  d0 = dirty();
  h_.Run({"zadd", "z", "CH", "1", "a", "5", "b", "9", "n"});  // one updated, one added
  EXPECT_EQ(dirty() - d0, 2);
  d0 = dirty();
  h_.Run({"zpopmin", "z", "3"});
  EXPECT_EQ(dirty() - d0, 3);
  d0 = dirty();
  h_.Run({"zremrangebyrank", "z", "0", "-1"});
  EXPECT_EQ(dirty() - d0, 1);
}

TEST_F(ZsetCommandsTest, WrongTypeOnEveryCommand) {
  h_.Run({"set", "s", "v"});
  const std::string wrongtype = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
  for (const std::vector<std::string>& argv : std::vector<std::vector<std::string>>{
           {"zadd", "s", "1", "a"}, {"zincrby", "s", "1", "a"}, {"zrem", "s", "a"}, {"zcard", "s"},
           {"zscore", "s", "a"}, {"zmscore", "s", "a"}, {"zrank", "s", "a"}, {"zrevrank", "s", "a"},
           {"zcount", "s", "0", "1"}, {"zlexcount", "s", "-", "+"}, {"zrange", "s", "0", "1"},
           {"zrangestore", "d", "s", "0", "1"}, {"zrangebyscore", "s", "0", "1"}, {"zrevrangebyscore", "s", "1", "0"},
           {"zrangebylex", "s", "-", "+"}, {"zrevrangebylex", "s", "+", "-"}, {"zrevrange", "s", "0", "1"},
           {"zremrangebyrank", "s", "0", "1"}, {"zremrangebyscore", "s", "0", "1"}, {"zremrangebylex", "s", "-", "+"},
           {"zpopmin", "s"}, {"zpopmax", "s"}, {"zmpop", "1", "s", "MIN"}, {"bzpopmin", "s", "0"},
           {"bzpopmax", "s", "0"}, {"bzmpop", "0", "1", "s", "MIN"}, {"zunion", "1", "s"}, {"zunionstore", "d", "1", "s"},
           {"zinter", "1", "s"}, {"zinterstore", "d", "1", "s"}, {"zintercard", "1", "s"}, {"zdiff", "1", "s"},
           {"zdiffstore", "d", "1", "s"}, {"zrandmember", "s"}, {"zscan", "s", "0"}}) {
    EXPECT_EQ(h_.Run(argv), wrongtype) << argv[0];
  }
}

TEST_F(ZsetCommandsTest, ConversionsAndValueOps) {
  h_.server().config().zset_max_listpack_entries = 3;
  h_.server().config().zset_max_listpack_value = 5;
  h_.Run({"zadd", "z", "1", "a", "2", "b", "3", "c"});
  EXPECT_EQ(h_.Run({"object", "encoding", "z"}), "$8\r\nlistpack\r\n");
  h_.Run({"zadd", "z", "4", "d"});
  EXPECT_EQ(h_.Run({"object", "encoding", "z"}), "$8\r\nskiplist\r\n");
  h_.Run({"zadd", "w", "1", "abcdef"});
  EXPECT_EQ(h_.Run({"object", "encoding", "w"}), "$8\r\nskiplist\r\n");
  // Never back: emptied to one member it stays a skiplist.
  h_.Run({"zrem", "z", "a", "b", "c"});
  EXPECT_EQ(h_.Run({"object", "encoding", "z"}), "$8\r\nskiplist\r\n");

  RegisterZsetEncodings();
  ZsetLimits lim;
  Value lp = NewListpackZset();
  Value sl = NewSkiplistZset();
  for (int i = 0; i < 100; ++i) {
    const std::string m = "member" + std::to_string(i);
    ZaddPlan plan = ZsetPlanAdd(&lp, i, m, 0);
    ASSERT_TRUE(plan.Changes());
    ZsetApplyAdd(lp, m, plan, lim);
    plan = ZsetPlanAdd(&sl, i, m, 0);
    ZsetApplyAdd(sl, m, plan, lim);
  }
  EXPECT_EQ(lp.encoding(), Encoding::kListpack);
  EXPECT_EQ(ZsetLength(lp), 100u);
  EXPECT_EQ(ZsetRank(lp, "member10", false), 10);
  EXPECT_EQ(ZsetRank(sl, "member10", true), 89);
  EXPECT_GE(lp.HeapBytes(), 100u * 10);
  EXPECT_GE(sl.HeapBytes(), 100u * (24 + 16 + 8));
  EXPECT_EQ(lp.FreeEffort(), 1u);
  EXPECT_EQ(sl.FreeEffort(), 100u);
  Value copy;
  ASSERT_TRUE(copy.CopyFrom(sl));
  ASSERT_TRUE(ZsetDel(sl, "member5"));
  double score;
  EXPECT_TRUE(ZsetScore(copy, "member5", &score));
  EXPECT_EQ(score, 5);
  Value lcopy;
  ASSERT_TRUE(lcopy.CopyFrom(lp));
  ZsetConvertToSkiplist(lp);
  EXPECT_EQ(lp.encoding(), Encoding::kSkiplist);
  EXPECT_EQ(ZsetLength(lp), 100u);
  EXPECT_EQ(lcopy.encoding(), Encoding::kListpack);
  EXPECT_EQ(lp.Ptr<ds::ZSet>()->CheckInvariants(), "");
}

}  // namespace
}  // namespace ringkv::core

// Pub/sub through the real dispatcher (CommandHarness): subscription replies and counts, delivery order and
// receivers, patterns and shard channels, the RESP2 subscribe mode, RESET, keyspace notifications. Subscribers
// are fake clients of the server with their own output buffers.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/pubsub.h"
#include "tests/unit/command_harness.h"

namespace ringkv::core {
namespace {

// RESP2 encoding of an array of bulk strings (ints as ":n").
std::string Arr(std::initializer_list<std::string> items, char head = '*') {
  std::string out = head + std::to_string(items.size()) + "\r\n";
  for (const std::string& s : items) {
    if (!s.empty() && s[0] == ':') {
      out += s + "\r\n";
    } else {
      out += "$" + std::to_string(s.size()) + "\r\n" + s + "\r\n";
    }
  }
  return out;
}

class PubSubTest : public ::testing::Test {
 protected:
  // A subscriber: a fake client allowed to subscribe (fake clients deny blocking, hence SUBSCRIBE, by default).
  Client* NewSubscriber() {
    Client* c = h_.server().CreateFakeClient();
    c->deny_blocking = false;
    return c;
  }
  std::string RunOn(Client* c, const std::vector<std::string>& argv) { return h_.RunAs(c, argv); }
  static std::string Take(Client* c) { return test::CommandHarness::TakeOutput(c); }

  test::CommandHarness h_;
};

TEST_F(PubSubTest, SubscribeRepliesOnePerChannelWithTheRunningCount) {
  Client* s = NewSubscriber();
  EXPECT_EQ(RunOn(s, {"SUBSCRIBE", "a", "b", "a"}),
            Arr({"subscribe", "a", ":1"}) + Arr({"subscribe", "b", ":2"}) + Arr({"subscribe", "a", ":2"}));
  EXPECT_EQ(RunOn(s, {"PSUBSCRIBE", "x*"}), Arr({"psubscribe", "x*", ":3"}));
  // Shard channels count apart.
  EXPECT_EQ(RunOn(s, {"SSUBSCRIBE", "sh"}), Arr({"ssubscribe", "sh", ":1"}));
  EXPECT_TRUE(s->in_pubsub());
  EXPECT_EQ(h_.server().pubsub().channel_count(), 2u);
  EXPECT_EQ(h_.server().pubsub().pattern_count(), 1u);
  EXPECT_EQ(h_.server().pubsub().shard_channel_count(), 1u);
}

TEST_F(PubSubTest, PublishDeliversInSubscriptionOrderAndCountsEachSubscription) {
  Client* s1 = NewSubscriber();
  Client* s2 = NewSubscriber();
  RunOn(s2, {"SUBSCRIBE", "news"});
  RunOn(s1, {"SUBSCRIBE", "news"});
  RunOn(s1, {"PSUBSCRIBE", "n*", "*s"});
  // s2 and s1 on the channel, then s1 once per matching pattern.
  EXPECT_EQ(h_.Run({"PUBLISH", "news", "hi"}), ":4\r\n");
  EXPECT_EQ(Take(s2), Arr({"message", "news", "hi"}));
  const std::string got = Take(s1);
  EXPECT_EQ(got.substr(0, Arr({"message", "news", "hi"}).size()), Arr({"message", "news", "hi"}));
  EXPECT_NE(got.find(Arr({"pmessage", "n*", "news", "hi"})), std::string::npos);
  EXPECT_NE(got.find(Arr({"pmessage", "*s", "news", "hi"})), std::string::npos);
  EXPECT_EQ(h_.Run({"PUBLISH", "nobody", "x"}), ":1\r\n");  // n* only
  EXPECT_EQ(Take(s1), Arr({"pmessage", "n*", "nobody", "x"}));
  EXPECT_EQ(h_.Run({"PUBLISH", "zzz", "x"}), ":0\r\n");
}

TEST_F(PubSubTest, Resp3SubscribersGetPushes) {
  Client* s = NewSubscriber();
  RunOn(s, {"HELLO", "3"});
  EXPECT_EQ(RunOn(s, {"SUBSCRIBE", "c"}), Arr({"subscribe", "c", ":1"}, '>'));
  EXPECT_EQ(h_.Run({"PUBLISH", "c", "m"}), ":1\r\n");
  EXPECT_EQ(Take(s), Arr({"message", "c", "m"}, '>'));
  // No subscribe mode in RESP3; a publish to itself pushes before its reply.
  EXPECT_EQ(RunOn(s, {"PUBLISH", "c", "me"}), Arr({"message", "c", "me"}, '>') + ":1\r\n");
  EXPECT_EQ(RunOn(s, {"UNSUBSCRIBE"}), Arr({"unsubscribe", "c", ":0"}, '>'));
  EXPECT_EQ(RunOn(s, {"UNSUBSCRIBE"}), ">3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n");
}

TEST_F(PubSubTest, ShardMessagesReachOnlyShardSubscribers) {
  Client* s = NewSubscriber();
  Client* p = NewSubscriber();
  RunOn(s, {"SSUBSCRIBE", "sh"});
  RunOn(p, {"PSUBSCRIBE", "*"});
  EXPECT_EQ(h_.Run({"SPUBLISH", "sh", "m"}), ":1\r\n");
  EXPECT_EQ(Take(s), Arr({"smessage", "sh", "m"}));
  EXPECT_EQ(Take(p), "");
  EXPECT_EQ(h_.Run({"PUBLISH", "sh", "m"}), ":1\r\n");
  EXPECT_EQ(Take(s), "");
}

TEST_F(PubSubTest, UnsubscribeAllRepliesPerChannelOrOnceWithNull) {
  Client* s = NewSubscriber();
  EXPECT_EQ(RunOn(s, {"UNSUBSCRIBE"}), "*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n");
  EXPECT_EQ(RunOn(s, {"PUNSUBSCRIBE"}), "*3\r\n$12\r\npunsubscribe\r\n$-1\r\n:0\r\n");
  EXPECT_FALSE(s->in_pubsub());
  RunOn(s, {"SUBSCRIBE", "a", "b"});
  RunOn(s, {"PSUBSCRIBE", "p"});
  const std::string all = RunOn(s, {"UNSUBSCRIBE"});
  // Two replies, the counts going 2 then 1 (the pattern stays); the order of the names is unspecified.
  EXPECT_NE(all.find(":2\r\n"), std::string::npos);
  EXPECT_NE(all.find(":1\r\n"), std::string::npos);
  EXPECT_EQ(h_.server().pubsub().channel_count(), 0u);
  EXPECT_TRUE(s->in_pubsub());
  EXPECT_EQ(RunOn(s, {"PUNSUBSCRIBE", "p", "q"}),
            Arr({"punsubscribe", "p", ":0"}) + Arr({"punsubscribe", "q", ":0"}));
  EXPECT_FALSE(s->in_pubsub());
  EXPECT_EQ(h_.server().pubsub().pattern_count(), 0u);
}

TEST_F(PubSubTest, Resp2SubscribeModeAllowsOnlyItsCommands) {
  Client* s = NewSubscriber();
  RunOn(s, {"SUBSCRIBE", "a"});
  EXPECT_EQ(RunOn(s, {"GET", "k"}),
            "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed "
            "in this context\r\n");
  EXPECT_EQ(RunOn(s, {"CLIENT", "ID"}).substr(0, 34), "-ERR Can't execute 'client|id': on");
  EXPECT_EQ(RunOn(s, {"PING"}), Arr({"pong", ""}));
  EXPECT_EQ(RunOn(s, {"PING", "x"}), Arr({"pong", "x"}));
  EXPECT_EQ(RunOn(s, {"RESET"}), "+RESET\r\n");
  EXPECT_FALSE(s->in_pubsub());
  EXPECT_EQ(h_.server().pubsub().channel_count(), 0u);
  EXPECT_EQ(RunOn(s, {"PING"}), "+PONG\r\n");
}

TEST_F(PubSubTest, FreeingAClientDropsItsSubscriptions) {
  Client* s = NewSubscriber();
  RunOn(s, {"SUBSCRIBE", "a"});
  RunOn(s, {"PSUBSCRIBE", "a*"});
  h_.server().FreeFakeClient(s);
  EXPECT_EQ(h_.server().pubsub().channel_count(), 0u);
  EXPECT_EQ(h_.server().pubsub().pattern_count(), 0u);
  EXPECT_EQ(h_.Run({"PUBLISH", "a", "x"}), ":0\r\n");
}

TEST_F(PubSubTest, SsubscribeIsRefusedToAClientThatMayNotBlock) {
  Client* s = h_.server().CreateFakeClient();  // denies blocking, as a script's client
  EXPECT_EQ(RunOn(s, {"SSUBSCRIBE", "a"}), "-ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client\r\n");
  EXPECT_EQ(RunOn(s, {"SUBSCRIBE", "a"}), "-ERR SUBSCRIBE isn't allowed for a DENY BLOCKING client\r\n");
  EXPECT_FALSE(s->in_pubsub());
}

TEST_F(PubSubTest, PubsubIntrospection) {
  Client* s = NewSubscriber();
  RunOn(s, {"SUBSCRIBE", "ab", "ac", "b"});
  RunOn(s, {"SSUBSCRIBE", "sa"});
  EXPECT_EQ(h_.Run({"PUBSUB", "NUMSUB", "ab", "zz"}), Arr({"ab", ":1", "zz", ":0"}));
  EXPECT_EQ(h_.Run({"PUBSUB", "SHARDNUMSUB", "sa", "ab"}), Arr({"sa", ":1", "ab", ":0"}));
  EXPECT_EQ(h_.Run({"PUBSUB", "CHANNELS", "b"}), Arr({"b"}));
  EXPECT_EQ(h_.Run({"PUBSUB", "CHANNELS", "a*"}).substr(0, 4), "*2\r\n");
  EXPECT_EQ(h_.Run({"PUBSUB", "CHANNELS"}).substr(0, 4), "*3\r\n");
  EXPECT_EQ(h_.Run({"PUBSUB", "SHARDCHANNELS"}), Arr({"sa"}));
  EXPECT_EQ(h_.Run({"PUBSUB", "NUMPAT"}), ":0\r\n");
}

TEST_F(PubSubTest, KeyspaceNotificationsFollowTheConfiguredClasses) {
  Client* s = NewSubscriber();
  RunOn(s, {"PSUBSCRIBE", "__key*"});
  h_.Run({"CONFIG", "SET", "notify-keyspace-events", "KEA"});
  h_.Run({"SET", "k", "v"});
  EXPECT_EQ(Take(s), Arr({"pmessage", "__key*", "__keyspace@0__:k", "set"}) +
                         Arr({"pmessage", "__key*", "__keyevent@0__:set", "k"}));
  h_.Run({"GET", "missing"});  // m is not part of A
  h_.Run({"LPUSH", "new", "x"});  // nor n
  EXPECT_EQ(Take(s), Arr({"pmessage", "__key*", "__keyspace@0__:new", "lpush"}) +
                         Arr({"pmessage", "__key*", "__keyevent@0__:lpush", "new"}));
  h_.Run({"CONFIG", "SET", "notify-keyspace-events", "Enm"});
  h_.Run({"GET", "missing"});
  h_.Run({"OBJECT", "ENCODING", "missing"});  // OBJECT looks up without notifying
  h_.Run({"SELECT", "3"});
  h_.Run({"SET", "k3", "v"});
  h_.Run({"SELECT", "0"});
  EXPECT_EQ(Take(s), Arr({"pmessage", "__key*", "__keyevent@0__:keymiss", "missing"}) +
                         Arr({"pmessage", "__key*", "__keyevent@3__:new", "k3"}));
  h_.Run({"CONFIG", "SET", "notify-keyspace-events", "Kg"});
  h_.Run({"SET", "k2", "v"});  // $ not enabled
  h_.Run({"DEL", "k2"});
  EXPECT_EQ(Take(s), Arr({"pmessage", "__key*", "__keyspace@0__:k2", "del"}));
}

}  // namespace
}  // namespace ringkv::core

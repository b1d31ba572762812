// Client-side caching: the tracking table (sessions per key, growth, sweep of ended sessions, random
// eviction) and, through the real dispatcher (CommandHarness), what RESP3 tracking clients receive: default
// mode, own writes after the reply, NOLOOP, OPTIN/OPTOUT, BCAST, flushes, the table limit, scripts and EXEC.
// Clients are fake clients of the server with their own output buffers; the exact bytes are checked.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/tracking.h"
#include "tests/unit/command_harness.h"

namespace ringkv::core {
namespace {

// ---- the table ----

std::vector<uint64_t> SessionsOf(const TrackedKeyPtr& k) { return {k->sessions().begin(), k->sessions().end()}; }

TEST(TrackingTableTest, AddCountsEachKeySessionPairOnce) {
  TrackingTable t;
  EXPECT_TRUE(t.Add("k", 7));
  EXPECT_FALSE(t.Add("k", 7));
  EXPECT_TRUE(t.Add("k", 3));
  EXPECT_TRUE(t.Add("other", 7));
  EXPECT_EQ(t.keys(), 2u);
  EXPECT_EQ(t.items(), 3u);
  TrackedKeyPtr k = t.Take("k");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->key(), "k");
  EXPECT_EQ(SessionsOf(k), (std::vector<uint64_t>{3, 7}));
  EXPECT_EQ(t.keys(), 1u);
  EXPECT_EQ(t.items(), 1u);
  EXPECT_EQ(t.Take("k"), nullptr);
}

TEST(TrackingTableTest, ManySessionsOfOneKeyStaySortedAcrossBlockGrowth) {
  TrackingTable t;
  const std::string key(37, 'x');  // a length that needs padding before the ids
  std::vector<uint64_t> want;
  for (uint64_t s = 100; s >= 1; --s) {  // descending: every insert goes to the front
    EXPECT_TRUE(t.Add(key, s * 3));
    want.push_back(s * 3);
  }
  for (uint64_t s = 1; s <= 100; ++s) EXPECT_FALSE(t.Add(key, s * 3));
  EXPECT_EQ(t.items(), 100u);
  std::sort(want.begin(), want.end());
  TrackedKeyPtr k = t.Take(key);
  EXPECT_EQ(k->key(), key);
  EXPECT_EQ(SessionsOf(k), want);
}

TEST(TrackingTableTest, BlockBytesIsHeaderPaddedKeyAndPowerOfTwoRoom) {
  EXPECT_EQ(TrackedKey::BlockBytes(16, 1), 8u + 16u + 8u);  // the one-reader key of the header's example
  EXPECT_EQ(TrackedKey::BlockBytes(17, 1), 8u + 24u + 8u);
  EXPECT_EQ(TrackedKey::BlockBytes(0, 3), 8u + 0u + 4u * 8u);
}

TEST(TrackingTableTest, SweepRemovesEndedSessionsAndTheKeysLeftWithNone) {
  TrackingTable t;
  for (int i = 0; i < 5000; ++i) {
    const std::string key = "key:" + std::to_string(i);
    t.Add(key, 1);
    if (i % 2 == 0) t.Add(key, 2);
  }
  EXPECT_EQ(t.items(), 7500u);
  const auto live = [](uint64_t s) { return s == 2; };
  uint64_t cursor = 0;
  int calls = 0;
  do {
    cursor = t.Sweep(cursor, 500, live);
    ++calls;
  } while (cursor != 0 && calls < 1000);
  EXPECT_EQ(cursor, 0u);
  EXPECT_GT(calls, 1);  // bounded steps, not one pass
  EXPECT_EQ(t.keys(), 2500u);
  EXPECT_EQ(t.items(), 2500u);
  EXPECT_EQ(t.Take("key:1"), nullptr);
  EXPECT_EQ(SessionsOf(t.Take("key:2")), std::vector<uint64_t>{2});
}

TEST(TrackingTableTest, TakeRandomEmptiesTheTable) {
  TrackingTable t;
  absl::BitGen rng;
  std::set<std::string> keys;
  for (int i = 0; i < 300; ++i) {
    keys.insert("k" + std::to_string(i));
    t.Add("k" + std::to_string(i), 1 + i % 3);
  }
  std::set<std::string> taken;
  while (TrackedKeyPtr k = t.TakeRandom(rng)) taken.insert(std::string(k->key()));
  EXPECT_EQ(taken, keys);
  EXPECT_EQ(t.keys(), 0u);
  EXPECT_EQ(t.items(), 0u);
}

// ---- the server ----

// RESP encodings of what a tracking client reads.
std::string Bulk(std::string_view s) { return "$" + std::to_string(s.size()) + "\r\n" + std::string(s) + "\r\n"; }
std::string Invalidate(std::initializer_list<std::string_view> keys) {
  std::string out = ">2\r\n" + Bulk("invalidate") + "*" + std::to_string(keys.size()) + "\r\n";
  for (std::string_view k : keys) out += Bulk(k);
  return out;
}
const std::string kInvalidateAll = ">2\r\n" + Bulk("invalidate") + "_\r\n";

class TrackingTest : public ::testing::Test {
 protected:
  // A RESP3 client with CLIENT TRACKING ON and these options.
  Client* Tracker(std::vector<std::string> options = {}) {
    Client* c = h_.server().CreateFakeClient();
    RunOn(c, {"HELLO", "3"});
    std::vector<std::string> argv{"CLIENT", "TRACKING", "on"};
    argv.insert(argv.end(), options.begin(), options.end());
    EXPECT_EQ(RunOn(c, argv), "+OK\r\n");
    return c;
  }
  std::string RunOn(Client* c, const std::vector<std::string>& argv) { return h_.RunAs(c, argv); }
  static std::string Take(Client* c) { return test::CommandHarness::TakeOutput(c); }
  Tracking& tracking() { return h_.server().tracking(); }

  test::CommandHarness h_;
};

TEST_F(TrackingTest, AReadKeyIsInvalidatedOnceByAnotherClientsWrite) {
  Client* a = Tracker();
  h_.Run({"SET", "k", "1"});
  EXPECT_EQ(RunOn(a, {"GET", "k"}), Bulk("1"));
  EXPECT_EQ(RunOn(a, {"GET", "missing"}), "_\r\n");  // a miss is cached too
  EXPECT_EQ(tracking().total_keys(), 2u);
  h_.Run({"SET", "k", "2"});
  EXPECT_EQ(Take(a), Invalidate({"k"}));
  h_.Run({"SET", "k", "3"});  // forgotten until read again
  EXPECT_EQ(Take(a), "");
  h_.Run({"LPUSH", "missing", "x"});
  EXPECT_EQ(Take(a), Invalidate({"missing"}));
  EXPECT_EQ(tracking().total_keys(), 0u);
  // The table is not per db: a write in db 1 invalidates a read in db 0.
  RunOn(a, {"GET", "k"});
  h_.Run({"SELECT", "1"});
  h_.Run({"SET", "k", "other db"});
  EXPECT_EQ(Take(a), Invalidate({"k"}));
}

TEST_F(TrackingTest, DeleteExpireAndMultiKeyReadsInvalidate) {
  Client* a = Tracker();
  h_.Run({"MSET", "a", "1", "b", "2", "c", "3"});
  RunOn(a, {"MGET", "a", "b", "c"});
  EXPECT_EQ(tracking().total_keys(), 3u);
  h_.Run({"DEL", "a", "b"});
  EXPECT_EQ(Take(a), Invalidate({"a"}) + Invalidate({"b"}));
  h_.Run({"PEXPIRE", "c", "100000"});  // a TTL change is a change
  EXPECT_EQ(Take(a), Invalidate({"c"}));
  // Expiry reaching the key (here lazily, by a read of another client) invalidates it.
  h_.Run({"SET", "c", "3", "PX", "100"});
  EXPECT_EQ(RunOn(a, {"GET", "c"}), Bulk("3"));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (h_.Run({"GET", "c"}) != "$-1\r\n" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(Take(a), Invalidate({"c"}));
}

TEST_F(TrackingTest, OwnWritesAreInvalidatedAfterTheReplyAndNotWithNoloop) {
  Client* a = Tracker();
  RunOn(a, {"GET", "k"});
  EXPECT_EQ(RunOn(a, {"SET", "k", "v"}), "+OK\r\n" + Invalidate({"k"}));
  // A transaction's own invalidations follow the whole EXEC reply.
  RunOn(a, {"GET", "k"});
  RunOn(a, {"MULTI"});
  RunOn(a, {"SET", "k", "w"});
  RunOn(a, {"GET", "k"});  // read again inside: tracked again
  EXPECT_EQ(RunOn(a, {"EXEC"}), "*2\r\n+OK\r\n" + Bulk("w") + Invalidate({"k"}));
  EXPECT_EQ(tracking().total_keys(), 1u);

  Client* n = Tracker({"NOLOOP"});
  RunOn(n, {"GET", "k"});
  EXPECT_EQ(RunOn(n, {"SET", "k", "x"}), "+OK\r\n");  // its own change: nothing
  EXPECT_EQ(Take(a), Invalidate({"k"}));
  RunOn(n, {"GET", "k"});
  h_.Run({"SET", "k", "y"});
  EXPECT_EQ(Take(n), Invalidate({"k"}));
  // Its scripts' writes are its own too (Redis compares with the top-level call's client).
  RunOn(n, {"GET", "k"});
  EXPECT_EQ(RunOn(n, {"EVAL", "return redis.call('set', KEYS[1], 'z')", "1", "k"}), "+OK\r\n");
  // A flush inside its own transaction comes after the EXEC reply, after the keys it invalidated first.
  RunOn(a, {"GET", "k"});
  RunOn(a, {"MULTI"});
  RunOn(a, {"SET", "k", "1"});
  RunOn(a, {"FLUSHDB"});
  EXPECT_EQ(RunOn(a, {"EXEC"}), "*2\r\n+OK\r\n+OK\r\n" + Invalidate({"k"}) + kInvalidateAll);
}

TEST_F(TrackingTest, AScriptsReadTracksItsDeclaredKeysForTheCaller) {
  Client* a = Tracker();
  h_.Run({"SET", "s", "1"});
  // Redis 7.0.15: the declared keys (the caller's command's), not what the script read.
  EXPECT_EQ(RunOn(a, {"EVAL", "return redis.call('get', 'undeclared')", "2", "s", "t"}), "_\r\n");
  EXPECT_EQ(tracking().total_keys(), 2u);
  h_.Run({"MSET", "s", "2", "t", "2", "undeclared", "2"});
  EXPECT_EQ(Take(a), Invalidate({"s"}) + Invalidate({"t"}));
  // A script that reads nothing tracks nothing, EVAL_RO included; inside EXEC the EVAL is the caller's command.
  RunOn(a, {"EVAL_RO", "return 1", "1", "s"});
  RunOn(a, {"EVAL", "return redis.call('set', KEYS[1], 'x')", "1", "s"});
  EXPECT_EQ(tracking().total_keys(), 0u);
  RunOn(a, {"MULTI"});
  RunOn(a, {"EVAL_RO", "return redis.call('get', KEYS[1])", "1", "r"});
  RunOn(a, {"GET", "g"});
  RunOn(a, {"EXEC"});
  h_.Run({"MSET", "r", "1", "g", "1"});
  EXPECT_EQ(Take(a), Invalidate({"r"}) + Invalidate({"g"}));
}

TEST_F(TrackingTest, OptinTracksOnlyTheCommandAfterCachingYes) {
  Client* a = Tracker({"OPTIN"});
  RunOn(a, {"GET", "k"});
  EXPECT_EQ(tracking().total_keys(), 0u);
  EXPECT_EQ(RunOn(a, {"CLIENT", "CACHING", "yes"}), "+OK\r\n");
  RunOn(a, {"GET", "k"});
  RunOn(a, {"GET", "k2"});  // the flag lasted one command
  EXPECT_EQ(tracking().total_keys(), 1u);
  // ... or one transaction.
  RunOn(a, {"CLIENT", "CACHING", "yes"});
  RunOn(a, {"MULTI"});
  RunOn(a, {"GET", "m1"});
  RunOn(a, {"GET", "m2"});
  RunOn(a, {"EXEC"});
  RunOn(a, {"GET", "m3"});
  EXPECT_EQ(tracking().total_keys(), 3u);
  h_.Run({"MSET", "k", "1", "k2", "1", "m1", "1", "m2", "1", "m3", "1"});
  EXPECT_EQ(Take(a), Invalidate({"k"}) + Invalidate({"m1"}) + Invalidate({"m2"}));

  Client* b = Tracker({"OPTOUT"});
  RunOn(b, {"CLIENT", "CACHING", "no"});
  RunOn(b, {"GET", "skipped"});
  RunOn(b, {"GET", "kept"});
  h_.Run({"MSET", "skipped", "1", "kept", "1"});
  EXPECT_EQ(Take(b), Invalidate({"kept"}));
}

TEST_F(TrackingTest, BcastSendsEachPrefixsChangesOncePerTurn) {
  Client* a = Tracker({"BCAST", "PREFIX", "user:", "PREFIX", "cfg"});
  Client* all = Tracker({"BCAST", "NOLOOP"});
  EXPECT_EQ(tracking().total_prefixes(), 3u);  // "user:", "cfg", ""
  h_.Run({"SET", "user:2", "x"});
  h_.Run({"SET", "other", "x"});
  h_.Run({"SET", "user:1", "x"});
  h_.Run({"SET", "cfg", "x"});
  RunOn(all, {"SET", "mine", "x"});  // NOLOOP: left out of its own message
  EXPECT_EQ(Take(a), "");  // nothing before the turn ends
  tracking().BeforeSleep();
  EXPECT_EQ(Take(a), Invalidate({"cfg"}) + Invalidate({"user:1", "user:2"}));
  EXPECT_EQ(Take(all), Invalidate({"cfg", "other", "user:1", "user:2"}));
  tracking().BeforeSleep();
  EXPECT_EQ(Take(a), "");
  // Nothing remembered per key in BCAST mode.
  RunOn(a, {"GET", "user:1"});
  EXPECT_EQ(tracking().total_keys(), 0u);
  RunOn(all, {"CLIENT", "TRACKING", "off"});
  EXPECT_EQ(tracking().total_prefixes(), 2u);
}

TEST_F(TrackingTest, FlushSendsOneNullToEveryTrackingClient) {
  Client* a = Tracker();
  Client* b = Tracker({"BCAST"});
  for (int i = 0; i < 200; ++i) RunOn(a, {"GET", "k" + std::to_string(i)});
  EXPECT_EQ(tracking().total_keys(), 200u);
  h_.Run({"SET", "x", "1"});
  h_.Run({"FLUSHALL"});
  EXPECT_EQ(Take(a), kInvalidateAll);
  EXPECT_EQ(tracking().total_keys(), 0u);
  EXPECT_EQ(tracking().total_items(), 0u);
  tracking().BeforeSleep();
  EXPECT_EQ(Take(b), kInvalidateAll + Invalidate({"x"}));  // the flush at once, the turn's change after
  RunOn(a, {"GET", "k"});
  h_.Run({"FLUSHDB"});
  EXPECT_EQ(Take(a), kInvalidateAll);
}

TEST_F(TrackingTest, TheTableLimitForgetsRandomKeysWithAnInvalidationBeforeTheNextCommand) {
  Client* a = Tracker();
  h_.Run({"CONFIG", "SET", "tracking-table-max-keys", "3"});
  for (int i = 0; i < 8; ++i) RunOn(a, {"GET", "k" + std::to_string(i)});
  // Each GET adds one key past the limit; the next command forgets one, with its message before its reply.
  EXPECT_EQ(tracking().total_keys(), 4u);
  const std::string out = RunOn(a, {"PING"});
  EXPECT_TRUE(out.starts_with(">2\r\n$10\r\ninvalidate\r\n*1\r\n$2\r\nk")) << out;
  EXPECT_TRUE(out.ends_with("\r\n+PONG\r\n")) << out;
  EXPECT_EQ(tracking().total_keys(), 3u);
  h_.Run({"CONFIG", "SET", "tracking-table-max-keys", "0"});  // 0: no limit
  for (int i = 0; i < 20; ++i) RunOn(a, {"GET", "z" + std::to_string(i)});
  EXPECT_EQ(tracking().total_keys(), 23u);
  // Lowered far below the table: the cron catches up in bounded steps.
  h_.Run({"CONFIG", "SET", "tracking-table-max-keys", "1"});
  Take(a);
  tracking().Cron();
  EXPECT_EQ(tracking().total_keys(), 1u);
  const std::string msgs = Take(a);
  size_t n = 0;
  for (size_t p = msgs.find("invalidate"); p != std::string::npos; p = msgs.find("invalidate", p + 1)) ++n;
  EXPECT_EQ(n, 22u);
}

TEST_F(TrackingTest, OffAndTheClientsEndLeaveNothingBehind) {
  Client* a = Tracker();
  Client* b = Tracker();
  for (int i = 0; i < 100; ++i) {
    RunOn(a, {"GET", "k" + std::to_string(i)});
    if (i % 2 == 0) RunOn(b, {"GET", "k" + std::to_string(i)});
  }
  EXPECT_EQ(tracking().total_items(), 150u);
  EXPECT_EQ(tracking().tracking_clients(), 2u);
  RunOn(a, {"CLIENT", "TRACKING", "off"});
  EXPECT_EQ(tracking().tracking_clients(), 1u);
  // Off and on again: a new session; what it read before is not its business any more.
  RunOn(a, {"CLIENT", "TRACKING", "on"});
  h_.Run({"SET", "k1", "x"});
  EXPECT_EQ(Take(a), "");
  tracking().Cron();
  EXPECT_EQ(tracking().total_items(), 50u);  // b's keys (the even ones) are all that is left
  EXPECT_EQ(tracking().total_keys(), 50u);
  h_.server().FreeFakeClient(b);
  h_.server().FreeFakeClient(a);
  EXPECT_EQ(tracking().tracking_clients(), 0u);
  tracking().Cron();
  EXPECT_EQ(tracking().total_keys(), 0u);
  EXPECT_EQ(tracking().total_items(), 0u);
}

TEST_F(TrackingTest, TrackinginfoGetredirAndCachingErrors) {
  Client* c = h_.server().CreateFakeClient();
  RunOn(c, {"HELLO", "3"});
  EXPECT_EQ(RunOn(c, {"CLIENT", "TRACKINGINFO"}),
            "%3\r\n" + Bulk("flags") + "~1\r\n" + Bulk("off") + Bulk("redirect") + ":-1\r\n" + Bulk("prefixes") +
                "*0\r\n");
  EXPECT_EQ(RunOn(c, {"CLIENT", "GETREDIR"}), ":-1\r\n");
  EXPECT_EQ(RunOn(c, {"CLIENT", "CACHING", "maybe"}),
            "-ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode "
            "enabled\r\n");
  RunOn(c, {"CLIENT", "TRACKING", "on", "OPTIN", "NOLOOP"});
  EXPECT_EQ(RunOn(c, {"CLIENT", "CACHING", "no"}),
            "-ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.\r\n");
  EXPECT_EQ(RunOn(c, {"CLIENT", "CACHING", "maybe"}), "-ERR syntax error\r\n");
  RunOn(c, {"CLIENT", "CACHING", "yes"});
  EXPECT_EQ(RunOn(c, {"CLIENT", "TRACKINGINFO"}),
            "%3\r\n" + Bulk("flags") + "~4\r\n" + Bulk("on") + Bulk("optin") + Bulk("caching-yes") +
                Bulk("noloop") + Bulk("redirect") + ":0\r\n" + Bulk("prefixes") + "*0\r\n");
  EXPECT_EQ(RunOn(c, {"CLIENT", "GETREDIR"}), ":0\r\n");
  EXPECT_EQ(RunOn(c, {"CLIENT", "TRACKING", "on", "BCAST"}),
            "-ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then "
            "re-enabling it with a different mode.\r\n");
  RunOn(c, {"CLIENT", "TRACKING", "off"});
  RunOn(c, {"CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "b", "PREFIX", "a"});
  EXPECT_EQ(RunOn(c, {"CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "ab"}),
            "-ERR Prefix 'ab' overlaps with an existing prefix 'a'. Prefixes for a single client must not "
            "overlap.\r\n");
  RunOn(c, {"CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "c"});  // prefixes add up
  EXPECT_EQ(RunOn(c, {"CLIENT", "TRACKINGINFO"}),
            "%3\r\n" + Bulk("flags") + "~2\r\n" + Bulk("on") + Bulk("bcast") + Bulk("redirect") + ":0\r\n" +
                Bulk("prefixes") + "*3\r\n" + Bulk("a") + Bulk("b") + Bulk("c"));
  RunOn(c, {"RESET"});
  EXPECT_EQ(RunOn(c, {"CLIENT", "GETREDIR"}), ":-1\r\n");
  EXPECT_EQ(tracking().tracking_clients(), 0u);
  EXPECT_EQ(tracking().total_prefixes(), 0u);
}

}  // namespace
}  // namespace ringkv::core

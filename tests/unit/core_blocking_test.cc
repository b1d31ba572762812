// Blocking (core/blocking.h) through the real dispatcher with several fake clients, before any real blocking
// command exists: the test binds test-only handlers to a server's own command table (the names' metadata is
// Redis's; the handlers here pop and push a TestStructure stored as a list):
//   BLMPOP <timeout> <numkeys> <key>... LEFT [COUNT n]   pops n items (default 1) from the first key holding at
//                                                       least n, the key that woke it first; else blocks
//   BRPOPLPUSH <src> <dst> <timeout>                     pops one item from src and pushes it to dst; blocks
//                                                       with a null-bulk timeout reply
//   RPUSH <key> <item>...                                appends items ("rpush" event)
//   EVAL <ignored> <n> <key>...                          runs RPUSH key x for each key as nested calls (a
//                                                       script or EXEC), then replies how many still wait on
//                                                       the first key
// Timeouts use an injected clock: the test calls Blocking::HandleTimeouts with times it chooses around the
// deadlines the commands computed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/blocking.h"
#include "core/client.h"
#include "core/client_info.h"
#include "core/context.h"
#include "core/propagation.h"
#include "core/server.h"
#include "tests/unit/command_harness.h"
#include "tests/unit/core_test_structure.h"

namespace ringkv::core {
namespace {

using test::TestStructure;

const TestStructure* ListAt(CommandContext& ctx, std::string_view key) {
  Entry* e = ctx.LookupWrite(key);
  if (e == nullptr || e->value().type() != TestStructure::kType) return nullptr;
  return e->value().Ptr<TestStructure>();
}

// Pops n items from key if it holds at least n; replies [key, item...]. Deletes the emptied key.
bool PopIfAtLeast(CommandContext& ctx, std::string_view key, size_t n) {
  const TestStructure* t = ListAt(ctx, key);
  if (t == nullptr || t->items.size() < n) return false;
  Entry* e = ctx.LookupWrite(key);
  TestStructure* w = ctx.db->Write(e, kNotifyList, "lpop").MutablePtr<TestStructure>();
  ctx.rb.ArrayHeader(n + 1);
  ctx.rb.Bulk(key);
  for (size_t i = 0; i < n; ++i) ctx.rb.Bulk(w->items[i]);
  w->items.erase(w->items.begin(), w->items.begin() + static_cast<long>(n));
  if (w->items.empty()) ctx.db->Delete(e);
  ctx.Dirty(1);
  ctx.PropagateAs({"LPOP", std::string(key), std::to_string(n)});
  return true;
}

void TestBlmpop(CommandContext& ctx) {
  int64_t deadline_ms;
  if (!ctx.TimeoutOrReply(ctx.argv[1], TimeoutUnit::kSeconds, &deadline_ms)) return;
  int64_t numkeys;
  if (!ctx.Int64OrReply(ctx.argv[2], &numkeys)) return;
  std::span<const std::string_view> keys(ctx.argv.data() + 3, static_cast<size_t>(numkeys));
  size_t count = 1;
  if (ctx.argc() == static_cast<size_t>(5 + numkeys + 1)) count = std::stoul(std::string(ctx.argv.back()));
  // Serve from the key that woke it first, as Redis 7.0 did.
  if (ctx.Reexecuted() && PopIfAtLeast(ctx, ctx.BlockWakeKey(), count)) return;
  for (std::string_view k : keys)
    if (PopIfAtLeast(ctx, k, count)) return;
  if (!ctx.MayBlock()) {
    ctx.rb.NullArray();
    return;
  }
  ctx.BlockOnKeys(keys, deadline_ms, {.type = ObjType::kList});
}

void Push(CommandContext& ctx, std::string_view key, std::string_view item) {
  Entry* e = ctx.LookupWrite(key);
  if (e == nullptr) {
    ctx.db->Add(key, TestStructure::Make({std::string(item)}), kNotifyList, "rpush");
  } else {
    ctx.db->Write(e, kNotifyList, "rpush").MutablePtr<TestStructure>()->items.emplace_back(item);
  }
  ctx.Dirty(1);
}

void TestBrpoplpush(CommandContext& ctx) {
  int64_t deadline_ms;
  if (!ctx.TimeoutOrReply(ctx.argv[3], TimeoutUnit::kSeconds, &deadline_ms)) return;
  const TestStructure* t = ListAt(ctx, ctx.argv[1]);
  if (t != nullptr) {
    Entry* e = ctx.LookupWrite(ctx.argv[1]);
    TestStructure* w = ctx.db->Write(e, kNotifyList, "rpop").MutablePtr<TestStructure>();
    std::string item = w->items.back();
    w->items.pop_back();
    if (w->items.empty()) ctx.db->Delete(e);
    Push(ctx, ctx.argv[2], item);
    ctx.rb.Bulk(item);
    return;
  }
  if (!ctx.MayBlock()) {
    ctx.rb.Null();
    return;
  }
  ctx.BlockOnKeys(std::span<const std::string_view>(&ctx.argv[1], 1), deadline_ms,
                  {.type = ObjType::kList, .timeout_reply = TimeoutReply::kNullBulk});
}

void TestRpush(CommandContext& ctx) {
  for (size_t i = 2; i < ctx.argc(); ++i) Push(ctx, ctx.argv[1], ctx.argv[i]);
  ctx.rb.Integer(static_cast<int64_t>(ListAt(ctx, ctx.argv[1])->items.size()));
}

void TestEval(CommandContext& ctx) {
  std::vector<std::string> keys(ctx.argv.begin() + 3, ctx.argv.end());
  std::vector<std::string_view> saved = ctx.client.argv;
  for (const std::string& k : keys) {
    ctx.client.argv = {"rpush", k, "x"};
    ctx.server.ExecuteCommand(&ctx.client);
  }
  // Still inside the outer call: nobody is served yet. A nested call may not block either.
  const size_t still = ctx.server.blocking().waiting_on(ctx.client.db_index, keys.front());
  ctx.client.argv = {"blmpop", "0", "1", "nokey", "LEFT"};
  ctx.server.ExecuteCommand(&ctx.client);
  ctx.client.argv = saved;
  ctx.rb.Integer(static_cast<int64_t>(still));
}

void Bind(Server& s, std::string_view name, CommandHandler h) {
  if (Command* c = s.commands().Find(name)) {
    c->spec.handler = h;
  } else {
    s.commands().Add(name, h);
  }
}

struct Recorder : PropagationTarget {
  std::vector<std::string> lines;
  void Feed(int db, const std::vector<std::string_view>& argv) override {
    std::string line = std::to_string(db) + ":";
    for (std::string_view a : argv) line += " " + std::string(a);
    lines.push_back(line);
  }
};

// A client of its own with its output buffer (ids from 100 on, beside the harness's client 1).
struct TestClient {
  io::OutputBuffer out;
  io::RespLimits limits;
  Client client;
  explicit TestClient(uint64_t id) : client(id, nullptr, &out, &limits) { client.authenticated = true; }
  std::string Take() {
    std::string s = out.ToString();
    out.Clear();
    return s;
  }
};

class BlockingTest : public ::testing::Test {
 protected:
  BlockingTest() {
    Server& s = h_.server();
    Bind(s, "blmpop", TestBlmpop);
    Bind(s, "brpoplpush", TestBrpoplpush);
    Bind(s, "rpush", TestRpush);
    Bind(s, "eval", TestEval);
    for (int i = 0; i < 4; ++i) clients_.push_back(std::make_unique<TestClient>(100 + static_cast<uint64_t>(i)));
    // Error replies are counted (errorstats, failed calls) as for the server's own clients.
    h_.client().rb().SetErrorObserver(&s.dispatcher());
    for (auto& c : clients_) c->client.rb().SetErrorObserver(&s.dispatcher());
  }
  ~BlockingTest() override {
    for (auto& c : clients_) blocking().Remove(c->client);
  }

  // Runs argv as client i (-1: the harness's own client) and returns what that client received.
  std::string Run(int i, const std::vector<std::string>& argv) {
    if (i < 0) return h_.Run(argv);
    Client& c = clients_[static_cast<size_t>(i)]->client;
    c.argv.assign(argv.begin(), argv.end());
    h_.server().ExecuteCommand(&c);
    c.argv.clear();
    return clients_[static_cast<size_t>(i)]->Take();
  }
  std::string Out(int i) { return clients_[static_cast<size_t>(i)]->Take(); }
  Client& C(int i) { return clients_[static_cast<size_t>(i)]->client; }
  Blocking& blocking() { return h_.server().blocking(); }
  Command* Cmd(std::string_view name) { return h_.server().commands().Find(name); }

  test::CommandHarness h_;
  std::vector<std::unique_ptr<TestClient>> clients_;
};

TEST_F(BlockingTest, ClientsAreServedInTheOrderTheyBlocked) {
  EXPECT_EQ(Run(0, {"blmpop", "0", "1", "k", "LEFT"}), "");
  EXPECT_EQ(Run(1, {"blmpop", "0", "1", "k", "LEFT"}), "");
  EXPECT_EQ(Run(2, {"blmpop", "0", "1", "k", "LEFT"}), "");
  EXPECT_EQ(blocking().blocked_clients(), 3u);
  EXPECT_EQ(blocking().waiting_on(0, "k"), 3u);
  EXPECT_NE(C(0).blocked, nullptr);

  EXPECT_EQ(Run(-1, {"rpush", "k", "a", "b"}), ":2\r\n");  // the pusher's reply counts what it pushed
  EXPECT_EQ(Out(0), "*2\r\n$1\r\nk\r\n$1\r\na\r\n");
  EXPECT_EQ(Out(1), "*2\r\n$1\r\nk\r\n$1\r\nb\r\n");
  EXPECT_EQ(Out(2), "");
  EXPECT_EQ(C(0).blocked, nullptr);
  EXPECT_EQ(blocking().blocked_clients(), 1u);
  EXPECT_EQ(h_.db().Peek("k"), nullptr);  // emptied by the served pops

  Run(-1, {"rpush", "k", "c"});
  EXPECT_EQ(Out(2), "*2\r\n$1\r\nk\r\n$1\r\nc\r\n");
  EXPECT_EQ(blocking().blocked_clients(), 0u);
  EXPECT_EQ(blocking().waiting_on(0, "k"), 0u);
}

TEST_F(BlockingTest, ARexecutedCommandThatBlocksAgainKeepsItsPlaceAndDeadline) {
  // Client 0 needs two items at once, client 1 one; client 2 blocks later, needing one.
  Run(0, {"blmpop", "100", "1", "k", "LEFT", "COUNT", "2"});
  Run(1, {"blmpop", "0", "1", "k", "LEFT"});
  const int64_t deadline = blocking().next_deadline_ms();
  ASSERT_NE(deadline, 0);
  Run(-1, {"rpush", "k", "a"});  // client 0 runs again, finds one, blocks again; client 1 takes it
  EXPECT_EQ(Out(0), "");
  EXPECT_EQ(Out(1), "*2\r\n$1\r\nk\r\n$1\r\na\r\n");
  EXPECT_NE(C(0).blocked, nullptr);
  EXPECT_EQ(blocking().next_deadline_ms(), deadline);
  Run(2, {"blmpop", "0", "1", "k", "LEFT"});
  Run(-1, {"rpush", "k", "b", "c"});  // client 0 is still first in line: it takes both
  EXPECT_EQ(Out(0), "*3\r\n$1\r\nk\r\n$1\r\nb\r\n$1\r\nc\r\n");
  EXPECT_EQ(Out(2), "");
  EXPECT_EQ(blocking().waiting_on(0, "k"), 1u);
  EXPECT_EQ(blocking().clients_in_timeout_table(), 0u);
}

TEST_F(BlockingTest, TimeoutsEndAtTheFirstMillisecondPastTheDeadline) {
  Run(0, {"blmpop", "1", "1", "k", "LEFT"});
  const int64_t d0 = blocking().next_deadline_ms();
  Run(1, {"blmpop", "0.5", "1", "k", "LEFT"});
  const int64_t d1 = blocking().next_deadline_ms();
  C(2).resp = 3;
  C(2).rb().SetResp3(true);
  Run(2, {"brpoplpush", "k", "dst", "0.25"});
  const int64_t d2 = blocking().next_deadline_ms();
  Run(3, {"blmpop", "0", "1", "k", "LEFT"});  // no timeout
  ASSERT_LT(d2, d1);
  ASSERT_LT(d1, d0);
  EXPECT_EQ(blocking().clients_in_timeout_table(), 3u);
  EXPECT_EQ(blocking().blocked_clients(), 4u);

  blocking().HandleTimeouts(d2);  // not past it yet
  EXPECT_EQ(Out(2), "");
  blocking().HandleTimeouts(d2 + 1);
  EXPECT_EQ(Out(2), "_\r\n");  // RESP3 null, from the command's timeout reply
  blocking().HandleTimeouts(d1 + 1);
  EXPECT_EQ(Out(1), "*-1\r\n");
  EXPECT_EQ(Out(0), "");
  EXPECT_EQ(blocking().next_deadline_ms(), d0);
  blocking().HandleTimeouts(d0 + 1000000);
  EXPECT_EQ(Out(0), "*-1\r\n");
  EXPECT_EQ(blocking().clients_in_timeout_table(), 0u);
  EXPECT_EQ(blocking().blocked_clients(), 1u);  // client 3 waits for ever
  // A timeout is not a failure; each command was counted once, when it blocked.
  EXPECT_EQ(Cmd("blmpop")->calls, 3u);
  EXPECT_EQ(Cmd("blmpop")->failed_calls, 0u);

  C(3).resp = 2;
  Run(-1, {"rpush", "k", "v"});
  EXPECT_EQ(Out(3), "*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
}

TEST_F(BlockingTest, NullBulkTimeoutReplyInResp2) {
  Run(0, {"brpoplpush", "k", "dst", "0.01"});
  blocking().HandleTimeouts(blocking().next_deadline_ms() + 1);
  EXPECT_EQ(Out(0), "$-1\r\n");
}

TEST_F(BlockingTest, ClientUnblockGivesTheTimeoutReplyOrTheError) {
  Run(0, {"blmpop", "0", "1", "k", "LEFT"});
  Run(1, {"blmpop", "5", "1", "k", "LEFT"});
  EXPECT_EQ(Run(-1, {"client", "unblock", "100"}), ":1\r\n");
  EXPECT_EQ(Out(0), "*-1\r\n");
  EXPECT_EQ(Run(-1, {"client", "unblock", "101", "error"}), ":1\r\n");
  EXPECT_EQ(Out(1), "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
  EXPECT_EQ(blocking().blocked_clients(), 0u);
  EXPECT_EQ(blocking().clients_in_timeout_table(), 0u);
  EXPECT_EQ(Run(-1, {"client", "unblock", "100"}), ":0\r\n");  // no longer blocked
  EXPECT_EQ(Run(-1, {"client", "unblock", "1"}), ":0\r\n");    // never was
  EXPECT_EQ(Run(-1, {"client", "unblock", "-5", "TIMEOUT"}), ":0\r\n");
  EXPECT_EQ(Run(-1, {"client", "unblock", "x"}), "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(Run(-1, {"client", "unblock", "100", "later"}), "-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n");
  EXPECT_EQ(Run(-1, {"client", "unblock", "100", "timeout", "x"}),
            "-ERR unknown subcommand or wrong number of arguments for 'unblock'. Try CLIENT HELP.\r\n");
  // Redis 7.0.15 counts both unblocked commands as failed, and the CLIENT UNBLOCK ... ERROR too: the error
  // it had replied to the other client was replied while it ran (checked against redis-server).
  EXPECT_EQ(Cmd("blmpop")->calls, 2u);
  EXPECT_EQ(Cmd("blmpop")->failed_calls, 2u);
  Command* unblock = h_.server().commands().FindSub(Cmd("client"), "unblock");
  EXPECT_EQ(unblock->calls, 8u);
  EXPECT_EQ(unblock->failed_calls, 4u);  // its own three errors and the ERROR one
  EXPECT_EQ(h_.server().stats().error_counts["UNBLOCKED"], 1u);
  // The client works as before.
  Run(0, {"blmpop", "0", "1", "k", "LEFT"});
  Run(-1, {"rpush", "k", "v"});
  EXPECT_EQ(Out(0), "*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
}

TEST_F(BlockingTest, KilledAndDisconnectedClientsLeaveEveryQueue) {
  Run(0, {"blmpop", "0", "2", "k1", "k2", "LEFT"});
  Run(1, {"blmpop", "3", "2", "k2", "k1", "LEFT"});
  Run(2, {"blmpop", "0", "1", "k1", "LEFT"});
  blocking().Remove(C(0));                // disconnect
  h_.server().CloseClient(&C(1), false);  // what CLIENT KILL does
  EXPECT_EQ(C(0).blocked, nullptr);
  EXPECT_EQ(C(1).blocked, nullptr);
  EXPECT_EQ(blocking().waiting_on(0, "k1"), 1u);
  EXPECT_EQ(blocking().waiting_on(0, "k2"), 0u);
  EXPECT_EQ(blocking().clients_in_timeout_table(), 0u);
  Run(-1, {"rpush", "k2", "v"});
  Run(-1, {"rpush", "k1", "w"});
  EXPECT_EQ(Out(0), "");
  EXPECT_EQ(Out(1), "");
  EXPECT_EQ(Out(2), "*2\r\n$2\r\nk1\r\n$1\r\nw\r\n");
  EXPECT_NE(h_.db().Peek("k2"), nullptr);  // nobody took it
}

TEST_F(BlockingTest, AClientOnSeveralKeysIsServedFromTheKeyThatWokeItAndLeavesTheOthers) {
  Run(0, {"blmpop", "0", "3", "k1", "k2", "k1", "LEFT"});  // k1 twice: one place in its queue
  EXPECT_EQ(blocking().waiting_on(0, "k1"), 1u);
  Run(1, {"blmpop", "0", "1", "k1", "LEFT"});
  Run(-1, {"rpush", "k2", "v"});
  EXPECT_EQ(Out(0), "*2\r\n$2\r\nk2\r\n$1\r\nv\r\n");
  EXPECT_EQ(blocking().waiting_on(0, "k1"), 1u);
  EXPECT_EQ(blocking().waiting_on(0, "k2"), 0u);
  Run(-1, {"rpush", "k1", "w"});
  EXPECT_EQ(Out(1), "*2\r\n$2\r\nk1\r\n$1\r\nw\r\n");
}

TEST_F(BlockingTest, AnotherTypeOrADeletionWakesNobody) {
  Run(0, {"blmpop", "0", "1", "k", "LEFT"});
  EXPECT_EQ(Run(-1, {"set", "k", "str"}), "+OK\r\n");
  EXPECT_EQ(Run(-1, {"append", "k", "more"}), ":7\r\n");
  EXPECT_EQ(Run(-1, {"del", "k"}), ":1\r\n");
  EXPECT_EQ(Out(0), "");
  EXPECT_NE(C(0).blocked, nullptr);
  Run(-1, {"rpush", "k", "v"});
  EXPECT_EQ(Out(0), "*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
}

TEST_F(BlockingTest, ClientsWaitInTheirOwnDbAndSwapdbWakesThem) {
  Run(0, {"select", "2"});
  Run(0, {"blmpop", "0", "1", "k", "LEFT"});
  Run(-1, {"rpush", "k", "in-db0"});  // db 0: not its key
  EXPECT_EQ(Out(0), "");
  EXPECT_EQ(blocking().waiting_on(2, "k"), 1u);
  EXPECT_EQ(Run(-1, {"swapdb", "0", "2"}), "+OK\r\n");
  EXPECT_EQ(Out(0), "*2\r\n$1\r\nk\r\n$6\r\nin-db0\r\n");
}

TEST_F(BlockingTest, AServedCommandRunsInACallOfItsOwnInItsDbAndPropagates) {
  Recorder rec;
  h_.server().AddPropagationTarget(&rec);
  Run(0, {"select", "3"});
  Run(0, {"blmpop", "0", "1", "k", "LEFT"});
  Run(-1, {"select", "3"});
  Run(-1, {"rpush", "k", "v"});
  EXPECT_EQ(rec.lines, (std::vector<std::string>{"3: rpush k v", "3: LPOP k 1"}));
  // Counted once, when it blocked: serving adds no call and no processed command.
  EXPECT_EQ(Cmd("blmpop")->calls, 1u);
  EXPECT_EQ(Cmd("blmpop")->failed_calls, 0u);
  h_.server().propagator().RemoveTarget(&rec);
}

TEST_F(BlockingTest, ServingWaitsForTheEndOfTheOutermostCall) {
  Run(0, {"blmpop", "0", "1", "k1", "LEFT"});
  Run(1, {"blmpop", "0", "1", "k2", "LEFT"});
  // Inside the "script": both pushes, then a blocking command in its non-blocking form, then the reply says
  // client 0 was still waiting.
  EXPECT_EQ(Run(-1, {"eval", "s", "2", "k1", "k2"}), ":1\r\n:1\r\n*-1\r\n:1\r\n");
  EXPECT_EQ(Out(0), "*2\r\n$2\r\nk1\r\n$1\r\nx\r\n");
  EXPECT_EQ(Out(1), "*2\r\n$2\r\nk2\r\n$1\r\nx\r\n");
}

TEST_F(BlockingTest, TheChainOfAServedMoveIsServedInTheSameRound) {
  Run(0, {"brpoplpush", "a", "b", "0"});
  Run(1, {"blmpop", "0", "1", "b", "LEFT"});
  Run(-1, {"rpush", "a", "v"});
  EXPECT_EQ(Out(0), "$1\r\nv\r\n");
  EXPECT_EQ(Out(1), "*2\r\n$1\r\nb\r\n$1\r\nv\r\n");
  EXPECT_EQ(h_.db().Peek("a"), nullptr);
  EXPECT_EQ(h_.db().Peek("b"), nullptr);
}

TEST_F(BlockingTest, ClientsThatDenyBlockingGetTheNonBlockingReplyAtOnce) {
  C(0).deny_blocking = true;
  EXPECT_EQ(Run(0, {"blmpop", "0", "1", "k", "LEFT"}), "*-1\r\n");
  EXPECT_EQ(Run(0, {"brpoplpush", "k", "d", "0"}), "$-1\r\n");
  EXPECT_EQ(blocking().blocked_clients(), 0u);
  Client* fake = h_.server().CreateFakeClient();  // scripts' and the AOF's clients deny it
  EXPECT_TRUE(fake->deny_blocking);
  h_.server().FreeFakeClient(fake);
}

TEST_F(BlockingTest, ReplySkipAppliesToTheDeferredReply) {
  EXPECT_EQ(Run(0, {"client", "reply", "skip"}), "");
  EXPECT_EQ(Run(0, {"blmpop", "0", "1", "k", "LEFT"}), "");
  Run(-1, {"rpush", "k", "v"});
  EXPECT_EQ(Out(0), "");  // skipped
  EXPECT_EQ(Run(0, {"ping"}), "+PONG\r\n");
}

TEST_F(BlockingTest, ClientListAndInfoShowBlockedClients) {
  Run(0, {"blmpop", "0", "1", "k", "LEFT"});
  Run(1, {"blmpop", "2", "1", "k", "LEFT"});
  std::string line;
  AppendClientInfo(h_.server(), C(0), 0, &line);
  EXPECT_NE(line.find(" flags=b "), std::string::npos) << line;
  EXPECT_NE(line.find(" cmd=blmpop "), std::string::npos) << line;
  const std::string info = h_.Run({"info", "clients"});
  EXPECT_NE(info.find("blocked_clients:2\r\n"), std::string::npos) << info;
  EXPECT_NE(info.find("clients_in_timeout_table:1\r\n"), std::string::npos) << info;
}

TEST_F(BlockingTest, TenThousandBlockedClientsTimeOutInDeadlineOrder) {
  std::vector<std::unique_ptr<TestClient>> many;
  for (int i = 0; i < 10000; ++i) {
    many.push_back(std::make_unique<TestClient>(1000 + static_cast<uint64_t>(i)));
    Client& c = many.back()->client;
    // Timeouts of 1..100 s, in a scrambled order; each client waits on one of 50 keys.
    const int seconds = 1 + (i * 37) % 100;
    std::vector<std::string> args = {"blmpop", std::to_string(seconds), "1", "k" + std::to_string(i % 50), "LEFT"};
    c.argv.assign(args.begin(), args.end());
    h_.server().ExecuteCommand(&c);
    c.argv.clear();
  }
  EXPECT_EQ(blocking().blocked_clients(), 10000u);
  EXPECT_EQ(blocking().waiting_on(0, "k7"), 200u);
  int64_t last = 0;
  size_t ended = 0;
  while (blocking().next_deadline_ms() != 0) {
    const int64_t d = blocking().next_deadline_ms();
    EXPECT_GE(d, last);
    last = d;
    blocking().HandleTimeouts(d + 1);
  }
  for (auto& t : many) ended += t->Take() == "*-1\r\n";
  EXPECT_EQ(ended, 10000u);
  EXPECT_EQ(blocking().blocked_clients(), 0u);
  EXPECT_EQ(blocking().waiting_on(0, "k7"), 0u);
}

// getTimeoutFromObjectOrReply as redis-server 7.0.15 answers it (each case checked with BLPOP/XREAD BLOCK).
TEST(BlockTimeout, ParsesAsRedis70) {
  const int64_t now = 1700000000000;
  struct Case {
    const char* arg;
    TimeoutUnit unit;
    int64_t deadline;  // -1: error
    const char* err;
  };
  const Case cases[] = {
      {"0", TimeoutUnit::kSeconds, 0, ""},
      {"1", TimeoutUnit::kSeconds, now + 1000, ""},
      {"0.01", TimeoutUnit::kSeconds, now + 10, ""},
      {"0.0001", TimeoutUnit::kSeconds, now + 1, ""},  // rounded up: it times out
      {"1e-300", TimeoutUnit::kSeconds, now + 1, ""},
      {"0x1p-20", TimeoutUnit::kSeconds, now + 1, ""},
      {"-0.0009", TimeoutUnit::kSeconds, 0, ""},  // rounds up to 0: forever
      {"-0", TimeoutUnit::kSeconds, 0, ""},
      {"-1", TimeoutUnit::kSeconds, -1, "ERR timeout is negative"},
      {"9223372036854776", TimeoutUnit::kSeconds, -1, "ERR timeout is negative"},
      {"+1e1000", TimeoutUnit::kSeconds, -1, "ERR timeout is negative"},
      {"inf", TimeoutUnit::kSeconds, -1, "ERR timeout is negative"},
      {"nan", TimeoutUnit::kSeconds, -1, "ERR timeout is not a float or out of range"},
      {"abc", TimeoutUnit::kSeconds, -1, "ERR timeout is not a float or out of range"},
      {"9223372036854775", TimeoutUnit::kSeconds, INT64_MAX, ""},  // Redis's sum overflows: never ends
      {"0", TimeoutUnit::kMilliseconds, 0, ""},
      {"1", TimeoutUnit::kMilliseconds, now + 1, ""},
      {"9223372036854775807", TimeoutUnit::kMilliseconds, INT64_MAX, ""},
      {"-1", TimeoutUnit::kMilliseconds, -1, "ERR timeout is negative"},
      {"1.5", TimeoutUnit::kMilliseconds, -1, "ERR timeout is not an integer or out of range"},
  };
  for (const Case& c : cases) {
    int64_t deadline = -7;
    std::string_view err;
    const bool ok = ParseBlockTimeout(c.arg, c.unit, now, &deadline, &err);
    if (c.deadline == -1) {
      EXPECT_FALSE(ok) << c.arg;
      EXPECT_EQ(err, c.err) << c.arg;
    } else {
      EXPECT_TRUE(ok) << c.arg << " " << err;
      EXPECT_EQ(deadline, c.deadline) << c.arg;
    }
  }
}

}  // namespace
}  // namespace ringkv::core

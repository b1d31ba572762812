// Transactions through the real dispatcher with fake clients: the watched-keys registry (what dirties a
// watch, what is forgotten and when), queueing, and what EXEC propagates. The expected streams were read from
// redis-server 7.0.15 with SYNC: a transaction of reads propagates nothing, one write goes alone (no
// MULTI/EXEC), several are wrapped in MULTI ... EXEC with a SELECT inside where the transaction changed db, and
// the inner commands keep their rewrites (SET EX -> PXAT, BLPOP -> LPOP).
#include <gtest/gtest.h>

#include <chrono>
#include <utility>
#include <string>
#include <thread>
#include <vector>

#include "core/client.h"
#include "core/config.h"
#include "core/multi.h"
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
  std::vector<std::string> Take() { return std::exchange(lines, {}); }
};

class MultiTest : public ::testing::Test {
 protected:
  static Config MakeConfig() {
    Config cfg;
    cfg.enable_debug_command = 1;
    cfg.save.clear();  // no save points: FLUSHALL would save dump.rdb into the working directory
    return cfg;
  }
  MultiTest() : server_(MakeConfig()) {
    a_ = server_.CreateFakeClient();
    b_ = server_.CreateFakeClient();
    a_->authenticated = b_->authenticated = true;
  }
  std::string Run(Client* c, std::vector<std::string> args) {
    std::vector<std::string_view> argv(args.begin(), args.end());
    c->argv = argv;
    server_.ExecuteCommand(c);
    c->argv.clear();
    std::string reply = c->out().ToString();
    c->out().Consume(c->out().size());
    return reply;
  }
  // MULTI, cmds, EXEC by a_: EXEC's reply.
  std::string Tx(const std::vector<std::vector<std::string>>& cmds) {
    EXPECT_EQ(Run(a_, {"MULTI"}), "+OK\r\n");
    for (const auto& cmd : cmds) EXPECT_EQ(Run(a_, cmd), "+QUEUED\r\n");
    return Run(a_, {"EXEC"});
  }
  WatchRegistry& watches() { return server_.watches(); }

  Server server_;
  Client* a_ = nullptr;
  Client* b_ = nullptr;
};

TEST_F(MultiTest, RegistryCountsEachKeyOnceAndForgetsOnUnwatch) {
  EXPECT_TRUE(watches().empty());
  Run(a_, {"WATCH", "k", "k", "j"});
  Run(b_, {"WATCH", "k"});
  Run(b_, {"SELECT", "2"});
  Run(b_, {"WATCH", "k"});
  EXPECT_EQ(watches().watched_keys(), 3u);  // (0,k) (0,j) (2,k)
  EXPECT_EQ(a_->tx.watched.size(), 2u);
  Run(a_, {"UNWATCH"});
  EXPECT_EQ(watches().watched_keys(), 2u);  // b still watches (0,k) and (2,k)
  server_.FreeFakeClient(b_);
  b_ = nullptr;
  EXPECT_TRUE(watches().empty());
}

TEST_F(MultiTest, AnyKeyEventDirtiesEveryWatcherOfThatKeyOnly) {
  Run(a_, {"WATCH", "k"});
  Run(b_, {"WATCH", "other"});
  Run(b_, {"SET", "k", "1"});
  EXPECT_TRUE(a_->tx.dirty_cas);
  EXPECT_FALSE(b_->tx.dirty_cas);
  // The watch stays registered until EXEC, which fails and then forgets it.
  EXPECT_EQ(watches().watched_keys(), 2u);
  EXPECT_EQ(Tx({{"SET", "k", "2"}}), "*-1\r\n");
  EXPECT_EQ(watches().watched_keys(), 1u);
  EXPECT_EQ(Run(a_, {"GET", "k"}), "$1\r\n1\r\n");
}

TEST_F(MultiTest, FlushTouchesOnlyWatchedKeysThatExisted) {
  Run(b_, {"SET", "present", "1"});
  Run(a_, {"WATCH", "absent"});
  Run(b_, {"FLUSHDB"});
  EXPECT_FALSE(a_->tx.dirty_cas);
  Run(b_, {"SET", "present", "1"});
  Run(a_, {"WATCH", "present"});
  Run(b_, {"FLUSHALL", "ASYNC"});
  EXPECT_TRUE(a_->tx.dirty_cas);
}

TEST_F(MultiTest, KeyExpiredWhenWatchedIsNoChangeWhenDeleted) {
  Run(b_, {"DEBUG", "SET-ACTIVE-EXPIRE", "0"});
  Run(b_, {"SET", "k", "v", "PX", "5"});
  Run(b_, {"SET", "j", "v", "PX", "5"});
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  Run(a_, {"WATCH", "k", "j"});
  EXPECT_EQ(Run(b_, {"GET", "k"}), "$-1\r\n");  // lazily deleted: kExpired
  EXPECT_FALSE(a_->tx.dirty_cas);
  EXPECT_EQ(Tx({{"PING"}}), "*1\r\n+PONG\r\n");

  // Alive when watched, expired at EXEC with nobody touching it: EXEC fails.
  Run(b_, {"SET", "k", "v", "PX", "5"});
  Run(a_, {"WATCH", "k"});
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(a_->tx.dirty_cas);
  EXPECT_EQ(Tx({{"PING"}}), "*-1\r\n");
}

TEST_F(MultiTest, QueuedArgumentsAreCopies) {
  Run(a_, {"MULTI"});
  {
    std::string key = "key-in-a-buffer";
    std::vector<std::string_view> argv = {"SET", key, "v"};
    a_->argv = argv;
    server_.ExecuteCommand(a_);
    key.assign(key.size(), 'x');  // the "input buffer" is reused before EXEC
  }
  a_->out().Consume(a_->out().size());
  EXPECT_EQ(Run(a_, {"EXEC"}), "*1\r\n+OK\r\n");
  EXPECT_EQ(Run(a_, {"GET", "key-in-a-buffer"}), "$1\r\nv\r\n");
}

TEST_F(MultiTest, QueueTimeErrorFailsExecAndDiscardForgetsEverything) {
  Run(a_, {"WATCH", "k"});
  Run(a_, {"MULTI"});
  EXPECT_EQ(Run(a_, {"GET"}), "-ERR wrong number of arguments for 'get' command\r\n");
  EXPECT_TRUE(a_->tx.dirty_exec);
  EXPECT_EQ(Run(a_, {"SET", "k", "1"}), "+QUEUED\r\n");
  EXPECT_TRUE(a_->tx.queue.empty());  // a failed transaction keeps nothing
  EXPECT_EQ(Run(a_, {"DISCARD"}), "+OK\r\n");
  EXPECT_FALSE(a_->tx.in_multi);
  EXPECT_FALSE(a_->tx.dirty_exec);
  EXPECT_TRUE(watches().empty());
}

TEST_F(MultiTest, BlockingCommandInsideExecAnswersAsItsNonBlockingForm) {
  EXPECT_EQ(Tx({{"BLPOP", "nolist", "0"}, {"RPUSH", "l", "x"}, {"BLPOP", "l", "0"}}),
            "*3\r\n*-1\r\n:1\r\n*2\r\n$1\r\nl\r\n$1\r\nx\r\n");
  EXPECT_EQ(a_->blocked, nullptr);
}

class MultiPropagationTest : public MultiTest {
 protected:
  MultiPropagationTest() { server_.AddPropagationTarget(&rec_); }
  Recorder rec_;
};

TEST_F(MultiPropagationTest, ReadsNothingOneWriteAloneSeveralWrapped) {
  Tx({{"GET", "a"}, {"EXISTS", "a"}});
  EXPECT_TRUE(rec_.Take().empty());
  Tx({{"SET", "a", "1"}, {"GET", "a"}});
  EXPECT_EQ(rec_.Take(), (std::vector<std::string>{"0: SET a 1"}));
  Tx({{"SET", "a", "1"}, {"GET", "a"}, {"INCR", "a"}});
  EXPECT_EQ(rec_.Take(), (std::vector<std::string>{"0: MULTI", "0: SET a 1", "0: INCR a", "-1: EXEC"}));
  // A failed or aborted transaction propagates nothing.
  Run(a_, {"MULTI"});
  Run(a_, {"SET", "x"});
  Run(a_, {"EXEC"});
  EXPECT_TRUE(rec_.Take().empty());
}

TEST_F(MultiPropagationTest, InnerCommandsKeepTheirDbAndRewrites) {
  Tx({{"SET", "x", "1"}, {"SELECT", "1"}, {"SET", "y", "2"}});
  EXPECT_EQ(rec_.Take(), (std::vector<std::string>{"0: MULTI", "0: SET x 1", "1: SET y 2", "-1: EXEC"}));
  Run(a_, {"SELECT", "0"});
  Tx({{"LPUSH", "l", "1"}, {"BLPOP", "l", "0"}, {"SET", "e", "1", "EX", "100"}});
  auto lines = rec_.Take();
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], "0: MULTI");
  EXPECT_EQ(lines[1], "0: LPUSH l 1");
  EXPECT_EQ(lines[2], "0: LPOP l");
  EXPECT_EQ(lines[3].rfind("0: SET e 1 PXAT ", 0), 0u) << lines[3];
  EXPECT_EQ(lines[4], "-1: EXEC");
}

}  // namespace
}  // namespace ringkv::core

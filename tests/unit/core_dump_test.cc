// DUMP / RESTORE through the real dispatcher (CommandHarness): what RESTORE signals, propagates and counts
// (read from redis-server 7.0.15's AOF and keyspace notifications for the same commands: a relative TTL goes
// out as RESTORE ... ABSTTL, a REPLACE whose TTL already passed as DEL, no "expire" event), the access bits
// IDLETIME / FREQ leave, and the loading state's -LOADING answers and INFO lines.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/propagation.h"
#include "io/resp_parser.h"
#include "tests/unit/command_harness.h"

namespace ringkv::core {
namespace {

using test::CommandHarness;
using test::KeyEventRecorder;

struct Recorder : PropagationTarget {
  std::vector<std::string> lines;
  void Feed(int db, const std::vector<std::string_view>& argv) override {
    std::string line = std::to_string(db) + ":";
    for (std::string_view a : argv) line += " " + std::string(a);
    lines.push_back(line);
  }
  std::vector<std::string> Take() { return std::exchange(lines, {}); }
};

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The bulk payload of a DUMP reply.
std::string BulkOf(const std::string& reply) {
  const size_t nl = reply.find("\r\n");
  EXPECT_EQ(reply[0], '$') << reply;
  return reply.substr(nl + 2, reply.size() - nl - 4);
}

class DumpTest : public ::testing::Test {
 protected:
  DumpTest() { h_.server().AddPropagationTarget(&rec_); }
  std::string Run(const std::vector<std::string>& argv) { return h_.Run(argv); }
  std::string Payload(const std::string& value) {
    Run({"set", "src", value});
    std::string p = BulkOf(Run({"dump", "src"}));
    Run({"del", "src"});
    rec_.Take();
    return p;
  }
  CommandHarness h_;
  Recorder rec_;
};

TEST_F(DumpTest, RepliesAndErrorsAsRedis) {
  EXPECT_EQ(Run({"dump", "nokey"}), "$-1\r\n");
  const std::string p = Payload("bar");
  EXPECT_EQ(p, std::string("\x00\x03" "bar" "\x0a\x00\xe6\xbe\x49\x60\xee\x66\xfd\x17", 15));
  EXPECT_EQ(Run({"restore", "k", "0", p}), "+OK\r\n");
  EXPECT_EQ(Run({"get", "k"}), "$3\r\nbar\r\n");
  // BUSYKEY comes before the TTL is looked at, options before both.
  EXPECT_EQ(Run({"restore", "k", "abc", p}), "-BUSYKEY Target key name already exists.\r\n");
  EXPECT_EQ(Run({"restore", "k", "0", p, "bogus"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"restore", "k", "-1", p, "replace"}), "-ERR Invalid TTL value, must be >= 0\r\n");
  EXPECT_EQ(Run({"restore", "n", "x", p}), "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(Run({"restore", "n", "0", p, "idletime", "x"}), "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(Run({"restore", "n", "0", p, "idletime", "-1"}), "-ERR Invalid IDLETIME value, must be >= 0\r\n");
  EXPECT_EQ(Run({"restore", "n", "0", p, "freq", "256"}), "-ERR Invalid FREQ value, must be >= 0 and <= 255\r\n");
  EXPECT_EQ(Run({"restore", "n", "0", p, "freq", "1", "idletime", "2"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"restore", "n", "0", p, "idletime"}), "-ERR syntax error\r\n");
  std::string bad = p;
  bad[2] = 'c';
  EXPECT_EQ(Run({"restore", "n", "0", bad}), "-ERR DUMP payload version or checksum are wrong\r\n");
  EXPECT_EQ(Run({"restore", "n", "0", "abc"}), "-ERR DUMP payload version or checksum are wrong\r\n");
  EXPECT_EQ(Run({"exists", "n"}), ":0\r\n");
  EXPECT_TRUE(rec_.Take().size() == 1);  // the first RESTORE only
}

TEST_F(DumpTest, PropagationEventsAndDirtyAsRedis) {
  const std::string p = Payload("v");
  KeyEventRecorder events(h_.server());
  const int64_t dirty0 = h_.server().dirty();
  const int64_t t0 = NowMs();
  EXPECT_EQ(Run({"restore", "a", "5000", p}), "+OK\r\n");
  const int64_t t1 = NowMs();
  auto lines = rec_.Take();
  ASSERT_EQ(lines.size(), 1u);
  const std::string prefix = "0: restore a ";
  ASSERT_EQ(lines[0].rfind(prefix, 0), 0u) << lines[0];
  const int64_t at = std::stoll(lines[0].substr(prefix.size()));
  EXPECT_GE(at, t0 + 5000);
  EXPECT_LE(at, t1 + 5000);
  EXPECT_EQ(lines[0].substr(lines[0].size() - 7), " ABSTTL");
  // "new" then "restore", and no "expire" of its own.
  EXPECT_EQ(events.Take(), (std::vector<std::string>{"0:a:added:new:new", "0:a:written:g:restore"}));
  EXPECT_EQ(h_.server().dirty(), dirty0 + 1);
  const std::string pttl = Run({"pttl", "a"});
  EXPECT_GT(std::stoll(pttl.substr(1)), 4000);

  // Already ABSTTL, or no TTL: propagated as received.
  Run({"restore", "b", "0", p, "IDLETIME", "10"});
  Run({"restore", "c", std::to_string(NowMs() + 100000), p, "ABSTTL", "REPLACE"});
  lines = rec_.Take();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "0: restore b 0 " + p + " IDLETIME 10");
  EXPECT_EQ(lines[1].rfind("0: restore c ", 0), 0u);
  events.Take();

  // REPLACE of a live key: it goes silently, the new one is "new" + "restore".
  Run({"set", "d", "old"});
  rec_.Take();
  events.Take();
  EXPECT_EQ(Run({"restore", "d", "0", p, "replace"}), "+OK\r\n");
  EXPECT_EQ(events.Take(), (std::vector<std::string>{"0:d:added:new:new", "0:d:written:g:restore"}));
  EXPECT_EQ(Run({"get", "d"}), "$1\r\nv\r\n");
  rec_.Take();

  // A TTL already past: no key; with REPLACE the old key is deleted and that is what propagates.
  const int64_t dirty1 = h_.server().dirty();
  EXPECT_EQ(Run({"restore", "e", "1", p, "absttl"}), "+OK\r\n");
  EXPECT_EQ(Run({"exists", "e"}), ":0\r\n");
  EXPECT_TRUE(rec_.Take().empty());
  EXPECT_EQ(h_.server().dirty(), dirty1);
  events.Take();
  EXPECT_EQ(Run({"restore", "d", "1", p, "absttl", "replace"}), "+OK\r\n");
  EXPECT_EQ(Run({"exists", "d"}), ":0\r\n");
  EXPECT_EQ(rec_.Take(), (std::vector<std::string>{"0: DEL d"}));
  EXPECT_EQ(events.Take(), (std::vector<std::string>{"0:d:deleted:g:del"}));
  EXPECT_EQ(h_.server().dirty(), dirty1 + 1);
}

TEST_F(DumpTest, IdletimeAndFreqByPolicy) {
  const std::string p = Payload("v");
  Run({"restore", "i", "0", p, "idletime", "1000"});
  EXPECT_EQ(Run({"object", "idletime", "i"}), ":1000\r\n");
  // FREQ under an LRU policy leaves the fresh clock.
  Run({"restore", "f", "0", p, "freq", "100"});
  EXPECT_EQ(Run({"object", "idletime", "f"}), ":0\r\n");
  Run({"config", "set", "maxmemory-policy", "allkeys-lfu"});
  Run({"restore", "g", "0", p, "freq", "100"});
  EXPECT_EQ(Run({"object", "freq", "g"}), ":100\r\n");
  Run({"restore", "h", "0", p, "idletime", "100"});
  EXPECT_EQ(Run({"object", "freq", "h"}), ":5\r\n");  // LFU_INIT_VAL
}

TEST_F(DumpTest, LoadingStateAnswersLoadingButToLoadingCommands) {
  Loading& l = h_.server().loading();
  EXPECT_EQ(Run({"ping"}), "+PONG\r\n");
  l.Begin(1000, /*serve_clients=*/false);
  l.Progress(250);
  EXPECT_EQ(Run({"ping"}), "-LOADING Redis is loading the dataset in memory\r\n");
  EXPECT_EQ(Run({"get", "x"}), "-LOADING Redis is loading the dataset in memory\r\n");
  const std::string info = Run({"info", "persistence"});
  EXPECT_NE(info.find("loading:1\r\n"), std::string::npos) << info;
  EXPECT_NE(info.find("loading_total_bytes:1000\r\nloading_rdb_used_mem:0\r\nloading_loaded_bytes:250\r\n"
                      "loading_loaded_perc:25.00\r\nloading_eta_seconds:"),
            std::string::npos)
      << info;
  // MULTI runs; a queued command without the flag is refused and EXEC aborts.
  EXPECT_EQ(Run({"multi"}), "+OK\r\n");
  EXPECT_EQ(Run({"echo", "a"}), "+QUEUED\r\n");
  EXPECT_EQ(Run({"exec"}), "*1\r\n$1\r\na\r\n");
  EXPECT_EQ(Run({"multi"}), "+OK\r\n");
  EXPECT_EQ(Run({"set", "a", "1"}), "-LOADING Redis is loading the dataset in memory\r\n");
  EXPECT_EQ(Run({"exec"}), "-EXECABORT Transaction discarded because of previous errors.\r\n");
  l.End();
  EXPECT_EQ(Run({"ping"}), "+PONG\r\n");
  EXPECT_EQ(Run({"info", "persistence"}).find("loading_"), std::string::npos);
}

}  // namespace
}  // namespace ringkv::core

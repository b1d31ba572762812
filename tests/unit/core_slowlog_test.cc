// Slowlog: Redis's trimming of arguments (32 at most, 128 bytes each), redaction, ids that survive RESET,
// and slowlog-max-len applied on push and when the directives change (not while the slowlog is off).
#include "core/slowlog.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/config.h"

namespace ringkv::core {
namespace {

void Push(Slowlog& log, std::vector<std::string_view> argv, std::vector<uint32_t> redacted = {}) {
  log.Push(argv, redacted, 12, 1000, "127.0.0.1:5000", "name");
}

TEST(Slowlog, EntriesNewestFirstWithIdsThatResetDoesNotRestart) {
  Config cfg;
  Slowlog log(&cfg);
  Push(log, {"SET", "k", "v"});
  Push(log, {"GET", "k"});
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log.entries()[0].id, 1);
  EXPECT_EQ(log.entries()[0].argv, (std::vector<std::string>{"GET", "k"}));
  EXPECT_EQ(log.entries()[1].id, 0);
  EXPECT_EQ(log.entries()[0].duration_us, 12);
  EXPECT_EQ(log.entries()[0].time_s, 1000);
  EXPECT_EQ(log.entries()[0].peer, "127.0.0.1:5000");
  EXPECT_EQ(log.entries()[0].client_name, "name");
  log.Reset();
  EXPECT_EQ(log.size(), 0u);
  Push(log, {"PING"});
  EXPECT_EQ(log.entries()[0].id, 2);
}

TEST(Slowlog, ArgumentsAreTrimmedAsRedisTrimsThem) {
  Config cfg;
  Slowlog log(&cfg);
  const std::string big(200, 'x'), edge(128, 'y');
  std::vector<std::string> many;
  for (int i = 0; i < 40; ++i) many.push_back(std::to_string(i));
  std::vector<std::string_view> argv = {"RPUSH", "l"};
  for (const std::string& s : many) argv.push_back(s);
  Push(log, argv);
  const std::vector<std::string>& got = log.entries()[0].argv;
  ASSERT_EQ(got.size(), 32u);
  EXPECT_EQ(got[30], "28");
  EXPECT_EQ(got[31], "... (11 more arguments)");  // 42 arguments: 31 kept, the last slot says the rest
  Push(log, {"SET", big, edge});
  EXPECT_EQ(log.entries()[0].argv[1], std::string(128, 'x') + "... (72 more bytes)");
  EXPECT_EQ(log.entries()[0].argv[2], edge);
}

TEST(Slowlog, RedactedArgumentsNeverShow) {
  Config cfg;
  Slowlog log(&cfg);
  Push(log, {"AUTH", "user", "secret"}, {1, 2});
  EXPECT_EQ(log.entries()[0].argv, (std::vector<std::string>{"AUTH", "(redacted)", "(redacted)"}));
}

TEST(Slowlog, MaxLenTrimsWhileTheSlowlogIsOn) {
  Config cfg;
  cfg.slowlog_max_len = 3;
  Slowlog log(&cfg);
  for (int i = 0; i < 5; ++i) Push(log, {"PING"});
  EXPECT_EQ(log.size(), 3u);
  EXPECT_EQ(log.entries().back().id, 2);  // the oldest go
  cfg.slowlog_log_slower_than_us = -1;  // off: what is there stays, whatever the max
  cfg.slowlog_max_len = 1;
  log.Trim();
  EXPECT_EQ(log.size(), 3u);
  cfg.slowlog_log_slower_than_us = 0;
  log.Trim();
  EXPECT_EQ(log.size(), 1u);
  cfg.slowlog_max_len = 0;  // keeps nothing, but a push still takes an id
  Push(log, {"PING"});
  EXPECT_EQ(log.size(), 0u);
  cfg.slowlog_max_len = 10;
  Push(log, {"PING"});
  EXPECT_EQ(log.entries()[0].id, 6);
}

}  // namespace
}  // namespace ringkv::core

// io::FileAppender on a real ring and a real temporary file: appends made while a write is in flight are
// group-committed in the next round, the file holds every byte in order, fsync rounds report synced ==
// written, a missing SQE defers the operation to the next turn, and a failing fd reports the error while
// keeping every byte for the retry. The loop runs on this thread; callbacks stop it.
#include "io/file_appender.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "io/loop.h"
#include "tests/unit/loop_test_handler.h"

namespace ringkv::io {
namespace {

std::string ReadAll(const std::string& path) {
  std::string out;
  int fd = open(path.c_str(), O_RDONLY);
  char buf[65536];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  close(fd);
  return out;
}

class FileAppenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/ringkv-appender-XXXXXX";
    int fd = mkstemp(tmpl);
    ASSERT_GE(fd, 0);
    close(fd);
    path_ = tmpl;
    std::string err;
    ASSERT_TRUE(loop_.Init(&err)) << err;
  }
  void TearDown() override { unlink(path_.c_str()); }

  testing_support::TimerOnlyHandler handler_;
  Loop loop_{&handler_, LoopOptions{}};
  std::string path_;
};

TEST_F(FileAppenderTest, GroupCommitsAppendsMadeWhileAWriteIsInFlight) {
  int fd = open(path_.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  std::vector<std::pair<uint64_t, uint64_t>> progress;
  FileAppender* ap = nullptr;
  int round = 0;
  FileAppender appender(&loop_, fd, 0,
                        {.on_progress =
                             [&](uint64_t written, uint64_t synced) {
                               progress.emplace_back(written, synced);
                               if (++round == 1) {
                                 // Appended while the first round was in flight: all in the second.
                                 EXPECT_EQ(ap->unwritten(), 6u);
                               }
                               if (written == ap->appended() && !ap->busy()) loop_.Stop();
                             },
                         .on_error = [&](int err) { ADD_FAILURE() << "error " << err; }});
  ap = &appender;
  appender.Append("first;");
  appender.Flush(/*sync=*/true);
  ASSERT_TRUE(appender.busy());
  appender.Append("abc");
  appender.Flush(true);
  appender.Append("def");
  appender.Flush(false);  // joins the same round, which still syncs
  ASSERT_TRUE(loop_.Run());
  ASSERT_EQ(progress.size(), 2u);
  EXPECT_EQ(progress[0], std::make_pair(uint64_t{6}, uint64_t{6}));
  EXPECT_EQ(progress[1], std::make_pair(uint64_t{12}, uint64_t{12}));
  EXPECT_EQ(ReadAll(path_), "first;abcdef");
  EXPECT_TRUE(appender.idle());
  close(fd);
}

TEST_F(FileAppenderTest, LargeAppendsAndStartOffsetAndNoSqe) {
  int fd = open(path_.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "head", 4), 4);
  std::string big;
  for (int i = 0; big.size() < (size_t{3} << 20); ++i) big += std::to_string(i) + ",";
  FileAppender appender(&loop_, fd, 4,
                        {.on_progress =
                             [&](uint64_t written, uint64_t synced) {
                               EXPECT_EQ(written, synced);
                               loop_.Stop();
                             },
                         .on_error = [&](int err) { ADD_FAILURE() << "error " << err; }});
  appender.Append(big);
  loop_.InjectFaultForTest(LoopFault::kNoSqe, 1);  // the write finds no SQE: it goes at the next turn
  appender.Flush(true);
  ASSERT_TRUE(loop_.Run());
  EXPECT_EQ(appender.written(), 4 + big.size());
  EXPECT_EQ(ReadAll(path_), "head" + big);
  EXPECT_GE(loop_.counters().no_sqe, 1u);
  close(fd);
}

TEST_F(FileAppenderTest, AFailingWriteKeepsEveryByteForTheRetry) {
  int bad = open(path_.c_str(), O_RDONLY);  // writes fail with EBADF
  ASSERT_GE(bad, 0);
  std::vector<int> errors;
  FileAppender appender(&loop_, bad, 0,
                        {.on_progress = [&](uint64_t, uint64_t) { ADD_FAILURE() << "progress on a bad fd"; },
                         .on_error =
                             [&](int err) {
                               errors.push_back(err);
                               loop_.Stop();
                             }});
  appender.Append("kept");
  appender.Flush(true);
  appender.Append("+more");
  ASSERT_TRUE(loop_.Run());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], EBADF);
  EXPECT_FALSE(appender.busy());
  EXPECT_EQ(appender.written(), 0u);
  EXPECT_EQ(appender.unwritten(), 9u);
  close(bad);
  EXPECT_TRUE(appender.idle());
}

// Shutdown drains with blocking writes while a ring write of the same bytes may not have run yet (here: its
// SQE is not even submitted). That write runs afterwards and must find its bytes intact -- it used to find
// a cleared buffer and put a NUL at the start of the file.
TEST_F(FileAppenderTest, DrainBlockingLeavesTheBytesOfAWriteInFlightIntact) {
  int fd = open(path_.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  FileAppender appender(&loop_, fd, 0,
                        {.on_progress = [&](uint64_t, uint64_t) {},
                         .on_error = [&](int err) { ADD_FAILURE() << "error " << err; }});
  appender.Append("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n");
  appender.Flush(false);
  ASSERT_TRUE(appender.busy());
  appender.Append("*1\r\n$4\r\nPING\r\n");
  ASSERT_EQ(appender.DrainBlocking(), 0);
  const std::string want = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*1\r\n$4\r\nPING\r\n";
  EXPECT_EQ(ReadAll(path_), want);
  // Let the stale write run and complete.
  handler_.on_timer = [&] {
    if (appender.idle()) loop_.Stop();
  };
  loop_.SetTimerIntervalMs(1);
  ASSERT_TRUE(loop_.Run());
  EXPECT_EQ(ReadAll(path_), want);
  EXPECT_FALSE(appender.busy());
  EXPECT_EQ(appender.written(), want.size());
  // The appender goes on after the drain.
  appender.Append("+");
  appender.Flush(true);
  handler_.on_timer = [&] {
    if (!appender.busy()) loop_.Stop();
  };
  ASSERT_TRUE(loop_.Run());
  EXPECT_EQ(ReadAll(path_), want + "+");
  close(fd);
}

// The test knob behind aof-fsync-delay: the fsync waits a ring timeout after the write; meanwhile the loop
// turns (the timer fires) with the bytes written but not yet synced, and the round ends synced.
TEST_F(FileAppenderTest, SyncDelayHoldsTheFsyncNotTheLoop) {
  int fd = open(path_.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  std::vector<std::pair<uint64_t, uint64_t>> progress;
  FileAppender appender(&loop_, fd, 0,
                        {.on_progress =
                             [&](uint64_t written, uint64_t synced) {
                               progress.emplace_back(written, synced);
                               loop_.Stop();
                             },
                         .on_error = [&](int err) { ADD_FAILURE() << "error " << err; }});
  appender.set_sync_delay_us(200000);
  bool saw_written_unsynced = false;
  handler_.on_timer = [&] {
    if (appender.written() == 5 && appender.synced() == 0 && appender.busy()) saw_written_unsynced = true;
  };
  loop_.SetTimerIntervalMs(1);
  appender.Append("hello");
  appender.Flush(true);
  ASSERT_TRUE(loop_.Run());
  EXPECT_TRUE(saw_written_unsynced);
  ASSERT_EQ(progress.size(), 1u);
  EXPECT_EQ(progress[0], std::make_pair(uint64_t{5}, uint64_t{5}));
  EXPECT_EQ(ReadAll(path_), "hello");
  EXPECT_FALSE(appender.busy());
  close(fd);
}

TEST_F(FileAppenderTest, OnTimedTellsTheWriteAndTheSyncApart) {
  int fd = open(path_.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  std::vector<std::pair<int64_t, int64_t>> timed;
  FileAppender appender(&loop_, fd, 0,
                        {.on_progress = [&](uint64_t, uint64_t) { loop_.Stop(); },
                         .on_error = [&](int err) { ADD_FAILURE() << "error " << err; },
                         .on_timed = [&](int64_t write_us, int64_t sync_us) { timed.emplace_back(write_us, sync_us); }});
  appender.Append("no sync");
  appender.Flush(false);
  ASSERT_TRUE(loop_.Run());
  // A delayed fsync (the test knob) runs apart from its write: the sync time holds the delay.
  appender.set_sync_delay_us(50000);
  appender.Append("synced");
  appender.Flush(true);
  ASSERT_TRUE(loop_.Run());
  ASSERT_EQ(timed.size(), 2u);
  EXPECT_GE(timed[0].first, 0);
  EXPECT_EQ(timed[0].second, 0);
  EXPECT_GE(timed[1].second, 50000);
  EXPECT_LT(timed[1].first, 50000);
  close(fd);
}

}  // namespace
}  // namespace ringkv::io

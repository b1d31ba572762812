// io::FileUnlinker on a real ring: queued paths are removed by the ring's workers while the loop turns, a
// path that cannot be removed (a directory) is reported with its errno, one already gone is not an error,
// and Flush() removes what the ring has not been given yet.
#include "io/file_unlinker.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <functional>
#include <string>
#include <vector>

#include "io/loop.h"
#include "tests/unit/loop_test_handler.h"

namespace ringkv::io {
namespace {

bool Exists(const std::string& p) {
  struct stat sb {};
  return ::stat(p.c_str(), &sb) == 0;
}

std::string MakeFile(const std::string& dir, const std::string& name) {
  const std::string p = dir + "/" + name;
  const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT, 0644);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(::write(fd, "data", 4), 4);
  ::close(fd);
  return p;
}

class FileUnlinkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/ringkv-unlinker-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    std::string err;
    ASSERT_TRUE(loop_.Init(&err)) << err;
    loop_.SetTimerIntervalMs(1);
  }
  void TearDown() override {
    ::rmdir((dir_ + "/sub").c_str());
    ::rmdir(dir_.c_str());
  }
  // Turns the loop until the unlinker has nothing left.
  void RunUntilIdle(FileUnlinker& u) {
    handler_.on_timer = [&] {
      if (u.pending() == 0 && u.idle()) loop_.Stop();
    };
    ASSERT_TRUE(loop_.Run());
  }

  testing_support::TimerOnlyHandler handler_;
  Loop loop_{&handler_, LoopOptions{}};
  std::string dir_;
};

TEST_F(FileUnlinkerTest, RemovesThroughTheRingAndReportsFailures) {
  std::vector<std::pair<std::string, int>> errors;
  FileUnlinker u(&loop_, [&](const std::string& path, int err) { errors.emplace_back(path, err); });
  const std::string a = MakeFile(dir_, "a"), b = MakeFile(dir_, "b");
  u.Unlink(a);
  u.Unlink(b);
  u.Unlink(dir_ + "/never-existed");  // ENOENT: nothing to report
  EXPECT_TRUE(Exists(a));             // nothing happens before the loop submits
  RunUntilIdle(u);
  EXPECT_FALSE(Exists(a));
  EXPECT_FALSE(Exists(b));
  EXPECT_TRUE(errors.empty());

  ASSERT_EQ(::mkdir((dir_ + "/sub").c_str(), 0755), 0);
  u.Unlink(dir_ + "/sub");  // a directory: unlinkat without AT_REMOVEDIR refuses it
  RunUntilIdle(u);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].first, dir_ + "/sub");
  EXPECT_EQ(errors[0].second, EISDIR);
}

TEST_F(FileUnlinkerTest, FlushRemovesWhatTheRingWasNotGiven) {
  FileUnlinker u(&loop_, nullptr);
  const std::string a = MakeFile(dir_, "a");
  loop_.InjectFaultForTest(LoopFault::kNoSqe, 1);  // no SQE: the path waits for the next turn
  u.Unlink(a);
  EXPECT_EQ(u.pending(), 1u);
  u.Flush();
  EXPECT_FALSE(Exists(a));
  EXPECT_EQ(u.pending(), 0u);
  RunUntilIdle(u);  // the retry finds nothing left to submit
}

}  // namespace
}  // namespace ringkv::io

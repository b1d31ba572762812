// core::ForkChild on a real ring: the child's end reaches the parent through the ring (pidfd poll + waitpid)
// with its exit code, a signal, or SIGUSR1's quiet exit after Kill; a successful child sends its COW figure
// through the pipe; only one child runs at a time; Dicts do not resize while it lives. The loop runs on this
// thread and the done callbacks stop it.
#include "core/fork_child.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <functional>
#include <string>

#include "ds/dict.h"
#include "io/loop.h"
#include "tests/unit/loop_test_handler.h"

namespace ringkv::core {
namespace {

class ForkChildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    ASSERT_TRUE(loop_.Init(&err)) << err;
  }
  // Starts a child running body and runs the loop until its end; returns how it ended.
  ChildResult RunToEnd(std::function<int()> body, bool kill = false) {
    ChildResult got;
    bool done = false;
    ChildSpec spec;
    spec.kind = ChildKind::kRdb;
    spec.keys_total = 7;
    spec.body = std::move(body);
    spec.done = [&](const ChildResult& r) {
      got = r;
      done = true;
      loop_.Stop();
    };
    const pid_t pid = child_.Start(std::move(spec));
    EXPECT_GT(pid, 0);
    EXPECT_TRUE(child_.active());
    EXPECT_EQ(child_.kind(), ChildKind::kRdb);
    EXPECT_EQ(child_.keys_total(), 7u);
    EXPECT_FALSE(ds::DictResizeAllowed());
    if (kill) child_.Kill();
    EXPECT_TRUE(loop_.Run());
    EXPECT_TRUE(done);
    EXPECT_FALSE(child_.active());
    EXPECT_TRUE(ds::DictResizeAllowed());
    EXPECT_EQ(got.pid, pid);
    return got;
  }

  testing_support::TimerOnlyHandler handler_;
  io::Loop loop_{&handler_, io::LoopOptions{}};
  ForkChild child_{&loop_};
};

TEST_F(ForkChildTest, SuccessSendsTheCowFigure) {
  const ChildResult r = RunToEnd([] {
    ForkChild::ReportProgress(1);
    return 0;
  });
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.signal, 0);
  EXPECT_GT(r.cow_bytes, 0u);  // at least the pages the child itself wrote (its stack)
  EXPECT_GT(r.elapsed_us, 0);
  EXPECT_EQ(child_.total_forks(), 1u);
  EXPECT_GT(child_.latest_fork_usec(), 0);
}

// Where pidfd_open is refused (a sandbox), the cron's waitpid finds the end; the result is the same.
TEST_F(ForkChildTest, WithoutAPidfdTheCronFindsTheEnd) {
  child_.set_no_pidfd_for_test(true);
  handler_.on_timer = [&] { child_.CronCheck(); };
  loop_.SetTimerIntervalMs(5);
  const ChildResult r = RunToEnd([] { return 0; });
  EXPECT_TRUE(r.ok());
  const ChildResult r2 = RunToEnd([] { return 4; });
  EXPECT_EQ(r2.exit_code, 4);
}

TEST_F(ForkChildTest, ExitCodeOfAFailedBody) {
  const ChildResult r = RunToEnd([] { return 3; });
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.cow_bytes, 0u);  // only a successful child reports its final COW
}

TEST_F(ForkChildTest, KillEndsItQuietlyAsSigusr1) {
  const ChildResult r = RunToEnd(
      [] {
        sleep(30);
        return 0;
      },
      /*kill=*/true);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.signal, SIGUSR1);
  EXPECT_LT(r.elapsed_us, 20 * 1000000);
}

TEST_F(ForkChildTest, ASignalIsReported) {
  const ChildResult r = RunToEnd([] {
    ::kill(getpid(), SIGKILL);
    return 0;
  });
  EXPECT_EQ(r.signal, SIGKILL);
  EXPECT_EQ(r.exit_code, -1);
}

// Only one child runs at a time; the done callback may start the next one (the owners are idle by then).
TEST_F(ForkChildTest, OneChildAtATimeAndTheNextFromTheDoneCallback) {
  ChildSpec spec;
  spec.body = [] {
    sleep(30);
    return 0;
  };
  int ends = 0;
  ChildResult second_result;
  spec.done = [&](const ChildResult& first) {
    ++ends;
    EXPECT_EQ(first.signal, SIGUSR1);
    ChildSpec next;
    next.body = [] { return 0; };
    next.done = [&](const ChildResult& r) {
      ++ends;
      second_result = r;
      loop_.Stop();
    };
    EXPECT_GT(child_.Start(std::move(next)), 0);
  };
  ASSERT_GT(child_.Start(std::move(spec)), 0);
  ChildSpec refused;
  refused.body = [] { return 0; };
  errno = 0;
  EXPECT_EQ(child_.Start(std::move(refused)), -1);
  EXPECT_EQ(errno, EEXIST);
  child_.Kill();
  EXPECT_TRUE(loop_.Run());
  EXPECT_EQ(ends, 2);
  EXPECT_TRUE(second_result.ok());
  EXPECT_EQ(child_.total_forks(), 2u);
  EXPECT_FALSE(child_.active());
}

}  // namespace
}  // namespace ringkv::core

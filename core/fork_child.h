// ForkChild: the server's one forked child at a time (an RDB snapshot, or an AOF rewrite: Redis's child_type,
// where those two exclude each other), and how the parent learns of it without ever blocking or polling:
// the child's end arrives through the ring (a pidfd, readable once the child has exited, watched by an
// IORING_OP_POLL_ADD), then waitpid reaps it at once; its progress and copy-on-write figures arrive through
// a pipe the ring reads (Redis's childinfo.c: keys processed, Private_Dirty of /proc/self/smaps_rollup).
//
// The child runs a body (a std::function) in a copy of the parent's memory and must never touch the ring or
// a socket: it closes the listening sockets (so a restarted server can bind while it finishes, as Redis),
// writes with plain syscalls, and leaves with _exit (no destructor, no atexit handler: they belong to the
// parent). SIGUSR1 (ForkChild::Kill) ends it quietly: it exits with kQuietExitCode, which the parent reports
// as "killed by SIGUSR1" so an intended kill is never taken for a failed save (Redis's
// SERVER_CHILD_NOERROR_RETVAL). The child also gets SIGUSR1 when the parent dies, so no orphan goes on
// writing a snapshot nobody will ever use.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "io/completion.h"

namespace ringkv::io {
class Loop;
}

namespace ringkv::core {

enum class ChildKind : uint8_t { kNone, kRdb, kAof };

// How a child ended, for the done callback.
struct ChildResult {
  ChildKind kind = ChildKind::kNone;
  pid_t pid = -1;
  int exit_code = 0;     // the body's return value when it exited by itself; -1 when a signal ended it
  int signal = 0;        // the signal that ended it (SIGUSR1 after Kill), 0 when it exited
  int64_t elapsed_us = 0;  // from the fork to the parent seeing the end
  size_t cow_bytes = 0;    // peak copy-on-write the child reported (0 if it reported nothing)
  bool ok() const { return signal == 0 && exit_code == 0; }
};

struct ChildSpec {
  ChildKind kind = ChildKind::kRdb;
  // Runs in the child; its return value is the exit code (0: success). On success the child then sends its
  // final copy-on-write figure and logs Redis's "Fork CoW for <name>: ..." line.
  std::function<int()> body;
  // Runs in the parent, on the loop, once the child is reaped and its reports are read; ForkChild is idle
  // again by then, so it may start the next child.
  std::function<void(const ChildResult&)> done;
  size_t keys_total = 0;  // INFO's current_save_keys_total (the keys at the fork)
};

class ForkChild {
 public:
  // Exit code of a child ended by SIGUSR1 (Kill, or its parent's death): reported as signal SIGUSR1.
  static constexpr int kQuietExitCode = 255;

  explicit ForkChild(io::Loop* loop);
  ~ForkChild();
  ForkChild(const ForkChild&) = delete;
  ForkChild& operator=(const ForkChild&) = delete;

  // Forks and runs spec.body in the child (which first closes the loop's listening sockets). Returns the
  // child's pid, or -1 with errno set (EEXIST when a child is already running, else fork's or pipe's errno).
  // While a child lives, Dicts do not resize (ds::SetDictResizeAllowed): copy-on-write would copy the
  // segments a split or merge rewrites.
  pid_t Start(ChildSpec spec);

  bool active() const { return pid_ > 0; }
  ChildKind kind() const { return active() ? spec_.kind : ChildKind::kNone; }
  pid_t pid() const { return pid_; }
  // Unix seconds when the running child was forked.
  int64_t start_s() const { return start_s_; }
  // Sends SIGUSR1; the end arrives through done as signal SIGUSR1, like any other end.
  void Kill();
  // The server cron's tick: where pidfd_open was refused (a sandbox), the child's end is found here, by
  // waitpid(WNOHANG), as Redis's checkChildrenDone does. Otherwise nothing (the ring reports the end).
  void CronCheck();
  // Tests: behave as if pidfd_open were refused (the cron fallback).
  void set_no_pidfd_for_test(bool v) { no_pidfd_for_test_ = v; }

  // The running child's reports (0 when none is running), for INFO persistence.
  size_t cow_peak() const { return cow_peak_; }
  size_t cow_bytes() const { return cow_bytes_; }
  int64_t cow_updated_ms() const { return cow_updated_ms_; }  // CLOCK_MONOTONIC ms of the last COW reading
  size_t keys_processed() const { return keys_processed_; }
  size_t keys_total() const { return active() ? spec_.keys_total : 0; }

  // INFO stats.
  uint64_t total_forks() const { return total_forks_; }
  int64_t latest_fork_usec() const { return latest_fork_usec_; }
  // Told how long each successful fork() took in the parent (the latency monitor's "fork" event).
  void set_on_forked(std::function<void(int64_t fork_us)> fn) { on_forked_ = std::move(fn); }

  // Called by a body in the child as it goes (keys processed so far): sends the progress to the parent about
  // once a second, with a COW reading taken no more often than its cost allows. No-op outside a child.
  static void ReportProgress(size_t keys_processed);
  // Whether this process is a forked child of the server.
  static bool InChild();

  // Tests: the ms since CLOCK_MONOTONIC's origin, as cow_updated_ms() counts.
  static int64_t MonotonicMs();

 private:
  // One ring operation each (io/completion.h: one kind of operation per owner).
  struct ExitWatch final : io::CompletionOwner {
    ForkChild* self = nullptr;
    void OnCompletion(int32_t res, uint32_t flags) override { self->OnExitPoll(res, flags); }
    void OnSqeRetry() override { self->ArmExitPoll(); }
  };
  struct InfoReader final : io::CompletionOwner {
    ForkChild* self = nullptr;
    void OnCompletion(int32_t res, uint32_t flags) override { self->OnInfoRead(res, flags); }
    void OnSqeRetry() override { self->ArmInfoRead(); }
  };

  [[noreturn]] void RunChild(const std::vector<int>& close_in_child, int info_wr);
  void ArmExitPoll();
  void ArmInfoRead();
  void OnExitPoll(int32_t res, uint32_t flags);
  void OnInfoRead(int32_t res, uint32_t flags);
  void TryReap();
  void MaybeFinish();
  void ResetRunning();

  io::Loop* loop_;
  ExitWatch exit_watch_;
  InfoReader info_reader_;
  ChildSpec spec_;
  pid_t pid_ = -1;
  int pidfd_ = -1;
  int info_rd_ = -1;
  int64_t start_us_ = 0;  // CLOCK_MONOTONIC
  int64_t start_s_ = 0;
  bool exited_ = false;    // reaped
  bool warned_no_pidfd_ = false;
  bool no_pidfd_for_test_ = false;
  bool info_eof_ = false;  // the pipe reached EOF (the child's end of it is closed)
  ChildResult result_;
  size_t cow_peak_ = 0, cow_bytes_ = 0, keys_processed_ = 0;
  int64_t cow_updated_ms_ = 0;
  uint64_t total_forks_ = 0;
  int64_t latest_fork_usec_ = 0;
  std::function<void(int64_t)> on_forked_;
  // One report, as the child writes it (fixed size, below PIPE_BUF: each write and read is one whole report).
  struct Report {
    uint32_t magic;
    uint32_t final;  // 1: the last COW figure of a successful child
    uint64_t keys;
    uint64_t cow_bytes;
    int64_t cow_updated_ms;
  };
  Report report_{};  // the read in flight lands here
};

}  // namespace ringkv::core

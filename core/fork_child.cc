#include "core/fork_child.h"

#include <fcntl.h>
#include <liburing.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <utility>

#include "core/log.h"
#include "ds/dict.h"
#include "io/loop.h"

namespace ringkv::core {
namespace {

constexpr uint32_t kReportMagic = 0x52494e46;  // "RINF"

// The child's side (process globals: a child is exactly one process with one parent).
int g_child_info_fd = -1;
ChildKind g_child_kind = ChildKind::kNone;
int g_log_fd = STDOUT_FILENO;  // the logfile's fd (opened O_APPEND by stdio), read before SIGUSR1 is handled

int64_t NowUs(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return int64_t{ts.tv_sec} * 1000000 + ts.tv_nsec / 1000;
}

const char* KindName(ChildKind kind) { return kind == ChildKind::kAof ? "AOF rewrite" : "RDB"; }

// Private_Dirty of the whole process: pages this child holds that nobody shares, which (beyond what the child
// allocates itself) are the pages the parent wrote after the fork, copied for it. -1 if unreadable.
int64_t PrivateDirtyBytes() {
  const int fd = ::open("/proc/self/smaps_rollup", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  char buf[4096];
  size_t n = 0;
  for (;;) {
    const ssize_t r = ::read(fd, buf + n, sizeof(buf) - 1 - n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    n += static_cast<size_t>(r);
    if (n == sizeof(buf) - 1) break;
  }
  ::close(fd);
  buf[n] = '\0';
  const char* p = std::strstr(buf, "Private_Dirty:");
  if (p == nullptr) return -1;
  return std::strtoll(p + std::strlen("Private_Dirty:"), nullptr, 10) * 1024;
}

// Async-signal-safe: Redis's "<pid>:signal-handler (<unix time>) <message>" line, with write(2) only.
void WriteSignalLine(const char* msg) {
  char line[256];
  size_t n = 0;
  auto put_num = [&](long long v) {
    char digits[24];
    int k = 0;
    do {
      digits[k++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v > 0 && k < 24);
    while (k > 0 && n < sizeof line) line[n++] = digits[--k];
  };
  auto put_str = [&](const char* s) {
    while (*s != '\0' && n < sizeof line) line[n++] = *s++;
  };
  put_num(getpid());
  put_str(":signal-handler (");
  put_num(static_cast<long long>(time(nullptr)));
  put_str(") ");
  put_str(msg);
  if (n < sizeof line) line[n++] = '\n';
  ssize_t w = ::write(g_log_fd, line, n);
  (void)w;
}

void OnChildSigusr1(int) {
  WriteSignalLine("Received SIGUSR1 in child, exiting now.");
  _exit(ForkChild::kQuietExitCode);
}

// The COW figures of this child, as Redis's sendChildInfoGeneric keeps them: a reading costs a walk of the
// process's mappings, so the next one waits 100x what the last took.
struct CowState {
  int64_t updated_ms = 0;   // CLOCK_MONOTONIC
  int64_t next_us = 0;
  size_t current = 0, peak = 0;
  unsigned long long sum = 0;
  size_t readings = 0;
};
CowState g_cow;
int64_t g_last_report_us = 0;

void SendReport(bool final, size_t keys) {
  if (g_child_info_fd < 0) return;
  const int64_t now_us = NowUs(CLOCK_MONOTONIC);
  if (final || g_cow.readings == 0 || now_us >= g_cow.next_us) {
    const int64_t v = PrivateDirtyBytes();
    const int64_t after_us = NowUs(CLOCK_MONOTONIC);
    g_cow.current = v < 0 ? 0 : static_cast<size_t>(v);
    g_cow.updated_ms = after_us / 1000;
    g_cow.next_us = after_us + (after_us - now_us) * 100;
    if (g_cow.current > g_cow.peak) g_cow.peak = g_cow.current;
    g_cow.sum += g_cow.current;
    ++g_cow.readings;
    if (g_cow.current > 0 || final) {
      Log(final ? LogLevel::kNotice : LogLevel::kVerbose, "Fork CoW for %s: current %d MB, peak %d MB, average %d MB",
          KindName(g_child_kind), g_cow.current >> 20, g_cow.peak >> 20, (g_cow.sum / g_cow.readings) >> 20);
    }
  }
  struct {
    uint32_t magic, final;
    uint64_t keys, cow_bytes;
    int64_t cow_updated_ms;
  } r{kReportMagic, final ? 1u : 0u, keys, g_cow.current, g_cow.updated_ms};
  static_assert(sizeof(r) < PIPE_BUF, "one report must be one atomic pipe write");
  ssize_t w;
  do {
    w = ::write(g_child_info_fd, &r, sizeof r);
  } while (w < 0 && errno == EINTR);
  // A failed write (the parent is gone) is noticed nowhere else: the child just goes on.
}

}  // namespace

int64_t ForkChild::MonotonicMs() { return NowUs(CLOCK_MONOTONIC) / 1000; }

bool ForkChild::InChild() { return g_child_kind != ChildKind::kNone; }

void ForkChild::ReportProgress(size_t keys_processed) {
  if (g_child_info_fd < 0) return;
  // About once a second, as Redis's rdbSaveDb (which looks at the clock every 1024 keys); the clock is a
  // vDSO read, cheap next to serializing 16 keys.
  if ((keys_processed & 15) != 1) return;
  const int64_t now_us = NowUs(CLOCK_MONOTONIC);
  if (g_last_report_us != 0 && now_us - g_last_report_us < 1000000) return;
  g_last_report_us = now_us;
  SendReport(false, keys_processed);
}

ForkChild::ForkChild(io::Loop* loop) : loop_(loop) {
  exit_watch_.self = this;
  info_reader_.self = this;
}

ForkChild::~ForkChild() {
  // At exit the loop is gone or stopped: no completion will come. The child is left to its SIGUSR1 death
  // signal (sent when this process ends).
  if (pidfd_ >= 0) ::close(pidfd_);
  if (info_rd_ >= 0) ::close(info_rd_);
}

pid_t ForkChild::Start(ChildSpec spec) {
  // The previous child's ring operations must all have ended before their owners are reused.
  if (active() || !exit_watch_.idle() || !info_reader_.idle()) {
    errno = EEXIST;
    return -1;
  }
  const std::vector<int> close_in_child = loop_->ListenerFds();
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return -1;
  const pid_t parent = getpid();
  const int64_t start_us = NowUs(CLOCK_MONOTONIC);
  const pid_t pid = ::fork();
  if (pid == 0) {
    spec_ = std::move(spec);
    ::close(fds[0]);
    // Dies with the parent (checked again after prctl: the parent may already be gone).
    ::prctl(PR_SET_PDEATHSIG, SIGUSR1);
    if (getppid() != parent) _exit(kQuietExitCode);
    RunChild(close_in_child, fds[1]);
  }
  if (pid < 0) {
    const int err = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    errno = err;
    return -1;
  }
  ::close(fds[1]);
  latest_fork_usec_ = NowUs(CLOCK_MONOTONIC) - start_us;
  ++total_forks_;
  if (on_forked_) on_forked_(latest_fork_usec_);
  spec_ = std::move(spec);
  pid_ = pid;
  info_rd_ = fds[0];
  start_us_ = start_us;
  start_s_ = NowUs(CLOCK_REALTIME) / 1000000;
  exited_ = info_eof_ = false;
  cow_peak_ = cow_bytes_ = keys_processed_ = 0;
  cow_updated_ms_ = 0;
  result_ = ChildResult{};
  result_.kind = spec_.kind;
  result_.pid = pid;
  pidfd_ = no_pidfd_for_test_ ? (errno = EPERM, -1) : static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd_ < 0) {
    // No pidfd (a kernel before 5.3, or a sandbox refusing it): the end cannot come through the ring. The
    // cron looks for it instead (CronCheck), as Redis does; once is enough to say so.
    if (!warned_no_pidfd_) {
      Log(LogLevel::kWarning, "Can't watch the child process through the ring (pidfd_open: %s): its end is "
          "checked by the server cron", std::strerror(errno));
      warned_no_pidfd_ = true;
    }
  } else {
    ::fcntl(pidfd_, F_SETFD, FD_CLOEXEC);
  }
  ds::SetDictResizeAllowed(false);
  ArmExitPoll();
  ArmInfoRead();
  return pid;
}

void ForkChild::RunChild(const std::vector<int>& close_in_child, int info_wr) {
  // Nothing of the parent's I/O: the listening sockets, and the ring (its accept requests hold the listening
  // sockets too), so the port frees if the parent dies while this child still runs.
  for (int fd : close_in_child) ::close(fd);
  loop_->ForgetRingInChild();
  g_log_fd = LogFd();
  struct sigaction sa {};
  sa.sa_handler = OnChildSigusr1;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR1, &sa, nullptr);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  SetLogRole('C');
  g_child_kind = spec_.kind;
  g_child_info_fd = info_wr;
  int code = spec_.body ? spec_.body() : 1;
  if (code == 0) SendReport(true, 0);
  _exit(code);
}

void ForkChild::Kill() {
  if (active() && !exited_) ::kill(pid_, SIGUSR1);
}

void ForkChild::CronCheck() {
  if (!active() || pidfd_ >= 0 || exited_) return;
  TryReap();
  if (exited_) MaybeFinish();
}

void ForkChild::ArmExitPoll() {
  if (pidfd_ < 0 || exited_) return;
  io_uring_sqe* sqe = loop_->GetSqe(&exit_watch_);
  if (sqe == nullptr) return;  // OnSqeRetry at the next turn
  io_uring_prep_poll_add(sqe, pidfd_, POLLIN);
}

void ForkChild::ArmInfoRead() {
  if (info_rd_ < 0 || info_eof_) return;
  io_uring_sqe* sqe = loop_->GetSqe(&info_reader_);
  if (sqe == nullptr) return;
  // A pipe has no offset: -1 reads at the current position. The read end is blocking, so the ring waits
  // for data by polling the pipe internally (no worker thread).
  io_uring_prep_read(sqe, info_rd_, &report_, sizeof report_, static_cast<uint64_t>(-1));
}

void ForkChild::OnExitPoll(int32_t res, uint32_t /*flags*/) {
  if (res < 0 && res != -EINTR && res != -EAGAIN) {
    Log(LogLevel::kWarning, "Polling the child's pidfd failed: %s", std::strerror(-res));
  }
  TryReap();
  if (!exited_) {
    ArmExitPoll();
    return;
  }
  MaybeFinish();
}

void ForkChild::TryReap() {
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_, &status, WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == 0) return;  // not yet (a spurious wake-up)
  exited_ = true;
  result_.elapsed_us = NowUs(CLOCK_MONOTONIC) - start_us_;
  if (r < 0) {
    Log(LogLevel::kWarning, "waitpid() returned an error: %s. child_type: %s, child_pid = %d", std::strerror(errno),
        KindName(spec_.kind), static_cast<int>(pid_));
    result_.exit_code = -1;
    result_.signal = 0;
    return;
  }
  if (WIFSIGNALED(status)) {
    result_.signal = WTERMSIG(status);
    result_.exit_code = -1;
  } else {
    result_.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    // The quiet exit of SIGUSR1's handler is a kill on purpose, not a failure (Redis's checkChildrenDone).
    if (result_.exit_code == kQuietExitCode) {
      result_.signal = SIGUSR1;
      result_.exit_code = 1;
    }
  }
}

void ForkChild::OnInfoRead(int32_t res, uint32_t /*flags*/) {
  if (res == -EINTR || res == -EAGAIN) {
    ArmInfoRead();
    return;
  }
  if (res <= 0) {
    info_eof_ = true;  // EOF: every copy of the write end is closed, so the child is gone or going
    MaybeFinish();
    return;
  }
  if (static_cast<size_t>(res) == sizeof report_ && report_.magic == kReportMagic) {
    if (report_.cow_bytes > cow_peak_) cow_peak_ = report_.cow_bytes;
    if (report_.final != 0) {
      result_.cow_bytes = cow_peak_;
    } else {
      cow_bytes_ = report_.cow_bytes;
      cow_updated_ms_ = report_.cow_updated_ms;
      keys_processed_ = report_.keys;
    }
  }
  ArmInfoRead();
}

void ForkChild::MaybeFinish() {
  if (!exited_ || !info_eof_ || !exit_watch_.idle() || !info_reader_.idle()) return;
  ChildResult result = result_;
  std::function<void(const ChildResult&)> done = std::move(spec_.done);
  ResetRunning();
  if (done) done(result);
}

void ForkChild::ResetRunning() {
  if (pidfd_ >= 0) ::close(pidfd_);
  if (info_rd_ >= 0) ::close(info_rd_);
  pidfd_ = info_rd_ = -1;
  pid_ = -1;
  ds::SetDictResizeAllowed(true);
  spec_ = ChildSpec{};
  cow_peak_ = cow_bytes_ = keys_processed_ = 0;
  cow_updated_ms_ = 0;
}

}  // namespace ringkv::core

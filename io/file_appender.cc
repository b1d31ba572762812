#include "io/file_appender.h"

#include <fcntl.h>
#include <liburing.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <utility>

#include "io/loop.h"

namespace ringkv::io {

namespace {

// One write covers at most this much: a huge buffer goes out in several writes (each a short-write round).
constexpr size_t kMaxWriteBytes = size_t{64} << 20;

int64_t MonotonicUs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1000000 + ts.tv_nsec / 1000;
}

}  // namespace

FileAppender::FileAppender(Loop* loop, int fd, uint64_t start_offset, Callbacks callbacks)
    : loop_(loop),
      fd_(fd),
      cb_(std::move(callbacks)),
      appended_(start_offset),
      written_(start_offset),
      synced_(start_offset) {}

void FileAppender::Flush(bool sync) {
  if (state_ != State::kIdle) {
    flush_wanted_ = true;
    sync_wanted_ = sync_wanted_ || sync;
    return;
  }
  sync_this_round_ = sync;
  Start();
}

void FileAppender::Start() {
  if (cb_.on_timed) round_start_us_ = write_done_us_ = MonotonicUs();
  if (inflight_.size() == done_) {
    // Nothing left of an earlier failed round: take what was appended.
    inflight_.clear();
    done_ = 0;
    std::swap(inflight_, pending_);
  }
  if (inflight_.size() > done_) {
    SubmitWrite();
  } else if (sync_this_round_ && synced_ < written_) {
    SubmitSync();
  } else {
    state_ = State::kIdle;
  }
}

void FileAppender::SubmitWrite() {
  state_ = State::kWriting;
  io_uring_sqe* sqe = loop_->GetSqe(this);
  if (sqe == nullptr) return;  // OnSqeRetry at the next turn
  const size_t len = std::min(inflight_.size() - done_, kMaxWriteBytes);
  io_uring_prep_write(sqe, fd_, inflight_.data() + done_, static_cast<unsigned>(len), written_);
  // A round that must end synced, over a file synced up to here: the write itself syncs (RWF_DSYNC, as
  // O_DSYNC for this write: its data and the size that reaches it), one operation instead of two.
  dsync_write_ = sync_this_round_ && synced_ == written_ && sync_delay_us_ == 0;
  if (dsync_write_) sqe->rw_flags = RWF_DSYNC;
}

void FileAppender::SubmitSync() {
  if (sync_delay_us_ > 0 && !delay_done_) {
    state_ = State::kDelaying;
    io_uring_sqe* sqe = loop_->GetSqe(this);
    if (sqe == nullptr) return;
    delay_ts_.tv_sec = sync_delay_us_ / 1000000;
    delay_ts_.tv_nsec = (sync_delay_us_ % 1000000) * 1000;
    io_uring_prep_timeout(sqe, &delay_ts_, 0, 0);
    return;
  }
  state_ = State::kSyncing;
  io_uring_sqe* sqe = loop_->GetSqe(this);
  if (sqe == nullptr) return;
  delay_done_ = false;
  io_uring_prep_fsync(sqe, fd_, IORING_FSYNC_DATASYNC);
}

void FileAppender::OnSqeRetry() {
  if (state_ == State::kWriting) {
    SubmitWrite();
  } else if (state_ == State::kSyncing || state_ == State::kDelaying) {
    SubmitSync();
  }
}

int FileAppender::DrainBlocking() {
  std::string rest = inflight_.substr(std::min(done_, inflight_.size()));
  rest += pending_;
  uint64_t off = written_;
  size_t at = 0;
  while (at < rest.size()) {
    const ssize_t n = ::pwrite(fd_, rest.data() + at, rest.size() - at, static_cast<off_t>(off));
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    at += static_cast<size_t>(n);
    off += static_cast<uint64_t>(n);
  }
  if (::fdatasync(fd_) != 0) return errno;
  // Everything is on disk: a completion still in flight finds nothing left to do. An operation in flight
  // may still read inflight_'s bytes (a write the kernel has not run yet), so they stay untouched until its
  // completion: clear() would put a NUL where the write reads its first byte.
  pending_.clear();
  if (state_ == State::kIdle) {
    inflight_.clear();
    done_ = 0;
  } else {
    done_ = inflight_.size();
  }
  written_ = synced_ = appended_;
  flush_wanted_ = sync_wanted_ = false;
  drained_ = state_ != State::kIdle;
  return 0;
}

void FileAppender::OnCompletion(int32_t res, uint32_t /*flags*/) {
  if (drained_) {
    // The operation DrainBlocking overtook: its bytes are on disk already, whatever it did.
    drained_ = false;
    delay_done_ = false;
    inflight_.clear();
    done_ = 0;
    state_ = State::kIdle;
    if (flush_wanted_) {
      flush_wanted_ = false;
      sync_this_round_ = std::exchange(sync_wanted_, false);
      Start();
    }
    return;
  }
  if (state_ == State::kDelaying) {
    delay_done_ = true;  // the timeout expired (-ETIME): now the fsync
    SubmitSync();
    return;
  }
  if (res == -EINTR || res == -EAGAIN) {
    if (state_ == State::kWriting) {
      SubmitWrite();
    } else {
      SubmitSync();
    }
    return;
  }
  if (res < 0) {
    // Keep every unwritten byte, in order, in front of what was appended since; the next Flush retries.
    if (state_ == State::kWriting) {
      pending_.insert(0, inflight_, done_, std::string::npos);
      inflight_.clear();
      done_ = 0;
    }
    state_ = State::kIdle;
    flush_wanted_ = sync_wanted_ = false;
    if (cb_.on_error) cb_.on_error(-res);
    return;
  }
  const bool synced_apart = state_ == State::kSyncing;  // this completion is the round's own fsync
  if (state_ == State::kWriting) {
    done_ += static_cast<size_t>(res);
    written_ += static_cast<uint64_t>(res);
    if (res == 0) {
      // A write that takes nothing (no space left is reported as an error, so this is unexpected): stop
      // the round rather than spin.
      pending_.insert(0, inflight_, done_, std::string::npos);
      inflight_.clear();
      done_ = 0;
      state_ = State::kIdle;
      if (cb_.on_error) cb_.on_error(EIO);
      return;
    }
    if (dsync_write_) synced_ = written_;  // everything before was synced, and this write synced itself
    if (done_ < inflight_.size()) {
      SubmitWrite();  // short write (or a buffer beyond kMaxWriteBytes): the rest
      return;
    }
    inflight_.clear();
    done_ = 0;
    if (cb_.on_timed) write_done_us_ = MonotonicUs();
    if (sync_this_round_ && synced_ < written_) {
      SubmitSync();
      return;
    }
  } else {
    synced_ = written_;
  }
  state_ = State::kIdle;
  if (cb_.on_timed) {
    cb_.on_timed(write_done_us_ - round_start_us_, synced_apart ? MonotonicUs() - write_done_us_ : 0);
  }
  if (cb_.on_progress) cb_.on_progress(written_, synced_);
  // The callback may have flushed already (then we are busy again); else start the round asked meanwhile.
  if (state_ == State::kIdle && flush_wanted_) {
    flush_wanted_ = false;
    sync_this_round_ = std::exchange(sync_wanted_, false);
    Start();
  }
}

}  // namespace ringkv::io

// FileAppender: appends bytes to one file through the loop's ring, in order, without ever blocking the loop:
// the AOF's writer (the persistence issue) and anything else that streams to disk. Bytes appended during a
// turn are buffered; Flush() starts one write of everything buffered (then an fdatasync when asked), and
// while that is in flight new bytes collect for the next one -- so under `appendfsync always` every write of
// a turn is group-committed with one write + one fsync, and the loop keeps serving meanwhile. When the file
// is synced up to the write's start, the two are one operation: the write carries RWF_DSYNC (measured: +7%
// SET/s under always at 50 clients, less CPU per request: one completion and one worker hand-off fewer). The owner of
// the appender learns through on_progress how far the file is written and how far it is durable, and holds
// back whatever must not be seen before that (replies revealing a write).
//
// One operation is in flight at a time (a write, or the fsync after it), so the completion needs no tag. A
// short write goes on from where it stopped; EINTR/EAGAIN are retried; any other error goes to on_error with
// the unwritten bytes kept in order in front of the buffer, and the next Flush() tries again (what the
// caller does about it -- refuse writes, exit -- is its policy, as Redis's AOF has its own).
//
// Lifetime: a CompletionOwner; free it only when idle() (see io/completion.h). The fd belongs to the caller
// and must stay open while an operation is in flight.
#pragma once

#include <linux/time_types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "io/completion.h"

namespace ringkv::io {

class Loop;

class FileAppender final : public CompletionOwner {
 public:
  struct Callbacks {
    // After each completed operation: the file holds [0, written) (in the page cache at least) and
    // [0, synced) is on disk (synced <= written; offsets count from the start of the file).
    std::function<void(uint64_t written, uint64_t synced)> on_progress;
    // A write or an fsync failed with errno `err` (positive); nothing was lost from the buffer.
    std::function<void(int err)> on_error;
    // Optional, before on_progress: how long the round's write took from its start (microseconds, 0 when
    // it wrote nothing; an RWF_DSYNC write includes its sync) and its separate fsync (0 when none).
    std::function<void(int64_t write_us, int64_t sync_us)> on_timed;
  };

  // The file's bytes up to start_offset already exist; appends go after them (explicit offsets: the fd's own
  // position is not used).
  FileAppender(Loop* loop, int fd, uint64_t start_offset, Callbacks callbacks);
  ~FileAppender() = default;

  // Buffers data for the next write.
  void Append(std::string_view data) {
    pending_.append(data);
    appended_ += data.size();
  }
  // Writes everything appended so far, followed by an fdatasync when sync is true. With an operation in
  // flight, this is remembered and started when it ends (a later Flush joins the same round).
  void Flush(bool sync);

  // Shutdown and turning the AOF off (as Redis's synchronous flush + fsync there): writes every byte not yet
  // known written with blocking pwrites at its offsets, then fdatasyncs. Bytes of a write still in flight are
  // written again (the same bytes at the same offsets: harmless); that write's completion still comes to
  // this owner, so it must stay alive until idle(). Returns 0 or the errno of the failure.
  int DrainBlocking();

  // Test knob (the hidden config aof-fsync-delay): each fsync starts only after a ring timeout of `us`
  // microseconds, so tests can hold a sync in flight as long as they like (0: none).
  void set_sync_delay_us(int64_t us) { sync_delay_us_ = us; }

  uint64_t appended() const { return appended_; }  // offset after every byte given to Append
  uint64_t written() const { return written_; }
  uint64_t synced() const { return synced_; }
  // Bytes appended but not yet handed to the kernel in a completed write.
  uint64_t unwritten() const { return appended_ - written_; }
  bool busy() const { return state_ != State::kIdle; }

  void OnCompletion(int32_t res, uint32_t flags) override;
  void OnSqeRetry() override;

 private:
  enum class State { kIdle, kWriting, kDelaying, kSyncing };  // kDelaying: sync_delay_us_ before an fsync
  void Start();
  void SubmitWrite();
  void SubmitSync();

  Loop* loop_;
  int fd_;
  Callbacks cb_;
  std::string pending_;   // appended, not yet in a write
  std::string inflight_;  // the write in progress: inflight_[done_..] is still to be written
  size_t done_ = 0;
  uint64_t appended_;
  uint64_t written_;
  uint64_t synced_;
  State state_ = State::kIdle;
  bool sync_this_round_ = false;  // the round in flight ends with an fsync
  bool flush_wanted_ = false;     // a Flush came while busy
  bool sync_wanted_ = false;      // ... asking for an fsync
  bool drained_ = false;          // DrainBlocking ran while an operation was in flight: its completion is moot
  int64_t sync_delay_us_ = 0;
  bool dsync_write_ = false;       // the write in flight carries RWF_DSYNC
  bool delay_done_ = false;        // the delay before this round's fsync has passed
  int64_t round_start_us_ = 0;     // CLOCK_MONOTONIC: when the round started (on_timed only)
  int64_t write_done_us_ = 0;      // ... and when its write part ended
  __kernel_timespec delay_ts_{};   // read by the kernel when the timeout SQE is submitted
};

}  // namespace ringkv::io

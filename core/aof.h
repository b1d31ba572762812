// The append-only file, as Redis 7.0's aof.c: a PropagationTarget that turns the effect stream into RESP
// commands (SELECT when the db changes), buffers a turn's bytes and writes them once per turn from BeforeSleep
// through io::FileAppender into the current incremental file of the multi-part AOF (persist/aof_manifest.h),
// with appendfsync's policy: `always` group-commits each turn with one write + fdatasync, `everysec` writes
// every turn and fdatasyncs once a second on its own (Redis's rule for an fsync over 2 s: postpone the writes,
// then write anyway and count aof_delayed_fsync), `no` only writes. Nothing here blocks the loop except where
// Redis blocks too (start-up, turning the AOF off, shutdown).
//
// Also here: the start-up load (aof_load.cc), BGREWRITEAOF and automatic rewrites with Redis 7's scheme (a new
// incr file at the start, a new base by the rewrite body persist/aof_rewrite.h, then the manifest switched
// atomically and the old files deleted), CONFIG SET appendonly, the MISCONF refusal after write errors and the
// aof_* fields of INFO persistence.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/propagation.h"
#include "persist/aof_manifest.h"

namespace ringkv::io {
class FileUnlinker;
}

namespace ringkv::core {

class Server;

class Aof final : public PropagationTarget {
 public:
  explicit Aof(Server& server);
  ~Aof() override;

  // ---- start-up (Server::Run, the loop already initialized) ----
  // With appendonly yes: loads the AOF (manifest, base, incr files). False when start-up must stop (logged).
  bool LoadAtStartup();
  // With appendonly yes: creates the base when there is no AOF yet, opens the last incr file (or a new one),
  // persists the manifest and deletes history files, then starts consuming the effect stream. False: stop.
  bool OpenAtStartup();

  // ---- the loop ----
  void Feed(int db, const std::vector<std::string_view>& argv) override;
  // End of a turn: this turn's bytes go to the file (and the fsync policy is applied).
  void BeforeSleep();
  // serverCron's AOF part: the everysec fsync, retrying a failed write, scheduled and automatic rewrites.
  void Cron(int64_t now_ms);
  // Shutdown: every byte written and fsynced, blocking (Redis: "Calling fsync() on the AOF file.").
  void Shutdown();

  // ---- commands and config ----
  // BGREWRITEAOF's reply (a status line "+..." or an error "-..."). in_exec: inside MULTI/EXEC (scheduled).
  std::string BgRewriteCommand(bool in_exec);
  // CONFIG SET appendonly: starts or stops the AOF to match the config.
  void OnAppendonlyChanged(bool in_exec);
  // A replica's full sync (Redis's readSyncBulkPayload): the AOF stops before the old data is flushed (no
  // rewrite child copying a dataset being replaced, no file describing it), and starts again after the load
  // with a rewrite, so that the file holds the synced dataset (Redis's restartAOFAfterSYNC).
  void StopForFullSync() {
    if (state_ != State::kOff) StopAppendOnly();
  }
  void RestartAfterFullSync();
  // Redis's writeCommandsDeniedByDiskError for the AOF: "" or the MISCONF error writes get.
  std::string WriteDeniedError() const;
  // The aof_* lines of INFO persistence, as Redis 7.0.15 prints them: the status lines (size_block false),
  // or the size block printed after module_fork_* while appendonly is on (size_block true).
  std::string InfoFields(bool size_block) const;

  // ---- durability (the lead's reply holding under appendfsync always) ----
  // Byte offsets in the stream of everything this process appended (across incr files): appended() counts
  // every byte fed so far, synced() those known to be on disk (<= appended()).
  uint64_t appended() const;
  uint64_t synced() const;
  // Called whenever synced() advances.
  void set_on_synced(std::function<void(uint64_t synced)> cb) { on_synced_ = std::move(cb); }

  bool enabled() const { return state_ != State::kOff; }
  // The bytes this turn's buffer holds (Redis's aof_buf: not counted against maxmemory, MEMORY STATS
  // aof.buffer); 0 while the AOF is off. Its length, not its capacity: the buffer keeps its capacity from
  // turn to turn (Redis frees a big one after each write), and what stays allocated counts as used memory.
  size_t buffer_bytes() const { return enabled() ? buf_.size() : 0; }
  bool rewrite_in_progress() const { return rewrite_in_progress_; }
  // appendonly was turned on at runtime and the rewrite writing its first base is still running: until it
  // ends, the AOF does not hold the dataset (SHUTDOWN refuses to exit without FORCE, as Redis).
  bool waiting_first_rewrite() const { return state_ == State::kWaitRewrite && rewrite_in_progress_; }
  // Ends a running rewrite child (appendonly no, SHUTDOWN); its end arrives as a kill, not a failure.
  void KillRewriteChild();

 private:
  enum class State { kOff, kOn, kWaitRewrite };
  struct Segment;

  // Paths.
  std::string DirPath() const;                               // `dir`
  std::string AofDirPath() const;                            // dir/appenddirname
  std::string AofFilePath(const std::string& name) const;    // dir/appenddirname/name
  const std::string& prefix() const;                         // appendfilename

  // Loading (aof_load.cc).
  enum class LoadResult { kOk, kNotExist, kEmpty, kOpenErr, kFailed, kTruncated, kAborted };  // kAborted: SHUTDOWN
  bool LoadManifestFromDisk();
  bool UpgradeOldStyleIfNeeded();
  LoadResult LoadFiles();
  LoadResult LoadOneFile(const std::string& name);

  // Writing.
  bool PersistManifest(const persist::aof::Manifest& m);
  // Makes fd (a file whose first `start` bytes exist) the file written from now on; the previous one retires.
  void InstallSegment(int fd, const std::string& name, uint64_t start);
  bool OpenNewIncrForAppend();
  void RenameSegment(const std::string& name);  // the temp incr file got its manifest name
  void RetireSegment();
  void ReapRetired();
  void FlushBuffer(bool force);
  void MaybeFsyncEverysec(int64_t now_s);
  // A write round of segment s ended after write_us (+ sync_us for its own fsync): the latency events.
  void RecordLatency(const Segment& s, int64_t write_us, int64_t sync_us);
  void OnProgress();
  void OnWriteError(int err, bool during_fsync);
  void DeleteHistoryFiles();
  void StopAppendOnly();
  bool StartAppendOnly(bool in_exec);

  // Rewrite.
  bool RewriteBackground();
  // Forks the child that runs WriteBaseFile and exits; OnRewriteDone runs when it is reaped. False when no
  // child could be started (another one runs, or fork failed).
  bool RunRewriteBody();
  // Writes the new base into path's temp file and renames it (Redis's rewriteAppendOnlyFile). Child-safe:
  // reads the databases, writes one file, logs.
  bool WriteBaseFile(const std::string& path);
  // count_failure: false when the child was killed on purpose (not a failed rewrite, as Redis).
  void OnRewriteDone(bool ok, bool count_failure = true);
  void RemoveRewriteTempFiles();  // of the child rewrite_child_pid_
  bool RewriteLimited(int64_t now_s);

  Server& server_;
  State state_ = State::kOff;
  persist::aof::Manifest manifest_;
  std::unique_ptr<Segment> seg_;                  // the incr file being written
  std::unique_ptr<io::FileUnlinker> unlinker_;    // history files, removed through the ring (lazily made)
  std::vector<std::unique_ptr<Segment>> retired_;  // earlier files whose last operations are in flight
  std::string buf_;                                // this turn's bytes (Redis's aof_buf)
  int selected_db_ = -1;
  int64_t last_timestamp_s_ = 0;  // of the last #TS annotation appended (aof-timestamp-enabled)
  uint64_t logical_end_ = 0;                      // appended() of the segments before seg_
  uint64_t last_synced_reported_ = 0;
  std::function<void(uint64_t)> on_synced_;

  // Status (INFO persistence, MISCONF).
  int last_write_errno_ = 0;  // 0: aof_last_write_status ok
  int fsync_errno_ = 0;       // everysec's fsync failed (Redis's aof_bio_fsync_status)
  int64_t last_write_error_log_s_ = 0;
  int64_t current_size_ = 0;       // aof_current_size: base + incr files
  int64_t rewrite_base_size_ = 0;  // aof_base_size
  int64_t last_incr_size_ = 0;     // bytes in the current incr file
  uint64_t delayed_fsync_ = 0;
  // The fsync lag (INFO aof_fsync_lag_*): (stream offset after a flush, monotonic ms of the oldest bytes in
  // it), oldest first, pruned as synced() passes them. One entry per millisecond at most and kLagMarks in
  // all (past that the newest mark grows), so `appendfsync no` cannot make it grow without bound.
  std::deque<std::pair<uint64_t, int64_t>> lag_marks_;
  void NoteFlushedForLag();
  void PruneLagMarks(uint64_t synced);
  int64_t flush_postponed_start_s_ = 0;
  int64_t last_fsync_s_ = 0;
  bool rewrite_scheduled_ = false;
  bool rewrite_in_progress_ = false;
  int64_t rewrite_time_start_s_ = -1;
  int64_t rewrite_time_last_s_ = -1;
  bool last_bgrewrite_ok_ = true;
  uint64_t rewrites_ = 0;
  uint64_t rewrites_consecutive_failures_ = 0;
  int64_t rewrite_child_pid_ = -1;
  size_t last_cow_bytes_ = 0;
  uint64_t load_offset_ = 0;  // bytes of the files before the one being loaded (the loading progress)  // aof_last_cow_size: the last rewrite child's copy-on-write
  int rewrite_next_delay_min_ = 0;
  int64_t rewrite_next_time_s_ = 0;
  int64_t last_cron_1s_ = 0;
};

}  // namespace ringkv::core

#include "core/aof.h"

#include <fcntl.h>
#include <liburing.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "core/log.h"
#include "core/persistence.h"
#include "core/script/function_library.h"
#include "core/server.h"
#include "io/file_appender.h"
#include "io/file_unlinker.h"
#include "io/loop.h"
#include "persist/aof_commands.h"
#include "persist/aof_rewrite.h"

namespace ringkv::core {

namespace {

constexpr int64_t kWriteErrorLogPeriodS = 30;  // Redis's AOF_WRITE_LOG_ERROR_RATE
constexpr uint64_t kRewriteLimitThreshold = 3;  // AOF_REWRITE_LIMITE_THRESHOLD
constexpr int kRewriteLimitMaxMinutes = 60;

int64_t NowS() { return static_cast<int64_t>(::time(nullptr)); }

int64_t MonotonicMs() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

constexpr size_t kLagMarks = 4096;

bool CreateDirIfMissing(const std::string& path) { return ::mkdir(path.c_str(), 0755) == 0 || errno == EEXIST; }

int64_t FileSize(const std::string& path) {
  struct stat sb {};
  return ::stat(path.c_str(), &sb) == 0 ? static_cast<int64_t>(sb.st_size) : 0;
}

void FsyncDir(const std::string& dir) {
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return;
  ::fsync(dfd);
  ::close(dfd);
}

}  // namespace

// One incremental file being written: its appender, and the fdatasync everysec issues on its own (a second
// operation slot beside the appender's, so a slow fsync never holds the writes back).
struct Aof::Segment final : public io::CompletionOwner {
  int fd = -1;
  std::string name;
  uint64_t start = 0;  // the file's size when opened: the appender's offsets start there
  uint64_t base = 0;   // the stream offset of `start` (Aof::appended() counts across files)
  uint64_t counted = 0;  // the appender's written() already added to the sizes
  std::unique_ptr<io::FileAppender> app;
  bool fsync_inflight = false;
  uint64_t fsync_target = 0;  // the file offset the fsync in flight covers
  uint64_t fsynced = 0;       // the file offset our own fsyncs have made durable
  std::function<void(int)> on_fsync;
  int64_t fsync_delay_us = 0;  // aof-fsync-delay (a test knob): a ring timeout before the fsync
  bool delaying = false;       // that timeout is in flight
  bool delay_done = false;
  __kernel_timespec delay_ts{};

  void SubmitFsync(io::Loop* loop) {
    io_uring_sqe* sqe = loop->GetSqe(this);
    if (sqe == nullptr) return;  // OnSqeRetry next turn
    if (fsync_delay_us > 0 && !delay_done) {
      delaying = true;
      delay_ts.tv_sec = fsync_delay_us / 1000000;
      delay_ts.tv_nsec = (fsync_delay_us % 1000000) * 1000;
      io_uring_prep_timeout(sqe, &delay_ts, 0, 0);
      return;
    }
    delay_done = false;
    io_uring_prep_fsync(sqe, fd, IORING_FSYNC_DATASYNC);
  }
  io::Loop* loop = nullptr;
  void OnSqeRetry() override {
    if (fsync_inflight) SubmitFsync(loop);
  }
  void OnCompletion(int32_t res, uint32_t /*flags*/) override {
    if (delaying) {
      delaying = false;
      delay_done = true;
      SubmitFsync(loop);
      return;
    }
    if (res == -EINTR || res == -EAGAIN) {
      SubmitFsync(loop);
      return;
    }
    fsync_inflight = false;
    if (res >= 0) fsynced = std::max(fsynced, fsync_target);
    if (on_fsync) on_fsync(res < 0 ? -res : 0);
  }
  uint64_t synced_file() const { return std::max(app->synced(), fsynced); }
  uint64_t stream_appended() const { return base + (app->appended() - start); }
  uint64_t stream_synced() const { return base + (std::min(synced_file(), app->appended()) - start); }
  bool quiet() const { return idle() && app->idle() && !app->busy(); }
};

Aof::Aof(Server& server) : server_(server) {}

Aof::~Aof() = default;

std::string Aof::DirPath() const {
  const std::string& dir = server_.config().dir;
  return dir.empty() ? "." : dir;
}
std::string Aof::AofDirPath() const { return DirPath() + "/" + server_.config().appenddirname; }
std::string Aof::AofFilePath(const std::string& name) const { return AofDirPath() + "/" + name; }
const std::string& Aof::prefix() const { return server_.config().appendfilename; }

uint64_t Aof::appended() const { return (seg_ ? seg_->stream_appended() : logical_end_) + buf_.size(); }

uint64_t Aof::synced() const {
  for (const auto& r : retired_)
    if (r->stream_synced() < r->stream_appended()) return r->stream_synced();
  return seg_ ? seg_->stream_synced() : logical_end_;
}

// ---------------------------------------------------------------------------------------------------------
// The effect stream

void Aof::Feed(int db, const std::vector<std::string_view>& argv) {
  // Redis's feedAppendOnlyFile: while waiting for the first rewrite (appendonly turned on at runtime), bytes
  // are kept only while that rewrite runs: they go to the temp incr file that becomes its first incr file.
  if (state_ == State::kOff || (state_ == State::kWaitRewrite && !rewrite_in_progress_)) return;
  if (server_.config().aof_timestamp_enabled) {
    // At most one annotation a second, in front of the first command of that second (Redis's).
    if (const int64_t now_s = NowS(); now_s > last_timestamp_s_) {
      persist::aof::AppendTimestamp(&buf_, now_s);
      last_timestamp_s_ = now_s;
    }
  }
  if (db != -1 && db != selected_db_) {
    persist::aof::AppendSelect(&buf_, db);
    selected_db_ = db;
  }
  persist::aof::AppendCommand(&buf_, argv);
}

void Aof::BeforeSleep() {
  if (seg_ == nullptr) {
    buf_.clear();
    return;
  }
  if (!buf_.empty()) FlushBuffer(false);
  ReapRetired();
}

// Redis's flushAppendOnlyFile, with the write handed to the ring instead of made here.
void Aof::FlushBuffer(bool force) {
  if (seg_ == nullptr || buf_.empty()) return;
  const std::string& policy = server_.config().appendfsync;
  const int64_t now_s = NowS();
  if (policy == "everysec" && !force && seg_->fsync_inflight) {
    // A write behind a running fsync would wait for it in the kernel anyway: postpone up to two seconds.
    if (flush_postponed_start_s_ == 0) {
      flush_postponed_start_s_ = now_s;
      return;
    }
    if (now_s - flush_postponed_start_s_ < 2) return;
    ++delayed_fsync_;
    Log(LogLevel::kNotice,
        "Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer without waiting for "
        "fsync to complete, this may slow down Redis.");
  }
  flush_postponed_start_s_ = 0;
  seg_->app->Append(buf_);
  buf_.clear();
  NoteFlushedForLag();
  const bool no_sync = server_.config().no_appendfsync_on_rewrite && rewrite_in_progress_;
  seg_->app->set_sync_delay_us(server_.config().aof_fsync_delay);
  seg_->app->Flush(policy == "always" && !no_sync);
  if (policy == "everysec" && !no_sync) MaybeFsyncEverysec(now_s);
}

void Aof::RecordLatency(const Segment& s, int64_t write_us, int64_t sync_us) {
  // Redis's latency events of flushAppendOnlyFile: every write as "aof-write" and by what it ran beside (an
  // everysec fsync in flight, a child writing a snapshot, or nothing), and an appendfsync always round until
  // durable as "aof-fsync-always". Here the loop never waits for them: they are what the disk took.
  LatencyMonitor& lat = server_.latency();
  if (write_us > 0) {
    const int64_t ms = write_us / 1000;
    if (s.fsync_inflight) {
      lat.Record("aof-write-pending-fsync", ms);
    } else if (server_.ChildActive()) {
      lat.Record("aof-write-active-child", ms);
    } else {
      lat.Record("aof-write-alone", ms);
    }
    lat.Record("aof-write", ms);
  }
  if (server_.config().appendfsync == "always" && s.app->synced() == s.app->written())
    lat.Record("aof-fsync-always", (write_us + sync_us) / 1000);
}

void Aof::MaybeFsyncEverysec(int64_t now_s) {
  if (seg_ == nullptr || seg_->fsync_inflight || now_s <= last_fsync_s_) return;
  const uint64_t written = seg_->app->written();
  if (written <= seg_->synced_file()) return;
  seg_->fsync_inflight = true;
  seg_->fsync_target = written;
  seg_->fsync_delay_us = server_.config().aof_fsync_delay;
  seg_->SubmitFsync(server_.loop());
  last_fsync_s_ = now_s;
}

void Aof::OnProgress() {
  if (seg_ != nullptr) {
    const uint64_t w = seg_->app->written();
    if (w > seg_->counted) {
      current_size_ += static_cast<int64_t>(w - seg_->counted);
      last_incr_size_ += static_cast<int64_t>(w - seg_->counted);
      seg_->counted = w;
      if (last_write_errno_ != 0) {
        Log(LogLevel::kWarning, "AOF write error looks solved, Redis can write again.");
        last_write_errno_ = 0;
      }
    }
  }
  const uint64_t s = synced();
  if (s > last_synced_reported_) {
    last_synced_reported_ = s;
    PruneLagMarks(s);
    if (on_synced_) on_synced_(s);
  }
}

void Aof::NoteFlushedForLag() {
  const uint64_t end = appended();
  const int64_t now_ms = MonotonicMs();
  if (!lag_marks_.empty() && (lag_marks_.back().second == now_ms || lag_marks_.size() >= kLagMarks)) {
    lag_marks_.back().first = end;  // the mark's time stays that of its oldest bytes
  } else {
    lag_marks_.emplace_back(end, now_ms);
  }
}

void Aof::PruneLagMarks(uint64_t synced) {
  while (!lag_marks_.empty() && lag_marks_.front().first <= synced) lag_marks_.pop_front();
}

void Aof::OnWriteError(int err, bool during_fsync) {
  const bool always = server_.config().appendfsync == "always";
  const int64_t now_s = NowS();
  if (always) {
    // The replies of the turn may be out already and the dataset cannot be rolled back: a promise of
    // durability that cannot be kept ends the process, as Redis.
    if (during_fsync) {
      Log(LogLevel::kWarning, "Can't persist AOF for fsync error when the AOF fsync policy is 'always': %s. Exiting...",
          std::strerror(err));
    } else {
      Log(LogLevel::kWarning, "Error writing to the AOF file: %s", std::strerror(err));
      Log(LogLevel::kWarning, "Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
    }
    std::exit(1);
  }
  if (during_fsync) {
    if (fsync_errno_ == 0) Log(LogLevel::kWarning, "Fail to fsync the AOF file: %s", std::strerror(err));
    fsync_errno_ = err;
    return;
  }
  if (now_s - last_write_error_log_s_ > kWriteErrorLogPeriodS) {
    Log(LogLevel::kWarning, "Error writing to the AOF file: %s", std::strerror(err));
    last_write_error_log_s_ = now_s;
  }
  last_write_errno_ = err;
}

std::string Aof::WriteDeniedError() const {
  if (state_ == State::kOff) return {};
  const int err = last_write_errno_ != 0 ? last_write_errno_ : fsync_errno_;
  if (err == 0) return {};
  return std::string("MISCONF Errors writing to the AOF file: ") + std::strerror(err);
}

// ---------------------------------------------------------------------------------------------------------
// Files

void Aof::InstallSegment(int fd, const std::string& name, uint64_t start) {
  RetireSegment();
  auto s = std::make_unique<Segment>();
  s->fd = fd;
  s->name = name;
  s->start = s->counted = s->fsynced = start;
  s->base = logical_end_;
  s->loop = server_.loop();
  Segment* raw = s.get();
  io::FileAppender::Callbacks cb;
  cb.on_progress = [this](uint64_t, uint64_t) { OnProgress(); };
  cb.on_error = [this, raw](int err) { OnWriteError(err, raw->app->unwritten() == 0); };
  cb.on_timed = [this, raw](int64_t write_us, int64_t sync_us) { RecordLatency(*raw, write_us, sync_us); };
  s->app = std::make_unique<io::FileAppender>(server_.loop(), fd, start, std::move(cb));
  s->on_fsync = [this](int err) {
    if (err != 0) {
      OnWriteError(err, /*during_fsync=*/true);
      return;
    }
    fsync_errno_ = 0;
    OnProgress();
  };
  seg_ = std::move(s);
}

void Aof::RenameSegment(const std::string& name) {
  if (seg_ != nullptr) seg_->name = name;
}

void Aof::RetireSegment() {
  if (seg_ == nullptr) return;
  // What it still holds is written and fsynced before its fd is closed (Redis's background fsync and close).
  logical_end_ = seg_->stream_appended();
  seg_->app->Flush(true);
  retired_.push_back(std::move(seg_));
}

void Aof::ReapRetired() {
  std::erase_if(retired_, [](const std::unique_ptr<Segment>& r) {
    if (!r->quiet()) return false;
    if (r->app->unwritten() > 0 || r->app->synced() < r->app->written()) {
      r->app->Flush(true);  // a failed round: try again
      return false;
    }
    ::close(r->fd);
    return true;
  });
}

bool Aof::PersistManifest(const persist::aof::Manifest& m) {
  // Redis's writeAofManifestFile: a temp file, fsync, rename over the manifest, fsync the directory.
  const std::string name = persist::aof::ManifestFileName(prefix());
  const std::string tmp_name = persist::aof::TempManifestFileName(prefix());
  const std::string tmp_path = AofFilePath(tmp_name);
  const int fd = ::open(tmp_path.c_str(), O_WRONLY | O_TRUNC | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    Log(LogLevel::kWarning, "Can't open the AOF manifest file %s: %s", tmp_name, std::strerror(errno));
    return false;
  }
  const std::string text = m.ToString();
  size_t off = 0;
  while (off < text.size()) {
    const ssize_t n = ::write(fd, text.data() + off, text.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      Log(LogLevel::kWarning, "Error trying to write the temporary AOF manifest file %s: %s", tmp_name,
          std::strerror(errno));
      ::close(fd);
      return false;
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    Log(LogLevel::kWarning, "Fail to fsync the temp AOF file %s: %s.", tmp_name, std::strerror(errno));
    ::close(fd);
    return false;
  }
  ::close(fd);
  if (::rename(tmp_path.c_str(), AofFilePath(name).c_str()) != 0) {
    Log(LogLevel::kWarning, "Error trying to rename the temporary AOF manifest file %s into %s: %s", tmp_name, name,
        std::strerror(errno));
    return false;
  }
  FsyncDir(AofDirPath());
  return true;
}

void Aof::DeleteHistoryFiles() {
  if (server_.config().aof_disable_auto_gc || manifest_.history.empty()) return;
  for (const persist::aof::FileInfo& f : manifest_.history) {
    // Redis unlinks in its bio thread; here the ring's workers do (a base can be gigabytes of extents).
    Log(LogLevel::kNotice, "Removing the history file %s in the background", f.name);
    if (unlinker_ == nullptr) {
      unlinker_ = std::make_unique<io::FileUnlinker>(server_.loop(), [](const std::string& path, int err) {
        Log(LogLevel::kWarning, "Failed to remove the AOF history file %s: %s", path, std::strerror(err));
      });
    }
    unlinker_->Unlink(AofFilePath(f.name));
  }
  manifest_.history.clear();
  PersistManifest(manifest_);
}

bool Aof::OpenAtStartup() {
  if (!server_.config().appendonly) return true;
  state_ = State::kOn;
  const Config& cfg = server_.config();
  if (!CreateDirIfMissing(AofDirPath())) {
    Log(LogLevel::kWarning, "Can't open or create append-only dir %s: %s", cfg.appenddirname, std::strerror(errno));
    return false;
  }
  // Redis 7.0 starts an empty AOF with a base written by a rewrite of the (loaded) dataset.
  if (manifest_.empty()) {
    const std::string base = manifest_.NewBase(prefix(), cfg.aof_use_rdb_preamble);
    if (!WriteBaseFile(AofFilePath(base))) return false;
    Log(LogLevel::kNotice, "Creating AOF base file %s on server start", base);
  }
  const bool had_incr = !manifest_.incr.empty();
  const std::string name = had_incr ? manifest_.incr.back().name : manifest_.NewIncr(prefix());
  // Not O_APPEND: the appender writes at explicit offsets (and a drain may write the same bytes again).
  const int fd = ::open(AofFilePath(name).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    Log(LogLevel::kWarning, "Can't open the append-only file %s: %s", name, std::strerror(errno));
    return false;
  }
  if (!PersistManifest(manifest_)) {
    ::close(fd);
    return false;
  }
  const uint64_t size = static_cast<uint64_t>(FileSize(AofFilePath(name)));
  InstallSegment(fd, name, size);
  last_incr_size_ = static_cast<int64_t>(size);
  Log(LogLevel::kNotice, had_incr ? "Opening AOF incr file %s on server start" : "Creating AOF incr file %s on server start",
      name);
  DeleteHistoryFiles();
  last_fsync_s_ = NowS();
  server_.propagator().AddTarget(this);
  return true;
}

void Aof::Shutdown() {
  if (rewrite_in_progress_) {
    Log(LogLevel::kWarning, "There is a child rewriting the AOF. Killing it!");
    KillRewriteChild();
    RemoveRewriteTempFiles();
  }
  if (unlinker_ != nullptr) unlinker_->Flush();
  if (state_ == State::kOff && retired_.empty()) return;
  if (seg_ != nullptr) {
    Log(LogLevel::kNotice, "Calling fsync() on the AOF file.");
    seg_->app->Append(buf_);
    buf_.clear();
  }
  for (auto& r : retired_) r->app->DrainBlocking();
  if (seg_ != nullptr) {
    if (const int err = seg_->app->DrainBlocking(); err != 0)
      Log(LogLevel::kWarning, "Fail to fsync the AOF file: %s", std::strerror(err));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Turning the AOF on and off at runtime (CONFIG SET appendonly)

void Aof::OnAppendonlyChanged(bool in_exec) {
  const bool want = server_.config().appendonly;
  if (want && state_ == State::kOff) {
    StartAppendOnly(in_exec);
  } else if (!want && state_ != State::kOff) {
    StopAppendOnly();
  }
}

void Aof::RestartAfterFullSync() {
  if (server_.config().appendonly && state_ == State::kOff) StartAppendOnly(/*in_exec=*/false);
}

void Aof::StopAppendOnly() {
  KillRewriteChild();
  if (seg_ != nullptr) {
    seg_->app->Append(buf_);
    buf_.clear();
    if (const int err = seg_->app->DrainBlocking(); err != 0) {
      Log(LogLevel::kWarning, "Fail to fsync the AOF file: %s", std::strerror(err));
    } else {
      last_fsync_s_ = NowS();
    }
    RetireSegment();
  }
  buf_.clear();
  selected_db_ = -1;
  lag_marks_.clear();
  state_ = State::kOff;
  rewrite_scheduled_ = false;
  last_incr_size_ = 0;
  server_.propagator().RemoveTarget(this);
  OnProgress();
}

bool Aof::StartAppendOnly(bool in_exec) {
  state_ = State::kWaitRewrite;
  server_.propagator().AddTarget(this);
  if (server_.ChildActive()) {
    rewrite_scheduled_ = true;
    Log(LogLevel::kWarning,
        "AOF was enabled but there is already another background operation. An AOF background was scheduled to "
        "start when possible.");
  } else if (in_exec) {
    rewrite_scheduled_ = true;
    Log(LogLevel::kWarning, "AOF was enabled during a transaction. An AOF background was scheduled to start when possible.");
  } else if (!RewriteBackground()) {
    state_ = State::kOff;
    server_.propagator().RemoveTarget(this);
    Log(LogLevel::kWarning,
        "Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check the above logs "
        "for more info about the error.");
    return false;
  }
  last_fsync_s_ = NowS();
  if (fsync_errno_ != 0) {
    Log(LogLevel::kWarning, "AOF reopen, just ignore the AOF fsync error in bio job");
    fsync_errno_ = 0;
  }
  if (last_write_errno_ != 0) {
    Log(LogLevel::kWarning, "AOF reopen, just ignore the last error.");
    last_write_errno_ = 0;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// The cron

void Aof::Cron(int64_t now_ms) {
  const int64_t now_s = now_ms / 1000;
  ReapRetired();
  if (state_ == State::kOn && seg_ != nullptr) {
    if (!buf_.empty()) FlushBuffer(false);  // postponed behind a slow fsync
    if (server_.config().appendfsync == "everysec") MaybeFsyncEverysec(now_s);
  }
  if (now_s != last_cron_1s_) {
    last_cron_1s_ = now_s;
    // A failed write is retried every second (the bytes wait in the appender).
    if (state_ == State::kOn && seg_ != nullptr && last_write_errno_ != 0 && !seg_->app->busy())
      seg_->app->Flush(server_.config().appendfsync == "always");
  }
  if (rewrite_in_progress_ || server_.ChildActive()) return;  // one child at a time (a BGSAVE may run)
  if (rewrite_scheduled_ && !RewriteLimited(now_s)) {
    RewriteBackground();
    return;
  }
  const Config& cfg = server_.config();
  if (state_ == State::kOn && cfg.auto_aof_rewrite_percentage > 0 && current_size_ > cfg.auto_aof_rewrite_min_size) {
    const int64_t base = rewrite_base_size_ > 0 ? rewrite_base_size_ : 1;
    const int64_t growth = current_size_ * 100 / base - 100;
    if (growth >= cfg.auto_aof_rewrite_percentage && !RewriteLimited(now_s)) {
      Log(LogLevel::kNotice, "Starting automatic rewriting of AOF on %d%% growth", growth);
      RewriteBackground();
    }
  }
}

// Redis's aofRewriteLimited: after 3 failures in a row, automatic rewrites wait 1, 2, 4 ... 60 minutes.
bool Aof::RewriteLimited(int64_t now_s) {
  if (rewrites_consecutive_failures_ < kRewriteLimitThreshold) {
    rewrite_next_delay_min_ = 0;
    rewrite_next_time_s_ = 0;
    return false;
  }
  if (rewrite_next_time_s_ != 0) {
    if (now_s < rewrite_next_time_s_) return true;
    rewrite_next_time_s_ = 0;
    return false;
  }
  rewrite_next_delay_min_ = rewrite_next_delay_min_ == 0 ? 1 : std::min(rewrite_next_delay_min_ * 2, kRewriteLimitMaxMinutes);
  rewrite_next_time_s_ = now_s + int64_t{rewrite_next_delay_min_} * 60;
  Log(LogLevel::kWarning,
      "Background AOF rewrite has repeatedly failed and triggered the limit, will retry in %d minutes",
      rewrite_next_delay_min_);
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// INFO persistence

std::string Aof::InfoFields(bool size_block) const {
  std::string out;
  auto kv = [&out](std::string_view k, const std::string& v) { out.append(k).append(":").append(v).append("\r\n"); };
  if (!size_block) {
    const int64_t now_s = NowS();
    kv("aof_enabled", state_ != State::kOff ? "1" : "0");
    kv("aof_rewrite_in_progress", rewrite_in_progress_ ? "1" : "0");
    kv("aof_rewrite_scheduled", rewrite_scheduled_ ? "1" : "0");
    kv("aof_last_rewrite_time_sec", std::to_string(rewrite_time_last_s_));
    kv("aof_current_rewrite_time_sec",
       std::to_string(rewrite_in_progress_ && rewrite_time_start_s_ >= 0 ? now_s - rewrite_time_start_s_ : -1));
    kv("aof_last_bgrewrite_status", last_bgrewrite_ok_ ? "ok" : "err");
    kv("aof_rewrites", std::to_string(rewrites_));
    kv("aof_rewrites_consecutive_failures", std::to_string(rewrites_consecutive_failures_));
    kv("aof_last_write_status", last_write_errno_ == 0 && fsync_errno_ == 0 ? "ok" : "err");
    kv("aof_last_cow_size", std::to_string(last_cow_bytes_));
    return out;
  }
  if (!server_.config().appendonly) return out;
  kv("aof_current_size", std::to_string(current_size_));
  kv("aof_base_size", std::to_string(rewrite_base_size_));
  kv("aof_pending_rewrite", rewrite_scheduled_ ? "1" : "0");
  kv("aof_buffer_length", std::to_string(buf_.size()));
  kv("aof_pending_bio_fsync", seg_ != nullptr && seg_->fsync_inflight ? "1" : "0");
  kv("aof_delayed_fsync", std::to_string(delayed_fsync_));
  // ringkv's own, after Redis's fields: how far the disk is behind -- bytes appended but not known durable,
  // and the age of the oldest of them (0 when everything is on disk). Under `appendfsync no` ringkv never
  // fsyncs, so both only grow until a rewrite or a restart.
  const uint64_t app = appended(), syn = synced();
  kv("aof_fsync_lag_bytes", std::to_string(app - std::min(app, syn)));
  kv("aof_fsync_lag_ms",
     std::to_string(lag_marks_.empty() || syn >= app ? 0 : std::max<int64_t>(0, MonotonicMs() - lag_marks_.front().second)));
  return out;
}

}  // namespace ringkv::core

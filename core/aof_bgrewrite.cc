// The AOF rewrite as Redis 7.0 runs it (rewriteAppendOnlyFileBackground and backgroundRewriteDoneHandler):
//   1. the parent flushes its buffer and opens a new incr file (persisting the manifest that names it), so the
//      writes that follow the start of the rewrite land in a file the new base does not cover;
//   2. the body (persist/aof_rewrite.h) writes the new base to temp-rewriteaof-bg-<pid>.aof in `dir`;
//   3. on success the temp file becomes the next base, the incr files before the current one become history,
//      the manifest is rewritten atomically (temp + rename + dir fsync) and the history files are deleted.
// Step 2 runs in a forked child (RunRewriteBody), so the parent keeps serving meanwhile.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>

#include "core/aof.h"
#include "core/fork_child.h"
#include "core/log.h"
#include "core/persistence.h"
#include "core/server.h"
#include "persist/aof_rewrite.h"

namespace ringkv::core {

namespace {

int64_t NowS() { return static_cast<int64_t>(::time(nullptr)); }

std::string TempRewriteName(int64_t pid) { return "temp-rewriteaof-bg-" + std::to_string(pid) + ".aof"; }

}  // namespace

std::string Aof::BgRewriteCommand(bool in_exec) {
  if (rewrite_in_progress_) return "-ERR Background append only file rewriting already in progress";
  // Inside EXEC, or while another child (BGSAVE) runs: the cron starts it when it can (Redis 7.0).
  if (in_exec || server_.ChildActive()) {
    rewrite_scheduled_ = true;
    rewrites_consecutive_failures_ = 0;  // a manual rewrite is not held back by the failure limit
    return "+Background append only file rewriting scheduled";
  }
  if (RewriteBackground()) return "+Background append only file rewriting started";
  return "-ERR Can't execute an AOF background rewriting. Please check the server logs for more information.";
}

bool Aof::OpenNewIncrForAppend() {
  if (state_ == State::kOff) return true;
  persist::aof::Manifest temp = manifest_;
  // Waiting for the first rewrite (appendonly turned on at runtime): a temp incr file, named in the manifest
  // only once the rewrite succeeded.
  const std::string name = state_ == State::kWaitRewrite ? persist::aof::TempIncrFileName(prefix()) : temp.NewIncr(prefix());
  const int fd = ::open(AofFilePath(name).c_str(), O_WRONLY | O_TRUNC | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    Log(LogLevel::kWarning, "Can't open the append-only file %s: %s", name, std::strerror(errno));
    return false;
  }
  if (state_ != State::kWaitRewrite && !PersistManifest(temp)) {
    ::close(fd);
    return false;
  }
  Log(LogLevel::kNotice, "Creating AOF incr file %s on background rewrite", name);
  InstallSegment(fd, name, 0);
  last_incr_size_ = 0;
  if (state_ != State::kWaitRewrite) manifest_ = std::move(temp);
  return true;
}

bool Aof::RewriteBackground() {
  if (rewrite_in_progress_ || server_.ChildActive()) return false;
  if (::mkdir(AofDirPath().c_str(), 0755) != 0 && errno != EEXIST) {
    Log(LogLevel::kWarning, "Can't open or create append-only dir %s: %s", server_.config().appenddirname,
        std::strerror(errno));
    last_bgrewrite_ok_ = false;
    return false;
  }
  selected_db_ = -1;  // the next effect starts with a SELECT in the new file
  FlushBuffer(/*force=*/true);
  if (!OpenNewIncrForAppend()) {
    last_bgrewrite_ok_ = false;
    return false;
  }
  ++rewrites_;
  return RunRewriteBody();
}

// The body runs in a forked child (core/fork_child.h, the same one BGSAVE uses): it writes the new base to
// temp-rewriteaof-bg-<child pid>.aof and exits 0 on success; the parent keeps serving and writing the new
// incr file, and finishes the switch in OnRewriteDone once the child is reaped (through the ring).
bool Aof::RunRewriteBody() {
  ForkChild* child = server_.fork_child();
  if (child == nullptr || child->active()) return false;
  size_t keys = 0;
  for (int i = 0; i < server_.db_count(); ++i) keys += server_.db(i).size();
  ChildSpec spec;
  spec.kind = ChildKind::kAof;
  spec.keys_total = keys;
  spec.body = [this] {
    const std::string tmp = TempRewriteName(::getpid());
    if (!WriteBaseFile(DirPath() + "/" + tmp)) return 1;
    Log(LogLevel::kNotice, "Successfully created the temporary AOF base file %s", tmp);
    return 0;
  };
  spec.done = [this](const ChildResult& r) {
    last_cow_bytes_ = r.cow_bytes;
    if (r.signal != 0) {
      Log(LogLevel::kWarning, "Background AOF rewrite terminated by signal %d", r.signal);
      // Killed on purpose (SIGUSR1: appendonly no, SHUTDOWN) is not a failure of the rewrite, as Redis.
      OnRewriteDone(false, /*count_failure=*/r.signal != SIGUSR1);
    } else {
      OnRewriteDone(r.exit_code == 0);
    }
  };
  const pid_t pid = child->Start(std::move(spec));
  if (pid < 0) {
    Log(LogLevel::kWarning, "Can't rewrite append only file in background: fork: %s", std::strerror(errno));
    return false;
  }
  rewrite_child_pid_ = pid;
  rewrite_in_progress_ = true;
  rewrite_scheduled_ = false;
  rewrite_time_start_s_ = NowS();
  Log(LogLevel::kNotice, "Background append only file rewriting started by pid %d", static_cast<int>(pid));
  return true;
}

void Aof::KillRewriteChild() {
  ForkChild* child = server_.fork_child();
  if (child == nullptr || child->kind() != ChildKind::kAof) return;
  Log(LogLevel::kNotice, "Killing running AOF rewrite child: %d", static_cast<int>(child->pid()));
  child->Kill();
}

void Aof::RemoveRewriteTempFiles() {
  // The finished base (renamed away on success) and the child's own temp file, left behind when it was
  // killed or failed mid-write (Redis's aofRemoveTempFile).
  ::unlink((DirPath() + "/" + TempRewriteName(rewrite_child_pid_)).c_str());
  ::unlink((DirPath() + "/temp-rewriteaof-" + std::to_string(rewrite_child_pid_) + ".aof").c_str());
}

bool Aof::WriteBaseFile(const std::string& path) {
  // Redis's rewriteAppendOnlyFile: into temp-rewriteaof-<pid>.aof, fsync, rename to path.
  const std::string tmp = DirPath() + "/temp-rewriteaof-" + std::to_string(::getpid()) + ".aof";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    Log(LogLevel::kWarning, "Opening the temp file for AOF rewrite in rewriteAppendOnlyFile(): %s", std::strerror(errno));
    return false;
  }
  persist::aof::BaseOptions opt;
  opt.rdb_preamble = server_.config().aof_use_rdb_preamble;
  opt.rdb = RdbSaveOptionsFor(server_);
  opt.function_codes = opt.rdb.function_codes;
  if (server_.config().aof_timestamp_enabled) opt.timestamp_s = static_cast<int64_t>(::time(nullptr));
  std::vector<const Db*> dbs;
  for (int i = 0; i < server_.db_count(); ++i) dbs.push_back(&server_.db(i));
  std::string why;
  const bool ok = persist::aof::WriteAofBase(fd, dbs, opt, &why);
  ::close(fd);
  if (!ok) {
    Log(LogLevel::kWarning, "Write error writing append only file on disk: %s", why);
    ::unlink(tmp.c_str());
    return false;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    Log(LogLevel::kWarning, "Error moving temp append only file on the final destination: %s", std::strerror(errno));
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

void Aof::OnRewriteDone(bool ok, bool count_failure) {
  const std::string tmp_name = TempRewriteName(rewrite_child_pid_);
  const std::string tmp_path = DirPath() + "/" + tmp_name;
  auto failed = [&] {
    if (!count_failure) return;
    last_bgrewrite_ok_ = false;
    ++rewrites_consecutive_failures_;
  };
  if (ok) {
    Log(LogLevel::kNotice, "Background AOF rewrite terminated with success");
    persist::aof::Manifest temp = manifest_;
    const std::string new_base = temp.NewBase(prefix(), server_.config().aof_use_rdb_preamble);
    const std::string new_base_path = AofFilePath(new_base);
    std::string new_incr_path;
    bool done = false;
    const int64_t rename_start_us = server_.NowUs();
    const int rename_result = ::rename(tmp_path.c_str(), new_base_path.c_str());
    // A slow rename (a busy disk) is the latency monitor's "aof-rename", as in Redis.
    server_.latency().Record("aof-rename", (server_.NowUs() - rename_start_us) / 1000);
    if (rename_result != 0) {
      Log(LogLevel::kWarning, "Error trying to rename the temporary AOF base file %s into %s: %s", tmp_name,
          new_base_path, std::strerror(errno));
      failed();
    } else {
      Log(LogLevel::kNotice, "Successfully renamed the temporary AOF base file %s into %s", tmp_name, new_base);
      done = true;
      if (state_ == State::kWaitRewrite) {
        // The temp incr file that collected the writes during the rewrite becomes the first incr file.
        const std::string temp_incr = persist::aof::TempIncrFileName(prefix());
        const std::string new_incr = temp.NewIncr(prefix());
        new_incr_path = AofFilePath(new_incr);
        if (::rename(AofFilePath(temp_incr).c_str(), new_incr_path.c_str()) != 0) {
          Log(LogLevel::kWarning, "Error trying to rename the temporary AOF incr file %s into %s: %s",
              AofFilePath(temp_incr), new_incr_path, std::strerror(errno));
          ::unlink(new_base_path.c_str());
          failed();
          done = false;
        } else {
          Log(LogLevel::kNotice, "Successfully renamed the temporary AOF incr file %s into %s", temp_incr, new_incr);
          RenameSegment(new_incr);
        }
      }
    }
    if (done) {
      temp.MarkIncrAsHistory(/*keep_last=*/seg_ != nullptr);
      if (!PersistManifest(temp)) {
        ::unlink(new_base_path.c_str());
        if (!new_incr_path.empty()) ::unlink(new_incr_path.c_str());
        failed();
        done = false;
      }
    }
    if (done) {
      manifest_ = std::move(temp);
      if (seg_ != nullptr) {
        selected_db_ = -1;
        struct stat sb {};
        const int64_t base_size = ::stat(new_base_path.c_str(), &sb) == 0 ? static_cast<int64_t>(sb.st_size) : 0;
        current_size_ = base_size + last_incr_size_;
        rewrite_base_size_ = current_size_;
        last_fsync_s_ = NowS();
      }
      DeleteHistoryFiles();
      last_bgrewrite_ok_ = true;
      rewrites_consecutive_failures_ = 0;
      Log(LogLevel::kNotice, "Background AOF rewrite finished successfully");
      if (state_ == State::kWaitRewrite) state_ = State::kOn;
    }
  } else {
    failed();
    if (count_failure) Log(LogLevel::kWarning, "Background AOF rewrite terminated with error");
  }
  RemoveRewriteTempFiles();
  if (state_ == State::kWaitRewrite) {
    buf_.clear();
    const std::string temp_incr = persist::aof::TempIncrFileName(prefix());
    Log(LogLevel::kNotice, "Removing the temp incr aof file %s in the background", temp_incr);
    ::unlink(AofFilePath(temp_incr).c_str());
  }
  rewrite_time_last_s_ = NowS() - rewrite_time_start_s_;
  rewrite_time_start_s_ = -1;
  rewrite_in_progress_ = false;
  if (state_ == State::kWaitRewrite) rewrite_scheduled_ = true;
}

}  // namespace ringkv::core

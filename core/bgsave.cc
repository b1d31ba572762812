#include "core/bgsave.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "core/fork_child.h"
#include "core/log.h"
#include "core/persistence.h"
#include "core/repl/primary.h"
#include "core/server.h"

namespace ringkv::core {
namespace {

struct SavePoint {
  int64_t seconds;
  int64_t changes;
};

// Config::save holds "<seconds> <changes> ..." as CONFIG GET prints it (already validated by CONFIG SET).
std::vector<SavePoint> SavePoints(const Server& server) {
  std::vector<SavePoint> points;
  std::vector<std::string> words = absl::StrSplit(const_cast<Server&>(server).config().save, ' ', absl::SkipEmpty());
  for (size_t j = 0; j + 1 < words.size(); j += 2)
    points.push_back({std::strtoll(words[j].c_str(), nullptr, 10), std::strtoll(words[j + 1].c_str(), nullptr, 10)});
  return points;
}

int64_t NowS() { return static_cast<int64_t>(time(nullptr)); }

// Redis's rdbRemoveTempFile: the killed child's temp-<pid>.rdb goes; a slow unlink (a big file on a busy
// disk) is the latency monitor's "rdb-unlink-temp-file".
void RemoveTempRdb(Server& server, pid_t pid) {
  const std::string tmp = RdbPath(server, "temp-" + std::to_string(pid) + ".rdb");
  const int64_t start_us = server.NowUs();
  ::unlink(tmp.c_str());
  server.latency().Record("rdb-unlink-temp-file", (server.NowUs() - start_us) / 1000);
}

// The parent's side of a child's end (Redis's backgroundSaveDoneHandlerDisk).
void OnBgsaveDone(Server& server, const ChildResult& r) {
  RdbStatus& st = server.rdb_status();
  if (r.ok()) {
    Log(LogLevel::kNotice, "Background saving terminated with success");
    // What the child saved is no longer a change since the last save; what came after the fork still is.
    st.dirty_at_save = st.dirty_before_bgsave;
    st.last_save_s = NowS();
    st.last_save_ok = true;
    st.last_cow_bytes = r.cow_bytes;
  } else if (r.signal == 0) {
    Log(LogLevel::kWarning, "Background saving error");
    st.last_save_ok = false;
  } else {
    Log(LogLevel::kWarning, "Background saving terminated by signal %d", r.signal);
    RemoveTempRdb(server, r.pid);
    // SIGUSR1 is how the server itself ends a child: no error then.
    if (r.signal != SIGUSR1) st.last_save_ok = false;
  }
  st.last_bgsave_time_s = r.elapsed_us / 1000000;
  // Replicas waiting for a disk snapshot get this one's file (or are dropped when it failed).
  server.primary().OnDiskSnapshotDone(r.ok());
}

}  // namespace

bool HasSavePoints(Server& server) { return !SavePoints(server).empty(); }

bool WritesDeniedByRdbError(Server& server) {
  return server.config().stop_writes_on_bgsave_error && !server.rdb_status().last_save_ok && HasSavePoints(server);
}

bool RdbSaveBackground(Server& server) {
  ForkChild* child = server.fork_child();
  if (child == nullptr || child->active()) return false;
  RdbStatus& st = server.rdb_status();
  ++st.saves;
  st.dirty_before_bgsave = server.dirty();
  st.last_bgsave_try_s = NowS();
  size_t keys = 0;
  for (int i = 0; i < server.db_count(); ++i) keys += server.db(i).size();
  ChildSpec spec;
  spec.kind = ChildKind::kRdb;
  spec.keys_total = keys;
  spec.body = [&server] {
    std::string err;
    return RdbSaveToDisk(server, &err) ? 0 : 1;
  };
  spec.done = [&server](const ChildResult& r) { OnBgsaveDone(server, r); };
  const pid_t pid = child->Start(std::move(spec));
  if (pid < 0) {
    st.last_save_ok = false;
    Log(LogLevel::kWarning, "Can't save in background: fork: %s", std::strerror(errno));
    return false;
  }
  Log(LogLevel::kNotice, "Background saving started by pid %d", static_cast<int>(pid));
  return true;
}

void RdbSaveCron(Server& server) {
  ForkChild* child = server.fork_child();
  if (child == nullptr || child->active()) return;
  RdbStatus& st = server.rdb_status();
  const int64_t now_s = NowS();
  const bool may_retry = now_s - st.last_bgsave_try_s > kBgsaveRetryDelayS || st.last_save_ok;
  const int64_t changes = server.dirty() - st.dirty_at_save;
  for (const SavePoint& sp : SavePoints(server)) {
    // Reached: enough changes, more than `seconds` since the last save, and the last try succeeded or is
    // older than the retry delay (Redis's serverCron).
    if (changes >= sp.changes && now_s - st.last_save_s > sp.seconds && may_retry) {
      Log(LogLevel::kNotice, "%d changes in %d seconds. Saving...", sp.changes, sp.seconds);
      RdbSaveBackground(server);
      return;
    }
  }
  if (st.bgsave_scheduled && may_retry && RdbSaveBackground(server)) st.bgsave_scheduled = false;
}

void KillRdbChild(Server& server) {
  ForkChild* child = server.fork_child();
  if (child == nullptr || child->kind() != ChildKind::kRdb) return;
  child->Kill();
  RemoveTempRdb(server, child->pid());
}

}  // namespace ringkv::core

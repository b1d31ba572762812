#include "core/persistence.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string_view>
#include <vector>

#include "absl/random/random.h"
#include "core/fork_child.h"
#include "core/hash_type.h"
#include "core/log.h"
#include "core/repl/primary.h"
#include "persist/rdb_format.h"
#include "persist/rdb_reader.h"
#include "persist/rdb_writer.h"
#include "core/script/function_library.h"
#include "core/server.h"

namespace ringkv::core {
namespace {

std::string DirOf(Server& server) {
  const std::string& dir = server.config().dir;
  return dir.empty() ? "." : dir;
}

int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

absl::BitGen& DelayRng() {
  static absl::BitGen rng;
  return rng;
}

class ServerHooks final : public persist::rdb::LoadHooks {
 public:
  explicit ServerHooks(Server& s) : s_(s) {}
  bool OnFunction(std::string_view code, bool replace, std::string* err) override {
    std::string name;
    return s_.functions().Load(code, replace, /*timeout_ms=*/0, &name, err);
  }
  void OnKey(int db, Entry* e, int64_t lfu_freq, int64_t lru_idle_s) override {
    s_.access_bits().Restore(e, lfu_freq, lru_idle_s);
    const Value& v = e->value();
    if (v.type() == ObjType::kHash && HashHasFieldTtls(v))
      s_.hash_field_expiry().Register(db, e->key(), HashMinFieldTtl(v));
  }
  bool OnProgress(size_t offset, const persist::rdb::LoadStats& stats) override {
    if (stats.used_mem >= 0) s_.loading().SetRdbUsedMem(static_cast<uint64_t>(stats.used_mem));
    s_.loading().Progress(offset);
    return !s_.shutdown_requested();
  }

 private:
  Server& s_;
};

// Redis's debugDelay: a positive delay sleeps that many microseconds; a negative -n sleeps 1 us with odds
// 1/n, so tiny average delays need no busy loop.
void DebugDelay(int64_t us) {
  if (us < 0) us = absl::Uniform<int64_t>(DelayRng(), 0, -us) == 0 ? 1 : 0;
  if (us > 0) ::usleep(static_cast<useconds_t>(us));
}

// The load both start-up paths share (dbfilename, an AOF's RDB base): the image into the databases with
// Redis's options, no keyspace events meanwhile (nobody can have watched or subscribed to these keys), and
// Redis's log lines about the file's header.
bool LoadImage(Server& server, std::string_view image, bool merge, persist::rdb::LoadStats* stats,
               std::string* why, size_t* offset) {
  const Config& cfg = server.config();
  persist::rdb::LoadOptions opt;
  opt.config = &cfg;
  opt.now_ms = WallMs();
  opt.verify_checksum = cfg.rdbchecksum;
  opt.allow_duplicates = merge;
  // A replica keeps keys that expired (Redis's rdbLoad drops them only on a primary): its primary's DELs
  // remove them, and until then its reads hide them.
  opt.skip_expired = cfg.replicaof_host.empty();
  std::vector<Db*> dbs;
  std::vector<KeyspaceListener*> listeners;
  for (int i = 0; i < server.db_count(); ++i) {
    dbs.push_back(&server.db(i));
    listeners.push_back(dbs.back()->listener());
    dbs.back()->set_listener(nullptr);
  }
  ServerHooks hooks(server);
  const bool ok = persist::rdb::Load(image, dbs, opt, &hooks, stats, why, offset);
  for (size_t i = 0; i < dbs.size(); ++i) dbs[i]->set_listener(listeners[i]);
  if (!stats->redis_ver.empty()) Log(LogLevel::kNotice, "Loading RDB produced by version %s", stats->redis_ver);
  if (stats->ctime_s >= 0) Log(LogLevel::kNotice, "RDB age %d seconds", opt.now_ms / 1000 - stats->ctime_s);
  if (stats->used_mem >= 0)
    Log(LogLevel::kNotice, "RDB memory usage when created %.2f Mb", static_cast<double>(stats->used_mem) / 1048576.0);
  return ok;
}

}  // namespace

std::string RdbPath(Server& server, const std::string& name) { return DirOf(server) + "/" + name; }

bool RdbSaveToDisk(Server& server, std::string* err) {
  const Config& cfg = server.config();
  RdbStatus& st = server.rdb_status();
  const int64_t dirty_before = server.dirty();
  const std::string tmp = RdbPath(server, "temp-" + std::to_string(getpid()) + ".rdb");
  const std::string dst = RdbPath(server, cfg.dbfilename);
  auto failed = [&](std::string why) {
    // A failed SAVE leaves rdb_last_bgsave_status alone (Redis's rdbSave): only a failed BGSAVE refuses
    // writes with -MISCONF (the BGSAVE child's exit code says it failed).
    *err = std::move(why);
    return false;
  };
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    const std::string why = std::strerror(errno);
    Log(LogLevel::kWarning, "Failed opening the temp RDB file %s (in server root dir %s) for saving: %s",
        "temp-" + std::to_string(getpid()) + ".rdb", DirOf(server), why);
    return failed(why);
  }
  persist::rdb::SaveOptions opt = RdbSaveOptionsFor(server);
  opt.repl = RdbReplInfo(server);
  std::vector<const Db*> dbs;
  for (int i = 0; i < server.db_count(); ++i) dbs.push_back(&server.db(i));
  std::string why;
  bool ok = persist::rdb::Save(dbs, opt, fd, nullptr, &why);
  if (ok && ::fsync(fd) != 0) {
    ok = false;
    why = std::strerror(errno);
  }
  ::close(fd);
  if (!ok) {
    ::unlink(tmp.c_str());
    Log(LogLevel::kWarning, "Write error saving DB on disk: %s", why);
    return failed(why);
  }
  if (::rename(tmp.c_str(), dst.c_str()) != 0) {
    why = std::strerror(errno);
    Log(LogLevel::kWarning, "Error moving temp DB file %s on the final destination %s (in server root dir %s): %s",
        tmp, cfg.dbfilename, DirOf(server), why);
    ::unlink(tmp.c_str());
    return failed(why);
  }
  // The rename is durable only once the directory is on disk too.
  const int dfd = ::open(DirOf(server).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  Log(LogLevel::kNotice, "DB saved on disk");
  st.dirty_at_save = dirty_before;
  st.last_save_s = WallMs() / 1000;
  st.last_save_ok = true;
  ++st.saves;
  return true;
}

RdbLoadResult RdbLoadFromDisk(Server& server, std::string* err, bool merge, bool serve_clients,
                              persist::rdb::LoadStats* stats_out, bool log_time) {
  const Config& cfg = server.config();
  const std::string path = RdbPath(server, cfg.dbfilename);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return RdbLoadResult::kNoFile;
    *err = std::string("Fatal error loading the DB: ") + std::strerror(errno) + ". Exiting.";
    Log(LogLevel::kWarning, "%s", *err);
    return RdbLoadResult::kFailed;
  }
  const auto start = std::chrono::steady_clock::now();
  // The loader works on one bounds-checked buffer: the file mapped read-only, so a big file costs page
  // cache rather than a second copy in the heap. An empty file maps nothing and reads as truncated.
  struct stat sb {};
  std::string_view image;
  void* map = MAP_FAILED;
  size_t map_bytes = 0;
  if (::fstat(fd, &sb) == 0 && sb.st_size > 0) {
    map_bytes = static_cast<size_t>(sb.st_size);
    map = ::mmap(nullptr, map_bytes, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map != MAP_FAILED) {
      ::madvise(map, map_bytes, MADV_SEQUENTIAL);
      image = std::string_view(static_cast<const char*>(map), map_bytes);
    }
  }
  ::close(fd);
  if (map_bytes > 0 && map == MAP_FAILED) {
    *err = std::string("Fatal error loading the DB: ") + std::strerror(errno) + ". Exiting.";
    Log(LogLevel::kWarning, "%s", *err);
    return RdbLoadResult::kFailed;
  }
  struct Unmap {
    void* p;
    size_t n;
    ~Unmap() {
      if (p != MAP_FAILED) ::munmap(p, n);
    }
  } unmap{map, map_bytes};
  persist::rdb::LoadStats stats;
  std::string why;
  size_t offset = 0;
  server.loading().Begin(map_bytes, serve_clients);
  const bool ok = LoadImage(server, image, merge, &stats, &why, &offset);
  server.loading().End();
  if (!ok && server.shutdown_requested()) return RdbLoadResult::kAborted;
  if (!ok) {
    if (why.rfind("Unexpected EOF", 0) == 0)
      Log(LogLevel::kWarning, "Short read or OOM loading DB. Unrecoverable error, aborting now.");
    Log(LogLevel::kWarning, "Internal error in RDB reading offset %d, file %s -> %s", offset, path, why);
    Log(LogLevel::kWarning, "Run redis-check-rdb %s to find out what is wrong with the file.", path);
    *err = "Fatal error loading the DB " + path + " at offset " + std::to_string(offset) + ": " + why + ". Exiting.";
    Log(LogLevel::kWarning, "%s", *err);
    return RdbLoadResult::kFailed;
  }
  if (stats.checksum_skipped && cfg.rdbchecksum)
    Log(LogLevel::kNotice, "RDB file was saved with checksum disabled: no check performed.");
  if (stats.empty_keys_skipped > 0) {
    Log(LogLevel::kNotice, "Done loading RDB, keys loaded: %d, keys expired: %d, empty keys skipped: %d.",
        stats.keys_loaded, stats.keys_expired, stats.empty_keys_skipped);
  } else {
    Log(LogLevel::kNotice, "Done loading RDB, keys loaded: %d, keys expired: %d.", stats.keys_loaded,
        stats.keys_expired);
  }
  RdbStatus& st = server.rdb_status();
  st.last_load_keys_loaded = stats.keys_loaded;
  st.last_load_keys_expired = stats.keys_expired;
  if (stats_out != nullptr) *stats_out = stats;
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (log_time) Log(LogLevel::kNotice, "DB loaded from disk: %.3f seconds", secs);
  return RdbLoadResult::kLoaded;
}

// ---------------------------------------------------------------------------------------------------------
// The options of every RDB this server writes (SAVE, BGSAVE, an AOF's RDB base).

persist::rdb::SaveOptions RdbSaveOptionsFor(Server& server) {
  const Config& cfg = server.config();
  persist::rdb::SaveOptions opt;
  opt.compress = cfg.rdbcompression;
  opt.checksum = cfg.rdbchecksum;
  opt.ctime_s = WallMs() / 1000;
  opt.used_mem = server.UsedMemory();
  // Hashes with field TTLs exist only as types of version 12 (rdb_format.h); the registry is never late, so
  // an empty one means there is none.
  bool hfe = false;
  for (int i = 0; i < server.db_count(); ++i) hfe = hfe || server.hash_field_expiry().registered(i) > 0;
  opt.version = hfe ? persist::rdb::kHfeVersion : persist::rdb::kWriteVersion;
  const int64_t policy = cfg.maxmemory_policy;
  if (policy == kVolatileLru || policy == kAllkeysLru) {
    opt.access = persist::rdb::SaveOptions::kAccessIdle;
  } else if (policy == kVolatileLfu || policy == kAllkeysLfu) {
    opt.access = persist::rdb::SaveOptions::kAccessFreq;
  }
  opt.access_bits = &server.access_bits();
  for (const auto& [name, lib] : server.functions().libraries().libraries()) opt.function_codes.push_back(lib->code);
  // rdb-key-save-delay (tests keep a snapshot or rewrite child alive with it, as Redis's) and a child's
  // progress reports.
  const int64_t delay_us = cfg.rdb_key_save_delay;
  if (delay_us != 0 || ForkChild::InChild()) {
    opt.on_key = [delay_us](uint64_t keys) {
      if (delay_us != 0) DebugDelay(delay_us);
      ForkChild::ReportProgress(keys);
    };
  }
  return opt;
}

bool RdbLoadAofPreamble(Server& server, std::string_view image, const std::string& name, size_t* end, std::string* err) {
  persist::rdb::LoadStats stats;
  size_t offset = 0;
  const bool ok = LoadImage(server, image, /*merge=*/false, &stats, err, &offset);
  if (stats.aof_base) Log(LogLevel::kNotice, "RDB is base AOF");
  if (!ok) {
    Log(LogLevel::kWarning, "Internal error in RDB reading offset %d, file %s -> %s", offset, name, *err);
    *err = "RDB error at offset " + std::to_string(offset) + " of " + name + ": " + *err;
    return false;
  }
  Log(LogLevel::kNotice, "Done loading RDB, keys loaded: %d, keys expired: %d.", stats.keys_loaded, stats.keys_expired);
  RdbStatus& st = server.rdb_status();
  st.last_load_keys_loaded = stats.keys_loaded;
  st.last_load_keys_expired = stats.keys_expired;
  *end = stats.end_offset;
  return true;
}

}  // namespace ringkv::core

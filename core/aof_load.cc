// Loading the AOF at start-up, as Redis 7.0's loadAppendOnlyFiles: the manifest (always read, so a later
// BGREWRITEAOF continues it), the upgrade of an old single `appendfilename` in `dir`, then the base (an RDB when
// it starts with "REDIS", else commands) and the incr files in order. Commands replay through the Dispatcher as
// a fake client's, so each behaves as it did live (MULTI is queued and EXEC runs it). A file that ends inside a
// command is cut back to its last whole command under aof-load-truncated (only the last file may be), a MULTI
// left open at the end is reverted the same way, and anything else malformed refuses start-up with the file,
// the offset and the repair tool named.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "core/aof.h"
#include "core/client.h"
#include "core/command.h"
#include "core/loading.h"
#include "core/log.h"
#include "core/persistence.h"
#include "core/server.h"
#include "persist/aof_commands.h"

namespace ringkv::core {

namespace {

bool Exists(const std::string& path) {
  struct stat sb {};
  return ::stat(path.c_str(), &sb) == 0;
}

double SecondsSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// A file mapped read-only for the loader (page cache, not a heap copy), unmapped on scope exit.
struct MappedFile {
  void* p = MAP_FAILED;
  size_t n = 0;
  std::string_view view() const { return p == MAP_FAILED ? std::string_view() : std::string_view(static_cast<const char*>(p), n); }
  void Unmap() {
    if (p != MAP_FAILED) ::munmap(p, n);
    p = MAP_FAILED;
  }
  ~MappedFile() { Unmap(); }
};

}  // namespace

bool Aof::LoadManifestFromDisk() {
  manifest_ = persist::aof::Manifest{};
  if (!Exists(AofDirPath())) {
    Log(LogLevel::kDebug, "The AOF directory %s doesn't exist", server_.config().appenddirname);
    return true;
  }
  const std::string name = persist::aof::ManifestFileName(prefix());
  const std::string path = AofFilePath(name);
  if (!Exists(path)) {
    Log(LogLevel::kDebug, "The AOF manifest file %s doesn't exist", name);
    return true;
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    Log(LogLevel::kWarning, "Fatal error: can't open the AOF manifest file %s for reading: %s", path, std::strerror(errno));
    return false;
  }
  std::string content;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) content.append(buf, static_cast<size_t>(n));
  ::close(fd);
  persist::aof::ManifestError err;
  if (n < 0 || !persist::aof::ParseManifest(content, &manifest_, &err)) {
    if (n < 0) err.message = "Read AOF manifest failed";
    Log(LogLevel::kWarning, "\n*** FATAL AOF MANIFEST FILE ERROR ***\n");
    if (err.line > 0) {
      Log(LogLevel::kWarning, "Reading the manifest file, at line %d\n", err.line);
      Log(LogLevel::kWarning, ">>> '%s'\n", err.text);
    }
    Log(LogLevel::kWarning, "%s\n", err.message);
    return false;
  }
  return true;
}

// Redis 7.0's upgrade from a single-file AOF: `appendfilename` in `dir` becomes the base of a new manifest in
// the AOF directory (when there is no directory, no manifest, or a manifest naming only that file as a base
// that is not there yet). Each step can be redone after a crash.
bool Aof::UpgradeOldStyleIfNeeded() {
  const std::string old_path = DirPath() + "/" + prefix();
  if (!Exists(old_path)) return true;
  const bool upgrade = !Exists(AofDirPath()) || manifest_.empty() ||
                       (manifest_.base && manifest_.incr.empty() && manifest_.base->name == prefix() &&
                        !Exists(AofFilePath(prefix())));
  if (!upgrade) return true;
  if (::mkdir(AofDirPath().c_str(), 0755) != 0 && errno != EEXIST) {
    Log(LogLevel::kWarning, "Can't open or create append-only dir %s: %s", server_.config().appenddirname,
        std::strerror(errno));
    return false;
  }
  manifest_.base = persist::aof::FileInfo{prefix(), 1, persist::aof::FileType::kBase};
  manifest_.base_seq = 1;
  if (!PersistManifest(manifest_)) return false;
  if (::rename(old_path.c_str(), AofFilePath(prefix()).c_str()) != 0) {
    Log(LogLevel::kWarning, "Error trying to move the old AOF file %s into dir %s: %s", prefix(),
        server_.config().appenddirname, std::strerror(errno));
    return false;
  }
  Log(LogLevel::kNotice, "Successfully migrated an old-style AOF file (%s) into the AOF directory (%s).", prefix(),
      server_.config().appenddirname);
  return true;
}

bool Aof::LoadAtStartup() {
  if (!LoadManifestFromDisk()) return false;
  if (!server_.config().appendonly) return true;
  if (!UpgradeOldStyleIfNeeded()) return false;
  const auto start = std::chrono::steady_clock::now();
  const LoadResult r = LoadFiles();
  if (r == LoadResult::kFailed || r == LoadResult::kOpenErr || r == LoadResult::kAborted) return false;
  if (r != LoadResult::kNotExist) Log(LogLevel::kNotice, "DB loaded from append only file: %.3f seconds", SecondsSince(start));
  return true;
}

Aof::LoadResult Aof::LoadFiles() {
  if (manifest_.empty()) return LoadResult::kNotExist;
  std::vector<const persist::aof::FileInfo*> files;
  if (manifest_.base) files.push_back(&*manifest_.base);
  for (const auto& f : manifest_.incr) files.push_back(&f);
  // Every file the manifest names must exist; an empty set of files is an empty dataset.
  int64_t total = 0, base_size = 0;
  for (const auto* f : files) {
    struct stat sb {};
    if (::stat(AofFilePath(f->name).c_str(), &sb) != 0) {
      Log(LogLevel::kWarning, "Unable to obtain the AOF file %s length. stat: %s", f->name, std::strerror(errno));
      return errno == ENOENT ? LoadResult::kFailed : LoadResult::kOpenErr;
    }
    total += sb.st_size;
    if (f == files.front() && manifest_.base) base_size = sb.st_size;
  }
  if (total == 0) return LoadResult::kEmpty;
  LoadResult ret = LoadResult::kOk;
  // The loading state over all the files: clients connecting meanwhile are answered -LOADING, INFO shows
  // the progress (core/loading.h). A SHUTDOWN meanwhile ends the load (LoadOneFile returns kAborted).
  server_.loading().Begin(static_cast<uint64_t>(total), /*serve_clients=*/true);
  struct EndLoading {
    Loading& l;
    ~EndLoading() { l.End(); }
  } end_loading{server_.loading()};
  load_offset_ = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    const bool is_base = manifest_.base && i == 0;
    const bool last = i + 1 == files.size();
    const auto start = std::chrono::steady_clock::now();
    ret = LoadOneFile(files[i]->name);
    if (ret == LoadResult::kOk || (ret == LoadResult::kTruncated && last)) {
      Log(LogLevel::kNotice, is_base ? "DB loaded from base file %s: %.3f seconds" : "DB loaded from incr file %s: %.3f seconds",
          files[i]->name, SecondsSince(start));
    }
    // Only the base may be empty without consequence; an empty incr file counts as loaded too.
    if (ret == LoadResult::kEmpty) ret = LoadResult::kOk;
    if (ret == LoadResult::kTruncated && !last) {
      Log(LogLevel::kWarning, "Fatal error: the truncated file is not the last file");
      ret = LoadResult::kFailed;
    }
    if (ret == LoadResult::kOpenErr || ret == LoadResult::kFailed || ret == LoadResult::kAborted) return ret;
    struct stat sb {};
    if (::stat(AofFilePath(files[i]->name).c_str(), &sb) == 0) load_offset_ += static_cast<uint64_t>(sb.st_size);
  }
  current_size_ = total;
  rewrite_base_size_ = base_size;
  return ret;
}

Aof::LoadResult Aof::LoadOneFile(const std::string& name) {
  const std::string path = AofFilePath(name);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int en = errno;
    if (Exists(path) || en != ENOENT) {
      Log(LogLevel::kWarning, "Fatal error: can't open the append log file %s for reading: %s", name, std::strerror(en));
      return LoadResult::kOpenErr;
    }
    Log(LogLevel::kWarning, "The append log file %s doesn't exist: %s", name, std::strerror(en));
    return LoadResult::kNotExist;
  }
  struct stat sb {};
  ::fstat(fd, &sb);
  if (sb.st_size == 0) {
    ::close(fd);
    return LoadResult::kEmpty;
  }
  MappedFile map;
  map.n = static_cast<size_t>(sb.st_size);
  map.p = ::mmap(nullptr, map.n, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map.p == MAP_FAILED) {
    Log(LogLevel::kWarning, "Unrecoverable error reading the append only file %s: %s", name, std::strerror(errno));
    return LoadResult::kFailed;
  }
  ::madvise(map.p, map.n, MADV_SEQUENTIAL);
  const std::string_view image = map.view();

  size_t start = 0;
  if (image.starts_with("REDIS")) {
    // An RDB base, or the RDB preamble of an old-style single-file AOF (whose commands follow it).
    const bool old_style = name == prefix();
    Log(LogLevel::kNotice, old_style ? "Reading RDB preamble from AOF file..." : "Reading RDB base file on AOF loading...");
    std::string err;
    if (!RdbLoadAofPreamble(server_, image, name, &start, &err)) {
      Log(LogLevel::kWarning,
          old_style ? "Error reading the RDB preamble of the AOF file %s, AOF loading aborted"
                    : "Error reading the RDB base file %s, AOF loading aborted",
          name);
      return LoadResult::kFailed;
    }
    if (old_style) Log(LogLevel::kNotice, "Reading the remaining AOF tail...");
  }

  // The commands, each run as the fake client's (a new one per file: it starts in db 0, as Redis's).
  Client* fake = server_.CreateFakeClient();
  fake->authenticated = true;
  fake->aof_loader = true;
  struct FreeFake {
    Server& s;
    Client* c;
    ~FreeFake() { s.FreeFakeClient(c); }
  } free_fake{server_, fake};
  persist::aof::CommandReader reader(image, start);
  std::vector<std::string_view> argv;
  size_t valid_up_to = start, valid_before_multi = start;
  bool truncated = false;
  while (true) {
    const auto st = reader.Next(&argv);
    if (st == persist::aof::CommandReader::Status::kEnd) break;
    if (st == persist::aof::CommandReader::Status::kTruncated) {
      valid_up_to = reader.offset();
      truncated = true;
      break;
    }
    if (st == persist::aof::CommandReader::Status::kBadFormat) {
      Log(LogLevel::kWarning,
          "Bad file format reading the append only file %s: make a backup of your AOF file, then use "
          "./redis-check-aof --fix <filename.manifest>",
          name);
      Log(LogLevel::kWarning, "The command at offset %d of %s is malformed: run redis-check-aof --fix %s", reader.offset(),
          path, AofFilePath(persist::aof::ManifestFileName(prefix())));
      return LoadResult::kFailed;
    }
    Command* cmd = server_.commands().Find(argv[0]);
    if (cmd == nullptr) {
      Log(LogLevel::kWarning, "Unknown command '%s' reading the append only file %s", std::string(argv[0]), name);
      return LoadResult::kFailed;
    }
    if (cmd->full_name == "multi") valid_before_multi = valid_up_to;
    fake->argv = argv;
    server_.dispatcher().Execute(*fake);
    fake->argv.clear();
    fake->out().Clear();  // the fake client's replies are nobody's
    valid_up_to = reader.offset();
    server_.loading().Progress(load_offset_ + valid_up_to);
    if (server_.shutdown_requested()) return LoadResult::kAborted;
  }
  // A transaction the file does not close never happened: cut it off like a torn command.
  if (!truncated && fake->tx.in_multi) {
    Log(LogLevel::kWarning, "Revert incomplete MULTI/EXEC transaction in AOF file %s", name);
    valid_up_to = valid_before_multi;
    truncated = true;
  }
  if (!truncated) return LoadResult::kOk;

  if (server_.config().aof_load_truncated) {
    Log(LogLevel::kWarning, "!!! Warning: short read while loading the AOF file %s!!!", name);
    Log(LogLevel::kWarning, "!!! Truncating the AOF %s at offset %d !!!", name, valid_up_to);
    map.Unmap();
    if (::truncate(path.c_str(), static_cast<off_t>(valid_up_to)) != 0) {
      Log(LogLevel::kWarning, "Error truncating the AOF file %s: %s", name, std::strerror(errno));
    } else {
      Log(LogLevel::kWarning, "AOF %s loaded anyway because aof-load-truncated is enabled", name);
      return LoadResult::kTruncated;
    }
  }
  Log(LogLevel::kWarning,
      "Unexpected end of file reading the append only file %s. You can: 1) Make a backup of your AOF file, then use "
      "./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' "
      "configuration option to yes and restart the server.",
      name);
  Log(LogLevel::kWarning, "The file ends inside the command at offset %d of %s: run redis-check-aof --fix %s",
      valid_up_to, path, AofFilePath(persist::aof::ManifestFileName(prefix())));
  return LoadResult::kFailed;
}

}  // namespace ringkv::core

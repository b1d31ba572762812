// The AOF manifest of Redis 7's multi-part AOF: the list of the files that make up the append-only log in
// `appenddirname` (one base, the incremental files in order, the history files waiting to be deleted), read and
// written as redis-server 7.0 does, so Redis and redis-check-aof accept ours and we accept theirs. The grammar
// is in aof_format.md. Parsing is strict (errors are Redis's texts); writing quotes a name as Redis does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ringkv::persist::aof {

enum class FileType : char { kBase = 'b', kHistory = 'h', kIncr = 'i' };

struct FileInfo {
  std::string name;  // a file name in the AOF directory, never a path
  int64_t seq = 0;
  FileType type = FileType::kIncr;
  bool operator==(const FileInfo&) const = default;
};

// Where a parse failed: the 1-based line and its text (trimmed; empty when the error is not about a line), and
// Redis's message ("Invalid AOF manifest file format", ...).
struct ManifestError {
  int line = 0;
  std::string text;
  std::string message;
};

struct Manifest {
  std::optional<FileInfo> base;
  std::vector<FileInfo> history;  // in file order
  std::vector<FileInfo> incr;     // increasing seq: the replay order
  int64_t base_seq = 0;           // the seq of the newest base ever named (the next one gets +1)
  int64_t incr_seq = 0;           // the same for incremental files

  bool empty() const { return !base && incr.empty(); }
  // The manifest's text: the base, then the history files, then the incremental ones, a line each.
  std::string ToString() const;

  // Names a new base (prefix.<seq>.base.rdb or .aof), turning the current base into a history file (first
  // in the history list, as Redis). Returns the new name.
  std::string NewBase(std::string_view prefix, bool rdb);
  // Names a new incremental file (prefix.<seq>.incr.aof) at the end of the list. Returns the new name.
  std::string NewIncr(std::string_view prefix);
  // After a rewrite: every incremental file but the last (when keep_last: the one being written) becomes
  // a history file.
  void MarkIncrAsHistory(bool keep_last);
};

// Parses a manifest file's content. False with *err as Redis reports it: an empty file, a line past 1024
// bytes or without its newline, a malformed line, a path instead of a name, a second base, decreasing
// incremental seqs, an unknown type.
bool ParseManifest(std::string_view content, Manifest* out, ManifestError* err);

// One manifest line ("file <name> seq <n> type <c>\n"), the name quoted as Redis's sdscatrepr when it holds
// spaces, quotes, backslashes or unprintable bytes.
std::string FormatManifestLine(const FileInfo& f);

// File names, as Redis 7.0 builds them from appendfilename.
std::string ManifestFileName(std::string_view prefix);      // appendonly.aof.manifest
std::string TempManifestFileName(std::string_view prefix);  // temp-appendonly.aof.manifest
std::string TempIncrFileName(std::string_view prefix);      // temp-appendonly.aof.incr

}  // namespace ringkv::persist::aof

// Slowlog: the entries behind SLOWLOG GET / LEN / RESET, as Redis 7.0's slowlog.c: the latest
// slowlog-max-len commands that ran for at least slowlog-log-slower-than microseconds, newest first, each
// with a unique id, the unix time it was logged, its duration, its arguments as Redis trims them (at most
// 32, each at most 128 bytes, with a note of what was cut), and the client's address and name.
//
// The dispatcher decides what is slow (one comparison per call) and calls Push; this file only keeps and
// trims. Invariants: (1) while the slowlog is on, size() <= slowlog-max-len after every Push and Trim;
// (2) ids grow by one per entry and are never reused, not even after Reset (a restart starts them at 0).
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ringkv::core {

struct Config;

class Slowlog {
 public:
  static constexpr size_t kMaxArgc = 32;        // Redis's SLOWLOG_ENTRY_MAX_ARGC
  static constexpr size_t kMaxArgBytes = 128;  // Redis's SLOWLOG_ENTRY_MAX_STRING

  struct Entry {
    int64_t id = 0;
    int64_t time_s = 0;
    int64_t duration_us = 0;
    std::vector<std::string> argv;
    std::string peer;         // Redis's getClientPeerId: ip:port, or the unix socket path with ":0"
    std::string client_name;  // "" when the client has none
  };

  // config must outlive the slowlog: slowlog-max-len is read live.
  explicit Slowlog(const Config* config) : config_(config) {}

  // Logs a command that was slow: argv as the client sent it, with the arguments at the indexes in `redacted`
  // shown as "(redacted)" (AUTH's password, as Redis's redactClientCommandArgument), then trims.
  void Push(std::span<const std::string_view> argv, std::span<const uint32_t> redacted, int64_t duration_us,
            int64_t now_s, std::string_view peer, std::string_view client_name);
  // Drops the oldest entries past slowlog-max-len. Redis trims after every command while the slowlog is on,
  // so the server calls this when either directive changes (only a change can make the log too long).
  void Trim();
  void Reset() { entries_.clear(); }

  const std::deque<Entry>& entries() const { return entries_; }  // newest first
  size_t size() const { return entries_.size(); }

 private:
  const Config* config_;
  std::deque<Entry> entries_;
  int64_t next_id_ = 0;
};

}  // namespace ringkv::core

// Logging in Redis's line format: "<pid>:<role> <dd Mon yyyy HH:MM:SS.mmm> <level-char> <message>",
// level chars '.' debug, '-' verbose, '*' notice, '#' warning; to the logfile or stdout.
#pragma once

#include <string>

#include "absl/strings/str_format.h"

namespace ringkv::core {

enum class LogLevel { kDebug = 0, kVerbose = 1, kNotice = 2, kWarning = 3 };

void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();
// Empty path: stdout. Returns false (and keeps the old target) when the file cannot be opened.
bool SetLogFile(const std::string& path);
void SetLogRole(char role);  // 'M' master, 'S' replica, 'C' child, 'X' sentinel
void LogLine(LogLevel level, const std::string& msg);
// The fd log lines go to (the logfile's, or stdout's): for a signal handler's write(2).
int LogFd();
// Re-opens the log file (after rotation) - SIGHUP later.
void ReopenLogFile();

template <typename... Args>
void Log(LogLevel level, const absl::FormatSpec<Args...>& fmt, const Args&... args) {
  if (level < GetLogLevel()) return;
  LogLine(level, absl::StrFormat(fmt, args...));
}

}  // namespace ringkv::core

#include "core/log.h"

#include <sys/time.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>

namespace ringkv::core {
namespace {
LogLevel g_level = LogLevel::kNotice;
FILE* g_file = nullptr;  // null: stdout
std::string g_path;
char g_role = 'M';
}  // namespace

void SetLogLevel(LogLevel level) { g_level = level; }
LogLevel GetLogLevel() { return g_level; }
void SetLogRole(char role) { g_role = role; }

bool SetLogFile(const std::string& path) {
  if (path.empty()) {
    if (g_file != nullptr) fclose(g_file);
    g_file = nullptr;
    g_path.clear();
    return true;
  }
  FILE* f = fopen(path.c_str(), "a");
  if (f == nullptr) return false;
  if (g_file != nullptr) fclose(g_file);
  g_file = f;
  g_path = path;
  return true;
}

int LogFd() { return fileno(g_file != nullptr ? g_file : stdout); }

void ReopenLogFile() {
  if (!g_path.empty()) SetLogFile(std::string(g_path));
}

void LogLine(LogLevel level, const std::string& msg) {
  static const char kMarks[] = ".-*#";
  struct timeval tv;
  gettimeofday(&tv, nullptr);
  struct tm tm;
  localtime_r(&tv.tv_sec, &tm);
  char when[64];
  size_t n = strftime(when, sizeof when, "%d %b %Y %H:%M:%S.", &tm);
  snprintf(when + n, sizeof when - n, "%03d", static_cast<int>(tv.tv_usec / 1000));
  FILE* f = g_file != nullptr ? g_file : stdout;
  fprintf(f, "%d:%c %s %c %s\n", static_cast<int>(getpid()), g_role, when, kMarks[static_cast<int>(level)],
          msg.c_str());
  fflush(f);
}

}  // namespace ringkv::core

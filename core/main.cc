// ringkv entry point: `ringkv [config-file] [--directive value ...]`, like redis-server.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/log.h"
#include "core/server.h"
#include "core/version.h"

namespace {

void Usage() {
  fprintf(stderr,
          "Usage: ./ringkv [/path/to/ringkv.conf] [options] [-]\n"
          "       ./ringkv - (read config from stdin)\n"
          "       ./ringkv -v or --version\n"
          "       ./ringkv -h or --help\n\n"
          "Examples:\n"
          "       ./ringkv (run the server with default config)\n"
          "       ./ringkv /etc/ringkv/6379.conf\n"
          "       ./ringkv --port 7777\n"
          "       ./ringkv /etc/myringkv.conf --loglevel verbose\n");
}

void Daemonize() {
  if (fork() != 0) _exit(0);
  setsid();
  int fd = open("/dev/null", O_RDWR);
  if (fd != -1) {
    dup2(fd, STDIN_FILENO);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    if (fd > STDERR_FILENO) close(fd);
  }
}

// Like Redis's adjustOpenFilesLimit: room for maxclients plus the server's own descriptors.
void AdjustOpenFilesLimit(int64_t maxclients) {
  rlim_t want = static_cast<rlim_t>(maxclients) + 32;
  struct rlimit lim;
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur >= want) return;
  lim.rlim_cur = std::min(want, lim.rlim_max);
  if (lim.rlim_cur < want && geteuid() == 0) lim.rlim_max = lim.rlim_cur = want;
  if (setrlimit(RLIMIT_NOFILE, &lim) != 0) {
    getrlimit(RLIMIT_NOFILE, &lim);
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
  getrlimit(RLIMIT_NOFILE, &lim);
  if (lim.rlim_cur < want) {
    ringkv::core::Log(ringkv::core::LogLevel::kWarning,
                      "You requested maxclients of %d requiring at least %d max file descriptors; the open files "
                      "limit is %d.",
                      maxclients, want, lim.rlim_cur);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ringkv::core;
  std::string config_path;
  std::vector<std::string> cli;
  int i = 1;
  if (argc >= 2) {
    std::string a1 = argv[1];
    if (a1 == "-v" || a1 == "--version") {
      printf("ringkv v=%s (Redis %s compatible) malloc=%s bits=64\n", kRingkvVersion, kRedisVersion,
#ifdef RINGKV_WITH_MIMALLOC
             "mimalloc"
#else
             "libc"
#endif
      );
      return 0;
    }
    if (a1 == "-h" || a1 == "--help") {
      Usage();
      return 0;
    }
    if (a1[0] != '-' || a1 == "-") {
      config_path = a1;
      i = 2;
    }
  }
  for (; i < argc; ++i) cli.emplace_back(argv[i]);

  std::string text, err;
  if (!BuildConfigText(config_path, cli, &text, &err)) {
    fprintf(stderr, "%s\n", err.c_str());
    return 1;
  }
  Config cfg;
  if (!config_path.empty() && config_path != "-") {
    char* abs = realpath(config_path.c_str(), nullptr);
    if (abs != nullptr) {
      cfg.config_file = abs;
      free(abs);
    }
  }
  if (!LoadConfigText(text, &cfg, &err)) {
    fprintf(stderr, "%s\n", err.c_str());
    return 1;
  }
  if (cfg.daemonize) Daemonize();
  if (!cfg.logfile.empty() && !SetLogFile(cfg.logfile)) {
    fprintf(stderr, "Can't open the log file: %s\n", strerror(errno));
    return 1;
  }
  SetLogLevel(static_cast<LogLevel>(cfg.loglevel));
  if (!cfg.dir.empty() && chdir(cfg.dir.c_str()) != 0) {
    Log(LogLevel::kWarning, "Can't chdir to '%s': %s", cfg.dir, strerror(errno));
    return 1;
  }
  Log(LogLevel::kNotice, "ringkv %s (Redis %s compatible), pid=%d, just started", kRingkvVersion, kRedisVersion,
      static_cast<int>(getpid()));
  if (config_path.empty()) {
    Log(LogLevel::kWarning, "Warning: no config file specified, using the default config. In order to specify a "
                            "config file use ringkv /path/to/ringkv.conf");
  } else {
    Log(LogLevel::kNotice, "Configuration loaded");
  }
  AdjustOpenFilesLimit(cfg.maxclients);
  std::string pidfile = cfg.pidfile;
  if (pidfile.empty() && cfg.daemonize) pidfile = "/var/run/ringkv_" + std::to_string(cfg.port) + ".pid";
  if (!pidfile.empty()) {
    if (FILE* f = fopen(pidfile.c_str(), "w")) {
      fprintf(f, "%d\n", static_cast<int>(getpid()));
      fclose(f);
    }
  }
  int rc;
  {
    Server server(std::move(cfg));
    Log(LogLevel::kNotice, "Running mode=standalone, port=%d.", server.config().port);
    rc = server.Run();
  }
  if (!pidfile.empty()) unlink(pidfile.c_str());
  return rc;
}

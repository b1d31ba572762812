#include "core/listeners.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/log.h"
#include "io/listen_socket.h"

namespace ringkv::core {
namespace {

// Redis's listenToPort: a failure is fatal unless the address family or protocol is missing on this host,
// or the address is optional ("-" prefix) and not present here (EADDRNOTAVAIL). Any other failure of an
// optional address (the port taken, say) is fatal too, as there.
bool FailureIsFatal(int err_no, bool optional) {
  if (err_no == EADDRNOTAVAIL && optional) return false;
  switch (err_no) {
    case ENOPROTOOPT:
    case EPROTONOSUPPORT:
    case ESOCKTNOSUPPORT:
    case EPFNOSUPPORT:
    case EAFNOSUPPORT:
      return false;
    default:
      return true;
  }
}

}  // namespace

bool ListenAll(io::Loop* loop, const Config& cfg, ListenSummary* summary) {
  *summary = ListenSummary{};
  const int port = static_cast<int>(cfg.port);
  const int backlog = static_cast<int>(cfg.tcp_backlog);
  // The fds are handed to the loop only once every address succeeded: a fatal failure closes what was
  // opened before it ("rollback successful listens"), and start-up stops.
  std::vector<int> fds;
  if (port != 0) {
    for (const std::string& word : cfg.bind) {
      const bool optional = !word.empty() && word[0] == '-';
      const std::string addr = optional ? word.substr(1) : word;
      io::ListenResult r = io::ListenTcp(addr, port, backlog);
      if (r.fd < 0) {
        Log(LogLevel::kWarning, "Warning: Could not create server TCP listening socket %s:%d: %s", addr, port,
            r.error);
        if (!FailureIsFatal(r.err_no, optional)) continue;
        for (int fd : fds) close(fd);
        Log(LogLevel::kWarning, "Failed listening on port %d (TCP), aborting.", port);
        return false;
      }
      fds.push_back(r.fd);
    }
  }
  int unix_fd = -1;
  if (!cfg.unixsocket.empty()) {
    unlink(cfg.unixsocket.c_str());  // a stale file of an earlier run; its absence is fine
    io::ListenResult r =
        io::ListenUnix(cfg.unixsocket, static_cast<mode_t>(cfg.unixsocketperm), backlog);
    if (r.fd < 0) {
      for (int fd : fds) close(fd);
      Log(LogLevel::kWarning, "Failed opening Unix socket: %s", r.error);
      return false;
    }
    unix_fd = r.fd;
  }
  if (fds.empty() && unix_fd < 0) {
    Log(LogLevel::kWarning, "Configured to not listen anywhere, exiting.");
    return false;
  }
  for (int fd : fds) loop->AddListener(fd, "");
  if (unix_fd >= 0) loop->AddListener(unix_fd, cfg.unixsocket);
  summary->tcp_listeners = static_cast<int>(fds.size());
  summary->unix_socket = unix_fd >= 0;
  return true;
}

void LogReadyToAccept(const ListenSummary& summary, const Config& cfg) {
  if (summary.tcp_listeners > 0) Log(LogLevel::kNotice, "Ready to accept connections");
  if (summary.unix_socket) {
    Log(LogLevel::kNotice, "The server is now ready to accept connections at %s", cfg.unixsocket);
  }
}

void CloseListeners(io::Loop* loop, const Config& cfg) {
  loop->CloseListeners();
  if (!cfg.unixsocket.empty()) {
    Log(LogLevel::kNotice, "Removing the unix socket file.");
    if (unlink(cfg.unixsocket.c_str()) != 0) {
      Log(LogLevel::kWarning, "Error removing the unix socket file: %s", strerror(errno));
    }
  }
}

}  // namespace ringkv::core

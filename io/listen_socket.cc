#include "io/listen_socket.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ringkv::io {
namespace {

ListenResult Fail(int fd, const char* what) {
  ListenResult r;
  r.err_no = errno;
  r.error = std::string(what) + ": " + strerror(r.err_no);
  if (fd >= 0) close(fd);
  errno = r.err_no;
  return r;
}

// bind + listen on an already created socket, the common tail of both kinds.
ListenResult BindAndListen(int fd, const sockaddr* sa, socklen_t len, int backlog) {
  if (bind(fd, sa, len) == -1) return Fail(fd, "bind");
  if (listen(fd, backlog) == -1) return Fail(fd, "listen");
  ListenResult r;
  r.fd = fd;
  return r;
}

}  // namespace

ListenResult ListenTcp(const std::string& host, int port, int backlog) {
  const bool v6 = host.find(':') != std::string::npos;
  // "*" and "::*" are the wildcard of their family: a null node with AI_PASSIVE.
  const char* node = host.c_str();
  if (host == "*" || host == "::*") node = nullptr;
  addrinfo hints{};
  hints.ai_family = v6 ? AF_INET6 : AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* info = nullptr;
  const std::string service = std::to_string(port);
  int rv = getaddrinfo(node, service.c_str(), &hints, &info);
  if (rv != 0) {
    ListenResult r;
    r.err_no = rv == EAI_SYSTEM ? errno : 0;
    r.error = gai_strerror(rv);
    return r;
  }
  ListenResult r;
  // Like Redis: the first address a socket can be created for is the one bound, and its failure is final.
  for (addrinfo* p = info; p != nullptr; p = p->ai_next) {
    int fd = socket(p->ai_family, p->ai_socktype | SOCK_CLOEXEC, p->ai_protocol);
    if (fd == -1) continue;
    int one = 1;
    if (v6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) == -1) {
      r = Fail(fd, "setsockopt");
    } else if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == -1) {
      r = Fail(fd, "setsockopt SO_REUSEADDR");
    } else {
      r = BindAndListen(fd, p->ai_addr, p->ai_addrlen, backlog);
    }
    freeaddrinfo(info);
    return r;
  }
  // No address of the family could get a socket (IPv6 disabled, say): errno says why.
  r.err_no = errno;
  r.error = "unable to bind socket, errno: " + std::to_string(r.err_no);
  freeaddrinfo(info);
  return r;
}

ListenResult ListenUnix(const std::string& path, mode_t perm, int backlog) {
  sockaddr_un sa{};
  if (path.size() > sizeof(sa.sun_path) - 1) {
    ListenResult r;
    r.err_no = ENAMETOOLONG;
    r.error = "unix socket path too long (" + std::to_string(path.size()) + "), must be under " +
              std::to_string(sizeof(sa.sun_path));
    return r;
  }
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd == -1) return Fail(-1, "creating socket");
  sa.sun_family = AF_UNIX;
  memcpy(sa.sun_path, path.data(), path.size());
  ListenResult r = BindAndListen(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa, backlog);
  // Redis applies the mode after bind, so there is a moment the file has the umask's mode; as there.
  if (r.fd >= 0 && perm != 0) chmod(path.c_str(), perm);
  return r;
}

int BoundPort(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return 0;
  if (ss.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  if (ss.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
  return 0;
}

}  // namespace ringkv::io

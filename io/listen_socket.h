// Listening sockets, made the way redis-server makes them (its anet layer), with its error texts, because
// operators and tests match start-up failures on them: "bind: Address already in use", "Name or service not
// known", "unix socket path too long (N), must be under 108". The loop only accepts on the fds made here.
#pragma once

#include <sys/types.h>

#include <string>

namespace ringkv::io {

struct ListenResult {
  int fd = -1;        // the listening socket (SOCK_CLOEXEC), or -1 on failure
  int err_no = 0;     // errno of the failing call (0 when the failure was getaddrinfo's)
  std::string error;  // Redis's text for the failure, e.g. "bind: Address already in use"
};

// A TCP listener on host:port. host is an IPv4/IPv6 literal or a name (resolved with getaddrinfo, the
// first address of the family is used); "*" is every IPv4 address and "::*" every IPv6 one. An address with
// a ':' is IPv6 (IPV6_V6ONLY, so "::*" and "*" can be bound together), anything else IPv4. SO_REUSEADDR is
// set so a restart does not wait for TIME_WAIT sockets. port 0 picks a free port (BoundPort tells which).
ListenResult ListenTcp(const std::string& host, int port, int backlog);

// A unix stream socket listener at path. A stale file at path is the caller's to unlink (Redis does it
// before calling). perm != 0 is applied with chmod after bind, as Redis's unixsocketperm.
ListenResult ListenUnix(const std::string& path, mode_t perm, int backlog);

// The local port of a bound TCP socket (0 if unknown).
int BoundPort(int fd);

}  // namespace ringkv::io

// Connector: one outbound TCP connection attempt through the ring (IORING_OP_CONNECT), whose connected
// socket then becomes an ordinary io::Connection (Loop::AdoptConnected: multishot recv, batched sends) with
// the events going to the handler the caller gave. A replica's link to its primary is made with it.
//
// The address is resolved with getaddrinfo: a numeric address costs nothing; a host name may block on DNS,
// as Redis's own connect to its master does (anetTcpNonBlockConnect resolves synchronously). The connect
// itself never blocks the loop. There is no timeout here: the owner bounds the attempt (Redis's
// repl-timeout, checked by its cron) and calls Abort().
//
// Lifetime: a CompletionOwner (io/completion.h); free it only when idle(). Abort() cancels an attempt in
// flight: its completion still comes, closes the socket and calls nobody.
#pragma once

#include <sys/socket.h>

#include <functional>
#include <string>

#include "io/completion.h"

namespace ringkv::io {

class Connection;
class ConnectionHandler;
class Loop;

class Connector final : public CompletionOwner {
 public:
  // conn: the connected connection (owned by the loop), or nullptr with err the positive errno of the
  // failure (ECONNREFUSED, ETIMEDOUT ...). Called once per Start that returned true, unless aborted.
  using Done = std::function<void(Connection* conn, int err)>;

  explicit Connector(Loop* loop) : loop_(loop) {}
  ~Connector() = default;

  // Starts connecting to host:port. Only when idle() (one attempt per owner slot: an aborted attempt's
  // completion must come back before the next starts; use another Connector meanwhile). False (nothing
  // started, *err says why: the resolver's or socket()'s message) when the address cannot be resolved or no
  // socket can be made.
  bool Start(const std::string& host, int port, ConnectionHandler* handler, Done done, std::string* err);
  // Gives up the attempt in flight, if any (no Done call for it).
  void Abort();
  bool connecting() const { return fd_ >= 0 && !aborted_; }

  void OnCompletion(int32_t res, uint32_t flags) override;
  void OnSqeRetry() override;

 private:
  bool Submit();
  void CloseSocket();

  Loop* loop_;
  ConnectionHandler* handler_ = nullptr;
  Done done_;
  int fd_ = -1;
  bool aborted_ = false;
  sockaddr_storage addr_{};  // read by the kernel when the SQE is submitted, so it lives here
  socklen_t addr_len_ = 0;
};

}  // namespace ringkv::io

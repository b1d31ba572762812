#include "io/connector.h"

#include <netdb.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "io/loop.h"

namespace ringkv::io {

bool Connector::Start(const std::string& host, int port, ConnectionHandler* handler, Done done, std::string* err) {
  if (!idle() || fd_ >= 0) {
    *err = "a connection attempt is still in flight";
    return false;
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &res); rc != 0) {
    *err = gai_strerror(rc);
    return false;
  }
  // The first address that gives a socket, as Redis's anetTcpGenericConnect.
  int fd = -1;
  for (addrinfo* p = res; p != nullptr && fd < 0; p = p->ai_next) {
    fd = socket(p->ai_family, p->ai_socktype | SOCK_CLOEXEC, p->ai_protocol);
    if (fd >= 0) {
      std::memcpy(&addr_, p->ai_addr, p->ai_addrlen);
      addr_len_ = p->ai_addrlen;
    }
  }
  const int socket_errno = errno;
  freeaddrinfo(res);
  if (fd < 0) {
    *err = std::strerror(socket_errno);
    return false;
  }
  fd_ = fd;
  aborted_ = false;
  handler_ = handler;
  done_ = std::move(done);
  Submit();  // no SQE: OnSqeRetry submits it next turn
  return true;
}

bool Connector::Submit() {
  io_uring_sqe* sqe = loop_->GetSqe(this);
  if (sqe == nullptr) return false;
  io_uring_prep_connect(sqe, fd_, reinterpret_cast<const sockaddr*>(&addr_), addr_len_);
  return true;
}

void Connector::OnSqeRetry() {
  if (fd_ >= 0 && !aborted_) Submit();
}

void Connector::Abort() {
  if (fd_ < 0) return;
  if (inflight() == 0) {  // not submitted yet (waiting for an SQE), or nothing in flight
    loop_->Cancel(this);  // drops a pending retry
    CloseSocket();
    return;
  }
  aborted_ = true;
  loop_->Cancel(this);  // the completion (-ECANCELED, or the result if it had finished) closes the socket
}

void Connector::CloseSocket() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  aborted_ = false;
}

void Connector::OnCompletion(int32_t res, uint32_t /*flags*/) {
  if (aborted_ || fd_ < 0) {
    CloseSocket();
    return;
  }
  Done done = std::move(done_);
  if (res < 0) {
    CloseSocket();
    done(nullptr, -res);
    return;
  }
  Connection* conn = loop_->AdoptConnected(fd_, handler_);
  fd_ = -1;  // the loop owns it now
  done(conn, 0);
}

}  // namespace ringkv::io

// The connection side of the Loop: listeners and multishot accept, multishot recv into the provided
// buffers, one send per connection, closing, and the output-drained mark. Every function here runs in the
// handle phase of a turn or from a handler callback, never while the CQ is being iterated.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "io/loop.h"

namespace ringkv::io {
namespace {

constexpr uint16_t kBufGroup = 0;

std::string FormatAddr(const sockaddr_storage& ss, std::string* ip_out) {
  char ip[INET6_ADDRSTRLEN] = "?";
  int port = 0;
  if (ss.ss_family == AF_INET) {
    auto* a = reinterpret_cast<const sockaddr_in*>(&ss);
    inet_ntop(AF_INET, &a->sin_addr, ip, sizeof ip);
    port = ntohs(a->sin_port);
  } else if (ss.ss_family == AF_INET6) {
    auto* a = reinterpret_cast<const sockaddr_in6*>(&ss);
    inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof ip);
    port = ntohs(a->sin6_port);
  }
  if (ip_out != nullptr) *ip_out = ip;
  return std::string(ip) + ":" + std::to_string(port);
}

// Exactly 127.0.0.1 and ::1, as Redis 7.0.15 compares the peer's address text (protected mode, and
// islocalClient for enable-*-command local): 127.0.0.2 is refused by protected mode there too, and so is
// an IPv4 peer seen through a dual-stack socket as ::ffff:127.0.0.1 (ringkv's listeners are IPv6-only).
bool IsLoopback(const sockaddr_storage& ss) {
  if (ss.ss_family == AF_INET) {
    return ntohl(reinterpret_cast<const sockaddr_in*>(&ss)->sin_addr.s_addr) == INADDR_LOOPBACK;
  }
  if (ss.ss_family == AF_INET6) {
    const in6_addr& a = reinterpret_cast<const sockaddr_in6*>(&ss)->sin6_addr;
    return IN6_IS_ADDR_LOOPBACK(&a);
  }
  return false;
}

}  // namespace

void Connection::PauseReading() {
  if (read_paused_) return;
  read_paused_ = true;
  // The multishot recv would go on filling input(): cancel it, so the bytes wait in the socket and TCP's
  // window pushes back on the peer. Its last CQE (-ECANCELED, no F_MORE) is not re-armed while paused.
  if (recv_armed_ && !closing_) loop_->CancelRecv(this);
}

void Connection::ResumeReading() {
  if (!read_paused_) return;
  read_paused_ = false;
  // The multishot recv may have ended while paused (we do not re-arm a paused connection).
  if (!recv_armed_ && !closing_) loop_->ArmRecv(this);
}

void Connection::NotifyWhenOutputBelow(size_t bytes) {
  drain_mark_ = bytes;
  drain_armed_ = true;
  // Already there: this turn, after OnInput (no send completion would ever come to say so).
  if (output_.size() <= bytes && !closing_) {
    drain_armed_ = false;
    if (!in_drained_list_) {
      in_drained_list_ = true;
      loop_->drained_list_.push_back(this);
    }
  }
}

void Loop::AddListener(int fd, const std::string& unix_path) {
  auto l = std::make_unique<Listener>();
  l->fd = fd;
  l->unix_path = unix_path;
  ArmAccept(l.get());
  listeners_.push_back(std::move(l));
}

void Loop::ForgetRingInChild() {
  if (!ring_ok_) return;
  io_uring_queue_exit(&ring_);  // munmap + close in this process only; no unregister of shared state
  ring_ok_ = false;
}

void Loop::CloseListeners() {
  for (auto& l : listeners_) {
    if (l->fd >= 0) {
      // shutdown() ends the multishot accept (its CQE arrives without F_MORE); the fd closes after.
      shutdown(l->fd, SHUT_RDWR);
      close(l->fd);
      l->fd = -1;
    }
  }
}

std::vector<int> Loop::ListenerFds() const {
  std::vector<int> fds;
  for (const auto& l : listeners_)
    if (l->fd >= 0) fds.push_back(l->fd);
  return fds;
}

bool Loop::ArmAccept(Listener* l) {
  io_uring_sqe* sqe = GetSqe();
  if (sqe == nullptr) {
    l->retry_sqe = true;
    retry_listeners_ = true;
    return false;
  }
  io_uring_prep_multishot_accept(sqe, l->fd, nullptr, nullptr, SOCK_CLOEXEC);
  io_uring_sqe_set_data64(sqe, Tag(l, kOpAccept));
  l->armed = true;
  return true;
}

void Loop::CancelRecv(Connection* c) {
  const uint64_t target = Tag(c, kOpRecv);
  io_uring_sqe* sqe = GetSqe();
  if (sqe == nullptr) {
    // A late cancel that finds a recv re-armed meanwhile only ends it; the CQE re-arms it (not paused).
    retry_cancels_.push_back(target);
    return;
  }
  io_uring_prep_cancel64(sqe, target, 0);
  io_uring_sqe_set_data64(sqe, Tag(nullptr, kOpLoop));
}

bool Loop::ArmRecv(Connection* c) {
  io_uring_sqe* sqe = GetSqe();
  if (sqe == nullptr) {
    DeferForConnection(c, /*recv=*/true, /*send=*/false);
    return false;
  }
  io_uring_prep_recv_multishot(sqe, c->fd_, nullptr, 0, 0);
  sqe->flags |= IOSQE_BUFFER_SELECT;
  sqe->buf_group = kBufGroup;
  io_uring_sqe_set_data64(sqe, Tag(c, kOpRecv));
  c->recv_armed_ = true;
  ++c->inflight_;
  return true;
}

void Loop::WantSend(Connection* c) {
  if (!c->in_send_list_ && !c->fd_closed_) {
    c->in_send_list_ = true;
    send_list_.push_back(c);
  }
}

void Loop::QueueSend(Connection* c) {
  // At most one send in flight per connection keeps the byte order; the next one goes when it completes.
  if (c->send_inflight_ || c->output_.empty() || c->fd_closed_ || c->close_now_) return;
  io_uring_sqe* sqe = GetSqe();
  if (sqe == nullptr) {
    DeferForConnection(c, /*recv=*/false, /*send=*/true);
    return;
  }
  int n = c->output_.FillIov(c->iov_, 64, 4u << 20);
  size_t bytes = 0;
  for (int i = 0; i < n; ++i) bytes += c->iov_[i].iov_len;
  if (n == 1) {
    io_uring_prep_send(sqe, c->fd_, c->iov_[0].iov_base, c->iov_[0].iov_len, MSG_NOSIGNAL);
  } else {
    c->msg_ = msghdr{};
    c->msg_.msg_iov = c->iov_;
    c->msg_.msg_iovlen = static_cast<size_t>(n);
    io_uring_prep_sendmsg(sqe, c->fd_, &c->msg_, MSG_NOSIGNAL);
  }
  io_uring_sqe_set_data64(sqe, Tag(c, kOpSend));
  c->send_inflight_ = true;
  c->send_bytes_ = bytes;
  ++c->inflight_;
  ++counters_.sends;
}

void Loop::Close(Connection* c, bool after_flush) {
  if (c->fd_closed_) return;
  if (!c->closing_) {
    c->closing_ = true;
    c->drain_armed_ = false;
    // Stop reading: shutting down the read side ends the multishot recv (its last CQE has no F_MORE).
    shutdown(c->fd_, SHUT_RD);
  }
  if (!after_flush) {
    c->close_now_ = true;
    // A send in flight still points into the output blocks: they are dropped when its CQE arrives.
    if (!c->send_inflight_) c->output_.Clear();
    shutdown(c->fd_, SHUT_RDWR);  // also fails a send stuck on a full socket so its CQE comes back
  }
  MaybeFinishClose(c);
}

void Loop::MaybeFinishClose(Connection* c) {
  if (!c->closing_) return;
  // Tell the handler once, as soon as we know the connection is going, so it drops its references.
  if (!c->closed_notified_) {
    c->closed_notified_ = true;
    c->handler_->OnClosed(c);
  }
  if (!c->close_now_ && (!c->output_.empty() || c->send_inflight_)) {
    // A send deferred for want of an SQE is retried next turn: asking again now would retry it within
    // this turn's send pass, over and over while the SQ stays full.
    if (!c->send_inflight_ && !c->retry_send_) WantSend(c);
    return;  // flush first (QUIT, protocol errors)
  }
  if (!c->fd_closed_) {
    shutdown(c->fd_, SHUT_RDWR);
    close(c->fd_);
    c->fd_closed_ = true;
  }
  // The retry and drained lists may hold a pointer until next turn: their passes call back here once they
  // let go of it.
  if (c->in_held_list_) {
    // Closed at once while its output waited for the durability gate: nothing will be sent, let it go.
    held_list_.erase(std::find(held_list_.begin(), held_list_.end(), c));
    c->in_held_list_ = false;
  }
  if (c->inflight_ == 0 && !c->in_retry_list_ && !c->in_drained_list_ && !c->free_queued_) {
    c->free_queued_ = true;
    // Freed at the end of the turn: pointers in the input/send/drained lists of this turn may still name it.
    free_list_.push_back(c);
  }
}

void Loop::ReturnBuffer(unsigned bid) {
  io_uring_buf_ring_add(buf_ring_, buf_mem_ + size_t{bid} * options_.buf_bytes, options_.buf_bytes,
                        static_cast<unsigned short>(bid), io_uring_buf_ring_mask(options_.buf_count),
                        static_cast<int>(buf_pending_));
  ++buf_pending_;
}

Connection* Loop::NewConnection(int fd, ConnectionHandler* handler) {
  auto* c = new Connection();
  live_.insert(c);
  c->id_ = next_conn_id_++;
  c->fd_ = fd;
  c->loop_ = this;
  c->handler_ = handler;
  return c;
}

void Loop::SetupTcp(Connection* c) {
  int one = 1;
  setsockopt(c->fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getpeername(c->fd_, reinterpret_cast<sockaddr*>(&ss), &len) == 0) {
    c->peer_addr_ = FormatAddr(ss, &c->peer_ip_);
    c->is_local_ = IsLoopback(ss);
  }
  len = sizeof ss;
  if (getsockname(c->fd_, reinterpret_cast<sockaddr*>(&ss), &len) == 0) c->local_addr_ = FormatAddr(ss, nullptr);
}

Connection* Loop::AdoptConnected(int fd, ConnectionHandler* handler) {
  Connection* c = NewConnection(fd, handler);
  SetupTcp(c);
  ArmRecv(c);  // no SQE: deferred to the next turn
  return c;
}

void Loop::OnAcceptCqe(Listener* l, const Cqe& cqe) {
  if (!(cqe.flags & IORING_CQE_F_MORE)) l->armed = false;
  if (cqe.res >= 0) {
    ++counters_.accepts;
    int fd = cqe.res;
    Connection* c = NewConnection(fd, handler_);
    if (!l->unix_path.empty()) {
      // Redis names both ends of a unix socket client "<path>:0" (CLIENT LIST addr= and laddr=).
      c->is_unix_ = c->is_local_ = true;
      c->peer_ip_ = l->unix_path;
      c->peer_addr_ = c->local_addr_ = l->unix_path + ":0";
    } else {
      SetupTcp(c);
    }
    ArmRecv(c);  // no SQE: deferred to the next turn, the connection is served all the same
    handler_->OnAccept(c);
  }
  if (!l->armed && l->fd >= 0 && !stop_) {
    if (cqe.res >= 0 || cqe.res == -ECANCELED) {
      ArmAccept(l);
    } else {
      // EMFILE/ENFILE and friends end the multishot accept. Re-arming at once would spin the loop while the
      // condition lasts (it fails again immediately): retry on the next timer tick instead.
      ++counters_.accept_errors;
      l->retry_on_timer = true;
    }
  }
}

void Loop::OnRecvCqe(Connection* c, const Cqe& cqe) {
  const bool more = (cqe.flags & IORING_CQE_F_MORE) != 0;
  if (!more) {
    c->recv_armed_ = false;
    --c->inflight_;
  }
  int res = cqe.res;
  if (res > 0) {
    unsigned bid = cqe.flags >> IORING_CQE_BUFFER_SHIFT;
    if (!c->closing_) {
      // Copy out and give the buffer straight back: buffers are shared by all connections, so none may be
      // held across turns by a slow consumer.
      const char* data = buf_mem_ + size_t{bid} * options_.buf_bytes;
      counters_.bytes_in += static_cast<uint64_t>(res);
      if (c->input_held_) [[unlikely]] {
        c->held_input_.append(data, static_cast<size_t>(res));  // ReleaseInput queues it for handling
      } else {
        c->input_.append(data, static_cast<size_t>(res));
        if (!c->in_input_list_) {
          c->in_input_list_ = true;
          (nested_ ? nested_input_list_ : input_list_).push_back(c);
        }
      }
    }
    ReturnBuffer(bid);
  } else if (res == -ENOBUFS) {
    // Every provided buffer is taken this turn. They come back when this turn's CQEs are handled; the
    // multishot ended, so re-arm below (the data waits in the socket, nothing is lost).
    ++counters_.enobufs;
  } else if (res == 0 && (c->in_input_list_ || !c->held_input_.empty())) {
    // The peer sent its last commands and closed its side: like Redis, run them and send the replies
    // before closing (Run() closes it after OnInput).
    c->peer_eof_ = true;
  } else if (res == 0 || (res < 0 && res != -EINTR && res != -ECANCELED)) {
    // EOF or a socket error: the peer is gone.
    if (!c->closing_) Close(c, false);
  }
  if (!more) {
    if (c->closing_) {
      MaybeFinishClose(c);
    } else if (!c->read_paused_ && !c->peer_eof_) {
      ++counters_.recv_rearms;
      ArmRecv(c);
    }
  }
}

void Loop::OnSendCqe(Connection* c, const Cqe& cqe) {
  --c->inflight_;
  c->send_inflight_ = false;
  if (c->close_now_) c->output_.Clear();
  int res = cqe.res;
  if (res > 0) {
    counters_.bytes_out += static_cast<uint64_t>(res);
    if (!c->close_now_) c->output_.Consume(static_cast<size_t>(res));
    if (static_cast<size_t>(res) < c->send_bytes_) ++counters_.short_sends;
    if (!c->output_.empty()) WantSend(c);
    if (c->drain_armed_ && c->output_.size() <= c->drain_mark_ && !c->closing_) {
      c->drain_armed_ = false;
      if (!c->in_drained_list_) {
        c->in_drained_list_ = true;
        drained_list_.push_back(c);
      }
    }
  } else if (res == -EINTR || res == -EAGAIN) {
    WantSend(c);
  } else if (res < 0 || res == 0) {
    if (!c->closing_ || !c->close_now_) Close(c, false);
  }
  if (c->closing_) MaybeFinishClose(c);
}

}  // namespace ringkv::io

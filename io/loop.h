// Loop: the one io_uring ring of the process and everything it drives: listening sockets (multishot accept),
// connections (multishot recv into a registered provided-buffer ring, one send per connection per turn),
// and the periodic timer. It knows nothing of commands: it hands bytes to a LoopHandler and sends what the
// handler queued in each connection's OutputBuffer.
//
// A turn: reap every completion first (copy received bytes into connections' input, return the buffers),
// then call OnInput once for each connection that received bytes, then BeforeSleep, then queue one send per
// connection with pending output, then submit everything and wait in one io_uring_enter.
//
// Ownership: every SQE's user_data names exactly one owner (a Connection, a Listener or the timer) and one
// operation. A Connection is freed only when no operation of it is in flight, so a completion never touches
// freed memory; OnClosed is called once, when it is closed, before it is freed.
#pragma once

#include <liburing.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "io/output_buffer.h"

namespace ringkv::io {

class Loop;

class Connection {
 public:
  uint64_t id() const { return id_; }
  int fd() const { return fd_; }
  // Bytes received and not yet consumed by the handler. The handler erases what it consumed.
  std::string& input() { return input_; }
  OutputBuffer& output() { return output_; }
  const std::string& peer_addr() const { return peer_addr_; }  // "ip:port"
  const std::string& peer_ip() const { return peer_ip_; }
  const std::string& local_addr() const { return local_addr_; }
  // The peer is on this host: a loopback address (127.0.0.0/8, ::1, IPv4-mapped ::ffff:127.x).
  bool is_local() const {
    return peer_ip_ == "::1" || peer_ip_.rfind("127.", 0) == 0 || peer_ip_.rfind("::ffff:127.", 0) == 0;
  }
  bool closing() const { return closing_; }
  // The handler's object for this connection (the Client).
  void* user = nullptr;

  // Stop reading (e.g. CLIENT PAUSE); bytes already received stay in input().
  void PauseReading();
  void ResumeReading();
  bool reading_paused() const { return read_paused_; }

 private:
  friend class Loop;
  uint64_t id_ = 0;
  int fd_ = -1;
  std::string input_;
  OutputBuffer output_;
  std::string peer_addr_, peer_ip_, local_addr_;
  Loop* loop_ = nullptr;
  int inflight_ = 0;        // SQEs of this connection not yet completed
  bool recv_armed_ = false;  // a multishot recv is active
  bool send_inflight_ = false;
  bool closing_ = false;     // no more reads; close once output is flushed (or at once if close_now_)
  bool close_now_ = false;
  bool closed_notified_ = false;
  bool fd_closed_ = false;
  bool read_paused_ = false;
  bool in_input_list_ = false;
  bool in_send_list_ = false;
  bool free_queued_ = false;
  bool peer_eof_ = false;    // the peer closed after sending: run what it sent, flush, then close
  size_t send_bytes_ = 0;  // bytes of the send in flight
  struct msghdr msg_ {};
  struct iovec iov_[64];
};

class LoopHandler {
 public:
  virtual ~LoopHandler() = default;
  // A new connection. The handler may Close() it at once (maxclients, protected mode).
  virtual void OnAccept(Connection* conn) = 0;
  // New bytes were appended to conn->input(); called at most once per connection per turn.
  virtual void OnInput(Connection* conn) = 0;
  // The connection is closed (peer gone, error, or Close()); drop every reference to it.
  virtual void OnClosed(Connection* conn) = 0;
  // The periodic timer fired (hz).
  virtual void OnTimer() = 0;
  // End of the turn, before sends are queued and the ring waits.
  virtual void BeforeSleep() = 0;
};

struct LoopOptions {
  unsigned ring_entries = 4096;
  unsigned buf_count = 512;     // provided buffers (a power of two)
  unsigned buf_bytes = 16384;   // bytes each
  unsigned min_wait_us = 50;    // under load, one enter may gather completions this long (kernel 6.12+)
  unsigned wait_nr = 32;        // ... up to this many
};

struct LoopCounters {
  uint64_t enters = 0;
  uint64_t cqes = 0;
  uint64_t enobufs = 0;
  uint64_t recv_rearms = 0;
  uint64_t sends = 0;
  uint64_t short_sends = 0;
  uint64_t sq_full = 0;
  uint64_t accepts = 0;
  uint64_t accept_errors = 0;
  uint64_t bytes_in = 0;
  uint64_t bytes_out = 0;
};

class Loop {
 public:
  friend class Connection;
  Loop(LoopHandler* handler, LoopOptions options);
  ~Loop();
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  // Sets up the ring and the provided-buffer ring. On failure (io_uring refused by seccomp, sysctl, old
  // kernel) returns false with a message that says so plainly.
  bool Init(std::string* err);
  // Listens on addr:port (IPv4 or IPv6 literal). Returns false with the reason.
  bool Listen(const std::string& addr, int port, int backlog, std::string* err);
  // The port actually bound (for --port 0).
  int bound_port() const { return bound_port_; }
  void SetTimerIntervalMs(int64_t ms);
  void SetMinWaitUs(unsigned us) { options_.min_wait_us = us; }
  // Runs turns until Stop() is called; returns after flushing what can be flushed.
  void Run();
  void Stop() { stop_ = true; }
  // Output was queued on conn outside OnInput (pub/sub, client kill): send it this turn.
  void WantSend(Connection* conn);
  // Closes conn: after its pending output is sent (after_flush) or at once. OnClosed follows.
  void Close(Connection* conn, bool after_flush);
  void CloseListeners();
  const LoopCounters& counters() const { return counters_; }
  bool min_wait_supported() const { return min_wait_supported_; }
  const std::string& features() const { return features_; }

 private:
  enum Op : uint64_t { kOpAccept = 1, kOpRecv = 2, kOpSend = 3, kOpTimer = 4 };
  struct Listener {
    int fd = -1;
    int backlog = 0;
    bool armed = false;
    bool retry_on_timer = false;  // accept failed (EMFILE...): re-arm at the next tick
  };

  io_uring_sqe* GetSqe();
  void ArmAccept(Listener* l);
  void ArmRecv(Connection* c);
  void ArmTimer();
  void QueueSend(Connection* c);
  void HandleCqe(io_uring_cqe* cqe);
  void OnAcceptCqe(Listener* l, io_uring_cqe* cqe);
  void OnRecvCqe(Connection* c, io_uring_cqe* cqe);
  void OnSendCqe(Connection* c, io_uring_cqe* cqe);
  void MaybeFinishClose(Connection* c);
  void ReturnBuffer(unsigned bid);
  int Enter();
  static uint64_t Tag(void* p, Op op) { return reinterpret_cast<uint64_t>(p) | op; }

  LoopHandler* handler_;
  LoopOptions options_;
  io_uring ring_{};
  bool ring_ok_ = false;
  io_uring_buf_ring* buf_ring_ = nullptr;
  char* buf_mem_ = nullptr;
  size_t buf_ring_bytes_ = 0;
  unsigned buf_pending_ = 0;  // buffers given back but not yet published to the kernel
  std::vector<std::unique_ptr<Listener>> listeners_;
  std::vector<Connection*> input_list_;
  std::vector<Connection*> send_list_;
  std::vector<Connection*> free_list_;
  absl::flat_hash_set<Connection*> live_;  // every connection not yet freed (freed with the loop at exit)
  uint64_t next_conn_id_ = 1;
  __kernel_timespec timer_ts_{};
  bool timer_armed_ = false;
  bool stop_ = false;
  bool min_wait_supported_ = false;
  unsigned enter_flags_ = 0;  // extra io_uring_enter flags the kernel supports (NO_IOWAIT)
  unsigned last_cqe_count_ = 0;
  int bound_port_ = 0;
  std::string features_;
  LoopCounters counters_;
};

}  // namespace ringkv::io

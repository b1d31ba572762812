// Loop: the one io_uring ring of the process and everything it drives: listening sockets (TCP and unix,
// multishot accept), connections (multishot recv into a registered provided-buffer ring, one send per
// connection per turn), and operations of CompletionOwners (timers, later files). It knows nothing of
// commands: it hands bytes to a LoopHandler and sends what the handler queued in each connection's
// OutputBuffer.
//
// A turn:
//   1. reap: copy every ready CQE (16 bytes each) out of the ring and advance the CQ;
//   2. handle them in order (received bytes go to connections' input, buffers go back to the ring, accept,
//      close, timer and owner callbacks run here), after the operations deferred last turn were retried;
//   3. OnInput once for each connection that received bytes, then OnOutputDrained for connections whose
//      output fell to their mark, then BeforeSleep;
//   4. one send per connection with pending output; connections finished this turn are freed;
//   5. submit everything and wait, in one io_uring_enter.
// No callback (LoopHandler or CompletionOwner) ever runs while the CQ is being iterated: step 1 runs no
// code but the copy, so a callback may submit, close, or stop the loop without re-entering the reaping.
//
// user_data of every SQE: the low 3 bits are the operation, the rest a pointer to its one owner (owners
// are at least 8-byte aligned):
//   0 kOpLoop    nullptr            the loop's own fire-and-forget requests (ASYNC_CANCEL); CQE ignored
//   1 kOpAccept  Listener*          multishot accept
//   2 kOpRecv    Connection*        multishot recv (buffer select)
//   3 kOpSend    Connection*        send / sendmsg, at most one in flight per connection
//   4 kOpOwner   CompletionOwner*   whatever the owner prepared in the SQE of GetSqe(owner)
// Freeing: a Connection is freed by the loop only when none of its SQEs is in flight and no list of the
// turn names it; a Listener lives as long as the loop; a CompletionOwner is freed by its creator only when
// idle() (see io/completion.h). So a completion never touches freed memory.
//
// Unhappy paths of the ring, each with a counter (LoopCounters), a log line through LoopOptions::log
// (rate-limited to one line per kind per second) and a test (tests/unit/io_loop_test.cc):
//   - no SQE even after submitting the queue (no_sqe): the operation is deferred to the next turn (recv
//     re-arm, send, accept re-arm, cancel, or the owner's OnSqeRetry); no caller gets a null SQE it did not
//     ask for. While something is deferred, the enter does not block, so the next turn comes at once.
//   - io_uring_enter failing with other than EINTR/EAGAIN/EBUSY/ETIME (enter_errors): errors that can pass
//     (ENOMEM, EBADR CQ overflow, anything unknown) are logged and the loop goes on; errors that mean the
//     ring itself is broken (EBADF, EBADFD, EFAULT, EINVAL, ENXIO, EOPNOTSUPP) stop the loop with a fatal
//     line: Run() returns false and fatal_error() says why.
//   - -ENOBUFS on recv (enobufs): the multishot ended, re-armed once buffers are back; a CQE without
//     F_MORE (recv_rearms): re-armed; short sends (short_sends): the rest goes in the next send.
#pragma once

#include <liburing.h>
#include <sys/uio.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "io/completion.h"
#include "io/output_buffer.h"

namespace ringkv::io {

class Loop;
class Timer;
class ConnectionHandler;

class Connection {
 public:
  uint64_t id() const { return id_; }
  int fd() const { return fd_; }
  // Bytes received and not yet consumed by the handler. The handler erases what it consumed.
  std::string& input() { return input_; }
  OutputBuffer& output() { return output_; }
  // "ip:port" of each end, as Redis's CLIENT LIST prints them; for a unix socket both are "<path>:0".
  const std::string& peer_addr() const { return peer_addr_; }
  const std::string& peer_ip() const { return peer_ip_; }  // unix socket: the socket's path
  const std::string& local_addr() const { return local_addr_; }
  // Accepted on a unix socket listener (no TCP options; Redis's CLIENT_UNIX_SOCKET, the 'U' flag).
  bool is_unix() const { return is_unix_; }
  // A unix socket, or a peer at exactly 127.0.0.1 or ::1: what Redis 7.0's protected mode and
  // enable-*-command "local" call local.
  bool is_local() const { return is_local_; }
  bool closing() const { return closing_; }
  // The handler's object for this connection (the Client).
  void* user = nullptr;

  // Stop reading: the multishot recv is cancelled, so what the peer sends waits in the socket and TCP pushes
  // back on it (a replica bounding the stream it buffers during a dual channel sync). Bytes already received
  // stay in input(), and a few more may still arrive from the recv being cancelled.
  void PauseReading();
  void ResumeReading();
  bool reading_paused() const { return read_paused_; }

  // Asks for one LoopHandler::OnOutputDrained(this) when the unsent output (output().size(), bytes in
  // flight included) is at or below `bytes`: after the send completion that gets it there, or in this very
  // turn if it already is. Called once, then disarmed; a new call replaces the mark. Not called for a
  // closing connection (OnClosed comes instead).
  void NotifyWhenOutputBelow(size_t bytes);
  void CancelOutputNotify() { drain_armed_ = false; }

  // While the handler works on input() (views into it are live), bytes that arrive in a nested turn
  // (Loop::RunNestedTurn) must not move it: they are kept aside and appended at ReleaseInput, which also
  // puts the connection back in the input list so they are handled.
  void HoldInput() { input_held_ = true; }
  void ReleaseInput();
  bool input_held() const { return input_held_; }

 private:
  friend class Loop;
  uint64_t id_ = 0;
  int fd_ = -1;
  std::string input_;
  OutputBuffer output_;
  std::string peer_addr_, peer_ip_, local_addr_;
  Loop* loop_ = nullptr;
  ConnectionHandler* handler_ = nullptr;  // where its events go
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
  bool in_retry_list_ = false;  // an operation waits for an SQE (next turn)
  bool retry_recv_ = false;
  bool retry_send_ = false;
  bool in_drained_list_ = false;
  bool in_held_list_ = false;  // its output waits for the durability gate
  bool drain_armed_ = false;
  bool free_queued_ = false;
  bool peer_eof_ = false;    // the peer closed after sending: run what it sent, flush, then close
  bool is_unix_ = false;
  bool is_local_ = false;
  bool input_held_ = false;
  std::string held_input_;  // bytes received while input_held_
  size_t drain_mark_ = 0;  // NotifyWhenOutputBelow's bytes
  uint64_t hold_until_ = 0;  // the durability mark its output waits for (Loop::RequireDurable)
  size_t send_bytes_ = 0;  // bytes of the send in flight
  struct msghdr msg_ {};
  struct iovec iov_[64];
};

// Where one connection's events go: the LoopHandler for the connections it accepted, or the handler an
// outbound connection was adopted with (Loop::AdoptConnected: a replica's link to its primary).
class ConnectionHandler {
 public:
  virtual ~ConnectionHandler() = default;
  // New bytes were appended to conn->input(); called at most once per connection per turn.
  virtual void OnInput(Connection* conn) = 0;
  // The connection is closed (peer gone, error, or Close()); drop every reference to it.
  virtual void OnClosed(Connection* conn) = 0;
  // The unsent output of conn fell to the mark of conn->NotifyWhenOutputBelow() (once per call of it).
  // Runs after this turn's OnInput calls and before BeforeSleep.
  virtual void OnOutputDrained(Connection* conn) { (void)conn; }
};

class LoopHandler : public ConnectionHandler {
 public:
  // A new connection. The handler may Close() it at once (maxclients, protected mode).
  virtual void OnAccept(Connection* conn) = 0;
  // The periodic timer fired (hz).
  virtual void OnTimer() = 0;
  // End of the turn, before sends are queued and the ring waits.
  virtual void BeforeSleep() = 0;
};

enum class LoopLogLevel { kVerbose, kNotice, kWarning };

struct LoopOptions {
  unsigned ring_entries = 4096;
  unsigned buf_count = 512;     // provided buffers (a power of two)
  unsigned buf_bytes = 16384;   // bytes each
  unsigned min_wait_us = 50;    // under load, one enter may gather completions this long (kernel 6.12+)
  unsigned wait_nr = 32;        // ... up to this many
  // Where the loop's own log lines go (io/ cannot include core/'s logger). Unset: nowhere.
  std::function<void(LoopLogLevel level, std::string_view line)> log;
};

struct LoopCounters {
  uint64_t enters = 0;
  uint64_t cqes = 0;
  uint64_t enobufs = 0;
  uint64_t recv_rearms = 0;
  uint64_t sends = 0;
  uint64_t short_sends = 0;
  uint64_t sq_full = 0;       // io_uring_get_sqe found the SQ full: the queue was submitted early
  uint64_t no_sqe = 0;        // ... and still no SQE after that: an operation was deferred a turn
  uint64_t enter_errors = 0;  // io_uring_enter failed with other than EINTR/EAGAIN/EBUSY/ETIME
  uint64_t accepts = 0;
  uint64_t accept_errors = 0;
  uint64_t bytes_in = 0;
  uint64_t bytes_out = 0;
  uint64_t durability_holds = 0;  // times a connection's output was held by the durability gate
};

// Test-only faults (InjectFaultForTest): make the unhappy paths above happen on demand.
enum class LoopFault {
  kNoSqe,       // the next `count` GetSqe calls find no SQE even after submitting the queue
  kEnterError,  // the next `count` enters fail with -error instead of entering the ring
};

class Loop {
 public:
  friend class Connection;
  Loop(LoopHandler* handler, LoopOptions options);
  ~Loop();
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  // Sets up the ring and the provided-buffer ring. On failure (io_uring refused by seccomp, sysctl, old
  // kernel) returns false with a message that says so plainly. The ring belongs to the calling thread
  // (SINGLE_ISSUER): Init, Run and every other call must come from it.
  bool Init(std::string* err);
  // Accepts connections on a listening socket (io/listen_socket.h); the loop owns and closes fd.
  // unix_path: the path of a unix socket listener (its connections are is_unix()), "" for TCP.
  void AddListener(int fd, const std::string& unix_path);
  // A TCP socket this process connected itself (io/connector.h) becomes an ordinary connection: multishot
  // recv, batched sends, Close. Its events go to handler instead of the LoopHandler. The loop owns fd.
  Connection* AdoptConnected(int fd, ConnectionHandler* handler);
  void SetTimerIntervalMs(int64_t ms);
  void SetMinWaitUs(unsigned us) { options_.min_wait_us = us; }
  // The handler has work of its own left (BeforeSleep will do more): this turn's enter does not wait for a
  // completion, so the next turn comes at once. Asked again each turn.
  void RunAgainSoon() { run_again_ = true; }
  // Runs turns until Stop() is called or the ring fails. Returns false when it stopped because of a ring
  // failure (fatal_error() says which), true after Stop(). It can be called again afterwards.
  bool Run();
  // A restricted turn from inside a long handler call (a script past busy-reply-threshold), as Redis's
  // processEventsWhileBlocked: submits what is queued, handles the connection completions that are ready
  // (accepts, received bytes, sends, closes) without waiting, runs OnInput for connections with new input
  // (except those whose input is held), and queues their sends. Owner completions (timers: the cron,
  // blocked clients' deadlines) are kept for the next ordinary turn, no connection is freed, and
  // OnOutputDrained / BeforeSleep do not run. Never call it from a LoopHandler callback it would re-enter
  // for the same connection without HoldInput.
  void RunNestedTurn();
  bool in_nested_turn() const { return nested_; }
  void Stop() { stop_ = true; }
  const std::string& fatal_error() const { return fatal_error_; }
  // Output was queued on conn outside OnInput (pub/sub, client kill): send it this turn.
  void WantSend(Connection* conn);

  // The durability gate (appendfsync always: no reply that reveals a write leaves before that write is on
  // disk). The handler asks that conn's output wait until the durable mark reaches seq (HoldUntilDurable;
  // seq is e.g. the AOF's end offset after the write) and moves the durable mark as bytes reach disk
  // (MarkDurable). A held connection is skipped by the end-of-turn sends and sent once the mark passes its
  // hold; its output keeps growing meanwhile (order is kept), and a later hold only raises the mark. Only
  // sends wait: the loop goes on reading and executing, and other connections' output leaves as usual.
  void HoldUntilDurable(Connection* conn, uint64_t seq) {
    if (seq <= durable_) return;
    if (seq > conn->hold_until_) conn->hold_until_ = seq;
    if (seq > required_) required_ = seq;
  }
  void MarkDurable(uint64_t seq);
  uint64_t durable_required() const { return required_; }  // the highest mark any connection waited for
  uint64_t durable_mark() const { return durable_; }
  size_t held_connections() const { return held_list_.size(); }
  // Closes conn: after its pending output is sent (after_flush) or at once. OnClosed follows.
  void Close(Connection* conn, bool after_flush);
  void CloseListeners();
  // In a forked child, which never uses the ring: drops the child's references to it (its mappings and its
  // fd), so the ring -- and every socket its requests hold, the listening ones included -- goes away with
  // the parent rather than living on until the child ends. Nothing changes for the parent's ring.
  void ForgetRingInChild();
  // The listening sockets' fds: a forked child closes its copies (close only: shutdown() would stop the
  // parent's socket too).
  std::vector<int> ListenerFds() const;

  // An SQE whose completions go to owner->OnCompletion, its user_data already set: the caller prepares it
  // at once (before any other GetSqe, which may submit the queue) with a liburing prep helper (they leave
  // user_data alone) and must not overwrite user_data. Counts towards owner->inflight() until its final
  // CQE. nullptr when no SQE is free even after submitting the queue: owner->OnSqeRetry() then runs at the
  // start of the next turn.
  io_uring_sqe* GetSqe(CompletionOwner* owner);
  // Cancels every request of owner in flight (each still completes, typically with -ECANCELED) and drops
  // a pending OnSqeRetry. See CompletionOwner for when the owner may then be freed.
  void Cancel(CompletionOwner* owner);

  const LoopCounters& counters() const { return counters_; }
  bool min_wait_supported() const { return min_wait_supported_; }
  const std::string& features() const { return features_; }

  // Tests only: see LoopFault. error is a positive errno (kEnterError).
  void InjectFaultForTest(LoopFault fault, unsigned count, int error = 0);

 private:
  enum Op : uint64_t { kOpLoop = 0, kOpAccept = 1, kOpRecv = 2, kOpSend = 3, kOpOwner = 4 };
  struct Listener {
    int fd = -1;
    bool armed = false;
    bool retry_on_timer = false;  // accept failed (EMFILE...): re-arm at the next tick
    bool retry_sqe = false;       // no SQE for the re-arm: next turn
    std::string unix_path;        // non-empty: a unix socket listener
  };
  // A CQE as reaped: what handling needs, copied so the CQ can be advanced before any handling.
  struct Cqe {
    uint64_t user_data;
    int32_t res;
    uint32_t flags;
  };
  // One line per kind per second at most; the next line says how many were left out.
  struct RateLimitedLog {
    int64_t last_ms = -1;
    uint64_t suppressed = 0;
  };

  io_uring_sqe* GetSqe();
  Connection* NewConnection(int fd, ConnectionHandler* handler);
  void SetupTcp(Connection* c);  // TCP_NODELAY and both ends' addresses
  bool ArmAccept(Listener* l);
  bool ArmRecv(Connection* c);
  void CancelRecv(Connection* c);  // ends the connection's multishot recv (Connection::PauseReading)
  void QueueSend(Connection* c);
  void QueueSends();  // one send for each connection of send_list_
  void HandleInput(Connection* c);  // OnInput for one entry of an input list (step 3)
  void DeferForConnection(Connection* c, bool recv, bool send);
  void RunDeferred();
  unsigned Reap(std::vector<Cqe>& into);
  void SubmitNoWait();
  void HandleCqe(const Cqe& cqe);
  void OnAcceptCqe(Listener* l, const Cqe& cqe);
  void OnRecvCqe(Connection* c, const Cqe& cqe);
  void OnSendCqe(Connection* c, const Cqe& cqe);
  void OnOwnerCqe(CompletionOwner* owner, const Cqe& cqe);
  void OnHzTimer();
  void MaybeFinishClose(Connection* c);
  void ReturnBuffer(unsigned bid);
  bool HasDeferred() const;
  int Enter();
  bool HandleEnterError(int err);
  void LogLimited(RateLimitedLog* state, LoopLogLevel level, const std::string& line);
  void LogLine(LoopLogLevel level, std::string_view line);
  static uint64_t Tag(const void* p, Op op) { return reinterpret_cast<uint64_t>(p) | op; }

  LoopHandler* handler_;
  LoopOptions options_;
  io_uring ring_{};
  bool ring_ok_ = false;
  io_uring_buf_ring* buf_ring_ = nullptr;
  char* buf_mem_ = nullptr;
  size_t buf_mem_bytes_ = 0;
  size_t buf_ring_bytes_ = 0;
  unsigned buf_pending_ = 0;  // buffers given back but not yet published to the kernel
  std::vector<std::unique_ptr<Listener>> listeners_;
  std::vector<Cqe> cqes_;  // the batch being handled (reused: keeps its capacity)
  std::vector<Cqe> nested_cqes_;  // RunNestedTurn's batch (the outer turn may be iterating cqes_)
  std::vector<Cqe> owner_backlog_;  // owner completions reaped by nested turns, handled next turn
  // Connections with input to handle. A connection is in it at most once with in_input_list_ set; an entry
  // whose flag is clear was handled already (by a nested turn) and is skipped.
  std::vector<Connection*> input_list_;
  std::vector<Connection*> nested_input_list_;  // the same, for input that arrives during a nested turn
  bool nested_ = false;
  std::vector<Connection*> send_list_;
  std::vector<Connection*> drained_list_;
  std::vector<Connection*> drained_now_;  // the drained pass's snapshot of drained_list_
  std::vector<Connection*> free_list_;
  // The durability gate: connections whose output waits until durable_ reaches their hold_until_.
  std::vector<Connection*> held_list_;
  uint64_t required_ = 0;
  uint64_t durable_ = 0;
  // Deferred for want of an SQE, retried at the start of the next turn. Entries of retry_owners_ are
  // nulled when cancelled.
  std::vector<Connection*> retry_conns_;
  std::vector<CompletionOwner*> retry_owners_;
  std::vector<uint64_t> retry_cancels_;  // user_data to cancel
  bool retry_listeners_ = false;
  absl::flat_hash_set<Connection*> live_;  // every connection not yet freed (freed with the loop at exit)
  uint64_t next_conn_id_ = 1;
  std::unique_ptr<Timer> hz_timer_;
  bool stop_ = false;
  bool min_wait_supported_ = false;
  bool run_again_ = false;  // RunAgainSoon, for this turn's enter
  unsigned enter_flags_ = 0;  // extra io_uring_enter flags the kernel supports (NO_IOWAIT)
  unsigned last_cqe_count_ = 0;
  std::string features_;
  std::string fatal_error_;
  LoopCounters counters_;
  RateLimitedLog no_sqe_log_, enter_error_log_;
  unsigned fault_no_sqe_ = 0;
  unsigned fault_enter_ = 0;
  int fault_enter_errno_ = 0;
};

}  // namespace ringkv::io

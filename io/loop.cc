// The ring side of the Loop: setup, the turn (reap, handle, run the handler, send, enter), SQEs and their
// owners, deferral when the SQ has no room, enter errors, and test faults. The connection side (accept,
// recv, send, close) is in loop_connections.cc.
#include "io/loop.h"

#include <signal.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "io/timer.h"

namespace ringkv::io {

// Kernel constants newer than liburing 2.3's headers (uapi values).
#ifndef IORING_FEAT_MIN_TIMEOUT
#define IORING_FEAT_MIN_TIMEOUT (1U << 15)
#endif
// Kernel 6.15+: waiting in the ring need not count as iowait (an idle server otherwise shows 100% iowait).
#ifndef IORING_FEAT_NO_IOWAIT
#define IORING_FEAT_NO_IOWAIT (1U << 17)
#endif
#ifndef IORING_ENTER_NO_IOWAIT
#define IORING_ENTER_NO_IOWAIT (1U << 7)
#endif

namespace {

// io_uring_getevents_arg as of kernel 6.12: liburing 2.3 calls min_wait_usec "pad".
struct GeteventsArg {
  uint64_t sigmask;
  uint32_t sigmask_sz;
  uint32_t min_wait_usec;
  uint64_t ts;
};

constexpr uint16_t kBufGroup = 0;
constexpr uint64_t kOpMask = 7;
// The first batch buffer holds this many CQEs; it doubles when a batch is bigger (the CQ holds 2x entries).
constexpr size_t kInitialCqeBatch = 256;

int64_t MonotonicMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1000 + ts.tv_nsec / 1000000;
}

// Expected enter results that need nothing done: a signal (EINTR), the wait timing out (ETIME), the kernel
// asking us to reap before it takes more (EBUSY: CQ overflow backpressure) or to try again (EAGAIN).
bool Transient(int r) { return r == -EINTR || r == -ETIME || r == -EBUSY || r == -EAGAIN; }

}  // namespace

Loop::Loop(LoopHandler* handler, LoopOptions options) : handler_(handler), options_(std::move(options)) {
  cqes_.resize(kInitialCqeBatch);
}

Loop::~Loop() {
  CloseListeners();
  if (ring_ok_) {
    if (buf_ring_ != nullptr) io_uring_unregister_buf_ring(&ring_, kBufGroup);
    io_uring_queue_exit(&ring_);
  }
  if (buf_ring_ != nullptr) munmap(buf_ring_, buf_ring_bytes_);
  if (buf_mem_ != nullptr) munmap(buf_mem_, buf_mem_bytes_);
  // At exit the handler is gone: close and free what is left without callbacks. The ring is gone too, so
  // no completion can reach an owner any more.
  for (Connection* c : live_) {
    if (!c->fd_closed_) close(c->fd_);
    delete c;
  }
}

bool Loop::Init(std::string* err) {
  io_uring_params p{};
  // One thread submits and reaps: SINGLE_ISSUER lets the kernel skip locking, DEFER_TASKRUN runs completion
  // work only when we enter the ring (measured: without a taskrun flag CPU per request rises 50-60%).
  p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
  int r = io_uring_queue_init_params(options_.ring_entries, &ring_, &p);
  features_ = "single_issuer,defer_taskrun";
  if (r == -EINVAL) {
    p = io_uring_params{};
    p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_COOP_TASKRUN;
    r = io_uring_queue_init_params(options_.ring_entries, &ring_, &p);
    features_ = "single_issuer,coop_taskrun";
  }
  if (r < 0) {
    std::string why = strerror(-r);
    if (r == -EPERM || r == -ENOSYS) {
      *err = "io_uring is not available on this host (" + why +
             "): it is refused by a seccomp profile (Docker/containerd default), by the sysctl "
             "kernel.io_uring_disabled, or by the kernel. ringkv needs io_uring: run it with io_uring allowed "
             "(e.g. docker --security-opt seccomp=unconfined, or sysctl kernel.io_uring_disabled=0).";
    } else {
      *err = "io_uring setup failed: " + why;
    }
    return false;
  }
  ring_ok_ = true;
  min_wait_supported_ = (p.features & IORING_FEAT_MIN_TIMEOUT) != 0;
  if (min_wait_supported_) features_ += ",min_wait";
  if (p.features & IORING_FEAT_NO_IOWAIT) {
    enter_flags_ |= IORING_ENTER_NO_IOWAIT;
    features_ += ",no_iowait";
  }

  // The provided-buffer ring: liburing 2.3 has no io_uring_setup_buf_ring, so map and register it here.
  buf_ring_bytes_ = sizeof(io_uring_buf) * options_.buf_count;
  void* mem = mmap(nullptr, buf_ring_bytes_, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
  if (mem == MAP_FAILED) {
    *err = std::string("mmap of the buffer ring failed: ") + strerror(errno);
    return false;
  }
  buf_ring_ = static_cast<io_uring_buf_ring*>(mem);
  io_uring_buf_ring_init(buf_ring_);
  io_uring_buf_reg reg{};
  reg.ring_addr = reinterpret_cast<uint64_t>(buf_ring_);
  reg.ring_entries = options_.buf_count;
  reg.bgid = kBufGroup;
  r = io_uring_register_buf_ring(&ring_, &reg, 0);
  if (r < 0) {
    *err = std::string("registering the provided-buffer ring failed (kernel 5.19+ needed): ") + strerror(-r);
    munmap(buf_ring_, buf_ring_bytes_);
    buf_ring_ = nullptr;
    return false;
  }
  // The receive buffers are the network path's memory, like the kernel's socket buffers: mapped directly,
  // so they are not part of used_memory (the data set and client buffers, what maxmemory is about).
  buf_mem_bytes_ = size_t{options_.buf_count} * options_.buf_bytes;
  void* bufs = mmap(nullptr, buf_mem_bytes_, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
  if (bufs == MAP_FAILED) {
    *err = std::string("mmap of the receive buffers failed: ") + strerror(errno);
    return false;
  }
  buf_mem_ = static_cast<char*>(bufs);
  for (unsigned i = 0; i < options_.buf_count; ++i) {
    io_uring_buf_ring_add(buf_ring_, buf_mem_ + size_t{i} * options_.buf_bytes, options_.buf_bytes,
                          static_cast<unsigned short>(i), io_uring_buf_ring_mask(options_.buf_count),
                          static_cast<int>(i));
  }
  io_uring_buf_ring_advance(buf_ring_, static_cast<int>(options_.buf_count));
  // A peer that vanished must not kill the process when we write to it.
  signal(SIGPIPE, SIG_IGN);
  hz_timer_ = std::make_unique<Timer>(this, [this] { OnHzTimer(); });
  return true;
}

void Loop::SetTimerIntervalMs(int64_t ms) { hz_timer_->Start(ms); }

void Loop::OnHzTimer() {
  for (auto& l : listeners_) {
    if (l->retry_on_timer && l->fd >= 0 && !stop_) {
      l->retry_on_timer = false;
      ArmAccept(l.get());
    }
  }
  handler_->OnTimer();
}

// ---------------------------------------------------------------------------------------------------------
// SQEs, owners, deferral

io_uring_sqe* Loop::GetSqe() {
  io_uring_sqe* sqe = nullptr;
  if (fault_no_sqe_ != 0) [[unlikely]] {
    --fault_no_sqe_;  // the test fault: as if the queue stayed full after submitting it
  } else {
    sqe = io_uring_get_sqe(&ring_);
    if (sqe == nullptr) [[unlikely]] {
      // The submission queue is full: hand what we have to the kernel without waiting, then retry.
      ++counters_.sq_full;
      io_uring_submit(&ring_);
      sqe = io_uring_get_sqe(&ring_);
    }
  }
  if (sqe == nullptr) [[unlikely]] {
    // The kernel did not take the queue (CQ overflow backpressure, out of memory): the caller defers.
    ++counters_.no_sqe;
    LogLimited(&no_sqe_log_, LoopLogLevel::kWarning,
               "io: no free submission queue entry even after submitting the queue; the operation is deferred "
               "to the next loop turn (io_no_sqe=" + std::to_string(counters_.no_sqe) + ")");
  }
  return sqe;
}

io_uring_sqe* Loop::GetSqe(CompletionOwner* owner) {
  io_uring_sqe* sqe = GetSqe();
  if (sqe == nullptr) {
    if (!owner->retry_queued_) {
      owner->retry_queued_ = true;
      retry_owners_.push_back(owner);
    }
    return nullptr;
  }
  io_uring_sqe_set_data64(sqe, Tag(owner, kOpOwner));
  ++owner->inflight_;
  return sqe;
}

void Loop::Cancel(CompletionOwner* owner) {
  if (owner->retry_queued_) {
    // Nulled, not erased: RunDeferred may be walking the list right now (an OnSqeRetry cancelling another
    // owner), and the owner may be freed as soon as this returns.
    owner->retry_queued_ = false;
    for (CompletionOwner*& o : retry_owners_)
      if (o == owner) o = nullptr;
  }
  if (owner->inflight_ == 0) return;
  const uint64_t target = Tag(owner, kOpOwner);
  io_uring_sqe* sqe = GetSqe();
  if (sqe == nullptr) {
    retry_cancels_.push_back(target);
    return;
  }
  io_uring_prep_cancel64(sqe, target, IORING_ASYNC_CANCEL_ALL);
  io_uring_sqe_set_data64(sqe, Tag(nullptr, kOpLoop));
}

void Loop::DeferForConnection(Connection* c, bool recv, bool send) {
  c->retry_recv_ |= recv;
  c->retry_send_ |= send;
  if (!c->in_retry_list_) {
    c->in_retry_list_ = true;
    retry_conns_.push_back(c);
  }
}

bool Loop::HasDeferred() const {
  return !retry_conns_.empty() || !retry_owners_.empty() || !retry_cancels_.empty() || retry_listeners_;
}

// Retries what waited for an SQE last turn. Each retry may find no SQE again and defer once more: the
// lists are swapped out first, so that lands in the next turn, not in this loop.
void Loop::RunDeferred() {
  if (!HasDeferred()) [[likely]] return;
  std::vector<uint64_t> cancels;
  cancels.swap(retry_cancels_);
  for (uint64_t target : cancels) {
    io_uring_sqe* sqe = GetSqe();
    if (sqe == nullptr) {
      retry_cancels_.push_back(target);
      continue;
    }
    io_uring_prep_cancel64(sqe, target, IORING_ASYNC_CANCEL_ALL);
    io_uring_sqe_set_data64(sqe, Tag(nullptr, kOpLoop));
  }
  if (retry_listeners_) {
    retry_listeners_ = false;
    for (auto& l : listeners_) {
      if (l->retry_sqe) {
        l->retry_sqe = false;
        if (l->fd >= 0 && !l->armed && !stop_) ArmAccept(l.get());
      }
    }
  }
  std::vector<Connection*> conns;
  conns.swap(retry_conns_);
  for (Connection* c : conns) {
    c->in_retry_list_ = false;
    const bool recv = c->retry_recv_, send = c->retry_send_;
    c->retry_recv_ = c->retry_send_ = false;
    if (c->closing_) {
      MaybeFinishClose(c);  // it may have waited only for this list to let go of it
      continue;
    }
    if (recv && !c->recv_armed_ && !c->read_paused_ && !c->peer_eof_) ArmRecv(c);
    if (send) WantSend(c);
  }
  // Owners last, in place: an owner that finds no SQE again is appended and waits for the next turn.
  const size_t n = retry_owners_.size();
  for (size_t i = 0; i < n; ++i) {
    CompletionOwner* o = retry_owners_[i];
    if (o == nullptr) continue;  // cancelled since it was queued
    retry_owners_[i] = nullptr;
    o->retry_queued_ = false;
    o->OnSqeRetry();
  }
  retry_owners_.erase(retry_owners_.begin(), retry_owners_.begin() + static_cast<ptrdiff_t>(n));
}

// ---------------------------------------------------------------------------------------------------------
// The turn

// Copies every ready CQE out of the ring and advances the CQ, running no other code: handling comes after,
// so nothing that handling does (submitting, closing, callbacks) can happen while the CQ is iterated.
unsigned Loop::Reap(std::vector<Cqe>& into) {
  unsigned head, n = 0;
  io_uring_cqe* cqe;
  if (into.empty()) into.resize(64);
  io_uring_for_each_cqe(&ring_, head, cqe) {
    if (n == into.size()) [[unlikely]] into.resize(into.size() * 2);
    into[n++] = Cqe{cqe->user_data, cqe->res, cqe->flags};
  }
  io_uring_cq_advance(&ring_, n);
  return n;
}

void Loop::HandleCqe(const Cqe& cqe) {
  const Op op = static_cast<Op>(cqe.user_data & kOpMask);
  void* owner = reinterpret_cast<void*>(cqe.user_data & ~kOpMask);
  switch (op) {
    case kOpRecv:
      OnRecvCqe(static_cast<Connection*>(owner), cqe);
      break;
    case kOpSend:
      OnSendCqe(static_cast<Connection*>(owner), cqe);
      break;
    case kOpAccept:
      OnAcceptCqe(static_cast<Listener*>(owner), cqe);
      break;
    case kOpOwner:
      OnOwnerCqe(static_cast<CompletionOwner*>(owner), cqe);
      break;
    case kOpLoop:
    default:
      break;  // a cancel request's own completion: nothing to do
  }
}

void Loop::OnOwnerCqe(CompletionOwner* owner, const Cqe& cqe) {
  // Decrement first: OnCompletion of the final CQE sees idle() and may free the owner, so the loop must
  // not touch it afterwards.
  if (!(cqe.flags & IORING_CQE_F_MORE)) --owner->inflight_;
  owner->OnCompletion(cqe.res, cqe.flags);
}

bool Loop::Run() {
  while (!stop_) {
    // 1. Reap the batch, 2. handle it (after last turn's deferred operations).
    const unsigned count = Reap(cqes_);
    counters_.cqes += count;
    last_cqe_count_ = count;
    RunDeferred();
    if (!owner_backlog_.empty()) [[unlikely]] {
      // Completions a nested turn reaped for owners came before this batch's.
      std::vector<Cqe> backlog;
      backlog.swap(owner_backlog_);
      for (const Cqe& cqe : backlog) HandleCqe(cqe);
    }
    for (unsigned i = 0; i < count; ++i) HandleCqe(cqes_[i]);
    // 3. Parse and execute everything that arrived, connection by connection (each in order).
    for (size_t i = 0; i < input_list_.size(); ++i) HandleInput(input_list_[i]);
    input_list_.clear();
    // Output drained to a connection's mark (a send completion above, or a mark set during OnInput). A
    // snapshot: a mark set again from OnOutputDrained (or BeforeSleep) is looked at next turn, so a handler
    // that keeps re-arming below the mark cannot spin this loop.
    drained_now_.swap(drained_list_);
    for (Connection* c : drained_now_) {
      c->in_drained_list_ = false;
      if (c->closing_) {
        MaybeFinishClose(c);  // it may have waited only for this list to let go of it
        continue;
      }
      c->handler_->OnOutputDrained(c);
      if (!c->output_.empty()) WantSend(c);
    }
    drained_now_.clear();
    handler_->BeforeSleep();
    // 4. One send per connection with output.
    QueueSends();
    // Connections finished this turn: nothing in flight and no list names them any more.
    for (Connection* c : free_list_) {
      live_.erase(c);
      delete c;
    }
    free_list_.clear();
    if (stop_) break;
    // 5. Submit everything and wait, in one enter.
    int r = Enter();
    if (r < 0 && !HandleEnterError(-r)) break;
  }
  // What is still queued is dropped with the ring; SHUTDOWN's own reply went out in an earlier turn.
  for (size_t i = 0; i < send_list_.size(); ++i) send_list_[i]->in_send_list_ = false;
  send_list_.clear();
  stop_ = false;  // a later Run() runs again (tests run one loop in phases)
  return fatal_error_.empty();
}

void Loop::HandleInput(Connection* c) {
  // Skipped: handled already (by a nested turn), or held (its handler is running; it comes back at release).
  // Only a nested turn can meet a held connection: none is held between the handler's calls.
  if (!c->in_input_list_ || c->input_held_) return;
  c->in_input_list_ = false;
  if (c->closing_) return;
  c->handler_->OnInput(c);
  if (!c->output_.empty()) WantSend(c);
  // Input released at the end of OnInput (held during a nested turn) is handled before the close.
  if (c->peer_eof_ && !c->closing_ && !c->in_input_list_) Close(c, true);
}

void Loop::QueueSends() {
  for (size_t i = 0; i < send_list_.size(); ++i) {
    Connection* c = send_list_[i];
    c->in_send_list_ = false;
    if (c->hold_until_ > durable_ && !c->close_now_) {
      if (!c->in_held_list_) {
        c->in_held_list_ = true;
        held_list_.push_back(c);
        ++counters_.durability_holds;
      }
      continue;  // sent by MarkDurable's release
    }
    QueueSend(c);
    if (c->closing_) MaybeFinishClose(c);
  }
  send_list_.clear();
}

void Loop::MarkDurable(uint64_t seq) {
  if (seq <= durable_) return;
  durable_ = seq;
  size_t kept = 0;
  for (Connection* c : held_list_) {
    if (c->hold_until_ > durable_ && !c->fd_closed_) {
      held_list_[kept++] = c;
      continue;
    }
    c->in_held_list_ = false;
    if (c->fd_closed_) {
      MaybeFinishClose(c);  // it may have waited only for this list to let go of it
    } else {
      WantSend(c);  // goes out with this turn's sends
    }
  }
  held_list_.resize(kept);
}

void Loop::RunNestedTurn() {
  if (nested_ || stop_) return;
  nested_ = true;
  SubmitNoWait();  // sends queued by the last nested turn, recv re-arms, returned buffers
  const unsigned count = Reap(nested_cqes_);
  counters_.cqes += count;
  for (unsigned i = 0; i < count; ++i) {
    const Cqe& cqe = nested_cqes_[i];
    if ((cqe.user_data & kOpMask) == kOpOwner) {
      owner_backlog_.push_back(cqe);  // its owner's callback runs in the next ordinary turn
    } else {
      HandleCqe(cqe);
    }
  }
  // Input: what arrived now, and what the interrupted turn had received but not handled yet.
  for (size_t i = 0; i < input_list_.size(); ++i) HandleInput(input_list_[i]);
  for (size_t i = 0; i < nested_input_list_.size(); ++i) HandleInput(nested_input_list_[i]);
  // A connection still flagged here has held input: it goes back to the ordinary list for later.
  for (Connection* c : nested_input_list_) {
    if (c->in_input_list_) input_list_.push_back(c);
  }
  nested_input_list_.clear();
  QueueSends();
  SubmitNoWait();
  nested_ = false;
}

void Connection::ReleaseInput() {
  input_held_ = false;
  if (held_input_.empty()) return;
  input_.append(held_input_);
  std::string().swap(held_input_);
  if (!in_input_list_ && !closing_ && loop_ != nullptr) {
    in_input_list_ = true;
    loop_->input_list_.push_back(this);
    loop_->RunAgainSoon();  // released outside OnInput (BeforeSleep): the next turn must not wait
  }
}

// Hands the queued SQEs (and returned buffers) to the kernel without waiting for anything.
void Loop::SubmitNoWait() {
  if (buf_pending_ != 0) {
    io_uring_buf_ring_advance(buf_ring_, static_cast<int>(buf_pending_));
    buf_pending_ = 0;
  }
  io_uring_sq* sq = &ring_.sq;
  unsigned tail = sq->sqe_tail;
  if (sq->sqe_head != tail) {
    sq->sqe_head = tail;
    io_uring_smp_store_release(sq->ktail, tail);
  }
  unsigned submit = tail - *sq->khead;
  ++counters_.enters;
  int r = io_uring_enter(static_cast<unsigned>(ring_.ring_fd), submit, 0, IORING_ENTER_GETEVENTS | enter_flags_,
                         nullptr);
  if (r < 0 && !Transient(r)) HandleEnterError(-r);
}

int Loop::Enter() {
  ++counters_.enters;
  if (buf_pending_ != 0) {
    io_uring_buf_ring_advance(buf_ring_, static_cast<int>(buf_pending_));
    buf_pending_ = 0;
  }
  if (fault_enter_ != 0) [[unlikely]] {
    --fault_enter_;
    return Transient(-fault_enter_errno_) ? 0 : -fault_enter_errno_;  // as if it failed: SQEs stay queued
  }
  // Hand the queued SQEs to the kernel: liburing's SQ flush (the SQ array is identity-mapped at init).
  io_uring_sq* sq = &ring_.sq;
  unsigned tail = sq->sqe_tail;
  if (sq->sqe_head != tail) {
    sq->sqe_head = tail;
    io_uring_smp_store_release(sq->ktail, tail);
  }
  unsigned submit = tail - *sq->khead;
  // Something waits for an SQE or a drained notification: submit without waiting, so the next turn comes
  // at once.
  const unsigned wait_nr = (HasDeferred() || !drained_list_.empty() || run_again_) ? 0 : 1;
  run_again_ = false;
  // Idle (the last wait brought a single completion or none): block for the first completion, no timer.
  // Busy: wait for up to wait_nr completions but return once min_wait_us passed with at least one (kernel
  // 6.12+), so one enter serves many connections: the biggest CPU-per-request lever measured here.
  int r;
  if (wait_nr == 0 || !min_wait_supported_ || options_.min_wait_us == 0 || last_cqe_count_ <= 1) {
    r = io_uring_enter(static_cast<unsigned>(ring_.ring_fd), submit, wait_nr, IORING_ENTER_GETEVENTS | enter_flags_,
                       nullptr);
  } else {
    __kernel_timespec ts{};
    ts.tv_sec = 1;  // the overall cap; min_wait returns much earlier once a completion is there
    GeteventsArg arg{};
    arg.sigmask = 0;
    arg.sigmask_sz = _NSIG / 8;
    arg.min_wait_usec = options_.min_wait_us;
    arg.ts = reinterpret_cast<uint64_t>(&ts);
    r = io_uring_enter2(static_cast<unsigned>(ring_.ring_fd), submit, options_.wait_nr,
                        IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG | enter_flags_,
                        reinterpret_cast<sigset_t*>(&arg), sizeof arg);
  }
  return Transient(r) ? 0 : r;
}

// An io_uring_enter failure other than the expected ones. Returns false when the loop must stop.
bool Loop::HandleEnterError(int err) {
  ++counters_.enter_errors;
  switch (err) {
    case EBADF:       // the ring fd is gone
    case EBADFD:      // the ring is in a state that takes no submissions
    case EFAULT:      // the rings' memory is not ours any more
    case EINVAL:      // the kernel refuses our arguments: every enter would fail the same way
    case ENXIO:       // the ring is being torn down
    case EOPNOTSUPP:  // the fd is not an io_uring
      fatal_error_ = std::string("io_uring_enter failed: ") + strerror(err) + " (errno " + std::to_string(err) +
                     "): the ring is unusable, stopping the event loop";
      LogLine(LoopLogLevel::kWarning, fatal_error_);
      stop_ = true;
      return false;
    default:
      // ENOMEM, EBADR (completions were lost to a CQ overflow) and anything unknown: the ring still works,
      // so the next turn tries again.
      LogLimited(&enter_error_log_, LoopLogLevel::kWarning,
                 std::string("io: io_uring_enter failed: ") + strerror(err) + " (errno " + std::to_string(err) +
                     "); continuing (io_enter_errors=" + std::to_string(counters_.enter_errors) + ")");
      return true;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Logging and test faults

void Loop::LogLine(LoopLogLevel level, std::string_view line) {
  if (options_.log) options_.log(level, line);
}

void Loop::LogLimited(RateLimitedLog* state, LoopLogLevel level, const std::string& line) {
  const int64_t now_ms = MonotonicMs();
  if (state->last_ms >= 0 && now_ms - state->last_ms < 1000) {
    ++state->suppressed;
    return;
  }
  state->last_ms = now_ms;
  if (state->suppressed == 0) {
    LogLine(level, line);
  } else {
    LogLine(level, line + " [" + std::to_string(state->suppressed) + " similar lines suppressed]");
    state->suppressed = 0;
  }
}

void Loop::InjectFaultForTest(LoopFault fault, unsigned count, int error) {
  switch (fault) {
    case LoopFault::kNoSqe:
      fault_no_sqe_ = count;
      break;
    case LoopFault::kEnterError:
      fault_enter_ = count;
      fault_enter_errno_ = error;
      break;
  }
}

}  // namespace ringkv::io

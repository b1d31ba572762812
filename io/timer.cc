#include "io/timer.h"

#include <liburing.h>

#include <cerrno>
#include <ctime>

#include "io/loop.h"

namespace ringkv::io {

void Timer::Start(int64_t interval_ms) {
  if (interval_ms < 1) interval_ms = 1;
  ts_.tv_sec = interval_ms / 1000;
  ts_.tv_nsec = (interval_ms % 1000) * 1000000;
  running_ = true;
  // With a timeout in flight (running, or stopped and its cancellation not back yet) the completion
  // re-arms; arming here too would fire twice per period.
  if (inflight() == 0) Arm();
}

void Timer::Stop() {
  if (!running_) return;
  running_ = false;
  if (inflight() != 0) loop_->Cancel(this);
}

void Timer::Arm() {
  io_uring_sqe* sqe = loop_->GetSqe(this);
  if (sqe == nullptr) return;  // no SQE this turn: the loop calls OnSqeRetry at the next one
  io_uring_prep_timeout(sqe, &ts_, 0, 0);
}

void Timer::OnCompletion(int32_t res, uint32_t /*flags*/) {
  // -ETIME is a timeout that expired; -ECANCELED one that Stop() cancelled. Any other result (the kernel
  // refusing the request) is treated as a tick too, so a period is never lost for good.
  if (res != -ECANCELED && running_) on_fire_();
  if (running_ && inflight() == 0) Arm();
}

void Timer::OnSqeRetry() {
  if (running_ && inflight() == 0) Arm();
}

int64_t DeadlineTimer::MonotonicNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
}

void DeadlineTimer::ArmAfterMs(int64_t delay_ms) {
  if (delay_ms < 0) delay_ms = 0;
  // Far deadlines are clamped to a day: the owner re-arms when it fires early, and the sum cannot overflow.
  if (delay_ms > 86400000) delay_ms = 86400000;
  const int64_t at_ns = MonotonicNs() + delay_ms * 1000000;
  if (want_ns_ != 0 && want_ns_ <= at_ns) return;  // an earlier firing is already wanted
  want_ns_ = at_ns;
  if (inflight() == 0) {
    Submit();
  } else if (inflight_ns_ > at_ns && !cancelling_) {
    // The timeout in flight fires too late: cancel it; its completion submits the wanted one.
    cancelling_ = true;
    loop_->Cancel(this);
  }
}

void DeadlineTimer::Disarm() {
  want_ns_ = 0;
  if (inflight() != 0 && !cancelling_) {
    cancelling_ = true;
    loop_->Cancel(this);
  }
}

void DeadlineTimer::Submit() {
  io_uring_sqe* sqe = loop_->GetSqe(this);
  if (sqe == nullptr) return;  // no SQE this turn: OnSqeRetry at the next one
  ts_.tv_sec = want_ns_ / 1000000000;
  ts_.tv_nsec = want_ns_ % 1000000000;
  inflight_ns_ = want_ns_;
  io_uring_prep_timeout(sqe, &ts_, 0, IORING_TIMEOUT_ABS);
}

void DeadlineTimer::OnCompletion(int32_t res, uint32_t /*flags*/) {
  const int64_t fired_at = inflight_ns_;
  inflight_ns_ = 0;
  cancelling_ = false;
  // -ETIME: it expired. -ECANCELED: replaced or disarmed (nothing to report). Anything else (the kernel
  // refusing the request) counts as a firing, so the owner looks at its deadlines rather than waiting forever.
  if (res != -ECANCELED && want_ns_ != 0 && want_ns_ <= fired_at) {
    want_ns_ = 0;
    on_fire_();  // may arm again
  }
  if (want_ns_ != 0 && inflight() == 0) Submit();
}

void DeadlineTimer::OnSqeRetry() {
  if (want_ns_ != 0 && inflight() == 0) Submit();
}

}  // namespace ringkv::io

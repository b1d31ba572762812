#include "io/timer.h"

#include <liburing.h>

#include <cerrno>

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

}  // namespace ringkv::io

// Timers on the loop's ring, each a CompletionOwner driven by IORING_OP_TIMEOUT: Timer is periodic (the hz
// timer of the server cron), DeadlineTimer fires once at the earliest of the deadlines it is given (blocked
// clients' timeouts). Callbacks run on the loop thread, between turns' completions, never while the CQ is being
// iterated.
#pragma once

#include <linux/time_types.h>

#include <cstdint>
#include <functional>

#include "io/completion.h"

namespace ringkv::io {

class Timer final : public CompletionOwner {
 public:
  // on_fire runs once per period, on the loop thread; it may call Start/Stop.
  Timer(Loop* loop, std::function<void()> on_fire) : loop_(loop), on_fire_(std::move(on_fire)) {}
  // Not freed while a timeout is in flight (see CompletionOwner): Stop() it and wait until idle().
  ~Timer() = default;

  // Fires every interval_ms from now on. While running, a new interval applies from the next period
  // (the timeout in flight keeps the old one: cancelling it would cost an SQE for no gain at hz rates).
  void Start(int64_t interval_ms);
  // No more firing: cancels the timeout in flight (its CQE still arrives, as -ECANCELED).
  void Stop();
  bool running() const { return running_; }

  void OnCompletion(int32_t res, uint32_t flags) override;
  void OnSqeRetry() override;

 private:
  void Arm();

  Loop* loop_;
  std::function<void()> on_fire_;
  __kernel_timespec ts_{};  // read by the kernel when the SQE is submitted, so it lives here
  bool running_ = false;
};

// DeadlineTimer: one absolute CLOCK_MONOTONIC timeout in flight at most, for the earliest deadline asked.
// ArmAfterMs asks for a firing no later than delay_ms from now: a timeout already in flight that fires at or
// before that time is kept (the owner re-arms from its callback, so an early firing only costs one wake-up);
// one that would fire later is cancelled and replaced once its -ECANCELED completion is back. So a thousand
// arms for later deadlines cost nothing, and at most one SQE per arm for earlier ones.
class DeadlineTimer final : public CompletionOwner {
 public:
  // on_fire runs when the timeout expires; it may call ArmAfterMs/Disarm.
  DeadlineTimer(Loop* loop, std::function<void()> on_fire) : loop_(loop), on_fire_(std::move(on_fire)) {}
  // Not freed while a timeout is in flight (see CompletionOwner): Disarm() it and wait until idle().
  ~DeadlineTimer() = default;

  // Fire no later than delay_ms (>= 0) from now.
  void ArmAfterMs(int64_t delay_ms);
  // No firing wanted any more (a timeout in flight is cancelled).
  void Disarm();
  // Whether a firing is wanted (armed and not yet fired).
  bool armed() const { return want_ns_ != 0; }

  void OnCompletion(int32_t res, uint32_t flags) override;
  void OnSqeRetry() override;

 private:
  void Submit();
  static int64_t MonotonicNs();

  Loop* loop_;
  std::function<void()> on_fire_;
  int64_t want_ns_ = 0;      // monotonic time of the firing wanted (0: none)
  int64_t inflight_ns_ = 0;  // monotonic time the timeout in flight fires at (0: none in flight)
  bool cancelling_ = false;  // a Cancel of the timeout in flight was asked
  __kernel_timespec ts_{};   // read by the kernel when the SQE is submitted, so it lives here
};

}  // namespace ringkv::io

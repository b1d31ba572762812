// Timer: a periodic callback driven by an IORING_OP_TIMEOUT on the loop's ring, the first CompletionOwner
// (the hz timer of the server cron is one). It runs on the loop thread, between turns' completions, never
// while the CQ is being iterated.
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

}  // namespace ringkv::io

// A LoopHandler for unit tests that drive io::Loop directly (file appenders, unlinkers, fork children): no
// connections, and the timer calls on_timer when set, so a test can watch state between turns and Stop().
#pragma once

#include <functional>

#include "io/loop.h"

namespace ringkv::testing_support {

class TimerOnlyHandler final : public io::LoopHandler {
 public:
  void OnAccept(io::Connection*) override {}
  void OnInput(io::Connection*) override {}
  void OnClosed(io::Connection*) override {}
  void OnTimer() override {
    if (on_timer) on_timer();
  }
  void BeforeSleep() override {}
  std::function<void()> on_timer;
};

}  // namespace ringkv::testing_support

// ActiveExpire: Redis's activeExpireCycle. Keys with a TTL that nobody reads are found by walking each
// database's expires dict in slices from the cron (a quarter of each cron period at most), and in a 1 ms fast
// cycle before sleeping while the last slow cycle ran out of time. Each slice is bounded (Db::ActiveExpireSlice),
// so a database full of expired keys never stalls the loop.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ringkv::core {

class Server;

class ActiveExpire {
 public:
  explicit ActiveExpire(Server& server) : server_(server) {}

  // The slow cycle, from the cron: at most budget_us of work.
  void SlowCycle(int64_t budget_us) { Cycle(budget_us); }
  // The fast cycle, before the loop sleeps: runs (1 ms at most, not more often than every 2 ms) only while
  // the last cycle ran out of time, as Redis's beforeSleep does.
  void MaybeFastCycle(int64_t now_us);

  bool enabled = true;  // DEBUG SET-ACTIVE-EXPIRE

 private:
  void Cycle(int64_t budget_us);

  Server& server_;
  int db_cursor_ = 0;
  bool last_timed_out_ = false;
  int64_t last_fast_us_ = 0;
};

}  // namespace ringkv::core

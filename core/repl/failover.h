// Failover: FAILOVER, Redis 7.0's coordinated hand-over of the primary role to one of its replicas
// (replication.c's failoverCommand / updateFailoverStatus). The primary pauses writes, waits until a replica
// (the one named with TO, or the first to get there) has acknowledged the whole stream, then turns itself
// into a replica of it and sends it `PSYNC <replid> <offset> FAILOVER`, which makes the target promote itself
// before it answers; the old primary then continues the target's history partially. The writes resume when
// the target accepted the PSYNC (or the failover was aborted: the timeout without FORCE, FAILOVER ABORT, a
// rejected PSYNC).
//
//   no-failover --FAILOVER--> waiting-for-sync --target synced, or timeout with FORCE--> failover-in-progress
//        ^                          |  (timeout, ABORT)                                   | PSYNC accepted
//        +--------------------------+-----------------------------------------------------+ (or rejected: abort,
//                                                                                           back to primary)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ringkv::core {

class Server;
class CommandContext;

class Failover {
 public:
  enum class State : uint8_t { kNone, kWaitForSync, kInProgress };

  explicit Failover(Server& server) : server_(server) {}

  // FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT ms]: replies itself.
  void Command(CommandContext& ctx);
  // Redis's updateFailoverStatus: the timeout, and the target's acknowledged offset (the cron and the end of
  // each turn, so the hand-over follows the ACK that completes it at once).
  void Update();
  // The replica side's PSYNC reply while failing over: accepted (+CONTINUE / +FULLRESYNC) ends the failover,
  // anything else aborts it (back to primary).
  void OnPsyncReply(bool accepted);
  // Aborts a running failover with the reason in the log (a failover in progress also returns to primary).
  void Abort(std::string_view reason);

  State state() const { return state_; }
  bool active() const { return state_ != State::kNone; }
  // The PSYNC of the replica side carries FAILOVER while this is true.
  bool in_progress() const { return state_ == State::kInProgress; }
  // INFO replication's master_failover_state.
  const char* StateName() const;

 private:
  void Clear();
  void HandOver();

  Server& server_;
  State state_ = State::kNone;
  std::string target_host_;  // empty: any replica (the first synced one is chosen)
  int64_t target_port_ = 0;
  int64_t end_ms_ = 0;  // 0: no timeout
  bool force_ = false;
};

}  // namespace ringkv::core

#include "core/repl/failover.h"

#include <cstdint>
#include <limits>

#include "core/client.h"
#include "core/client_info.h"
#include "core/context.h"
#include "core/log.h"
#include "core/repl/primary.h"
#include "core/repl/replica.h"
#include "core/repl/replication.h"
#include "core/server.h"

namespace ringkv::core {

const char* Failover::StateName() const {
  switch (state_) {
    case State::kNone:
      return "no-failover";
    case State::kWaitForSync:
      return "waiting-for-sync";
    case State::kInProgress:
      return "failover-in-progress";
  }
  return "unknown";
}

void Failover::Command(CommandContext& ctx) {
  Server& server = ctx.server;
  if (ctx.argc() == 2 && EqualsIgnoreCase(ctx.argv[1], "abort")) {
    if (!active()) {
      ctx.ReplyError("ERR No failover in progress.");
      return;
    }
    Abort("Failover manually aborted");
    ctx.rb.Ok();
    return;
  }
  int64_t timeout_ms = 0;
  bool force = false;
  bool has_host = false;
  std::string host;
  int64_t port = 0;
  for (size_t j = 1; j < ctx.argc(); ++j) {
    if (EqualsIgnoreCase(ctx.argv[j], "timeout") && j + 1 < ctx.argc() && timeout_ms == 0) {
      if (!ctx.Int64OrReply(ctx.argv[j + 1], &timeout_ms)) return;
      if (timeout_ms <= 0) {
        ctx.ReplyError("ERR FAILOVER timeout must be greater than 0");
        return;
      }
      ++j;
    } else if (EqualsIgnoreCase(ctx.argv[j], "to") && j + 2 < ctx.argc() && !has_host) {
      if (!ctx.Int64OrReply(ctx.argv[j + 2], &port)) return;
      host = std::string(ctx.argv[j + 1]);
      has_host = true;
      j += 2;
    } else if (EqualsIgnoreCase(ctx.argv[j], "force") && !force) {
      force = true;
    } else {
      ctx.ReplySyntaxError();
      return;
    }
  }
  if (active()) {
    ctx.ReplyError("ERR FAILOVER already in progress.");
    return;
  }
  if (server.replica().active()) {
    ctx.ReplyError("ERR FAILOVER is not valid when server is a replica.");
    return;
  }
  Primary& primary = server.primary();
  if (primary.replica_count() == 0) {
    ctx.ReplyError("ERR FAILOVER requires connected replicas.");
    return;
  }
  if (force && (timeout_ms == 0 || !has_host)) {
    ctx.ReplyError("ERR FAILOVER with force option requires both a timeout and target HOST and IP.");
    return;
  }
  if (has_host) {
    const ReplicaLink* target = primary.FindReplica(host, port);
    if (target == nullptr) {
      ctx.ReplyError("ERR FAILOVER target HOST and PORT is not a replica.");
      return;
    }
    if (target->state != ReplicaState::kOnline) {
      ctx.ReplyError("ERR FAILOVER target replica is not online.");
      return;
    }
    target_host_ = host;
    target_port_ = port;
    Log(LogLevel::kNotice, "FAILOVER requested to %s:%d.", host, port);
  } else {
    Log(LogLevel::kNotice, "FAILOVER requested to any replica.");
  }
  end_ms_ = timeout_ms != 0 ? server.NowMs() + timeout_ms : 0;
  force_ = force;
  state_ = State::kWaitForSync;
  // Writes wait from now on, so the stream stops growing and a replica can catch up with all of it.
  server.SetFailoverPause(true);
  ctx.rb.Ok();
}

void Failover::Update() {
  if (state_ != State::kWaitForSync) return;
  if (end_ms_ != 0 && end_ms_ <= server_.NowMs()) {
    if (force_) {
      Log(LogLevel::kNotice, "FAILOVER to %s:%d time out exceeded, failing over.", target_host_, target_port_);
      HandOver();
    } else {
      Abort("Replica never caught up before timeout");
    }
    return;
  }
  Primary& primary = server_.primary();
  const uint64_t offset = server_.replication().master_repl_offset();
  const ReplicaLink* replica = nullptr;
  if (!target_host_.empty()) {
    replica = primary.FindReplica(target_host_, target_port_);
  } else if ((replica = primary.FirstAcked(offset)) != nullptr) {
    target_host_ = primary.IpOf(*replica);
    target_port_ = replica->listening_port;
  }
  if (replica != nullptr && replica->ack_off == offset) {
    Log(LogLevel::kNotice, "Failover target %s:%d is synced, failing over.", target_host_, target_port_);
    HandOver();
  }
}

void Failover::HandOver() {
  // This server becomes a replica of the target; the replica side's PSYNC then carries FAILOVER
  // (in_progress()), which makes the target promote itself before it answers.
  state_ = State::kInProgress;
  server_.replica().SetMaster(target_host_, static_cast<int>(target_port_), /*requester=*/"");
}

void Failover::OnPsyncReply(bool accepted) {
  if (accepted) {
    Clear();
  } else {
    Abort("Failover target rejected psync request");
  }
}

void Failover::Abort(std::string_view reason) {
  if (state_ == State::kNone) return;
  if (!target_host_.empty()) {
    Log(LogLevel::kNotice, "FAILOVER to %s:%d aborted: %s", target_host_, target_port_, reason);
  } else {
    Log(LogLevel::kNotice, "FAILOVER to any replica aborted: %s", reason);
  }
  // Already handed over: back to being the primary (the target refused, or the failover was aborted).
  if (state_ == State::kInProgress) server_.replica().UnsetMaster("");
  Clear();
}

void Failover::Clear() {
  state_ = State::kNone;
  target_host_.clear();
  target_port_ = 0;
  end_ms_ = 0;
  force_ = false;
  server_.SetFailoverPause(false);
}

}  // namespace ringkv::core

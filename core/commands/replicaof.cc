// REPLICAOF / SLAVEOF (Redis's replicaofCommand): the commands that make this server a replica of another and
// promote it back. The link itself is core/repl/replica.h; ROLE is with the primary's commands.
#include <string>

#include "core/client_info.h"
#include "core/context.h"
#include "core/repl/failover.h"
#include "core/repl/replica.h"
#include "core/repl/replication.h"
#include "core/server.h"

namespace ringkv::core {

namespace {

std::string RequesterInfo(CommandContext& ctx) {
  std::string info;
  AppendClientInfo(ctx.server, ctx.client, ctx.now_ms, &info);
  return info;
}

void ReplicaofCommand(CommandContext& ctx) {
  Replica& replica = ctx.server.replica();
  if (ctx.server.failover().active()) {
    ctx.ReplyError("ERR REPLICAOF not allowed while failing over.");
    return;
  }
  // "NO ONE" turns this server into a primary; anything else names the new primary.
  if (EqualsIgnoreCase(ctx.argv[1], "no") && EqualsIgnoreCase(ctx.argv[2], "one")) {
    if (replica.active()) replica.UnsetMaster("user request from '" + RequesterInfo(ctx) + "'");
    ctx.rb.Ok();
    return;
  }
  int64_t port;
  if (!ctx.RangeInt64OrReply(ctx.argv[2], 0, 65535, &port, "ERR Invalid master port")) return;
  if (!replica.SetMaster(std::string(ctx.argv[1]), static_cast<int>(port), RequesterInfo(ctx))) {
    ctx.rb.SimpleString("OK Already connected to specified master");
    return;
  }
  ctx.rb.Ok();
}

}  // namespace

void RegisterReplicaofCommands(CommandTable& t) {
  t.Add("replicaof", ReplicaofCommand);
  t.Add("slaveof", ReplicaofCommand);
}

}  // namespace ringkv::core

// REPLICAOF / SLAVEOF (Redis's replicaofCommand) and ROLE: the commands that make this server a replica of
// another, promote it back, and say which it is. The link itself is core/repl/replica.h.
#include <string>

#include "core/client_info.h"
#include "core/context.h"
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
  // "NO ONE" turns this server into a primary; anything else names the new primary.
  if (EqualsIgnoreCase(ctx.argv[1], "no") && EqualsIgnoreCase(ctx.argv[2], "one")) {
    if (replica.active()) replica.UnsetMaster(RequesterInfo(ctx));
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

// ROLE: ["slave", host, port, state, offset] on a replica, ["master", offset, [replicas]] on a primary.
void RoleCommand(CommandContext& ctx) {
  const Replica& replica = ctx.server.replica();
  if (replica.active()) {
    replica.ReplyRole(ctx.rb);
    return;
  }
  ctx.rb.ArrayHeader(3);
  ctx.rb.Bulk("master");
  ctx.rb.Integer(static_cast<int64_t>(ctx.server.replication().master_repl_offset()));
  ctx.rb.ArrayHeader(0);  // the replicas attached: the primary side's (core/repl/primary.h)
}

}  // namespace

void RegisterReplicaofCommands(CommandTable& t) {
  t.Add("replicaof", ReplicaofCommand);
  t.Add("slaveof", ReplicaofCommand);
  t.Add("role", RoleCommand);
}

}  // namespace ringkv::core

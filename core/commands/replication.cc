// The replication commands of a primary: REPLCONF (a replica's options and ACKs), SYNC and PSYNC (a replica
// attaching: core/repl/primary.h decides between a partial and a full resync), WAIT (a client waiting for
// replicas to acknowledge its writes) and ROLE's master form.
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "core/client.h"
#include "core/client_info.h"
#include "core/command.h"
#include "core/context.h"
#include "core/repl/failover.h"
#include "core/repl/primary.h"
#include "core/repl/replica.h"
#include "core/repl/replication.h"
#include "core/server.h"
#include "ds/numconv.h"

namespace ringkv::core {

namespace {

// Redis's NET_HOST_STR_LEN: the longest address REPLCONF ip-address takes.
constexpr size_t kMaxHostBytes = 256;

// REPLCONF <option> <value> ...: before SYNC a replica says where it listens and what it understands; an
// attached replica reports its processed offset with ACK (no reply: a reply would enter the stream's reverse
// direction, which carries only ACKs).
void ReplconfCommand(CommandContext& ctx) {
  if (ctx.argc() % 2 == 0) {
    ctx.ReplySyntaxError();
    return;
  }
  Primary& primary = ctx.server.primary();
  for (size_t j = 1; j + 1 < ctx.argc(); j += 2) {
    std::string_view opt = ctx.argv[j], val = ctx.argv[j + 1];
    if (EqualsIgnoreCase(opt, "listening-port")) {
      int64_t port;
      if (!ctx.Int64OrReply(val, &port)) return;
      primary.LinkOf(ctx.client).listening_port = port;
    } else if (EqualsIgnoreCase(opt, "ip-address")) {
      if (val.size() >= kMaxHostBytes) {
        ctx.ReplyError(absl::StrCat("ERR REPLCONF ip-address provided by replica instance is too long: ", val.size(),
                                    " bytes"));
        return;
      }
      primary.LinkOf(ctx.client).announced_ip = std::string(val);
    } else if (EqualsIgnoreCase(opt, "capa")) {
      // Capabilities this primary does not know are ignored.
      if (EqualsIgnoreCase(val, "eof")) {
        primary.LinkOf(ctx.client).capa |= kCapaEof;
      } else if (EqualsIgnoreCase(val, "psync2")) {
        primary.LinkOf(ctx.client).capa |= kCapaPsync2;
      } else if (EqualsIgnoreCase(val, "dual-channel")) {
        primary.LinkOf(ctx.client).capa |= kCapaDualChannel;
      }
    } else if (EqualsIgnoreCase(opt, "rdb-channel")) {
      // ringkv's own: this connection is a replica's RDB channel for a dual channel sync (core/repl/primary.h).
      int64_t on;
      if (!ctx.Int64OrReply(val, &on)) return;
      primary.LinkOf(ctx.client).rdb_channel = on != 0;
    } else if (EqualsIgnoreCase(opt, "ack")) {
      // Only from an attached replica, and never answered (what follows ACK, such as 7.2's FACK, is ignored).
      int64_t offset;
      if (!ctx.client.is_replica || !ds::StringToInt64(val, &offset)) return;
      primary.OnAck(ctx.client, offset);
      return;
    } else if (EqualsIgnoreCase(opt, "getack")) {
      // A primary has nobody to acknowledge to: no reply (a replica answers its primary's GETACK with an ACK,
      // on its link: core/repl/replica.h).
      return;
    } else {
      ctx.ReplyError("ERR Unrecognized REPLCONF option: " + std::string(opt));
      return;
    }
  }
  ctx.rb.Ok();
}

// Redis's syncCommand refuses replicas while this server is failing over (its own replicas would attach to
// a history that is changing hands).
bool RefusedWhileFailingOver(CommandContext& ctx) {
  if (!ctx.server.failover().active()) return false;
  ctx.ReplyError("NOMASTERLINK Can't SYNC while failing over");
  return true;
}

void SyncCommand(CommandContext& ctx) {
  if (ctx.client.is_replica || RefusedWhileFailingOver(ctx)) return;
  ctx.server.primary().Sync(ctx.client, /*psync=*/false, {}, {});
}

// PSYNC <replid> <offset> [FAILOVER]: continue that history from offset if the backlog still holds it, else a
// full sync. FAILOVER comes from a primary handing its role over (core/repl/failover.h): this replica of it
// promotes itself first, when the history asked for is the one it follows.
void PsyncCommand(CommandContext& ctx) {
  if (ctx.client.is_replica) return;  // ignored, without a reply
  if (ctx.argc() > 3 && EqualsIgnoreCase(ctx.argv[3], "failover")) {
    if (ctx.argv[1] != ctx.server.replication().replid()) {
      ctx.ReplyError("ERR PSYNC FAILOVER replid must match my replid.");
      return;
    }
    std::string info;
    AppendClientInfo(ctx.server, ctx.client, ctx.now_ms, &info);
    ctx.server.replica().UnsetMaster("failover request from '" + info + "'");
  }
  if (RefusedWhileFailingOver(ctx)) return;
  ctx.server.primary().Sync(ctx.client, /*psync=*/true, ctx.argv[1], ctx.argv[2]);
}

// WAIT numreplicas timeout: blocks until that many replicas acknowledged the client's last write (its woff),
// or the timeout; answers how many did. Inside MULTI (and where a client may not block) it answers at once.
// A WAIT that blocks makes the primary ask every replica for an ACK at the end of the turn (REPLCONF GETACK
// in the stream).
void WaitCommand(CommandContext& ctx) {
  if (!ctx.server.config().replicaof_host.empty()) {
    ctx.ReplyError(
        "ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is "
        "configured to be writable (which is not the default) writes to replicas are just local and are not "
        "propagated.");
    return;
  }
  int64_t numreplicas;
  if (!ctx.Int64OrReply(ctx.argv[1], &numreplicas)) return;
  int64_t deadline_ms;
  if (!ctx.TimeoutOrReply(ctx.argv[2], TimeoutUnit::kMilliseconds, &deadline_ms)) return;
  Primary& primary = ctx.server.primary();
  const uint64_t offset = ctx.client.woff;
  const int acks = primary.CountAcks(offset);
  if (acks >= numreplicas || !ctx.MayBlock()) {
    ctx.rb.Integer(acks);
    return;
  }
  BlockOptions opts;
  opts.on_timeout = [](Server& server, Client& c) { server.primary().ReplyWaiter(c); };
  primary.AddWaiter(ctx.client, offset, numreplicas);
  ctx.BlockOnKeys({}, deadline_ms, opts);
}

// ROLE: on a replica ["slave", host, port, state, offset] (core/repl/replica.h); on a primary master, its
// offset, and each online replica as [ip, port, acknowledged offset] (the numbers as bulk strings, as Redis).
void RoleCommand(CommandContext& ctx) {
  if (const Replica& replica = ctx.server.replica(); replica.active()) {
    replica.ReplyRole(ctx.rb);
    return;
  }
  const std::vector<Primary::RoleEntry> replicas = ctx.server.primary().OnlineReplicas();
  io::ReplyBuilder& rb = ctx.rb;
  rb.ArrayHeader(3);
  rb.Bulk("master");
  rb.Integer(static_cast<int64_t>(ctx.server.replication().master_repl_offset()));
  rb.ArrayHeader(replicas.size());
  for (const Primary::RoleEntry& r : replicas) {
    rb.ArrayHeader(3);
    rb.Bulk(r.ip);
    rb.Bulk(std::to_string(r.port));
    rb.Bulk(std::to_string(r.offset));
  }
}

}  // namespace

void RegisterReplicationCommands(CommandTable& t) {
  t.Add("replconf", ReplconfCommand);
  t.Add("sync", SyncCommand);
  t.Add("psync", PsyncCommand);
  t.Add("wait", WaitCommand);
  t.Add("role", RoleCommand);
  t.Add("failover", [](CommandContext& ctx) { ctx.server.failover().Command(ctx); });
}

}  // namespace ringkv::core

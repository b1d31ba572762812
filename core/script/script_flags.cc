#include "core/script/script_flags.h"

#include "core/bgsave.h"
#include "core/context.h"
#include "core/repl/primary.h"
#include "core/repl/replica.h"
#include "core/server.h"

namespace ringkv::core {

namespace {

// Over maxmemory with nothing left to evict when the command began (Redis's pre_command_oom_state), with a
// script that may write and did not declare allow-oom (no-writes implies it).
bool OomForScript(CommandContext& ctx, uint32_t flags) {
  if (flags & (kScriptEvalCompat | kScriptAllowOom | kScriptNoWrites)) return false;
  return ctx.server.config().maxmemory > 0 && ctx.server.eviction().pre_command_oom();
}

}  // namespace

bool ScriptAdmitOrReply(CommandContext& ctx, uint32_t flags) {
  // A script that may write counts as a write command for processCommand's MISCONF check (Redis 7.0 gives
  // it CMD_WRITE from its flags), which comes before the OOM check.
  if (ctx.call.parent == nullptr && !(flags & (kScriptEvalCompat | kScriptNoWrites)) &&
      WritesDeniedByRdbError(ctx.server)) {
    ctx.ReplyError(kErrMisconf);
    return false;
  }
  // min-replicas-to-write, as processCommand checks it for the script's implied CMD_WRITE.
  if (ctx.call.parent == nullptr && !(flags & (kScriptEvalCompat | kScriptNoWrites)) &&
      !ctx.server.primary().GoodReplicasOk()) {
    ctx.ReplyError(kErrNoReplicas);
    return false;
  }
  // A script that may write is a write command for the read-only replica check too.
  if (ctx.call.parent == nullptr && !(flags & (kScriptEvalCompat | kScriptNoWrites)) && ctx.server.replica().active() &&
      ctx.server.config().replica_read_only && !ctx.client.replayed()) {
    ctx.ReplyError("READONLY You can't write against a read only replica.");
    return false;
  }
  if (ctx.call.parent == nullptr && OomForScript(ctx, flags)) {
    ctx.ReplyError("OOM command not allowed when used memory > 'maxmemory'.");
    return false;
  }
  return true;
}

bool ScriptPrepareOrReply(CommandContext& ctx, uint32_t flags, bool ro) {
  if (flags & kScriptEvalCompat) return true;
  if (!(flags & kScriptNoWrites) && ro) {
    ctx.ReplyError("ERR Can not execute a script with write flag using *_ro command.");
    return false;
  }
  if (OomForScript(ctx, flags)) {
    ctx.ReplyError("OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'");
    return false;
  }
  return true;
}

}  // namespace ringkv::core

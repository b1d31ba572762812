// The EVAL family and SCRIPT: parse numkeys, find or compile the script (core/script/script_cache.h), apply
// the checks Redis 7.0 makes before a script runs (its shebang flags against EVAL_RO and maxmemory), then run
// it on the Lua engine (core/script/lua_engine.h) inside this command's call, so its writes propagate as one
// unit (MULTI/EXEC when there are several) and EVAL itself is never propagated.
#include <string>

#include "core/context.h"
#include "core/script/script_cache.h"
#include "core/script/script_flags.h"
#include "core/server.h"
#include "core/sha1.h"

namespace ringkv::core {

namespace {

void EvalGeneric(CommandContext& ctx, bool by_sha, bool ro) {
  int64_t numkeys;
  if (!ctx.Int64OrReply(ctx.argv[2], &numkeys)) return;
  if (numkeys > static_cast<int64_t>(ctx.argc()) - 3) {
    ctx.ReplyError("ERR Number of keys can't be greater than number of args");
    return;
  }
  if (numkeys < 0) {
    ctx.ReplyError("ERR Number of keys can't be negative");
    return;
  }
  ScriptCache& cache = ctx.server.scripts();
  std::string sha = by_sha ? ToLower(ctx.argv[1]) : Sha1Hex(ctx.argv[1]);
  const CachedScript* script = cache.Find(sha);
  if (script == nullptr) {
    if (by_sha) {
      ctx.ReplyError("NOSCRIPT No matching script. Please use EVAL.");
      return;
    }
    std::string err;
    if (!cache.Add(ctx.argv[1], &sha, &err)) {
      ctx.ReplyError(err);
      return;
    }
    script = cache.Find(sha);
  }
  const uint32_t flags = script->flags;
  // A script with a shebang declares what it does; Redis refuses it up front when that cannot be allowed.
  if (!ScriptAdmitOrReply(ctx, flags) || !ScriptPrepareOrReply(ctx, flags, ro)) return;
  ScriptRun run;
  const std::string fn = ScriptCache::FunctionName(sha);
  run.fn_name = fn;
  run.error_name = sha;
  run.keys.assign(ctx.argv.begin() + 3, ctx.argv.begin() + 3 + numkeys);
  run.args.assign(ctx.argv.begin() + 3 + numkeys, ctx.argv.end());
  run.flags = flags;
  run.read_only = ro || (!(flags & kScriptEvalCompat) && (flags & kScriptNoWrites));
  // The script's effects are propagated, never EVAL itself (Redis 7.0's effects replication).
  ctx.PreventPropagation();
  cache.engine().Run(ctx, run);
}

void EvalCommand(CommandContext& ctx) { EvalGeneric(ctx, false, false); }
void EvalShaCommand(CommandContext& ctx) { EvalGeneric(ctx, true, false); }
void EvalRoCommand(CommandContext& ctx) { EvalGeneric(ctx, false, true); }
void EvalShaRoCommand(CommandContext& ctx) { EvalGeneric(ctx, true, true); }

void ScriptLoadCommand(CommandContext& ctx) {
  std::string sha, err;
  if (!ctx.server.scripts().Add(ctx.argv[2], &sha, &err)) {
    ctx.ReplyError(err);
    return;
  }
  ctx.rb.Bulk(sha);
}

void ScriptExistsCommand(CommandContext& ctx) {
  ScriptCache& cache = ctx.server.scripts();
  ctx.rb.ArrayHeader(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) ctx.rb.Integer(cache.Find(ctx.argv[i]) != nullptr ? 1 : 0);
}

void ScriptFlushCommand(CommandContext& ctx) {
  if (ctx.argc() > 3 ||
      (ctx.argc() == 3 && !EqualsIgnoreCase(ctx.argv[2], "sync") && !EqualsIgnoreCase(ctx.argv[2], "async"))) {
    ctx.ReplyError("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
    return;
  }
  // The cache is small next to a dataset: freed at once either way.
  ctx.server.scripts().Flush();
  ctx.rb.Ok();
}

void ScriptKillCommand(CommandContext& ctx) {
  // Only a busy script's nested turn runs this while a script runs (SCRIPT KILL is allow-busy).
  LuaEngine* busy = ctx.server.busy_script();
  if (busy == nullptr) busy = &ctx.server.scripts().engine();
  busy->KillOrReply(ctx.rb, /*from_script_kill=*/true);
}

void ScriptDebugCommand(CommandContext& ctx) {
  if (EqualsIgnoreCase(ctx.argv[2], "no")) {
    ctx.rb.Ok();
  } else if (EqualsIgnoreCase(ctx.argv[2], "yes") || EqualsIgnoreCase(ctx.argv[2], "sync")) {
    ctx.ReplyError("ERR The Lua debugger (SCRIPT DEBUG YES|SYNC) is not supported");
  } else {
    ctx.ReplyError("ERR Use SCRIPT DEBUG YES/SYNC/NO");
  }
}

void ScriptHelpCommand(CommandContext& ctx) {
  ctx.ReplyHelp({
      "DEBUG (YES|SYNC|NO)",
      "    Set the debug mode for subsequent scripts executed.",
      "EXISTS <sha1> [<sha1> ...]",
      "    Return information about the existence of the scripts in the script cache.",
      "FLUSH [ASYNC|SYNC]",
      "    Flush the Lua scripts cache. Very dangerous on replicas.",
      "    When called without the optional mode argument, the behavior is determined by the",
      "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
      "    * ASYNC: Asynchronously flush the scripts cache.",
      "    * SYNC: Synchronously flush the scripts cache.",
      "KILL",
      "    Kill the currently executing Lua script.",
      "LOAD <script>",
      "    Load a script into the scripts cache without executing it.",
  });
}

}  // namespace

void RegisterScriptingCommands(CommandTable& t) {
  t.Add("eval", EvalCommand);
  t.Add("evalsha", EvalShaCommand);
  t.Add("eval_ro", EvalRoCommand);
  t.Add("evalsha_ro", EvalShaRoCommand);
  t.Add("script|load", ScriptLoadCommand);
  t.Add("script|exists", ScriptExistsCommand);
  t.Add("script|flush", ScriptFlushCommand);
  t.Add("script|kill", ScriptKillCommand);
  t.Add("script|debug", ScriptDebugCommand);
  t.Add("script|help", ScriptHelpCommand);
}

}  // namespace ringkv::core

// Redis 7.0 functions: FUNCTION LOAD/DELETE/LIST/FLUSH/STATS/KILL/DUMP/RESTORE/HELP over the registry
// (core/script/function_library.h), and FCALL / FCALL_RO, which check a function's declared flags as EVAL
// checks a shebang's (core/script/script_flags.h) and run it on the functions engine inside this command's
// call: its writes propagate as one unit and FCALL itself never. The FUNCTION subcommands that change the
// libraries propagate as received (they dirty the server, as Redis's server.dirty++).
#include <string>

#include "core/context.h"
#include "core/script/function_library.h"
#include "core/script/script_cache.h"
#include "core/script/script_flags.h"
#include "core/server.h"
#include "ds/glob.h"

namespace ringkv::core {

namespace {

void FcallGeneric(CommandContext& ctx, bool ro) {
  FunctionRegistry& reg = ctx.server.functions();
  const FunctionInfo* fi = reg.Find(ctx.argv[1]);
  if (fi == nullptr) {
    ctx.ReplyError("ERR Function not found");
    return;
  }
  // Redis's processCommand judges memory by the function's flags before FCALL itself parses anything.
  if (!ScriptAdmitOrReply(ctx, fi->flags)) return;
  int64_t numkeys;
  if (!ctx.Int64OrReply(ctx.argv[2], &numkeys, "ERR Bad number of keys provided")) return;
  if (numkeys > static_cast<int64_t>(ctx.argc()) - 3) {
    ctx.ReplyError("ERR Number of keys can't be greater than number of args");
    return;
  }
  if (numkeys < 0) {
    ctx.ReplyError("ERR Number of keys can't be negative");
    return;
  }
  if (!ScriptPrepareOrReply(ctx, fi->flags, ro)) return;
  ScriptRun run;
  run.fn_name = fi->key;
  run.error_name = fi->name;
  run.keys.assign(ctx.argv.begin() + 3, ctx.argv.begin() + 3 + numkeys);
  run.args.assign(ctx.argv.begin() + 3 + numkeys, ctx.argv.end());
  run.flags = fi->flags;
  run.read_only = (fi->flags & kScriptNoWrites) != 0;
  run.start_ms = ctx.server.NowMs();
  // The function's effects are propagated, never FCALL itself.
  ctx.PreventPropagation();
  reg.engine().Run(ctx, run);
}

void FcallCommand(CommandContext& ctx) { FcallGeneric(ctx, false); }
void FcallRoCommand(CommandContext& ctx) { FcallGeneric(ctx, true); }

void FunctionLoadCommand(CommandContext& ctx) {
  // Options come before the code, which is always the last argument.
  bool replace = false;
  size_t i = 2;
  for (; i + 1 < ctx.argc(); ++i) {
    if (!EqualsIgnoreCase(ctx.argv[i], "replace")) {
      ctx.ReplyError("ERR Unknown option given: " + std::string(ctx.argv[i]));
      return;
    }
    replace = true;
  }
  if (i >= ctx.argc()) {
    ctx.ReplyError("ERR Function code is missing");
    return;
  }
  std::string name, err;
  if (!ctx.server.functions().Load(ctx.argv[i], replace, FunctionRegistry::kLoadTimeoutMs, &name, &err)) {
    ctx.ReplyError("ERR " + err);
    return;
  }
  ctx.Dirty();
  ctx.rb.Bulk(name);
}

void FunctionDeleteCommand(CommandContext& ctx) {
  if (!ctx.server.functions().Delete(ctx.argv[2])) {
    ctx.ReplyError("ERR Library not found");
    return;
  }
  ctx.Dirty();
  ctx.rb.Ok();
}

void ReplyFlags(io::ReplyBuilder& rb, uint32_t flags) {
  size_t n = 0;
  for (const ScriptFlagName& f : kScriptFlagNames) n += (flags & f.bit) ? 1 : 0;
  rb.SetHeader(n);
  for (const ScriptFlagName& f : kScriptFlagNames) {
    if (flags & f.bit) rb.SimpleString(f.name);
  }
}

void FunctionListCommand(CommandContext& ctx) {
  bool with_code = false;
  bool has_pattern = false;
  std::string_view pattern;
  for (size_t i = 2; i < ctx.argc(); ++i) {
    std::string_view a = ctx.argv[i];
    if (!with_code && EqualsIgnoreCase(a, "withcode")) {
      with_code = true;
      continue;
    }
    if (!has_pattern && EqualsIgnoreCase(a, "libraryname")) {
      if (i + 1 >= ctx.argc()) {
        ctx.ReplyError("ERR library name argument was not given");
        return;
      }
      pattern = ctx.argv[++i];
      has_pattern = true;
      continue;
    }
    ctx.ReplyError("ERR Unknown argument " + std::string(a));
    return;
  }
  std::vector<const FunctionLibrary*> libs;
  for (const auto& [name, lib] : ctx.server.functions().libraries().libraries()) {
    if (has_pattern && !ds::GlobMatch(pattern, name, /*nocase=*/true)) continue;
    libs.push_back(lib.get());
  }
  io::ReplyBuilder& rb = ctx.rb;
  rb.ArrayHeader(libs.size());
  for (const FunctionLibrary* lib : libs) {
    rb.MapHeader(with_code ? 4 : 3);
    rb.Bulk("library_name");
    rb.Bulk(lib->name);
    rb.Bulk("engine");
    rb.Bulk("LUA");
    rb.Bulk("functions");
    rb.ArrayHeader(lib->functions.size());
    for (const FunctionInfo& f : lib->functions) {
      rb.MapHeader(3);
      rb.Bulk("name");
      rb.Bulk(f.name);
      rb.Bulk("description");
      if (f.has_description) {
        rb.Bulk(f.description);
      } else {
        rb.Null();
      }
      rb.Bulk("flags");
      ReplyFlags(rb, f.flags);
    }
    if (with_code) {
      rb.Bulk("library_code");
      rb.Bulk(lib->code);
    }
  }
}

void FunctionFlushCommand(CommandContext& ctx) {
  if (ctx.argc() > 3) {
    ctx.ReplySubcommandSyntaxError();
    return;
  }
  if (ctx.argc() == 3 && !EqualsIgnoreCase(ctx.argv[2], "sync") && !EqualsIgnoreCase(ctx.argv[2], "async")) {
    ctx.ReplyError("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
    return;
  }
  // Libraries are small next to a dataset: freed at once either way.
  ctx.server.functions().Flush();
  ctx.Dirty();
  ctx.rb.Ok();
}

void FunctionStatsCommand(CommandContext& ctx) {
  // Allowed while a script is busy; an EVAL script has no function to describe.
  if (ctx.server.scripts().engine().running()) {
    ctx.ReplyError(ctx.server.scripts().engine().BusyError());
    return;
  }
  FunctionRegistry& reg = ctx.server.functions();
  io::ReplyBuilder& rb = ctx.rb;
  rb.MapHeader(2);
  rb.Bulk("running_script");
  const ScriptRun* run = reg.engine().current_run();
  if (run == nullptr) {
    rb.Null();
  } else {
    rb.MapHeader(3);
    rb.Bulk("name");
    rb.Bulk(run->error_name);
    rb.Bulk("command");
    const std::vector<std::string_view>& argv = *reg.engine().current_argv();
    rb.ArrayHeader(argv.size());
    for (std::string_view a : argv) rb.Bulk(a);
    rb.Bulk("duration_ms");
    rb.Integer(run->start_ms > 0 ? ctx.server.NowMs() - run->start_ms : 0);
  }
  rb.Bulk("engines");
  rb.MapHeader(1);
  rb.Bulk("LUA");
  rb.MapHeader(2);
  rb.Bulk("libraries_count");
  rb.Integer(static_cast<int64_t>(reg.libraries().libraries().size()));
  rb.Bulk("functions_count");
  rb.Integer(static_cast<int64_t>(reg.libraries().functions_count()));
}

void FunctionKillCommand(CommandContext& ctx) {
  // Allow-busy: while a script is busy this runs from its nested turn (core/script/lua_engine.h).
  LuaEngine* busy = ctx.server.busy_script();
  if (busy == nullptr) busy = &ctx.server.functions().engine();
  busy->KillOrReply(ctx.rb, /*from_script_kill=*/false);
}

void FunctionDumpCommand(CommandContext& ctx) { ctx.rb.Bulk(ctx.server.functions().Dump()); }

void FunctionRestoreCommand(CommandContext& ctx) {
  if (ctx.argc() > 4) {
    ctx.ReplySubcommandSyntaxError();
    return;
  }
  RestorePolicy policy = RestorePolicy::kAppend;
  if (ctx.argc() == 4) {
    std::string_view p = ctx.argv[3];
    if (EqualsIgnoreCase(p, "append")) {
      policy = RestorePolicy::kAppend;
    } else if (EqualsIgnoreCase(p, "replace")) {
      policy = RestorePolicy::kReplace;
    } else if (EqualsIgnoreCase(p, "flush")) {
      policy = RestorePolicy::kFlush;
    } else {
      ctx.ReplyError("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
      return;
    }
  }
  std::string err;
  if (!ctx.server.functions().Restore(ctx.argv[2], policy, &err)) {
    ctx.ReplyError("ERR " + err);
    return;
  }
  ctx.Dirty();
  ctx.rb.Ok();
}

void FunctionHelpCommand(CommandContext& ctx) {
  ctx.ReplyHelp({
      "LOAD [REPLACE] <FUNCTION CODE>",
      "    Create a new library with the given library name and code.",
      "DELETE <LIBRARY NAME>",
      "    Delete the given library.",
      "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
      "    Return general information on all the libraries:",
      "    * Library name",
      "    * The engine used to run the Library",
      "    * Library description",
      "    * Functions list",
      "    * Library code (if WITHCODE is given)",
      "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
      "STATS",
      "    Return information about the current function running:",
      "    * Function name",
      "    * Command used to run the function",
      "    * Duration in MS that the function is running",
      "    If no function is running, return nil",
      "    In addition, returns a list of available engines.",
      "KILL",
      "    Kill the current running function.",
      "FLUSH [ASYNC|SYNC]",
      "    Delete all the libraries.",
      "    When called without the optional mode argument, the behavior is determined by the",
      "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
      "    * ASYNC: Asynchronously flush the libraries.",
      "    * SYNC: Synchronously flush the libraries.",
      "DUMP",
      "    Return a serialized payload representing the current libraries, can be restored using FUNCTION "
      "RESTORE command",
      "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
      "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
      "    control how to handle existing libraries (default APPEND):",
      "    * FLUSH: delete all existing libraries.",
      "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
      "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
      "      libraries with the new libraries (notice that even on this option there is a chance of failure",
      "      in case of functions name collision with another library).",
  });
}

}  // namespace

void RegisterFunctionCommands(CommandTable& t) {
  t.Add("fcall", FcallCommand);
  t.Add("fcall_ro", FcallRoCommand);
  t.Add("function|load", FunctionLoadCommand);
  t.Add("function|delete", FunctionDeleteCommand);
  t.Add("function|list", FunctionListCommand);
  t.Add("function|flush", FunctionFlushCommand);
  t.Add("function|stats", FunctionStatsCommand);
  t.Add("function|kill", FunctionKillCommand);
  t.Add("function|dump", FunctionDumpCommand);
  t.Add("function|restore", FunctionRestoreCommand);
  t.Add("function|help", FunctionHelpCommand);
}

}  // namespace ringkv::core

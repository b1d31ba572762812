#include "core/script/lua_engine.h"

extern "C" {
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
int luaopen_cjson(lua_State* L);
int luaopen_bit(lua_State* L);
}

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "core/bgsave.h"
#include "core/client.h"
#include "core/command.h"
#include "core/context.h"
#include "core/log.h"
#include "core/repl/primary.h"
#include "core/repl/replica.h"
#include "core/script/lua_convert.h"
#include "core/script/lua_engine_internal.h"
#include "core/script/lua_libs.h"
#include "core/script/lua_sandbox.h"
#include "core/server.h"
#include "core/sha1.h"
#include "core/version.h"

// A note on errors: Debian's liblua5.1 is C, so lua_error unwinds with longjmp and runs no C++ destructor.
// Every lua_CFunction below raises only from a frame holding no C++ object; the C++ work is done in helpers
// that return first.

namespace ringkv::core {

struct LuaEngine::Active {
  CommandContext* ctx;
  const ScriptRun* run;
  int db;
  int resp = 2;            // redis.setresp: the protocol of redis.call replies and of booleans returned
  bool propagate = true;   // redis.set_repl(REPL_NONE) stops propagating the following commands
  bool wrote = false;      // a write command was called (no OOM check, no SCRIPT KILL after it: atomicity)
  bool oom = false;        // over maxmemory when the script started
  int64_t start_ms = 0;      // monotonic
  int64_t threshold_ms = 0;  // busy-reply-threshold when it started (0: never busy)
  bool busy = false;         // past the threshold: the loop turns from the hook, others get BUSY
  bool killed = false;       // SCRIPT KILL / FUNCTION KILL / SHUTDOWN NOSAVE: stop at the next hook tick
};

namespace lua_internal {

int RedisLog(lua_State* L);

char kEngineKey, kFunctionsKey, kRealGlobalsKey;

LuaEngine* EngineOf(lua_State* L) {
  lua_pushlightuserdata(L, &kEngineKey);
  lua_rawget(L, LUA_REGISTRYINDEX);
  auto* e = static_cast<LuaEngine*>(lua_touserdata(L, -1));
  lua_pop(L, 1);
  return e;
}

// Raises the error table {err="ERR <msg>"} (Redis's luaPushError + luaError for API misuse).
int RaiseError(lua_State* L, const char* msg) {
  PushErrorTable(L, msg);
  return lua_error(L);
}

void SetFn(lua_State* L, const char* name, lua_CFunction f) {
  lua_pushcfunction(L, f);
  lua_setfield(L, -2, name);
}

void SetNum(lua_State* L, const char* name, lua_Number v) {
  lua_pushnumber(L, v);
  lua_setfield(L, -2, name);
}

void SetLogAndVersion(lua_State* L) {
  SetFn(L, "log", RedisLog);
  SetNum(L, "LOG_DEBUG", 0);
  SetNum(L, "LOG_VERBOSE", 1);
  SetNum(L, "LOG_NOTICE", 2);
  SetNum(L, "LOG_WARNING", 3);
  lua_pushstring(L, kRedisVersion);
  lua_setfield(L, -2, "REDIS_VERSION");
  SetNum(L, "REDIS_VERSION_NUM", 0x07000f);  // 7.0.15 as 0x00MMmmpp
}

int64_t MonotonicMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}


int RedisLog(lua_State* L) {
  int argc = lua_gettop(L);
  if (argc < 2) return RaiseError(L, "redis.log() requires two arguments or more.");
  if (!lua_isnumber(L, 1)) return RaiseError(L, "First argument must be a number (log level).");
  int level = static_cast<int>(lua_tonumber(L, 1));
  if (level < 0 || level > 3) return RaiseError(L, "Invalid debug level.");
  if (static_cast<LogLevel>(level) < GetLogLevel()) return 0;
  std::string line;
  for (int i = 2; i <= argc; ++i) {
    size_t len;
    const char* s = lua_tolstring(L, i, &len);
    if (s == nullptr) continue;
    if (i != 2) line += ' ';
    line.append(s, len);
  }
  LogLine(static_cast<LogLevel>(level), line);
  return 0;
}

}  // namespace lua_internal

using namespace lua_internal;  // NOLINT: this file defines them

namespace {

// ---- redis.call / redis.pcall ----

// Does the C++ part of redis.call: on return, the reply (or the error table) is on the stack; true when it is
// an error that redis.call must raise.
bool CallInto(lua_State* L, LuaEngine* e, bool raise) {
  int argc = lua_gettop(L);
  if (argc == 0) {
    PushErrorTable(L, "Please specify at least one argument for this redis lib call");
    return raise;
  }
  std::vector<std::string> argv;
  argv.reserve(argc);
  bool bad = false;
  for (int i = 1; i <= argc && !bad; ++i) {
    if (lua_type(L, i) == LUA_TNUMBER) {
      // Lua's own number formatting (%.14g) loses precision: Redis sends %.17g.
      char buf[64];
      int n = std::snprintf(buf, sizeof(buf), "%.17g", static_cast<double>(lua_tonumber(L, i)));
      argv.emplace_back(buf, n);
    } else if (lua_type(L, i) == LUA_TSTRING) {
      size_t len;
      const char* s = lua_tolstring(L, i, &len);
      argv.emplace_back(s, len);
    } else {
      bad = true;
    }
  }
  lua_pop(L, argc);
  if (bad) {
    PushErrorTable(L, "Lua redis lib command arguments must be strings or integers");
    return raise;
  }
  std::string reply, err;
  if (!e->CallCommand(argv, &reply, &err)) {
    PushErrorTable(L, err);
    // The command's error was counted when it was refused; the script's final reply must not count it again.
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "ignore_error_stats_update");
    return raise;
  }
  PushRespAsLua(L, reply);
  return raise && !reply.empty() && reply[0] == '-';
}

int GenericCall(lua_State* L, bool raise) {
  LuaEngine* e = EngineOf(L);
  if (e->active() == nullptr) {
    PushErrorTable(L, "redis.call/pcall can only be called inside a script invocation");
    return lua_error(L);
  }
  if (CallInto(L, e, raise)) return lua_error(L);
  return 1;
}

int RedisCall(lua_State* L) { return GenericCall(L, true); }
int RedisPcall(lua_State* L) { return GenericCall(L, false); }

int RedisSha1hex(lua_State* L) {
  if (lua_gettop(L) != 1) return RaiseError(L, "wrong number of arguments");
  size_t len = 0;
  const char* s = lua_tolstring(L, 1, &len);
  char digest[41];
  {
    std::string hex = Sha1Hex(std::string_view(s ? s : "", s ? len : 0));
    std::snprintf(digest, sizeof(digest), "%s", hex.c_str());
  }
  lua_pushstring(L, digest);
  return 1;
}

int RedisErrorReply(lua_State* L) {
  if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
    PushErrorTable(L, "wrong number or type of arguments");
    return 1;
  }
  size_t len;
  const char* s = lua_tolstring(L, 1, &len);
  std::string_view msg(s, len);
  if (msg.empty() || msg[0] != '-') {
    PushErrorTable(L, "-" + std::string(msg));
  } else {
    PushErrorTable(L, msg);
  }
  return 1;
}

int RedisStatusReply(lua_State* L) {
  if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
    PushErrorTable(L, "wrong number or type of arguments");
    return 1;
  }
  lua_newtable(L);
  lua_pushvalue(L, 1);
  lua_setfield(L, -2, "ok");
  return 1;
}


int RedisSetResp(lua_State* L) {
  LuaEngine* e = EngineOf(L);
  if (e->active() == nullptr) return RaiseError(L, "redis.setresp can only be called inside a script invocation");
  if (lua_gettop(L) != 1) return RaiseError(L, "redis.setresp() requires one argument.");
  int resp = static_cast<int>(lua_tonumber(L, 1));
  if (resp != 2 && resp != 3) return RaiseError(L, "RESP version must be 2 or 3.");
  e->SetActiveResp(resp);
  return 0;
}

int RedisSetRepl(lua_State* L) {
  LuaEngine* e = EngineOf(L);
  if (e->active() == nullptr) return RaiseError(L, "redis.set_repl can only be called inside a script invocation");
  if (lua_gettop(L) != 1) return RaiseError(L, "redis.set_repl() requires two arguments.");
  int flags = static_cast<int>(lua_tonumber(L, 1));
  if ((flags & ~3) != 0) {
    return RaiseError(L, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
  }
  // No AOF or replicas yet: every consumer of the stream gets the effects unless the script asked for none.
  e->SetActivePropagate(flags != 0);
  return 0;
}

int RedisReplicateCommands(lua_State* L) {
  lua_pushboolean(L, 1);  // effects replication is the only mode since 7.0
  return 1;
}

int RedisBreakpoint(lua_State* L) {
  lua_pushboolean(L, 0);  // no debugging session (SCRIPT DEBUG) is ever active
  return 1;
}

int RedisDebug(lua_State*) { return 0; }

int RedisAclCheckCmd(lua_State* L) {
  LuaEngine* e = EngineOf(L);
  if (e->active() == nullptr) {
    return RaiseError(L, "redis.acl_check_cmd can only be called inside a script invocation");
  }
  if (lua_gettop(L) == 0 || !lua_isstring(L, 1)) {
    return RaiseError(L, "Please specify at least one argument for this redis lib call");
  }
  if (!e->CommandExists(lua_tostring(L, 1))) return RaiseError(L, "Invalid command passed to redis.acl_check_cmd()");
  lua_pushboolean(L, 1);  // no ACL users yet: the default user may run everything
  return 1;
}

// ---- math.random: Redis's rand48 (the POSIX drand48 recurrence), one sequence for the whole process ----

uint32_t NextRand48(uint64_t& x) {
  x = (0x5DEECE66DULL * x + 0xB) & ((1ULL << 48) - 1);
  return static_cast<uint32_t>(x >> 17);
}

int MathRandom(lua_State* L) {
  LuaEngine* e = EngineOf(L);
  if (e->active() == nullptr) return luaL_error(L, "math.random can only be called inside a script invocation");
  constexpr uint32_t kMax = 0x7fffffff;
  lua_Number r = static_cast<lua_Number>(NextRand48(e->rand_state()) % kMax) / static_cast<lua_Number>(kMax);
  switch (lua_gettop(L)) {
    case 0:
      lua_pushnumber(L, r);
      break;
    case 1: {
      int u = luaL_checkint(L, 1);
      luaL_argcheck(L, 1 <= u, 1, "interval is empty");
      lua_pushnumber(L, std::floor(r * u) + 1);
      break;
    }
    case 2: {
      int l = luaL_checkint(L, 1);
      int u = luaL_checkint(L, 2);
      luaL_argcheck(L, l <= u, 2, "interval is empty");
      lua_pushnumber(L, std::floor(r * (u - l + 1)) + l);
      break;
    }
    default:
      return luaL_error(L, "wrong number of arguments");
  }
  return 1;
}

int MathRandomseed(lua_State* L) {
  LuaEngine* e = EngineOf(L);
  if (e->active() == nullptr) return luaL_error(L, "math.randomseed can only be called inside a script invocation");
  uint32_t seed = static_cast<uint32_t>(luaL_checkint(L, 1));
  e->rand_state() = (static_cast<uint64_t>(seed) << 16) | 0x330E;
  return 0;
}

// ---- the sandbox ----

// pcall as Redis 7.0 has it: an error raised as a table {err=...} (redis.call's) comes back as its message,
// as older versions returned it.
int SafePcall(lua_State* L) {
  int argc = lua_gettop(L);
  lua_pushboolean(L, 1);
  lua_insert(L, 1);
  if (lua_pcall(L, argc - 1, LUA_MULTRET, 0) != 0) {
    lua_remove(L, 1);
    if (lua_istable(L, -1)) {
      lua_getfield(L, -1, "err");
      if (lua_isstring(L, -1)) {
        lua_replace(L, -2);
      } else {
        lua_pop(L, 1);
      }
    }
    lua_pushboolean(L, 0);
    lua_insert(L, 1);
  }
  return lua_gettop(L);
}

// The error handler of every script call (Redis's __redis__err__handler): makes the error a table
// {err=, source=, line=} naming the script line that raised it (the caller of a C function such as error()
// or redis.call).
int ErrorHandler(lua_State* L) {
  lua_Debug ar;
  bool where = false;
  if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar)) {
    where = true;
    if (std::string_view(ar.what) == "C") where = lua_getstack(L, 2, &ar) && lua_getinfo(L, "Sl", &ar);
  }
  if (!lua_istable(L, 1)) {
    lua_newtable(L);
    lua_pushliteral(L, "ERR ");
    if (lua_isstring(L, 1)) {
      lua_pushvalue(L, 1);
    } else if (lua_isnil(L, 1)) {
      lua_pushliteral(L, "nil");
    } else if (lua_isboolean(L, 1)) {
      lua_pushstring(L, lua_toboolean(L, 1) ? "true" : "false");
    } else {
      lua_pushfstring(L, "%s: %p", luaL_typename(L, 1), lua_topointer(L, 1));
    }
    lua_concat(L, 2);
    lua_setfield(L, -2, "err");
    lua_replace(L, 1);
  }
  lua_settop(L, 1);
  if (where) {
    lua_pushstring(L, ar.source);
    lua_setfield(L, 1, "source");
    lua_pushinteger(L, ar.currentline);
    lua_setfield(L, 1, "line");
  }
  return 1;
}

}  // namespace

LuaEngine::LuaEngine(Server& server, bool eval_mode)
    : server_(server), rand48_(0x1234ABCD330EULL), eval_mode_(eval_mode) {
  Init();
}

LuaEngine::~LuaEngine() {
  Close();
  if (fake_ != nullptr) server_.FreeFakeClient(fake_);
}

void LuaEngine::Close() {
  if (lua_ != nullptr) lua_close(lua_);
  lua_ = nullptr;
}

void LuaEngine::Reset() {
  Close();
  Init();
}

void LuaEngine::SetActiveResp(int resp) { run_->resp = resp; }
void LuaEngine::SetActivePropagate(bool on) { run_->propagate = on; }

bool LuaEngine::CommandExists(std::string_view name) const { return server_.commands().Find(name) != nullptr; }

void LuaEngine::Init() {
  lua_State* L = luaL_newstate();
  lua_ = L;
  lua_pushlightuserdata(L, &kEngineKey);
  lua_pushlightuserdata(L, this);
  lua_rawset(L, LUA_REGISTRYINDEX);
  lua_pushlightuserdata(L, &kFunctionsKey);
  lua_newtable(L);
  lua_rawset(L, LUA_REGISTRYINDEX);

  // The libraries Redis 7.0 loads (no io, os, package or debug).
  struct Lib {
    const char* name;
    lua_CFunction open;
  };
  for (Lib lib : {Lib{"", luaopen_base}, Lib{LUA_TABLIBNAME, luaopen_table}, Lib{LUA_STRLIBNAME, luaopen_string},
                  Lib{LUA_MATHLIBNAME, luaopen_math}}) {
    lua_pushcfunction(L, lib.open);
    lua_pushstring(L, lib.name);
    lua_call(L, 1, 0);
  }
  for (Lib lib : {Lib{"cjson", luaopen_cjson}, Lib{"struct", OpenStructLib}, Lib{"cmsgpack", OpenCmsgpackLib},
                  Lib{"bit", luaopen_bit}}) {
    lua_pushcfunction(L, lib.open);
    lua_call(L, 0, 1);
    lua_setglobal(L, lib.name);
  }
  lua_pushcfunction(L, SafePcall);
  lua_setglobal(L, "pcall");
  lua_pushcfunction(L, ErrorHandler);
  lua_setglobal(L, "__redis__err__handler");

  lua_newtable(L);
  SetFn(L, "call", RedisCall);
  SetFn(L, "pcall", RedisPcall);
  SetLogAndVersion(L);
  SetFn(L, "setresp", RedisSetResp);
  SetFn(L, "sha1hex", RedisSha1hex);
  SetFn(L, "error_reply", RedisErrorReply);
  SetFn(L, "status_reply", RedisStatusReply);
  SetFn(L, "set_repl", RedisSetRepl);
  SetNum(L, "REPL_NONE", 0);
  SetNum(L, "REPL_AOF", 1);
  SetNum(L, "REPL_SLAVE", 2);
  SetNum(L, "REPL_REPLICA", 2);
  SetNum(L, "REPL_ALL", 3);
  SetFn(L, "replicate_commands", RedisReplicateCommands);
  SetFn(L, "breakpoint", RedisBreakpoint);
  SetFn(L, "debug", RedisDebug);
  SetFn(L, "acl_check_cmd", RedisAclCheckCmd);
  lua_setglobal(L, "redis");

  lua_getglobal(L, "math");
  SetFn(L, "random", MathRandom);
  SetFn(L, "randomseed", MathRandomseed);
  lua_pop(L, 1);

  // Lock it all (lua_sandbox.h); scripts run with the locked globals, and KEYS and ARGV are stored in the real
  // table behind them before each run.
  LockGlobals(L);
  lua_pushlightuserdata(L, &kRealGlobalsKey);
  lua_insert(L, -2);
  lua_rawset(L, LUA_REGISTRYINDEX);
  lua_settop(L, 0);
  if (!eval_mode_) InitFunctionsApi();
}

bool LuaEngine::Compile(std::string_view fn_name, std::string_view body, std::string* err) {
  lua_State* L = lua_;
  if (LoadTextChunk(L, body.data(), body.size(), "@user_script") != 0) {
    const char* msg = lua_tostring(L, -1);
    *err = msg ? msg : "unknown error";
    lua_pop(L, 1);
    return false;
  }
  lua_pushlightuserdata(L, &kFunctionsKey);
  lua_rawget(L, LUA_REGISTRYINDEX);
  lua_pushlstring(L, fn_name.data(), fn_name.size());
  lua_pushvalue(L, -3);
  lua_rawset(L, -3);
  lua_pop(L, 2);
  return true;
}

// ---- functions mode (FUNCTION LOAD, FCALL) ----
//
// Redis 7.0 loads a library by running its code once with a globals table that shows only the load-time API;
// the functions it registers keep that same globals table as their environment, and it shows the whole
// sandbox once the load is over. Here the globals proxy P (Init) reads through its metatable's __index: R at
// run time, the load-time table during a load. Registered functions are wrapped in a trampoline stored
// under a generated key in the compiled-functions table, so Run calls them as it calls EVAL scripts; the
// trampoline hands KEYS and ARGV to the function as its two arguments and removes them from the globals
// (functions have no KEYS/ARGV globals in Redis).

const ScriptRun* LuaEngine::current_run() const { return run_ != nullptr ? run_->run : nullptr; }

const std::vector<std::string_view>* LuaEngine::current_argv() const {
  return run_ != nullptr ? &run_->ctx->argv : nullptr;
}

namespace {

void SetArray(lua_State* L, int table, const char* name, const std::vector<std::string_view>& items) {
  lua_newtable(L);
  for (size_t i = 0; i < items.size(); ++i) {
    lua_pushlstring(L, items[i].data(), items[i].size());
    lua_rawseti(L, -2, static_cast<int>(i + 1));
  }
  lua_setfield(L, table, name);
}

// Busy scripts. A count hook every kHookEvery instructions (Redis's period) asks the engine whether the
// script ran past busy-reply-threshold: from then on each tick runs a nested loop turn (other clients get
// BUSY, SCRIPT KILL / FUNCTION KILL / SHUTDOWN NOSAVE run) and the script is stopped once killed. The hook is
// a plain C frame with no C++ object: lua_error longjmps through it. Scripts never nest, so one engine runs
// at a time.
constexpr int kHookEvery = 100000;
LuaEngine* g_running = nullptr;

void BusyHook(lua_State* L, lua_Debug*) {
  if (g_running == nullptr || !g_running->OnHookTick()) return;
  // Killed: raise on every line from now on, so a pcall in the script cannot catch it and carry on.
  lua_sethook(L, BusyHook, LUA_MASKLINE, 0);
  PushErrorTable(L, "Script killed by user with SCRIPT KILL...");
  lua_error(L);
}

}  // namespace

void LuaEngine::Run(CommandContext& ctx, const ScriptRun& run) {
  lua_State* L = lua_;
  Active active{.ctx = &ctx, .run = &run, .db = ctx.client.db_index};
  // The state the command found before it began (core/evict.h); the primary's and the AOF's scripts are
  // never refused.
  active.oom = server_.config().maxmemory > 0 && server_.eviction().pre_command_oom() && !ctx.client.replayed();
  if (fake_ == nullptr) {
    fake_ = server_.CreateFakeClient();
    fake_->authenticated = true;
    fake_->script = true;
  }
  run_ = &active;

  lua_pushcfunction(L, ErrorHandler);
  int handler = lua_gettop(L);
  lua_pushlightuserdata(L, &kRealGlobalsKey);
  lua_rawget(L, LUA_REGISTRYINDEX);
  SetArray(L, handler + 1, "KEYS", run.keys);
  SetArray(L, handler + 1, "ARGV", run.args);
  lua_pop(L, 1);
  lua_pushlightuserdata(L, &kFunctionsKey);
  lua_rawget(L, LUA_REGISTRYINDEX);
  lua_pushlstring(L, run.fn_name.data(), run.fn_name.size());
  lua_rawget(L, -2);
  lua_remove(L, -2);
  // Redis installs the hook only with a threshold: with 0 a script is never interrupted.
  active.threshold_ms = server_.config().busy_reply_threshold_ms;
  active.start_ms = MonotonicMs();
  g_running = this;
  if (active.threshold_ms > 0) lua_sethook(L, BusyHook, LUA_MASKCOUNT, kHookEvery);
  int status = lua_pcall(L, 0, 1, handler);
  lua_sethook(L, nullptr, 0, 0);
  g_running = nullptr;
  if (active.busy) server_.EndBusyScript();
  run_ = nullptr;

  // A small GC step every few runs keeps Lua from running a full cycle at a bad time (as Redis does).
  if (++runs_ % 50 == 0) lua_gc(L, LUA_GCSTEP, 50);

  io::ReplyBuilder& rb = ctx.rb;
  if (status != 0) {
    if (!lua_istable(L, -1)) {
      const char* msg = lua_tostring(L, -1);
      std::string text = msg ? std::string(msg).substr(0, 100) : "execution failure";
      rb.Error("ERR Error running script " + std::string(run.error_name) + ", " + text + " ");
    } else {
      LuaErrorInfo info = ExtractErrorInfo(L, -1);
      std::string line = info.msg;
      if (!info.source.empty() && !info.line.empty()) {
        line += " script: " + std::string(run.error_name) + ", on " + info.source + ":" + info.line + ".";
      }
      ReplyErrorFromScript(rb, line, info.ignore_stats, &server_.dispatcher());
    }
  } else {
    LuaToReply(L, rb, active.resp, &server_.dispatcher());
  }
  lua_settop(L, 0);
}

bool LuaEngine::CallCommand(std::vector<std::string>& argv, std::string* reply, std::string* err) {
  Active& a = *run_;
  CommandTable& table = server_.commands();
  Command* cmd = table.Find(argv[0]);
  if (cmd != nullptr && cmd->has_subcommands() && argv.size() >= 2) cmd = table.FindSub(cmd, argv[1]);
  if (cmd == nullptr) {
    *err = "Unknown Redis command called from script";
    return false;
  }
  const int arity = cmd->spec.arity;
  const int argc = static_cast<int>(argv.size());
  if ((arity > 0 && arity != argc) || (arity < 0 && argc < -arity)) {
    *err = "Wrong number of args calling Redis command from script";
    return false;
  }
  const uint64_t flags = cmd->spec.flags;
  if (flags & kCmdNoscript) {
    *err = "This Redis command is not allowed from script";
    return false;
  }
  if ((flags & kCmdWrite) && a.run->read_only) {
    *err = "-ERR Write commands are not allowed from read-only scripts.";
    return false;
  }
  // A read-only replica refuses a script's writes, before its first one (then the script is committed), unless
  // the script is its primary's (Redis's scriptVerifyWriteCommandAllow).
  if ((flags & kCmdWrite) && !a.wrote && server_.replica().active() && server_.config().replica_read_only &&
      !a.ctx->client.replayed()) {
    *err = "-READONLY You can't write against a read only replica.";
    return false;
  }
  // A failed background save with stop-writes-on-bgsave-error refuses writes from scripts too.
  if ((flags & kCmdWrite) && WritesDeniedByRdbError(server_)) {
    *err = std::string("-") + kErrMisconf;
    return false;
  }
  // Not enough good replicas (min-replicas-to-write): writes from scripts are refused too (Redis's
  // scriptVerifyWriteCommandAllow; a script with flags was refused before it started).
  if ((flags & kCmdWrite) && !server_.primary().GoodReplicasOk()) {
    *err = std::string("-") + std::string(kErrNoReplicas);
    return false;
  }
  // Over maxmemory when the script started, a command that may grow memory fails, but only before the
  // script's first write: after it, failing would break the script's atomicity.
  if ((flags & kCmdDenyOom) && a.oom && !a.wrote && !(a.run->flags & kScriptAllowOom)) {
    *err = "-OOM command not allowed when used memory > 'maxmemory'.";
    return false;
  }
  // Redis marks the script dirty as soon as it calls a write command (SCRIPT KILL then refuses, the OOM
  // check stops), whether or not the command changes anything.
  if (flags & kCmdWrite) a.wrote = true;
  Client& c = *fake_;
  c.argv.assign(argv.begin(), argv.end());
  c.db_index = a.db;
  c.resp = a.resp;
  c.rb().SetResp3(a.resp == 3);
  const int64_t dirty_before = server_.dirty();
  server_.dispatcher().InvokeNested(c, cmd, a.propagate);
  c.argv.clear();
  a.db = c.db_index;
  if (server_.dirty() != dirty_before) a.wrote = true;
  *reply = c.out().ToString();
  c.out().Clear();
  return true;
}

bool LuaEngine::OnHookTick() {
  Active& a = *run_;
  if (a.killed) return true;
  if (!a.busy) {
    const int64_t elapsed = MonotonicMs() - a.start_ms;
    if (elapsed < a.threshold_ms) return false;
    Log(LogLevel::kWarning,
        "Slow script detected: still in execution after %lld milliseconds. You can try killing the script using "
        "the %s command. Script name is: %s.",
        static_cast<long long>(elapsed), eval_mode_ ? "SCRIPT KILL" : "FUNCTION KILL",
        std::string(a.run->error_name).c_str());
    a.busy = true;
    server_.BeginBusyScript(this);
  }
  server_.ProcessEventsWhileBusy();
  if (server_.shutdown_requested()) a.killed = true;  // SHUTDOWN NOSAVE: stop here, the loop is ending
  return a.killed;
}

std::string_view LuaEngine::BusyError() const {
  return eval_mode_ ? "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."
                    : "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";
}

void LuaEngine::KillOrReply(io::ReplyBuilder& rb, bool from_script_kill) {
  if (run_ == nullptr) {
    rb.Error("NOTBUSY No scripts in execution right now.");
    return;
  }
  if (run_->wrote) {
    rb.Error(
        "UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait "
        "the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.");
    return;
  }
  if (from_script_kill != eval_mode_) {
    // SCRIPT KILL does not stop a function, nor FUNCTION KILL an EVAL script: the BUSY text says which does.
    rb.Error(BusyError());
    return;
  }
  run_->killed = true;
  Log(LogLevel::kWarning, "Lua script killed by user with %s.", from_script_kill ? "SCRIPT KILL" : "FUNCTION KILL");
  rb.Ok();
}

size_t LuaEngine::MemoryBytes() const {
  if (lua_ == nullptr) return 0;
  return static_cast<size_t>(lua_gc(lua_, LUA_GCCOUNT, 0)) * 1024 + static_cast<size_t>(lua_gc(lua_, LUA_GCCOUNTB, 0));
}

}  // namespace ringkv::core

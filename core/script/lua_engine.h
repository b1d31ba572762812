// LuaEngine: the one Lua 5.1 state of the server and everything a script sees: the sandboxed globals (read-only,
// as Redis 7.0 locks them), the redis.* API, cjson and bit, Redis's math.random, and the conversions between
// Lua values and RESP replies both ways (RESP2 and RESP3). Scripts are compiled once into named functions kept
// in the Lua registry; Run calls one with KEYS/ARGV, its redis.call commands running as nested calls of the
// caller's call (one propagation unit). EVAL (core/commands/scripting.cc) names them by SHA1. A second
// instance in functions mode (eval_mode false) runs FUNCTION LOAD's library code and FCALL
// (core/script/function_library.h): Redis 7.0 keeps functions in a Lua state of their own.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct lua_State;

namespace ringkv::io {
class ReplyBuilder;
}

namespace ringkv::core {

class Client;
class Server;
struct CommandContext;

// Redis's script flags (shebang `#!lua flags=...`, and later function flags).
enum ScriptFlag : uint32_t {
  kScriptNoWrites = 1 << 0,
  kScriptAllowOom = 1 << 1,
  kScriptAllowStale = 1 << 2,
  kScriptNoCluster = 1 << 3,
  kScriptAllowCrossSlot = 1 << 4,
  // A script without a shebang: Redis's compatibility mode (no flags enforced before it runs).
  kScriptEvalCompat = 1 << 5,
};

// How one script invocation runs.
struct ScriptRun {
  std::string_view fn_name;    // the registry name Compile used
  std::string_view error_name;  // how errors name it ("script: <sha>, on @user_script:1.")
  std::vector<std::string_view> keys, args;
  uint32_t flags = 0;
  bool read_only = false;  // EVAL_RO, or a no-writes script: write commands fail
  int64_t start_ms = 0;    // when it started (Server::NowMs; FUNCTION STATS duration_ms)
};

class LuaEngine {
 public:
  explicit LuaEngine(Server& server, bool eval_mode = true);
  ~LuaEngine();
  LuaEngine(const LuaEngine&) = delete;
  LuaEngine& operator=(const LuaEngine&) = delete;

  // Compiles body (chunk name @user_script, as Redis) into the function fn_name. False with Lua's message
  // ("user_script:1: unexpected symbol near '<eof>'") in *err.
  bool Compile(std::string_view fn_name, std::string_view body, std::string* err);
  // Runs a compiled function for ctx's client and replies to it: the converted return value, or the error.
  void Run(CommandContext& ctx, const ScriptRun& run);
  // Drops every compiled function and starts a fresh state (SCRIPT FLUSH).
  void Reset();
  // Whether a script is running now.
  bool running() const { return run_ != nullptr; }
  // What other clients get while this engine's script runs past busy-reply-threshold (core/dispatch.cc).
  std::string_view BusyError() const;
  // SCRIPT KILL (from_script_kill) or FUNCTION KILL, from a nested turn while a script is busy: stops it
  // at the next hook tick unless it wrote (UNKILLABLE) or is the other kind (BUSY); replies to rb.
  void KillOrReply(io::ReplyBuilder& rb, bool from_script_kill);
  // The count hook's tick (lua_engine.cc): true when the running script must stop now.
  bool OnHookTick();
  lua_State* state() const { return lua_; }
  // Bytes the Lua heap holds (INFO used_memory_lua).
  size_t MemoryBytes() const;

  // ---- called from the Lua C functions (lua_engine.cc); public so those can reach them ----
  struct Active;  // the invocation in progress
  Active* active() const { return run_; }
  // Runs one redis.call command. Returns false with the error (as "-CODE msg" or a bare message that gets
  // "ERR ") in *err when it was refused; else *reply holds its RESP reply.
  bool CallCommand(std::vector<std::string>& argv, std::string* reply, std::string* err);
  // Redis's rand48 generator behind math.random (one sequence for the process, as in 7.0).
  uint64_t& rand_state() { return rand48_; }
  void SetActiveResp(int resp);        // redis.setresp
  void SetActivePropagate(bool on);    // redis.set_repl
  bool CommandExists(std::string_view name) const;

  // ---- functions mode (eval_mode false): FUNCTION LOAD / RESTORE, FCALL, FUNCTION STATS ----
  struct LoadedFunction {
    std::string name;
    std::string description;
    bool has_description = false;
    uint32_t flags = 0;  // ScriptFlag bits
    std::string key;     // its compiled function's name in the engine: ScriptRun::fn_name for FCALL
  };
  // Runs a library's code (what follows its shebang line, from that line's "\n" on, so line numbers match
  // the text) with only Redis's load-time API visible (redis.register_function, redis.log, redis.LOG_*,
  // redis.REDIS_VERSION*); each registered function lands in *out. Past timeout_ms (0: none) the load fails.
  // False with the reply's text ("Error compiling function: ...", "Error registering functions: ...") in
  // *err, and nothing of it stays in the engine. An FCALL's keys and args reach the function as its two
  // arguments (never as KEYS/ARGV globals).
  bool LoadLibrary(std::string_view code, int64_t timeout_ms, std::vector<LoadedFunction>* out, std::string* err);
  // Forgets a function LoadLibrary registered (its library was deleted or replaced).
  void DropFunction(std::string_view key);
  // The invocation in progress (FUNCTION STATS while a function is busy): its run and the caller's
  // command; null when nothing runs.
  const ScriptRun* current_run() const;
  const std::vector<std::string_view>* current_argv() const;
  // redis.register_function's C++ part: null, or the error it must raise. And the load's time limit.
  const char* RegisterFromLua(lua_State* L);
  bool LoadTimedOut() const;

 private:
  void Init();
  void Close();
  void InitFunctionsApi();  // the load-time globals of functions mode

  Server& server_;
  lua_State* lua_ = nullptr;
  struct LoadState;
  LoadState* load_ = nullptr;  // a FUNCTION LOAD in progress (functions mode)
  Active* run_ = nullptr;
  Client* fake_ = nullptr;  // the client redis.call runs commands as (created on first use)
  uint64_t rand48_;
  uint32_t runs_ = 0;  // for the incremental GC step every few runs
  bool eval_mode_ = true;  // EVAL scripts (SCRIPT KILL); false: functions (FUNCTION KILL)
};

}  // namespace ringkv::core

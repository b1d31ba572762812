// The functions mode of LuaEngine (Redis 7.0's FUNCTION LOAD on its own Lua state): the load-time globals
// (only redis.register_function, redis.log and the constants, locked as the sandbox is), loading a library's
// code with its time limit, redis.register_function's checks, and the trampoline that hands a function its
// (keys, args). core/script/function_library.h keeps what was loaded.
#include "core/script/lua_engine.h"

extern "C" {
#include <lauxlib.h>
#include <lua.h>
}

#include <string>
#include <string_view>
#include <vector>

#include "core/context.h"
#include "core/script/lua_convert.h"
#include "core/script/lua_engine_internal.h"
#include "core/script/lua_sandbox.h"
#include "core/script/script_flags.h"

namespace ringkv::core {

using namespace lua_internal;  // NOLINT: the engine's shared helpers

namespace {

char kLoadApiKey;
uint64_t g_function_seq = 0;  // the keys of registered functions, unique for the process
constexpr int kLoadHookEvery = 100000;

// Calls the registered function (upvalue 1) with (keys, args) taken from the KEYS/ARGV globals Run set.
int FunctionTrampoline(lua_State* L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushlightuserdata(L, &kRealGlobalsKey);
  lua_rawget(L, LUA_REGISTRYINDEX);
  const int real = lua_gettop(L);
  lua_pushliteral(L, "KEYS");
  lua_rawget(L, real);
  lua_pushliteral(L, "ARGV");
  lua_rawget(L, real);
  for (const char* name : {"KEYS", "ARGV"}) {
    lua_pushstring(L, name);
    lua_pushnil(L);
    lua_rawset(L, real);
  }
  lua_remove(L, real);
  lua_call(L, 2, 1);
  return 1;
}

int RedisRegisterFunction(lua_State* L) {
  const char* err = EngineOf(L)->RegisterFromLua(L);
  if (err != nullptr) return RaiseError(L, err);
  return 0;
}

// FUNCTION LOAD's time limit: checked every kHookEvery instructions; once past it, raised on every line (no
// pcall exists at load time, but a line hook costs nothing more).
void LoadHook(lua_State* L, lua_Debug*) {
  if (!EngineOf(L)->LoadTimedOut()) return;
  lua_sethook(L, LoadHook, LUA_MASKLINE, 0);
  PushErrorTable(L, "FUNCTION LOAD timeout");
  lua_error(L);
}

// Points the globals proxy's reads at t (the table on top of the stack, popped).
void SetGlobalsIndex(lua_State* L) {
  lua_getmetatable(L, LUA_GLOBALSINDEX);
  lua_insert(L, -2);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
}

bool ValidFunctionName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// Reads redis.register_function's flags table (on top of the stack) into *flags: false on a value that is
// not a known flag name (any case).
bool ReadFunctionFlags(lua_State* L, uint32_t* flags) {
  static constexpr std::pair<const char*, uint32_t> kNames[] = {
      {"no-writes", kScriptNoWrites},   {"allow-oom", kScriptAllowOom},
      {"allow-stale", kScriptAllowStale}, {"no-cluster", kScriptNoCluster},
      {"allow-cross-slot-keys", kScriptAllowCrossSlot}};
  for (int j = 1;; ++j) {
    lua_rawgeti(L, -1, j);  // load-time code cannot set metatables: a raw read is what Redis's read sees
    if (lua_isnil(L, -1)) {
      lua_pop(L, 1);
      return true;
    }
    bool found = false;
    if (lua_isstring(L, -1)) {
      const char* s = lua_tostring(L, -1);
      for (const auto& [name, bit] : kNames) {
        if (EqualsIgnoreCase(s, name)) {
          *flags |= bit;
          found = true;
          break;
        }
      }
    }
    lua_pop(L, 1);
    if (!found) return false;
  }
}

}  // namespace

struct LuaEngine::LoadState {
  std::vector<LoadedFunction>* out;
  int64_t start_ms;
  int64_t timeout_ms;
};

void LuaEngine::InitFunctionsApi() {
  lua_State* L = lua_;
  // The load-time globals: only `redis`, itself limited to what Redis 7.0 lets library code use while it
  // loads. Both read-only, and a missing name is the sandbox's "nonexistent global variable" error.
  lua_newtable(L);  // globals
  lua_newtable(L);  // redis
  SetFn(L, "register_function", RedisRegisterFunction);
  SetLogAndVersion(L);
  for (int i = 0; i < 2; ++i) {
    // i == 0: the redis table (then stored in the globals), i == 1: the globals table.
    lua_newtable(L);
    lua_pushcfunction(L, MissingGlobal);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
    if (i == 0) lua_setfield(L, -2, "redis");
  }
  PushLockedProxy(L, -1);  // the globals' proxy (its redis field becomes the redis table's proxy)
  lua_remove(L, -2);
  lua_pushlightuserdata(L, &kLoadApiKey);
  lua_insert(L, -2);
  lua_rawset(L, LUA_REGISTRYINDEX);
}

bool LuaEngine::LoadLibrary(std::string_view code, int64_t timeout_ms, std::vector<LoadedFunction>* out,
                            std::string* err) {
  lua_State* L = lua_;
  out->clear();
  if (LoadTextChunk(L, code.data(), code.size(), "@user_function") != 0) {
    const char* msg = lua_tostring(L, -1);
    *err = "Error compiling function: " + std::string(msg ? msg : "unknown error");
    lua_settop(L, 0);
    return false;
  }
  LoadState state{.out = out, .start_ms = MonotonicMs(), .timeout_ms = timeout_ms};
  load_ = &state;
  // The proxy's __index must be swapped from the real globals: Redis keeps the proxy's identity so the
  // functions' environment shows the full sandbox once the load ends.
  lua_pushlightuserdata(L, &kLoadApiKey);
  lua_rawget(L, LUA_REGISTRYINDEX);
  SetGlobalsIndex(L);
  if (timeout_ms > 0) lua_sethook(L, LoadHook, LUA_MASKCOUNT, kLoadHookEvery);
  const int status = lua_pcall(L, 0, 0, 0);
  lua_sethook(L, nullptr, 0, 0);
  lua_pushlightuserdata(L, &kRealGlobalsKey);
  lua_rawget(L, LUA_REGISTRYINDEX);
  SetGlobalsIndex(L);
  load_ = nullptr;
  if (status != 0) {
    std::string msg;
    if (lua_isstring(L, -1)) {
      msg = "ERR " + std::string(lua_tostring(L, -1));
    } else {
      msg = ExtractErrorInfo(L, -1).msg;
      if (msg.empty()) msg = "(null)";
    }
    *err = "Error registering functions: " + msg;
    lua_settop(L, 0);
    for (const LoadedFunction& f : *out) DropFunction(f.key);
    out->clear();
    return false;
  }
  lua_settop(L, 0);
  return true;
}

const char* LuaEngine::RegisterFromLua(lua_State* L) {
  if (load_ == nullptr) return "redis.register_function can only be called on FUNCTION LOAD command";
  const int argc = lua_gettop(L);
  if (argc < 1 || argc > 2) return "wrong number of arguments to redis.register_function";
  LoadedFunction f;
  bool has_name = false;
  int callback = 0;  // stack index of the function
  if (argc == 2) {
    if (!lua_isstring(L, 1)) return "first argument to redis.register_function must be a string";
    if (!lua_isfunction(L, 2)) return "second argument to redis.register_function must be a function";
    f.name = lua_tostring(L, 1);
    has_name = true;
    callback = 2;
  } else {
    if (!lua_istable(L, 1)) {
      return "calling redis.register_function with a single argument is only applicable to Lua table "
             "(representing named arguments).";
    }
    lua_pushnil(L);  // slot 2: the callback once found
    lua_pushnil(L);
    while (lua_next(L, 1) != 0) {
      // Stack: table, callback slot, key, value.
      if (!lua_isstring(L, -2)) return "named argument key given to redis.register_function is not a string";
      lua_pushvalue(L, -2);  // a copy: converting a number key in place would derail lua_next
      std::string key = lua_tostring(L, -1);
      lua_pop(L, 1);
      if (EqualsIgnoreCase(key, "function_name")) {
        if (!lua_isstring(L, -1)) return "function_name argument given to redis.register_function must be a string";
        f.name = lua_tostring(L, -1);
        has_name = true;
      } else if (EqualsIgnoreCase(key, "description")) {
        if (!lua_isstring(L, -1)) return "description argument given to redis.register_function must be a string";
        f.description = lua_tostring(L, -1);
        f.has_description = true;
      } else if (EqualsIgnoreCase(key, "callback")) {
        if (!lua_isfunction(L, -1)) return "callback argument given to redis.register_function must be a function";
        lua_pushvalue(L, -1);
        lua_replace(L, 2);
        callback = 2;
      } else if (EqualsIgnoreCase(key, "flags")) {
        if (!lua_istable(L, -1)) {
          return "flags argument to redis.register_function must be a table representing function flags";
        }
        if (!ReadFunctionFlags(L, &f.flags)) return "unknown flag given";
      } else {
        return "unknown argument given to redis.register_function";
      }
      lua_pop(L, 1);
    }
    if (!has_name) return "redis.register_function must get a function name argument";
    if (callback == 0) return "redis.register_function must get a callback argument";
  }
  // Redis 7.0.15 says "Library names" here too.
  if (!ValidFunctionName(f.name)) {
    return "Library names can only contain letters, numbers, or underscores(_) and must be at least one "
           "character long";
  }
  for (const LoadedFunction& other : *load_->out) {
    if (other.name == f.name) return "Function already exists in the library";
  }
  f.key = "fn_" + std::to_string(++g_function_seq);
  lua_pushlightuserdata(L, &kFunctionsKey);
  lua_rawget(L, LUA_REGISTRYINDEX);
  lua_pushlstring(L, f.key.data(), f.key.size());
  lua_pushvalue(L, callback);
  lua_pushcclosure(L, FunctionTrampoline, 1);
  lua_rawset(L, -3);
  lua_pop(L, 1);
  load_->out->push_back(std::move(f));
  return nullptr;
}

bool LuaEngine::LoadTimedOut() const {
  return load_ != nullptr && load_->timeout_ms > 0 && MonotonicMs() - load_->start_ms > load_->timeout_ms;
}

void LuaEngine::DropFunction(std::string_view key) {
  lua_State* L = lua_;
  lua_pushlightuserdata(L, &kFunctionsKey);
  lua_rawget(L, LUA_REGISTRYINDEX);
  lua_pushlstring(L, key.data(), key.size());
  lua_pushnil(L);
  lua_rawset(L, -3);
  lua_pop(L, 1);
}

}  // namespace ringkv::core

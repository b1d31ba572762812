// What lua_engine.cc shares with lua_functions.cc (the engine's functions mode): registry keys and small
// helpers for building tables and raising errors. Internal to core/script/.
#pragma once

#include <cstdint>

extern "C" {
#include <lua.h>
}

namespace ringkv::core {

class LuaEngine;

namespace lua_internal {

// Registry keys (their addresses are unique): the engine, the compiled functions by name, the real globals.
extern char kEngineKey, kFunctionsKey, kRealGlobalsKey;

LuaEngine* EngineOf(lua_State* L);
// Raises {err="ERR <msg>"}; a lua_CFunction returns it.
int RaiseError(lua_State* L, const char* msg);
// t[name] = f / v for the table on top of the stack.
void SetFn(lua_State* L, const char* name, lua_CFunction f);
void SetNum(lua_State* L, const char* name, lua_Number v);
// redis.log, the LOG_* levels and REDIS_VERSION(_NUM) into the table on top of the stack.
void SetLogAndVersion(lua_State* L);
int64_t MonotonicMs();
// redis.log
int RedisLog(lua_State* L);

}  // namespace lua_internal
}  // namespace ringkv::core

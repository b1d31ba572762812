// The Lua sandbox scripts run in, as Redis 7.0.15 shows it: the globals and every table reachable from them
// (libraries, the string metatable, the globals' metatable) are read-only, a missing global is an error, the
// base functions Redis removes are gone, and chunks are always parsed as text (never as bytecode).
#pragma once

#include <cstddef>

struct lua_State;

namespace ringkv::core {

// Locks the globals of L once every library is loaded. Debian's Lua 5.1 has no read-only tables (Redis patches
// its Lua for them), so each table T is replaced by an empty proxy whose metatable reads through to T and
// refuses writes; next/pairs/rawget/getmetatable/rawset/setmetatable/table.insert/table.foreach(i) are wrapped
// so that proxies iterate, read and fail as Redis's locked tables do. Leaves the real globals table on the
// stack: its writes (KEYS/ARGV before each run) bypass the lock; scripts never see it.
void LockGlobals(lua_State* L);

// Pushes the read-only proxy of the table at idx (made on first use, with proxies for the tables it reaches),
// for tables made after LockGlobals (FUNCTION LOAD's load-time globals).
void PushLockedProxy(lua_State* L, int idx);
// An __index metamethod: reading a missing name is Redis's "nonexistent global variable" error.
int MissingGlobal(lua_State* L);

// Loads a chunk as Lua text even when it starts with the bytecode signature (ESC): the parser then fails on
// that byte ("unexpected symbol near 'char(27)'"), as Redis's Lua, which cannot load bytecode. Same contract
// as luaL_loadbuffer.
int LoadTextChunk(lua_State* L, const char* buf, size_t len, const char* chunkname);

}  // namespace ringkv::core

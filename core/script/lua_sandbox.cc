// The sandbox of lua_sandbox.h. Every function here that Lua calls is a plain lua_CFunction: Lua errors unwind
// with longjmp, so no frame below holds a C++ object with a destructor.
//
// How a locked table works without Redis's patched Lua: for each real table T reachable from the globals (and
// the string metatable) there is an empty proxy P with the metatable {__index = T, __newindex = refuse}. Every
// table-valued field of a real table is replaced by its proxy, so scripts only ever hold proxies; writes to P
// miss and fail, reads go through to T. The wrapped base functions see through proxies where Redis's locked
// tables behave as plain tables for reading (next, pairs, rawget, getmetatable, table.foreach) and refuse the
// writes that would bypass __newindex (rawset, setmetatable, table.insert). Three maps in the registry tie it
// together: proxy -> real table, real table -> proxy, proxy -> the metatable a script sees (a proxy, or none).
#include "core/script/lua_sandbox.h"

extern "C" {
#include <lauxlib.h>
#include <lua.h>
}

#include <cstring>
#include <initializer_list>

namespace ringkv::core {

namespace {

char kSandboxKey;  // registry: {[kRealOf] = ..., [kProxyOf] = ..., [kMetaOf] = ...}
enum MapSlot { kRealOf = 1, kProxyOf = 2, kMetaOf = 3 };

constexpr char kReadonly[] = "Attempt to modify a readonly table";

int AbsIndex(lua_State* L, int idx) { return idx > 0 || idx <= LUA_REGISTRYINDEX ? idx : lua_gettop(L) + idx + 1; }

void PushMap(lua_State* L, MapSlot slot) {
  lua_pushlightuserdata(L, &kSandboxKey);
  lua_rawget(L, LUA_REGISTRYINDEX);
  lua_rawgeti(L, -1, slot);
  lua_remove(L, -2);
}

// Pushes map[value at idx], nil when absent.
void PushMapped(lua_State* L, MapSlot slot, int idx) {
  idx = AbsIndex(L, idx);
  PushMap(L, slot);
  lua_pushvalue(L, idx);
  lua_rawget(L, -2);
  lua_remove(L, -2);
}

// map[key at -2] = value at -1; pops both.
void SetMapped(lua_State* L, MapSlot slot) {
  PushMap(L, slot);
  lua_insert(L, -3);
  lua_rawset(L, -3);
  lua_pop(L, 1);
}

bool IsProxy(lua_State* L, int idx) {
  if (!lua_istable(L, idx)) return false;
  PushMapped(L, kRealOf, idx);
  const bool yes = !lua_isnil(L, -1);
  lua_pop(L, 1);
  return yes;
}

// The real table in place of a proxy at idx (for reads only: it is never handed to the script).
void Unproxy(lua_State* L, int idx) {
  if (!lua_istable(L, idx)) return;
  PushMapped(L, kRealOf, idx);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
  } else {
    lua_replace(L, idx);
  }
}

int ReadonlyNewindex(lua_State* L) { return luaL_error(L, "%s", kReadonly); }


// Pushes the proxy of the table at idx, making it (and the proxies of the tables it reaches) on first use.
void Protect(lua_State* L, int idx) {
  idx = AbsIndex(L, idx);
  PushMapped(L, kProxyOf, idx);
  if (!lua_isnil(L, -1)) return;
  lua_pop(L, 1);
  lua_newtable(L);
  const int proxy = lua_gettop(L);
  // Both ways before going down, so a cycle (_G._G) finds this proxy.
  lua_pushvalue(L, proxy);
  lua_pushvalue(L, idx);
  SetMapped(L, kRealOf);
  lua_pushvalue(L, idx);
  lua_pushvalue(L, proxy);
  SetMapped(L, kProxyOf);
  lua_checkstack(L, 8);
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {
    if (lua_istable(L, -1) && !IsProxy(L, -1)) {
      Protect(L, -1);
      lua_pushvalue(L, -3);
      lua_pushvalue(L, -2);
      lua_rawset(L, idx);  // an existing field may change during a traversal
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  if (lua_getmetatable(L, idx)) {
    Protect(L, -1);
    lua_pushvalue(L, proxy);
    lua_insert(L, -2);
    SetMapped(L, kMetaOf);
    lua_pop(L, 1);
  }
  lua_newtable(L);
  lua_pushvalue(L, idx);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, ReadonlyNewindex);
  lua_setfield(L, -2, "__newindex");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, proxy);
}

// ---- the wrapped base functions ----

int SandboxNext(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  Unproxy(L, 1);
  lua_settop(L, 2);
  if (lua_next(L, 1) != 0) return 2;
  lua_pushnil(L);
  return 1;
}

// pairs(t): its own next (upvalue), as Lua's pairs returns a next that is not the global one.
int SandboxPairs(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

int SandboxRawget(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checkany(L, 2);
  Unproxy(L, 1);
  lua_settop(L, 2);
  lua_rawget(L, 1);
  return 1;
}

int SandboxGetmetatable(lua_State* L) {
  luaL_checkany(L, 1);
  if (IsProxy(L, 1)) {
    PushMapped(L, kMetaOf, 1);
    return 1;
  }
  if (!lua_getmetatable(L, 1)) {
    lua_pushnil(L);
    return 1;
  }
  PushMapped(L, kProxyOf, -1);  // a locked metatable (the strings') shows as its proxy
  if (!lua_isnil(L, -1)) return 1;
  lua_pop(L, 1);
  luaL_getmetafield(L, 1, "__metatable");
  return 1;  // the __metatable field when present, else the metatable
}

// Calls the wrapped function (upvalue 1) with the arguments as they are.
int CallWrapped(lua_State* L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

// rawset, setmetatable, table.insert: a locked first argument fails (no position, as Redis's C-level check).
int GuardedWrite(lua_State* L) {
  if (IsProxy(L, 1)) {
    lua_pushstring(L, kReadonly);
    return lua_error(L);
  }
  return CallWrapped(L);
}

// table.foreach: iterates the real table behind a proxy (its values are proxies already).
int ReadThrough(lua_State* L) {
  Unproxy(L, 1);
  return CallWrapped(L);
}

// ---- loading text only ----

// Lua 5.1 takes a chunk whose first byte is ESC for bytecode. Redis's Lua only parses text, where that byte is
// an unexpected symbol. The readers hand the parser \001 in its place (the same error at the same token) and
// the message is fixed afterwards.
constexpr char kEsc = '\033';

void FixEscMessage(lua_State* L) {
  static constexpr char kNear[] = "near 'char(1)'";
  const size_t near_len = sizeof(kNear) - 1;
  size_t n = 0;
  const char* m = lua_tolstring(L, -1, &n);
  if (m == nullptr || n < near_len || std::memcmp(m + n - near_len, kNear, near_len) != 0) return;
  lua_pushlstring(L, m, n - 3);  // up to "char("
  lua_pushliteral(L, "27)'");
  lua_concat(L, 2);
  lua_replace(L, -2);
}

struct BufferReader {
  const char* buf;
  size_t len;
  int stage;  // 0: nothing read; 1: the rest after a leading ESC is due; 2: done
};

const char* ReadBuffer(lua_State*, void* ud, size_t* size) {
  auto* r = static_cast<BufferReader*>(ud);
  switch (r->stage) {
    case 0:
      if (r->len > 0 && r->buf[0] == kEsc) {
        r->stage = 1;
        *size = 1;
        return "\001";
      }
      r->stage = 2;
      *size = r->len;
      return r->len > 0 ? r->buf : nullptr;
    case 1:
      r->stage = 2;
      *size = r->len - 1;
      return r->buf + 1;
    default:
      *size = 0;
      return nullptr;
  }
}

struct FunctionReader {
  int stage;  // as BufferReader's; the current piece is kept in stack slot 3 (as Lua's load does)
  bool esc;
};

const char* ReadFromFunction(lua_State* L, void* ud, size_t* size) {
  auto* r = static_cast<FunctionReader*>(ud);
  if (r->stage == 1) {
    r->stage = 2;
    const char* s = lua_tolstring(L, 3, size);
    *size -= 1;
    return s + 1;
  }
  luaL_checkstack(L, 2, "too many nested functions");
  lua_pushvalue(L, 1);
  lua_call(L, 0, 1);
  if (lua_isnil(L, -1)) {
    *size = 0;
    return nullptr;
  }
  if (!lua_isstring(L, -1)) luaL_error(L, "reader function must return a string");
  lua_replace(L, 3);
  const char* s = lua_tolstring(L, 3, size);
  if (r->stage == 0) {
    r->stage = 2;
    if (*size > 0 && s[0] == kEsc) {
      r->stage = 1;
      r->esc = true;
      *size = 1;
      return "\001";
    }
  }
  return s;
}

// load_aux of Lua's base library: the function, or nil and the message.
int LoadResult(lua_State* L, int status) {
  if (status == 0) return 1;
  lua_pushnil(L);
  lua_insert(L, -2);
  return 2;
}

int SandboxLoadstring(lua_State* L) {
  size_t len = 0;
  const char* s = luaL_checklstring(L, 1, &len);
  const char* chunkname = luaL_optstring(L, 2, s);
  return LoadResult(L, LoadTextChunk(L, s, len, chunkname));
}

int SandboxLoad(lua_State* L) {
  const char* chunkname = luaL_optstring(L, 2, "=(load)");
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_settop(L, 3);  // the function, the name, the slot of the current piece
  FunctionReader r{0, false};
  const int status = lua_load(L, ReadFromFunction, &r, chunkname);
  if (status != 0 && r.esc) FixEscMessage(L);
  return LoadResult(L, status);
}

// globals[name] = f wrapping the current globals[name] (or table[name] when table is not null).
void Wrap(lua_State* L, const char* table, const char* name, lua_CFunction f) {
  if (table != nullptr) {
    lua_getglobal(L, table);
  } else {
    lua_pushvalue(L, LUA_GLOBALSINDEX);
  }
  lua_getfield(L, -1, name);
  lua_pushcclosure(L, f, 1);
  lua_setfield(L, -2, name);
  lua_pop(L, 1);
}

}  // namespace

int MissingGlobal(lua_State* L) {
  const char* name = lua_tostring(L, 2);
  return luaL_error(L, "Script attempted to access nonexistent global variable '%s'", name ? name : "?");
}

void PushLockedProxy(lua_State* L, int idx) { Protect(L, idx); }

int LoadTextChunk(lua_State* L, const char* buf, size_t len, const char* chunkname) {
  BufferReader r{buf, len, 0};
  const int status = lua_load(L, ReadBuffer, &r, chunkname);
  if (status != 0 && len > 0 && buf[0] == kEsc) FixEscMessage(L);
  return status;
}

void LockGlobals(lua_State* L) {
  lua_pushlightuserdata(L, &kSandboxKey);
  lua_createtable(L, 3, 0);
  for (int slot : {kRealOf, kProxyOf, kMetaOf}) {
    lua_newtable(L);
    lua_rawseti(L, -2, slot);
  }
  lua_rawset(L, LUA_REGISTRYINDEX);

  // The base functions 7.0.15 does not offer.
  for (const char* name : {"dofile", "loadfile", "print", "getfenv", "setfenv", "newproxy", "module", "require"}) {
    lua_pushnil(L);
    lua_setglobal(L, name);
  }
  lua_pushcfunction(L, SandboxNext);
  lua_setglobal(L, "next");
  lua_pushcfunction(L, SandboxNext);
  lua_pushcclosure(L, SandboxPairs, 1);
  lua_setglobal(L, "pairs");
  lua_pushcfunction(L, SandboxRawget);
  lua_setglobal(L, "rawget");
  lua_pushcfunction(L, SandboxGetmetatable);
  lua_setglobal(L, "getmetatable");
  lua_pushcfunction(L, SandboxLoadstring);
  lua_setglobal(L, "loadstring");
  lua_pushcfunction(L, SandboxLoad);
  lua_setglobal(L, "load");
  Wrap(L, nullptr, "rawset", GuardedWrite);
  Wrap(L, nullptr, "setmetatable", GuardedWrite);
  Wrap(L, "table", "insert", GuardedWrite);
  Wrap(L, "table", "foreach", ReadThrough);

  // Lock: the globals' metatable makes a missing global an error; then every reachable table gets its proxy,
  // the strings' metatable too (its __index becomes the string library's proxy).
  lua_pushvalue(L, LUA_GLOBALSINDEX);
  const int real = lua_gettop(L);
  lua_newtable(L);
  lua_pushcfunction(L, MissingGlobal);
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, real);
  Protect(L, real);
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  Protect(L, -1);
  lua_pop(L, 3);
  lua_replace(L, LUA_GLOBALSINDEX);  // scripts (and chunks loadstring makes) run with the proxy
}

}  // namespace ringkv::core

// Lua libraries Redis embeds that Debian lacks for Lua 5.1 (lua_libs.cc): each opener leaves the library
// table on the stack; the engine stores it as a global (struct, cmsgpack).
#pragma once

struct lua_State;

namespace ringkv::core {

int OpenStructLib(lua_State* L);
int OpenCmsgpackLib(lua_State* L);

}  // namespace ringkv::core

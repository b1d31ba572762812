// Conversions between Lua values and RESP, as Redis 7.0 makes them for scripts: a command's reply (RESP2 or
// RESP3 bytes, as the script's fake client received it) becomes a Lua value for redis.call, and a script's
// return value becomes the caller's reply. Also the error tables ({err="CODE msg"}) both directions use.
#pragma once

#include <string>
#include <string_view>

struct lua_State;

namespace ringkv::io {
class ReplyBuilder;
class ErrorReplyObserver;
}  // namespace ringkv::io

namespace ringkv::core {

// Pushes {err="CODE msg"}: from "-CODE msg" the code is the first word, a bare "msg" gets "ERR"; CR/LF at
// either end are trimmed (Redis's luaPushErrorBuff).
void PushErrorTable(lua_State* L, std::string_view raw);

// Pushes the Lua value of one RESP reply: integer -> number, bulk -> string, null bulk/array (RESP2) ->
// false, status -> {ok=}, error -> {err=} (marked as already counted), array -> table; RESP3 map -> {map=},
// set -> {set={k=true}}, null -> nil, boolean, double -> {double=}, big number -> {big_number=}, verbatim ->
// {verbatim_string={format=,string=}}; attributes are skipped.
void PushRespAsLua(lua_State* L, std::string_view resp);

// What an error table holds (Redis's errorInfo).
struct LuaErrorInfo {
  std::string msg, source, line;
  bool ignore_stats = false;
};
LuaErrorInfo ExtractErrorInfo(lua_State* L, int idx);

// Replies an error line made by a script; ignore_stats: it was counted when the command inside failed, so
// the observer (errorstats) is not told again.
void ReplyErrorFromScript(io::ReplyBuilder& rb, std::string_view line, bool ignore_stats,
                          io::ErrorReplyObserver* observer);

// Replies the Lua value on top of the stack (and pops it): string -> bulk, number -> integer (truncated),
// boolean -> 1/null under RESP2 scripts (script_resp 2), a boolean under setresp(3); table with err/ok/
// double/big_number/verbatim_string/map/set fields -> that reply, else an array up to the first nil;
// anything else -> null.
void LuaToReply(lua_State* L, io::ReplyBuilder& rb, int script_resp, io::ErrorReplyObserver* observer);

}  // namespace ringkv::core

#include "core/script/lua_convert.h"

extern "C" {
#include <lauxlib.h>
#include <lua.h>
}

#include <cstdlib>
#include <limits>
#include <string>

#include "io/reply_builder.h"

namespace ringkv::core {

void PushErrorTable(lua_State* L, std::string_view raw) {
  std::string_view code = "ERR", msg = raw;
  if (!raw.empty() && raw[0] == '-') {
    size_t sp = raw.find(' ');
    if (sp == std::string_view::npos) {
      msg = raw.substr(1);
    } else {
      code = raw.substr(1, sp - 1);
      msg = raw.substr(sp + 1);
    }
  }
  while (!msg.empty() && (msg.front() == '\r' || msg.front() == '\n')) msg.remove_prefix(1);
  while (!msg.empty() && (msg.back() == '\r' || msg.back() == '\n')) msg.remove_suffix(1);
  std::string text;
  text.reserve(code.size() + 1 + msg.size());
  text.append(code).append(" ").append(msg);
  lua_newtable(L);
  lua_pushlstring(L, text.data(), text.size());
  lua_setfield(L, -2, "err");
}

namespace {

// The RESP parser behind PushRespAsLua. The bytes come from our own reply builder, so they are well formed;
// it still never reads past the end. push=false parses a value without pushing it (attributes).
class RespToLua {
 public:
  RespToLua(lua_State* L, std::string_view in) : L_(L), in_(in) {}

  void Parse(bool push) {
    if (pos_ >= in_.size()) {
      if (push) lua_pushnil(L_);
      return;
    }
    char type = in_[pos_++];
    std::string_view line = Line();
    switch (type) {
      case ':':
        if (push) lua_pushnumber(L_, static_cast<lua_Number>(std::strtoll(std::string(line).c_str(), nullptr, 10)));
        return;
      case '+':
        if (push) {
          lua_newtable(L_);
          lua_pushlstring(L_, line.data(), line.size());
          lua_setfield(L_, -2, "ok");
        }
        return;
      case '-':
        if (push) {
          PushErrorTable(L_, "-" + std::string(line));
          lua_pushboolean(L_, 1);
          lua_setfield(L_, -2, "ignore_error_stats_update");
        }
        return;
      case '$': {
        long long n = std::strtoll(std::string(line).c_str(), nullptr, 10);
        if (n < 0) {
          if (push) lua_pushboolean(L_, 0);
          return;
        }
        std::string_view body = Take(static_cast<size_t>(n));
        if (push) lua_pushlstring(L_, body.data(), body.size());
        return;
      }
      case '=': {
        long long n = std::strtoll(std::string(line).c_str(), nullptr, 10);
        std::string_view body = Take(static_cast<size_t>(n < 0 ? 0 : n));
        if (push) {
          std::string_view fmt = body.substr(0, 3), text = body.size() >= 4 ? body.substr(4) : std::string_view();
          lua_newtable(L_);
          lua_newtable(L_);
          lua_pushlstring(L_, text.data(), text.size());
          lua_setfield(L_, -2, "string");
          lua_pushlstring(L_, fmt.data(), fmt.size());
          lua_setfield(L_, -2, "format");
          lua_setfield(L_, -2, "verbatim_string");
        }
        return;
      }
      case '*':
      case '>': {
        long long n = std::strtoll(std::string(line).c_str(), nullptr, 10);
        if (n < 0) {
          if (push) lua_pushboolean(L_, 0);
          return;
        }
        if (push) {
          luaL_checkstack(L_, 3, "reply too deep");
          lua_newtable(L_);
        }
        for (long long i = 0; i < n; ++i) {
          Parse(push);
          if (push) lua_rawseti(L_, -2, static_cast<int>(i + 1));
        }
        return;
      }
      case '%':
      case '~': {
        long long n = std::strtoll(std::string(line).c_str(), nullptr, 10);
        if (push) {
          luaL_checkstack(L_, 4, "reply too deep");
          lua_newtable(L_);
          lua_newtable(L_);
        }
        for (long long i = 0; i < n; ++i) {
          Parse(push);
          if (type == '%') {
            Parse(push);
          } else if (push) {
            lua_pushboolean(L_, 1);
          }
          if (push) lua_rawset(L_, -3);
        }
        if (push) lua_setfield(L_, -2, type == '%' ? "map" : "set");
        return;
      }
      case '|': {
        long long n = std::strtoll(std::string(line).c_str(), nullptr, 10);
        for (long long i = 0; i < 2 * n; ++i) Parse(false);
        Parse(push);
        return;
      }
      case '_':
        if (push) lua_pushnil(L_);
        return;
      case '#':
        if (push) lua_pushboolean(L_, line == "t");
        return;
      case ',':
        if (push) {
          lua_newtable(L_);
          lua_pushnumber(L_, std::strtod(std::string(line).c_str(), nullptr));
          lua_setfield(L_, -2, "double");
        }
        return;
      case '(':
        if (push) {
          lua_newtable(L_);
          lua_pushlstring(L_, line.data(), line.size());
          lua_setfield(L_, -2, "big_number");
        }
        return;
      default:
        if (push) lua_pushnil(L_);
        return;
    }
  }

 private:
  std::string_view Line() {
    size_t end = in_.find("\r\n", pos_);
    if (end == std::string_view::npos) end = in_.size();
    std::string_view line = in_.substr(pos_, end - pos_);
    pos_ = end + 2 > in_.size() ? in_.size() : end + 2;
    return line;
  }
  std::string_view Take(size_t n) {
    std::string_view body = in_.substr(pos_, n);
    pos_ = pos_ + n + 2 > in_.size() ? in_.size() : pos_ + n + 2;
    return body;
  }

  lua_State* L_;
  std::string_view in_;
  size_t pos_ = 0;
};

std::string CrLfToSpaces(std::string_view s) {
  std::string out(s);
  for (char& ch : out) {
    if (ch == '\r' || ch == '\n') ch = ' ';
  }
  return out;
}

// The field `name` of the table at idx if it has type `type` (pushed), else nothing pushed and false.
bool RawField(lua_State* L, int idx, const char* name, int type) {
  lua_pushstring(L, name);
  lua_rawget(L, idx);
  if (lua_type(L, -1) == type) return true;
  lua_pop(L, 1);
  return false;
}

// A double converted to long long as Redis's C cast does on x86-64: out of range (and NaN) gives INT64_MIN.
int64_t TruncateNumber(lua_Number v) {
  if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0)) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(v);
}

void Convert(lua_State* L, io::ReplyBuilder& rb, int script_resp, io::ErrorReplyObserver* observer) {
  if (!lua_checkstack(L, 4)) {
    rb.Error("ERR reached lua stack limit");
    lua_pop(L, 1);
    return;
  }
  int t = lua_gettop(L);
  switch (lua_type(L, t)) {
    case LUA_TSTRING: {
      size_t len;
      const char* s = lua_tolstring(L, t, &len);
      rb.Bulk(std::string_view(s, len));
      break;
    }
    case LUA_TBOOLEAN:
      if (script_resp == 2) {
        if (lua_toboolean(L, t)) {
          rb.Integer(1);
        } else {
          rb.Null();
        }
      } else {
        rb.Bool(lua_toboolean(L, t));
      }
      break;
    case LUA_TNUMBER:
      rb.Integer(TruncateNumber(lua_tonumber(L, t)));
      break;
    case LUA_TTABLE: {
      if (RawField(L, t, "err", LUA_TSTRING)) {
        lua_pop(L, 1);
        LuaErrorInfo info = ExtractErrorInfo(L, t);
        ReplyErrorFromScript(rb, info.msg, info.ignore_stats, observer);
        break;
      }
      if (RawField(L, t, "ok", LUA_TSTRING)) {
        size_t len;
        const char* s = lua_tolstring(L, -1, &len);
        rb.SimpleString(CrLfToSpaces(std::string_view(s, len)));
        lua_pop(L, 1);
        break;
      }
      if (RawField(L, t, "double", LUA_TNUMBER)) {
        rb.Double(lua_tonumber(L, -1));
        lua_pop(L, 1);
        break;
      }
      if (RawField(L, t, "big_number", LUA_TSTRING)) {
        size_t len;
        const char* s = lua_tolstring(L, -1, &len);
        std::string num = CrLfToSpaces(std::string_view(s, len));
        if (rb.resp3()) {
          rb.Raw("(" + num + "\r\n");
        } else {
          rb.Bulk(num);
        }
        lua_pop(L, 1);
        break;
      }
      if (RawField(L, t, "verbatim_string", LUA_TTABLE)) {
        int v = lua_gettop(L);
        if (RawField(L, v, "format", LUA_TSTRING)) {
          if (RawField(L, v, "string", LUA_TSTRING)) {
            size_t flen, slen;
            const char* f = lua_tolstring(L, -2, &flen);
            const char* s = lua_tolstring(L, -1, &slen);
            rb.Verbatim(std::string_view(s, slen), std::string_view(f, flen));
            lua_pop(L, 3);
            break;
          }
          lua_pop(L, 1);
        }
        lua_pop(L, 1);
      }
      if (RawField(L, t, "map", LUA_TTABLE)) {
        int m = lua_gettop(L);
        size_t n = 0;
        lua_pushnil(L);
        while (lua_next(L, m) != 0) {
          ++n;
          lua_pop(L, 1);
        }
        rb.MapHeader(n);
        lua_pushnil(L);
        while (lua_next(L, m) != 0) {
          lua_pushvalue(L, -2);
          Convert(L, rb, script_resp, observer);  // the key (a copy: lua_next needs the original)
          Convert(L, rb, script_resp, observer);  // the value
        }
        lua_pop(L, 1);
        break;
      }
      if (RawField(L, t, "set", LUA_TTABLE)) {
        int s = lua_gettop(L);
        size_t n = 0;
        lua_pushnil(L);
        while (lua_next(L, s) != 0) {
          ++n;
          lua_pop(L, 1);
        }
        rb.SetHeader(n);
        lua_pushnil(L);
        while (lua_next(L, s) != 0) {
          lua_pop(L, 1);
          lua_pushvalue(L, -1);
          Convert(L, rb, script_resp, observer);
        }
        lua_pop(L, 1);
        break;
      }
      // An array, up to the first nil.
      size_t n = 0;
      for (;;) {
        lua_rawgeti(L, t, static_cast<int>(n + 1));
        bool end = lua_isnil(L, -1);
        lua_pop(L, 1);
        if (end) break;
        ++n;
      }
      rb.ArrayHeader(n);
      for (size_t i = 1; i <= n; ++i) {
        lua_rawgeti(L, t, static_cast<int>(i));
        Convert(L, rb, script_resp, observer);
      }
      break;
    }
    default:
      rb.Null();
  }
  lua_settop(L, t - 1);
}

}  // namespace

void PushRespAsLua(lua_State* L, std::string_view resp) { RespToLua(L, resp).Parse(true); }

void LuaToReply(lua_State* L, io::ReplyBuilder& rb, int script_resp, io::ErrorReplyObserver* observer) {
  Convert(L, rb, script_resp, observer);
}

LuaErrorInfo ExtractErrorInfo(lua_State* L, int idx) {
  LuaErrorInfo info;
  idx = idx < 0 ? lua_gettop(L) + idx + 1 : idx;
  if (lua_isstring(L, idx)) {
    info.msg = std::string("ERR ") + lua_tostring(L, idx);
    return info;
  }
  if (!lua_istable(L, idx)) return info;
  // Raw reads: a metamethod of a user's table must not run (and raise) outside a protected call.
  auto field = [&](const char* name, std::string* out) {
    lua_pushstring(L, name);
    lua_rawget(L, idx);
    if (lua_isstring(L, -1)) {
      size_t len;
      const char* s = lua_tolstring(L, -1, &len);
      out->assign(s, len);
    }
    lua_pop(L, 1);
  };
  field("err", &info.msg);
  field("source", &info.source);
  field("line", &info.line);
  lua_pushliteral(L, "ignore_error_stats_update");
  lua_rawget(L, idx);
  if (lua_isboolean(L, -1)) info.ignore_stats = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return info;
}

void ReplyErrorFromScript(io::ReplyBuilder& rb, std::string_view line, bool ignore_stats,
                          io::ErrorReplyObserver* observer) {
  if (!ignore_stats) {
    rb.Error(line);
    return;
  }
  rb.SetErrorObserver(nullptr);
  rb.Error(line);
  rb.SetErrorObserver(observer);
  if (observer != nullptr) observer->OnUncountedErrorReply();
}

}  // namespace ringkv::core

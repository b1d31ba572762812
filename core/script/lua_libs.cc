// The two libraries Redis embeds that Debian does not package for Lua 5.1, written here to the behaviour
// scripts see in Redis 7.0: `struct` (pack/unpack/size of binary records, the format language of Roberto
// Ierusalimschy's struct library) and `cmsgpack` (MessagePack pack/unpack/unpack_one/unpack_limit).
// They are lua_CFunctions: errors unwind with longjmp, so no C++ object lives across a raising call.
#include "core/script/lua_libs.h"

extern "C" {
#include <lauxlib.h>
#include <lua.h>
}

#include <cctype>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

namespace ringkv::core {

namespace {

// ---------------------------------------------------------------------------------------------------------
// struct
// ---------------------------------------------------------------------------------------------------------

constexpr int kMaxIntSize = 32;
constexpr int kMaxAlign = 8;

struct StructHeader {
  bool little = true;  // native byte order on x86-64
  int align = 1;
};

int GetNum(lua_State* L, const char** fmt, int def) {
  if (!std::isdigit(static_cast<unsigned char>(**fmt))) return def;
  int a = 0;
  do {
    int d = **fmt - '0';
    if (a > (INT_MAX / 10) || a * 10 > (INT_MAX - d)) luaL_error(L, "integral size overflow");
    a = a * 10 + d;
    ++*fmt;
  } while (std::isdigit(static_cast<unsigned char>(**fmt)));
  return a;
}

size_t OptSize(lua_State* L, char opt, const char** fmt) {
  switch (opt) {
    case 'B':
    case 'b':
    case 'x':
      return 1;
    case 'H':
    case 'h':
      return sizeof(short);
    case 'L':
    case 'l':
      return sizeof(long);
    case 'T':
      return sizeof(size_t);
    case 'f':
      return sizeof(float);
    case 'd':
      return sizeof(double);
    case 'c':
      return static_cast<size_t>(GetNum(L, fmt, 1));
    case 'i':
    case 'I': {
      int sz = GetNum(L, fmt, sizeof(int));
      if (sz > kMaxIntSize) luaL_error(L, "integral size %d is larger than limit of %d", sz, kMaxIntSize);
      return static_cast<size_t>(sz);
    }
    default:
      return 0;
  }
}

// Padding needed before an item of `size` bytes at offset len.
size_t ToAlign(size_t len, const StructHeader& h, char opt, size_t size) {
  if (size == 0 || opt == 'c') return 0;
  if (size > static_cast<size_t>(h.align)) size = static_cast<size_t>(h.align);
  return (size - (len & (size - 1))) & (size - 1);
}

void ControlOption(lua_State* L, char opt, const char** fmt, StructHeader* h) {
  switch (opt) {
    case ' ':
      return;
    case '>':
      h->little = false;
      return;
    case '<':
    case '=':
      h->little = true;
      return;
    case '!': {
      int a = GetNum(L, fmt, kMaxAlign);
      if (a <= 0 || (a & (a - 1)) != 0) luaL_error(L, "alignment %d is not a power of 2", a);
      h->align = a;
      return;
    }
    default:
      luaL_argerror(L, 1, lua_pushfstring(L, "invalid format option '%c'", opt));
  }
}

void PutInteger(luaL_Buffer* b, lua_Number n, bool little, size_t size) {
  char buf[kMaxIntSize];
  int64_t v = n < 0 ? static_cast<int64_t>(n) : static_cast<int64_t>(static_cast<uint64_t>(n));
  for (size_t i = 0; i < size; ++i) {
    unsigned char byte = i < 8 ? static_cast<unsigned char>(static_cast<uint64_t>(v) >> (8 * i)) : (v < 0 ? 0xff : 0);
    buf[little ? i : size - 1 - i] = static_cast<char>(byte);
  }
  luaL_addlstring(b, buf, size);
}

void AddOrdered(luaL_Buffer* b, const void* p, size_t size, bool little) {
  char buf[8];
  std::memcpy(buf, p, size);
  if (!little) {
    for (size_t i = 0; i < size / 2; ++i) {
      char t = buf[i];
      buf[i] = buf[size - 1 - i];
      buf[size - 1 - i] = t;
    }
  }
  luaL_addlstring(b, buf, size);
}

int StructPack(lua_State* L) {
  luaL_Buffer b;
  StructHeader h;
  const char* fmt = luaL_checkstring(L, 1);
  int arg = 2;
  size_t total = 0;
  lua_pushnil(L);  // a slot so luaL_Buffer stays above the arguments
  luaL_buffinit(L, &b);
  while (*fmt != '\0') {
    char opt = *fmt++;
    size_t size = OptSize(L, opt, &fmt);
    size_t pad = ToAlign(total, h, opt, size);
    total += pad;
    while (pad-- > 0) luaL_addchar(&b, '\0');
    switch (opt) {
      case 'b':
      case 'B':
      case 'h':
      case 'H':
      case 'l':
      case 'L':
      case 'T':
      case 'i':
      case 'I':
        PutInteger(&b, luaL_checknumber(L, arg++), h.little, size);
        break;
      case 'x':
        luaL_addchar(&b, '\0');
        break;
      case 'f': {
        float f = static_cast<float>(luaL_checknumber(L, arg++));
        AddOrdered(&b, &f, sizeof(f), h.little);
        break;
      }
      case 'd': {
        double d = luaL_checknumber(L, arg++);
        AddOrdered(&b, &d, sizeof(d), h.little);
        break;
      }
      case 'c':
      case 's': {
        size_t l;
        const char* s = luaL_checklstring(L, arg++, &l);
        if (size == 0) size = l;
        luaL_argcheck(L, l >= size, arg, "string too short");  // Redis's struct names the next argument
        luaL_addlstring(&b, s, size);
        if (opt == 's') {
          luaL_addchar(&b, '\0');
          ++size;
        }
        break;
      }
      default:
        ControlOption(L, opt, &fmt, &h);
    }
    total += size;
  }
  luaL_pushresult(&b);
  return 1;
}

lua_Number GetInteger(const char* p, bool little, bool is_signed, size_t size) {
  uint64_t v = 0;
  size_t used = size > 8 ? 8 : size;
  for (size_t i = 0; i < used; ++i) {
    unsigned char byte = static_cast<unsigned char>(p[little ? i : size - 1 - i]);
    v |= static_cast<uint64_t>(byte) << (8 * i);
  }
  if (is_signed && used < 8) {
    uint64_t mask = 1ULL << (used * 8 - 1);
    v = (v ^ mask) - mask;  // sign extension
  }
  return is_signed ? static_cast<lua_Number>(static_cast<int64_t>(v)) : static_cast<lua_Number>(v);
}

void ReadOrdered(void* out, const char* p, size_t size, bool little) {
  char buf[8];
  for (size_t i = 0; i < size; ++i) buf[i] = p[little ? i : size - 1 - i];
  std::memcpy(out, buf, size);
}

int StructUnpack(lua_State* L) {
  StructHeader h;
  const char* fmt = luaL_checkstring(L, 1);
  size_t ld;
  const char* data = luaL_checklstring(L, 2, &ld);
  lua_Integer start = luaL_optinteger(L, 3, 1);
  luaL_argcheck(L, start >= 1, 3, "offset must be 1 or greater");
  size_t pos = static_cast<size_t>(start) - 1;
  int n = 0;
  while (*fmt != '\0') {
    char opt = *fmt++;
    size_t size = OptSize(L, opt, &fmt);
    pos += ToAlign(pos, h, opt, size);
    luaL_argcheck(L, pos <= ld && size <= ld - pos, 2, "data string too short");
    luaL_checkstack(L, 2, "too many results");
    switch (opt) {
      case 'b':
      case 'B':
      case 'h':
      case 'H':
      case 'l':
      case 'L':
      case 'T':
      case 'i':
      case 'I':
        lua_pushnumber(L, GetInteger(data + pos, h.little, std::islower(static_cast<unsigned char>(opt)), size));
        ++n;
        break;
      case 'x':
        break;
      case 'f': {
        float f;
        ReadOrdered(&f, data + pos, sizeof(f), h.little);
        lua_pushnumber(L, f);
        ++n;
        break;
      }
      case 'd': {
        double d;
        ReadOrdered(&d, data + pos, sizeof(d), h.little);
        lua_pushnumber(L, d);
        ++n;
        break;
      }
      case 'c':
        if (size == 0) {
          if (n == 0 || !lua_isnumber(L, -1)) luaL_error(L, "format 'c0' needs a previous size");
          size = static_cast<size_t>(lua_tonumber(L, -1));
          lua_pop(L, 1);
          --n;
          luaL_argcheck(L, size <= ld - pos, 2, "data string too short");
        }
        lua_pushlstring(L, data + pos, size);
        ++n;
        break;
      case 's': {
        const void* e = std::memchr(data + pos, '\0', ld - pos);
        if (e == nullptr) luaL_error(L, "unfinished string in data");
        size = static_cast<size_t>(static_cast<const char*>(e) - (data + pos)) + 1;
        lua_pushlstring(L, data + pos, size - 1);
        ++n;
        break;
      }
      default:
        ControlOption(L, opt, &fmt, &h);
    }
    pos += size;
  }
  lua_pushinteger(L, static_cast<lua_Integer>(pos) + 1);
  return n + 1;
}

int StructSize(lua_State* L) {
  StructHeader h;
  const char* fmt = luaL_checkstring(L, 1);
  size_t pos = 0;
  while (*fmt != '\0') {
    char opt = *fmt++;
    size_t size = OptSize(L, opt, &fmt);
    pos += ToAlign(pos, h, opt, size);
    if (opt == 's') {
      luaL_argerror(L, 1, "option 's' has no fixed size");
    } else if (opt == 'c' && size == 0) {
      luaL_argerror(L, 1, "option 'c0' has no fixed size");
    }
    // Only the control options count here: an unknown letter adds nothing (Redis's struct.size('y') is 0).
    if (std::strchr("<>=!", opt) != nullptr) ControlOption(L, opt, &fmt, &h);
    pos += size;
  }
  lua_pushinteger(L, static_cast<lua_Integer>(pos));
  return 1;
}

// ---------------------------------------------------------------------------------------------------------
// cmsgpack
// ---------------------------------------------------------------------------------------------------------

constexpr int kMaxNesting = 16;  // deeper tables are packed as nil, as Redis's cmsgpack does

// The encoder appends to a std::string and never raises (lua_checkstack, not luaL_checkstack): values are
// read from the stack while it runs, which a luaL_Buffer (keeping its pieces on the stack) would not allow.
void PutBigEndian(std::string* out, unsigned char tag, uint64_t v, int bytes) {
  out->push_back(static_cast<char>(tag));
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>(v >> (8 * (bytes - 1 - i))));
}

void PackNumber(std::string* out, lua_Number n) {
  bool integral = std::isfinite(n) && n >= -9223372036854775808.0 && n < 9223372036854775808.0 &&
                  static_cast<lua_Number>(static_cast<int64_t>(n)) == n;
  if (!integral) {
    float f = static_cast<float>(n);
    if (static_cast<lua_Number>(f) == n) {
      uint32_t bits;
      std::memcpy(&bits, &f, 4);
      PutBigEndian(out, 0xca, bits, 4);
    } else {
      uint64_t bits;
      std::memcpy(&bits, &n, 8);
      PutBigEndian(out, 0xcb, bits, 8);
    }
    return;
  }
  int64_t v = static_cast<int64_t>(n);
  if (v >= 0) {
    uint64_t u = static_cast<uint64_t>(v);
    if (u <= 127) {
      out->push_back(static_cast<char>(u));
    } else if (u <= 0xff) {
      PutBigEndian(out, 0xcc, u, 1);
    } else if (u <= 0xffff) {
      PutBigEndian(out, 0xcd, u, 2);
    } else if (u <= 0xffffffffULL) {
      PutBigEndian(out, 0xce, u, 4);
    } else {
      PutBigEndian(out, 0xcf, u, 8);
    }
  } else if (v >= -32) {
    out->push_back(static_cast<char>(static_cast<int8_t>(v)));
  } else if (v >= -128) {
    PutBigEndian(out, 0xd0, static_cast<uint64_t>(v), 1);
  } else if (v >= -32768) {
    PutBigEndian(out, 0xd1, static_cast<uint64_t>(v), 2);
  } else if (v >= -2147483648LL) {
    PutBigEndian(out, 0xd2, static_cast<uint64_t>(v), 4);
  } else {
    PutBigEndian(out, 0xd3, static_cast<uint64_t>(v), 8);
  }
}

void PackString(std::string* out, const char* s, size_t len) {
  if (len < 32) {
    out->push_back(static_cast<char>(0xa0 | len));
  } else if (len <= 0xff) {
    PutBigEndian(out, 0xd9, len, 1);
  } else if (len <= 0xffff) {
    PutBigEndian(out, 0xda, len, 2);
  } else {
    PutBigEndian(out, 0xdb, len, 4);
  }
  out->append(s, len);
}

// An array: every key a positive integer and as many keys as the largest one (so no holes).
bool IsArray(lua_State* L, int idx, size_t* count) {
  size_t n = 0;
  lua_Number max = 0;
  bool array = true;
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {
    lua_pop(L, 1);
    ++n;
    if (lua_type(L, -1) != LUA_TNUMBER) {
      array = false;
      continue;
    }
    lua_Number k = lua_tonumber(L, -1);
    if (k <= 0 || std::floor(k) != k) {
      array = false;
      continue;
    }
    if (k > max) max = k;
  }
  *count = n;
  return array && max == static_cast<lua_Number>(n);
}

void PackValue(lua_State* L, std::string* out, int idx, int level);

void PackTable(lua_State* L, std::string* out, int idx, int level) {
  size_t n;
  if (IsArray(L, idx, &n)) {
    if (n < 16) {
      out->push_back(static_cast<char>(0x90 | n));
    } else if (n <= 0xffff) {
      PutBigEndian(out, 0xdc, n, 2);
    } else {
      PutBigEndian(out, 0xdd, n, 4);
    }
    for (size_t i = 1; i <= n; ++i) {
      lua_rawgeti(L, idx, static_cast<int>(i));
      PackValue(L, out, lua_gettop(L), level + 1);
      lua_pop(L, 1);
    }
    return;
  }
  if (n < 16) {
    out->push_back(static_cast<char>(0x80 | n));
  } else if (n <= 0xffff) {
    PutBigEndian(out, 0xde, n, 2);
  } else {
    PutBigEndian(out, 0xdf, n, 4);
  }
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {
    int top = lua_gettop(L);
    PackValue(L, out, top - 1, level + 1);
    PackValue(L, out, top, level + 1);
    lua_pop(L, 1);
  }
}

void PackValue(lua_State* L, std::string* out, int idx, int level) {
  switch (lua_type(L, idx)) {
    case LUA_TSTRING: {
      size_t len;
      const char* s = lua_tolstring(L, idx, &len);
      PackString(out, s, len);
      break;
    }
    case LUA_TBOOLEAN:
      out->push_back(static_cast<char>(lua_toboolean(L, idx) ? 0xc3 : 0xc2));
      break;
    case LUA_TNUMBER:
      PackNumber(out, lua_tonumber(L, idx));
      break;
    case LUA_TTABLE:
      if (level >= kMaxNesting || !lua_checkstack(L, 4)) {
        out->push_back(static_cast<char>(0xc0));
      } else {
        PackTable(L, out, idx, level);
      }
      break;
    default:
      out->push_back(static_cast<char>(0xc0));
  }
}

void PackArguments(lua_State* L, int nargs) {
  std::string out;
  for (int i = 1; i <= nargs; ++i) PackValue(L, &out, i, 0);
  lua_pushlstring(L, out.data(), out.size());
}

int MsgpackPack(lua_State* L) {
  int nargs = lua_gettop(L);
  if (nargs == 0) return luaL_argerror(L, 0, "MessagePack pack needs input.");
  if (!lua_checkstack(L, 8)) return luaL_argerror(L, 0, "Too many arguments for MessagePack pack.");
  PackArguments(L, nargs);
  return 1;
}

struct Cursor {
  const unsigned char* p;
  size_t left;
  int err = 0;  // 1: missing bytes, 2: bad format
};

uint64_t ReadBE(Cursor* c, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | c->p[i];
  c->p += bytes;
  c->left -= static_cast<size_t>(bytes);
  return v;
}

bool Need(Cursor* c, size_t n) {
  if (c->left < n) {
    c->err = 1;
    return false;
  }
  return true;
}

void Decode(lua_State* L, Cursor* c);

void DecodeArray(lua_State* L, Cursor* c, uint64_t n) {
  luaL_checkstack(L, 3, "too deep to unpack");
  lua_newtable(L);
  for (uint64_t i = 1; i <= n && c->err == 0; ++i) {
    Decode(L, c);
    if (c->err != 0) return;
    lua_rawseti(L, -2, static_cast<int>(i));
  }
}

void DecodeMap(lua_State* L, Cursor* c, uint64_t n) {
  luaL_checkstack(L, 4, "too deep to unpack");
  lua_newtable(L);
  for (uint64_t i = 0; i < n && c->err == 0; ++i) {
    Decode(L, c);
    if (c->err != 0) return;
    Decode(L, c);
    if (c->err != 0) return;
    lua_settable(L, -3);
  }
}

void DecodeString(lua_State* L, Cursor* c, size_t len) {
  if (!Need(c, len)) return;
  lua_pushlstring(L, reinterpret_cast<const char*>(c->p), len);
  c->p += len;
  c->left -= len;
}

void Decode(lua_State* L, Cursor* c) {
  if (!Need(c, 1)) return;
  unsigned char t = *c->p;
  ++c->p;
  --c->left;
  if (t <= 0x7f) return lua_pushnumber(L, t);
  if (t >= 0xe0) return lua_pushnumber(L, static_cast<int8_t>(t));
  if ((t & 0xf0) == 0x80) return DecodeMap(L, c, t & 0x0f);
  if ((t & 0xf0) == 0x90) return DecodeArray(L, c, t & 0x0f);
  if ((t & 0xe0) == 0xa0) return DecodeString(L, c, t & 0x1f);
  switch (t) {
    case 0xc0:
      return lua_pushnil(L);
    case 0xc2:
      return lua_pushboolean(L, 0);
    case 0xc3:
      return lua_pushboolean(L, 1);
    case 0xc4:
    case 0xd9:
      if (Need(c, 1)) DecodeString(L, c, ReadBE(c, 1));
      return;
    case 0xc5:
    case 0xda:
      if (Need(c, 2)) DecodeString(L, c, ReadBE(c, 2));
      return;
    case 0xc6:
    case 0xdb:
      if (Need(c, 4)) DecodeString(L, c, ReadBE(c, 4));
      return;
    case 0xca:
      if (Need(c, 4)) {
        uint32_t bits = static_cast<uint32_t>(ReadBE(c, 4));
        float f;
        std::memcpy(&f, &bits, 4);
        lua_pushnumber(L, f);
      }
      return;
    case 0xcb:
      if (Need(c, 8)) {
        uint64_t bits = ReadBE(c, 8);
        double d;
        std::memcpy(&d, &bits, 8);
        lua_pushnumber(L, d);
      }
      return;
    case 0xcc:
    case 0xcd:
    case 0xce:
    case 0xcf: {
      int bytes = 1 << (t - 0xcc);
      if (Need(c, static_cast<size_t>(bytes))) lua_pushnumber(L, static_cast<lua_Number>(ReadBE(c, bytes)));
      return;
    }
    case 0xd0:
    case 0xd1:
    case 0xd2:
    case 0xd3: {
      int bytes = 1 << (t - 0xd0);
      if (Need(c, static_cast<size_t>(bytes))) {
        uint64_t v = ReadBE(c, bytes);
        if (bytes < 8) {
          uint64_t mask = 1ULL << (bytes * 8 - 1);
          v = (v ^ mask) - mask;
        }
        lua_pushnumber(L, static_cast<lua_Number>(static_cast<int64_t>(v)));
      }
      return;
    }
    case 0xdc:
      if (Need(c, 2)) DecodeArray(L, c, ReadBE(c, 2));
      return;
    case 0xdd:
      if (Need(c, 4)) DecodeArray(L, c, ReadBE(c, 4));
      return;
    case 0xde:
      if (Need(c, 2)) DecodeMap(L, c, ReadBE(c, 2));
      return;
    case 0xdf:
      if (Need(c, 4)) DecodeMap(L, c, ReadBE(c, 4));
      return;
    default:
      c->err = 2;
  }
}

int UnpackFull(lua_State* L, lua_Integer limit, lua_Integer offset) {
  size_t len;
  const char* s = luaL_checklstring(L, 1, &len);
  if (offset < 0 || limit < 0) {
    return luaL_error(L, "Invalid request to unpack with offset of %d and limit of %d.", static_cast<int>(offset),
                      static_cast<int>(limit));
  }
  if (static_cast<size_t>(offset) > len) {
    return luaL_error(L, "Start offset %d greater than input length %d.", static_cast<int>(offset),
                      static_cast<int>(len));
  }
  const bool all = limit == 0 && offset == 0;
  Cursor c{reinterpret_cast<const unsigned char*>(s) + offset, len - static_cast<size_t>(offset)};
  int count = 0;
  while (c.left > 0 && (all || count < limit)) {
    Decode(L, &c);
    if (c.err == 1) return luaL_error(L, "Missing bytes in input.");
    if (c.err == 2) return luaL_error(L, "Bad data format in input.");
    ++count;
  }
  if (all) return count;
  lua_pushinteger(L, c.left == 0 ? -1 : static_cast<lua_Integer>(len - c.left));
  lua_insert(L, -(count + 1));
  return count + 1;
}

int MsgpackUnpack(lua_State* L) { return UnpackFull(L, 0, 0); }

int MsgpackUnpackOne(lua_State* L) {
  lua_Integer offset = luaL_optinteger(L, 2, 0);
  lua_settop(L, 1);
  return UnpackFull(L, 1, offset);
}

int MsgpackUnpackLimit(lua_State* L) {
  lua_Integer limit = luaL_checkinteger(L, 2);
  lua_Integer offset = luaL_optinteger(L, 3, 0);
  lua_settop(L, 1);
  return UnpackFull(L, limit, offset);
}

}  // namespace

int OpenStructLib(lua_State* L) {
  static const luaL_Reg kFns[] = {{"pack", StructPack}, {"unpack", StructUnpack}, {"size", StructSize}, {nullptr, nullptr}};
  lua_newtable(L);
  luaL_register(L, nullptr, kFns);
  return 1;
}

int OpenCmsgpackLib(lua_State* L) {
  static const luaL_Reg kFns[] = {{"pack", MsgpackPack},
                                  {"unpack", MsgpackUnpack},
                                  {"unpack_one", MsgpackUnpackOne},
                                  {"unpack_limit", MsgpackUnpackLimit},
                                  {nullptr, nullptr}};
  lua_newtable(L);
  luaL_register(L, nullptr, kFns);
  lua_pushliteral(L, "cmsgpack");
  lua_setfield(L, -2, "_NAME");
  lua_pushliteral(L, "lua-cmsgpack 0.4.0");
  lua_setfield(L, -2, "_VERSION");
  // The library's identification fields as scripts read them in Redis 7.0.15 (interface values).
  lua_pushliteral(L, "Copyright (C) 2012, Salvatore Sanfilippo");
  lua_setfield(L, -2, "_COPYRIGHT");
  lua_pushliteral(L, "MessagePack C implementation for Lua");
  lua_setfield(L, -2, "_DESCRIPTION");
  return 1;
}

}  // namespace ringkv::core

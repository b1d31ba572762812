// The string family: SET and its variants, GET and its variants, counters, APPEND, ranges and LCS, with
// Redis 7.0's replies, error strings, encodings (OBJECT ENCODING) and propagation rewrites. Layout: pure Op*
// helpers on values first, then the handlers (parse, call, reply), then the registration table.
#include <cmath>
#include <cstring>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/command.h"
#include "core/config.h"
#include "core/context.h"
#include "core/server.h"
#include "ds/lcs.h"
#include "ds/numconv.h"

namespace ringkv::core {
namespace {

// ---------------------------------------------------------------------------------------------------------
// Ops: pure functions on strings and numbers.
// ---------------------------------------------------------------------------------------------------------

// counter + incr, or false when the sum leaves int64 (Redis checks before adding, never wraps).
bool OpAddInt64(int64_t counter, int64_t incr, int64_t* out) {
  if ((incr < 0 && counter < 0 && incr < std::numeric_limits<int64_t>::min() - counter) ||
      (incr > 0 && counter > 0 && incr > std::numeric_limits<int64_t>::max() - counter)) {
    return false;
  }
  *out = counter + incr;
  return true;
}

// The absolute expire time in ms for an EX/PX/EXAT/PXAT argument, or false where Redis answers "invalid
// expire time": a value <= 0, seconds that overflow when scaled to ms, or a relative time that overflows
// when added to now.
bool OpExpireAtMs(int64_t value, bool in_seconds, bool relative, int64_t now_ms, int64_t* at_ms) {
  if (value <= 0) return false;
  if (in_seconds) {
    if (value > std::numeric_limits<int64_t>::max() / 1000) return false;
    value *= 1000;
  }
  if (relative) {
    if (value > std::numeric_limits<int64_t>::max() - now_ms) return false;
    value += now_ms;
  }
  *at_ms = value;
  return true;
}

// GETRANGE's window of s: negative indexes count from the end, both ends clamp into the string, and an
// inverted window is empty. Two negative indexes with start > end are empty before clamping, as in Redis
// (GETRANGE k -1 -5 is "", not the last byte).
std::string_view OpGetRange(std::string_view s, int64_t start, int64_t end) {
  const auto len = static_cast<int64_t>(s.size());
  if (start < 0 && end < 0 && start > end) return {};
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len == 0) return {};
  return s.substr(static_cast<size_t>(start), static_cast<size_t>(end - start + 1));
}

// SETRANGE's edit: v grows with zero bytes up to offset + value.size() if it is shorter, then value is
// written at offset. The caller has checked the resulting length against proto-max-bulk-len. Returns the length.
size_t OpSetRange(Value& v, size_t offset, std::string_view value) {
  char* bytes = v.GrowString(offset + value.size());
  std::memcpy(bytes + offset, value.data(), value.size());
  return v.StringLength();
}

// ---------------------------------------------------------------------------------------------------------
// Handlers.
// ---------------------------------------------------------------------------------------------------------

constexpr std::string_view kErrStringTooLong = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

// Options of SET and GETEX, as Redis's OBJ_* flags in t_string.c.
enum ExtFlag : uint32_t {
  kSetNx = 1 << 0,
  kSetXx = 1 << 1,
  kExpireEx = 1 << 2,
  kExpirePx = 1 << 3,
  kKeepTtl = 1 << 4,
  kSetGet = 1 << 5,
  kExpireExAt = 1 << 6,
  kExpirePxAt = 1 << 7,
  kPersist = 1 << 8,
};
constexpr uint32_t kAnyExpire = kExpireEx | kExpirePx | kExpireExAt | kExpirePxAt;

struct ExtArgs {
  uint32_t flags = 0;
  std::string_view expire;  // the EX/PX/EXAT/PXAT argument; empty view when none was given
  bool has_expire = false;
};

// Parses SET's options (from argv[3]) or GETEX's (from argv[2]) with Redis's exact acceptance rules: each
// option is refused when a conflicting one came earlier (so "EX 1 EX 2" is accepted and the last wins, but
// "EX 1 PX 2" is a syntax error), and options of the other command are syntax errors.
bool ExtArgsOrReply(CommandContext& ctx, bool is_set, ExtArgs* out) {
  uint32_t& f = out->flags;
  for (size_t j = is_set ? 3 : 2; j < ctx.argc(); ++j) {
    const std::string_view opt = ctx.argv[j];
    const bool has_next = j + 1 < ctx.argc();
    uint32_t expire_flag = 0;
    uint32_t expire_conflicts = 0;
    if (is_set && EqualsIgnoreCase(opt, "NX") && !(f & kSetXx)) {
      f |= kSetNx;
    } else if (is_set && EqualsIgnoreCase(opt, "XX") && !(f & kSetNx)) {
      f |= kSetXx;
    } else if (is_set && EqualsIgnoreCase(opt, "GET")) {
      f |= kSetGet;
    } else if (is_set && EqualsIgnoreCase(opt, "KEEPTTL") && !(f & (kPersist | kAnyExpire))) {
      f |= kKeepTtl;
    } else if (!is_set && EqualsIgnoreCase(opt, "PERSIST") && !(f & (kAnyExpire | kKeepTtl))) {
      f |= kPersist;
    } else if (EqualsIgnoreCase(opt, "EX")) {
      expire_flag = kExpireEx;
      expire_conflicts = kExpireExAt | kExpirePx | kExpirePxAt;
    } else if (EqualsIgnoreCase(opt, "PX")) {
      expire_flag = kExpirePx;
      expire_conflicts = kExpireEx | kExpireExAt | kExpirePxAt;
    } else if (EqualsIgnoreCase(opt, "EXAT")) {
      expire_flag = kExpireExAt;
      expire_conflicts = kExpireEx | kExpirePx | kExpirePxAt;
    } else if (EqualsIgnoreCase(opt, "PXAT")) {
      expire_flag = kExpirePxAt;
      expire_conflicts = kExpireEx | kExpireExAt | kExpirePx;
    } else {
      ctx.ReplySyntaxError();
      return false;
    }
    if (expire_flag != 0) {
      if ((f & (kKeepTtl | kPersist | expire_conflicts)) || !has_next) {
        ctx.ReplySyntaxError();
        return false;
      }
      f |= expire_flag;
      out->expire = ctx.argv[++j];
      out->has_expire = true;
    }
  }
  return true;
}

// Redis's getExpireMillisecondsOrReply: the error names the command ("invalid expire time in 'setex'").
bool ExpireAtMsOrReply(CommandContext& ctx, std::string_view arg, bool in_seconds, bool relative,
                       int64_t* at_ms) {
  int64_t v;
  if (!ctx.Int64OrReply(arg, &v)) return false;
  if (!OpExpireAtMs(v, in_seconds, relative, ctx.now_ms, at_ms)) {
    ctx.ReplyError("ERR invalid expire time in '" + ctx.cmd->full_name + "' command");
    return false;
  }
  return true;
}

bool ExpireAtMsOrReply(CommandContext& ctx, const ExtArgs& args, int64_t* at_ms) {
  const bool in_seconds = (args.flags & (kExpireEx | kExpireExAt)) != 0;
  const bool relative = (args.flags & (kExpireEx | kExpirePx)) != 0;
  return ExpireAtMsOrReply(ctx, args.expire, in_seconds, relative, at_ms);
}

// False (WRONGTYPE already replied) when e holds something other than a string; a missing key passes.
bool StringOrAbsentOrReply(CommandContext& ctx, const Entry* e) { return !ctx.WrongTypeReply(e, ObjType::kString); }

void ReplyValue(CommandContext& ctx, const Value& v) {
  char scratch[ds::kInt64BufBytes];
  ctx.rb.Bulk(v.StringView(scratch));
}

// GET's reply for key: nil when missing, the value, or WRONGTYPE (then false). Returns the entry through *e.
bool ReplyGetOrWrongType(CommandContext& ctx, std::string_view key, Entry** e) {
  *e = ctx.LookupRead(key);
  if (*e == nullptr) {
    ctx.rb.Null();
    return true;
  }
  if (ctx.WrongTypeReply(*e, ObjType::kString)) return false;
  ReplyValue(ctx, (*e)->value());
  return true;
}

// Redis's setKey and its "set" notification: stores value under key (encoded as SET does: int / embstr /
// raw), creating the key or overwriting whatever it held; the TTL goes unless keep_ttl. e is the key's live
// entry from a lookup earlier in this command (null when absent), so the hot SET path looks the key up once.
Entry* StoreString(CommandContext& ctx, std::string_view key, Entry* e, std::string_view value, bool keep_ttl,
                   bool expire_room = false) {
  if (e == nullptr) {
    Value v;
    v.SetString(value);
    return ctx.db->Add(key, std::move(v), kNotifyString, "set", expire_room);
  }
  Value& v = keep_ttl ? ctx.db->Write(e, kNotifyString, "set") : ctx.db->Overwrite(e, kNotifyString, "set");
  v.SetString(value);
  return e;
}

std::string Int64Text(int64_t v) { return ds::Int64ToString(v); }

// The common body of SET, SETNX, SETEX and PSETEX (Redis's setGenericCommand). nx_style replies 1/0 (SETNX)
// instead of OK/nil.
void SetGeneric(CommandContext& ctx, const ExtArgs& args, std::string_view key, std::string_view value,
                bool nx_style) {
  int64_t at_ms = 0;
  if (args.has_expire && !ExpireAtMsOrReply(ctx, args, &at_ms)) return;

  Entry* e;
  if (args.flags & kSetGet) {
    if (!ReplyGetOrWrongType(ctx, key, &e)) return;
    // Redis looks the key up a second time, for writing: under LFU that access counts too.
    if (e != nullptr) e = ctx.LookupWrite(key);
  } else {
    e = ctx.LookupWrite(key);
  }

  const bool found = e != nullptr;
  if (((args.flags & kSetNx) && found) || ((args.flags & kSetXx) && !found)) {
    if (!(args.flags & kSetGet)) {
      if (nx_style) {
        ctx.rb.Integer(0);
      } else {
        ctx.rb.Null();
      }
    }
    return;
  }

  e = StoreString(ctx, key, e, value, (args.flags & kKeepTtl) != 0, args.has_expire);
  ctx.Dirty();
  if (args.has_expire) {
    // An expire already in the past is stored as is: like Redis 7.0 the key is then gone for every read
    // (lazy expiry deletes it on the next lookup) and replicas see the same absolute time.
    e = ctx.db->SetExpire(e, at_ms);
    // Relative times would drift on replay, so Redis propagates SET key value PXAT <absolute ms>.
    ctx.PropagateAs({"SET", std::string(key), std::string(value), "PXAT", Int64Text(at_ms)});
  } else if (args.flags & kSetGet) {
    // Replicas do not need the old value: propagate without the GET words (Redis drops every "GET").
    std::vector<std::string> argv;
    for (size_t j = 0; j < ctx.argc(); ++j) {
      if (j >= 3 && EqualsIgnoreCase(ctx.argv[j], "GET")) continue;
      argv.emplace_back(ctx.argv[j]);
    }
    ctx.PropagateAs(std::move(argv));
  }
  if (!(args.flags & kSetGet)) {
    if (nx_style) {
      ctx.rb.Integer(1);
    } else {
      ctx.rb.Ok();
    }
  }
}

// SET key value [NX|XX] [GET] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL]
void SetCommand(CommandContext& ctx) {
  ExtArgs args;
  if (!ExtArgsOrReply(ctx, true, &args)) return;
  SetGeneric(ctx, args, ctx.argv[1], ctx.argv[2], false);
}

// SETNX key value
void SetNxCommand(CommandContext& ctx) {
  ExtArgs args;
  args.flags = kSetNx;
  SetGeneric(ctx, args, ctx.argv[1], ctx.argv[2], true);
}

// SETEX key seconds value
void SetExCommand(CommandContext& ctx) {
  ExtArgs args{.flags = kExpireEx, .expire = ctx.argv[2], .has_expire = true};
  SetGeneric(ctx, args, ctx.argv[1], ctx.argv[3], false);
}

// PSETEX key milliseconds value
void PSetExCommand(CommandContext& ctx) {
  ExtArgs args{.flags = kExpirePx, .expire = ctx.argv[2], .has_expire = true};
  SetGeneric(ctx, args, ctx.argv[1], ctx.argv[3], false);
}

// GET key
void GetCommand(CommandContext& ctx) {
  Entry* e;
  ReplyGetOrWrongType(ctx, ctx.argv[1], &e);
}

// GETEX key [EX s|PX ms|EXAT s|PXAT ms|PERSIST]
void GetExCommand(CommandContext& ctx) {
  ExtArgs args;
  if (!ExtArgsOrReply(ctx, false, &args)) return;
  const std::string_view key = ctx.argv[1];
  Entry* e = ctx.LookupRead(key);
  if (e == nullptr) {
    ctx.rb.Null();
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kString)) return;
  // Redis validates the time only once it knows the key is a string: a bad time on a missing key is nil.
  int64_t at_ms = 0;
  if (args.has_expire && !ExpireAtMsOrReply(ctx, args, &at_ms)) return;

  ReplyValue(ctx, e->value());  // before the key may be deleted below

  const Config& cfg = ctx.server.config();
  if ((args.flags & (kExpireExAt | kExpirePxAt)) && at_ms <= ctx.now_ms) {
    // An absolute time already past deletes the key now, propagated as the delete it is.
    ctx.db->Delete(e);
    ctx.Dirty();
    ctx.PropagateAs({cfg.lazyfree_lazy_expire ? "UNLINK" : "DEL", std::string(key)});
  } else if (args.has_expire) {
    e = ctx.db->SetExpire(e, at_ms);
    ctx.Dirty();
    ctx.PropagateAs({"PEXPIREAT", std::string(key), Int64Text(at_ms)});
  } else if (args.flags & kPersist) {
    if (ctx.db->Persist(e)) {
      ctx.Dirty();
      ctx.PropagateAs({"PERSIST", std::string(key)});
    }
  }
}

// GETDEL key
void GetDelCommand(CommandContext& ctx) {
  const std::string_view key = ctx.argv[1];
  Entry* e;
  if (!ReplyGetOrWrongType(ctx, key, &e) || e == nullptr) return;
  ctx.db->Delete(e);
  ctx.Dirty();
  ctx.PropagateAs({ctx.server.config().lazyfree_lazy_user_del ? "UNLINK" : "DEL", std::string(key)});
}

// GETSET key value
void GetSetCommand(CommandContext& ctx) {
  const std::string_view key = ctx.argv[1];
  Entry* old;
  if (!ReplyGetOrWrongType(ctx, key, &old)) return;
  // Redis's setKey looks the key up again, for writing: under LFU that access counts too.
  if (old != nullptr) old = ctx.LookupWrite(key);
  StoreString(ctx, key, old, ctx.argv[2], false);
  ctx.Dirty();
  ctx.PropagateAs({"SET", std::string(key), std::string(ctx.argv[2])});
}

// MGET key [key ...]: a missing key or one of another type is nil, never an error.
void MGetCommand(CommandContext& ctx) {
  ctx.rb.ArrayHeader(ctx.argc() - 1);
  for (size_t j = 1; j < ctx.argc(); ++j) {
    Entry* e = ctx.LookupRead(ctx.argv[j]);
    if (e == nullptr || !e->value().IsString()) {
      ctx.rb.Null();
    } else {
      ReplyValue(ctx, e->value());
    }
  }
}

void MSetGeneric(CommandContext& ctx, bool nx) {
  if (ctx.argc() % 2 == 0) {
    ctx.ReplyError("ERR wrong number of arguments for '" + ctx.cmd->full_name + "' command");
    return;
  }
  if (nx) {
    for (size_t j = 1; j < ctx.argc(); j += 2) {
      if (ctx.LookupWrite(ctx.argv[j]) != nullptr) {
        ctx.rb.Integer(0);
        return;
      }
    }
  }
  for (size_t j = 1; j < ctx.argc(); j += 2) {
    StoreString(ctx, ctx.argv[j], ctx.LookupWrite(ctx.argv[j]), ctx.argv[j + 1], false);
  }
  ctx.Dirty(static_cast<int64_t>((ctx.argc() - 1) / 2));
  if (nx) {
    ctx.rb.Integer(1);
  } else {
    ctx.rb.Ok();
  }
}

// MSET key value [key value ...]
void MSetCommand(CommandContext& ctx) { MSetGeneric(ctx, false); }
// MSETNX key value [key value ...]: all or nothing.
void MSetNxCommand(CommandContext& ctx) { MSetGeneric(ctx, true); }

// INCR, DECR, INCRBY, DECRBY: the result is always int encoded and the TTL is kept.
void IncrDecrGeneric(CommandContext& ctx, int64_t incr) {
  const std::string_view key = ctx.argv[1];
  Entry* e = ctx.LookupWrite(key);
  if (!StringOrAbsentOrReply(ctx, e)) return;
  int64_t counter = 0;
  if (e != nullptr) {
    if (e->value().IsIntEncoded()) {
      counter = e->value().int_value();
    } else {
      char scratch[ds::kInt64BufBytes];
      if (!ctx.Int64OrReply(e->value().StringView(scratch), &counter)) return;
    }
  }
  int64_t result;
  if (!OpAddInt64(counter, incr, &result)) {
    ctx.ReplyError(kErrOverflow);
    return;
  }
  if (e == nullptr) {
    Value v;
    v.SetInt(result);
    ctx.db->Add(key, std::move(v), kNotifyString, "incrby");
  } else {
    ctx.db->Write(e, kNotifyString, "incrby").SetInt(result);
  }
  ctx.Dirty();
  ctx.rb.Integer(result);
}

void IncrCommand(CommandContext& ctx) { IncrDecrGeneric(ctx, 1); }
void DecrCommand(CommandContext& ctx) { IncrDecrGeneric(ctx, -1); }

void IncrByCommand(CommandContext& ctx) {
  int64_t incr;
  if (!ctx.Int64OrReply(ctx.argv[2], &incr)) return;
  IncrDecrGeneric(ctx, incr);
}

void DecrByCommand(CommandContext& ctx) {
  int64_t decr;
  if (!ctx.Int64OrReply(ctx.argv[2], &decr)) return;
  // -INT64_MIN does not exist; Redis refuses it with its own message before looking at the key.
  if (decr == std::numeric_limits<int64_t>::min()) {
    ctx.ReplyError("ERR decrement would overflow");
    return;
  }
  IncrDecrGeneric(ctx, -decr);
}

// INCRBYFLOAT key increment: long double arithmetic and Redis's human-friendly text ("%.17Lf" trimmed), stored
// never int encoded (3.0 + 0 is the embstr "3"); the TTL is kept.
void IncrByFloatCommand(CommandContext& ctx) {
  const std::string_view key = ctx.argv[1];
  Entry* e = ctx.LookupWrite(key);
  if (!StringOrAbsentOrReply(ctx, e)) return;
  long double value = 0;
  if (e != nullptr) {
    if (e->value().IsIntEncoded()) {
      value = static_cast<long double>(e->value().int_value());
    } else {
      char scratch[ds::kInt64BufBytes];
      if (!ctx.LongDoubleOrReply(e->value().StringView(scratch), &value)) return;
    }
  }
  long double incr;
  if (!ctx.LongDoubleOrReply(ctx.argv[2], &incr)) return;
  value += incr;
  if (std::isnan(value) || std::isinf(value)) {
    ctx.ReplyError("ERR increment would produce NaN or Infinity");
    return;
  }
  const std::string text = ds::LongDoubleToString(value, true);
  if (e == nullptr) {
    Value v;
    v.SetStringNoInt(text);
    ctx.db->Add(key, std::move(v), kNotifyString, "incrbyfloat");
  } else {
    ctx.db->Write(e, kNotifyString, "incrbyfloat").SetStringNoInt(text);
  }
  ctx.Dirty();
  ctx.rb.Bulk(text);
  // Replicas and the AOF get the result, not the increment: float formatting can never make them differ.
  ctx.PropagateAs({"SET", std::string(key), text, "KEEPTTL"});
}

// APPEND key value: a new key is encoded as SET would; appending to an existing one makes it raw.
void AppendCommand(CommandContext& ctx) {
  const std::string_view key = ctx.argv[1];
  const std::string_view tail = ctx.argv[2];
  Entry* e = ctx.LookupWrite(key);
  size_t total;
  if (e == nullptr) {
    Value v;
    v.SetString(tail);
    ctx.db->Add(key, std::move(v), kNotifyString, "append");
    total = tail.size();
  } else {
    if (ctx.WrongTypeReply(e, ObjType::kString)) return;
    total = e->value().StringLength() + tail.size();
    if (total > static_cast<uint64_t>(ctx.server.config().proto_max_bulk_len)) {
      ctx.ReplyError(kErrStringTooLong);
      return;
    }
    total = ctx.db->Write(e, kNotifyString, "append").AppendString(tail);
  }
  ctx.Dirty();
  ctx.rb.Integer(static_cast<int64_t>(total));
}

// STRLEN key
void StrLenCommand(CommandContext& ctx) {
  Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Integer(0);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kString)) return;
  ctx.rb.Integer(static_cast<int64_t>(e->value().StringLength()));
}

// GETRANGE key start end (and its old name SUBSTR). The indexes are parsed before the key is looked at.
void GetRangeCommand(CommandContext& ctx) {
  int64_t start, end;
  if (!ctx.Int64OrReply(ctx.argv[2], &start) || !ctx.Int64OrReply(ctx.argv[3], &end)) return;
  Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Bulk("");
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kString)) return;
  char scratch[ds::kInt64BufBytes];
  ctx.rb.Bulk(OpGetRange(e->value().StringView(scratch), start, end));
}

// SETRANGE key offset value: the string grows with zero bytes as needed, up to proto-max-bulk-len. Writing
// an empty value changes nothing (and creates no key) but still replies the length.
void SetRangeCommand(CommandContext& ctx) {
  const std::string_view key = ctx.argv[1];
  const std::string_view value = ctx.argv[3];
  int64_t offset;
  if (!ctx.Int64OrReply(ctx.argv[2], &offset)) return;
  if (offset < 0) {
    ctx.ReplyError("ERR offset is out of range");
    return;
  }
  // offset < 2^63 and the value is bounded by the protocol, so the sum fits in uint64.
  const bool too_long = static_cast<uint64_t>(offset) + value.size() >
                        static_cast<uint64_t>(ctx.server.config().proto_max_bulk_len);
  Entry* e = ctx.LookupWrite(key);
  if (e == nullptr) {
    if (value.empty()) {
      ctx.rb.Integer(0);
      return;
    }
    if (too_long) {
      ctx.ReplyError(kErrStringTooLong);
      return;
    }
    // A new key is sized exactly, as Redis's sdsnewlen: no room reserved for growth it may never see.
    Value v;
    std::memcpy(v.SetRawZeros(static_cast<size_t>(offset) + value.size()) + offset, value.data(), value.size());
    ctx.db->Add(key, std::move(v), kNotifyString, "setrange");
    ctx.Dirty();
    ctx.rb.Integer(static_cast<int64_t>(static_cast<size_t>(offset) + value.size()));
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kString)) return;
  if (value.empty()) {
    ctx.rb.Integer(static_cast<int64_t>(e->value().StringLength()));
    return;
  }
  if (too_long) {
    ctx.ReplyError(kErrStringTooLong);
    return;
  }
  const size_t len = OpSetRange(ctx.db->Write(e, kNotifyString, "setrange"), static_cast<size_t>(offset), value);
  ctx.Dirty();
  ctx.rb.Integer(static_cast<int64_t>(len));
}

// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]. Missing keys are empty strings. With IDX the
// reply is a map {matches: [[[a_start, a_end], [b_start, b_end] (, len)], ...], len: n} (a flat array in
// RESP2), matches from the end of the strings backwards, as Redis.
void LcsCommand(CommandContext& ctx) {
  const Entry* ea = ctx.LookupRead(ctx.argv[1]);
  const Entry* eb = ctx.LookupRead(ctx.argv[2]);
  if ((ea != nullptr && !ea->value().IsString()) || (eb != nullptr && !eb->value().IsString())) {
    ctx.ReplyError("ERR The specified keys must contain string values");
    return;
  }
  char scratch_a[ds::kInt64BufBytes], scratch_b[ds::kInt64BufBytes];
  const std::string_view a = ea ? ea->value().StringView(scratch_a) : std::string_view();
  const std::string_view b = eb ? eb->value().StringView(scratch_b) : std::string_view();

  bool get_len = false, get_idx = false, with_match_len = false;
  int64_t min_match_len = 0;
  for (size_t j = 3; j < ctx.argc(); ++j) {
    const std::string_view opt = ctx.argv[j];
    if (EqualsIgnoreCase(opt, "IDX")) {
      get_idx = true;
    } else if (EqualsIgnoreCase(opt, "LEN")) {
      get_len = true;
    } else if (EqualsIgnoreCase(opt, "WITHMATCHLEN")) {
      with_match_len = true;
    } else if (EqualsIgnoreCase(opt, "MINMATCHLEN") && j + 1 < ctx.argc()) {
      if (!ctx.Int64OrReply(ctx.argv[j + 1], &min_match_len)) return;
      if (min_match_len < 0) min_match_len = 0;
      ++j;
    } else {
      ctx.ReplySyntaxError();
      return;
    }
  }
  if (get_len && get_idx) {
    ctx.ReplyError("ERR If you want both the length and indexes, please just use IDX.");
    return;
  }

  ds::LcsOptions options;
  options.want_string = !get_len && !get_idx;
  options.want_matches = get_idx;
  options.min_match_len = static_cast<uint64_t>(min_match_len);
  ds::LcsResult result;
  switch (ds::ComputeLcs(a, b, options, static_cast<uint64_t>(ctx.server.config().proto_max_bulk_len), &result)) {
    case ds::LcsStatus::kOk:
      break;
    case ds::LcsStatus::kStringTooLong:
      ctx.ReplyError("ERR String too long for LCS");
      return;
    case ds::LcsStatus::kTableTooLarge:
      ctx.ReplyError("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
      return;
    case ds::LcsStatus::kAllocFailed:
      ctx.ReplyError("ERR Insufficient memory, failed allocating transient memory for LCS");
      return;
  }

  if (get_idx) {
    ctx.rb.MapHeader(2);
    ctx.rb.Bulk("matches");
    ctx.rb.ArrayHeader(result.matches.size());
    for (const ds::LcsMatch& m : result.matches) {
      ctx.rb.ArrayHeader(with_match_len ? 3 : 2);
      ctx.rb.ArrayHeader(2);
      ctx.rb.Integer(static_cast<int64_t>(m.a_start));
      ctx.rb.Integer(static_cast<int64_t>(m.a_end));
      ctx.rb.ArrayHeader(2);
      ctx.rb.Integer(static_cast<int64_t>(m.b_start));
      ctx.rb.Integer(static_cast<int64_t>(m.b_end));
      if (with_match_len) ctx.rb.Integer(static_cast<int64_t>(m.len));
    }
    ctx.rb.Bulk("len");
    ctx.rb.Integer(static_cast<int64_t>(result.len));
  } else if (get_len) {
    ctx.rb.Integer(static_cast<int64_t>(result.len));
  } else {
    ctx.rb.Bulk(result.lcs);
  }
}

}  // namespace

// Arity, flags, key specs, ACL categories and docs come from the generated metadata (core/command_meta.h).
void RegisterStringCommands(CommandTable& t) {
  t.Add("get", GetCommand);
  t.Add("set", SetCommand);
  t.Add("setnx", SetNxCommand);
  t.Add("setex", SetExCommand);
  t.Add("psetex", PSetExCommand);
  t.Add("getset", GetSetCommand);
  t.Add("getdel", GetDelCommand);
  t.Add("getex", GetExCommand);
  t.Add("mget", MGetCommand);
  t.Add("mset", MSetCommand);
  t.Add("msetnx", MSetNxCommand);
  t.Add("incr", IncrCommand);
  t.Add("decr", DecrCommand);
  t.Add("incrby", IncrByCommand);
  t.Add("decrby", DecrByCommand);
  t.Add("incrbyfloat", IncrByFloatCommand);
  t.Add("append", AppendCommand);
  t.Add("strlen", StrLenCommand);
  t.Add("getrange", GetRangeCommand);
  t.Add("substr", GetRangeCommand);
  t.Add("setrange", SetRangeCommand);
  t.Add("lcs", LcsCommand);
}

}  // namespace ringkv::core

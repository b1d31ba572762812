// The hash family: HSET, HSETNX, HMSET, HGET, HMGET, HGETALL, HDEL, HLEN, HEXISTS, HINCRBY, HINCRBYFLOAT,
// HKEYS, HVALS, HSTRLEN, HRANDFIELD and HSCAN, with Redis 7.0.15's replies, errors, keyspace events, dirty
// counts and propagation (HINCRBYFLOAT goes out as HSET with the result, as 7.0.15 sends it to a replica).
// The encodings and their conversions are core/hash_type.h's. Layout: pure Op* functions on hash values
// first, then the handlers (parse, call, reply), then the registration table.
#include <absl/container/flat_hash_set.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/command.h"
#include "core/config.h"
#include "core/context.h"
#include "core/hash_field_expiry.h"
#include "core/hash_type.h"
#include "core/scan_args.h"
#include "core/server.h"
#include "ds/glob.h"
#include "ds/numconv.h"

namespace ringkv::core {
namespace {

// ---------------------------------------------------------------------------------------------------------
// Ops: pure functions on hash values.
// ---------------------------------------------------------------------------------------------------------

// A field and its value as owned strings (HRANDFIELD's picks outlive the listpack entry views' buffers).
using Pair = std::pair<std::string, std::string>;

// Every pair of the hash, in its iteration order.
std::vector<Pair> OpAllPairs(const Value& v) {
  std::vector<Pair> out;
  out.reserve(HashLength(v));
  HashForEach(v, [&](std::string_view f, std::string_view val) { out.emplace_back(f, val); });
  return out;
}

// One uniformly random pair of a non-empty hash.
Pair OpRandomPair(const Value& v, absl::BitGen& rng) {
  if (IsListpackHash(v)) {
    ListpackView lp(v);
    const auto p = lp->RandomGroup(rng, ListpackGroup(v));
    return {lp->Get(p).ToString(), lp->Get(lp->Next(p)).ToString()};
  }
  const ds::StringMap::Node* n = v.Ptr<ds::StringMap>()->Random(rng);
  return {std::string(ds::StringMap::FieldOf(n)), std::string(ds::StringMap::ValueOf(n))};
}

// count distinct random pairs of a hash larger than count, as Redis's HRANDFIELD cases 3 and 4: a random
// count-subset of all pairs when count is above a third of the size, else (listpack) one pass of
// RandomGroupsUnique or (hashtable) random draws until count distinct fields are found.
std::vector<Pair> OpDistinctRandomPairs(const Value& v, size_t count, absl::BitGen& rng) {
  const size_t size = HashLength(v);
  std::vector<Pair> out;
  // Redis's HRANDFIELD_SUB_STRATEGY_MUL.
  if (count * 3 > size) {
    out = OpAllPairs(v);
    for (size_t i = 0; i < count; ++i) std::swap(out[i], out[absl::Uniform<size_t>(rng, i, size)]);
    out.resize(count);
    return out;
  }
  out.reserve(count);
  if (IsListpackHash(v)) {
    ListpackView lp(v);
    std::vector<ds::Listpack::Entry> fields(count), values(count);
    const uint32_t n = lp->RandomGroupsUnique(rng, static_cast<uint32_t>(count), ListpackGroup(v), fields.data(),
                                              values.data());
    for (uint32_t i = 0; i < n; ++i) out.emplace_back(fields[i].ToString(), values[i].ToString());
    return out;
  }
  const ds::StringMap* map = v.Ptr<ds::StringMap>();
  absl::flat_hash_set<const ds::StringMap::Node*> seen;
  while (out.size() < count) {
    const ds::StringMap::Node* n = map->Random(rng);
    if (!seen.insert(n).second) continue;
    out.emplace_back(ds::StringMap::FieldOf(n), ds::StringMap::ValueOf(n));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Handlers.
// ---------------------------------------------------------------------------------------------------------

HashLimits Limits(CommandContext& ctx) { return HashLimitsOf(ctx.server.config()); }

// Every hash command looks its key up through these: the hash's fields whose TTL has passed go first, as
// Redis 7.4 expires a field when a command meets it ("hexpired", HDEL propagated, the key deleted with its
// last field), so no command sees an expired field. A hash without field TTLs costs one encoding test.
// nullptr when the key is missing or went with its last field.
Entry* ExpireDueFields(CommandContext& ctx, Entry* e) {
  if (e == nullptr || e->value().type() != ObjType::kHash || HashMinFieldTtl(e->value()) > ctx.ExpireNowMs()) {
    return e;
  }
  bool deleted = false;
  ExpireHashFields(ctx.server, *ctx.db, e, ctx.ExpireNowMs(), SIZE_MAX, &deleted);
  return deleted ? nullptr : e;
}
Entry* LookupHashRead(CommandContext& ctx, std::string_view key) {
  return ExpireDueFields(ctx, ctx.LookupRead(key));
}
Entry* LookupHashWrite(CommandContext& ctx, std::string_view key) {
  return ExpireDueFields(ctx, ctx.LookupWrite(key));
}

void ReplyArityError(CommandContext& ctx) {
  ctx.ReplyError("ERR wrong number of arguments for '" + ctx.cmd->full_name + "' command");
}

// One pair of HRANDFIELD/HGETALL-like replies: RESP3 nests a WITHVALUES pair in a 2-array.
void ReplyPair(CommandContext& ctx, std::string_view f, std::string_view v, bool withvalues) {
  if (withvalues && ctx.rb.resp3()) ctx.rb.ArrayHeader(2);
  ctx.rb.Bulk(f);
  if (withvalues) ctx.rb.Bulk(v);
}

// HSET key field value [field value ...] / HMSET: every pair set, one "hset" event, dirty by pairs given.
void HsetGeneric(CommandContext& ctx, bool reply_ok) {
  if (ctx.argc() % 2 == 1) {
    ReplyArityError(ctx);
    return;
  }
  Entry* e = LookupHashWrite(ctx, ctx.argv[1]);
  if (ctx.WrongTypeReply(e, ObjType::kHash)) return;
  const HashLimits limits = Limits(ctx);
  int64_t created = 0;
  auto fill = [&](Value& v) {
    HashTryConversion(v, ctx.argv, 2, ctx.argc() - 1, limits);
    for (size_t j = 2; j < ctx.argc(); j += 2) created += HashSet(v, ctx.argv[j], ctx.argv[j + 1], limits);
  };
  if (e == nullptr) {
    Value v = NewHash();
    fill(v);
    ctx.db->Add(ctx.argv[1], std::move(v), kNotifyHash, "hset");
  } else {
    fill(ctx.db->Write(e, kNotifyHash, "hset"));
  }
  if (reply_ok) {
    ctx.rb.Ok();
  } else {
    ctx.rb.Integer(created);
  }
  ctx.Dirty(static_cast<int64_t>((ctx.argc() - 2) / 2));
}

void HsetCommand(CommandContext& ctx) { HsetGeneric(ctx, false); }
void HmsetCommand(CommandContext& ctx) { HsetGeneric(ctx, true); }

// HSETNX key field value
void HsetnxCommand(CommandContext& ctx) {
  Entry* e = LookupHashWrite(ctx, ctx.argv[1]);
  if (ctx.WrongTypeReply(e, ObjType::kHash)) return;
  if (e != nullptr && HashExists(e->value(), ctx.argv[2])) {
    ctx.rb.Integer(0);
    return;
  }
  const HashLimits limits = Limits(ctx);
  auto fill = [&](Value& v) {
    HashTryConversion(v, ctx.argv, 2, 3, limits);
    HashSet(v, ctx.argv[2], ctx.argv[3], limits);
  };
  if (e == nullptr) {
    Value v = NewHash();
    fill(v);
    ctx.db->Add(ctx.argv[1], std::move(v), kNotifyHash, "hset");
  } else {
    fill(ctx.db->Write(e, kNotifyHash, "hset"));
  }
  ctx.rb.Integer(1);
  ctx.Dirty();
}

// HGET key field
void HgetCommand(CommandContext& ctx) {
  const Entry* e = LookupHashRead(ctx, ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Null();
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kHash)) return;
  char buf[ds::kInt64BufBytes];
  std::string_view value;
  if (HashGet(e->value(), ctx.argv[2], buf, &value)) {
    ctx.rb.Bulk(value);
  } else {
    ctx.rb.Null();
  }
}

// HMGET key field [field ...]: a missing key is an empty hash (all nulls).
void HmgetCommand(CommandContext& ctx) {
  const Entry* e = LookupHashRead(ctx, ctx.argv[1]);
  if (ctx.WrongTypeReply(e, ObjType::kHash)) return;
  ctx.rb.ArrayHeader(ctx.argc() - 2);
  char buf[ds::kInt64BufBytes];
  for (size_t j = 2; j < ctx.argc(); ++j) {
    std::string_view value;
    if (e != nullptr && HashGet(e->value(), ctx.argv[j], buf, &value)) {
      ctx.rb.Bulk(value);
    } else {
      ctx.rb.Null();
    }
  }
}

// HDEL key field [field ...]: "hdel" once anything went, then "del" when the key went with its last field.
void HdelCommand(CommandContext& ctx) {
  Entry* e = LookupHashWrite(ctx, ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Integer(0);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kHash)) return;
  Value* v = nullptr;
  int64_t deleted = 0;
  for (size_t j = 2; j < ctx.argc(); ++j) {
    if (v == nullptr) {
      if (!HashExists(e->value(), ctx.argv[j])) continue;
      v = &ctx.db->Write(e, kNotifyHash, "hdel");
    }
    if (!HashDelete(*v, ctx.argv[j])) continue;
    ++deleted;
    if (HashLength(*v) == 0) {
      ctx.db->Delete(e);
      break;
    }
  }
  ctx.Dirty(deleted);
  ctx.rb.Integer(deleted);
}

// HLEN key
void HlenCommand(CommandContext& ctx) {
  const Entry* e = LookupHashRead(ctx, ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Integer(0);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kHash)) return;
  ctx.rb.Integer(static_cast<int64_t>(HashLength(e->value())));
}

// HSTRLEN key field: 0 for a missing key or field.
void HstrlenCommand(CommandContext& ctx) {
  const Entry* e = LookupHashRead(ctx, ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Integer(0);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kHash)) return;
  char buf[ds::kInt64BufBytes];
  std::string_view value;
  ctx.rb.Integer(HashGet(e->value(), ctx.argv[2], buf, &value) ? static_cast<int64_t>(value.size()) : 0);
}

// HEXISTS key field
void HexistsCommand(CommandContext& ctx) {
  const Entry* e = LookupHashRead(ctx, ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Integer(0);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kHash)) return;
  ctx.rb.Integer(HashExists(e->value(), ctx.argv[2]) ? 1 : 0);
}

enum HashParts { kFields = 1, kValues = 2 };

// HGETALL (a map in RESP3), HKEYS, HVALS.
void HgetallGeneric(CommandContext& ctx, int parts) {
  const bool both = parts == (kFields | kValues);
  const Entry* e = LookupHashRead(ctx, ctx.argv[1]);
  if (e == nullptr) {
    if (both) {
      ctx.rb.MapHeader(0);
    } else {
      ctx.rb.EmptyArray();
    }
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kHash)) return;
  const size_t len = HashLength(e->value());
  if (both) {
    ctx.rb.MapHeader(len);
  } else {
    ctx.rb.ArrayHeader(len);
  }
  HashForEach(e->value(), [&](std::string_view f, std::string_view v) {
    if (parts & kFields) ctx.rb.Bulk(f);
    if (parts & kValues) ctx.rb.Bulk(v);
  });
}

void HgetallCommand(CommandContext& ctx) { HgetallGeneric(ctx, kFields | kValues); }
void HkeysCommand(CommandContext& ctx) { HgetallGeneric(ctx, kFields); }
void HvalsCommand(CommandContext& ctx) { HgetallGeneric(ctx, kValues); }

// Sets field to the text of a HINCRBY/HINCRBYFLOAT result, creating the key when it was missing.
void StoreIncrResult(CommandContext& ctx, Entry* e, std::string_view text, std::string_view event) {
  const HashLimits limits = Limits(ctx);
  if (e == nullptr) {
    Value v = NewHash();
    HashSet(v, ctx.argv[2], text, limits);
    ctx.db->Add(ctx.argv[1], std::move(v), kNotifyHash, event);
  } else {
    // The field keeps its TTL: the value is altered, not replaced (Redis 7.4's HASH_SET_KEEP_TTL).
    HashSet(ctx.db->Write(e, kNotifyHash, event), ctx.argv[2], text, limits, /*keep_ttl=*/true);
  }
  ctx.Dirty();
}

// HINCRBY key field increment
void HincrbyCommand(CommandContext& ctx) {
  int64_t incr;
  if (!ctx.Int64OrReply(ctx.argv[3], &incr)) return;
  Entry* e = LookupHashWrite(ctx, ctx.argv[1]);
  if (ctx.WrongTypeReply(e, ObjType::kHash)) return;
  int64_t value = 0;
  char buf[ds::kInt64BufBytes];
  std::string_view current;
  if (e != nullptr && HashGet(e->value(), ctx.argv[2], buf, &current) && !ds::StringToInt64(current, &value)) {
    ctx.ReplyError("ERR hash value is not an integer");
    return;
  }
  if ((incr < 0 && value < 0 && incr < std::numeric_limits<int64_t>::min() - value) ||
      (incr > 0 && value > 0 && incr > std::numeric_limits<int64_t>::max() - value)) {
    ctx.ReplyError(kErrOverflow);
    return;
  }
  value += incr;
  char digits[ds::kInt64BufBytes];
  StoreIncrResult(ctx, e, std::string_view(digits, ds::Int64ToChars(value, digits)), "hincrby");
  ctx.rb.Integer(value);
}

// HINCRBYFLOAT key field increment: replies and propagates (as HSET) the result's text.
void HincrbyfloatCommand(CommandContext& ctx) {
  long double incr;
  if (!ctx.LongDoubleOrReply(ctx.argv[3], &incr)) return;
  if (std::isnan(incr) || std::isinf(incr)) {
    ctx.ReplyError("ERR value is NaN or Infinity");
    return;
  }
  Entry* e = LookupHashWrite(ctx, ctx.argv[1]);
  if (ctx.WrongTypeReply(e, ObjType::kHash)) return;
  long double value = 0;
  char buf[ds::kInt64BufBytes];
  std::string_view current;
  if (e != nullptr && HashGet(e->value(), ctx.argv[2], buf, &current) &&
      !ds::StringToLongDouble(current, &value)) {
    ctx.ReplyError("ERR hash value is not a float");
    return;
  }
  value += incr;
  if (std::isnan(value) || std::isinf(value)) {
    ctx.ReplyError("ERR increment would produce NaN or Infinity");
    return;
  }
  const std::string text = ds::LongDoubleToString(value, true);
  StoreIncrResult(ctx, e, text, "hincrbyfloat");
  ctx.rb.Bulk(text);
  ctx.PropagateAs({"HSET", std::string(ctx.argv[1]), std::string(ctx.argv[2]), text});
}

// Redis's HRANDFIELD_RANDOM_SAMPLE_LIMIT: repeated picks from a listpack are drawn in batches of this many.
constexpr size_t kRandomSampleLimit = 1000;

// HRANDFIELD key count [WITHVALUES]: a negative count may repeat fields (exactly -count of them), a
// positive one returns distinct fields, the whole hash when count is at least its size.
void HrandfieldWithCount(CommandContext& ctx, int64_t l, bool withvalues) {
  const Entry* e = LookupHashRead(ctx, ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.EmptyArray();
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kHash)) return;
  const Value& v = e->value();
  const size_t size = HashLength(v);
  const bool unique = l >= 0;
  const auto count = static_cast<uint64_t>(l >= 0 ? l : -l);
  if (count == 0) {
    ctx.rb.EmptyArray();
    return;
  }
  absl::BitGen& rng = ctx.server.rng();
  const bool flat_pairs = withvalues && !ctx.rb.resp3();
  // Case 1: repeats allowed (or a single field): independent picks, in the order picked.
  if (!unique || count == 1) {
    ctx.rb.ArrayHeader(flat_pairs ? count * 2 : count);
    if (IsListpackHash(v)) {
      ListpackView lp(v);
      const size_t batch = std::min<uint64_t>(count, kRandomSampleLimit);
      std::vector<ds::Listpack::Entry> fields(batch), values(batch);
      char fbuf[ds::kInt64BufBytes], vbuf[ds::kInt64BufBytes];
      for (uint64_t left = count; left > 0;) {
        const auto n = static_cast<uint32_t>(std::min<uint64_t>(left, batch));
        left -= n;
        lp->RandomGroups(rng, n, ListpackGroup(v), fields.data(), values.data());
        for (uint32_t i = 0; i < n; ++i) ReplyPair(ctx, fields[i].View(fbuf), values[i].View(vbuf), withvalues);
      }
    } else {
      const ds::StringMap* map = v.Ptr<ds::StringMap>();
      for (uint64_t i = 0; i < count; ++i) {
        const ds::StringMap::Node* n = map->Random(rng);
        ReplyPair(ctx, ds::StringMap::FieldOf(n), ds::StringMap::ValueOf(n), withvalues);
      }
    }
    return;
  }
  const size_t reply_size = std::min<uint64_t>(count, size);
  ctx.rb.ArrayHeader(flat_pairs ? reply_size * 2 : reply_size);
  // Case 2: the whole hash, in its order.
  if (count >= size) {
    HashForEach(v, [&](std::string_view f, std::string_view val) { ReplyPair(ctx, f, val, withvalues); });
    return;
  }
  // Cases 3 and 4: count distinct fields.
  for (const Pair& p : OpDistinctRandomPairs(v, count, rng)) ReplyPair(ctx, p.first, p.second, withvalues);
}

// HRANDFIELD key [count [WITHVALUES]]
void HrandfieldCommand(CommandContext& ctx) {
  if (ctx.argc() >= 3) {
    int64_t l;
    if (!ctx.Int64OrReply(ctx.argv[2], &l)) return;
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    // Redis's range: -LONG_MIN has no positive counterpart.
    if (l < -kMax) {
      ctx.ReplyError("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
      return;
    }
    bool withvalues = false;
    if (ctx.argc() > 4 || (ctx.argc() == 4 && !EqualsIgnoreCase(ctx.argv[3], "withvalues"))) {
      ctx.ReplySyntaxError();
      return;
    }
    if (ctx.argc() == 4) {
      withvalues = true;
      // Pairs count twice in a RESP2 reply: keep the doubled length representable.
      if (l < -kMax / 2 || l > kMax / 2) {
        ctx.ReplyError("ERR value is out of range");
        return;
      }
    }
    HrandfieldWithCount(ctx, l, withvalues);
    return;
  }
  const Entry* e = LookupHashRead(ctx, ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Null();
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kHash)) return;
  ctx.rb.Bulk(OpRandomPair(e->value(), ctx.server.rng()).first);
}

// HSCAN key cursor [MATCH pattern] [COUNT count]: a listpack (and a hashtable of at most
// ds::StringMap::kSmallMax fields) answers whole with cursor 0; a larger one walks its Dict with SCAN's
// guarantee. MATCH filters by field, dropping the pair. The cursor is checked before the key, the options
// only once the key is found, as in Redis.
void HscanCommand(CommandContext& ctx) {
  uint64_t cursor;
  if (!ScanCursorOrReply(ctx, ctx.argv[2], &cursor)) return;
  const Entry* e = LookupHashRead(ctx, ctx.argv[1]);
  if (e == nullptr) {
    ReplyEmptyScan(ctx);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kHash)) return;
  ScanOptions opts;
  if (!ScanOptionsOrReply(ctx, 3, &opts)) return;
  const Value& v = e->value();
  std::vector<std::string> digits;  // a listpack's integers as text, for the views below
  std::vector<std::string_view> found;
  auto keep = [&](std::string_view f) { return !opts.use_pattern || ds::GlobMatch(opts.pattern, f); };
  if (IsListpackHash(v)) {
    ListpackView lp(v);
    const bool with_ttl = v.encoding() == Encoding::kListpackEx;
    digits.reserve(2 * HashLength(v));  // no reallocation: the views into it must stay valid
    auto text = [&](const ds::Listpack::Entry& entry) -> std::string_view {
      if (!entry.is_int) return entry.str;
      return digits.emplace_back(ds::Int64ToString(entry.int_value));
    };
    for (auto p = lp->First(); p != ds::Listpack::kNoPos;) {
      const ds::Listpack::Entry f = lp->Get(p);
      p = lp->Next(p);
      const ds::Listpack::Entry val = lp->Get(p);
      p = lp->Next(p);
      if (with_ttl) p = lp->Next(p);
      const std::string_view field = text(f);
      if (!keep(field)) continue;
      found.push_back(field);
      found.push_back(text(val));
    }
    cursor = 0;
  } else {
    // Views into the nodes: nothing changes the hash before the reply is built.
    const ds::StringMap* map = v.Ptr<ds::StringMap>();
    const uint64_t max_calls =
        opts.count > std::numeric_limits<uint64_t>::max() / 10 ? opts.count : opts.count * 10;
    uint64_t calls = 0;
    size_t seen = 0;
    do {
      cursor = map->Scan(cursor, opts.count - seen, [&](const ds::StringMap::Node* n) {
        ++seen;
        const std::string_view field = ds::StringMap::FieldOf(n);
        if (!keep(field)) return;
        found.push_back(field);
        found.push_back(ds::StringMap::ValueOf(n));
      });
    } while (cursor != 0 && ++calls < max_calls && seen < opts.count);
  }
  ReplyScan(ctx, cursor, found);
}

// ---------------------------------------------------------------------------------------------------------
// Hash-field expiry (Redis 7.4): H[P]EXPIRE[AT], H[P]TTL, H[P]EXPIRETIME, HPERSIST. No reference server here
// has them: replies, errors, events and propagation follow Redis 7.4's documentation and source.
// ---------------------------------------------------------------------------------------------------------

// Redis 7.4's HFE_MAX_ABS_TIME_MSEC: field expiry times are kept in 48 bits, 2 of them reserved.
constexpr int64_t kMaxFieldExpireMs = (int64_t{1} << 46) - 1;

enum class TtlCondition { kNone, kNx, kXx, kGt, kLt };

// The FIELDS block: argv[at] is FIELDS, argv[at + 1] numfields, then exactly numfields fields. Replies and
// returns false on error; *first is the index of the first field.
bool FieldsOrReply(CommandContext& ctx, size_t at, std::string_view numfields_error, size_t* first) {
  if (at >= ctx.argc() || !EqualsIgnoreCase(ctx.argv[at], "FIELDS")) {
    ctx.ReplyError("ERR Mandatory argument FIELDS is missing or not at the right position");
    return false;
  }
  int64_t n;
  if (at + 1 >= ctx.argc() ||
      !ctx.RangeInt64OrReply(ctx.argv[at + 1], 1, std::numeric_limits<int64_t>::max(), &n, numfields_error)) {
    if (at + 1 >= ctx.argc()) ctx.ReplyError(numfields_error);
    return false;
  }
  if (static_cast<uint64_t>(n) != ctx.argc() - at - 2) {
    ctx.ReplyError("ERR The `numfields` parameter must match the number of arguments");
    return false;
  }
  *first = at + 2;
  return true;
}

// Per-field replies of HEXPIRE and friends (Redis 7.4's SetExRes).
constexpr int64_t kNoField = -2, kConditionNotMet = 0, kTtlSet = 1, kFieldDeleted = 2;

// HEXPIRE / HPEXPIRE / HEXPIREAT / HPEXPIREAT key time [NX | XX | GT | LT] FIELDS numfields field ...
// basetime_ms is the command's clock for the relative forms, 0 for the absolute ones. Per field: -2 absent,
// 0 condition not met, 1 TTL set, 2 deleted (a time not after now). Events: "hexpire" when TTLs were set,
// "hdel" (and "del" with the last field) when fields were deleted. Propagation: HDEL per deleted field, and
// HPEXPIREAT with the absolute time and only the fields whose TTL was set.
void HexpireGeneric(CommandContext& ctx, int64_t basetime_ms, bool seconds) {
  Entry* e = LookupHashWrite(ctx, ctx.argv[1]);
  if (ctx.WrongTypeReply(e, ObjType::kHash)) return;
  int64_t at;
  if (!ctx.Int64OrReply(ctx.argv[2], &at)) return;
  if (at < 0) {
    ctx.ReplyError("ERR invalid expire time, must be >= 0");
    return;
  }
  const std::string bad_time = "ERR invalid expire time in '" + ctx.cmd->full_name + "' command";
  if (seconds) {
    if (at > kMaxFieldExpireMs / 1000) {
      ctx.ReplyError(bad_time);
      return;
    }
    at *= 1000;
  }
  if (at > kMaxFieldExpireMs - basetime_ms) {
    ctx.ReplyError(bad_time);
    return;
  }
  at += basetime_ms;
  TtlCondition cond = TtlCondition::kNone;
  size_t fields_at = 3;
  const std::string_view opt = ctx.argv[3];
  if (EqualsIgnoreCase(opt, "nx")) {
    cond = TtlCondition::kNx;
  } else if (EqualsIgnoreCase(opt, "xx")) {
    cond = TtlCondition::kXx;
  } else if (EqualsIgnoreCase(opt, "gt")) {
    cond = TtlCondition::kGt;
  } else if (EqualsIgnoreCase(opt, "lt")) {
    cond = TtlCondition::kLt;
  }
  if (cond != TtlCondition::kNone) ++fields_at;
  size_t first;
  if (!FieldsOrReply(ctx, fields_at, "ERR Parameter `numFields` should be greater than 0", &first)) return;
  const size_t n = ctx.argc() - first;
  ctx.rb.ArrayHeader(n);
  if (e == nullptr) {
    for (size_t i = 0; i < n; ++i) ctx.rb.Integer(kNoField);
    return;
  }
  // Every field passing its condition is deleted when the time is not after now, else gets the TTL: the
  // one time decides for all, so the event is known before the first change.
  const bool deleting = at <= ctx.now_ms;
  const std::string key(ctx.argv[1]);
  Value* v = nullptr;
  std::vector<std::string_view> set_fields;
  int64_t deleted = 0;
  bool key_gone = false;
  for (size_t j = first; j < ctx.argc(); ++j) {
    const std::string_view field = ctx.argv[j];
    int64_t current;
    if (key_gone || !HashFieldTtl(v != nullptr ? *v : e->value(), field, &current)) {
      ctx.rb.Integer(kNoField);
      continue;
    }
    // A field without a TTL counts as an infinite one for GT and LT.
    const bool met = current < 0 ? cond != TtlCondition::kXx && cond != TtlCondition::kGt
                                  : cond == TtlCondition::kNone || (cond == TtlCondition::kXx) ||
                                        (cond == TtlCondition::kGt && at > current) ||
                                        (cond == TtlCondition::kLt && at < current);
    if (!met) {
      ctx.rb.Integer(kConditionNotMet);
      continue;
    }
    if (v == nullptr) v = &ctx.db->Write(e, kNotifyHash, deleting ? "hdel" : "hexpire");
    if (deleting) {
      HashDelete(*v, field);
      ++deleted;
      if (ctx.server.propagator().active()) ctx.AlsoPropagate({"HDEL", key, std::string(field)});
      ctx.rb.Integer(kFieldDeleted);
      if (HashLength(*v) == 0) {
        ctx.db->Delete(e);
        key_gone = true;
      }
      continue;
    }
    HashEnableFieldTtls(*v);
    HashSetFieldTtl(*v, field, at);
    set_fields.push_back(field);
    ctx.rb.Integer(kTtlSet);
  }
  ctx.Dirty(deleted + static_cast<int64_t>(set_fields.size()));
  if (set_fields.empty()) {
    ctx.PreventPropagation();
    return;
  }
  ctx.server.hash_field_expiry().Register(ctx.db->index(), key, at);
  // As HPEXPIREAT with the absolute time and the fields whose TTL was set.
  if (EqualsIgnoreCase(ctx.argv[0], "hpexpireat") && set_fields.size() == n) return;
  std::vector<std::string> argv = {EqualsIgnoreCase(ctx.argv[0], "hpexpireat") ? std::string(ctx.argv[0])
                                                                                : std::string("HPEXPIREAT"),
                                   key, ds::Int64ToString(at)};
  if (cond != TtlCondition::kNone) argv.emplace_back(ctx.argv[3]);
  argv.emplace_back(ctx.argv[fields_at]);
  argv.push_back(std::to_string(set_fields.size()));
  for (std::string_view f : set_fields) argv.emplace_back(f);
  ctx.PropagateAs(std::move(argv));
}

void HexpireCommand(CommandContext& ctx) { HexpireGeneric(ctx, ctx.now_ms, true); }
void HpexpireCommand(CommandContext& ctx) { HexpireGeneric(ctx, ctx.now_ms, false); }
void HexpireatCommand(CommandContext& ctx) { HexpireGeneric(ctx, 0, true); }
void HpexpireatCommand(CommandContext& ctx) { HexpireGeneric(ctx, 0, false); }

// HTTL / HPTTL / HEXPIRETIME / HPEXPIRETIME key FIELDS numfields field ...: per field -2 absent, -1 no TTL,
// else the remaining time (basetime_ms = now) or the expiry time (basetime_ms = 0), in seconds (rounded
// up, as Redis) or milliseconds.
void HttlGeneric(CommandContext& ctx, int64_t basetime_ms, bool seconds) {
  const Entry* e = LookupHashRead(ctx, ctx.argv[1]);
  if (ctx.WrongTypeReply(e, ObjType::kHash)) return;
  size_t first;
  if (!FieldsOrReply(ctx, 2, "ERR Number of fields must be a positive integer", &first)) return;
  ctx.rb.ArrayHeader(ctx.argc() - first);
  for (size_t j = first; j < ctx.argc(); ++j) {
    int64_t at;
    if (e == nullptr || !HashFieldTtl(e->value(), ctx.argv[j], &at)) {
      ctx.rb.Integer(kNoField);
    } else if (at < 0) {
      ctx.rb.Integer(-1);
    } else {
      ctx.rb.Integer(seconds ? (at + 999 - basetime_ms) / 1000 : at - basetime_ms);
    }
  }
}

void HttlCommand(CommandContext& ctx) { HttlGeneric(ctx, ctx.now_ms, true); }
void HpttlCommand(CommandContext& ctx) { HttlGeneric(ctx, ctx.now_ms, false); }
void HexpiretimeCommand(CommandContext& ctx) { HttlGeneric(ctx, 0, true); }
void HpexpiretimeCommand(CommandContext& ctx) { HttlGeneric(ctx, 0, false); }

// HPERSIST key FIELDS numfields field ...: per field -2 absent, -1 no TTL, 1 TTL removed; "hpersist" and
// one dirty change when any TTL went, propagated as received.
void HpersistCommand(CommandContext& ctx) {
  Entry* e = LookupHashWrite(ctx, ctx.argv[1]);
  if (ctx.WrongTypeReply(e, ObjType::kHash)) return;
  size_t first;
  if (!FieldsOrReply(ctx, 2, "ERR Number of fields must be a positive integer", &first)) return;
  ctx.rb.ArrayHeader(ctx.argc() - first);
  Value* v = nullptr;
  for (size_t j = first; j < ctx.argc(); ++j) {
    int64_t at;
    if (e == nullptr || !HashFieldTtl(v != nullptr ? *v : e->value(), ctx.argv[j], &at)) {
      ctx.rb.Integer(kNoField);
      continue;
    }
    if (at < 0) {
      ctx.rb.Integer(-1);
      continue;
    }
    if (v == nullptr) v = &ctx.db->Write(e, kNotifyHash, "hpersist");
    HashClearFieldTtl(*v, ctx.argv[j]);
    ctx.rb.Integer(1);
  }
  if (v != nullptr) ctx.Dirty();
}

}  // namespace

void RegisterHashCommands(CommandTable& t) {
  RegisterHashEncodings();
  t.Add("hset", HsetCommand);
  t.Add("hmset", HmsetCommand);
  t.Add("hsetnx", HsetnxCommand);
  t.Add("hget", HgetCommand);
  t.Add("hmget", HmgetCommand);
  t.Add("hdel", HdelCommand);
  t.Add("hlen", HlenCommand);
  t.Add("hstrlen", HstrlenCommand);
  t.Add("hexists", HexistsCommand);
  t.Add("hgetall", HgetallCommand);
  t.Add("hkeys", HkeysCommand);
  t.Add("hvals", HvalsCommand);
  t.Add("hincrby", HincrbyCommand);
  t.Add("hincrbyfloat", HincrbyfloatCommand);
  t.Add("hrandfield", HrandfieldCommand);
  t.Add("hscan", HscanCommand);
  t.Add("hexpire", HexpireCommand);
  t.Add("hpexpire", HpexpireCommand);
  t.Add("hexpireat", HexpireatCommand);
  t.Add("hpexpireat", HpexpireatCommand);
  t.Add("httl", HttlCommand);
  t.Add("hpttl", HpttlCommand);
  t.Add("hexpiretime", HexpiretimeCommand);
  t.Add("hpexpiretime", HpexpiretimeCommand);
  t.Add("hpersist", HpersistCommand);
}

}  // namespace ringkv::core

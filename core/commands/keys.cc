// The generic key family: commands that work on a key whatever its type (DEL, UNLINK, EXISTS, TYPE, RENAME,
// RENAMENX, COPY, MOVE, KEYS, SCAN, RANDOMKEY, TOUCH, OBJECT) and the expire family (EXPIRE, PEXPIRE, EXPIREAT,
// PEXPIREAT, TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST). Replies, errors and propagation are Redis 7.0's
// (db.c, expire.c, object.c). Layout: pure Op* helpers on the keyspace, then the handlers, then the table.

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/access_bits.h"
#include "core/command.h"
#include "core/config.h"
#include "core/context.h"
#include "core/db.h"
#include "core/object.h"
#include "core/server.h"
#include "ds/glob.h"
#include "ds/numconv.h"

namespace ringkv::core {
namespace {

// ---------------------------------------------------------------------------------------------------------
// Constants matched to Redis so OBJECT's numbers mean the same thing here.

// Redis shares the integer objects 0..9999 (OBJ_SHARED_INTEGERS) and reports their refcount as INT_MAX
// (OBJ_SHARED_REFCOUNT); ringkv stores integers inline but reports what Redis would.
constexpr int64_t kSharedIntegers = 10000;
constexpr int64_t kSharedRefcount = std::numeric_limits<int32_t>::max();

constexpr std::string_view kErrSameObject = "ERR source and destination objects are the same";
// getIntFromObjectOrReply's range error for DB indexes (MOVE, COPY ... DB): Redis parses them as C ints.
constexpr std::string_view kErrIntRange = "ERR value is out of range, value must between -2147483648 and 2147483647";
constexpr std::string_view kErrLfuNotSelected =
    "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching "
    "between policies at runtime LRU and LFU data will take some time to adjust.";
constexpr std::string_view kErrLfuSelected =
    "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between "
    "policies at runtime LRU and LFU data will take some time to adjust.";

// ---------------------------------------------------------------------------------------------------------
// Pure helpers

// Redis hands out shared integers only when eviction cannot need per-object access data
// (MAXMEMORY_FLAG_NO_SHARED_INTEGERS): no maxmemory, or a policy that is neither LRU nor LFU.
bool SharedIntegersAllowed(const Config& cfg) {
  const bool lru_or_lfu = cfg.maxmemory_policy == kVolatileLru || cfg.maxmemory_policy == kAllkeysLru ||
                          cfg.maxmemory_policy == kVolatileLfu || cfg.maxmemory_policy == kAllkeysLfu;
  return cfg.maxmemory == 0 || !lru_or_lfu;
}

int64_t RefCount(const Value& v, const Config& cfg) {
  if (v.IsIntEncoded() && v.int_value() >= 0 && v.int_value() < kSharedIntegers && SharedIntegersAllowed(cfg)) {
    return kSharedRefcount;
  }
  return 1;
}

// SCAN's cursor parser, matching Redis's strtoul-based one byte for byte: base 10, the text up to the first
// NUL, no leading whitespace, no trailing garbage, no overflow. strtoul's laxness is kept on purpose since
// clients may depend on it: "" is 0, "+5" is 5, and "-1" wraps to 2^64-1.
bool ParseScanCursor(std::string_view s, uint64_t* out) {
  const std::string text(s);  // NUL-terminated for strtoull; an embedded NUL ends the number, as in Redis
  if (std::isspace(static_cast<unsigned char>(text.c_str()[0]))) return false;
  errno = 0;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE) return false;
  *out = static_cast<uint64_t>(v);
  return true;
}

// Remaining time to live of e in ms (or its absolute expire time with absolute), -1 without a TTL; never
// negative otherwise, as Redis clamps a TTL that ran out during the command to 0.
int64_t TtlMs(const Entry* e, int64_t now_ms, bool absolute) {
  if (!e->has_expire()) return -1;
  const int64_t ttl = absolute ? e->expire_at_ms() : e->expire_at_ms() - now_ms;
  return ttl < 0 ? 0 : ttl;
}

// Milliseconds to whole seconds rounding half up as Redis's (ttl+500)/1000. Redis's build computes that sum
// without wrapping for ttl near INT64_MAX (EXPIRETIME of PEXPIREAT 9223372036854775807 is
// 9223372036854776), which unsigned arithmetic reproduces; ttl is never negative here.
int64_t MsToRoundedSeconds(int64_t ttl_ms) {
  return static_cast<int64_t>((static_cast<uint64_t>(ttl_ms) + 500) / 1000);
}

// The option bits of EXPIRE and friends (Redis's EXPIRE_NX/XX/GT/LT).
enum ExpireFlag : int { kExpireNx = 1, kExpireXx = 2, kExpireGt = 4, kExpireLt = 8 };

// Whether the NX/XX/GT/LT conditions allow replacing the key's expire time by when_ms. A key without a
// TTL counts as an infinite TTL: GT always fails on it and LT always passes.
bool ExpireConditionsHold(const Entry* e, int flags, int64_t when_ms) {
  if (flags == 0) return true;
  if ((flags & kExpireNx) && e->has_expire()) return false;
  if ((flags & kExpireXx) && !e->has_expire()) return false;
  if ((flags & kExpireGt) && (!e->has_expire() || when_ms <= e->expire_at_ms())) return false;
  if ((flags & kExpireLt) && e->has_expire() && when_ms >= e->expire_at_ms()) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Op*: the keyspace work of each command, with no parsing and no replies.

// Deletes key if it is live, its value freed as cause says (DEL: kUserDel, UNLINK: kUnlink). The lookup
// first lets lazy expiry remove (and signal as expired) a key whose TTL has passed, so such a key is not
// counted as deleted, as Redis's expireIfNeeded before dbSyncDelete.
bool OpDelete(Db& db, std::string_view key, int64_t now_ms, FreeCause cause) {
  Entry* e = db.Lookup(key, now_ms);
  if (e == nullptr) return false;
  db.Delete(e, cause);
  return true;
}

enum class RenameOutcome { kTargetExists, kRenamed };

// Renames src (a live entry of db) to dst_key, which differs from its key. An existing live target is
// overwritten unless nx. src keeps its value, TTL and access data, as Redis moves the object itself. The
// target is looked up for writing, as Redis does (a target whose TTL passed is expired first).
RenameOutcome OpRename(CommandContext& ctx, Entry* src, std::string_view dst_key, bool nx) {
  Entry* target = ctx.LookupWrite(dst_key);
  if (target != nullptr && nx) return RenameOutcome::kTargetExists;
  ctx.db->Rename(src, dst_key, target);
  return RenameOutcome::kRenamed;
}

enum class CopyOutcome { kTargetExists, kUnsupportedType, kCopied };

// Copies src's value and TTL to dst_key in dst (src is not that key: the caller checked). A failed copy
// leaves the target alone.
CopyOutcome OpCopy(const Entry& src, Db& dst, std::string_view dst_key, bool replace, int64_t now_ms) {
  Entry* target = dst.Lookup(dst_key, now_ms);
  if (target != nullptr && !replace) return CopyOutcome::kTargetExists;
  if (dst.CopyFrom(src, dst_key, target) == nullptr) return CopyOutcome::kUnsupportedType;
  return CopyOutcome::kCopied;
}

// Moves the live entry e of src to dst (another db) unless dst has that key live.
bool OpMove(Db& src, Entry* e, Db& dst, int64_t now_ms) {
  if (dst.Lookup(e->key(), now_ms) != nullptr) return false;
  src.MoveTo(e, &dst);
  return true;
}

// KEYS: the live keys matching pattern. Expired keys are skipped, not deleted (Redis 7.0's keyIsExpired):
// nothing changes the dict while it is walked. The views point into entries that stay alive until the
// dict is next modified.
std::vector<std::string_view> OpMatchingKeys(const Db& db, std::string_view pattern, int64_t now_ms) {
  const bool all = pattern == "*";  // Redis skips matching for "*" (GlobMatch("*", "") would say no)
  std::vector<std::string_view> keys;
  db.ForEach([&](const Entry* e) {
    if (Db::IsExpired(e, now_ms)) return;
    if (all || ds::GlobMatch(pattern, e->key())) keys.push_back(e->key());
  });
  return keys;
}

struct ScanFilter {
  size_t count = 10;  // Redis's default COUNT
  std::string_view pattern;
  bool use_pattern = false;
  std::string_view type;
  bool use_type = false;
};

struct ScanResult {
  uint64_t next_cursor = 0;
  std::vector<std::string_view> keys;  // into live entries: valid until the dict changes
  std::vector<std::string> expired;    // keys met with a passed TTL: the caller expires them after replying
};

// One SCAN step, as Redis's scanGenericCommand: fetch about count entries from the cursor, then filter by
// MATCH, TYPE and expiry (so a call may return fewer keys than COUNT, even none, with a non-zero cursor).
// Bound: the dict walk is repeated while it returns short, at most 10 * count times (Redis's maxiterations),
// and stops once count entries were fetched. The dict is not modified during the walk; expired keys are
// only recorded.
ScanResult OpScan(const Db& db, uint64_t cursor, const ScanFilter& f, int64_t now_ms) {
  ScanResult out;
  std::vector<const Entry*> fetched;
  const size_t max_calls = f.count > std::numeric_limits<size_t>::max() / 10 ? std::numeric_limits<size_t>::max()
                                                                             : f.count * 10;
  size_t calls = 0;
  do {
    cursor = db.Scan(cursor, f.count - fetched.size(), [&](const Entry* e) { fetched.push_back(e); });
    ++calls;
  } while (cursor != 0 && fetched.size() < f.count && calls < max_calls);
  out.next_cursor = cursor;
  for (const Entry* e : fetched) {
    if (f.use_pattern && !ds::GlobMatch(f.pattern, e->key())) continue;
    if (Db::IsExpired(e, now_ms)) {
      out.expired.emplace_back(e->key());
      continue;
    }
    if (f.use_type && !EqualsIgnoreCase(f.type, TypeName(e->value().type()))) continue;
    out.keys.push_back(e->key());
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Lookups and parsers that reply on failure

// Redis's LOOKUP_NOTOUCH (EXISTS, TYPE, TTL, OBJECT): a lookup with lazy expiry and hit/miss accounting
// that leaves the access bits alone, so inspecting a key does not make it look recently used.
Entry* LookupReadNoTouch(CommandContext& ctx, std::string_view key) { return ctx.LookupRead(key, kLookupNoTouch); }

// A DB index argument (MOVE, COPY ... DB): parsed as a C int like Redis's getIntFromObjectOrReply, then
// checked against the configured databases. Replies the error and returns nullptr when unusable.
Db* DbIndexOrReply(CommandContext& ctx, std::string_view arg) {
  int64_t index;
  if (!ctx.Int64OrReply(arg, &index)) return nullptr;
  if (index < std::numeric_limits<int32_t>::min() || index > std::numeric_limits<int32_t>::max()) {
    ctx.ReplyError(kErrIntRange);
    return nullptr;
  }
  if (index < 0 || index >= ctx.server.db_count()) {
    ctx.ReplyError(kErrDbIndex);
    return nullptr;
  }
  return &ctx.server.db(static_cast<int>(index));
}

// NX | XX | GT | LT after EXPIRE key time, with Redis 7.0's error for an unknown word and its two
// incompatibility errors (checked only once every word is known).
bool ExpireFlagsOrReply(CommandContext& ctx, int* flags) {
  *flags = 0;
  for (size_t j = 3; j < ctx.argc(); ++j) {
    std::string_view opt = ctx.argv[j];
    if (EqualsIgnoreCase(opt, "nx")) {
      *flags |= kExpireNx;
    } else if (EqualsIgnoreCase(opt, "xx")) {
      *flags |= kExpireXx;
    } else if (EqualsIgnoreCase(opt, "gt")) {
      *flags |= kExpireGt;
    } else if (EqualsIgnoreCase(opt, "lt")) {
      *flags |= kExpireLt;
    } else {
      // Redis formats the word with %s: it ends at an embedded NUL.
      opt = opt.substr(0, opt.find('\0'));
      ctx.ReplyError("ERR Unsupported option " + std::string(opt));
      return false;
    }
  }
  if ((*flags & kExpireNx) && (*flags & (kExpireXx | kExpireGt | kExpireLt))) {
    ctx.ReplyError("ERR NX and XX, GT or LT options at the same time are not compatible");
    return false;
  }
  if ((*flags & kExpireGt) && (*flags & kExpireLt)) {
    ctx.ReplyError("ERR GT and LT options at the same time are not compatible");
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Handlers

void DeleteKeys(CommandContext& ctx, FreeCause cause) {
  int64_t deleted = 0;
  for (size_t j = 1; j < ctx.argc(); ++j) {
    if (!OpDelete(*ctx.db, ctx.argv[j], ctx.ExpireNowMs(), cause)) continue;
    ctx.Dirty();
    ++deleted;
  }
  ctx.rb.Integer(deleted);
}

// DEL key [key ...]: big values go to the lazyfree thread only under lazyfree-lazy-user-del.
void DelCommand(CommandContext& ctx) { DeleteKeys(ctx, FreeCause::kUserDel); }

// UNLINK key [key ...]: big values are always freed on the lazyfree thread; only latency differs from DEL.
void UnlinkCommand(CommandContext& ctx) { DeleteKeys(ctx, FreeCause::kUnlink); }

// EXISTS key [key ...]: a key named twice counts twice.
void ExistsCommand(CommandContext& ctx) {
  int64_t count = 0;
  for (size_t j = 1; j < ctx.argc(); ++j) {
    if (LookupReadNoTouch(ctx, ctx.argv[j]) != nullptr) ++count;
  }
  ctx.rb.Integer(count);
}

// TYPE key
void TypeCommand(CommandContext& ctx) {
  const Entry* e = LookupReadNoTouch(ctx, ctx.argv[1]);
  ctx.rb.SimpleString(e == nullptr ? "none" : TypeName(e->value().type()));
}

void RenameGeneric(CommandContext& ctx, bool nx) {
  const std::string_view from = ctx.argv[1];
  const std::string_view to = ctx.argv[2];
  Entry* src = ctx.LookupWrite(from);
  if (src == nullptr) {
    ctx.ReplyError(kErrNoKey);
    return;
  }
  // Renaming a key to itself changes nothing, but a missing key was still an error above.
  if (from == to) {
    if (nx) {
      ctx.rb.Integer(0);
    } else {
      ctx.rb.Ok();
    }
    return;
  }
  if (OpRename(ctx, src, to, nx) == RenameOutcome::kTargetExists) {
    ctx.rb.Integer(0);
    return;
  }
  ctx.Dirty();
  if (nx) {
    ctx.rb.Integer(1);
  } else {
    ctx.rb.Ok();
  }
}

// RENAME key newkey
void RenameCommand(CommandContext& ctx) { RenameGeneric(ctx, false); }

// RENAMENX key newkey
void RenameNxCommand(CommandContext& ctx) { RenameGeneric(ctx, true); }

// COPY source destination [DB destination-db] [REPLACE]
void CopyCommand(CommandContext& ctx) {
  Db* dst = ctx.db;
  bool replace = false;
  for (size_t j = 3; j < ctx.argc(); ++j) {
    const size_t more = ctx.argc() - j - 1;
    if (EqualsIgnoreCase(ctx.argv[j], "replace")) {
      replace = true;
    } else if (EqualsIgnoreCase(ctx.argv[j], "db") && more >= 1) {
      dst = DbIndexOrReply(ctx, ctx.argv[j + 1]);
      if (dst == nullptr) return;
      ++j;
    } else {
      ctx.ReplySyntaxError();
      return;
    }
  }
  const std::string_view from = ctx.argv[1];
  const std::string_view to = ctx.argv[2];
  if (dst == ctx.db && from == to) {
    ctx.ReplyError(kErrSameObject);
    return;
  }
  const Entry* src = ctx.LookupRead(from);
  if (src == nullptr) {
    ctx.rb.Integer(0);
    return;
  }
  switch (OpCopy(*src, *dst, to, replace, ctx.ExpireNowMs())) {
    case CopyOutcome::kTargetExists:
      ctx.rb.Integer(0);
      return;
    case CopyOutcome::kUnsupportedType:
      ctx.ReplyError("ERR unknown type object");
      return;
    case CopyOutcome::kCopied:
      break;
  }
  ctx.Dirty();
  ctx.rb.Integer(1);
}

// MOVE key db
void MoveCommand(CommandContext& ctx) {
  Db* dst = DbIndexOrReply(ctx, ctx.argv[2]);
  if (dst == nullptr) return;
  if (dst == ctx.db) {
    ctx.ReplyError(kErrSameObject);
    return;
  }
  Entry* e = ctx.LookupWrite(ctx.argv[1]);
  if (e == nullptr || !OpMove(*ctx.db, e, *dst, ctx.ExpireNowMs())) {
    ctx.rb.Integer(0);
    return;
  }
  ctx.Dirty();
  ctx.rb.Integer(1);
}

// KEYS pattern: blocks the loop for the whole keyspace, as in Redis (hence @dangerous).
void KeysCommand(CommandContext& ctx) {
  const std::vector<std::string_view> keys = OpMatchingKeys(*ctx.db, ctx.argv[1], ctx.ExpireNowMs());
  ctx.rb.ArrayHeader(keys.size());
  for (std::string_view k : keys) ctx.rb.Bulk(k);
}

// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
void ScanCommand(CommandContext& ctx) {
  uint64_t cursor;
  if (!ParseScanCursor(ctx.argv[1], &cursor)) {
    ctx.ReplyError("ERR invalid cursor");
    return;
  }
  ScanFilter f;
  for (size_t i = 2; i < ctx.argc();) {
    const size_t left = ctx.argc() - i;
    const std::string_view opt = ctx.argv[i];
    if (EqualsIgnoreCase(opt, "count") && left >= 2) {
      int64_t count;
      if (!ctx.Int64OrReply(ctx.argv[i + 1], &count)) return;
      if (count < 1) {
        ctx.ReplySyntaxError();
        return;
      }
      f.count = static_cast<size_t>(count);
    } else if (EqualsIgnoreCase(opt, "match") && left >= 2) {
      f.pattern = ctx.argv[i + 1];
      f.use_pattern = f.pattern != "*";  // see OpMatchingKeys
    } else if (EqualsIgnoreCase(opt, "type") && left >= 2) {
      // An unknown type name is not an error in Redis 7.0: it simply matches nothing.
      f.type = ctx.argv[i + 1];
      f.use_type = true;
    } else {
      ctx.ReplySyntaxError();
      return;
    }
    i += 2;
  }
  ScanResult res = OpScan(*ctx.db, cursor, f, ctx.ExpireNowMs());
  char buf[ds::kInt64BufBytes];
  ctx.rb.ArrayHeader(2);
  ctx.rb.Bulk(std::string_view(buf, ds::Uint64ToChars(res.next_cursor, buf)));
  ctx.rb.ArrayHeader(res.keys.size());
  for (std::string_view k : res.keys) ctx.rb.Bulk(k);
  // Now that nothing points into the dict any more: expire (and propagate as DEL) what the scan met.
  for (const std::string& k : res.expired) ctx.db->Lookup(k, ctx.ExpireNowMs(), /*read=*/true);
}

// RANDOMKEY
void RandomKeyCommand(CommandContext& ctx) {
  const Entry* e = ctx.db->RandomKey(ctx.ExpireNowMs(), ctx.server.rng());
  if (e == nullptr) {
    ctx.rb.Null();
    return;
  }
  ctx.rb.Bulk(e->key());
}

// TOUCH key [key ...]: an ordinary read lookup is the whole point (it stamps the access time).
void TouchCommand(CommandContext& ctx) {
  int64_t touched = 0;
  for (size_t j = 1; j < ctx.argc(); ++j) {
    if (ctx.LookupRead(ctx.argv[j]) != nullptr) ++touched;
  }
  ctx.rb.Integer(touched);
}

// OBJECT HELP
void ObjectHelpCommand(CommandContext& ctx) {
  ctx.ReplyHelp({
      "ENCODING <key>",
      "    Return the kind of internal representation used in order to store the value",
      "    associated with a <key>.",
      "FREQ <key>",
      "    Return the access frequency index of the <key>. The returned integer is",
      "    proportional to the logarithm of the recent access frequency of the key.",
      "IDLETIME <key>",
      "    Return the idle time of the <key>, that is the approximated number of",
      "    seconds elapsed since the last access to the key.",
      "REFCOUNT <key>",
      "    Return the number of references of the value associated with the specified",
      "    <key>.",
  });
}

// OBJECT ENCODING key
void ObjectEncodingCommand(CommandContext& ctx) {
  const Entry* e = ctx.LookupRead(ctx.argv[2], kLookupNoTouch | kLookupNoNotify);
  if (e == nullptr) {
    ctx.rb.Null();
    return;
  }
  ctx.rb.Bulk(EncodingName(e->value().encoding()));
}

// OBJECT REFCOUNT key
void ObjectRefcountCommand(CommandContext& ctx) {
  const Entry* e = ctx.LookupRead(ctx.argv[2], kLookupNoTouch | kLookupNoNotify);
  if (e == nullptr) {
    ctx.rb.Null();
    return;
  }
  ctx.rb.Integer(RefCount(e->value(), ctx.server.config()));
}

// OBJECT IDLETIME key: seconds since the last access; meaningless under LFU, where lru holds the counter.
void ObjectIdletimeCommand(CommandContext& ctx) {
  const Entry* e = ctx.LookupRead(ctx.argv[2], kLookupNoTouch | kLookupNoNotify);
  if (e == nullptr) {
    ctx.rb.Null();
    return;
  }
  if (ctx.server.access_bits().lfu()) {
    ctx.ReplyError(kErrLfuSelected);
    return;
  }
  ctx.rb.Integer(ctx.server.access_bits().IdleSeconds(*e));
}

// OBJECT FREQ key: the LFU counter, only tracked under an LFU policy.
void ObjectFreqCommand(CommandContext& ctx) {
  const Entry* e = ctx.LookupRead(ctx.argv[2], kLookupNoTouch | kLookupNoNotify);
  if (e == nullptr) {
    ctx.rb.Null();
    return;
  }
  if (!ctx.server.access_bits().lfu()) {
    ctx.ReplyError(kErrLfuNotSelected);
    return;
  }
  ctx.rb.Integer(ctx.server.access_bits().Frequency(*e));
}

// EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT key time [NX | XX | GT | LT].
// relative: time counts from now; seconds: time is in seconds. Propagated as PEXPIREAT with the absolute
// ms time (so replicas and the AOF agree however late they apply it), or as DEL when the time has passed.
void ExpireGeneric(CommandContext& ctx, bool relative, bool seconds) {
  const std::string_view key = ctx.argv[1];
  int flags;
  if (!ExpireFlagsOrReply(ctx, &flags)) return;
  int64_t when;
  if (!ctx.Int64OrReply(ctx.argv[2], &when)) return;
  // A negative time is allowed (it deletes the key); only the unit conversion and the addition of the
  // base time may overflow, and those are refused.
  const auto reply_bad_time = [&ctx] {
    ctx.ReplyError("ERR invalid expire time in '" + ctx.cmd->full_name + "' command");
  };
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  if (seconds) {
    if (when > kMax / 1000 || when < kMin / 1000) {
      reply_bad_time();
      return;
    }
    when *= 1000;
  }
  const int64_t base_ms = relative ? ctx.now_ms : 0;
  if (when > kMax - base_ms) {
    reply_bad_time();
    return;
  }
  when += base_ms;

  Entry* e = ctx.LookupWrite(key);
  if (e == nullptr || !ExpireConditionsHold(e, flags, when)) {
    ctx.rb.Integer(0);
    return;
  }
  // TODO(replication, AOF loading): Redis keeps the key with a past TTL on a replica or while loading and
  // waits for the master's DEL; delete here only when serving as a master.
  if (when <= ctx.now_ms) {
    ctx.db->Delete(e, FreeCause::kExpire);
    const bool lazy = ctx.server.config().lazyfree_lazy_expire;
    ctx.PropagateAs({lazy ? "UNLINK" : "DEL", std::string(key)});
    ctx.Dirty();
    ctx.rb.Integer(1);
    return;
  }
  e = ctx.db->SetExpire(e, when);
  // PEXPIREAT already carries an absolute ms time and is replayed as received; the others are rewritten
  // with the options kept.
  if (relative || seconds) {
    std::vector<std::string> out;
    out.reserve(ctx.argc());
    out.emplace_back("PEXPIREAT");
    out.emplace_back(key);
    out.push_back(ds::Int64ToString(when));
    for (size_t j = 3; j < ctx.argc(); ++j) out.emplace_back(ctx.argv[j]);
    ctx.PropagateAs(std::move(out));
  }
  ctx.Dirty();
  ctx.rb.Integer(1);
}

void ExpireCommand(CommandContext& ctx) { ExpireGeneric(ctx, true, true); }
void PexpireCommand(CommandContext& ctx) { ExpireGeneric(ctx, true, false); }
void ExpireatCommand(CommandContext& ctx) { ExpireGeneric(ctx, false, true); }
void PexpireatCommand(CommandContext& ctx) { ExpireGeneric(ctx, false, false); }

// TTL / PTTL / EXPIRETIME / PEXPIRETIME key: -2 when the key is absent, -1 when it has no TTL.
void TtlGeneric(CommandContext& ctx, bool in_ms, bool absolute) {
  const Entry* e = LookupReadNoTouch(ctx, ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Integer(-2);
    return;
  }
  const int64_t ttl_ms = TtlMs(e, ctx.now_ms, absolute);
  if (ttl_ms == -1) {
    ctx.rb.Integer(-1);
    return;
  }
  ctx.rb.Integer(in_ms ? ttl_ms : MsToRoundedSeconds(ttl_ms));
}

void TtlCommand(CommandContext& ctx) { TtlGeneric(ctx, false, false); }
void PttlCommand(CommandContext& ctx) { TtlGeneric(ctx, true, false); }
void ExpiretimeCommand(CommandContext& ctx) { TtlGeneric(ctx, false, true); }
void PexpiretimeCommand(CommandContext& ctx) { TtlGeneric(ctx, true, true); }

// PERSIST key
void PersistCommand(CommandContext& ctx) {
  Entry* e = ctx.LookupWrite(ctx.argv[1]);
  if (e == nullptr || !ctx.db->Persist(e)) {
    ctx.rb.Integer(0);
    return;
  }
  ctx.Dirty();
  ctx.rb.Integer(1);
}

}  // namespace

// Arity, flags, key specs, ACL categories and docs come from the generated metadata (core/command_meta.h).
void RegisterKeyCommands(CommandTable& t) {
  t.Add("del", DelCommand);
  t.Add("unlink", UnlinkCommand);
  t.Add("exists", ExistsCommand);
  t.Add("type", TypeCommand);
  t.Add("rename", RenameCommand);
  t.Add("renamenx", RenameNxCommand);
  t.Add("copy", CopyCommand);
  t.Add("move", MoveCommand);
  t.Add("keys", KeysCommand);
  t.Add("scan", ScanCommand);
  t.Add("randomkey", RandomKeyCommand);
  t.Add("touch", TouchCommand);
  t.Add("object|help", ObjectHelpCommand);
  t.Add("object|encoding", ObjectEncodingCommand);
  t.Add("object|freq", ObjectFreqCommand);
  t.Add("object|idletime", ObjectIdletimeCommand);
  t.Add("object|refcount", ObjectRefcountCommand);
  t.Add("expire", ExpireCommand);
  t.Add("pexpire", PexpireCommand);
  t.Add("expireat", ExpireatCommand);
  t.Add("pexpireat", PexpireatCommand);
  t.Add("ttl", TtlCommand);
  t.Add("pttl", PttlCommand);
  t.Add("expiretime", ExpiretimeCommand);
  t.Add("pexpiretime", PexpiretimeCommand);
  t.Add("persist", PersistCommand);
}

}  // namespace ringkv::core

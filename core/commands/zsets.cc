// The sorted set family, part 1: ZADD, ZINCRBY, ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK, ZPOPMIN,
// ZPOPMAX, ZMPOP, BZPOPMIN, BZPOPMAX, BZMPOP, ZRANDMEMBER and ZSCAN, with Redis 7.0.15's replies, errors,
// keyspace events, dirty counts and propagation (ZMPOP and the blocking pops go out as ZPOPMIN/ZPOPMAX, as
// 7.0.15 sends them to a replica). The range commands are in zset_ranges.cc, the set operations in
// zset_setops.cc; the encodings and their conversions are core/zset_type.h's. Layout: pure Op* functions on
// values first, then the handlers (parse, call, reply), then the registration table.
#include <absl/container/flat_hash_set.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/command.h"
#include "core/config.h"
#include "core/context.h"
#include "core/scan_args.h"
#include "core/commands/zset_common.h"
#include "core/server.h"
#include "core/zset_type.h"
#include "ds/glob.h"
#include "ds/numconv.h"

namespace ringkv::core {

namespace {

constexpr std::string_view kErrNan = "ERR resulting score is not a number (NaN)";

ZsetLimits Limits(CommandContext& ctx) { return ZsetLimitsOf(ctx.server.config()); }

// ---------------------------------------------------------------------------------------------------------
// Ops
// ---------------------------------------------------------------------------------------------------------

// A listpack random pick's score entry as a double (Redis's zzlStrtod for a string, the int as is).
double EntryScore(const ds::Listpack::Entry& e) {
  if (e.is_int) return static_cast<double>(e.int_value);
  char buf[128];
  const size_t n = std::min(e.str.size(), sizeof(buf) - 1);
  std::copy_n(e.str.data(), n, buf);
  buf[n] = '\0';
  return std::strtod(buf, nullptr);
}

// ---------------------------------------------------------------------------------------------------------
// ZADD / ZINCRBY
// ---------------------------------------------------------------------------------------------------------

void ZaddGeneric(CommandContext& ctx, int flags) {
  bool ch = false;
  size_t scoreidx = 2;
  for (; scoreidx < ctx.argc(); ++scoreidx) {
    const std::string_view opt = ctx.argv[scoreidx];
    if (EqualsIgnoreCase(opt, "nx")) {
      flags |= kZaddNx;
    } else if (EqualsIgnoreCase(opt, "xx")) {
      flags |= kZaddXx;
    } else if (EqualsIgnoreCase(opt, "ch")) {
      ch = true;
    } else if (EqualsIgnoreCase(opt, "incr")) {
      flags |= kZaddIncr;
    } else if (EqualsIgnoreCase(opt, "gt")) {
      flags |= kZaddGt;
    } else if (EqualsIgnoreCase(opt, "lt")) {
      flags |= kZaddLt;
    } else {
      break;
    }
  }
  const bool incr = flags & kZaddIncr, nx = flags & kZaddNx, xx = flags & kZaddXx;
  const bool gt = flags & kZaddGt, lt = flags & kZaddLt;
  const size_t args = ctx.argc() - scoreidx;
  if (args % 2 != 0 || args == 0) {
    ctx.ReplySyntaxError();
    return;
  }
  const size_t elements = args / 2;
  if (nx && xx) {
    ctx.ReplyError("ERR XX and NX options at the same time are not compatible");
    return;
  }
  if ((gt && nx) || (lt && nx) || (gt && lt)) {
    ctx.ReplyError("ERR GT, LT, and/or NX options at the same time are not compatible");
    return;
  }
  if (incr && elements > 1) {
    ctx.ReplyError("ERR INCR option supports a single increment-element pair");
    return;
  }
  // Every score is parsed before anything changes: the command does all or nothing.
  std::vector<double> scores(elements);
  for (size_t j = 0; j < elements; ++j) {
    if (!ctx.DoubleOrReply(ctx.argv[scoreidx + 2 * j], &scores[j])) return;
  }

  const std::string_view key = ctx.argv[1];
  Entry* e = ctx.LookupWrite(key);
  if (ctx.WrongTypeReply(e, ObjType::kZSet)) return;
  const ZsetLimits lim = Limits(ctx);
  int64_t added = 0, updated = 0, processed = 0;
  double score = 0;
  const std::string_view event = incr ? "zincr" : "zadd";
  if (e == nullptr) {
    if (!xx) {
      // A new key: built whole, then added ("new", then the command's event).
      Value v = NewZsetFor(ctx.argv[scoreidx + 1], lim);
      for (size_t j = 0; j < elements; ++j) {
        const std::string_view member = ctx.argv[scoreidx + 1 + 2 * j];
        const ZaddPlan plan = ZsetPlanAdd(&v, scores[j], member, flags);
        if (plan.Changes()) ZsetApplyAdd(v, member, plan, lim);
        added += (plan.out & kZaddAdded) != 0;
        updated += (plan.out & kZaddUpdated) != 0;
        processed += (plan.out & kZaddNop) == 0;
        score = plan.score;
      }
      ctx.db->Add(key, std::move(v), kNotifyZset, event);
    }
  } else {
    Value* v = nullptr;  // writable once something changes ("zadd"/"zincr" then)
    for (size_t j = 0; j < elements; ++j) {
      const std::string_view member = ctx.argv[scoreidx + 1 + 2 * j];
      const ZaddPlan plan = ZsetPlanAdd(&e->value(), scores[j], member, flags);
      if (plan.out & kZaddNan) {
        // Only INCR can get here (a parsed score is never NaN), and INCR takes one pair: nothing changed.
        ctx.ReplyError(kErrNan);
        return;
      }
      if (plan.Changes()) {
        if (v == nullptr) v = &ctx.db->Write(e, kNotifyZset, event);
        ZsetApplyAdd(*v, member, plan, lim);
      }
      added += (plan.out & kZaddAdded) != 0;
      updated += (plan.out & kZaddUpdated) != 0;
      processed += (plan.out & kZaddNop) == 0;
      score = plan.score;
    }
  }
  ctx.Dirty(added + updated);
  if (incr) {
    if (processed > 0) {
      ctx.rb.Double(score);
    } else {
      ctx.rb.Null();
    }
  } else {
    ctx.rb.Integer(ch ? added + updated : added);
  }
}

void ZaddCommand(CommandContext& ctx) { ZaddGeneric(ctx, 0); }
void ZincrbyCommand(CommandContext& ctx) { ZaddGeneric(ctx, kZaddIncr); }

// ---------------------------------------------------------------------------------------------------------
// ZREM and the reads of one member
// ---------------------------------------------------------------------------------------------------------

// ZREM key member [member ...]: "zrem", then "del" when the last member went.
void ZremCommand(CommandContext& ctx) {
  Entry* e = ctx.LookupWrite(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Integer(0);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kZSet)) return;
  Value* v = nullptr;
  int64_t deleted = 0;
  for (size_t j = 2; j < ctx.argc(); ++j) {
    if (v == nullptr) {
      double unused;
      if (!ZsetScore(e->value(), ctx.argv[j], &unused)) continue;
      v = &ctx.db->Write(e, kNotifyZset, "zrem");
    }
    if (!ZsetDel(*v, ctx.argv[j])) continue;
    ++deleted;
    if (ZsetLength(*v) == 0) {
      ctx.db->Delete(e);
      break;
    }
  }
  ctx.Dirty(deleted);
  ctx.rb.Integer(deleted);
}

void ZcardCommand(CommandContext& ctx) {
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Integer(0);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kZSet)) return;
  ctx.rb.Integer(static_cast<int64_t>(ZsetLength(e->value())));
}

void ZscoreCommand(CommandContext& ctx) {
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Null();
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kZSet)) return;
  double score;
  if (ZsetScore(e->value(), ctx.argv[2], &score)) {
    ctx.rb.Double(score);
  } else {
    ctx.rb.Null();
  }
}

// ZMSCORE key member [member ...]: a missing key is an empty set (all nulls).
void ZmscoreCommand(CommandContext& ctx) {
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (ctx.WrongTypeReply(e, ObjType::kZSet)) return;
  ctx.rb.ArrayHeader(ctx.argc() - 2);
  for (size_t j = 2; j < ctx.argc(); ++j) {
    double score;
    if (e != nullptr && ZsetScore(e->value(), ctx.argv[j], &score)) {
      ctx.rb.Double(score);
    } else {
      ctx.rb.Null();
    }
  }
}

void ZrankGeneric(CommandContext& ctx, bool reverse) {
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Null();
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kZSet)) return;
  const int64_t rank = ZsetRank(e->value(), ctx.argv[2], reverse);
  if (rank >= 0) {
    ctx.rb.Integer(rank);
  } else {
    ctx.rb.Null();
  }
}

void ZrankCommand(CommandContext& ctx) { ZrankGeneric(ctx, false); }
void ZrevrankCommand(CommandContext& ctx) { ZrankGeneric(ctx, true); }

// ---------------------------------------------------------------------------------------------------------
// Pops: ZPOPMIN/ZPOPMAX, ZMPOP and the blocking forms
// ---------------------------------------------------------------------------------------------------------

// How a pop's reply is shaped (Redis's genericZpopCommand arguments).
struct PopShape {
  bool max = false;           // ZSET_MAX
  bool emitkey = false;       // the key leads the reply (BZPOP*, ZMPOP, BZMPOP)
  int64_t count = -1;         // -1: a plain single pop
  bool nested = false;        // [member, score] pairs as arrays
  bool nil_when_empty = false;
};

// Pops from e (a non-empty sorted set) per shape and replies; "zpopmin"/"zpopmax", then "del" when it empties.
// Returns how many were popped.
int64_t OpPopAndReply(CommandContext& ctx, Entry* e, const PopShape& s) {
  const std::string key(e->key());
  int64_t count = s.count == -1 ? 1 : s.count;
  const auto llen = static_cast<int64_t>(ZsetLength(e->value()));
  const int64_t rangelen = std::min(count, llen);
  if (!s.nested && !s.emitkey) {
    ctx.rb.ArrayHeader(static_cast<size_t>(rangelen * 2));
  } else if (s.nested && !s.emitkey) {
    ctx.rb.ArrayHeader(static_cast<size_t>(rangelen));
  } else if (!s.nested && s.emitkey) {
    ctx.rb.ArrayHeader(static_cast<size_t>(rangelen * 2 + 1));
    ctx.rb.Bulk(key);
  } else {
    ctx.rb.ArrayHeader(2);
    ctx.rb.Bulk(key);
    ctx.rb.ArrayHeader(static_cast<size_t>(rangelen));
  }
  Value& v = ctx.db->Write(e, kNotifyZset, s.max ? "zpopmax" : "zpopmin");
  std::string member;
  for (int64_t i = 0; i < rangelen; ++i) {
    ZsetCursor c = s.max ? ZsetCursor::Last(v) : ZsetCursor::First(v);
    member.assign(c.member());
    const double score = c.score();
    ZsetDel(v, member);
    if (s.nested) ctx.rb.ArrayHeader(2);
    ctx.rb.Bulk(member);
    ctx.rb.Double(score);
  }
  ctx.Dirty(rangelen);
  if (ZsetLength(v) == 0) ctx.db->Delete(e);
  return rangelen;
}

// Redis's genericZpopCommand over keys: the first existing key is popped (a key of another type stops it
// with WRONGTYPE). Returns whether it popped (the reply is sent either way): *key is the key popped from
// and *llen its length before.
bool OpGenericPop(CommandContext& ctx, std::span<const std::string_view> keys, const PopShape& s,
                  std::string* key, int64_t* llen) {
  Entry* e = nullptr;
  for (std::string_view k : keys) {
    e = ctx.LookupWrite(k);
    if (e == nullptr) continue;
    if (ctx.WrongTypeReply(e, ObjType::kZSet)) return false;
    break;
  }
  if (e == nullptr) {
    if (s.nil_when_empty) {
      ctx.rb.NullArray();
    } else {
      ctx.rb.EmptyArray();
    }
    return false;
  }
  if (s.count == 0) {
    ctx.rb.EmptyArray();
    return false;
  }
  key->assign(e->key());
  *llen = static_cast<int64_t>(ZsetLength(e->value()));
  OpPopAndReply(ctx, e, s);
  return true;
}

// ZPOPMIN/ZPOPMAX key [count]: propagated as received.
void ZpopMinMax(CommandContext& ctx, bool max) {
  if (ctx.argc() > 3) {
    ctx.ReplySyntaxError();
    return;
  }
  int64_t count = -1;
  if (ctx.argc() == 3) {
    // Redis's getPositiveLongFromObjectOrReply: one message for a non-integer and a negative count.
    if (!ctx.RangeInt64OrReply(ctx.argv[2], 0, std::numeric_limits<int64_t>::max(), &count,
                               "ERR value is out of range, must be positive")) {
      return;
    }
  }
  PopShape s;
  s.max = max;
  s.count = count;
  s.nested = ctx.rb.resp3() && count != -1;
  std::string key;
  int64_t llen;
  OpGenericPop(ctx, std::span(&ctx.argv[1], 1), s, &key, &llen);
}

void ZpopminCommand(CommandContext& ctx) { ZpopMinMax(ctx, false); }
void ZpopmaxCommand(CommandContext& ctx) { ZpopMinMax(ctx, true); }

// Where a served pop goes for the AOF and replicas: ZPOPMIN/ZPOPMAX key [count].
void PropagatePop(CommandContext& ctx, std::string_view key, bool max, int64_t count, int64_t llen) {
  std::vector<std::string> argv{max ? "ZPOPMAX" : "ZPOPMIN", std::string(key)};
  if (count != -1) argv.push_back(std::to_string(std::min(count, llen)));
  ctx.PropagateAs(std::move(argv));
}

// BZPOPMIN/BZPOPMAX/BZMPOP once the arguments are parsed: serves the first non-empty key (the key whose
// write woke the client first, as Redis 7.0 served the key that became ready), or blocks.
void BlockingPop(CommandContext& ctx, std::span<const std::string_view> keys, const PopShape& s,
                 int64_t deadline_ms) {
  std::vector<std::string_view> order(keys.begin(), keys.end());
  if (ctx.Reexecuted()) {
    auto it = std::find(order.begin(), order.end(), ctx.BlockWakeKey());
    if (it != order.end()) std::rotate(order.begin(), it, it + 1);
  }
  for (std::string_view key : order) {
    Entry* e = ctx.LookupWrite(key);
    if (e == nullptr) continue;
    if (ctx.WrongTypeReply(e, ObjType::kZSet)) return;
    const auto llen = static_cast<int64_t>(ZsetLength(e->value()));
    const std::string k(key);
    OpPopAndReply(ctx, e, s);
    PropagatePop(ctx, k, s.max, s.count, llen);
    return;
  }
  // MULTI, scripts: as a timeout, at once.
  BlockOptions opts;
  opts.type = ObjType::kZSet;
  ctx.BlockOnKeys(keys, deadline_ms, opts);
}

// BZPOPMIN/BZPOPMAX key [key ...] timeout
void BzpopMinMax(CommandContext& ctx, bool max) {
  int64_t deadline_ms;
  if (!ctx.TimeoutOrReply(ctx.argv.back(), TimeoutUnit::kSeconds, &deadline_ms)) return;
  PopShape s;
  s.max = max;
  s.emitkey = true;
  BlockingPop(ctx, std::span(ctx.argv).subspan(1, ctx.argc() - 2), s, deadline_ms);
}

void BzpopminCommand(CommandContext& ctx) { BzpopMinMax(ctx, false); }
void BzpopmaxCommand(CommandContext& ctx) { BzpopMinMax(ctx, true); }

// ZMPOP numkeys key [key ...] MIN|MAX [COUNT count], and BZMPOP timeout numkeys ... (numkeys_idx 2).
void ZmpopGeneric(CommandContext& ctx, size_t numkeys_idx, bool block) {
  int64_t numkeys;
  if (!ctx.RangeInt64OrReply(ctx.argv[numkeys_idx], 1, std::numeric_limits<int64_t>::max(), &numkeys,
                             "ERR numkeys should be greater than 0")) {
    return;
  }
  const auto where_idx = static_cast<uint64_t>(numkeys_idx) + static_cast<uint64_t>(numkeys) + 1;
  if (where_idx >= ctx.argc()) {
    ctx.ReplySyntaxError();
    return;
  }
  PopShape s;
  if (EqualsIgnoreCase(ctx.argv[where_idx], "min")) {
    s.max = false;
  } else if (EqualsIgnoreCase(ctx.argv[where_idx], "max")) {
    s.max = true;
  } else {
    ctx.ReplySyntaxError();
    return;
  }
  int64_t count = -1;
  for (size_t j = where_idx + 1; j < ctx.argc(); ++j) {
    const bool moreargs = j + 1 < ctx.argc();
    if (count == -1 && EqualsIgnoreCase(ctx.argv[j], "count") && moreargs) {
      ++j;
      if (!ctx.RangeInt64OrReply(ctx.argv[j], 1, std::numeric_limits<int64_t>::max(), &count,
                                 "ERR count should be greater than 0")) {
        return;
      }
    } else {
      ctx.ReplySyntaxError();
      return;
    }
  }
  if (count == -1) count = 1;
  s.count = count;
  s.emitkey = true;
  s.nested = true;
  s.nil_when_empty = true;
  const auto keys = std::span(ctx.argv).subspan(numkeys_idx + 1, static_cast<size_t>(numkeys));
  if (block) {
    int64_t deadline_ms;
    if (!ctx.TimeoutOrReply(ctx.argv[1], TimeoutUnit::kSeconds, &deadline_ms)) return;
    BlockingPop(ctx, keys, s, deadline_ms);
    return;
  }
  std::string key;
  int64_t llen = 0;
  if (OpGenericPop(ctx, keys, s, &key, &llen)) PropagatePop(ctx, key, s.max, count, llen);
}

void ZmpopCommand(CommandContext& ctx) { ZmpopGeneric(ctx, 1, false); }
void BzmpopCommand(CommandContext& ctx) { ZmpopGeneric(ctx, 2, true); }

// ---------------------------------------------------------------------------------------------------------
// ZRANDMEMBER
// ---------------------------------------------------------------------------------------------------------

// Redis's ZRANDMEMBER_SUB_STRATEGY_MUL and ZRANDMEMBER_RANDOM_SAMPLE_LIMIT.
constexpr uint64_t kSubStrategyMul = 3;
constexpr uint32_t kSampleLimit = 1000;

void ReplyMemberScore(CommandContext& ctx, std::string_view member, double score, bool withscores) {
  if (withscores && ctx.rb.resp3()) ctx.rb.ArrayHeader(2);
  ctx.rb.Bulk(member);
  if (withscores) ctx.rb.Double(score);
}

void ReplyListpackPicks(CommandContext& ctx, const ds::Listpack::Entry* keys, const ds::Listpack::Entry* vals,
                        uint32_t n, bool withscores) {
  char buf[ds::Listpack::kIntBufBytes];
  for (uint32_t i = 0; i < n; ++i) {
    ReplyMemberScore(ctx, keys[i].View(buf), withscores ? EntryScore(vals[i]) : 0, withscores);
  }
}

void ZrandmemberWithCount(CommandContext& ctx, int64_t l, bool withscores) {
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.EmptyArray();
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kZSet)) return;
  const Value& v = e->value();
  const uint64_t size = ZsetLength(v);
  const bool uniq = l >= 0;
  uint64_t count = l >= 0 ? static_cast<uint64_t>(l) : static_cast<uint64_t>(-l);
  if (count == 0) {
    ctx.rb.EmptyArray();
    return;
  }
  absl::BitGen& rng = ctx.server.rng();
  const bool listpack = v.encoding() == Encoding::kListpack;
  const size_t per = withscores && !ctx.rb.resp3() ? 2 : 1;

  // Repeats allowed (or one): count independent picks.
  if (!uniq || count == 1) {
    ctx.rb.ArrayHeader(count * per);
    if (listpack) {
      ZsetListpackRef lp(v);
      const uint32_t limit = static_cast<uint32_t>(std::min<uint64_t>(count, kSampleLimit));
      std::vector<ds::Listpack::Entry> keys(limit), vals(limit);
      while (count > 0) {
        const uint32_t n = static_cast<uint32_t>(std::min<uint64_t>(count, limit));
        count -= n;
        lp->RandomGroups(rng, n, 2, keys.data(), vals.data());
        ReplyListpackPicks(ctx, keys.data(), vals.data(), n, withscores);
      }
    } else {
      const ds::ZSet* z = v.Ptr<ds::ZSet>();
      while (count-- > 0) {
        const ds::ZSet::Node* n = z->Random(rng);
        ReplyMemberScore(ctx, n->member(), n->score(), withscores);
      }
    }
    return;
  }

  // The whole set: in Redis's iteration order for set operations, from the last element to the first.
  if (count >= size) {
    ctx.rb.ArrayHeader(size * per);
    for (ZsetCursor c = ZsetCursor::Last(v); c.valid(); c.Prev()) {
      const double score = c.score();
      ReplyMemberScore(ctx, c.member(), score, withscores);
    }
    return;
  }
  ctx.rb.ArrayHeader(count * per);

  // Most of the set: a random count-subset of all members (any order is as good as Redis's dict order).
  if (count * kSubStrategyMul > size) {
    std::vector<std::pair<std::string, double>> all;
    all.reserve(size);
    for (ZsetCursor c = ZsetCursor::First(v); c.valid(); c.Next()) {
      const double score = c.score();
      all.emplace_back(std::string(c.member()), score);
    }
    for (uint64_t i = 0; i < count; ++i) std::swap(all[i], all[absl::Uniform<uint64_t>(rng, i, size)]);
    for (uint64_t i = 0; i < count; ++i) ReplyMemberScore(ctx, all[i].first, all[i].second, withscores);
    return;
  }

  // A few of many: distinct random picks.
  if (listpack) {
    ZsetListpackRef lp(v);
    std::vector<ds::Listpack::Entry> keys(count), vals(count);
    const uint32_t n = lp->RandomGroupsUnique(rng, static_cast<uint32_t>(count), 2, keys.data(), vals.data());
    ReplyListpackPicks(ctx, keys.data(), vals.data(), n, withscores);
    return;
  }
  const ds::ZSet* z = v.Ptr<ds::ZSet>();
  absl::flat_hash_set<const ds::ZSet::Node*> seen;
  while (seen.size() < count) {
    const ds::ZSet::Node* n = z->Random(rng);
    if (!seen.insert(n).second) continue;
    ReplyMemberScore(ctx, n->member(), n->score(), withscores);
  }
}

// ZRANDMEMBER key [count [WITHSCORES]]
void ZrandmemberCommand(CommandContext& ctx) {
  if (ctx.argc() >= 3) {
    int64_t l;
    if (!ctx.Int64OrReply(ctx.argv[2], &l)) return;
    if (l == std::numeric_limits<int64_t>::min()) {
      ctx.ReplyError("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
      return;
    }
    if (ctx.argc() > 4 || (ctx.argc() == 4 && !EqualsIgnoreCase(ctx.argv[3], "withscores"))) {
      ctx.ReplySyntaxError();
      return;
    }
    const bool withscores = ctx.argc() == 4;
    // With scores the reply has twice as many elements: Redis refuses counts whose double overflows.
    constexpr int64_t kHalf = std::numeric_limits<int64_t>::max() / 2;
    if (withscores && (l < -kHalf || l > kHalf)) {
      ctx.ReplyError("ERR value is out of range");
      return;
    }
    ZrandmemberWithCount(ctx, l, withscores);
    return;
  }
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Null();
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kZSet)) return;
  const Value& v = e->value();
  if (v.encoding() == Encoding::kListpack) {
    ZsetListpackRef lp(v);
    char buf[ds::Listpack::kIntBufBytes];
    ctx.rb.Bulk(lp->Get(lp->RandomGroup(ctx.server.rng(), 2)).View(buf));
  } else {
    ctx.rb.Bulk(v.Ptr<ds::ZSet>()->Random(ctx.server.rng())->member());
  }
}

// ---------------------------------------------------------------------------------------------------------
// ZSCAN
// ---------------------------------------------------------------------------------------------------------

// ZSCAN key cursor [MATCH pattern] [COUNT count]: a listpack answers whole with cursor 0 (its score entries
// as stored), a skiplist walks its Dict with SCAN's guarantee (scores as Redis's d2string writes them).
void ZscanCommand(CommandContext& ctx) {
  uint64_t cursor;
  if (!ScanCursorOrReply(ctx, ctx.argv[2], &cursor)) return;
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ReplyEmptyScan(ctx);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kZSet)) return;
  ScanOptions opts;
  if (!ScanOptionsOrReply(ctx, 3, &opts)) return;
  const Value& v = e->value();
  std::vector<std::string> texts;  // int members and scores as text, for the views below
  std::vector<std::pair<std::string_view, size_t>> found;  // member view, index of the score in texts
  if (v.encoding() == Encoding::kListpack) {
    ZsetListpackRef lp(v);
    const size_t n = ds::ZlLength(*lp);
    texts.reserve(2 * n);
    for (ds::ZlPos p = lp->First(); p != ds::Listpack::kNoPos; p = ds::ZlNext(*lp, p)) {
      texts.push_back(lp->Get(p).ToString());
      texts.push_back(lp->Get(lp->Next(p)).ToString());
    }
    for (size_t i = 0; i < texts.size(); i += 2) found.emplace_back(texts[i], i + 1);
    cursor = 0;
  } else {
    const ds::ZSet* z = v.Ptr<ds::ZSet>();
    std::vector<const ds::ZSet::Node*> nodes;
    const uint64_t max_calls = opts.count > std::numeric_limits<uint64_t>::max() / 10 ? opts.count : opts.count * 10;
    uint64_t calls = 0;
    do {
      cursor = z->Scan(cursor, opts.count - nodes.size(), [&](const ds::ZSet::Node* n) { nodes.push_back(n); });
    } while (cursor != 0 && ++calls < max_calls && nodes.size() < opts.count);
    texts.reserve(nodes.size());
    for (const ds::ZSet::Node* n : nodes) {
      texts.push_back(ds::DoubleToString(n->score()));
      found.emplace_back(n->member(), texts.size() - 1);
    }
  }
  if (opts.use_pattern) {
    std::erase_if(found, [&](const auto& f) { return !ds::GlobMatch(opts.pattern, f.first); });
  }
  std::vector<std::string_view> elements;
  elements.reserve(found.size() * 2);
  for (const auto& [member, score_idx] : found) {
    elements.push_back(member);
    elements.push_back(texts[score_idx]);
  }
  ReplyScan(ctx, cursor, elements);
}

// ZMPOP's and BZMPOP's keys (Redis's zmpopGetKeys / bzmpopGetKeys): numkeys keys after numkeys.
void MpopGetKeys(const std::vector<std::string_view>& argv, size_t numkeys_idx, std::vector<int>* keys) {
  if (argv.size() <= numkeys_idx) return;
  const std::string text(argv[numkeys_idx]);
  const int numkeys = static_cast<int>(std::strtol(text.c_str(), nullptr, 10));
  if (numkeys < 1 || numkeys > static_cast<int>(argv.size()) - static_cast<int>(numkeys_idx) - 1) return;
  for (int i = 0; i < numkeys; ++i) keys->push_back(static_cast<int>(numkeys_idx) + 1 + i);
}
void ZmpopGetKeys(const std::vector<std::string_view>& argv, std::vector<int>* keys) { MpopGetKeys(argv, 1, keys); }
void BzmpopGetKeys(const std::vector<std::string_view>& argv, std::vector<int>* keys) { MpopGetKeys(argv, 2, keys); }

}  // namespace

void RegisterZsetCommands(CommandTable& t) {
  RegisterZsetEncodings();
  t.Add("zadd", ZaddCommand);
  t.Add("zincrby", ZincrbyCommand);
  t.Add("zrem", ZremCommand);
  t.Add("zcard", ZcardCommand);
  t.Add("zscore", ZscoreCommand);
  t.Add("zmscore", ZmscoreCommand);
  t.Add("zrank", ZrankCommand);
  t.Add("zrevrank", ZrevrankCommand);
  t.Add("zpopmin", ZpopminCommand);
  t.Add("zpopmax", ZpopmaxCommand);
  t.Add("zmpop", ZmpopCommand, ZmpopGetKeys);
  t.Add("bzpopmin", BzpopminCommand);
  t.Add("bzpopmax", BzpopmaxCommand);
  t.Add("bzmpop", BzmpopCommand, BzmpopGetKeys);
  t.Add("zrandmember", ZrandmemberCommand);
  t.Add("zscan", ZscanCommand);
  RegisterZsetRangeCommands(t);
  RegisterZsetSetOpCommands(t);
}

}  // namespace ringkv::core

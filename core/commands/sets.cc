// The set family: SADD, SREM, SMEMBERS, SISMEMBER, SMISMEMBER, SCARD, SPOP, SRANDMEMBER, SMOVE, SINTER,
// SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE and SSCAN, with Redis 7.0.15's replies,
// errors, keyspace events, dirty counts and propagation (SPOP goes out as SREMs or DEL, as 7.0.15 sends it to
// a replica). The encodings and their conversions are core/set_type.h's. Layout: pure Op* functions on set
// values first, then the handlers (parse, call, reply), then the registration table.
#include <absl/container/flat_hash_set.h>

#include <algorithm>
#include <cstdlib>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/command.h"
#include "core/config.h"
#include "core/context.h"
#include "core/scan_args.h"
#include "core/server.h"
#include "core/set_type.h"
#include "ds/glob.h"
#include "ds/numconv.h"

namespace ringkv::core {
namespace {

// ---------------------------------------------------------------------------------------------------------
// Ops: pure functions on set values. A null source is a missing key, which Redis treats as an empty set.
// ---------------------------------------------------------------------------------------------------------

using SetList = std::vector<const Value*>;

// SINTER's walk, as Redis's sinterGenericCommand: the sources ordered by size (stable, so equal sizes keep
// their order), the smallest iterated, each member tested against the others (the same set twice is skipped).
// emit(const SetElem&) returns false to stop early (SINTERCARD's LIMIT). Every source must exist.
template <class F>
void OpInter(SetList sets, F&& emit) {
  std::stable_sort(sets.begin(), sets.end(),
                   [](const Value* a, const Value* b) { return SetSize(*a) < SetSize(*b); });
  SetForEachWhile(*sets[0], [&](const SetElem& e) {
    for (size_t j = 1; j < sets.size(); ++j) {
      if (sets[j] == sets[0]) continue;
      if (!SetIsMember(*sets[j], e)) return true;
    }
    return emit(e);
  });
}

enum class SetOp { kUnion, kDiff };

// SUNION / SDIFF into a new set built exactly as Redis builds it (an intset that converts as members are
// added), so the result's encoding is Redis's. SDIFF picks Redis's algorithm by the same estimate, because
// the add-then-remove algorithm can leave a hashtable where the other would have kept an intset.
Value OpUnionDiff(const SetList& sets, SetOp op, size_t max_intset) {
  Value dst = NewIntsetSet();
  if (op == SetOp::kUnion) {
    for (const Value* s : sets) {
      if (s == nullptr) continue;
      SetForEach(*s, [&](const SetElem& e) { SetAdd(dst, e, max_intset); });
    }
    return dst;
  }
  if (sets[0] == nullptr) return dst;
  int64_t algo_one_work = 0, algo_two_work = 0;
  for (const Value* s : sets) {
    if (s == nullptr) continue;
    algo_one_work += static_cast<int64_t>(SetSize(*sets[0]));
    algo_two_work += static_cast<int64_t>(SetSize(*s));
  }
  // Redis halves algorithm one's estimate: it stops early on common members.
  algo_one_work /= 2;
  if (algo_one_work <= algo_two_work) {
    // Each member of the first set not in any other.
    SetForEach(*sets[0], [&](const SetElem& e) {
      for (size_t j = 1; j < sets.size(); ++j) {
        if (sets[j] == nullptr) continue;
        if (sets[j] == sets[0] || SetIsMember(*sets[j], e)) return;
      }
      SetAdd(dst, e, max_intset);
    });
    return dst;
  }
  // The first set, minus every member of the others, stopping once nothing is left.
  size_t left = 0;
  for (size_t j = 0; j < sets.size(); ++j) {
    if (sets[j] == nullptr) continue;
    SetForEach(*sets[j], [&](const SetElem& e) {
      if (j == 0) {
        left += SetAdd(dst, e, max_intset);
      } else {
        left -= SetRemove(dst, e);
      }
    });
    if (left == 0) break;
  }
  return dst;
}

// SRANDMEMBER with a positive count below the size: count distinct random members, in any order. Draws at
// random until count distinct ones are found when the set is much larger than count; otherwise takes a
// random count-subset of all members (partial Fisher-Yates), so no case degenerates into many rejected
// draws. Views point into the set.
std::vector<SetElem> OpDistinctRandom(const Value& set, size_t count, absl::BitGen& rng) {
  const size_t size = SetSize(set);
  std::vector<SetElem> out;
  out.reserve(count);
  if (count * 3 > size) {
    SetForEach(set, [&](const SetElem& e) { out.push_back(e); });
    for (size_t i = 0; i < count; ++i) std::swap(out[i], out[absl::Uniform<size_t>(rng, i, size)]);
    out.resize(count);
    return out;
  }
  if (set.encoding() == Encoding::kIntset) {
    absl::flat_hash_set<int64_t> seen;
    while (out.size() < count) {
      const SetElem e = SetRandom(set, rng);
      if (seen.insert(e.num).second) out.push_back(e);
    }
  } else {
    absl::flat_hash_set<std::string_view> seen;
    while (out.size() < count) {
      const SetElem e = SetRandom(set, rng);
      if (seen.insert(e.str).second) out.push_back(e);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Handlers.
// ---------------------------------------------------------------------------------------------------------

void ReplyElem(io::ReplyBuilder& rb, const SetElem& e) {
  if (e.is_int) {
    rb.BulkInt(e.num);
  } else {
    rb.Bulk(e.str);
  }
}

std::string ElemString(const SetElem& e) {
  char buf[ds::kInt64BufBytes];
  return std::string(e.View(buf));
}

size_t MaxIntset(CommandContext& ctx) { return MaxIntsetEntries(ctx.server.config()); }

// Looks up `n` set keys from argv[first] for reading, as Redis's multi-key set commands do: one at a time,
// stopping at the first key of another type (WRONGTYPE replied, false). Missing keys are nullptr.
bool LookupSetsOrReply(CommandContext& ctx, size_t first, size_t n, SetList* sets) {
  sets->reserve(n);
  for (size_t j = first; j < first + n; ++j) {
    const Entry* e = ctx.LookupRead(ctx.argv[j]);
    if (ctx.WrongTypeReply(e, ObjType::kSet)) return false;
    sets->push_back(e == nullptr ? nullptr : &e->value());
  }
  return true;
}

// Stores an S*STORE result as Redis's setKey (the destination's TTL goes, "new" when it did not exist) and
// replies its size; an empty result deletes the destination instead ("del", counted only if it existed).
void StoreResult(CommandContext& ctx, std::string_view dstkey, Value result, std::string_view event) {
  const size_t size = SetSize(result);
  if (size == 0) {
    ctx.rb.Integer(0);
    if (ctx.db->DeleteKey(dstkey)) ctx.Dirty();
    return;
  }
  Entry* e = ctx.LookupWrite(dstkey);
  if (e != nullptr) {
    ctx.db->Overwrite(e, kNotifySet, event) = std::move(result);
  } else {
    ctx.db->Add(dstkey, std::move(result), kNotifySet, event);
  }
  ctx.rb.Integer(static_cast<int64_t>(size));
  ctx.Dirty();
}

// SADD key member [member ...]
void SaddCommand(CommandContext& ctx) {
  Entry* e = ctx.LookupWrite(ctx.argv[1]);
  if (ctx.WrongTypeReply(e, ObjType::kSet)) return;
  const size_t max_intset = MaxIntset(ctx);
  int64_t added = 0;
  if (e == nullptr) {
    Value v = NewSetFor(ctx.argv[2]);
    for (size_t j = 2; j < ctx.argc(); ++j) added += SetAdd(v, ctx.argv[j], max_intset);
    ctx.db->Add(ctx.argv[1], std::move(v), kNotifySet, "sadd");
  } else {
    // The write (and its event) starts at the first member that is really new.
    Value* v = nullptr;
    for (size_t j = 2; j < ctx.argc(); ++j) {
      if (v == nullptr) {
        if (SetIsMember(e->value(), ctx.argv[j])) continue;
        v = &ctx.db->Write(e, kNotifySet, "sadd");
      }
      added += SetAdd(*v, ctx.argv[j], max_intset);
    }
  }
  ctx.Dirty(added);
  ctx.rb.Integer(added);
}

// SREM key member [member ...]: the key goes with its last member ("srem", then "del").
void SremCommand(CommandContext& ctx) {
  Entry* e = ctx.LookupWrite(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Integer(0);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kSet)) return;
  Value* v = nullptr;
  int64_t deleted = 0;
  for (size_t j = 2; j < ctx.argc(); ++j) {
    if (v == nullptr) {
      if (!SetIsMember(e->value(), ctx.argv[j])) continue;
      v = &ctx.db->Write(e, kNotifySet, "srem");
    }
    if (!SetRemove(*v, ctx.argv[j])) continue;
    ++deleted;
    if (SetSize(*v) == 0) {
      ctx.db->Delete(e);
      break;
    }
  }
  ctx.Dirty(deleted);
  ctx.rb.Integer(deleted);
}

// SMOVE source destination member
void SmoveCommand(CommandContext& ctx) {
  const std::string_view member = ctx.argv[3];
  Entry* src = ctx.LookupWrite(ctx.argv[1]);
  Entry* dst = ctx.LookupWrite(ctx.argv[2]);
  // A missing source answers 0 before the destination's type is looked at, as in Redis.
  if (src == nullptr) {
    ctx.rb.Integer(0);
    return;
  }
  if (ctx.WrongTypeReply(src, ObjType::kSet) || ctx.WrongTypeReply(dst, ObjType::kSet)) return;
  if (src == dst) {
    ctx.rb.Integer(SetIsMember(src->value(), member) ? 1 : 0);
    return;
  }
  if (!SetIsMember(src->value(), member)) {
    ctx.rb.Integer(0);
    return;
  }
  Value& sv = ctx.db->Write(src, kNotifySet, "srem");
  SetRemove(sv, member);
  if (SetSize(sv) == 0) ctx.db->Delete(src);
  ctx.Dirty();
  const size_t max_intset = MaxIntset(ctx);
  if (dst == nullptr) {
    Value v = NewSetFor(member);
    SetAdd(v, member, max_intset);
    ctx.db->Add(ctx.argv[2], std::move(v), kNotifySet, "sadd");
    ctx.Dirty();
  } else if (!SetIsMember(dst->value(), member)) {
    SetAdd(ctx.db->Write(dst, kNotifySet, "sadd"), member, max_intset);
    ctx.Dirty();
  }
  ctx.rb.Integer(1);
}

// SISMEMBER key member
void SismemberCommand(CommandContext& ctx) {
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Integer(0);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kSet)) return;
  ctx.rb.Integer(SetIsMember(e->value(), ctx.argv[2]) ? 1 : 0);
}

// SMISMEMBER key member [member ...]: a missing key is an empty set (all zeros).
void SmismemberCommand(CommandContext& ctx) {
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (ctx.WrongTypeReply(e, ObjType::kSet)) return;
  ctx.rb.ArrayHeader(ctx.argc() - 2);
  for (size_t j = 2; j < ctx.argc(); ++j) {
    ctx.rb.Integer(e != nullptr && SetIsMember(e->value(), ctx.argv[j]) ? 1 : 0);
  }
}

// SCARD key
void ScardCommand(CommandContext& ctx) {
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Integer(0);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kSet)) return;
  ctx.rb.Integer(static_cast<int64_t>(SetSize(e->value())));
}

// Redis's SPOP_MOVE_STRATEGY_MUL: popping more than 1/(1+5) of the set rebuilds it from what stays.
constexpr size_t kSpopMoveStrategyMul = 5;

// SPOP key count. Goes out as one SREM per popped member (MULTI/EXEC around them), or as DEL when the
// whole set goes, as 7.0.15 propagates it.
void SpopWithCountCommand(CommandContext& ctx) {
  int64_t count_arg;
  if (!ctx.RangeInt64OrReply(ctx.argv[2], 0, std::numeric_limits<int64_t>::max(), &count_arg,
                             "ERR value is out of range, must be positive")) {
    return;
  }
  const auto count = static_cast<size_t>(count_arg);
  Entry* e = ctx.LookupWrite(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.SetHeader(0);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kSet)) return;
  if (count == 0) {
    ctx.rb.SetHeader(0);
    return;
  }
  const std::string key(ctx.argv[1]);
  const size_t size = SetSize(e->value());
  Value& v = ctx.db->Write(e, kNotifySet, "spop");
  ctx.Dirty(static_cast<int64_t>(std::min(count, size)));

  // The whole set: reply it, delete the key, propagate DEL.
  if (count >= size) {
    // Redis replies through SUNION's code, whose read lookup counts a keyspace hit.
    ctx.LookupRead(key);
    ctx.rb.SetHeader(size);
    SetForEach(v, [&](const SetElem& m) { ReplyElem(ctx.rb, m); });
    ctx.db->Delete(e);
    ctx.PropagateAs({"DEL", key});
    return;
  }

  ctx.rb.SetHeader(count);
  absl::BitGen& rng = ctx.server.rng();
  const size_t remaining = size - count;
  if (remaining * kSpopMoveStrategyMul > count) {
    // Few members go: draw and remove them one by one.
    for (size_t i = 0; i < count; ++i) {
      const SetElem m = SetRandom(v, rng);
      ReplyElem(ctx.rb, m);
      std::string member = ElemString(m);
      SetRemove(v, member);
      ctx.AlsoPropagate({"SREM", key, std::move(member)});
    }
  } else {
    // Most members go: move the few that stay into a new set (built as Redis builds it, so it may be an
    // intset again), then reply and propagate what is left in the old one.
    const size_t max_intset = MaxIntset(ctx);
    Value kept;
    for (size_t i = 0; i < remaining; ++i) {
      const std::string member = ElemString(SetRandom(v, rng));
      if (i == 0) kept = NewSetFor(member);
      SetAdd(kept, member, max_intset);
      SetRemove(v, member);
    }
    SetForEach(v, [&](const SetElem& m) {
      ReplyElem(ctx.rb, m);
      ctx.AlsoPropagate({"SREM", key, ElemString(m)});
    });
    v = std::move(kept);
  }
  ctx.PreventPropagation();
}

// SPOP key [count]: without count, one member or nil, propagated as SREM key member.
void SpopCommand(CommandContext& ctx) {
  if (ctx.argc() == 3) {
    SpopWithCountCommand(ctx);
    return;
  }
  if (ctx.argc() > 3) {
    ctx.ReplySyntaxError();
    return;
  }
  Entry* e = ctx.LookupWrite(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Null();
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kSet)) return;
  Value& v = ctx.db->Write(e, kNotifySet, "spop");
  std::string member = ElemString(SetRandom(v, ctx.server.rng()));
  SetRemove(v, member);
  ctx.rb.Bulk(member);
  ctx.PropagateAs({"SREM", std::string(ctx.argv[1]), std::move(member)});
  if (SetSize(v) == 0) ctx.db->Delete(e);
  ctx.Dirty();
}

// SRANDMEMBER key count: a negative count may repeat members (and answers exactly -count of them), a
// positive one returns distinct members, the whole set when count is at least its size.
void SrandmemberWithCountCommand(CommandContext& ctx) {
  int64_t l;
  if (!ctx.Int64OrReply(ctx.argv[2], &l)) return;
  // Redis's range check: -LONG_MIN has no positive counterpart.
  if (l == std::numeric_limits<int64_t>::min()) {
    ctx.ReplyError("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    return;
  }
  const bool unique = l >= 0;
  const auto count = static_cast<uint64_t>(l >= 0 ? l : -l);
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.EmptyArray();
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kSet)) return;
  const Value& v = e->value();
  const size_t size = SetSize(v);
  if (count == 0) {
    ctx.rb.EmptyArray();
    return;
  }
  absl::BitGen& rng = ctx.server.rng();
  if (!unique || count == 1) {
    ctx.rb.ArrayHeader(count);
    for (uint64_t i = 0; i < count; ++i) ReplyElem(ctx.rb, SetRandom(v, rng));
    return;
  }
  if (count >= size) {
    ctx.rb.ArrayHeader(size);
    SetForEach(v, [&](const SetElem& m) { ReplyElem(ctx.rb, m); });
    return;
  }
  const std::vector<SetElem> picked = OpDistinctRandom(v, count, rng);
  ctx.rb.ArrayHeader(picked.size());
  for (const SetElem& m : picked) ReplyElem(ctx.rb, m);
}

// SRANDMEMBER key [count]
void SrandmemberCommand(CommandContext& ctx) {
  if (ctx.argc() == 3) {
    SrandmemberWithCountCommand(ctx);
    return;
  }
  if (ctx.argc() > 3) {
    ctx.ReplySyntaxError();
    return;
  }
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Null();
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kSet)) return;
  ReplyElem(ctx.rb, SetRandom(e->value(), ctx.server.rng()));
}

// SINTER / SMEMBERS / SINTERSTORE / SINTERCARD over argv[first ...] (n keys). dstkey is set for SINTERSTORE;
// cardinality_only for SINTERCARD, which stops at limit (0: no limit).
void SinterGeneric(CommandContext& ctx, size_t first, size_t n, const std::string_view* dstkey,
                   bool cardinality_only, uint64_t limit) {
  SetList sets;
  if (!LookupSetsOrReply(ctx, first, n, &sets)) return;
  // An empty (missing) source empties the intersection: answer at once.
  if (std::find(sets.begin(), sets.end(), nullptr) != sets.end()) {
    if (dstkey != nullptr) {
      if (ctx.db->DeleteKey(*dstkey)) ctx.Dirty();
      ctx.rb.Integer(0);
    } else if (cardinality_only) {
      ctx.rb.Integer(0);
    } else {
      ctx.rb.SetHeader(0);
    }
    return;
  }
  if (cardinality_only) {
    uint64_t cardinality = 0;
    OpInter(sets, [&](const SetElem&) { return !(++cardinality >= limit && limit != 0); });
    ctx.rb.Integer(static_cast<int64_t>(cardinality));
  } else if (dstkey != nullptr) {
    Value result = NewIntsetSet();
    const size_t max_intset = MaxIntset(ctx);
    OpInter(sets, [&](const SetElem& m) {
      SetAdd(result, m, max_intset);
      return true;
    });
    StoreResult(ctx, *dstkey, std::move(result), "sinterstore");
  } else {
    // The members are views into the sources, which nothing changes before the reply is built.
    std::vector<SetElem> members;
    OpInter(sets, [&](const SetElem& m) {
      members.push_back(m);
      return true;
    });
    ctx.rb.SetHeader(members.size());
    for (const SetElem& m : members) ReplyElem(ctx.rb, m);
  }
}

void SinterCommand(CommandContext& ctx) { SinterGeneric(ctx, 1, ctx.argc() - 1, nullptr, false, 0); }

void SinterstoreCommand(CommandContext& ctx) {
  const std::string_view dst = ctx.argv[1];
  SinterGeneric(ctx, 2, ctx.argc() - 2, &dst, false, 0);
}

// SINTERCARD numkeys key [key ...] [LIMIT limit]
void SintercardCommand(CommandContext& ctx) {
  int64_t numkeys;
  if (!ctx.RangeInt64OrReply(ctx.argv[1], 1, std::numeric_limits<int64_t>::max(), &numkeys,
                             "ERR numkeys should be greater than 0")) {
    return;
  }
  if (numkeys > static_cast<int64_t>(ctx.argc() - 2)) {
    ctx.ReplyError("ERR Number of keys can't be greater than number of args");
    return;
  }
  int64_t limit = 0;
  for (size_t j = 2 + static_cast<size_t>(numkeys); j < ctx.argc(); ++j) {
    if (EqualsIgnoreCase(ctx.argv[j], "limit") && j + 1 < ctx.argc()) {
      ++j;
      if (!ctx.RangeInt64OrReply(ctx.argv[j], 0, std::numeric_limits<int64_t>::max(), &limit,
                                 "ERR LIMIT can't be negative")) {
        return;
      }
    } else {
      ctx.ReplySyntaxError();
      return;
    }
  }
  SinterGeneric(ctx, 2, static_cast<size_t>(numkeys), nullptr, true, static_cast<uint64_t>(limit));
}

// SUNION / SDIFF and their STORE forms over argv[first ...].
void SunionDiffGeneric(CommandContext& ctx, size_t first, const std::string_view* dstkey, SetOp op) {
  SetList sets;
  if (!LookupSetsOrReply(ctx, first, ctx.argc() - first, &sets)) return;
  Value result = OpUnionDiff(sets, op, MaxIntset(ctx));
  if (dstkey != nullptr) {
    StoreResult(ctx, *dstkey, std::move(result), op == SetOp::kUnion ? "sunionstore" : "sdiffstore");
    return;
  }
  ctx.rb.SetHeader(SetSize(result));
  SetForEach(result, [&](const SetElem& m) { ReplyElem(ctx.rb, m); });
}

void SunionCommand(CommandContext& ctx) { SunionDiffGeneric(ctx, 1, nullptr, SetOp::kUnion); }
void SdiffCommand(CommandContext& ctx) { SunionDiffGeneric(ctx, 1, nullptr, SetOp::kDiff); }
void SunionstoreCommand(CommandContext& ctx) {
  const std::string_view dst = ctx.argv[1];
  SunionDiffGeneric(ctx, 2, &dst, SetOp::kUnion);
}
void SdiffstoreCommand(CommandContext& ctx) {
  const std::string_view dst = ctx.argv[1];
  SunionDiffGeneric(ctx, 2, &dst, SetOp::kDiff);
}

// SSCAN key cursor [MATCH pattern] [COUNT count]: an intset (and a hashtable set of at most
// ds::StringSet::kSmallMax members) answers whole with cursor 0; a larger one walks its Dict with SCAN's
// guarantee. The cursor is checked before the key, the options only once the key is found, as in Redis.
void SscanCommand(CommandContext& ctx) {
  uint64_t cursor;
  if (!ScanCursorOrReply(ctx, ctx.argv[2], &cursor)) return;
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ReplyEmptyScan(ctx);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kSet)) return;
  ScanOptions opts;
  if (!ScanOptionsOrReply(ctx, 3, &opts)) return;
  const Value& v = e->value();
  std::vector<std::string> digits;  // an intset's members as text, for the views below
  std::vector<std::string_view> found;
  if (v.encoding() == Encoding::kIntset) {
    digits.reserve(SetSize(v));
    char buf[ds::kInt64BufBytes];
    SetForEach(v, [&](const SetElem& m) { digits.emplace_back(m.View(buf)); });
    found.assign(digits.begin(), digits.end());
    cursor = 0;
  } else {
    // Views into the members: nothing changes the set before the reply is built.
    const ds::StringSet* set = v.Ptr<ds::StringSet>();
    const uint64_t max_calls = opts.count > std::numeric_limits<uint64_t>::max() / 10 ? opts.count : opts.count * 10;
    uint64_t calls = 0;
    do {
      cursor = set->Scan(cursor, opts.count - found.size(), [&](std::string_view m) { found.push_back(m); });
    } while (cursor != 0 && ++calls < max_calls && found.size() < opts.count);
  }
  if (opts.use_pattern) {
    std::erase_if(found, [&](std::string_view m) { return !ds::GlobMatch(opts.pattern, m); });
  }
  ReplyScan(ctx, cursor, found);
}

// SINTERCARD's keys for COMMAND GETKEYS and cluster checks (Redis's sintercardGetKeys): numkeys keys after
// it, none when numkeys is unusable.
void SintercardGetKeys(const std::vector<std::string_view>& argv, std::vector<int>* keys) {
  if (argv.size() < 2) return;
  // Redis reads numkeys here with atoi: leading blanks, a sign, then digits up to the first other byte.
  const std::string text(argv[1]);
  const int numkeys = static_cast<int>(std::strtol(text.c_str(), nullptr, 10));
  if (numkeys < 1 || numkeys > static_cast<int>(argv.size()) - 2) return;
  for (int i = 0; i < numkeys; ++i) keys->push_back(2 + i);
}

}  // namespace

void RegisterSetCommands(CommandTable& t) {
  RegisterSetEncodings();
  t.Add("sadd", SaddCommand);
  t.Add("srem", SremCommand);
  t.Add("smove", SmoveCommand);
  t.Add("sismember", SismemberCommand);
  t.Add("smismember", SmismemberCommand);
  t.Add("scard", ScardCommand);
  t.Add("spop", SpopCommand);
  t.Add("srandmember", SrandmemberCommand);
  t.Add("smembers", SinterCommand);  // SINTER of one key, as in Redis 7.0
  t.Add("sinter", SinterCommand);
  t.Add("sintercard", SintercardCommand, SintercardGetKeys);
  t.Add("sinterstore", SinterstoreCommand);
  t.Add("sunion", SunionCommand);
  t.Add("sunionstore", SunionstoreCommand);
  t.Add("sdiff", SdiffCommand);
  t.Add("sdiffstore", SdiffstoreCommand);
  t.Add("sscan", SscanCommand);
}

}  // namespace ringkv::core

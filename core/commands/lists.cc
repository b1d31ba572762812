// The list family: LPUSH, RPUSH, LPUSHX, RPUSHX, LINSERT, LLEN, LINDEX, LSET, LPOP, RPOP, LRANGE, LTRIM, LPOS,
// LREM, LMOVE, RPOPLPUSH, LMPOP and the blocking BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, with Redis 7.0.15's
// replies, errors, keyspace events (a pop fires "lpop"/"rpop" then "del" when the list empties; a move fires
// the push on the destination before the pop on the source), dirty counts and propagation (a served blocking
// pop goes out as LPOP/RPOP, BLMOVE as LMOVE, LMPOP/BLMPOP as LPOP/RPOP key count). The values are
// core/list_type.h's quicklists. Layout: Op* helpers on list values, then the handlers, then registration.
//
// Blocking follows Redis 7.0 on top of the re-execution seam (core/blocking.h): a woken command serves only
// from the key that woke it, as 7.0 served the clients of each ready key from that key, so another key of
// the command holding another type does not turn the wake-up into WRONGTYPE.
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
#include "core/list_type.h"
#include "core/server.h"
#include "ds/numconv.h"
#include "ds/quicklist.h"

namespace ringkv::core {
namespace {

using ds::Quicklist;
using End = Quicklist::End;

constexpr int64_t kLongMax = std::numeric_limits<int64_t>::max();

// ---------------------------------------------------------------------------------------------------------
// Ops on list values.
// ---------------------------------------------------------------------------------------------------------

void ReplyElem(io::ReplyBuilder& rb, const Quicklist::Elem& e) {
  if (e.is_int) {
    rb.BulkInt(e.int_value);
  } else {
    rb.Bulk(e.str);
  }
}

// Redis's addListRangeReply: the elements from start to end (negative indexes from the tail, clamped), from
// the end backwards when reverse.
void ReplyRange(io::ReplyBuilder& rb, const Quicklist& ql, int64_t start, int64_t end, bool reverse) {
  const auto llen = static_cast<int64_t>(ql.size());
  if (start < 0) start += llen;
  if (end < 0) end += llen;
  if (start < 0) start = 0;
  if (start > end || start >= llen) {
    rb.EmptyArray();
    return;
  }
  if (end >= llen) end = llen - 1;
  int64_t n = end - start + 1;
  rb.ArrayHeader(static_cast<size_t>(n));
  Quicklist::Reader r(ql, reverse ? end : start, !reverse);
  Quicklist::Elem e;
  while (n-- > 0 && r.Next(&e)) ReplyElem(rb, e);
}

const char* PopEvent(End end) { return end == End::kHead ? "lpop" : "rpop"; }
const char* PushEvent(End end) { return end == End::kHead ? "lpush" : "rpush"; }

// Redis's listElementsRemoved, after the elements went: the key goes with its last element ("del" after the
// pop's event, which the caller's Db::Write fired).
void AfterRemoval(CommandContext& ctx, Entry* e, int64_t removed) {
  if (ListOf(e->value()).empty()) ctx.db->Delete(e);
  ctx.Dirty(removed);
}

// Pops up to count elements from one end of the list at e, replying them as an array (Redis's
// listPopRangeAndReplyWithKey when with_key: [key, [elements]]). Returns how many went.
int64_t OpPopRange(CommandContext& ctx, Entry* e, std::string_view key, End end, int64_t count, bool with_key) {
  const Quicklist& ql = ListOf(e->value());
  const auto llen = static_cast<int64_t>(ql.size());
  const int64_t n = count > llen ? llen : count;
  if (with_key) {
    ctx.rb.ArrayHeader(2);
    ctx.rb.Bulk(key);
  }
  const bool head = end == End::kHead;
  ReplyRange(ctx.rb, ql, head ? 0 : -n, head ? n - 1 : -1, !head);
  Quicklist& mql = MutableListOf(ctx.db->Write(e, kNotifyList, PopEvent(end)));
  mql.DeleteRange(head ? 0 : -n, n);
  AfterRemoval(ctx, e, n);
  return n;
}

// Pops one element and replies [key, element] (BLPOP/BRPOP) or the element alone.
void OpPopOne(CommandContext& ctx, Entry* e, std::string_view key, End end, bool with_key) {
  if (with_key) {
    ctx.rb.ArrayHeader(2);
    ctx.rb.Bulk(key);
  }
  ReplyElem(ctx.rb, ListOf(e->value()).Peek(end));
  MutableListOf(ctx.db->Write(e, kNotifyList, PopEvent(end))).Pop(end);
  AfterRemoval(ctx, e, 1);
}

// Redis's lmoveGenericCommand once the source is known to be a non-empty list: the element leaves src's
// `from` end and enters dst's `to` end (dst created when missing); events: the push on dst, then the pop on
// src, then "del" if src emptied. Replies the element. False (WRONGTYPE replied) when dst holds another type.
bool OpMove(CommandContext& ctx, Entry* src, std::string_view dstkey, End from, End to) {
  Entry* dst = ctx.LookupWrite(dstkey);
  if (ctx.WrongTypeReply(dst, ObjType::kList)) return false;
  const std::string value = ListOf(src->value()).Peek(from).ToString();
  if (dst == src) {
    // The same list: pop first, then push (the node layout Redis gets), with the events in Redis's order.
    Quicklist& ql = MutableListOf(ctx.db->Write(src, kNotifyList, PushEvent(to)));
    ql.Pop(from);
    ql.Push(to, value);
    ctx.db->Write(src, kNotifyList, PopEvent(from));
  } else {
    if (dst == nullptr) {
      Value v = NewListValue(ctx.server.config());
      MutableListOf(v).Push(to, value);
      ctx.db->Add(dstkey, std::move(v), kNotifyList, PushEvent(to));
    } else {
      MutableListOf(ctx.db->Write(dst, kNotifyList, PushEvent(to))).Push(to, value);
    }
    MutableListOf(ctx.db->Write(src, kNotifyList, PopEvent(from))).Pop(from);
    if (ListOf(src->value()).empty()) ctx.db->Delete(src);
  }
  ctx.rb.Bulk(value);
  ctx.Dirty();
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Argument helpers.
// ---------------------------------------------------------------------------------------------------------

// LEFT / RIGHT (any case), else a syntax error.
bool ListEndOrReply(CommandContext& ctx, std::string_view arg, End* end) {
  if (EqualsIgnoreCase(arg, "left")) {
    *end = End::kHead;
  } else if (EqualsIgnoreCase(arg, "right")) {
    *end = End::kTail;
  } else {
    ctx.ReplySyntaxError();
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Handlers.
// ---------------------------------------------------------------------------------------------------------

// LPUSH / RPUSH / LPUSHX / RPUSHX key element [element ...]
void PushGeneric(CommandContext& ctx, End end, bool only_existing) {
  Entry* e = ctx.LookupWrite(ctx.argv[1]);
  if (e == nullptr && only_existing) {
    ctx.rb.Integer(0);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kList)) return;
  size_t len;
  if (e == nullptr) {
    Value v = NewListValue(ctx.server.config());
    Quicklist& ql = MutableListOf(v);
    for (size_t j = 2; j < ctx.argc(); ++j) ql.Push(end, ctx.argv[j]);
    len = ql.size();
    ctx.db->Add(ctx.argv[1], std::move(v), kNotifyList, PushEvent(end));
  } else {
    Quicklist& ql = MutableListOf(ctx.db->Write(e, kNotifyList, PushEvent(end)));
    for (size_t j = 2; j < ctx.argc(); ++j) ql.Push(end, ctx.argv[j]);
    len = ql.size();
  }
  ctx.rb.Integer(static_cast<int64_t>(len));
  ctx.Dirty(static_cast<int64_t>(ctx.argc() - 2));
}

void LpushCommand(CommandContext& ctx) { PushGeneric(ctx, End::kHead, false); }
void RpushCommand(CommandContext& ctx) { PushGeneric(ctx, End::kTail, false); }
void LpushxCommand(CommandContext& ctx) { PushGeneric(ctx, End::kHead, true); }
void RpushxCommand(CommandContext& ctx) { PushGeneric(ctx, End::kTail, true); }

// LINSERT key BEFORE|AFTER pivot element
void LinsertCommand(CommandContext& ctx) {
  bool after;
  if (EqualsIgnoreCase(ctx.argv[2], "after")) {
    after = true;
  } else if (EqualsIgnoreCase(ctx.argv[2], "before")) {
    after = false;
  } else {
    ctx.ReplySyntaxError();
    return;
  }
  Entry* e = ctx.LookupWrite(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Integer(0);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kList)) return;
  // Find the pivot on the read-only list first: the write (and its event) happens only when it is there.
  int64_t index = 0;
  bool found = false;
  {
    Quicklist::Reader r(ListOf(e->value()), 0, true);
    Quicklist::Elem el;
    while (r.Next(&el)) {
      if (el.Equals(ctx.argv[3])) {
        found = true;
        break;
      }
      ++index;
    }
  }
  if (!found) {
    ctx.rb.Integer(-1);
    return;
  }
  Quicklist& ql = MutableListOf(ctx.db->Write(e, kNotifyList, "linsert"));
  {
    Quicklist::Cursor c(ql, index, true);
    Quicklist::Elem el;
    c.Next(&el);
    c.Insert(ctx.argv[4], after);
  }
  ctx.Dirty();
  ctx.rb.Integer(static_cast<int64_t>(ql.size()));
}

// LLEN key
void LlenCommand(CommandContext& ctx) {
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Integer(0);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kList)) return;
  ctx.rb.Integer(static_cast<int64_t>(ListOf(e->value()).size()));
}

// LINDEX key index: the key is looked at before the index is parsed, as in Redis.
void LindexCommand(CommandContext& ctx) {
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Null();
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kList)) return;
  int64_t index;
  if (!ctx.Int64OrReply(ctx.argv[2], &index)) return;
  Quicklist::Reader r(ListOf(e->value()), index, true);
  Quicklist::Elem el;
  if (r.Next(&el)) {
    ReplyElem(ctx.rb, el);
  } else {
    ctx.rb.Null();
  }
}

// LSET key index element
void LsetCommand(CommandContext& ctx) {
  Entry* e = ctx.LookupWrite(ctx.argv[1]);
  if (e == nullptr) {
    ctx.ReplyError(kErrNoKey);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kList)) return;
  int64_t index;
  if (!ctx.Int64OrReply(ctx.argv[2], &index)) return;
  const auto llen = static_cast<int64_t>(ListOf(e->value()).size());
  if (index >= llen || index < -llen) {
    ctx.ReplyError(kErrOutOfRange);
    return;
  }
  MutableListOf(ctx.db->Write(e, kNotifyList, "lset")).Replace(index, ctx.argv[3]);
  ctx.rb.Ok();
  ctx.Dirty();
}

// LPOP / RPOP key [count]: without count one element (or nil); with count an array (nil array for a missing
// key, an empty one for count 0).
void PopGeneric(CommandContext& ctx, End end) {
  if (ctx.argc() > 3) {
    ctx.ReplyError("ERR wrong number of arguments for '" + ctx.cmd->full_name + "' command");
    return;
  }
  const bool has_count = ctx.argc() == 3;
  int64_t count = 0;
  if (has_count &&
      !ctx.RangeInt64OrReply(ctx.argv[2], 0, kLongMax, &count, "ERR value is out of range, must be positive")) {
    return;
  }
  Entry* e = ctx.LookupWrite(ctx.argv[1]);
  if (e == nullptr) {
    if (has_count) {
      ctx.rb.NullArray();
    } else {
      ctx.rb.Null();
    }
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kList)) return;
  if (has_count && count == 0) {
    ctx.rb.EmptyArray();
    return;
  }
  if (!has_count) {
    OpPopOne(ctx, e, ctx.argv[1], end, false);
  } else {
    OpPopRange(ctx, e, ctx.argv[1], end, count, false);
  }
}

void LpopCommand(CommandContext& ctx) { PopGeneric(ctx, End::kHead); }
void RpopCommand(CommandContext& ctx) { PopGeneric(ctx, End::kTail); }

// LRANGE key start stop: the numbers are parsed before the key is looked at.
void LrangeCommand(CommandContext& ctx) {
  int64_t start, end;
  if (!ctx.Int64OrReply(ctx.argv[2], &start) || !ctx.Int64OrReply(ctx.argv[3], &end)) return;
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.EmptyArray();
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kList)) return;
  ReplyRange(ctx.rb, ListOf(e->value()), start, end, false);
}

// LTRIM key start stop: fires "ltrim" even when nothing goes, as Redis; counts the elements removed.
void LtrimCommand(CommandContext& ctx) {
  int64_t start, end;
  if (!ctx.Int64OrReply(ctx.argv[2], &start) || !ctx.Int64OrReply(ctx.argv[3], &end)) return;
  Entry* e = ctx.LookupWrite(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Ok();
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kList)) return;
  const auto llen = static_cast<int64_t>(ListOf(e->value()).size());
  if (start < 0) start += llen;
  if (end < 0) end += llen;
  if (start < 0) start = 0;
  int64_t ltrim, rtrim;
  if (start > end || start >= llen) {
    ltrim = llen;
    rtrim = 0;
  } else {
    if (end >= llen) end = llen - 1;
    ltrim = start;
    rtrim = llen - end - 1;
  }
  Quicklist& ql = MutableListOf(ctx.db->Write(e, kNotifyList, "ltrim"));
  ql.DeleteRange(0, ltrim);
  ql.DeleteRange(-rtrim, rtrim);
  if (ql.empty()) ctx.db->Delete(e);
  ctx.Dirty(ltrim + rtrim);
  ctx.rb.Ok();
}

// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
void LposCommand(CommandContext& ctx) {
  int64_t rank = 1, count = -1, maxlen = 0;  // count -1: no COUNT option
  for (size_t j = 3; j < ctx.argc(); ++j) {
    const std::string_view opt = ctx.argv[j];
    const bool moreargs = j + 1 < ctx.argc();
    if (EqualsIgnoreCase(opt, "rank") && moreargs) {
      if (!ctx.Int64OrReply(ctx.argv[++j], &rank)) return;
      if (rank == 0) {
        ctx.ReplyError(
            "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to "
            "start from the end of the list");
        return;
      }
    } else if (EqualsIgnoreCase(opt, "count") && moreargs) {
      if (!ctx.RangeInt64OrReply(ctx.argv[++j], 0, kLongMax, &count, "ERR COUNT can't be negative")) return;
    } else if (EqualsIgnoreCase(opt, "maxlen") && moreargs) {
      if (!ctx.RangeInt64OrReply(ctx.argv[++j], 0, kLongMax, &maxlen, "ERR MAXLEN can't be negative")) return;
    } else {
      ctx.ReplySyntaxError();
      return;
    }
  }
  // A negative rank searches from the tail. Redis negates it in a long, so LONG_MIN stays negative and then
  // matches from the first match on: the same wrap here.
  bool forward = true;
  if (rank < 0) {
    rank = static_cast<int64_t>(0 - static_cast<uint64_t>(rank));
    forward = false;
  }
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    if (count != -1) {
      ctx.rb.EmptyArray();
    } else {
      ctx.rb.Null();
    }
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kList)) return;
  const Quicklist& ql = ListOf(e->value());
  const auto llen = static_cast<int64_t>(ql.size());
  Quicklist::Reader r(ql, forward ? 0 : -1, forward);
  Quicklist::Elem el;
  int64_t index = 0, matches = 0, matchindex = -1;
  std::vector<int64_t> found;
  while ((maxlen == 0 || index < maxlen) && r.Next(&el)) {
    if (el.Equals(ctx.argv[2])) {
      ++matches;
      matchindex = forward ? index : llen - index - 1;
      if (matches >= rank) {
        if (count == -1) break;
        found.push_back(matchindex);
        const auto past = static_cast<int64_t>(static_cast<uint64_t>(matches) - static_cast<uint64_t>(rank) + 1);
        if (count != 0 && past >= count) break;
      }
    }
    ++index;
    matchindex = -1;
  }
  if (count != -1) {
    ctx.rb.ArrayHeader(found.size());
    for (int64_t i : found) ctx.rb.Integer(i);
  } else if (matchindex != -1) {
    ctx.rb.Integer(matchindex);
  } else {
    ctx.rb.Null();
  }
}

// LREM key count element: count > 0 from the head, < 0 from the tail, 0 all.
void LremCommand(CommandContext& ctx) {
  int64_t toremove;
  if (!ctx.Int64OrReply(ctx.argv[2], &toremove)) return;
  Entry* e = ctx.LookupWrite(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Integer(0);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kList)) return;
  const std::string_view target = ctx.argv[3];
  const bool forward = toremove >= 0;
  // -LONG_MIN wraps to itself in Redis, which then never reaches it: everything matching goes.
  const uint64_t limit = toremove == std::numeric_limits<int64_t>::min() ? 0 : static_cast<uint64_t>(forward ? toremove : -toremove);
  // The first match, found read-only: a list without one is not written (no event).
  int64_t first = -1;
  {
    Quicklist::Reader r(ListOf(e->value()), forward ? 0 : -1, forward);
    Quicklist::Elem el;
    for (int64_t i = 0; r.Next(&el); ++i) {
      if (el.Equals(target)) {
        first = i;
        break;
      }
    }
  }
  if (first < 0) {
    ctx.rb.Integer(0);
    return;
  }
  Quicklist& ql = MutableListOf(ctx.db->Write(e, kNotifyList, "lrem"));
  uint64_t removed = 0;
  {
    Quicklist::Cursor c(ql, forward ? first : -first - 1, forward);
    Quicklist::Elem el;
    while (c.Next(&el)) {
      if (el.Equals(target)) {
        c.DeleteCurrent();
        if (++removed == limit) break;
      }
    }
  }
  if (ql.empty()) ctx.db->Delete(e);
  ctx.Dirty(static_cast<int64_t>(removed));
  ctx.rb.Integer(static_cast<int64_t>(removed));
}

// LMOVE source destination LEFT|RIGHT LEFT|RIGHT, RPOPLPUSH source destination.
void LmoveGeneric(CommandContext& ctx, End from, End to) {
  Entry* src = ctx.LookupWrite(ctx.argv[1]);
  if (src == nullptr) {
    ctx.rb.Null();
    return;
  }
  if (ctx.WrongTypeReply(src, ObjType::kList)) return;
  OpMove(ctx, src, ctx.argv[2], from, to);
}

void LmoveCommand(CommandContext& ctx) {
  End from, to;
  if (!ListEndOrReply(ctx, ctx.argv[3], &from) || !ListEndOrReply(ctx, ctx.argv[4], &to)) return;
  LmoveGeneric(ctx, from, to);
}

void RpoplpushCommand(CommandContext& ctx) { LmoveGeneric(ctx, End::kTail, End::kHead); }

// The keys of LMPOP / BLMPOP after their numkeys argument, WHERE and [COUNT count] (Redis's
// lmpopGenericCommand). False when an error was replied.
struct MpopArgs {
  size_t first_key = 0;
  size_t numkeys = 0;
  End end = End::kHead;
  int64_t count = 1;
};

bool MpopArgsOrReply(CommandContext& ctx, size_t numkeys_idx, MpopArgs* out) {
  int64_t numkeys;
  if (!ctx.RangeInt64OrReply(ctx.argv[numkeys_idx], 1, kLongMax, &numkeys, "ERR numkeys should be greater than 0")) {
    return false;
  }
  const uint64_t where_idx = numkeys_idx + static_cast<uint64_t>(numkeys) + 1;
  if (where_idx >= ctx.argc()) {
    ctx.ReplySyntaxError();
    return false;
  }
  if (!ListEndOrReply(ctx, ctx.argv[where_idx], &out->end)) return false;
  int64_t count = -1;
  for (size_t j = where_idx + 1; j < ctx.argc(); ++j) {
    if (count == -1 && EqualsIgnoreCase(ctx.argv[j], "count") && j + 1 < ctx.argc()) {
      if (!ctx.RangeInt64OrReply(ctx.argv[++j], 1, kLongMax, &count, "ERR count should be greater than 0")) return false;
    } else {
      ctx.ReplySyntaxError();
      return false;
    }
  }
  out->count = count == -1 ? 1 : count;
  out->first_key = numkeys_idx + 1;
  out->numkeys = static_cast<size_t>(numkeys);
  return true;
}

// Serves an [B]LMPOP from the list at e: the reply [key, [elements]], propagated as LPOP/RPOP key n.
void ServeMpop(CommandContext& ctx, Entry* e, std::string_view key, const MpopArgs& a) {
  const std::string k(key);
  const int64_t n = OpPopRange(ctx, e, k, a.end, a.count, true);
  ctx.PropagateAs({a.end == End::kHead ? "LPOP" : "RPOP", k, std::to_string(n)});
}

// LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]
void LmpopCommand(CommandContext& ctx) {
  MpopArgs a;
  if (!MpopArgsOrReply(ctx, 1, &a)) return;
  for (size_t j = a.first_key; j < a.first_key + a.numkeys; ++j) {
    Entry* e = ctx.LookupWrite(ctx.argv[j]);
    if (e == nullptr) continue;
    if (ctx.WrongTypeReply(e, ObjType::kList)) return;
    ServeMpop(ctx, e, ctx.argv[j], a);
    return;
  }
  ctx.rb.NullArray();
}

// The list a blocking command may serve from: on a first run every key in order (the first wrong type
// answers WRONGTYPE), on a re-execution only the key that woke it (see the file comment). Returns the
// entry with its key in *key, nullptr when nothing can be served; *failed when an error was replied.
Entry* FindServableList(CommandContext& ctx, std::span<const std::string_view> keys, std::string_view* key,
                        bool* failed) {
  *failed = false;
  if (ctx.Reexecuted()) {
    const std::string_view wake = ctx.BlockWakeKey();
    Entry* e = ctx.LookupWrite(wake);
    if (e == nullptr || e->value().type() != ObjType::kList) return nullptr;
    *key = wake;
    return e;
  }
  for (std::string_view k : keys) {
    Entry* e = ctx.LookupWrite(k);
    if (e == nullptr) continue;
    if (ctx.WrongTypeReply(e, ObjType::kList)) {
      *failed = true;
      return nullptr;
    }
    *key = k;
    return e;
  }
  return nullptr;
}

// BLPOP / BRPOP key [key ...] timeout
void BlockingPopGeneric(CommandContext& ctx, End end) {
  int64_t deadline_ms;
  if (!ctx.TimeoutOrReply(ctx.argv.back(), TimeoutUnit::kSeconds, &deadline_ms)) return;
  const std::span<const std::string_view> keys(ctx.argv.data() + 1, ctx.argc() - 2);
  std::string_view key;
  bool failed;
  Entry* e = FindServableList(ctx, keys, &key, &failed);
  if (failed) return;
  if (e != nullptr) {
    const std::string k(key);
    OpPopOne(ctx, e, k, end, true);
    ctx.PropagateAs({end == End::kHead ? "LPOP" : "RPOP", k});
    return;
  }
  if (!ctx.MayBlock()) {
    ctx.rb.NullArray();
    return;
  }
  ctx.BlockOnKeys(keys, deadline_ms, {.type = ObjType::kList});
}

void BlpopCommand(CommandContext& ctx) { BlockingPopGeneric(ctx, End::kHead); }
void BrpopCommand(CommandContext& ctx) { BlockingPopGeneric(ctx, End::kTail); }

// BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]: the timeout is parsed after the rest.
void BlmpopCommand(CommandContext& ctx) {
  MpopArgs a;
  if (!MpopArgsOrReply(ctx, 2, &a)) return;
  int64_t deadline_ms;
  if (!ctx.TimeoutOrReply(ctx.argv[1], TimeoutUnit::kSeconds, &deadline_ms)) return;
  const std::span<const std::string_view> keys(ctx.argv.data() + a.first_key, a.numkeys);
  std::string_view key;
  bool failed;
  Entry* e = FindServableList(ctx, keys, &key, &failed);
  if (failed) return;
  if (e != nullptr) {
    ServeMpop(ctx, e, key, a);
    return;
  }
  if (!ctx.MayBlock()) {
    ctx.rb.NullArray();
    return;
  }
  ctx.BlockOnKeys(keys, deadline_ms, {.type = ObjType::kList});
}

// BLMOVE / BRPOPLPUSH: served as LMOVE / RPOPLPUSH when the source has elements, propagated as those with
// the client's own LEFT/RIGHT words (at once or after blocking: read from redis-server 7.0.15 with SYNC).
void BlmoveGeneric(CommandContext& ctx, End from, End to, int64_t deadline_ms, bool rpoplpush) {
  Entry* src = ctx.LookupWrite(ctx.argv[1]);
  if (ctx.WrongTypeReply(src, ObjType::kList)) return;
  if (src == nullptr) {
    if (!ctx.MayBlock()) {
      ctx.rb.Null();
      return;
    }
    const std::string_view key = ctx.argv[1];
    ctx.BlockOnKeys(std::span<const std::string_view>(&key, 1), deadline_ms, {.type = ObjType::kList});
    return;
  }
  const std::string s(ctx.argv[1]), d(ctx.argv[2]);
  if (!OpMove(ctx, src, d, from, to)) return;
  if (rpoplpush) {
    ctx.PropagateAs({"RPOPLPUSH", s, d});
  } else {
    ctx.PropagateAs({"LMOVE", s, d, std::string(ctx.argv[3]), std::string(ctx.argv[4])});
  }
}

void BlmoveCommand(CommandContext& ctx) {
  End from, to;
  if (!ListEndOrReply(ctx, ctx.argv[3], &from) || !ListEndOrReply(ctx, ctx.argv[4], &to)) return;
  int64_t deadline_ms;
  if (!ctx.TimeoutOrReply(ctx.argv[5], TimeoutUnit::kSeconds, &deadline_ms)) return;
  BlmoveGeneric(ctx, from, to, deadline_ms, false);
}

void BrpoplpushCommand(CommandContext& ctx) {
  int64_t deadline_ms;
  if (!ctx.TimeoutOrReply(ctx.argv[3], TimeoutUnit::kSeconds, &deadline_ms)) return;
  BlmoveGeneric(ctx, End::kTail, End::kHead, deadline_ms, true);
}

// Keys of LMPOP (numkeys at 1, keys from 2) and BLMPOP (numkeys at 2, keys from 3), as Redis's
// genericGetKeys: none when numkeys (read with atoi) is unusable.
void MpopGetKeys(const std::vector<std::string_view>& argv, std::vector<int>* keys, size_t numkeys_idx) {
  if (argv.size() <= numkeys_idx) return;
  const std::string text(argv[numkeys_idx]);
  const int numkeys = static_cast<int>(std::strtol(text.c_str(), nullptr, 10));
  const int first = static_cast<int>(numkeys_idx) + 1;
  if (numkeys < 1 || numkeys > static_cast<int>(argv.size()) - first) return;
  for (int i = 0; i < numkeys; ++i) keys->push_back(first + i);
}
void LmpopGetKeys(const std::vector<std::string_view>& argv, std::vector<int>* keys) { MpopGetKeys(argv, keys, 1); }
void BlmpopGetKeys(const std::vector<std::string_view>& argv, std::vector<int>* keys) { MpopGetKeys(argv, keys, 2); }

}  // namespace

void RegisterListCommands(CommandTable& t) {
  RegisterListEncodings();
  t.Add("lpush", LpushCommand);
  t.Add("rpush", RpushCommand);
  t.Add("lpushx", LpushxCommand);
  t.Add("rpushx", RpushxCommand);
  t.Add("linsert", LinsertCommand);
  t.Add("llen", LlenCommand);
  t.Add("lindex", LindexCommand);
  t.Add("lset", LsetCommand);
  t.Add("lpop", LpopCommand);
  t.Add("rpop", RpopCommand);
  t.Add("lrange", LrangeCommand);
  t.Add("ltrim", LtrimCommand);
  t.Add("lpos", LposCommand);
  t.Add("lrem", LremCommand);
  t.Add("lmove", LmoveCommand);
  t.Add("rpoplpush", RpoplpushCommand);
  t.Add("lmpop", LmpopCommand, LmpopGetKeys);
  t.Add("blpop", BlpopCommand);
  t.Add("brpop", BrpopCommand);
  t.Add("blmove", BlmoveCommand);
  t.Add("brpoplpush", BrpoplpushCommand);
  t.Add("blmpop", BlmpopCommand, BlmpopGetKeys);
}

}  // namespace ringkv::core

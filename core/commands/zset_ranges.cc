// The sorted set family, part 2: the range commands. ZRANGE (BYSCORE, BYLEX, REV, LIMIT, WITHSCORES),
// ZRANGESTORE, ZREVRANGE, ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX, ZREVRANGEBYLEX, ZCOUNT, ZLEXCOUNT and
// ZREMRANGEBYRANK/SCORE/LEX, parsed and answered as Redis 7.0.15's zrangeGenericCommand and
// zremrangeGenericCommand (argument order of the checks included). One walk serves every range kind in both
// encodings (ZsetCursor); a reply whose length is not known up front is counted by a first walk.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/commands/zset_common.h"
#include "core/context.h"
#include "core/zset_type.h"

namespace ringkv::core {
namespace {

constexpr std::string_view kErrScoreRange = "ERR min or max is not a float";
constexpr std::string_view kErrLexRange = "ERR min or max not valid string range item";

enum class RangeType { kAuto, kRank, kScore, kLex };
enum class Direction { kAuto, kForward, kReverse };

struct RangeArgs {
  RangeType type = RangeType::kRank;
  bool reverse = false;
  int64_t start = 0, end = 0;  // ranks
  ds::ZScoreRange score;
  ds::ZLexRange lex;
  int64_t offset = 0;
  int64_t limit = -1;  // negative: no limit
};

// fn(ZsetCursor&) for each element the range selects, in reply order (Redis's genericZrangeby*Command walks:
// a negative offset skips everything, a negative limit takes all). Returns how many.
template <class F>
uint64_t WalkRange(const Value& v, const RangeArgs& a, F&& fn) {
  const auto llen = static_cast<int64_t>(ZsetLength(v));
  uint64_t n = 0;
  if (a.type == RangeType::kRank) {
    int64_t start = a.start, end = a.end;
    if (start < 0) start += llen;
    if (end < 0) end += llen;
    if (start < 0) start = 0;
    if (start > end || start >= llen) return 0;
    if (end >= llen) end = llen - 1;
    int64_t rangelen = end - start + 1;
    ZsetCursor c = ZsetCursor::AtRank(v, static_cast<uint64_t>(a.reverse ? llen - 1 - start : start));
    for (; rangelen > 0 && c.valid(); --rangelen, ++n) {
      fn(c);
      if (a.reverse) {
        c.Prev();
      } else {
        c.Next();
      }
    }
    return n;
  }
  const bool by_score = a.type == RangeType::kScore;
  if (by_score && a.offset > 0 && a.offset >= llen) return 0;
  ZsetCursor c = by_score ? (a.reverse ? ZsetCursor::LastInRange(v, a.score) : ZsetCursor::FirstInRange(v, a.score))
                          : (a.reverse ? ZsetCursor::LastInLexRange(v, a.lex) : ZsetCursor::FirstInLexRange(v, a.lex));
  auto step = [&] {
    if (a.reverse) {
      c.Prev();
    } else {
      c.Next();
    }
  };
  for (int64_t offset = a.offset; c.valid() && offset != 0; --offset) step();
  for (int64_t limit = a.limit; c.valid() && limit != 0; --limit) {
    if (by_score) {
      const double s = c.score();
      if (a.reverse ? !a.score.GteMin(s) : !a.score.LteMax(s)) break;
    } else {
      const std::string_view m = c.member();
      if (a.reverse ? !a.lex.GteMin(m) : !a.lex.LteMax(m)) break;
    }
    fn(c);
    ++n;
    step();
  }
  return n;
}

// ZRANGE and its relatives: argv[key_idx] is the source, then min and max, then the options. dstkey is set
// for ZRANGESTORE. type/dir are forced by the old commands (ZREVRANGE, ZRANGEBYSCORE, ...).
void ZrangeGeneric(CommandContext& ctx, size_t key_idx, const std::string_view* dstkey, RangeType type,
                   Direction dir) {
  const bool store = dstkey != nullptr;
  size_t minidx = key_idx + 1, maxidx = key_idx + 2;
  bool withscores = false;
  int64_t offset = 0, limit = -1;
  for (size_t j = key_idx + 3; j < ctx.argc(); ++j) {
    const size_t leftargs = ctx.argc() - j - 1;
    const std::string_view opt = ctx.argv[j];
    if (!store && EqualsIgnoreCase(opt, "withscores")) {
      withscores = true;
    } else if (EqualsIgnoreCase(opt, "limit") && leftargs >= 2) {
      if (!ctx.Int64OrReply(ctx.argv[j + 1], &offset) || !ctx.Int64OrReply(ctx.argv[j + 2], &limit)) return;
      j += 2;
    } else if (dir == Direction::kAuto && EqualsIgnoreCase(opt, "rev")) {
      dir = Direction::kReverse;
    } else if (type == RangeType::kAuto && EqualsIgnoreCase(opt, "bylex")) {
      type = RangeType::kLex;
    } else if (type == RangeType::kAuto && EqualsIgnoreCase(opt, "byscore")) {
      type = RangeType::kScore;
    } else {
      ctx.ReplySyntaxError();
      return;
    }
  }
  if (dir == Direction::kAuto) dir = Direction::kForward;
  if (type == RangeType::kAuto) type = RangeType::kRank;
  if (limit != -1 && type == RangeType::kRank) {
    ctx.ReplyError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
    return;
  }
  if (withscores && type == RangeType::kLex) {
    ctx.ReplyError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
    return;
  }
  RangeArgs a;
  a.type = type;
  a.reverse = dir == Direction::kReverse;
  a.offset = offset;
  a.limit = limit;
  // The reverse score and lex forms take max first.
  if (a.reverse && type != RangeType::kRank) std::swap(minidx, maxidx);
  switch (type) {
    case RangeType::kAuto:
    case RangeType::kRank:
      if (!ctx.Int64OrReply(ctx.argv[minidx], &a.start) || !ctx.Int64OrReply(ctx.argv[maxidx], &a.end)) return;
      break;
    case RangeType::kScore:
      if (!ParseScoreRange(ctx.argv[minidx], ctx.argv[maxidx], &a.score)) {
        ctx.ReplyError(kErrScoreRange);
        return;
      }
      break;
    case RangeType::kLex:
      if (!ParseLexRange(ctx.argv[minidx], ctx.argv[maxidx], &a.lex)) {
        ctx.ReplyError(kErrLexRange);
        return;
      }
      break;
  }

  const Entry* e = ctx.LookupRead(ctx.argv[key_idx]);
  if (e == nullptr) {
    if (store) {
      StoreZsetResult(ctx, *dstkey, {}, "zrangestore");
    } else {
      ctx.rb.EmptyArray();
    }
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kZSet)) return;
  const Value& v = e->value();
  if (store) {
    ZsetPairs pairs;
    WalkRange(v, a, [&](ZsetCursor& c) {
      const double s = c.score();
      pairs.emplace_back(std::string(c.member()), s);
    });
    if (pairs.empty()) {
      StoreZsetResult(ctx, *dstkey, pairs, "zrangestore");
      return;
    }
    // Built as Redis builds it: a skiplist from the start when a rank range is known to be too long, else
    // a listpack the elements are added to in walk order, converting when one breaks a limit. (Elements
    // added while it was a listpack lose the sign of a -0 score, as in Redis.)
    const ZsetLimits lim = ZsetLimitsOf(ctx.server.config());
    Value result = a.type == RangeType::kRank && pairs.size() > lim.max_entries ? NewSkiplistZset() : NewListpackZset();
    for (const auto& [member, score] : pairs) {
      ZaddPlan plan;
      plan.out = kZaddAdded;
      plan.score = score;
      ZsetApplyAdd(result, member, plan, lim);
    }
    StoreZsetValue(ctx, *dstkey, std::move(result), pairs.size(), "zrangestore");
    return;
  }
  const uint64_t n = WalkRange(v, a, [](ZsetCursor&) {});
  const bool resp3 = ctx.rb.resp3();
  ctx.rb.ArrayHeader(withscores && !resp3 ? 2 * n : n);
  WalkRange(v, a, [&](ZsetCursor& c) {
    if (withscores && resp3) ctx.rb.ArrayHeader(2);
    const double s = withscores ? c.score() : 0;
    ctx.rb.Bulk(c.member());
    if (withscores) ctx.rb.Double(s);
  });
}

void ZrangeCommand(CommandContext& ctx) { ZrangeGeneric(ctx, 1, nullptr, RangeType::kAuto, Direction::kAuto); }
void ZrangestoreCommand(CommandContext& ctx) {
  const std::string_view dst = ctx.argv[1];
  ZrangeGeneric(ctx, 2, &dst, RangeType::kAuto, Direction::kAuto);
}
void ZrevrangeCommand(CommandContext& ctx) { ZrangeGeneric(ctx, 1, nullptr, RangeType::kRank, Direction::kReverse); }
void ZrangebyscoreCommand(CommandContext& ctx) {
  ZrangeGeneric(ctx, 1, nullptr, RangeType::kScore, Direction::kForward);
}
void ZrevrangebyscoreCommand(CommandContext& ctx) {
  ZrangeGeneric(ctx, 1, nullptr, RangeType::kScore, Direction::kReverse);
}
void ZrangebylexCommand(CommandContext& ctx) { ZrangeGeneric(ctx, 1, nullptr, RangeType::kLex, Direction::kForward); }
void ZrevrangebylexCommand(CommandContext& ctx) {
  ZrangeGeneric(ctx, 1, nullptr, RangeType::kLex, Direction::kReverse);
}

// ZCOUNT / ZLEXCOUNT: a listpack is walked; a skiplist answers from the ranks of the range's ends, as Redis
// does (so a lex count over mixed scores is Redis's arithmetic, whatever it gives).
void ZcountGeneric(CommandContext& ctx, bool lex) {
  ds::ZScoreRange score;
  ds::ZLexRange lexr;
  if (lex ? !ParseLexRange(ctx.argv[2], ctx.argv[3], &lexr) : !ParseScoreRange(ctx.argv[2], ctx.argv[3], &score)) {
    ctx.ReplyError(lex ? kErrLexRange : kErrScoreRange);
    return;
  }
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Integer(0);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kZSet)) return;
  const Value& v = e->value();
  uint64_t count = 0;
  if (v.encoding() == Encoding::kListpack) {
    ZsetCursor c = lex ? ZsetCursor::FirstInLexRange(v, lexr) : ZsetCursor::FirstInRange(v, score);
    for (; c.valid(); c.Next(), ++count) {
      if (lex ? !lexr.LteMax(c.member()) : !score.LteMax(c.score())) break;
    }
  } else {
    const ds::ZSet* z = v.Ptr<ds::ZSet>();
    const ds::ZSet::Node* first = lex ? z->FirstInLexRange(lexr) : z->FirstInRange(score);
    if (first != nullptr) {
      const uint64_t len = z->size();
      count = len - z->Rank(first);
      const ds::ZSet::Node* last = lex ? z->LastInLexRange(lexr) : z->LastInRange(score);
      if (last != nullptr) count -= len - (z->Rank(last) + 1);
    }
  }
  ctx.rb.Integer(static_cast<int64_t>(count));
}

void ZcountCommand(CommandContext& ctx) { ZcountGeneric(ctx, false); }
void ZlexcountCommand(CommandContext& ctx) { ZcountGeneric(ctx, true); }

// ZREMRANGEBYRANK / ZREMRANGEBYSCORE / ZREMRANGEBYLEX: the range is parsed before the key is looked at; the
// event ("zremrangebyrank" ...) and then "del" only when something went.
void ZremrangeGeneric(CommandContext& ctx, RangeType type) {
  int64_t start = 0, end = 0;
  ds::ZScoreRange score;
  ds::ZLexRange lex;
  std::string_view event;
  if (type == RangeType::kRank) {
    event = "zremrangebyrank";
    if (!ctx.Int64OrReply(ctx.argv[2], &start) || !ctx.Int64OrReply(ctx.argv[3], &end)) return;
  } else if (type == RangeType::kScore) {
    event = "zremrangebyscore";
    if (!ParseScoreRange(ctx.argv[2], ctx.argv[3], &score)) {
      ctx.ReplyError(kErrScoreRange);
      return;
    }
  } else {
    event = "zremrangebylex";
    if (!ParseLexRange(ctx.argv[2], ctx.argv[3], &lex)) {
      ctx.ReplyError(kErrLexRange);
      return;
    }
  }
  Entry* e = ctx.LookupWrite(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Integer(0);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kZSet)) return;
  const bool listpack = e->value().encoding() == Encoding::kListpack;
  if (type == RangeType::kRank) {
    const auto llen = static_cast<int64_t>(ZsetLength(e->value()));
    if (start < 0) start += llen;
    if (end < 0) end += llen;
    if (start < 0) start = 0;
    if (start > end || start >= llen) {
      ctx.rb.Integer(0);
      return;
    }
    if (end >= llen) end = llen - 1;
  } else {
    // Whether anything goes, asked the way each encoding's delete starts (Db::Write only for a change).
    bool any;
    if (listpack) {
      ZsetListpackRef lp(e->value());
      any = type == RangeType::kScore ? ds::ZlFirstInRange(*lp, score) != ds::Listpack::kNoPos
                                      : ds::ZlFirstInLexRange(*lp, lex) != ds::Listpack::kNoPos;
    } else {
      const ds::ZSet* z = e->value().Ptr<ds::ZSet>();
      if (type == RangeType::kScore) {
        any = z->FirstInRange(score) != nullptr;
      } else {
        const ds::ZSet::Node* n = z->FirstLexGteMin(lex);
        any = n != nullptr && lex.LteMax(n->member());
      }
    }
    if (!any) {
      ctx.rb.Integer(0);
      return;
    }
  }
  Value& v = ctx.db->Write(e, kNotifyZset, event);
  size_t deleted;
  if (listpack) {
    ZsetListpackEdit lp(v);
    if (type == RangeType::kRank) {
      deleted = ds::ZlDeleteRangeByRank(*lp, static_cast<uint32_t>(start), static_cast<uint32_t>(end));
    } else if (type == RangeType::kScore) {
      deleted = ds::ZlDeleteRangeByScore(*lp, score);
    } else {
      deleted = ds::ZlDeleteRangeByLex(*lp, lex);
    }
  } else {
    ds::ZSet* z = v.MutablePtr<ds::ZSet>();
    if (type == RangeType::kRank) {
      deleted = z->DeleteRangeByRank(static_cast<uint64_t>(start), static_cast<uint64_t>(end));
    } else if (type == RangeType::kScore) {
      deleted = z->DeleteRangeByScore(score);
    } else {
      deleted = z->DeleteRangeByLex(lex);
    }
  }
  if (ZsetLength(v) == 0) ctx.db->Delete(e);
  ctx.Dirty(static_cast<int64_t>(deleted));
  ctx.rb.Integer(static_cast<int64_t>(deleted));
}

void ZremrangebyrankCommand(CommandContext& ctx) { ZremrangeGeneric(ctx, RangeType::kRank); }
void ZremrangebyscoreCommand(CommandContext& ctx) { ZremrangeGeneric(ctx, RangeType::kScore); }
void ZremrangebylexCommand(CommandContext& ctx) { ZremrangeGeneric(ctx, RangeType::kLex); }

}  // namespace

void RegisterZsetRangeCommands(CommandTable& t) {
  t.Add("zrange", ZrangeCommand);
  t.Add("zrangestore", ZrangestoreCommand);
  t.Add("zrevrange", ZrevrangeCommand);
  t.Add("zrangebyscore", ZrangebyscoreCommand);
  t.Add("zrevrangebyscore", ZrevrangebyscoreCommand);
  t.Add("zrangebylex", ZrangebylexCommand);
  t.Add("zrevrangebylex", ZrevrangebylexCommand);
  t.Add("zcount", ZcountCommand);
  t.Add("zlexcount", ZlexcountCommand);
  t.Add("zremrangebyrank", ZremrangebyrankCommand);
  t.Add("zremrangebyscore", ZremrangebyscoreCommand);
  t.Add("zremrangebylex", ZremrangebylexCommand);
}

}  // namespace ringkv::core

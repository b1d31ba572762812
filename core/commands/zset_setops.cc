// The sorted set family, part 3: ZUNION, ZUNIONSTORE, ZINTER, ZINTERSTORE, ZINTERCARD, ZDIFF, ZDIFFSTORE
// (WEIGHTS, AGGREGATE SUM|MIN|MAX, WITHSCORES; plain sets count as sorted sets whose scores are all 1), as
// Redis 7.0.15's zunionInterDiffGenericCommand: the same checks in the same order, the sources ordered by
// size (stably, as glibc's qsort merges), the same aggregation (NaN sums become 0), and the result built
// whole and stored as a listpack when it fits (zsetConvertToListpackIfNeeded).
#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/commands/zset_common.h"
#include "core/context.h"
#include "core/set_type.h"
#include "core/zset_type.h"
#include "ds/numconv.h"

namespace ringkv::core {
namespace {

enum class SetOp { kUnion, kInter, kDiff };
enum class Aggregate { kSum, kMin, kMax };

// One input: a sorted set, a plain set, or a missing key (empty).
struct Source {
  const Value* v = nullptr;
  double weight = 1.0;

  size_t Length() const {
    if (v == nullptr) return 0;
    return v->type() == ObjType::kZSet ? ZsetLength(*v) : SetSize(*v);
  }
  // fn(std::string_view member, double score) for every element (a set's with score 1).
  template <class F>
  void ForEach(F&& fn) const {
    if (v == nullptr) return;
    if (v->type() == ObjType::kSet) {
      char buf[ds::kInt64BufBytes];
      SetForEach(*v, [&](const SetElem& e) { fn(e.View(buf), 1.0); });
      return;
    }
    // From the last element to the first, as Redis's zuiInitIterator walks sorted sets.
    for (ZsetCursor c = ZsetCursor::Last(*v); c.valid(); c.Prev()) {
      const double s = c.score();
      fn(c.member(), s);
    }
  }
  bool Find(std::string_view member, double* score) const {
    if (v == nullptr) return false;
    if (v->type() == ObjType::kSet) {
      if (!SetIsMember(*v, member)) return false;
      *score = 1.0;
      return true;
    }
    return ZsetScore(*v, member, score);
  }
};

void AggregateInto(double* target, double val, Aggregate agg) {
  switch (agg) {
    case Aggregate::kSum:
      *target += val;
      // +inf + -inf: Redis keeps 0 rather than NaN.
      if (std::isnan(*target)) *target = 0.0;
      break;
    case Aggregate::kMin:
      *target = val < *target ? val : *target;
      break;
    case Aggregate::kMax:
      *target = val > *target ? val : *target;
      break;
  }
}

// The result as (member, score) pairs in no particular order; for kInter with cardinality_only, only *card
// is counted (up to limit, 0: no limit).
ZsetPairs OpCompute(std::vector<Source>& src, SetOp op, Aggregate agg, bool cardinality_only, uint64_t limit,
                    uint64_t* card) {
  ZsetPairs out;
  if (op != SetOp::kDiff) {
    std::stable_sort(src.begin(), src.end(), [](const Source& a, const Source& b) { return a.Length() < b.Length(); });
  }
  if (op == SetOp::kInter) {
    if (src[0].Length() == 0) return out;
    bool stop = false;
    src[0].ForEach([&](std::string_view member, double zscore) {
      if (stop) return;
      double score = src[0].weight * zscore;
      if (std::isnan(score)) score = 0;
      size_t j = 1;
      for (; j < src.size(); ++j) {
        double value;
        if (src[j].v == src[0].v) {
          value = zscore * src[j].weight;
        } else if (src[j].Find(member, &value)) {
          value *= src[j].weight;
        } else {
          break;
        }
        AggregateInto(&score, value, agg);
      }
      if (j != src.size()) return;
      if (cardinality_only) {
        ++*card;
        if (limit != 0 && *card >= limit) stop = true;
      } else {
        out.emplace_back(std::string(member), score);
      }
    });
    return out;
  }
  if (op == SetOp::kUnion) {
    absl::flat_hash_map<std::string, double> acc;
    acc.reserve(src.back().Length());
    for (const Source& s : src) {
      s.ForEach([&](std::string_view member, double zscore) {
        double score = s.weight * zscore;
        if (std::isnan(score)) score = 0;
        auto [it, inserted] = acc.try_emplace(std::string(member), score);
        if (!inserted) AggregateInto(&it->second, score, agg);
      });
    }
    out.reserve(acc.size());
    for (auto& [m, s] : acc) out.emplace_back(m, s);
    return out;
  }
  // DIFF: the first set's elements (with their own scores) that no other set has. A later source that is
  // the first set itself leaves nothing.
  if (src[0].Length() == 0) return out;
  for (size_t j = 1; j < src.size(); ++j) {
    if (src[j].v != nullptr && src[j].v == src[0].v) return out;
  }
  src[0].ForEach([&](std::string_view member, double zscore) {
    for (size_t j = 1; j < src.size(); ++j) {
      double unused;
      if (src[j].Find(member, &unused)) return;
    }
    out.emplace_back(std::string(member), zscore);
  });
  return out;
}

// ZUNION/ZINTER/ZDIFF[STORE]/ZINTERCARD: numkeys at argv[numkeys_idx], dstkey for the STORE forms.
void ZsetOpGeneric(CommandContext& ctx, const std::string_view* dstkey, size_t numkeys_idx, SetOp op,
                   bool cardinality_only) {
  int64_t setnum;
  if (!ctx.Int64OrReply(ctx.argv[numkeys_idx], &setnum)) return;
  if (setnum < 1) {
    ctx.ReplyError("ERR at least 1 input key is needed for '" + ctx.cmd->full_name + "' command");
    return;
  }
  if (setnum > static_cast<int64_t>(ctx.argc() - (numkeys_idx + 1))) {
    ctx.ReplySyntaxError();
    return;
  }
  std::vector<Source> src(static_cast<size_t>(setnum));
  size_t j = numkeys_idx + 1;
  for (size_t i = 0; i < src.size(); ++i, ++j) {
    const Entry* e = ctx.LookupRead(ctx.argv[j]);
    if (e == nullptr) continue;
    if (e->value().type() != ObjType::kZSet && e->value().type() != ObjType::kSet) {
      ctx.ReplyError(kErrWrongType);
      return;
    }
    src[i].v = &e->value();
  }
  Aggregate agg = Aggregate::kSum;
  bool withscores = false;
  int64_t limit = 0;
  while (j < ctx.argc()) {
    const size_t remaining = ctx.argc() - j;
    const std::string_view opt = ctx.argv[j];
    if (op != SetOp::kDiff && !cardinality_only && remaining >= src.size() + 1 && EqualsIgnoreCase(opt, "weights")) {
      ++j;
      for (Source& s : src) {
        if (!ctx.DoubleOrReply(ctx.argv[j++], &s.weight, "ERR weight value is not a float")) return;
      }
    } else if (op != SetOp::kDiff && !cardinality_only && remaining >= 2 && EqualsIgnoreCase(opt, "aggregate")) {
      const std::string_view a = ctx.argv[j + 1];
      if (EqualsIgnoreCase(a, "sum")) {
        agg = Aggregate::kSum;
      } else if (EqualsIgnoreCase(a, "min")) {
        agg = Aggregate::kMin;
      } else if (EqualsIgnoreCase(a, "max")) {
        agg = Aggregate::kMax;
      } else {
        ctx.ReplySyntaxError();
        return;
      }
      j += 2;
    } else if (dstkey == nullptr && !cardinality_only && EqualsIgnoreCase(opt, "withscores")) {
      ++j;
      withscores = true;
    } else if (cardinality_only && remaining >= 2 && EqualsIgnoreCase(opt, "limit")) {
      if (!ctx.RangeInt64OrReply(ctx.argv[j + 1], 0, std::numeric_limits<int64_t>::max(), &limit,
                                 "ERR LIMIT can't be negative")) {
        return;
      }
      j += 2;
    } else {
      ctx.ReplySyntaxError();
      return;
    }
  }

  uint64_t card = 0;
  ZsetPairs result = OpCompute(src, op, agg, cardinality_only, static_cast<uint64_t>(limit), &card);
  if (cardinality_only) {
    ctx.rb.Integer(static_cast<int64_t>(card));
    return;
  }
  SortZsetPairs(&result);
  if (dstkey != nullptr) {
    StoreZsetResult(ctx, *dstkey, result,
                    op == SetOp::kUnion ? "zunionstore" : (op == SetOp::kInter ? "zinterstore" : "zdiffstore"));
    return;
  }
  const bool resp3 = ctx.rb.resp3();
  ctx.rb.ArrayHeader(withscores && !resp3 ? 2 * result.size() : result.size());
  for (const auto& [member, score] : result) {
    if (withscores && resp3) ctx.rb.ArrayHeader(2);
    ctx.rb.Bulk(member);
    if (withscores) ctx.rb.Double(score);
  }
}

void ZunionstoreCommand(CommandContext& ctx) {
  const std::string_view dst = ctx.argv[1];
  ZsetOpGeneric(ctx, &dst, 2, SetOp::kUnion, false);
}
void ZinterstoreCommand(CommandContext& ctx) {
  const std::string_view dst = ctx.argv[1];
  ZsetOpGeneric(ctx, &dst, 2, SetOp::kInter, false);
}
void ZdiffstoreCommand(CommandContext& ctx) {
  const std::string_view dst = ctx.argv[1];
  ZsetOpGeneric(ctx, &dst, 2, SetOp::kDiff, false);
}
void ZunionCommand(CommandContext& ctx) { ZsetOpGeneric(ctx, nullptr, 1, SetOp::kUnion, false); }
void ZinterCommand(CommandContext& ctx) { ZsetOpGeneric(ctx, nullptr, 1, SetOp::kInter, false); }
void ZinterCardCommand(CommandContext& ctx) { ZsetOpGeneric(ctx, nullptr, 1, SetOp::kInter, true); }
void ZdiffCommand(CommandContext& ctx) { ZsetOpGeneric(ctx, nullptr, 1, SetOp::kDiff, false); }

// Redis reads numkeys in its getkeys procs with atoi.
int AtoiPrefix(std::string_view s) {
  const std::string text(s);
  return static_cast<int>(std::strtol(text.c_str(), nullptr, 10));
}

// ZUNIONSTORE/ZINTERSTORE/ZDIFFSTORE (Redis's zunionInterDiffStoreGetKeys): the numkeys sources, then the
// destination; nothing when numkeys is unusable.
void StoreGetKeys(const std::vector<std::string_view>& argv, std::vector<int>* keys) {
  if (argv.size() < 3) return;
  const int num = AtoiPrefix(argv[2]);
  if (num < 1 || num > static_cast<int>(argv.size()) - 3) return;
  for (int i = 0; i < num; ++i) keys->push_back(3 + i);
  keys->push_back(1);
}

// ZUNION/ZINTER/ZDIFF/ZINTERCARD (zunionInterDiffGetKeys): numkeys keys after numkeys.
void NoStoreGetKeys(const std::vector<std::string_view>& argv, std::vector<int>* keys) {
  if (argv.size() < 2) return;
  const int num = AtoiPrefix(argv[1]);
  if (num < 1 || num > static_cast<int>(argv.size()) - 2) return;
  for (int i = 0; i < num; ++i) keys->push_back(2 + i);
}

}  // namespace

void RegisterZsetSetOpCommands(CommandTable& t) {
  t.Add("zunionstore", ZunionstoreCommand, StoreGetKeys);
  t.Add("zinterstore", ZinterstoreCommand, StoreGetKeys);
  t.Add("zdiffstore", ZdiffstoreCommand, StoreGetKeys);
  t.Add("zunion", ZunionCommand, NoStoreGetKeys);
  t.Add("zinter", ZinterCommand, NoStoreGetKeys);
  t.Add("zintercard", ZinterCardCommand, NoStoreGetKeys);
  t.Add("zdiff", ZdiffCommand, NoStoreGetKeys);
}

}  // namespace ringkv::core

#include "core/zset_type.h"

#include <malloc.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/config.h"

namespace ringkv::core {

namespace {

using ds::Listpack;
using ds::ZSet;

const ZSet* SkiplistOf(const Value& v) { return v.Ptr<ZSet>(); }
ZSet* SkiplistOf(Value& v) { return v.MutablePtr<ZSet>(); }
bool IsListpack(const Value& v) { return v.encoding() == Encoding::kListpack; }

}  // namespace

void RegisterZsetEncodings() {
  EncodingOps lp;
  lp.destroy = [](void* p) { std::free(p); };
  lp.copy = [](const void* p) -> void* {
    const auto* src = static_cast<const uint8_t*>(p);
    const size_t n = ds::listpack_internal::Load32(src);
    void* dst = std::malloc(n);
    if (dst == nullptr) std::abort();
    std::memcpy(dst, src, n);
    return dst;
  };
  lp.heap_bytes = [](const void* p) { return malloc_usable_size(const_cast<void*>(p)); };
  RegisterEncodingOps(ObjType::kZSet, Encoding::kListpack, lp);

  EncodingOps sl;
  sl.destroy = [](void* p) { delete static_cast<ZSet*>(p); };
  sl.copy = [](const void* p) -> void* { return new ZSet(*static_cast<const ZSet*>(p)); };
  sl.heap_bytes = [](const void* p) {
    auto* z = static_cast<const ZSet*>(p);
    return malloc_usable_size(const_cast<ZSet*>(z)) + z->AllocatedBytes();
  };
  // One node per member, as Redis's lazyfreeGetFreeEffort counts a skiplist's.
  sl.effort = [](const void* p) { return static_cast<const ZSet*>(p)->size(); };
  sl.free_some = [](void* p, size_t* budget) {
    auto* z = static_cast<ZSet*>(p);
    if (!z->FreeSome(budget)) return false;
    delete z;
    return true;
  };
  RegisterEncodingOps(ObjType::kZSet, Encoding::kSkiplist, sl);
}

ZsetLimits ZsetLimitsOf(const Config& cfg) {
  ZsetLimits lim;
  lim.max_entries = static_cast<size_t>(std::max<int64_t>(cfg.zset_max_listpack_entries, 0));
  lim.max_value = static_cast<size_t>(std::max<int64_t>(cfg.zset_max_listpack_value, 0));
  return lim;
}

Value NewListpackZset() {
  Value v;
  v.SetPtr(ObjType::kZSet, Encoding::kListpack, Listpack().Release());
  return v;
}

Value NewSkiplistZset() {
  Value v;
  v.SetPtr(ObjType::kZSet, Encoding::kSkiplist, new ZSet());
  return v;
}

Value NewZsetFor(std::string_view first_member, const ZsetLimits& lim) {
  if (lim.max_entries == 0 || lim.max_value < first_member.size()) return NewSkiplistZset();
  return NewListpackZset();
}

size_t ZsetLength(const Value& v) {
  if (IsListpack(v)) return ds::ZlLength(*ZsetListpackRef(v));
  return SkiplistOf(v)->size();
}

bool ZsetScore(const Value& v, std::string_view member, double* score) {
  if (IsListpack(v)) return ds::ZlFind(*ZsetListpackRef(v), member, score) != Listpack::kNoPos;
  const ZSet::Node* n = SkiplistOf(v)->Find(member);
  if (n == nullptr) return false;
  *score = n->score();
  return true;
}

int64_t ZsetRank(const Value& v, std::string_view member, bool reverse) {
  const auto len = static_cast<int64_t>(ZsetLength(v));
  int64_t rank = -1;
  if (IsListpack(v)) {
    ZsetListpackRef lp(v);
    int64_t i = 0;
    for (ds::ZlPos e = lp->First(); e != Listpack::kNoPos; e = ds::ZlNext(*lp, e), ++i) {
      if (lp->Get(e).Equals(member)) {
        rank = i;
        break;
      }
    }
  } else {
    const ZSet* z = SkiplistOf(v);
    const ZSet::Node* n = z->Find(member);
    if (n != nullptr) rank = static_cast<int64_t>(z->Rank(n));
  }
  if (rank < 0) return -1;
  return reverse ? len - 1 - rank : rank;
}

bool ZsetDel(Value& v, std::string_view member) {
  if (IsListpack(v)) {
    ZsetListpackEdit lp(v);
    const ds::ZlPos p = ds::ZlFind(*lp, member, nullptr);
    if (p == Listpack::kNoPos) return false;
    ds::ZlDelete(*lp, p);
    return true;
  }
  return SkiplistOf(v)->Erase(member);
}

ZaddPlan ZsetPlanAdd(const Value* v, double score, std::string_view member, int in_flags) {
  const bool incr = (in_flags & kZaddIncr) != 0, nx = (in_flags & kZaddNx) != 0, xx = (in_flags & kZaddXx) != 0;
  const bool gt = (in_flags & kZaddGt) != 0, lt = (in_flags & kZaddLt) != 0;
  ZaddPlan plan;
  // NaN as input fails whatever the options (Redis checks it first).
  if (std::isnan(score)) {
    plan.out = kZaddNan;
    return plan;
  }
  plan.exists = v != nullptr && ZsetScore(*v, member, &plan.cur);
  if (plan.exists) {
    if (nx) {
      plan.out = kZaddNop;
      return plan;
    }
    if (incr) {
      score += plan.cur;
      if (std::isnan(score)) {
        plan.out = kZaddNan;
        return plan;
      }
    }
    if ((lt && score >= plan.cur) || (gt && score <= plan.cur)) {
      plan.out = kZaddNop;
      return plan;
    }
    plan.score = score;
    if (score != plan.cur) plan.out = kZaddUpdated;
    return plan;
  }
  if (xx) {
    plan.out = kZaddNop;
    return plan;
  }
  plan.score = score;
  plan.out = kZaddAdded;
  return plan;
}

void ZsetApplyAdd(Value& v, std::string_view member, const ZaddPlan& plan, const ZsetLimits& lim) {
  if (IsListpack(v)) {
    if (plan.exists) {
      ZsetListpackEdit lp(v);
      ds::ZlDelete(*lp, ds::ZlFind(*lp, member, nullptr));
      ds::ZlInsert(*lp, member, plan.score);
      return;
    }
    bool convert;
    {
      ZsetListpackRef lp(v);
      convert = ds::ZlLength(*lp) + 1 > lim.max_entries || member.size() > lim.max_value ||
                !lp->SafeToAdd(member.size());
    }
    if (!convert) {
      ZsetListpackEdit lp(v);
      ds::ZlInsert(*lp, member, plan.score);
      return;
    }
    ZsetConvertToSkiplist(v);
  }
  ZSet* z = SkiplistOf(v);
  if (plan.exists) {
    z->UpdateScore(z->Find(member), plan.score);
  } else {
    z->Insert(member, plan.score);
  }
}

void ZsetConvertToSkiplist(Value& v) {
  if (!IsListpack(v)) return;
  auto* z = new ZSet();
  {
    ZsetListpackRef lp(v);
    char buf[Listpack::kIntBufBytes];
    // From the last pair to the first: each insert stops at the header (the pairs are already sorted).
    for (ds::ZlPos e = lp->Seek(-2); e != Listpack::kNoPos; e = ds::ZlPrev(*lp, e)) {
      z->Insert(lp->Get(e).View(buf), ds::ZlScoreAt(*lp, lp->Next(e)));
    }
  }
  v.SetPtr(ObjType::kZSet, Encoding::kSkiplist, z);
}

void SortZsetPairs(ZsetPairs* pairs) {
  std::sort(pairs->begin(), pairs->end(), [](const auto& a, const auto& b) {
    return a.second < b.second || (a.second == b.second && ds::CompareMembers(a.first, b.first) < 0);
  });
}

Value BuildZset(const ZsetPairs& sorted, const ZsetLimits& lim) {
  size_t maxlen = 0, total = 0;
  for (const auto& [m, s] : sorted) {
    maxlen = std::max(maxlen, m.size());
    total += m.size();
  }
  if (sorted.size() <= lim.max_entries && maxlen <= lim.max_value && total <= Listpack::kMaxSafetyBytes) {
    Value v = NewListpackZset();
    {
      // The edit hands the (reallocated) block back to v when it ends: before v is returned.
      ZsetListpackEdit lp(v);
      for (const auto& [m, s] : sorted) ds::ZlAppend(*lp, m, s);
    }
    return v;
  }
  auto* z = new ZSet();
  for (auto it = sorted.rbegin(); it != sorted.rend(); ++it) z->Insert(it->first, it->second);
  Value v;
  v.SetPtr(ObjType::kZSet, Encoding::kSkiplist, z);
  return v;
}

namespace {

bool ParseScoreBound(std::string_view arg, double* v, bool* ex) {
  // Redis hands strtod the argument as a C string: it ends at the first NUL byte.
  std::string text(arg.substr(0, arg.find('\0')));
  const char* p = text.c_str();
  *ex = false;
  if (p[0] == '(') {
    *ex = true;
    ++p;
  }
  char* end;
  *v = std::strtod(p, &end);
  return end[0] == '\0' && !std::isnan(*v);
}

bool ParseLexBound(std::string_view arg, ds::ZLexBound* b) {
  if (arg.empty()) return false;
  switch (arg[0]) {
    case '+':
    case '-':
      // Redis tests the byte after the sign as a C string: "+\0x" is still "+".
      if (arg.size() > 1 && arg[1] != '\0') return false;
      b->kind = arg[0] == '+' ? ds::ZLexBound::Kind::kPlusInf : ds::ZLexBound::Kind::kMinusInf;
      b->ex = true;
      return true;
    case '(':
    case '[':
      b->kind = ds::ZLexBound::Kind::kValue;
      b->ex = arg[0] == '(';
      b->value = arg.substr(1);
      return true;
    default:
      return false;
  }
}

}  // namespace

bool ParseScoreRange(std::string_view min, std::string_view max, ds::ZScoreRange* r) {
  return ParseScoreBound(min, &r->min, &r->minex) && ParseScoreBound(max, &r->max, &r->maxex);
}

bool ParseLexRange(std::string_view min, std::string_view max, ds::ZLexRange* r) {
  return ParseLexBound(min, &r->min) && ParseLexBound(max, &r->max);
}

// ---- ZsetCursor ----

ZsetCursor ZsetCursor::OfListpack(const Value& v, ds::ZlPos pos) {
  ZsetCursor c;
  c.lp_ = v.Ptr<uint8_t>();
  c.pos_ = pos;
  return c;
}

ZsetCursor ZsetCursor::OfNode(const ds::ZSet::Node* n) {
  ZsetCursor c;
  c.node_ = n;
  return c;
}

ZsetCursor ZsetCursor::First(const Value& v) {
  if (IsListpack(v)) return OfListpack(v, ZsetListpackRef(v)->First());
  return OfNode(SkiplistOf(v)->First());
}

ZsetCursor ZsetCursor::Last(const Value& v) {
  if (IsListpack(v)) return OfListpack(v, ZsetListpackRef(v)->Seek(-2));
  return OfNode(SkiplistOf(v)->Last());
}

ZsetCursor ZsetCursor::AtRank(const Value& v, uint64_t rank) {
  if (IsListpack(v)) {
    ZsetListpackRef lp(v);
    const uint64_t len = ds::ZlLength(*lp);
    return OfListpack(v, rank < len ? lp->Seek(static_cast<int64_t>(2 * rank)) : Listpack::kNoPos);
  }
  return OfNode(SkiplistOf(v)->ByRank(rank));
}

ZsetCursor ZsetCursor::FirstInRange(const Value& v, const ds::ZScoreRange& r) {
  if (IsListpack(v)) return OfListpack(v, ds::ZlFirstInRange(*ZsetListpackRef(v), r));
  return OfNode(SkiplistOf(v)->FirstInRange(r));
}

ZsetCursor ZsetCursor::LastInRange(const Value& v, const ds::ZScoreRange& r) {
  if (IsListpack(v)) return OfListpack(v, ds::ZlLastInRange(*ZsetListpackRef(v), r));
  return OfNode(SkiplistOf(v)->LastInRange(r));
}

ZsetCursor ZsetCursor::FirstInLexRange(const Value& v, const ds::ZLexRange& r) {
  if (IsListpack(v)) return OfListpack(v, ds::ZlFirstInLexRange(*ZsetListpackRef(v), r));
  return OfNode(SkiplistOf(v)->FirstInLexRange(r));
}

ZsetCursor ZsetCursor::LastInLexRange(const Value& v, const ds::ZLexRange& r) {
  if (IsListpack(v)) return OfListpack(v, ds::ZlLastInLexRange(*ZsetListpackRef(v), r));
  return OfNode(SkiplistOf(v)->LastInLexRange(r));
}

void ZsetCursor::Next() {
  if (lp_ != nullptr) {
    LpView lp(lp_);
    pos_ = ds::ZlNext(lp.lp, pos_);
  } else {
    node_ = node_->next();
  }
}

void ZsetCursor::Prev() {
  if (lp_ != nullptr) {
    LpView lp(lp_);
    pos_ = ds::ZlPrev(lp.lp, pos_);
  } else {
    node_ = node_->prev();
  }
}

std::string_view ZsetCursor::member() {
  if (lp_ != nullptr) {
    LpView lp(lp_);
    return lp.lp.Get(pos_).View(buf_);
  }
  return node_->member();
}

double ZsetCursor::score() const {
  if (lp_ != nullptr) {
    LpView lp(lp_);
    return ds::ZlScoreAt(lp.lp, lp.lp.Next(pos_));
  }
  return node_->score();
}

}  // namespace ringkv::core

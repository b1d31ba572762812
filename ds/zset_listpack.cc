#include "ds/zset_listpack.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "ds/numconv.h"

namespace ringkv::ds {

namespace {

constexpr ZlPos kNoPos = Listpack::kNoPos;

// A member entry as text (ints as their digits, into buf), for lex comparisons.
std::string_view MemberText(const Listpack& lp, ZlPos p, char* buf) { return lp.Get(p).View(buf); }

}  // namespace

std::string_view ZlScoreText(double score, char* buf) {
  // Redis's double2ll: an integral value within +-LLONG_MAX/2 becomes an int entry (written as its digits,
  // which Listpack encodes as an int). -0 passes too (-0 == 0), so it is stored as 0.
  constexpr double kLimit = static_cast<double>(INT64_MAX / 2);
  if (score >= -kLimit && score <= kLimit) {
    const auto ll = static_cast<int64_t>(score);
    if (static_cast<double>(ll) == score) return {buf, Int64ToChars(ll, buf)};
  }
  if (std::isinf(score)) return score > 0 ? std::string_view("inf") : std::string_view("-inf");
  // d2string: integers below 2^52 are caught above, so what is left prints with "%.17g".
  const int n = std::snprintf(buf, kZlScoreBufBytes, "%.17g", score);
  return {buf, static_cast<size_t>(n)};
}

double ZlScoreAt(const Listpack& lp, ZlPos score_pos) {
  const Listpack::Entry e = lp.Get(score_pos);
  if (e.is_int) return static_cast<double>(e.int_value);
  // Redis's zzlStrtod: strtod of the first 127 bytes.
  char buf[128];
  const size_t n = e.str.size() < sizeof(buf) - 1 ? e.str.size() : sizeof(buf) - 1;
  std::memcpy(buf, e.str.data(), n);
  buf[n] = '\0';
  return std::strtod(buf, nullptr);
}

ZlPos ZlFind(const Listpack& lp, std::string_view member, double* score) {
  const ZlPos p = lp.Find(lp.First(), member, 1);
  if (p != kNoPos && score != nullptr) *score = ZlScoreAt(lp, lp.Next(p));
  return p;
}

void ZlAppend(Listpack& lp, std::string_view member, double score) {
  char buf[kZlScoreBufBytes];
  lp.AppendBatch({member, ZlScoreText(score, buf)});
}

void ZlInsert(Listpack& lp, std::string_view member, double score) {
  char mbuf[Listpack::kIntBufBytes];
  for (ZlPos e = lp.First(); e != kNoPos;) {
    const ZlPos s = lp.Next(e);
    const double cur = ZlScoreAt(lp, s);
    if (cur > score || (cur == score && CompareMembers(MemberText(lp, e, mbuf), member) > 0)) {
      char buf[kZlScoreBufBytes];
      lp.InsertBatch(e, {member, ZlScoreText(score, buf)}, Listpack::Where::kBefore);
      return;
    }
    e = lp.Next(s);
  }
  ZlAppend(lp, member, score);
}

ZlPos ZlDelete(Listpack& lp, ZlPos member_pos) { return lp.DeleteRangeWithEntry(member_pos, 2); }

namespace {

bool IsInRange(const Listpack& lp, const ZScoreRange& r) {
  if (r.Empty()) return false;
  const ZlPos last = lp.Seek(-1);
  if (last == kNoPos || !r.GteMin(ZlScoreAt(lp, last))) return false;
  return r.LteMax(ZlScoreAt(lp, lp.Seek(1)));
}

bool IsInLexRange(const Listpack& lp, const ZLexRange& r) {
  if (r.Empty()) return false;
  char buf[Listpack::kIntBufBytes];
  const ZlPos last = lp.Seek(-2);
  if (last == kNoPos || !r.GteMin(MemberText(lp, last, buf))) return false;
  return r.LteMax(MemberText(lp, lp.First(), buf));
}

}  // namespace

ZlPos ZlFirstInRange(const Listpack& lp, const ZScoreRange& r) {
  if (!IsInRange(lp, r)) return kNoPos;
  for (ZlPos e = lp.First(); e != kNoPos; e = ZlNext(lp, e)) {
    const double score = ZlScoreAt(lp, lp.Next(e));
    if (r.GteMin(score)) return r.LteMax(score) ? e : kNoPos;
  }
  return kNoPos;
}

ZlPos ZlLastInRange(const Listpack& lp, const ZScoreRange& r) {
  if (!IsInRange(lp, r)) return kNoPos;
  for (ZlPos e = lp.Seek(-2); e != kNoPos; e = ZlPrev(lp, e)) {
    const double score = ZlScoreAt(lp, lp.Next(e));
    if (r.LteMax(score)) return r.GteMin(score) ? e : kNoPos;
  }
  return kNoPos;
}

ZlPos ZlFirstInLexRange(const Listpack& lp, const ZLexRange& r) {
  if (!IsInLexRange(lp, r)) return kNoPos;
  char buf[Listpack::kIntBufBytes];
  for (ZlPos e = lp.First(); e != kNoPos; e = ZlNext(lp, e)) {
    const std::string_view m = MemberText(lp, e, buf);
    if (r.GteMin(m)) return r.LteMax(m) ? e : kNoPos;
  }
  return kNoPos;
}

ZlPos ZlLastInLexRange(const Listpack& lp, const ZLexRange& r) {
  if (!IsInLexRange(lp, r)) return kNoPos;
  char buf[Listpack::kIntBufBytes];
  for (ZlPos e = lp.Seek(-2); e != kNoPos; e = ZlPrev(lp, e)) {
    const std::string_view m = MemberText(lp, e, buf);
    if (r.LteMax(m)) return r.GteMin(m) ? e : kNoPos;
  }
  return kNoPos;
}

size_t ZlDeleteRangeByScore(Listpack& lp, const ZScoreRange& r) {
  ZlPos e = ZlFirstInRange(lp, r);
  size_t n = 0;
  while (e != kNoPos && r.LteMax(ZlScoreAt(lp, lp.Next(e)))) {
    e = lp.DeleteRangeWithEntry(e, 2);
    ++n;
  }
  return n;
}

size_t ZlDeleteRangeByLex(Listpack& lp, const ZLexRange& r) {
  ZlPos e = ZlFirstInLexRange(lp, r);
  size_t n = 0;
  char buf[Listpack::kIntBufBytes];
  while (e != kNoPos && r.LteMax(MemberText(lp, e, buf))) {
    e = lp.DeleteRangeWithEntry(e, 2);
    ++n;
  }
  return n;
}

size_t ZlDeleteRangeByRank(Listpack& lp, uint32_t start, uint32_t end) {
  const uint32_t num = end - start + 1;
  lp.DeleteRange(int64_t{2} * start, 2 * num);
  return num;
}

std::string ZlCheckOrder(const Listpack& lp) {
  if (lp.Length() % 2 != 0) return "odd number of entries";
  char a[Listpack::kIntBufBytes], b[Listpack::kIntBufBytes];
  ZlPos prev = kNoPos;
  double prev_score = 0;
  for (ZlPos e = lp.First(); e != kNoPos; e = ZlNext(lp, e)) {
    const double score = ZlScoreAt(lp, lp.Next(e));
    if (std::isnan(score)) return "NaN score";
    if (prev != kNoPos) {
      if (prev_score > score) return "scores out of order";
      if (prev_score == score && CompareMembers(MemberText(lp, prev, a), MemberText(lp, e, b)) >= 0) {
        return "members out of order";
      }
    }
    prev = e;
    prev_score = score;
  }
  return "";
}

}  // namespace ringkv::ds

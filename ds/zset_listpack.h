// The "listpack" encoding of the sorted set type: member and score as two consecutive listpack entries,
// pairs sorted by (score, member bytes), in Redis 7.0's exact bytes (its zzl* functions), so an RDB writer
// copies the block as it is. A score that is an integer of at most 2^62 in magnitude is an int entry (Redis's
// double2ll), any other is its "%.17g" text ("inf", "-inf", "1.5"); -0 is therefore stored as the int 0.
//
// Positions are ds::Listpack positions of a pair's MEMBER entry; the score is the entry after it. Every
// function keeps the order invariant (pairs sorted, members distinct, no NaN score) when its preconditions
// hold. Pure functions on a caller-owned Listpack; views into it are valid until its next mutation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ds/listpack.h"
#include "ds/zset.h"

namespace ringkv::ds {

using ZlPos = Listpack::Pos;

// Bytes a score needs as text: "%.17g" of a double is at most 24 characters.
inline constexpr size_t kZlScoreBufBytes = 32;
// The entry text Redis writes for score into buf (kZlScoreBufBytes): integer digits when double2ll accepts
// it, else "%.17g" / "inf" / "-inf". score must not be NaN.
std::string_view ZlScoreText(double score, char* buf);
// The score stored at the score entry p (Redis's zzlGetScore: strtod of at most 127 bytes for a string).
double ZlScoreAt(const Listpack& lp, ZlPos score_pos);

inline uint32_t ZlLength(const Listpack& lp) { return lp.Length() / 2; }
// The member entry of a pair's score position and the other way round.
inline ZlPos ZlScorePos(const Listpack& lp, ZlPos member_pos) { return lp.Next(member_pos); }
// The member position of the next / previous pair, kNoPos at the end.
inline ZlPos ZlNext(const Listpack& lp, ZlPos member_pos) {
  const ZlPos s = lp.Next(member_pos);
  return lp.Next(s);
}
inline ZlPos ZlPrev(const Listpack& lp, ZlPos member_pos) {
  const ZlPos s = lp.Prev(member_pos);
  return s == Listpack::kNoPos ? Listpack::kNoPos : lp.Prev(s);
}

// The member position of `member`, with its score in *score (may be null), or kNoPos.
ZlPos ZlFind(const Listpack& lp, std::string_view member, double* score);
// Inserts a pair whose member is absent, at its place in the order (Redis's zzlInsert).
void ZlInsert(Listpack& lp, std::string_view member, double score);
// Appends a pair after every other (the caller knows it sorts last: conversions, ordered copies).
void ZlAppend(Listpack& lp, std::string_view member, double score);
// Deletes the pair at member_pos; returns the member position of the pair after it (kNoPos at the end).
ZlPos ZlDelete(Listpack& lp, ZlPos member_pos);

// First / last pair in the range, or kNoPos (Redis's zzlFirstInRange ...: a walk from the near end).
ZlPos ZlFirstInRange(const Listpack& lp, const ZScoreRange& r);
ZlPos ZlLastInRange(const Listpack& lp, const ZScoreRange& r);
ZlPos ZlFirstInLexRange(const Listpack& lp, const ZLexRange& r);
ZlPos ZlLastInLexRange(const Listpack& lp, const ZLexRange& r);

// Delete the pairs in the range; return how many went.
size_t ZlDeleteRangeByScore(Listpack& lp, const ZScoreRange& r);
size_t ZlDeleteRangeByLex(Listpack& lp, const ZLexRange& r);
// 0-based pair ranks, both inclusive, start <= end < length.
size_t ZlDeleteRangeByRank(Listpack& lp, uint32_t start, uint32_t end);

// Whether the pairs are sorted, members distinct, scores not NaN: "" or the first problem. For tests and
// for RESTORE's deep validation later.
std::string ZlCheckOrder(const Listpack& lp);

}  // namespace ringkv::ds

// Longest common subsequence for the LCS command, computed exactly as Redis 7.0's lcsCommand does so that
// ties resolve the same way: the same LCS string, and the same IDX match ranges in the same order.
//
// How it works: a (len_a+1) x (len_b+1) table of uint32 where cell (i, j) is the LCS length of a[0..i) and
// b[0..j), filled row by row. A walk back from (len_a, len_b) then collects the LCS: on equal bytes it takes
// the byte and steps diagonally; otherwise it steps up (i-1) when that cell is strictly larger, else left
// (j-1). Consecutive diagonal steps form one match range; ranges are emitted when the run ends, so they come
// out from the end of the strings towards the start -- the order Redis replies with.
//
// Limits: the table costs 4 bytes per cell. Redis refuses, before allocating, when that exceeds
// proto-max-bulk-len ("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"), so the
// caller passes that limit in. LEN alone needs no walk and is computed with two rows, but the same limit
// applies, so LEN fails exactly when Redis's does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ringkv::ds {

// One IDX match: a[a_start..a_end] equals b[b_start..b_end] (inclusive), len bytes each.
struct LcsMatch {
  size_t a_start;
  size_t a_end;
  size_t b_start;
  size_t b_end;
  size_t len;
};

struct LcsResult {
  std::string lcs;                 // The subsequence itself; filled when want_string.
  size_t len = 0;                  // Its length (LEN, and IDX's "len"); always filled.
  std::vector<LcsMatch> matches;   // IDX ranges, longest-suffix first, after MINMATCHLEN filtering.
};

struct LcsOptions {
  bool want_string = true;   // Plain LCS reply.
  bool want_matches = false; // IDX.
  // MINMATCHLEN: ranges shorter than this are left out of matches (0 and 1 keep every range; Redis turns a
  // negative MINMATCHLEN into 0 before it gets here).
  uint64_t min_match_len = 0;
};

enum class LcsStatus {
  kOk,
  // Either input is 2^32-2 bytes or longer: "ERR String too long for LCS".
  kStringTooLong,
  // The table would exceed table_bytes_max:
  // "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len".
  kTableTooLarge,
  // The allocation failed: "ERR Insufficient memory, failed allocating transient memory for LCS".
  kAllocFailed,
};

// table_bytes_max is proto-max-bulk-len. Time O(len_a * len_b); memory (len_a+1)*(len_b+1)*4 bytes when the
// string or matches are wanted, 2*(len_b+1)*4 bytes for the length alone. On a status other than kOk,
// *out is left empty.
LcsStatus ComputeLcs(std::string_view a, std::string_view b, const LcsOptions& options, uint64_t table_bytes_max,
                     LcsResult* out);

}  // namespace ringkv::ds

// LCS: see lcs.h for the algorithm, the tie-breaking that must match Redis, and the memory limit.
#include "ds/lcs.h"

#include <algorithm>
#include <memory>
#include <new>

namespace ringkv::ds {
namespace {

// Redis stores lengths and indexes in uint32 and refuses inputs that could overflow them.
constexpr uint64_t kMaxInputBytes = UINT32_MAX - 1;

// Length-only LCS with two rows; the same recurrence as the full table, so the same length.
size_t LcsLength(std::string_view a, std::string_view b, uint32_t* prev, uint32_t* cur) {
  const size_t blen = b.size();
  std::fill(prev, prev + blen + 1, 0u);
  cur[0] = 0;
  for (size_t i = 1; i <= a.size(); ++i) {
    const char ai = a[i - 1];
    for (size_t j = 1; j <= blen; ++j) {
      cur[j] = ai == b[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
    }
    std::swap(prev, cur);
  }
  return prev[blen];  // After the last swap, prev holds row len_a.
}

}  // namespace

LcsStatus ComputeLcs(std::string_view a, std::string_view b, const LcsOptions& options, uint64_t table_bytes_max,
                     LcsResult* out) {
  *out = LcsResult();
  if (a.size() >= kMaxInputBytes || b.size() >= kMaxInputBytes) return LcsStatus::kStringTooLong;
  const size_t alen = a.size();
  const size_t blen = b.size();
  const size_t width = blen + 1;

  // Redis checks the full table's size whatever the options, before allocating anything. Both factors are
  // below 2^32, so the product fits in 64 bits; times 4 it can wrap, which Redis treats as an allocation
  // failure.
  const uint64_t cells = static_cast<uint64_t>(alen + 1) * width;
  const uint64_t table_bytes = cells * sizeof(uint32_t);
  if (table_bytes / sizeof(uint32_t) != cells) return LcsStatus::kAllocFailed;
  if (table_bytes > table_bytes_max) return LcsStatus::kTableTooLarge;

  if (!options.want_string && !options.want_matches) {
    std::unique_ptr<uint32_t[]> rows(new (std::nothrow) uint32_t[2 * width]);
    if (!rows) return LcsStatus::kAllocFailed;
    out->len = LcsLength(a, b, rows.get(), rows.get() + width);
    return LcsStatus::kOk;
  }

  std::unique_ptr<uint32_t[]> table(new (std::nothrow) uint32_t[cells]);
  if (!table) return LcsStatus::kAllocFailed;
  auto at = [&table, width](size_t i, size_t j) -> uint32_t& { return table[i * width + j]; };

  std::fill(table.get(), table.get() + width, 0u);  // Row 0: an empty prefix of a.
  for (size_t i = 1; i <= alen; ++i) {
    at(i, 0) = 0;
    const char ai = a[i - 1];
    for (size_t j = 1; j <= blen; ++j) {
      at(i, j) = ai == b[j - 1] ? at(i - 1, j - 1) + 1 : std::max(at(i - 1, j), at(i, j - 1));
    }
  }
  const size_t len = at(alen, blen);
  out->len = len;
  if (options.want_string) out->lcs.resize(len);

  // Walk back from the far corner. The run being built is [a_start..a_end] x [b_start..b_end].
  size_t fill = len;  // The next LCS byte found goes at lcs[fill - 1]: the walk finds them last to first.
  bool in_run = false;
  LcsMatch run{};
  size_t i = alen;
  size_t j = blen;
  while (i > 0 && j > 0) {
    bool close_run = false;
    if (a[i - 1] == b[j - 1]) {
      if (options.want_string) out->lcs[fill - 1] = a[i - 1];
      --fill;
      if (!in_run) {
        run = LcsMatch{i - 1, i - 1, j - 1, j - 1, 0};
        in_run = true;
      } else {
        // The previous step was diagonal (a non-diagonal step always closes the run), so this byte sits
        // right before the run in both strings and simply extends it.
        --run.a_start;
        --run.b_start;
      }
      // A run touching the start of either string cannot grow further; the loop is about to end.
      if (run.a_start == 0 || run.b_start == 0) close_run = true;
      --i;
      --j;
    } else {
      // Redis's tie-break: go up only when strictly longer, otherwise left.
      if (at(i - 1, j) > at(i, j - 1)) {
        --i;
      } else {
        --j;
      }
      close_run = in_run;
    }
    if (close_run) {
      run.len = run.a_end - run.a_start + 1;
      if (options.want_matches && (options.min_match_len == 0 || run.len >= options.min_match_len)) {
        out->matches.push_back(run);
      }
      in_run = false;
    }
  }
  return LcsStatus::kOk;
}

}  // namespace ringkv::ds

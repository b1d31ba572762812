// Arguments and replies of the per-key SCAN commands (SSCAN, and HSCAN/ZSCAN when they come): the cursor as
// Redis's parseScanCursorOrReply reads it, the MATCH/COUNT options as its scanGenericCommand does for a
// key's collection (TYPE is SCAN's alone: a syntax error here), and the two-element reply.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/context.h"

namespace ringkv::core {

// The cursor, with strtoul's laxness as in Redis ("" is 0, "+5" is 5, "-1" wraps to 2^64-1); replies
// "ERR invalid cursor" and returns false otherwise.
bool ScanCursorOrReply(CommandContext& ctx, std::string_view arg, uint64_t* cursor);

struct ScanOptions {
  uint64_t count = 10;  // Redis's default COUNT
  std::string_view pattern;
  bool use_pattern = false;  // false for no MATCH and for MATCH *, which Redis does not even apply
};
// MATCH and COUNT from argv[first] on, any number of times, the last one winning; COUNT below 1, an unknown
// word or a missing value is a syntax error, a non-integer COUNT Redis's integer error. Replies and returns
// false on error.
bool ScanOptionsOrReply(CommandContext& ctx, size_t first, ScanOptions* opts);

// [cursor, [elements...]], the cursor as an unsigned decimal bulk string.
void ReplyScan(CommandContext& ctx, uint64_t cursor, const std::vector<std::string_view>& elements);
// Redis's shared.emptyscan: cursor 0 and no elements (a missing key).
void ReplyEmptyScan(CommandContext& ctx);

}  // namespace ringkv::core

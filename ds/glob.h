// Glob-style matching with Redis 7.0's exact semantics (util.c stringmatchlen), for KEYS, SCAN MATCH,
// PSUBSCRIBE, CONFIG GET, ACL key and channel patterns. Pure function: no allocation, no server state.
//
// The pattern language, as Redis defines it (quirks included, because clients depend on them):
//   *        any run of bytes, including none, but see "empty subject" below
//   ?        exactly one byte
//   [abc]    one byte from the set; [^abc] one byte not in it; [a-z] a range, reversed ranges ([z-a]) work;
//            a '\' inside brackets escapes the next byte (compared case-sensitively even when nocase)
//   \x       the byte x literally; a trailing lone '\' matches a '\'
//   unterminated "[abc" behaves as if closed at the end of the pattern; "[]" never matches; "[^]" is any byte
//   Bytes compare as signed chars in ranges (the x86-64 char of Redis's build), so "[a-\xff]" is the range
//   -1..'a'. nocase folds ASCII letters only (Redis runs in the C locale for ctype).
//
// Empty subject: Redis's loop stops as soon as the subject is exhausted, so "*" does NOT match "" (while ""
// matches ""). KEYS and SCAN never see this because they skip matching when the pattern is exactly "*";
// callers that want that shortcut must take it themselves, as Redis does.
//
// Cost: a '*' that has scanned the whole remaining subject without a match tells every enclosing '*' to
// stop trying longer matches (Redis 7.0's skipLongerMatches), which keeps "a*a*a*...b" against "aaaa..."
// polynomial instead of exponential. Patterns nesting more than 1000 '*' recursions fail to match, as in
// Redis 7.0.9+ (the guard against stack exhaustion); recursion depth is therefore bounded by 1001 frames.
#pragma once

#include <string_view>

namespace ringkv::ds {

bool GlobMatch(std::string_view pattern, std::string_view str, bool nocase = false);

}  // namespace ringkv::ds

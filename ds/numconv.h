// Number <-> text conversions with Redis 7.0's exact acceptance rules and output formats (util.c string2ll,
// string2ull, string2ld, string2d, ll2string, ld2string, and the "%.17g" used for double replies). Every
// command that parses or prints a number goes through here, so ringkv accepts and prints what Redis does.
// Pure functions; only the std::string-returning ones and the float parsers (for inputs of 128 bytes or
// more) allocate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ringkv::ds {

// Longest decimal int64 ("-9223372036854775808"); Redis rejects longer input outright (LONG_STR_SIZE - 1).
inline constexpr size_t kInt64MaxChars = 20;
// Buffer size for Int64ToChars / Uint64ToChars (20 digits or sign + 19 digits, plus a NUL).
inline constexpr size_t kInt64BufBytes = 21;
// Redis's MAX_LONG_DOUBLE_CHARS: string2ld rejects input this long or longer, and ld2string output must fit
// in it (including the NUL) or the conversion fails.
inline constexpr size_t kLongDoubleMaxChars = 5 * 1024;

// Redis string2ll: optional '-', then digits with no leading zero ("0" itself is fine). Rejects empty input,
// '+', spaces anywhere, "-0", "-", overflow, and anything over 20 bytes. On false *out is untouched.
bool StringToInt64(std::string_view s, int64_t* out);

// Redis string2ull (stream IDs use it): first tries StringToInt64 (a negative result is rejected), then
// falls back to strtoull, which is laxer: leading whitespace, '+', leading zeros and even a '-' after
// leading whitespace (" -1" wraps to 2^64-1) are accepted, as in Redis. The whole view must be consumed;
// Redis applies it to a C string, so callers reproducing that should pass the bytes before the first NUL.
bool StringToUint64(std::string_view s, uint64_t* out);

// Redis string2ld (INCRBYFLOAT, HINCRBYFLOAT): strtold over the whole view. Rejects empty input, input of
// kLongDoubleMaxChars bytes or more, a leading space (any isspace byte), trailing bytes (including an
// embedded NUL), overflow to +-inf and underflow to zero, and NaN. Accepts what strtold accepts otherwise:
// "+1.5", ".5", "5.", "0x1p3", "inf", "infinity" (the caller rejects an infinite result).
bool StringToLongDouble(std::string_view s, long double* out);

// Redis string2d (getDoubleFromObject: ZADD and ZINCRBY scores, GEO coordinates, ...): strtod with the same
// rejections as StringToLongDouble (no length cap). Not for ZRANGEBYSCORE bounds: Redis parses those with a
// laxer bare strtod. "inf", "+inf", "-inf", "infinity" are accepted;
// "nan" is not; "1e-400" (underflow to zero) is not, "1e-310" (subnormal) is.
bool StringToDouble(std::string_view s, double* out);

// Decimal text of v into buf, which must hold kInt64BufBytes (a NUL is written after the digits). Returns
// the length without the NUL. Same text as Redis ll2string / ull2string.
size_t Int64ToChars(int64_t v, char* buf);
size_t Uint64ToChars(uint64_t v, char* buf);
std::string Int64ToString(int64_t v);

// True when s would be stored as OBJECT ENCODING int by Redis's tryObjectEncoding: at most 20 bytes and
// accepted by StringToInt64. Because StringToInt64 refuses every non-canonical spelling, this also means
// s is exactly how Redis prints *v, so the string can be dropped and regenerated. v may be null.
bool IsInt64String(std::string_view s, int64_t* v);

// Redis ld2string. humanfriendly (LD_STR_HUMAN, INCRBYFLOAT's stored value) prints "%.17Lf", drops trailing
// zeros and then a trailing '.', and turns "-0" into "0"; otherwise (LD_STR_AUTO) "%.17Lg". Infinities
// print as "inf" / "-inf" (NaN prints as the C library does). Returns "" when the text would not fit in
// kLongDoubleMaxChars - 1 bytes, where Redis's conversion fails.
std::string LongDoubleToString(long double v, bool humanfriendly);

// The text of a double as Redis 7.0 replies with it (addReplyDouble, ZSCORE, RESP3 ',' payload): "%.17g",
// so 0.1 is "0.10000000000000001", 1e21 is "1e+21", -0.0 is "-0"; "inf", "-inf", and "nan" for any NaN.
// The same text as Redis's d2string (listpack scores), which differs from "%.17g" only for NaN.
std::string DoubleToString(double v);

}  // namespace ringkv::ds

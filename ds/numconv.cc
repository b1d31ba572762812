// Number conversions: see numconv.h for the Redis rules each function reproduces.
#include "ds/numconv.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace ringkv::ds {
namespace {

// "00" "01" ... "99": two digits per table lookup halves the divisions when printing integers.
constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

size_t DecimalDigits(uint64_t v) {
  size_t n = 1;
  while (v >= 10000) {
    v /= 10000;
    n += 4;
  }
  if (v >= 1000) return n + 3;
  if (v >= 100) return n + 2;
  if (v >= 10) return n + 1;
  return n;
}

// Writes the digits of v so that the last one lands at end[-1].
void WriteDigitsBackward(uint64_t v, char* end) {
  while (v >= 100) {
    const size_t pair = static_cast<size_t>(v % 100) * 2;
    v /= 100;
    *--end = kDigitPairs[pair + 1];
    *--end = kDigitPairs[pair];
  }
  if (v >= 10) {
    const size_t pair = static_cast<size_t>(v) * 2;
    *--end = kDigitPairs[pair + 1];
    *--end = kDigitPairs[pair];
  } else {
    *--end = static_cast<char>('0' + v);
  }
}

// The C locale's isspace, which is what Redis's check means (it never sets LC_CTYPE).
bool IsCSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// strtod/strtold need a NUL-terminated string and the view may not be one (or may contain a NUL, which must
// then stop the parse short of the end, as in Redis). Short inputs use the stack.
class CString {
 public:
  explicit CString(std::string_view s) {
    char* dst = stack_;
    if (s.size() >= sizeof(stack_)) {
      heap_ = std::make_unique<char[]>(s.size() + 1);
      dst = heap_.get();
    }
    if (!s.empty()) std::memcpy(dst, s.data(), s.size());
    dst[s.size()] = '\0';
    ptr_ = dst;
  }
  CString(const CString&) = delete;  // ptr_ may point into this object.
  CString& operator=(const CString&) = delete;
  const char* get() const { return ptr_; }

 private:
  char stack_[128];
  std::unique_ptr<char[]> heap_;
  const char* ptr_;
};

}  // namespace

bool StringToInt64(std::string_view s, int64_t* out) {
  const size_t n = s.size();
  if (n == 0 || n > kInt64MaxChars) return false;
  if (n == 1 && s[0] == '0') {
    *out = 0;
    return true;
  }
  size_t i = 0;
  const bool negative = s[0] == '-';
  if (negative && ++i == n) return false;
  // No leading zero: this alone rejects "-0", "007" and makes the accepted text canonical.
  if (s[i] < '1' || s[i] > '9') return false;
  uint64_t v = 0;
  for (; i < n; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return false;
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  if (negative) {
    // |INT64_MIN| is one more than INT64_MAX.
    if (v > static_cast<uint64_t>(INT64_MAX) + 1) return false;
    *out = static_cast<int64_t>(0 - v);
  } else {
    if (v > static_cast<uint64_t>(INT64_MAX)) return false;
    *out = static_cast<int64_t>(v);
  }
  return true;
}

bool StringToUint64(std::string_view s, uint64_t* out) {
  int64_t ll;
  if (StringToInt64(s, &ll)) {
    if (ll < 0) return false;
    *out = static_cast<uint64_t>(ll);
    return true;
  }
  if (s.empty()) return false;
  CString cs(s);
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(cs.get(), &end, 10);
  if (errno == EINVAL || errno == ERANGE) return false;
  if (end != cs.get() + s.size()) return false;
  *out = v;
  return true;
}

bool StringToLongDouble(std::string_view s, long double* out) {
  if (s.empty() || s.size() >= kLongDoubleMaxChars) return false;
  if (IsCSpace(s[0])) return false;
  CString cs(s);
  char* end = nullptr;
  errno = 0;
  const long double v = std::strtold(cs.get(), &end);
  if (end != cs.get() + s.size()) return false;
  if (errno == ERANGE && (std::isinf(v) || v == 0)) return false;
  if (errno == EINVAL || std::isnan(v)) return false;
  *out = v;
  return true;
}

bool StringToDouble(std::string_view s, double* out) {
  if (s.empty() || IsCSpace(s[0])) return false;
  CString cs(s);
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(cs.get(), &end);
  if (end != cs.get() + s.size()) return false;
  // Redis rejects an overflow to +-HUGE_VAL and an underflow all the way to zero, but keeps a subnormal
  // result even though strtod flags it with ERANGE too.
  if (errno == ERANGE && (std::isinf(v) || v == 0)) return false;
  if (std::isnan(v)) return false;
  *out = v;
  return true;
}

size_t Uint64ToChars(uint64_t v, char* buf) {
  const size_t n = DecimalDigits(v);
  WriteDigitsBackward(v, buf + n);
  buf[n] = '\0';
  return n;
}

size_t Int64ToChars(int64_t v, char* buf) {
  if (v >= 0) return Uint64ToChars(static_cast<uint64_t>(v), buf);
  // 0 - (uint64)v is |v| even for INT64_MIN, where negating the signed value would overflow.
  buf[0] = '-';
  return 1 + Uint64ToChars(0 - static_cast<uint64_t>(v), buf + 1);
}

std::string Int64ToString(int64_t v) {
  char buf[kInt64BufBytes];
  return std::string(buf, Int64ToChars(v, buf));
}

bool IsInt64String(std::string_view s, int64_t* v) {
  int64_t parsed;
  if (s.size() > kInt64MaxChars || !StringToInt64(s, &parsed)) return false;
  if (v != nullptr) *v = parsed;
  return true;
}

std::string LongDoubleToString(long double v, bool humanfriendly) {
  // Redis special-cases infinities because some libcs spell them differently.
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  // Most values fit the stack buffer; huge ones ("%.17Lf" of 1e4000 is ~4000 digits) are printed again into
  // one exactly sized. Past kLongDoubleMaxChars Redis's conversion fails ("no room"), and so does this one,
  // although "%.17Lf" of the largest finite long double (~4950 bytes) still fits.
  const char* fmt = humanfriendly ? "%.17Lf" : "%.17Lg";
  char small[128];
  const int n = std::snprintf(small, sizeof(small), fmt, v);
  if (n < 0 || static_cast<size_t>(n) + 1 > kLongDoubleMaxChars) return std::string();
  std::string out;
  if (static_cast<size_t>(n) < sizeof(small)) {
    out.assign(small, static_cast<size_t>(n));
  } else {
    out.resize(static_cast<size_t>(n));
    std::snprintf(out.data(), out.size() + 1, fmt, v);
  }
  if (humanfriendly) {
    // Trim the zeros "%.17Lf" pads with, then a bare '.', so 3.0 prints as "3" and 1.5 as "1.5".
    if (out.find('.') != std::string::npos) {
      while (out.back() == '0') out.pop_back();
      if (out.back() == '.') out.pop_back();
    }
    // 1/41 + -1/41 is -0 in long double arithmetic; Redis prints that as "0" (the "No negative zero" test).
    if (out == "-0") out = "0";
  }
  return out;
}

std::string DoubleToString(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  // Integers below 2^52 print identically under "%.17g" (at most 16 digits, never an exponent), so take the
  // cheaper integer path for them; -0.0 is excluded by the sign test and goes through snprintf ("-0").
  if (v > -4503599627370496.0 && v < 4503599627370496.0 && v == static_cast<double>(static_cast<int64_t>(v)) &&
      !(v == 0 && std::signbit(v))) {
    return Int64ToString(static_cast<int64_t>(v));
  }
  char buf[32];
  const int n = std::snprintf(buf, sizeof(buf), "%.17g", v);
  return std::string(buf, static_cast<size_t>(n));
}

}  // namespace ringkv::ds

// Number conversions against Redis 7.0. Cases come from Redis's util.c self-tests, tests/unit/type/incr.tcl,
// and replies of a real redis-server 7.0.15 (INCRBYFLOAT from 0 by X stores LongDoubleToString(X, true);
// ZADD accepts exactly what StringToDouble accepts; ZSCORE prints DoubleToString).
#include "ds/numconv.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>

namespace ringkv::ds {
namespace {

using namespace std::string_literals;

bool ParsesInt(std::string_view s, int64_t expect) {
  int64_t v = 12345;
  return StringToInt64(s, &v) && v == expect;
}
bool RejectsInt(std::string_view s) {
  int64_t v = 12345;
  return !StringToInt64(s, &v) && v == 12345;
}

TEST(NumconvTest, StringToInt64MatchesUtilSelfTest) {
  EXPECT_TRUE(RejectsInt("+1"));
  EXPECT_TRUE(RejectsInt(" 1"));
  EXPECT_TRUE(RejectsInt("1 "));
  EXPECT_TRUE(RejectsInt("01"));
  EXPECT_TRUE(ParsesInt("-1", -1));
  EXPECT_TRUE(ParsesInt("0", 0));
  EXPECT_TRUE(ParsesInt("1", 1));
  EXPECT_TRUE(ParsesInt("99", 99));
  EXPECT_TRUE(ParsesInt("-99", -99));
  EXPECT_TRUE(ParsesInt("-9223372036854775808", INT64_MIN));
  EXPECT_TRUE(RejectsInt("-9223372036854775809"));
  EXPECT_TRUE(ParsesInt("9223372036854775807", INT64_MAX));
  EXPECT_TRUE(RejectsInt("9223372036854775808"));
}

TEST(NumconvTest, StringToInt64RejectsEverythingNonCanonical) {
  EXPECT_TRUE(RejectsInt(""));
  EXPECT_TRUE(RejectsInt("-"));
  EXPECT_TRUE(RejectsInt("-0"));
  EXPECT_TRUE(RejectsInt("00"));
  EXPECT_TRUE(RejectsInt("-01"));
  EXPECT_TRUE(RejectsInt("1a"));
  EXPECT_TRUE(RejectsInt("0x10"));
  EXPECT_TRUE(RejectsInt("1.0"));
  EXPECT_TRUE(RejectsInt("1\0"s));
  EXPECT_TRUE(RejectsInt("18446744073709551616"));    // 2^64: overflows the accumulator too.
  EXPECT_TRUE(RejectsInt("99999999999999999999"));    // 20 digits, past 2^64.
  EXPECT_TRUE(RejectsInt("123456789012345678901"));   // Over 20 bytes.
  EXPECT_TRUE(RejectsInt("-92233720368547758080"));   // 21 bytes.
}

TEST(NumconvTest, StringToInt64RoundTripsRandomValues) {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 20000; ++i) {
    const int64_t v = static_cast<int64_t>(rng()) >> (rng() % 64);
    const std::string s = std::to_string(v);
    int64_t back = 0;
    ASSERT_TRUE(StringToInt64(s, &back)) << s;
    ASSERT_EQ(back, v);
    ASSERT_EQ(Int64ToString(v), s);
  }
}

TEST(NumconvTest, Int64ToCharsEdges) {
  char buf[kInt64BufBytes];
  EXPECT_EQ(Int64ToChars(INT64_MIN, buf), 20u);
  EXPECT_STREQ(buf, "-9223372036854775808");
  EXPECT_EQ(Int64ToChars(INT64_MAX, buf), 19u);
  EXPECT_STREQ(buf, "9223372036854775807");
  EXPECT_EQ(Int64ToChars(0, buf), 1u);
  EXPECT_STREQ(buf, "0");
  EXPECT_EQ(Int64ToChars(-7, buf), 2u);
  EXPECT_STREQ(buf, "-7");
  EXPECT_EQ(Uint64ToChars(UINT64_MAX, buf), 20u);
  EXPECT_STREQ(buf, "18446744073709551615");
  // Every digit-count boundary.
  int64_t p = 1;
  for (int digits = 1; digits <= 18; ++digits, p *= 10) {
    EXPECT_EQ(Int64ToString(p), std::to_string(p));
    EXPECT_EQ(Int64ToString(p - 1), std::to_string(p - 1));
    EXPECT_EQ(Int64ToString(-p), std::to_string(-p));
  }
}

TEST(NumconvTest, StringToUint64FollowsString2ull) {
  uint64_t v = 0;
  EXPECT_TRUE(StringToUint64("0", &v));
  EXPECT_EQ(v, 0u);
  EXPECT_TRUE(StringToUint64("18446744073709551615", &v));
  EXPECT_EQ(v, UINT64_MAX);
  EXPECT_FALSE(StringToUint64("18446744073709551616", &v));
  EXPECT_FALSE(StringToUint64("-1", &v));  // string2ll accepts it, then the sign is refused.
  EXPECT_FALSE(StringToUint64("", &v));
  EXPECT_FALSE(StringToUint64("1x", &v));
  EXPECT_FALSE(StringToUint64("1\0"s, &v));
  // The strtoull fallback is lax, as in Redis.
  EXPECT_TRUE(StringToUint64("007", &v));
  EXPECT_EQ(v, 7u);
  EXPECT_TRUE(StringToUint64("+5", &v));
  EXPECT_EQ(v, 5u);
  EXPECT_TRUE(StringToUint64(" -1", &v));
  EXPECT_EQ(v, UINT64_MAX);
}

TEST(NumconvTest, IsInt64StringIsTheIntEncodingCheck) {
  int64_t v = 0;
  EXPECT_TRUE(IsInt64String("12345", &v));
  EXPECT_EQ(v, 12345);
  EXPECT_TRUE(IsInt64String("-9223372036854775808", nullptr));
  EXPECT_FALSE(IsInt64String("012", &v));
  EXPECT_FALSE(IsInt64String("-0", &v));
  EXPECT_FALSE(IsInt64String("+1", &v));
  EXPECT_FALSE(IsInt64String(" 1", &v));
  EXPECT_FALSE(IsInt64String("1.0", &v));
  EXPECT_FALSE(IsInt64String("", &v));
}

// INCRBYFLOAT from 0 as the command computes it: the stored text, "<invalid>" where the server replies
// "ERR value is not a valid float", "<nan-or-inf>" where it replies "ERR increment would produce NaN or Infinity".
std::string IncrByFloatFromZero(std::string_view incr) {
  long double v = 0;
  if (!StringToLongDouble(incr, &v)) return "<invalid>";
  v = 0.0L + v;
  if (std::isnan(v) || std::isinf(v)) return "<nan-or-inf>";
  return LongDoubleToString(v, /*humanfriendly=*/true);
}

TEST(NumconvTest, IncrByFloatParsingMatchesRealServer) {
  EXPECT_EQ(IncrByFloatFromZero(""), "<invalid>");
  EXPECT_EQ(IncrByFloatFromZero(" 1"), "<invalid>");
  EXPECT_EQ(IncrByFloatFromZero("\t1"), "<invalid>");
  EXPECT_EQ(IncrByFloatFromZero("1 "), "<invalid>");
  EXPECT_EQ(IncrByFloatFromZero("nan"), "<invalid>");
  EXPECT_EQ(IncrByFloatFromZero("1e-5000"), "<invalid>");  // Underflow to zero.
  EXPECT_EQ(IncrByFloatFromZero("1e5000"), "<invalid>");   // Overflow.
  EXPECT_EQ(IncrByFloatFromZero("1\0"s), "<invalid>");     // incr.tcl "string to double with null terminator".
  EXPECT_EQ(IncrByFloatFromZero("inf"), "<nan-or-inf>");
  EXPECT_EQ(IncrByFloatFromZero("-inf"), "<nan-or-inf>");
  EXPECT_EQ(IncrByFloatFromZero("+inf"), "<nan-or-inf>");
  EXPECT_EQ(IncrByFloatFromZero("infinity"), "<nan-or-inf>");
  EXPECT_EQ(IncrByFloatFromZero("0x10"), "16");
  EXPECT_EQ(IncrByFloatFromZero("0x1p3"), "8");
  EXPECT_EQ(IncrByFloatFromZero("1e-4940"), "0");  // Subnormal: accepted despite ERANGE.
  EXPECT_EQ(IncrByFloatFromZero("1.5"), "1.5");
  EXPECT_EQ(IncrByFloatFromZero("+1.5"), "1.5");
  EXPECT_EQ(IncrByFloatFromZero("1e3"), "1000");
  EXPECT_EQ(IncrByFloatFromZero(".5"), "0.5");
  EXPECT_EQ(IncrByFloatFromZero("5."), "5");
  EXPECT_EQ(IncrByFloatFromZero("-0"), "0");
  EXPECT_EQ(IncrByFloatFromZero("-0.0"), "0");
  EXPECT_EQ(IncrByFloatFromZero("3.0000000000000000001"), "3");
  EXPECT_EQ(IncrByFloatFromZero("10.50"), "10.5");
  EXPECT_EQ(IncrByFloatFromZero("0.1"), "0.1");
  EXPECT_EQ(IncrByFloatFromZero("-0.1"), "-0.1");
  EXPECT_EQ(IncrByFloatFromZero("1e-17"), "0.00000000000000001");
  EXPECT_EQ(IncrByFloatFromZero("1e-18"), "0");
  EXPECT_EQ(IncrByFloatFromZero("123456789012345678901234567890"), "123456789012345678899921813504");
  const std::string big = IncrByFloatFromZero("1e308");
  EXPECT_EQ(big.size(), 308u);
  EXPECT_EQ(big.substr(0, 24), "999999999999999999966858");
  const std::string huge = IncrByFloatFromZero("1e4000");
  EXPECT_EQ(huge.size(), 4000u);
  EXPECT_EQ(huge.substr(0, 24), "999999999999999999996546");
}

TEST(NumconvTest, StringToLongDoubleLengthCap) {
  long double v = 0;
  EXPECT_TRUE(StringToLongDouble(std::string(kLongDoubleMaxChars - 1, '1').replace(0, 2, "0."), &v));
  EXPECT_FALSE(StringToLongDouble(std::string(kLongDoubleMaxChars, '1').replace(0, 2, "0."), &v));
}

std::string IncrByFloat(std::string_view current, std::string_view incr) {
  long double a = 0, b = 0;
  if (!StringToLongDouble(current, &a) || !StringToLongDouble(incr, &b)) return "<invalid>";
  return LongDoubleToString(a + b, /*humanfriendly=*/true);
}

TEST(NumconvTest, IncrByFloatArithmeticMatchesRealServer) {
  EXPECT_EQ(IncrByFloat("1.1", "2.2"), "3.3");
  EXPECT_EQ(IncrByFloat("0.1", "0.2"), "0.3");
  EXPECT_EQ(IncrByFloat("5.0e3", "2.0e2"), "5200");
  EXPECT_EQ(IncrByFloat("17179869184", "1.5"), "17179869185.5");
  EXPECT_EQ(IncrByFloat("0", "1e-300"), "0");
  EXPECT_EQ(IncrByFloat("1", "-1e-20"), "1");
  EXPECT_EQ(IncrByFloat("-0.0", "-0"), "0");  // -0 + -0 is -0, printed "0".
  EXPECT_EQ(IncrByFloat("1", "-1.1"), "-0.1");  // incr.tcl "INCRBYFLOAT decrement".
  EXPECT_EQ(IncrByFloat("10", "0.5"), "10.5");  // incr.tcl "INCRBYFLOAT against non existing key" family.
  // incr.tcl "No negative zero": 1/41 then -1/41 stores "0".
  const long double third = 1.0L / 41;
  EXPECT_EQ(LongDoubleToString((0.0L + third) - third, true), "0");
}

TEST(NumconvTest, LongDoubleToStringModes) {
  EXPECT_EQ(LongDoubleToString(3.0L, true), "3");
  EXPECT_EQ(LongDoubleToString(3.0L, false), "3");
  EXPECT_EQ(LongDoubleToString(1.5L, false), "1.5");
  EXPECT_EQ(LongDoubleToString(0.1L, false), "0.1");
  EXPECT_EQ(LongDoubleToString(1.0L / 3, false), "0.33333333333333333");
  EXPECT_EQ(LongDoubleToString(1.0L / 3, true), "0.33333333333333333");
  EXPECT_EQ(LongDoubleToString(1e30L, false), "1e+30");
  EXPECT_EQ(LongDoubleToString(-0.0L, false), "-0");
  EXPECT_EQ(LongDoubleToString(-0.0L, true), "0");
  EXPECT_EQ(LongDoubleToString(std::numeric_limits<long double>::infinity(), true), "inf");
  EXPECT_EQ(LongDoubleToString(-std::numeric_limits<long double>::infinity(), false), "-inf");
  EXPECT_EQ(LongDoubleToString(-2.5L, true), "-2.5");
  // The largest long double still fits the 5 KiB limit in human form.
  const std::string max = LongDoubleToString(std::numeric_limits<long double>::max(), true);
  EXPECT_EQ(max.size(), 4933u);
}

bool ParsesDouble(std::string_view s, double expect) {
  double v = 0;
  return StringToDouble(s, &v) && (v == expect || (std::isnan(v) && std::isnan(expect)));
}
bool RejectsDouble(std::string_view s) {
  double v = 0;
  return !StringToDouble(s, &v);
}

TEST(NumconvTest, StringToDoubleMatchesZaddOnRealServer) {
  EXPECT_TRUE(RejectsDouble(""));
  EXPECT_TRUE(RejectsDouble(" 1"));
  EXPECT_TRUE(RejectsDouble("\t1"));
  EXPECT_TRUE(RejectsDouble("1 "));
  EXPECT_TRUE(RejectsDouble("nan"));
  EXPECT_TRUE(RejectsDouble("1e-400"));
  EXPECT_TRUE(RejectsDouble("1e400"));
  EXPECT_TRUE(RejectsDouble("1\0"s));
  EXPECT_TRUE(RejectsDouble("abc"));
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(ParsesDouble("inf", inf));
  EXPECT_TRUE(ParsesDouble("+inf", inf));
  EXPECT_TRUE(ParsesDouble("-inf", -inf));
  EXPECT_TRUE(ParsesDouble("infinity", inf));
  EXPECT_TRUE(ParsesDouble("0x10", 16));
  EXPECT_TRUE(ParsesDouble("+1.5", 1.5));
  EXPECT_TRUE(ParsesDouble("1e-310", 1e-310));  // Subnormal kept.
  EXPECT_TRUE(ParsesDouble("5e-324", 5e-324));
  double z = 1;
  EXPECT_TRUE(StringToDouble("-0", &z));
  EXPECT_TRUE(z == 0 && std::signbit(z));
}

TEST(NumconvTest, DoubleToStringMatchesZscoreOnRealServer) {
  EXPECT_EQ(DoubleToString(16), "16");
  EXPECT_EQ(DoubleToString(1.5), "1.5");
  EXPECT_EQ(DoubleToString(3), "3");
  EXPECT_EQ(DoubleToString(-3), "-3");
  EXPECT_EQ(DoubleToString(0.1), "0.10000000000000001");
  EXPECT_EQ(DoubleToString(1e16), "10000000000000000");
  EXPECT_EQ(DoubleToString(123456789012345678.0), "1.2345678901234568e+17");
  EXPECT_EQ(DoubleToString(4503599627370496.0), "4503599627370496");
  EXPECT_EQ(DoubleToString(4503599627370495.0), "4503599627370495");
  EXPECT_EQ(DoubleToString(1e-5), "1.0000000000000001e-05");
  EXPECT_EQ(DoubleToString(2.5e-7), "2.4999999999999999e-07");
  EXPECT_EQ(DoubleToString(1e21), "1e+21");
  EXPECT_EQ(DoubleToString(-1e21), "-1e+21");
  EXPECT_EQ(DoubleToString(0.000001), "9.9999999999999995e-07");
  EXPECT_EQ(DoubleToString(1e15), "1000000000000000");
  EXPECT_EQ(DoubleToString(1e17), "1e+17");
  EXPECT_EQ(DoubleToString(1e-310), "9.9999999999999694e-311");
  EXPECT_EQ(DoubleToString(5e-324), "4.9406564584124654e-324");
  EXPECT_EQ(DoubleToString(0.0), "0");
  EXPECT_EQ(DoubleToString(-0.0), "-0");  // ZINCRBY z -0 n on a new member replies "-0".
  EXPECT_EQ(DoubleToString(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(DoubleToString(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(DoubleToString(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(DoubleToString(-std::numeric_limits<double>::quiet_NaN()), "nan");
}

TEST(NumconvTest, DoubleToStringIntegerFastPathAgreesWithPrintf) {
  std::mt19937_64 rng(7);
  char buf[64];
  for (int i = 0; i < 20000; ++i) {
    const double v = static_cast<double>(static_cast<int64_t>(rng() >> (rng() % 64)) - (1LL << 40));
    std::snprintf(buf, sizeof(buf), "%.17g", v);
    ASSERT_EQ(DoubleToString(v), buf);
  }
  for (double v : {4503599627370495.0, -4503599627370495.0, 4503599627370497.0, 9007199254740993.0}) {
    std::snprintf(buf, sizeof(buf), "%.17g", v);
    EXPECT_EQ(DoubleToString(v), buf);
  }
}

}  // namespace
}  // namespace ringkv::ds

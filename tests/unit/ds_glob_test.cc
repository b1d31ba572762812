// GlobMatch against Redis 7.0's stringmatchlen. Expected values come from Redis's own tests (keyspace.tcl)
// and from KEYS replies of a real redis-server 7.0.15 over the same keys.
#include "ds/glob.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace ringkv::ds {
namespace {

using namespace std::string_literals;

std::vector<std::string> Filter(std::string_view pattern, const std::vector<std::string>& keys,
                                bool nocase = false) {
  std::vector<std::string> out;
  for (const auto& k : keys) {
    if (GlobMatch(pattern, k, nocase)) out.push_back(k);
  }
  return out;
}

TEST(GlobTest, KeyspaceTclKeysWithPattern) {
  const std::vector<std::string> keys = {"key_x", "key_y", "key_z", "foo_a", "foo_b", "foo_c"};
  EXPECT_EQ(Filter("foo*", keys), (std::vector<std::string>{"foo_a", "foo_b", "foo_c"}));
  EXPECT_EQ(Filter("*", keys), keys);
  EXPECT_EQ(Filter("key_?", keys), (std::vector<std::string>{"key_x", "key_y", "key_z"}));
  EXPECT_EQ(Filter("*_[ab]", keys), (std::vector<std::string>{"foo_a", "foo_b"}));
}

TEST(GlobTest, Literals) {
  EXPECT_TRUE(GlobMatch("hello", "hello"));
  EXPECT_FALSE(GlobMatch("hello", "hell"));
  EXPECT_FALSE(GlobMatch("hell", "hello"));
  EXPECT_FALSE(GlobMatch("hello", "Hello"));
  EXPECT_TRUE(GlobMatch("hello", "HeLLo", /*nocase=*/true));
  EXPECT_TRUE(GlobMatch("", ""));
  EXPECT_FALSE(GlobMatch("", "a"));
  // Binary-safe: NUL bytes are ordinary bytes in both pattern and subject.
  EXPECT_TRUE(GlobMatch("a\0b"s, "a\0b"s));
  EXPECT_FALSE(GlobMatch("a\0b"s, "a\0c"s));
  EXPECT_TRUE(GlobMatch("a?b", "a\0b"s));
}

TEST(GlobTest, Stars) {
  EXPECT_TRUE(GlobMatch("h*o", "hello"));
  EXPECT_TRUE(GlobMatch("h*o", "ho"));
  EXPECT_TRUE(GlobMatch("*llo", "hello"));
  EXPECT_TRUE(GlobMatch("he*", "he"));
  EXPECT_TRUE(GlobMatch("*e*l*o*", "hello"));
  EXPECT_FALSE(GlobMatch("h*x", "hello"));
  EXPECT_TRUE(GlobMatch("a**b", "ab"));
  EXPECT_TRUE(GlobMatch("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(GlobMatch("a*b*c", "aXbYbZ"));
}

TEST(GlobTest, StarDoesNotMatchEmptySubject) {
  // Redis's loop never runs on an empty subject, so only an empty pattern matches it. KEYS and SCAN only
  // list "" for the pattern "*" because they skip matching for exactly that pattern (real server:
  // KEYS * -> [""], KEYS "" -> [""], KEYS ** -> [], KEYS ? -> []).
  EXPECT_FALSE(GlobMatch("*", ""));
  EXPECT_FALSE(GlobMatch("**", ""));
  EXPECT_FALSE(GlobMatch("?", ""));
  EXPECT_TRUE(GlobMatch("", ""));
  // Trailing stars after the subject is used up are fine.
  EXPECT_TRUE(GlobMatch("a*", "a"));
  EXPECT_TRUE(GlobMatch("a***", "a"));
}

TEST(GlobTest, QuestionMark) {
  EXPECT_TRUE(GlobMatch("h?llo", "hello"));
  EXPECT_TRUE(GlobMatch("h?llo", "hallo"));
  EXPECT_FALSE(GlobMatch("h?llo", "hllo"));
  EXPECT_TRUE(GlobMatch("???", "abc"));
  EXPECT_FALSE(GlobMatch("???", "ab"));
}

TEST(GlobTest, Classes) {
  EXPECT_TRUE(GlobMatch("h[ae]llo", "hello"));
  EXPECT_TRUE(GlobMatch("h[ae]llo", "hallo"));
  EXPECT_FALSE(GlobMatch("h[ae]llo", "hillo"));
  EXPECT_TRUE(GlobMatch("h[^e]llo", "hallo"));
  EXPECT_FALSE(GlobMatch("h[^e]llo", "hello"));
  EXPECT_TRUE(GlobMatch("h[a-b]llo", "hbllo"));
  EXPECT_FALSE(GlobMatch("h[a-b]llo", "hcllo"));
  EXPECT_TRUE(GlobMatch("[z-a]", "m"));  // Reversed ranges are swapped.
  EXPECT_TRUE(GlobMatch("[A-Z]", "q", /*nocase=*/true));
  EXPECT_FALSE(GlobMatch("[A-Z]", "q"));
  EXPECT_TRUE(GlobMatch("[abc]", "B", /*nocase=*/true));
  // '!' is not a negation in Redis, just a member.
  EXPECT_TRUE(GlobMatch("[!a]", "!"));
  EXPECT_TRUE(GlobMatch("[!a]", "a"));
  EXPECT_FALSE(GlobMatch("[!a]", "b"));
}

// KEYS replies of redis-server 7.0.15 over the keys a b \ [ - ] ^ ab A.
TEST(GlobTest, BracketAndEscapeEdgeCasesMatchRealServer) {
  const std::vector<std::string> keys = {"a", "b", "\\", "[", "-", "]", "^", "ab", "A"};
  using V = std::vector<std::string>;
  EXPECT_EQ(Filter("[a", keys), (V{"a"}));  // Unterminated class closes at the end.
  EXPECT_EQ(Filter("[^a", keys), (V{"b", "\\", "[", "-", "]", "^", "A"}));
  EXPECT_EQ(Filter("[\\", keys), (V{"\\"}));  // A '\' that ends the pattern is literal.
  EXPECT_EQ(Filter("\\", keys), (V{"\\"}));
  EXPECT_EQ(Filter("a\\", keys), (V{}));
  EXPECT_EQ(Filter("[]", keys), (V{}));  // Empty class never matches.
  EXPECT_EQ(Filter("[]]", keys), (V{}));
  EXPECT_EQ(Filter("[a-]", keys), (V{"a", "]", "^"}));  // "a-]" is the range a..']'.
  EXPECT_EQ(Filter("[-a]", keys), (V{"a", "-"}));
  EXPECT_EQ(Filter("[^]", keys), (V{"a", "b", "\\", "[", "-", "]", "^", "A"}));
  EXPECT_EQ(Filter("[b-a]", keys), (V{"a", "b"}));
  EXPECT_EQ(Filter("[a\\]", keys), (V{"a", "]"}));  // Escaped ']' inside, then unterminated.
  EXPECT_EQ(Filter("[\\]", keys), (V{"]"}));
  EXPECT_EQ(Filter("[[]", keys), (V{"["}));
  EXPECT_EQ(Filter("*\\", keys), (V{"\\"}));
  EXPECT_EQ(Filter("[^\\]", keys), (V{"a", "b", "\\", "[", "-", "^", "A"}));
  EXPECT_EQ(Filter("[", keys), (V{}));
  EXPECT_EQ(Filter("[^", keys), (V{"a", "b", "\\", "[", "-", "]", "^", "A"}));
  EXPECT_EQ(Filter("a[", keys), (V{}));
  EXPECT_EQ(Filter("a[b", keys), (V{"ab"}));
  EXPECT_EQ(Filter("[a-", keys), (V{"a", "-"}));
  EXPECT_EQ(Filter("[a-b", keys), (V{"a", "b"}));
}

TEST(GlobTest, Escapes) {
  EXPECT_TRUE(GlobMatch("\\*", "*"));
  EXPECT_FALSE(GlobMatch("\\*", "a"));
  EXPECT_TRUE(GlobMatch("\\?x", "?x"));
  EXPECT_FALSE(GlobMatch("\\?x", "ax"));
  EXPECT_TRUE(GlobMatch("a\\[b", "a[b"));
  EXPECT_TRUE(GlobMatch("[\\-]", "-"));
  EXPECT_TRUE(GlobMatch("\\A", "a", /*nocase=*/true));  // Outside a class an escaped byte honours nocase...
  EXPECT_FALSE(GlobMatch("[\\A]", "a", /*nocase=*/true));  // ...inside one it does not.
}

TEST(GlobTest, HighBytesCompareAsSignedChars) {
  // Redis's ranges compare plain (signed) chars: [a-\xff] is the range -1..'a', which holds 0xff and
  // '0' but not 'b'.
  const std::string pattern = "[a-\xff]";
  EXPECT_TRUE(GlobMatch(pattern, "\xff"));
  EXPECT_TRUE(GlobMatch(pattern, "0"));
  EXPECT_TRUE(GlobMatch(pattern, "a"));
  EXPECT_FALSE(GlobMatch(pattern, "b"));
  EXPECT_FALSE(GlobMatch(pattern, "\x80"));
  EXPECT_TRUE(GlobMatch("\xc3\xa9", "\xc3\xa9", /*nocase=*/true));
}

TEST(GlobTest, PatternViewNeedNotBeNulTerminated) {
  // Bytes after the view must not be read as pattern: Redis sees a NUL there.
  const std::string star_after = "ab*";
  EXPECT_TRUE(GlobMatch(std::string_view(star_after).substr(0, 2), "ab"));
  const std::string stars_after = "a**x";
  EXPECT_TRUE(GlobMatch(std::string_view(stars_after).substr(0, 2), "abc"));
  const std::string class_after = "[a-z]";
  EXPECT_TRUE(GlobMatch(std::string_view(class_after).substr(0, 2), "a"));
  EXPECT_FALSE(GlobMatch(std::string_view(class_after).substr(0, 2), "b"));
}

TEST(GlobTest, KeyspaceTclRegressionLongNestedLoops) {
  // keyspace.tcl "Regression for pattern matching long nested loops".
  const std::string subject(80, 'a');
  const std::string pattern = "a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(GlobMatch(pattern, subject));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
}

TEST(GlobTest, ManyStarsAgainstLongSubjectStaysFast) {
  const std::string subject(20000, 'a');
  std::string pattern;
  for (int i = 0; i < 30; ++i) pattern += "a*";
  pattern += "b";
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(GlobMatch(pattern, subject));
  pattern.back() = 'a';
  EXPECT_TRUE(GlobMatch(pattern, subject));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
}

TEST(GlobTest, KeyspaceTclRegressionVeryLongNestedLoops) {
  // keyspace.tcl "Regression for pattern matching very long nested loops": "*?" x 50000 against 50000 'a'
  // would match, but Redis gives up past 1000 nested stars and KEYS returns nothing.
  const std::string subject(50000, 'a');
  std::string pattern;
  for (int i = 0; i < 50000; ++i) pattern += "*?";
  EXPECT_FALSE(GlobMatch(pattern, subject));
}

TEST(GlobTest, NestingLimitIsAThousandStars) {
  // 1000 nested stars are still matched; 1001 are not.
  auto build = [](int stars) {
    std::string p;
    for (int i = 0; i < stars; ++i) p += "x*";
    return p + "y";
  };
  const std::string subject = std::string(1001, 'x') + "y";
  EXPECT_TRUE(GlobMatch(build(1000), subject));
  EXPECT_FALSE(GlobMatch(build(1001), subject));
}

}  // namespace
}  // namespace ringkv::ds

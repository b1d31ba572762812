// Value and Entry: the string encodings Redis would report (int / embstr / raw), inline versus heap storage
// across every transition, moves, and the key bytes stored after the entry header.
#include "core/object.h"

#include <gtest/gtest.h>

#include <string>

namespace ringkv::core {
namespace {

std::string Bytes(const Value& v) {
  char scratch[24];
  return std::string(v.StringView(scratch));
}

TEST(Value, SetStringChoosesRedisEncodings) {
  Value v;
  v.SetString("12345");
  EXPECT_EQ(v.encoding(), Encoding::kInt);
  EXPECT_TRUE(v.IsIntEncoded());
  EXPECT_EQ(v.int_value(), 12345);
  EXPECT_EQ(Bytes(v), "12345");
  // Not canonical integers stay strings, as Redis's string2ll refuses them.
  for (const char* s : {"012", "+1", " 1", "1 ", "-0", "1e3", "0x10", "99999999999999999999"}) {
    v.SetString(s);
    EXPECT_EQ(v.encoding(), Encoding::kEmbstr) << s;
    EXPECT_EQ(Bytes(v), s);
  }
  v.SetString("-9223372036854775808");
  EXPECT_EQ(v.encoding(), Encoding::kInt);
  v.SetString(std::string(44, 'e'));
  EXPECT_EQ(v.encoding(), Encoding::kEmbstr);
  v.SetString(std::string(45, 'r'));
  EXPECT_EQ(v.encoding(), Encoding::kRaw);
  EXPECT_EQ(Bytes(v), std::string(45, 'r'));
  EXPECT_EQ(v.StringLength(), 45u);
}

TEST(Value, InlineAndHeapBoundaries) {
  Value v;
  for (size_t n : {0ul, 1ul, 20ul, 21ul, 22ul, 44ul, 45ul, 1000ul, 3ul}) {
    std::string s(n, 'x');
    if (n > 0) s[0] = 'a';  // never an integer
    v.SetStringNoInt(s);
    EXPECT_EQ(Bytes(v), s) << n;
    EXPECT_EQ(v.StringLength(), n);
    EXPECT_EQ(v.HeapBytes() > 0, n > Value::kInlineBytes) << n;
  }
  EXPECT_EQ(sizeof(Value), 24u);
}

TEST(Value, MutableStringMakesRawAndKeepsBytes) {
  Value v;
  v.SetInt(42);
  std::string& s = v.MutableString();
  EXPECT_EQ(s, "42");
  EXPECT_EQ(v.encoding(), Encoding::kRaw);
  s.append("abc");
  EXPECT_EQ(Bytes(v), "42abc");
  v.SetString("short");  // back to embstr, inline
  EXPECT_EQ(v.encoding(), Encoding::kEmbstr);
  EXPECT_EQ(Bytes(v), "short");
  EXPECT_EQ(v.HeapBytes(), 0u);
}

TEST(Value, MovesTransferOwnership) {
  Value a;
  a.SetString(std::string(100, 'h'));
  Value b(std::move(a));
  EXPECT_EQ(Bytes(b), std::string(100, 'h'));
  EXPECT_EQ(a.StringLength(), 0u);  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
  Value c;
  c.SetInt(7);
  c = std::move(b);
  EXPECT_EQ(c.encoding(), Encoding::kRaw);  // 100 bytes: past embstr
  EXPECT_EQ(Bytes(c), std::string(100, 'h'));
}

TEST(Value, CopyFromKeepsEncoding) {
  Value src, dst;
  src.SetString("77");
  ASSERT_TRUE(dst.CopyFrom(src));
  EXPECT_EQ(dst.encoding(), Encoding::kInt);
  src.MutableString() += "x";
  ASSERT_TRUE(dst.CopyFrom(src));
  EXPECT_EQ(dst.encoding(), Encoding::kRaw);
  EXPECT_EQ(Bytes(dst), "77x");
}

TEST(Entry, KeyBytesFollowTheHeader) {
  std::string key("binary\0key", 10);
  Entry* e = Entry::Create(key);
  EXPECT_EQ(e->key(), key);
  EXPECT_FALSE(e->has_expire);
  e->value.SetString("v");
  Entry::Destroy(e);
}

}  // namespace
}  // namespace ringkv::core

// Tests of io/reply_builder: the exact bytes of every reply in RESP2 and RESP3, as Redis 7.0 writes them.
#include "io/reply_builder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>

#include "io/output_buffer.h"

namespace ringkv::io {
namespace {

// The bytes one sequence of calls produces under the given protocol.
std::string Emit(bool resp3, const std::function<void(ReplyBuilder&)>& fn) {
  OutputBuffer out;
  ReplyBuilder b(&out);
  b.SetResp3(resp3);
  fn(b);
  return out.ToString();
}
std::string Resp2(const std::function<void(ReplyBuilder&)>& fn) { return Emit(false, fn); }
std::string Resp3(const std::function<void(ReplyBuilder&)>& fn) { return Emit(true, fn); }

TEST(ReplyBuilderTest, SimpleReplies) {
  for (bool resp3 : {false, true}) {
    EXPECT_EQ(Emit(resp3, [](ReplyBuilder& b) { b.Ok(); }), "+OK\r\n");
    EXPECT_EQ(Emit(resp3, [](ReplyBuilder& b) { b.SimpleString("PONG"); }), "+PONG\r\n");
    EXPECT_EQ(Emit(resp3, [](ReplyBuilder& b) { b.SimpleString(""); }), "+\r\n");
    EXPECT_EQ(Emit(resp3, [](ReplyBuilder& b) { b.Raw("*1\r\n:1\r\n"); }), "*1\r\n:1\r\n");
  }
}

TEST(ReplyBuilderTest, Errors) {
  EXPECT_EQ(Resp2([](ReplyBuilder& b) { b.Error("ERR syntax error"); }), "-ERR syntax error\r\n");
  EXPECT_EQ(Resp3([](ReplyBuilder& b) { b.Error("WRONGTYPE Operation against a key holding the wrong kind of value"); }),
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  // CR and LF would end the line early: they become spaces.
  EXPECT_EQ(Resp2([](ReplyBuilder& b) { b.Error("ERR a\r\nb\nc\r"); }), "-ERR a  b c \r\n");
  EXPECT_EQ(Resp2([](ReplyBuilder& b) { b.Error("ERR Protocol error: expected '$', got '\r'"); }),
            "-ERR Protocol error: expected '$', got ' '\r\n");
  // Like addReplyErrorLength: a message that already starts with '-' is not given a second one.
  EXPECT_EQ(Resp2([](ReplyBuilder& b) { b.Error("-NOSCRIPT No matching script"); }), "-NOSCRIPT No matching script\r\n");
  EXPECT_EQ(Resp2([](ReplyBuilder& b) { b.Error(""); }), "-ERR \r\n");
  // A long error is not truncated by the staging buffer.
  std::string long_msg = "ERR " + std::string(2000, 'x') + "\n" + std::string(10, 'y');
  std::string want = "-ERR " + std::string(2000, 'x') + " " + std::string(10, 'y') + "\r\n";
  EXPECT_EQ(Resp2([&](ReplyBuilder& b) { b.Error(long_msg); }), want);
}

TEST(ReplyBuilderTest, Integers) {
  struct Case {
    int64_t v;
    const char* text;
  } cases[] = {{0, "0"},
               {1, "1"},
               {-1, "-1"},
               {9, "9"},
               {10, "10"},
               {99, "99"},
               {100, "100"},
               {-100, "-100"},
               {12345, "12345"},
               {1000000007, "1000000007"},
               {std::numeric_limits<int64_t>::max(), "9223372036854775807"},
               {std::numeric_limits<int64_t>::min(), "-9223372036854775808"},
               {std::numeric_limits<int64_t>::min() + 1, "-9223372036854775807"}};
  for (const Case& c : cases) {
    std::string text = c.text;
    for (bool resp3 : {false, true}) {
      EXPECT_EQ(Emit(resp3, [&](ReplyBuilder& b) { b.Integer(c.v); }), ":" + text + "\r\n");
      EXPECT_EQ(Emit(resp3, [&](ReplyBuilder& b) { b.BulkInt(c.v); }),
                "$" + std::to_string(text.size()) + "\r\n" + text + "\r\n");
    }
  }
}

TEST(ReplyBuilderTest, IntegersMatchToStringOnRandomValues) {
  std::mt19937_64 rng(42);
  OutputBuffer out;
  ReplyBuilder b(&out);
  std::string want;
  for (int i = 0; i < 20000; ++i) {
    // Every magnitude, not just the huge values a uniform draw gives.
    int64_t v = static_cast<int64_t>(rng() >> (rng() % 64));
    if (rng() & 1) v = -v;
    b.Integer(v);
    want += ":" + std::to_string(v) + "\r\n";
  }
  EXPECT_EQ(out.ToString(), want);
}

TEST(ReplyBuilderTest, Bulks) {
  for (bool resp3 : {false, true}) {
    EXPECT_EQ(Emit(resp3, [](ReplyBuilder& b) { b.Bulk("hello"); }), "$5\r\nhello\r\n");
    EXPECT_EQ(Emit(resp3, [](ReplyBuilder& b) { b.Bulk(""); }), "$0\r\n\r\n");
    EXPECT_EQ(Emit(resp3, [](ReplyBuilder& b) { b.Bulk(std::string_view("a\r\n\0b", 5)); }),
              std::string("$5\r\na\r\n\0b\r\n", 11));
    std::string s31(31, 'x'), s32(32, 'y'), s1000(1000, 'z');
    EXPECT_EQ(Emit(resp3, [&](ReplyBuilder& b) { b.Bulk(s31); }), "$31\r\n" + s31 + "\r\n");
    EXPECT_EQ(Emit(resp3, [&](ReplyBuilder& b) { b.Bulk(s32); }), "$32\r\n" + s32 + "\r\n");
    EXPECT_EQ(Emit(resp3, [&](ReplyBuilder& b) { b.Bulk(s1000); }), "$1000\r\n" + s1000 + "\r\n");
  }
}

TEST(ReplyBuilderTest, LargeBulksSpanOutputBlocks) {
  OutputBuffer out;
  ReplyBuilder b(&out);
  // Fill the first block to a few bytes short of its end, so the next replies straddle the boundary.
  std::string filler(OutputBuffer::kBlockBytes - 3, 'f');
  b.Raw(filler);
  b.Bulk("abcdefghij");
  std::string big(3 * OutputBuffer::kBlockBytes + 123, 'B');
  for (size_t i = 0; i < big.size(); i += 97) big[i] = static_cast<char>('a' + i % 26);
  b.Bulk(big);
  b.Integer(-7);
  std::string want = filler + "$10\r\nabcdefghij\r\n" + "$" + std::to_string(big.size()) + "\r\n" + big + "\r\n:-7\r\n";
  EXPECT_EQ(out.size(), want.size());
  EXPECT_EQ(out.ToString(), want);
}

TEST(ReplyBuilderTest, Aggregates) {
  EXPECT_EQ(Resp2([](ReplyBuilder& b) { b.ArrayHeader(0); }), "*0\r\n");
  EXPECT_EQ(Resp2([](ReplyBuilder& b) { b.EmptyArray(); }), "*0\r\n");
  for (bool resp3 : {false, true}) {
    EXPECT_EQ(Emit(resp3, [](ReplyBuilder& b) { b.ArrayHeader(3); }), "*3\r\n");
    EXPECT_EQ(Emit(resp3, [](ReplyBuilder& b) { b.ArrayHeader(31); }), "*31\r\n");
    EXPECT_EQ(Emit(resp3, [](ReplyBuilder& b) { b.ArrayHeader(32); }), "*32\r\n");
    EXPECT_EQ(Emit(resp3, [](ReplyBuilder& b) { b.ArrayHeader(1000000); }), "*1000000\r\n");
  }
  EXPECT_EQ(Resp2([](ReplyBuilder& b) { b.MapHeader(2); }), "*4\r\n");
  EXPECT_EQ(Resp3([](ReplyBuilder& b) { b.MapHeader(2); }), "%2\r\n");
  EXPECT_EQ(Resp2([](ReplyBuilder& b) { b.MapHeader(0); }), "*0\r\n");
  EXPECT_EQ(Resp3([](ReplyBuilder& b) { b.MapHeader(40); }), "%40\r\n");
  EXPECT_EQ(Resp2([](ReplyBuilder& b) { b.SetHeader(3); }), "*3\r\n");
  EXPECT_EQ(Resp3([](ReplyBuilder& b) { b.SetHeader(3); }), "~3\r\n");
  EXPECT_EQ(Resp2([](ReplyBuilder& b) { b.PushHeader(3); }), "*3\r\n");
  EXPECT_EQ(Resp3([](ReplyBuilder& b) { b.PushHeader(3); }), ">3\r\n");
}

TEST(ReplyBuilderTest, HgetallShapedReply) {
  auto reply = [](ReplyBuilder& b) {
    b.MapHeader(2);
    b.Bulk("f1");
    b.Bulk("v1");
    b.Bulk("f2");
    b.BulkInt(2);
  };
  EXPECT_EQ(Resp2(reply), "*4\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n$1\r\n2\r\n");
  EXPECT_EQ(Resp3(reply), "%2\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n$1\r\n2\r\n");
}

TEST(ReplyBuilderTest, Nulls) {
  EXPECT_EQ(Resp2([](ReplyBuilder& b) { b.Null(); }), "$-1\r\n");
  EXPECT_EQ(Resp3([](ReplyBuilder& b) { b.Null(); }), "_\r\n");
  EXPECT_EQ(Resp2([](ReplyBuilder& b) { b.NullArray(); }), "*-1\r\n");
  EXPECT_EQ(Resp3([](ReplyBuilder& b) { b.NullArray(); }), "_\r\n");
}

TEST(ReplyBuilderTest, Bools) {
  EXPECT_EQ(Resp2([](ReplyBuilder& b) { b.Bool(true); }), ":1\r\n");
  EXPECT_EQ(Resp2([](ReplyBuilder& b) { b.Bool(false); }), ":0\r\n");
  EXPECT_EQ(Resp3([](ReplyBuilder& b) { b.Bool(true); }), "#t\r\n");
  EXPECT_EQ(Resp3([](ReplyBuilder& b) { b.Bool(false); }), "#f\r\n");
}

TEST(ReplyBuilderTest, Doubles) {
  struct Case {
    double v;
    const char* text;
  } cases[] = {{1.5, "1.5"},
               {0.1, "0.10000000000000001"},
               {3.0, "3"},
               {-2.5, "-2.5"},
               {0.0, "0"},
               {-0.0, "-0"},
               {1e100, "1e+100"},
               {1.0 / 3, "0.33333333333333331"},
               {123456789012345678.0, "1.2345678901234568e+17"},
               {5e-324, "4.9406564584124654e-324"}};
  for (const Case& c : cases) {
    std::string text = c.text;
    EXPECT_EQ(Resp2([&](ReplyBuilder& b) { b.Double(c.v); }),
              "$" + std::to_string(text.size()) + "\r\n" + text + "\r\n");
    EXPECT_EQ(Resp3([&](ReplyBuilder& b) { b.Double(c.v); }), "," + text + "\r\n");
  }
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(Resp2([&](ReplyBuilder& b) { b.Double(inf); }), "$3\r\ninf\r\n");
  EXPECT_EQ(Resp2([&](ReplyBuilder& b) { b.Double(-inf); }), "$4\r\n-inf\r\n");
  EXPECT_EQ(Resp3([&](ReplyBuilder& b) { b.Double(inf); }), ",inf\r\n");
  EXPECT_EQ(Resp3([&](ReplyBuilder& b) { b.Double(-inf); }), ",-inf\r\n");
  EXPECT_EQ(Resp3([](ReplyBuilder& b) { b.Double(std::nan("")); }), ",nan\r\n");
  EXPECT_EQ(Resp3([](ReplyBuilder& b) { b.Double(-std::nan("")); }), ",nan\r\n");
  EXPECT_EQ(Resp2([](ReplyBuilder& b) { b.Double(std::nan("")); }), "$3\r\nnan\r\n");
}

TEST(ReplyBuilderTest, DoublesMatchPrintfOnRandomValues) {
  // Redis formats with snprintf("%.17g"); the builder must give the same bytes for any finite double.
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  for (int i = 0; i < 20000; ++i) {
    double v;
    if (i % 2 == 0) {
      uint64_t bits = rng();
      std::memcpy(&v, &bits, sizeof(v));
      if (!std::isfinite(v)) continue;
    } else {
      v = unit(rng) * std::pow(10.0, static_cast<double>(static_cast<int>(rng() % 40) - 20));
    }
    char want[64];
    std::snprintf(want, sizeof(want), "%.17g", v);
    ASSERT_EQ(Resp3([&](ReplyBuilder& b) { b.Double(v); }), "," + std::string(want) + "\r\n") << want;
  }
}

TEST(ReplyBuilderTest, Verbatim) {
  EXPECT_EQ(Resp3([](ReplyBuilder& b) { b.Verbatim("Some string"); }), "=15\r\ntxt:Some string\r\n");
  EXPECT_EQ(Resp3([](ReplyBuilder& b) { b.Verbatim("# Server", "mkd"); }), "=12\r\nmkd:# Server\r\n");
  EXPECT_EQ(Resp3([](ReplyBuilder& b) { b.Verbatim(""); }), "=4\r\ntxt:\r\n");
  EXPECT_EQ(Resp2([](ReplyBuilder& b) { b.Verbatim("Some string"); }), "$11\r\nSome string\r\n");
  std::string big(20000, 'i');
  EXPECT_EQ(Resp3([&](ReplyBuilder& b) { b.Verbatim(big); }), "=20004\r\ntxt:" + big + "\r\n");
}

TEST(ReplyBuilderTest, DiscardDropsEverything) {
  OutputBuffer out;
  ReplyBuilder b(&out);
  for (bool resp3 : {false, true}) {
    b.SetResp3(resp3);
    b.SetDiscard(true);
    EXPECT_TRUE(b.discard());
    b.Ok();
    b.SimpleString("x");
    b.Error("ERR x\r\ny");
    b.Integer(-5);
    b.Bulk("abc");
    b.Bulk(std::string(100000, 'a'));
    b.BulkInt(12);
    b.Null();
    b.NullArray();
    b.ArrayHeader(2);
    b.MapHeader(2);
    b.SetHeader(2);
    b.PushHeader(2);
    b.Double(1.5);
    b.Double(std::numeric_limits<double>::infinity());
    b.Bool(true);
    b.Verbatim("v");
    b.EmptyArray();
    b.Raw("+raw\r\n");
    EXPECT_TRUE(out.empty());
  }
  b.SetDiscard(false);
  b.SetResp3(false);
  b.Ok();
  EXPECT_EQ(out.ToString(), "+OK\r\n");
}

TEST(ReplyBuilderTest, SetOutputRedirects) {
  OutputBuffer first, second;
  ReplyBuilder b(&first);
  b.Integer(1);
  b.SetOutput(&second);
  EXPECT_EQ(b.output(), &second);
  b.Integer(2);
  EXPECT_EQ(first.ToString(), ":1\r\n");
  EXPECT_EQ(second.ToString(), ":2\r\n");
}

}  // namespace
}  // namespace ringkv::io

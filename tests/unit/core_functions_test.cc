// Redis 7.0 functions through the real dispatcher (FUNCTION *, FCALL, core/commands/functions.cc,
// core/script/function_library.h) and the pieces under them: CRC-64 (core/crc64.h) against Redis's check
// value, RDB length/string encoding (core/rdb_string.h) in every form, FUNCTION DUMP payloads (including hostile
// ones: a payload with a valid checksum must never crash RESTORE), load-time errors, and propagation: a
// function's writes reach the stream as one unit, FCALL itself never, FUNCTION LOAD/DELETE/FLUSH as received.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/crc64.h"
#include "core/propagation.h"
#include "core/rdb_string.h"
#include "core/script/function_library.h"
#include "tests/unit/command_harness.h"

namespace ringkv::core {
namespace {

using test::CommandHarness;

struct Recorder : PropagationTarget {
  std::vector<std::string> lines;  // "db: arg arg ..."
  void Feed(int db, const std::vector<std::string_view>& argv) override {
    std::string line = std::to_string(db) + ":";
    for (std::string_view a : argv) line += " " + std::string(a);
    lines.push_back(line);
  }
  std::vector<std::string> Take() {
    std::vector<std::string> out;
    out.swap(lines);
    return out;
  }
};

TEST(Crc64Test, RedisCheckValue) {
  EXPECT_EQ(Crc64(0, "123456789", 9), 0xe9c6d914c4b8d9caULL);
  EXPECT_EQ(Crc64(0, "", 0), 0u);
  // Chunked input gives the same result as one call (the slicing-by-8 path and the byte path agree).
  std::string data;
  for (int i = 0; i < 1000; ++i) data.push_back(static_cast<char>(i * 37 + 11));
  const uint64_t whole = Crc64(0, data);
  for (size_t cut : {1u, 7u, 8u, 9u, 500u, 999u}) {
    EXPECT_EQ(Crc64(Crc64(0, data.substr(0, cut)), data.substr(cut)), whole) << cut;
  }
  // The empty FUNCTION DUMP of redis-server 7.0.15: the version bytes and their CRC.
  EXPECT_EQ(BuildFunctionsPayload({}), std::string("\x0a\x00]\x9b\\@\x0f\x7f\xa2\xda", 10));
}

std::string Encoded(std::string_view s, bool compress = true) {
  std::string out;
  RdbAppendString(&out, s, compress);
  return out;
}

std::string RoundTrip(std::string_view enc) {
  RdbReader r(enc);
  std::string out;
  EXPECT_TRUE(r.ReadString(&out));
  EXPECT_EQ(r.remaining(), 0u);
  return out;
}

TEST(RdbStringTest, LengthForms) {
  for (uint64_t len : {0ull, 63ull, 64ull, 16383ull, 16384ull, 0xffffffffull, 0x100000000ull}) {
    std::string out;
    RdbAppendLen(&out, len);
    const size_t want = len < 64 ? 1 : len < 16384 ? 2 : len <= 0xffffffffull ? 5 : 9;
    EXPECT_EQ(out.size(), want) << len;
    RdbReader r(out);
    uint64_t got;
    ASSERT_TRUE(r.ReadLen(&got)) << len;
    EXPECT_EQ(got, len);
  }
  std::string out;
  RdbAppendLen(&out, 300);
  EXPECT_EQ(out, std::string("\x41\x2c", 2));  // 14-bit form, big-endian
}

TEST(RdbStringTest, IntegerForms) {
  EXPECT_EQ(Encoded("0"), std::string("\xc0\x00", 2));
  EXPECT_EQ(Encoded("-128"), std::string("\xc0\x80", 2));
  EXPECT_EQ(Encoded("128"), std::string("\xc1\x80\x00", 3));
  EXPECT_EQ(Encoded("-32768"), std::string("\xc1\x00\x80", 3));
  EXPECT_EQ(Encoded("2147483647"), std::string("\xc2\xff\xff\xff\x7f", 5));
  // Not canonical, or too wide for 32 bits: stored as they are.
  for (std::string s : {"2147483648", "01", "-0", "+1", " 1", "1a", ""}) {
    EXPECT_EQ(Encoded(s), std::string(1, static_cast<char>(s.size())) + s) << s;
  }
  for (std::string s : {"0", "-1", "127", "-129", "32767", "65535", "-2147483648", "2147483647"}) {
    EXPECT_EQ(RoundTrip(Encoded(s)), s);
  }
}

TEST(RdbStringTest, LzfWhenItSaves) {
  const std::string text(100, 'a');
  const std::string enc = Encoded(text);
  EXPECT_EQ(static_cast<uint8_t>(enc[0]), 0xc3);
  EXPECT_LT(enc.size(), text.size());
  EXPECT_EQ(RoundTrip(enc), text);
  EXPECT_EQ(Encoded(text, /*compress=*/false).size(), 2 + text.size());
  // 20 bytes are never compressed; random bytes do not compress.
  EXPECT_EQ(Encoded(std::string(20, 'a')), std::string(1, 20) + std::string(20, 'a'));
  std::mt19937 rng(7);
  std::string noise;
  for (int i = 0; i < 200; ++i) noise.push_back(static_cast<char>(rng()));
  EXPECT_EQ(Encoded(noise).substr(2), noise);
  EXPECT_EQ(RoundTrip(Encoded(noise)), noise);
}

TEST(RdbStringTest, TruncatedAndCorruptInputFails) {
  const std::string enc = Encoded(std::string(300, 'x') + "tail");
  for (size_t cut = 0; cut < enc.size(); ++cut) {
    RdbReader r(std::string_view(enc).substr(0, cut));
    std::string out;
    EXPECT_FALSE(r.ReadString(&out)) << cut;
  }
  // An LZF blob claiming a huge plain length, and an unknown encoding.
  std::string huge("\xc3\x05\x81\x00\x00\x00\x10\x00\x00\x00\x00" "abcde", 16);
  std::string out;
  EXPECT_FALSE(RdbReader(huge).ReadString(&out));
  EXPECT_FALSE(RdbReader(std::string("\xc4", 1)).ReadString(&out));
  EXPECT_FALSE(RdbReader(std::string("\x82\x00", 2)).ReadString(&out));
}

std::string WithFooter(std::string body) {
  body.push_back(10);
  body.push_back(0);
  const uint64_t crc = Crc64(0, body);
  for (int i = 0; i < 8; ++i) body.push_back(static_cast<char>((crc >> (8 * i)) & 0xff));
  return body;
}

TEST(FunctionsPayloadTest, ParsesRedisPayloadAndRejectsBadFooters) {
  // FUNCTION DUMP of redis-server 7.0.15 after loading one small library.
  const std::string lib = "#!lua name=ab\nredis.register_function('f', function() return 'x' end)";
  const std::string redis_dump =
      std::string("\xf5\x40\x45", 3) + lib + std::string("\x0a\x00Z\xc4<.\xf9\xf2\xce\xd1", 10);
  std::vector<std::string> codes;
  std::string err;
  ASSERT_TRUE(ParseFunctionsPayload(redis_dump, &codes, &err)) << err;
  EXPECT_EQ(codes, std::vector<std::string>{lib});
  EXPECT_EQ(BuildFunctionsPayload({lib}), redis_dump);

  std::string bad = redis_dump;
  bad.back() ^= 1;
  EXPECT_FALSE(ParseFunctionsPayload(bad, &codes, &err));
  EXPECT_EQ(err, "DUMP payload version or checksum are wrong");
  EXPECT_FALSE(ParseFunctionsPayload("short", &codes, &err));
  std::string v11 = std::string("\x0b\x00", 2);
  EXPECT_FALSE(ParseFunctionsPayload(v11 + std::string(8, '\0'), &codes, &err));
  EXPECT_FALSE(ParseFunctionsPayload(WithFooter("\xf6"), &codes, &err));
  EXPECT_EQ(err, "Pre-GA function format not supported");
  EXPECT_FALSE(ParseFunctionsPayload(WithFooter(std::string(1, '\0')), &codes, &err));
  EXPECT_EQ(err, "given type is not a function");
  EXPECT_FALSE(ParseFunctionsPayload(WithFooter("\xf5\x80\xff\xff\xff\xff"), &codes, &err));
  EXPECT_EQ(err, "Failed loading library payload");
}

TEST(FunctionsPayloadTest, HostileBytesNeverCrashRestore) {
  CommandHarness h;
  h.Run({"FUNCTION", "LOAD", "#!lua name=base\nredis.register_function('base', function() return 1 end)"});
  const std::string good = BuildFunctionsPayload(
      {"#!lua name=lib1\nredis.register_function('f1', function(k, a) return {k, a} end)",
       std::string("#!lua name=lib2\n") + std::string(200, '-') + "\nredis.register_function('f2', function() end)"});
  std::mt19937 rng(12345);
  for (int round = 0; round < 3000; ++round) {
    std::string body = good.substr(0, good.size() - 10);
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !body.empty(); ++e) {
      const size_t at = rng() % body.size();
      switch (rng() % 4) {
        case 0: body[at] = static_cast<char>(rng()); break;
        case 1: body.erase(at, 1 + rng() % 8); break;
        case 2: body.insert(at, 1, static_cast<char>(rng())); break;
        default: body.resize(at); break;
      }
    }
    if (round % 10 == 0) {  // pure noise too
      body.clear();
      for (int i = static_cast<int>(rng() % 64); i > 0; --i) body.push_back(static_cast<char>(rng()));
    }
    const std::string reply = h.Run({"FUNCTION", "RESTORE", WithFooter(body), "REPLACE"});
    ASSERT_TRUE(reply == "+OK\r\n" || reply.starts_with("-ERR ")) << reply;
    if (reply == "+OK\r\n") {
      h.Run({"FUNCTION", "RESTORE", BuildFunctionsPayload({}), "FLUSH"});
      h.Run({"FUNCTION", "LOAD", "#!lua name=base\nredis.register_function('base', function() return 1 end)"});
    }
  }
  // The original library survives every refused payload.
  EXPECT_EQ(h.Run({"FCALL", "base", "0"}), ":1\r\n");
  EXPECT_EQ(h.Run({"FUNCTION", "RESTORE", good}), "+OK\r\n");
  EXPECT_EQ(h.Run({"FCALL", "f1", "1", "k", "a"}), "*2\r\n*1\r\n$1\r\nk\r\n*1\r\n$1\r\na\r\n");
}

class FunctionsTest : public ::testing::Test {
 protected:
  std::string Load(const std::string& code, bool replace = false) {
    if (replace) return h_.Run({"FUNCTION", "LOAD", "REPLACE", code});
    return h_.Run({"FUNCTION", "LOAD", code});
  }
  CommandHarness h_;
};

TEST_F(FunctionsTest, LoadErrors) {
  EXPECT_EQ(Load("return 1"), "-ERR Missing library metadata\r\n");
  EXPECT_EQ(Load("#!lua"), "-ERR Invalid library metadata\r\n");
  EXPECT_EQ(Load(std::string("#!lua name=a\0\n", 15)), "-ERR Invalid library metadata\r\n");
  EXPECT_EQ(Load("#!lua\nx"), "-ERR Library name was not given\r\n");
  EXPECT_EQ(Load("#!py name=x\nx"), "-ERR Engine 'py' not found\r\n");
  EXPECT_EQ(Load("#!lua name=a b=c\nx"), "-ERR Invalid metadata value given: b=c\r\n");
  EXPECT_EQ(Load("#!lua name=a-b\nx").substr(0, 30), "-ERR Library names can only co");
  EXPECT_EQ(Load("#!lua name=a\nreturn 1"), "-ERR No functions registered\r\n");
  EXPECT_EQ(Load("#!lua name=a\nreturn 1 +"),
            "-ERR Error compiling function: user_function:2: unexpected symbol near '<eof>'\r\n");
  EXPECT_EQ(Load("#!lua name=a\nredis.call('ping')"),
            "-ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent "
            "global variable 'call'\r\n");
  EXPECT_EQ(Load("#!lua name=a\nredis.register_function('f', function() end, 1)"),
            "-ERR Error registering functions: ERR wrong number of arguments to redis.register_function\r\n");
  EXPECT_EQ(Load("#!lua name=a\nredis.register_function{function_name='f', callback=function() end, "
                 "flags={'no-writes', 'bogus'}}"),
            "-ERR Error registering functions: ERR unknown flag given\r\n");
  EXPECT_EQ(Load("#!lua name=a\nwhile true do end"),
            "-ERR Error registering functions: ERR FUNCTION LOAD timeout\r\n");
  // Nothing of a failed load stays.
  EXPECT_EQ(h_.Run({"FUNCTION", "LIST"}), "*0\r\n");
}

TEST_F(FunctionsTest, ReplaceFailureKeepsTheOldLibrary) {
  EXPECT_EQ(Load("#!lua name=lib\nredis.register_function('f', function() return 'old' end)"), "$3\r\nlib\r\n");
  EXPECT_EQ(Load("#!lua name=lib\nredis.register_function('g', function() end)"),
            "-ERR Library 'lib' already exists\r\n");
  EXPECT_EQ(Load("#!lua name=lib\nredis.register_function('g', function() end) local e = error", true).substr(0, 35),
            "-ERR Error registering functions: E");
  EXPECT_EQ(h_.Run({"FCALL", "F", "0"}), "$3\r\nold\r\n");  // function names match in any case
  EXPECT_EQ(Load("#!lua name=other\nredis.register_function('f', function() end)"),
            "-ERR Function f already exists\r\n");
  EXPECT_EQ(Load("#!lua name=lib\nredis.register_function('f', function() return 'new' end)", true),
            "$3\r\nlib\r\n");
  EXPECT_EQ(h_.Run({"FCALL", "f", "0"}), "$3\r\nnew\r\n");
  EXPECT_EQ(h_.Run({"FUNCTION", "DELETE", "lib"}), "+OK\r\n");
  EXPECT_EQ(h_.Run({"FCALL", "f", "0"}), "-ERR Function not found\r\n");
}

TEST_F(FunctionsTest, FcallArgumentsAndFlags) {
  Load("#!lua name=lib\n"
       "redis.register_function('echo', function(keys, args) return {keys, args} end)\n"
       "redis.register_function('globals', function() return KEYS end)\n"
       "redis.register_function{function_name='ro', callback=function(k) return redis.call('set', k[1], 'v') end,"
       " flags={'no-writes'}}\n"
       "redis.register_function('rw', function(k) return redis.call('set', k[1], 'v') end)");
  EXPECT_EQ(h_.Run({"FCALL", "echo", "1", "k", "a", "b"}),
            "*2\r\n*1\r\n$1\r\nk\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(h_.Run({"FCALL", "echo", "x"}), "-ERR Bad number of keys provided\r\n");
  EXPECT_EQ(h_.Run({"FCALL", "echo", "2", "k"}), "-ERR Number of keys can't be greater than number of args\r\n");
  EXPECT_EQ(h_.Run({"FCALL", "globals", "0"}),
            "-ERR user_function:3: Script attempted to access nonexistent global variable 'KEYS' script: "
            "globals, on @user_function:3.\r\n");
  EXPECT_EQ(h_.Run({"FCALL_RO", "rw", "1", "k"}),
            "-ERR Can not execute a script with write flag using *_ro command.\r\n");
  EXPECT_EQ(h_.Run({"FCALL_RO", "ro", "1", "k"}),
            "-ERR Write commands are not allowed from read-only scripts. script: ro, on @user_function:4.\r\n");
  EXPECT_EQ(h_.Run({"FCALL", "rw", "1", "k"}), "+OK\r\n");
  // (maxmemory refusals need the server's counting allocator: test_functions.py checks them.)
}

TEST_F(FunctionsTest, EvalAndFunctionsHaveSeparateStates) {
  Load("#!lua name=lib\nredis.register_function('f', function() return 1 end)");
  EXPECT_EQ(h_.Run({"SCRIPT", "FLUSH"}), "+OK\r\n");
  EXPECT_EQ(h_.Run({"FCALL", "f", "0"}), ":1\r\n");
  EXPECT_EQ(h_.Run({"FUNCTION", "FLUSH"}), "+OK\r\n");
  EXPECT_EQ(h_.Run({"FCALL", "f", "0"}), "-ERR Function not found\r\n");
  // A fresh state after FLUSH still loads and runs.
  Load("#!lua name=lib\nredis.register_function('f', function() return 2 end)");
  EXPECT_EQ(h_.Run({"FCALL", "f", "0"}), ":2\r\n");
}

TEST_F(FunctionsTest, PropagatesEffectsAsOneUnit) {
  Recorder rec;
  h_.server().AddPropagationTarget(&rec);
  const std::string code =
      "#!lua name=lib\n"
      "redis.register_function('two', function(k) redis.call('set', k[1], '1') redis.call('incr', k[1]) end)\n"
      "redis.register_function('one', function(k) redis.call('set', k[1], '1') end)\n"
      "redis.register_function('none', function(k) return redis.call('get', k[1]) end)";
  Load(code);
  EXPECT_EQ(rec.Take(), (std::vector<std::string>{"0: FUNCTION LOAD " + code}));
  h_.Run({"FCALL", "two", "1", "a"});
  EXPECT_EQ(rec.Take(), (std::vector<std::string>{"0: MULTI", "0: set a 1", "0: incr a", "-1: EXEC"}));
  h_.Run({"FCALL", "one", "1", "b"});
  EXPECT_EQ(rec.Take(), (std::vector<std::string>{"0: set b 1"}));
  h_.Run({"FCALL", "none", "1", "b"});
  EXPECT_TRUE(rec.Take().empty());
  h_.Run({"FUNCTION", "DELETE", "lib"});
  EXPECT_EQ(rec.Take(), (std::vector<std::string>{"0: FUNCTION DELETE lib"}));
  h_.Run({"FUNCTION", "DELETE", "lib"});  // nothing changed: nothing propagated
  EXPECT_TRUE(rec.Take().empty());
  h_.Run({"FUNCTION", "FLUSH"});
  EXPECT_EQ(rec.Take(), (std::vector<std::string>{"0: FUNCTION FLUSH"}));
  h_.server().propagator().RemoveTarget(&rec);
}

TEST_F(FunctionsTest, DumpRestorePolicies) {
  Load("#!lua name=a\nredis.register_function('fa', function() return 'a' end)");
  const std::string dump_reply = h_.Run({"FUNCTION", "DUMP"});
  const std::string payload = dump_reply.substr(dump_reply.find("\r\n") + 2, dump_reply.size() - dump_reply.find("\r\n") - 4);
  EXPECT_EQ(h_.Run({"FUNCTION", "RESTORE", payload}), "-ERR Library a already exists\r\n");
  EXPECT_EQ(h_.Run({"FUNCTION", "RESTORE", payload, "REPLACE"}), "+OK\r\n");
  EXPECT_EQ(h_.Run({"FUNCTION", "RESTORE", payload, "bad"}),
            "-ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.\r\n");
  h_.Run({"FUNCTION", "DELETE", "a"});
  Load("#!lua name=b\nredis.register_function('fa', function() return 'b' end)");
  EXPECT_EQ(h_.Run({"FUNCTION", "RESTORE", payload, "REPLACE"}), "-ERR Function fa already exists\r\n");
  EXPECT_EQ(h_.Run({"FCALL", "fa", "0"}), "$1\r\nb\r\n");
  EXPECT_EQ(h_.Run({"FUNCTION", "RESTORE", payload, "FLUSH"}), "+OK\r\n");
  EXPECT_EQ(h_.Run({"FCALL", "fa", "0"}), "$1\r\na\r\n");
  EXPECT_EQ(h_.Run({"FUNCTION", "DUMP"}), dump_reply);
}

}  // namespace
}  // namespace ringkv::core

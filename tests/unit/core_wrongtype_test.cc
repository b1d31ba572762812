// String, bit, set and hash commands against a key of another type (a test-only structure stored through the Value
// pointer API, reported as a list): Redis's exact WRONGTYPE error (or the argument error Redis checks first),
// no signal, and the value untouched; and the writes that replace a value whatever its type. The replies are
// redis-server 7.0.15's for the same commands against a list.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/db.h"
#include "tests/unit/command_harness.h"
#include "tests/unit/core_test_structure.h"

namespace ringkv::core {
namespace {

using test::CommandHarness;
using test::KeyEventRecorder;
using test::TestStructure;

const std::string kWrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
const std::string kNotInt = "-ERR value is not an integer or out of range\r\n";

class WrongTypeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    other_ = h_.db().Add("other", TestStructure::Make({"x", "y"}), 0, "");
    structure_ = other_->value().Ptr<TestStructure>();
    h_.Run({"SET", "s", "abc"});
    rec_.Take();
  }

  // The command answered `reply`, signalled nothing, and "other" still holds the same structure, untouched.
  void Expect(const std::vector<std::string>& argv, const std::string& reply) {
    EXPECT_EQ(h_.Run(argv), reply) << argv[0] << " " << (argv.size() > 1 ? argv[1] : "");
    EXPECT_EQ(rec_.Take(), std::vector<std::string>{}) << argv[0];
    Entry* e = h_.db().Peek("other");
    ASSERT_EQ(e, other_) << argv[0];
    EXPECT_EQ(e->value().type(), ObjType::kList);
    EXPECT_EQ(e->value().Ptr<TestStructure>(), structure_);
    EXPECT_EQ(structure_->items, (std::vector<std::string>{"x", "y"}));
    EXPECT_FALSE(e->has_expire());
  }

  CommandHarness h_;
  KeyEventRecorder rec_{h_.server()};
  Entry* other_ = nullptr;
  const TestStructure* structure_ = nullptr;
};

TEST_F(WrongTypeTest, StringCommands) {
  EXPECT_EQ(h_.Run({"TYPE", "other"}), "+list\r\n");
  Expect({"GET", "other"}, kWrongType);
  Expect({"SET", "other", "v", "GET"}, kWrongType);
  Expect({"SET", "other", "v", "NX", "GET"}, kWrongType);
  Expect({"SET", "other", "v", "XX", "GET"}, kWrongType);
  Expect({"SET", "other", "v", "EX", "100", "GET"}, kWrongType);
  Expect({"SET", "other", "v", "EX", "0", "GET"}, "-ERR invalid expire time in 'set' command\r\n");  // time first
  Expect({"GETSET", "other", "x"}, kWrongType);
  Expect({"GETDEL", "other"}, kWrongType);
  Expect({"GETEX", "other"}, kWrongType);
  Expect({"GETEX", "other", "EX", "0"}, kWrongType);  // the type is checked before the time
  Expect({"GETEX", "other", "PERSIST"}, kWrongType);
  Expect({"INCR", "other"}, kWrongType);
  Expect({"DECR", "other"}, kWrongType);
  Expect({"INCRBY", "other", "2"}, kWrongType);
  Expect({"DECRBY", "other", "2"}, kWrongType);
  Expect({"DECRBY", "other", "x"}, kNotInt);  // the increment is parsed first
  Expect({"INCRBYFLOAT", "other", "1"}, kWrongType);
  Expect({"INCRBYFLOAT", "other", "x"}, kWrongType);  // here the type comes first
  Expect({"APPEND", "other", "x"}, kWrongType);
  Expect({"APPEND", "other", ""}, kWrongType);
  Expect({"STRLEN", "other"}, kWrongType);
  Expect({"GETRANGE", "other", "0", "1"}, kWrongType);
  Expect({"GETRANGE", "other", "x", "1"}, kNotInt);  // the indexes are parsed first
  Expect({"SUBSTR", "other", "0", "1"}, kWrongType);
  Expect({"SETRANGE", "other", "0", "x"}, kWrongType);
  Expect({"SETRANGE", "other", "0", ""}, kWrongType);
  Expect({"SETRANGE", "other", "-1", "x"}, "-ERR offset is out of range\r\n");
  Expect({"LCS", "s", "other"}, "-ERR The specified keys must contain string values\r\n");
  Expect({"LCS", "other", "s", "BOGUS"}, "-ERR The specified keys must contain string values\r\n");
  // Not errors: MGET answers nil for it, the NX writes find the key present.
  Expect({"MGET", "s", "missing", "other"}, "*3\r\n$3\r\nabc\r\n$-1\r\n$-1\r\n");
  Expect({"SETNX", "other", "x"}, ":0\r\n");
  Expect({"SET", "other", "x", "NX"}, "$-1\r\n");
  Expect({"MSETNX", "other", "1", "d", "4"}, ":0\r\n");
  EXPECT_EQ(h_.Run({"EXISTS", "d"}), ":0\r\n");
}

TEST_F(WrongTypeTest, BitCommands) {
  Expect({"SETBIT", "other", "0", "1"}, kWrongType);
  Expect({"SETBIT", "other", "-1", "1"}, "-ERR bit offset is not an integer or out of range\r\n");
  Expect({"SETBIT", "other", "0", "2"}, "-ERR bit is not an integer or out of range\r\n");
  Expect({"GETBIT", "other", "0"}, kWrongType);
  Expect({"GETBIT", "other", "-1"}, "-ERR bit offset is not an integer or out of range\r\n");
  Expect({"BITCOUNT", "other"}, kWrongType);
  Expect({"BITCOUNT", "other", "0", "1"}, kWrongType);
  Expect({"BITCOUNT", "other", "a", "b"}, kWrongType);  // the key is checked before the range
  Expect({"BITCOUNT", "other", "0", "1", "BIT"}, kWrongType);
  Expect({"BITPOS", "other", "1"}, kWrongType);
  Expect({"BITPOS", "other", "7"}, "-ERR The bit argument must be 1 or 0.\r\n");
  Expect({"BITPOS", "other", "1", "0", "1"}, kWrongType);
  Expect({"BITOP", "AND", "dest", "s", "other"}, kWrongType);
  Expect({"BITOP", "NOT", "dest", "other"}, kWrongType);
  EXPECT_EQ(h_.Run({"EXISTS", "dest"}), ":0\r\n");
  Expect({"BITFIELD", "other", "GET", "u8", "0"}, kWrongType);
  Expect({"BITFIELD", "other", "SET", "u8", "0", "1"}, kWrongType);
  Expect({"BITFIELD", "other", "INCRBY", "u8", "0", "1"}, kWrongType);
  Expect({"BITFIELD", "other", "GET", "u99", "0"},
         "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n");
  Expect({"BITFIELD_RO", "other", "GET", "u8", "0"}, kWrongType);
}

// Writes that replace the value whatever it held: the structure is freed, the key becomes a string.
TEST_F(WrongTypeTest, WholeValueWritesReplaceOtherTypes) {
  const std::vector<std::vector<std::string>> writes = {
      {"SET", "other", "v"}, {"SET", "other", "v", "XX"}, {"SET", "other", "v", "KEEPTTL"},
      {"SETEX", "other", "100", "v"}, {"PSETEX", "other", "100000", "v"}, {"MSET", "other", "v"}};
  for (const std::vector<std::string>& w : writes) {
    const int live = TestStructure::live;
    h_.db().Add("o", TestStructure::Make({"z"}), 0, "");
    EXPECT_EQ(TestStructure::live, live + 1);
    rec_.Take();
    std::vector<std::string> argv = w;
    argv[1] = "o";
    EXPECT_EQ(h_.Run(argv), "+OK\r\n") << w[0];
    EXPECT_EQ(rec_.Take().size(), argv[0] == "SETEX" || argv[0] == "PSETEX" ? 2u : 1u) << w[0];
    EXPECT_EQ(TestStructure::live, live) << w[0];
    EXPECT_EQ(h_.Run({"TYPE", "o"}), "+string\r\n");
    EXPECT_EQ(h_.Run({"GET", "o"}), "$1\r\nv\r\n");
    h_.Run({"DEL", "o"});
  }
  // BITOP stores its result over another type, or deletes it when the result is empty.
  EXPECT_EQ(h_.Run({"BITOP", "OR", "other", "s"}), ":3\r\n");
  EXPECT_EQ(h_.Run({"GET", "other"}), "$3\r\nabc\r\n");
  h_.db().Add("other2", TestStructure::Make({"z"}), 0, "");
  EXPECT_EQ(h_.Run({"BITOP", "AND", "other2", "missing1", "missing2"}), ":0\r\n");
  EXPECT_EQ(h_.Run({"EXISTS", "other2"}), ":0\r\n");
}

// The generic commands work on any type, through the same pointer mechanism.
TEST_F(WrongTypeTest, GenericCommandsMoveCopyAndDeleteIt) {
  const int live = TestStructure::live;
  EXPECT_EQ(h_.Run({"COPY", "other", "copy"}), ":1\r\n");
  EXPECT_EQ(TestStructure::live, live + 1);
  EXPECT_NE(h_.db().Peek("copy")->value().Ptr<TestStructure>(), structure_);
  EXPECT_EQ(h_.Run({"RENAME", "copy", "renamed"}), "+OK\r\n");
  EXPECT_EQ(h_.Run({"MOVE", "renamed", "1"}), ":1\r\n");
  EXPECT_EQ(TestStructure::live, live + 1);  // moved, not copied
  EXPECT_EQ(h_.Run({"TYPE", "renamed"}), "+none\r\n");
  EXPECT_EQ(h_.Run({"DEL", "other"}), ":1\r\n");
  EXPECT_EQ(TestStructure::live, live);
  h_.Run({"FLUSHALL"});
  EXPECT_EQ(TestStructure::live, live - 1);
}

// The set family against a list (redis-server 7.0.15's replies): WRONGTYPE, or the argument error Redis
// checks before the lookup; a missing SMOVE source answers 0 before the destination's type is looked at.
TEST_F(WrongTypeTest, SetCommands) {
  h_.Run({"SADD", "myset", "1"});
  rec_.Take();
  for (const std::vector<std::string>& argv : std::vector<std::vector<std::string>>{
           {"SADD", "other", "1"}, {"SREM", "other", "x"}, {"SMEMBERS", "other"}, {"SISMEMBER", "other", "x"},
           {"SMISMEMBER", "other", "x"}, {"SCARD", "other"}, {"SPOP", "other"}, {"SPOP", "other", "0"},
           {"SRANDMEMBER", "other"}, {"SRANDMEMBER", "other", "0"}, {"SINTER", "myset", "other"},
           {"SINTERCARD", "1", "other"}, {"SINTERSTORE", "d", "nokey", "other"}, {"SUNION", "other"},
           {"SUNIONSTORE", "d", "myset", "other"}, {"SDIFF", "nokey", "other"}, {"SDIFFSTORE", "d", "other"},
           {"SMOVE", "myset", "other", "1"}, {"SMOVE", "other", "myset", "1"}, {"SSCAN", "other", "0", "COUNT", "0"}}) {
    Expect(argv, kWrongType);
  }
  Expect({"SPOP", "other", "-1"}, "-ERR value is out of range, must be positive\r\n");
  Expect({"SRANDMEMBER", "other", "abc"}, kNotInt);
  Expect({"SINTERCARD", "0", "other"}, "-ERR numkeys should be greater than 0\r\n");
  Expect({"SSCAN", "other", "x"}, "-ERR invalid cursor\r\n");
  Expect({"SMOVE", "nokey", "other", "m"}, ":0\r\n");
  EXPECT_EQ(h_.Run({"SMEMBERS", "myset"}), "*1\r\n$1\r\n1\r\n");
}

// The hash family against a list (redis-server 7.0.15's replies): WRONGTYPE, or the argument error Redis
// checks before the lookup (HINCRBY's increment, HRANDFIELD's count and WITHVALUES, HSET's pairs, HSCAN's
// cursor).
TEST_F(WrongTypeTest, HashCommands) {
  for (const std::vector<std::string>& argv : std::vector<std::vector<std::string>>{
           {"HSET", "other", "f", "v"}, {"HMSET", "other", "f", "v"}, {"HSETNX", "other", "f", "v"},
           {"HGET", "other", "f"}, {"HMGET", "other", "f"}, {"HGETALL", "other"}, {"HKEYS", "other"},
           {"HVALS", "other"}, {"HDEL", "other", "x"}, {"HLEN", "other"}, {"HEXISTS", "other", "x"},
           {"HSTRLEN", "other", "x"}, {"HINCRBY", "other", "f", "1"}, {"HINCRBYFLOAT", "other", "f", "1"},
           {"HRANDFIELD", "other"}, {"HRANDFIELD", "other", "0"}, {"HRANDFIELD", "other", "-3", "WITHVALUES"},
           {"HSCAN", "other", "0", "COUNT", "0"}}) {
    Expect(argv, kWrongType);
  }
  Expect({"HSET", "other", "f", "v", "g"}, "-ERR wrong number of arguments for 'hset' command\r\n");
  Expect({"HMSET", "other", "f"}, "-ERR wrong number of arguments for 'hmset' command\r\n");
  Expect({"HINCRBY", "other", "f", "x"}, kNotInt);
  Expect({"HINCRBYFLOAT", "other", "f", "x"}, "-ERR value is not a valid float\r\n");
  Expect({"HINCRBYFLOAT", "other", "f", "inf"}, "-ERR value is NaN or Infinity\r\n");
  Expect({"HRANDFIELD", "other", "x"}, kNotInt);
  Expect({"HRANDFIELD", "other", "1", "x"}, "-ERR syntax error\r\n");
  Expect({"HRANDFIELD", "other", "4611686018427387904", "WITHVALUES"}, "-ERR value is out of range\r\n");
  Expect({"HSCAN", "other", "x"}, "-ERR invalid cursor\r\n");
}

}  // namespace
}  // namespace ringkv::core

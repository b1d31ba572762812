// Lua scripting through the real dispatcher (EVAL and friends, core/commands/scripting.cc, core/script/): the
// conversions of values both ways in RESP2 and RESP3, the sandbox, the error texts of Redis 7.0.15, the
// shebang flags, and propagation: a script's effects reach the stream as one unit (MULTI/EXEC around several),
// EVAL itself never; the streams expected here were read from redis-server 7.0.15 with SYNC.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/propagation.h"
#include "core/sha1.h"
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

class LuaTest : public ::testing::Test {
 protected:
  std::string Eval(const std::string& body, std::vector<std::string> rest = {"0"}) {
    std::vector<std::string> argv = {"EVAL", body};
    argv.insert(argv.end(), rest.begin(), rest.end());
    return h_.Run(argv);
  }
  std::string Resp3Eval(const std::string& body) {
    h_.client().resp = 3;
    h_.client().rb().SetResp3(true);
    std::string out = Eval(body);
    h_.client().resp = 2;
    h_.client().rb().SetResp3(false);
    return out;
  }
  static std::string Sha(std::string_view body) { return Sha1Hex(body); }

  CommandHarness h_;
};

TEST_F(LuaTest, LuaToResp2) {
  EXPECT_EQ(Eval("return 'str'"), "$3\r\nstr\r\n");
  EXPECT_EQ(Eval("return 3.99"), ":3\r\n");
  EXPECT_EQ(Eval("return -3.99"), ":-3\r\n");
  EXPECT_EQ(Eval("return nil"), "$-1\r\n");
  EXPECT_EQ(Eval("return true"), ":1\r\n");
  EXPECT_EQ(Eval("return false"), "$-1\r\n");
  EXPECT_EQ(Eval("return {1, 2, 3, nil, 5}"), "*3\r\n:1\r\n:2\r\n:3\r\n");
  EXPECT_EQ(Eval("return {1, {ok='x'}, {err='e'}, {2, false}}"), "*4\r\n:1\r\n+x\r\n-e\r\n*2\r\n:2\r\n$-1\r\n");
  EXPECT_EQ(Eval("return {ok='a\\r\\nb'}"), "+a  b\r\n");
  EXPECT_EQ(Eval("return {double=1.5}"), "$3\r\n1.5\r\n");
  EXPECT_EQ(Eval("return {map={a=1}}"), "*2\r\n$1\r\na\r\n:1\r\n");
  EXPECT_EQ(Eval("return {set={a=true}}"), "*1\r\n$1\r\na\r\n");
  EXPECT_EQ(Eval("return {big_number='123'}"), "$3\r\n123\r\n");
  EXPECT_EQ(Eval("redis.setresp(3) return true"), ":1\r\n");
  EXPECT_EQ(Eval("redis.setresp(3) return false"), ":0\r\n");
}

TEST_F(LuaTest, LuaToResp3) {
  EXPECT_EQ(Resp3Eval("return false"), "_\r\n");
  EXPECT_EQ(Resp3Eval("return true"), ":1\r\n");
  EXPECT_EQ(Resp3Eval("redis.setresp(3) return false"), "#f\r\n");
  EXPECT_EQ(Resp3Eval("return {double=1.5}"), ",1.5\r\n");
  EXPECT_EQ(Resp3Eval("return {map={a=1}}"), "%1\r\n$1\r\na\r\n:1\r\n");
  EXPECT_EQ(Resp3Eval("return {set={a=true}}"), "~1\r\n$1\r\na\r\n");
  EXPECT_EQ(Resp3Eval("return {big_number='123'}"), "(123\r\n");
  EXPECT_EQ(Resp3Eval("return {verbatim_string={format='txt', string='hi'}}"), "=6\r\ntxt:hi\r\n");
  EXPECT_EQ(Resp3Eval("return nil"), "_\r\n");
}

TEST_F(LuaTest, RespToLua) {
  h_.Run({"RPUSH", "l", "a", "b"});
  h_.Run({"HSET", "h", "f", "v"});
  h_.Run({"ZADD", "z", "1.5", "m"});
  EXPECT_EQ(Eval("return redis.call('lrange', 'l', 0, -1)"), "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(Eval("return type(redis.call('get', 'nokey'))"), "$7\r\nboolean\r\n");
  EXPECT_EQ(Eval("return redis.call('set', 'x', 'y').ok"), "$2\r\nOK\r\n");
  EXPECT_EQ(Eval("return redis.call('incr', 'c')"), ":1\r\n");
  // RESP3 inside: a map, a null, a double.
  EXPECT_EQ(Eval("redis.setresp(3) return redis.call('hgetall', 'h').map.f"), "$1\r\nv\r\n");
  EXPECT_EQ(Eval("redis.setresp(3) return type(redis.call('get', 'nokey'))"), "$3\r\nnil\r\n");
  EXPECT_EQ(Eval("redis.setresp(3) return redis.call('zscore', 'z', 'm').double"), ":1\r\n");
  EXPECT_EQ(Eval("redis.setresp(3) return redis.call('zscore', 'z', 'm')"), "$3\r\n1.5\r\n");
  // Numbers go out with %.17g.
  EXPECT_EQ(Eval("return redis.call('set', 'n', 1e16)"), "+OK\r\n");
  EXPECT_EQ(h_.Run({"GET", "n"}), "$17\r\n10000000000000000\r\n");
}

TEST_F(LuaTest, CallErrors) {
  h_.Run({"SET", "s", "abc"});
  const std::string incr = "return redis.call('incr','s')";
  EXPECT_EQ(Eval(incr), "-ERR value is not an integer or out of range script: " + Sha(incr) + ", on @user_script:1.\r\n");
  EXPECT_EQ(Eval("return redis.pcall('incr','s')"), "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(Eval("return redis.pcall('nosuch')"), "-ERR Unknown Redis command called from script\r\n");
  EXPECT_EQ(Eval("return redis.pcall('get')"), "-ERR Wrong number of args calling Redis command from script\r\n");
  EXPECT_EQ(Eval("return redis.pcall('hello')"), "-ERR This Redis command is not allowed from script\r\n");
  EXPECT_EQ(Eval("return redis.pcall()"), "-ERR Please specify at least one argument for this redis lib call\r\n");
  EXPECT_EQ(Eval("return redis.pcall('get', {})"),
            "-ERR Lua redis lib command arguments must be strings or integers\r\n");
  EXPECT_EQ(Eval("local ok, e = pcall(redis.call, 'nosuch') return e"),
            "$44\r\nERR Unknown Redis command called from script\r\n");
  const std::string boom = "error('boom')";
  EXPECT_EQ(Eval(boom), "-ERR user_script:1: boom script: " + Sha(boom) + ", on @user_script:1.\r\n");
  const std::string custom = "error({err='CUSTOM boom'})";
  EXPECT_EQ(Eval(custom), "-CUSTOM boom script: " + Sha(custom) + ", on @user_script:1.\r\n");
  EXPECT_EQ(Eval("return 1 +"),
            "-ERR Error compiling script (new function): user_script:1: unexpected symbol near '<eof>'\r\n");
  EXPECT_EQ(Eval("return redis.error_reply('My err')"), "-My err\r\n");
  EXPECT_EQ(Eval("return redis.error_reply('-CODE x')"), "-CODE x\r\n");
}

TEST_F(LuaTest, Sandbox) {
  const std::string set_global = "x = 1";
  EXPECT_EQ(Eval(set_global),
            "-ERR user_script:1: Attempt to modify a readonly table script: " + Sha(set_global) + ", on @user_script:1.\r\n");
  const std::string get_os = "return os";
  EXPECT_EQ(Eval(get_os), "-ERR user_script:1: Script attempted to access nonexistent global variable 'os' script: " +
                              Sha(get_os) + ", on @user_script:1.\r\n");
  for (const char* name : {"io", "loadfile", "dofile", "print", "debug", "getfenv", "setfenv", "newproxy", "require"}) {
    std::string body = std::string("return ") + name;
    EXPECT_EQ(Eval(body).substr(0, 36), "-ERR user_script:1: Script attempted") << name;
  }
  const std::string lib = "redis.call = 1";
  EXPECT_EQ(Eval(lib), "-ERR user_script:1: Attempt to modify a readonly table script: " + Sha(lib) +
                           ", on @user_script:1.\r\n");
  const std::string raw = "rawset(_G, 'x', 1)";
  EXPECT_EQ(Eval(raw), "-ERR Attempt to modify a readonly table script: " + Sha(raw) + ", on @user_script:1.\r\n");
  EXPECT_EQ(Eval("setmetatable(_G, nil)").substr(0, 39), "-ERR Attempt to modify a readonly table");
  EXPECT_EQ(Eval("return getmetatable(redis)"), "$-1\r\n");
  EXPECT_EQ(Eval("local t = {} rawset(t, 'a', 1) return t.a"), ":1\r\n");
  EXPECT_EQ(Eval("return ('abc'):upper()"), "$3\r\nABC\r\n");
  EXPECT_EQ(Eval("return cjson.encode({1, 2, 'a'})"), "$9\r\n[1,2,\"a\"]\r\n");
  EXPECT_EQ(Eval("return bit.band(7, 3)"), ":3\r\n");
  // Nothing a script does survives into the next one.
  EXPECT_EQ(Eval("return type(KEYS)"), "$5\r\ntable\r\n");
  EXPECT_EQ(Eval("return {KEYS[1], ARGV[1], #KEYS, #ARGV}", {"1", "k", "a", "b"}),
            "*4\r\n$1\r\nk\r\n$1\r\na\r\n:1\r\n:2\r\n");
}

// The globals and every table reachable from them are locked as in 7.0.15 (replies read from redis-server), yet
// iterate and read raw like plain tables.
TEST_F(LuaTest, SandboxLockedTablesReadLikeRedis) {
  EXPECT_EQ(Eval("local n = 0 for k in pairs(_G) do n = n + 1 end return n"), ":35\r\n");
  EXPECT_EQ(Eval("local n = 0 for k in pairs(string) do n = n + 1 end return n"), ":15\r\n");
  EXPECT_EQ(Eval("return type(next(_G))"), "$6\r\nstring\r\n");
  EXPECT_EQ(Eval("return rawget(_G, 'redis') == redis"), ":1\r\n");
  EXPECT_EQ(Eval("local t = {} for k, v in pairs(getmetatable(_G)) do t[#t + 1] = k .. '=' .. type(v) end return t"),
            "*1\r\n$16\r\n__index=function\r\n");
  EXPECT_EQ(Eval("return tostring(getmetatable(string))"), "$3\r\nnil\r\n");
  EXPECT_EQ(Eval("return getmetatable('').__index == string"), ":1\r\n");
  const std::string sm = "getmetatable('').__index = {}";
  EXPECT_EQ(Eval(sm), "-ERR user_script:1: Attempt to modify a readonly table script: " + Sha(sm) +
                          ", on @user_script:1.\r\n");
  const std::string smraw = "rawset(getmetatable(''), 'x', 1)";
  EXPECT_EQ(Eval(smraw), "-ERR Attempt to modify a readonly table script: " + Sha(smraw) + ", on @user_script:1.\r\n");
  const std::string ins = "table.insert(string, 1)";
  EXPECT_EQ(Eval(ins), "-ERR Attempt to modify a readonly table script: " + Sha(ins) + ", on @user_script:1.\r\n");
  const std::string upper = "string.upper = nil";
  EXPECT_EQ(Eval(upper).substr(0, 54), "-ERR user_script:1: Attempt to modify a readonly table");
  EXPECT_EQ(Eval("return ('abc'):upper()"), "$3\r\nABC\r\n");
  EXPECT_EQ(Eval("return {type(loadstring), type(load), type(gcinfo), type(rawget(_G, 'setfenv'))}"),
            "*4\r\n$8\r\nfunction\r\n$8\r\nfunction\r\n$8\r\nfunction\r\n$3\r\nnil\r\n");
  EXPECT_EQ(Eval("return cmsgpack._DESCRIPTION"), "$36\r\nMessagePack C implementation for Lua\r\n");
}

// Chunks are text only: a bytecode chunk (ESC first) fails in the parser as in Redis's Lua.
TEST_F(LuaTest, NoBytecode) {
  EXPECT_EQ(Eval("local f, e = loadstring(string.dump(function() return 1 end)) return e"),
            "$53\r\n[string \"\x1bLuaQ\"]:1: unexpected symbol near 'char(27)'\r\n");
  EXPECT_EQ(Eval("local s, i = string.dump(function() end), 0 local f, e = load(function() i = i + 1 "
                 "if i == 1 then return s end end) return e"),
            "$43\r\n(load):1: unexpected symbol near 'char(27)'\r\n");
  EXPECT_EQ(Eval("return loadstring('return 5')()"), ":5\r\n");
  EXPECT_EQ(Eval(std::string("\x1bLuaQ\0\x01", 7)),
            "-ERR Error compiling script (new function): user_script:1: unexpected symbol near 'char(27)'\r\n");
}

// Expiry inside a script is judged at its start, inside EXEC at EXEC's start; TTLs use the real clock.
TEST_F(LuaTest, TimeSnapshot) {
  const std::string wait =
      "local function ms() local t = redis.call('TIME') return t[1] * 1000 + math.floor(t[2] / 1000) end "
      "local s = ms() while ms() - s < 120 do end ";
  EXPECT_EQ(Eval("redis.call('SET', 'k', 'v', 'PX', 40) " + wait +
                 "return {redis.call('GET', 'k'), redis.call('PTTL', 'k'), redis.call('EXISTS', 'k')}"),
            "*3\r\n$1\r\nv\r\n:0\r\n:1\r\n");
  EXPECT_EQ(h_.Run({"EXISTS", "k"}), ":0\r\n");
  EXPECT_EQ(h_.Run({"MULTI"}), "+OK\r\n");
  h_.Run({"SET", "m", "v", "PX", "40"});
  h_.Run({"DEBUG", "SLEEP", "0.12"});
  h_.Run({"GET", "m"});
  h_.Run({"EVAL", "return redis.call('EXISTS', 'm')", "0"});  // a script's own snapshot, after the sleep
  EXPECT_EQ(h_.Run({"EXEC"}), "*4\r\n+OK\r\n+OK\r\n$1\r\nv\r\n:0\r\n");
}

TEST_F(LuaTest, RandomIsRedisRand48) {
  // The process-wide rand48 sequence from its initial state, then reseeded (values read from redis-server).
  EXPECT_EQ(Eval("return tostring(math.random())"), "$16\r\n0.39646477363839\r\n");
  EXPECT_EQ(Eval("math.randomseed(0) return tostring(math.random())"), "$16\r\n0.17082803611217\r\n");
  EXPECT_EQ(Eval("math.randomseed(1) return tostring(math.random())"), "$17\r\n0.041630344484761\r\n");
  EXPECT_EQ(Eval("return tostring(math.random())"), "$15\r\n0.4544924448498\r\n");
}

TEST_F(LuaTest, ShebangAndReadOnly) {
  EXPECT_EQ(Eval("#!lua flags=bad\nreturn 1"), "-ERR Unexpected flag in script shebang: bad\r\n");
  EXPECT_EQ(Eval("#!lux\nreturn 1"), "-ERR Unexpected engine in script shebang: #!lux\r\n");
  EXPECT_EQ(Eval("#!lua x=1\nreturn 1"), "-ERR Unknown lua shebang option: x=1\r\n");
  EXPECT_EQ(Eval("#!lua"), "-ERR Invalid script shebang\r\n");
  const std::string line2 = "#!lua\nerror('x')";
  EXPECT_EQ(Eval(line2), "-ERR user_script:2: x script: " + Sha(line2) + ", on @user_script:2.\r\n");
  const std::string nw = "#!lua flags=no-writes\nreturn redis.call('set','a','b')";
  EXPECT_EQ(Eval(nw), "-ERR Write commands are not allowed from read-only scripts. script: " + Sha(nw) +
                          ", on @user_script:2.\r\n");
  EXPECT_EQ(h_.Run({"EVAL_RO", "#!lua\nreturn 1", "0"}),
            "-ERR Can not execute a script with write flag using *_ro command.\r\n");
  EXPECT_EQ(h_.Run({"EVAL_RO", "return redis.pcall('set','a','b')", "0"}),
            "-ERR Write commands are not allowed from read-only scripts.\r\n");
  EXPECT_EQ(h_.Run({"EXISTS", "a"}), ":0\r\n");
}

TEST_F(LuaTest, CacheAndNumkeys) {
  EXPECT_EQ(h_.Run({"EVAL", "return 1", "-1"}), "-ERR Number of keys can't be negative\r\n");
  EXPECT_EQ(h_.Run({"EVAL", "return 1", "2", "a"}), "-ERR Number of keys can't be greater than number of args\r\n");
  EXPECT_EQ(h_.Run({"EVAL", "return 1", "x"}), "-ERR value is not an integer or out of range\r\n");
  const std::string sha = Sha("return 1");
  EXPECT_EQ(h_.Run({"EVALSHA", sha, "0"}), "-NOSCRIPT No matching script. Please use EVAL.\r\n");
  EXPECT_EQ(h_.Run({"SCRIPT", "LOAD", "return 1"}), "$40\r\n" + sha + "\r\n");
  EXPECT_EQ(h_.Run({"SCRIPT", "EXISTS", sha, "nope"}), "*2\r\n:1\r\n:0\r\n");
  std::string upper = sha;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(h_.Run({"EVALSHA", upper, "0"}), ":1\r\n");
  EXPECT_EQ(h_.Run({"SCRIPT", "FLUSH"}), "+OK\r\n");
  EXPECT_EQ(h_.Run({"SCRIPT", "EXISTS", sha}), "*1\r\n:0\r\n");
  EXPECT_EQ(h_.Run({"SCRIPT", "KILL"}), "-NOTBUSY No scripts in execution right now.\r\n");
  // The state is new after FLUSH and still sandboxed.
  EXPECT_EQ(Eval("return type(redis.call)"), "$8\r\nfunction\r\n");
  EXPECT_EQ(Eval("x = 1").substr(0, 54), "-ERR user_script:1: Attempt to modify a readonly table");
}

TEST_F(LuaTest, PropagatesEffectsAsOneUnit) {
  Recorder rec;
  h_.server().AddPropagationTarget(&rec);
  Eval("redis.call('set','a','1') redis.call('incr','a') return 1");
  EXPECT_EQ(rec.Take(), (std::vector<std::string>{"0: MULTI", "0: set a 1", "0: incr a", "-1: EXEC"}));
  Eval("redis.call('set','b','1') return 1");
  EXPECT_EQ(rec.Take(), (std::vector<std::string>{"0: set b 1"}));
  Eval("return redis.call('get','b')");
  EXPECT_TRUE(rec.Take().empty());
  Eval("redis.call('select','2') redis.call('set','c','1') return 1");
  EXPECT_EQ(rec.Take(), (std::vector<std::string>{"2: set c 1"}));
  Eval("redis.set_repl(redis.REPL_NONE) redis.call('set','d','1') redis.set_repl(redis.REPL_ALL) "
       "redis.call('set','e','1') return 1");
  EXPECT_EQ(rec.Take(), (std::vector<std::string>{"0: set e 1"}));
  // A script that fails after a write: the write stays and is propagated.
  Eval("redis.call('set','f','1') error('x')");
  EXPECT_EQ(rec.Take(), (std::vector<std::string>{"0: set f 1"}));
  h_.server().propagator().RemoveTarget(&rec);
}

}  // namespace
}  // namespace ringkv::core

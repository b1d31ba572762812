"""Lua scripting over the wire, each scenario against redis-server 7.0.15 and ringkv: the same scripts must give
the same raw replies in RESP2 and RESP3 (conversions, errors raised in scripts, redis.pcall tables, the
sandbox), binary-safe KEYS/ARGV, big replies and many redis.call in one script, the script cache through
redis-py's Script helper (EVALSHA falling back to EVAL), and commandstats/errorstats after scripts."""
import pytest
import redis

from servers import start_redis
from test_blocking import Raw


@pytest.fixture(params=["redis", "ringkv"])
def srv(request, redis_server, ringkv):
    s = redis_server if request.param == "redis" else ringkv
    c = s.client()
    c.flushall()
    c.script_flush()
    c.close()
    yield s


def both(redis_server, ringkv, resp3, calls):
    """Runs calls (argument tuples) on a fresh connection to each server; returns the two lists of raw replies."""
    out = []
    for s in (redis_server, ringkv):
        raw = Raw(s.port, resp3=resp3)
        try:
            raw.call("FLUSHALL")
            raw.call("SCRIPT", "FLUSH")
            out.append([raw.call(*c) for c in calls])
        finally:
            raw.close()
    return out


SCRIPTS = [
    ("EVAL", "return {1, 'two', {3, {ok='four'}}, false, true}", 0),
    ("EVAL", "return {map={a=1, b={2, 3}}}", 0),
    ("EVAL", "return {set={x=true}}", 0),
    ("EVAL", "return {double=3.25}", 0),
    ("EVAL", "return {double=1/0}", 0),
    ("EVAL", "redis.setresp(3) return {true, false}", 0),
    ("EVAL", "redis.setresp(3) redis.call('hset', 'h', 'f', 'v') return redis.call('hgetall', 'h')", 0),
    ("EVAL", "redis.setresp(3) redis.call('sadd', 's', 'm') return redis.call('smembers', 's')", 0),
    ("EVAL", "redis.setresp(3) redis.call('zadd', 'z', 2.5, 'm') return redis.call('zscore', 'z', 'm')", 0),
    ("EVAL", "redis.setresp(3) return redis.call('get', 'missing')", 0),
    ("EVAL", "return redis.call('get', 'missing')", 0),
    ("EVAL", "redis.call('set', KEYS[1], ARGV[1]) return redis.call('get', KEYS[1])", 1, "k\x00bin", "v\x00\xff"),
    ("EVAL", "return redis.call('incr', KEYS[1])", 1, "k\x00bin"),
    ("EVAL", "return redis.pcall('incr', KEYS[1])", 1, "k\x00bin"),
    ("EVAL", "local r = redis.pcall('lpush', KEYS[1], 'x') return {r.err, type(r)}", 1, "k\x00bin"),
    ("EVAL", "return redis.call('hgetall', 'nohash')", 0),
    ("EVAL", "error('plain')", 0),
    ("EVAL", "error({err='OWN code'})", 0),
    ("EVAL", "error()", 0),
    ("EVAL", "local t = setmetatable({}, {__index = function() return 1 end}) return t.x", 0),
    ("EVAL", "return tostring(nil) .. tostring(1.5) .. tostring(100000000000000)", 0),
    ("EVAL", "return {cjson.encode({key='v'}), cjson.decode('[10]')[1]}", 0),
    ("EVAL", "global_x = 5", 0),
    ("EVAL", "return redis.call('client', 'id')", 0),
    ("EVAL", "return redis.call('object', 'encoding', 'nokey')", 0),
    ("SCRIPT", "LOAD", "return 'cached'"),
    ("EVALSHA", "952f49ffc8f7b098d8ab5da45d3164ca36ed18b1", 0),
    ("EVAL_RO", "return redis.call('del', 'x')", 0),
]


# The sandbox as 7.0.15 shows it: globals iterate and read raw, every table reachable from them (and the string
# metatable) refuses writes in Redis's words, the base functions present and absent, chunks parsed as text only.
SANDBOX = [
    ("EVAL", "local t = {} for k in pairs(_G) do t[#t + 1] = k end table.sort(t) return t", 0),
    ("EVAL", "local n = 0 local k = next(_G) while k do n = n + 1 k = next(_G, k) end return n", 0),
    ("EVAL", "local n = 0 table.foreach(_G, function() n = n + 1 end) return n", 0),
    ("EVAL", "return {rawget(_G, 'redis') == redis, rawget(_G, 'nope') == nil, _G == _G._G, type(next(_G))}", 0),
    ("EVAL", "local t = {} for k, v in pairs(getmetatable(_G)) do t[#t + 1] = k .. '=' .. type(v) end return t", 0),
    ("EVAL", "return {type(getmetatable(getmetatable(_G))), type(getmetatable(string)), type(getmetatable(redis))}", 0),
    ("EVAL", "return {pcall(getmetatable(_G).__index, _G, 'zz')}", 0),
    ("EVAL", "rawset(_G, 'x', 1)", 0),
    ("EVAL", "setmetatable(_G, {})", 0),
    ("EVAL", "setmetatable(_G, nil)", 0),
    ("EVAL", "getmetatable(_G).__index = nil", 0),
    ("EVAL", "rawset(getmetatable(_G), '__newindex', type)", 0),
    ("EVAL", "return undefined_global", 0),
    ("EVAL", "_G.x = 1", 0),
    ("EVAL", "redis = nil", 0),
    ("EVAL", "KEYS = {}", 0),
    ("EVAL", "KEYS[1] = 'mine' ARGV.x = 1 setmetatable(KEYS, {}) return KEYS[1]", 1, "k"),
    ("EVAL", "redis.call = nil", 0),
    ("EVAL", "cjson.encode = nil", 0),
    ("EVAL", "bit.x = 1", 0),
    ("EVAL", "struct.x = 1", 0),
    ("EVAL", "cmsgpack.x = 1", 0),
    ("EVAL", "string.x = 1", 0),
    ("EVAL", "math.x = 1", 0),
    ("EVAL", "table.x = 1", 0),
    ("EVAL", "coroutine.x = 1", 0),
    ("EVAL", "local s = string s.upper = nil", 0),
    ("EVAL", "rawset(string, 'x', 1)", 0),
    ("EVAL", "table.insert(string, 1)", 0),
    ("EVAL", "return {pcall(table.insert, {}, 1), pcall(table.sort, _G), table.remove(string), table.getn(string)}", 0),
    ("EVAL", "local t = {} for _, lib in ipairs({'redis', 'string', 'math', 'table', 'cjson', 'bit', 'struct', "
             "'cmsgpack', 'coroutine'}) do local n = 0 for k in pairs(_G[lib]) do n = n + 1 end "
             "t[#t + 1] = lib .. '=' .. n end return t", 0),
    ("EVAL", "local t = {} for k in pairs(cmsgpack) do t[#t + 1] = k end table.sort(t) return t", 0),
    ("EVAL", "return {type(getmetatable('')), getmetatable('').__index == string, ('abc'):upper()}", 0),
    ("EVAL", "getmetatable('').__index = {}", 0),
    ("EVAL", "getmetatable('').__index.upper = function() return 'hacked' end", 0),
    ("EVAL", "getmetatable('').x = 1", 0),
    ("EVAL", "rawset(getmetatable(''), 'x', 1)", 0),
    ("EVAL", "setmetatable(getmetatable(''), {})", 0),
    ("EVAL", "local t = {} for k in pairs(getmetatable('')) do t[#t + 1] = k end return t", 0),
    ("EVAL", "local t = {} for _, n in ipairs({'loadstring', 'load', 'setfenv', 'getfenv', 'rawequal', 'dofile', "
             "'loadfile', 'print', 'collectgarbage', 'newproxy', 'gcinfo', 'module', 'require', 'unpack', 'os', "
             "'io', 'debug', 'package', '_VERSION'}) do t[#t + 1] = n .. '=' .. type(rawget(_G, n)) end return t", 0),
    ("EVAL", "local t = setmetatable({}, {__metatable = 'locked'}) return {getmetatable(t), pcall(setmetatable, t, {})}",
     0),
    ("EVAL", "return {pcall(next)}", 0),
    ("EVAL", "return {pcall(next, _G, 'nonexistentkey')}", 0),
    ("EVAL", "return {pcall(rawget, _G)}", 0),
    ("EVAL", "return {pcall(pairs, 1)}", 0),
    ("EVAL", "return {select(2, pairs(_G)) == _G, select(1, pairs(_G)) == next}", 0),
    ("EVAL", "return loadstring('return 1 + ...')(4)", 0),
    ("EVAL", "return {pcall(loadstring('y = 1'))}", 0),
    ("EVAL", "return {loadstring('return +')}", 0),
    ("EVAL", "local c = coroutine.create(function() x = 1 end) return {coroutine.resume(c)}", 0),
    ("EVAL", "local i = 0 return load(function() i = i + 1 if i == 1 then return 'return ' end "
             "if i == 2 then return '42' end end)()", 0),
    ("EVAL", "return {load(function() return {} end)}", 0),
    # Bytecode is never loaded: the ESC byte is a syntax error of the text parser.
    ("EVAL", "return {loadstring(string.dump(function() return 1 end))}", 0),
    ("EVAL", "return {loadstring(string.dump(function() return 1 end), '=named')}", 0),
    ("EVAL", "return {loadstring(string.dump(function() return 1 end), '@file')}", 0),
    ("EVAL", "return {loadstring('\\27xyz\\nmore')}", 0),
    ("EVAL", "local s, i = string.dump(function() return 1 end), 0 return {load(function() i = i + 1 "
             "if i == 1 then return s end end)}", 0),
    ("EVAL", "\x1bLuaQ\x00\x01\x04\x08", 0),
    ("EVAL", "\x1b", 0),
    # Writes that failed leave nothing behind for the next script.
    ("EVAL", "pcall(function() string.upper = nil end) pcall(rawset, string, 'upper', nil) "
             "pcall(table.insert, string, 'x') pcall(setmetatable, string, {}) "
             "pcall(function() getmetatable('').__index = {} end) return 1", 0),
    ("EVAL", "return {('a'):upper(), tostring(rawget(string, 1)), tostring(string[1]), "
             "tostring(rawget(_G, 'x')), type(getmetatable(string))}", 0),
    # math.random after a reseed: the same sequence as Redis's rand48.
    ("EVAL", "math.randomseed(7) return {tostring(math.random()), math.random(10), math.random(5, 9)}", 0),
]


@pytest.mark.parametrize("resp3", [False, True])
def test_sandbox_like_redis(redis_server, ringkv, resp3):
    ref, got = both(redis_server, ringkv, resp3, SANDBOX)
    diffs = [(c, r, g) for c, r, g in zip(SANDBOX, ref, got) if r != g]
    assert not diffs, "\n".join(f"{c!r}:\n  redis  {r!r}\n  ringkv {g!r}" for c, r, g in diffs)


def test_random_sequence_from_start_like_redis(fresh_ringkv):
    """math.random's process-wide sequence from a fresh server, unseeded, as redis-server's."""
    body = "return {tostring(math.random()), math.random(100), math.random(3, 7)}"
    out = []
    for make in (start_redis, fresh_ringkv):
        s = make()
        try:
            c = s.client()
            out.append([c.eval(body, 0), c.eval(body, 0)])
            c.close()
        finally:
            if make is start_redis:
                s.cleanup()
    assert out[0] == out[1]


# Waits ~150 ms inside a script (TIME is the real clock there, as in Redis 7.0).
WAIT_150MS = ("local function ms() local t = redis.call('TIME') return t[1] * 1000 + math.floor(t[2] / 1000) end "
              "local s = ms() while ms() - s < 150 do end ")


def test_time_snapshot_like_redis(redis_server, ringkv):
    """Redis 7.0 judges expiry inside a script by the time it started, and inside EXEC by EXEC's start (a
    script in EXEC by its own start): a key set to live 50 ms stays for the rest of the script/transaction,
    while TTLs and new expire times use the real clock."""
    out = []
    for s in (redis_server, ringkv):
        c = s.client()
        c.flushall()
        got = [c.eval("redis.call('SET', KEYS[1], 'v', 'PX', 50) " + WAIT_150MS +
                      "return {redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1]), redis.call('TTL', KEYS[1]), "
                      "redis.call('EXISTS', KEYS[1]), redis.call('DBSIZE'), redis.call('KEYS', '*'), "
                      "redis.call('RANDOMKEY'), redis.call('SCAN', 0)[2]}", 1, "k")]
        got.append(c.exists("k"))
        p = c.pipeline(transaction=True)
        p.set("k2", "v", px=50).execute_command("DEBUG", "SLEEP", "0.15").get("k2").pttl("k2").exists("k2")
        p.keys("*").copy("k2", "k3").rename("k2", "k4")
        got.append(p.execute())
        got.append([c.exists("k2"), c.exists("k3"), c.exists("k4")])
        c.flushall()
        c.set("m", "v", px=50)
        p = c.pipeline(transaction=True)
        p.exists("m").execute_command("DEBUG", "SLEEP", "0.15")
        p.eval("return {redis.call('EXISTS', KEYS[1]), redis.call('PTTL', KEYS[1])}", 1, "m").exists("m")
        got.append(p.execute())
        got.append(c.eval(WAIT_150MS + "redis.call('SET', KEYS[1], 'v', 'PX', 100000) "
                          "return redis.call('PTTL', KEYS[1]) > 99900", 1, "n"))
        out.append(got)
        c.close()
    ref, mine = out
    assert ref == mine
    assert mine[0][:4] == [b"v", 0, 0, 1]  # alive for the script, though its TTL ran out
    assert mine[2][2:5] == [b"v", 0, 1]
    assert mine[4] == [True, b"OK", [0, -2], 0]  # the script's own snapshot, taken after the sleep


@pytest.mark.parametrize("resp3", [False, True])
def test_same_replies_as_redis(redis_server, ringkv, resp3):
    ref, got = both(redis_server, ringkv, resp3, SCRIPTS)
    diffs = [(c, r, g) for c, r, g in zip(SCRIPTS, ref, got) if r != g]
    assert not diffs, "\n".join(f"{c!r}:\n  redis  {r!r}\n  ringkv {g!r}" for c, r, g in diffs)


def test_big_reply_and_many_calls(redis_server, ringkv):
    calls = [
        ("EVAL", "local t = {} for i = 1, 20000 do t[i] = i end return t", 0),
        ("EVAL", "for i = 1, 2000 do redis.call('rpush', 'l', i) end return redis.call('llen', 'l')", 0),
        ("EVAL", "local s = 0 for _, v in ipairs(redis.call('lrange', 'l', 0, -1)) do s = s + v end return s", 0),
        ("EVAL", "return string.rep('x', 100000)", 0),
    ]
    ref, got = both(redis_server, ringkv, False, calls)
    assert ref == got


def test_script_helper_of_redis_py(srv):
    c = srv.client()
    incr_by = c.register_script("return redis.call('incrby', KEYS[1], ARGV[1])")
    assert incr_by(keys=["n"], args=[5]) == 5  # NOSCRIPT first, then EVAL loads it
    assert incr_by(keys=["n"], args=[2]) == 7
    assert c.script_exists(incr_by.sha) == [True]
    c.script_flush()
    assert c.script_exists(incr_by.sha) == [False]
    assert incr_by(keys=["n"], args=[1]) == 8
    with pytest.raises(redis.ResponseError, match="Write commands are not allowed from read-only scripts"):
        c.eval_ro("return redis.call('set', KEYS[1], 'x')", 1, "k")
    c.close()


def test_errors_count_like_redis(redis_server, ringkv):
    """INFO errorstats and the failed calls of EVAL after scripts that fail in different ways."""
    stats = []
    for s in (redis_server, ringkv):
        c = s.client()
        c.flushall()
        c.set("str", "x")
        c.config_resetstat()
        for body in ("return redis.call('incr', 'str')", "return redis.pcall('incr', 'str')", "error('x')",
                     "return redis.error_reply('MINE oops')", "return 1"):
            try:
                c.eval(body, 0)
            except redis.ResponseError:
                pass
        info = c.info("errorstats")
        cmd = c.info("commandstats")
        stats.append((sorted(info.items()), {k: cmd[k] for k in ("cmdstat_eval", "cmdstat_incr") if k in cmd}))
        c.close()
    ref, got = stats
    assert ref[0] == got[0]
    for name in ("cmdstat_eval", "cmdstat_incr"):
        for field in ("calls", "failed_calls", "rejected_calls"):
            assert ref[1][name][field] == got[1][name][field], (name, field, ref[1], got[1])


def test_select_in_script_does_not_leak(srv):
    c = srv.client()
    assert c.eval("redis.call('select', 3) redis.call('set', 'k', 'v') return 1", 0) == 1
    assert c.get("k") is None
    c.execute_command("SELECT", 3)
    assert c.get("k") == b"v"
    c.execute_command("SELECT", 0)
    c.close()

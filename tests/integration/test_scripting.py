"""Lua scripting over the wire, each scenario against redis-server 7.0.15 and ringkv: the same scripts must give
the same raw replies in RESP2 and RESP3 (conversions, errors raised in scripts, redis.pcall tables, the
sandbox), binary-safe KEYS/ARGV, big replies and many redis.call in one script, the script cache through
redis-py's Script helper (EVALSHA falling back to EVAL), and commandstats/errorstats after scripts."""
import pytest
import redis

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

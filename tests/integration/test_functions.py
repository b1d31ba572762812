"""Redis 7.0 functions over the wire, each scenario against redis-server 7.0.15 and ringkv with the raw replies
compared byte for byte, in RESP2 and RESP3: FUNCTION LOAD and its load-time errors (metadata, the load-time
API, register_function's arguments, the time limit), REPLACE, LIST with patterns and WITHCODE, DELETE, FLUSH,
STATS outside a run, KILL, HELP, DUMP bytes (LZF included), RESTORE of redis-server's payload into ringkv and
of ringkv's into redis-server, FCALL/FCALL_RO with keys and args, flags (no-writes, allow-oom under
maxmemory), errors raised in functions, and the INFO counters."""
import pytest

from test_blocking import Raw


def run_both(redis_server, ringkv, resp3, calls):
    """Runs calls on a fresh connection to each server after FLUSHALL and FUNCTION FLUSH; returns both reply lists."""
    out = []
    for s in (redis_server, ringkv):
        raw = Raw(s.port, resp3=resp3)
        try:
            raw.call("FLUSHALL")
            raw.call("FUNCTION", "FLUSH")
            out.append([raw.call(*c) for c in calls])
        finally:
            raw.call("CONFIG", "SET", "maxmemory", "0")
            raw.call("FUNCTION", "FLUSH")
            raw.close()
    return out


def assert_same(redis_server, ringkv, resp3, calls):
    ref, got = run_both(redis_server, ringkv, resp3, calls)
    diffs = [(c, r, g) for c, r, g in zip(calls, ref, got) if r != g]
    assert not diffs, "\n".join(f"{c!r}:\n  redis  {r!r}\n  ringkv {g!r}" for c, r, g in diffs)
    return ref


def load(body, name="lib", replace=False):
    code = f"#!lua name={name}\n{body}"
    return ("FUNCTION", "LOAD", "REPLACE", code) if replace else ("FUNCTION", "LOAD", code)


LOAD_ERRORS = [
    ("FUNCTION", "LOAD", "return 1"),
    ("FUNCTION", "LOAD", "#!lua"),
    ("FUNCTION", "LOAD", "#!lua\nreturn 1"),
    ("FUNCTION", "LOAD", "#!lua name=\nreturn 1"),
    ("FUNCTION", "LOAD", "#!lua name=a-b\nreturn 1"),
    ("FUNCTION", "LOAD", "#!py name=ab\nreturn 1"),
    ("FUNCTION", "LOAD", "#! name=ab\nreturn 1"),
    ("FUNCTION", "LOAD", "#!lua name=ab foo=bar\nreturn 1"),
    ("FUNCTION", "LOAD", "#!lua name=ab name=cd\nreturn 1"),
    ("FUNCTION", "LOAD", '#!lua "name=ab\nreturn 1'),
    ("FUNCTION", "LOAD", "#!lua name=x"),
    ("FUNCTION", "LOAD", "foo", "#!lua name=ab\nreturn 1"),
    ("FUNCTION", "LOAD", "REPLACE"),
    load("return 1"),
    load("return 1 +"),
    load("redis.call('ping')"),
    load("error('boom')"),
    load("local x = string.format('%d', 1)"),
    load("x = 1"),
    load("redis.nope = 1"),
    load("redis.setresp(3)"),
    load("local x = redis.REPL_ALL"),
    load("local x = _G"),
    load("redis.log('x')"),
    load("redis.log(9, 'x')"),
    load("redis.register_function('f-1', function() end)"),
    load("redis.register_function('', function() end)"),
    load("redis.register_function({}, function() end)"),
    load("redis.register_function('f', 5)"),
    load("redis.register_function('f')"),
    load("redis.register_function('f', function() end, 3)"),
    load("redis.register_function()"),
    load("redis.register_function('f', function() end) redis.register_function('f', function() end)"),
    load("redis.register_function{function_name='f', callback=function() end, flags={'no-writes','bad'}}"),
    load("redis.register_function{function_name='f', callback=function() end, flags='no-writes'}"),
    load("redis.register_function{function_name='f', callback=function() end, flags={1}}"),
    load("redis.register_function{function_name='f', callback=function() end, other=1}"),
    load("redis.register_function{function_name='f'}"),
    load("redis.register_function{callback=function() end}"),
    load("redis.register_function{function_name='f', callback=function() end, description={}}"),
    load("redis.register_function{function_name=function() end, callback=function() end}"),
    load("redis.register_function{function_name='f', callback=4}"),
    load("redis.register_function{[1]='x'}"),
    load("redis.register_function{}"),
    load("redis.register_function(nil, nil)"),
    ("FUNCTION", "LIST"),
]


@pytest.mark.parametrize("resp3", [False, True])
def test_load_errors(redis_server, ringkv, resp3):
    assert_same(redis_server, ringkv, resp3, LOAD_ERRORS)


def test_load_timeout(redis_server, ringkv):
    assert_same(redis_server, ringkv, False, [load("while true do end"), ("FUNCTION", "LIST")])


LIBS = [
    load("redis.register_function{function_name='f', callback=function() return 'f' end, "
         "flags={'NO-WRITES', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'}, "
         "description='desc'}", name="alpha"),
    load("redis.register_function{function_name='g', callback=function() return 'g' end, description=5}",
         name="beta"),
    load("local lvl = redis.LOG_NOTICE redis.log(lvl, 'loading', redis.REDIS_VERSION)\n"
         "redis.register_function('h', function() return redis.REDIS_VERSION_NUM end)", name="gamma"),
]


@pytest.mark.parametrize("resp3", [False, True])
def test_load_list_delete(redis_server, ringkv, resp3):
    calls = LIBS + [
        load("redis.register_function('f2', function() end)", name="alpha"),
        load("redis.register_function('g', function() end)", name="other"),
        load("redis.register_function('f3', function() return 'new' end)", name="alpha", replace=True),
        load("redis.register_function('x', function() end) local e = error", name="beta", replace=True),
        ("FCALL", "g", 0),
        ("FCALL", "F3", 0),
        ("FCALL", "f", 0),
        ("FUNCTION", "LIST", "LIBRARYNAME", "alpha"),
        ("FUNCTION", "LIST", "LIBRARYNAME", "BE*", "WITHCODE"),
        ("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "g?mma"),
        ("FUNCTION", "LIST", "LIBRARYNAME", "nothing*"),
        ("FUNCTION", "LIST", "LIBRARYNAME"),
        ("FUNCTION", "LIST", "LIBRARYNAME", "x", "LIBRARYNAME", "y"),
        ("FUNCTION", "LIST", "WITHCODE", "WITHCODE"),
        ("FUNCTION", "LIST", "foo"),
        ("FUNCTION", "STATS"),
        ("FUNCTION", "DELETE", "ALPHA"),
        ("FUNCTION", "DELETE", "alpha"),
        ("FUNCTION", "DELETE", "alpha"),
        ("FUNCTION", "STATS"),
        ("FUNCTION", "LIST", "LIBRARYNAME", "*MM*"),  # one library: Redis orders several by its dict
        ("FUNCTION", "FLUSH", "x"),
        ("FUNCTION", "FLUSH", "sync", "x"),
        ("FUNCTION", "FLUSH", "ASYNC"),
        ("FUNCTION", "LIST"),
        ("FUNCTION", "STATS"),
        ("FUNCTION", "KILL"),
        ("FUNCTION", "HELP"),
        ("FUNCTION", "STATS", "x"),
    ]
    assert_same(redis_server, ringkv, resp3, calls)


def test_list_of_several_libraries_matches_as_a_set(redis_server, ringkv):
    ref, got = run_both(redis_server, ringkv, False, LIBS + [("FUNCTION", "LIST")])
    assert ref[:3] == got[:3]
    # Redis lists libraries in its dict's order: compare the library entries, not their order.
    def entries(reply):
        raw = Raw.__new__(Raw)
        raw.buf = reply
        body = reply[reply.index(b"\r\n") + 2:]
        raw.buf = body
        return sorted(raw.reply() for _ in range(3))
    assert entries(ref[3]) == entries(got[3])


FCALLS = [
    load("redis.register_function('echo', function(keys, args) return {keys, args, #keys, #args} end)\n"
         "redis.register_function('boom', function() error('boom') end)\n"
         "redis.register_function('own', function() error({err='OWN code'}) end)\n"
         "redis.register_function('nocmd', function() return redis.call('nosuch') end)\n"
         "redis.register_function('keys', function() return KEYS end)\n"
         "redis.register_function('setg', function() y = 1 end)\n"
         "redis.register_function('rt', function() return redis.register_function('x', function() end) end)\n"
         "redis.register_function('w', function(k, a) return redis.call('set', k[1], a[1]) end)\n"
         "redis.register_function('pc', function(k) return redis.pcall('incr', k[1]) end)\n"
         "redis.register_function('fl', function() return redis.call('function', 'list') end)\n"
         "redis.register_function('types', function() return {1, 'two', {3, {ok='four'}}, false, true, 3.9} end)\n"
         "redis.register_function('r3', function(k) redis.setresp(3) redis.call('hset', k[1], 'f', 'v') "
         "return {redis.call('hgetall', k[1]), true, false, {double=1.5}, {map={a=1}}, {set={x=true}}} end)\n"
         "redis.register_function('std', function() return string.format('%d', 5) .. cjson.encode({1}) .. "
         "tostring(math.random ~= nil) end)\n"
         "redis.register_function{function_name='ro', callback=function(k) return redis.call('set', k[1], 'v') "
         "end, flags={'no-writes'}}\n"
         "redis.register_function{function_name='rget', callback=function(k) return redis.call('get', k[1]) end, "
         "flags={'no-writes'}}"),
    ("FCALL", "echo", 2, "k1", "k\x00bin", "a\xff1"),
    ("FCALL", "ECHO", 0),
    ("FCALL", "echo", "x"),
    ("FCALL", "echo", "01"),
    ("FCALL", "echo", -1),
    ("FCALL", "echo", 2, "a"),
    ("FCALL", "nosuch", 0),
    ("FCALL", "nosuch", "x"),
    ("FCALL", "boom", 0),
    ("FCALL", "own", 0),
    ("FCALL", "nocmd", 0),
    ("FCALL", "keys", 0),
    ("FCALL", "setg", 0),
    ("FCALL", "rt", 0),
    ("FCALL", "w", 1, "k", "v"),
    ("FCALL", "pc", 1, "k"),
    ("FCALL", "fl", 0),
    ("FCALL", "types", 0),
    ("FCALL", "r3", 1, "h"),
    ("FCALL", "std", 0),
    ("FCALL_RO", "w", 1, "k", "v"),
    ("FCALL_RO", "ro", 1, "k"),
    ("FCALL", "ro", 1, "k"),
    ("FCALL_RO", "rget", 1, "k"),
    ("MULTI",),
    ("FCALL", "rget", 1, "k"),
    ("FCALL", "w", 1, "k", "m"),
    ("EXEC",),
    ("GET", "k"),
]


@pytest.mark.parametrize("resp3", [False, True])
def test_fcall(redis_server, ringkv, resp3):
    assert_same(redis_server, ringkv, resp3, FCALLS)


def test_fcall_under_maxmemory(redis_server, ringkv):
    calls = [
        load("redis.register_function('w', function(k) return redis.call('set', k[1], 'v') end)\n"
             "redis.register_function{function_name='oom', callback=function(k) return redis.call('set', k[1], 'v') "
             "end, flags={'allow-oom'}}\n"
             "redis.register_function{function_name='r', callback=function(k) return redis.call('get', k[1]) end, "
             "flags={'no-writes'}}"),
        ("CONFIG", "SET", "maxmemory", "1"),
        ("FCALL", "w", 1, "k"),
        ("FCALL", "w", "x"),
        ("FCALL_RO", "w", 1, "k"),
        ("FCALL", "nosuch", 1, "k"),
        ("FCALL", "oom", 1, "k"),
        ("FCALL", "r", 1, "k"),
        ("EVAL", "#!lua\nreturn 1", 0),
        ("EVAL_RO", "#!lua\nreturn 1", 0),
        ("EVAL", "#!lua flags=no-writes\nreturn 1", 0),
        ("CONFIG", "SET", "maxmemory", "0"),
    ]
    assert_same(redis_server, ringkv, False, calls)


# A library long enough for LZF (and another that compresses badly), so DUMP goes through both string forms.
LONG_LIB = ("#!lua name=long\n" + "".join(
    f"redis.register_function('fn{i}', function(keys, args) return {{'fn{i}', keys, args}} end)\n"
    for i in range(20)))
SHORT_LIB = "#!lua name=s\nredis.register_function('s', function() return 1 end)"


def payload(reply):
    assert reply.startswith(b"$"), reply
    return reply[reply.index(b"\r\n") + 2:-2]


@pytest.mark.parametrize("code", [LONG_LIB, SHORT_LIB])
def test_dump_bytes_equal_and_restore_across(redis_server, ringkv, code):
    calls = [("FUNCTION", "DUMP"), ("FUNCTION", "LOAD", code), ("FUNCTION", "DUMP")]
    ref = assert_same(redis_server, ringkv, False, calls)
    redis_payload = payload(ref[2])
    # redis-server's payload into ringkv, and ringkv's DUMP (equal bytes) back into redis-server.
    for s in (ringkv, redis_server):
        raw = Raw(s.port)
        try:
            raw.call("FUNCTION", "FLUSH")
            assert raw.call("FUNCTION", "RESTORE", redis_payload) == b"+OK\r\n"
            assert raw.call("FUNCTION", "RESTORE", redis_payload).startswith(b"-ERR Library ")
            assert raw.call("FUNCTION", "DUMP") == ref[2]
        finally:
            raw.call("FUNCTION", "FLUSH")
            raw.close()


def test_restore_policies_and_errors(redis_server, ringkv):
    raw = Raw(redis_server.port)
    try:
        raw.call("FUNCTION", "FLUSH")
        raw.call("FUNCTION", "LOAD", "#!lua name=ab\nredis.register_function('f', function() return 'x' end)")
        p = payload(raw.call("FUNCTION", "DUMP"))
        raw.call("FUNCTION", "FLUSH")
    finally:
        raw.close()
    bad_crc = p[:-1] + bytes([p[-1] ^ 1])
    calls = [
        ("FUNCTION", "RESTORE", p),
        ("FUNCTION", "RESTORE", p),
        ("FUNCTION", "RESTORE", p, "APPEND"),
        ("FUNCTION", "RESTORE", p, "REPLACE"),
        ("FUNCTION", "RESTORE", p, "FLUSH"),
        ("FUNCTION", "RESTORE", p, "bad"),
        ("FUNCTION", "RESTORE", p, "FLUSH", "x"),
        ("FUNCTION", "RESTORE", "short"),
        ("FUNCTION", "RESTORE", bad_crc),
        ("FUNCTION", "RESTORE", b"\x0b\x00" + b"\x00" * 8),
        ("FUNCTION", "DELETE", "ab"),
        ("FUNCTION", "LOAD", "#!lua name=yy\nredis.register_function('f', function() return 'y' end)"),
        ("FUNCTION", "RESTORE", p),
        ("FUNCTION", "RESTORE", p, "REPLACE"),
        ("FCALL", "f", 0),
        ("FUNCTION", "RESTORE", p, "FLUSH"),
        ("FCALL", "f", 0),
        ("FUNCTION", "LIST"),
    ]
    assert_same(redis_server, ringkv, False, calls)


def info_fields(port, names):
    raw = Raw(port)
    try:
        text = raw.call("INFO", "memory").decode()
    finally:
        raw.close()
    fields = dict(line.split(":", 1) for line in text.split("\r\n") if ":" in line)
    return {n: fields.get(n) for n in names}


def test_info_counters(redis_server, ringkv):
    names = ["number_of_functions", "number_of_libraries"]
    calls = LIBS + [load("redis.register_function('a1', function() end) redis.register_function('a2', function() end)",
                         name="delta")]
    for s in (redis_server, ringkv):
        raw = Raw(s.port)
        try:
            raw.call("FUNCTION", "FLUSH")
            for c in calls:
                raw.call(*c)
        finally:
            raw.close()
    assert info_fields(redis_server.port, names) == info_fields(ringkv.port, names) == {
        "number_of_functions": "5", "number_of_libraries": "4"}
    info = info_fields(ringkv.port, ["used_memory_vm_functions", "used_memory_functions", "used_memory_vm_total",
                                     "used_memory_vm_eval"])
    assert int(info["used_memory_vm_functions"]) > 0 and int(info["used_memory_functions"]) > 0
    assert int(info["used_memory_vm_total"]) == int(info["used_memory_vm_functions"]) + int(info["used_memory_vm_eval"])
    for s in (redis_server, ringkv):
        raw = Raw(s.port)
        raw.call("FUNCTION", "FLUSH")
        raw.close()
    assert info_fields(ringkv.port, names) == {"number_of_functions": "0", "number_of_libraries": "0"}


def test_script_flush_keeps_functions(redis_server, ringkv):
    calls = [load("redis.register_function('f', function() return 1 end)"), ("SCRIPT", "FLUSH"), ("FCALL", "f", 0),
             ("EVAL", "return 2", 0), ("FUNCTION", "FLUSH"), ("EVALSHA", "7f923f79fe76194c868d7e1d0820de36700eb649", 0),
             ("FCALL", "f", 0)]
    assert_same(redis_server, ringkv, False, calls)

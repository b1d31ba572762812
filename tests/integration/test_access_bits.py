"""Access bits (core/access_bits.cc) against a real redis-server: under an LFU policy with lfu-log-factor 0
every counted access adds exactly one to a key's counter (and lfu-decay-time 0 stops the decay), so OBJECT FREQ
after each command shows exactly which lookups touch a key. The same command sequence runs on both servers
and every key's counter must agree after every step. Also OBJECT IDLETIME / FREQ errors by policy."""
import pytest
import redis

from servers import start_redis, start_ringkv

LFU_ARGS = ("--maxmemory-policy", "allkeys-lfu", "--lfu-log-factor", "0", "--lfu-decay-time", "0")
# A maxmemory makes Redis stop sharing small integers, whose counters all keys would share. ringkv shares no
# values, and refuses an eviction policy with a limit until eviction exists (config_unsupported.cc).
REDIS_ONLY_ARGS = ("--maxmemory", "1gb")

# The keys whose counters are compared after every step (db 0, and db 1 for MOVE / COPY ... DB).
KEYS = ("a", "b", "c", "d", "n", "f", "bits", "dest", "x", "y", "z", "r1", "r2", "cp", "mv")

# (command, compare the reply?) in order. The replies that differ by design (DEBUG OBJECT's address) are not
# compared; their effect on the counters is.
SCRIPT = [
    (("SET", "a", "va"), True),
    (("GET", "a"), True),
    (("GET", "a"), True),
    (("SET", "a", "vb"), True),            # overwrite: one lookup, the counter is kept
    (("SET", "a", "vc", "GET"), True),     # GET and then a write lookup: two
    (("SET", "a", "vd", "NX"), True),      # the lookup counts even though nothing is written
    (("SET", "b", "vb", "XX"), True),
    (("SETNX", "a", "x"), True),
    (("SETEX", "b", "100", "vb"), True),
    (("GETSET", "b", "vb2"), True),        # GET's lookup and setKey's: two
    (("GETEX", "b", "PERSIST"), True),
    (("GETEX", "b"), True),
    (("MGET", "a", "b", "a", "missing"), True),
    (("MSET", "a", "1x", "c", "vc"), True),
    (("MSETNX", "c", "1", "d", "2"), True),  # stops at c, which counts once
    (("SET", "n", "12345"), True),
    (("INCR", "n"), True),
    (("INCRBY", "n", "10"), True),
    (("INCRBYFLOAT", "n", "1.5"), True),
    (("INCR", "a"), True),                 # not a number: the lookup still counted
    (("INCR", "f"), True),
    (("APPEND", "a", "tail"), True),
    (("STRLEN", "a"), True),
    (("GETRANGE", "a", "0", "2"), True),
    (("SETRANGE", "a", "1", "zz"), True),
    (("SETRANGE", "d", "3", "new"), True),
    (("LCS", "a", "d"), True),
    (("LCS", "a", "a"), True),
    (("SETBIT", "bits", "7", "1"), True),
    (("SETBIT", "bits", "7", "1"), True),  # unchanged: the lookup counts all the same
    (("GETBIT", "bits", "7"), True),
    (("BITCOUNT", "bits"), True),
    (("BITPOS", "bits", "1"), True),
    (("BITFIELD", "bits", "SET", "u8", "8", "255", "GET", "u8", "0"), True),
    (("BITFIELD", "bits", "GET", "u8", "0"), True),
    (("BITFIELD_RO", "bits", "GET", "u8", "0"), True),
    (("BITOP", "OR", "dest", "bits", "a"), True),
    (("BITOP", "AND", "dest", "dest", "bits"), True),  # dest as source and destination
    (("EXISTS", "a", "b"), True),
    (("TYPE", "a"), True),
    (("TTL", "b"), True),
    (("PTTL", "b"), True),
    (("EXPIRETIME", "b"), True),
    (("OBJECT", "ENCODING", "a"), True),
    (("OBJECT", "REFCOUNT", "a"), True),
    (("DEBUG", "OBJECT", "a"), False),
    (("KEYS", "*"), False),
    (("SCAN", "0", "COUNT", "100"), False),
    (("RANDOMKEY",), False),
    (("DBSIZE",), True),
    (("EXPIRE", "c", "1000"), True),
    (("PERSIST", "c"), True),
    (("TOUCH", "a", "b", "a", "missing"), True),
    (("SET", "x", "vx"), True),
    (("SET", "y", "vy"), True),
    (("RENAME", "x", "r1"), True),         # the object moves with its counter
    (("RENAME", "r1", "y"), True),
    (("RENAMENX", "y", "b"), True),
    (("COPY", "y", "cp"), True),           # a copy is a new object
    (("COPY", "y", "cp", "REPLACE"), True),
    (("COPY", "y", "cp", "DB", "1"), True),
    (("SET", "mv", "vm"), True),
    (("GET", "mv"), True),
    (("MOVE", "mv", "1"), True),
    (("GETDEL", "d"), True),
    (("DEL", "z", "missing"), True),
]


@pytest.fixture(scope="module")
def pair():
    ours, theirs = start_ringkv(*LFU_ARGS), start_redis(*LFU_ARGS, *REDIS_ONLY_ARGS)
    yield ours, theirs
    ours.cleanup()
    theirs.cleanup()


def raw_client(server, db=0):
    c = server.client(db=db)
    c.response_callbacks.clear()  # raw replies on both sides
    return c


def counters(c):
    return {k: c.execute_command("OBJECT", "FREQ", k) for k in KEYS}


def reply(c, args):
    try:
        return c.execute_command(*args)
    except redis.ResponseError as e:
        return "error: " + str(e)


def test_lfu_counters_follow_redis_step_by_step(pair):
    ours, theirs = pair
    clients = [(raw_client(s, 0), raw_client(s, 1)) for s in (ours, theirs)]
    for c0, _ in clients:
        c0.flushall()
    for args, compare in SCRIPT:
        got = [reply(c0, args) for c0, _ in clients]
        if compare:
            assert got[0] == got[1], args
        for db in (0, 1):
            assert counters(clients[0][db]) == counters(clients[1][db]), (args, db)
    # The script really exercised the counters (not all 5s and Nones).
    final = counters(clients[0][0])
    assert final["a"] > 20 and final["b"] > 5 and final["bits"] > 10


def test_fresh_key_is_5_and_one_get_makes_6(pair):
    for server in pair:
        c = raw_client(server)
        c.flushall()
        c.execute_command("SET", "k", "v")
        assert c.execute_command("OBJECT", "FREQ", "k") == 5
        c.execute_command("GET", "k")
        assert c.execute_command("OBJECT", "FREQ", "k") == 6
        assert c.execute_command("OBJECT", "FREQ", "missing") is None


def test_object_errors_by_policy(pair, ringkv, redis_server):
    lfu_selected = ("An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching "
                    "between policies at runtime LRU and LFU data will take some time to adjust.")
    lfu_not_selected = ("An LFU maxmemory policy is not selected, access frequency not tracked. Please note that "
                        "when switching between policies at runtime LRU and LFU data will take some time to "
                        "adjust.")
    for lfu_server, lru_server in zip(pair, (ringkv, redis_server)):
        c = raw_client(lfu_server)
        c.execute_command("SET", "k", "v")
        with pytest.raises(redis.ResponseError) as e:
            c.execute_command("OBJECT", "IDLETIME", "k")
        assert str(e.value) == lfu_selected
        c = raw_client(lru_server)
        c.flushall()
        c.execute_command("SET", "k", "v")
        assert c.execute_command("OBJECT", "IDLETIME", "k") == 0
        with pytest.raises(redis.ResponseError) as e:
            c.execute_command("OBJECT", "FREQ", "k")
        assert str(e.value) == lfu_not_selected


def test_policy_switch_at_runtime(fresh_ringkv):
    s = fresh_ringkv("--lfu-log-factor", "0")
    c = raw_client(s)
    c.execute_command("SET", "k", "v")
    c.execute_command("CONFIG", "SET", "maxmemory-policy", "volatile-lfu")
    c.execute_command("SET", "k2", "v")  # stamped under LFU
    c.execute_command("GET", "k2")
    assert c.execute_command("OBJECT", "FREQ", "k2") == 6
    c.execute_command("CONFIG", "SET", "maxmemory-policy", "allkeys-lru")
    c.execute_command("GET", "k2")  # back to an LRU stamp
    assert c.execute_command("OBJECT", "IDLETIME", "k2") == 0

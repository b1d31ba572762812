"""Hash-field expiry as Redis 7.4 defines it: HEXPIRE, HPEXPIRE, HEXPIREAT, HPEXPIREAT, HTTL, HPTTL, HEXPIRETIME,
HPEXPIRETIME, HPERSIST. No reference server here has these commands (Debian's redis-server is 7.0.15), so the
expectations are the documentation's (redis.io command pages, quoted where a test rests on a sentence) and,
where the pages are silent (error texts, the encoding), Redis 7.4's source. A redis-cli session per feature:
the per-field reply codes, NX/XX/GT/LT, the FIELDS block and its errors, lazy expiry when a field is read,
active expiry of fields nobody reads, the key deleted with its last field, HSET clearing a TTL and HINCRBY
keeping it, TTLs surviving encoding conversions, RENAME/COPY/MOVE, and COMMAND INFO/DOCS against the pages'
metadata."""
import time

import pytest
import redis

from test_differential import RespConn

MAX_MS = 2**46 - 1  # Redis 7.4's HFE_MAX_ABS_TIME_MSEC


@pytest.fixture
def c(ringkv):
    client = ringkv.client(decode_responses=True)
    client.response_callbacks.clear()  # raw replies, as redis-cli shows them
    client.flushall()
    client.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", "1")
    yield client
    client.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", "1")
    client.close()


def cmd(c, *args):
    return c.execute_command(*args)


def error_of(c, *args):
    with pytest.raises(redis.ResponseError) as e:
        c.execute_command(*args)
    return str(e.value)


def now_ms():
    return int(time.time() * 1000)


# ---- the documentation's examples ----------------------------------------------------------------------------

def test_hexpire_page_example(c):
    # "-2 if no such field exists in the provided hash key, or the provided key does not exist."
    assert cmd(c, "HEXPIRE", "no-key", "20", "NX", "FIELDS", "2", "field1", "field2") == [-2, -2]
    assert cmd(c, "HSET", "mykey", "field1", "hello", "field2", "world") == 2
    assert cmd(c, "HEXPIRE", "mykey", "10", "FIELDS", "3", "field1", "field2", "field3") == [1, 1, -2]
    # (A listpackex keeps its fields in TTL order, so the order is Redis 7.4's but not insertion order.)
    assert pairs(cmd(c, "HGETALL", "mykey")) == {"field1": "hello", "field2": "world"}


def test_httl_page_example(c):
    assert cmd(c, "HTTL", "no-key", "FIELDS", "3", "field1", "field2", "field3") == [-2, -2, -2]
    assert cmd(c, "HSET", "mykey", "field1", "hello", "field2", "world") == 2
    assert cmd(c, "HEXPIRE", "mykey", "300", "FIELDS", "2", "field1", "field3") == [1, -2]
    ttl = cmd(c, "HTTL", "mykey", "FIELDS", "3", "field1", "field2", "field3")
    assert 299 <= ttl[0] <= 300 and ttl[1:] == [-1, -2]
    pttl = cmd(c, "HPTTL", "mykey", "FIELDS", "3", "field1", "field2", "field3")
    assert 295000 <= pttl[0] <= 300000 and pttl[1:] == [-1, -2]


def test_hpersist_page_example(c):
    cmd(c, "HSET", "mykey", "field1", "hello", "field2", "world")
    assert cmd(c, "HEXPIRE", "mykey", "300", "FIELDS", "2", "field1", "field2") == [1, 1]
    assert cmd(c, "HPERSIST", "mykey", "FIELDS", "1", "field2") == [1]
    ttl = cmd(c, "HTTL", "mykey", "FIELDS", "2", "field1", "field2")
    assert 299 <= ttl[0] <= 300 and ttl[1] == -1
    # "-1 if the field exists but has no associated expiration set", "-2 if no such field exists".
    assert cmd(c, "HPERSIST", "mykey", "FIELDS", "3", "field1", "field2", "nosuch") == [1, -1, -2]
    assert cmd(c, "HPERSIST", "no-key", "FIELDS", "1", "field1") == [-2]


def test_hpexpire_page_example_fields_go_after_their_ttl(c):
    cmd(c, "HSET", "mykey", "field1", "hello", "field2", "world")
    assert cmd(c, "HPEXPIRE", "mykey", "200", "FIELDS", "2", "field1", "field2") == [1, 1]
    time.sleep(0.3)
    assert cmd(c, "HGETALL", "mykey") == []
    assert cmd(c, "EXISTS", "mykey") == 0


def test_expiretime_pages(c):
    cmd(c, "HSET", "mykey", "field1", "hello", "field2", "world")
    at = now_ms() // 1000 + 300
    assert cmd(c, "HEXPIREAT", "mykey", str(at), "FIELDS", "1", "field1") == [1]
    assert cmd(c, "HEXPIRETIME", "mykey", "FIELDS", "2", "field1", "field2") == [at, -1]
    assert cmd(c, "HPEXPIRETIME", "mykey", "FIELDS", "2", "field1", "nosuch") == [at * 1000, -2]
    assert cmd(c, "HPEXPIREAT", "mykey", str(at * 1000 + 123), "FIELDS", "1", "field2") == [1]
    assert cmd(c, "HPEXPIRETIME", "mykey", "FIELDS", "1", "field2") == [at * 1000 + 123]
    # HEXPIRETIME of a millisecond time rounds up to the next second, as TTL does.
    assert cmd(c, "HEXPIRETIME", "mykey", "FIELDS", "1", "field2") == [at + 1]


# ---- reply codes and conditions -------------------------------------------------------------------------------

def test_zero_ttl_or_past_time_deletes_the_field(c):
    # "2 when HEXPIRE/HPEXPIRE is called with 0 seconds/milliseconds or when HEXPIREAT/HPEXPIREAT is called
    # with a past Unix time"
    cmd(c, "HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5")
    assert cmd(c, "HEXPIRE", "h", "0", "FIELDS", "2", "a", "x") == [2, -2]
    assert cmd(c, "HPEXPIRE", "h", "0", "FIELDS", "1", "b") == [2]
    assert cmd(c, "HEXPIREAT", "h", "1", "FIELDS", "1", "c") == [2]
    assert cmd(c, "HPEXPIREAT", "h", str(now_ms() - 1000), "FIELDS", "1", "d") == [2]
    assert cmd(c, "HGETALL", "h") == ["e", "5"]
    assert cmd(c, "HEXPIRE", "h", "0", "FIELDS", "1", "e") == [2]
    assert cmd(c, "EXISTS", "h") == 0


def test_conditions(c):
    cmd(c, "HSET", "h", "vol", "1", "per", "2")
    assert cmd(c, "HEXPIRE", "h", "100", "FIELDS", "1", "vol") == [1]
    # NX: "set expiration only when the field has no expiration"
    assert cmd(c, "HEXPIRE", "h", "200", "NX", "FIELDS", "2", "vol", "per") == [0, 1]
    assert cmd(c, "HPERSIST", "h", "FIELDS", "1", "per") == [1]
    # XX: "only when the field has an existing expiration"
    assert cmd(c, "HEXPIRE", "h", "200", "XX", "FIELDS", "2", "vol", "per") == [1, 0]
    # GT / LT: "A non-volatile field is treated as an infinite TTL for the purposes of GT and LT"
    assert cmd(c, "HEXPIRE", "h", "100", "GT", "FIELDS", "2", "vol", "per") == [0, 0]
    at = str(now_ms() + 300000)
    assert cmd(c, "HPEXPIREAT", "h", at, "GT", "FIELDS", "1", "vol") == [1]
    assert cmd(c, "HPEXPIREAT", "h", at, "GT", "FIELDS", "1", "vol") == [0]  # equal is not greater
    assert cmd(c, "HPEXPIREAT", "h", at, "LT", "FIELDS", "1", "vol") == [0]  # nor less
    assert cmd(c, "HEXPIRE", "h", "400", "LT", "FIELDS", "2", "vol", "per") == [0, 1]
    assert cmd(c, "HEXPIRE", "h", "50", "lt", "FIELDS", "1", "vol") == [1]
    ttl = cmd(c, "HTTL", "h", "FIELDS", "2", "vol", "per")
    assert 49 <= ttl[0] <= 50 and 399 <= ttl[1] <= 400
    # "You can call HEXPIRE using as argument a field that already has an existing TTL set. In this case, the
    # time to live is updated to the new value."
    assert cmd(c, "HEXPIRE", "h", "1000", "FIELDS", "1", "vol") == [1]
    assert 999 <= cmd(c, "HTTL", "h", "FIELDS", "1", "vol")[0] <= 1000
    # A condition that fails keeps the field even with a time in the past.
    assert cmd(c, "HEXPIRE", "h", "0", "NX", "FIELDS", "1", "vol") == [0]
    assert cmd(c, "HEXISTS", "h", "vol") == 1


def test_repeated_field_in_one_command(c):
    cmd(c, "HSET", "h", "a", "1", "b", "2")
    assert cmd(c, "HEXPIRE", "h", "100", "NX", "FIELDS", "2", "a", "a") == [1, 0]
    assert cmd(c, "HEXPIRE", "h", "0", "FIELDS", "2", "a", "a") == [2, -2]


# ---- errors ----------------------------------------------------------------------------------------------------

def test_errors(c):
    cmd(c, "HSET", "h", "a", "1")
    cmd(c, "SET", "s", "x")
    for args in (("HEXPIRE", "s", "10", "FIELDS", "1", "a"), ("HTTL", "s", "FIELDS", "1", "a"),
                 ("HPERSIST", "s", "FIELDS", "1", "a"), ("HPEXPIRETIME", "s", "FIELDS", "1", "a")):
        assert error_of(c, *args).startswith("WRONGTYPE"), args
    assert error_of(c, "HEXPIRE", "h", "abc", "FIELDS", "1", "a") == "value is not an integer or out of range"
    assert error_of(c, "HEXPIRE", "h", "-1", "FIELDS", "1", "a") == "invalid expire time, must be >= 0"
    assert error_of(c, "HEXPIRE", "h", str(MAX_MS // 1000 + 1), "FIELDS", "1", "a") == \
        "invalid expire time in 'hexpire' command"
    assert error_of(c, "HPEXPIREAT", "h", str(MAX_MS + 1), "FIELDS", "1", "a") == \
        "invalid expire time in 'hpexpireat' command"
    assert cmd(c, "HPEXPIREAT", "h", str(MAX_MS), "FIELDS", "1", "a") == [1]
    assert error_of(c, "HPEXPIRE", "h", str(MAX_MS), "FIELDS", "1", "a") == "invalid expire time in 'hpexpire' command"
    missing = "Mandatory argument FIELDS is missing or not at the right position"
    assert error_of(c, "HEXPIRE", "h", "10", "FIELD", "1", "a") == missing
    assert error_of(c, "HEXPIRE", "h", "10", "NX", "XX", "FIELDS", "1", "a") == missing
    assert error_of(c, "HTTL", "h", "1", "FIELDS", "a") == missing
    assert error_of(c, "HEXPIRE", "h", "10", "FIELDS", "0", "a") == "Parameter `numFields` should be greater than 0"
    assert error_of(c, "HEXPIRE", "h", "10", "FIELDS", "x", "a") == "Parameter `numFields` should be greater than 0"
    assert error_of(c, "HTTL", "h", "FIELDS", "0", "a") == "Number of fields must be a positive integer"
    assert error_of(c, "HPERSIST", "h", "FIELDS", "-1", "a") == "Number of fields must be a positive integer"
    mismatch = "The `numfields` parameter must match the number of arguments"
    assert error_of(c, "HEXPIRE", "h", "10", "FIELDS", "2", "a") == mismatch
    assert error_of(c, "HPTTL", "h", "FIELDS", "1", "a", "b") == mismatch
    assert error_of(c, "HEXPIRE", "h", "10", "FIELDS", "1") == \
        "wrong number of arguments for 'hexpire' command"
    assert error_of(c, "HTTL", "h", "FIELDS", "1") == "wrong number of arguments for 'httl' command"
    # Nothing changed on error.
    assert cmd(c, "HPEXPIRETIME", "h", "FIELDS", "1", "a") == [MAX_MS]


# ---- expiry ----------------------------------------------------------------------------------------------------

def test_lazy_expiry_when_fields_are_read(c):
    cmd(c, "DEBUG", "SET-ACTIVE-EXPIRE", "0")
    cmd(c, "HSET", "h", "a", "1", "b", "2", "c", "3")
    assert cmd(c, "HPEXPIRE", "h", "100", "FIELDS", "2", "a", "b") == [1, 1]
    time.sleep(0.2)
    assert cmd(c, "HGET", "h", "a") is None
    assert cmd(c, "HEXISTS", "h", "b") == 0
    assert cmd(c, "HLEN", "h") == 1
    assert cmd(c, "HGETALL", "h") == ["c", "3"]
    assert cmd(c, "HTTL", "h", "FIELDS", "2", "a", "c") == [-2, -1]
    # "Field(s) will automatically be deleted from the hash key when their TTLs expire": with the last
    # field the key goes.
    assert cmd(c, "HPEXPIRE", "h", "100", "FIELDS", "1", "c") == [1]
    time.sleep(0.2)
    assert cmd(c, "EXISTS", "h") == 1  # nobody read it and the active cycle is off
    assert cmd(c, "HKEYS", "h") == []
    assert cmd(c, "EXISTS", "h") == 0


def test_active_expiry_of_fields_nobody_reads(c):
    cmd(c, "HSET", "small", "a", "1", "b", "2")
    cmd(c, "HSET", "big", *[x for i in range(600) for x in (f"f{i}", str(i))])
    assert cmd(c, "OBJECT", "ENCODING", "big") == "hashtable"
    assert cmd(c, "HPEXPIRE", "small", "100", "FIELDS", "1", "a") == [1]
    assert cmd(c, "HPEXPIRE", "big", "100", "FIELDS", "3", "f1", "f2", "f3") == [1, 1, 1]
    assert cmd(c, "HPEXPIRE", "gone", "100", "FIELDS", "1", "a") == [-2]
    cmd(c, "HSET", "gone", "a", "1")
    assert cmd(c, "HPEXPIRE", "gone", "100", "FIELDS", "1", "a") == [1]
    deadline = time.time() + 5
    while time.time() < deadline and cmd(c, "DBSIZE") != 2:
        time.sleep(0.05)
    assert cmd(c, "DBSIZE") == 2  # "gone" went with its only field
    # Read without touching (OBJECT does not run the hash's lazy expiry): the cycle deleted them.
    assert cmd(c, "HLEN", "big") == 597
    assert cmd(c, "HLEN", "small") == 1


def test_hset_clears_a_ttl_and_incrby_keeps_it(c):
    # "Field expirations will only be cleared by commands that delete or overwrite the contents of the hash
    # fields, including HDEL and HSET commands. This means that all the operations that conceptually alter
    # the value stored at a hash key's field without replacing it with a new one will leave the TTL
    # untouched."
    cmd(c, "HSET", "h", "a", "1", "b", "2", "c", "x")
    assert cmd(c, "HEXPIRE", "h", "100", "FIELDS", "3", "a", "b", "c") == [1, 1, 1]
    assert cmd(c, "HSET", "h", "a", "5") == 0
    assert cmd(c, "HINCRBY", "h", "b", "5") == 7
    assert cmd(c, "HINCRBYFLOAT", "h", "b", "0.5") == "7.5"
    assert cmd(c, "HSETNX", "h", "c", "y") == 0
    ttl = cmd(c, "HTTL", "h", "FIELDS", "3", "a", "b", "c")
    assert ttl[0] == -1 and 99 <= ttl[1] <= 100 and 99 <= ttl[2] <= 100
    assert cmd(c, "HDEL", "h", "b") == 1
    cmd(c, "HSET", "h", "b", "new")
    assert cmd(c, "HTTL", "h", "FIELDS", "1", "b") == [-1]


def test_encodings_and_conversions_keep_ttls(c):
    cmd(c, "CONFIG", "SET", "hash-max-listpack-entries", "4")
    try:
        cmd(c, "HSET", "h", "a", "1", "b", "2")
        assert cmd(c, "OBJECT", "ENCODING", "h") == "listpack"
        assert cmd(c, "HEXPIRE", "h", "100", "FIELDS", "1", "a") == [1]
        assert cmd(c, "OBJECT", "ENCODING", "h") == "listpackex"  # Redis 7.4's name
        assert cmd(c, "HGETALL", "h") == ["a", "1", "b", "2"]
        cmd(c, "HSET", "h", "c", "3", "d", "4")
        assert cmd(c, "OBJECT", "ENCODING", "h") == "listpackex"
        cmd(c, "HSET", "h", "e", "5")
        assert cmd(c, "OBJECT", "ENCODING", "h") == "hashtable"
        assert 99 <= cmd(c, "HTTL", "h", "FIELDS", "1", "a")[0] <= 100
        assert cmd(c, "HTTL", "h", "FIELDS", "1", "e") == [-1]
        # A long value converts too, TTLs carried.
        cmd(c, "HSET", "l", "a", "1")
        cmd(c, "HPEXPIRE", "l", "50000", "FIELDS", "1", "a")
        cmd(c, "HSET", "l", "b", "x" * 100)
        assert cmd(c, "OBJECT", "ENCODING", "l") == "hashtable"
        assert 49000 <= cmd(c, "HPTTL", "l", "FIELDS", "1", "a")[0] <= 50000
        # HPERSIST of every field keeps the encoding (no conversion back).
        cmd(c, "HPERSIST", "h", "FIELDS", "1", "a")
        assert cmd(c, "OBJECT", "ENCODING", "h") == "hashtable"
        cmd(c, "HSET", "p", "a", "1")
        cmd(c, "HEXPIRE", "p", "100", "FIELDS", "1", "a")
        cmd(c, "HPERSIST", "p", "FIELDS", "1", "a")
        assert cmd(c, "OBJECT", "ENCODING", "p") == "listpackex"
    finally:
        cmd(c, "CONFIG", "SET", "hash-max-listpack-entries", "512")


def wait_gone(c, key, db=0, timeout_s=5):
    """Polls EXISTS (which does not run a hash's lazy field expiry) until key is gone from db."""
    cmd(c, "SELECT", str(db))
    deadline = time.time() + timeout_s
    while time.time() < deadline and cmd(c, "EXISTS", key) == 1:
        time.sleep(0.05)
    gone = cmd(c, "EXISTS", key) == 0
    cmd(c, "SELECT", "0")
    return gone


def test_rename_copy_move_keep_ttls_and_active_expiry_follows(c):
    for big in (False, True):
        cmd(c, "FLUSHALL")
        names = [f"f{i}" for i in range(600 if big else 3)]
        cmd(c, "HSET", "orig", *[x for n in names for x in (n, "v")])
        assert cmd(c, "OBJECT", "ENCODING", "orig") == ("hashtable" if big else "listpack")
        cmd(c, "HPEXPIRE", "orig", "400", "FIELDS", str(len(names)), *names)
        cmd(c, "RENAME", "orig", "renamed")
        assert cmd(c, "COPY", "renamed", "copied") == 1
        assert cmd(c, "COPY", "renamed", "moved") == 1
        assert cmd(c, "MOVE", "moved", "1") == 1
        for key in ("renamed", "copied"):
            assert 0 < cmd(c, "HPTTL", key, "FIELDS", "1", "f0")[0] <= 400
        # Nobody reads them: the active cycle finds the fields under every new name, in every db, and the
        # keys go with their last field.
        assert wait_gone(c, "renamed") and wait_gone(c, "copied") and wait_gone(c, "moved", db=1)


def test_swapdb_and_flushdb(c):
    cmd(c, "HSET", "h", "a", "1")
    cmd(c, "HPEXPIRE", "h", "300", "FIELDS", "1", "a")
    cmd(c, "SWAPDB", "0", "2")
    assert wait_gone(c, "h", db=2)
    cmd(c, "HSET", "h", "a", "1", "b", "2")
    cmd(c, "HPEXPIRE", "h", "100", "FIELDS", "1", "b")
    cmd(c, "FLUSHDB")
    cmd(c, "HSET", "h", "x", "1")  # a new hash of the same name, without TTLs
    time.sleep(0.3)
    assert cmd(c, "HGETALL", "h") == ["x", "1"]


def test_resp3_replies(ringkv):
    # Arrays of integers in RESP3 too.
    with RespConn(ringkv.port) as c3:
        assert c3.call("HELLO", "3").kind == "%"
        c3.call("FLUSHALL")
        c3.call("HSET", "h", "a", "1")
        assert c3.call("HEXPIRE", "h", "100", "FIELDS", "2", "a", "b").raw == b"*2\r\n:1\r\n:-2\r\n"
        assert c3.call("HPTTL", "nokey", "FIELDS", "1", "a").raw == b"*1\r\n:-2\r\n"
        assert c3.call("HPERSIST", "h", "FIELDS", "1", "a").raw == b"*1\r\n:1\r\n"


# ---- COMMAND INFO / DOCS against the pages' metadata ---------------------------------------------------------

# name: (arity, flags, acl categories, key spec flags, summary, time argument (name, type) or None, tips)
PAGES = {
    "hexpire": (-6, ["write", "denyoom", "fast"], ["@write", "@hash", "@fast"], ["RW", "UPDATE"],
                "Set expiry for hash field using relative time to expire (seconds)", ("seconds", "integer"), []),
    "hpexpire": (-6, ["write", "denyoom", "fast"], ["@write", "@hash", "@fast"], ["RW", "UPDATE"],
                 "Set expiry for hash field using relative time to expire (milliseconds)",
                 ("milliseconds", "integer"), []),
    "hexpireat": (-6, ["write", "denyoom", "fast"], ["@write", "@hash", "@fast"], ["RW", "UPDATE"],
                  "Set expiry for hash field using an absolute Unix timestamp (seconds)",
                  ("unix-time-seconds", "unix-time"), []),
    "hpexpireat": (-6, ["write", "denyoom", "fast"], ["@write", "@hash", "@fast"], ["RW", "UPDATE"],
                   "Set expiry for hash field using an absolute Unix timestamp (milliseconds)",
                   ("unix-time-milliseconds", "unix-time"), []),
    "httl": (-5, ["readonly", "fast"], ["@read", "@hash", "@fast"], ["RO", "ACCESS"],
             "Returns the TTL in seconds of a hash field.", None, []),
    "hpttl": (-5, ["readonly", "fast"], ["@read", "@hash", "@fast"], ["RO", "ACCESS"],
              "Returns the TTL in milliseconds of a hash field.", None, ["nondeterministic_output"]),
    "hexpiretime": (-5, ["readonly", "fast"], ["@read", "@hash", "@fast"], ["RO", "ACCESS"],
                    "Returns the expiration time of a hash field as a Unix timestamp, in seconds.", None, []),
    "hpexpiretime": (-5, ["readonly", "fast"], ["@read", "@hash", "@fast"], ["RO", "ACCESS"],
                     "Returns the expiration time of a hash field as a Unix timestamp, in msec.", None, []),
    "hpersist": (-5, ["write", "fast"], ["@write", "@hash", "@fast"], ["RW", "UPDATE"],
                 "Removes the expiration time for each specified field", None, []),
}


def pairs(flat):
    return dict(zip(flat[0::2], flat[1::2]))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_command_info_and_docs_follow_the_pages(c, name):
    arity, flags, acl, ks_flags, summary, time_arg, tips = PAGES[name]
    (info,) = cmd(c, "COMMAND", "INFO", name)
    assert info[:7] == [name, arity, flags, 1, 1, 1, acl]
    assert info[7] == tips
    assert len(info[8]) == 1
    spec = pairs(info[8][0])
    assert spec["flags"] == ks_flags
    assert pairs(spec["begin_search"]) == {"type": "index", "spec": ["index", 1]}
    assert pairs(spec["find_keys"]) == {"type": "range", "spec": ["lastkey", 0, "keystep", 1, "limit", 0]}
    docs = cmd(c, "COMMAND", "DOCS", name)
    assert docs[0] == name
    d = pairs(docs[1])
    assert (d["summary"], d["since"], d["group"]) == (summary, "7.4.0", "hash")
    assert d["complexity"] == "O(N) where N is the number of specified fields"
    args = [pairs(a) for a in d["arguments"]]
    assert args[0] == {"name": "key", "type": "key", "key_spec_index": 0}
    rest = args[1:]
    if time_arg:
        assert rest[0] == {"name": time_arg[0], "type": time_arg[1]}
        cond = rest[1]
        assert (cond["name"], cond["type"], cond["flags"]) == ("condition", "oneof", ["optional"])
        assert [pairs(t) for t in cond["arguments"]] == [
            {"name": n.lower(), "type": "pure-token", "token": n} for n in ("NX", "XX", "GT", "LT")]
        rest = rest[2:]
    (block,) = rest
    assert (block["name"], block["type"], block["token"]) == ("fields", "block", "FIELDS")
    assert [pairs(a) for a in block["arguments"]] == [
        {"name": "numfields", "type": "integer"}, {"name": "field", "type": "string", "flags": ["multiple"]}]

"""DEBUG DIGEST and DEBUG DIGEST-VALUE as Redis 7.0.15 computes them: ringkv and redis-server, given the same
commands side by side, answer the same digests for the whole dataset and for every key -- every type in every
encoding (int, embstr and raw strings; quicklists with packed, PLAIN and compressed nodes; intset and
hashtable sets; listpack and skiplist sorted sets and hashes), TTLs, logically expired keys, several dbs, the
empty dataset -- in the same reply bytes, and the digests move together when the data changes."""
import socket
import time

import pytest

from datasets import FAR_MS, add_every_encoding, add_plain_quicklist_node
from servers import start_redis, start_ringkv, wait_for

ZEROS = b"0" * 40
DBS = 16


@pytest.fixture(scope="module")
def servers():
    rk = rd = None
    try:
        rk = start_ringkv()
        rd = start_redis()
        yield rk, rd
    finally:
        for s in (rk, rd):
            if s is not None:
                s.cleanup()


@pytest.fixture
def pair(servers):
    """(ringkv client, redis client), both flushed; active expiry back on afterwards."""
    clients = [s.client() for s in servers]
    for c in clients:
        c.flushall()
    yield clients
    for c in clients:
        c.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", 1)
        c.close()


def both(pair, fn):
    return [fn(c) for c in pair]


def raw(port, payload, replies, timeout_s=10.0):
    """Sends payload (RESP commands) on a fresh connection and returns the raw bytes of `replies` replies,
    each a status line or an array of status lines (what DEBUG DIGEST[-VALUE] answers)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout_s) as s:
        s.sendall(payload)
        buf = b""
        deadline = time.time() + timeout_s

        def complete():
            pos = 0
            for _ in range(replies):
                end = buf.find(b"\r\n", pos)
                if end < 0:
                    return False
                line = buf[pos:end]
                pos = end + 2
                if line.startswith(b"*"):
                    for _ in range(int(line[1:])):
                        end = buf.find(b"\r\n", pos)
                        if end < 0:
                            return False
                        pos = end + 2
            return pos == len(buf)

        while not complete():
            assert time.time() < deadline, f"incomplete reply: {buf!r}"
            chunk = s.recv(65536)
            assert chunk, f"connection closed after {buf!r}"
            buf += chunk
        return buf


def resp(*args):
    out = f"*{len(args)}\r\n".encode()
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    return out


def compare_all(pair):
    """Asserts both servers hold the same keys in every db and answer the same DEBUG DIGEST-VALUE for each
    and the same DEBUG DIGEST; returns the dataset digest and the number of keys compared."""
    rk, rd = pair
    n = 0
    for db in range(DBS):
        both(pair, lambda c: c.execute_command("SELECT", db))
        keys = sorted(rd.scan_iter(count=1000))
        assert sorted(rk.scan_iter(count=1000)) == keys, f"db {db}"
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            got, want = both(pair, lambda c: c.execute_command("DEBUG", "DIGEST-VALUE", *chunk))
            for k, g, w in zip(chunk, got, want):
                assert g == w, f"db {db} key {k!r} ({rd.type(k)}, {rd.object('encoding', k)})"
            assert all(w != ZEROS for w in want)
        n += len(keys)
    both(pair, lambda c: c.execute_command("SELECT", 0))
    got, want = both(pair, lambda c: c.execute_command("DEBUG", "DIGEST"))
    assert got == want
    return want, n


def encodings(c):
    found = set()
    for db in range(DBS):
        c.execute_command("SELECT", db)
        for k in c.scan_iter(count=1000):
            found.add(c.object("encoding", k).decode())
    c.execute_command("SELECT", 0)
    return found


SCORES = [0.1, 1 / 3, -0.0, 1e-300, 2.0 ** 53 + 2, 1e22, -123.456, 5e-324, 1.7976931348623157e308]


def fill(c):
    """Every type in every encoding, awkward scores and integers, binary data, TTLs, several dbs."""
    p = c.pipeline(transaction=False)
    add_every_encoding(p)
    p.set("str:empty", "")
    p.set("str:zero", "0")
    p.set("str:negzero", "-0")  # not an integer: a string
    p.set("str:leading0", "007")
    p.set("str:max", 9223372036854775807)
    p.set("str:over", "9223372036854775808")
    p.set("str:long-int-like", "1" * 25)
    p.set(b"key:\x00\xff", b"\x00\x01\x02")
    p.incrby("str:incr", -42)
    p.append("str:appended", "abc")
    p.append("str:appended", "def")
    p.setrange("str:setrange", 5, "x")
    p.rpush("list:mixed", "a", 1, -2, 9223372036854775807, "", b"\xff", "12345678901234567890")
    p.lpush("list:lpushed", *range(10))
    p.sadd("set:neg", -9223372036854775808, -1, 0, 1, 9223372036854775807)
    p.zadd("zset:scores", {f"s{i}": s for i, s in enumerate(SCORES)})
    p.zadd("zset:scores-skiplist", {**{f"s{i}": s for i, s in enumerate(SCORES)}, "y" * 80: 0.7})
    p.zadd("zset:int-members", {"1": 1, "-5": 2, "100000": 3})
    p.hset("hash:ints", mapping={"1": 1, "f": -7, "big": 1234567890123, "neg": -9223372036854775808})
    p.hset("hash:bin", mapping={b"\x00": b"\xff\x00", b"e": b""})
    for key in ("str:embstr", "list:small", "set:str", "set:big", "zset:small", "zset:big", "hash:big"):
        p.pexpireat(key, FAR_MS)
    p.set("str:ex", "v", ex=100000)
    p.execute()
    add_plain_quicklist_node(c)
    c.config_set("list-compress-depth", 1)
    c.rpush("list:compressed", *[f"compressible-element-{i % 7}" * 3 for i in range(2000)])
    c.config_set("list-compress-depth", 0)
    c.execute_command("SELECT", 3)
    c.set("db3:key", "in db 3")
    c.rpush("db3:list", "a", "b")
    c.set("str:int", 12345)  # the same key and value as db 0: the db id must tell them apart
    c.execute_command("SELECT", 15)
    c.hset("db15:hash", "a", "1")
    c.sadd("db15:set", 1, 2, 3)
    c.execute_command("SELECT", 0)


def test_empty_dataset_and_missing_keys_in_the_same_bytes(servers, pair):
    payload = (resp("DEBUG", "DIGEST") + resp("DEBUG", "DIGEST-VALUE", "nokey", "other") +
               resp("DEBUG", "DIGEST-VALUE"))
    got, want = (raw(s.port, payload, 3) for s in servers)
    assert want == b"+" + ZEROS + b"\r\n*2\r\n+" + ZEROS + b"\r\n+" + ZEROS + b"\r\n*0\r\n"
    assert got == want
    # A dataset whose keys were all deleted is empty again.
    both(pair, lambda c: c.set("k", "v"))
    both(pair, lambda c: c.delete("k"))
    assert both(pair, lambda c: c.execute_command("DEBUG", "DIGEST")) == [ZEROS, ZEROS]


def test_every_type_and_encoding(servers, pair):
    both(pair, fill)
    want = {"int", "embstr", "raw", "quicklist", "intset", "hashtable", "listpack", "skiplist"}
    for c in pair:
        assert want <= encodings(c)
    digest, n = compare_all(pair)
    assert digest != ZEROS and n > 40
    # The same bytes on the wire: status replies, as Redis.
    payload = resp("DEBUG", "DIGEST") + resp("DEBUG", "DIGEST-VALUE", "str:int", "list:big", "zset:scores", "nokey")
    got, want_raw = (raw(s.port, payload, 2) for s in servers)
    assert got == want_raw and want_raw.startswith(b"+")


@pytest.mark.parametrize("args", [("--list-max-listpack-size", "4", "--list-compress-depth", "2"),
                                  ("--hash-max-listpack-entries", "0", "--zset-max-listpack-entries", "0",
                                   "--set-max-intset-entries", "0")])
def test_other_encodings_of_the_same_data(args):
    """Other node sizes and compression, and the big encodings from the first element: the digests follow
    the data, not the encoding (checked against redis-server started with the same settings)."""
    rk = rd = None
    try:
        rk = start_ringkv(*args)
        rd = start_redis(*args)
        pair = [rk.client(), rd.client()]
        both(pair, fill)
        compare_all(pair)
    finally:
        for s in (rk, rd):
            if s is not None:
                s.cleanup()


def test_ttls_mark_keys_but_not_their_time(pair):
    for c in pair:
        c.set("a", "v")
        c.set("b", "v", px=FAR_MS - int(time.time() * 1000))
        c.set("c", "v")
        c.pexpireat("c", FAR_MS - 12345)
    rk, rd = pair
    for c in pair:
        a, b, cc = c.execute_command("DEBUG", "DIGEST-VALUE", "a", "b", "c")
        assert a != b and b == cc
    compare_all(pair)
    both(pair, lambda c: c.persist("b"))
    for c in pair:
        a, b = c.execute_command("DEBUG", "DIGEST-VALUE", "a", "b")
        assert a == b
    compare_all(pair)


def test_logically_expired_keys_still_count(pair):
    """DEBUG reads the table, not what a client sees: a key past its TTL that nothing has expired yet is in
    both digests, until a read expires it."""
    both(pair, lambda c: c.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", 0))
    both(pair, lambda c: c.set("keep", "1"))
    empty_of_gone = both(pair, lambda c: c.execute_command("DEBUG", "DIGEST"))
    for c in pair:
        c.set("gone", "v", px=50)
        c.hset("gone:hash", "f", "v")
        c.pexpire("gone:hash", 50)
    start = both(pair, lambda c: c.execute_command("DEBUG", "DIGEST"))
    assert start[0] == start[1] and start[0] != empty_of_gone[0]
    # Past the TTLs by each server's own clock (no command here touches the keys).
    for c in pair:
        t0 = c.time()
        wait_for(lambda: (lambda t: (t[0] - t0[0]) * 1000 + (t[1] - t0[1]) / 1000 > 100)(c.time()),
                 what="100 ms on the server's clock")
    assert both(pair, lambda c: c.execute_command("DEBUG", "DIGEST")) == start
    got, want = both(pair, lambda c: c.execute_command("DEBUG", "DIGEST-VALUE", "gone", "gone:hash"))
    assert got == want and ZEROS not in want
    assert both(pair, lambda c: c.get("gone")) == [None, None]
    assert both(pair, lambda c: c.hgetall("gone:hash")) == [{}, {}]
    assert both(pair, lambda c: c.execute_command("DEBUG", "DIGEST")) == empty_of_gone
    assert both(pair, lambda c: c.execute_command("DEBUG", "DIGEST-VALUE", "gone")) == [[ZEROS], [ZEROS]]


def test_digests_move_together(pair):
    both(pair, fill)
    seen = {compare_all(pair)[0]}
    changes = [
        lambda c: c.lset("list:big", 7, "changed"),
        lambda c: c.lpush("list:compressed", "head"),
        lambda c: c.zincrby("zset:big", 0.5, "member-3"),
        lambda c: c.zadd("zset:scores", {"s0": 0.1 + 2 ** -56}),  # the next double after 0.1
        lambda c: c.hset("hash:big", "field-9", "other"),
        lambda c: c.srem("set:bigint", 17),
        lambda c: c.sadd("set:int", "x"),  # intset -> hashtable with one more member
        lambda c: c.setrange("str:raw", 0, "y"),
        lambda c: c.move("str:embstr", 2),
        lambda c: c.persist("hash:big"),
        lambda c: c.rename("str:text", "str:renamed"),
    ]
    for change in changes:
        both(pair, change)
        digest, _ = compare_all(pair)
        seen.add(digest)
    assert len(seen) == len(changes) + 1
    # A list's order counts; a set's, a hash's and a sorted set's insertion order do not.
    for c in pair:
        c.rpush("l1", "a", "b")
        c.rpush("l2", "b", "a")
        c.sadd("s1", "a", "b")
        c.sadd("s2", "b", "a")
        c.hset("h1", mapping={"a": "1", "b": "2"})
        c.hset("h2", mapping={"b": "2", "a": "1"})
        c.zadd("z1", {"a": 1, "b": 2})
        c.zadd("z2", {"b": 2, "a": 1})
        d = c.execute_command("DEBUG", "DIGEST-VALUE", "l1", "l2", "s1", "s2", "h1", "h2", "z1", "z2")
        assert d[0] != d[1] and d[2] == d[3] and d[4] == d[5] and d[6] == d[7]
    compare_all(pair)


def test_many_keys(pair):
    """DEBUG POPULATE's 300k keys: the same digest (its speed is for benchmarks, not for a test to assert)."""
    both(pair, lambda c: c.execute_command("DEBUG", "POPULATE", 300000))
    digests = [c.execute_command("DEBUG", "DIGEST") for c in pair]
    assert digests[0] == digests[1] != ZEROS

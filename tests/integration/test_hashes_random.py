"""Seeded random differential test of the hash family: thousands of random hash commands on a small key space
(so hashes meet strings and each other), the same stream sent to ringkv and to redis-server, replies compared
byte for byte and OBJECT ENCODING of the touched keys compared after every step, the whole keyspace every
few steps. Each seed runs under its own hash-max-listpack-entries / -value, so conversions happen often.

What cannot compare byte for byte, and how it is checked instead:
  - aggregates whose order is a hashtable's (HGETALL, HKEYS, HVALS of a hashtable, HRANDFIELD of the whole
    hash): same reply type, same elements as sorted lists (HGETALL: sorted field/value pairs);
  - random picks (HRANDFIELD): checked for shape against the hash's contents (size, distinctness, that each
    field exists and, WITHVALUES, carries its value);
  - HSCAN: a full iteration on each server, compared as sets of pairs, each ringkv call's fields distinct.
Bounded: N_STEPS commands per seed, and a seed stops early after TIME_BUDGET_S.
"""
import os
import random
import time

import pytest

from servers import start_redis, start_ringkv
from test_differential import RespConn, encode

SEEDS = [21, 22, 23, 24]
N_STEPS = int(os.environ.get("RINGKV_RANDOM_STEPS", "2000"))
TIME_BUDGET_S = 20.0
KEYS = [b"k0", b"k1", b"k2", b"k3", b"k4", b"k5"]
# (hash-max-listpack-entries, hash-max-listpack-value) per seed
LIMITS = {21: (16, 64), 22: (512, 8), 23: (4, 64), 24: (64, 16)}
ORDERLESS = {b"HGETALL", b"HKEYS", b"HVALS"}


def field(rng):
    r = rng.random()
    if r < 0.5:
        return b"f%d" % rng.randint(0, 40)
    if r < 0.8:
        return str(rng.randint(-5, 100)).encode()
    return rng.choice([b"", b"\x00", b"long-field-" + b"x" * rng.randint(0, 20), b"01", b"-0",
                       b"9223372036854775808", b"F1"])


def value(rng):
    r = rng.random()
    if r < 0.4:
        return str(rng.randint(-1000, 1000)).encode()
    if r < 0.7:
        return b"v%d" % rng.randint(0, 1000)
    if r < 0.85:
        return rng.choice([b"", b"1.5", b"-0", b"9223372036854775807", b"-9223372036854775808", b" 1", b"1e3"])
    return b"y" * rng.randint(0, 30)


def gen(rng):
    """One command (a list of bytes)."""
    k = rng.choice(KEYS)
    r = rng.random()
    if r < 0.24:
        cmd = [rng.choice([b"HSET", b"HSET", b"HMSET"]), k]
        for _ in range(rng.randint(1, 8)):
            cmd += [field(rng), value(rng)]
        return cmd
    if r < 0.28:
        return [b"HSETNX", k, field(rng), value(rng)]
    if r < 0.36:
        return [b"HDEL", k] + [field(rng) for _ in range(rng.randint(1, 6))]
    if r < 0.41:
        return [b"HGET", k, field(rng)]
    if r < 0.44:
        return [b"HMGET", k] + [field(rng) for _ in range(rng.randint(1, 5))]
    if r < 0.47:
        return [rng.choice([b"HGETALL", b"HKEYS", b"HVALS"]), k]
    if r < 0.50:
        return [rng.choice([b"HLEN", b"HEXISTS", b"HSTRLEN"]), k] + ([] if rng.random() < 0.3 else [field(rng)])
    if r < 0.57:
        return [b"HINCRBY", k, field(rng), rng.choice([b"1", b"-3", b"100", b"9223372036854775807", b"x"])]
    if r < 0.62:
        return [b"HINCRBYFLOAT", k, field(rng), rng.choice([b"1.5", b"-0.25", b"1e3", b"3", b"x", b"inf"])]
    if r < 0.70:
        count = rng.choice([None, 0, 1, 2, 5, 50, -1, -3, -30])
        cmd = [b"HRANDFIELD", k] + ([] if count is None else [str(count).encode()])
        if count is not None and rng.random() < 0.5:
            cmd.append(b"WITHVALUES")
        return cmd
    if r < 0.76:
        cmd = [b"HSCAN", k, b"0"]
        if rng.random() < 0.5:
            cmd += [b"COUNT", str(rng.choice([1, 3, 10, 100])).encode()]
        if rng.random() < 0.3:
            cmd += [b"MATCH", rng.choice([b"f1*", b"*0", b"?", b"1*"])]
        return cmd
    if r < 0.79:
        return [b"DEL", k]
    if r < 0.81:
        return [b"SET", k, b"string"]
    if r < 0.83:
        return [b"COPY", k, rng.choice(KEYS), b"REPLACE"]
    if r < 0.84:
        return [b"RENAME", k, rng.choice(KEYS)]
    if r < 0.85:
        return [b"TYPE", k]
    # malformed: wrong arities and bad numbers
    return rng.choice([
        [b"HSET", k], [b"HSET", k, b"f"], [b"HSET", k, b"a", b"1", b"b"], [b"HMSET", k, b"a"],
        [b"HSETNX", k, b"f"], [b"HDEL", k], [b"HGET", k], [b"HINCRBY", k, b"f"], [b"HINCRBY", k, b"f", b"1.5"],
        [b"HINCRBYFLOAT", k, b"f", b"abc"], [b"HRANDFIELD", k, b"abc"], [b"HRANDFIELD", k, b"1", b"x"],
        [b"HRANDFIELD", k, b"-9223372036854775808"], [b"HSCAN", k, b"x"], [b"HSCAN", k, b"0", b"COUNT", b"0"],
        [b"HLEN"], [b"HMGET", k],
    ])


def sorted_elems(reply):
    return sorted(e.raw for e in reply.value) if reply.value is not None else None


def sorted_pairs(reply):
    """HGETALL's elements as sorted (field, value) pairs, whether RESP2 flat or a RESP3 map."""
    flat = [e.raw for e in reply.value]  # a RESP3 map's value is flat too
    return sorted(zip(flat[0::2], flat[1::2]))


def contents(conn, key):
    rep = conn.call(b"HGETALL", key)
    if rep.is_error():
        return None
    flat = [e.value for e in rep.value]
    return dict(zip(flat[0::2], flat[1::2]))


class Pair:
    def __init__(self, ringkv_port, redis_port, resp3, limits):
        self.k = RespConn(ringkv_port)
        self.r = RespConn(redis_port)
        self.resp3 = resp3
        for c in (self.k, self.r):
            if resp3:
                assert not c.call(b"HELLO", b"3").is_error()
            c.call(b"FLUSHALL")
            assert c.call(b"CONFIG", b"SET", b"hash-max-listpack-entries", str(limits[0]).encode()).raw == b"+OK\r\n"
            assert c.call(b"CONFIG", b"SET", b"hash-max-listpack-value", str(limits[1]).encode()).raw == b"+OK\r\n"

    def close(self):
        self.k.close()
        self.r.close()

    def both(self, *cmd):
        return self.k.call(*cmd), self.r.call(*cmd)

    def encodings_equal(self, key_list):
        req = b"".join(encode(b"OBJECT", b"ENCODING", key) for key in key_list)
        self.k.send(req)
        self.r.send(req)
        for key in key_list:
            a, b = self.k.read(), self.r.read()
            assert a.raw == b.raw, f"OBJECT ENCODING {key!r}: ringkv {a.raw!r} redis {b.raw!r}"

    def whole_keyspace_equal(self):
        for key in KEYS:
            a, b = self.both(b"TYPE", key)
            assert a.raw == b.raw, f"TYPE {key!r}: ringkv {a.raw!r} redis {b.raw!r}"
            if a.value == b"hash":
                assert contents(self.k, key) == contents(self.r, key), f"contents of {key!r}"
        self.encodings_equal(KEYS)


def check_hrandfield(p, cmd, where):
    key = cmd[1]
    a, b = p.both(*cmd)
    if b.is_error() or b.value is None or p.r.call(b"TYPE", key).value != b"hash":
        assert a.raw == b.raw, f"{where}: ringkv {a.raw!r} redis {b.raw!r}"
        return
    content = contents(p.r, key)
    if len(cmd) == 2:
        assert a.kind == "$" and a.value in content, f"{where}: {a.raw!r}"
        return
    count = int(cmd[2])
    withvalues = len(cmd) == 4
    assert a.kind == "*", f"{where}: {a.raw!r}"
    if withvalues and p.resp3:
        picks = [(e.value[0].value, e.value[1].value) for e in a.value]
    elif withvalues:
        flat = [e.value for e in a.value]
        picks = list(zip(flat[0::2], flat[1::2]))
    else:
        picks = [(e.value, content.get(e.value)) for e in a.value]
    for f, v in picks:
        assert f in content and content[f] == v, f"{where}: {f!r} not in the hash or wrong value: {a.raw!r}"
    fields = [f for f, _ in picks]
    if count < 0:
        assert len(fields) == -count, where
    elif count >= len(content):
        assert sorted(fields) == sorted(content), f"{where}: ringkv {a.raw!r} redis {b.raw!r}"
    else:
        assert len(fields) == count and len(set(fields)) == count, f"{where}: {a.raw!r}"


def full_scan(conn, cmd):
    got = []
    cursor = b"0"
    for _ in range(100000):
        rep = conn.call(cmd[0], cmd[1], cursor, *cmd[3:])
        if rep.is_error() or rep.kind != "*":
            return rep.raw
        cursor = rep.value[0].value
        flat = [e.value for e in rep.value[1].value]
        batch = list(zip(flat[0::2], flat[1::2]))
        assert len(set(f for f, _ in batch)) == len(batch), f"duplicates in one HSCAN call: {rep.raw!r}"
        got += batch
        if cursor == b"0":
            return sorted(set(got))
    raise AssertionError("HSCAN did not finish")


def run_seed(ringkv, redis_server, seed):
    rng = random.Random(seed)
    resp3 = seed % 2 == 0
    limits = LIMITS[seed]
    p = Pair(ringkv.port, redis_server.port, resp3, limits)
    deadline = time.time() + TIME_BUDGET_S
    try:
        for step in range(N_STEPS):
            if time.time() > deadline:
                break
            cmd = gen(rng)
            where = f"seed {seed} step {step} (resp{3 if resp3 else 2}, limits {limits}): " + \
                " ".join(repr(x) for x in cmd)
            name = cmd[0]
            if name == b"HRANDFIELD" and len(cmd) >= 2:
                check_hrandfield(p, cmd, where)
            elif name == b"HSCAN" and len(cmd) >= 3 and cmd[2] == b"0":
                a, b = full_scan(p.k, cmd), full_scan(p.r, cmd)
                assert a == b, f"{where}: ringkv {a!r} redis {b!r}"
            else:
                a, b = p.both(*cmd)
                if a.raw != b.raw:
                    assert name in ORDERLESS and a.kind == b.kind, f"{where}: ringkv {a.raw!r} redis {b.raw!r}"
                    if name == b"HGETALL":
                        assert sorted_pairs(a) == sorted_pairs(b), f"{where}: ringkv {a.raw!r} redis {b.raw!r}"
                    else:
                        assert sorted_elems(a) == sorted_elems(b), f"{where}: ringkv {a.raw!r} redis {b.raw!r}"
            touched = [x for x in cmd[1:] if x in KEYS]
            p.encodings_equal(sorted(set(touched)))
            if step % 50 == 49:
                p.whole_keyspace_equal()
        p.whole_keyspace_equal()
    finally:
        p.close()


@pytest.fixture(scope="module")
def servers():
    k = start_ringkv()
    r = start_redis()
    yield k, r
    k.cleanup()
    r.cleanup()


@pytest.mark.parametrize("seed", SEEDS)
def test_hashes_random(servers, seed):
    run_seed(servers[0], servers[1], seed)

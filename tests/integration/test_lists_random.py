"""Seeded random differential test of the list family: thousands of random list commands on a small key space
(so lists meet strings and each other), the same stream sent to ringkv and to redis-server 7.0.15, replies
compared byte for byte. Lists are deterministic, so everything compares exactly, and after every step the
touched keys' OBJECT ENCODING and DEBUG OBJECT quicklist fields (ql_nodes, ql_avg_node, ql_listpack_max,
ql_compressed, ql_uncompressed_size) must be redis-server's: the node layout, not only the contents, follows
Redis's fill, split and merge rules. Each seed runs under its own list-max-listpack-size and
list-compress-depth, one with a small DEBUG QUICKLIST-PACKED-THRESHOLD so PLAIN nodes take part.
Bounded: N_STEPS commands per seed, and a seed stops early after TIME_BUDGET_S.
"""
import os
import random
import re
import time

import pytest

from servers import start_redis, start_ringkv
from test_differential import RespConn, encode

N_STEPS = int(os.environ.get("RINGKV_RANDOM_STEPS", "2500"))
TIME_BUDGET_S = 25.0
KEYS = [b"k0", b"k1", b"k2", b"k3", b"k4"]
# seed -> (list-max-listpack-size, list-compress-depth, packed threshold or None)
SEEDS = {
    21: (-2, 0, None),
    22: (3, 1, None),
    23: (-1, 2, None),
    24: (5, 0, 300),
    25: (1, 1, None),
    26: (-5, 1, None),
}
QL_FIELDS = re.compile(rb" (ql_nodes:\S+ ql_avg_node:\S+ ql_listpack_max:\S+ ql_compressed:\S+ ql_uncompressed_size:\S+)")


def elem(rng):
    r = rng.random()
    if r < 0.35:
        return str(rng.randint(-50, 300)).encode()
    if r < 0.70:
        return b"e%d" % rng.randint(0, 60)
    if r < 0.93:
        return bytes(rng.choice(b"abcxyz") for _ in range(rng.randint(20, 400)))
    if r < 0.97:
        return b"B" * rng.randint(1000, 9000)
    return rng.choice([b"", b"01", b"-0", b"9223372036854775807", b"-9223372036854775808", b"9223372036854775808",
                       b" 1", b"1.5", b"\x00\xff"])


def elems(rng, lo, hi):
    return [elem(rng) for _ in range(rng.randint(lo, hi))]


def idx(rng):
    return str(rng.choice([0, 1, 2, -1, -2, rng.randint(-40, 40), rng.randint(-400, 400), 10**6])).encode()


def gen(rng, known):
    """One command (a list of bytes). known: elements recently pushed, so pivots and LREM targets hit."""
    k = rng.choice(KEYS)
    other = rng.choice(KEYS)
    pick = (lambda: rng.choice(known)) if known and rng.random() < 0.8 else (lambda: elem(rng))
    end = lambda: rng.choice([b"LEFT", b"RIGHT", b"left"])
    r = rng.random()
    if r < 0.30:
        es = elems(rng, 1, 30)
        known.extend(es[:3])
        del known[:-40]
        return [rng.choice([b"RPUSH", b"LPUSH", b"RPUSH", b"LPUSHX", b"RPUSHX"]), k] + es
    if r < 0.38:
        count = rng.choice([None, None, 0, 1, 3, 20, 200])
        return [rng.choice([b"LPOP", b"RPOP"]), k] + ([] if count is None else [str(count).encode()])
    if r < 0.46:
        return [b"LINSERT", k, rng.choice([b"BEFORE", b"AFTER"]), pick(), elem(rng)]
    if r < 0.51:
        return [b"LSET", k, idx(rng), elem(rng)]
    if r < 0.56:
        return [b"LREM", k, str(rng.choice([0, 1, 2, -1, -3, 5])).encode(), pick()]
    if r < 0.60:
        return [b"LTRIM", k, idx(rng), idx(rng)]
    if r < 0.64:
        return [b"LRANGE", k, idx(rng), idx(rng)]
    if r < 0.67:
        return [b"LINDEX", k, idx(rng)]
    if r < 0.70:
        cmd = [b"LPOS", k, pick()]
        for opt, vals in ((b"RANK", [1, 2, -1, -2, 3]), (b"COUNT", [0, 1, 2, 5]), (b"MAXLEN", [0, 1, 5, 50])):
            if rng.random() < 0.4:
                cmd += [opt, str(rng.choice(vals)).encode()]
        return cmd
    if r < 0.76:
        if rng.random() < 0.3:
            return [b"RPOPLPUSH", k, other]
        return [b"LMOVE", k, other, end(), end()]
    if r < 0.80:
        ks = [rng.choice(KEYS + [b"nokey"]) for _ in range(rng.randint(1, 3))]
        cmd = [b"LMPOP", str(len(ks)).encode()] + ks + [end()]
        if rng.random() < 0.6:
            cmd += [b"COUNT", str(rng.choice([1, 2, 7, 100])).encode()]
        return cmd
    if r < 0.85:
        # blocking forms with a short timeout: they answer at once when a list has data
        choice = rng.random()
        if choice < 0.4:
            return [rng.choice([b"BLPOP", b"BRPOP"]), k, other, b"0.01"]
        if choice < 0.7:
            return [b"BLMOVE", k, other, end(), end(), b"0.01"]
        if choice < 0.8:
            return [b"BRPOPLPUSH", k, other, b"0.01"]
        return [b"BLMPOP", b"0.01", b"2", k, other, end(), b"COUNT", str(rng.randint(1, 5)).encode()]
    if r < 0.88:
        return [b"LLEN", k]
    if r < 0.90:
        return [b"DEL", k]
    if r < 0.91:
        return [b"SET", k, b"string"]
    if r < 0.93:
        return [b"COPY", k, other, b"REPLACE"]
    if r < 0.94:
        return [b"RENAME", k, other]
    # malformed: wrong arities and bad numbers
    return rng.choice([
        [b"LPUSH", k], [b"LPOP", k, b"-1"], [b"LPOP", k, b"x"], [b"LPOP", k, b"1", b"2"], [b"LSET", k, b"x", b"y"],
        [b"LINSERT", k, b"MIDDLE", b"a", b"b"], [b"LPOS", k, b"a", b"RANK", b"0"], [b"LREM", k, b"x", b"a"],
        [b"LMPOP", b"0", k, b"LEFT"], [b"LMPOP", b"1", k, b"UP"], [b"LMOVE", k, other, b"UP", b"LEFT"],
        [b"BLPOP", k, b"-1"], [b"LRANGE", k, b"0"], [b"LTRIM", k, b"a", b"1"],
    ])


class Pair:
    def __init__(self, ringkv_port, redis_port, resp3, fill, depth, threshold):
        self.k = RespConn(ringkv_port)
        self.r = RespConn(redis_port)
        for c in (self.k, self.r):
            if resp3:
                assert not c.call(b"HELLO", b"3").is_error()
            c.call(b"FLUSHALL")
            assert c.call(b"CONFIG", b"SET", b"list-max-listpack-size", str(fill).encode()).raw == b"+OK\r\n"
            assert c.call(b"CONFIG", b"SET", b"list-compress-depth", str(depth).encode()).raw == b"+OK\r\n"
            t = str(threshold or 0).encode()
            assert c.call(b"DEBUG", b"QUICKLIST-PACKED-THRESHOLD", t).raw == b"+OK\r\n"

    def close(self):
        for c in (self.k, self.r):
            c.call(b"DEBUG", b"QUICKLIST-PACKED-THRESHOLD", b"0")
            c.call(b"CONFIG", b"SET", b"list-max-listpack-size", b"-2")
            c.call(b"CONFIG", b"SET", b"list-compress-depth", b"0")
            c.close()

    def layouts_equal(self, key_list, where):
        req = b"".join(encode(b"OBJECT", b"ENCODING", key) + encode(b"DEBUG", b"OBJECT", key) for key in key_list)
        self.k.send(req)
        self.r.send(req)
        for key in key_list:
            ka, ra = self.k.read(), self.r.read()
            assert ka.raw == ra.raw, f"{where}: OBJECT ENCODING {key!r}: ringkv {ka.raw!r} redis {ra.raw!r}"
            kd, rd = self.k.read(), self.r.read()
            if ka.raw == b"$9\r\nquicklist\r\n":
                km, rm = QL_FIELDS.search(kd.raw), QL_FIELDS.search(rd.raw)
                assert km and rm and km.group(1) == rm.group(1), \
                    f"{where}: DEBUG OBJECT {key!r}: ringkv {kd.raw!r} redis {rd.raw!r}"

    def contents_equal(self, where):
        for key in KEYS:
            a, b = self.k.call(b"LRANGE", key, b"0", b"-1"), self.r.call(b"LRANGE", key, b"0", b"-1")
            assert a.raw == b.raw, f"{where}: LRANGE {key!r}: ringkv {a.raw!r:.300} redis {b.raw!r:.300}"


@pytest.fixture(scope="module")
def servers():
    k = start_ringkv()
    r = start_redis()
    yield k, r
    k.cleanup()
    r.cleanup()


@pytest.mark.parametrize("seed", sorted(SEEDS))
@pytest.mark.parametrize("resp3", [False, True])
def test_lists_random(servers, seed, resp3):
    ringkv, redis_srv = servers
    fill, depth, threshold = SEEDS[seed]
    rng = random.Random(seed * 10 + int(resp3))
    p = Pair(ringkv.port, redis_srv.port, resp3, fill, depth, threshold)
    known = []
    deadline = time.time() + TIME_BUDGET_S
    try:
        for step in range(N_STEPS):
            if time.time() > deadline:
                break
            cmd = gen(rng, known)
            where = f"seed {seed} resp3 {resp3} step {step} {cmd[:4]!r}"
            a, b = p.k.call(*cmd), p.r.call(*cmd)
            assert a.raw == b.raw, f"{where}: ringkv {a.raw!r:.400} redis {b.raw!r:.400}"
            touched = sorted({x for x in cmd[1:] if x in KEYS})
            if touched:
                p.layouts_equal(touched, where)
            if step % 50 == 0:
                p.contents_equal(where)
        p.contents_equal(f"seed {seed} end")
    finally:
        p.close()

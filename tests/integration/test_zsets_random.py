"""Seeded random differential test of the sorted set family: thousands of random sorted set commands on a
small key space (so sorted sets meet strings, sets and each other), the same stream sent to ringkv and to
redis-server, replies compared byte for byte and OBJECT ENCODING of the touched keys compared after every
step, the whole keyspace (ZRANGE WITHSCORES of every key) every few steps. Scores are chosen to tie often and
to include inf, -inf, negative zero, halves and 0.1-style fractions; each seed runs other listpack limits.

What cannot compare byte for byte, and how it is checked instead:
  - ZRANDMEMBER: shape against the set's contents (count, distinctness, membership, scores), and the whole
    set when the count covers it (deterministic: byte for byte);
  - ZSCAN: a full iteration on each server, compared as sets of (member, score) pairs.
Lex-range commands run only on the "lex" keys, whose members all have score 0: on mixed scores their
result depends on the skiplist's random levels (Redis documents them as undefined there).
Bounded: N_STEPS commands per seed, and a seed stops early after TIME_BUDGET_S.
"""
import os
import random
import time

import pytest

from servers import start_redis, start_ringkv
from test_differential import RespConn, encode

SEEDS = [21, 22, 23, 24]
N_STEPS = int(os.environ.get("RINGKV_RANDOM_STEPS", "2500"))
TIME_BUDGET_S = 25.0
KEYS = [b"k0", b"k1", b"k2", b"k3", b"k4"]
LEX_KEYS = [b"l0", b"l1"]
SET_KEYS = [b"s0"]
ALL_KEYS = KEYS + LEX_KEYS + SET_KEYS
# zset-max-listpack-entries / -value per seed
LIMITS = {21: (128, 64), 22: (4, 8), 23: (16, 3), 24: (0, 64)}


def member(rng):
    r = rng.random()
    if r < 0.45:
        return b"m%d" % rng.randint(0, 40)
    if r < 0.70:
        return str(rng.randint(-10, 60)).encode()
    if r < 0.85:
        return b"x" * rng.randint(1, 12)
    return rng.choice([b"", b"a", b"b", b"\x00", b"\xff", b"-", b"+", b"[a", b"(a", b"01", b"-0",
                       b"9223372036854775807", b"longer-member-name"])


def score(rng):
    r = rng.random()
    if r < 0.45:
        return str(rng.randint(-5, 10)).encode()
    if r < 0.60:
        return str(rng.randint(-10, 10) / 2).encode()
    if r < 0.70:
        return rng.choice([b"0.1", b"0.2", b"0.3", b"-0.1", b"1e-3", b"3.0000000000000004", b"1e21"])
    if r < 0.80:
        return rng.choice([b"inf", b"-inf", b"+inf", b"-0", b"0"])
    return b"%.6f" % rng.uniform(-100, 100)


def bound(rng):
    s = score(rng)
    return b"(" + s if rng.random() < 0.3 else s


def lex_bound(rng):
    r = rng.random()
    if r < 0.15:
        return b"-"
    if r < 0.30:
        return b"+"
    return (b"[" if rng.random() < 0.5 else b"(") + member(rng)


def zkeys(rng, lo, hi):
    return [rng.choice(KEYS + LEX_KEYS + SET_KEYS + [b"nokey"]) for _ in range(rng.randint(lo, hi))]


def setop(rng, name, store):
    ks = zkeys(rng, 1, 3)
    cmd = [name] + ([rng.choice(KEYS)] if store else []) + [str(len(ks)).encode()] + ks
    if name not in (b"ZDIFF", b"ZDIFFSTORE"):
        if rng.random() < 0.3:
            cmd += [b"WEIGHTS"] + [rng.choice([b"1", b"2", b"-1", b"0.5", b"0", b"inf"]) for _ in ks]
        if rng.random() < 0.3:
            cmd += [b"AGGREGATE", rng.choice([b"SUM", b"MIN", b"MAX"])]
    if not store and rng.random() < 0.5:
        cmd += [b"WITHSCORES"]
    return cmd


def gen(rng):
    """One command (a list of bytes)."""
    k = rng.choice(KEYS)
    lk = rng.choice(LEX_KEYS)
    r = rng.random()
    if r < 0.20:
        cmd = [b"ZADD", k]
        for opt in (b"NX", b"XX", b"GT", b"LT", b"CH"):
            if rng.random() < 0.07:
                cmd.append(opt)
        for _ in range(rng.randint(1, 12)):
            cmd += [score(rng), member(rng)]
        return cmd
    if r < 0.24:
        return [b"ZADD", lk] + sum(([b"0", member(rng)] for _ in range(rng.randint(1, 8))), [])
    if r < 0.27:
        return [b"ZINCRBY", k, score(rng), member(rng)]
    if r < 0.28:
        return [b"ZADD", k, b"INCR", score(rng), member(rng)]
    if r < 0.33:
        return [b"ZREM", rng.choice([k, lk])] + [member(rng) for _ in range(rng.randint(1, 6))]
    if r < 0.36:
        return [rng.choice([b"ZSCORE", b"ZRANK", b"ZREVRANK"]), rng.choice([k, lk]), member(rng)]
    if r < 0.37:
        return [b"ZMSCORE", k] + [member(rng) for _ in range(rng.randint(1, 4))]
    if r < 0.38:
        return [b"ZCARD", k]
    if r < 0.44:
        cmd = [b"ZRANGE", k, str(rng.randint(-8, 8)).encode(), str(rng.randint(-8, 30)).encode()]
        if rng.random() < 0.3:
            cmd.append(b"REV")
        if rng.random() < 0.5:
            cmd.append(b"WITHSCORES")
        return cmd
    if r < 0.50:
        rev = rng.random() < 0.4
        cmd = [b"ZRANGE", k, bound(rng), bound(rng), b"BYSCORE"] + ([b"REV"] if rev else [])
        if rng.random() < 0.3:
            cmd += [b"LIMIT", str(rng.randint(-1, 5)).encode(), str(rng.randint(-1, 6)).encode()]
        if rng.random() < 0.5:
            cmd.append(b"WITHSCORES")
        return cmd
    if r < 0.53:
        name = rng.choice([b"ZRANGEBYSCORE", b"ZREVRANGEBYSCORE"])
        cmd = [name, k, bound(rng), bound(rng)]
        if rng.random() < 0.5:
            cmd.append(b"WITHSCORES")
        if rng.random() < 0.3:
            cmd += [b"LIMIT", str(rng.randint(0, 4)).encode(), str(rng.randint(-1, 4)).encode()]
        return cmd
    if r < 0.57:
        name = rng.choice([b"ZRANGEBYLEX", b"ZREVRANGEBYLEX", b"ZLEXCOUNT"])
        cmd = [name, lk, lex_bound(rng), lex_bound(rng)]
        if name != b"ZLEXCOUNT" and rng.random() < 0.3:
            cmd += [b"LIMIT", str(rng.randint(0, 3)).encode(), str(rng.randint(-1, 4)).encode()]
        return cmd
    if r < 0.59:
        return [b"ZCOUNT", k, bound(rng), bound(rng)]
    if r < 0.62:
        cmd = [b"ZRANGESTORE", rng.choice(KEYS), rng.choice([k, lk])]
        if rng.random() < 0.5:
            cmd += [str(rng.randint(-5, 5)).encode(), str(rng.randint(-5, 20)).encode()]
        else:
            cmd += [bound(rng), bound(rng), b"BYSCORE"]
        return cmd
    if r < 0.66:
        kind = rng.random()
        if kind < 0.4:
            return [b"ZREMRANGEBYRANK", k, str(rng.randint(-6, 6)).encode(), str(rng.randint(-6, 6)).encode()]
        if kind < 0.8:
            return [b"ZREMRANGEBYSCORE", k, bound(rng), bound(rng)]
        return [b"ZREMRANGEBYLEX", lk, lex_bound(rng), lex_bound(rng)]
    if r < 0.71:
        name = rng.choice([b"ZPOPMIN", b"ZPOPMAX"])
        return [name, k] + ([] if rng.random() < 0.4 else [str(rng.choice([0, 1, 2, 5, 50])).encode()])
    if r < 0.73:
        ks = zkeys(rng, 1, 3)
        cmd = [b"ZMPOP", str(len(ks)).encode()] + ks + [rng.choice([b"MIN", b"MAX"])]
        if rng.random() < 0.5:
            cmd += [b"COUNT", str(rng.randint(1, 6)).encode()]
        return cmd
    if r < 0.74:
        return [rng.choice([b"BZPOPMIN", b"BZPOPMAX"]), k, rng.choice(KEYS), b"0.001"]
    if r < 0.80:
        name = rng.choice([b"ZUNION", b"ZINTER", b"ZDIFF"])
        return setop(rng, name, False)
    if r < 0.85:
        name = rng.choice([b"ZUNIONSTORE", b"ZINTERSTORE", b"ZDIFFSTORE"])
        return setop(rng, name, True)
    if r < 0.86:
        ks = zkeys(rng, 1, 3)
        return [b"ZINTERCARD", str(len(ks)).encode()] + ks + ([b"LIMIT", b"2"] if rng.random() < 0.3 else [])
    if r < 0.89:
        count = rng.choice([None, 0, 1, 3, 100, -1, -5])
        cmd = [b"ZRANDMEMBER", rng.choice([k, lk])] + ([] if count is None else [str(count).encode()])
        if count is not None and rng.random() < 0.5:
            cmd.append(b"WITHSCORES")
        return cmd
    if r < 0.91:
        cmd = [b"ZSCAN", k, b"0"]
        if rng.random() < 0.5:
            cmd += [b"COUNT", str(rng.choice([1, 3, 100])).encode()]
        if rng.random() < 0.3:
            cmd += [b"MATCH", rng.choice([b"m1*", b"*x", b"?"])]
        return cmd
    if r < 0.92:
        return [b"SADD", rng.choice(SET_KEYS)] + [member(rng) for _ in range(rng.randint(1, 5))]
    if r < 0.93:
        return [b"DEL", k]
    if r < 0.935:
        return [b"SET", k, b"string"]
    if r < 0.945:
        return [b"COPY", k, rng.choice(KEYS), b"REPLACE"]
    if r < 0.95:
        return [b"RENAME", k, rng.choice(KEYS)]
    # malformed: wrong arities and bad numbers
    return rng.choice([
        [b"ZADD", k], [b"ZADD", k, b"1"], [b"ZADD", k, b"x", b"m"], [b"ZADD", k, b"nan", b"m"],
        [b"ZADD", k, b"NX", b"XX", b"1", b"m"], [b"ZADD", k, b"INCR", b"1", b"a", b"2", b"b"],
        [b"ZINCRBY", k, b"abc", b"m"], [b"ZRANGE", k, b"a", b"1"], [b"ZRANGE", k, b"0", b"1", b"LIMIT", b"0", b"1"],
        [b"ZRANGEBYSCORE", k, b"x", b"1"], [b"ZRANGEBYLEX", lk, b"a", b"b"], [b"ZPOPMIN", k, b"-1"],
        [b"ZMPOP", b"0", k, b"MIN"], [b"ZUNIONSTORE", k, b"0", k], [b"ZINTER", b"2", k],
        [b"ZRANDMEMBER", k, b"x"], [b"ZSCAN", k, b"x"], [b"ZCOUNT", k, b"(", b"(x"], [b"ZREMRANGEBYRANK", k, b"a", b"1"],
    ])


def zcontents(conn, key):
    rep = conn.call(b"ZRANGE", key, b"0", b"-1", b"WITHSCORES")
    return None if rep.is_error() else rep.raw


class Pair:
    def __init__(self, ringkv_port, redis_port, resp3, limits):
        self.k = RespConn(ringkv_port)
        self.r = RespConn(redis_port)
        self.resp3 = resp3
        for c in (self.k, self.r):
            if resp3:
                assert not c.call(b"HELLO", b"3").is_error()
            c.call(b"FLUSHALL")
            for name, v in ((b"zset-max-listpack-entries", limits[0]), (b"zset-max-listpack-value", limits[1])):
                assert c.call(b"CONFIG", b"SET", name, str(v).encode()).raw == b"+OK\r\n"

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
        for key in ALL_KEYS:
            a, b = self.both(b"TYPE", key)
            assert a.raw == b.raw, f"TYPE {key!r}: ringkv {a.raw!r} redis {b.raw!r}"
            if a.value == b"zset":
                a, b = zcontents(self.k, key), zcontents(self.r, key)
                assert a == b, f"contents of {key!r}: ringkv {a!r} redis {b!r}"
        self.encodings_equal(ALL_KEYS)


def flat_pairs(reply, resp3, withscores):
    """ZRANDMEMBER's elements as (member, score-bytes or None) tuples."""
    out = []
    if withscores and resp3:
        for e in reply.value:
            out.append((e.value[0].value, e.value[1].raw))
    elif withscores:
        vals = [e.value for e in reply.value]
        out = list(zip(vals[0::2], vals[1::2]))
    else:
        out = [(e.value, None) for e in reply.value]
    return out


def check_zrandmember(p, cmd, where):
    key = cmd[1]
    a, b = p.both(*cmd)
    if b.is_error() or b.kind != "*" and len(cmd) > 2 or p.r.call(b"TYPE", key).value != b"zset":
        assert a.raw == b.raw, f"{where}: ringkv {a.raw!r} redis {b.raw!r}"
        return
    content = p.r.call(b"ZRANGE", key, b"0", b"-1").value
    members = set(e.value for e in content)
    if len(cmd) == 2:
        assert a.kind == "$" and a.value in members, f"{where}: {a.raw!r}"
        return
    count = int(cmd[2])
    withscores = len(cmd) == 4
    got = flat_pairs(a, p.resp3, withscores)
    for m, s in got:
        assert m in members, f"{where}: non-member {m!r}"
        if withscores:
            want = p.r.call(b"ZSCORE", key, m)
            assert s == (want.raw if p.resp3 else want.value), f"{where}: score of {m!r}: {s!r} vs {want.raw!r}"
    if count < 0:
        assert len(got) == -count, where
    elif count >= len(members):
        assert a.raw == b.raw, f"{where}: ringkv {a.raw!r} redis {b.raw!r}"
    else:
        assert len(got) == count and len(set(m for m, _ in got)) == count, f"{where}: {a.raw!r}"


def full_scan(conn, cmd):
    got = []
    cursor = b"0"
    for _ in range(100000):
        rep = conn.call(cmd[0], cmd[1], cursor, *cmd[3:])
        if rep.is_error() or rep.kind != "*":
            return rep.raw
        cursor = rep.value[0].value
        batch = [e.value for e in rep.value[1].value]
        pairs = list(zip(batch[0::2], batch[1::2]))
        assert len(set(m for m, _ in pairs)) == len(pairs), f"duplicates in one ZSCAN call: {rep.raw!r}"
        got += pairs
        if cursor == b"0":
            return sorted(set(got))
    raise AssertionError("ZSCAN did not finish")


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
            if name == b"ZRANDMEMBER" and 2 <= len(cmd) <= 4:
                check_zrandmember(p, cmd, where)
            elif name == b"ZSCAN" and len(cmd) >= 3 and cmd[2] == b"0":
                a, b = full_scan(p.k, cmd), full_scan(p.r, cmd)
                assert a == b, f"{where}: ringkv {a!r} redis {b!r}"
            else:
                a, b = p.both(*cmd)
                assert a.raw == b.raw, f"{where}: ringkv {a.raw!r} redis {b.raw!r}"
            touched = [x for x in cmd[1:] if x in ALL_KEYS]
            p.encodings_equal(sorted(set(touched)))
            if step % 50 == 49:
                p.whole_keyspace_equal()  # raises with the step in the traceback's locals
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
def test_zsets_random(servers, seed):
    run_seed(servers[0], servers[1], seed)

"""Seeded random differential test of the set family: thousands of random set commands on a small key space
(so sets meet strings and each other), the same stream sent to ringkv and to redis-server, replies compared
byte for byte and OBJECT ENCODING of the touched keys compared after every step, the whole keyspace every
few steps.

What cannot compare byte for byte, and how it is checked instead:
  - aggregates whose order is a hashtable's (SMEMBERS, SINTER, SUNION, SDIFF, SRANDMEMBER of the whole set):
    same reply type, same elements as sorted lists;
  - random picks (SRANDMEMBER, SPOP): checked for shape against the set's contents (size, distinctness,
    membership). SPOP runs on ringkv only; redis-server is then brought to the same contents the way ringkv
    must have got there (SREM of the popped members, DEL, or the set rebuilt from what stayed, by which path
    Redis 7.0's spopWithCountCommand takes), so the encodings stay comparable;
  - SSCAN: a full iteration on each server, compared as sets, and each ringkv call's elements distinct.
Bounded: N_STEPS commands per seed, and a seed stops early after TIME_BUDGET_S.
"""
import os
import random
import time

import pytest

from servers import start_redis, start_ringkv
from test_differential import RespConn, encode

SEEDS = [11, 12, 13, 14]
N_STEPS = int(os.environ.get("RINGKV_RANDOM_STEPS", "2000"))
TIME_BUDGET_S = 20.0
KEYS = [b"k0", b"k1", b"k2", b"k3", b"k4", b"k5"]
INT_KEYS = {b"k0", b"k1", b"k2"}
MAX_INTSET = {11: 16, 12: 512, 13: 4, 14: 64}  # set-max-intset-entries per seed
ORDERLESS = {b"SMEMBERS", b"SINTER", b"SUNION", b"SDIFF"}


def member(rng, ints_only=False):
    r = rng.random()
    if ints_only and r < 0.97:
        return str(rng.randint(-20, 300) if rng.random() < 0.9 else rng.randint(-10**12, 10**12)).encode()
    if r < 0.55:
        return str(rng.randint(-20, 300)).encode()
    if r < 0.80:
        return b"m%d" % rng.randint(0, 160)
    return rng.choice([b"70000", b"-70000", b"2147483648", b"-9223372036854775808", b"9223372036854775807",
                       b"9223372036854775808", b"01", b"+1", b"-0", b" 1", b"1.0", b"", b"\x00x", b"-",
                       b"32767", b"-32768", b"32768"])


def members(rng, lo, hi, ints_only=False):
    return [member(rng, ints_only) for _ in range(rng.randint(lo, hi))]


def keys(rng, lo, hi):
    return [rng.choice(KEYS + [b"nokey"]) for _ in range(rng.randint(lo, hi))]


def gen(rng):
    """One command (a list of bytes)."""
    k = rng.choice(KEYS)
    ints = k in INT_KEYS  # these keys get integers almost only, so they stay intsets for a while
    r = rng.random()
    if r < 0.28:
        return [b"SADD", k] + members(rng, 1, 25, ints)
    if r < 0.38:
        return [b"SREM", k] + members(rng, 1, 12, ints)
    if r < 0.42:
        return [b"SISMEMBER", k, member(rng)]
    if r < 0.45:
        return [b"SMISMEMBER", k] + members(rng, 1, 5)
    if r < 0.48:
        return [b"SCARD", k]
    if r < 0.51:
        return [b"SMEMBERS", k]
    if r < 0.55:
        return [b"SMOVE", k, rng.choice(KEYS), member(rng)]
    if r < 0.58:
        return [b"SINTER"] + keys(rng, 1, 3)
    if r < 0.61:
        ks = keys(rng, 1, 3)
        cmd = [b"SINTERCARD", str(len(ks)).encode()] + ks
        if rng.random() < 0.5:
            cmd += [b"LIMIT", str(rng.randint(0, 5)).encode()]
        return cmd
    if r < 0.65:
        return [b"SINTERSTORE", k] + keys(rng, 1, 3)
    if r < 0.68:
        return [rng.choice([b"SUNION", b"SDIFF"])] + keys(rng, 1, 4)
    if r < 0.74:
        return [rng.choice([b"SUNIONSTORE", b"SDIFFSTORE"]), k] + keys(rng, 1, 4)
    if r < 0.80:
        count = rng.choice([None, None, 0, 1, 2, 5, 20, 200])
        return [b"SPOP", k] + ([] if count is None else [str(count).encode()])
    if r < 0.85:
        count = rng.choice([None, 0, 1, 3, 10, 500, -1, -4, -20])
        return [b"SRANDMEMBER", k] + ([] if count is None else [str(count).encode()])
    if r < 0.89:
        cmd = [b"SSCAN", k, b"0"]
        if rng.random() < 0.5:
            cmd += [b"COUNT", str(rng.choice([1, 3, 10, 100])).encode()]
        if rng.random() < 0.3:
            cmd += [b"MATCH", rng.choice([b"1*", b"m1*", b"*0", b"?"])]
        return cmd
    if r < 0.91:
        return [b"DEL", k]
    if r < 0.925:
        return [b"SET", k, b"string"]
    if r < 0.94:
        return [b"COPY", k, rng.choice(KEYS), b"REPLACE"]
    if r < 0.95:
        return [b"RENAME", k, rng.choice(KEYS)]
    if r < 0.96:
        return [b"TYPE", k]
    # malformed: wrong arities and bad numbers
    return rng.choice([
        [b"SADD", k], [b"SREM", k], [b"SMOVE", k, k], [b"SPOP", k, b"abc"], [b"SPOP", k, b"-1"],
        [b"SPOP", k, b"1", b"2"], [b"SRANDMEMBER", k, b"1.5"], [b"SRANDMEMBER", k, b"-9223372036854775808"],
        [b"SINTERCARD", b"0", k], [b"SINTERCARD", b"2", k], [b"SINTERCARD", b"1", k, b"LIMIT", b"-3"],
        [b"SSCAN", k, b"x"], [b"SSCAN", k, b"0", b"COUNT", b"0"], [b"SISMEMBER", k], [b"SCARD"],
        [b"SINTERSTORE", k], [b"SMISMEMBER", k],
    ])


def sorted_elems(reply):
    return sorted(e.raw for e in reply.value) if reply.value is not None else None


def members_of(conn, key):
    rep = conn.call(b"SMEMBERS", key)
    if rep.is_error():
        return None
    return set(e.value for e in rep.value)


class Pair:
    def __init__(self, ringkv_port, redis_port, resp3, max_intset):
        self.k = RespConn(ringkv_port)
        self.r = RespConn(redis_port)
        for c in (self.k, self.r):
            if resp3:
                assert not c.call(b"HELLO", b"3").is_error()
            c.call(b"FLUSHALL")
            assert c.call(b"CONFIG", b"SET", b"set-max-intset-entries", str(max_intset).encode()).raw == b"+OK\r\n"
        self.max_intset = max_intset

    def close(self):
        self.k.close()
        self.r.close()

    def both(self, *cmd):
        return self.k.call(*cmd), self.r.call(*cmd)

    def encodings_equal(self, key_list):
        # pipelined: one write and one read per server
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
            if a.value == b"set":
                assert members_of(self.k, key) == members_of(self.r, key), f"contents of {key!r}"
        self.encodings_equal(KEYS)


def check_spop(p, cmd, where):
    """SPOP on ringkv, checked against the set's contents; redis-server then mirrors ringkv's outcome."""
    key = cmd[1]
    before_type = p.r.call(b"TYPE", key).value
    if len(cmd) != 2 and len(cmd) != 3 or before_type != b"set" or (len(cmd) == 3 and not cmd[2].isdigit()):
        a, b = p.both(*cmd)  # errors, missing keys, wrong types: deterministic
        assert a.raw == b.raw, f"{where}: ringkv {a.raw!r} redis {b.raw!r}"
        return
    before = members_of(p.r, key)
    size = len(before)
    rep = p.k.call(*cmd)
    if len(cmd) == 2:
        assert rep.kind == "$" and rep.value in before, f"{where}: {rep.raw!r}"
        popped = {rep.value}
        count = 1
    else:
        count = int(cmd[2])
        assert rep.kind == ("~" if p.k_resp3 else "*"), f"{where}: {rep.raw!r}"
        popped = [e.value for e in rep.value]
        assert len(popped) == min(count, size) and len(set(popped)) == len(popped), f"{where}: {rep.raw!r}"
        assert set(popped) <= before, f"{where}: popped non-members"
        popped = set(popped)
    kept = before - popped
    if count == 0:
        pass
    elif len(cmd) == 2 or count < size and (size - count) * 5 > count:
        # removed one by one: the encoding stays
        p.r.call(b"SREM", key, *sorted(popped))
    elif count >= size:
        p.r.call(b"DEL", key)
    else:
        # rebuilt from what stayed, starting from the first kept member: SADD builds it by the same rule
        p.r.call(b"DEL", key)
        p.r.call(b"SADD", key, *sorted(kept))
    assert members_of(p.k, key) == (kept if kept else set()), f"{where}: contents after SPOP"


def check_srandmember(p, cmd, where):
    key = cmd[1]
    a, b = p.both(*cmd)
    if b.is_error() or b.value is None or p.r.call(b"TYPE", key).value != b"set":
        assert a.raw == b.raw, f"{where}: ringkv {a.raw!r} redis {b.raw!r}"
        return
    content = members_of(p.r, key)
    if len(cmd) == 2:
        assert a.kind == "$" and a.value in content, f"{where}: {a.raw!r}"
        return
    count = int(cmd[2])
    assert a.kind == "*", f"{where}: {a.raw!r}"
    got = [e.value for e in a.value]
    assert set(got) <= content, f"{where}: non-members {a.raw!r}"
    if count < 0:
        assert len(got) == -count, where
    elif count >= len(content):
        assert sorted_elems(a) == sorted_elems(b), f"{where}: ringkv {a.raw!r} redis {b.raw!r}"
    else:
        assert len(got) == count and len(set(got)) == count, f"{where}: {a.raw!r}"


def full_scan(conn, cmd):
    got = []
    cursor = b"0"
    for _ in range(100000):
        rep = conn.call(cmd[0], cmd[1], cursor, *cmd[3:])
        if rep.is_error() or rep.kind != "*":
            return rep.raw
        cursor = rep.value[0].value
        batch = [e.value for e in rep.value[1].value]
        assert len(set(batch)) == len(batch), f"duplicates in one SSCAN call: {rep.raw!r}"
        got += batch
        if cursor == b"0":
            return sorted(set(got))
    raise AssertionError("SSCAN did not finish")


def run_seed(ringkv, redis_server, seed):
    rng = random.Random(seed)
    resp3 = seed % 2 == 0
    max_intset = MAX_INTSET[seed]
    p = Pair(ringkv.port, redis_server.port, resp3, max_intset)
    p.k_resp3 = resp3
    deadline = time.time() + TIME_BUDGET_S
    try:
        for step in range(N_STEPS):
            if time.time() > deadline:
                break
            cmd = gen(rng)
            where = f"seed {seed} step {step} (resp{3 if resp3 else 2}, max-intset {max_intset}): " + \
                " ".join(repr(x) for x in cmd)
            name = cmd[0]
            if name == b"SPOP":
                check_spop(p, cmd, where)
            elif name == b"SRANDMEMBER" and len(cmd) in (2, 3):
                check_srandmember(p, cmd, where)
            elif name == b"SSCAN" and len(cmd) >= 3 and cmd[2] == b"0":
                a, b = full_scan(p.k, cmd), full_scan(p.r, cmd)
                assert a == b, f"{where}: ringkv {a!r} redis {b!r}"
            else:
                a, b = p.both(*cmd)
                if a.raw != b.raw:
                    assert name in ORDERLESS and a.kind == b.kind and sorted_elems(a) == sorted_elems(b), \
                        f"{where}: ringkv {a.raw!r} redis {b.raw!r}"
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
def test_sets_random(servers, seed):
    run_seed(servers[0], servers[1], seed)

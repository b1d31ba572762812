"""Seeded random differential test of SORT and SORT_RO: random sorts of lists, sets and sorted sets with
numeric and ALPHA elements, BY and GET patterns over string keys and hash fields, LIMIT, ASC/DESC and STORE,
interleaved with random writes to the sources and to the pattern keys, the same stream sent to ringkv and to
redis-server. Replies are compared byte for byte, OBJECT ENCODING of the keys a step touched after every
step (a SORT turns a listpack sorted set into a skiplist), the stored list's quicklist layout after each
STORE, and the whole keyspace every few steps.

What cannot compare byte for byte, and how it is checked instead: Redis loads a hashtable set, and a sorted
set that it sorts, in its hash table's order, so where that order shows (a hashtable set BY a pattern
without '*' and without STORE; ALPHA BY over a set or sorted set, where equal BY values keep the load order)
the replies are compared by shape (type, length), by the sequence of BY values the rows sort by (when each
row names its element: no GET, or GET #) and, when LIMIT keeps everything, as sorted rows. A STORE in those
cases is followed by the same rewrite of the destination on both servers, so the streams stay in step.
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
# per seed: list-max-listpack-size, list-compress-depth, set-max-intset-entries, zset-max-listpack-entries
CONFIGS = {21: (4, 0, 16, 8), 22: (-2, 1, 512, 128), 23: (-1, 0, 8, 16), 24: (3, 2, 64, 32)}
LISTS = [b"l0", b"l1"]
SETS = [b"s0", b"s1"]
ZSETS = [b"z0", b"z1"]
SOURCES = LISTS + SETS + ZSETS
DESTS = [b"d0", b"d1"]
NUMERIC = [str(i).encode() for i in range(-5, 31)] + [b"1.5", b"-0.5", b"2e1", b"0x10", b" 7", b"+3", b"-0",
                                                      b"inf", b"-inf", b""]
ALPHA = [b"a", b"b", b"c", b"d", b"e", b"f", b"g", b"A", b"B", b"Z", b"\xc3\xa9", b"\xff", b"ab", b"a b",
         b"10", b"9", b""]
NUL_ELEMS = [b"a\x00b", b"a\x00", b"\x00"]  # only in lists: elsewhere their C-string ties show hash order
BY_PATTERNS = [b"w_*", b"h_*->f", b"nosort", b"m_*", b"w_*_x"]
GET_PATTERNS = [b"#", b"w_*", b"h_*->g", b"h_*->f", b"nostar", b"h_*->"]


def elem(rng, key):
    if key in (b"l0", b"s0", b"z0"):
        return rng.choice(NUMERIC) if rng.random() < 0.97 else rng.choice(ALPHA)
    if key == b"l1" and rng.random() < 0.08:
        return rng.choice(NUL_ELEMS)
    return rng.choice(ALPHA) if rng.random() < 0.8 else rng.choice(NUMERIC)


def all_elems():
    return sorted(set(NUMERIC + ALPHA + NUL_ELEMS))


def by_value(rng):
    # few distinct values, so ties are common; some not numbers
    r = rng.random()
    if r < 0.6:
        return str(rng.randint(0, 6)).encode()
    if r < 0.9:
        return rng.choice([b"x", b"y", b"z", b"X", b"xx", b""])
    return rng.choice([b"1.5", b"-1", b"nan", b"abc", b"7 "])


def gen_write(rng):
    r = rng.random()
    k = rng.choice(SOURCES)
    if r < 0.22:
        k = rng.choice(LISTS)
        return [rng.choice([b"RPUSH", b"LPUSH"]), k] + [elem(rng, k) for _ in range(rng.randint(1, 25))]
    if r < 0.27:
        return [rng.choice([b"LPOP", b"RPOP"]), rng.choice(LISTS), str(rng.randint(1, 10)).encode()]
    if r < 0.40:
        k = rng.choice(SETS)
        return [b"SADD", k] + [elem(rng, k) for _ in range(rng.randint(1, 25))]
    if r < 0.43:
        k = rng.choice(SETS)
        return [b"SREM", k] + [elem(rng, k) for _ in range(rng.randint(1, 8))]
    if r < 0.55:
        k = rng.choice(ZSETS)
        cmd = [b"ZADD", k]
        for _ in range(rng.randint(1, 20)):
            cmd += [str(rng.randint(0, 5)).encode(), elem(rng, k)]
        return cmd
    if r < 0.58:
        k = rng.choice(ZSETS)
        return [b"ZREM", k] + [elem(rng, k) for _ in range(rng.randint(1, 6))]
    if r < 0.75:
        cmd = [b"MSET"]
        for _ in range(rng.randint(1, 12)):
            cmd += [b"w_" + rng.choice(all_elems()), by_value(rng)]
        return cmd
    if r < 0.80:
        return [b"DEL"] + [b"w_" + rng.choice(all_elems()) for _ in range(rng.randint(1, 6))]
    if r < 0.92:
        cmd = [b"HSET", b"h_" + rng.choice(all_elems())]
        for f in rng.sample([b"f", b"g", b""], rng.randint(1, 3)):
            cmd += [f, by_value(rng)]
        return cmd
    if r < 0.945:
        return [b"DEL", b"h_" + rng.choice(all_elems())]
    if r < 0.95:
        return [b"SET", rng.choice(SOURCES + [b"w_a", b"h_a"]), b"string"]
    if r < 0.96:
        return [b"RPUSH", rng.choice([b"w_b", b"h_b"]), b"1"]
    return [b"DEL", rng.choice(SOURCES + DESTS)]


def gen_sort(rng):
    """A SORT or SORT_RO, and what it asked for (the comparison needs it)."""
    r = rng.random()
    src = rng.choice(SOURCES) if r < 0.88 else rng.choice(DESTS) if r < 0.97 else rng.choice([b"nokey", b"w_1"])
    ro = rng.random() < 0.25
    opts = []
    info = {"by": None, "gets": [], "store": None, "limit": None, "alpha": False}
    if rng.random() < 0.6:
        opts.append([b"BY", rng.choice(BY_PATTERNS)])
        if rng.random() < 0.05:
            opts.append([b"BY", rng.choice(BY_PATTERNS)])
    if rng.random() < 0.5:
        start = rng.choice([0, 0, 1, 2, 3, 5, 10, 30, 45, 80, -1, -5, 2**63 - 1])
        count = rng.choice([1, 2, 3, 5, 10, 20, 50, 100, 0, -1, -3, 2**63 - 1])
        info["limit"] = (start, count)
        opts.append([b"LIMIT", str(start).encode(), str(count).encode()])
    for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 3])):
        g = rng.choice(GET_PATTERNS)
        info["gets"].append(g)
        opts.append([b"GET", g])
    if rng.random() < 0.4:
        opts.append([rng.choice([b"DESC", b"desc", b"ASC"])])
    alpha_p = 0.3 if src in (b"l0", b"s0", b"z0") else 0.8
    if rng.random() < alpha_p:
        info["alpha"] = True
        opts.append([b"ALPHA"])
    if not ro and rng.random() < 0.3:
        info["store"] = rng.choice(DESTS) if rng.random() < 0.9 else rng.choice(SOURCES)
        opts.append([b"STORE", info["store"]])
    if rng.random() < 0.01:
        opts.append([rng.choice([b"NOPE", b"LIMIT", b"GET", b"BY", b"STORE"])])
    rng.shuffle(opts)
    # in the shuffled order: GETs reply in theirs, the last BY is the pattern, any BY without '*' stops sorting
    info["gets"] = [o[1] for o in opts if o[0] == b"GET" and len(o) == 2]
    bys = [o[1] for o in opts if o[0] == b"BY" and len(o) == 2]
    info["by"] = bys[-1] if bys else None
    info["dontsort"] = any(b"*" not in b for b in bys)
    cmd = [b"SORT_RO" if ro else b"SORT", src]
    for o in opts:
        cmd += o
    return cmd, info


class Pair:
    def __init__(self, ringkv_port, redis_port, resp3, config):
        self.k = RespConn(ringkv_port)
        self.r = RespConn(redis_port)
        self.resp3 = resp3
        fill, depth, intset, zlp = config
        for c in (self.k, self.r):
            if resp3:
                assert not c.call(b"HELLO", b"3").is_error()
            c.call(b"FLUSHALL")
            for name, v in ((b"list-max-listpack-size", fill), (b"list-compress-depth", depth),
                            (b"set-max-intset-entries", intset), (b"zset-max-listpack-entries", zlp)):
                assert c.call(b"CONFIG", b"SET", name, str(v).encode()).raw == b"+OK\r\n"

    def close(self):
        self.k.close()
        self.r.close()

    def both(self, *cmd):
        return self.k.call(*cmd), self.r.call(*cmd)

    def encodings_equal(self, key_list, where):
        req = b"".join(encode(b"OBJECT", b"ENCODING", key) for key in key_list)
        self.k.send(req)
        self.r.send(req)
        for key in key_list:
            a, b = self.k.read(), self.r.read()
            assert a.raw == b.raw, f"{where}: OBJECT ENCODING {key!r}: ringkv {a.raw!r} redis {b.raw!r}"

    def quicklist_layout_equal(self, key, where):
        a, b = self.both(b"DEBUG", b"OBJECT", key)
        if b.is_error():
            assert a.is_error(), where
            return
        fa = [w for w in a.value.split() if w.startswith(b"ql_")]
        fb = [w for w in b.value.split() if w.startswith(b"ql_")]
        assert fa == fb, f"{where}: DEBUG OBJECT {key!r}: ringkv {fa} redis {fb}"

    def contents(self, conn, key):
        t = conn.call(b"TYPE", key).value
        if t == b"list":
            return t, conn.call(b"LRANGE", key, b"0", b"-1").raw
        if t == b"set":
            return t, sorted(e.value for e in conn.call(b"SMEMBERS", key).value)
        if t == b"zset":
            return t, conn.call(b"ZRANGE", key, b"0", b"-1", b"WITHSCORES").raw
        if t == b"string":
            return t, conn.call(b"GET", key).raw
        if t == b"hash":
            v = conn.call(b"HGETALL", key).value
            flat = [e.value for e in v]
            return t, sorted(zip(flat[0::2], flat[1::2]))
        return t, None

    def whole_keyspace_equal(self, where):
        keys_k = sorted(e.value for e in self.k.call(b"KEYS", b"*").value)
        keys_r = sorted(e.value for e in self.r.call(b"KEYS", b"*").value)
        assert keys_k == keys_r, f"{where}: KEYS differ"
        for key in SOURCES + DESTS:
            assert self.contents(self.k, key) == self.contents(self.r, key), f"{where}: contents of {key!r}"
        self.encodings_equal(SOURCES + DESTS, where)


def source_kind(p, key):
    """Redis's type and encoding of the key about to be sorted."""
    t = p.r.call(b"TYPE", key).value
    enc = p.r.call(b"OBJECT", b"ENCODING", key).value if t != b"none" else None
    return t, enc


def order_shows_hash(info, t, enc):
    """Whether Redis's reply order (or which rows a LIMIT keeps) depends on its hash table's order."""
    by, dontsort = info["by"], info["dontsort"]
    if t == b"set":
        if dontsort:
            return info["store"] is None and enc != b"intset"
        return info["alpha"] and by is not None
    if t == b"zset":
        return not dontsort and info["alpha"] and by is not None
    return False


def rows(values, gets):
    width = max(1, len(gets))
    return [tuple(values[i:i + width]) for i in range(0, len(values), width)]


def by_keys(p, info, elements):
    """The ALPHA BY value each element sorts by, as redis-server has it (None: missing, sorts first)."""
    by = info["by"]
    out = []
    for e in elements:
        if by.endswith(b"->f"):
            v = p.r.call(b"TYPE", b"h_" + e).value
            out.append(p.r.call(b"HGET", b"h_" + e, b"f").value if v == b"hash" else None)
        else:
            key = by.replace(b"*", e, 1)
            v = p.r.call(b"TYPE", key).value
            out.append(p.r.call(b"GET", key).value if v == b"string" else None)
    return out


def compare_loose(p, info, a_vals, b_vals, where):
    """Two sort results whose order may follow the hash table: same length, same BY-value sequence, and the
    same rows when nothing was cut off."""
    assert len(a_vals) == len(b_vals), f"{where}: lengths {len(a_vals)} / {len(b_vals)}"
    ra, rb = rows(a_vals, info["gets"]), rows(b_vals, info["gets"])
    gets = info["gets"]
    if info["alpha"] and info["by"] is not None and not info["dontsort"] and (not gets or b"#" in gets):
        col = gets.index(b"#") if gets else 0
        ka = by_keys(p, info, [r[col] for r in ra])
        kb = by_keys(p, info, [r[col] for r in rb])
        assert ka == kb, f"{where}: BY values in order: ringkv {ka} redis {kb}"
    if info["limit"] is None:
        def row_key(row):
            return tuple((0, b"") if x is None else (1, x) for x in row)
        assert sorted(ra, key=row_key) == sorted(rb, key=row_key), f"{where}: rows ringkv {ra} redis {rb}"


def run_sort(p, cmd, info, where):
    src = cmd[1]
    t, enc = source_kind(p, src)
    loose = order_shows_hash(info, t, enc)
    a, b = p.both(*cmd)
    if not loose or b.is_error():
        assert a.raw == b.raw, f"{where}: ringkv {a.raw!r} redis {b.raw!r}"
    elif info["store"] is None:
        assert a.kind == b.kind, f"{where}: ringkv {a.raw!r} redis {b.raw!r}"
        compare_loose(p, info, [e.value for e in a.value], [e.value for e in b.value], where)
    else:
        assert a.raw == b.raw, f"{where}: ringkv {a.raw!r} redis {b.raw!r}"
        dest = info["store"]
        la, lb = p.both(b"LRANGE", dest, b"0", b"-1")
        compare_loose(p, info, [e.value for e in la.value], [e.value for e in lb.value], where)
        # the same list on both from here on: redis-server's, stored the way SORT stores it
        if lb.value:
            tmp = b"tmp_resync"
            for c in (p.k, p.r):
                c.call(b"DEL", tmp)
                c.call(b"RPUSH", tmp, *[e.value for e in lb.value])
                c.call(b"SORT", tmp, b"BY", b"nosort", b"STORE", dest)
                c.call(b"DEL", tmp)
    if info["store"] is not None and not b.is_error():
        p.quicklist_layout_equal(info["store"], where)
    touched = sorted({x for x in cmd[1:] if x in SOURCES or x in DESTS})
    p.encodings_equal(touched, where)


def run_seed(ringkv, redis_server, seed):
    rng = random.Random(seed)
    resp3 = seed % 2 == 0
    p = Pair(ringkv.port, redis_server.port, resp3, CONFIGS[seed])
    deadline = time.time() + TIME_BUDGET_S
    try:
        for step in range(N_STEPS):
            if time.time() > deadline:
                break
            if rng.random() < 0.55:
                cmd = gen_write(rng)
                where = f"seed {seed} step {step}: " + " ".join(repr(x) for x in cmd)
                a, b = p.both(*cmd)
                assert a.raw == b.raw, f"{where}: ringkv {a.raw!r} redis {b.raw!r}"
                p.encodings_equal(sorted({x for x in cmd[1:] if x in SOURCES or x in DESTS}), where)
            else:
                cmd, info = gen_sort(rng)
                where = f"seed {seed} step {step} (resp{3 if resp3 else 2}): " + " ".join(repr(x) for x in cmd)
                run_sort(p, cmd, info, where)
            if step % 50 == 49:
                p.whole_keyspace_equal(f"seed {seed} step {step}")
        p.whole_keyspace_equal(f"seed {seed} end")
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
def test_sort_random(servers, seed):
    run_seed(servers[0], servers[1], seed)


def test_partial_quicksort_ties_follow_redis(servers):
    """BY with a LIMIT that narrows the range takes Redis's partial quicksort, which is not stable: long lists
    whose ALPHA BY values are mostly equal (or missing) must come out in redis-server's exact order, for every
    window of a few sizes and both directions."""
    k, r = servers
    rng = random.Random(7)
    p = Pair(k.port, r.port, False, (-2, 0, 512, 128))
    try:
        for n in (5, 6, 7, 8, 9, 15, 40, 41, 42, 60, 100, 257):
            elements = [b"e%d" % i for i in range(n)]
            p.both(b"DEL", b"pl")
            p.both(b"RPUSH", b"pl", *elements)
            for e in elements:
                if rng.random() < 0.7:
                    p.both(b"SET", b"pw_" + e, rng.choice([b"a", b"b", b"c"]))
                else:
                    p.both(b"DEL", b"pw_" + e)
            for start, count in ((0, 1), (0, 3), (1, 2), (n // 2, 3), (n - 2, 5), (3, n), (0, n - 1)):
                for extra in ([], [b"DESC"], [b"GET", b"#", b"GET", b"pw_*"]):
                    cmd = [b"SORT", b"pl", b"BY", b"pw_*", b"ALPHA", b"LIMIT", str(start).encode(),
                           str(count).encode()] + extra
                    a, b = p.both(*cmd)
                    assert a.raw == b.raw, f"n={n} {cmd}: ringkv {a.raw!r} redis {b.raw!r}"
            # numeric BY values with many equal ones: ties ordered by the element, windows as above
            for e in elements:
                if rng.random() < 0.5:
                    p.both(b"SET", b"pw_" + e, rng.choice([b"1", b"2"]))
                else:
                    p.both(b"DEL", b"pw_" + e)
            for start, count in ((0, 1), (1, 4), (n - 3, 2)):
                a, b = p.both(b"SORT", b"pl", b"BY", b"pw_*", b"LIMIT", str(start).encode(), str(count).encode())
                assert a.raw == b.raw, f"n={n}: ringkv {a.raw!r} redis {b.raw!r}"
    finally:
        p.close()

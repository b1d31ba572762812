"""Mode `types`: the rows of redis-benchmark's default test list (PING inline and multibulk, SET, GET, INCR,
LPUSH, RPUSH, LPOP, RPOP, SADD, HSET, SPOP, ZADD, ZPOPMIN, LRANGE_100/300/600, MSET) at pipelines 1 and 16,
both servers alternating, measured as the GET/SET rounds are (runner.py): one redis-benchmark invocation per
test so the server's CPU time brackets one command type, requests/s, p50/p99, server CPU per request.

What differs from running `redis-benchmark` with its default list, and why:
- redis-benchmark's LRANGE tests first run "LPUSH (needed to benchmark LRANGE)" for as many requests as the
  test, which would land in the LRANGE row's CPU figure. Here the list is filled once per pass with the same
  LPUSHes (TYPES_N 16-byte elements, pipelined and variadic, not measured) and each LRANGE row is
  redis-benchmark sending `LRANGE mylist 0 99` (299, 599): the command of its LRANGE_100 (300, 600) test.
- Each pipeline pass starts from the same state: mylist, myset, myzset and myhash are deleted first.
  Within a pass the tests run in redis-benchmark's order on its keys, so LPUSH and RPUSH fill the list that
  LPOP and RPOP then drain, and SPOP and ZPOPMIN pop what SADD and ZADD left (random members out of
  KEYSPACE, so a pop run longer than the set is finds it empty and answers nil: the share of pops that hit
  is recorded and printed). Pushes and pops are never measured twice: a repeat would leave the next test a
  different structure than the other server's (noisy runs of the other tests are, as in the rounds).
- A test whose commands the server lacks (COMMAND INFO answers nil for them) is "not available" for that
  server: not run, shown as such, the run goes on.
"""

import os
import time

from common import Conn, missing_commands
from runner import NOISY_PCT, Budget, describe, measure_with_retry, populate, run_benchmark

ENV = os.environ
ROUNDS = int(ENV.get("TYPES_ROUNDS", "3"))
N = int(ENV.get("TYPES_N", "100000"))  # requests of a cheap test at pipeline 1; see TESTS for the others
PIPELINES = [int(p) for p in ENV.get("TYPES_PIPELINES", "1,16").split(",") if p.strip()]
CLIENTS = int(ENV.get("CLIENTS", "50"))
KEYSPACE = int(ENV.get("KEYSPACE", "100000"))
VALUE_BYTES = 16
# Quiet waits and repeats of noisy runs stop after this many seconds of the mode: it stays under ~15 min.
EXTRAS_UNTIL_S = float(ENV.get("TYPES_EXTRAS_UNTIL_S", "600"))
ONLY = [t.strip().upper() for t in ENV.get("TYPES_TESTS", "").split(",") if t.strip()]


def lrange(last):
    return ["LRANGE", "mylist", "0", str(last)]


# redis-benchmark's default list in its order: (label, what redis-benchmark runs, commands it needs,
# requests as a multiple of N at pipeline 1 and at deeper pipelines, the key a pop drains and its length
# command). The multiples aim at runs as long as GET's (~2 s at P1, ~1.3 s at P16 on a quiet machine):
# long enough for tick-granular CPU figures, short enough for the whole mode to take ~10 minutes. They
# follow Redis's rates relative to GET measured here (2026-12, redis-benchmark -c 50): P1 MSET 0.7,
# LRANGE_100/300/600 0.8/0.5/0.35 (the client parses the replies); P16 MSET 0.5, LRANGE 0.26/0.08/0.045.
TESTS = [
    ("PING_INLINE", ["-t", "ping_inline"], ["ping"], 1, 10, None),
    ("PING_MBULK", ["-t", "ping_mbulk"], ["ping"], 1, 10, None),
    ("SET", ["-t", "set"], ["set"], 1, 10, None),
    ("GET", ["-t", "get"], ["get"], 1, 10, None),
    ("INCR", ["-t", "incr"], ["incr"], 1, 10, None),
    ("LPUSH", ["-t", "lpush"], ["lpush"], 1, 10, None),
    ("RPUSH", ["-t", "rpush"], ["rpush"], 1, 10, None),
    ("LPOP", ["-t", "lpop"], ["lpop"], 1, 10, ("mylist", "LLEN")),
    ("RPOP", ["-t", "rpop"], ["rpop"], 1, 10, ("mylist", "LLEN")),
    ("SADD", ["-t", "sadd"], ["sadd"], 1, 10, None),
    ("HSET", ["-t", "hset"], ["hset"], 1, 10, None),
    ("SPOP", ["-t", "spop"], ["spop"], 1, 10, ("myset", "SCARD")),
    ("ZADD", ["-t", "zadd"], ["zadd"], 1, 10, None),
    ("ZPOPMIN", ["-t", "zpopmin"], ["zpopmin"], 1, 10, ("myzset", "ZCARD")),
    ("LRANGE_100", lrange(99), ["lpush", "lrange"], 0.7, 2.5, None),
    ("LRANGE_300", lrange(299), ["lpush", "lrange"], 0.4, 0.8, None),
    ("LRANGE_600", lrange(599), ["lpush", "lrange"], 0.3, 0.5, None),
    ("MSET", ["-t", "mset"], ["mset"], 0.7, 5, None),
]
LABELS = [t[0] for t in TESTS]
STATEFUL = {"LPUSH", "RPUSH", "LPOP", "RPOP", "SADD", "HSET", "SPOP", "ZADD", "ZPOPMIN"}
PASS_KEYS = ["mylist", "myset", "myzset", "myhash"]


def requests(test, pipeline):
    _, _, _, w1, wdeep, _ = test
    return max(1000, int(N * (w1 if pipeline == 1 else wdeep)))


def availability(srv):
    needed = sorted({c for t in TESTS for c in t[2]})
    missing = set(missing_commands(srv.port, needed))
    return {t[0]: sorted(missing & set(t[2])) for t in TESTS}


def fill_list(srv, count):
    """LPUSH mylist with count 16-byte elements, 1000 per command, a few commands in flight. Returns LLEN."""
    value = b"x" * VALUE_BYTES
    with Conn(srv.port, timeout_s=60) as c:
        left = count
        while left > 0:
            batch = []
            for _ in range(10):
                n = min(1000, left)
                if n <= 0:
                    break
                batch.append(b"*%d\r\n$5\r\nLPUSH\r\n$6\r\nmylist\r\n" % (n + 2) +
                             (b"$%d\r\n%b\r\n" % (len(value), value)) * n)
                left -= n
            c.sock.sendall(b"".join(batch))
            for _ in batch:
                r = c.read_reply()
                if isinstance(r, bytes) and r.startswith(b"-"):
                    raise RuntimeError(f"filling mylist: {r.decode(errors='replace')}")
        r = c.call("LLEN", "mylist")
    return int(r[1:]) if isinstance(r, bytes) and r.startswith(b":") else None


def length_of(srv, key, cmd):
    try:
        with Conn(srv.port, timeout_s=30) as c:
            r = c.call(cmd, key)
    except OSError:
        return None
    return int(r[1:]) if isinstance(r, bytes) and r.startswith(b":") else None


def one_server_round(srv, rnd, runs, avail, budget, out_dir, log):
    srv.start()
    try:
        avail[srv.name] = availability(srv)
        gone = [t for t, m in avail[srv.name].items() if m]
        if gone and rnd == 0:
            log(f"  {srv.name}: not available: " + ", ".join(f"{t} ({' '.join(avail[srv.name][t])})"
                                                              for t in gone))
        # GET hits every key it asks for, as in the rounds; MSET and SET overwrite the same keys.
        fill = populate(srv, KEYSPACE, "key:%012d", 120)
        if fill["errors"] or fill["keys_acked"] != KEYSPACE:
            log(f"  fill: {fill['keys_acked']} keys, {fill['errors']} errors ({fill['first_error']})")
        for t in ("set", "get"):  # warm-up, not recorded: first-touch page faults, connection set-up
            run_benchmark(srv, t.upper(), ["-t", t], 16, 50000, budget, out_dir, CLIENTS, KEYSPACE,
                          VALUE_BYTES, record=False)
        for p in PIPELINES:
            with Conn(srv.port, timeout_s=60) as c:
                c.call("DEL", *PASS_KEYS)
            list_filled = False
            for test in TESTS:
                label, what, _, _, _, pop = test
                if ONLY and label not in ONLY:
                    continue
                base = {"server": srv.name, "round": rnd, "test": label, "pipeline": p, "transport": "tcp"}
                if avail[srv.name][label]:
                    runs.append(dict(base, ok=False, unavailable=avail[srv.name][label],
                                     problems=["not available: " + " ".join(avail[srv.name][label])]))
                    continue
                if not srv.alive():
                    runs.append(dict(base, ok=False, problems=[f"{srv.name} died earlier in this round"]))
                    continue
                if label.startswith("LRANGE") and not list_filled:
                    length = fill_list(srv, N)
                    list_filled = True
                    if length is None or length < 600:
                        log(f"  mylist holds {length} elements after the fill")
                n = requests(test, p)
                before = length_of(srv, *pop) if pop else None
                if label in STATEFUL:  # never repeated: the next test must find what the other server's did
                    rec = run_benchmark(srv, label, what, p, n, budget, out_dir, CLIENTS, KEYSPACE,
                                        VALUE_BYTES)
                else:
                    rec = measure_with_retry(srv, label, what, p, n, budget, out_dir, CLIENTS, KEYSPACE,
                                             VALUE_BYTES, log=log)
                if pop and rec["ok"]:
                    after = length_of(srv, *pop)
                    if before is not None and after is not None:
                        rec["popped"] = before - after
                rec.update(base)
                runs.append(rec)
                log(f"  {label:11} P{p:<3} {describe(rec)}"
                    + (f"  ({rec['popped']:,} of {n:,} pops hit)" if "popped" in rec else ""))
    finally:
        srv.stop()


def run(servers, meta, out_dir, log):
    budget = Budget(EXTRAS_UNTIL_S)
    meta.update(rounds=ROUNDS, n=N, pipelines=PIPELINES, clients=CLIENTS, keyspace=KEYSPACE,
                value_bytes=VALUE_BYTES, noisy_pct=NOISY_PCT,
                tests=[{"test": t[0], "what": " ".join(t[1]), "needs": t[2],
                        "requests": {str(p): requests(t, p) for p in PIPELINES}} for t in TESTS
                       if not ONLY or t[0] in ONLY],
                benchmark_command=f"taskset -c CLIENT redis-benchmark -h 127.0.0.1 -p PORT -c {CLIENTS} "
                                  f"-n REQUESTS -P PIPELINE -d {VALUE_BYTES} -r {KEYSPACE} --csv "
                                  "(-t TEST | LRANGE mylist 0 LAST)")
    runs = []
    avail = {}
    for rnd in range(ROUNDS):
        order = servers if rnd % 2 == 0 else list(reversed(servers))
        for srv in order:
            log(f"types round {rnd + 1}/{ROUNDS}: {srv.name}")
            t0 = time.monotonic()
            one_server_round(srv, rnd, runs, avail, budget, out_dir, log)
            log(f"  ({time.monotonic() - t0:.0f} s)")
    meta["retries_left"] = budget.retries
    return {"runs": runs, "available": avail}

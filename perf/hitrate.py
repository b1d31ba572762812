"""Mode `evict`: issue 14's eviction rows, ringkv against redis-server (report_evict.py renders them).

- hitrate: a seeded Zipfian cache-aside trace over EVICT_KEYS keys (GET key; on a miss SET key value EX 86400,
  EVICT_VALUE_BYTES-byte values: a cache in front of a database) replayed into both servers with the same
  maxmemory (EVICT_MAXMEMORY), once per maxmemory-policy. The key space is several times what fits. The two
  servers get the trace at the same time, in lockstep: each batch of EVICT_BATCH trace entries goes to both
  (GETs, then each server's misses as SETs), so both see the same requests at the same moments and their
  1-second LRU clocks age the keys alike; within a batch a key missed twice is SET twice, on both alike. The
  hit rate is counted over the second half of the trace (the first half fills the cache). Read beside it:
  used_memory against maxmemory (sampled every 2% of the trace), the keys each server holds at the end, its
  evictions, and noeviction's refused SETs (what a server that does not evict scores).
  Same keys: ringkv stores a key in fewer bytes, so at the same maxmemory it holds more of them. For the
  EVICT_SAMEKEYS policies the trace is replayed again with ringkv's maxmemory lowered until it holds about as
  many keys as Redis held (its start-up memory plus Redis's key count times its own bytes per key, both from
  its first run), Redis keeping its maxmemory: the hit rate of the same number of keys.
- set: `redis-benchmark -t set -d EVICT_VALUE_BYTES -r EVICT_SET_KEYSPACE` against a server whose maxmemory
  (EVICT_SET_MAXMEMORY, allkeys-lru) was reached first by an unrecorded fill: nearly every SET adds a key, so
  nearly every SET evicts one (measured: evicted keys per SET over an unrecorded calibration run). Pipelines
  EVICT_PIPELINES, requests/s and the server's CPU per request, rounds alternating the servers (runner.py).

The scripts speak only Redis's protocol and configuration, so RINGKV_BIN may be a redis-server (to test them).
"""

import bisect
import itertools
import os
import random
import time

from common import CLIENT_CORE, SERVER_CORE, Conn, Server, info_field
from runner import Budget, benchmark_cmd, describe, measure_with_retry, run_benchmark

ENV = os.environ
PARTS = [p.strip() for p in ENV.get("EVICT_PARTS", "hitrate,set").split(",") if p.strip()]
POLICIES = ["noeviction", "allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-lru", "volatile-lfu",
            "volatile-random", "volatile-ttl"]
POLICY_LIST = [p for p in ENV.get("EVICT_POLICIES", ",".join(POLICIES)).split(",") if p]
SAMEKEYS = [p for p in ENV.get("EVICT_SAMEKEYS", "allkeys-lru,allkeys-lfu").split(",") if p]
KEYS = int(ENV.get("EVICT_KEYS", "1000000"))
REQUESTS = int(ENV.get("EVICT_REQUESTS", "2000000"))
ZIPF_S = float(ENV.get("EVICT_ZIPF", "0.99"))
VALUE_BYTES = int(ENV.get("EVICT_VALUE_BYTES", "100"))
MAXMEMORY = int(ENV.get("EVICT_MAXMEMORY", str(48 * 1024 * 1024)))
TTL_S = 86400
SEED = int(ENV.get("EVICT_SEED", "14"))
BATCH = int(ENV.get("EVICT_BATCH", "64"))
MEMORY_SAMPLES = 50  # used_memory readings per replay
# set
SET_ROUNDS = int(ENV.get("EVICT_SET_ROUNDS", "3"))
SET_N = int(ENV.get("EVICT_SET_N", "200000"))  # requests at pipeline 1; deeper pipelines get up to 10x
SET_PIPELINES = [int(p) for p in ENV.get("EVICT_PIPELINES", "1,16").split(",") if p.strip()]
SET_MAXMEMORY = int(ENV.get("EVICT_SET_MAXMEMORY", str(64 * 1024 * 1024)))
SET_KEYSPACE = int(ENV.get("EVICT_SET_KEYSPACE", "10000000"))
SET_FILL = int(ENV.get("EVICT_SET_FILL", "1500000"))
CALIBRATE_N = 100000
CLIENTS = 50
EXTRAS_UNTIL_S = float(ENV.get("EVICT_EXTRAS_UNTIL_S", "480"))


def set_requests(pipeline):
    """As the rounds (bench.py): SET_N at pipeline 1, up to 10x deeper, so every run lasts a couple of seconds."""
    return SET_N * min(pipeline, 10)


# --- the trace and its replay ------------------------------------------------------------------------------

def zipf_trace(keys, n, s, seed):
    """n ranks in [0, keys), rank r drawn with probability proportional to 1 / (r + 1)^s."""
    rng = random.Random(seed)
    cdf = list(itertools.accumulate(1.0 / (r ** s) for r in range(1, keys + 1)))
    total = cdf[-1]
    return [bisect.bisect_left(cdf, rng.random() * total) for _ in range(n)]


VALUE = b"v" * VALUE_BYTES
SET_TAIL = b"$%d\r\n%s\r\n$2\r\nEX\r\n$%d\r\n%d\r\n" % (VALUE_BYTES, VALUE, len(str(TTL_S)), TTL_S)


def key_of(rank):
    return b"key:%d" % rank


def get_cmd(key):
    return b"*2\r\n$3\r\nGET\r\n$%d\r\n%s\r\n" % (len(key), key)


def set_cmd(key):
    return b"*5\r\n$3\r\nSET\r\n$%d\r\n%s\r\n" % (len(key), key) + SET_TAIL


class Replay:
    """One server's side of the replay: a connection that sends batches and reads their replies (a batch is a
    few KB, so common.Conn's simple buffer does)."""

    def __init__(self, port):
        self.conn = Conn(port, timeout_s=120)
        self.hits = self.gets = self.sets = self.set_errors = 0
        self.first_error = None

    def close(self):
        self.conn.close()

    def send(self, data):
        self.conn.sock.sendall(data)

    def read_gets(self, n):
        """Whether each of n GET replies found its key."""
        found = []
        for _ in range(n):
            line = self.conn._line()
            hit = line[:1] == b"$" and line != b"$-1"
            if hit:
                self.conn._exact(int(line[1:]) + 2)
            found.append(hit)
        return found

    def read_sets(self, n):
        for _ in range(n):
            line = self.conn._line()
            if line[:1] == b"-":
                self.set_errors += 1
                self.first_error = self.first_error or line.decode(errors="replace")


def info_fields(conn, section):
    reply = conn.call("INFO", section)
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else ""
    return dict(line.split(":", 1) for line in text.split("\r\n") if ":" in line)


def replay(servers, trace, log):
    """Replays trace into every server of servers (started, each with its maxmemory) in lockstep. Returns a
    record per server: hit rate over the second half, keys held, memory figures."""
    conns = [Replay(s.port) for s in servers]
    probes = [Conn(s.port, timeout_s=60) for s in servers]
    try:
        base = [info_fields(p, "memory") for p in probes]
        peak = [0] * len(servers)
        measured_from = len(trace) // 2
        sample_every = max(BATCH, len(trace) // MEMORY_SAMPLES)
        next_sample = measured_from
        t0 = time.monotonic()
        for start in range(0, len(trace), BATCH):
            keys = [key_of(r) for r in trace[start:start + BATCH]]
            gets = b"".join(get_cmd(k) for k in keys)
            for c in conns:
                c.send(gets)
            founds = [c.read_gets(len(keys)) for c in conns]
            missed = []
            for c, found in zip(conns, founds):
                miss = [k for k, f in zip(keys, found) if not f]
                if miss:
                    c.send(b"".join(set_cmd(k) for k in miss))
                missed.append(len(miss))
            for c, n in zip(conns, missed):
                c.read_sets(n)
                c.sets += n
            if start >= measured_from:
                for c, found in zip(conns, founds):
                    c.gets += len(found)
                    c.hits += sum(found)
                if start >= next_sample:
                    next_sample += sample_every
                    for i, p in enumerate(probes):
                        peak[i] = max(peak[i], int(info_fields(p, "memory")["used_memory"]))
        seconds = time.monotonic() - t0
        out = []
        for i, (s, c, p) in enumerate(zip(servers, conns, probes)):
            mem, stats = info_fields(p, "memory"), info_fields(p, "stats")
            keys = p.call("DBSIZE")
            rec = {"server": s.name, "ok": True, "problems": [], "hit_rate": c.hits / c.gets if c.gets else None,
                   "gets": c.gets, "hits": c.hits, "sets": c.sets, "set_errors": c.set_errors,
                   "first_set_error": c.first_error, "keys": int(keys[1:]) if keys.startswith(b":") else None,
                   "used_memory": int(mem["used_memory"]), "used_memory_peak_sampled": peak[i],
                   "used_memory_empty": int(base[i]["used_memory"]), "maxmemory": int(mem["maxmemory"]),
                   "maxmemory_policy": mem.get("maxmemory_policy"), "evicted_keys": int(stats["evicted_keys"]),
                   "seconds": seconds}
            if c.set_errors and mem.get("maxmemory_policy") != "noeviction":
                rec["problems"].append(f"{c.set_errors} SETs refused ({c.first_error})")
            out.append(rec)
        return out
    finally:
        for c in conns + probes:
            c.close()


def start_pair(servers, maxmemory, policy):
    """Both servers started for one replay, each with its maxmemory (a list, in servers' order)."""
    started = []
    try:
        for base, mm in zip(servers, maxmemory):
            s = Server(base.name, base.binary, base.workdir, base.pid_file,
                       args=["--maxmemory", str(mm), "--maxmemory-policy", policy])
            started.append(s)
            s.start()
        return started
    except RuntimeError:
        for s in started:
            s.stop()
        raise


def hitrate_run(servers, trace, policy, maxmemory, replay_kind, log):
    pair = start_pair(servers, maxmemory, policy)
    try:
        recs = replay(pair, trace, log)
    finally:
        for s in pair:
            s.stop()
    for r in recs:
        r.update(replay=replay_kind, policy=policy)
        log(f"  {replay_kind:9} {policy:15} {r['server']:6} hit rate {100 * r['hit_rate']:.2f}%  keys {r['keys']:,}  "
            f"used {r['used_memory'] / 2 ** 20:.1f} MiB of {r['maxmemory'] / 2 ** 20:.1f}  evicted "
            f"{r['evicted_keys']:,}  refused SETs {r['set_errors']:,}  ({r['seconds']:.0f} s)")
    return recs


def same_keys_maxmemory(ringkv_rec, redis_rec):
    """ringkv's maxmemory for about Redis's key count: its empty footprint plus that many keys at its own
    bytes per key (from its run at the common maxmemory)."""
    per_key = (ringkv_rec["used_memory"] - ringkv_rec["used_memory_empty"]) / ringkv_rec["keys"]
    return int(ringkv_rec["used_memory_empty"] + redis_rec["keys"] * per_key)


# --- SET while evicting ----------------------------------------------------------------------------------------

def evicted(srv):
    v = info_field(srv.port, "stats", "evicted_keys")
    return int(v) if v and v.isdigit() else None


def set_round(base, rnd, budget, out_dir, log):
    rec0 = {"server": base.name, "round": rnd, "part": "set"}
    s = Server(base.name, base.binary, base.workdir, base.pid_file,
               args=["--maxmemory", str(SET_MAXMEMORY), "--maxmemory-policy", "allkeys-lru"])
    recs = []
    try:
        s.start()
        run_benchmark(s, "SET", ["-t", "set"], 16, SET_FILL, budget, out_dir, CLIENTS, SET_KEYSPACE, VALUE_BYTES,
                      record=False)
        e0 = evicted(s)
        run_benchmark(s, "SET", ["-t", "set"], 16, CALIBRATE_N, budget, out_dir, CLIENTS, SET_KEYSPACE, VALUE_BYTES,
                      record=False)
        e1 = evicted(s)
        per_set = (e1 - e0) / CALIBRATE_N if e0 is not None and e1 is not None else None
        if not e0:
            return [dict(rec0, ok=False, problems=[f"the fill of {SET_FILL:,} SETs evicted nothing: maxmemory "
                                                  f"{SET_MAXMEMORY:,} not reached"])]
        for p in SET_PIPELINES:
            rec = measure_with_retry(s, "SET evicting", ["-t", "set"], p, set_requests(p), budget, out_dir, CLIENTS,
                                     SET_KEYSPACE, VALUE_BYTES, log=log)
            rec.update(rec0, evicted_per_set=per_set,
                       used_memory=int(info_field(s.port, "memory", "used_memory") or 0))
            recs.append(rec)
            log(f"  SET evicting P{p:<3} {base.name:6} {describe(rec)}  ({per_set:.2f} evictions per SET)")
        return recs
    except (RuntimeError, OSError, ValueError) as e:
        return recs + [dict(rec0, ok=False, problems=[f"{type(e).__name__}: {str(e)[:400]}"])]
    finally:
        s.stop()


# --- the mode --------------------------------------------------------------------------------------------------

def run(servers, meta, out_dir, log):
    budget = Budget(EXTRAS_UNTIL_S)
    meta.update(parts=PARTS, policies=POLICY_LIST, samekeys=SAMEKEYS, keys=KEYS, requests=REQUESTS, zipf_s=ZIPF_S,
                value_bytes=VALUE_BYTES, maxmemory=MAXMEMORY, ttl_s=TTL_S, seed=SEED, batch=BATCH,
                set_rounds=SET_ROUNDS, set_n=SET_N, set_pipelines=SET_PIPELINES, set_maxmemory=SET_MAXMEMORY,
                set_keyspace=SET_KEYSPACE, set_fill=SET_FILL, calibrate_n=CALIBRATE_N, clients=CLIENTS,
                requests_per_pipeline={p: set_requests(p) for p in SET_PIPELINES},
                hitrate_server=f"taskset -c {SERVER_CORE} BINARY --maxmemory MAXMEMORY --maxmemory-policy POLICY "
                               "--save '' --appendonly no (both servers at once; the replay on core "
                               f"{CLIENT_CORE})",
                set_server=f"taskset -c {SERVER_CORE} BINARY --maxmemory {SET_MAXMEMORY} --maxmemory-policy "
                           "allkeys-lru --save '' --appendonly no",
                set_benchmark=" ".join(benchmark_cmd("PORT", ["-t", "set"], 0, 0, CLIENTS, SET_KEYSPACE,
                                                     VALUE_BYTES)).replace("-n 0", "-n REQUESTS")
                .replace("-P 0", "-P PIPELINE"))
    out = {"hitrate": [], "set": []}
    if "hitrate" in PARTS:
        t = time.monotonic()
        trace = zipf_trace(KEYS, REQUESTS, ZIPF_S, SEED)
        meta["trace_seconds"] = time.monotonic() - t
        meta["trace_distinct_keys"] = len(set(trace))
        log(f"hitrate: {REQUESTS:,} requests over {KEYS:,} keys (zipf {ZIPF_S}), {meta['trace_distinct_keys']:,} "
            f"distinct, maxmemory {MAXMEMORY:,} bytes")
        by_policy = {}
        for policy in POLICY_LIST:
            try:
                recs = hitrate_run(servers, trace, policy, [MAXMEMORY] * len(servers), "same-mem", log)
            except (RuntimeError, OSError, ValueError, KeyError) as e:
                recs = [{"server": s.name, "replay": "same-mem", "policy": policy, "ok": False,
                         "problems": [f"{type(e).__name__}: {str(e)[:400]}"]} for s in servers]
                log(f"  {policy}: FAILED: {e}")
            out["hitrate"].extend(recs)
            by_policy[policy] = {r["server"]: r for r in recs}
        for policy in SAMEKEYS:
            got = by_policy.get(policy, {})
            rk, rd = got.get("ringkv"), got.get("redis")
            if not (rk and rd and rk.get("ok") and rd.get("ok") and rk.get("keys") and rd.get("keys")):
                continue
            mm = same_keys_maxmemory(rk, rd)
            try:
                recs = hitrate_run(servers, trace, policy,
                                   [mm if s.name == "ringkv" else MAXMEMORY for s in servers], "same-keys", log)
            except (RuntimeError, OSError, ValueError, KeyError) as e:
                recs = [{"server": s.name, "replay": "same-keys", "policy": policy, "ok": False,
                         "problems": [f"{type(e).__name__}: {str(e)[:400]}"]} for s in servers]
                log(f"  same keys {policy}: FAILED: {e}")
            out["hitrate"].extend(recs)
    if "set" in PARTS:
        for rnd in range(SET_ROUNDS):
            order = servers if rnd % 2 == 0 else list(reversed(servers))
            for srv in order:
                log(f"evict round {rnd + 1}/{SET_ROUNDS}: {srv.name} SET with allkeys-lru evicting")
                out["set"].extend(set_round(srv, rnd, budget, out_dir, log))
    meta["retries_left"] = budget.retries
    return out

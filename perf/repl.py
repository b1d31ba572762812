"""Mode `repl`: issue 13's speed rows, ringkv against redis-server, each replicating to replicas of its own kind
(ringkv replicas of a ringkv primary, redis-server replicas of a redis-server primary), measured as the other
modes are (a fresh primary per measured configuration, servers alternating, CPU time from /proc; runner.py).
The primary runs alone on SERVER_CORE. Its replicas run on CLIENT_CORE, beside redis-benchmark, the write
load and this driver: the machine has two cores, so a replica cannot have one of its own.

- set: `redis-benchmark -c 50 -P P -d 16 -r 100000 -t set -n REQUESTS` against a primary holding the 100,000
  keys key:%012d, with 0, 1 and 2 replicas attached (started with --replicaof; measured once every replica
  says master_link_status:up and the primary lists each as state=online); requests/s and the primary's CPU
  per request. After each run: the time until every replica has the primary's master_repl_offset and DBSIZE.
- fullsync: REPL_SYNC_KEYS keys of 100 bytes (DEBUG POPULATE N key 100), then a fresh empty replica sends
  REPLICAOF: the time until its master_link_status:up with the primary's DBSIZE, under repl-diskless-sync no
  (disk) and yes (diskless), repl-diskless-sync-delay 0; the primary's fork time (latest_fork_usec), peak RSS
  and peak Pss of parent + child.
- converge: REPL_SYNC_KEYS keys key:%012d of 100 bytes, a write load (`redis-benchmark -l`, pipelined, over
  those keys) running before and during the sync, `client-output-buffer-limit replica 64mb 64mb 0` on the
  primary; a fresh replica sends REPLICAOF; the time to a consistent replica (CONSISTENT below), the full
  syncs the primary started (INFO stats sync_full) and its peak memory growth (Pss of parent + child every
  50 ms), bounded by REPL_CONVERGE_TIMEOUT: Redis 7.0 is expected to loop there (each sync cut off by the
  buffer limit), which is reported, not a failure. Once the load stops, the time until the replica has the
  primary's offset and DBSIZE.

The scripts speak only Redis's protocol and configuration, so RINGKV_BIN may be a redis-server (to test them).
A server that answers REPLICAOF with an error (ringkv before issue 13) has its rows "not available".
"""

import os
import re
import resource
import shlex
import shutil
import subprocess
import time

from common import (CLIENT_CORE, CLK_TCK, NO_PERSISTENCE, SERVER_CORE, Conn, Server, child_cpu_ticks, cpu_ticks,
                    free_port)
from persist import (children, command_calls, config_get, dir_bytes, filesystem, fresh_dir, info, load_keys, set_loop,
                     smaps_rollup, stop_loop)
from runner import (NOISY_PCT, Budget, benchmark_cmd, core_busy_ticks, describe, measured_cores, measure_with_retry,
                    populate, run_benchmark, wait_quiet)

ENV = os.environ
PARTS = [p.strip() for p in ENV.get("REPL_PARTS", "set,fullsync,converge").split(",") if p.strip()]
# set
ROUNDS = int(ENV.get("REPL_ROUNDS", "3"))
N = int(ENV.get("REPL_N", "200000"))
PIPELINES = [int(p) for p in ENV.get("REPL_PIPELINES", "1,16").split(",") if p.strip()]
REPLICA_COUNTS = [int(k) for k in ENV.get("REPL_REPLICAS", "0,1,2").split(",") if k.strip()]
CLIENTS = 50
KEYSPACE = 100000
VALUE_BYTES = 16
LINK_TIMEOUT = 120.0  # seconds for the replicas of a 100,000-key primary to come up
CATCHUP_TIMEOUT = 30.0  # seconds for every replica to reach the primary's offset after a run
CATCHUP_POLL_S = 0.005
# fullsync and converge
SYNC_KEYS = int(ENV.get("REPL_SYNC_KEYS", "5000000"))
SYNC_VALUE_BYTES = 100
SYNC_ROUNDS = int(ENV.get("REPL_SYNC_ROUNDS", "2"))
SYNC_TIMEOUT = float(ENV.get("REPL_SYNC_TIMEOUT", "300"))
SYNC_MODES = ["disk", "diskless"]
SYNC_OPTS = {m: ["--repl-diskless-sync", "yes" if m == "diskless" else "no", "--repl-diskless-sync-delay", "0"]
             for m in SYNC_MODES}
CONVERGE_ROUNDS = int(ENV.get("REPL_CONVERGE_ROUNDS", "1"))
CONVERGE_TIMEOUT = float(ENV.get("REPL_CONVERGE_TIMEOUT", "180"))
CONVERGE_SYNC = ENV.get("REPL_CONVERGE_SYNC", "diskless")  # Redis 7.0's default repl-diskless-sync is yes
CONVERGE_LIMIT = "replica " + ENV.get("REPL_CONVERGE_OBUF", "64mb 64mb 0")  # hard, soft, soft seconds
LOAD_CLIENTS = int(ENV.get("REPL_LOAD_CLIENTS", "2"))
LOAD_PIPELINE = int(ENV.get("REPL_LOAD_PIPELINE", "8"))
LOAD_LEAD_S = 2.0  # the write load runs this long before its rate is read, and then for RATE_S more
RATE_S = 1.0
MIN_LOAD_RATE = 50000  # SET/s during the sync that issue 13 asks for at least
LAG_WINDOW_S = 1.0  # CONSISTENT: the replica at most this many seconds of the primary's writes behind
SAMPLE_S = 0.05
# Quiet waits and repeats of noisy runs stop after this many seconds: the set part stays under ~10 minutes.
EXTRAS_UNTIL_S = float(ENV.get("REPL_EXTRAS_UNTIL_S", "480"))

# The set part's primaries: a replica attaching starts its sync at once instead of after Redis 7.0's default
# 5 s (repl-diskless-sync-delay); nothing else differs from a default server.
SET_PRIMARY_OPTS = ["--repl-diskless-sync-delay", "0"]
DEBUG_OPTS = ["--enable-debug-command", "yes"]  # DEBUG POPULATE; Redis 7.0 refuses DEBUG by default
CONSISTENT = (f"the replica reports master_link_status:up and its master_repl_offset is at least the primary's "
              f"master_repl_offset of {LAG_WINDOW_S:g} s before (the replica is read first, then the primary, every "
              f"{1000 * SAMPLE_S:.0f} ms; the primary's offsets are kept): it is at most {LAG_WINDOW_S:g} s of the "
              "primary's writes behind")
OBUF_LOG_RE = re.compile(r"overcoming of output buffer limits")


def requests(pipeline):
    """As the rounds (bench.py): N at pipeline 1, up to 10N deeper, so every run lasts a couple of seconds."""
    return N * min(pipeline, 10)


def set_label(nrep):
    return f"SET {nrep} replica" + ("" if nrep == 1 else "s")


def memory_bytes(text):
    """Redis's memory units: 64mb -> 67108864, 1k -> 1000, 1kb -> 1024, a plain number as it is."""
    m = re.fullmatch(r"(\d+)([kmg]b?|b)?", text.strip().lower())
    if not m:
        raise ValueError(f"not a memory size: {text!r}")
    unit = m.group(2) or "b"
    scale = {"b": 1, "k": 1000, "kb": 1024, "m": 1000 ** 2, "mb": 1024 ** 2, "g": 1000 ** 3, "gb": 1024 ** 3}[unit]
    return int(m.group(1)) * scale


def replica_limit(config_value):
    """(hard, soft, soft seconds) of the replica class in CONFIG GET client-output-buffer-limit's answer (Redis
    names the class `slave` there), or None."""
    words = config_value.split()
    for i, w in enumerate(words[:-3]):
        if w in ("slave", "replica"):
            return tuple(int(x) for x in words[i + 1:i + 4])
    return None


def server_command(core, args):
    return (f"taskset -c {core} BINARY --port PORT --bind 127.0.0.1 --unixsocket SCRATCH/NAME-PORT.sock "
            "--unixsocketperm 700 " + " ".join(shlex.quote(a) for a in list(NO_PERSISTENCE) + list(args))
            + " --dir FRESH_DIR")


# --- servers -----------------------------------------------------------------------------------------------

class Group:
    """A primary of base's binary on SERVER_CORE and its replicas on CLIENT_CORE, each in a fresh directory of
    its own under OUT_DIR/repl; stop() stops them all and removes the directories."""

    def __init__(self, base, out_dir, tag, primary_args):
        self.base, self.out_dir, self.tag = base, out_dir, tag
        self.dirs = [fresh_dir(out_dir, f"{base.name}-{tag}-primary", "repl")]
        self.primary = Server(base.name, base.binary, base.workdir, base.pid_file, data_dir=self.dirs[0],
                              args=primary_args)
        self.replicas = []

    def add_replica(self, replicaof=True):
        """Starts a replica (of the primary when replicaof, else an empty server that will be told REPLICAOF)."""
        i = len(self.replicas) + 1
        d = fresh_dir(self.out_dir, f"{self.base.name}-{self.tag}-replica{i}", "repl")
        self.dirs.append(d)
        args = ["--replicaof", "127.0.0.1", str(self.primary.port)] if replicaof else []
        r = Server(f"{self.base.name}-replica{i}", self.base.binary, self.base.workdir, self.base.pid_file,
                   data_dir=d, core=CLIENT_CORE, args=args)
        self.replicas.append(r)
        r.start(timeout_s=60)
        return r

    def failed(self, rec0, e):
        """rec0 as a failed record: the error and the tail of every server's log (a replica's may say why)."""
        tails = "".join(f"; {s.name} log tail: {s.log_tail(6)}" for s in [self.primary] + self.replicas
                        if s.log_path)
        return dict(rec0, ok=False, problems=[f"{type(e).__name__}: {str(e)[:400]}{tails}"[:3000]])

    def stop(self):
        for s in self.replicas + [self.primary]:
            s.stop()
        for d in self.dirs:
            shutil.rmtree(d, ignore_errors=True)


def replication_refused(base, out_dir):
    """None when base's binary takes REPLICAOF, else its answer: ringkv refuses it until issue 13 lands, and
    then every row of the mode is "not available" for it rather than failed."""
    g = Group(base, out_dir, "probe", [])
    try:
        g.primary.start()
        with Conn(g.primary.port, timeout_s=30) as c:
            # Nobody listens on that port: a server that takes the command just retries in the background.
            r = c.call("REPLICAOF", "127.0.0.1", str(free_port()))
            if isinstance(r, bytes) and r.startswith(b"+"):
                c.call("REPLICAOF", "NO", "ONE")
                return None
            return r.decode(errors="replace").strip() if isinstance(r, bytes) else repr(r)
    finally:
        g.stop()


def replication_info(c):
    return info(c, "replication")


def db_size(c):
    """DBSIZE, or None when the server answers otherwise (-LOADING: a replica loading its sync)."""
    r = c.call("DBSIZE")
    return int(r[1:]) if isinstance(r, bytes) and r.startswith(b":") else None


def online_replicas(primary_info):
    """How many slaveN lines of the primary's INFO replication say state=online."""
    return sum(1 for k, v in primary_info.items() if re.fullmatch(r"slave\d+", k) and "state=online" in v)


def wait_linked(pc, rcs, timeout_s):
    """Seconds until every replica (connections rcs) says master_link_status:up and the primary (pc) lists as
    many replicas, all state=online."""
    t0 = time.monotonic()
    while True:
        ups = sum(1 for c in rcs if replication_info(c).get("master_link_status") == "up")
        p = replication_info(pc)
        online = online_replicas(p)
        if ups == len(rcs) and online == len(rcs) and p.get("connected_slaves") == str(len(rcs)):
            return time.monotonic() - t0
        if time.monotonic() - t0 > timeout_s:
            raise RuntimeError(f"after {timeout_s:.0f} s, {ups} of {len(rcs)} replicas have master_link_status:up; "
                               f"the primary has connected_slaves:{p.get('connected_slaves')}, {online} online")
        time.sleep(0.02)


def wait_caught_up(pc, rcs, timeout_s, poll_s=CATCHUP_POLL_S):
    """Seconds until every replica has the primary's master_repl_offset and DBSIZE (the primary read first: a
    replica can only be behind it), polled every poll_s."""
    t0 = time.monotonic()
    while True:
        po = int(replication_info(pc)["master_repl_offset"])
        pd = db_size(pc)
        offsets = [int(replication_info(c).get("master_repl_offset", "-1")) for c in rcs]
        sizes = [db_size(c) for c in rcs]
        if all(o == po for o in offsets) and all(s == pd for s in sizes):
            return time.monotonic() - t0
        if time.monotonic() - t0 > timeout_s:
            raise RuntimeError(f"replicas not caught up after {timeout_s:.0f} s: primary offset {po}, DBSIZE {pd}; "
                               f"replicas' offsets {offsets}, DBSIZEs {sizes}")
        time.sleep(poll_s)


class Memory:
    """A primary's memory while it syncs, sampled: Pss of the server plus its fork children (summed: RSS would
    count the shared pages twice) and the server's own RSS; peaks and the figures before the first sample."""

    def __init__(self, pid):
        self.pid = pid
        self.pss0, self.rss0 = smaps_rollup(pid)
        self.peak_sum, self.peak_rss = self.pss0, self.rss0
        self.child_seen = False
        self.samples = []  # [seconds, parent Pss, children's Pss, parent RSS]

    def sample(self, t):
        kids = children(self.pid)
        ppss, prss = smaps_rollup(self.pid)
        cpss = sum(smaps_rollup(k)[0] for k in kids)
        self.child_seen = self.child_seen or bool(kids)
        self.peak_sum, self.peak_rss = max(self.peak_sum, ppss + cpss), max(self.peak_rss, prss)
        # Every sample counts for the peaks; the JSON keeps one every 0.5 s (a 180 s run would be 3,600).
        if not self.samples or t - self.samples[-1][0] >= 0.5:
            self.samples.append([round(t, 3), ppss, cpss, prss])

    def figures(self):
        return {"pre_pss_bytes": self.pss0, "pre_rss_bytes": self.rss0, "peak_pss_sum_bytes": self.peak_sum,
                "peak_rss_bytes": self.peak_rss, "growth_bytes": self.peak_sum - self.pss0,
                "rss_growth_bytes": self.peak_rss - self.rss0, "child_seen": self.child_seen,
                "samples": self.samples}


class Window:
    """CPU of our processes and busy time of the two measured cores over a stretch of time, so a sync's row says
    what the primary (and its reaped fork children), the replica and the rest of ours used, and how much else
    ran (other%)."""

    def __init__(self, primary_pid, pids):
        self.primary_pid, self.pids = primary_pid, pids
        self.t0 = time.monotonic()
        self.cores0 = core_busy_ticks()
        self.self0 = resource.getrusage(resource.RUSAGE_SELF)
        self.primary0 = cpu_ticks(primary_pid)
        self.child0 = child_cpu_ticks(primary_pid)
        self.others0 = {p: cpu_ticks(p) for p in pids}

    def close(self):
        wall = time.monotonic() - self.t0
        cores1 = core_busy_ticks()
        self1 = resource.getrusage(resource.RUSAGE_SELF)
        primary = (cpu_ticks(self.primary_pid) - self.primary0) / CLK_TCK
        child = (child_cpu_ticks(self.primary_pid) - self.child0) / CLK_TCK
        ours = 0.0
        for p, t0 in self.others0.items():
            try:
                ours += (cpu_ticks(p) - t0) / CLK_TCK
            except OSError:
                pass
        mine = (self1.ru_utime + self1.ru_stime) - (self.self0.ru_utime + self.self0.ru_stime)
        busy = sum(cores1.get(c, 0) - self.cores0.get(c, 0) for c in measured_cores()) / CLK_TCK
        return {"primary_cpu_s": primary, "child_cpu_s": child, "companion_cpu_s": ours,
                "other_cpu_pct": max(0.0, 100 * (busy - primary - child - ours - mine) / wall) if wall > 0 else 0.0}


def wait_children_gone(pid, timeout_s=10.0):
    """Waits (bounded) for pid's fork child to be reaped, so its CPU time is in the parent's cutime."""
    deadline = time.monotonic() + timeout_s
    while children(pid) and time.monotonic() < deadline:
        time.sleep(0.02)


def obuf_disconnects(srv):
    """Lines of the primary's log about a client closed for its output buffer limit (Redis's wording)."""
    try:
        with open(srv.log_path, errors="replace") as f:
            return sum(1 for line in f if OBUF_LOG_RE.search(line))
    except OSError:
        return None


# --- 1. SET with 0, 1, 2 replicas ------------------------------------------------------------------------

def set_config(base, nrep, rnd, budget, out_dir, log):
    """The records of one primary with nrep replicas: one per pipeline depth (a failure ends the list with a
    failed record)."""
    rec0 = {"server": base.name, "round": rnd, "part": "set", "replicas": nrep}
    g = Group(base, out_dir, f"set{nrep}", SET_PRIMARY_OPTS)
    recs = []
    try:
        g.primary.start()
        fill = populate(g.primary, KEYSPACE, "key:%012d", 120)
        if fill["errors"] or fill["keys_acked"] != KEYSPACE:
            return [dict(rec0, ok=False, problems=[f"preload: {fill['keys_acked']} keys, {fill['errors']} errors "
                                                  f"({fill['first_error']})"])]
        for _ in range(nrep):
            g.add_replica()
        with Conn(g.primary.port, timeout_s=60) as pc:
            rcs = [Conn(r.port, timeout_s=60) for r in g.replicas]
            try:
                link_s = wait_linked(pc, rcs, LINK_TIMEOUT)
                run_benchmark(g.primary, "SET", ["-t", "set"], 16, min(50000, requests(16)), budget, out_dir, CLIENTS,
                              KEYSPACE, VALUE_BYTES, record=False)  # warm-up, not recorded
                wait_caught_up(pc, rcs, CATCHUP_TIMEOUT)
                for p in PIPELINES:
                    rec = measure_with_retry(g.primary, set_label(nrep), ["-t", "set"], p, requests(p), budget,
                                             out_dir, CLIENTS, KEYSPACE, VALUE_BYTES, log=log,
                                             companions=[r.pid for r in g.replicas])
                    rec.update(rec0, link_s=link_s)
                    if rec["ok"] and rcs:
                        # From the moment the run's figures were read, a few ms after redis-benchmark's last reply.
                        try:
                            rec["catchup_s"] = wait_caught_up(pc, rcs, CATCHUP_TIMEOUT)
                        except RuntimeError as e:
                            rec["ok"] = False
                            rec["problems"].append(str(e))
                    if "wall_s" in rec and "client_cpu_s" in rec:
                        rec["client_core_pct"] = 100 * (rec["client_cpu_s"] + rec["companion_cpu_s"]) / rec["wall_s"]
                        if nrep:
                            rec["replica_us_per_req"] = 1e6 * rec["companion_cpu_s"] / rec["requests"] / nrep
                    recs.append(rec)
                    log(f"  {set_label(nrep):14} P{p:<3} {describe(rec)}"
                        + (f"  caught up {1000 * rec['catchup_s']:.0f} ms" if "catchup_s" in rec else ""))
                    if not rec["ok"]:
                        break
            finally:
                for c in rcs:
                    c.close()
        return recs
    except (RuntimeError, OSError, ValueError, KeyError, subprocess.SubprocessError) as e:
        return recs + [g.failed(rec0, e)]
    finally:
        g.stop()


# --- 2. full sync of REPL_SYNC_KEYS keys, disk and diskless ----------------------------------------------------

def populate_debug(srv, keys):
    """DEBUG POPULATE keys key SYNC_VALUE_BYTES (keys key:N, values value:N padded with NULs); its seconds."""
    t0 = time.monotonic()
    with Conn(srv.port, timeout_s=1800) as c:
        r = c.call("DEBUG", "POPULATE", str(keys), "key", str(SYNC_VALUE_BYTES))
        if r != b"+OK":
            raise RuntimeError(f"DEBUG POPULATE answered {r!r:.200}")
        n = db_size(c)
    if n != keys:
        raise RuntimeError(f"DBSIZE {n} after DEBUG POPULATE {keys}")
    return time.monotonic() - t0


def fullsync_row(base, mode, rnd, budget, out_dir):
    rec0 = {"server": base.name, "round": rnd, "part": "fullsync", "sync": mode, "keys": SYNC_KEYS}
    g = Group(base, out_dir, f"fullsync-{mode}", SYNC_OPTS[mode] + DEBUG_OPTS)
    try:
        g.primary.start()
        fill_s = populate_debug(g.primary, SYNC_KEYS)
        replica = g.add_replica(replicaof=False)
        quiet = wait_quiet(budget) if budget.quiet_wait > 0 and budget.have_time() else 0.0
        problems = []
        # The replica's connection waits as long as a sync may take: a replica loading may answer late.
        with Conn(g.primary.port, timeout_s=60) as pc, Conn(replica.port, timeout_s=SYNC_TIMEOUT) as rc:
            full0 = int(info(pc, "stats").get("sync_full", "0"))
            mem = Memory(g.primary.pid)
            win = Window(g.primary.pid, [replica.pid])
            t0 = time.monotonic()
            r = rc.call("REPLICAOF", "127.0.0.1", str(g.primary.port))
            if r != b"+OK":
                raise RuntimeError(f"REPLICAOF answered {r!r:.200}")
            link_s = synced_s = None
            while True:
                now = time.monotonic()
                mem.sample(now - t0)
                if replication_info(rc).get("master_link_status") == "up":
                    link_s = link_s if link_s is not None else time.monotonic() - t0
                    if db_size(rc) == SYNC_KEYS:
                        synced_s = time.monotonic() - t0
                        break
                if now - t0 > SYNC_TIMEOUT:
                    problems.append(f"no link up with DBSIZE {SYNC_KEYS} after {SYNC_TIMEOUT:.0f} s")
                    break
                time.sleep(max(0.0, now + SAMPLE_S - time.monotonic()))
            wait_children_gone(g.primary.pid)
            cpu = win.close()
            stats = info(pc, "stats")
        fork_usec = stats.get("latest_fork_usec", "")
        rec = dict(rec0, ok=not problems, problems=problems, seconds=synced_s, link_s=link_s, fill_s=fill_s,
                   quiet_wait_s=quiet, sync_full=int(stats.get("sync_full", "0")) - full0,
                   latest_fork_usec=int(fork_usec) if fork_usec.isdigit() else None,
                   primary_dir_bytes=dir_bytes(g.dirs[0]), **mem.figures(), **cpu)
        if rec["ok"] and rec["sync_full"] != 1:
            rec["problems"].append(f"the primary counted {rec['sync_full']} full syncs, not 1")
        return rec
    except (RuntimeError, OSError, ValueError, KeyError, subprocess.SubprocessError) as e:
        return g.failed(rec0, e)
    finally:
        g.stop()


def describe_fullsync(rec):
    if not rec["ok"]:
        return "FAILED: " + "; ".join(p.replace("\n", " ")[:300] for p in rec["problems"])
    mb = 2 ** 20
    fork = f"{rec['latest_fork_usec'] / 1000:.1f} ms" if rec["latest_fork_usec"] is not None else "?"
    return (f"synced in {rec['seconds']:.2f} s (link up {rec['link_s']:.2f} s), fork {fork}, primary RSS "
            f"{rec['pre_rss_bytes'] / mb:,.0f} -> peak {rec['peak_rss_bytes'] / mb:,.0f} MiB, Pss+child peak "
            f"{rec['peak_pss_sum_bytes'] / mb:,.0f} MiB, CPU primary {rec['primary_cpu_s']:.2f} s child "
            f"{rec['child_cpu_s']:.2f} s, other {rec['other_cpu_pct']:.0f}%")


# --- 3. full sync under a write load: does it converge? -----------------------------------------------------------

def set_calls(c):
    return command_calls(c).get("set", 0)


def converge_row(base, rnd, budget, out_dir):
    rec0 = {"server": base.name, "round": rnd, "part": "converge", "keys": SYNC_KEYS}
    g = Group(base, out_dir, "converge", SYNC_OPTS[CONVERGE_SYNC])
    loop = None
    try:
        g.primary.start()
        with Conn(g.primary.port, timeout_s=60) as c:
            r = c.call("CONFIG", "SET", "client-output-buffer-limit", CONVERGE_LIMIT)
            if r != b"+OK":
                raise RuntimeError(f"CONFIG SET client-output-buffer-limit answered {r!r:.200}")
            limit_got = config_get(c, "client-output-buffer-limit")
        want = tuple(memory_bytes(x) for x in CONVERGE_LIMIT.split()[1:3]) + (int(CONVERGE_LIMIT.split()[3]),)
        if replica_limit(limit_got) != want:
            raise RuntimeError(f"CONFIG GET client-output-buffer-limit answered {limit_got!r}, not replica {want}")
        t = time.monotonic()
        load_keys(g.primary.port, SYNC_KEYS, SYNC_VALUE_BYTES)
        fill_s = time.monotonic() - t
        replica = g.add_replica(replicaof=False)
        quiet = wait_quiet(budget) if budget.quiet_wait > 0 and budget.have_time() else 0.0
        loop, loop_cmd = set_loop(g.primary.port, LOAD_CLIENTS, SYNC_KEYS, ["-t", "set", "-d", str(SYNC_VALUE_BYTES)],
                                  os.path.join(out_dir, "setloop.err"), pipeline=LOAD_PIPELINE)
        time.sleep(LOAD_LEAD_S)
        problems = []
        with Conn(g.primary.port, timeout_s=60) as pc, Conn(replica.port, timeout_s=SYNC_TIMEOUT) as rc:
            # The primary's offsets over time: CONSISTENT compares the replica with the one of LAG_WINDOW_S ago.
            history = []
            calls_a, ta = set_calls(pc), time.monotonic()
            while time.monotonic() - ta < RATE_S:
                history.append((time.monotonic(), int(replication_info(pc)["master_repl_offset"])))
                time.sleep(SAMPLE_S)
            calls0 = set_calls(pc)
            rate_before = (calls0 - calls_a) / (time.monotonic() - ta)
            full0 = int(info(pc, "stats").get("sync_full", "0"))
            mem = Memory(g.primary.pid)
            win = Window(g.primary.pid, [replica.pid, loop.pid])
            t0 = time.monotonic()
            r = rc.call("REPLICAOF", "127.0.0.1", str(g.primary.port))
            if r != b"+OK":
                raise RuntimeError(f"REPLICAOF answered {r!r:.200}")
            consistent_s = first_link_s = None
            link_ups, was_up, lag_bytes = 0, False, None
            while True:
                now = time.monotonic()
                mem.sample(now - t0)
                rep = replication_info(rc)  # the replica first, then the primary: its lag is never understated
                t_rep = time.monotonic()
                up = rep.get("master_link_status") == "up"
                history.append((time.monotonic(), int(replication_info(pc)["master_repl_offset"])))
                if up and not was_up:
                    link_ups += 1
                    first_link_s = first_link_s if first_link_s is not None else t_rep - t0
                was_up = up
                if up:
                    behind = [o for t, o in history if t <= t_rep - LAG_WINDOW_S]
                    ro = int(rep.get("master_repl_offset", "-1"))
                    lag_bytes = history[-1][1] - ro
                    if behind and ro >= behind[-1]:
                        consistent_s = t_rep - t0
                        break
                if loop.poll() is not None:
                    problems.append(f"the write load exited with {loop.returncode}")
                    break
                if now - t0 > CONVERGE_TIMEOUT:
                    break
                history = [h for h in history if h[0] > t_rep - 2 * LAG_WINDOW_S]
                time.sleep(max(0.0, now + SAMPLE_S - time.monotonic()))
            t1 = time.monotonic()
            calls1 = set_calls(pc)
            full1 = int(info(pc, "stats").get("sync_full", "0"))
            cpu = win.close()
            stop_loop(loop)
            loop = None
            # Once the writes stop, a replica still linked only has the tail of the stream to apply; one cut off
            # syncs again (Redis 7.0 then gets through, nothing being written): either way, how long until it
            # has everything.
            try:
                settle_s = wait_caught_up(pc, [rc], SYNC_TIMEOUT, poll_s=SAMPLE_S)
                settle_problem = None
            except RuntimeError as e:
                settle_s, settle_problem = None, str(e)
            full2 = int(info(pc, "stats").get("sync_full", "0"))
        rec = dict(rec0, ok=not problems, problems=problems, converged=consistent_s is not None,
                   seconds=consistent_s if consistent_s is not None else t1 - t0, timeout_s=CONVERGE_TIMEOUT,
                   first_link_s=first_link_s, link_ups=link_ups, last_lag_bytes=lag_bytes,
                   sync_full=full1 - full0, sync_full_after_stop=full2 - full1,
                   obuf_disconnects=obuf_disconnects(g.primary), limit=CONVERGE_LIMIT, limit_config=limit_got,
                   sets_per_s_before=rate_before, sets_per_s=(calls1 - calls0) / (t1 - t0),
                   settle_s=settle_s, settle_problem=settle_problem, fill_s=fill_s, quiet_wait_s=quiet,
                   load_command=" ".join(shlex.quote(x) for x in loop_cmd), **mem.figures(), **cpu)
        if rec["ok"] and settle_problem:
            rec["problems"].append(f"after the load stopped: {settle_problem}")
        return rec
    except (RuntimeError, OSError, ValueError, KeyError, subprocess.SubprocessError) as e:
        return g.failed(rec0, e)
    finally:
        stop_loop(loop)
        g.stop()


def describe_converge(rec):
    if not rec["ok"]:
        return "FAILED: " + "; ".join(p.replace("\n", " ")[:300] for p in rec["problems"])
    mb = 2 ** 20
    head = (f"consistent after {rec['seconds']:.2f} s ({rec['sync_full']} full syncs" if rec["converged"] else
            f"did not converge in {rec['timeout_s']:.0f} s after {rec['sync_full']} full syncs (")
    settle = f"{rec['settle_s']:.2f} s" if rec["settle_s"] is not None else "never"
    return (f"{head}{', ' if rec['converged'] else ''}{rec['obuf_disconnects']} buffer-limit disconnects, "
            f"{rec['link_ups']} link ups), SET/s {rec['sets_per_s_before']:,.0f} before / {rec['sets_per_s']:,.0f} "
            f"during, Pss growth {rec['growth_bytes'] / mb:,.1f} MiB, caught up {settle} after the load stopped")


# --- the mode ----------------------------------------------------------------------------------------------------

def run(servers, meta, out_dir, log):
    if CONVERGE_SYNC not in SYNC_OPTS:
        raise RuntimeError(f"REPL_CONVERGE_SYNC is {CONVERGE_SYNC!r}, not one of {SYNC_MODES}")
    budget = Budget(EXTRAS_UNTIL_S)
    os.makedirs(os.path.join(out_dir, "repl"), exist_ok=True)
    df, fs_type = filesystem(os.path.join(out_dir, "repl"))
    unavailable = {}
    for srv in servers:
        try:
            why = replication_refused(srv, out_dir)
        except (RuntimeError, OSError, ValueError) as e:
            why = f"{type(e).__name__}: {e}"[:600]
        if why:
            unavailable[srv.name] = why
            log(f"repl: {srv.name} cannot replicate, its rows are not available: {why}")
    active = [s for s in servers if s.name not in unavailable]
    meta.update(parts=PARTS, rounds=ROUNDS, n=N, pipelines=PIPELINES, replica_counts=REPLICA_COUNTS, clients=CLIENTS,
                keyspace=KEYSPACE, value_bytes=VALUE_BYTES, requests_per_pipeline={p: requests(p) for p in PIPELINES},
                sync_keys=SYNC_KEYS, sync_value_bytes=SYNC_VALUE_BYTES, sync_rounds=SYNC_ROUNDS,
                sync_timeout_s=SYNC_TIMEOUT, sync_modes=SYNC_MODES, converge_rounds=CONVERGE_ROUNDS,
                converge_timeout_s=CONVERGE_TIMEOUT, converge_sync=CONVERGE_SYNC, converge_limit=CONVERGE_LIMIT,
                load_clients=LOAD_CLIENTS, load_pipeline=LOAD_PIPELINE, load_lead_s=LOAD_LEAD_S, rate_s=RATE_S,
                min_load_rate=MIN_LOAD_RATE, lag_window_s=LAG_WINDOW_S, consistent=CONSISTENT, sample_s=SAMPLE_S,
                noisy_pct=NOISY_PCT, df=df, fs_type=fs_type, unavailable=unavailable,
                set_primary=server_command(SERVER_CORE, SET_PRIMARY_OPTS),
                set_replica=server_command(CLIENT_CORE, ["--replicaof", "127.0.0.1", "PRIMARY_PORT"]),
                set_benchmark=" ".join(shlex.quote(c) for c in benchmark_cmd(
                    "PORT", ["-t", "set"], 0, 0, CLIENTS, KEYSPACE, VALUE_BYTES))
                .replace("-n 0", "-n REQUESTS").replace("-P 0", "-P PIPELINE"),
                sync_primary={m: server_command(SERVER_CORE, SYNC_OPTS[m] + DEBUG_OPTS) for m in SYNC_MODES},
                sync_replica=server_command(CLIENT_CORE, []),
                sync_fill=f"DEBUG POPULATE {SYNC_KEYS} key {SYNC_VALUE_BYTES}",
                converge_primary=server_command(SERVER_CORE, SYNC_OPTS[CONVERGE_SYNC]),
                converge_config=f"CONFIG SET client-output-buffer-limit {shlex.quote(CONVERGE_LIMIT)}",
                converge_load=f"taskset -c {CLIENT_CORE} redis-benchmark -h 127.0.0.1 -p PORT -c {LOAD_CLIENTS} "
                              f"-n 1000000 -P {LOAD_PIPELINE} -r {SYNC_KEYS} -l -t set -d {SYNC_VALUE_BYTES}")
    out = {"set": [], "fullsync": [], "converge": []}
    if "set" in PARTS:
        for rnd in range(ROUNDS):
            order = active if rnd % 2 == 0 else list(reversed(active))
            for nrep in REPLICA_COUNTS:
                for srv in order:
                    log(f"repl round {rnd + 1}/{ROUNDS}: {srv.name} SET with {nrep} replica(s)")
                    out["set"].extend(set_config(srv, nrep, rnd, budget, out_dir, log))
    if "fullsync" in PARTS and SYNC_KEYS > 0:
        for rnd in range(SYNC_ROUNDS):
            order = active if rnd % 2 == 0 else list(reversed(active))
            for mode in SYNC_MODES:
                for srv in order:
                    rec = fullsync_row(srv, mode, rnd, budget, out_dir)
                    out["fullsync"].append(rec)
                    log(f"fullsync round {rnd + 1}/{SYNC_ROUNDS}: {srv.name:6} {mode:8} {describe_fullsync(rec)}")
    if "converge" in PARTS and SYNC_KEYS > 0:
        for rnd in range(CONVERGE_ROUNDS):
            order = active if rnd % 2 == 0 else list(reversed(active))
            for srv in order:
                log(f"converge round {rnd + 1}/{CONVERGE_ROUNDS}: {srv.name}: {SYNC_KEYS:,} keys, load "
                    f"-c {LOAD_CLIENTS} -P {LOAD_PIPELINE}, {CONVERGE_LIMIT}, at most {CONVERGE_TIMEOUT:.0f} s")
                rec = converge_row(srv, rnd, budget, out_dir)
                out["converge"].append(rec)
                log(f"  {describe_converge(rec)}")
    meta["retries_left"] = budget.retries
    return out

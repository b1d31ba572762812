"""Mode `persist`: issue 12's speed rows, ringkv against redis-server configured the same way, their AOF and RDB
files in the work directory (OUT_DIR, the same disk for both), measured as the other modes are (pinned
servers, a fresh one per measured configuration, servers alternating, the server's CPU time from /proc
around each run; runner.py):

- set: `redis-benchmark -c 50 -P 1 -d 16 -r 100000 -t set -n PERSIST_N` under three configurations, `none`
  (--appendonly no --save ''), `everysec` and `always` (--appendonly yes --appendfsync X --save ''
  --aof-use-rdb-preamble yes, in a fresh empty directory). The configuration is checked before measuring
  (CONFIG GET appendfsync, save, aof-use-rdb-preamble; INFO persistence aof_enabled) and the AOF on disk
  must have grown by the run's writes.
- mixed: 80/20 GET/SET under `none` and `always`: 100,000 keys g:%012d preloaded, then on the client core a
  SET loop (`-c 10 -l SET s:__rand_int__ <16 bytes>`) and, measured, `-c 40 GET g:__rand_int__` sized for
  ~PERSIST_MIXED_S seconds; the loop is killed when the GET run ends. SETs counted from INFO commandstats.
- load: an RDB of PERSIST_LOAD_KEYS keys made once by redis-server (DEBUG POPULATE, SAVE); each server is
  started on a copy of it and timed from spawn to the first PING answered +PONG; DBSIZE checked, RSS and
  the server's own "DB loaded from disk" figure recorded. Also ringkv loading an RDB ringkv wrote (SAVE).
- bgsave: PERSIST_BGSAVE_KEYS keys key:%012d of 100 bytes, a SET load (`-c 10 -t set -d 100 -l`) and a GET
  probe (`-c 10 -t get`); a probe run without a BGSAVE, then the same probe with a BGSAVE started 0.2 s in,
  the memory of the server and its child (Pss from /proc/PID/smaps_rollup) sampled every 50 ms until
  rdb_bgsave_in_progress:0. The probe's request count is sized from a calibration run per server so that
  it lasts about as long as the BGSAVE.

On tmpfs an fsync costs nothing, so the AOF rows (everysec, always) are refused there unless
PERSIST_ALLOW_TMPFS=1; the section prints `df -T` of the work directory either way.
"""

import os
import re
import resource
import shlex
import shutil
import subprocess
import threading
import time
import types

from common import (CLIENT_CORE, CLK_TCK, Conn, Server, cpu_ticks, rss_bytes)
from runner import (NOISY_PCT, Budget, benchmark_cmd, core_busy_ticks, describe, measured_cores,
                    measure_with_retry, populate, run_benchmark, wait_quiet)

ENV = os.environ
ROUNDS = int(ENV.get("PERSIST_ROUNDS", "3"))
N = int(ENV.get("PERSIST_N", "200000"))
CLIENTS = 50
KEYSPACE = 100000
VALUE_BYTES = 16
MIXED_S = float(ENV.get("PERSIST_MIXED_S", "5"))
MIXED_GET_CLIENTS, MIXED_SET_CLIENTS = 40, 10
# The two redis-benchmark processes of the mixed load share the client core, which a pipeline-1 run
# saturates: at equal priority the scheduler gives each half of it, and the SETs would be ~half the requests.
# The SET loop's niceness brings that near the 80/20 asked for (nice 6: weight 272 against 1024, ~79% for
# the GETs) when both are CPU-bound; a SET loop slowed by fsync waits is not affected. The actual share is
# reported either way.
MIXED_SET_NICE = int(ENV.get("PERSIST_MIXED_SET_NICE", "6"))
LOAD_KEYS = int(ENV.get("PERSIST_LOAD_KEYS", "10000000"))
LOAD_ROUNDS = int(ENV.get("PERSIST_LOAD_ROUNDS", "2"))
LOAD_TIMEOUT = float(ENV.get("PERSIST_LOAD_TIMEOUT", "300"))
BGSAVE_KEYS = int(ENV.get("PERSIST_BGSAVE_KEYS", "1000000"))
BGSAVE_ROUNDS = int(ENV.get("PERSIST_BGSAVE_ROUNDS", "2"))
BGSAVE_VALUE_BYTES = 100
BGSAVE_CLIENTS = 10
BGSAVE_LEAD_S = 0.2  # the probe runs this long before BGSAVE is sent (its connections are up by then)
SAMPLE_S = 0.05
ALLOW_TMPFS = ENV.get("PERSIST_ALLOW_TMPFS", "0") == "1"
PARTS = [p.strip() for p in ENV.get("PERSIST_PARTS", "set,mixed,load,bgsave").split(",") if p.strip()]
# Quiet waits and repeats of noisy runs stop after this many seconds: the mode stays under ~12 minutes.
EXTRAS_UNTIL_S = float(ENV.get("PERSIST_EXTRAS_UNTIL_S", "420"))

AOF = ["--save", "", "--appendonly", "yes", "--aof-use-rdb-preamble", "yes", "--appendfsync"]
CONFIGS = {"none": ["--save", "", "--appendonly", "no"], "everysec": AOF + ["everysec"],
           "always": AOF + ["always"]}
SET_CONFIGS = ["none", "everysec", "always"]
MIXED_CONFIGS = ["none", "always"]
RDB_ONLY = ["--save", "", "--appendonly", "no", "--dbfilename", "dump.rdb"]
MIXED_VALUE = "v" * VALUE_BYTES
# run_benchmark's quiet wait happens inside its window: where a background load already runs on the client
# core the cores are never quiet, so those runs wait before starting the load and pass this instead.
NO_WAIT = types.SimpleNamespace(quiet_wait=0, have_time=lambda: False)
LOADED_RE = re.compile(r"DB loaded from disk: ([0-9.]+) seconds")


# --- small readers -------------------------------------------------------------------------------------------

def info(c, section):
    """INFO section on connection c as {field: string}."""
    reply = c.call("INFO", section)
    if not isinstance(reply, bytes) or reply.startswith(b"-"):
        raise RuntimeError(f"INFO {section} answered {reply!r:.200}")
    return dict(line.split(":", 1) for line in reply.decode(errors="replace").splitlines()
                if ":" in line and not line.startswith("#"))


def command_calls(c):
    """{command: calls} from INFO commandstats."""
    out = {}
    for k, v in info(c, "commandstats").items():
        m = re.search(r"calls=(\d+)", v)
        if k.startswith("cmdstat_") and m:
            out[k[len("cmdstat_"):]] = int(m.group(1))
    return out


def config_get(c, name):
    r = c.call("CONFIG", "GET", name)
    return r[1].decode(errors="replace") if isinstance(r, list) and len(r) == 2 else repr(r)


def check_config(srv, cfg):
    """Problems with the configuration srv runs under (empty when it took effect)."""
    with Conn(srv.port, timeout_s=30) as c:
        got = {"aof_enabled": info(c, "persistence").get("aof_enabled"), "save": config_get(c, "save"),
               "appendonly": config_get(c, "appendonly")}
        if cfg != "none":
            got.update(appendfsync=config_get(c, "appendfsync"),
                       preamble=config_get(c, "aof-use-rdb-preamble"))
    want = {"aof_enabled": "0" if cfg == "none" else "1", "save": "",
            "appendonly": "no" if cfg == "none" else "yes"}
    if cfg != "none":
        want.update(appendfsync=cfg, preamble="yes")
    return [f"{k} is {got.get(k)!r}, not {v!r}" for k, v in want.items() if got.get(k) != v]


def dir_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total


def smaps_rollup(pid):
    """(Pss, Rss) of a process in bytes from /proc/PID/smaps_rollup, or (0, 0) once it is gone."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return pss, rss


def children(pid):
    """The child processes of pid (its forked BGSAVE child, while there is one)."""
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return out


def filesystem(path):
    """`df -T path` as printed, and the file system's type."""
    r = subprocess.run(["df", "-T", path], capture_output=True, text=True)
    lines = r.stdout.strip().splitlines()
    fs_type = lines[-1].split()[1] if len(lines) >= 2 and len(lines[-1].split()) > 1 else "?"
    return r.stdout.strip(), fs_type


def start_preloaded(srv, cfg, key_format):
    """Starts srv, checks that configuration cfg took effect and SETs KEYSPACE keys key_format % i. Returns
    None, or what went wrong (the caller's record fails with it)."""
    srv.start()
    problems = check_config(srv, cfg)
    if problems:
        return "configuration did not take effect: " + "; ".join(problems)
    fill = populate(srv, KEYSPACE, key_format, 120)
    if fill["errors"] or fill["keys_acked"] != KEYSPACE:
        return f"preload: {fill['keys_acked']} keys, {fill['errors']} errors ({fill['first_error']})"
    return None


def server_like(base, persistence, data_dir):
    """A server of base's binary, name, scratch directory and pid file with other persistence options."""
    return Server(base.name, base.binary, base.workdir, base.pid_file, persistence=persistence,
                  data_dir=data_dir)


def fresh_dir(out_dir, name, mode="persist"):
    """An empty directory OUT_DIR/MODE/NAME (a server's --dir)."""
    d = os.path.join(out_dir, mode, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def load_keys(port, count, value_bytes, key_format="key:%012d", batch=1000):
    """SETs key_format % i for i below count to value_bytes-byte values, pipelined (two batches in flight)."""
    value = b"x" * value_bytes
    key_len = len(key_format % 0)
    one = (b"*3\r\n$3\r\nSET\r\n$%d\r\n" % key_len).decode() + key_format + \
        "\r\n$%d\r\n%s\r\n" % (value_bytes, value.decode())
    ok = b"+OK\r\n"
    with Conn(port, timeout_s=120) as c:
        pending = []
        sent = 0

        def reap():
            n = pending.pop(0)
            got = c._exact(n * len(ok))
            if got != ok * n:
                raise RuntimeError(f"loading keys: {got.replace(ok, b'')[:200]!r}")
        while sent < count:
            n = min(batch, count - sent)
            c.sock.sendall(((one * n) % tuple(range(sent, sent + n))).encode())
            sent += n
            pending.append(n)
            if len(pending) >= 2:
                reap()
        while pending:
            reap()


def failed(base, e, srv=None):
    tail = f"; log tail: {srv.log_tail(8)}" if srv is not None and srv.log_path else ""
    return dict(base, ok=False, problems=[f"{type(e).__name__}: {str(e)[:400]}{tail}"[:1500]])


# --- 1. SET under none / everysec / always -------------------------------------------------------------------

def set_row(base_srv, cfg, rnd, budget, out_dir, log):
    rec0 = {"server": base_srv.name, "round": rnd, "part": "set", "config": cfg, "test": f"SET {cfg}",
            "pipeline": 1, "transport": "tcp"}
    d = fresh_dir(out_dir, f"{base_srv.name}-set-{cfg}")
    srv = server_like(base_srv, CONFIGS[cfg], d)
    try:
        # As the rounds: every key redis-benchmark asks for exists, so the measured SETs all overwrite.
        problem = start_preloaded(srv, cfg, "key:%012d")
        if problem:
            return dict(rec0, ok=False, problems=[problem])
        run_benchmark(srv, "SET", ["-t", "set"], 16, min(50000, N), budget, out_dir, CLIENTS, KEYSPACE,
                      VALUE_BYTES, record=False)  # warm-up, not recorded
        aof0 = dir_bytes(d)
        with Conn(srv.port, timeout_s=30) as c:
            sets0 = command_calls(c).get("set", 0)
        rec = measure_with_retry(srv, "SET", ["-t", "set"], 1, N, budget, out_dir, CLIENTS, KEYSPACE,
                                 VALUE_BYTES, log=log)
        with Conn(srv.port, timeout_s=30) as c:
            sets = command_calls(c).get("set", 0) - sets0  # N, or 2N when a noisy run was measured again
        rec.update(rec0, aof_bytes=dir_bytes(d) - aof0, sets=sets)
        rec["aof_bytes_per_set"] = rec["aof_bytes"] / sets if sets else None
        if rec["ok"] and cfg != "none" and rec["aof_bytes"] < 40 * sets:
            # One SET of a 16-byte key and value is 59 bytes of RESP in the AOF.
            rec["ok"] = False
            rec["problems"].append(f"the AOF grew by {rec['aof_bytes']:,} bytes over {sets:,} SETs")
        if rec["ok"] and cfg != "none":
            with Conn(srv.port, timeout_s=30) as c:
                p = info(c, "persistence")
            rec["aof_delayed_fsync"] = p.get("aof_delayed_fsync")
            if p.get("aof_last_write_status") != "ok":
                rec["ok"] = False
                rec["problems"].append(f"aof_last_write_status:{p.get('aof_last_write_status')}")
        return rec
    except (RuntimeError, OSError, ValueError, subprocess.SubprocessError) as e:
        return failed(rec0, e, srv)
    finally:
        srv.stop()
        shutil.rmtree(d, ignore_errors=True)


# --- 2. mixed 80/20 GET/SET ------------------------------------------------------------------------------------

def set_loop(port, clients, keyspace, what, err_path, nice=0, pipeline=1):
    """A redis-benchmark looping forever (-l) on the client core: the background write load."""
    cmd = (["nice", "-n", str(nice)] if nice else []) + \
        ["taskset", "-c", CLIENT_CORE, "redis-benchmark", "-h", "127.0.0.1", "-p", str(port),
         "-c", str(clients), "-n", "1000000", "-P", str(pipeline), "-r", str(keyspace), "-l"] + what
    err = open(err_path, "w")
    try:
        return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL), cmd
    finally:
        err.close()


def stop_loop(proc):
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def under_load(srv, loop, what, n, clients, keyspace, value_bytes, out_dir):
    """run_benchmark(what) while `loop` (a running SET loop) writes: the record gains the SETs done
    meanwhile (INFO commandstats), and the loop's CPU is counted as the client's, not as other activity."""
    with Conn(srv.port, timeout_s=30) as c:
        calls0 = command_calls(c)
    loop0 = cpu_ticks(loop.pid)
    rec = run_benchmark(srv, "GET", what, 1, n, NO_WAIT, out_dir, clients, keyspace, value_bytes)
    loop_alive = loop.poll() is None
    loop1 = cpu_ticks(loop.pid) if loop_alive else loop0
    with Conn(srv.port, timeout_s=30) as c:
        calls1 = command_calls(c)
    sets = calls1.get("set", 0) - calls0.get("set", 0)
    gets = calls1.get("get", 0) - calls0.get("get", 0)
    rec.update(sets=sets, gets=gets)
    if "wall_s" in rec and "server_cpu_s" in rec:
        loop_cpu = (loop1 - loop0) / CLK_TCK
        rec["set_client_cpu_s"] = loop_cpu
        rec["client_cpu_s"] += loop_cpu
        rec["client_cpu_pct"] = 100 * rec["client_cpu_s"] / rec["wall_s"]
        rec["other_cpu_pct"] = max(0.0, rec["other_cpu_pct"] - 100 * loop_cpu / rec["wall_s"])
        rec["sets_per_s"] = sets / rec["wall_s"]
        rec["gets_per_s"] = gets / rec["wall_s"]
        if gets + sets:
            rec["get_share"] = gets / (gets + sets)
            rec["server_us_per_req"] = 1e6 * rec["server_cpu_s"] / (gets + sets)
    if not loop_alive:
        rec["ok"] = False
        rec.setdefault("problems", []).append(f"the SET loop exited with {loop.returncode}")
    return rec


def mixed_row(base_srv, cfg, rnd, n_get, budget, out_dir, log):
    rec0 = {"server": base_srv.name, "round": rnd, "part": "mixed", "config": cfg, "test": f"MIXED {cfg}",
            "pipeline": 1, "transport": "tcp"}
    d = fresh_dir(out_dir, f"{base_srv.name}-mixed-{cfg}")
    srv = server_like(base_srv, CONFIGS[cfg], d)
    loop = None
    try:
        problem = start_preloaded(srv, cfg, "g:%012d")
        if problem:
            return dict(rec0, ok=False, problems=[problem])
        get_what = ["GET", "g:__rand_int__"]
        run_benchmark(srv, "GET", get_what, 16, 50000, budget, out_dir, CLIENTS, KEYSPACE, VALUE_BYTES,
                      record=False)  # warm-up, not recorded
        rec = None
        for attempt in range(2):
            quiet = wait_quiet(budget) if budget.quiet_wait > 0 and budget.have_time() else 0.0
            loop, loop_cmd = set_loop(srv.port, MIXED_SET_CLIENTS, KEYSPACE, ["SET", "s:__rand_int__", MIXED_VALUE],
                                      os.path.join(out_dir, "setloop.err"), nice=MIXED_SET_NICE)
            time.sleep(0.5)  # connected and writing
            again = under_load(srv, loop, get_what, n_get, MIXED_GET_CLIENTS, KEYSPACE, VALUE_BYTES, out_dir)
            stop_loop(loop)
            loop = None
            again.update(quiet_wait_s=quiet, set_command=" ".join(shlex.quote(x) for x in loop_cmd))
            if rec is None or (again["ok"] and again.get("other_cpu_pct", 100) < rec.get("other_cpu_pct", 100)):
                rec = again
            if attempt or not (rec["ok"] and rec["other_cpu_pct"] > NOISY_PCT and budget.retries > 0 and
                               budget.have_time()):
                break
            budget.retries -= 1
            log(f"  MIXED {cfg} other load {rec['other_cpu_pct']:.0f}% of a core: measuring again")
        rec.update(rec0)
        return rec
    except (RuntimeError, OSError, ValueError, subprocess.SubprocessError) as e:
        return failed(rec0, e, srv)
    finally:
        stop_loop(loop)
        srv.stop()
        shutil.rmtree(d, ignore_errors=True)


def describe_mixed(rec):
    if not rec["ok"]:
        return describe(rec)
    return (f"GET {rec['gets_per_s']:>9,.0f}/s p50 {rec['p50_ms']:.3f} p99 {rec['p99_ms']:.3f} ms  "
            f"SET {rec['sets_per_s']:,.0f}/s  GET share {100 * rec['get_share']:.0f}%  "
            f"server {rec['server_us_per_req']:.2f} us/req ({rec['server_cpu_pct']:.0f}% core)  "
            f"client {rec['client_cpu_pct']:.0f}%  other {rec['other_cpu_pct']:.0f}%")


# --- 3. RDB load time -------------------------------------------------------------------------------------------

def make_rdb(redis_base, keys, out_dir, log):
    """dump.rdb of `keys` keys (DEBUG POPULATE: key:N -> value:N) written by redis-server; its path."""
    d = fresh_dir(out_dir, "rdb-source")
    srv = server_like(redis_base, RDB_ONLY + ["--enable-debug-command", "yes"], d)
    t0 = time.monotonic()
    try:
        srv.start()
        with Conn(srv.port, timeout_s=1800) as c:
            r = c.call("DEBUG", "POPULATE", str(keys))
            if r != b"+OK":
                raise RuntimeError(f"DEBUG POPULATE answered {r!r:.200}")
            r = c.call("SAVE")
            if r != b"+OK":
                raise RuntimeError(f"SAVE answered {r!r:.200}")
            n = c.call("DBSIZE")
        if n != b":%d" % keys:
            raise RuntimeError(f"DBSIZE {n!r} after DEBUG POPULATE {keys}")
    finally:
        srv.stop()
    path = os.path.join(out_dir, "persist", "redis-written.rdb")
    os.replace(os.path.join(d, "dump.rdb"), path)
    shutil.rmtree(d, ignore_errors=True)
    log(f"load: {keys:,}-key RDB written by redis-server in {time.monotonic() - t0:.1f} s "
        f"({os.path.getsize(path) / 1e6:.0f} MB)")
    return path


def load_row(base_srv, rdb, written_by, keys, rnd, budget, out_dir, save_to=None):
    """Starts base_srv's binary on a copy of rdb and times spawn -> first +PONG. With save_to, then SAVEs
    and keeps the RDB this server wrote there."""
    rec0 = {"server": base_srv.name, "round": rnd, "part": "load", "written_by": written_by, "keys": keys}
    d = fresh_dir(out_dir, f"{base_srv.name}-load")
    shutil.copyfile(rdb, os.path.join(d, "dump.rdb"))
    srv = server_like(base_srv, RDB_ONLY, d)
    try:
        quiet = wait_quiet(budget) if budget.quiet_wait > 0 and budget.have_time() else 0.0
        cores0 = core_busy_ticks()
        self0 = resource.getrusage(resource.RUSAGE_SELF)
        srv.start(timeout_s=LOAD_TIMEOUT, poll_s=0.01)
        wall = srv.ready_at - srv.spawned_at
        server_cpu = cpu_ticks(srv.pid) / CLK_TCK
        cores1 = core_busy_ticks()
        self1 = resource.getrusage(resource.RUSAGE_SELF)
        busy = sum(cores1.get(c, 0) - cores0.get(c, 0) for c in measured_cores()) / CLK_TCK
        mine = (self1.ru_utime + self1.ru_stime) - (self0.ru_utime + self0.ru_stime)
        rss = rss_bytes(srv.pid)
        with Conn(srv.port, timeout_s=60) as c:
            n = c.call("DBSIZE")
            used = info(c, "memory").get("used_memory")
            loaded = info(c, "persistence").get("rdb_last_load_keys_loaded")
        m = None
        with open(srv.log_path, errors="replace") as f:
            m = LOADED_RE.search(f.read())
        rec = dict(rec0, ok=True, problems=[], seconds=wall, server_cpu_s=server_cpu, rss_bytes=rss,
                   used_memory=int(used) if used and used.isdigit() else None,
                   keys_loaded_info=loaded, log_seconds=float(m.group(1)) if m else None,
                   other_cpu_pct=max(0.0, 100 * (busy - server_cpu - mine) / wall) if wall > 0 else 0.0,
                   quiet_wait_s=quiet, rdb_bytes=os.path.getsize(rdb))
        if n != b":%d" % keys:
            rec["ok"] = False
            rec["problems"].append(f"DBSIZE answered {n!r}, not {keys}")
        if m is None:
            rec["problems"].append("no \"DB loaded from disk\" line in the log")  # a finding, still a time
        if save_to is not None and rec["ok"]:
            t0 = time.monotonic()
            with Conn(srv.port, timeout_s=600) as c:
                r = c.call("SAVE")
            rec["save_s"] = time.monotonic() - t0
            if r != b"+OK":
                rec["problems"].append(f"SAVE answered {r!r:.200}")
            else:
                os.replace(os.path.join(d, "dump.rdb"), save_to)
        return rec
    except (RuntimeError, OSError, ValueError, subprocess.SubprocessError) as e:
        return failed(rec0, e, srv)
    finally:
        srv.stop()
        shutil.rmtree(d, ignore_errors=True)


def describe_load(rec):
    if not rec["ok"]:
        return "FAILED: " + "; ".join(p.replace("\n", " ")[:300] for p in rec["problems"])
    log_s = f"{rec['log_seconds']:.3f} s" if rec["log_seconds"] is not None else "none"
    return (f"ready after {rec['seconds']:.2f} s (log: {log_s}), server CPU {rec['server_cpu_s']:.2f} s, "
            f"RSS {rec['rss_bytes'] / 2**20:,.0f} MiB, other {rec['other_cpu_pct']:.0f}%"
            + (f", SAVE {rec['save_s']:.2f} s" if "save_s" in rec else ""))


def run_load(servers, budget, out_dir, log):
    redis = next(s for s in servers if s.name == "redis")
    ringkv = next(s for s in servers if s.name == "ringkv")
    rows = []
    try:
        rdb = make_rdb(redis, LOAD_KEYS, out_dir, log)
    except (RuntimeError, OSError, ValueError, subprocess.SubprocessError) as e:
        log(f"load: could not make the RDB: {e}")
        return [{"server": "redis", "part": "load", "ok": False, "problems": [f"making the RDB: {e}"[:1500]]}]
    own = os.path.join(out_dir, "persist", "ringkv-written.rdb")
    try:
        for rnd in range(LOAD_ROUNDS):
            order = servers if rnd % 2 == 0 else list(reversed(servers))
            for srv in order:
                keep = own if srv is ringkv and not os.path.exists(own) else None
                rec = load_row(srv, rdb, "redis", LOAD_KEYS, rnd, budget, out_dir, save_to=keep)
                rows.append(rec)
                log(f"load round {rnd + 1}/{LOAD_ROUNDS}: {srv.name:6} redis's RDB  {describe_load(rec)}")
            if os.path.exists(own):
                rec = load_row(ringkv, own, "ringkv", LOAD_KEYS, rnd, budget, out_dir)
                rows.append(rec)
                log(f"load round {rnd + 1}/{LOAD_ROUNDS}: ringkv ringkv's RDB {describe_load(rec)}")
    finally:
        for p in (rdb, own):
            if os.path.exists(p):
                os.remove(p)
    return rows


# --- 4. BGSAVE under a write load -------------------------------------------------------------------------------

def bgsave_under_probe(srv, loop, n_probe, out_dir):
    """The GET probe (n_probe requests, while `loop` writes) with a BGSAVE sent BGSAVE_LEAD_S after it
    starts; memory sampled every SAMPLE_S until the BGSAVE is over. Returns (probe record, BGSAVE figures)."""
    holder = {}

    def probe():
        holder["rec"] = under_load(srv, loop, ["-t", "get"], n_probe, BGSAVE_CLIENTS, BGSAVE_KEYS,
                                   BGSAVE_VALUE_BYTES, out_dir)
        holder["end"] = time.monotonic()

    res = {"ok": False, "problems": []}
    with Conn(srv.port, timeout_s=60) as c:
        calls0 = command_calls(c)
        pss0, rss0 = smaps_rollup(srv.pid)
        res.update(pre_pss_bytes=pss0, pre_rss_bytes=rss0)
        t_probe = time.monotonic()
        th = threading.Thread(target=probe, daemon=True)
        th.start()
        time.sleep(BGSAVE_LEAD_S)
        t0 = time.monotonic()
        r = c.call("BGSAVE")
        if not (isinstance(r, bytes) and r.startswith(b"+")):
            res["problems"].append(f"BGSAVE answered {r!r:.200}")
            th.join()
            return holder.get("rec"), res
        samples = []
        peak_sum, peak_rss, child_seen = pss0, rss0, None
        deadline = t0 + 600
        while True:
            kids = children(srv.pid)
            ppss, prss = smaps_rollup(srv.pid)
            cpss = sum(smaps_rollup(k)[0] for k in kids)
            p = info(c, "persistence")
            t = time.monotonic() - t0
            samples.append([round(t, 3), ppss, cpss, prss])
            if kids:
                child_seen = kids
            peak_sum, peak_rss = max(peak_sum, ppss + cpss), max(peak_rss, prss)
            if p.get("rdb_bgsave_in_progress") == "0":
                break
            if time.monotonic() > deadline:
                res["problems"].append("BGSAVE still in progress after 600 s")
                break
            time.sleep(SAMPLE_S)
        t1 = time.monotonic()
        calls1 = command_calls(c)
        fork_usec = info(c, "stats").get("latest_fork_usec")
        th.join(timeout=120)
    rec = holder.get("rec")
    res.update(seconds=t1 - t0, samples=samples, peak_pss_sum_bytes=peak_sum, peak_rss_bytes=peak_rss,
               growth_bytes=peak_sum - pss0, child_seen=child_seen is not None,
               rdb_last_bgsave_status=p.get("rdb_last_bgsave_status"),
               rdb_last_cow_size=int(p["rdb_last_cow_size"]) if p.get("rdb_last_cow_size", "").isdigit() else None,
               rdb_last_bgsave_time_sec=p.get("rdb_last_bgsave_time_sec"),
               latest_fork_usec=int(fork_usec) if fork_usec and fork_usec.isdigit() else None,
               sets_per_s=(calls1.get("set", 0) - calls0.get("set", 0)) / (t1 - t0))
    if p.get("rdb_last_bgsave_status") != "ok":
        res["problems"].append(f"rdb_last_bgsave_status:{p.get('rdb_last_bgsave_status')}")
    if child_seen is None:
        res["problems"].append("no child process seen during the BGSAVE")
    if "end" in holder:
        # How much of the probe's run overlapped the BGSAVE, and how much of the BGSAVE it covered.
        overlap = max(0.0, min(holder["end"], t1) - max(t_probe, t0))
        res["probe_in_bgsave"] = overlap / max(1e-9, holder["end"] - t_probe)
        res["bgsave_covered"] = overlap / max(1e-9, t1 - t0)
    else:
        res["problems"].append("the GET probe did not finish")
    res["ok"] = not res["problems"]
    return rec, res


def bgsave_server(base_srv, out_dir, tag):
    d = fresh_dir(out_dir, f"{base_srv.name}-bgsave-{tag}")
    srv = server_like(base_srv, RDB_ONLY, d)
    srv.start()
    t0 = time.monotonic()
    load_keys(srv.port, BGSAVE_KEYS, BGSAVE_VALUE_BYTES)
    load_s = time.monotonic() - t0
    return srv, d, load_s


def calibrate_bgsave(base_srv, out_dir, log):
    """GET rate under the SET load during a BGSAVE, and the BGSAVE's duration, on a server of its own (not
    measured): what sizes the measured probes."""
    srv = d = loop = None
    try:
        srv, d, _ = bgsave_server(base_srv, out_dir, "calibration")
        loop, _ = set_loop(srv.port, BGSAVE_CLIENTS, BGSAVE_KEYS, ["-t", "set", "-d", str(BGSAVE_VALUE_BYTES)],
                           os.path.join(out_dir, "setloop.err"))
        time.sleep(1.0)
        rec = run_benchmark(srv, "GET", ["-t", "get"], 1, 20000, NO_WAIT, out_dir, BGSAVE_CLIENTS, BGSAVE_KEYS,
                            BGSAVE_VALUE_BYTES)
        rate = rec.get("rps") or 10000.0
        during, res = bgsave_under_probe(srv, loop, max(2000, int(rate * 2)), out_dir)
        # The GET rate while a BGSAVE runs (its child shares the server's core): what the probe will see.
        rate = (during or {}).get("rps") or rate
        secs = res.get("seconds") or 2.0
        log(f"bgsave: {base_srv.name} calibration: GET {rate:,.0f}/s during a BGSAVE under the SET load, "
            f"BGSAVE {secs:.2f} s")
        return rate, secs
    finally:
        stop_loop(loop)
        if srv is not None:
            srv.stop()
        if d is not None:
            shutil.rmtree(d, ignore_errors=True)


def bgsave_row(base_srv, rnd, est, budget, out_dir):
    rec0 = {"server": base_srv.name, "round": rnd, "part": "bgsave", "keys": BGSAVE_KEYS}
    srv = d = loop = None
    try:
        srv, d, load_s = bgsave_server(base_srv, out_dir, f"r{rnd}")
        rate, secs = est[base_srv.name]
        n_probe = max(2000, int(rate * (secs + BGSAVE_LEAD_S)))
        quiet = wait_quiet(budget) if budget.quiet_wait > 0 and budget.have_time() else 0.0
        loop, loop_cmd = set_loop(srv.port, BGSAVE_CLIENTS, BGSAVE_KEYS,
                                  ["-t", "set", "-d", str(BGSAVE_VALUE_BYTES)], os.path.join(out_dir, "setloop.err"))
        time.sleep(1.0)
        base = under_load(srv, loop, ["-t", "get"], n_probe, BGSAVE_CLIENTS, BGSAVE_KEYS, BGSAVE_VALUE_BYTES,
                          out_dir)
        during, res = bgsave_under_probe(srv, loop, n_probe, out_dir)
        loop_alive = loop.poll() is None
        problems = list(res["problems"])
        for what, r in (("probe without BGSAVE", base), ("probe during BGSAVE", during)):
            if not r or not r.get("ok"):
                problems.append(f"{what}: " + "; ".join((r or {}).get("problems", ["no record"]))[:400])
        if not loop_alive:
            problems.append(f"the SET load exited with {loop.returncode}")
        keep = ("rps", "p50_ms", "p99_ms", "max_ms", "wall_s", "server_cpu_pct", "client_cpu_pct",
                "other_cpu_pct", "sets_per_s", "command")
        rec = dict(rec0, **{k: v for k, v in res.items() if k not in ("ok", "problems")},
                   ok=not problems, problems=problems, n_probe=n_probe, load_s=load_s, quiet_wait_s=quiet,
                   set_command=" ".join(shlex.quote(x) for x in loop_cmd),
                   probe_base={k: base.get(k) for k in keep} if base else None,
                   probe_during={k: during.get(k) for k in keep} if during else None)
        if during and during.get("rps") and res.get("seconds"):
            est[base_srv.name] = (during["rps"], res["seconds"])
        return rec
    except (RuntimeError, OSError, ValueError, subprocess.SubprocessError) as e:
        return failed(rec0, e, srv)
    finally:
        stop_loop(loop)
        if srv is not None:
            srv.stop()
        if d is not None:
            shutil.rmtree(d, ignore_errors=True)


def describe_bgsave(rec):
    if not rec["ok"]:
        return "FAILED: " + "; ".join(p.replace("\n", " ")[:300] for p in rec["problems"])
    mb = 2 ** 20
    cow = f"{rec['rdb_last_cow_size'] / mb:.1f}" if rec.get("rdb_last_cow_size") is not None else "?"
    return (f"BGSAVE {rec['seconds']:.2f} s, Pss {rec['pre_pss_bytes'] / mb:,.0f} -> peak "
            f"{rec['peak_pss_sum_bytes'] / mb:,.0f} MiB (+{rec['growth_bytes'] / mb:,.1f}), cow {cow} MiB, "
            f"GET p99 {rec['probe_base']['p99_ms']:.3f} -> {rec['probe_during']['p99_ms']:.3f} ms, "
            f"probe {100 * rec['probe_in_bgsave']:.0f}% in the BGSAVE, covering "
            f"{100 * rec['bgsave_covered']:.0f}% of it")


def run_bgsave(servers, budget, out_dir, log):
    rows = []
    est = {}
    for srv in servers:
        try:
            est[srv.name] = calibrate_bgsave(srv, out_dir, log)
        except (RuntimeError, OSError, ValueError, subprocess.SubprocessError) as e:
            log(f"bgsave: {srv.name} calibration failed: {e}")
            rows.append({"server": srv.name, "part": "bgsave", "round": -1, "ok": False,
                         "problems": [f"calibration: {e}"[:1500]]})
    for rnd in range(BGSAVE_ROUNDS):
        order = servers if rnd % 2 == 0 else list(reversed(servers))
        for srv in order:
            if srv.name not in est:
                continue
            rec = bgsave_row(srv, rnd, est, budget, out_dir)
            rows.append(rec)
            log(f"bgsave round {rnd + 1}/{BGSAVE_ROUNDS}: {srv.name:6} {describe_bgsave(rec)}")
    return rows


# --- the mode ----------------------------------------------------------------------------------------------------

def run(servers, meta, out_dir, log):
    budget = Budget(EXTRAS_UNTIL_S)
    os.makedirs(os.path.join(out_dir, "persist"), exist_ok=True)
    df, fs_type = filesystem(os.path.join(out_dir, "persist"))
    tmpfs = fs_type in ("tmpfs", "ramfs")
    aof_refused = tmpfs and not ALLOW_TMPFS
    log(f"persist: work dir on {fs_type}" + (" (tmpfs: the AOF rows are refused; PERSIST_ALLOW_TMPFS=1 runs "
                                            "them anyway)" if aof_refused else ""))
    set_cfgs = [c for c in SET_CONFIGS if c == "none" or not aof_refused]
    mixed_cfgs = [c for c in MIXED_CONFIGS if c == "none" or not aof_refused]
    srv_cmd = "taskset -c %s BINARY --port PORT --bind 127.0.0.1 --unixsocket SCRATCH/NAME-PORT.sock " \
              "--unixsocketperm 700" % os.environ.get("SERVER_CORE", "0")
    meta.update(parts=PARTS, rounds=ROUNDS, n=N, clients=CLIENTS, keyspace=KEYSPACE, value_bytes=VALUE_BYTES,
                mixed_s=MIXED_S, mixed_get_clients=MIXED_GET_CLIENTS, mixed_set_clients=MIXED_SET_CLIENTS,
                load_keys=LOAD_KEYS, load_rounds=LOAD_ROUNDS, bgsave_keys=BGSAVE_KEYS,
                bgsave_rounds=BGSAVE_ROUNDS, bgsave_value_bytes=BGSAVE_VALUE_BYTES, bgsave_clients=BGSAVE_CLIENTS,
                bgsave_lead_s=BGSAVE_LEAD_S, sample_s=SAMPLE_S, noisy_pct=NOISY_PCT,
                df=df, fs_type=fs_type, tmpfs=tmpfs, aof_refused=aof_refused, allow_tmpfs=ALLOW_TMPFS,
                set_configs=set_cfgs, mixed_configs=mixed_cfgs,
                configs={c: " ".join(shlex.quote(a) for a in CONFIGS[c]) + " --dir FRESH_DIR" for c in CONFIGS},
                server_command_base=srv_cmd,
                rdb_only=" ".join(shlex.quote(a) for a in RDB_ONLY) + " --dir FRESH_DIR",
                set_benchmark=" ".join(shlex.quote(c) for c in benchmark_cmd(
                    "PORT", ["-t", "set"], 1, N, CLIENTS, KEYSPACE, VALUE_BYTES)),
                mixed_get_benchmark=" ".join(shlex.quote(c) for c in benchmark_cmd(
                    "PORT", ["GET", "g:__rand_int__"], 1, 0, MIXED_GET_CLIENTS, KEYSPACE, VALUE_BYTES))
                .replace("-n 0", "-n N_GET"),
                mixed_set_nice=MIXED_SET_NICE,
                mixed_set_loop=(f"nice -n {MIXED_SET_NICE} " if MIXED_SET_NICE else "") +
                f"taskset -c {CLIENT_CORE} redis-benchmark -h 127.0.0.1 -p PORT -c "
                               f"{MIXED_SET_CLIENTS} -n 1000000 -P 1 -r {KEYSPACE} -l SET s:__rand_int__ "
                               f"{MIXED_VALUE}",
                bgsave_set_loop=f"taskset -c {CLIENT_CORE} redis-benchmark -h 127.0.0.1 -p PORT -c "
                                f"{BGSAVE_CLIENTS} -n 1000000 -P 1 -r {BGSAVE_KEYS} -l -t set -d "
                                f"{BGSAVE_VALUE_BYTES}",
                bgsave_probe=" ".join(shlex.quote(c) for c in benchmark_cmd(
                    "PORT", ["-t", "get"], 1, 0, BGSAVE_CLIENTS, BGSAVE_KEYS, BGSAVE_VALUE_BYTES))
                .replace("-n 0", "-n N_PROBE"))
    out = {"set": [], "mixed": [], "load": [], "bgsave": [], "mixed_n_get": []}
    if "set" in PARTS or "mixed" in PARTS:
        for rnd in range(ROUNDS):
            order = servers if rnd % 2 == 0 else list(reversed(servers))
            none_rps = []
            if "set" in PARTS:
                for cfg in set_cfgs:
                    for srv in order:
                        log(f"persist round {rnd + 1}/{ROUNDS}: {srv.name} SET {cfg}")
                        rec = set_row(srv, cfg, rnd, budget, out_dir, log)
                        out["set"].append(rec)
                        log(f"  SET {cfg:8} {describe(rec)}")
                        if cfg == "none" and rec["ok"]:
                            none_rps.append(rec["rps"])
            if "mixed" in PARTS:
                # One GET count for both servers and both configurations of the round: ~MIXED_S seconds at
                # the GET clients' share (40 of 50) of the round's SET rate without persistence.
                rate = sorted(none_rps)[len(none_rps) // 2] if none_rps else N / 4.0
                n_get = max(5000, int(MIXED_S * rate * MIXED_GET_CLIENTS / (MIXED_GET_CLIENTS + MIXED_SET_CLIENTS)))
                out["mixed_n_get"].append(n_get)
                for cfg in mixed_cfgs:
                    for srv in order:
                        log(f"persist round {rnd + 1}/{ROUNDS}: {srv.name} mixed {cfg} (GET -n {n_get:,})")
                        rec = mixed_row(srv, cfg, rnd, n_get, budget, out_dir, log)
                        out["mixed"].append(rec)
                        log(f"  MIXED {cfg:6} {describe_mixed(rec)}")
    if "load" in PARTS and LOAD_KEYS > 0:
        out["load"] = run_load(servers, budget, out_dir, log)
    if "bgsave" in PARTS and BGSAVE_KEYS > 0:
        out["bgsave"] = run_bgsave(servers, budget, out_dir, log)
    meta["retries_left"] = budget.retries
    return out


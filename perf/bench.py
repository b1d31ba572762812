"""Measures ringkv against redis-server on this machine and writes the raw figures, one JSON file per mode,
into OUT_DIR/data (perf/report.py turns them into RESULTS.md and the plots). Started by perf/run.sh, which
sets the environment below; see perf/README.md for what every figure means.

Modes (MODES, comma-separated, run in this order): rounds (GET and SET at every pipeline depth), growth
(latency while the keyspace grows), types (redis-benchmark's default test list: typebench.py), stall (the
longest PING while a big value is deleted: stall.py), memory (memory per key of each type: memory.py),
atomic (EVALSHA, MULTI/EXEC and PUBLISH: atomic.py), persist (SET under AOF everysec/always, a mixed load,
RDB load time, BGSAVE under writes: persist.py), repl (SET with 0-2 replicas, full sync time, a full sync under
a write load: repl.py), evict (hit rates of a cache-aside trace under every maxmemory-policy, SET while evicting:
hitrate.py).

Protocol of the rounds (DESIGN.md, "Measuring speed fairly here"):
- each server runs alone, pinned to SERVER_CORE; redis-benchmark and the loaders run on CLIENT_CORE;
- a server is started fresh for each round, its keyspace filled with the 100000 keys redis-benchmark will
  ask for, warmed up, measured, and stopped; only one server is running at any time;
- rounds alternate the servers, swapping which goes first, so slow drifts of the machine hit both alike;
- each round measures every pipeline depth over TCP loopback, then SET and GET at pipeline 1 over the
  server's unix socket (UNIX_PIPELINES), same clients, requests, value size and keyspace;
- around each redis-benchmark run: the server's utime+stime (/proc/PID/stat), the client's (wait4
  rusage), and the busy time of every core (/proc/stat), so each run says which side was saturated and
  how much else was running (runner.py).

Environment: MODES RINGKV_BIN REDIS_BIN OUT_DIR ROUNDS N PIPELINES UNIX_PIPELINES CLIENTS KEYSPACE GROW_KEYS
GROW_TIMEOUT PID_FILE (server pids, for run.sh's exit trap), and each mode's own (typebench.py, stall.py,
memory.py, atomic.py, persist.py, repl.py, hitrate.py).
"""

import hashlib
import json
import os
import resource
import signal
import shlex
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (CLIENT_CORE, CLK_TCK, SERVER_CORE, Server, cpu_ticks, dbsize,  # noqa: E402
                    info_field, machine, rss_bytes)
from runner import (NOISY_PCT, Budget, benchmark_cmd, core_busy_ticks, describe,  # noqa: E402
                    measure_with_retry, populate, run_benchmark, wait_quiet)

HERE = os.path.dirname(os.path.abspath(__file__))
PY = sys.executable or "/usr/bin/python3"

ENV = os.environ
MODES = [m for m in ENV.get("MODES", "rounds,growth").split(",") if m]
ALL_MODES = ["rounds", "growth", "types", "stall", "memory", "atomic", "persist", "repl", "evict"]
# Absolute: the servers run in a scratch directory.
RINGKV_BIN = os.path.abspath(ENV.get("RINGKV_BIN", "build/ringkv"))
REDIS_BIN = os.path.abspath(ENV.get("REDIS_BIN", "/usr/bin/redis-server"))
OUT_DIR = ENV["OUT_DIR"]
ROUNDS = int(ENV.get("ROUNDS", "5"))
N = int(ENV.get("N", "300000"))  # requests per run at pipeline 1; deeper pipelines get more, see requests()
PIPELINES = [int(p) for p in ENV.get("PIPELINES", "1,4,16,64").split(",")]
# Pipeline depths also measured over the unix socket ("" for none). Pipeline 1 is where the transport
# matters: there the kernel's loopback TCP path is most of a request's server CPU.
UNIX_PIPELINES = [int(p) for p in ENV.get("UNIX_PIPELINES", "1").split(",") if p.strip()]
CLIENTS = int(ENV.get("CLIENTS", "50"))
KEYSPACE = int(ENV.get("KEYSPACE", "100000"))
VALUE_BYTES = 16
GROW_KEYS = int(ENV.get("GROW_KEYS", "10000000"))
GROW_TIMEOUT = float(ENV.get("GROW_TIMEOUT", "150"))
GROW_TRIES = int(ENV.get("GROW_TRIES", "2"))  # a growth test disturbed by other load is run again
PID_FILE = ENV.get("PID_FILE")
# The rounds and the growth test together should stay under ~20 minutes: retries and quiet waits stop once
# this much has gone by (runner.Budget).
EXTRAS_UNTIL_S = float(ENV.get("EXTRAS_UNTIL_S", "780"))
TESTS = ["set", "get"]  # SET first: the run leaves the keyspace as GET finds it


def requests(pipeline):
    """Requests per run: N at pipeline 1, up to 10N deeper, so that every run lasts a couple of seconds
    (tick-granular CPU figures need that) without the whole run passing ~20 minutes."""
    return N * min(pipeline, 10)


def bench(srv, test, pipeline, n, budget, record=True, transport="tcp"):
    return run_benchmark(srv, test.upper(), ["-t", test], pipeline, n, budget, OUT_DIR, CLIENTS, KEYSPACE,
                         VALUE_BYTES, record=record, transport=transport)


def throughput_rounds(servers, runs, budget, log):
    for rnd in range(ROUNDS):
        order = servers if rnd % 2 == 0 else list(reversed(servers))
        for srv in order:
            log(f"round {rnd + 1}/{ROUNDS}: {srv.name}")
            try:
                srv.start()
            except RuntimeError as e:
                # A server that cannot start will not start next round either: stop here, report it.
                runs.append({"server": srv.name, "round": rnd, "ok": False, "problems": [str(e)]})
                log(f"  {srv.name} did not start: {e}")
                raise
            try:
                # redis-benchmark asks for key:%012d with -r; fill all of them so GET always hits.
                fill = populate(srv, KEYSPACE, "key:%012d", 120)
                if fill["errors"] or fill["keys_acked"] != KEYSPACE:
                    log(f"  fill: {fill['keys_acked']} keys, {fill['errors']} errors "
                        f"({fill['first_error']})")
                for t in TESTS:  # warm-up, not recorded: first-touch page faults, connection set-up
                    bench(srv, t, 16, min(50000, requests(16)), budget, record=False)
                # TCP at every depth first (as before unix rows existed, so those runs keep their
                # conditions), then the unix socket; the server is warm by then.
                plan = [("tcp", p, t) for p in PIPELINES for t in TESTS] + \
                       [("unix", p, t) for p in UNIX_PIPELINES for t in TESTS]
                for transport, p, t in plan:
                    if not srv.alive():
                        break
                    what = f"{t.upper():3} P{p:<3}" + (" unix" if transport == "unix" else "")
                    rec = measure_with_retry(srv, t.upper(), ["-t", t], p, requests(p), budget, OUT_DIR,
                                             CLIENTS, KEYSPACE, VALUE_BYTES, transport=transport, log=log)
                    rec.update(server=srv.name, round=rnd)
                    runs.append(rec)
                    log(f"  {what} {describe(rec)}")
            finally:
                srv.stop()


def growth(srv, budget, log):
    """Fill srv from empty to GROW_KEYS keys while a probe PINGs it every millisecond."""
    log(f"growth: {srv.name} to {GROW_KEYS:,} keys (at most {GROW_TIMEOUT:.0f}s)")
    srv.start()
    try:
        rss0 = rss_bytes(srv.pid)
        used0 = info_field(srv.port, "memory", "used_memory")
        probe_cmd = ["taskset", "-c", CLIENT_CORE, PY, os.path.join(HERE, "growth.py"), "probe",
                     str(srv.port), "1"]
        # chrt needs CAP_SYS_NICE (root, outside a restrictive container): try it before relying on it.
        realtime = subprocess.run(["chrt", "-f", "10", "true"], capture_output=True).returncode == 0
        if realtime:
            # A real-time probe preempts the loader on the shared client core the moment a reply lands,
            # so a delay it sees is the server's.
            probe_cmd = ["chrt", "-f", "10"] + probe_cmd
        wait_quiet(budget)
        probe = subprocess.Popen(probe_cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(0.5)  # a baseline before the load starts
        cpu0 = cpu_ticks(srv.pid)
        probe0 = cpu_ticks(probe.pid)
        kids0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cores0 = core_busy_ticks()
        t0 = time.monotonic()
        try:
            load = populate(srv, GROW_KEYS, "grow:%010d", GROW_TIMEOUT)
        finally:
            wall = time.monotonic() - t0
            cores1 = core_busy_ticks()
            kids1 = resource.getrusage(resource.RUSAGE_CHILDREN)  # the loader, reaped by now
            probe1 = cpu_ticks(probe.pid) if probe.poll() is None else probe0
            cpu1 = cpu_ticks(srv.pid) if srv.alive() else None
            time.sleep(0.5)
            probe.terminate()
            out, err = probe.communicate(timeout=30)
        if not out.strip():
            raise RuntimeError(f"probe printed nothing: {err.strip()[-2000:]}")
        pr = json.loads(out)
        keys = dbsize(srv.port)
        rss1 = rss_bytes(srv.pid)
        used1 = info_field(srv.port, "memory", "used_memory")
        cps = load["checkpoints"]

        def keys_at(t):
            best = 0
            for ct, k in cps:
                if ct <= t:
                    best = k
            return best

        ours = ((cpu1 if cpu1 is not None else cpu0) - cpu0 + probe1 - probe0) / CLK_TCK + \
            (kids1.ru_utime + kids1.ru_stime) - (kids0.ru_utime + kids0.ru_stime)
        cores = set(SERVER_CORE.split(",")) | set(CLIENT_CORE.split(","))
        busy = sum(cores1.get(c, 0) - cores0.get(c, 0) for c in cores) / CLK_TCK
        other_pct = max(0.0, 100 * (busy - ours) / wall) if wall > 0 else 0.0
        worst = [{"t_s": t - load["start"], "ms": ms, "keys_loaded": keys_at(t)} for t, ms in pr["worst"]]
        res = {"server": srv.name, "target_keys": GROW_KEYS, "keys_acked": load["keys_acked"],
               "dbsize": keys, "seconds": load["seconds"], "timed_out": load["timed_out"],
               "errors": load["errors"], "first_error": load["first_error"],
               "keys_per_s": load["keys_acked"] / load["seconds"] if load["seconds"] else None,
               "server_us_per_set": (1e6 * (cpu1 - cpu0) / CLK_TCK / load["keys_acked"])
               if cpu1 is not None and load["keys_acked"] else None,
               "probe": {k: v for k, v in pr.items() if k != "worst"}, "worst": worst,
               "probe_realtime": realtime, "other_cpu_pct": other_pct,
               "rss_bytes_before": rss0, "rss_bytes_after": rss1,
               "used_memory_before": int(used0) if used0 and used0.isdigit() else None,
               "used_memory_after": int(used1) if used1 and used1.isdigit() else None}
        log(f"  {res['keys_acked']:,} keys in {res['seconds']:.1f}s; probe max "
            f"{pr['max_ms']:.2f} ms, p99 {pr['p99_ms']:.2f} ms, {pr['over_2ms']} pings over 2 ms; "
            f"other {other_pct:.0f}%")
        return res
    finally:
        srv.stop()


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def version_of(binary):
    try:
        r = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=5)
        return (r.stdout or r.stderr).strip().splitlines()[0] if (r.stdout or r.stderr).strip() else "?"
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def display_path(path):
    """Relative to the checkout when the binary is in it (build/ringkv), else absolute."""
    path, root = os.path.abspath(path), os.path.dirname(HERE)
    return os.path.relpath(path, root) if path.startswith(root + os.sep) else path


def base_meta():
    """What every mode's JSON says about the run: when, which binaries, where they ran."""
    return {"started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
            "binaries": {"ringkv": os.path.abspath(ENV.get("RINGKV_SOURCE", RINGKV_BIN)),
                         "redis": os.path.abspath(REDIS_BIN)},
            "binary_display": display_path(ENV.get("RINGKV_SOURCE", RINGKV_BIN)),
            "sha256": {"ringkv": sha256_of(RINGKV_BIN), "redis": sha256_of(REDIS_BIN)},
            "mtime": {"ringkv": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(
                os.path.getmtime(ENV.get("RINGKV_SOURCE", RINGKV_BIN))))},
            "versions": {"ringkv": version_of(RINGKV_BIN), "redis": version_of(REDIS_BIN),
                         "redis-benchmark": version_of("redis-benchmark")},
            "server_core": SERVER_CORE, "client_core": CLIENT_CORE, "clk_tck": CLK_TCK,
            "noisy_pct": NOISY_PCT,
            "server_command": "taskset -c %s BINARY --port PORT --bind 127.0.0.1 "
                              "--unixsocket SCRATCH/NAME-PORT.sock --unixsocketperm 700 --save '' "
                              "--appendonly no" % SERVER_CORE,
            "machine": machine(), "load_before": open("/proc/loadavg").read().split()[:3]}


def rounds_meta():
    """The GET/SET rounds' and the growth test's own settings (RESULTS.md's first sections read them)."""
    def generic(unixsocket=None):
        return " ".join(shlex.quote(c) for c in benchmark_cmd(
            "PORT", ["-t", "TEST"], 0, 0, CLIENTS, KEYSPACE, VALUE_BYTES, unixsocket=unixsocket)) \
            .replace("-n 0", "-n REQUESTS").replace("-P 0", "-P PIPELINE")
    return {"rounds": ROUNDS, "n_p1": N, "pipelines": PIPELINES, "unix_pipelines": UNIX_PIPELINES,
            "clients": CLIENTS, "keyspace": KEYSPACE, "value_bytes": VALUE_BYTES,
            "grow_keys": GROW_KEYS, "grow_timeout_s": GROW_TIMEOUT, "grow_tries": GROW_TRIES,
            "requests_per_pipeline": {p: requests(p) for p in PIPELINES + UNIX_PIPELINES},
            "benchmark_command": generic(), "benchmark_command_unix": generic("SCRATCH/NAME-PORT.sock")}


def run_growth(servers, budget, log):
    grow = []
    for srv in servers:
        best = None
        for attempt in range(GROW_TRIES):
            try:
                res = growth(srv, budget, log)
            except (RuntimeError, OSError, subprocess.SubprocessError, ValueError) as e:
                log(f"  growth test of {srv.name} failed: {e}")
                res = {"server": srv.name, "failed": str(e)}
            res["attempt"] = attempt + 1
            if best is None or "failed" in best or \
                    ("failed" not in res and res["other_cpu_pct"] < best["other_cpu_pct"]):
                best = res
            if "failed" in res or res["other_cpu_pct"] <= NOISY_PCT or not budget.have_time() or \
                    attempt + 1 == GROW_TRIES:
                break
            log(f"  other load took {res['other_cpu_pct']:.0f}% of a core: measuring again")
        grow.append(best)
    return grow


def main():
    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)  # finally blocks stop the servers; a mode cut short writes nothing

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    unknown = [m for m in MODES if m not in ALL_MODES]
    if unknown:
        sys.stderr.write(f"unknown modes {unknown}; known: {ALL_MODES}\n")
        return 2
    data_dir = os.path.join(OUT_DIR, "data")
    os.makedirs(data_dir, exist_ok=True)
    log_f = open(os.path.join(OUT_DIR, "bench.log"), "a")

    def log(msg):
        print(msg, flush=True)
        log_f.write(msg + "\n")
        log_f.flush()

    work = os.path.join(OUT_DIR, "servers")
    servers = [Server("ringkv", RINGKV_BIN, work, PID_FILE), Server("redis", REDIS_BIN, work, PID_FILE)]
    failed = []
    # The rounds and the growth test share one budget (as when they were the whole run); every other mode
    # has its own.
    shared = Budget(EXTRAS_UNTIL_S)
    for mode in [m for m in ALL_MODES if m in MODES]:
        log(f"== mode {mode}")
        meta = base_meta()
        payload = {}
        t0 = time.monotonic()
        try:
            if mode == "rounds":
                meta.update(rounds_meta())
                meta["retries"] = shared.retries
                payload["runs"] = []
                throughput_rounds(servers, payload["runs"], shared, log)
            elif mode == "growth":
                meta.update(rounds_meta())
                payload["growth"] = run_growth(servers, shared, log) if GROW_KEYS > 0 else []
            elif mode == "types":
                import typebench
                payload.update(typebench.run(servers, meta, OUT_DIR, log))
            elif mode == "stall":
                import stall
                payload.update(stall.run(servers, meta, OUT_DIR, log))
            elif mode == "memory":
                import memory
                payload.update(memory.run(servers, meta, log))
            elif mode == "atomic":
                import atomic
                payload.update(atomic.run(servers, meta, OUT_DIR, log))
            elif mode == "persist":
                import persist
                payload.update(persist.run(servers, meta, OUT_DIR, log))
            elif mode == "repl":
                import repl
                payload.update(repl.run(servers, meta, OUT_DIR, log))
            elif mode == "evict":
                import hitrate
                payload.update(hitrate.run(servers, meta, OUT_DIR, log))
        except RuntimeError as e:
            # A server that cannot start: this mode's figures would be meaningless; the others may run.
            log(f"aborted {mode}: {e}")
            failed.append(mode)
            continue
        finally:
            for srv in servers:
                srv.stop()
        meta["seconds"] = time.monotonic() - t0
        meta["load_after"] = open("/proc/loadavg").read().split()[:3]
        with open(os.path.join(data_dir, mode + ".json"), "w") as f:
            json.dump({"mode": mode, "meta": meta, **payload}, f, indent=1)
        log(f"== mode {mode} took {meta['seconds'] / 60:.1f} min")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Measures ringkv against redis-server on this machine and writes the raw figures as JSON into OUT_DIR
(perf/report.py turns them into RESULTS.md and the plots). Started by perf/run.sh, which sets the
environment below; see perf/README.md for what every figure means.

Protocol (DESIGN.md, "Measuring speed fairly here"):
- each server runs alone, pinned to SERVER_CORE; redis-benchmark and the loaders run on CLIENT_CORE;
- a server is started fresh for each round, its keyspace filled with the 100000 keys redis-benchmark will
  ask for, warmed up, measured, and stopped; only one server is running at any time;
- rounds alternate the servers, swapping which goes first, so slow drifts of the machine hit both alike;
- each round measures every pipeline depth over TCP loopback, then SET and GET at pipeline 1 over the
  server's unix socket (UNIX_PIPELINES), same clients, requests, value size and keyspace;
- around each redis-benchmark run: the server's utime+stime (/proc/PID/stat), the client's (wait4
  rusage), and the busy time of every core (/proc/stat), so each run says which side was saturated and
  how much else was running.

Environment: RINGKV_BIN REDIS_BIN OUT_DIR ROUNDS N PIPELINES UNIX_PIPELINES CLIENTS KEYSPACE GROW_KEYS
GROW_TIMEOUT PID_FILE (server pids, for run.sh's exit trap).
"""

import hashlib
import json
import os
import re
import resource
import signal
import shlex
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (CLIENT_CORE, CLK_TCK, SERVER_CORE, Server, cpu_ticks, dbsize,  # noqa: E402
                    info_field, rss_bytes)

HERE = os.path.dirname(os.path.abspath(__file__))
PY = sys.executable or "/usr/bin/python3"

ENV = os.environ
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
# The whole run should stay under ~20 minutes: retries and quiet waits stop once this much has gone by.
T_START = time.monotonic()
EXTRAS_UNTIL_S = float(ENV.get("EXTRAS_UNTIL_S", "780"))


def have_time():
    return time.monotonic() - T_START < EXTRAS_UNTIL_S


RETRIES = [int(ENV.get("RETRIES", "20"))]  # noisy benchmark runs measured again, in the whole run
NOISY_PCT = 20.0  # other activity on the measured cores, in % of one core, above which a run is "noisy"
TESTS = ["set", "get"]  # SET first: the run leaves the keyspace as GET finds it

# Before each measured run, wait (up to QUIET_WAIT seconds) for a moment when the two measured cores are
# nearly idle: on a shared machine a build running next to the benchmark would otherwise be measured too.
# The waits together are bounded by QUIET_BUDGET seconds, so a busy machine cannot stretch the run forever.
QUIET_WAIT = float(ENV.get("QUIET_WAIT", "30"))
QUIET_BUDGET = [float(ENV.get("QUIET_BUDGET", "180"))]
QUIET_BUSY_PCT = 15.0  # busy share of one core, summed over the measured cores, over a 0.3 s window


def requests(pipeline):
    """Requests per run: N at pipeline 1, up to 10N deeper, so that every run lasts a couple of seconds
    (tick-granular CPU figures need that) without the whole run passing ~20 minutes."""
    return N * min(pipeline, 10)


def core_busy_ticks():
    """Busy ticks (everything but idle and iowait) per core, from /proc/stat."""
    busy = {}
    with open("/proc/stat") as f:
        for line in f:
            m = re.match(r"cpu(\d+)\s+(.*)", line)
            if m:
                v = [int(x) for x in m.group(2).split()]
                # user nice system idle iowait irq softirq steal (guest is already in user)
                busy[m.group(1)] = v[0] + v[1] + v[2] + v[5] + v[6] + (v[7] if len(v) > 7 else 0)
    return busy


def wait_quiet():
    """Seconds waited for the measured cores to go quiet (the server under test is idle meanwhile);
    negative when they never did within QUIET_WAIT."""
    cores = set(SERVER_CORE.split(",")) | set(CLIENT_CORE.split(","))
    t0 = time.monotonic()
    limit = min(QUIET_WAIT, max(0.3, QUIET_BUDGET[0]))
    while True:
        a = core_busy_ticks()
        time.sleep(0.3)
        b = core_busy_ticks()
        busy = sum(b.get(c, 0) - a.get(c, 0) for c in cores) / CLK_TCK
        waited = time.monotonic() - t0
        if 100 * busy / 0.3 <= QUIET_BUSY_PCT:
            QUIET_BUDGET[0] -= waited - 0.3
            return waited - 0.3
        if waited >= limit:
            QUIET_BUDGET[0] -= waited
            return -waited


def benchmark_cmd(port, test, pipeline, n, unixsocket=None):
    where = ["-s", unixsocket] if unixsocket else ["-h", "127.0.0.1", "-p", str(port)]
    return ["taskset", "-c", CLIENT_CORE, "redis-benchmark"] + where + \
           ["-c", str(CLIENTS), "-n", str(n), "-P", str(pipeline), "-t", test,
            "-d", str(VALUE_BYTES), "-r", str(KEYSPACE), "--csv"]


def run_benchmark(server, test, pipeline, n, record=True, transport="tcp"):
    cmd = benchmark_cmd(server.port, test, pipeline, n,
                        unixsocket=server.unixsocket if transport == "unix" else None)
    timeout_s = 30 + n / 20000
    out_path = os.path.join(OUT_DIR, "bench.out")
    err_path = os.path.join(OUT_DIR, "bench.err")
    quiet_wait = wait_quiet() if record and QUIET_WAIT > 0 and have_time() else 0.0
    with open(out_path, "w") as out, open(err_path, "w") as err:
        cores0 = core_busy_ticks()
        srv0 = cpu_ticks(server.pid)
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        # Block in wait4 (no polling that would wake on a measured core); a timer kills a hung client.
        expired = threading.Event()
        lock = threading.Lock()
        reaped = False

        def expire():
            with lock:
                if not reaped:  # never signal a pid that may have been reused
                    expired.set()
                    proc.kill()

        timer = threading.Timer(timeout_s, expire)
        timer.daemon = True  # never keeps the process alive after a signal
        timer.start()
        try:
            _, status, ru = os.wait4(proc.pid, 0)
        except BaseException:
            timer.cancel()
            proc.kill()  # interrupted (SIGTERM, Ctrl-C): take the client down with us
            proc.wait()
            raise
        with lock:
            reaped = True
        timer.cancel()
        timed_out = expired.is_set()
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - t0
        srv_alive = server.alive()
        srv1 = cpu_ticks(server.pid) if srv_alive else srv0
        cores1 = core_busy_ticks()
    with open(out_path) as f:
        text = f.read()
    with open(err_path) as f:
        err_text = f.read()
    rec = {"test": test.upper(), "pipeline": pipeline, "transport": transport, "requests": n,
           "clients": CLIENTS, "command": " ".join(shlex.quote(c) for c in cmd), "wall_s": wall, "ok": False,
           "quiet_wait_s": quiet_wait}
    if not record:
        return rec
    rows = [r for r in (l.strip().split('","') for l in text.splitlines()) if len(r) >= 8]
    for r in rows:
        r[0] = r[0].lstrip('"')
        r[-1] = r[-1].rstrip('"')
        if r[0] == test.upper():
            rec.update(rps=float(r[1]), avg_ms=float(r[2]), min_ms=float(r[3]), p50_ms=float(r[4]),
                       p95_ms=float(r[5]), p99_ms=float(r[6]), max_ms=float(r[7]))
    server_cpu = (srv1 - srv0) / CLK_TCK
    client_cpu = ru.ru_utime + ru.ru_stime
    busy = {c: (cores1[c] - cores0.get(c, 0)) / CLK_TCK for c in cores1}
    cores_used = set(SERVER_CORE.split(",")) | set(CLIENT_CORE.split(","))
    # Whatever else kept our two cores busy: other processes, interrupts, the hypervisor (steal).
    other = sum(busy.get(c, 0.0) for c in cores_used) - server_cpu - client_cpu
    rec.update(server_cpu_s=server_cpu, client_cpu_s=client_cpu,
               server_cpu_pct=100 * server_cpu / wall, client_cpu_pct=100 * client_cpu / wall,
               other_cpu_pct=max(0.0, 100 * other / wall),
               server_us_per_req=1e6 * server_cpu / n, client_us_per_req=1e6 * client_cpu / n)
    problems = []
    if timed_out:
        problems.append(f"redis-benchmark did not finish in {timeout_s:.0f}s")
    if proc.returncode != 0:
        problems.append(f"redis-benchmark exited with {proc.returncode}")
    if not srv_alive:
        problems.append(f"{server.name} died during the run; log tail:\n{server.log_tail()}")
    if "rps" not in rec:
        problems.append("no CSV row for the test in redis-benchmark's output")
    errs = [l for l in (text + "\n" + err_text).splitlines() if re.search(r"error|ERR", l, re.I)]
    if errs:
        problems.append("redis-benchmark reported: " + " | ".join(errs[:3]))
    rec["ok"] = not problems
    rec["problems"] = problems
    return rec


def populate(server, count, key_format, timeout_s):
    cmd = ["taskset", "-c", CLIENT_CORE, PY, os.path.join(HERE, "growth.py"), "load",
           str(server.port), str(count), str(timeout_s), key_format]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s + 60)
    if res.returncode != 0:
        raise RuntimeError(f"loader failed: {res.stderr.strip()[-2000:]}")
    return json.loads(res.stdout)


def throughput_rounds(servers, runs, log):
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
                    run_benchmark(srv, t, 16, min(50000, requests(16)), record=False)
                # TCP at every depth first (as before unix rows existed, so those runs keep their
                # conditions), then the unix socket; the server is warm by then.
                plan = [("tcp", p, t) for p in PIPELINES for t in TESTS] + \
                       [("unix", p, t) for p in UNIX_PIPELINES for t in TESTS]
                for transport, p, t in plan:
                    if not srv.alive():
                        break
                    what = f"{t.upper():3} P{p:<3}" + (" unix" if transport == "unix" else "")
                    rec = run_benchmark(srv, t, p, requests(p), transport=transport)
                    if rec["ok"] and rec["other_cpu_pct"] > NOISY_PCT and RETRIES[0] > 0 and have_time():
                        # Something else ran on our cores: measure again, keep the quieter run.
                        RETRIES[0] -= 1
                        log(f"  {what} other load {rec['other_cpu_pct']:.0f}% of a core: measuring again")
                        again = run_benchmark(srv, t, p, requests(p), transport=transport)
                        if again["ok"] and again["other_cpu_pct"] < rec["other_cpu_pct"]:
                            rec = again
                    rec.update(server=srv.name, round=rnd)
                    runs.append(rec)
                    if rec["ok"]:
                        log(f"  {what} {rec['rps']:>11,.0f} req/s  "
                            f"p50 {rec['p50_ms']:.3f} p99 {rec['p99_ms']:.3f} ms  "
                            f"server {rec['server_us_per_req']:.2f} us/req "
                            f"({rec['server_cpu_pct']:.0f}% core)  client {rec['client_cpu_pct']:.0f}%  "
                            f"other {rec['other_cpu_pct']:.0f}%"
                            + (f"  (cores not quiet after {-rec['quiet_wait_s']:.0f}s)"
                               if rec["quiet_wait_s"] < 0 else ""))
                    else:
                        log(f"  {what} FAILED: {'; '.join(rec['problems'])}")
            finally:
                srv.stop()


def growth(srv, log):
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
        wait_quiet()
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


def main():
    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)  # run the finally blocks: servers stopped, results written

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    os.makedirs(OUT_DIR, exist_ok=True)
    log_f = open(os.path.join(OUT_DIR, "bench.log"), "a")

    def log(msg):
        print(msg, flush=True)
        log_f.write(msg + "\n")
        log_f.flush()

    work = os.path.join(OUT_DIR, "servers")
    servers = [Server("ringkv", RINGKV_BIN, work, PID_FILE), Server("redis", REDIS_BIN, work, PID_FILE)]
    meta = {"started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "rounds": ROUNDS, "n_p1": N,
            "pipelines": PIPELINES, "unix_pipelines": UNIX_PIPELINES, "clients": CLIENTS,
            "keyspace": KEYSPACE, "value_bytes": VALUE_BYTES,
            "grow_keys": GROW_KEYS, "grow_timeout_s": GROW_TIMEOUT, "grow_tries": GROW_TRIES,
            "noisy_pct": NOISY_PCT, "retries": RETRIES[0],
            "server_core": SERVER_CORE, "client_core": CLIENT_CORE, "clk_tck": CLK_TCK,
            "requests_per_pipeline": {p: requests(p) for p in PIPELINES + UNIX_PIPELINES},
            "binaries": {"ringkv": os.path.abspath(ENV.get("RINGKV_SOURCE", RINGKV_BIN)),
                         "redis": os.path.abspath(REDIS_BIN)},
            "sha256": {"ringkv": sha256_of(RINGKV_BIN), "redis": sha256_of(REDIS_BIN)},
            "mtime": {"ringkv": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(
                os.path.getmtime(ENV.get("RINGKV_SOURCE", RINGKV_BIN))))},
            "versions": {"ringkv": version_of(RINGKV_BIN), "redis": version_of(REDIS_BIN),
                         "redis-benchmark": version_of("redis-benchmark")},
            "server_command": "taskset -c %s BINARY --port PORT --bind 127.0.0.1 "
                              "--unixsocket SCRATCH/NAME-PORT.sock --unixsocketperm 700 --save '' "
                              "--appendonly no" % SERVER_CORE,
            "benchmark_command": " ".join(shlex.quote(c) for c in benchmark_cmd("PORT", "TEST", 0, 0))
                                 .replace("-n 0", "-n REQUESTS").replace("-P 0", "-P PIPELINE"),
            "benchmark_command_unix": " ".join(shlex.quote(c) for c in benchmark_cmd(
                "PORT", "TEST", 0, 0, unixsocket="SCRATCH/NAME-PORT.sock"))
                                 .replace("-n 0", "-n REQUESTS").replace("-P 0", "-P PIPELINE"),
            "load_before": open("/proc/loadavg").read().split()[:3]}
    runs = []
    grow = []
    t0 = time.monotonic()
    try:
        try:
            throughput_rounds(servers, runs, log)
        except RuntimeError as e:
            meta["aborted"] = str(e)
            log(f"aborted: {e}")
            return 1
        if GROW_KEYS > 0:
            for srv in servers:
                best = None
                for attempt in range(GROW_TRIES):
                    try:
                        res = growth(srv, log)
                    except (RuntimeError, OSError, subprocess.SubprocessError, ValueError) as e:
                        log(f"  growth test of {srv.name} failed: {e}")
                        res = {"server": srv.name, "failed": str(e)}
                    res["attempt"] = attempt + 1
                    if best is None or "failed" in best or \
                            ("failed" not in res and res["other_cpu_pct"] < best["other_cpu_pct"]):
                        best = res
                    if "failed" in res or res["other_cpu_pct"] <= NOISY_PCT or not have_time():
                        break
                    log(f"  other load took {res['other_cpu_pct']:.0f}% of a core: measuring again")
                grow.append(best)
    finally:
        for srv in servers:
            srv.stop()
        meta["seconds"] = time.monotonic() - t0
        meta["load_after"] = open("/proc/loadavg").read().split()[:3]
        with open(os.path.join(OUT_DIR, "results.json"), "w") as f:
            json.dump({"meta": meta, "runs": runs, "growth": grow}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

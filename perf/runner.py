"""One measured redis-benchmark invocation against a running server, shared by the GET/SET rounds (bench.py)
and the data-type rows (typebench.py): the server's CPU time from /proc around the run, the client's from
wait4, every core's busy time so a run says which side was saturated and how much else was running, and
the bounded waits for quiet cores that keep a shared machine's other work out of the figures.
"""

import json
import os
import re
import sys
import shlex
import subprocess
import threading
import time

from common import CLIENT_CORE, CLK_TCK, SERVER_CORE, cpu_ticks, info_field

ENV = os.environ
HERE = os.path.dirname(os.path.abspath(__file__))
PY = sys.executable or "/usr/bin/python3"
NOISY_PCT = 20.0  # other activity on the measured cores, in % of one core, above which a run is "noisy"
QUIET_BUSY_PCT = 15.0  # busy share of one core, summed over the measured cores, over a 0.3 s window


class Budget:
    """The time one mode may spend on extras. Before each measured run the driver waits (up to QUIET_WAIT
    seconds) for a moment when the two measured cores are nearly idle: on a shared machine a build running
    next to the benchmark would otherwise be measured too. The waits together are bounded by QUIET_BUDGET
    seconds, the repeats of noisy runs by RETRIES, and after extras_until_s seconds there are neither: the
    mode just finishes, so a busy machine cannot stretch a run forever. Each mode gets its own."""

    def __init__(self, extras_until_s):
        self.t_start = time.monotonic()
        self.extras_until_s = extras_until_s
        self.quiet_wait = float(ENV.get("QUIET_WAIT", "30"))
        self.quiet_budget = float(ENV.get("QUIET_BUDGET", "180"))
        self.retries = int(ENV.get("RETRIES", "20"))

    def have_time(self):
        return time.monotonic() - self.t_start < self.extras_until_s

    def elapsed(self):
        return time.monotonic() - self.t_start


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


def measured_cores():
    return set(SERVER_CORE.split(",")) | set(CLIENT_CORE.split(","))


def wait_quiet(budget):
    """Seconds waited for the measured cores to go quiet (the server under test is idle meanwhile);
    negative when they never did within QUIET_WAIT."""
    cores = measured_cores()
    t0 = time.monotonic()
    limit = min(budget.quiet_wait, max(0.3, budget.quiet_budget))
    while True:
        a = core_busy_ticks()
        time.sleep(0.3)
        b = core_busy_ticks()
        busy = sum(b.get(c, 0) - a.get(c, 0) for c in cores) / CLK_TCK
        waited = time.monotonic() - t0
        if 100 * busy / 0.3 <= QUIET_BUSY_PCT:
            budget.quiet_budget -= waited - 0.3
            return waited - 0.3
        if waited >= limit:
            budget.quiet_budget -= waited
            return -waited


def benchmark_cmd(port, what, pipeline, n, clients, keyspace, value_bytes, unixsocket=None):
    """what: ["-t", "get"] for one of redis-benchmark's tests, or a command and its arguments (redis-benchmark
    then sends that command instead of a test)."""
    where = ["-s", unixsocket] if unixsocket else ["-h", "127.0.0.1", "-p", str(port)]
    opts = ["-c", str(clients), "-n", str(n), "-P", str(pipeline)]
    if what[0] == "-t":
        opts += what
        what = []
    return ["taskset", "-c", CLIENT_CORE, "redis-benchmark"] + where + opts + \
           ["-d", str(value_bytes), "-r", str(keyspace), "--csv"] + list(what)


def error_replies(server):
    """INFO stats total_error_replies (Redis 7.0 and ringkv), or None: a run that made the server answer with
    errors measured the error path, not the command."""
    v = info_field(server.port, "stats", "total_error_replies")
    return int(v) if v is not None and v.isdigit() else None


def run_benchmark(server, label, what, pipeline, n, budget, out_dir, clients, keyspace, value_bytes,
                  record=True, transport="tcp", companions=()):
    """Runs redis-benchmark once and returns its record: redis-benchmark's CSV figures (rps, latencies), the
    server's and client's CPU per request, each side's share of its core, other activity, and problems (a
    timeout, a non-zero exit, error replies, the server dying) that make it not ok.

    companions: pids of our own processes working alongside the server (perf/repl.py's replicas); their CPU
    time over the run is recorded as companion_cpu_s, not counted as other activity."""
    cmd = benchmark_cmd(server.port, what, pipeline, n, clients, keyspace, value_bytes,
                        unixsocket=server.unixsocket if transport == "unix" else None)
    timeout_s = 30 + n / 20000
    out_path = os.path.join(out_dir, "bench.out")
    err_path = os.path.join(out_dir, "bench.err")
    quiet_wait = wait_quiet(budget) if record and budget.quiet_wait > 0 and budget.have_time() else 0.0
    errors0 = error_replies(server) if record else None
    with open(out_path, "w") as out, open(err_path, "w") as err:
        cores0 = core_busy_ticks()
        srv0 = cpu_ticks(server.pid)
        comp0 = sum(cpu_ticks(p) for p in companions)
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
        try:
            comp1 = sum(cpu_ticks(p) for p in companions)
        except OSError:  # a companion died: its share is unknown, so none is taken off other activity
            comp1 = comp0
        cores1 = core_busy_ticks()
    with open(out_path) as f:
        text = f.read()
    with open(err_path) as f:
        err_text = f.read()
    rec = {"test": label, "pipeline": pipeline, "transport": transport, "requests": n,
           "clients": clients, "command": " ".join(shlex.quote(c) for c in cmd), "wall_s": wall, "ok": False,
           "quiet_wait_s": quiet_wait}
    if not record:
        return rec
    errors1 = error_replies(server) if srv_alive else None
    # redis-benchmark's CSV: a header, then one row per test it ran; every invocation here runs one test.
    rows = [r for r in (l.strip().split('","') for l in text.splitlines()) if len(r) >= 8]
    rows = [r for r in rows if r[0].lstrip('"') != "test"]
    if len(rows) == 1:
        r = rows[0]
        r[-1] = r[-1].rstrip('"')
        try:
            rec.update(rps=float(r[1]), avg_ms=float(r[2]), min_ms=float(r[3]), p50_ms=float(r[4]),
                       p95_ms=float(r[5]), p99_ms=float(r[6]), max_ms=float(r[7]))
        except ValueError:  # "inf" requests/s from a run too short to time
            pass
    server_cpu = (srv1 - srv0) / CLK_TCK
    client_cpu = ru.ru_utime + ru.ru_stime
    companion_cpu = (comp1 - comp0) / CLK_TCK
    busy = {c: (cores1[c] - cores0.get(c, 0)) / CLK_TCK for c in cores1}
    # Whatever else kept our two cores busy: other processes, interrupts, the hypervisor (steal).
    other = sum(busy.get(c, 0.0) for c in measured_cores()) - server_cpu - client_cpu - companion_cpu
    rec.update(server_cpu_s=server_cpu, client_cpu_s=client_cpu,
               server_cpu_pct=100 * server_cpu / wall, client_cpu_pct=100 * client_cpu / wall,
               other_cpu_pct=max(0.0, 100 * other / wall), companion_cpu_s=companion_cpu,
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
    if errors0 is not None and errors1 is not None and errors1 > errors0:
        rec["error_replies"] = errors1 - errors0
        problems.append(f"{errors1 - errors0} error replies during the run")
    errs = [l for l in (text + "\n" + err_text).splitlines() if re.search(r"error|ERR", l, re.I)]
    if errs:
        problems.append("redis-benchmark reported: " + " | ".join(errs[:3]))
    rec["ok"] = not problems
    rec["problems"] = problems
    return rec


def measure_with_retry(server, label, what, pipeline, n, budget, out_dir, clients, keyspace, value_bytes,
                       transport="tcp", log=None, companions=()):
    """run_benchmark, measured again (within the budget) when something else ran on our cores; the quieter
    of the two runs is kept."""
    rec = run_benchmark(server, label, what, pipeline, n, budget, out_dir, clients, keyspace, value_bytes,
                        transport=transport, companions=companions)
    if rec["ok"] and rec["other_cpu_pct"] > NOISY_PCT and budget.retries > 0 and budget.have_time():
        budget.retries -= 1
        if log:
            log(f"  {label} P{pipeline} other load {rec['other_cpu_pct']:.0f}% of a core: measuring again")
        again = run_benchmark(server, label, what, pipeline, n, budget, out_dir, clients, keyspace,
                              value_bytes, transport=transport, companions=companions)
        if again["ok"] and again["other_cpu_pct"] < rec["other_cpu_pct"]:
            rec = again
    return rec


def describe(rec):
    """One log line for a record."""
    if not rec["ok"]:
        return "FAILED: " + "; ".join(p.replace("\n", " ")[:300] for p in rec["problems"])
    return (f"{rec['rps']:>11,.0f} req/s  p50 {rec['p50_ms']:.3f} p99 {rec['p99_ms']:.3f} ms  "
            f"server {rec['server_us_per_req']:.2f} us/req ({rec['server_cpu_pct']:.0f}% core)  "
            f"client {rec['client_cpu_pct']:.0f}%  other {rec['other_cpu_pct']:.0f}%"
            + (f"  (cores not quiet after {-rec['quiet_wait_s']:.0f}s)" if rec["quiet_wait_s"] < 0 else ""))


def populate(server, count, key_format, timeout_s):
    """SETs key_format % i for i below count (16-byte values) with growth.py's loader, on the client core."""
    cmd = ["taskset", "-c", CLIENT_CORE, PY, os.path.join(HERE, "growth.py"), "load",
           str(server.port), str(count), str(timeout_s), key_format]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s + 60)
    if res.returncode != 0:
        raise RuntimeError(f"loader failed: {res.stderr.strip()[-2000:]}")
    return json.loads(res.stdout)

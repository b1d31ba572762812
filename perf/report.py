"""Turns the per-mode JSON files written by perf/bench.py into RESULTS_DIR/RESULTS.md, results.csv,
throughput.png and cpu.png. Plots with gnuplot (Debian's gnuplot-nox), else python3-matplotlib.

  report.py OUT_DIR RESULTS_DIR

The JSON files of the modes just run (OUT_DIR/data/MODE.json) are copied into RESULTS_DIR/data/, and the page
is built from every mode's file found there: a mode run alone replaces its own section and leaves the
others' figures as they were. Each section says when it was measured. The GET/SET rounds and the growth
test are rendered here, the data-type modes (types, stall, memory) in report_types.py, the scripts,
transactions and pub/sub mode (atomic) in report_atomic.py, the persistence mode (persist) in
report_persist.py, the replication mode (repl) in report_repl.py, the eviction mode (evict) in report_evict.py.
"""

import csv
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys

sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_atomic  # noqa: E402
import report_evict  # noqa: E402
import report_persist  # noqa: E402
import report_repl  # noqa: E402
import report_types  # noqa: E402
from common import machine  # noqa: E402

SATURATED_PCT = 90.0
SERVERS = ["ringkv", "redis"]
TESTS = ["GET", "SET"]

# The targets of this issue.
TARGET_P1_CPU_RATIO = 0.8    # ringkv server us/request at pipeline 1 <= 0.8 x Redis's
TARGET_P16_RPS_RATIO = 1.5   # ringkv requests/s at pipeline 16 >= 1.5 x Redis's
TARGET_GROW_MAX_MS = 2.0     # no probe PING slower than this while growing to GROW_KEYS keys


def median(xs):
    return statistics.median(xs) if xs else None


def limited_by(server_pct, client_pct):
    s, c = server_pct >= SATURATED_PCT, client_pct >= SATURATED_PCT
    if s and c:
        return "both"
    if s:
        return "server"
    if c:
        return "client"
    return "neither"


def summarize(runs, noisy_pct):
    """Medians per (server, test, pipeline, transport) over the runs that completed, leaving out the noisy
    ones (other activity on the measured cores above noisy_pct of a core) unless every run was noisy.
    Runs recorded before unix-socket rows existed carry no transport: they were TCP."""
    groups = {}
    for r in runs:
        if r.get("ok") and "test" in r:
            key = (r["server"], r["test"], r["pipeline"], r.get("transport", "tcp"))
            groups.setdefault(key, []).append(r)
    out = {}
    for key, all_rs in groups.items():
        rs = [r for r in all_rs if r["other_cpu_pct"] <= noisy_pct] or all_rs
        m = {f: median([r[f] for r in rs]) for f in
             ("rps", "p50_ms", "p99_ms", "server_us_per_req", "server_cpu_pct", "client_cpu_pct",
              "other_cpu_pct", "client_us_per_req")}
        us = [r["server_us_per_req"] for r in rs]
        m.update(n=len(rs), n_all=len(all_rs), noisy=len(rs) == len(all_rs) and
                 any(r["other_cpu_pct"] > noisy_pct for r in rs), us_min=min(us), us_max=max(us),
                 rps_min=min(r["rps"] for r in rs), rps_max=max(r["rps"] for r in rs),
                 limited=limited_by(m["server_cpu_pct"], m["client_cpu_pct"]))
        out[key] = m
    return out


def ratio(a, b):
    return a / b if a is not None and b else None


def fmt(x, spec, none="-"):
    return none if x is None else format(x, spec)


def write_csv(path, runs):
    """Every run of the rounds, the types and the atomic modes, the SET and mixed rows of persist and the SET rows
    of repl, raw; `mode` says which."""
    fields = ["round", "server", "test", "pipeline", "transport", "requests", "clients", "rps", "avg_ms", "p50_ms",
              "p95_ms", "p99_ms", "max_ms", "wall_s", "server_cpu_s", "server_us_per_req",
              "server_cpu_pct", "client_cpu_s", "client_cpu_pct", "other_cpu_pct", "quiet_wait_s", "ok",
              "problems", "mode", "popped"]
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for r in runs:
            row = dict(r)
            if "test" in row:
                row.setdefault("transport", "tcp")
            row["problems"] = " | ".join(r.get("problems", []))[:300]
            for k, v in row.items():
                if isinstance(v, float):
                    row[k] = round(v, 4)
            w.writerow(row)


def plot(summary, pipelines, out_dir, work_dir):
    """throughput.png (requests/s) and cpu.png (server us/request) against pipeline depth, over TCP (the
    unix-socket rows are one depth only: the tables carry them)."""
    series = []
    for s in SERVERS:
        for t in TESTS:
            pts = [(p, summary[(s, t, p, "tcp")]) for p in pipelines if (s, t, p, "tcp") in summary]
            if pts:
                series.append((s, t, pts))
    if not series:
        return []
    made = []
    if shutil.which("gnuplot"):
        files = []
        for i, (s, t, pts) in enumerate(series):
            path = os.path.join(work_dir, f"plot-{s}-{t}.dat")
            with open(path, "w") as f:
                f.write("# pipeline rps_thousands server_us_per_req us_min us_max\n")
                for p, m in pts:
                    f.write(f"{p} {m['rps'] / 1000:.3f} {m['server_us_per_req']:.4f} "
                            f"{m['us_min']:.4f} {m['us_max']:.4f}\n")
            files.append((path, s, t))
        # ringkv solid, redis dashed; GET and SET by colour and point shape.
        style = {("ringkv", "GET"): "lc rgb '#1f77b4' dt 1 pt 7", ("ringkv", "SET"): "lc rgb '#d62728' dt 1 pt 5",
                 ("redis", "GET"): "lc rgb '#1f77b4' dt 2 pt 6", ("redis", "SET"): "lc rgb '#d62728' dt 2 pt 4"}
        xtics = "(" + ", ".join(f'"{p}" {p}' for p in pipelines) + ")"
        common = (f"set terminal pngcairo size 900,560 enhanced font 'Sans,11'\n"
                  f"set logscale x 2\nset xrange [{min(pipelines) / 1.3}:{max(pipelines) * 1.3}]\n"
                  f"set xtics {xtics}\nset grid\nset key top left box opaque\n"
                  f"set xlabel 'pipeline depth (redis-benchmark -P), 50 clients'\n")
        def lines(col, extra=""):
            return ", ".join(f"'{path}' using 1:{col}{extra} with linespoints lw 2 ps 1.3 {style[(s, t)]} "
                             f"title '{s} {t}'" for path, s, t in files)
        # Log scales on both axes: equal ratios look equal at every depth, so pipeline 1 stays readable.
        rps = [m["rps"] / 1000 for _, _, pts in series for _, m in pts]
        us = [m["server_us_per_req"] for _, _, pts in series for _, m in pts]
        gp_tput = (common + f"set output '{os.path.join(out_dir, 'throughput.png')}'\n"
                   "set title 'Requests per second, median of rounds (higher is better)'\n"
                   "set ylabel 'thousand requests/s'\nset logscale y\n"
                   f"set yrange [{min(rps) / 1.4}:{max(rps) * 1.4}]\n"
                   "set ytics (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)\n"
                   f"plot {lines(2)}\n")
        gp_cpu = (common + f"set output '{os.path.join(out_dir, 'cpu.png')}'\n"
                  "set title 'Server CPU time per request, median of rounds (lower is better)'\n"
                  "set ylabel 'server utime+stime, microseconds per request'\nset logscale y\n"
                  "set key top right box opaque\n"
                  f"set yrange [{min(us) / 1.4}:{max(us) * 1.4}]\n"
                  "set ytics (0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2, 3, 5, 7, 10, 15, 20)\n"
                  f"plot {lines(3)}\n")
        for name, gp in (("throughput.png", gp_tput), ("cpu.png", gp_cpu)):
            script = os.path.join(work_dir, name + ".gp")
            with open(script, "w") as f:
                f.write(gp)
            r = subprocess.run(["gnuplot", script], capture_output=True, text=True)
            if r.returncode == 0:
                made.append(name)
            else:
                sys.stderr.write(f"gnuplot failed for {name}: {r.stderr}\n")
        return made
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        sys.stderr.write("neither gnuplot nor python3-matplotlib: no plots\n")
        return []
    for name, key, ylabel, scale in (("throughput.png", "rps", "thousand requests/s", 1000.0),
                                     ("cpu.png", "server_us_per_req", "server CPU us per request", 1.0)):
        fig, ax = plt.subplots(figsize=(9, 5.6), dpi=100)
        for s, t, pts in series:
            ax.plot([p for p, _ in pts], [m[key] / scale for _, m in pts],
                    linestyle="-" if s == "ringkv" else "--", marker="o" if t == "GET" else "s",
                    color="#1f77b4" if t == "GET" else "#d62728", label=f"{s} {t}")
        ax.set_xscale("log", base=2)
        ax.set_xticks(pipelines, [str(p) for p in pipelines])
        if key == "server_us_per_req":
            ax.set_yscale("log")
        ax.set_xlabel("pipeline depth (redis-benchmark -P), 50 clients")
        ax.set_ylabel(ylabel)
        ax.grid(True)
        ax.legend()
        fig.savefig(os.path.join(out_dir, name))
        plt.close(fig)
        made.append(name)
    return made


def verdict(ok):
    return "**met**" if ok else "**not met**"


MODES = ["rounds", "growth", "types", "stall", "memory", "atomic", "persist", "repl", "evict"]
TITLES = {"rounds": "GET and SET at every pipeline depth", "growth": "Latency while growing the keyspace",
          "types": "redis-benchmark's default tests", "stall": "Stalls while deleting a big value",
          "memory": "Memory per key", "atomic": "Scripts, transactions and pub/sub",
          "persist": "Persistence: AOF, RDB load, BGSAVE",
          "repl": "Replication: SET with replicas, full sync, full sync under load",
          "evict": "Eviction: hit rates and SET while evicting"}


def load_data(out_dir, results_dir):
    """Copies the modes just run into RESULTS_DIR/data and loads every mode found there. Returns
    ({mode: data}, [modes just run])."""
    data_dir = os.path.join(results_dir, "data")
    os.makedirs(data_dir, exist_ok=True)
    fresh = []
    for path in sorted(glob.glob(os.path.join(out_dir, "data", "*.json"))):
        mode = os.path.basename(path)[:-len(".json")]
        dest = os.path.join(data_dir, mode + ".json")
        if os.path.abspath(path) != os.path.abspath(dest):
            shutil.copyfile(path, dest)
        fresh.append(mode)
    data = {}
    for mode in MODES:
        path = os.path.join(data_dir, mode + ".json")
        if os.path.exists(path):
            with open(path) as f:
                data[mode] = json.load(f)
    return data, fresh


def binary_line(meta):
    # The path as the run's own tree names it (build/ringkv), whichever checkout the run was made from.
    path = meta.get("binary_display") or meta["binaries"]["ringkv"]
    if path.startswith("/") and "/build/" in path:  # runs from before binary_display: another checkout's
        path = "build/" + path.rsplit("/build/", 1)[1]
    built = ""
    if meta.get("mtime", {}).get("ringkv"):
        built += f" built {meta['mtime']['ringkv']}"
    if meta.get("sha256", {}).get("ringkv"):
        built += f", sha256 {meta['sha256']['ringkv'][:12]}"
    return f"`{path}`{built} ({meta['versions']['ringkv']})"


def machine_line(meta):
    mach = meta.get("machine") or machine()
    return (f"{mach['nproc']} CPUs ({mach['cpu']}), {mach['memory']} RAM, Linux {mach['kernel']}; "
            f"load average before/after: {' '.join(meta['load_before'])} / "
            f"{' '.join(meta.get('load_after', ['?']))}")


def section_header(meta, took=True):
    """The bullets every data-type section opens with: when, where, which builds."""
    return [f"- Measured {meta['started']}" + (f", took {meta.get('seconds', 0) / 60:.1f} min" if took else "")
            + f"; machine: {machine_line(meta)}",
            f"- ringkv: {binary_line(meta)}",
            f"- Redis: `{meta['binaries']['redis']}` ({meta['versions']['redis']}); "
            f"client: {meta['versions']['redis-benchmark']}"]


def rounds_targets(rounds, growth):
    """The GET/SET and growth rows of the targets table."""
    rows = []
    summary = summarize(rounds["runs"], rounds["meta"].get("noisy_pct", 20.0)) if rounds else {}

    def cell(s, t, p, transport="tcp"):
        return summary.get((s, t, p, transport))

    p1_ratios = {t: ratio(cell("ringkv", t, 1)["server_us_per_req"], cell("redis", t, 1)["server_us_per_req"])
                 for t in TESTS if cell("ringkv", t, 1) and cell("redis", t, 1)}
    if len(p1_ratios) == len(TESTS):
        ok = all(r <= TARGET_P1_CPU_RATIO for r in p1_ratios.values())
        rows.append(f"| server CPU per request at pipeline 1 (TCP) <= {TARGET_P1_CPU_RATIO}x Redis's | "
                    + ", ".join(f"{t} {r:.2f}x" for t, r in p1_ratios.items()) + f" | {verdict(ok)} |")
    else:
        rows.append(f"| server CPU per request at pipeline 1 (TCP) <= {TARGET_P1_CPU_RATIO}x Redis's | no data | "
                    "**not measured** |")
    p16_ratios = {t: ratio(cell("ringkv", t, 16)["rps"], cell("redis", t, 16)["rps"])
                  for t in TESTS if cell("ringkv", t, 16) and cell("redis", t, 16)}
    if len(p16_ratios) == len(TESTS):
        ok = all(r >= TARGET_P16_RPS_RATIO for r in p16_ratios.values())
        limits = {t: cell("ringkv", t, 16)["limited"] for t in TESTS}
        note = ""
        if any(v in ("client", "both") for v in limits.values()):
            note = " (ringkv's runs were client-bound: the ratio is capped by redis-benchmark's core)"
        rows.append(f"| requests/s at pipeline 16 >= {TARGET_P16_RPS_RATIO}x Redis's | "
                    + ", ".join(f"{t} {r:.2f}x" for t, r in p16_ratios.items()) + f"{note} | {verdict(ok)} |")
    else:
        rows.append(f"| requests/s at pipeline 16 >= {TARGET_P16_RPS_RATIO}x Redis's | no data | "
                    "**not measured** |")
    g = {x["server"]: x for x in (growth["growth"] if growth else [])}
    rg = g.get("ringkv")
    if rg and "failed" not in rg:
        reached = rg["keys_acked"] >= rg["target_keys"] and not rg["errors"]
        ok = reached and rg["probe"]["max_ms"] is not None and rg["probe"]["max_ms"] <= TARGET_GROW_MAX_MS
        rows.append(f"| no latency spike above {TARGET_GROW_MAX_MS:g} ms while growing to "
                    f"{rg['target_keys']:,} keys | max {rg['probe']['max_ms']:.2f} ms over "
                    f"{rg['probe']['samples']:,} pings, {rg['keys_acked']:,} keys reached | {verdict(ok)} |")
    else:
        why = rg["failed"] if rg else ("not run (GROW_KEYS=0)" if growth else "not run yet (`perf/run.sh growth`)")
        rows.append(f"| no latency spike above {TARGET_GROW_MAX_MS:g} ms while growing | {why} | "
                    "**not measured** |")
    return rows


def rounds_section(rounds, plots):
    """GET and SET at every depth: the header of the run, the medians, the ratios, the plots."""
    meta, runs = rounds["meta"], rounds["runs"]
    pipelines = meta["pipelines"]
    unix_pipelines = meta.get("unix_pipelines", [])
    # Table rows: each depth over TCP, followed by the same depth over the unix socket when measured.
    depths = [(p, tr) for p in sorted(set(pipelines) | set(unix_pipelines))
              for tr in ("tcp", "unix") if p in (pipelines if tr == "tcp" else unix_pipelines)]
    noisy_pct = meta.get("noisy_pct", 20.0)
    summary = summarize(runs, noisy_pct)

    def cell(s, t, p, transport="tcp"):
        return summary.get((s, t, p, transport))

    L = [f"## {TITLES['rounds']}\n"]
    L.append(f"- Date: {meta['started']}, run took {meta.get('seconds', 0) / 60:.1f} min")
    L.append(f"- Machine: {machine_line(meta)}")
    L.append(f"- ringkv: {binary_line(meta)}")
    L.append(f"- Redis: `{meta['binaries']['redis']}` ({meta['versions']['redis']}); "
             f"client: {meta['versions']['redis-benchmark']}")
    L.append(f"- Servers pinned to core {meta['server_core']}, one at a time (the other is not running), "
             f"started fresh each round with the {meta['keyspace']:,} benchmark keys loaded; "
             f"redis-benchmark and loaders pinned to core {meta['client_core']}.")
    if unix_pipelines:
        L.append("- Each round measures every depth over TCP loopback, then "
                 + ", ".join(f"P{p}" for p in unix_pipelines) + " over the server's unix socket (same "
                 "clients, requests, value size and keys).")
    L.append(f"- {meta['rounds']} round(s), servers alternating (order swapped every round); figures are "
             f"medians over the rounds whose runs were not disturbed (other activity on the two cores at most "
             f"{noisy_pct:.0f}% of a core; all rounds if every one was).\n")
    L.append("Commands:\n")
    L.append("```")
    L.append(meta["server_command"])
    L.append(meta["benchmark_command"])
    if unix_pipelines and meta.get("benchmark_command_unix"):
        L.append(meta["benchmark_command_unix"] + "   # PIPELINE " + ", ".join(map(str, unix_pipelines)))
    L.append("# REQUESTS per PIPELINE: " + ", ".join(f"P{p}: {n}" for p, n in
                                                     meta["requests_per_pipeline"].items()))
    L.append("```\n")

    L.append("### Throughput, latency and CPU per request (medians)\n")
    L.append("`us/req` = server utime+stime over the run / requests (spread = min-max over rounds). "
             "`server%` and `client%` = each side's CPU over the run's wall time; `limited by` names the "
             f"side(s) at or above {SATURATED_PCT:.0f}% of its core. `other%` = busy time on the two cores "
             "not accounted to either (other processes, interrupts, steal): high values mean a noisy run.\n")
    L.append("| server | test | P | transport | requests/s | p50 ms | p99 ms | us/req (spread) | server% | "
             "client% | limited by | other% | rounds used |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for t in TESTS:
        for p, tr in depths:
            for s in SERVERS:
                m = summary.get((s, t, p, tr))
                if not m:
                    L.append(f"| {s} | {t} | {p} | {tr} | failed | | | | | | | | 0 |")
                    continue
                L.append(f"| {s} | {t} | {p} | {tr} | {m['rps']:,.0f} | {m['p50_ms']:.3f} | {m['p99_ms']:.3f} | "
                         f"{m['server_us_per_req']:.2f} ({m['us_min']:.2f}-{m['us_max']:.2f}) | "
                         f"{m['server_cpu_pct']:.0f} | {m['client_cpu_pct']:.0f} | {m['limited']} | "
                         f"{m['other_cpu_pct']:.0f} | {m['n']}/{m['n_all']}{' (noisy)' if m['noisy'] else ''} |")
    L.append("")
    L.append("Ratios ringkv / Redis (us/req: lower is better for ringkv; requests/s: higher is better):\n")
    L.append("| test | P | transport | us/req ratio | requests/s ratio | p99 ratio |")
    L.append("|---|---|---|---|---|---|")
    for t in TESTS:
        for p, tr in depths:
            a, b = summary.get(("ringkv", t, p, tr)), summary.get(("redis", t, p, tr))
            if a and b:
                L.append(f"| {t} | {p} | {tr} | {ratio(a['server_us_per_req'], b['server_us_per_req']):.2f} | "
                         f"{ratio(a['rps'], b['rps']):.2f} | {fmt(ratio(a['p99_ms'], b['p99_ms']), '.2f')} |")
            else:
                L.append(f"| {t} | {p} | {tr} | - | - | - |")
    L.append("")
    # What the transport itself costs each server: the same depth over the unix socket against TCP.
    pairs = [(s, t, p) for p in unix_pipelines for t in TESTS for s in SERVERS
             if cell(s, t, p, "unix") and cell(s, t, p, "tcp")]
    if pairs:
        def unix_over_tcp(s, t, p):
            return ratio(cell(s, t, p, "unix")["server_us_per_req"], cell(s, t, p, "tcp")["server_us_per_req"])
        L.append("Unix socket / TCP, us/req at the same depth (below 1: the unix socket costs the server "
                 "less): " + ", ".join(f"{s} {t} P{p} {unix_over_tcp(s, t, p):.2f}" for s, t, p in pairs)
                 + ".\n")
    noisy = [r for r in runs if r.get("ok") and r.get("other_cpu_pct", 0) > noisy_pct]
    if noisy:
        L.append(f"{len(noisy)} of {sum(1 for r in runs if r.get('ok'))} runs saw more than {noisy_pct:.0f}% of "
                 "a core of other activity on the measured cores and were left out of the medians (kept in "
                 "results.csv)" + ("; some cells had no quiet run and are marked noisy: treat them with care"
                                   if any(m["noisy"] for m in summary.values()) else "") + ".\n")
    failed = [r for r in runs if not r.get("ok")]
    if failed:
        L.append(f"Failed runs ({len(failed)}):\n")
        for r in failed[:10]:
            what = f"{r.get('test', '')} P{r.get('pipeline', '')}" if "test" in r else "start-up"
            L.append(f"- round {r.get('round', 0) + 1}, {r.get('server')}, {what}: "
                     + "; ".join(p.replace("\n", " ")[:300] for p in r.get("problems", [])))
        L.append("")
    for name, title in (("throughput.png", "requests/s against pipeline depth"),
                        ("cpu.png", "server CPU microseconds per request against pipeline depth")):
        if name in plots:
            L.append(f"![{title}]({name})\n")
    return L


def growth_section(growth, same_run_as_rounds):
    meta, grow = growth["meta"], growth["growth"]
    noisy_pct = meta.get("noisy_pct", 20.0)
    L = [f"## {TITLES['growth']}\n"]
    if not same_run_as_rounds:
        L.extend(section_header(meta, took=False))
        L.append("")
    if not grow:
        L.append("Not run (GROW_KEYS=0).\n")
        return L
    L.append(f"Each server, started empty, is filled with {meta['grow_keys']:,} distinct keys "
             "(`grow:%010d`, 16-byte values) by a loader sending pipelines of SETs as fast as the server "
             "takes them, while a probe on its own connection sends PING every 1 ms and times each "
             "reply (probe at real-time priority on the client core"
             f"{'' if all(x.get('probe_realtime', True) for x in grow if 'failed' not in x) else '; chrt was refused, so at normal priority this time'}"
             f"). Bounded at {meta['grow_timeout_s']:.0f} s per server; a fill disturbed by other load "
             f"(other% above {noisy_pct:.0f}) is done again, up to {meta.get('grow_tries', 1)} times, and the "
             "quietest kept. Memory per key = (after - before) / keys.\n")
    L.append("| server | keys reached | seconds | keys/s | server us/SET | probe max ms | p50 ms | p99 ms | "
             "p99.9 ms | pings > 2 ms | worst at ~keys | used_memory B/key | RSS B/key | other% |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for x in grow:
        if "failed" in x:
            L.append(f"| {x['server']} | failed: {x['failed'][:200]} | | | | | | | | | | | | |")
            continue
        pr = x["probe"]
        worst = x["worst"][0]["keys_loaded"] if x["worst"] else None
        k = x["keys_acked"] or 1
        used = (x["used_memory_after"] - x["used_memory_before"]) / k \
            if x.get("used_memory_after") is not None and x.get("used_memory_before") is not None else None
        rss = (x["rss_bytes_after"] - x["rss_bytes_before"]) / k \
            if x.get("rss_bytes_after") and x.get("rss_bytes_before") else None
        reached = f"{x['keys_acked']:,}" + (" (timed out)" if x["timed_out"] else "") + \
            (f", {x['errors']:,} errors" if x["errors"] else "")
        L.append(f"| {x['server']} | {reached} | {x['seconds']:.1f} | {fmt(x['keys_per_s'], ',.0f')} | "
                 f"{fmt(x['server_us_per_set'], '.2f')} | {fmt(pr['max_ms'], '.2f')} | "
                 f"{fmt(pr['p50_ms'], '.2f')} | {fmt(pr['p99_ms'], '.2f')} | {fmt(pr['p999_ms'], '.2f')} | "
                 f"{pr['over_2ms']} | {fmt(worst, ',')} | {fmt(used, '.0f')} | {fmt(rss, '.0f')} | "
                 f"{fmt(x.get('other_cpu_pct'), '.0f')}{' (noisy)' if (x.get('other_cpu_pct') or 0) > noisy_pct else ''} |")
    L.append("")
    for x in grow:
        if "failed" not in x and x["worst"]:
            L.append(f"- {x['server']}: slowest pings " + ", ".join(
                f"{w['ms']:.1f} ms at {w['t_s']:.1f} s (~{w['keys_loaded']:,} keys)" for w in x["worst"][:5]))
    L.append("")
    L.append("The probe's latency includes waiting behind the loader's commands already queued at the "
             "server (at most a couple of pipelines of 100 SETs), so its floor is a fraction of a "
             "millisecond; stalls of the server (a table resize, a blocking free) show as the maximum.\n")
    return L


def main(argv):
    out_dir, results_dir = argv[1], argv[2]
    data, fresh = load_data(out_dir, results_dir)
    rounds, growth = data.get("rounds"), data.get("growth")
    runs = [dict(r, mode="rounds") for r in (rounds["runs"] if rounds else [])] + \
           [dict(r, mode="types") for r in (data["types"]["runs"] if "types" in data else [])] + \
           [dict(r, mode="atomic") for r in (data["atomic"]["runs"] if "atomic" in data else [])] + \
           [dict(r, mode="persist") for part in ("set", "mixed") for r in
            (data["persist"][part] if "persist" in data else [])] + \
           [dict(r, mode="repl") for r in (data["repl"]["set"] if "repl" in data else []) if "test" in r]
    write_csv(os.path.join(results_dir, "results.csv"), [r for r in runs if "unavailable" not in r])
    # The plots are the rounds': redrawn when the rounds ran (or when they are missing), else left alone.
    plots = [n for n in ("throughput.png", "cpu.png") if os.path.exists(os.path.join(results_dir, n))]
    if rounds and ("rounds" in fresh or len(plots) < 2):
        for stale in ("throughput.png", "cpu.png"):
            if os.path.exists(os.path.join(results_dir, stale)):
                os.remove(os.path.join(results_dir, stale))
        summary = summarize(rounds["runs"], rounds["meta"].get("noisy_pct", 20.0))
        plots = plot(summary, rounds["meta"]["pipelines"], results_dir, out_dir)

    L = ["# ringkv vs Redis: measured results\n"]
    L.append("Generated by `perf/run.sh` (see `perf/README.md` for the method and what each figure means); "
             "do not edit by hand, rerun it. Each section comes from its own mode (`perf/run.sh MODE` "
             "reruns one and leaves the others as they are):\n")
    L.append("| section | mode | measured | took | ringkv build |")
    L.append("|---|---|---|---|---|")
    for mode in MODES:
        if mode in data:
            m = data[mode]["meta"]
            took = "(with the rounds)" if mode == "growth" and rounds and \
                m.get("started") == rounds["meta"].get("started") else f"{m.get('seconds', 0) / 60:.1f} min"
            L.append(f"| {TITLES[mode]} | `{mode}` | {m['started']} | {took} | "
                     f"sha256 {m.get('sha256', {}).get('ringkv', '?')[:12]} |")
        else:
            L.append(f"| {TITLES[mode]} | `{mode}` | not run yet | | |")
    L.append("")

    # Targets first: they are what a reader looks for.
    L.append("## Targets\n")
    L.append("| target | measured (ringkv / Redis) | verdict |")
    L.append("|---|---|---|")
    L.extend(rounds_targets(rounds, growth))
    L.extend(report_types.target_rows(data))
    if "atomic" in data:
        L.append(report_atomic.target_row(data["atomic"]))
    if "persist" in data:
        L.extend(report_persist.target_rows(data["persist"]))
    if "repl" in data:
        L.append(report_repl.target_row(data["repl"]))
    if "evict" in data:
        L.extend(report_evict.target_rows(data["evict"]))
    L.append("")

    if rounds:
        L.extend(rounds_section(rounds, plots))
    if growth:
        L.extend(growth_section(growth, rounds is not None and
                                growth["meta"].get("started") == rounds["meta"].get("started")))
    if "types" in data:
        L.extend(report_types.types_section(data["types"], section_header(data["types"]["meta"])))
    if "stall" in data:
        L.extend(report_types.stall_section(data["stall"], section_header(data["stall"]["meta"])))
    if "memory" in data:
        L.extend(report_types.memory_section(data["memory"], section_header(data["memory"]["meta"])))
    if "atomic" in data:
        L.extend(report_atomic.section(data["atomic"], section_header(data["atomic"]["meta"])))
    if "persist" in data:
        L.extend(report_persist.section(data["persist"], section_header(data["persist"]["meta"])))
    if "repl" in data:
        L.extend(report_repl.section(data["repl"], section_header(data["repl"]["meta"])))
    if "evict" in data:
        L.extend(report_evict.section(data["evict"], section_header(data["evict"]["meta"])))
    with open(os.path.join(results_dir, "RESULTS.md"), "w") as f:
        f.write("\n".join(L))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

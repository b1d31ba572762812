"""The `repl` section of perf/RESULTS.md (issue 13's speed rows: SET with 0, 1 and 2 replicas attached, the time
of a full sync, disk and diskless, and a full sync under a write load with a 64 MB replica buffer limit) and its
row of the targets table. report.py assembles the page; each function here takes the mode's JSON as bench.py
wrote it (perf/repl.py made the runs).
"""

from report_common import by, fmt, limited_by, median, medians, ratio

MB = 2 ** 20
SERVERS = ["ringkv", "redis"]
SET_FIELDS = ("rps", "p50_ms", "p99_ms", "server_us_per_req", "server_cpu_pct", "client_cpu_pct", "client_core_pct",
              "replica_us_per_req", "catchup_s", "other_cpu_pct")
SYNC_FIELDS = ("seconds", "link_s", "latest_fork_usec", "pre_rss_bytes", "peak_rss_bytes", "pre_pss_bytes",
               "peak_pss_sum_bytes", "growth_bytes", "primary_cpu_s", "child_cpu_s", "companion_cpu_s",
               "primary_dir_bytes", "other_cpu_pct", "fill_s")


def set_cells(d):
    noisy = d["meta"].get("noisy_pct", 20.0)
    out = {}
    for s in SERVERS:
        for k in d["meta"]["replica_counts"]:
            for p in d["meta"]["pipelines"]:
                recs = by(d, "set", server=s, replicas=k, pipeline=p)
                m = medians(recs, SET_FIELDS, noisy)
                catch = [r["catchup_s"] for r in recs if r.get("ok") and r.get("catchup_s") is not None]
                m["catchup_max_s"] = max(catch) if catch else None
                out[(s, k, p)] = m
    return out


def sync_cells(d):
    noisy = d["meta"].get("noisy_pct", 20.0)
    out = {}
    for s in SERVERS:
        for mode in d["meta"]["sync_modes"]:
            recs = by(d, "fullsync", server=s, sync=mode)
            m = medians(recs, SYNC_FIELDS, noisy)
            ok = [r["seconds"] for r in recs if r.get("ok")]
            m["spread"] = (min(ok), max(ok)) if ok else None
            out[(s, mode)] = m
    return out


def converge_result(r):
    """What a converge row came to, in words."""
    if not r.get("ok"):
        return "failed"
    if r["converged"]:
        return f"consistent after {r['seconds']:.2f} s"
    return f"did not converge in {r['timeout_s']:.0f} s after {r['sync_full']} full syncs"


def unavailable_note(meta, server):
    why = meta.get("unavailable", {}).get(server)
    return f"not available ({server} answered REPLICAOF with: {why[:200]})" if why else None


def target_row(d):
    meta = d["meta"]
    label = (f"full sync of {meta['sync_keys']:,} keys of {meta['sync_value_bytes']} bytes under a write load of at "
             f"least {meta['min_load_rate']:,} SET/s with `client-output-buffer-limit {meta['converge_limit']}`: "
             f"ringkv's replica consistent within {meta['converge_timeout_s']:.0f} s (issue 13, beyond Redis 7.0)")
    na = unavailable_note(meta, "ringkv")
    if na:
        return f"| {label} | {na} | **not measured** |"
    if "converge" not in meta["parts"] or not meta["sync_keys"]:
        return f"| {label} | not run (REPL_PARTS, REPL_SYNC_KEYS) | **not measured** |"
    ours = [r for r in by(d, "converge", server="ringkv") if r.get("ok")]
    theirs = [r for r in by(d, "converge", server="redis") if r.get("ok")]
    if not ours:
        return f"| {label} | failed (see the section) | **not measured** |"

    def said(rs):
        return "; ".join(f"{converge_result(r)} at {r['sets_per_s']:,.0f} SET/s, Pss growth "
                         f"{r['growth_bytes'] / MB:,.0f} MiB" for r in rs) or "-"
    measured = f"ringkv: {said(ours)} / Redis: {said(theirs)}"
    if all(r["converged"] for r in ours) and any(r["sets_per_s"] < meta["min_load_rate"] for r in ours):
        return f"| {label} | {measured} (write load below {meta['min_load_rate']:,} SET/s) | **not measured** |"
    ok = all(r["converged"] for r in ours)
    return f"| {label} | {measured} | {'**met**' if ok else '**not met**'} |"


def section(d, header):
    meta = d["meta"]
    L = ["## Replication: SET with replicas, full sync, full sync under load\n"]
    L.extend(header)
    L.append(f"- The primary runs alone on core {meta['server_core']}; its replicas (of the primary's kind: ringkv "
             f"replicas of a ringkv primary, redis-server replicas of a redis-server primary) run on core "
             f"{meta['client_core']}, with redis-benchmark, the write load and the driver. The machine has "
             f"{meta['machine']['nproc']} cores, so a replica cannot have one of its own: replicas and client compete "
             "for the client core. The primary's CPU per request is the figure to compare.")
    for s in SERVERS:
        na = unavailable_note(meta, s)
        if na:
            L.append(f"- {s}: {na}; its rows are missing.")
    L.append(f"- Each replica and primary has its own fresh `--dir` in the work directory (file system "
             f"{meta['fs_type']}), where a disk-based sync writes its RDB:\n")
    L.append("```")
    L.append(meta["df"])
    L.append("```\n")
    L.extend(set_section(d))
    L.extend(sync_section(d))
    L.extend(converge_section(d))
    return L


def noted(d, part):
    """The "Failed or noted" lines of a part: every problem of its records, once."""
    lines = list(dict.fromkeys(
        f"- {r.get('server')}, round {r.get('round', 0) + 1}"
        + (f", {r['replicas']} replica(s)" if "replicas" in r else "") + (f", {r['sync']}" if "sync" in r else "")
        + (f", P{r['pipeline']}" if "pipeline" in r else "") + ": " + p.replace("\n", " ")[:400]
        for r in d.get(part, []) for p in r.get("problems", [])))
    return ["Failed or noted:\n"] + lines + [""] if lines else []


def set_section(d):
    meta = d["meta"]
    if "set" not in meta["parts"]:
        return []
    sc = set_cells(d)
    L = ["### SET with 0, 1 and 2 replicas\n"]
    L.append(f"{meta['rounds']} round(s); per round, per replica count, each server in turn (order swapped every "
             f"round): a fresh primary with the {meta['keyspace']:,} keys `key:%012d` preloaded (every measured SET "
             "overwrites), then its replicas started with `--replicaof`; measured once every replica says "
             "master_link_status:up and the primary lists each as state=online, after an unrecorded warm-up. After "
             "each run the replicas must reach the primary's master_repl_offset and DBSIZE: `catch-up` is how long "
             "that took, from the moment the run's figures were read (a few ms after redis-benchmark's last reply; "
             "polled every 5 ms), median and worst. Figures are medians over the rounds.\n")
    L.append("```")
    L.append(meta["set_primary"] + "   # primary")
    L.append(meta["set_replica"] + "   # each replica")
    L.append(meta["set_benchmark"])
    L.append("# REQUESTS per PIPELINE: " + ", ".join(f"P{p}: {n}" for p, n in meta["requests_per_pipeline"].items()))
    L.append("```\n")
    L.append("`primary us/req`: the primary's utime+stime over the run / requests. `client core%`: redis-benchmark "
             "plus the replicas, in % of the client core (`limited by` reads it). `replica us/req`: each replica's "
             "CPU per request replicated. `other%`: busy time on the two cores that was none of these.\n")
    L.append("| server | replicas | P | requests/s | p50 ms | p99 ms | primary us/req | primary% | client% | "
             "client core% | limited by | replica us/req | catch-up ms (worst) | other% | rounds |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for p in meta["pipelines"]:
        for k in meta["replica_counts"]:
            for s in SERVERS:
                if unavailable_note(meta, s):
                    continue
                m = sc[(s, k, p)]
                if not m["n"]:
                    L.append(f"| {s} | {k} | {p} | failed | | | | | | | | | | | 0/{m['n_all']} |")
                    continue
                catch = "-" if not k else (f"{1000 * m['catchup_s']:.0f} ({1000 * m['catchup_max_s']:.0f})"
                                           if m["catchup_s"] is not None else "-")
                L.append(f"| {s} | {k} | {p} | {m['rps']:,.0f} | {m['p50_ms']:.3f} | {m['p99_ms']:.3f} | "
                         f"{m['server_us_per_req']:.2f} | {m['server_cpu_pct']:.0f} | {m['client_cpu_pct']:.0f} | "
                         f"{fmt(m['client_core_pct'], '.0f')} | "
                         f"{limited_by(m['server_cpu_pct'], m['client_core_pct'])} | "
                         f"{fmt(m['replica_us_per_req'], '.2f')} | {catch} | {m['other_cpu_pct']:.0f} | "
                         f"{m['n']}/{m['n_all']}{' (noisy)' if m['noisy'] else ''} |")
    L.append("")

    def cell(s, k, p, f):
        m = sc.get((s, k, p))
        return m.get(f) if m and m.get("n") else None
    pairs = [(k, p) for p in meta["pipelines"] for k in meta["replica_counts"]
             if cell("ringkv", k, p, "rps") and cell("redis", k, p, "rps")]
    if pairs:
        L.append("ringkv / Redis (requests/s: higher is better for ringkv; primary us/req: lower is):\n")
        L.append("| replicas | P | requests/s ratio | primary us/req ratio |")
        L.append("|---|---|---|---|")
        for k, p in pairs:
            L.append(f"| {k} | {p} | {ratio(cell('ringkv', k, p, 'rps'), cell('redis', k, p, 'rps')):.2f} | "
                     f"{ratio(cell('ringkv', k, p, 'server_us_per_req'), cell('redis', k, p, 'server_us_per_req')):.2f} |")
        L.append("")
    costs = []
    for s in SERVERS:
        for p in meta["pipelines"]:
            base = cell(s, 0, p, "server_us_per_req")
            more = [f"{k}: {ratio(cell(s, k, p, 'server_us_per_req'), base):.2f}x" for k in meta["replica_counts"]
                    if k and base and cell(s, k, p, "server_us_per_req")]
            if more:
                costs.append(f"- {s} P{p}: primary us/req with replicas over without: " + ", ".join(more))
    if costs:
        L.append("What replicas cost the primary:\n")
        L.extend(costs)
        L.append("")
    L.extend(noted(d, "set"))
    return L


def sync_section(d):
    meta = d["meta"]
    if "fullsync" not in meta["parts"] or not meta["sync_keys"]:
        return []
    cells = sync_cells(d)
    L = [f"### Full sync of {meta['sync_keys']:,} keys\n"]
    L.append(f"A fresh primary filled by `{meta['sync_fill']}` (keys `key:N`, {meta['sync_value_bytes']}-byte values), "
             "then a fresh empty replica (no `--replicaof`) is sent `REPLICAOF 127.0.0.1 PRIMARY_PORT`; timed from "
             "that command until the replica says master_link_status:up and its DBSIZE is the primary's (polled every "
             f"{1000 * meta['sample_s']:.0f} ms, so that is the resolution). `disk`: repl-diskless-sync no (the "
             "primary's child writes an RDB file, then the primary sends it); `diskless`: yes (the child writes "
             "to the replica's socket); repl-diskless-sync-delay 0 in both. The replica keeps its defaults (Redis "
             "7.0: repl-diskless-load disabled, so it stores the RDB on disk, then loads it). Every "
             f"{1000 * meta['sample_s']:.0f} ms: the primary's RSS and the Pss (/proc/PID/smaps_rollup) of the primary "
             "plus its fork child; growth = peak of that sum minus the primary's Pss before the REPLICAOF. The "
             f"primary must count exactly one full sync (INFO stats sync_full). {meta['sync_rounds']} round(s), "
             "servers alternating; medians.\n")
    L.append("```")
    for mode in meta["sync_modes"]:
        L.append(meta["sync_primary"][mode] + f"   # primary, {mode}")
    L.append(meta["sync_replica"] + "   # replica")
    L.append("```\n")
    L.append("| server | sync | seconds to synced (spread) | link up s | fork ms | primary RSS before / peak MiB | "
             "Pss primary + child peak MiB (growth) | primary CPU s | child CPU s | replica CPU s | RDB file MB | "
             "other% | rounds |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for mode in meta["sync_modes"]:
        for s in SERVERS:
            if unavailable_note(meta, s):
                continue
            m = cells[(s, mode)]
            if not m["n"]:
                L.append(f"| {s} | {mode} | failed | | | | | | | | | | 0/{m['n_all']} |")
                continue
            fork_ms = m["latest_fork_usec"] / 1000 if m["latest_fork_usec"] is not None else None
            L.append(f"| {s} | {mode} | {m['seconds']:.2f} ({m['spread'][0]:.2f}-{m['spread'][1]:.2f}) | "
                     f"{m['link_s']:.2f} | {fmt(fork_ms, '.1f')} | {m['pre_rss_bytes'] / MB:,.0f} / "
                     f"{m['peak_rss_bytes'] / MB:,.0f} | {m['peak_pss_sum_bytes'] / MB:,.0f} "
                     f"(+{m['growth_bytes'] / MB:,.1f}) | {m['primary_cpu_s']:.2f} | {m['child_cpu_s']:.2f} | "
                     f"{m['companion_cpu_s']:.2f} | "
                     f"{fmt(m['primary_dir_bytes'] / 1e6 if mode == 'disk' else None, ',.0f')} | "
                     f"{m['other_cpu_pct']:.0f} | {m['n']}/{m['n_all']}{' (noisy)' if m['noisy'] else ''} |")
    L.append("")
    L.append("`fork ms`: INFO stats latest_fork_usec, the primary's pause in fork(). `child CPU s`: the fork "
             "child's CPU (the primary's cutime+cstime once it reaped the child). `RDB file MB`: what the disk "
             "sync left in the primary's directory.\n")
    L.extend(noted(d, "fullsync"))
    return L


def converge_section(d):
    meta = d["meta"]
    if "converge" not in meta["parts"] or not meta["sync_keys"]:
        return []
    L = ["### Full sync under a write load: does the replica converge?\n"]
    L.append(f"A fresh primary with {meta['sync_keys']:,} keys `key:%012d` of {meta['sync_value_bytes']} bytes "
             "(pipelined SETs: redis-benchmark's keys, so the write load overwrites them and the keyspace stays "
             f"that size), `repl-diskless-sync {'yes' if meta['converge_sync'] == 'diskless' else 'no'}`, "
             "repl-diskless-sync-delay 0, and, set at run time and checked with CONFIG GET, "
             f"`{meta['converge_config']}` (hard limit, soft limit, soft seconds: a replica whose pending output "
             "passes the hard limit is cut off at once). A fresh empty replica is started; the write load starts, "
             f"runs {meta['load_lead_s']:g} s, its rate is read from INFO commandstats over {meta['rate_s']:g} s "
             "(`before`), then the replica is sent `REPLICAOF 127.0.0.1 PRIMARY_PORT`. `during` is the SET rate "
             "from that command to the end of the run (a consistent replica, or the time limit), from INFO "
             f"commandstats; the issue asks for at least {meta['min_load_rate']:,} SET/s. The run ends when the "
             f"replica is consistent or after {meta['converge_timeout_s']:.0f} s (REPL_CONVERGE_TIMEOUT).\n")
    L.append(f"**Consistent**: {meta['consistent']}.\n")
    L.append(f"Full syncs are the primary's INFO stats sync_full over the run; `cut off` counts the primary's log "
             "lines about a client closed for \"overcoming of output buffer limits\"; `link ups` how often the "
             f"replica's master_link_status turned up. Memory: every {1000 * meta['sample_s']:.0f} ms the Pss of the "
             "primary plus its fork child (summed: RSS would count the pages they share twice); growth = the peak "
             "minus the primary's Pss just before the REPLICAOF (the load already running). Then the load stops: "
             "`after the load` is the time until the replica has the primary's master_repl_offset and DBSIZE.\n")
    L.append("```")
    L.append(meta["converge_primary"] + "   # primary")
    L.append(meta["converge_config"])
    L.append(meta["sync_replica"] + "   # replica")
    L.append(meta["converge_load"] + "   # the write load")
    L.append("```\n")
    L.append("| server | round | result | full syncs | cut off | link ups | SET/s before / during | Pss growth MiB "
             "| primary RSS growth MiB | after the load s | primary CPU s | child CPU s | other% |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for s in SERVERS:
        if unavailable_note(meta, s):
            continue
        for r in by(d, "converge", server=s):
            if not r.get("ok"):
                L.append(f"| {s} | {r.get('round', 0) + 1} | failed | | | | | | | | | | |")
                continue
            low = " (below the issue's floor)" if r["sets_per_s"] < meta["min_load_rate"] else ""
            L.append(f"| {s} | {r['round'] + 1} | {converge_result(r)} | {r['sync_full']} | "
                     f"{fmt(r['obuf_disconnects'], 'd')} | {r['link_ups']} | {r['sets_per_s_before']:,.0f} / "
                     f"{r['sets_per_s']:,.0f}{low} | {r['growth_bytes'] / MB:,.1f} | "
                     f"{r['rss_growth_bytes'] / MB:,.1f} | {fmt(r['settle_s'], '.2f', 'never')} | "
                     f"{r['primary_cpu_s']:.2f} | {r['child_cpu_s']:.2f} | {r['other_cpu_pct']:.0f} |")
    L.append("")
    times = {s: median([r["seconds"] for r in by(d, "converge", server=s) if r.get("ok") and r["converged"]])
             for s in SERVERS}
    if times["ringkv"] and times["redis"]:
        L.append(f"Time to a consistent replica, ringkv / Redis: {ratio(times['ringkv'], times['redis']):.2f}.\n")
    L.extend(noted(d, "converge"))
    return L

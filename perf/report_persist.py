"""The `persist` section of perf/RESULTS.md (issue 12's speed rows: SET under appendfsync everysec/always,
a mixed GET/SET load, RDB load time, BGSAVE under a write load) and its rows of the targets table.
report.py assembles the page; each function here takes the mode's JSON as bench.py wrote it
(perf/persist.py made the runs).
"""

from report_common import by, fmt, limited_by, median, medians, ratio, verdict

MB = 2 ** 20
# The issue's targets.
ALWAYS_VS_REDIS = 1.3      # ringkv `always` requests/s >= 1.3x Redis `always`
ALWAYS_VS_NONE = 0.85      # ringkv `always` >= 0.85x ringkv without persistence
EVERYSEC_VS_NONE = 0.90    # ringkv `everysec` >= 0.90x ringkv without persistence
MIXED_P99_RATIO = 1.2      # ringkv's GET p99 under `always` <= 1.2x its GET p99 without AOF (same round)
SERVERS = ["ringkv", "redis"]


RUN_FIELDS = ("rps", "p50_ms", "p99_ms", "server_us_per_req", "server_cpu_pct", "client_cpu_pct", "other_cpu_pct",
              "gets_per_s", "sets_per_s", "get_share", "aof_bytes_per_set")


def set_cells(d):
    noisy = d["meta"].get("noisy_pct", 20.0)
    return {(s, c): medians(by(d, "set", server=s, config=c), RUN_FIELDS, noisy)
            for s in SERVERS for c in d["meta"]["set_configs"]}


def mixed_cells(d):
    noisy = d["meta"].get("noisy_pct", 20.0)
    return {(s, c): medians(by(d, "mixed", server=s, config=c), RUN_FIELDS, noisy)
            for s in SERVERS for c in d["meta"]["mixed_configs"]}


def mixed_round_ratios(d, server):
    """Per round: GET p99 under `always` over GET p99 under `none`, both runs of that round ok."""
    out = []
    for rnd in range(d["meta"]["rounds"]):
        a = [r for r in by(d, "mixed", server=server, config="always", round=rnd) if r.get("ok")]
        n = [r for r in by(d, "mixed", server=server, config="none", round=rnd) if r.get("ok")]
        if a and n:
            out.append(ratio(a[0]["p99_ms"], n[0]["p99_ms"]))
    return out


def load_cells(d):
    out = {}
    for s, w in (("ringkv", "redis"), ("redis", "redis"), ("ringkv", "ringkv")):
        recs = [r for r in by(d, "load", server=s, written_by=w)]
        ok = [r for r in recs if r.get("ok")]
        out[(s, w)] = {"n": len(ok), "n_all": len(recs),
                       "problems": [p for r in recs for p in r.get("problems", [])],
                       **{f: median([r.get(f) for r in ok]) for f in
                          ("seconds", "log_seconds", "server_cpu_s", "rss_bytes", "used_memory", "other_cpu_pct",
                           "save_s")},
                       "spread": (min(r["seconds"] for r in ok), max(r["seconds"] for r in ok)) if ok else None}
    return out


def bgsave_cells(d):
    out = {}
    for s in SERVERS:
        recs = [r for r in by(d, "bgsave", server=s) if r.get("round", 0) >= 0]
        ok = [r for r in recs if r.get("ok")]

        def probe(r, which, f):
            return (r.get(which) or {}).get(f)
        out[s] = {"n": len(ok), "n_all": len(recs),
                  "problems": [p for r in by(d, "bgsave", server=s) for p in r.get("problems", [])],
                  **{f: median([r.get(f) for r in ok]) for f in
                     ("seconds", "pre_pss_bytes", "peak_pss_sum_bytes", "growth_bytes", "pre_rss_bytes",
                      "peak_rss_bytes", "rdb_last_cow_size", "probe_in_bgsave", "bgsave_covered", "sets_per_s",
                      "latest_fork_usec")},
                  "p99_base": median([probe(r, "probe_base", "p99_ms") for r in ok]),
                  "p99_during": median([probe(r, "probe_during", "p99_ms") for r in ok]),
                  "rps_base": median([probe(r, "probe_base", "rps") for r in ok]),
                  "rps_during": median([probe(r, "probe_during", "rps") for r in ok]),
                  "sets_base": median([probe(r, "probe_base", "sets_per_s") for r in ok])}
    return out


def target_rows(d):
    meta = d["meta"]
    rows = []
    sc = set_cells(d)

    def rps(s, c):
        m = sc.get((s, c))
        return m["rps"] if m and m.get("n") else None
    refused = " (refused: the work dir is tmpfs)" if meta.get("aof_refused") else ""
    for label, a, b, want in (
            (f"SET, 50 clients, P1, `appendfsync always`: ringkv >= {ALWAYS_VS_REDIS}x Redis's requests/s",
             rps("ringkv", "always"), rps("redis", "always"), ALWAYS_VS_REDIS),
            (f"SET under `always` >= {ALWAYS_VS_NONE}x ringkv's own rate without persistence",
             rps("ringkv", "always"), rps("ringkv", "none"), ALWAYS_VS_NONE),
            (f"SET under `everysec` >= {EVERYSEC_VS_NONE}x ringkv's own rate without persistence",
             rps("ringkv", "everysec"), rps("ringkv", "none"), EVERYSEC_VS_NONE)):
        r = ratio(a, b)
        if r is None:
            rows.append(f"| {label} (issue 12) | not measured{refused} | **not measured** |")
            continue
        extra = ""
        if "Redis's" in label:
            extra = f"; Redis always/none {fmt(ratio(rps('redis', 'always'), rps('redis', 'none')), '.2f')}x"
        rows.append(f"| {label} (issue 12) | {r:.2f}x ({a:,.0f} / {b:,.0f} req/s){extra} | {verdict(r >= want)} |")
    label = (f"mixed 80/20 GET/SET under `always`: ringkv's GET p99 <= {MIXED_P99_RATIO}x its GET p99 without AOF "
             "(same round) (issue 12)")
    ours, theirs = mixed_round_ratios(d, "ringkv"), mixed_round_ratios(d, "redis")
    if ours:
        m = median(ours)
        rows.append(f"| {label} | median of rounds {m:.2f}x (rounds: " + ", ".join(f"{x:.2f}" for x in ours)
                    + f"); Redis {fmt(median(theirs), '.2f')}x | {verdict(m <= MIXED_P99_RATIO)} |")
    else:
        rows.append(f"| {label} | not measured{refused} | **not measured** |")
    lc = load_cells(d)
    a, b = lc.get(("ringkv", "redis")), lc.get(("redis", "redis"))
    label = f"time to load an RDB of {meta['load_keys']:,} keys: ringkv <= Redis's (issue 12)"
    if a and a["n"] and b and b["n"]:
        own = lc.get(("ringkv", "ringkv"))
        extra = f"; ringkv on its own RDB {own['seconds']:.2f} s" if own and own["n"] else ""
        rows.append(f"| {label} | {a['seconds']:.2f} s / {b['seconds']:.2f} s "
                    f"({ratio(a['seconds'], b['seconds']):.2f}x)"
                    f"{extra} | {verdict(a['seconds'] <= b['seconds'])} |")
    else:
        why = "not run (PERSIST_PARTS, PERSIST_LOAD_KEYS)" if "load" not in meta["parts"] or not meta["load_keys"] \
            else "not measured"
        rows.append(f"| {label} | {why} | **not measured** |")
    bc = bgsave_cells(d)
    a, b = bc.get("ringkv"), bc.get("redis")
    label = (f"BGSAVE of {meta['bgsave_keys']:,} keys under a write load: ringkv's memory growth (Pss of server + "
             "child) and GET p99 during it <= Redis's (issue 12)")
    if a and a["n"] and b and b["n"]:
        ok = a["growth_bytes"] <= b["growth_bytes"] and a["p99_during"] <= b["p99_during"]
        rows.append(f"| {label} | growth {a['growth_bytes'] / MB:,.1f} / {b['growth_bytes'] / MB:,.1f} MiB, GET p99 "
                    f"{a['p99_during']:.3f} / {b['p99_during']:.3f} ms | {verdict(ok)} |")
    else:
        why = "not run (PERSIST_PARTS, PERSIST_BGSAVE_KEYS)" if "bgsave" not in meta["parts"] or \
            not meta["bgsave_keys"] else "not measured"
        rows.append(f"| {label} | {why} | **not measured** |")
    return rows


def section(d, header):
    meta = d["meta"]
    L = ["## Persistence: AOF, RDB load, BGSAVE\n"]
    L.extend(header)
    L.append(f"- The AOF and RDB files of both servers are in the work directory, on the same disk; `df -T` of it "
             f"(file system {meta['fs_type']}, "
             f"{'tmpfs: an fsync there costs nothing' if meta['tmpfs'] else 'not tmpfs'}"
             + ("; the AOF rows were refused" if meta.get("aof_refused") else
                "; the AOF rows ran anyway (PERSIST_ALLOW_TMPFS=1): they measure nothing" if meta["tmpfs"] else "")
             + "):\n")
    L.append("```")
    L.append(meta["df"])
    L.append("```\n")
    L.append("Servers (each measured configuration on a fresh server in a fresh empty directory):\n")
    L.append("```")
    for c, args in meta["configs"].items():
        L.append(f"{meta['server_command_base']} {args}   # {c}")
    L.append(f"{meta['server_command_base']} {meta['rdb_only']}   # load, bgsave")
    L.append("```\n")
    L.extend(set_section(d))
    L.extend(mixed_section(d))
    L.extend(load_section(d))
    L.extend(bgsave_section(d))
    return L


def failures(cells, label):
    out = []
    for key, m in cells.items():
        if not m.get("n") and m.get("problems"):
            out.append(f"- {label} {' '.join(key) if isinstance(key, tuple) else key}: " + "; ".join(
                p.replace("\n", " ")[:300] for p in m["problems"][:2]))
    return out


def set_section(d):
    meta = d["meta"]
    if "set" not in meta["parts"]:
        return []
    sc = set_cells(d)
    L = ["### SET under each persistence configuration\n"]
    L.append(f"{meta['rounds']} round(s); per round, per configuration, each server in turn (order swapped every "
             f"round), fresh, with the {meta['keyspace']:,} keys `key:%012d` preloaded (every measured SET "
             "overwrites) and an unrecorded warm-up. Before measuring, CONFIG GET appendfsync / save / "
             "aof-use-rdb-preamble and INFO persistence aof_enabled must show the configuration; after, the AOF "
             "on disk must have grown by the run's writes. Figures are medians over the rounds.\n")
    L.append("```")
    L.append(meta["set_benchmark"])
    L.append("```\n")
    L.append("| server | config | requests/s | p50 ms | p99 ms | us/req | server% | client% | limited by | other% | "
             "AOF bytes/SET | rounds |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for c in meta["set_configs"]:
        for s in SERVERS:
            m = sc[(s, c)]
            if not m["n"]:
                L.append(f"| {s} | {c} | failed | | | | | | | | | 0/{m['n_all']} |")
                continue
            L.append(f"| {s} | {c} | {m['rps']:,.0f} | {m['p50_ms']:.3f} | {m['p99_ms']:.3f} | "
                     f"{m['server_us_per_req']:.2f} | {m['server_cpu_pct']:.0f} | {m['client_cpu_pct']:.0f} | "
                     f"{limited_by(m['server_cpu_pct'], m['client_cpu_pct'])} | {m['other_cpu_pct']:.0f} | "
                     f"{fmt(m.get('aof_bytes_per_set') if c != 'none' else None, '.0f')} | "
                     f"{m['n']}/{m['n_all']}{' (noisy)' if m['noisy'] else ''} |")
    L.append("")

    def rps(s, c):
        m = sc.get((s, c))
        return m["rps"] if m and m.get("n") else None
    parts = []
    for c in [x for x in meta["set_configs"] if x != "none"]:
        parts.append(f"{c}/none: ringkv {fmt(ratio(rps('ringkv', c), rps('ringkv', 'none')), '.2f')}, "
                     f"Redis {fmt(ratio(rps('redis', c), rps('redis', 'none')), '.2f')}")
        parts.append(f"ringkv/Redis under {c}: {fmt(ratio(rps('ringkv', c), rps('redis', c)), '.2f')}")
    if parts:
        L.append("Ratios of requests/s: " + "; ".join(parts) + ".\n")
    if meta.get("aof_refused"):
        L.append("The everysec and always rows were not run: the work directory is tmpfs.\n")
    f = failures(sc, "SET")
    if f:
        L.append("Failed:\n")
        L.extend(f)
        L.append("")
    return L


def mixed_section(d):
    meta = d["meta"]
    if "mixed" not in meta["parts"]:
        return []
    mc = mixed_cells(d)
    L = ["### Mixed GET/SET: GETs of other keys while SETs wait for fsync\n"]
    L.append(f"Each server fresh with the {meta['keyspace']:,} keys `g:%012d` preloaded (16-byte values), then on "
             f"the client core a SET loop with {meta['mixed_set_clients']} clients and, measured, a GET run with "
             f"{meta['mixed_get_clients']} clients sized for ~{meta['mixed_s']:g} s (the same count for both "
             "servers and both configurations of a round: "
             + ", ".join(f"{n:,}" for n in d.get("mixed_n_get", [])) + " GETs); the loop is killed when the GET "
             "run ends. GET p50/p99 are the GET run's; SET/s and the GET share come from the delta of INFO "
             "commandstats over the run; us/req is the server's CPU over GETs + SETs; client% counts both "
             "redis-benchmark processes. The two clients share one core"
             + (f"; the SET loop runs at nice {meta['mixed_set_nice']} so that, both CPU-bound, the GETs get ~80% "
                "of it (at equal priority the scheduler would split it in half)" if meta.get("mixed_set_nice") else "")
             + ". The GET share is what the scheduler and the servers made of it, not a fixed 80%.\n")
    L.append("```")
    L.append(meta["mixed_set_loop"])
    L.append(meta["mixed_get_benchmark"])
    L.append("```\n")
    L.append("| server | config | GET/s | GET p50 ms | GET p99 ms | SET/s | GET share | us/req | server% | "
             "client% | other% | rounds |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for c in meta["mixed_configs"]:
        for s in SERVERS:
            m = mc[(s, c)]
            if not m["n"]:
                L.append(f"| {s} | {c} | failed | | | | | | | | | 0/{m['n_all']} |")
                continue
            L.append(f"| {s} | {c} | {m['gets_per_s']:,.0f} | {m['p50_ms']:.3f} | {m['p99_ms']:.3f} | "
                     f"{m['sets_per_s']:,.0f} | {100 * m['get_share']:.0f}% | {m['server_us_per_req']:.2f} | "
                     f"{m['server_cpu_pct']:.0f} | {m['client_cpu_pct']:.0f} | {m['other_cpu_pct']:.0f} | "
                     f"{m['n']}/{m['n_all']}{' (noisy)' if m['noisy'] else ''} |")
    L.append("")
    for s in SERVERS:
        rs = mixed_round_ratios(d, s)
        if rs:
            L.append(f"- {s}: GET p99 under always / without AOF, per round: " + ", ".join(f"{x:.2f}" for x in rs)
                     + f" (median {median(rs):.2f})")
    L.append("")
    f = failures(mc, "mixed")
    if f:
        L.append("Failed:\n")
        L.extend(f)
        L.append("")
    return L


def load_section(d):
    meta = d["meta"]
    if "load" not in meta["parts"] or not d.get("load"):
        return []
    lc = load_cells(d)
    rdb_mb = next((r["rdb_bytes"] / 1e6 for r in d["load"] if r.get("rdb_bytes")), None)
    L = ["### Time to load an RDB\n"]
    L.append(f"An RDB of {meta['load_keys']:,} keys written once by redis-server (`DEBUG POPULATE "
             f"{meta['load_keys']}` then `SAVE`: keys `key:N`, values `value:N`; {fmt(rdb_mb, ',.0f')} MB). "
             f"{meta['load_rounds']} round(s), servers alternating: each started on a copy of it (in the page "
             "cache for both) and timed from the spawn to the first PING answered +PONG (not -LOADING, polled "
             "every 10 ms); DBSIZE must equal the key count. `log` is the server's own \"DB loaded from disk\" "
             "figure; server CPU is the process's utime+stime from spawn to ready. The last row is ringkv "
             "loading an RDB it wrote itself (SAVE after its first load, then a fresh start).\n")
    L.append("| server | RDB written by | seconds to +PONG (spread) | log seconds | server CPU s | RSS MiB | "
             "used_memory MiB | other% | rounds |")
    L.append("|---|---|---|---|---|---|---|---|---|")
    for (s, w), m in lc.items():
        if not m["n_all"]:
            continue
        if not m["n"]:
            L.append(f"| {s} | {w} | failed | | | | | | 0/{m['n_all']} |")
            continue
        L.append(f"| {s} | {w} | {m['seconds']:.2f} ({m['spread'][0]:.2f}-{m['spread'][1]:.2f}) | "
                 f"{fmt(m['log_seconds'], '.2f')} | {m['server_cpu_s']:.2f} | {m['rss_bytes'] / MB:,.0f} | "
                 f"{fmt(m['used_memory'] and m['used_memory'] / MB, ',.0f')} | {m['other_cpu_pct']:.0f} | "
                 f"{m['n']}/{m['n_all']} |")
    L.append("")
    own = lc.get(("ringkv", "redis"))
    if own and own.get("save_s"):
        L.append(f"ringkv's SAVE of those keys took {own['save_s']:.2f} s.\n")
    # Every problem, also of rows that loaded: a missing "DB loaded from disk" line is worth a look.
    f = list(dict.fromkeys(f"- {r.get('server')} on {r.get('written_by', '?')}'s RDB, round {r.get('round', 0) + 1}: "
                           + p.replace("\n", " ")[:300] for r in d["load"] for p in r.get("problems", [])))
    if f:
        L.append("Failed or noted:\n")
        L.extend(f)
        L.append("")
    return L


def bgsave_section(d):
    meta = d["meta"]
    if "bgsave" not in meta["parts"] or not d.get("bgsave"):
        return []
    bc = bgsave_cells(d)
    L = ["### BGSAVE under a write load\n"]
    L.append(f"Each server fresh with {meta['bgsave_keys']:,} keys `key:%012d` of {meta['bgsave_value_bytes']} "
             "bytes (pipelined SETs: redis-benchmark's keys, so the write load overwrites them and every GET "
             f"hits), `--save ''`; a SET load of {meta['bgsave_clients']} clients runs throughout. A GET probe "
             f"({meta['bgsave_clients']} clients) is measured once without a BGSAVE, then again with `BGSAVE` sent "
             f"{meta['bgsave_lead_s']:g} s after it starts; its request count is sized (from a calibration run "
             "per server, then from the previous round) so that it lasts about as long as the BGSAVE. Every "
             f"{1000 * meta['sample_s']:.0f} ms the Pss (/proc/PID/smaps_rollup) of the server and of its child "
             "are summed (RSS summed would count shared pages twice) until INFO persistence shows "
             "rdb_bgsave_in_progress:0; rdb_last_bgsave_status must be ok. Growth = peak of that sum minus the "
             f"server's Pss just before the BGSAVE. {meta['bgsave_rounds']} round(s), servers alternating; "
             "medians.\n")
    L.append("```")
    L.append(meta["bgsave_set_loop"])
    L.append(meta["bgsave_probe"])
    L.append("```\n")
    L.append("| server | BGSAVE s | fork ms | Pss before MiB | peak Pss sum MiB | growth MiB | "
             "parent RSS before / peak MiB | rdb_last_cow_size MiB | GET p99 ms without / during | "
             "GET/s without / during | SET/s without / during | probe in BGSAVE | rounds |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for s in SERVERS:
        m = bc[s]
        if not m["n"]:
            L.append(f"| {s} | failed | | | | | | | | | | | 0/{m['n_all']} |")
            continue
        fork_ms = m["latest_fork_usec"] / 1000 if m["latest_fork_usec"] is not None else None
        L.append(f"| {s} | {m['seconds']:.2f} | {fmt(fork_ms, '.1f')} | {m['pre_pss_bytes'] / MB:,.0f} | "
                 f"{m['peak_pss_sum_bytes'] / MB:,.0f} | "
                 f"{m['growth_bytes'] / MB:,.1f} | {m['pre_rss_bytes'] / MB:,.0f} / {m['peak_rss_bytes'] / MB:,.0f} | "
                 f"{fmt(m['rdb_last_cow_size'] and m['rdb_last_cow_size'] / MB, ',.1f')} | "
                 f"{m['p99_base']:.3f} / {m['p99_during']:.3f} | {m['rps_base']:,.0f} / {m['rps_during']:,.0f} | "
                 f"{fmt(m['sets_base'], ',.0f')} / {m['sets_per_s']:,.0f} | {100 * m['probe_in_bgsave']:.0f}% "
                 f"(covers {100 * m['bgsave_covered']:.0f}%) | {m['n']}/{m['n_all']} |")
    L.append("")
    L.append("`fork ms`: INFO stats latest_fork_usec, the parent's pause in fork(). `probe in BGSAVE`: the share "
             "of the probe's run that overlapped the BGSAVE (and the share of the BGSAVE the probe covered).\n")
    f = [f"- bgsave {s}: " + "; ".join(p.replace("\n", " ")[:300] for p in bc[s]["problems"][:3])
         for s in SERVERS if bc[s]["problems"]]
    if f:
        L.append("Failed:\n")
        L.extend(f)
        L.append("")
    return L

"""The `evict` section of perf/RESULTS.md (issue 14's eviction rows: hit rates of a cache-aside trace under every
maxmemory-policy, at the same maxmemory and at the same number of keys, and SET while allkeys-lru evicts on most
writes) and its rows of the targets table. report.py assembles the page; each function here takes the mode's JSON
as bench.py wrote it (perf/hitrate.py made the runs).
"""

from report_common import by, fmt, limited_by, medians, ratio

MB = 2 ** 20
SERVERS = ["ringkv", "redis"]
SET_FIELDS = ("rps", "p50_ms", "p99_ms", "server_us_per_req", "server_cpu_pct", "client_cpu_pct", "other_cpu_pct",
              "evicted_per_set")
HIT_RATE_PP = 1.0  # target: ringkv's hit rate at most this many percentage points under Redis's


def hit(d, replay, policy, server):
    recs = [r for r in by(d, "hitrate", replay=replay, policy=policy, server=server) if r.get("ok")]
    return recs[0] if recs else None


def pct(x):
    return fmt(100 * x if x is not None else None, ".2f")


def set_cells(d):
    noisy = d["meta"].get("noisy_pct", 20.0)
    return {(s, p): medians(by(d, "set", server=s, pipeline=p), SET_FIELDS, noisy)
            for s in SERVERS for p in d["meta"]["set_pipelines"]}


def target_rows(d):
    meta = d["meta"]
    rows = []
    if "hitrate" in meta["parts"]:
        label = (f"hit rate of a Zipfian cache-aside trace at the same maxmemory ({meta['maxmemory'] / MB:.0f} MiB), "
                 f"every policy: within {HIT_RATE_PP:g} percentage point of Redis's or better (issue 14)")
        diffs, missing = [], []
        for policy in meta["policies"]:
            rk, rd = hit(d, "same-mem", policy, "ringkv"), hit(d, "same-mem", policy, "redis")
            if rk is None or rd is None:
                missing.append(policy)
            else:
                diffs.append((policy, 100 * (rk["hit_rate"] - rd["hit_rate"])))
        if missing or not diffs:
            rows.append(f"| {label} | missing for {', '.join(missing) or 'every policy'} | **not measured** |")
        else:
            worst = min(diffs, key=lambda x: x[1])
            ok = worst[1] >= -HIT_RATE_PP
            rows.append(f"| {label} | worst {worst[0]}: {worst[1]:+.2f} pp; " +
                        ", ".join(f"{p} {x:+.2f}" for p, x in diffs) + f" | {'**met**' if ok else '**not met**'} |")
    if "set" in meta["parts"]:
        cells = set_cells(d)
        for p in meta["set_pipelines"]:
            a, b = cells[("ringkv", p)], cells[("redis", p)]
            label = (f"SET at pipeline {p} with allkeys-lru evicting on most writes: at least Redis's requests/s at "
                     "no more server CPU per request (issue 14)")
            if not a.get("n") or not b.get("n"):
                rows.append(f"| {label} | failed (see the section) | **not measured** |")
                continue
            ok = a["rps"] >= b["rps"] and a["server_us_per_req"] <= b["server_us_per_req"]
            rows.append(f"| {label} | {a['rps']:,.0f} / {b['rps']:,.0f} req/s, {a['server_us_per_req']:.2f} / "
                        f"{b['server_us_per_req']:.2f} us/req | {'**met**' if ok else '**not met**'} |")
    return rows


def section(d, header):
    meta = d["meta"]
    L = ["## Eviction: hit rates and SET while evicting\n"]
    L.extend(header)
    if "hitrate" in meta["parts"]:
        L.extend(hitrate_section(d))
    if "set" in meta["parts"]:
        L.extend(set_section(d))
    return L


def hitrate_section(d):
    meta = d["meta"]
    L = ["### Hit rates of a cache-aside trace\n"]
    L.append(f"- Trace: {meta['requests']:,} requests over {meta['keys']:,} keys, Zipfian (s = {meta['zipf_s']}), "
             f"seed {meta['seed']}; {meta.get('trace_distinct_keys', 0):,} distinct keys asked for. Each request is "
             f"GET key; on a miss SET key value EX {meta['ttl_s']} ({meta['value_bytes']}-byte values). The hit rate "
             "counts the second half (the first fills the cache).")
    L.append(f"- Both servers replay it at the same time, in lockstep batches of {meta['batch']} (the same "
             "requests at the same moments: their 1-second LRU clocks age keys alike), each started as "
             f"`{meta['hitrate_server']}`.")
    L.append("- noeviction shows a server that does not evict: once full it refuses every SET and keeps what came "
             "first.\n")
    L.append(f"At the same maxmemory ({meta['maxmemory']:,} bytes):\n")
    L.append("| policy | ringkv hit rate | Redis hit rate | ringkv - Redis | keys held (ringkv / Redis) | "
             "used_memory at the end, MiB (ringkv / Redis) | highest sampled | evicted (ringkv / Redis) | "
             "refused SETs (ringkv / Redis) |")
    L.append("|---|---|---|---|---|---|---|---|---|")
    for policy in meta["policies"]:
        rk, rd = hit(d, "same-mem", policy, "ringkv"), hit(d, "same-mem", policy, "redis")
        if rk is None or rd is None:
            L.append(f"| {policy} | failed | | | | | | | |")
            continue
        L.append(f"| {policy} | {pct(rk['hit_rate'])}% | {pct(rd['hit_rate'])}% | "
                 f"{100 * (rk['hit_rate'] - rd['hit_rate']):+.2f} pp | {rk['keys']:,} / {rd['keys']:,} | "
                 f"{rk['used_memory'] / MB:.1f} / {rd['used_memory'] / MB:.1f} | "
                 f"{rk['used_memory_peak_sampled'] / MB:.1f} / {rd['used_memory_peak_sampled'] / MB:.1f} | "
                 f"{rk['evicted_keys']:,} / {rd['evicted_keys']:,} | {rk['set_errors']:,} / {rd['set_errors']:,} |")
    L.append("")
    same = [p for p in meta.get("samekeys", []) if hit(d, "same-keys", p, "ringkv")]
    if same:
        L.append("At the same number of keys: ringkv's maxmemory lowered to hold about as many keys as Redis held "
                 "at its maxmemory (ringkv's empty footprint plus Redis's key count at ringkv's own bytes per key):\n")
        L.append("| policy | ringkv maxmemory, MiB | ringkv hit rate | Redis hit rate (maxmemory "
                 f"{meta['maxmemory'] / MB:.0f} MiB) | keys held (ringkv / Redis) | ringkv at the same maxmemory |")
        L.append("|---|---|---|---|---|---|")
        for policy in same:
            rk, rd = hit(d, "same-keys", policy, "ringkv"), hit(d, "same-keys", policy, "redis")
            full = hit(d, "same-mem", policy, "ringkv")
            if rk is None or rd is None:
                continue
            at_same_mem = f"{pct(full['hit_rate'])}% with {full['keys']:,} keys" if full else "-"
            L.append(f"| {policy} | {rk['maxmemory'] / MB:.1f} | {pct(rk['hit_rate'])}% | {pct(rd['hit_rate'])}% | "
                     f"{rk['keys']:,} / {rd['keys']:,} | {at_same_mem} |")
        L.append("")
    failed = [f"- {r['server']}, {r.get('replay')}, {r.get('policy')}: " + "; ".join(r.get("problems", []))
              for r in d.get("hitrate", []) if r.get("problems")]
    if failed:
        L.extend(["Failed or noted:\n"] + failed + [""])
    return L


def set_section(d):
    meta = d["meta"]
    cells = set_cells(d)
    L = ["### SET while allkeys-lru evicts on most writes\n"]
    L.append(f"- Each server started as `{meta['set_server']}`, filled by {meta['set_fill']:,} unrecorded SETs of "
             f"random keys of a {meta['set_keyspace']:,}-key space (far more than fits), then measured with "
             f"`{meta['set_benchmark']}`, {meta['set_rounds']} rounds alternating the servers; medians.")
    L.append(f"- Evictions per SET: measured over an unrecorded run of {meta['calibrate_n']:,} SETs before the "
             "measured ones.\n")
    L.append("| pipeline | server | requests/s | p50 ms | p99 ms | server us/request | evictions per SET | limited by "
             "| other CPU % | runs |")
    L.append("|---|---|---|---|---|---|---|---|---|---|")
    for p in meta["set_pipelines"]:
        for s in SERVERS:
            m = cells[(s, p)]
            if not m.get("n"):
                L.append(f"| {p} | {s} | failed | | | | | | | 0/{m.get('n_all', 0)} |")
                continue
            L.append(f"| {p} | {s} | {m['rps']:,.0f} | {fmt(m['p50_ms'], '.3f')} | {fmt(m['p99_ms'], '.3f')} | "
                     f"{m['server_us_per_req']:.2f} | {fmt(m['evicted_per_set'], '.2f')} | "
                     f"{limited_by(m['server_cpu_pct'], m['client_cpu_pct'])} | {fmt(m['other_cpu_pct'], '.0f')} | "
                     f"{m['n']}/{m['n_all']} |")
        a, b = cells[("ringkv", p)], cells[("redis", p)]
        if a.get("n") and b.get("n"):
            L.append(f"| {p} | ringkv / Redis | {fmt(ratio(a['rps'], b['rps']), '.2f')}x | | | "
                     f"{fmt(ratio(a['server_us_per_req'], b['server_us_per_req']), '.2f')}x | | | | |")
    L.append("")
    failed = list(dict.fromkeys(f"- {r['server']}, round {r.get('round', 0) + 1}" +
                                (f", P{r['pipeline']}" if "pipeline" in r else "") + ": " + p.replace("\n", " ")[:300]
                                for r in d.get("set", []) for p in r.get("problems", [])))
    if failed:
        L.extend(["Failed or noted:\n"] + failed + [""])
    return L

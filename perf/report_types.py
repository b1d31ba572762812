"""The data-type sections of perf/RESULTS.md, one per mode: redis-benchmark's default tests (types), the
longest PING while a big value is deleted (stall), memory per key (memory), and their rows of the targets
table. report.py assembles the page; each function here takes one mode's JSON as bench.py wrote it.
"""

from report_common import fmt, limited_by, median, ratio, verdict

SERVERS = ["ringkv", "redis"]
# The issue's targets for these modes.
TARGET_TYPES = "at least Redis's requests/s at no more server CPU per request"
TARGET_STALL_MS = 2.0  # this page's reading of "deleting it never stalls other clients": the growth bound
TARGET_MEMORY = {"strings": 0.6}  # used_memory per key as a fraction of Redis's
TARGET_MEMORY_OTHER = 0.8


# --- types ------------------------------------------------------------------------------------------------

def types_summary(d):
    """{(server, test, pipeline): medians} over the quiet ok runs (all ok runs if none was quiet), and
    {(server, test): [missing commands]} for what a server lacks."""
    noisy_pct = d["meta"].get("noisy_pct", 20.0)
    groups, unavailable = {}, {}
    for r in d["runs"]:
        if r.get("unavailable"):
            unavailable[(r["server"], r["test"])] = r["unavailable"]
            continue
        groups.setdefault((r["server"], r["test"], r["pipeline"]), []).append(r)
    out = {}
    for key, rs in groups.items():
        ok = [r for r in rs if r.get("ok")]
        if not ok:
            out[key] = {"n": 0, "n_all": len(rs), "problems": [p for r in rs for p in r.get("problems", [])]}
            continue
        quiet = [r for r in ok if r["other_cpu_pct"] <= noisy_pct] or ok
        m = {f: median([r[f] for r in quiet]) for f in
             ("rps", "p50_ms", "p99_ms", "server_us_per_req", "server_cpu_pct", "client_cpu_pct", "other_cpu_pct")}
        m.update(n=len(quiet), n_all=len(rs), noisy=len(quiet) == len(ok) and
                 any(r["other_cpu_pct"] > noisy_pct for r in quiet),
                 limited=limited_by(m["server_cpu_pct"], m["client_cpu_pct"]),
                 requests=quiet[0]["requests"])
        popped = [r["popped"] / r["requests"] for r in quiet if "popped" in r]
        if popped:
            m["hit_share"] = median(popped)
        out[key] = m
    return out, unavailable


def types_rows(d):
    """Per (test, pipeline): the two servers' medians, the ratios and the verdict."""
    summary, unavailable = types_summary(d)
    tests = [t["test"] for t in d["meta"]["tests"]]
    rows = []
    for p in d["meta"]["pipelines"]:
        for t in tests:
            a, b = summary.get(("ringkv", t, p)), summary.get(("redis", t, p))
            row = {"test": t, "pipeline": p, "ringkv": a, "redis": b,
                   "unavailable": unavailable.get(("ringkv", t))}
            if row["unavailable"]:
                row["verdict"] = "not available"
            elif not a or not a.get("n") or not b or not b.get("n"):
                row["verdict"] = "failed"
            else:
                row["rps_ratio"] = ratio(a["rps"], b["rps"])
                row["us_ratio"] = ratio(a["server_us_per_req"], b["server_us_per_req"])
                short = [w for w, bad in (("requests/s", row["rps_ratio"] < 1.0), ("CPU", row["us_ratio"] > 1.0))
                         if bad]
                row["met"] = not short
                row["verdict"] = "met" if not short else "not met (" + ", ".join(short) + ")"
            rows.append(row)
    return rows


def types_target(d):
    rows = types_rows(d)
    measured = [r for r in rows if "met" in r]
    met = [r for r in measured if r["met"]]
    missing = sorted({r["test"] for r in rows if r["unavailable"]}, key=[x["test"] for x in d["meta"]["tests"]].index)
    failed = [f"{r['test']} P{r['pipeline']}" for r in rows if r["verdict"] == "failed"]
    text = f"{len(met)} of {len(rows)} rows met"
    short = [f"{r['test']} P{r['pipeline']} ({r['rps_ratio']:.2f}x rps, {r['us_ratio']:.2f}x CPU)"
             for r in measured if not r["met"]]
    if short:
        text += "; short: " + ", ".join(short)
    if missing:
        text += "; not available in ringkv: " + ", ".join(missing)
    if failed:
        text += "; failed: " + ", ".join(failed)
    ok = len(met) == len(rows)
    return (f"| every row of redis-benchmark's default list at pipelines "
            f"{', '.join(str(p) for p in d['meta']['pipelines'])}: {TARGET_TYPES} | {text} | "
            f"{verdict(ok) if measured else '**not measured**'} |")


def rounds_cell(m):
    return f"{m['n']}/{m['n_all']}" if m else "-"


def types_section(d, header):
    meta = d["meta"]
    L = ["## redis-benchmark's default tests\n"]
    L.extend(header)
    L.append(f"- {meta['rounds']} round(s), servers alternating, each server started fresh every round with "
             f"the {meta['keyspace']:,} keys GET asks for; every test is one redis-benchmark invocation "
             f"(`-c {meta['clients']} -d {meta['value_bytes']} -r {meta['keyspace']}`) in redis-benchmark's "
             "order at each depth, the server's CPU time read around it as in the GET/SET rounds. Figures are "
             "medians over the rounds (quiet runs only, where there are some).")
    L.append("- LRANGE_N is `LRANGE mylist 0 N-1` over a list filled beforehand with "
             f"{meta['n']:,} 16-byte elements (what redis-benchmark's own \"LPUSH (needed to benchmark "
             "LRANGE)\" does, kept out of the figures); each depth starts with mylist, myset, myzset and "
             "myhash deleted. See perf/typebench.py for why.\n")
    L.append("Requests per run: " + ", ".join(
        f"{t['test']} " + "/".join(f"{n:,}" for n in t["requests"].values()) for t in meta["tests"])
        + " (P" + "/P".join(str(p) for p in meta["pipelines"]) + ").\n")
    L.append(f"Target ({TARGET_TYPES}): `met` when ringkv's requests/s ratio is at least 1.00 and its us/req "
             "ratio at most 1.00. `limited by` names the side at or above 90% of its core (ringkv / Redis): "
             "when it is the client, requests/s measures redis-benchmark and us/req is the figure that "
             "compares the servers.\n")
    L.append("| test | P | requests/s ringkv | requests/s Redis | ratio | us/req ringkv | us/req Redis | ratio | "
             "p50 ms ringkv / Redis | p99 ms ringkv / Redis | limited by | rounds | verdict |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    notes = []
    for r in types_rows(d):
        a, b = r["ringkv"] or {}, r["redis"] or {}

        def side(m, f, spec):
            return fmt(m.get(f), spec) if m.get("n") else "-"
        ra = "not available" if r["unavailable"] else side(a, "rps", ",.0f")
        L.append(f"| {r['test']} | {r['pipeline']} | {ra} | {side(b, 'rps', ',.0f')} | "
                 f"{fmt(r.get('rps_ratio'), '.2f')} | {side(a, 'server_us_per_req', '.2f')} | "
                 f"{side(b, 'server_us_per_req', '.2f')} | {fmt(r.get('us_ratio'), '.2f')} | "
                 f"{side(a, 'p50_ms', '.3f')} / {side(b, 'p50_ms', '.3f')} | "
                 f"{side(a, 'p99_ms', '.3f')} / {side(b, 'p99_ms', '.3f')} | "
                 f"{a.get('limited', '-')} / {b.get('limited', '-')} | "
                 f"{rounds_cell(a)}, {rounds_cell(b)}"
                 f"{' (noisy)' if a.get('noisy') or b.get('noisy') else ''} | "
                 f"{'**' + r['verdict'] + '**' if r['verdict'].startswith(('met', 'not met')) else r['verdict']} |")
        for s, m in (("ringkv", a), ("redis", b)):
            if "hit_share" in m:
                notes.append(f"{r['test']} P{r['pipeline']} {s} {100 * m['hit_share']:.0f}%")
            if m.get("n") == 0 and m.get("problems"):
                notes.append(f"{r['test']} P{r['pipeline']} {s} failed: " + "; ".join(
                    p.replace("\n", " ")[:200] for p in m["problems"][:2]))
    L.append("")
    hits = [n for n in notes if n.endswith("%")]
    if hits:
        L.append("Pops that returned an element (the rest found the structure empty, as in redis-benchmark's "
                 "own sequence where a pop test outlasts what the push test before it added): "
                 + ", ".join(hits) + ".\n")
    fails = [n for n in notes if not n.endswith("%")]
    if fails:
        L.append("Failed:\n")
        L.extend(f"- {n}" for n in fails[:20])
        L.append("")
    missing = {r["test"]: " ".join(r["unavailable"]) for r in types_rows(d) if r["unavailable"]}.items()
    if missing:
        L.append("Not available in this ringkv build (COMMAND INFO does not know the command): "
                 + ", ".join(f"{t} ({c})" for t, c in missing) + ".\n")
    return L


# --- stall ------------------------------------------------------------------------------------------------

KIND_NAMES = {"list": "list", "hash": "hash", "set": "set", "zset": "sorted set", "string": "string"}


def stall_cells(d):
    """{(type, how, server): figures over the rounds} and {(type, server): missing commands}."""
    cells, unavailable = {}, {}
    for r in d["results"]:
        if r.get("unavailable"):
            unavailable[(r["type"], r["server"])] = r["unavailable"]
            continue
        cells.setdefault((r["type"], r["how"], r["server"]), []).append(r)
    out = {}
    for key, rs in cells.items():
        ok = [r for r in rs if r.get("ok") and r.get("stall_ms") is not None]
        m = {"n": len(ok), "n_all": len(rs), "problems": [r.get("problem") for r in rs if r.get("problem")]}
        if ok:
            m.update(stall_ms=median([r["stall_ms"] for r in ok]), worst_ms=max(r["stall_ms"] for r in ok),
                     command_ms=median([r["command_ms"] for r in ok]), freed_ms=median([r["freed_ms"] for r in ok]),
                     baseline_ms=median([r["baseline_ms"] for r in ok if r["baseline_ms"] is not None] or [0]),
                     over_2ms=median([r["over_2ms"] for r in ok]),
                     realtime=all(r.get("probe_realtime", True) for r in ok))
        out[key] = m
    return out, unavailable


def stall_target(d):
    cells, unavailable = stall_cells(d)
    kinds = [k for k in d["meta"]["kinds"] if k != "string"]
    parts, ok, measured = [], True, False
    for k in kinds:
        if (k, "ringkv") in unavailable:
            parts.append(f"{KIND_NAMES[k]} not available")
            ok = False
            continue
        m = cells.get((k, "UNLINK", "ringkv"), {})
        if not m.get("n"):
            parts.append(f"{KIND_NAMES[k]} failed")
            ok = False
            continue
        measured = True
        parts.append(f"{KIND_NAMES[k]} {m['stall_ms']:.1f} ms")
        ok = ok and m["stall_ms"] <= TARGET_STALL_MS
    elements = f"{d['meta']['elements']:,}"
    return (f"| UNLINK of a {elements}-element list, hash, set, sorted set stalls no client: largest PING "
            f"during it <= {TARGET_STALL_MS:g} ms (median of rounds) | {', '.join(parts)} | "
            f"{verdict(ok) if measured else '**not measured**'} |")


def stall_section(d, header):
    meta = d["meta"]
    cells, unavailable = stall_cells(d)
    L = ["## Stalls while deleting a big value\n"]
    L.extend(header)
    L.append(f"- For each value and server, {meta['rounds']} round(s) (servers alternating, fresh each time): "
             f"build one key ({meta['elements']:,} elements by variadic pushes of {meta['per_command']:,}; "
             f"the string is {meta['string_mb']} MB by one SET), start a PING probe (every 1 ms, own "
             "connection, real-time priority on the client core), delete the key with DEL; build it again, "
             "delete it with UNLINK.")
    L.append("- `max PING` = the largest probe round trip overlapping the delete: from the command's send "
             "until the value is freed (the reply, or lazyfree_pending_objects back at 0 for a lazy free) "
             f"plus {meta['tail_s']:g} s (a free page hand-back after the delete is its stall too). Median over "
             "the rounds, worst in brackets. `baseline` = the largest ping in the "
             f"{meta['baseline_s']:g} s before the delete: the machine's own noise floor. `command` = the "
             "delete's own round trip; `freed` = until nothing was pending.")
    L.append("- Redis 7.0's defaults: DEL frees at once; UNLINK frees a value of more than 64 elements (or "
             "list nodes) in a background thread, a string at once. Both threads share the server's one "
             "core here.\n")
    L.append("| value | delete | server | max PING ms (worst) | pings > 2 ms | command ms | freed ms | "
             "baseline ms | rounds |")
    L.append("|---|---|---|---|---|---|---|---|---|")
    for k in meta["kinds"]:
        what = f"{meta['string_mb']} MB string" if k == "string" else f"{KIND_NAMES[k]}"
        for how in ("DEL", "UNLINK"):
            for s in SERVERS:
                if (k, s) in unavailable:
                    L.append(f"| {what} | {how} | {s} | not available ({' '.join(unavailable[(k, s)])}) "
                             "| | | | | |")
                    continue
                m = cells.get((k, how, s))
                if not m or not m["n"]:
                    why = "; ".join(p[:150] for p in (m or {}).get("problems", [])[:1]) or "no data"
                    L.append(f"| {what} | {how} | {s} | failed: {why} | | | | | {0}/{(m or {}).get('n_all', 0)} |")
                    continue
                L.append(f"| {what} | {how} | {s} | {m['stall_ms']:.2f} ({m['worst_ms']:.2f}) | "
                         f"{m['over_2ms']:.0f} | {m['command_ms']:.1f} | {m['freed_ms']:.1f} | "
                         f"{m['baseline_ms']:.2f} | {m['n']}/{m['n_all']} |")
    L.append("")
    if any(m.get("n") and not m.get("realtime", True) for m in cells.values()):
        L.append("chrt was refused: the probe ran at normal priority, so its own scheduling adds to what it "
                 "saw.\n")
    return L


# --- memory -----------------------------------------------------------------------------------------------

def memory_rows(d):
    by = {(r["server"], r["row"]): r for r in d["results"]}
    out = []
    for row in d["meta"]["rows"]:
        a, b = by.get(("ringkv", row["row"])), by.get(("redis", row["row"]))
        target = TARGET_MEMORY.get(row["row"], TARGET_MEMORY_OTHER)
        r = dict(row, ringkv=a, redis=b, target=target)
        if a and b and a["ok"] and b["ok"]:
            r["used_ratio"] = ratio(a["used_per_key"], b["used_per_key"])
            r["rss_ratio"] = ratio(a["rss_per_key"], b["rss_per_key"])
            r["met"] = r["used_ratio"] is not None and r["used_ratio"] <= target
        out.append(r)
    return out


def memory_target(d):
    rows = memory_rows(d)
    parts = []
    for r in rows:
        a = r["ringkv"] or {}
        if "used_ratio" in r:
            parts.append(f"{r['row']} {r['used_ratio']:.2f}x")
        elif a.get("unavailable"):
            parts.append(f"{r['row']} not available")
        else:
            parts.append(f"{r['row']} failed")
    measured = any("met" in r for r in rows)
    ok = all(r.get("met") for r in rows)
    return ("| memory per key (used_memory): strings <= 0.6x Redis's, every other row <= 0.8x | "
            + ", ".join(parts) + f" | {verdict(ok) if measured else '**not measured**'} |")


def memory_section(d, header):
    meta = d["meta"]
    L = ["## Memory per key\n"]
    L.extend(header)
    L.append("- One fresh server per row and server (pinned as the others); the row's keys are loaded by "
             "pipelined commands, then after 1.5 s (a cron turn or two) used_memory and RSS are read again: "
             "per key = growth / keys, per element = growth / elements (fields, members). Rows as the issue "
             "gives them (perf/memory.py)" + (f", scaled by {meta['scale']:g} (a smoke test: not the "
                                               "issue's sizes)" if meta.get("scale", 1) != 1 else "") + ".\n")
    L.append("| row | encoding ringkv / Redis | used B/key ringkv | used B/key Redis | ratio | target | "
             "RSS B/key ringkv | RSS B/key Redis | ratio | used B/element ringkv / Redis | verdict |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in memory_rows(d):
        a, b = r["ringkv"] or {}, r["redis"] or {}
        if "used_ratio" not in r:
            def why(m):
                if not m:
                    return "not run"
                return "not available" if m.get("unavailable") else "failed: " + m.get("error", "")[:120]
            L.append(f"| {r['description']} | | {why(a) if not a.get('ok') else 'ok'} | "
                     f"{why(b) if not b.get('ok') else 'ok'} | | <= {r['target']:g} | | | | | "
                     f"{'not available' if a.get('unavailable') else '**not measured**'} |")
            continue
        L.append(f"| {r['description']} | {a['encoding']} / {b['encoding']} | {a['used_per_key']:,.1f} | "
                 f"{b['used_per_key']:,.1f} | {r['used_ratio']:.2f} | <= {r['target']:g} | "
                 f"{a['rss_per_key']:,.1f} | {b['rss_per_key']:,.1f} | {fmt(r['rss_ratio'], '.2f')} | "
                 f"{a['used_per_elem']:.1f} / {b['used_per_elem']:.1f} | {verdict(r['met'])} |")
    L.append("")
    return L


def target_rows(data):
    """The targets table's rows for the modes present in data ({mode: json})."""
    rows = []
    if "types" in data:
        rows.append(types_target(data["types"]))
    if "stall" in data:
        rows.append(stall_target(data["stall"]))
    if "memory" in data:
        rows.append(memory_target(data["memory"]))
    return rows

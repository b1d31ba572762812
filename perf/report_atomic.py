"""The `atomic` section of perf/RESULTS.md (issue 11's speed rows: EVALSHA, MULTI/EXEC of 3 commands, PUBLISH
to 1 and to 100 subscribers) and its row of the targets table. report.py assembles the page; each function
here takes the mode's JSON as bench.py wrote it (perf/atomic.py made the runs).
"""

from report_common import fmt, limited_by, median, ratio, verdict

TARGET = "at least Redis's requests/s at no more server CPU per request"
ROW_NAMES = {"EVALSHA": "EVALSHA (INCR + GET script)", "MULTI_EXEC": "MULTI/EXEC of 3 commands",
             "PUBLISH_1": "PUBLISH to 1 subscriber", "PUBLISH_100": "PUBLISH to 100 subscribers"}
FIELDS = ("rps", "p50_ms", "p99_ms", "server_us_per_req", "server_cpu_pct", "client_cpu_pct", "other_cpu_pct",
          "delivered_per_s")


def summary(d):
    """{(server, test, pipeline): medians over the quiet ok runs (all ok runs if none was quiet)} and
    {(server, test): why it is not available}."""
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
        m = {f: median([r[f] for r in quiet if r.get(f) is not None]) for f in FIELDS}
        m.update(n=len(quiet), n_all=len(rs), limited=limited_by(m["server_cpu_pct"], m["client_cpu_pct"]),
                 noisy=len(quiet) == len(ok) and any(r["other_cpu_pct"] > noisy_pct for r in quiet),
                 time_bound=any(r.get("time_bound") for r in quiet))
        out[key] = m
    return out, unavailable


def rows(d):
    """Per (test, pipeline): both servers' medians, the ratios and the verdict."""
    s, unavailable = summary(d)
    out = []
    for p in d["meta"]["pipelines"]:
        for t in [x["test"] for x in d["meta"]["tests"]]:
            a, b = s.get(("ringkv", t, p)), s.get(("redis", t, p))
            row = {"test": t, "pipeline": p, "ringkv": a, "redis": b,
                   "unavailable": unavailable.get(("ringkv", t)),
                   "redis_unavailable": unavailable.get(("redis", t))}
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
            out.append(row)
    return out


def target_row(d):
    rs = rows(d)
    measured = [r for r in rs if "met" in r]
    met = [r for r in measured if r["met"]]
    text = f"{len(met)} of {len(rs)} rows met"
    short = [f"{r['test']} P{r['pipeline']} ({r['rps_ratio']:.2f}x rps, {r['us_ratio']:.2f}x CPU)"
             for r in measured if not r["met"]]
    if short:
        text += "; short: " + ", ".join(short)
    missing = list(dict.fromkeys(r["test"] for r in rs if r["unavailable"]))
    if missing:
        text += "; not available in ringkv: " + ", ".join(missing)
    failed = [f"{r['test']} P{r['pipeline']}" for r in rs if r["verdict"] == "failed"]
    if failed:
        text += "; failed: " + ", ".join(failed)
    pipelines = ", ".join(str(p) for p in d["meta"]["pipelines"])
    return (f"| EVALSHA of an INCR+GET script, MULTI/EXEC of 3 commands, PUBLISH to 1 and to 100 subscribers, at "
            f"pipelines {pipelines}: {TARGET} (issue 11) | {text} | "
            f"{verdict(len(met) == len(rs)) if measured else '**not measured**'} |")


def section(d, header):
    meta = d["meta"]
    L = ["## Scripts, transactions and pub/sub\n"]
    L.extend(header)
    L.append(f"- {meta['rounds']} round(s), servers alternating, each started fresh every round with the "
             f"{meta['keyspace']:,} counters `key:%012d` set to 0 (INCR never creates a key in a measured run) "
             "and warmed up by an unrecorded INCR run; per depth the rows below in order, the server's CPU "
             f"time read around each run as in the GET/SET rounds; {meta['clients']} clients. Figures are "
             "medians over the rounds (quiet runs only, where there are some).")
    L.append(f"- EVALSHA: `SCRIPT LOAD \"{meta['script']}\"`, then `redis-benchmark ... EVALSHA SHA 1 "
             f"key:__rand_int__` (-r {meta['keyspace']}).")
    L.append(f"- MULTI/EXEC: `MULTI; INCR key:R; GET key:R; SET key2:R <16 bytes>; EXEC` with random R, from "
             f"perf/atomic.py's own load client (redis-benchmark cannot send a transaction): "
             f"{meta['tx_procs']} processes on the client core sharing the {meta['clients']} connections, "
             "PIPELINE whole transactions in flight per connection. One transaction is one request; p50/p99 "
             "are of a pipeline's round trip as this client sees it (compare them between the servers, not "
             "with redis-benchmark's rows).")
    L.append(f"- PUBLISH: 1 or 100 raw-socket subscribers to `{meta['channel']}` (Python, on the client core, "
             f"counting bytes: every message must arrive), `redis-benchmark ... PUBLISH {meta['channel']} "
             f"{meta['message']}`. us/req is server CPU per publish, read until the last message arrived; "
             "client% is redis-benchmark and the subscribers together (they share the core); delivered/s is "
             "messages received over the time from the first publish to the last arrival.\n")
    L.append("Requests per run: " + ", ".join(
        f"{t['test']} " + "/".join(f"{n:,}" for n in t["requests"].values()) for t in meta["tests"])
        + " (P" + "/P".join(str(p) for p in meta["pipelines"]) + ").\n")
    L.append(f"Target ({TARGET}): `met` when ringkv's requests/s ratio is at least 1.00 and its us/req ratio at "
             "most 1.00. `limited by` names the side at or above 90% of its core (ringkv / Redis): when it is "
             "the client, requests/s measures the load generator and us/req is the figure that compares the "
             "servers.\n")
    L.append("| row | P | requests/s ringkv | requests/s Redis | ratio | us/req ringkv | us/req Redis | ratio | "
             "delivered/s ringkv / Redis | p50 ms ringkv / Redis | p99 ms ringkv / Redis | limited by | rounds | "
             "verdict |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    fails = []
    for r in rows(d):
        a, b = r["ringkv"] or {}, r["redis"] or {}

        def side(m, f, spec):
            return fmt(m.get(f), spec) if m.get("n") else "-"

        def rounds_cell(m):
            return f"{m['n']}/{m['n_all']}" if m else "-"
        ra = "not available" if r["unavailable"] else side(a, "rps", ",.0f")
        rb = "not available" if r["redis_unavailable"] else side(b, "rps", ",.0f")
        deliv = "-"
        if a.get("delivered_per_s") is not None or b.get("delivered_per_s") is not None:
            deliv = f"{side(a, 'delivered_per_s', ',.0f')} / {side(b, 'delivered_per_s', ',.0f')}"
        bound = " (time-bound)" if a.get("time_bound") or b.get("time_bound") else ""
        L.append(f"| {ROW_NAMES.get(r['test'], r['test'])} | {r['pipeline']} | {ra} | {rb} | "
                 f"{fmt(r.get('rps_ratio'), '.2f')} | {side(a, 'server_us_per_req', '.2f')} | "
                 f"{side(b, 'server_us_per_req', '.2f')} | {fmt(r.get('us_ratio'), '.2f')} | {deliv} | "
                 f"{side(a, 'p50_ms', '.3f')} / {side(b, 'p50_ms', '.3f')} | "
                 f"{side(a, 'p99_ms', '.3f')} / {side(b, 'p99_ms', '.3f')} | "
                 f"{a.get('limited', '-')} / {b.get('limited', '-')} | {rounds_cell(a)}, {rounds_cell(b)}"
                 f"{' (noisy)' if a.get('noisy') or b.get('noisy') else ''}{bound} | "
                 f"{'**' + r['verdict'] + '**' if r['verdict'].startswith(('met', 'not met')) else r['verdict']} |")
        for s, m in (("ringkv", a), ("redis", b)):
            if m.get("n") == 0 and m.get("problems"):
                fails.append(f"{r['test']} P{r['pipeline']} {s}: " + "; ".join(
                    p.replace("\n", " ")[:200] for p in m["problems"][:2]))
    L.append("")
    if fails:
        L.append("Failed:\n")
        L.extend(f"- {f}" for f in fails[:20])
        L.append("")
    missing = {r["test"]: " ".join(r["unavailable"]) for r in rows(d) if r["unavailable"]}
    if missing:
        L.append("Not available in this ringkv build (COMMAND INFO does not know the command, or it answered "
                 "\"unknown command\"): " + ", ".join(f"{t} ({c})" for t, c in missing.items()) + ".\n")
    return L

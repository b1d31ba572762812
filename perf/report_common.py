"""Small helpers every report section shares (report_types, report_atomic, report_persist, report_repl): medians
that skip missing figures (and noisy runs), number formatting, ratios, verdicts, which side of a run was saturated
and the records of one part of a mode."""

import statistics

SATURATED_PCT = 90.0  # a side using this much of its core or more was the limit of the run


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt(x, spec, none="-"):
    return none if x is None else format(x, spec)


def ratio(a, b):
    return a / b if a is not None and b else None


def verdict(ok):
    return "**met**" if ok else "**not met**"


def limited_by(server_pct, client_pct):
    if server_pct is None or client_pct is None:
        return "-"
    s, c = server_pct >= SATURATED_PCT, client_pct >= SATURATED_PCT
    return "both" if s and c else "server" if s else "client" if c else "neither"


def medians(recs, fields, noisy_pct):
    """Medians of fields over the ok records, the quiet ones only when there are some."""
    ok = [r for r in recs if r.get("ok")]
    if not ok:
        return {"n": 0, "n_all": len(recs), "problems": [p for r in recs for p in r.get("problems", [])]}
    quiet = [r for r in ok if (r.get("other_cpu_pct") or 0) <= noisy_pct] or ok
    m = {f: median([r.get(f) for r in quiet]) for f in fields}
    m.update(n=len(quiet), n_all=len(recs), noisy=len(quiet) == len(ok) and
             any((r.get("other_cpu_pct") or 0) > noisy_pct for r in quiet))
    return m


def by(d, part, **keys):
    """The records of d[part] (a mode's JSON) whose fields equal keys."""
    return [r for r in d.get(part, []) if all(r.get(k) == v for k, v in keys.items())]

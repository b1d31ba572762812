"""Small helpers every report section shares (report_types, report_atomic, report_persist): medians that skip
missing figures, number formatting, ratios, verdicts and which side of a run was saturated."""

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

"""INFO commandstats and errorstats side by side with redis-server on a seeded random command stream: every
command and subcommand (`cmdstat_client|list`) with the same calls, rejected_calls and failed_calls, and the
same errorstat_* counts, through successes, wrong arity and unknown commands (rejected before the call),
WRONGTYPE and syntax errors (failed calls), MULTI/EXEC with queued errors (EXECABORT) and failing inner
commands, scripts whose commands fail, blocked commands, and CONFIG RESETSTAT. usec and usec_per_call are
timings: present and well-formed, not compared."""
import random
import re

import pytest
import redis

from servers import on_both, raw_reply


def stream(rng, n):
    keys = ["s1", "s2", "l1", "h1", "z1", "n1"]
    ops = [
        lambda: ("SET", rng.choice(keys), str(rng.randint(0, 99))),
        lambda: ("GET", rng.choice(keys)),
        lambda: ("INCR", rng.choice(keys)),
        lambda: ("LPUSH", rng.choice(keys), "x"),
        lambda: ("LRANGE", rng.choice(keys), "0", "-1"),
        lambda: ("HSET", rng.choice(keys), "f", "v"),
        lambda: ("ZADD", rng.choice(keys), rng.choice(["1", "x", "NX"]), "m"),
        lambda: ("SET", "k", "v", rng.choice(["EX", "PX", "NX", "BOGUS"]), rng.choice(["10", "-1", "x"])),
        lambda: ("GET",),                       # wrong arity: rejected
        lambda: ("NOSUCHCMD", "a"),             # unknown: errorstat only
        lambda: ("CLIENT", rng.choice(["LIST", "GETNAME", "ID", "NOPE"])),
        lambda: ("CONFIG", "GET", "maxmemory"),
        lambda: ("CONFIG", "SET", "maxmemory-samples", rng.choice(["5", "0", "x"])),
        lambda: ("OBJECT", rng.choice(["ENCODING", "FREQ", "NOPE"]), rng.choice(keys)),
        lambda: ("EVAL", rng.choice(["return redis.call('incr', KEYS[1])", "return redis.pcall('incr', KEYS[1])",
                                     "return 1", "error("]), "1", rng.choice(keys)),
        lambda: ("EVALSHA", "f" * 40, "0"),
        lambda: ("BLPOP", rng.choice(keys), "0.001"),
        lambda: ("SELECT", rng.choice(["0", "1", "99"])),
        lambda: ("EXPIRE", rng.choice(keys), rng.choice(["100", "x"])),
        lambda: ("AUTH", "nopass"),
        lambda: ("WATCH", rng.choice(keys)),    # inside MULTI: refused at once
        lambda: rng.choice([("EXEC",), ("DISCARD",)]),  # outside MULTI: errors
        lambda: ("PUBLISH", "ch", "m"),
    ]
    out = []
    while len(out) < n:
        if rng.random() < 0.1:
            body = [rng.choice(ops)() for _ in range(rng.randint(1, 4))]
            out.append(("MULTI",))
            out.extend(body)
            out.append(rng.choice([("EXEC",), ("EXEC",), ("DISCARD",)]))
        else:
            out.append(rng.choice(ops)())
    return out


def run(server, commands):
    # A bare connection: replies as sent, without redis-py's per-command parsing.
    conn = redis.Connection(host="127.0.0.1", port=server.port, socket_timeout=10)
    for cmd in commands:
        raw_reply(conn, *cmd)
    conn.disconnect()
    c = server.client()
    cmdstats = c.info("commandstats")
    errors = c.info("errorstats")
    c.close()
    return cmdstats, errors


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_stream_counts_as_redis(seed):
    commands = stream(random.Random(seed), 600)
    got = on_both(lambda server: run(server, commands))
    counts = {kind: {name: (v["calls"], v["rejected_calls"], v["failed_calls"]) for name, v in g[0].items()}
              for kind, g in got.items()}
    assert counts["ringkv"] == counts["redis"]
    assert got["ringkv"][1] == got["redis"][1]
    assert "cmdstat_client|list" in counts["ringkv"] or "cmdstat_client|getname" in counts["ringkv"]
    assert any(k.startswith("errorstat_WRONGTYPE") for k in got["ringkv"][1])
    for name, v in got["ringkv"][0].items():
        assert v["usec"] >= 0 and abs(v["usec_per_call"] - (v["usec"] / v["calls"] if v["calls"] else 0)) < 0.01


def resetstat_session(server):
    c = server.client()
    c.set("k", "v")
    try:
        c.lpush("k", "x")
    except redis.exceptions.ResponseError:
        pass
    c.config_set("slowlog-log-slower-than", 0)
    c.config_set("latency-monitor-threshold", 1)
    c.execute_command("DEBUG", "SLEEP", "0.005")
    c.execute_command("CONFIG", "RESETSTAT")
    stats = c.info("stats")
    out = {
        "commandstats": sorted(c.info("commandstats")),
        "errorstats": c.info("errorstats"),
        "total_error_replies": stats["total_error_replies"],
        "total_commands_processed": stats["total_commands_processed"],
        "histograms": sorted(c.execute_command("LATENCY", "HISTOGRAM")[::2]),
        # Not statistics: the slowlog and the latency events stay.
        "slowlog kept": c.slowlog_len() > 3,
        "latency kept": [e[0] for e in c.execute_command("LATENCY", "LATEST")],
    }
    c.close()
    return out


def test_resetstat_clears_what_redis_clears():
    got = on_both(resetstat_session)
    assert got["ringkv"] == got["redis"]
    assert got["ringkv"]["errorstats"] == {} and got["ringkv"]["latency kept"] == [b"command"]


def test_usec_fields_are_well_formed(ringkv):
    conn = redis.Connection(host="127.0.0.1", port=ringkv.port, socket_timeout=10)
    conn.send_command("INFO", "commandstats")
    raw = conn.read_response().decode()
    conn.disconnect()
    for line in raw.split("\r\n")[1:]:
        if line:
            assert re.fullmatch(r"cmdstat_[a-z_|-]+:calls=\d+,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=\d+,"
                                r"failed_calls=\d+", line), line

"""LATENCY and INFO latencystats as Redis 7.0.15, side by side with redis-server:
- the latency monitor (latency-monitor-threshold): slow commands as "command" events, one sample per
  second, LATEST / HISTORY / RESET (names in any case) / GRAPH (the sparkline's layout) / DOCTOR (Redis's
  texts and advice), and events from the places Redis records them: fork, expire-cycle, and (ringkv's slow
  disk knob) aof-fsync-always;
- the per-command histograms: LATENCY HISTOGRAM's map (RESP2 and RESP3) and INFO latencystats's
  percentiles, with latency-tracking and latency-tracking-info-percentiles, cleared by CONFIG RESETSTAT.
Values are timings and differ between the servers; names, shapes, texts and counts are compared."""
import re
import socket
import time

import redis

from servers import reply, start_ringkv, wait_for

# LATENCY HISTOGRAM's bucket bounds: 1024 ns * 2^k, each to the top of its HdrHistogram bucket, in us.
BUCKET_BOUNDS = {1, 2, 4, 8, 16, 33, 66, 132, 264, 528, 1056, 2113, 4227, 8454, 16908, 33816, 67633, 135266,
                 270532, 541065, 1073741}


def next_second():
    """Sleeps to just after the start of the next wall-clock second (samples are one per second)."""
    time.sleep(1.02 - (time.time() % 1.0))


def test_slow_commands_are_command_events(either_server):
    c = either_server.client(decode_responses=True)
    assert c.execute_command("LATENCY", "LATEST") == []
    c.config_set("latency-monitor-threshold", 15)
    c.execute_command("DEBUG", "SLEEP", "0.001")  # under the threshold
    next_second()
    c.execute_command("DEBUG", "SLEEP", "0.02")
    c.execute_command("DEBUG", "SLEEP", "0.08")  # the same second: one sample, the worst
    next_second()
    c.execute_command("DEBUG", "SLEEP", "0.02")
    latest = c.execute_command("LATENCY", "LATEST")
    assert len(latest) == 1
    name, when, last, worst = latest[0]
    assert name == "command" and abs(when - time.time()) < 5 and 20 <= last < worst and worst >= 80
    history = c.execute_command("LATENCY", "HISTORY", "command")
    assert len(history) == 2 and history[0][1] == worst and history[1][1] == last and history[0][0] < history[1][0]
    assert c.execute_command("LATENCY", "HISTORY", "COMMAND") == []  # names are exact here...
    assert c.execute_command("LATENCY", "HISTORY", "nosuch") == []
    assert c.execute_command("LATENCY", "RESET", "COMMAND", "nosuch", "command") == 1  # ...not here
    assert c.execute_command("LATENCY", "LATEST") == []
    assert c.execute_command("LATENCY", "RESET") == 0
    assert reply(c, "LATENCY", "GRAPH", "command") == "ERR: No samples available for event 'command'"


def graph_of(c):
    c.config_set("latency-monitor-threshold", 10)
    c.execute_command("LATENCY", "RESET")
    for seconds in ("0.02", "0.06", "0.035"):
        next_second()
        c.execute_command("DEBUG", "SLEEP", seconds)
    return c.execute_command("LATENCY", "GRAPH", "command"), [h[1] for h in c.execute_command("LATENCY", "HISTORY",
                                                                                                "command")]


def sparkline_rows(values, rows=4):
    """The chart rows Redis's sparklineRenderRange draws with SPARKLINE_FILL (the test's oracle, checked on
    redis-server's own output too): 3 steps per row ('_', 'o', '#'), '|' below the top of a column."""
    lo, hi = min(values), max(values)
    relmax = (hi - lo) or 1
    steps = [min(max(int(int((v - lo) * 3 * rows) / relmax), 0), 3 * rows - 1) for v in values]
    out = []
    for row in range(rows):
        line = ""
        for step in steps:
            idx = step - (rows - row - 1) * 3
            line += "_o#"[idx] if 0 <= idx < 3 else ("|" if idx >= 3 else " ")
        out.append(line)
    return out


def test_graph_layout_is_redis_s(server_pair):
    graphs = {kind: graph_of(s.client(decode_responses=True)) for kind, s in server_pair.items()}
    for kind, (g, values) in graphs.items():
        lines = g.split("\n")
        m = re.match(r"^command - high (\d+) ms, low (\d+) ms \(all time high (\d+) ms\)$", lines[0])
        assert m, (kind, g)
        assert list(map(int, m.groups())) == [max(values), min(values), max(values)] and len(values) == 3
        assert lines[1] == "-" * 80
        # Four rows of the sparkline, an empty row, then each sample's label ("<n>s" ago) written downwards.
        assert lines[2:6] == sparkline_rows(values), (kind, g)
        assert lines[6] == "   "
        labels = ["".join(col).strip() for col in zip(*lines[7:-1])]
        assert [re.fullmatch(r"\d+s", x) is not None for x in labels] == [True, True, True], (kind, g)
        assert lines[-1] == ""


DISABLED = ("I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use "
            "\"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a "
            "deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n")
NO_SPIKES = ("Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest "
             "bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n")


def doctor_texts(c):
    c.config_set("latency-monitor-threshold", 0)
    c.execute_command("LATENCY", "RESET")
    out = [c.execute_command("LATENCY", "DOCTOR")]
    c.config_set("latency-monitor-threshold", 10)
    out.append(c.execute_command("LATENCY", "DOCTOR"))
    c.config_set("slowlog-log-slower-than", 50000)  # slower than the monitor: the tuning advice
    c.execute_command("DEBUG", "SLEEP", "0.02")
    report = c.execute_command("LATENCY", "DOCTOR")
    # Timings differ: mask the numbers of the spikes line.
    out.append(re.sub(r"\d+ latency spikes \(average \d+ms, mean deviation \d+ms, period [\d.]+ sec\). Worst all "
                      r"time event \d+ms\.", "N latency spikes", report))
    c.execute_command("LATENCY", "RESET")
    c.config_set("slowlog-log-slower-than", 10000)
    return out


def test_doctor_says_what_redis_says(server_pair):
    texts = {kind: doctor_texts(s.client(decode_responses=True)) for kind, s in server_pair.items()}
    assert texts["ringkv"] == texts["redis"]
    disabled, quiet, report = texts["ringkv"]
    assert disabled == DISABLED and quiet == NO_SPIKES
    assert report.startswith("Dave, I have observed latency spikes in this Redis instance. You don't mind talking "
                             "about it, do you Dave?\n\n1. command: N latency spikes\n\nI have a few advices for you:")
    assert "'CONFIG SET slowlog-log-slower-than 10000'" in report


def test_fork_and_expire_cycle_are_events(either_server):
    c = either_server.client(decode_responses=True)
    c.config_set("latency-monitor-threshold", 1)
    c.execute_command("DEBUG", "POPULATE", "1000000")
    c.execute_command("DEBUG", "POPULATE", "300000", "e", "10")
    c.execute_command("LATENCY", "RESET")
    c.bgsave()  # a million keys: the fork takes milliseconds
    c.eval("for i=1,200000 do redis.call('pexpire','e:'..i, 1) end", 0)
    c.execute_command("LATENCY", "RESET", "command")
    wait_for(lambda: c.info("persistence")["rdb_bgsave_in_progress"] == 0, 30, "the BGSAVE to end")
    wait_for(lambda: {"fork", "expire-cycle"} <= {e[0] for e in c.execute_command("LATENCY", "LATEST")}, 20,
             "fork and expire-cycle events")
    report = c.execute_command("LATENCY", "DOCTOR")
    assert re.search(r"\. fork: \d+ latency spikes .* Fork rate is [\d.]+ GB/sec \((terrible|poor|good|excellent)\)\.",
                     report)
    assert "- In order to make the Redis keys expiring process more incremental" in report


def test_a_big_expired_value_is_an_expire_del_event(either_server):
    c = either_server.client(decode_responses=True)
    c.config_set("latency-monitor-threshold", 1)
    c.eval("for i=1,500000 do redis.call('sadd', KEYS[1], i) end", 1, "big")
    c.pexpire("big", 1)
    wait_for(lambda: "expire-del" in {e[0] for e in c.execute_command("LATENCY", "LATEST")}, 10,
             "an expire-del event")
    assert c.exists("big") == 0


def test_a_slow_aof_fsync_is_an_aof_fsync_always_event():
    # ringkv's test knob delays every fsync: under appendfsync always each write round waits that long.
    s = start_ringkv("--appendonly", "yes", "--appendfsync", "always", "--aof-fsync-delay", "30000")
    try:
        c = s.client(decode_responses=True)
        c.config_set("latency-monitor-threshold", 20)
        c.set("k", "v")
        events = {e[0]: e for e in c.execute_command("LATENCY", "LATEST")}
        assert "aof-fsync-always" in events and events["aof-fsync-always"][3] >= 30
        assert "- Your fsync policy is set to 'always'." in c.execute_command("LATENCY", "DOCTOR")
    finally:
        s.cleanup()


def run_some(c):
    c.set("a", "1")
    c.set("b", "2")
    c.get("a")
    c.execute_command("CLIENT", "GETNAME")
    c.execute_command("DEBUG", "SLEEP", "0.003")


def test_histogram_replies_as_redis(server_pair):
    got = {}
    for kind, s in server_pair.items():
        c = s.client()
        c.execute_command("CONFIG", "RESETSTAT")
        run_some(c)
        out = {}
        all_h = c.execute_command("LATENCY", "HISTOGRAM")
        pairs = dict(zip(all_h[::2], all_h[1::2]))
        for name, body in pairs.items():
            fields = dict(zip(body[::2], body[1::2]))
            buckets = fields[b"histogram_usec"]
            keys, counts = buckets[::2], buckets[1::2]
            assert set(keys) <= BUCKET_BOUNDS and keys == sorted(keys), (kind, name, buckets)
            assert counts == sorted(counts) and counts[-1] == fields[b"calls"], (kind, name, buckets)
            out[name] = fields[b"calls"]
        sleep = dict(zip(pairs[b"debug"][::2], pairs[b"debug"][1::2]))[b"histogram_usec"]
        assert sleep[0] >= 2113  # DEBUG SLEEP 0.003 lands past 2 ms
        specific = c.execute_command("LATENCY", "HISTOGRAM", "set", "CLIENT", "nosuch", "get|x")
        out["specific"] = specific[::2]
        got[kind] = out
        c.close()
    assert got["ringkv"] == got["redis"]
    assert got["ringkv"][b"set"] == 2 and got["ringkv"]["specific"] == [b"set", b"client|getname"]


def test_histogram_in_resp3(either_server):
    c = either_server.client()
    c.execute_command("CONFIG", "RESETSTAT")
    c.set("a", "1")
    # RESP3 maps (redis-py here speaks RESP2 only): the reply after HELLO's, read as bytes.
    want = re.compile(rb"%1\r\n\$3\r\nset\r\n%2\r\n\$5\r\ncalls\r\n:1\r\n\$14\r\nhistogram_usec\r\n%1\r\n:\d+\r\n:1\r\n$")
    with socket.create_connection(("127.0.0.1", either_server.port), timeout=10) as s:
        s.sendall(b"*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n*3\r\n$7\r\nLATENCY\r\n$9\r\nHISTOGRAM\r\n$3\r\nset\r\n")
        raw = b""
        deadline = time.time() + 10
        while not want.search(raw) and time.time() < deadline:
            raw += s.recv(65536)
    assert want.search(raw), raw


def info_text(server, section):
    """INFO's text as sent (redis-py's client would parse it into numbers)."""
    conn = redis.Connection(host="127.0.0.1", port=server.port, socket_timeout=10)
    try:
        conn.send_command("INFO", section)
        return conn.read_response().decode()
    finally:
        conn.disconnect()


def latencystats(server):
    raw = info_text(server, "latencystats")
    lines = [l for l in raw.split("\r\n") if l and not l.startswith("#")]
    out = {}
    for line in lines:
        m = re.fullmatch(r"latency_percentiles_usec_([a-z|_-]+):(.*)", line)
        assert m, line
        fields = m.group(2).split(",")
        labels = []
        for f in fields:
            fm = re.fullmatch(r"p([\d.]+)=(\d+\.\d{3})", f)
            assert fm, line
            labels.append(fm.group(1))
        out[m.group(1)] = labels
    return out


def test_info_latencystats_lines_as_redis(server_pair):
    got = {}
    for kind, s in server_pair.items():
        c = s.client()
        out = []
        c.execute_command("CONFIG", "RESETSTAT")
        run_some(c)
        out.append(latencystats(s))
        c.config_set("latency-tracking-info-percentiles", "0 12.5 99.99 100")
        out.append(latencystats(s))
        c.config_set("latency-tracking", "no")
        out.append(latencystats(s))
        out.append(len(c.execute_command("LATENCY", "HISTOGRAM", "set")))  # what was recorded stays
        c.config_set("latency-tracking", "yes")
        c.config_set("latency-tracking-info-percentiles", "50 99 99.9")
        c.execute_command("CONFIG", "RESETSTAT")
        out.append(c.execute_command("LATENCY", "HISTOGRAM")[::2])
        # Not in the default sections; in all/everything, after errorstats.
        out.append("# Latencystats" in info_text(s, "default"))
        sections = [l for l in info_text(s, "everything").split("\r\n") if l.startswith("# ")]
        out.append(sections[sections.index("# Errorstats") + 1])
        c.close()
        got[kind] = out
    assert got["ringkv"] == got["redis"]
    first, custom, off, kept, after_reset, in_default, after_errorstats = got["ringkv"]
    assert first["set"] == ["50", "99", "99.9"] and {"get", "client|getname", "debug", "config|resetstat"} <= set(first)
    assert custom["set"] == ["0", "12.5", "99.99", "100"]
    assert off == {} and kept == 2 and after_reset == [b"config|resetstat"] and in_default is False
    assert after_errorstats == "# Latencystats"


def test_p0_is_the_lowest_value_p100_the_highest(either_server):
    # One call: p0 and p100 are the two ends of the one bucket it landed in.
    c = either_server.client()
    c.execute_command("CONFIG", "RESETSTAT")
    c.execute_command("DEBUG", "SLEEP", "0.01")
    c.config_set("latency-tracking-info-percentiles", "0 100")
    line = [v for k, v in c.execute_command("INFO", "latencystats").items() if k.endswith("debug")][0]
    assert 10000 <= line["p0"] < line["p100"] and (line["p100"] - line["p0"]) * 128 < line["p100"]

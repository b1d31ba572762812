"""The redis-cli tools an operator points at a server, run against ringkv and redis-server on the same data,
their output parsed and compared: --bigkeys (the same summary, byte for byte), --memkeys (the same keys per
type; sizes are each server's own), --scan --pattern, --hotkeys under allkeys-lfu (the hot key found, with
its counter), and the streaming ones stopped after a few lines: --stat, --latency, --latency-history,
--latency-dist. A tool that needs a command or field ringkv lacks fails here."""
import os
import re
import select
import shutil
import subprocess
import time

import pytest

from servers import start_redis, start_ringkv

REDIS_CLI = shutil.which("redis-cli") or "/usr/bin/redis-cli"
STDBUF = shutil.which("stdbuf")  # the streaming tools buffer their lines when not on a terminal


def populate(c):
    c.flushall()
    for i in range(1, 51):
        c.set(f"key:{i}", "x" * (i * 10))
    c.rpush("biglist", *"abcdef")
    c.hset("h", mapping={"f1": "v1", "f2": "v2"})
    c.sadd("s", "a", "b", "c")
    c.zadd("z", {"a": 1, "b": 2})


@pytest.fixture(scope="module")
def pair():
    servers = {"redis": start_redis("--maxmemory-policy", "allkeys-lfu"),
               "ringkv": start_ringkv("--maxmemory-policy", "allkeys-lfu")}
    for s in servers.values():
        c = s.client()
        populate(c)
        c.close()
    yield servers
    for s in servers.values():
        s.cleanup()


def cli(server, *args, timeout_s=30):
    p = subprocess.run([REDIS_CLI, "-p", str(server.port), *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=timeout_s)
    return p.returncode, p.stdout.decode(errors="replace")


def stream_lines(server, args, want, timeout_s=10.0):
    """Starts a tool that runs until stopped, collects `want` non-empty lines (or what came before the
    deadline), stops it."""
    cmd = ([STDBUF, "-oL"] if STDBUF else []) + [REDIS_CLI, "-p", str(server.port), *args]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines, buf = [], b""
    deadline = time.time() + timeout_s
    try:
        while len(lines) < want and time.time() < deadline:
            ready, _, _ = select.select([p.stdout], [], [], max(0.0, deadline - time.time()))
            if not ready:
                break
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                break
            buf += chunk
            *done, buf = buf.split(b"\n")
            lines += [d.decode(errors="replace") for d in done if d.strip()]
    finally:
        p.kill()
        p.wait()
    return lines


def summary(out):
    return out[out.index("-------- summary -------"):]


def test_bigkeys_summary_is_the_same(pair):
    outs = {kind: cli(s, "--bigkeys") for kind, s in pair.items()}
    for kind, (rc, out) in outs.items():
        assert rc == 0, (kind, out)
        assert "Biggest string found '\"key:50\"' has 500 bytes" in out, (kind, out)
        assert "50 strings with 12750 bytes (92.59% of keys, avg size 255.00)" in out, (kind, out)
    assert summary(outs["ringkv"][1]) == summary(outs["redis"][1])


def per_type_counts(out):
    """--memkeys' closing lines: type -> number of keys (the bytes are each server's own)."""
    got = {}
    for m in re.finditer(r"^(\d+) (\w+) with (\d+) bytes \(([\d.]+)% of keys, avg size ([\d.]+)\)$", out, re.M):
        got[m.group(2)] = int(m.group(1))
        assert int(m.group(3)) >= 0
    return got


def test_memkeys_finds_every_type(pair):
    outs = {kind: cli(s, "--memkeys") for kind, s in pair.items()}
    for kind, (rc, out) in outs.items():
        assert rc == 0, (kind, out)
        for t in ("list", "hash", "string", "set", "zset"):
            assert re.search(rf"^Biggest +{t} found '\"[^\"]+\"' has \d+ bytes$", out, re.M), (kind, t, out)
    counts = {kind: per_type_counts(out) for kind, (rc, out) in outs.items()}
    assert counts["ringkv"] == counts["redis"] and counts["ringkv"]["strings"] == 50


def test_scan_with_a_pattern(pair):
    got = {kind: sorted(cli(s, "--scan", "--pattern", "key:1*")[1].split()) for kind, s in pair.items()}
    assert got["ringkv"] == got["redis"] == sorted(["key:1"] + [f"key:1{i}" for i in range(10)])


def test_hotkeys_under_lfu(pair):
    results = {}
    for kind, s in pair.items():
        c = s.client()
        for _ in range(300):
            c.get("key:7")
        c.close()
        rc, out = cli(s, "--hotkeys")
        assert rc == 0, (kind, out)
        found = re.findall(r"^hot key found with counter: (\d+)\tkeyname: \"([^\"]+)\"$", out, re.M)
        assert found, (kind, out)
        assert found[0][1] == "key:7" and int(found[0][0]) == max(int(n) for n, _ in found), (kind, out)
        assert re.search(r"Sampled 54 keys in the keyspace!", out)
        results[kind] = found[0][1]
    assert results["ringkv"] == results["redis"]


def test_hotkeys_without_lfu_says_why(pair):
    outs = {}
    for kind, s in pair.items():
        c = s.client()
        c.config_set("maxmemory-policy", "noeviction")
        outs[kind] = cli(s, "--hotkeys")
        c.config_set("maxmemory-policy", "allkeys-lfu")
        c.close()
    assert "An LFU maxmemory policy is not selected" in outs["ringkv"][1]
    assert outs["ringkv"] == outs["redis"]


STAT_ROW = re.compile(r"^(\d+)\s+([\d.]+[BKMGT]?)\s+(\d+)\s+(\d+)\s+(\d+) \(\+(\d+)\)\s+(\d+)\s*$")


def test_stat(pair):
    for kind, s in pair.items():
        lines = stream_lines(s, ["--stat", "-i", "0.2"], want=5)
        assert lines[0].startswith("------- data ------ --------------------- load --------------------"), (kind, lines)
        assert lines[1].split() == ["keys", "mem", "clients", "blocked", "requests", "connections"], (kind, lines)
        rows = [STAT_ROW.match(line) for line in lines[2:]]
        assert len(rows) >= 2 and all(rows), (kind, lines)
        assert int(rows[0].group(1)) == 54 and int(rows[0].group(3)) >= 1, (kind, lines)


LATENCY_RAW = re.compile(r"^(\d+) (\d+) ([\d.]+) (\d+)$")  # min max avg samples, as redis-cli prints them off a tty


def test_latency(pair):
    for kind, s in pair.items():
        rc, out = cli(s, "--latency", "--raw", "-i", "0.3")
        m = LATENCY_RAW.match(out.strip())
        assert rc == 0 and m, (kind, out)
        assert int(m.group(1)) <= int(m.group(2)) and int(m.group(4)) > 0, (kind, out)


def test_latency_history(pair):
    for kind, s in pair.items():
        lines = stream_lines(s, ["--latency-history", "-i", "1"], want=3)
        assert len(lines) == 3 and all(LATENCY_RAW.match(line) for line in lines), (kind, lines)


def test_latency_dist(pair):
    for kind, s in pair.items():
        lines = stream_lines(s, ["--latency-dist", "-i", "0.5"], want=9)
        text = "\n".join(lines)
        assert ". - * #          .01 .125 .25 .5 milliseconds" in text, (kind, text)
        assert "K,L,M,N,O,P,Q,?  1,2,4,8,16,30,60,>60 seconds" in text, (kind, text)
        # After the legend, one spectrum line per interval: colour escapes around the bucket characters.
        spectrum = [line for line in lines if line.startswith("\x1b[38;5;0m")]
        assert spectrum, (kind, text)
        assert re.sub(r"\x1b\[[\d;]+m", "", spectrum[0]).startswith(".-*#123456789ABCDEFGHIJKLMNOPQ?"), (kind, text)

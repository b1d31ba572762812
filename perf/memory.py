"""Memory per key of each data type, ringkv against redis-server on the same machine, one fresh server per
row: used_memory and RSS growth divided by the keys (and by the elements) loaded.

The rows are the issue's: 1M strings of 16 bytes; 1M small hashes of 5 fields; 100k sets of 100 integers;
100k sorted sets of 100 members; 10 lists of 1M elements; 1,000 hashes of 10,000 fields. A row whose
commands the server does not have (an error reply while loading) is reported as such, not measured.

    /usr/bin/python3 perf/memory.py [--scale 0.1] [--rows strings,hashes_small,...] [--json out.json]

Prints a Markdown table. --scale shrinks every row (a smoke test). Both servers are started as
perf/common.py starts them (pinned, no persistence). `perf/run.sh memory` runs it as a mode (run(), scale
MEMORY_SCALE, rows MEMORY_ROWS) and puts its section in perf/RESULTS.md.
"""

import argparse
import json
import os
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Conn, Server, rss_bytes  # noqa: E402

VALUE16 = b"v" * 16


def resp(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if not isinstance(a, bytes):
            a = str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


# Each row: (name, description, keys, elements, generator of commands). Elements are what a collection
# holds (fields, members); for strings they are the keys.
def rows(scale):
    def n(x):
        return max(1, int(x * scale))

    def strings():
        for i in range(n(1_000_000)):
            yield resp(b"SET", b"key:%012d" % i, VALUE16)

    def hashes_small():
        for i in range(n(1_000_000)):
            yield resp(b"HSET", b"user:%010d" % i, b"name", b"user%d" % i, b"email", b"u%d@example.com" % i,
                       b"age", str(20 + i % 60).encode(), b"city", b"Springfield", b"visits", str(i % 1000).encode())

    def sets_int():
        for i in range(n(100_000)):
            base = i * 1000
            yield resp(b"SADD", b"set:%010d" % i, *[str(base + j).encode() for j in range(100)])

    def zsets():
        for i in range(n(100_000)):
            args = []
            for j in range(100):
                args += [str((i * 7 + j * 13) % 10007).encode(), b"member:%d" % j]
            yield resp(b"ZADD", b"zset:%010d" % i, *args)

    def lists():
        per = n(1_000_000)
        for k in range(10):
            for start in range(0, per, 1000):
                yield resp(b"RPUSH", b"list:%d" % k, *[b"element:%08d" % (start + j)
                                                       for j in range(min(1000, per - start))])

    def hashes_big():
        for i in range(n(1_000)):
            for start in range(0, 10_000, 1000):
                args = []
                for j in range(start, start + 1000):
                    args += [b"field:%d" % j, b"value:%d" % j]
                yield resp(b"HSET", b"bighash:%06d" % i, *args)

    return [
        ("strings", "1M strings of 16 bytes", n(1_000_000), n(1_000_000), strings),
        ("hashes_small", "1M hashes of 5 fields (listpack)", n(1_000_000), n(1_000_000) * 5, hashes_small),
        ("sets_int", "100k sets of 100 integers (intset)", n(100_000), n(100_000) * 100, sets_int),
        # 100 members stay under zset-max-listpack-entries (128): Redis 7.0 keeps them in a listpack.
        ("zsets", "100k sorted sets of 100 members (listpack)", n(100_000), n(100_000) * 100, zsets),
        ("lists", "10 lists of 1M elements (quicklist)", 10, 10 * n(1_000_000), lists),
        ("hashes_big", "1,000 hashes of 10,000 fields (hashtable)", n(1_000), n(1_000) * 10_000, hashes_big),
    ]


def load(port, gen, batch_bytes=1 << 20):
    """Sends every command of gen pipelined in ~1 MB writes, reading the replies of one write before the
    next (the replies here are one line each). Returns (commands, first error or None)."""
    sent = 0
    first_error = None
    with Conn(port, timeout_s=300) as c:
        chunk, count = [], 0
        size = 0

        def flush():
            nonlocal first_error
            c.sock.sendall(b"".join(chunk))
            for _ in range(count):
                r = c.read_reply()
                if isinstance(r, bytes) and r.startswith(b"-") and first_error is None:
                    first_error = r.decode(errors="replace")
        for cmd in gen():
            chunk.append(cmd)
            count += 1
            size += len(cmd)
            sent += 1
            if size >= batch_bytes:
                flush()
                chunk, count, size = [], 0, 0
                if first_error:
                    return sent, first_error
        if chunk:
            flush()
    return sent, first_error


def info_int(port, field):
    with Conn(port, timeout_s=30) as c:
        c.sock.sendall(resp(b"INFO", b"memory"))
        text = c.read_reply()
    for line in text.decode().splitlines():
        if line.startswith(field + ":"):
            return int(line.split(":", 1)[1])
    return None


def encoding_of(port, key):
    with Conn(port, timeout_s=30) as c:
        c.sock.sendall(resp(b"OBJECT", b"ENCODING", key))
        r = c.read_reply()
    return r.decode(errors="replace") if isinstance(r, bytes) else str(r)


SAMPLE_KEY = {"strings": b"key:000000000000", "hashes_small": b"user:0000000000", "sets_int": b"set:0000000000",
              "zsets": b"zset:0000000000", "lists": b"list:0", "hashes_big": b"bighash:000000"}


def measure(server, row):
    name, _, keys, elements, gen = row
    try:
        server.start()
    except RuntimeError as e:
        return {"server": server.name, "row": name, "ok": False, "error": f"did not start: {str(e)[:300]}"}
    try:
        time.sleep(0.3)
        used0, rss0 = info_int(server.port, "used_memory"), rss_bytes(server.pid)
        t0 = time.monotonic()
        try:
            sent, err = load(server.port, gen)
        except OSError as e:  # the server closed the connection (died, or cut a client over a limit)
            err = f"{type(e).__name__}: {e}" + ("" if server.alive() else f" (it died: {server.log_tail(3)})")
        secs = time.monotonic() - t0
        if err:
            return {"server": server.name, "row": name, "ok": False, "error": err,
                    "unavailable": "unknown command" in err}
        time.sleep(1.5)  # a cron turn or two: ringkv hands back free pages once a second
        used1, rss1 = info_int(server.port, "used_memory"), rss_bytes(server.pid)
        return {"server": server.name, "row": name, "ok": True, "keys": keys, "elements": elements,
                "used_per_key": (used1 - used0) / keys, "rss_per_key": (rss1 - rss0) / keys,
                "used_per_elem": (used1 - used0) / elements, "rss_per_elem": (rss1 - rss0) / elements,
                "encoding": encoding_of(server.port, SAMPLE_KEY[name]), "load_s": secs, "commands": sent}
    finally:
        server.stop()


def fmt(x):
    return f"{x:,.1f}" if x < 1000 else f"{x:,.0f}"


def table(results):
    by = {(r["server"], r["row"]): r for r in results}
    lines = ["| row | encoding | ringkv used B/key | Redis used B/key | ratio | ringkv RSS B/key | Redis RSS B/key "
             "| ratio | used B/element ringkv / Redis |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, desc in ROW_NAMES:
        a, b = by.get(("ringkv", name)), by.get(("redis", name))
        if not a or not b:
            continue
        if not a["ok"] or not b["ok"]:
            lines.append(f"| {desc} | - | {a.get('error', '') or 'ok'} | {b.get('error', '') or 'ok'} | | | | | |")
            continue
        lines.append(f"| {desc} | {a['encoding']} / {b['encoding']} | {fmt(a['used_per_key'])} | "
                     f"{fmt(b['used_per_key'])} | {a['used_per_key'] / b['used_per_key']:.2f} | "
                     f"{fmt(a['rss_per_key'])} | {fmt(b['rss_per_key'])} | "
                     f"{a['rss_per_key'] / b['rss_per_key']:.2f} | "
                     f"{a['used_per_elem']:.1f} / {b['used_per_elem']:.1f} |")
    return "\n".join(lines)


ROW_NAMES = []


def run(servers, meta, log):
    """Mode `memory` of perf/bench.py: every row on both servers (fresh each time), MEMORY_SCALE and
    MEMORY_ROWS from the environment."""
    scale = float(os.environ.get("MEMORY_SCALE", "1"))
    wanted = set(filter(None, os.environ.get("MEMORY_ROWS", "").split(",")))
    all_rows = rows(scale)
    meta.update(scale=scale, rows=[{"row": r[0], "description": r[1], "keys": r[2], "elements": r[3]}
                                   for r in all_rows if not wanted or r[0] in wanted])
    results = []
    for row in all_rows:
        if wanted and row[0] not in wanted:
            continue
        for srv in servers:
            r = measure(srv, row)
            results.append(r)
            if r["ok"]:
                log(f"  memory {row[0]:13} {srv.name:6} used {r['used_per_key']:10,.1f} B/key  "
                    f"RSS {r['rss_per_key']:10,.1f} B/key  {r['encoding']}  loaded in {r['load_s']:.1f} s")
            else:
                log(f"  memory {row[0]:13} {srv.name:6} {'not available' if r.get('unavailable') else 'FAILED'}: "
                    f"{r['error'].split(', with args')[0][:120]}")
    return {"results": results}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--rows", default="")
    ap.add_argument("--json", default="")
    ap.add_argument("--ringkv", default=os.path.abspath(os.environ.get("RINGKV_BIN", "build/ringkv")))
    ap.add_argument("--redis", default=os.environ.get("REDIS_BIN", "redis-server"))
    args = ap.parse_args()
    all_rows = rows(args.scale)
    ROW_NAMES.extend((r[0], r[1]) for r in all_rows)
    wanted = set(filter(None, args.rows.split(",")))
    workdir = tempfile.mkdtemp(prefix="rkmem.")
    servers = [Server("ringkv", args.ringkv, workdir), Server("redis", args.redis, workdir)]
    results = []
    for row in all_rows:
        if wanted and row[0] not in wanted:
            continue
        for srv in servers:
            r = measure(srv, row)
            print(json.dumps(r), file=sys.stderr, flush=True)
            results.append(r)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    print(table(results))


if __name__ == "__main__":
    main()

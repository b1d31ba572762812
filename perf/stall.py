"""Mode `stall`: how long deleting one big value keeps other clients waiting. For each type (a list, a hash,
a set and a sorted set of STALL_ELEMENTS elements, and a string of STALL_STRING_MB megabytes), on each
server: build the key (pipelined variadic RPUSH/HSET/SADD/ZADD of 1000 elements, or one SET), start the
PING probe (growth.py probe: every 1 ms, real-time priority on the client core), delete the key with DEL,
rebuild it, delete it with UNLINK, and record the largest PING round trip during each delete.

The window of a delete runs from the moment the command is sent until the value is freed (the reply for a
synchronous free; lazyfree_pending_objects back at 0 for a lazy one, polled every 20 ms on the deleting
connection) and TAIL_S more: a server that hands freed pages back to the kernel later (ringkv's cron does,
once a second) stalls then, and that stall is the delete's too. A ping counts when its round trip overlaps
the window. The largest ping in the BASELINE_S before the delete is recorded too: it is what this machine
shows with nothing being deleted.

Redis 7.0's defaults: DEL frees synchronously (lazyfree-lazy-user-del no); UNLINK frees in a background
thread a value whose free effort exceeds 64 (elements of a list node count per node, of a set, hash or
sorted set per element), so a string is freed synchronously by both. Both servers run pinned to one core,
so a background free competes with the main thread for it.
"""

import json
import os
import subprocess
import sys
import time

from common import CLIENT_CORE, Conn, encode, info_field, missing_commands

ENV = os.environ
HERE = os.path.dirname(os.path.abspath(__file__))
PY = sys.executable or "/usr/bin/python3"
ROUNDS = int(ENV.get("STALL_ROUNDS", "3"))
ELEMENTS = int(ENV.get("STALL_ELEMENTS", "1000000"))
STRING_MB = int(ENV.get("STALL_STRING_MB", "100"))
BASELINE_S = 0.5
TAIL_S = 1.5
PER_COMMAND = 1000  # elements per variadic push
IN_FLIGHT = 8  # push commands sent before reading their replies
ONLY = [t.strip() for t in ENV.get("STALL_TYPES", "").split(",") if t.strip()]


def element_batches(kind):
    """The build commands of one type: (bytes of up to IN_FLIGHT commands, how many) pairs."""
    key = b"stall:" + kind.encode()
    if kind == "string":
        return [(encode(b"SET", key, b"x" * (STRING_MB << 20)), 1)]
    cmds = []
    for start in range(0, ELEMENTS, PER_COMMAND):
        idx = range(start, min(ELEMENTS, start + PER_COMMAND))
        if kind == "list":
            args = [b"element:%09d" % i for i in idx]
            cmds.append(encode(b"RPUSH", key, *args))
        elif kind == "set":
            cmds.append(encode(b"SADD", key, *[b"member:%09d" % i for i in idx]))
        elif kind == "hash":
            cmds.append(encode(b"HSET", key, *[x for i in idx for x in (b"field:%09d" % i, b"value:%09d" % i)]))
        elif kind == "zset":
            cmds.append(encode(b"ZADD", key, *[x for i in idx for x in (b"%d" % i, b"member:%09d" % i)]))
    return [(b"".join(cmds[i:i + IN_FLIGHT]), len(cmds[i:i + IN_FLIGHT])) for i in range(0, len(cmds), IN_FLIGHT)]


# (type, command that builds it, length command, expected length)
KINDS = [("list", "rpush", "LLEN"), ("hash", "hset", "HLEN"), ("set", "sadd", "SCARD"),
         ("zset", "zadd", "ZCARD"), ("string", "set", "STRLEN")]


def expected_length(kind):
    return (STRING_MB << 20) if kind == "string" else ELEMENTS


def build(srv, kind, batches):
    key = b"stall:" + kind.encode()
    with Conn(srv.port, timeout_s=300) as c:
        for batch, n in batches:
            c.sock.sendall(batch)
            for _ in range(n):
                r = c.read_reply()
                if isinstance(r, bytes) and r.startswith(b"-"):
                    raise RuntimeError(f"building {kind}: {r.decode(errors='replace')}")
        length_cmd = dict((k, lc) for k, _, lc in KINDS)[kind]
        r = c.call(length_cmd, key)
    length = int(r[1:]) if isinstance(r, bytes) and r.startswith(b":") else None
    if length != expected_length(kind):
        raise RuntimeError(f"{kind} holds {length} after the build, not {expected_length(kind)}")


def probe_cmd(port):
    cmd = ["taskset", "-c", CLIENT_CORE, PY, os.path.join(HERE, "growth.py"), "probe", str(port), "1", "all"]
    # chrt needs CAP_SYS_NICE: without it the probe runs at normal priority (the report says so).
    if subprocess.run(["chrt", "-f", "10", "true"], capture_output=True).returncode == 0:
        return ["chrt", "-f", "10"] + cmd, True
    return cmd, False


def pending(c):
    """lazyfree_pending_objects, read on connection c (None when the server does not report it)."""
    reply = c.call(b"INFO", b"memory")
    if not isinstance(reply, bytes):
        return None
    for line in reply.decode(errors="replace").splitlines():
        if line.startswith("lazyfree_pending_objects:"):
            return int(line.split(":", 1)[1])
    return None


def delete_under_probe(srv, kind, how):
    """Deletes the built key with `how` (DEL or UNLINK) while the probe runs; returns the figures."""
    key = b"stall:" + kind.encode()
    used0 = info_field(srv.port, "memory", "used_memory")
    cmd, realtime = probe_cmd(srv.port)
    probe = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with Conn(srv.port, timeout_s=120) as c:
            time.sleep(BASELINE_S)
            t0 = time.monotonic()
            c.sock.sendall(encode(how.encode(), key))
            reply = c.read_reply()
            t1 = time.monotonic()
            deadline = t1 + 60
            while time.monotonic() < deadline:
                p = pending(c)
                if not p:
                    break
                time.sleep(0.02)
            t2 = time.monotonic()
        time.sleep(TAIL_S)
    finally:
        probe.terminate()
        out, err = probe.communicate(timeout=30)
    if not out.strip():
        raise RuntimeError(f"probe printed nothing: {err.strip()[-2000:]}")
    pr = json.loads(out)
    t_end = t2 + TAIL_S
    # A ping belongs to the window when its round trip overlaps it.
    inside = [ms for ts, ms in pr["all"] if ts <= t_end and ts + ms / 1000.0 >= t0]
    before = [ms for ts, ms in pr["all"] if ts + ms / 1000.0 < t0]
    used1 = info_field(srv.port, "memory", "used_memory")
    res = {"reply": reply.decode(errors="replace") if isinstance(reply, bytes) else repr(reply),
           "command_ms": 1000 * (t1 - t0), "freed_ms": 1000 * (t2 - t0),
           "stall_ms": max(inside) if inside else None, "pings": len(inside),
           "over_2ms": sum(1 for ms in inside if ms > 2.0),
           "baseline_ms": max(before) if before else None, "probe_realtime": realtime,
           "probe_error": pr.get("error"),
           "used_memory_before": int(used0) if used0 and used0.isdigit() else None,
           "used_memory_after": int(used1) if used1 and used1.isdigit() else None}
    if reply != b":1":
        res["problem"] = f"{how} answered {res['reply']}"
    return res


def run(servers, meta, out_dir, log):
    kinds = [k for k in KINDS if not ONLY or k[0] in ONLY]
    meta.update(rounds=ROUNDS, elements=ELEMENTS, string_mb=STRING_MB, baseline_s=BASELINE_S, tail_s=TAIL_S,
                per_command=PER_COMMAND, kinds=[k[0] for k in kinds])
    results = []
    for kind, build_cmd, _ in kinds:
        t_gen = time.monotonic()
        batches = element_batches(kind)
        log(f"stall: {kind} ({expected_length(kind):,} {'bytes' if kind == 'string' else 'elements'}; "
            f"commands made in {time.monotonic() - t_gen:.1f} s)")
        for rnd in range(ROUNDS):
            order = servers if rnd % 2 == 0 else list(reversed(servers))
            for srv in order:
                srv.start()
                try:
                    missing = missing_commands(srv.port, [build_cmd, "del", "unlink"])
                    if missing and rnd == 0:
                        log(f"  {srv.name}: {kind} not available (no {' '.join(missing)})")
                    for how in ("DEL", "UNLINK"):
                        base = {"server": srv.name, "round": rnd, "type": kind, "how": how}
                        if missing:
                            results.append(dict(base, ok=False, unavailable=missing))
                            continue
                        try:
                            t_b = time.monotonic()
                            build(srv, kind, batches)
                            build_s = time.monotonic() - t_b
                            res = delete_under_probe(srv, kind, how)
                        except (RuntimeError, OSError, ValueError, subprocess.SubprocessError) as e:
                            results.append(dict(base, ok=False, problem=str(e)[:500]))
                            log(f"  {srv.name} {how:6} {kind}: FAILED: {str(e)[:300]}")
                            if not srv.alive():
                                break
                            continue
                        res.update(base, ok="problem" not in res, build_s=build_s)
                        results.append(res)
                        log(f"  {srv.name:6} {how:6} {kind:6}: max ping {res['stall_ms'] or 0:7.2f} ms "
                            f"(baseline {res['baseline_ms'] or 0:.2f}), command {res['command_ms']:.1f} ms, "
                            f"freed after {res['freed_ms']:.1f} ms, built in {build_s:.1f} s")
                finally:
                    srv.stop()
    return {"results": results}

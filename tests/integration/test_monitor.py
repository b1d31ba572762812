"""MONITOR as Redis 7.0.15 does it, side by side with redis-server: the same command stream gives the same
lines (timestamps and client ports aside): argument quoting and escaping, the db after the command (SELECT),
AUTH/HELLO passwords redacted, EVAL before its script's commands shown as [db lua], MULTI ... EXEC in the
order they ran, an aborted EXEC, no admin commands, no unknown or rejected commands; what a monitor itself
may run (no keyspace access, a second MONITOR is ignored, not inside MULTI, RESET ends it), CLIENT LIST's
flag O, a unix socket client's form, and a monitor that does not read is cut at its output limit."""
import os
import re
import shutil
import socket
import tempfile
import time

import redis

from servers import on_both, raw_reply, start_ringkv, wait_for

LINE = re.compile(r"^(\d+)\.(\d{6}) \[(\d+) ([^\]]+)\] (.*)$")


def conn(server, **kw):
    c = redis.Connection(host="127.0.0.1", port=server.port, socket_timeout=10, **kw)
    c.connect()
    return c


def unix_conn(path):
    c = redis.UnixDomainSocketConnection(path=path, socket_timeout=10)
    c.connect()
    return c


def monitor_lines(mon, want, timeout_s=10.0):
    """Reads monitor lines until `want` of them came (or the deadline), normalized: the time checked and
    dropped, the client's address replaced by its role."""
    out = []
    deadline = time.time() + timeout_s
    while len(out) < want and time.time() < deadline:
        if not mon.can_read(timeout=max(0.0, deadline - time.time())):
            break
        line = mon.read_response()
        line = line.decode() if isinstance(line, bytes) else line
        out.append(line)
    return out


def normalize(lines, addrs):
    out = []
    for line in lines:
        m = LINE.match(line)
        assert m, line
        assert abs(int(m.group(1)) - time.time()) < 60
        out.append(f"[{m.group(3)} {addrs.get(m.group(4), m.group(4))}] {m.group(5)}")
    return out


# What the client sends, in order; the monitor must show exactly the lines of `expect` (Redis's own
# output for this stream, kept here as the spec; the test also compares both servers line by line).
STREAM = [
    ("SET", "k", b'v "q"\n\x01\xff'),
    ("SELECT", "3"),
    ("SET", "n", "123"),
    ("SELECT", "0"),
    ("AUTH", "a", "b"),
    ("HELLO", "3", "AUTH", "u", "p"),
    ("HELLO", "2"),
    ("EVAL", "redis.call('set','x','1'); redis.call('select', 2); return redis.call('get','x')", "0"),
    ("MULTI",), ("SET", "a", "1"), ("GET", "a"), ("EXEC",),
    ("MULTI",), ("NOSUCH",), ("EXEC",),
    ("CONFIG", "GET", "maxmemory"), ("CLIENT", "LIST"), ("DEBUG", "SLEEP", "0"),
    ("UNKNOWNCMD", "a"), ("GET",),
    ("CLIENT", "SETNAME", "x"), ("PING",),
    ("EVALSHA", "a" * 40, "0"), ("FCALL", "nofunc", "0"),
    ("BLPOP", "bl", "0.01"),
    ("RPUSH", "bl2", "v"), ("BLPOP", "bl2", "1"),
]
EXPECT = [
    '[0 C] "CLIENT" "ID"',
    r'[0 C] "SET" "k" "v \"q\"\n\x01\xff"',
    '[3 C] "SELECT" "3"',
    '[3 C] "SET" "n" "123"',
    '[0 C] "SELECT" "0"',
    '[0 C] "AUTH" "(redacted)" "(redacted)"',
    '[0 C] "HELLO" "3" "AUTH" "(redacted)" "(redacted)"',
    '[0 C] "HELLO" "2"',
    '[0 C] "EVAL" "redis.call(\'set\',\'x\',\'1\'); redis.call(\'select\', 2); return redis.call(\'get\',\'x\')" "0"',
    '[0 lua] "set" "x" "1"',
    '[2 lua] "select" "2"',
    '[2 lua] "get" "x"',
    '[0 C] "MULTI"', '[0 C] "SET" "a" "1"', '[0 C] "GET" "a"', '[0 C] "EXEC"',
    '[0 C] "MULTI"', '[0 C] "EXEC"',
    '[0 C] "CLIENT" "SETNAME" "x"',
    '[0 C] "PING"',
    '[0 C] "EVALSHA" "' + "a" * 40 + '" "0"',
    '[0 C] "FCALL" "nofunc" "0"',
    '[0 C] "BLPOP" "bl" "0.01"',
    '[0 C] "RPUSH" "bl2" "v"',
    '[0 C] "BLPOP" "bl2" "1"',
]


def run_stream(server):
    mon = conn(server)
    mon.send_command("MONITOR")
    assert mon.read_response() in (b"OK", "OK")
    c = conn(server)
    c.send_command("CLIENT", "ID")
    c.read_response()
    addr = redis.Redis(host="127.0.0.1", port=server.port)
    me = None
    try:
        for line in addr.client_list():
            if line.get("cmd") == "client|id":
                me = line["addr"]
    finally:
        addr.close()
    for cmd in STREAM:
        raw_reply(c, *cmd)
    lines = monitor_lines(mon, len(EXPECT) + 2, timeout_s=3)
    mon.disconnect()
    c.disconnect()
    # The CLIENT ID and CLIENT LIST of the setup are admin: only the stream's own commands show.
    return normalize(lines, {me: "C"})


def test_the_stream_is_shown_as_redis_shows_it(either_server):
    assert run_stream(either_server) == EXPECT


def monitor_session(server):
    """What a monitor may do, each reply as it came (a monitor also sees its own commands)."""
    out = {}
    mon = conn(server)
    raw_reply(mon, "MONITOR")
    for cmd in [("GET", "k"), ("SET", "a", "b"), ("EXEC",), ("PING",)]:
        out[cmd] = raw_reply(mon, *cmd)
        if cmd in (("EXEC",), ("PING",)):  # commands that ran show on the monitor itself too
            out[cmd, "line"] = normalize(monitor_lines(mon, 1), {})[0].split("] ")[1]
    # A second MONITOR gets no reply at all.
    mon.send_command("MONITOR")
    out["second monitor replied"] = mon.can_read(timeout=0.3)
    other = redis.Redis(host="127.0.0.1", port=server.port)
    out["monitor flagged O"] = "O" in [c["flags"] for c in other.client_list()]
    other.close()
    mon.disconnect()
    # Inside MULTI it is refused when EXEC runs it.
    m2 = conn(server)
    raw_reply(m2, "MULTI")
    raw_reply(m2, "MONITOR")
    out["in exec"] = [str(x) for x in raw_reply(m2, "EXEC")]
    m2.disconnect()
    # RESET ends the mode: the keyspace is there again, and no line comes any more.
    m3 = conn(server)
    raw_reply(m3, "MONITOR")
    out["reset"] = raw_reply(m3, "RESET")
    out["after reset"] = raw_reply(m3, "GET", "nokey")
    redis.Redis(host="127.0.0.1", port=server.port).ping()
    out["lines after reset"] = m3.can_read(timeout=0.3)
    m3.disconnect()
    return out


def test_a_monitor_may_not_touch_the_keyspace_and_reset_ends_it():
    got = on_both(monitor_session)
    assert got["ringkv"] == got["redis"]
    r = got["ringkv"]
    assert r[("GET", "k")] == "ERR: Replica can't interact with the keyspace"
    assert r[("SET", "a", "b")] == "ERR: Replica can't interact with the keyspace"
    assert r[("PING",)] in (b"PONG", "PONG") and r[("PING",), "line"] == '"PING"'
    assert r[("EXEC",)] == "ERR: EXEC without MULTI" and r[("EXEC",), "line"] == '"EXEC"'
    assert r["second monitor replied"] is False
    assert r["monitor flagged O"]
    assert r["in exec"] == ["MONITOR isn't allowed for DENY BLOCKING client"]
    assert r["after reset"] is None and r["lines after reset"] is False


def test_unix_socket_clients_are_shown_with_the_socket_path():
    d = tempfile.mkdtemp(prefix="rk-mon-")
    path = os.path.join(d, "s.sock")

    def line_of_a_unix_client(server):
        mon = conn(server)
        raw_reply(mon, "MONITOR")
        u = unix_conn(path)
        raw_reply(u, "SET", "via", "unix")
        line = monitor_lines(mon, 1)[0]
        u.disconnect()
        mon.disconnect()
        return line.split(" ", 1)[1]

    try:
        got = on_both(line_of_a_unix_client, "--unixsocket", path)
    finally:
        shutil.rmtree(d, ignore_errors=True)
    assert got["ringkv"] == got["redis"] == f'[0 unix:{path}] "SET" "via" "unix"'


def test_a_monitor_that_does_not_read_is_cut_at_its_output_limit():
    # MONITOR output goes through the client's own output path: a monitor that stops reading is a normal
    # client over its hard limit, closed with Redis's log line, while the server keeps serving.
    server = start_ringkv("--client-output-buffer-limit", "normal 256kb 0 0")
    try:
        mon = conn(server)
        raw_reply(mon, "MONITOR")
        mon._sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        c = server.client()
        mon_id = [x["id"] for x in c.client_list() if x["flags"] == "O"][0]
        value = "x" * 4000
        pipe = c.pipeline(transaction=False)
        for i in range(2000):
            pipe.set(f"k{i}", value)
        pipe.execute()
        wait_for(lambda: mon_id not in [x["id"] for x in c.client_list()], 10, "the monitor to be closed")
        assert "scheduled to be closed ASAP for overcoming of output buffer limits" in server.log()
        assert c.ping()
        mon.disconnect()
        c.close()
    finally:
        server.cleanup()

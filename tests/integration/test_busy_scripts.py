"""Busy scripts, each scenario against redis-server 7.0.15 and ringkv: a script running past busy-reply-threshold
lets the server answer other clients (BUSY for everything but the allow-busy commands), SCRIPT KILL stops it
(not once it wrote: UNKILLABLE, then only SHUTDOWN NOSAVE), pcall cannot catch the kill, commands pipelined
behind the script run after it, new connections are accepted meanwhile, and a client that disconnects while
its script runs does not take the server down. The scripts here run at most a few seconds or are killed."""
import socket
import time

import pytest

from servers import start_redis, start_ringkv
from test_blocking import Raw, encode

THRESHOLD_MS = 100
LOOP_FOREVER = "local i = 0 while true do i = i + 1 end"
# Runs about `ms` milliseconds by the server's clock, then returns how many rounds it made (not compared).
LOOP_FOR = ("local t = redis.call('TIME') local start = t[1] * 1000000 + t[2] local n = 0 "
            "while true do n = n + 1 t = redis.call('TIME') "
            "if t[1] * 1000000 + t[2] - start > tonumber(ARGV[1]) * 1000 then break end end return 'done'")


@pytest.fixture(scope="module")
def pair():
    servers = [start_redis(), start_ringkv()]
    try:
        yield servers
    finally:
        for s in servers:
            s.cleanup()


def prepared(s):
    c = Raw(s.port)
    assert c.call("CONFIG", "SET", "busy-reply-threshold", str(THRESHOLD_MS)) == b"+OK\r\n"
    c.call("FLUSHALL")
    c.call("SCRIPT", "FLUSH")
    return c


def wait_busy(c, timeout_s=15.0):
    """Sends PING until the server answers BUSY (the script passed the threshold)."""
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        r = c.call("PING")
        if r.startswith(b"-BUSY"):
            return r
        assert r == b"+PONG\r\n", r
        time.sleep(0.02)
    raise AssertionError("the server never answered BUSY")


def wait_pong(c, timeout_s=15.0):
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        r = c.call("PING")
        if r == b"+PONG\r\n":
            return
        assert r.startswith(b"-BUSY"), r
        time.sleep(0.02)
    raise AssertionError("still busy")


def run_both(pair, scenario):
    out = []
    for s in pair:
        out.append(scenario(s))
    assert out[0] == out[1], f"redis: {out[0]!r}\nringkv: {out[1]!r}"
    return out[1]


def test_busy_replies_and_script_kill(pair):
    def scenario(s):
        a, b = prepared(s), prepared(s)
        try:
            a.send(encode("EVAL", LOOP_FOREVER, "0"))
            got = [wait_busy(b)]
            for cmd in (("GET", "k"), ("INFO", "server"), ("SET", "k", "v"), ("SHUTDOWN",), ("SHUTDOWN", "SAVE"),
                        ("SCRIPT", "FLUSH"), ("EVAL", "return 1", "0"), ("CLIENT", "LIST"),
                        ("MULTI",), ("SET", "k", "v"), ("EXEC",), ("MULTI",), ("DISCARD",), ("WATCH", "k"),
                        ("UNWATCH",), ("SCRIPT", "KILL")):
                got.append(b.call(*cmd))
            got.append(a.reply())
            wait_pong(b)
            got.append(b.call("GET", "k"))
            got.append(a.call("PING"))
            got.append(b.call("SCRIPT", "KILL"))
            return got
        finally:
            a.close()
            b.close()

    got = run_both(pair, scenario)
    assert got[0].startswith(b"-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.")
    assert got[-4].startswith(b"-ERR Script killed by user with SCRIPT KILL...")


def test_unkillable_after_a_write(pair):
    def scenario(s):
        a, b = prepared(s), prepared(s)
        try:
            a.send(encode("EVAL", "redis.call('SET', KEYS[1], 'x') " + LOOP_FOR, "1", "w", "1500"))
            got = [wait_busy(b), b.call("SCRIPT", "KILL"), a.reply()]
            wait_pong(b)
            got.append(b.call("GET", "w"))
            return got
        finally:
            a.close()
            b.close()

    got = run_both(pair, scenario)
    assert got[1].startswith(b"-UNKILLABLE Sorry the script already executed write commands")
    assert got[2] == b"$4\r\ndone\r\n" and got[3] == b"$1\r\nx\r\n"


def test_pcall_cannot_catch_the_kill(pair):
    script = "while true do pcall(function() " + LOOP_FOREVER + " end) end"

    def scenario(s):
        a, b = prepared(s), prepared(s)
        try:
            a.send(encode("EVAL", script, "0"))
            got = [wait_busy(b), b.call("SCRIPT", "KILL"), a.reply()]
            wait_pong(b)
            return got
        finally:
            a.close()
            b.close()

    got = run_both(pair, scenario)
    assert got[2].startswith(b"-ERR Script killed by user")


def test_pipeline_behind_a_busy_script_runs_after_it(pair):
    def scenario(s):
        a, b = prepared(s), prepared(s)
        try:
            a.send(encode("EVAL", LOOP_FOR, "0", "1500") + encode("INCR", "n") + encode("GET", "n"))
            busy = wait_busy(b)
            # Bytes the script's own client sends while it runs wait behind it.
            a.send(encode("INCR", "n"))
            got = [busy, a.reply(), a.reply(), a.reply(), a.reply()]
            wait_pong(b)
            got.append(b.call("GET", "n"))
            return got
        finally:
            a.close()
            b.close()

    got = run_both(pair, scenario)
    assert got[1:] == [b"$4\r\ndone\r\n", b":1\r\n", b"$1\r\n1\r\n", b":2\r\n", b"$1\r\n2\r\n"]


def test_new_connections_and_allowed_commands_while_busy(pair):
    def scenario(s):
        a, b = prepared(s), prepared(s)
        late = None
        try:
            a.send(encode("EVAL", LOOP_FOREVER, "0"))
            got = [wait_busy(b)]
            late = Raw(s.port)  # accepted while the script runs
            got.append(late.call("PING"))
            got.append(late.call("AUTH", "nopass"))
            got.append(late.call("HELLO", "3", "SETNAME", "late")[:1])  # a map: its head only
            got.append(late.call("FUNCTION", "KILL"))
            quitter = Raw(s.port)  # QUIT is allowed: it closes that connection while the script runs
            got.append(quitter.call("QUIT"))
            try:
                got.append(quitter.sock.recv(10))
            finally:
                quitter.close()
            got.append(late.call("RESET"))
            got.append(late.call("SCRIPT", "KILL"))
            got.append(a.reply())
            wait_pong(b)
            got.append(late.call("CLIENT", "GETNAME"))
            got.append(late.call("PING"))
            return got
        finally:
            a.close()
            b.close()
            if late is not None:
                late.close()

    got = run_both(pair, scenario)
    assert got[1].startswith(b"-BUSY")
    assert got[4] == b"-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n"


def test_script_client_disconnects_while_busy(pair):
    def scenario(s):
        a, b = prepared(s), prepared(s)
        try:
            a.send(encode("EVAL", LOOP_FOREVER, "0"))
            got = [wait_busy(b)]
            a.sock.shutdown(socket.SHUT_RDWR)
            a.close()
            time.sleep(0.2)  # the server sees the peer go while the script still runs
            got.append(b.call("PING"))
            got.append(b.call("SCRIPT", "KILL"))
            wait_pong(b)
            got.append(b.call("SET", "after", "1"))
            deadline = time.time() + 10
            while b"cmd=eval" in b.call("CLIENT", "LIST") and time.time() < deadline:
                time.sleep(0.05)
            got.append(b"cmd=eval" in b.call("CLIENT", "LIST"))
            return got
        finally:
            b.close()

    got = run_both(pair, scenario)
    assert got[1].startswith(b"-BUSY") and got[2] == b"+OK\r\n" and got[-1] is False


def test_busy_wins_over_a_client_pause(pair):
    """Under CLIENT PAUSE WRITE a read-only script may run; once it is busy, a write from another client gets
    BUSY (not held by the pause), as Redis checks busy first."""
    ro_loop = "#!lua flags=no-writes\n" + LOOP_FOREVER

    def scenario(s):
        a, b, p = prepared(s), prepared(s), prepared(s)
        try:
            assert p.call("CLIENT", "PAUSE", "20000", "WRITE") == b"+OK\r\n"
            a.send(encode("EVAL_RO", ro_loop, "0"))
            got = [wait_busy(b), b.call("SET", "k", "v"), b.call("GET", "k"), b.call("SCRIPT", "KILL"), a.reply()]
            wait_pong(b)
            got.append(p.call("CLIENT", "UNPAUSE"))
            return got
        finally:
            for c in (a, b, p):
                c.close()

    got = run_both(pair, scenario)
    assert got[1].startswith(b"-BUSY")


def test_blocked_clients_are_served_after_the_script(pair):
    """ringkv serves a client blocked on a key the script pushed to only once the script ended (Redis 7.0 could
    serve it in the middle, after an allowed command such as MULTI ran during the busy script: not compared)."""
    s = pair[1]
    a, b, w = prepared(s), prepared(s), prepared(s)
    try:
        w.send(encode("BLPOP", "q", "0"))
        deadline = time.time() + 10
        while b"blocked_clients:1" not in b.call("INFO", "clients") and time.time() < deadline:
            time.sleep(0.02)
        a.send(encode("EVAL", "redis.call('LPUSH', 'q', 'a') " + LOOP_FOR, "0", "1000"))
        wait_busy(b)
        assert b.call("MULTI") == b"+OK\r\n" and b.call("DISCARD") == b"+OK\r\n"
        assert w.nothing_pending(0.2)
        assert a.reply() == b"$4\r\ndone\r\n"
        assert w.reply() == b"*2\r\n$1\r\nq\r\n$1\r\na\r\n"
    finally:
        for c in (a, b, w):
            c.close()


@pytest.mark.parametrize("which", ["redis", "ringkv"])
def test_shutdown_nosave_ends_a_busy_script(which):
    s = start_redis() if which == "redis" else start_ringkv()
    try:
        a, b = prepared(s), prepared(s)
        a.send(encode("EVAL", "redis.call('SET', 'x', '1') " + LOOP_FOREVER, "0"))
        wait_busy(b)
        assert b.call("SCRIPT", "KILL").startswith(b"-UNKILLABLE")
        assert b.call("SHUTDOWN").startswith(b"-BUSY")
        b.send(encode("SHUTDOWN", "NOSAVE"))
        s.proc.wait(timeout=15)
        assert s.proc.returncode == 0
        for c in (a, b):
            c.close()
    finally:
        s.cleanup()


def test_busy_function_and_function_kill(pair):
    lib = "#!lua name=busylib\nredis.register_function('spin', function(keys, args) " + LOOP_FOREVER + " end)"

    def scenario(s):
        a, b = prepared(s), prepared(s)
        try:
            b.call("FUNCTION", "FLUSH")
            assert b.call("FUNCTION", "LOAD", lib) == b"$7\r\nbusylib\r\n"
            a.send(encode("FCALL", "spin", "0"))
            got = [wait_busy(b), b.call("GET", "k"), b.call("SCRIPT", "KILL")]
            stats = b.call("FUNCTION", "STATS")
            # name and command of the running function; its duration varies
            got.append(stats.split(b"duration_ms")[0])
            got.append(b.call("FUNCTION", "KILL"))
            got.append(a.reply())
            wait_pong(b)
            got.append(b.call("FUNCTION", "KILL"))
            got.append(b.call("FUNCTION", "FLUSH"))
            return got
        finally:
            a.close()
            b.close()

    got = run_both(pair, scenario)
    assert got[0] == b"-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n"
    assert got[4] == b"+OK\r\n" and got[-2] == b"-NOTBUSY No scripts in execution right now.\r\n"

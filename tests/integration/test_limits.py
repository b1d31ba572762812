"""Limits that hold under hostile clients: the output-buffer limit is checked as each reply is appended
(a client's unsent output never passes its hard limit, whatever the batch), the query-buffer limit as the
bytes of a command arrive, freed memory goes back to the system within seconds, and maxmemory refuses
writes past it. Each case is checked against redis-server where Redis has the same limit. Memory figures
are read from /proc (VmHWM is the peak resident set of the process) on a server of the test's own."""
import os
import socket
import time

import pytest
import redis

from servers import start_redis
from test_differential import ConnectionClosed, RespConn, encode


# Under AddressSanitizer the allocator is ASan's (quarantined frees, shadow memory): resident-set figures
# say nothing about ringkv's own memory handling, so the tests that read them run in the release build only.
ASAN = os.environ.get("RINGKV_ASAN") == "1"
rss_figures = pytest.mark.skipif(ASAN, reason="resident-set figures are ASan's under the sanitizer build")


def proc_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def mb(n):
    return n << 20


def read_until_closed(sock, timeout_s=15.0):
    """Reads until the server closes the connection; returns the bytes received."""
    got = bytearray()
    deadline = time.time() + timeout_s
    sock.settimeout(0.5)
    while time.time() < deadline:
        try:
            d = sock.recv(1 << 20)
        except socket.timeout:
            continue
        except ConnectionResetError:
            return bytes(got), True
        if not d:
            return bytes(got), True
        got += d
    return bytes(got), False


def wait_for_log(srv, text, timeout_s=20.0):
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        if text in srv.log():
            return True
        time.sleep(0.05)
    return False


def non_reader(srv, requests):
    """A client with a tiny receive buffer that sends `requests` and never reads."""
    s = socket.create_connection(("127.0.0.1", srv.port))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    try:
        s.sendall(requests)
    except OSError:
        pass  # already cut off
    return s


def test_non_reading_client_is_bounded_by_its_limit(fresh_ringkv):
    """150 pipelined GETs of a 10 MB value from a client that never reads, limit 100 MB: the server's
    resident set grows by the limit plus one reply at most (it grew by 1.5 GB when the limit was checked once
    per read), the client is cut off with Redis's log line, and nothing is sent to it."""
    srv = fresh_ringkv("--client-output-buffer-limit", "normal", "100mb", "0", "0")
    c = srv.client()
    c.set("big", b"v" * mb(10))
    base_kb = proc_kb(srv.proc.pid, "VmRSS")
    s = non_reader(srv, encode("GET", "big") * 150)
    assert wait_for_log(srv, "scheduled to be closed ASAP for overcoming of output buffer limits."), srv.log()
    got, closed = read_until_closed(s)
    s.close()
    assert closed
    # Whatever the kernel had already taken before the cut (a few socket buffers) at most.
    assert len(got) < mb(20), len(got)
    peak_growth = proc_kb(srv.proc.pid, "VmHWM") - base_kb
    assert ASAN or peak_growth < (100 + 10 + 40) * 1024, f"peak grew by {peak_growth} kB"
    assert c.info("stats")["client_output_buffer_limit_disconnections"] == 1
    assert c.strlen("big") == mb(10)


@pytest.mark.parametrize("server", ["ringkv", "redis"])
def test_single_reply_over_the_limit_gets_no_response(fresh_ringkv, server):
    """Redis's obuf-limits test: one reply bigger than the hard limit closes the client before anything is
    sent, and the memory of that reply is freed."""
    srv = fresh_ringkv() if server == "ringkv" else start_redis()
    try:
        c = srv.client()
        c.config_set("client-output-buffer-limit", "normal 100000 0 0")
        c.set("bigkey", b"x" * 150000)
        before = c.info("memory")["used_memory"]
        with RespConn(srv.port) as rd:
            assert rd.call("CLIENT", "SETNAME", "mybig").raw == b"+OK\r\n"
            rd.send(encode("GET", "bigkey"))
            deadline = time.time() + 5
            while any(x.get("name") == "mybig" for x in c.client_list()):
                assert time.time() < deadline, "the client was not closed"
                time.sleep(0.02)
            with pytest.raises(ConnectionClosed):
                rd.read()
        assert c.info("memory")["used_memory"] < before + 100000
    finally:
        if server == "redis":
            srv.cleanup()


@pytest.mark.parametrize("server", ["ringkv", "redis"])
def test_pipeline_over_the_limit_gets_no_response(fresh_ringkv, server):
    """Redis's obuf-limits test: a pipeline run in one batch whose replies pass the limit closes the client
    with no response at all, even though each reply is small."""
    srv = fresh_ringkv() if server == "ringkv" else start_redis()
    try:
        c = srv.client()
        c.config_set("client-output-buffer-limit", "normal 100000 0 0")
        c.set("bigkey", b"x" * 10000)
        with RespConn(srv.port) as sleeper, RespConn(srv.port) as rd:
            assert rd.call("CLIENT", "SETNAME", "multicommands").raw == b"+OK\r\n"
            sleeper.send(encode("DEBUG", "SLEEP", "1"))
            time.sleep(0.1)
            buf = b"".join(b"set %d %d\r\nget %d\r\ndel %d\r\nget bigkey\r\n" % (i, i, i, i) for i in range(15))
            rd.send(buf)
            assert sleeper.read().raw == b"+OK\r\n"
            assert c.ping()
            deadline = time.time() + 5
            while any(x.get("name") == "multicommands" for x in c.client_list()):
                assert time.time() < deadline, "the client was not closed"
                time.sleep(0.02)
            with pytest.raises(ConnectionClosed):
                rd.read()
    finally:
        if server == "redis":
            srv.cleanup()


def test_errors_under_client_reply_off_are_counted(fresh_ringkv):
    srv = fresh_ringkv()
    rs = start_redis()
    try:
        for s in (srv, rs):
            with RespConn(s.port) as rc:
                rc.call("CONFIG", "RESETSTAT")
                rc.send(encode("CLIENT", "REPLY", "OFF") + encode("NOSUCHCOMMAND") + encode("INCR") +
                        encode("CLIENT", "REPLY", "ON"))
                assert rc.read().raw == b"+OK\r\n"
                info = rc.call("INFO", "errorstats").value.decode()
                stats = rc.call("INFO", "stats").value.decode()
            s.errs = (sorted(l for l in info.splitlines() if l.startswith("errorstat_")),
                      [l for l in stats.splitlines() if l.startswith("total_error_replies")])
        assert srv.errs == rs.errs
        assert srv.errs[1] == ["total_error_replies:2"]
    finally:
        rs.cleanup()


# ---------------------------------------------------------------- query buffer


@pytest.mark.parametrize("how", ["one write", "in pieces"])
def test_query_buffer_limit_applies_while_a_bulk_arrives(fresh_ringkv, how):
    """A 3 MB SET with client-query-buffer-limit 1mb closes the connection (Redis does too) and stores
    nothing, whether it arrives in one write or trickles in."""
    srv = fresh_ringkv("--client-query-buffer-limit", "1mb")
    c = srv.client()
    s = socket.create_connection(("127.0.0.1", srv.port))
    req = encode("SET", "k", b"z" * mb(3))
    try:
        if how == "one write":
            s.sendall(req)
        else:
            for i in range(0, len(req), 64 * 1024):
                s.sendall(req[i:i + 64 * 1024])
                time.sleep(0.002)
    except OSError:
        pass  # already closed
    got, closed = read_until_closed(s, 10)
    s.close()
    assert closed and got == b""
    assert c.exists("k") == 0
    assert wait_for_log(srv, "Closing client that reached max query buffer length")
    assert c.info("stats")["client_query_buffer_limit_disconnections"] == 1


def test_pipeline_of_small_commands_larger_than_the_query_limit_is_served(fresh_ringkv):
    """The limit is about one command (or the part of one still arriving), not a pipeline: 4 MB of small
    SETs in one write with a 1 MB limit are all served, as Redis (which reads 16 KB at a time) serves them."""
    srv = fresh_ringkv("--client-query-buffer-limit", "1mb")
    n = 40000
    with RespConn(srv.port) as rc:
        rc.send(b"".join(encode("SET", f"key:{i}", b"v" * 64) for i in range(n)))
        for _ in range(n):
            assert rc.read().raw == b"+OK\r\n"
        assert rc.call("DBSIZE").raw == b":%d\r\n" % n


# ---------------------------------------------------------------- memory comes back


def test_used_memory_and_rss_come_back(fresh_ringkv):
    """used_memory counts what is in use (not what the allocator keeps), and freed memory is returned to the
    system within seconds: after a cut-off client and after FLUSHALL."""
    srv = fresh_ringkv("--client-output-buffer-limit", "normal", "300mb", "0", "0")
    c = srv.client()
    base_used = c.info("memory")["used_memory"]
    c.set("big", b"v" * mb(10))
    s = non_reader(srv, encode("GET", "big") * 60)
    assert wait_for_log(srv, "overcoming of output buffer limits")
    s.close()
    for i in range(200):
        c.set(f"k{i}", b"w" * mb(2))
    used = c.info("memory")["used_memory"]
    assert used > base_used + mb(400)
    c.flushall()
    used = c.info("memory")["used_memory"]
    assert used < base_used + mb(4), (used, base_used)
    deadline = time.time() + 6
    while not ASAN and proc_kb(srv.proc.pid, "VmRSS") * 1024 > used + mb(64):
        assert time.time() < deadline, f"RSS {proc_kb(srv.proc.pid, 'VmRSS')} kB stayed high, used {used}"
        time.sleep(0.1)


# ---------------------------------------------------------------- maxmemory


def test_maxmemory_refuses_writes_like_noeviction(fresh_ringkv):
    srv = fresh_ringkv()
    c = srv.client()
    used = c.info("memory")["used_memory"]
    c.config_set("maxmemory", used + mb(2))
    c.set("a", "1")
    with pytest.raises(redis.ResponseError, match="^OOM command not allowed when used memory > 'maxmemory'.$"):
        for i in range(100):
            c.set(f"fill{i}", b"x" * 100000)
    assert c.get("a") == b"1"  # reads still work
    assert c.delete("a") == 1  # and so does DEL (not denyoom)
    assert c.info("errorstats")["errorstat_OOM"] in ("count=1", {"count": 1})
    c.config_set("maxmemory", 0)
    c.set("b", b"x" * 100000)


@rss_figures
def test_memory_purge_returns_freed_memory_at_once(fresh_ringkv):
    srv = fresh_ringkv()
    c = srv.client()
    for i in range(150):
        c.set(f"k{i}", b"w" * mb(2))
    c.flushall()
    assert c.execute_command("MEMORY", "PURGE") == b"OK"
    used = c.info("memory")["used_memory"]
    assert proc_kb(srv.proc.pid, "VmRSS") * 1024 < used + mb(48), (proc_kb(srv.proc.pid, "VmRSS"), used)


# ---------------------------------------------------------------- output backpressure


def test_client_reading_as_it_goes_is_served_past_the_limit_in_one_batch(fresh_ringkv):
    """4 GETRANGEs of a 256 MB value in one write (1 GB and a little of replies, past the default 1 GB
    limit counted for the batch as a whole): a client that reads as it goes gets all four, because the
    server waits for its output to drain before running the next command, and counts only what is unsent."""
    srv = fresh_ringkv()
    c = srv.client()
    size = 256 << 20
    c.setrange("huge", size - 1, b"e")
    c.setrange("huge", 0, b"s")
    with RespConn(srv.port, timeout=60) as rc:
        rc.send(encode("GETRANGE", "huge", 0, -1) * 4 + encode("PING"))
        for _ in range(4):  # noqa: B007 (the index names the reply in the message)
            # Read the reply piece by piece without holding all of it (a bulk header, then the bytes).
            line = b""
            while not line.endswith(b"\r\n"):
                byte = rc.sock.recv(1)
                assert byte, f"connection closed before reply {_ + 1}: the client was cut off"
                line += byte
            assert line == b"$%d\r\n" % size, line[:40]
            left, first, last = size + 2, None, b""
            while left > 0:
                chunk = rc.sock.recv(min(left, 4 << 20))
                assert chunk, "connection closed mid-reply"
                if first is None:
                    first = chunk[:1]
                left -= len(chunk)
                last = (last + chunk)[-3:]
            assert first == b"s" and last == b"e\r\n"
        assert rc.read().raw == b"+PONG\r\n"
    assert c.info("stats")["client_output_buffer_limit_disconnections"] == 0


def test_non_reading_client_with_the_default_limit_is_cut_off(fresh_ringkv):
    """The same wait does not protect a client that never reads: once its socket has taken nothing for a
    while, its commands run on into the default 1 GB limit and it is cut off with the log line, the server's
    memory bounded by the limit plus one reply."""
    srv = fresh_ringkv()
    c = srv.client()
    c.set("big", b"v" * mb(10))
    base_kb = proc_kb(srv.proc.pid, "VmRSS")
    s = non_reader(srv, encode("GET", "big") * 250)  # 7 KB of input, 2.5 GB of replies
    try:
        assert wait_for_log(srv, "overcoming of output buffer limits", timeout_s=30), srv.log()[-2000:]
    finally:
        s.close()
    growth_kb = proc_kb(srv.proc.pid, "VmHWM") - base_kb
    assert ASAN or growth_kb < (1024 + 10 + 100) * 1024, f"peak grew by {growth_kb} kB"
    assert c.ping()

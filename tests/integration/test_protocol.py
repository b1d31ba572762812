"""RESP and inline protocol behaviour over raw sockets: inline commands, every protocol error (the reply, and
that the connection is then closed while other connections keep working), commands split at every byte,
a 100,000-command pipeline, a 64 MB value, huge multibulk/bulk headers, RESP3 via HELLO 3, and the
unauthenticated limits under requirepass. Where the exact bytes matter the same payload is sent to a real
redis-server and the two byte streams (and whether the connection was closed) are compared."""
import hashlib
import os
import socket
import threading
import time

import pytest

from servers import start_redis
from test_differential import ringkv_holder, ringkv_restarting  # noqa: F401  (fixtures)
from test_differential import RespConn, encode


# ---------------------------------------------------------------------------------------------------------
# Helpers.

def exchange(port, payload, expect_len=None, idle_s=0.3, timeout_s=5.0):
    """Sends `payload` on a new connection and collects what comes back. Returns (bytes, closed) where
    closed is True when the server closed (or reset) the connection. Stops reading when the peer closes,
    when `timeout_s` has passed, or when the line has been idle for `idle_s` (after at least `expect_len`
    bytes when that is given)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout_s)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    out = bytearray()
    closed = False
    try:
        try:
            s.sendall(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may close while a too-big request is still being sent
        deadline = time.time() + timeout_s
        last = time.time()
        while time.time() < deadline:
            enough = expect_len is None or len(out) >= expect_len
            s.settimeout(idle_s if enough else max(0.05, deadline - time.time()))
            try:
                d = s.recv(1 << 16)
            except socket.timeout:
                if enough and time.time() - last >= idle_s:
                    break
                continue
            except ConnectionResetError:
                closed = True
                break
            if not d:
                closed = True
                break
            out += d
            last = time.time()
    finally:
        s.close()
    return bytes(out), closed


def ping_ok(port):
    with RespConn(port, timeout=5) as c:
        return c.call("PING").raw == b"+PONG\r\n"


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


# ---------------------------------------------------------------------------------------------------------
# Exact-bytes cases, compared with redis-server. (name, payload)

BIG_INLINE = b"a" * 70000                       # > 64 KB (PROTO_INLINE_MAX_SIZE) without a newline
BIG_MBULK_COUNT = b"*" + b"1" * 70000           # multibulk count line longer than 64 KB
BIG_BULK_COUNT = b"*1\r\n$" + b"1" * 70000      # bulk length line longer than 64 KB

CASES = [
    # inline commands
    ("inline-ping", b"PING\r\n"),
    ("inline-lf-only", b"PING\n"),
    ("inline-quoted", b'SET inl "b c"\r\nGET inl\r\n'),
    ("inline-escapes", b'PING "a\\x41\\n"\r\nPING \'it\\\'s\'\r\n'),
    ("inline-blanks", b"  PING   hello  \r\n"),
    ("inline-empty-lines", b"\r\n\n\r\n\nPING\r\n"),
    ("inline-lone-newline", b"\n"),
    ("inline-empty-name", b'"" x\r\n'),
    ("inline-dollar-as-inline", b"$4\r\nPING\r\n"),
    ("inline-unbalanced-double", b'SET a "b\r\n'),
    ("inline-unbalanced-single", b"SET a 'b\r\n"),
    ("inline-quote-then-text", b'PING "a"b\r\n'),
    ("inline-too-big", BIG_INLINE),
    ("inline-then-multibulk", b"PING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n"),
    # multibulk
    ("mb-ok", b"*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n"),
    ("mb-empty-bulk", b"*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"),
    ("mb-empty-name", b"*1\r\n$0\r\n\r\n"),
    ("mb-binary", b"*2\r\n$4\r\nECHO\r\n$4\r\n\x00\r\n\xff\r\n"),
    ("mb-zero-count", b"*0\r\nPING\r\n"),
    ("mb-negative-count", b"*-5\r\nPING\r\n"),
    ("mb-minus-one-count", b"*-1\r\nPING\r\n"),
    ("mb-invalid-count", b"*abc\r\n"),
    ("mb-empty-count", b"*\r\n"),
    ("mb-count-space", b"*1 \r\n$4\r\nPING\r\n"),
    ("mb-count-leading-zero", b"*01\r\n$4\r\nPING\r\n"),
    ("mb-count-plus", b"*+1\r\n$4\r\nPING\r\n"),
    ("mb-count-over-int-max", b"*2147483648\r\n"),
    ("mb-count-lf-only", b"*1\n$4\nPING\r\n"),
    ("mb-too-big-count-string", BIG_MBULK_COUNT),
    ("mb-expected-dollar", b"*1\r\nfoo\r\n"),
    ("mb-expected-dollar-colon", b"*1\r\n:1\r\n"),
    ("mb-expected-dollar-star", b"*3\r\n$3\r\nSET\r\n$1\r\na\r\n*1\r\n"),
    ("mb-invalid-bulk-len", b"*1\r\n$abc\r\n"),
    ("mb-empty-bulk-len", b"*1\r\n$\r\n"),
    ("mb-bulk-len-minus-one", b"*1\r\n$-1\r\n"),
    ("mb-bulk-len-plus", b"*1\r\n$+4\r\nPING\r\n"),
    ("mb-bulk-over-proto-max", b"*1\r\n$536870913\r\n"),
    ("mb-too-big-bulk-count-string", BIG_BULK_COUNT),
    ("mb-pipeline-mixed", b"*1\r\n$4\r\nPING\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$1\r\nx\r\n"),
    ("mb-ok-then-error", b"*1\r\n$4\r\nPING\r\n*x\r\n*1\r\n$4\r\nPING\r\n"),
]


@pytest.mark.parametrize("name,payload", CASES, ids=[c[0] for c in CASES])
def test_exact_bytes_vs_redis(ringkv, redis_server, name, payload):
    rc = ringkv.client()
    rc.delete("inl")
    redis_server.client().delete("inl")
    want, want_closed = exchange(redis_server.port, payload)
    got, got_closed = exchange(ringkv.port, payload, expect_len=len(want))
    assert (got, got_closed) == (want, want_closed), (
        f"payload {payload[:60]!r}{'...' if len(payload) > 60 else ''}\n"
        f"  ringkv: {got!r} closed={got_closed}\n  redis:  {want!r} closed={want_closed}")
    assert ringkv.alive(), "ringkv exited"
    assert ping_ok(ringkv.port)


PROTOCOL_ERRORS = [
    (b"*abc\r\n", b"-ERR Protocol error: invalid multibulk length\r\n"),
    (b"*1\r\nfoo\r\n", b"-ERR Protocol error: expected '$', got 'f'\r\n"),
    (b"*1\r\n$abc\r\n", b"-ERR Protocol error: invalid bulk length\r\n"),
    (b"*1\r\n$536870913\r\n", b"-ERR Protocol error: invalid bulk length\r\n"),
    (b'SET a "b\r\n', b"-ERR Protocol error: unbalanced quotes in request\r\n"),
    (BIG_INLINE, b"-ERR Protocol error: too big inline request\r\n"),
    (BIG_MBULK_COUNT, b"-ERR Protocol error: too big mbulk count string\r\n"),
    (BIG_BULK_COUNT, b"-ERR Protocol error: too big bulk count string\r\n"),
]


@pytest.mark.parametrize("payload,reply", PROTOCOL_ERRORS, ids=[r[1][21:-2].decode() for r in PROTOCOL_ERRORS])
def test_protocol_error_closes_only_that_connection(ringkv, payload, reply):
    with RespConn(ringkv.port) as other:
        assert other.call("SET", "survivor", "1").raw == b"+OK\r\n"
        # Commands before the bad bytes in the same read are still answered, then the error, then close.
        got, closed = exchange(ringkv.port, b"*1\r\n$4\r\nPING\r\n" + payload)
        assert got == b"+PONG\r\n" + reply
        assert closed, "the connection must be closed after a protocol error"
        assert other.call("GET", "survivor").raw == b"$1\r\n1\r\n"
        assert other.call("PING").raw == b"+PONG\r\n"
    assert ping_ok(ringkv.port)


# ---------------------------------------------------------------------------------------------------------
# Framing: split at every byte, large pipelines, large values.

def test_split_at_every_byte(ringkv):
    cmds = (encode("SET", "split:k", "hello world") + encode("GET", "split:k") + b"PING\r\n"
            + b'ECHO "in line"\r\n' + encode("APPEND", "split:k", "!" * 40) + encode("STRLEN", "split:k")
            + encode("DEL", "split:k"))
    want = [b"+OK\r\n", b"$11\r\nhello world\r\n", b"+PONG\r\n", b"$7\r\nin line\r\n", b":51\r\n", b":51\r\n",
            b":1\r\n"]
    with RespConn(ringkv.port) as c:
        for i in range(len(cmds)):
            c.send(cmds[i:i + 1])
            time.sleep(0.001)
        got = [c.read().raw for _ in want]
    assert got == want


def test_split_at_every_position_in_two_writes(ringkv):
    """Every split point of one request in two writes, the second after a pause."""
    req = encode("SET", "split2", "v" * 20) + b"GET split2\r\n"
    with RespConn(ringkv.port) as c:
        for cut in range(1, len(req)):
            c.send(req[:cut])
            time.sleep(0.002)
            c.send(req[cut:])
            assert c.read().raw == b"+OK\r\n", f"cut at {cut}"
            assert c.read().raw == b"$20\r\n" + b"v" * 20 + b"\r\n", f"cut at {cut}"


def test_pipeline_100k_commands(ringkv):
    n = 100_000
    parts = []
    want_incr = 0
    for i in range(n):
        if i % 2 == 0:
            parts.append(b"*2\r\n$4\r\nINCR\r\n$7\r\npipe:ct\r\n")
        else:
            s = str(i).encode()
            parts.append(b"*2\r\n$4\r\nECHO\r\n$%d\r\n%s\r\n" % (len(s), s))
    payload = b"".join(parts)
    with RespConn(ringkv.port, timeout=30) as c:
        c.call("DEL", "pipe:ct")
        errors = []

        def sender():
            try:
                c.sock.sendall(payload)
            except OSError as e:
                errors.append(e)
        t = threading.Thread(target=sender, daemon=True)
        start = time.time()
        t.start()
        for i in range(n):
            rep = c.read()
            if i % 2 == 0:
                want_incr += 1
                assert rep.raw == b":%d\r\n" % want_incr, f"reply {i}: {rep.raw!r}"
            else:
                s = str(i).encode()
                assert rep.raw == b"$%d\r\n%s\r\n" % (len(s), s), f"reply {i}: {rep.raw!r}"
            assert time.time() - start < 60, f"only {i} of {n} replies after 60 s"
        t.join(10)
        assert not errors, errors
        assert c.call("GET", "pipe:ct").raw == b"$5\r\n50000\r\n"
        c.call("DEL", "pipe:ct")


def test_64mb_value_roundtrip(ringkv):
    value = os.urandom(64 << 20)
    digest = hashlib.sha256(value).hexdigest()
    with RespConn(ringkv.port, timeout=60) as c:
        c.send(encode("SET", "big64", value))
        assert c.read().raw == b"+OK\r\n"
        assert c.call("STRLEN", "big64").raw == b":%d\r\n" % len(value)
        rep = c.call("GET", "big64")
        assert rep.kind == "$" and len(rep.value) == len(value)
        assert hashlib.sha256(rep.value).hexdigest() == digest
        assert c.call("GETRANGE", "big64", str(len(value) - 5), "-1").value == value[-5:]
        assert c.call("DEL", "big64").raw == b":1\r\n"


def test_huge_multibulk_count_then_close(ringkv):
    pid = ringkv.proc.pid
    before = rss_kb(pid)
    for header in (b"*1048577\r\n", b"*2147483647\r\n", b"*1048577\r\n$3\r\nSET\r\n$1\r\n"):
        s = socket.create_connection(("127.0.0.1", ringkv.port), timeout=5)
        s.sendall(header)
        time.sleep(0.2)
        assert ping_ok(ringkv.port), f"no PING reply on another connection after {header!r}"
        s.close()
    time.sleep(0.2)
    assert ringkv.alive(), "ringkv exited"
    assert ping_ok(ringkv.port)
    after = rss_kb(pid)
    if before is not None and after is not None:
        assert after - before < 200 * 1024, f"RSS grew from {before} kB to {after} kB"


def test_huge_multibulk_count_held_open(ringkv):
    """Several connections each announce ~INT_MAX arguments and stay open: nothing is preallocated."""
    pid = ringkv.proc.pid
    before = rss_kb(pid)
    socks = []
    try:
        for _ in range(20):
            s = socket.create_connection(("127.0.0.1", ringkv.port), timeout=5)
            s.sendall(b"*2147483647\r\n$4\r\nECHO\r\n")
            socks.append(s)
        time.sleep(0.3)
        assert ping_ok(ringkv.port)
        after = rss_kb(pid)
        if before is not None and after is not None:
            assert after - before < 200 * 1024, f"RSS grew from {before} kB to {after} kB"
    finally:
        for s in socks:
            s.close()
    assert ping_ok(ringkv.port)


def test_huge_bulk_header_then_close(ringkv):
    """A bulk announced at the 512 MB limit, a few bytes of it, then close: no crash."""
    for _ in range(3):
        s = socket.create_connection(("127.0.0.1", ringkv.port), timeout=5)
        s.sendall(b"*2\r\n$3\r\nGET\r\n$536870912\r\n" + b"x" * 100000)
        time.sleep(0.1)
        assert ping_ok(ringkv.port)
        s.close()
    time.sleep(0.1)
    assert ringkv.alive()
    assert ping_ok(ringkv.port)


# ---------------------------------------------------------------------------------------------------------
# RESP3.

def _hello_shape(rep):
    """HELLO's map with the id blanked: [(key, kind, value)]."""
    assert rep.kind == "%", rep.raw
    out = []
    it = iter(rep.value)
    for k, v in zip(it, it):
        val = None if k.value == b"id" else v.raw
        out.append((k.kind, k.value, v.kind, val))
    return out


def test_resp3_hello_and_types(ringkv, redis_server):
    shapes = {}
    for name, srv in (("ringkv", ringkv), ("redis", redis_server)):
        with RespConn(srv.port) as c:
            c.call("DEL", "r3:nokey")
            hello = c.call("HELLO", "3")
            shapes[name] = _hello_shape(hello)
            ids = dict((k.value, v) for k, v in zip(hello.value[0::2], hello.value[1::2]))
            assert ids[b"id"].kind == ":" and ids[b"id"].value == c.call("CLIENT", "ID").value
            assert c.call("GET", "r3:nokey").raw == b"_\r\n"
            assert c.call("PING").raw == b"+PONG\r\n"
            assert c.call("CONFIG", "GET", "maxmemory").raw == b"%1\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n"
            assert c.call("INFO", "server").kind == "="
            assert c.call("CLIENT", "INFO").kind == "="
            assert c.call("CLIENT", "LIST").kind == "="
            assert c.call("HELLO").kind == "%"
            # back to RESP2
            h2 = c.call("HELLO", "2")
            assert h2.kind == "*" and len(h2.value) == 14
            assert c.call("GET", "r3:nokey").raw == b"$-1\r\n"
            assert c.call("INFO", "server").kind == "$"
    assert shapes["ringkv"][:2] == [("$", b"server", "$", b"$5\r\nredis\r\n"),
                                    ("$", b"version", "$", b"$6\r\n7.0.15\r\n")], shapes["ringkv"]
    assert shapes["ringkv"] == shapes["redis"]


def test_resp3_lcs_idx_is_a_map(ringkv, redis_server):
    raws = {}
    for name, srv in (("ringkv", ringkv), ("redis", redis_server)):
        with RespConn(srv.port) as c:
            c.call("HELLO", "3")
            c.call("MSET", "l3a", "ohmytext", "l3b", "mynewtext")
            raws[name] = c.call("LCS", "l3a", "l3b", "IDX", "WITHMATCHLEN").raw
            c.call("DEL", "l3a", "l3b")
    assert raws["redis"].startswith(b"%2\r\n")
    assert raws["ringkv"] == raws["redis"]


# ---------------------------------------------------------------------------------------------------------
# Unauthenticated limits (requirepass): Redis refuses big multibulk counts and bulks before AUTH.

UNAUTH_CASES = [
    ("unauth-mbulk-count", b"*11\r\n"),
    ("unauth-mbulk-count-ok", b"*10\r\n$4\r\nPING\r\n"),
    ("unauth-bulk-len", b"*1\r\n$16385\r\n"),
    ("unauth-command", b"*1\r\n$4\r\nPING\r\n"),
    ("unauth-inline", b"GET a\r\n"),
    ("unauth-auth-wrong", b"AUTH nope\r\n"),
    ("unauth-auth-ok", b"AUTH pw\r\n*11\r\n$4\r\nECHO\r\n"),
    ("unauth-after-auth-big-bulk", b"AUTH pw\r\n*2\r\n$4\r\nECHO\r\n$16385\r\n" + b"y" * 16385 + b"\r\n"),
]


@pytest.fixture(scope="module")
def auth_pair():
    from servers import start_ringkv
    a = start_ringkv("--requirepass", "pw")
    try:
        b = start_redis("--requirepass", "pw")
    except Exception:
        a.cleanup()
        raise
    yield a, b
    a.cleanup()
    b.cleanup()


@pytest.mark.parametrize("name,payload", UNAUTH_CASES, ids=[c[0] for c in UNAUTH_CASES])
def test_unauthenticated_limits_vs_redis(auth_pair, name, payload):
    a, b = auth_pair
    want, want_closed = exchange(b.port, payload)
    got, got_closed = exchange(a.port, payload, expect_len=len(want))
    assert (got, got_closed) == (want, want_closed), (
        f"payload {payload[:60]!r}\n  ringkv: {got[:300]!r} closed={got_closed}\n"
        f"  redis:  {want[:300]!r} closed={want_closed}")

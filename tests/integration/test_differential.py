"""Differential test: every script in diff/*.txt is played against ringkv and against a real redis-server
(both started with --enable-debug-command yes) over raw sockets, and the raw RESP replies are compared byte
for byte. Each script runs from FLUSHALL on a fresh connection, once in RESP2 and once in RESP3 (HELLO 3
first), unless the script restricts itself with `@protocols`.

Script format
-------------
One command per line, split like redis-cli does (sdssplitargs):
  - words are separated by blanks;
  - "..." takes escapes \\xHH, \\n, \\r, \\t, \\b, \\a, \\\\ and \\" (any other escaped char stands for itself);
  - '...' takes only \\' as an escape;
  - a closing quote must be followed by a blank or the end of the line; "" is an empty argument.
A line whose first non-blank character is `#` is a comment; blank lines are ignored.

A line may start with markers (words beginning with `~`), which change how its reply is compared:
  ~type     compare only the RESP type byte of the two replies (TIME, TTL, INFO, OBJECT IDLETIME ...)
  ~skip     send the command to both servers, compare nothing (RANDOMKEY, CLIENT ID, DEBUG OBJECT ...)
  ~sorted   the reply is an aggregate whose order is unspecified (KEYS, CONFIG GET with a glob): compare
            the elements (map: the key/value pairs) as sorted lists of raw bytes
  ~err      both replies must be errors; compare only the error code (the first word: ERR, WRONGTYPE ...)
  ~r2 / ~r3 run the line only in the RESP2 / RESP3 pass

and directives start with `@`:
  @protocols 2        run the script only in the listed protocols (default: 2 3); must come first
  @sleep MS           sleep MS milliseconds (expiry), nothing is sent
  @scan CMD ARGS...   a full SCAN-family iteration: the cursor is the word after SCAN (after the key for
                      SSCAN/HSCAN/ZSCAN), it is replaced by each returned cursor until 0; the union of the
                      returned elements (HSCAN/ZSCAN: field/value pairs) is compared as a set. An error
                      reply on the first call is compared byte for byte instead.

On a mismatch the test reports the script, line, command and both raw replies (every mismatch of the script,
not only the first). A reply that does not come within the timeout, or a closed connection, ends the script.
"""
import glob
import os
import socket
import time

import pytest

from servers import start_redis, start_ringkv

DIFF_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "diff")
REPLY_TIMEOUT_S = 10.0


# ---------------------------------------------------------------------------------------------------------
# RESP: encoding requests and a small reader of RESP2 and RESP3 replies (also used by test_protocol.py).

class ConnectionClosed(Exception):
    pass


class ProtocolViolation(Exception):
    pass


def encode(*args):
    """A request as a RESP multibulk of bulk strings."""
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if isinstance(a, str):
            a = a.encode()
        elif isinstance(a, int):
            a = str(a).encode()
        out.append(b"$%d\r\n" % len(a))
        out.append(a)
        out.append(b"\r\n")
    return b"".join(out)


class Reply:
    """One parsed reply: `kind` is the RESP type byte as a str ('+', '-', ':', '$', '*', '_', ',', '#', '!',
    '=', '(', '%', '~', '>', '|'), `value` the payload (bytes, int, None, or a list of Reply for aggregates;
    a map is a flat list key, value, key, value), `raw` the exact bytes of the reply on the wire."""
    __slots__ = ("kind", "value", "raw", "attribute")

    def __init__(self, kind, value, raw, attribute=None):
        self.kind, self.value, self.raw, self.attribute = kind, value, raw, attribute

    def __repr__(self):
        return f"Reply({self.kind!r}, {self.value!r})"

    def is_error(self):
        return self.kind in ("-", "!")

    def py(self):
        """A plain Python value, for tests that want to look inside."""
        if self.kind in ("*", "~", ">"):
            return [e.py() for e in self.value]
        if self.kind == "%":
            it = iter(self.value)
            return {k.py(): v.py() for k, v in zip(it, it)}
        return self.value


class RespConn:
    """A raw connection: send bytes, read whole replies. The read buffer is compacted only between replies,
    so the offsets a reply in flight refers to stay valid."""

    def __init__(self, port, host="127.0.0.1", timeout=REPLY_TIMEOUT_S):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = bytearray()
        self.pos = 0

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send(self, data):
        self.sock.sendall(data)

    def call(self, *args):
        self.send(encode(*args))
        return self.read()

    def _fill(self):
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            raise ConnectionClosed("connection closed by the server")
        self.buf += chunk

    def _line(self):
        while True:
            i = self.buf.find(b"\r\n", self.pos)
            if i >= 0:
                line = bytes(self.buf[self.pos:i])
                self.pos = i + 2
                return line
            self._fill()

    def _exact(self, n):
        while len(self.buf) - self.pos < n + 2:
            self._fill()
        data = bytes(self.buf[self.pos:self.pos + n])
        if self.buf[self.pos + n:self.pos + n + 2] != b"\r\n":
            raise ProtocolViolation("bulk payload not followed by CRLF")
        self.pos += n + 2
        return data

    def pending(self):
        """Bytes received but not yet consumed as replies."""
        return len(self.buf) - self.pos

    def read(self):
        """Reads one complete reply. Raises ConnectionClosed, socket.timeout or ProtocolViolation."""
        if self.pos > (1 << 20) and self.pos * 2 > len(self.buf):
            del self.buf[:self.pos]
            self.pos = 0
        return self._parse()

    def _parse(self):
        start = self.pos
        line = self._line()
        if not line:
            raise ProtocolViolation("empty line where a reply was expected")
        kind = chr(line[0])
        rest = line[1:]
        if kind in "+-":
            value = rest
        elif kind in ":(":
            value = int(rest)
        elif kind == ",":
            value = rest
        elif kind == "#":
            if rest not in (b"t", b"f"):
                raise ProtocolViolation(f"bad boolean {rest!r}")
            value = rest == b"t"
        elif kind == "_":
            if rest:
                raise ProtocolViolation(f"bad null {rest!r}")
            value = None
        elif kind in "$!=":
            n = int(rest)
            if n == -1 and kind == "$":
                value = None
            elif n < 0:
                raise ProtocolViolation(f"bad bulk length {n}")
            else:
                value = self._exact(n)
        elif kind in "*~>":
            n = int(rest)
            if n == -1 and kind == "*":
                value = None
            elif n < 0:
                raise ProtocolViolation(f"bad aggregate length {n}")
            else:
                value = [self._parse() for _ in range(n)]
        elif kind == "%":
            n = int(rest)
            if n < 0:
                raise ProtocolViolation(f"bad map length {n}")
            value = []
            for _ in range(n):
                value.append(self._parse())
                value.append(self._parse())
        elif kind == "|":
            n = int(rest)
            attribute = [self._parse() for _ in range(2 * n)]
            inner = self._parse()
            return Reply(inner.kind, inner.value, bytes(self.buf[start:self.pos]), attribute)
        else:
            raise ProtocolViolation(f"unknown reply type {line[:40]!r}")
        return Reply(kind, value, bytes(self.buf[start:self.pos]))


# ---------------------------------------------------------------------------------------------------------
# Script parsing.

_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("a"): b"\a"}
_HEX = b"0123456789abcdefABCDEF"


def split_args(line):
    """redis-cli's sdssplitargs on bytes: a list of arguments, or None when the quotes are unbalanced."""
    if isinstance(line, str):
        line = line.encode()
    args = []
    i, n = 0, len(line)
    while True:
        while i < n and line[i] in b" \t\n\r\v\f":
            i += 1
        if i >= n:
            return args
        cur = bytearray()
        inq = insq = False
        while True:
            if inq:
                if i >= n:
                    return None
                c = line[i]
                if (c == ord("\\") and i + 3 < n and line[i + 1] == ord("x")
                        and line[i + 2] in _HEX and line[i + 3] in _HEX):
                    cur.append(int(line[i + 2:i + 4], 16))
                    i += 3
                elif c == ord("\\") and i + 1 < n:
                    i += 1
                    cur += _ESCAPES.get(line[i], bytes([line[i]]))
                elif c == ord('"'):
                    if i + 1 < n and line[i + 1] not in b" \t\n\r\v\f":
                        return None
                    inq = False
                    i += 1
                    break
                else:
                    cur.append(c)
            elif insq:
                if i >= n:
                    return None
                c = line[i]
                if c == ord("\\") and i + 1 < n and line[i + 1] == ord("'"):
                    i += 1
                    cur.append(ord("'"))
                elif c == ord("'"):
                    if i + 1 < n and line[i + 1] not in b" \t\n\r\v\f":
                        return None
                    insq = False
                    i += 1
                    break
                else:
                    cur.append(c)
            else:
                if i >= n:
                    break
                c = line[i]
                if c in b" \t\n\r\v\f":
                    break
                if c == ord('"'):
                    inq = True
                elif c == ord("'"):
                    insq = True
                else:
                    cur.append(c)
            i += 1
        args.append(bytes(cur))


MARKERS = {"~type", "~skip", "~sorted", "~err", "~r2", "~r3"}


class Step:
    def __init__(self, lineno, text, markers, directive, args):
        self.lineno, self.text, self.markers, self.directive, self.args = lineno, text, markers, directive, args


def load_script(path):
    """Returns (protocols, steps)."""
    protocols = (2, 3)
    steps = []
    with open(path, encoding="utf-8") as f:
        for lineno, text in enumerate(f, 1):
            stripped = text.strip()
            if not stripped or stripped.startswith("#"):
                continue
            args = split_args(stripped)
            if args is None:
                raise ValueError(f"{path}:{lineno}: unbalanced quotes: {stripped}")
            markers = set()
            while args and args[0].decode(errors="replace") in MARKERS:
                markers.add(args.pop(0).decode())
            if not args:
                raise ValueError(f"{path}:{lineno}: markers without a command")
            directive = None
            if args[0].startswith(b"@"):
                directive = args.pop(0).decode()
                if directive == "@protocols":
                    if steps:
                        raise ValueError(f"{path}:{lineno}: @protocols must come first")
                    protocols = tuple(int(a) for a in args)
                    continue
                if directive not in ("@sleep", "@scan"):
                    raise ValueError(f"{path}:{lineno}: unknown directive {directive}")
            steps.append(Step(lineno, stripped, markers, directive, args))
    return protocols, steps


# ---------------------------------------------------------------------------------------------------------
# Playing a script against both servers.

def _show(raw, limit=400):
    if raw is None:
        return "<none>"
    r = repr(raw)
    return r if len(r) <= limit else r[:limit] + f"... ({len(raw)} bytes)"


def _show_pair(a, b, limit=400):
    """Both replies; when they are long, the neighbourhood of the first differing byte."""
    if len(repr(a)) <= limit and len(repr(b)) <= limit:
        return f"    ringkv: {_show(a)}\n    redis:  {_show(b)}"
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    lo = max(0, i - 80)
    return (f"    first difference at byte {i} (ringkv {len(a)} bytes, redis {len(b)} bytes):\n"
            f"    ringkv: ...{_show(a[lo:i + 160])}\n    redis:  ...{_show(b[lo:i + 160])}")


def _sorted_elements(rep):
    if rep.kind == "%":
        it = iter(rep.value)
        return sorted(k.raw + v.raw for k, v in zip(it, it))
    return sorted(e.raw for e in rep.value)


def compare(markers, a, b):
    """None when the replies match under the markers, otherwise a short reason."""
    if "~skip" in markers:
        return None
    if "~type" in markers:
        return None if a.kind == b.kind else "RESP types differ"
    if "~err" in markers:
        if not (a.is_error() and b.is_error()):
            return "expected two errors"
        ca, cb = a.value.split(b" ", 1)[0], b.value.split(b" ", 1)[0]
        return None if ca == cb else "error codes differ"
    if "~sorted" in markers and a.kind == b.kind and a.kind in "*~%>" and a.value is not None \
            and b.value is not None:
        return None if _sorted_elements(a) == _sorted_elements(b) else "elements differ (order ignored)"
    return None if a.raw == b.raw else "replies differ"


class ScriptAborted(Exception):
    pass


def _read_both(ca, cb, what):
    out = []
    for name, c in (("ringkv", ca), ("redis", cb)):
        try:
            out.append(c.read())
        except socket.timeout:
            raise ScriptAborted(f"{what}: {name} sent no reply within {REPLY_TIMEOUT_S}s")
        except ConnectionClosed:
            raise ScriptAborted(f"{what}: {name} closed the connection")
        except (ProtocolViolation, ValueError) as e:
            raise ScriptAborted(f"{what}: {name} sent an unparsable reply: {e}")
        except OSError as e:
            raise ScriptAborted(f"{what}: {name} connection error: {e}")
    return out


def _scan_all(conn, args, name, what):
    """Full SCAN-family iteration; returns ('error', raw) or ('ok', set of elements)."""
    cmd = args[0].upper()
    cpos = 1 if cmd == b"SCAN" else 2
    pairs = cmd in (b"HSCAN", b"ZSCAN")
    args = list(args)
    found = set()
    deadline = time.time() + 30
    for call in range(100000):
        if time.time() > deadline:
            raise ScriptAborted(f"{what}: {name}: SCAN iteration did not finish in 30 s ({call} calls)")
        try:
            rep = conn.call(*args)
        except (socket.timeout, ConnectionClosed, OSError, ProtocolViolation) as e:
            raise ScriptAborted(f"{what}: {name}: {type(e).__name__} {e}")
        if rep.is_error():
            if call == 0:
                return ("error", rep.raw)
            raise ScriptAborted(f"{what}: {name}: error in the middle of a scan: {rep.raw!r}")
        if rep.kind != "*" or len(rep.value) != 2 or rep.value[0].kind != "$" or rep.value[1].kind != "*":
            raise ScriptAborted(f"{what}: {name}: malformed SCAN reply {_show(rep.raw)}")
        elems = [e.value for e in rep.value[1].value]
        if pairs:
            if len(elems) % 2:
                raise ScriptAborted(f"{what}: {name}: odd number of elements in {_show(rep.raw)}")
            found.update(zip(elems[0::2], elems[1::2]))
        else:
            found.update(elems)
        cursor = rep.value[0].value
        if cursor == b"0":
            return ("ok", found)
        args[cpos] = cursor
    raise ScriptAborted(f"{what}: {name}: SCAN did not end after 100000 calls")


def run_script(path, proto, ringkv_port, redis_port):
    """Plays one script; returns the list of mismatch descriptions (empty when all replies match)."""
    _, steps = load_script(path)
    rel = os.path.relpath(path, os.path.dirname(DIFF_DIR))
    mismatches = []
    ca = RespConn(ringkv_port)
    cb = RespConn(redis_port)
    try:
        for setup in ([b"HELLO", b"3"],) if proto == 3 else ():
            ca.send(encode(*setup))
            cb.send(encode(*setup))
            ra, rb = _read_both(ca, cb, f"{rel}: setup HELLO 3")
            if ra.is_error() or rb.is_error() or ra.kind != rb.kind:
                raise ScriptAborted(f"{rel}: HELLO 3 failed: ringkv {_show(ra.raw)} redis {_show(rb.raw)}")
        for setup in ([b"SELECT", b"0"], [b"FLUSHALL"]):
            ca.send(encode(*setup))
            cb.send(encode(*setup))
            ra, rb = _read_both(ca, cb, f"{rel}: setup {setup}")
            if ra.raw != b"+OK\r\n" or rb.raw != b"+OK\r\n":
                raise ScriptAborted(f"{rel}: setup {setup} failed: ringkv {_show(ra.raw)} redis {_show(rb.raw)}")
        for st in steps:
            if "~r2" in st.markers and proto != 2:
                continue
            if "~r3" in st.markers and proto != 3:
                continue
            what = f"{rel}:{st.lineno} [RESP{proto}] {st.text}"
            if st.directive == "@sleep":
                time.sleep(int(st.args[0]) / 1000.0)
                continue
            if st.directive == "@scan":
                ra = _scan_all(ca, st.args, "ringkv", what)
                rb = _scan_all(cb, st.args, "redis", what)
                if ra != rb:
                    if ra[0] == "ok" and rb[0] == "ok":
                        only_a = sorted(ra[1] - rb[1])[:20]
                        only_b = sorted(rb[1] - ra[1])[:20]
                        mismatches.append(f"{what}\n    scan sets differ: only in ringkv {only_a}, "
                                          f"only in redis {only_b}")
                    else:
                        mismatches.append(f"{what}\n    ringkv: {ra[0]} {_show(ra[1])}\n"
                                          f"    redis:  {rb[0]} {_show(rb[1])}")
                continue
            req = encode(*st.args)
            ca.send(req)
            cb.send(req)
            ra, rb = _read_both(ca, cb, what)
            why = compare(st.markers, ra, rb)
            if why:
                mismatches.append(f"{what}\n    ({why})\n{_show_pair(ra.raw, rb.raw)}")
    except ScriptAborted as e:
        mismatches.append(f"ABORTED {e}")
    except OSError as e:
        mismatches.append(f"ABORTED {rel} [RESP{proto}]: {type(e).__name__} {e}")
    finally:
        ca.close()
        cb.close()
    return mismatches


# ---------------------------------------------------------------------------------------------------------
# The tests.

class _Pair:
    """ringkv and redis-server for this module; ringkv is restarted if a script crashed it."""

    def __init__(self):
        self.redis = start_redis()
        self.ringkv = None

    def ensure_ringkv(self):
        if self.ringkv is not None and not self.ringkv.alive():
            self.ringkv.cleanup()
            self.ringkv = None
        if self.ringkv is None:
            self.ringkv = start_ringkv()
        return self.ringkv

    def cleanup(self):
        for s in (self.ringkv, self.redis):
            if s is not None:
                s.cleanup()


class RestartingRingkv:
    """A ringkv for one test module that is started again when a test crashed it, so that one crash fails
    the test that caused it instead of every test after it."""

    def __init__(self):
        self.server = None

    def get(self):
        if self.server is not None and not self.server.alive():
            self.server.cleanup()
            self.server = None
        if self.server is None:
            self.server = start_ringkv()
        return self.server

    def cleanup(self):
        if self.server is not None:
            self.server.cleanup()
            self.server = None


@pytest.fixture(scope="module")
def ringkv_holder():
    h = RestartingRingkv()
    yield h
    h.cleanup()


@pytest.fixture(name="ringkv")
def ringkv_restarting(ringkv_holder):
    """Overrides conftest's session `ringkv` in the modules that import it: same server for the module,
    restarted after a crash; a test during which the server died fails at teardown with the log tail."""
    srv = ringkv_holder.get()
    yield srv
    if srv.proc is not None and not srv.alive():
        code = srv.proc.returncode
        tail = "\n".join(srv.log().splitlines()[-20:])
        pytest.fail(f"ringkv died during this test (exit code {code}); log tail:\n{tail}", pytrace=False)


@pytest.fixture(scope="module")
def pair():
    p = _Pair()
    yield p
    p.cleanup()


def _cases():
    out = []
    for path in sorted(glob.glob(os.path.join(DIFF_DIR, "*.txt"))):
        protocols, _ = load_script(path)
        for proto in protocols:
            out.append(pytest.param(path, proto, id=f"{os.path.basename(path)[:-4]}-resp{proto}"))
    return out


@pytest.mark.parametrize("path,proto", _cases())
def test_differential(pair, path, proto):
    rk = pair.ensure_ringkv()
    mismatches = run_script(path, proto, rk.port, pair.redis.port)
    crashed = not rk.alive()
    if crashed:
        tail = "\n".join(rk.log().splitlines()[-30:])
        mismatches.append(f"ringkv exited (code {rk.proc.returncode}) during the script; log tail:\n{tail}")
    if mismatches:
        shown = mismatches[:60]
        more = f"\n... and {len(mismatches) - 60} more" if len(mismatches) > 60 else ""
        pytest.fail(f"{len(mismatches)} mismatch(es) in {os.path.basename(path)} RESP{proto}:\n"
                    + "\n".join(shown) + more, pytrace=False)


def test_split_args():
    assert split_args('SET a "b c"') == [b"SET", b"a", b"b c"]
    assert split_args(r'"\x41\x7a\n" \'it\'\'s\'') is None  # closing quote followed by a quote
    assert split_args(r'"\x41\x7a\n\"" ""') == [b"Az\n\"", b""]
    assert split_args("'a\\'b'") == [b"a'b"]
    assert split_args('"abc') is None
    assert split_args('"a"b') is None
    assert split_args("  ") == []

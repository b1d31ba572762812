"""Client-side caching (CLIENT TRACKING), each session played on ringkv and on redis-server 7.0.15 and what every
client received compared: RESP3 clients that cache GETs locally and drop entries on `invalidate` pushes
(default mode, NOLOOP, OPTIN/OPTOUT, BCAST with prefixes), redis-py (RESP2 only) in redirect mode with a
pub/sub connection on __redis__:invalidate, invalidation on SET, DEL, a TTL reaching its end, FLUSHALL,
MULTI/EXEC and scripts, a broken redirect, tracking-table-max-keys, every CLIENT TRACKING/CACHING error, the
TRACKINGINFO/GETREDIR/CLIENT LIST fields, the INFO fields, and a tracking client that stops reading being cut
off by the output limit."""
import socket
import time

import pytest
import redis

from servers import start_redis, start_ringkv, wait_for
from test_differential import RespConn, encode

DEADLINE_S = 10.0


@pytest.fixture
def fresh_pair():
    """A ringkv and a redis-server of this test's own (INFO counts, the table limit); `pair` (conftest.py) is
    the module's."""
    started = []
    try:
        started.append(start_ringkv())
        started.append(start_redis())
        yield started[0], started[1]
    finally:
        for s in started:
            s.cleanup()


class CachingClient(RespConn):
    """A RESP3 client with a local cache, as client-side caching is meant to be used: GET serves from the
    cache and fills it on a miss; an `invalidate` push drops the keys it names (all of them for a null).
    Every push is also recorded, in order, as plain Python values."""

    def __init__(self, port, tracking=("on",), rcvbuf=None):
        if rcvbuf is None:
            super().__init__(port, timeout=DEADLINE_S)
        else:
            # A small receive buffer, set before connecting, so a client that stops reading is noticed soon.
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
            s.settimeout(DEADLINE_S)
            s.connect(("127.0.0.1", port))
            self.sock, self.buf, self.pos = s, bytearray(), 0
        self.cache = {}
        self.pushes = []
        self.id = self.cmd("CLIENT", "ID")
        self.cmd("HELLO", "3")
        if tracking:
            assert self.cmd("CLIENT", "TRACKING", *tracking) == b"OK"

    def cmd(self, *args):
        """Sends a command and returns its reply as a Python value (errors as ('error', text)); pushes that
        arrive before it are handled on the way."""
        self.send(encode(*args))
        return self.reply()

    def reply(self):
        while True:
            r = self.read()
            if r.kind == ">":
                self._on_push(r.py())
                continue
            return ("error", r.value) if r.is_error() else r.py()

    def _on_push(self, push):
        self.pushes.append(push)
        if push[0] == b"invalidate":
            if push[1] is None:
                self.cache.clear()
            else:
                for k in push[1]:
                    self.cache.pop(k, None)

    def get(self, key):
        key = key.encode() if isinstance(key, str) else key
        if key not in self.cache:
            self.cache[key] = self.cmd("GET", key)
        return self.cache[key]

    def sync(self):
        """A round trip: whatever the server sent this client before it has been handled."""
        assert self.cmd("PING") == b"PONG"

    def wait_pushes(self, n):
        """Reads until n pushes in all were received (the server sends them on its own: expiry)."""
        deadline = time.time() + DEADLINE_S
        while len(self.pushes) < n:
            assert time.time() < deadline, f"timed out waiting for {n} pushes, got {self.pushes}"
            r = self.read()
            assert r.kind == ">", f"unexpected reply {r!r}"
            self._on_push(r.py())

    def take(self):
        p, self.pushes = self.pushes, []
        return p


def both(pair, session):
    """Plays session(port) on ringkv and on redis-server (flushed first); asserts they saw the same and
    returns it."""
    seen = []
    for srv in pair:
        c = srv.client()
        c.flushall()
        c.close()
        seen.append(session(srv.port))
    assert seen[0] == seen[1], f"ringkv: {seen[0]}\nredis:  {seen[1]}"
    return seen[0]


def inv(*keys):
    return [b"invalidate", [k.encode() for k in keys]]


INV_ALL = [b"invalidate", None]


# ---- default mode ----

def test_default_mode_resp3_caches_and_invalidates(pair):
    def session(port):
        w = redis.Redis(port=port)
        a, b = CachingClient(port), CachingClient(port)
        w.mset({"k1": "1", "k2": "2", "k3": "3"})
        a.get("k1"), a.get("k2"), a.get("missing")
        b.get("k2"), b.get("k3")
        assert a.get("k1") == b"1"  # from the local cache
        w.set("k1", "one")
        w.delete("k2")
        w.lpush("missing", "x")
        w.expire("k3", 100)
        w.set("untracked", "x")
        a.sync(), b.sync()
        out = [a.take(), b.take(), sorted(a.cache), sorted(b.cache)]
        # Re-read after invalidation: the new value, tracked again; a second write is invalidated again.
        out.append(a.get("k1"))
        w.append("k1", "!")
        a.sync()
        out += [a.take(), a.get("k1")]
        # A's own write: the invalidation follows the reply.
        a.send(encode("SET", "k1", "mine"))
        out.append([a.read().raw, a.read().raw])
        # A TTL that runs out (the active cycle deletes the key) is a change.
        w.set("ttl", "v", px=200)
        a.get("ttl")
        a.wait_pushes(1)
        out.append(a.take())
        # The table is not per database.
        a.get("dbk")
        w2 = redis.Redis(port=port, db=1)
        w2.set("dbk", "in db 1")
        a.sync()
        out.append(a.take())
        for c in (a, b, w, w2):
            c.close()
        return out

    out = both(pair, session)
    assert out[0] == [inv("k1"), inv("k2"), inv("missing")]
    assert out[1] == [inv("k2"), inv("k3")]
    assert out[2] == [] and out[3] == []
    assert out[5] == [inv("k1")] and out[6] == b"one!"
    assert out[7][1] == b">2\r\n$10\r\ninvalidate\r\n*1\r\n$2\r\nk1\r\n"
    assert out[8] == [inv("ttl")]
    assert out[9] == [inv("dbk")]


def test_noloop_multi_exec_and_scripts(pair):
    def session(port):
        w = redis.Redis(port=port)
        a, n = CachingClient(port), CachingClient(port, ("on", "NOLOOP"))
        out = []
        for c in (a, n):
            c.get("x"), c.get("y")
        # A transaction of n: its own writes are not its business; a is told after EXEC as any other.
        out += [n.cmd("MULTI"), n.cmd("SET", "x", "1"), n.cmd("GET", "y"), n.cmd("EXEC")]
        a.sync(), n.sync()
        out += [a.take(), n.take()]
        # a's own transaction: every invalidation after the whole EXEC reply, then the flush's null.
        a.get("x")
        a.send(encode("MULTI"))
        a.send(encode("SET", "x", "2"))
        a.send(encode("FLUSHDB"))
        a.send(encode("EXEC"))
        out.append(b"".join(a.read().raw for _ in range(6)))
        n.sync()
        out.append(n.take())
        # Scripts: a read inside tracks the script's declared keys for the caller; writes inside are the
        # caller's own (NOLOOP).
        w.set("s", "v")
        out.append(n.cmd("EVAL", "return redis.call('get', KEYS[1])", "1", "s"))
        out.append(a.cmd("EVAL", "return redis.call('get', KEYS[1])", "1", "s"))
        out.append(n.cmd("EVAL", "return redis.call('set', KEYS[1], 'z')", "1", "s"))
        a.sync(), n.sync()
        out += [a.take(), n.take()]
        # Declared but not read, read but not declared: Redis 7.0.15 tracks the declared ones, and EVAL_RO
        # only when its script reads.
        out.append(a.cmd("EVAL", "return redis.call('exists', 'undeclared')", "1", "declared"))
        out.append(a.cmd("EVAL_RO", "return 1", "1", "ro"))
        w.mset({"declared": "1", "undeclared": "1", "ro": "1"})
        a.sync()
        out.append(a.take())
        for c in (a, n, w):
            c.close()
        return out

    out = both(pair, session)
    assert out[3] == [b"OK", None]
    assert out[4] == [inv("x")] and out[5] == []
    assert out[6].endswith(b"*2\r\n+OK\r\n+OK\r\n>2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nx\r\n"
                           b">2\r\n$10\r\ninvalidate\r\n_\r\n")
    assert out[7] == [INV_ALL]
    assert out[11] == [inv("s")] and out[12] == []
    assert out[15] == [inv("declared")]


def test_optin_optout(pair):
    def session(port):
        w = redis.Redis(port=port)
        i, o = CachingClient(port, ("on", "OPTIN")), CachingClient(port, ("on", "OPTOUT"))
        i.get("a")
        out = [i.cmd("CLIENT", "CACHING", "yes")]
        i.get("b"), i.get("c")  # only b: the flag lasts one command
        i.cmd("CLIENT", "CACHING", "yes")
        i.cmd("MULTI"), i.cmd("GET", "d"), i.cmd("GET", "e"), i.cmd("EXEC")  # ... or one transaction
        out.append(o.cmd("CLIENT", "CACHING", "no"))
        o.get("a"), o.get("b")  # not a
        w.mset({k: "1" for k in "abcde"})
        i.sync(), o.sync()
        out += [i.take(), o.take()]
        for c in (i, o, w):
            c.close()
        return out

    out = both(pair, session)
    assert out[2] == [inv("b"), inv("d"), inv("e")]
    assert out[3] == [inv("b")]


def test_bcast_prefixes_and_noloop(pair):
    def session(port):
        w = redis.Redis(port=port)
        a = CachingClient(port, ("on", "BCAST", "PREFIX", "user:", "PREFIX", "cfg"))
        n = CachingClient(port, ("on", "BCAST", "NOLOOP"))
        a.cache[b"user:1"] = b"cached"
        w.mset({"user:2": "x", "other": "y", "user:1": "z", "cfg:a": "c"})
        n.cmd("SET", "mine", "1")
        n.cmd("EVAL", "return redis.call('set', 'fromscript', '1')", "0")  # the script's, not n's
        pipe = w.pipeline(transaction=True)  # one turn: one message per prefix
        pipe.set("user:3", "1").delete("user:2").incr("cfg:n")
        pipe.execute()
        a.sync(), n.sync()
        out = [a.take(), n.take(), sorted(a.cache)]
        # Expiry is broadcast too.
        w.set("user:ttl", "1", px=100)
        a.wait_pushes(2)
        out.append(a.take())
        # Nothing is remembered per key.
        info = w.info("stats")
        out.append((info["tracking_total_keys"], info["tracking_total_prefixes"]))
        for c in (a, n, w):
            c.close()
        return out

    out = both(pair, session)
    # One message per prefix and turn, keys in order, the client's own writes left out under NOLOOP (but not
    # its script's).
    assert out[0] == [inv("cfg:a"), inv("user:1", "user:2"), inv("cfg:n"), inv("user:2", "user:3")]
    assert out[1] == [inv("cfg:a", "other", "user:1", "user:2"), inv("fromscript"),
                      inv("cfg:n", "user:2", "user:3")]
    assert out[2] == []
    assert out[3] == [inv("user:ttl"), inv("user:ttl")]
    assert out[4] == (0, 3)


def test_flush_and_swapdb(pair):
    def session(port):
        w = redis.Redis(port=port)
        a, b = CachingClient(port), CachingClient(port, ("on", "BCAST"))
        a.get("k"), a.get("j")
        w.swapdb(0, 1)  # Redis 7.0 tells nobody
        a.sync(), b.sync()
        out = [a.take(), b.take()]
        w.swapdb(0, 1)
        w.flushall()
        a.sync(), b.sync()
        out += [a.take(), b.take(), dict(a.cache)]
        a.get("k")
        w.flushdb()
        a.sync()
        out.append(a.take())
        # The flushing client itself gets its null after the reply.
        a.send(encode("FLUSHALL"))
        out.append([a.read().raw, a.read().raw])
        for c in (a, b, w):
            c.close()
        return out

    out = both(pair, session)
    assert out[0] == [] and out[1] == []
    assert out[2] == [INV_ALL] and out[3] == [INV_ALL] and out[4] == {}
    assert out[5] == [INV_ALL]
    assert out[6] == [b"+OK\r\n", b">2\r\n$10\r\ninvalidate\r\n_\r\n"]


# ---- redirect mode (RESP2: redis-py) ----

def test_redis_py_redirect_to_pubsub_connection(pair):
    def session(port):
        w = redis.Redis(port=port)
        p = redis.Redis(port=port).pubsub()
        p.subscribe("__redis__:invalidate")
        assert p.get_message(timeout=DEADLINE_S)["type"] == "subscribe"
        pid = [c for c in w.client_list(_type="pubsub")][0]["id"]
        r = redis.Redis(port=port, single_connection_client=True)
        r.execute_command("CLIENT", "TRACKING", "on", "REDIRECT", pid)
        out = [r.execute_command("CLIENT", "GETREDIR") == int(pid)]
        w.mset({"a": "0", "b": "0", "c": "0"})
        cache = {k: r.get(k) for k in ("a", "b", "c")}

        def drain():
            """Every message up to a PING's pong (a barrier on the pub/sub connection)."""
            p.ping()
            got = []
            while True:
                m = p.get_message(timeout=DEADLINE_S)
                assert m is not None, "no pong"
                if m["type"] == "pong":
                    return got
                got.append((m["channel"], m["data"]))
                for k in m["data"] or list(cache):
                    cache.pop(k.decode() if isinstance(k, bytes) else k, None)

        w.set("a", "1")
        w.delete("b", "zz")  # a missing key changes nothing: no message for zz
        out += [drain(), sorted(cache)]
        w.flushall()
        out += [drain(), sorted(cache)]
        # BCAST through the redirect: one message per turn with every key.
        r.execute_command("CLIENT", "TRACKING", "off")
        r.execute_command("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "p:", "REDIRECT", pid)
        w.mset({"p:2": 1, "p:1": 1, "q": 1})
        out.append(drain())
        # A RESP2 client without a redirect gets nothing (it cannot be told).
        plain = redis.Redis(port=port, single_connection_client=True)
        plain.execute_command("CLIENT", "TRACKING", "on")
        plain.get("solo")
        w.set("solo", "1")
        out.append(plain.ping())
        for c in (p, r, plain, w):
            c.close()
        return out

    out = both(pair, session)
    assert out[0] is True
    assert out[1] == [(b"__redis__:invalidate", [b"a"]), (b"__redis__:invalidate", [b"b"])]
    assert out[2] == ["c"]
    assert out[3] == [(b"__redis__:invalidate", None)] and out[4] == []
    assert out[5] == [(b"__redis__:invalidate", [b"p:1", b"p:2"])]


def test_broken_redirect(pair):
    def session(port):
        w = redis.Redis(port=port)
        target = CachingClient(port, tracking=None)
        a = CachingClient(port, ("on", "REDIRECT", str(target.id)))
        a.get("k")
        target.close()
        wait_for(lambda: all(c["id"] != str(target.id) for c in w.client_list()), what="target gone")
        w.set("k", "1")
        a.sync()
        pushes = a.take()
        info = a.cmd("CLIENT", "TRACKINGINFO")
        line = w.execute_command("CLIENT", "LIST", "ID", a.id).decode()
        fields = dict(f.split("=", 1) for f in line.split())
        out = [pushes == [[b"tracking-redir-broken", target.id]], info[b"flags"], info[b"redirect"] == target.id,
               fields["flags"], fields["redir"] == str(target.id), a.cmd("CLIENT", "GETREDIR") == target.id]
        # Re-enabling clears the state.
        a.cmd("CLIENT", "TRACKING", "on")
        out.append(a.cmd("CLIENT", "TRACKINGINFO"))
        a.close(), w.close()
        return out

    out = both(pair, session)
    assert out[0] is True and out[2] is True and out[4] is True and out[5] is True
    assert out[1] == [b"on", b"broken_redirect"]
    assert out[3] == "tR"


# ---- the table limit ----

def test_tracking_table_max_keys(fresh_pair):
    def session(port):
        w = redis.Redis(port=port)
        w.config_set("tracking-table-max-keys", 10)
        a = CachingClient(port)
        for i in range(50):
            a.get(f"k{i}")
        # Each read past the limit makes the next command forget a random key, with an invalidation.
        a.sync()
        out = [w.info("stats")["tracking_total_keys"], len(a.take()), len(a.cache)]
        # Lowered on an idle server: the cron catches up.
        w.config_set("tracking-table-max-keys", 3)
        a.wait_pushes(7)
        wait_for(lambda: w.info("stats")["tracking_total_keys"] == 3, what="table at 3 keys")
        out += [len(a.take()), len(a.cache)]
        # 0: no limit.
        w.config_set("tracking-table-max-keys", 0)
        for i in range(100):
            a.get(f"m{i}")
        a.sync()
        out.append(w.info("stats")["tracking_total_keys"])
        a.close(), w.close()
        return out

    out = both(fresh_pair, session)
    assert out == [10, 40, 10, 7, 3, 103]


# ---- errors, fields, INFO ----

ERROR_CASES = [
    ["CLIENT", "TRACKING", "maybe"],
    ["CLIENT", "TRACKING", "on", "BOGUS"],
    ["CLIENT", "TRACKING", "on", "PREFIX"],
    ["CLIENT", "TRACKING", "on", "REDIRECT"],
    ["CLIENT", "TRACKING", "on", "REDIRECT", "x"],
    ["CLIENT", "TRACKING", "on", "REDIRECT", "0"],
    ["CLIENT", "TRACKING", "on", "REDIRECT", "999999"],
    ["CLIENT", "TRACKING", "off", "REDIRECT", "999999"],
    ["CLIENT", "TRACKING", "on", "PREFIX", "a"],
    ["CLIENT", "TRACKING", "on", "BCAST", "OPTIN"],
    ["CLIENT", "TRACKING", "on", "BCAST", "OPTOUT"],
    ["CLIENT", "TRACKING", "on", "OPTIN", "OPTOUT"],
    ["CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "ab", "PREFIX", "a"],
    ["CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a", "PREFIX", "a"],
    ["CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "x\x00y", "PREFIX", "x"],
    ["CLIENT", "TRACKING"],
    ["CLIENT", "CACHING", "yes"],
    ["CLIENT", "CACHING", "maybe"],
    ["CLIENT", "CACHING"],
    ["CLIENT", "GETREDIR", "x"],
    ["CLIENT", "TRACKINGINFO", "x"],
    # Now tracking (default mode): the mode checks.
    ["CLIENT", "TRACKING", "on"],
    ["CLIENT", "CACHING", "yes"],
    ["CLIENT", "CACHING", "no"],
    ["CLIENT", "CACHING", "maybe"],
    ["CLIENT", "TRACKING", "on", "BCAST"],
    ["CLIENT", "TRACKING", "on", "OPTIN"],
    ["CLIENT", "TRACKING", "on", "OPTOUT"],
    ["CLIENT", "CACHING", "no"],
    ["CLIENT", "TRACKING", "on", "REDIRECT", "{self}", "REDIRECT", "{self}"],
    ["CLIENT", "TRACKING", "off"],
    ["CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a"],
    ["CLIENT", "TRACKING", "on"],
    ["CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "abc"],
    ["CLIENT", "TRACKING", "on", "BCAST", "PREFIX", ""],
    ["CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "b"],
    ["CLIENT", "TRACKINGINFO"],
    ["RESET"],
    ["CLIENT", "TRACKINGINFO"],
]


def test_every_error_and_reply_byte_for_byte(pair):
    def session(port):
        c = RespConn(port, timeout=DEADLINE_S)
        me = str(c.call("CLIENT", "ID").value)
        out = [(" ".join(cmd), c.call(*(me if a == "{self}" else a for a in cmd)).raw) for cmd in ERROR_CASES]
        c.close()
        return out

    out = dict(both(pair, session))
    assert out["CLIENT TRACKING on PREFIX a"] == b"-ERR PREFIX option requires BCAST mode to be enabled\r\n"
    assert out["CLIENT TRACKING on BCAST PREFIX ab PREFIX a"] == (
        b"-ERR Prefix 'ab' overlaps with another provided prefix 'a'. Prefixes for a single client must not "
        b"overlap.\r\n")


def test_overlap_with_a_later_provided_prefix_is_one_error(ringkv, redis_server):
    """Redis 7.0.15 answers the error *and* +OK when the overlap is not with the first prefix given (its
    checkPrefixCollisionsOrReply returns the index as success) and enables tracking: two replies to one
    command. ringkv answers the error alone and changes nothing."""
    args = ("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a", "PREFIX", "b", "PREFIX", "bc")
    err = b"-ERR Prefix 'b' overlaps with another provided prefix 'bc'. Prefixes for a single client must not overlap.\r\n"
    c = RespConn(redis_server.port, timeout=DEADLINE_S)
    assert c.call(*args).raw == err and c.read().raw == b"+OK\r\n"
    c.close()
    c = RespConn(ringkv.port, timeout=DEADLINE_S)
    assert c.call(*args).raw == err
    assert c.call("CLIENT", "GETREDIR").raw == b":-1\r\n"
    c.close()


def test_a_redirected_invalidation_never_splits_the_targets_reply(ringkv, redis_server):
    """A's invalidations go to R; R's own transaction changes a key A holds. Redis 7.0.15 writes the push
    into the middle of R's EXEC reply (before the SET's own element); ringkv sends it after the reply."""
    push = b">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n"
    got = {}
    for srv in (ringkv, redis_server):
        r = CachingClient(srv.port, tracking=None)
        a = CachingClient(srv.port, ("on", "REDIRECT", str(r.id)))
        a.get("k")
        r.send(encode("MULTI") + encode("SET", "k", "1") + encode("GET", "k") + encode("EXEC"))
        got[srv.name] = b"".join(r.read().raw for _ in range(5))
        a.close(), r.close()
    assert got["ringkv"] == b"+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n$1\r\n1\r\n" + push
    assert got["redis"] == b"+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n" + push + b"+OK\r\n$1\r\n1\r\n"


def test_client_list_and_getredir_fields(pair):
    def session(port):
        w = redis.Redis(port=port)
        plain = CachingClient(port, tracking=None)
        t = CachingClient(port)
        bc = CachingClient(port, ("on", "BCAST", "REDIRECT", str(t.id)))
        out = []
        for c in (plain, t, bc):
            fields = dict(f.split("=", 1) for f in w.execute_command("CLIENT", "LIST", "ID", c.id).decode().split())
            out.append((fields["flags"], fields["redir"] == str(t.id) or fields["redir"]))
            out.append(c.cmd("CLIENT", "GETREDIR") == t.id or c.cmd("CLIENT", "GETREDIR"))
        for c in (plain, t, bc, w):
            c.close()
        return out

    out = both(pair, session)
    assert out == [("N", "-1"), -1, ("t", "0"), 0, ("tB", True), True]


def test_info_fields(fresh_pair):
    def session(port):
        w = redis.Redis(port=port)
        a, b = CachingClient(port), CachingClient(port)
        c = CachingClient(port, ("on", "BCAST", "PREFIX", "x", "PREFIX", "y"))
        d = CachingClient(port, ("on", "BCAST", "PREFIX", "x"))
        for k in ("k1", "k2", "k3"):
            a.get(k)
        b.get("k1")
        out = [(w.info("clients")["tracking_clients"],
                *(w.info("stats")[f] for f in ("tracking_total_keys", "tracking_total_items",
                                               "tracking_total_prefixes")))]
        w.set("k1", "v")
        d.cmd("CLIENT", "TRACKING", "off")
        a.cmd("CLIENT", "TRACKING", "off")  # its ids stay in Redis's table (lazily), go in ringkv's (swept)
        out.append((w.info("clients")["tracking_clients"], w.info("stats")["tracking_total_prefixes"]))
        for x in (a, b, c, d, w):
            x.close()
        return out

    assert both(fresh_pair, session) == [(4, 3, 4, 2), (2, 2)]


def test_ended_sessions_leave_no_ids(ringkv):
    """ringkv removes the ids of ended sessions (CLIENT TRACKING OFF, a closed client) from the table in the
    cron, where Redis keeps them until their key changes; turned on again, a client is not told about what
    it read before (Redis would)."""
    w = ringkv.client()
    w.flushall()
    a = CachingClient(ringkv.port)
    b = CachingClient(ringkv.port)
    a.send(b"".join(encode("GET", f"k{i}") for i in range(2000)))
    for i in range(2000):
        a.reply()
    b.get("k0")
    assert w.info("stats")["tracking_total_items"] == 2001
    a.cmd("CLIENT", "TRACKING", "off")
    a.cmd("CLIENT", "TRACKING", "on")
    w.set("k5", "x")
    a.sync()
    assert a.take() == []
    wait_for(lambda: w.info("stats")["tracking_total_items"] == 1, what="a's ids swept")
    assert w.info("stats")["tracking_total_keys"] == 1
    b.close()
    wait_for(lambda: w.info("stats")["tracking_total_keys"] == 0, what="b's ids swept")
    a.close()
    w.close()


def test_a_tracking_client_that_stops_reading_is_cut_off(pair):
    def session(port):
        w = redis.Redis(port=port)
        w.config_set("client-output-buffer-limit", "normal 64kb 0 0")
        try:
            a = CachingClient(port, rcvbuf=4096)
            keys = [f"{'k' * 200}:{i}" for i in range(8000)]
            for i in range(0, len(keys), 500):  # pipelined in slices: a reads as it goes
                a.send(b"".join(encode("GET", k) for k in keys[i:i + 500]))
                for _ in range(500):
                    a.reply()
            # a reads no more; every key changes: its invalidations pass the limit.
            pipe = w.pipeline(transaction=False)
            for i in range(0, len(keys), 500):
                pipe.mset({k: "v" for k in keys[i:i + 500]})
            pipe.execute()
            wait_for(lambda: all(c["id"] != str(a.id) for c in w.client_list()), what="a disconnected")
            a.close()
            return [True]
        finally:
            w.config_set("client-output-buffer-limit", "normal 0 0 0")
            w.close()

    assert both(pair, session) == [True]


def test_appendfsync_always_holds_invalidations_until_the_write_is_on_disk():
    """An invalidation reveals a write: under appendfsync always it leaves no earlier than the writer's reply,
    in default mode (sent during the write) and in BCAST mode (sent at the end of the turn). The disk is
    slowed with ringkv's aof-fsync-delay knob; order, not durations, is asserted."""
    rk = start_ringkv("--appendonly", "yes", "--appendfsync", "always")
    try:
        w = rk.client()
        w.set("ondisk", "old")
        tracker = CachingClient(rk.port)
        bcast = CachingClient(rk.port, ("on", "BCAST"))
        tracker.get("k")
        assert w.config_set("aof-fsync-delay", 1500000)  # 1.5 s before each fsync from now on
        writer, other = RespConn(rk.port, timeout=DEADLINE_S), RespConn(rk.port, timeout=DEADLINE_S)
        try:
            writer.send(encode("SET", "k", "v"))
            time.sleep(0.1)  # the SET has run; its fsync waits out the delay
            assert other.call("GET", "ondisk").raw == b"$3\r\nold\r\n"  # the server answers meanwhile
            for c in (writer, tracker, bcast):
                c.sock.settimeout(0.05)
                with pytest.raises(socket.timeout):
                    c.sock.recv(1, socket.MSG_PEEK)
                c.sock.settimeout(DEADLINE_S)
            assert writer.read().raw == b"+OK\r\n"
            tracker.wait_pushes(1)
            bcast.wait_pushes(1)
            assert tracker.take() == [inv("k")] and bcast.take() == [inv("k")]
        finally:
            writer.close(), other.close()
        assert w.config_set("aof-fsync-delay", 0)
        tracker.close(), bcast.close(), w.close()
    finally:
        rk.cleanup()

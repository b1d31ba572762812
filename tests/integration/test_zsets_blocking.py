"""Blocking pops of sorted sets (BZPOPMIN, BZPOPMAX, BZMPOP) over the wire, each test run against
redis-server 7.0.15 and ringkv side by side with the same assertions: FIFO order among several clients, the
key order of a multi-key wait, COUNT, RESP2 and RESP3 reply shapes, sub-second timeouts, a waited key that
gets another type or is deleted (wakes nobody, as in 7.0), a ZUNIONSTORE/ZADD INCR/ZRANGESTORE into a
waited key serving it, and the blocked client's own key list (one served key does not free the others)."""
import time

import pytest

from test_blocking import Raw, encode, wait_blocked


@pytest.fixture(params=["redis", "ringkv"])
def srv(request, redis_server, ringkv):
    s = redis_server if request.param == "redis" else ringkv
    c = s.client()
    c.flushall()
    c.config_set("timeout", 0)
    c.close()
    yield s


def test_bzpopmin_fifo_among_clients(srv):
    admin = srv.client()
    waiters = [Raw(srv.port) for _ in range(3)]
    try:
        for i, w in enumerate(waiters):
            w.send(encode("BZPOPMIN", "z", 0))
            wait_blocked(admin, i + 1)
        assert admin.zadd("z", {"a": 1, "b": 2}) == 2
        assert waiters[0].reply() == b"*3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\n1\r\n"
        assert waiters[1].reply() == b"*3\r\n$1\r\nz\r\n$1\r\nb\r\n$1\r\n2\r\n"
        wait_blocked(admin, 1)
        assert waiters[2].nothing_pending()
        admin.zadd("z", {"c": 3.5})
        assert waiters[2].reply() == b"*3\r\n$1\r\nz\r\n$1\r\nc\r\n$3\r\n3.5\r\n"
        assert admin.exists("z") == 0
    finally:
        for w in waiters:
            w.close()
        admin.close()


@pytest.mark.parametrize("resp3", [False, True])
def test_bzpopmax_and_bzmpop_reply_shapes(srv, resp3):
    admin = srv.client()
    a = Raw(srv.port, resp3)
    try:
        a.send(encode("BZPOPMAX", "k1", "k2", 0))
        wait_blocked(admin, 1)
        admin.zadd("k2", {"x": 1, "y": 2})
        # BZPOPMAX answers a flat array in both protocols, the score as a RESP3 double.
        assert a.reply() == (b"*3\r\n$2\r\nk2\r\n$1\r\ny\r\n,2\r\n" if resp3 else
                             b"*3\r\n$2\r\nk2\r\n$1\r\ny\r\n$1\r\n2\r\n")
        a.send(encode("BZMPOP", 0, 2, "k0", "k3", "MIN", "COUNT", 5))
        wait_blocked(admin, 1)
        admin.zadd("k3", {"p": 1, "q": 2})
        assert a.reply() == (b"*2\r\n$2\r\nk3\r\n*2\r\n*2\r\n$1\r\np\r\n,1\r\n*2\r\n$1\r\nq\r\n,2\r\n" if resp3 else
                             b"*2\r\n$2\r\nk3\r\n*2\r\n*2\r\n$1\r\np\r\n$1\r\n1\r\n*2\r\n$1\r\nq\r\n$1\r\n2\r\n")
        assert admin.exists("k3") == 0
        assert admin.zrange("k2", 0, -1) == [b"x"]
    finally:
        a.close()
        admin.close()


def test_served_at_once_when_data_is_there_in_key_order(srv):
    admin = srv.client()
    a = Raw(srv.port)
    try:
        admin.zadd("k2", {"m": 5})
        admin.zadd("k3", {"n": 6})
        assert a.call("BZPOPMIN", "k1", "k2", "k3", 0) == b"*3\r\n$2\r\nk2\r\n$1\r\nm\r\n$1\r\n5\r\n"
        assert a.call("BZMPOP", 1, 3, "k1", "k2", "k3", "MAX") == b"*2\r\n$2\r\nk3\r\n*1\r\n*2\r\n$1\r\nn\r\n$1\r\n6\r\n"
        admin.set("s", "v")
        assert a.call("BZPOPMIN", "k1", "s", 0) == b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
        assert admin.info("clients")["blocked_clients"] == 0
    finally:
        a.close()
        admin.close()


@pytest.mark.parametrize("timeout", ["0.05", "0.2"])
def test_sub_second_timeout_of_a_blocked_pop(srv, timeout):
    a = Raw(srv.port)
    try:
        t0 = time.monotonic()
        assert a.call("BZPOPMIN", "nokey", timeout) == b"*-1\r\n"
        assert time.monotonic() - t0 >= float(timeout) * 0.9
        assert a.call("BZMPOP", timeout, 1, "nokey", "MIN") == b"*-1\r\n"
        assert a.call("PING") == b"+PONG\r\n"
    finally:
        a.close()


def test_other_type_or_delete_wakes_nobody(srv):
    admin = srv.client()
    a = Raw(srv.port)
    try:
        a.send(encode("BZPOPMIN", "z", 0))
        wait_blocked(admin, 1)
        admin.set("z", "a string")
        admin.delete("z")
        admin.sadd("z", "1")
        admin.delete("z")
        assert a.nothing_pending(0.2)
        assert admin.info("clients")["blocked_clients"] == 1
        admin.zadd("z", {"v": 1})
        assert a.reply() == b"*3\r\n$1\r\nz\r\n$1\r\nv\r\n$1\r\n1\r\n"
    finally:
        a.close()
        admin.close()


def test_stores_and_incr_into_a_waited_key_serve_it(srv):
    admin = srv.client()
    waiters = [Raw(srv.port) for _ in range(3)]
    try:
        admin.zadd("src", {"a": 1, "b": 2})
        for i, (w, key) in enumerate(zip(waiters, ["d1", "d2", "d3"])):
            w.send(encode("BZPOPMAX", key, 0))
            wait_blocked(admin, i + 1)
        assert admin.zunionstore("d1", ["src"]) == 2
        assert waiters[0].reply() == b"*3\r\n$2\r\nd1\r\n$1\r\nb\r\n$1\r\n2\r\n"
        assert admin.zincrby("d2", 7, "m") == 7.0
        assert waiters[1].reply() == b"*3\r\n$2\r\nd2\r\n$1\r\nm\r\n$1\r\n7\r\n"
        assert admin.zrangestore("d3", "src", 0, 0) == 1
        assert waiters[2].reply() == b"*3\r\n$2\r\nd3\r\n$1\r\na\r\n$1\r\n1\r\n"
        assert admin.exists("d2", "d3") == 0
        assert admin.zrange("d1", 0, -1) == [b"a"]
    finally:
        for w in waiters:
            w.close()
        admin.close()


def test_a_client_waiting_on_two_keys_is_served_once(srv):
    admin = srv.client()
    a, b = Raw(srv.port), Raw(srv.port)
    try:
        a.send(encode("BZPOPMIN", "k1", "k2", 0))
        wait_blocked(admin, 1)
        b.send(encode("BZPOPMIN", "k2", 0))
        wait_blocked(admin, 2)
        admin.zadd("k1", {"x": 1})
        assert a.reply() == b"*3\r\n$2\r\nk1\r\n$1\r\nx\r\n$1\r\n1\r\n"
        wait_blocked(admin, 1)
        admin.zadd("k2", {"y": 2})
        assert b.reply() == b"*3\r\n$2\r\nk2\r\n$1\r\ny\r\n$1\r\n2\r\n"
        assert a.nothing_pending()
    finally:
        a.close()
        b.close()
        admin.close()

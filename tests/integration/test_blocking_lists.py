"""Blocking list commands with several clients, each test run against redis-server 7.0.15 and ringkv side by side
(the expectations are what redis-server answers): FIFO order per key, which key a client waiting on several
is served from (the key that became ready first, as 7.0 serves), timeouts including sub-second ones, a key
deleted or turned into another type while clients wait, BLMOVE chains, a BLMOVE whose destination became
another type, BLMPOP served after blocking, CLIENT UNBLOCK of each command, and RESP3 null shapes."""
import pytest

from test_blocking import Raw, client_id, encode, wait_blocked


@pytest.fixture(params=["redis", "ringkv"])
def srv(request, redis_server, ringkv):
    s = redis_server if request.param == "redis" else ringkv
    c = s.client()
    c.flushall()
    c.config_set("timeout", 0)
    c.close()
    yield s


def bulk(s):
    s = s if isinstance(s, bytes) else s.encode()
    return b"$%d\r\n%s\r\n" % (len(s), s)


def pair(key, value):
    return b"*2\r\n" + bulk(key) + bulk(value)


def test_clients_are_served_in_arrival_order_one_element_each(srv):
    admin = srv.client()
    ws = [Raw(srv.port) for _ in range(3)]
    try:
        for i, w in enumerate(ws):
            w.send(encode("BRPOP", "k", 0))
            wait_blocked(admin, i + 1)
        # LPUSH a b c makes [c b a]: the oldest waiter pops the tail first.
        assert admin.lpush("k", "a", "b", "c") == 3
        assert [w.reply() for w in ws] == [pair("k", "a"), pair("k", "b"), pair("k", "c")]
        assert admin.exists("k") == 0
        wait_blocked(admin, 0)
    finally:
        for w in ws:
            w.close()
        admin.close()


def test_a_client_on_several_keys_is_served_from_the_first_key_made_ready(srv):
    admin = srv.client()
    a, b, m = Raw(srv.port), Raw(srv.port), Raw(srv.port)
    try:
        a.send(encode("BLPOP", "k1", "k2", 0))
        wait_blocked(admin, 1)
        b.send(encode("BLPOP", "k2", 0))
        wait_blocked(admin, 2)
        m.send(encode("MULTI") + encode("RPUSH", "k2", "x") + encode("RPUSH", "k1", "y") + encode("EXEC"))
        assert [m.reply() for _ in range(4)][-1] == b"*2\r\n:1\r\n:1\r\n"
        # k2 became ready first: a (first in k2's queue) takes k2's element, b waits on.
        assert a.reply() == pair("k2", "x")
        assert b.nothing_pending()
        assert admin.lrange("k1", 0, -1) == [b"y"]
        admin.rpush("k2", "z")
        assert b.reply() == pair("k2", "z")
    finally:
        for x in (a, b, m):
            x.close()
        admin.close()


def test_key_of_another_type_is_not_served_and_does_not_fail_the_wait(srv):
    admin = srv.client()
    a = Raw(srv.port)
    try:
        a.send(encode("BLPOP", "k1", "k2", 0))
        wait_blocked(admin, 1)
        admin.set("k1", "string")  # another type under a waited key: no wake-up, no error
        assert a.nothing_pending()
        admin.rpush("k2", "v")
        assert a.reply() == pair("k2", "v")
        # The same key deleted and turned into a list again.
        a.send(encode("BLPOP", "k3", 0))
        wait_blocked(admin, 1)
        admin.set("k3", "s")
        admin.delete("k3")
        admin.sadd("k3", "m")
        assert a.nothing_pending()
        admin.delete("k3")
        admin.rpush("k3", "w")
        assert a.reply() == pair("k3", "w")
    finally:
        a.close()
        admin.close()


def test_pushed_then_deleted_inside_multi_serves_nobody(srv):
    admin = srv.client()
    a, m = Raw(srv.port), Raw(srv.port)
    try:
        a.send(encode("BLPOP", "k", 0))
        wait_blocked(admin, 1)
        m.send(encode("MULTI") + encode("RPUSH", "k", "x") + encode("DEL", "k") + encode("EXEC"))
        assert [m.reply() for _ in range(4)][-1] == b"*2\r\n:1\r\n:1\r\n"
        assert a.nothing_pending()
        assert admin.info("clients")["blocked_clients"] == 1
        admin.rpush("k", "y")
        assert a.reply() == pair("k", "y")
    finally:
        a.close()
        m.close()
        admin.close()


@pytest.mark.parametrize("resp3", [False, True])
def test_timeouts(srv, resp3):
    a = Raw(srv.port, resp3)
    try:
        nil = b"_\r\n" if resp3 else b"*-1\r\n"
        assert a.call("BLPOP", "k", "0.05") == nil
        assert a.call("BRPOP", "k", "k2", "0.001") == nil
        assert a.call("BLMOVE", "k", "d", "LEFT", "RIGHT", "0.02") == nil
        assert a.call("BRPOPLPUSH", "k", "d", "0.02") == nil
        assert a.call("BLMPOP", "0.03", "2", "k", "k2", "RIGHT", "COUNT", "3") == nil
        assert a.call("BLPOP", "k", "-0.01") == b"-ERR timeout is negative\r\n"
        assert a.call("BLPOP", "k", "1x") == b"-ERR timeout is not a float or out of range\r\n"
        assert a.call("EXISTS", "d") == b":0\r\n"
    finally:
        a.close()


def test_blmove_chain_moves_one_element_through_every_waiter(srv):
    admin = srv.client()
    a, b, c = Raw(srv.port), Raw(srv.port), Raw(srv.port)
    try:
        a.send(encode("BLMOVE", "l1", "l2", "LEFT", "RIGHT", 0))
        wait_blocked(admin, 1)
        b.send(encode("BRPOPLPUSH", "l2", "l3", 0))
        wait_blocked(admin, 2)
        c.send(encode("BLPOP", "l3", 0))
        wait_blocked(admin, 3)
        admin.rpush("l1", "x")
        assert a.reply() == bulk("x")
        assert b.reply() == bulk("x")
        assert c.reply() == pair("l3", "x")
        assert admin.exists("l1", "l2", "l3") == 0
        wait_blocked(admin, 0)
    finally:
        for x in (a, b, c):
            x.close()
        admin.close()


def test_blmove_whose_destination_became_another_type(srv):
    admin = srv.client()
    a = Raw(srv.port)
    try:
        a.send(encode("BLMOVE", "src", "dst", "RIGHT", "LEFT", 0))
        wait_blocked(admin, 1)
        admin.set("dst", "string")
        admin.rpush("src", "v")
        assert a.reply() == b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
        assert admin.lrange("src", 0, -1) == [b"v"]
        wait_blocked(admin, 0)
    finally:
        a.close()
        admin.close()


@pytest.mark.parametrize("resp3", [False, True])
def test_blmpop_served_after_blocking(srv, resp3):
    admin = srv.client()
    a = Raw(srv.port, resp3)
    try:
        a.send(encode("BLMPOP", 0, 2, "m1", "m2", "RIGHT", "COUNT", 2))
        wait_blocked(admin, 1)
        admin.rpush("m2", "a", "b", "c")
        assert a.reply() == b"*2\r\n" + bulk("m2") + b"*2\r\n" + bulk("c") + bulk("b")
        assert admin.lrange("m2", 0, -1) == [b"a"]
    finally:
        a.close()
        admin.close()


@pytest.mark.parametrize("command", [
    ("BLPOP", "k", 0), ("BRPOP", "k", 30), ("BLMOVE", "k", "d", "LEFT", "LEFT", 0), ("BRPOPLPUSH", "k", "d", 0),
    ("BLMPOP", 0, 1, "k", "LEFT"),
])
def test_client_unblock_of_each_command(srv, command):
    admin = srv.client()
    a = Raw(srv.port)
    try:
        aid = client_id(a)
        a.send(encode(*command))
        wait_blocked(admin, 1)
        assert admin.execute_command("CLIENT", "UNBLOCK", aid) == 1
        assert a.reply() == b"*-1\r\n"
        a.send(encode(*command))
        wait_blocked(admin, 1)
        assert admin.execute_command("CLIENT", "UNBLOCK", aid, "ERROR") == 1
        assert a.reply() == b"-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n"
        assert admin.exists("k", "d") == 0
    finally:
        a.close()
        admin.close()


def test_served_pops_fire_events_and_leave_lists_consistent(srv):
    admin = srv.client()
    ws = [Raw(srv.port) for _ in range(4)]
    try:
        # One at a time: four sockets sent at once may reach the server in any order.
        cmds = [("BLPOP", "q", 0), ("BLMPOP", 0, 1, "q", "LEFT", "COUNT", 3), ("BRPOP", "q", 0),
                ("BLMOVE", "q", "out", "LEFT", "LEFT", 0)]
        for i, cmd in enumerate(cmds):
            ws[i].send(encode(*cmd))
            wait_blocked(admin, i + 1)
        assert admin.rpush("q", *[str(i) for i in range(1, 8)]) == 7
        assert ws[0].reply() == pair("q", "1")
        assert ws[1].reply() == b"*2\r\n" + bulk("q") + b"*3\r\n" + bulk("2") + bulk("3") + bulk("4")
        assert ws[2].reply() == pair("q", "7")
        assert ws[3].reply() == bulk("5")
        assert admin.lrange("q", 0, -1) == [b"6"]
        assert admin.lrange("out", 0, -1) == [b"5"]
    finally:
        for w in ws:
            w.close()
        admin.close()

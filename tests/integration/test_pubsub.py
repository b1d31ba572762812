"""Pub/sub between several connections, each scenario played on ringkv and on redis-server 7.0.15 and the raw
RESP replies compared byte for byte: SUBSCRIBE/PSUBSCRIBE/SSUBSCRIBE and their UNSUBSCRIBEs, PUBLISH and
SPUBLISH receivers and messages (RESP2 arrays, RESP3 pushes), PUBSUB introspection, RESET and closing
connections, INFO and CLIENT LIST fields, and the pubsub class of client-output-buffer-limit (a subscriber
that does not read is cut off)."""
import socket
import time

import pytest

from servers import start_redis, start_ringkv
from test_differential import RespConn, encode


def play(port, steps):
    """Runs steps on one server: (conn, nreplies, *command) sends the command (if any) on connection `conn`
    and reads nreplies replies. Returns every reply's raw bytes, labelled by connection."""
    conns = {}
    out = []
    try:
        for conn, n, *cmd in steps:
            c = conns.get(conn)
            if c is None:
                c = conns[conn] = RespConn(port, timeout=5)
            if cmd:
                c.send(encode(*cmd))
            for _ in range(n):
                raw = c.read().raw
                out.append((conn, b"(hello: holds the client id)" if cmd and cmd[0] == "HELLO" else raw))
    finally:
        for c in conns.values():
            c.close()
    return out


def compare(pair, steps):
    a, b = pair
    ra = play(a.port, steps)
    rb = play(b.port, steps)
    assert ra == rb
    return ra


def test_subscribe_publish_resp2(pair):
    replies = compare(pair, [
        ("s", 2, "SUBSCRIBE", "news", "sport"),
        ("p", 1, "PSUBSCRIBE", "n*"),
        ("c", 1, "PUBLISH", "news", "hello"),      # s and the pattern of p: 2
        ("s", 1),
        ("p", 1),
        ("c", 1, "PUBLISH", "sport", "goal"),      # s only
        ("s", 1),
        ("c", 1, "PUBLISH", "nothing", "x"),       # the pattern only
        ("p", 1),
        ("c", 1, "PUBLISH", "other", "x"),         # nobody
        ("c", 1, "PUBSUB", "NUMSUB", "news", "sport", "n*", "other"),
        ("c", 1, "PUBSUB", "NUMPAT"),
        ("s", 1, "UNSUBSCRIBE", "news"),
        ("c", 1, "PUBLISH", "news", "again"),
        ("p", 1),
        ("s", 1, "GET", "x"),                      # refused in RESP2 subscribe mode
        ("s", 1, "PING"),
        ("s", 1, "PING", "arg"),
        ("s", 1, "UNSUBSCRIBE"),
        ("s", 1, "UNSUBSCRIBE"),                   # none left: one reply with a null channel
        ("s", 1, "GET", "x"),                      # out of subscribe mode again
        ("s", 1, "PING"),
        ("p", 1, "PUNSUBSCRIBE", "n*"),
        ("c", 1, "PUBSUB", "NUMPAT"),
    ])
    assert replies[4] == ("s", b"*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n")
    assert replies[3] == ("c", b":2\r\n")


def test_subscribe_publish_resp3(pair):
    compare(pair, [
        ("s", 1, "HELLO", "3"),
        ("s", 1, "SUBSCRIBE", "ch"),
        ("s", 1, "PSUBSCRIBE", "c*"),
        ("s", 1, "SET", "k", "v"),              # RESP3 has no subscribe mode
        ("c", 1, "PUBLISH", "ch", "m1"),        # message and pmessage, counted per subscription
        ("s", 2),
        ("s", 2, "PUBLISH", "ch", "self"),      # to itself: the two pushes, then the count
        ("s", 1),
        ("s", 1, "PING"),
        ("s", 1, "UNSUBSCRIBE", "ch", "nope"),
        ("s", 1),
        ("s", 1, "PUNSUBSCRIBE"),
        ("s", 1, "PUNSUBSCRIBE"),
        ("c", 1, "PUBSUB", "NUMSUB", "ch"),
    ])


def test_many_subscribers_in_order(pair):
    steps = [(f"s{i}", 1, "SUBSCRIBE", "fan") for i in range(20)]
    steps += [("c", 1, "PUBLISH", "fan", "one"), ("c", 1, "PUBSUB", "NUMSUB", "fan")]
    steps += [(f"s{i}", 1) for i in range(20)]
    replies = compare(pair, steps)
    assert replies[20] == ("c", b":20\r\n")


def test_shard_channels(pair):
    compare(pair, [
        ("s", 1, "SSUBSCRIBE", "sh"),
        ("s", 1, "SSUBSCRIBE", "sh"),           # twice: still one
        ("p", 1, "PSUBSCRIBE", "*"),
        ("c", 1, "SPUBLISH", "sh", "m"),        # no pattern hears a shard message
        ("s", 1),
        ("c", 1, "PUBLISH", "sh", "plain"),     # and a shard subscriber no plain message
        ("p", 1),
        ("c", 1, "PUBSUB", "SHARDNUMSUB", "sh", "x"),
        ("c", 1, "PUBSUB", "SHARDCHANNELS"),
        ("c", 1, "PUBSUB", "SHARDCHANNELS", "s?"),
        ("c", 1, "PUBSUB", "CHANNELS"),
        ("s", 1, "SUBSCRIBE", "plain"),         # the shard count is kept apart
        ("s", 1, "SUNSUBSCRIBE"),
        ("s", 1, "SUNSUBSCRIBE"),
        ("s", 1, "UNSUBSCRIBE"),
        ("p", 1, "PUNSUBSCRIBE"),
    ])


def test_reset_and_close_drop_subscriptions(pair):
    compare(pair, [
        ("s", 1, "SUBSCRIBE", "r1"),
        ("s", 1, "PSUBSCRIBE", "r*"),
        ("s", 1, "SSUBSCRIBE", "r2"),
        ("s", 1, "RESET"),
        ("s", 1, "GET", "k"),
        ("c", 1, "PUBSUB", "NUMSUB", "r1"),
        ("c", 1, "PUBSUB", "NUMPAT"),
        ("c", 1, "PUBSUB", "SHARDNUMSUB", "r2"),
        ("c", 1, "PUBLISH", "r1", "x"),
    ])
    for srv in pair:
        s = RespConn(srv.port)
        s.call("SUBSCRIBE", "gone")
        s.call("PSUBSCRIBE", "go*")
        s.close()
        c = srv.client()
        deadline = time.time() + 5
        while time.time() < deadline and (c.pubsub_numsub("gone")[0][1] or c.pubsub_numpat()):
            time.sleep(0.01)
        assert c.pubsub_numsub("gone") == [(b"gone", 0)]
        assert c.pubsub_numpat() == 0
        c.close()


def test_errors_and_help(pair):
    compare(pair, [
        ("c", 1, "PUBSUB", "HELP"),
        ("c", 1, "PUBSUB"),
        ("c", 1, "PUBSUB", "FOO"),
        ("c", 1, "PUBSUB", "CHANNELS", "a", "b"),
        ("c", 1, "PUBSUB", "NUMPAT", "x"),
        ("c", 1, "SUBSCRIBE"),
        ("c", 1, "PUBLISH", "a"),
        ("c", 1, "SPUBLISH", "a", "b", "c"),
        ("c", 1, "PUNSUBSCRIBE"),
        ("c", 2, "SUNSUBSCRIBE", "x", "y"),
    ])


def test_info_and_client_list(pair):
    for srv in pair:
        s = RespConn(srv.port)
        s.call("CLIENT", "SETNAME", "subber")
        s.send(encode("SUBSCRIBE", "i1", "i2"))
        s.read(), s.read()
        s.call("PSUBSCRIBE", "i*")
        s.call("SSUBSCRIBE", "i3")
        c = srv.client()
        info = c.info("stats")
        assert (info["pubsub_channels"], info["pubsub_patterns"], info["pubsubshard_channels"]) == (2, 1, 1)
        line = [l for l in c.execute_command("CLIENT", "LIST").decode().splitlines() if "name=subber" in l][0]
        fields = dict(f.split("=", 1) for f in line.split(" "))
        assert (fields["flags"], fields["sub"], fields["psub"], fields["ssub"]) == ("P", "2", "1", "1")
        listed = c.execute_command("CLIENT", "LIST", "TYPE", "pubsub").decode()
        assert "name=subber" in listed and len(listed.splitlines()) == 1
        assert "name=subber" not in c.execute_command("CLIENT", "LIST", "TYPE", "normal").decode()
        assert c.execute_command("CLIENT", "KILL", "TYPE", "pubsub") == 1
        deadline = time.time() + 5
        while time.time() < deadline and c.info("stats")["pubsub_channels"]:
            time.sleep(0.01)
        assert c.info("stats")["pubsub_channels"] == 0
        s.close()
        c.close()


def _silent_subscriber(port, channel):
    """A subscriber that never reads, with a small receive buffer so the server's output has to hold the rest."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", port))
    s.sendall(encode("SUBSCRIBE", channel))
    return s


def _wait_numsub(c, channel, want):
    deadline = time.time() + 10
    while time.time() < deadline and c.pubsub_numsub(channel)[0][1] != want:
        time.sleep(0.01)
    return c.pubsub_numsub(channel)[0][1]


@pytest.mark.parametrize("which", ["ringkv", "redis"])
def test_pubsub_hard_output_limit(which):
    srv = start_ringkv() if which == "ringkv" else start_redis()
    try:
        c = srv.client()
        c.config_set("client-output-buffer-limit", "pubsub 1mb 0 0")
        s = _silent_subscriber(srv.port, "flood")
        assert _wait_numsub(c, "flood", 1) == 1
        before = c.info("stats").get("client_output_buffer_limit_disconnections", 0)  # not in Redis 7.0's INFO
        payload = b"x" * 100000
        for _ in range(200):  # 20 MB for a reader that takes nothing
            c.publish("flood", payload)
            if c.pubsub_numsub("flood")[0][1] == 0:
                break
        assert _wait_numsub(c, "flood", 0) == 0
        if which == "ringkv":
            assert c.info("stats")["client_output_buffer_limit_disconnections"] == before + 1
        s.close()
        c.close()
    finally:
        srv.cleanup()


@pytest.mark.parametrize("which", ["ringkv", "redis"])
def test_pubsub_soft_output_limit(which):
    srv = start_ringkv() if which == "ringkv" else start_redis()
    try:
        c = srv.client()
        c.config_set("client-output-buffer-limit", "pubsub 0 256kb 1")
        s = _silent_subscriber(srv.port, "slow")
        assert _wait_numsub(c, "slow", 1) == 1
        payload = b"y" * 100000
        for _ in range(150):  # 15 MB (more than the kernel's socket buffers): past the soft limit, no hard one
            c.publish("slow", payload)
        assert c.pubsub_numsub("slow")[0][1] == 1  # over the soft limit, not for long enough yet
        time.sleep(2.2)
        c.publish("slow", payload)  # the next message finds it over the soft limit for more than 1 s
        assert _wait_numsub(c, "slow", 0) == 0
        s.close()
        c.close()
    finally:
        srv.cleanup()


def test_unsubscribed_client_leaves_pubsub_class(fresh_ringkv):
    srv = fresh_ringkv()
    c = srv.client()
    s = RespConn(srv.port)
    s.call("CLIENT", "SETNAME", "was-sub")
    s.call("SUBSCRIBE", "z")
    s.call("UNSUBSCRIBE", "z")
    line = [l for l in c.execute_command("CLIENT", "LIST").decode().splitlines() if "name=was-sub" in l][0]
    assert " flags=N " in line and " sub=0 " in line
    assert "was-sub" not in c.execute_command("CLIENT", "LIST", "TYPE", "pubsub").decode()
    s.close()
    c.close()
